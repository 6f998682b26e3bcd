//! Interview-date planning: how many new cards a day it takes to see every card in time, the
//! day's queue limits, and a day-by-day forecast of the workload that runs the same queue,
//! SM-2 and final-window balancing code as `drill`.
//!
//! Pure: states and dates in, numbers out.

use super::balance::{Balancer, DayLoad};
use super::interview::FINAL_WINDOW_DAYS;
use super::queue::{self, Candidate, CurriculumPos, QueueLimits};
use super::sm2::{self, CardState, Grade};
use chrono::{Days, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// Every unseen card should be introduced at least this many days (a week) before the
/// interview: its first review (a day later) then falls before the final window, so the window
/// holds final reviews, not first reviews of late cards; and the day its 6-day second review
/// would fall on is a window day, so no pre-window day carries new cards, first reviews and
/// second reviews at once.
pub const INTRO_LEAD_DAYS: u64 = FINAL_WINDOW_DAYS + 3;

/// The grade the forecast assumes for every review (a solid "right, after hesitation").
pub const FORECAST_GRADE: u8 = 4;

/// How far ahead an interview date may be (2 years), so a far-off date cannot make `plan`
/// simulate for ever.
pub const MAX_PLAN_MONTHS: u32 = 24;

/// The latest interview date `plan` accepts on `today`.
pub fn latest_interview(today: NaiveDate) -> NaiveDate {
    today
        .checked_add_months(chrono::Months::new(MAX_PLAN_MONTHS))
        .unwrap_or(NaiveDate::MAX)
}

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
        usize::try_from((last_intro_day - today).num_days()).unwrap_or(0) + 1
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
    /// The user set `reviews_per_day` themselves: it holds even when an interview plan needs
    /// more (the plan then shows the overflow per day). Otherwise the plan raises it.
    pub hard_cap: bool,
}

/// One day's queue limits and the new-card quota behind them, given what that day already
/// saw and the cards still `unseen` (not counting those introduced that day). Both `drill` and
/// the forecast call this, so the plan cannot drift from what drill serves. While an interview
/// is ahead the review limit gives way to every due review (unless it is a hard cap). The
/// phase gate holds unless `free_order` (the user narrowed the curriculum or chose theme
/// order) or an interview date is ahead.
pub fn day_limits(
    budget: Budget,
    done: TodayCounts,
    unseen: usize,
    day: NaiveDate,
    interview: Option<NaiveDate>,
    free_order: bool,
) -> (QueueLimits, u32) {
    let quota = new_per_day(
        budget.new_per_day,
        unseen + done.new as usize,
        day,
        interview,
    );
    let interview_ahead = interview.is_some_and(|d| d > day);
    let reviews = if interview_ahead && !budget.hard_cap {
        usize::MAX
    } else {
        budget.reviews_per_day.saturating_sub(done.reviews) as usize
    };
    let limits = QueueLimits {
        reviews,
        new: quota.saturating_sub(done.new) as usize,
        gate_phases: !free_order && !interview_ahead,
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
    /// Due reviews above the day's `reviews_per_day`: served anyway (the plan raised the
    /// day's limit), or, under a hard cap, left for a later day.
    pub over_limit: usize,
}

/// What the forecast starts from.
#[derive(Debug, Clone)]
pub struct PlanInput {
    /// Every active, unsuspended card: its queue position and schedule.
    pub cards: Vec<(CurriculumPos, CardState)>,
    pub today: NaiveDate,
    pub interview: NaiveDate,
    pub budget: Budget,
    /// Reviews and new cards already done today.
    pub done: TodayCounts,
    /// New cards in an order of the user's choosing (no phase gate), as `drill` has it.
    pub free_order: bool,
    /// The `max_interval` setting, as the grade transaction applies it.
    pub max_interval: u32,
}

/// Cards per day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DayCount {
    pub date: NaiveDate,
    pub cards: usize,
}

/// The forecast: the days from today to the interview date (inclusive) and what they add up to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Forecast {
    pub days: Vec<DayPlan>,
    /// How many cards get their last review before the interview on each day.
    pub final_review_days: Vec<DayCount>,
    /// Cards never reviewed before the interview.
    pub never_reviewed: usize,
    /// The busiest day (the first of equals).
    pub peak: Option<DayPlan>,
}

/// Due cards per day among `states`.
pub fn due_load<'a>(states: impl Iterator<Item = &'a CardState>) -> DayLoad {
    let mut load = DayLoad::new();
    for d in states.filter_map(|s| s.due) {
        *load.entry(d).or_default() += 1;
    }
    load
}

