//! "Am I improving?": retention per week and phase over the report window, and the share of
//! new, young and mature cards at the end of each of those weeks.

use super::{monday_of, ratio};
use crate::store::stats::{MaturityCount, WeekGrades};
use chrono::{Days, NaiveDate};
use serde::Serialize;

/// Weeks the trend covers at most (a long `--since` keeps the latest ones).
pub const TREND_MAX_WEEKS: u64 = 52;

/// The first day the trend counts: the window's start, but no more than
/// [`TREND_MAX_WEEKS`] weeks back (this week included).
pub fn start(from: NaiveDate, today: NaiveDate) -> NaiveDate {
    let earliest = monday_of(today)
        .checked_sub_days(Days::new((TREND_MAX_WEEKS - 1) * 7))
        .unwrap_or(from);
    from.max(earliest)
}

/// The Mondays of the weeks from `start` to `today`.
pub fn weeks(start: NaiveDate, today: NaiveDate) -> Vec<NaiveDate> {
    monday_of(start)
        .iter_weeks()
        .take_while(|w| *w <= today)
        .collect()
}

/// The last day of each week, today for the current one: where the card shares are taken.
pub fn week_ends(weeks: &[NaiveDate], today: NaiveDate) -> Vec<NaiveDate> {
    weeks
        .iter()
        .map(|w| w.checked_add_days(Days::new(6)).unwrap_or(*w).min(today))
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WeekRetention {
    pub week: NaiveDate,
    pub graded: u32,
    pub passed: u32,
    /// `passed / graded`; `None` in a week without review grades.
    pub retention: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhaseTrend {
    pub phase: u8,
    pub weeks: Vec<WeekRetention>,
}

/// New, young and mature cards at the end of a week (active cards as of now).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CardShares {
    pub day: NaiveDate,
    pub new: u32,
    pub young: u32,
    pub mature: u32,
}

impl CardShares {
    pub fn cards(&self) -> u32 {
        self.new + self.young + self.mature
    }

    /// The shares of new, young and mature cards (3 decimals); `None` without cards.
    pub fn shares(&self) -> [Option<f64>; 3] {
        [self.new, self.young, self.mature].map(|n| ratio(n, self.cards()))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    /// The Mondays of the weeks covered, oldest first; the first may be cut by the window.
    pub weeks: Vec<NaiveDate>,
    pub phases: Vec<PhaseTrend>,
    pub cards: Vec<CardShares>,
}

/// Every week of every phase (weeks without review grades included, retention `None`), and
/// the card shares at each week's end out of `cards` active cards.
pub fn trend(
    weeks: Vec<NaiveDate>,
    phases: &[u8],
    grades: &[WeekGrades],
    maturity: &[MaturityCount],
    cards: u32,
) -> Trend {
    Trend {
        phases: phases
            .iter()
            .map(|&phase| PhaseTrend {
                phase,
                weeks: weeks
                    .iter()
                    .map(|&week| {
                        let (graded, passed) = grades
                            .iter()
                            .find(|g| g.phase == phase && g.week == week)
                            .map_or((0, 0), |g| (g.graded, g.passed));
                        WeekRetention {
                            week,
                            graded,
                            passed,
                            retention: ratio(passed, graded),
                        }
                    })
                    .collect(),
            })
            .collect(),
        cards: maturity
            .iter()
            .map(|m| CardShares {
                day: m.day,
                new: cards.saturating_sub(m.young + m.mature),
                young: m.young,
                mature: m.mature,
            })
            .collect(),
        weeks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn weeks_cover_the_window_and_end_today() {
        let today = d("2026-01-14"); // a Wednesday
        let w = weeks(d("2025-12-16"), today);
        assert_eq!(w.first(), Some(&d("2025-12-15")));
        assert_eq!(w.last(), Some(&d("2026-01-12")));
        assert_eq!(w.len(), 5);
        let ends = week_ends(&w, today);
        assert_eq!(ends[0], d("2025-12-21"));
        assert_eq!(ends[4], today);
        // A window years back is cut to the last 52 weeks.
        assert_eq!(start(d("2020-01-01"), today), d("2025-01-20"));
        assert_eq!(start(d("2026-01-01"), today), d("2026-01-01"));
    }

    #[test]
    fn every_phase_gets_every_week() {
        let w = vec![d("2026-01-05"), d("2026-01-12")];
        let grades = [WeekGrades {
            phase: 1,
            week: d("2026-01-12"),
            graded: 4,
            passed: 3,
        }];
        let maturity = [MaturityCount {
            day: d("2026-01-11"),
            young: 2,
            mature: 1,
        }];
        let t = trend(w, &[0, 1], &grades, &maturity, 5);
        assert_eq!(t.phases.len(), 2);
        assert!(t.phases[0].weeks.iter().all(|w| w.retention.is_none()));
        assert_eq!(t.phases[1].weeks[0].graded, 0);
        assert_eq!(t.phases[1].weeks[1].retention, Some(0.75));
        assert_eq!((t.cards[0].new, t.cards[0].cards()), (2, 5));
    }
}
