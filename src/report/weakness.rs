//! The weakness of a studied topic, and how topics are ranked by it. Pure: numbers in, a
//! score or an order out.
//!
//! A topic's weakness is a number in [0, 1], 0 solid and 1 struggling, computed over the cards
//! studied so far (`s` = cards graded at least once; unseen cards never dilute it):
//!
//! ```text
//! weakness = 0.50 x (1 - retention)                      unknown retention counts as 0.5
//!          + 0.25 x min(1, failures / s)                 failures in the window, first grades included
//!          + 0.15 x clamp((2.50 - mean EF) / 1.20, 0, 1) EF 2.50 -> 0, EF 1.30 -> 1
//!          + 0.10 x min(1, leeches / s)                  leech: failures >= leech_threshold
//! ```
//!
//! Only studied topics are ranked, weakest first (ties: more failures, then curriculum order);
//! topics not started are listed apart, so a topic nobody opened can never outrank one the
//! user keeps failing. A topic partly started is ranked on its studied cards and shows its
//! unseen share beside the score.

use super::round_to;

/// The retention the formula assumes without any review grade in the window: no evidence is
/// a coin flip, not a success.
pub const UNKNOWN_RETENTION: f64 = 0.5;

/// The numbers the formula reads for one studied topic.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figures {
    /// Cards graded at least once.
    pub seen: u32,
    /// Share of review grades >= 3 in the window; `None` without any.
    pub retention: Option<f64>,
    /// Scheduled grades < 3 in the window, first grades included.
    pub failures: u32,
    pub leeches: u32,
    /// Mean EF of the seen cards (e.g. 2.5).
    pub mean_ease: Option<f64>,
}

/// The weakness of the module docs, rounded to 3 decimals; 0 for a topic with no studied card
/// (such a topic is not ranked at all).
pub fn weakness(f: &Figures) -> f64 {
    if f.seen == 0 {
        return 0.0;
    }
    let s = f64::from(f.seen);
    let retention = f.retention.unwrap_or(UNKNOWN_RETENTION).clamp(0.0, 1.0);
    let failures = (f64::from(f.failures) / s).min(1.0);
    let ease = f
        .mean_ease
        .map_or(0.0, |e| ((2.5 - e) / 1.2).clamp(0.0, 1.0));
    let leeches = (f64::from(f.leeches) / s).min(1.0);
    round_to(
        0.5 * (1.0 - retention) + 0.25 * failures + 0.15 * ease + 0.1 * leeches,
        3,
    )
}

/// Where a topic sits in the curriculum, for ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub phase: u8,
    pub order: u32,
}

/// One studied topic to rank.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranked {
    pub weakness: f64,
    pub failures: u32,
    pub position: Position,
}

/// The order of two studied topics: weaker first, then more failures, then curriculum order.
pub fn rank_order(a: &Ranked, b: &Ranked) -> std::cmp::Ordering {
    b.weakness
        .total_cmp(&a.weakness)
        .then(b.failures.cmp(&a.failures))
        .then(a.position.cmp(&b.position))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOLID: Figures = Figures {
        seen: 4,
        retention: Some(1.0),
        failures: 0,
        leeches: 0,
        mean_ease: Some(2.5),
    };

    #[test]
    fn weakness_table() {
        let cases = [
            ("solid", SOLID, 0.0),
            (
                "everything wrong",
                Figures {
                    retention: Some(0.0),
                    failures: 40,
                    leeches: 4,
                    mean_ease: Some(1.3),
                    ..SOLID
                },
                1.0,
            ),
            (
                "half retention",
                Figures {
                    retention: Some(0.5),
                    ..SOLID
                },
                0.25,
            ),
            (
                "no evidence",
                Figures {
                    retention: None,
                    ..SOLID
                },
                0.25,
            ),
            // 2 failures over 4 seen cards: 0.25 x 0.5.
            (
                "failures",
                Figures {
                    failures: 2,
                    ..SOLID
                },
                0.125,
            ),
            // EF 1.90: 0.15 x 0.6 / 1.2; EF above 2.5 is clamped to 0.
            (
                "low EF",
                Figures {
                    mean_ease: Some(1.9),
                    ..SOLID
                },
                0.075,
            ),
            (
                "high EF",
                Figures {
                    mean_ease: Some(2.8),
                    ..SOLID
                },
                0.0,
            ),
            (
                "one leech of 4",
                Figures {
                    leeches: 1,
                    ..SOLID
                },
                0.025,
            ),
            ("nothing studied", Figures { seen: 0, ..SOLID }, 0.0),
        ];
        for (name, figures, expected) in cases {
            assert_eq!(weakness(&figures), expected, "{name}");
        }
    }

    #[test]
    fn a_topic_failed_since_new_outranks_a_known_one() {
        // Failed on every grade from the first: no lapse in SM-2, but 3 failures of 1 card
        // and retention 0 over the 2 review grades.
        let failing = Figures {
            seen: 1,
            retention: Some(0.0),
            failures: 3,
            leeches: 0,
            mean_ease: Some(1.7),
        };
        // Known: everything passed, a little EF lost on one 3.
        let known = Figures {
            seen: 10,
            retention: Some(0.95),
            failures: 0,
            leeches: 0,
            mean_ease: Some(2.45),
        };
        let (wf, wk) = (weakness(&failing), weakness(&known));
        assert!(wf > 0.8 && wk < 0.05, "{wf} {wk}");
        // Failed on its first grade only (no review grade yet) still ranks above a topic
        // passed once (no review grade yet either).
        let first_fail = Figures {
            seen: 1,
            retention: None,
            failures: 1,
            leeches: 0,
            mean_ease: Some(1.96),
        };
        let first_pass = Figures {
            failures: 0,
            mean_ease: Some(2.6),
            ..first_fail
        };
        assert!(weakness(&first_fail) > weakness(&first_pass));
    }

    #[test]
    fn ranking_breaks_ties_on_failures_then_curriculum() {
        let r = |weakness, failures, phase, order| Ranked {
            weakness,
            failures,
            position: Position { phase, order },
        };
        let mut topics = [
            r(0.2, 0, 0, 1),
            r(0.4, 1, 1, 1),
            r(0.4, 3, 2, 1),
            r(0.2, 0, 0, 0),
            r(0.9, 0, 3, 3),
        ];
        topics.sort_by(rank_order);
        let order: Vec<(u8, u32)> = topics
            .iter()
            .map(|t| (t.position.phase, t.position.order))
            .collect();
        assert_eq!(order, [(3, 3), (2, 1), (1, 1), (0, 0), (0, 1)]);
    }
}