/// Runs one study day: builds the queue exactly as `drill` does, grades every card in it
/// `grade` in queue order, moving each through the balancer. Returns (reviews, new, due).
fn run_day(
    cards: &mut [(CurriculumPos, CardState)],
    day: NaiveDate,
    limits: QueueLimits,
    balancer: &mut Balancer,
    grade: Grade,
    max_interval: u32,
) -> (usize, usize, usize) {
    let candidates: Vec<Candidate> = cards
        .iter()
        .map(|(pos, s)| Candidate {
            pos: *pos,
            due: s.due,
        })
        .collect();
    let due = queue::due_count(&candidates, day);
    let order = queue::build(&candidates, day, limits);
    let new = order.iter().filter(|&&i| cards[i].1.is_new()).count();
    let ahead = day < balancer.interview();
    for &i in &order {
        let old = cards[i].1.due;
        let placed = ahead.then_some(&*balancer);
        cards[i].1 = sm2::review(&cards[i].1, grade, day, placed, max_interval);
        balancer.moved(old, cards[i].1.due);
    }
    (order.len() - new, new, due)
}

/// Simulates each day from today to the interview date (inclusive): the day's queue is built
/// exactly as `drill` builds it, and every card in it is graded [`FORECAST_GRADE`].
pub fn forecast(input: PlanInput) -> Forecast {
    let PlanInput {
        mut cards,
        today,
        interview,
        budget,
        mut done,
        free_order,
        max_interval,
    } = input;
    let grade = Grade::new(FORECAST_GRADE).unwrap_or(Grade::ALL[4]);
    let mut balancer = Balancer::new(interview, due_load(cards.iter().map(|(_, s)| s)));
    let mut days = Vec::new();
    for day in today.iter_days().take_while(|d| *d <= interview) {
        let unseen = cards.iter().filter(|(_, s)| s.is_new()).count();
        let (limits, _) = day_limits(budget, done, unseen, day, Some(interview), free_order);
        let (reviews, new, due) =
            run_day(&mut cards, day, limits, &mut balancer, grade, max_interval);
        let allowed = budget.reviews_per_day.saturating_sub(done.reviews) as usize;
        days.push(DayPlan {
            date: day,
            reviews,
            new,
            total: reviews + new,
            over_limit: due.saturating_sub(allowed),
        });
        done = TodayCounts::default();
    }
    let mut finals: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    let mut never_reviewed = 0;
    for (_, s) in &cards {
        match s.last_review.filter(|d| *d < interview) {
            Some(d) => *finals.entry(d).or_default() += 1,
            None => never_reviewed += 1,
        }
    }
    let peak = days
        .iter()
        .copied()
        .reduce(|best, d| if d.total > best.total { d } else { best });
    Forecast {
        days,
        final_review_days: finals
            .into_iter()
            .map(|(date, cards)| DayCount { date, cards })
            .collect(),
        never_reviewed,
        peak,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::interview::final_window;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn fresh_cards(n: u32) -> Vec<(CurriculumPos, CardState)> {
        (1..=n)
            .map(|card| {
                let pos = CurriculumPos {
                    phase: 0,
                    topic: 1,
                    card,
                };
                (pos, CardState::default())
            })
            .collect()
    }

    fn input(cards: u32, reviews_per_day: u32, hard_cap: bool) -> PlanInput {
        PlanInput {
            cards: fresh_cards(cards),
            today: day("2026-12-01"),
            interview: day("2026-12-14"),
            budget: Budget {
                new_per_day: 20,
                reviews_per_day,
                hard_cap,
            },
            done: TodayCounts::default(),
            free_order: false,
            max_interval: sm2::MAX_INTERVAL_DAYS,
        }
    }

    #[test]
    fn quota_rises_to_finish_before_the_window() {
        // Interview on the 20th: introduce by the 13th, so the 10th..=13th is 4 days.
        let q =
            |base, unseen, today| new_per_day(base, unseen, day(today), Some(day("2026-01-20")));
        assert_eq!(q(20, 400, "2026-01-10"), 100);
        assert_eq!(q(20, 50, "2026-01-10"), 20);
        // Too late to finish in time: everything left, today.
        assert_eq!(q(20, 90, "2026-01-19"), 90);
        // No date, or a date in the past: the setting.
        assert_eq!(new_per_day(20, 400, day("2026-01-10"), None), 20);
        assert_eq!(q(20, 400, "2026-01-21"), 20);
    }

    #[test]
    fn day_limits_table() {
        let budget = |hard_cap| Budget {
            new_per_day: 10,
            reviews_per_day: 100,
            hard_cap,
        };
        let done = TodayCounts {
            reviews: 30,
            new: 4,
        };
        let ahead = Some(day("2026-12-14"));
        let on = day("2026-12-01");
        // (budget, interview, free_order, reviews, gate)
        let rows = [
            (budget(false), None, false, 70, true),
            (budget(false), None, true, 70, false),
            (budget(false), ahead, false, usize::MAX, false),
            (budget(true), ahead, false, 70, false),
            (budget(false), Some(on), false, 70, true),
        ];
        for (b, interview, free, reviews, gate) in rows {
            let (limits, _) = day_limits(b, done, 0, on, interview, free);
            assert_eq!(
                (limits.reviews, limits.gate_phases),
                (reviews, gate),
                "{b:?} {interview:?}"
            );
        }
    }

    #[test]
    fn every_card_gets_a_final_review_in_the_window_and_no_day_is_a_wall() {
        let f = forecast(input(512, 200, false));
        let window = final_window(day("2026-12-14")).unwrap();
        assert_eq!(f.days.len(), 14);
        assert_eq!(f.days.iter().map(|d| d.new).sum::<usize>(), 512);
        assert_eq!(f.never_reviewed, 0);
        let in_window: usize = f
            .final_review_days
            .iter()
            .filter(|c| window.contains(&c.date))
            .map(|c| c.cards)
            .sum();
        assert_eq!(in_window, 512, "{:?}", f.final_review_days);
        let last = f.days.last().unwrap();
        assert_eq!((last.date, last.total), (day("2026-12-14"), 0));
        // No new card in the window, and window days within one of each other.
        let window_days: Vec<&DayPlan> =
            f.days.iter().filter(|d| window.contains(&d.date)).collect();
        assert!(window_days.iter().all(|d| d.new == 0));
        let totals: Vec<usize> = window_days.iter().map(|d| d.total).collect();
        assert!(
            totals.iter().max().unwrap() - totals.iter().min().unwrap() <= 1,
            "{totals:?}"
        );
        let studied: Vec<&DayPlan> = f.days.iter().filter(|d| d.total > 0).collect();
        let mean = studied.iter().map(|d| d.total).sum::<usize>() as f64 / studied.len() as f64;
        let peak = f.peak.unwrap();
        assert!(
            (peak.total as f64) <= 1.6 * mean,
            "peak {peak:?}, mean {mean}"
        );
        assert!(f.days.iter().all(|d| d.total <= peak.total));
    }

    #[test]
    fn the_plan_raises_the_limit_or_shows_the_overflow() {
        let soft = forecast(input(512, 100, false));
        let over: Vec<&DayPlan> = soft.days.iter().filter(|d| d.over_limit > 0).collect();
        assert!(!over.is_empty());
        assert!(
            over.iter().all(|d| d.reviews == 100 + d.over_limit),
            "{over:?}"
        );
        let hard = forecast(input(512, 100, true));
        assert!(hard.days.iter().all(|d| d.reviews <= 100));
        assert!(hard.days.iter().any(|d| d.over_limit > 0));
        // The cap leaves cards without their final review; the plan says how many days it hit.
        let soft_total: usize = soft.days.iter().map(|d| d.reviews).sum();
        let hard_total: usize = hard.days.iter().map(|d| d.reviews).sum();
        assert!(hard_total < soft_total);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]
        /// With a week or more to go and no hard cap, every card's last review before the
        /// interview falls in the final window and the interview day carries nothing.
        #[test]
        fn every_card_ends_in_the_window(cards in 1u32..120, ahead in 8u64..40, base in 0u32..30) {
            let today = day("2026-03-01");
            let interview = today + Days::new(ahead);
            let f = forecast(PlanInput {
                cards: fresh_cards(cards),
                today,
                interview,
                budget: Budget { new_per_day: base, reviews_per_day: 50, hard_cap: false },
                done: TodayCounts::default(),
                free_order: false,
                max_interval: sm2::MAX_INTERVAL_DAYS,
                });
            let window = final_window(interview).unwrap();
            proptest::prop_assert_eq!(f.never_reviewed, 0);
            proptest::prop_assert!(f.final_review_days.iter().all(|c| window.contains(&c.date)));
            proptest::prop_assert_eq!(f.days.last().map(|d| d.total), Some(0));
        }
    }
}
