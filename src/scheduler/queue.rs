//! Today's study queue: which cards a drill shows, in which order (DESIGN.md §4).
//!
//! Pure: the caller passes every candidate card with its schedule; nothing here reads a
//! database or a clock.

use chrono::NaiveDate;

/// Where a card sits in the curriculum: phase, topic number, card number inside the topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CurriculumPos {
    pub phase: u8,
    pub topic: u32,
    pub card: u32,
}

/// What the queue needs to know of one card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub pos: CurriculumPos,
    /// `None` for a card never graded.
    pub due: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueLimits {
    /// Reviews still allowed today.
    pub reviews: usize,
    /// New cards still allowed today.
    pub new: usize,
    /// Hold back a later phase's new cards until every earlier-phase card has been seen.
    pub gate_phases: bool,
}

/// How many of `candidates` are due reviews on `today` (overdue included), whatever the limits.
pub fn due_count(candidates: &[Candidate], today: NaiveDate) -> usize {
    candidates
        .iter()
        .filter(|c| c.due.is_some_and(|d| d <= today))
        .count()
}

/// Returns indices into `candidates`: due reviews first (most overdue, then curriculum order),
/// then new cards in curriculum order.
pub fn build(candidates: &[Candidate], today: NaiveDate, limits: QueueLimits) -> Vec<usize> {
    let mut reviews: Vec<usize> = (0..candidates.len())
        .filter(|&i| candidates[i].due.is_some_and(|d| d <= today))
        .collect();
    reviews.sort_by_key(|&i| (candidates[i].due, candidates[i].pos));
    reviews.truncate(limits.reviews);

    let mut fresh: Vec<usize> = (0..candidates.len())
        .filter(|&i| candidates[i].due.is_none())
        .collect();
    if limits.gate_phases
        && let Some(first_phase) = fresh.iter().map(|&i| candidates[i].pos.phase).min()
    {
        fresh.retain(|&i| candidates[i].pos.phase == first_phase);
    }
    fresh.sort_by_key(|&i| candidates[i].pos);
    fresh.truncate(limits.new);

    reviews.extend(fresh);
    reviews
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn cand(phase: u8, topic: u32, card: u32, due: Option<&str>) -> Candidate {
        Candidate {
            pos: CurriculumPos { phase, topic, card },
            due: due.map(day),
        }
    }

    const OPEN: QueueLimits = QueueLimits {
        reviews: 200,
        new: 20,
        gate_phases: true,
    };

    #[test]
    fn reviews_first_most_overdue_then_curriculum_order() {
        let cards = [
            cand(0, 1, 1, None),
            cand(1, 1, 1, Some("2026-01-05")),
            cand(0, 2, 1, Some("2026-01-03")),
            cand(0, 1, 2, Some("2026-01-05")),
            cand(0, 1, 3, Some("2026-01-09")), // not due yet
        ];
        let q = build(&cards, day("2026-01-05"), OPEN);
        assert_eq!(q, vec![2, 3, 1, 0]);
    }

    #[test]
    fn later_phase_new_cards_wait_unless_ungated() {
        let cards = [
            cand(1, 1, 1, None),
            cand(0, 6, 2, None),
            cand(0, 6, 1, None),
        ];
        assert_eq!(build(&cards, day("2026-01-01"), OPEN), vec![2, 1]);
        let ungated = QueueLimits {
            gate_phases: false,
            ..OPEN
        };
        assert_eq!(build(&cards, day("2026-01-01"), ungated), vec![2, 1, 0]);
    }

    #[test]
    fn limits_cut_each_part() {
        let cards = [
            cand(0, 1, 1, Some("2026-01-01")),
            cand(0, 1, 2, Some("2026-01-01")),
            cand(0, 1, 3, None),
            cand(0, 1, 4, None),
        ];
        let limits = QueueLimits {
            reviews: 1,
            new: 1,
            gate_phases: true,
        };
        assert_eq!(build(&cards, day("2026-01-01"), limits), vec![0, 2]);
    }

    proptest! {
        #[test]
        fn queue_respects_limits_and_never_repeats(
            raw in proptest::collection::vec((0u8..5, 1u32..9, 1u32..20, proptest::option::of(0u64..20)), 0..80),
            reviews in 0usize..30, new in 0usize..30,
        ) {
            let base = day("2026-01-01");
            let cards: Vec<Candidate> = raw.iter().map(|&(p, t, c, d)| Candidate {
                pos: CurriculumPos { phase: p, topic: t, card: c },
                due: d.map(|n| base + chrono::Days::new(n)),
            }).collect();
            let today = base + chrono::Days::new(10);
            let q = build(&cards, today, QueueLimits { reviews, new, gate_phases: true });
            let due_all = due_count(&cards, today);
            let mut seen = std::collections::HashSet::new();
            prop_assert!(q.iter().all(|i| seen.insert(*i)));
            let (due, fresh): (Vec<usize>, Vec<usize>) = q.iter().partition(|&&i| cards[i].due.is_some());
            prop_assert!(due.len() <= reviews && fresh.len() <= new);
            prop_assert_eq!(due.len(), due_all.min(reviews));
            prop_assert!(due.iter().all(|&i| cards[i].due.unwrap() <= today));
            // Reviews all come before new cards.
            prop_assert!(q.iter().skip(due.len()).all(|&i| cards[i].due.is_none()));
            // New cards come from one phase only: the lowest with new cards.
            let lowest = cards.iter().filter(|c| c.due.is_none()).map(|c| c.pos.phase).min();
            prop_assert!(fresh.iter().all(|&i| Some(cards[i].pos.phase) == lowest));
        }
    }
}
