//! Progress reports: `stats`, the weak-topic `report` and the `mastery` checklist.
//!
//! Two steps, as everywhere in ecsdrill: the store aggregates in SQL and returns the plain rows
//! of [`crate::store::stats`]; the functions of this module turn them into models (pure: no
//! I/O, no clock, no SQL); [`render`] turns a model into a `String` (table, Markdown, CSV,
//! HTML; JSON is the model through serde). One file per concern: [`stats`], [`weakness`] (the
//! rule), [`weak_topics`] (the report model), [`next_steps`], [`trend`], [`interview`],
//! [`mastery`].
//!
//! # What counts
//!
//! * An undone grade (`reviews.undone = 1`) never counts, anywhere.
//! * **Reviews** (`reviews_30d`, total reviews, study days, the weekly table, the heatmap) are
//!   every standing row of the review log, whatever its mode: drill, `grade`, in-session
//!   repeats (`repeat`) and quiz grades that did not move the schedule (`scheduled = 0`).
//! * **Retention** is the share of *review grades* that were a pass (grade >= 3). A review grade
//!   is a standing row that moved the schedule (`scheduled = 1`, so no repeats and no
//!   unrecorded quiz grades) of a card that was not new at the time (`old_due IS NOT NULL`, so
//!   a card's first grade never counts). With no review grade in the window, retention is
//!   unknown (`null`), not 0 or 100%.
//! * A **failure** is a standing row that moved the schedule with a grade below 3, a card's
//!   first grade included (SM-2 counts no lapse for a card failed since it was new, but it is
//!   weak all the same).
//! * The window is the last 30 study days, today included (`today - 29 ..= today`), or
//!   `--since DATE ..= today` for `report`. Retention, failures and the trend are windowed;
//!   lapses, leeches, EF and unseen cards describe the cards as they are now.
//! * Card counts use active cards (not retired). Statuses are [`crate::scheduler::CardStatus`]:
//!   new + young + mature + suspended = cards. Mean EF is over seen cards.
//!
//! The weakness formula is in [`weakness`].

pub mod interview;
pub mod mastery;
pub mod next_steps;
pub mod render;
pub mod stats;
pub mod trend;
pub mod weak_topics;
pub mod weakness;

pub use mastery::{Mastery, mastery};
pub use stats::{Stats, StatsInput, stats};
pub use weak_topics::{Report, ReportInput, report};

use chrono::{Days, NaiveDate};

/// Days in the default retention window (today included).
pub const WINDOW_DAYS: u64 = 30;
/// Days in the `stats` due forecast (today included).
pub const FORECAST_DAYS: u32 = 14;
/// The HTML calendar heatmap spans from the first review's week, within these bounds.
pub const HEATMAP_MIN_WEEKS: u64 = 8;
pub const HEATMAP_MAX_WEEKS: u64 = 52;
/// Cards listed per topic in the weak-topic report.
pub const WEAKEST_PER_TOPIC: u32 = 3;

pub(crate) fn round_to(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

/// `part / whole`, rounded to 3 decimals; `None` when `whole` is 0.
pub(crate) fn ratio(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| round_to(f64::from(part) / f64::from(whole), 3))
}

/// The first day of the default window ending `today`.
pub fn window_start(today: NaiveDate) -> NaiveDate {
    today
        .checked_sub_days(Days::new(WINDOW_DAYS - 1))
        .unwrap_or(today)
}

/// The Monday of the week `day` falls in.
pub fn monday_of(day: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    let back = u64::from(day.weekday().num_days_from_monday());
    day.checked_sub_days(Days::new(back)).unwrap_or(day)
}

/// The first day of the HTML heatmap: the Monday of the first review's week, but at least
/// [`HEATMAP_MIN_WEEKS`] and at most [`HEATMAP_MAX_WEEKS`] weeks back, this week included.
pub fn heatmap_start(today: NaiveDate, first_review: Option<NaiveDate>) -> NaiveDate {
    let monday = monday_of(today);
    let span = first_review
        .filter(|d| *d <= today)
        .map_or(0, |d| (monday - monday_of(d)).num_weeks() + 1);
    let weeks = u64::try_from(span)
        .unwrap_or(0)
        .clamp(HEATMAP_MIN_WEEKS, HEATMAP_MAX_WEEKS);
    monday
        .checked_sub_days(Days::new((weeks - 1) * 7))
        .unwrap_or(monday)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(monday_of(d("2026-01-10")), d("2026-01-05")); // a Saturday
        assert_eq!(monday_of(d("2026-01-05")), d("2026-01-05"));
        assert_eq!(monday_of(d("2026-01-11")), d("2026-01-05"));
        assert_eq!(window_start(d("2026-01-30")), d("2026-01-01"));
    }

    #[test]
    fn heatmap_spans_from_the_first_review_within_8_to_52_weeks() {
        let today = d("2026-01-10"); // week of Mon 01-05
        // No review, or a recent one: 8 weeks (7 Mondays back).
        assert_eq!(heatmap_start(today, None), d("2025-11-17"));
        assert_eq!(heatmap_start(today, Some(d("2026-01-08"))), d("2025-11-17"));
        // 12 weeks of history: from the first review's Monday.
        assert_eq!(heatmap_start(today, Some(d("2025-10-15"))), d("2025-10-13"));
        // Two years: capped at 52 weeks.
        assert_eq!(heatmap_start(today, Some(d("2024-01-01"))), d("2025-01-13"));
    }
}
