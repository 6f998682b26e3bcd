//! The report's interview block (countdown and readiness) and the review backlog.
//!
//! Readiness is the shared rule [`crate::scheduler::interview::readiness`], loaded the way
//! `plan` and `status` load it, so the three count the same cards as ready.

use crate::scheduler::interview::{Readiness, final_window};
use chrono::NaiveDate;
use serde::Serialize;

/// Reviews due now against what today's limit lets `drill` serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Backlog {
    /// Unsuspended cards due today or overdue.
    pub due_now: u32,
    /// Reviews `drill` serves now, the day's limit applied.
    pub serving: u32,
    /// Reviews already done today (scheduled grades of seen cards).
    pub done_today: u32,
    /// Due reviews the limit leaves for `drill --all`.
    pub beyond_limit: u32,
}

impl Backlog {
    pub fn new(due_now: u32, serving: u32, done_today: u32) -> Backlog {
        Backlog {
            due_now,
            serving,
            done_today,
            beyond_limit: due_now.saturating_sub(serving),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InterviewBlock {
    pub date: NaiveDate,
    /// Days from today to the interview (negative once it has passed).
    pub days_left: i64,
    /// The first day of the final window.
    pub final_window_start: Option<NaiveDate>,
    /// Ready cards and lagging topics; `None` once the interview has passed.
    pub readiness: Option<Readiness>,
}

pub fn interview_block(
    date: NaiveDate,
    today: NaiveDate,
    readiness: Option<Readiness>,
) -> InterviewBlock {
    InterviewBlock {
        date,
        days_left: (date - today).num_days(),
        final_window_start: final_window(date).map(|w| *w.start()),
        readiness,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backlog_is_what_today_does_not_serve() {
        assert_eq!(Backlog::new(215, 200, 0).beyond_limit, 15);
        assert_eq!(Backlog::new(10, 10, 190).beyond_limit, 0);
        assert_eq!(Backlog::new(0, 0, 0).beyond_limit, 0);
        let block = interview_block(
            "2026-12-14".parse().unwrap(),
            "2026-12-08".parse().unwrap(),
            None,
        );
        assert_eq!(block.days_left, 6);
        assert_eq!(block.final_window_start, "2026-12-10".parse().ok());
    }
}
