//! Interview-date planning: how many new cards a day it takes to see every card in time, and a
//! day-by-day forecast of the workload that uses the same queue and SM-2 code as `drill`.
//!
//! Pure: states and dates in, numbers out.

use super::queue::{self, Candidate, CurriculumPos, QueueLimits};
use super::sm2::{self, CardState, Grade};
use chrono::{Days, NaiveDate};
use serde::Serialize;

/// Every unseen card should be introduced at least this many days before the interview.
pub const INTRO_LEAD_DAYS: u64 = 3;

/// The grade the forecast assumes for every review (a solid "right, after hesitation").
pub const FORECAST_GRADE: u8 = 4;

/// New cards allowed per day: the setting, raised while an interview date is set so that the
/// `unseen` cards (counted at the start of the day, so the number holds all day) are all
/// introduced by `INTRO_LEAD_DAYS` before the interview. Past that day, everything left.
pub fn new_per_day(
    base: u32,
    unseen: usize,
    today: NaiveDate,
    interview: Option<NaiveDate>,
) -> u32 {
    let Some(interview) = interview.filter(|d| *d > today) else {
        return base;
    };
    let last_intro_day = interview
        .checked_sub_days(Days::new(INTRO_LEAD_DAYS))
        .unwrap_or(today);
    let days_left = if last_intro_day >= today {
        (last_intro_day - today).num_days() as usize + 1
    } else {
        1
    };
    let needed = unseen.div_ceil(days_left);
    base.max(u32::try_from(needed).unwrap_or(u32::MAX))
}

/// What happened on a study day so far: scheduled grades of seen cards, and first grades.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TodayCounts {
    /// Scheduled grades of cards that had been seen before.
    pub reviews: u32,
    /// Cards graded for the first time today.
    pub new: u32,
}

/// The daily budgets from the settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub new_per_day: u32,
    pub reviews_per_day: u32,
}

/// One day's queue limits and the new-card quota behind them, given what that day already
/// saw and the cards still `unseen` (not counting those introduced that day). Both `drill` and
/// the forecast call this, so the plan cannot drift from what drill serves. The phase gate
/// holds unless the user narrowed the curriculum or an interview date is ahead.
pub fn day_limits(
    budget: Budget,
    done: TodayCounts,
    unseen: usize,
    day: NaiveDate,
    interview: Option<NaiveDate>,
    narrowed: bool,
) -> (QueueLimits, u32) {
    let quota = new_per_day(
        budget.new_per_day,
        unseen + done.new as usize,
        day,
        interview,
    );
    let interview_ahead = interview.is_some_and(|d| d > day);
    let limits = QueueLimits {
        reviews: budget.reviews_per_day.saturating_sub(done.reviews) as usize,
        new: quota.saturating_sub(done.new) as usize,
        gate_phases: !narrowed && !interview_ahead,
    };
    (limits, quota)
}

/// One day of the forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DayPlan {
    pub date: NaiveDate,
    pub reviews: usize,
    pub new: usize,
    pub total: usize,
}

/// What the forecast starts from.
#[derive(Debug, Clone)]
pub struct PlanInput {
    pub cards: Vec<(CurriculumPos, CardState)>,
    pub today: NaiveDate,
    pub interview: NaiveDate,
    pub budget: Budget,
    /// Reviews and new cards already done today.
    pub done: TodayCounts,
}

/// Simulates each day from today to the interview date (inclusive): the day's queue is built
/// exactly as `drill` builds it, and every card in it is graded [`FORECAST_GRADE`].
pub fn forecast(input: PlanInput) -> Vec<DayPlan> {
    let PlanInput {
        mut cards,
        today,
        interview,
        ..
    } = input;
    let latest_due = interview.checked_sub_days(Days::new(1));
    let grade = Grade::new(FORECAST_GRADE).unwrap_or(Grade::ALL[4]);
    let mut out = Vec::new();
    let mut day = today;
    let mut done = input.done;
    while day <= interview {
        let unseen = cards.iter().filter(|(_, s)| s.is_new()).count();
        let (limits, _) = day_limits(input.budget, done, unseen, day, Some(interview), false);
        let candidates: Vec<Candidate> = cards
            .iter()
            .map(|(pos, s)| Candidate {
                pos: *pos,
                due: s.due,
            })
            .collect();
        let order = queue::build(&candidates, day, limits);
        let new = order.iter().filter(|&&i| cards[i].1.is_new()).count();
        for &i in &order {
            cards[i].1 = sm2::review(&cards[i].1, grade, day, latest_due);
        }
        out.push(DayPlan {
            date: day,
            reviews: order.len() - new,
            new,
            total: order.len(),
        });
        done = TodayCounts::default();
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn quota_rises_to_finish_three_days_early() {
        // Interview on the 20th: introduce by the 17th, so the 10th..=17th is 8 days.
        assert_eq!(
            new_per_day(20, 400, day("2026-01-10"), Some(day("2026-01-20"))),
            50
        );
        assert_eq!(
            new_per_day(20, 100, day("2026-01-10"), Some(day("2026-01-20"))),
            20
        );
        // Too late to finish in time: everything left, today.
        assert_eq!(
            new_per_day(20, 90, day("2026-01-19"), Some(day("2026-01-20"))),
            90
        );
        // No date, or a date in the past: the setting.
        assert_eq!(new_per_day(20, 400, day("2026-01-10"), None), 20);
        assert_eq!(
            new_per_day(20, 400, day("2026-01-21"), Some(day("2026-01-20"))),
            20
        );
    }

    #[test]
    fn forecast_introduces_everything_in_time() {
        let pos = |card| CurriculumPos {
            phase: 0,
            topic: 1,
            card,
        };
        let cards = (1..=30).map(|i| (pos(i), CardState::default())).collect();
        let plan = forecast(PlanInput {
            cards,
            today: day("2026-01-10"),
            interview: day("2026-01-20"),
            budget: Budget {
                new_per_day: 2,
                reviews_per_day: 200,
            },
            done: TodayCounts::default(),
        });
        assert_eq!(plan.len(), 11);
        assert_eq!(plan.iter().map(|d| d.new).sum::<usize>(), 30);
        let last_new = plan.iter().rposition(|d| d.new > 0).unwrap();
        assert!(plan[last_new].date <= day("2026-01-17"));
        assert_eq!(
            plan[0],
            DayPlan {
                date: day("2026-01-10"),
                reviews: 0,
                new: 4,
                total: 4
            }
        );
        // Day 2 reviews yesterday's four (interval 1 after a first grade).
        assert_eq!(plan[1].reviews, 4);
        assert_eq!(
            plan.last().unwrap().total,
            0,
            "nothing is due on the interview day"
        );
    }
}
