//! The weakness rank of one card, for `quiz --weak`: which cards to drill first.
//!
//! A failure is any scheduled grade below 3, counted from the card's first grade: a card
//! failed from the start is as weak as one that lapsed after a success (SM-2's lapse count
//! alone misses those).

use super::sm2::Ease;
use std::cmp::Reverse;

/// What the rank looks at for one card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeakFacts {
    /// Graded at least once.
    pub seen: bool,
    /// The last scheduled grade was below 3 (SM-2 reset the card).
    pub failed_last: bool,
    /// Scheduled grades below 3 since the first grade.
    pub failures: u32,
    pub ease: Ease,
}

/// Sort key, weakest first: failed at the last grade, then most failures, then lowest EF;
/// cards never seen come last.
pub fn rank(f: &WeakFacts) -> (bool, Reverse<bool>, Reverse<u32>, Ease) {
    (
        !f.seen,
        Reverse(f.seen && f.failed_last),
        Reverse(f.failures),
        f.ease,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(seen: bool, failed_last: bool, failures: u32, ease: u16) -> WeakFacts {
        WeakFacts {
            seen,
            failed_last,
            failures,
            ease: Ease(ease),
        }
    }

    #[test]
    fn rank_table() {
        // (weaker, stronger, why)
        let rows = [
            (
                facts(true, true, 1, 250),
                facts(true, false, 5, 130),
                "failed last beats history",
            ),
            (
                facts(true, false, 3, 250),
                facts(true, false, 2, 130),
                "more failures first",
            ),
            (
                facts(true, true, 3, 250),
                facts(true, true, 1, 250),
                "failed from new, counted",
            ),
            (
                facts(true, false, 0, 170),
                facts(true, false, 0, 250),
                "then lower EF",
            ),
            (
                facts(true, false, 0, 300),
                facts(false, false, 0, 250),
                "unseen come last",
            ),
        ];
        for (weaker, stronger, why) in rows {
            assert!(rank(&weaker) < rank(&stronger), "{why}");
        }
    }
}
