//! A card's state as a function of its review log: one answer ([`answer`]) and the replay of a
//! whole log ([`replay`]), plus the leech rule. Pure: the store calls these inside its write
//! transaction, and import and `doctor` call [`replay`] to recompute a card from its log, so
//! the stored state and the log can never disagree for long.

use super::sm2::{self, CardState, Grade};
use chrono::NaiveDate;

/// Whether a logged grade moved the card's schedule (a repeat in the same session, or an
/// unrecorded quiz, is logged but leaves the schedule alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheduling {
    Moves,
    Stays,
}

/// One standing (not undone) grade of the log, as the replay needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    pub grade: Grade,
    pub study_day: NaiveDate,
    pub scheduling: Scheduling,
    /// The day the interview's final-window balancer placed the card on, when it moved it from
    /// SM-2's own day (the placement depends on every card's load at that moment, so the log
    /// keeps it rather than recomputing it).
    pub placed_due: Option<NaiveDate>,
}

/// A card's schedule plus its failure count: every scheduled grade below 3, including those
/// before the card's first success (which SM-2's lapses leave out).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Replayed {
    pub state: CardState,
    pub failures: u32,
}

/// Applies one logged grade.
pub fn answer(before: &Replayed, g: &Logged) -> Replayed {
    match g.scheduling {
        Scheduling::Stays => before.clone(),
        Scheduling::Moves => Replayed {
            state: placed(
                sm2::review(
                    &before.state,
                    g.grade,
                    g.study_day,
                    None,
                    sm2::MAX_INTERVAL_DAYS,
                ),
                g.placed_due,
            ),
            failures: before
                .failures
                .saturating_add(u32::from(!g.grade.is_pass())),
        },
    }
}

/// `natural_due` pulled in to at most `max_interval` days after `day` (the user's cap; SM-2's
/// own cap is the larger [`sm2::MAX_INTERVAL_DAYS`]).
pub fn capped_due(day: NaiveDate, natural_due: NaiveDate, max_interval: u32) -> NaiveDate {
    day.checked_add_days(chrono::Days::new(u64::from(max_interval.max(1))))
        .map_or(natural_due, |latest| natural_due.min(latest))
}

/// SM-2's state with its due day moved to `placed_due`, when there is one.
fn placed(natural: CardState, placed_due: Option<NaiveDate>) -> CardState {
    match (placed_due, natural.last_review) {
        (Some(due), Some(day)) if due > day => CardState {
            interval_days: u32::try_from((due - day).num_days()).unwrap_or(natural.interval_days),
            due: Some(due),
            ..natural
        },
        _ => natural,
    }
}

/// The state a log in order (oldest first) leads to from a new card.
pub fn replay<'a>(log: impl IntoIterator<Item = &'a Logged>) -> Replayed {
    log.into_iter()
        .fold(Replayed::default(), |state, g| answer(&state, g))
}

/// When a card counts as a leech, and whether it is then suspended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeechRule {
    pub threshold: u32,
    pub suspend: bool,
}

/// What the leech rule does after an answer: (became a leech just now, suspended after).
/// Every new failure at or over the threshold suspends (with `suspend`), so unsuspending a
/// leech lets it back until it fails again.
pub fn leech(
    rule: LeechRule,
    failures_before: u32,
    failures_after: u32,
    suspended: bool,
) -> (bool, bool) {
    let failed_now = failures_after > failures_before;
    let over = failures_after >= rule.threshold;
    let became = failed_now && over && failures_before < rule.threshold;
    (became, suspended || (failed_now && over && rule.suspend))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn logged(grade: u8, d: &str, scheduling: Scheduling) -> Logged {
        Logged {
            grade: Grade::new(grade).unwrap(),
            study_day: day(d),
            scheduling,
            placed_due: None,
        }
    }

    #[test]
    fn failures_count_from_new_and_repeats_change_nothing() {
        let log = [
            logged(0, "2026-01-01", Scheduling::Moves),
            logged(1, "2026-01-01", Scheduling::Stays),
            logged(2, "2026-01-02", Scheduling::Moves),
            logged(4, "2026-01-03", Scheduling::Moves),
        ];
        let r = replay(&log);
        assert_eq!(r.failures, 2);
        assert_eq!(r.state.lapses, 0, "SM-2 lapses still need a prior recall");
        assert_eq!((r.state.reps, r.state.interval_days), (1, 1));
        assert_eq!(r.state.due, Some(day("2026-01-04")));
    }

    #[test]
    fn replay_honours_the_logged_placement() {
        let mut log = vec![
            logged(5, "2026-01-01", Scheduling::Moves),
            logged(5, "2026-01-02", Scheduling::Moves),
        ];
        log[1].placed_due = Some(day("2026-01-05"));
        let r = replay(&log).state;
        assert_eq!((r.due, r.interval_days), (Some(day("2026-01-05")), 3));
        // Past SM-2's day too (a final review inside the window lands after the interview).
        log[1].placed_due = Some(day("2026-01-20"));
        assert_eq!(replay(&log).state.interval_days, 18);
        log[1].placed_due = None;
        assert_eq!(replay(&log).state.due, Some(day("2026-01-08")));
    }

    #[test]
    fn leech_rule_table() {
        let rule = |suspend| LeechRule {
            threshold: 3,
            suspend,
        };
        // (before, after, suspended) -> (became, suspended after)
        let cases = [
            (rule(false), 2, 3, false, (true, false)),
            (rule(true), 2, 3, false, (true, true)),
            (rule(true), 3, 4, false, (false, true)),
            (rule(true), 3, 3, false, (false, false)),
            (rule(true), 1, 2, false, (false, false)),
            (rule(false), 1, 1, true, (false, true)),
        ];
        for (r, before, after, susp, want) in cases {
            assert_eq!(leech(r, before, after, susp), want, "{before}->{after}");
        }
    }
}
