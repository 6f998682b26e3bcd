//! The weakness rank of one card, and the quiz's draw that uses it (`quiz --weak`): which
//! cards to drill first.
//!
//! A failure is any scheduled grade below 3, counted from the card's first grade: a card
//! failed from the start is as weak as one that lapsed after a success (SM-2's lapse count
//! alone misses those).

use super::sm2::{CardState, Ease};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
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

impl WeakFacts {
    /// The facts of a card with schedule `state` and `failures` failures: a seen card with no
    /// repetitions left was reset by its last grade, so that grade was a failure.
    pub fn of(state: &CardState, failures: u32) -> WeakFacts {
        let seen = !state.is_new();
        WeakFacts {
            seen,
            failed_last: seen && state.reps == 0,
            failures,
            ease: state.ease,
        }
    }
}

/// The quiz's draw: `items` shuffled by an RNG seeded with `seed` (the same seed draws the same
/// cards), weakest first by [`rank`] when `weakest_first` (ties keep their shuffled order), cut
/// to `count`.
pub fn draw<T>(
    mut items: Vec<T>,
    count: usize,
    weakest_first: bool,
    seed: u64,
    facts: impl Fn(&T) -> WeakFacts,
) -> Vec<T> {
    items.shuffle(&mut StdRng::seed_from_u64(seed));
    if weakest_first {
        items.sort_by_cached_key(|item| rank(&facts(item)));
    }
    items.truncate(count);
    items
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

    /// A card graded `grades` in turn from new (SM-2), with its failure count.
    fn graded(grades: &[u8]) -> (CardState, u32) {
        let mut state = CardState::default();
        let mut day: chrono::NaiveDate = "2026-01-01".parse().unwrap();
        for &g in grades {
            let grade = super::super::Grade::new(g).unwrap();
            state = super::super::sm2::review(
                &state,
                grade,
                day,
                None,
                super::super::sm2::MAX_INTERVAL_DAYS,
            );
            day = state.due.unwrap_or(day);
        }
        (
            state,
            grades
                .iter()
                .filter(|&&g| g < 3)
                .count()
                .try_into()
                .unwrap(),
        )
    }

    #[test]
    fn facts_read_a_reset_card_as_failed_last() {
        let (new, _) = graded(&[]);
        assert!(!WeakFacts::of(&new, 0).seen);
        let (lapsed, n) = graded(&[4, 4, 1]);
        let f = WeakFacts::of(&lapsed, n);
        assert!(f.seen && f.failed_last && f.failures == 1);
        let (recovered, n) = graded(&[4, 1, 4]);
        assert!(!WeakFacts::of(&recovered, n).failed_last);
    }

    #[test]
    fn weak_draw_puts_failed_cards_first_counting_failures_from_new() {
        let cards = [
            ("fresh", &[][..]),
            ("solid", &[5, 5, 5, 4][..]),
            ("lapsed", &[4, 4, 1, 4, 1, 4, 1, 4][..]),
            ("failed-now", &[4, 4, 2][..]),
            ("shaky", &[3, 3][..]),
            // Failed twice before its first success: no lapse, but two failures.
            ("failed-early", &[1, 2, 4][..]),
        ];
        let items: Vec<(&str, (CardState, u32))> =
            cards.iter().map(|(id, g)| (*id, graded(g))).collect();
        let ids: Vec<&str> = draw(items, 10, true, 7, |(_, (s, n))| WeakFacts::of(s, *n))
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(
            ids,
            [
                "failed-now",
                "lapsed",
                "failed-early",
                "shaky",
                "solid",
                "fresh"
            ]
        );
    }

    #[test]
    fn same_seed_same_draw() {
        let unseen = |_: &u32| WeakFacts::of(&CardState::default(), 0);
        let a = draw((0..30).collect(), 5, false, 42, unseen);
        assert_eq!(a, draw((0..30).collect(), 5, false, 42, unseen));
        assert_ne!(a, draw((0..30).collect(), 5, false, 43, unseen));
        assert_eq!(a.len(), 5);
    }
}
