//! The `stats` model: DESIGN.md §6 (`phases`, `forecast`) plus totals and, with `--phase`,
//! that phase's weeks.

use super::{ratio, window_start};
use crate::store::stats::{ForecastDay, PhaseCounts, WeekCount};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhaseStats {
    #[serde(flatten)]
    pub counts: PhaseCounts,
    /// Share of review grades >= 3, 0..=1; `None` without any review grade.
    pub retention_30d: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Weekly {
    pub phase: u8,
    pub weeks: Vec<WeekCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub phases: Vec<PhaseStats>,
    pub forecast: Vec<ForecastDay>,
    pub today: NaiveDate,
    pub window_start: NaiveDate,
    pub total_reviews: u32,
    pub study_days: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weekly: Option<Weekly>,
}

pub struct StatsInput {
    pub today: NaiveDate,
    pub phases: Vec<PhaseCounts>,
    pub forecast: Vec<ForecastDay>,
    pub total_reviews: u32,
    pub study_days: u32,
    /// `--phase N` and that phase's weeks.
    pub weekly: Option<Weekly>,
}

pub fn stats(input: StatsInput) -> Stats {
    Stats {
        phases: input
            .phases
            .into_iter()
            .map(|counts| PhaseStats {
                retention_30d: ratio(counts.passed, counts.graded_30d),
                counts,
            })
            .collect(),
        forecast: input.forecast,
        today: input.today,
        window_start: window_start(input.today),
        total_reviews: input.total_reviews,
        study_days: input.study_days,
        weekly: input.weekly,
    }
}
