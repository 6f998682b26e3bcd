//! The report's interview block (countdown, readiness, lagging topics) and the review backlog.
//!
//! Readiness uses the shared rule [`crate::scheduler::interview::is_ready`], so `report`, `plan`
//! and `status` count the same cards as ready.

use crate::scheduler::interview::{final_window, is_ready};
use crate::store::stats::{CardReadiness, TopicCounts};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

/// Topics listed as lagging at most.
pub const LAGGING_TOPICS: usize = 3;

/// Reviews due now against today's review limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Backlog {
    /// Unsuspended cards due today or overdue.
    pub due_now: u32,
    /// `reviews_per_day`.
    pub review_limit: u32,
    /// Reviews already done today (scheduled grades of seen cards).
    pub done_today: u32,
    /// Due reviews that today's remaining limit leaves waiting.
    pub beyond_limit: u32,
}

impl Backlog {
    pub fn new(due_now: u32, review_limit: u32, done_today: u32) -> Backlog {
        Backlog {
            due_now,
            review_limit,
            done_today,
            beyond_limit: due_now.saturating_sub(review_limit.saturating_sub(done_today)),
        }
    }
}

/// A topic with the lowest share of ready cards.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lagging {
    pub topic: String,
    pub title: String,
    pub ready: u32,
    pub cards: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InterviewBlock {
    pub date: NaiveDate,
    /// Days from today to the interview (negative once it has passed).
    pub days_left: i64,
    /// The first day of the final window.
    pub final_window_start: Option<NaiveDate>,
    /// Unsuspended active cards ready by [`is_ready`], of `cards`.
    pub ready: u32,
    pub cards: u32,
    pub lagging: Vec<Lagging>,
}

/// The block for an interview on `date`. `cards` are the unsuspended active cards with their
/// last scheduled grade; `topics` (curriculum order) name them. Lagging topics: the lowest
/// share of ready cards first, then the most cards never seen, then curriculum order; topics
/// with every card ready are left out.
pub fn interview_block(
    date: NaiveDate,
    today: NaiveDate,
    cards: &[CardReadiness],
    topics: &[TopicCounts],
) -> InterviewBlock {
    let mut per_topic: HashMap<&str, (u32, u32)> = HashMap::new();
    for c in cards {
        let e = per_topic.entry(c.topic.as_str()).or_default();
        e.1 += 1;
        e.0 += u32::from(is_ready(c.last, date));
    }
    let mut lagging: Vec<(usize, &TopicCounts, u32, u32)> = topics
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            let (ready, total) = per_topic.get(t.topic.as_str()).copied()?;
            (ready < total).then_some((i, t, ready, total))
        })
        .collect();
    // ready/total ascending, compared as fractions without floats.
    lagging.sort_by(|a, b| {
        (u64::from(a.2) * u64::from(b.3))
            .cmp(&(u64::from(b.2) * u64::from(a.3)))
            .then(b.1.unseen.cmp(&a.1.unseen))
            .then(a.0.cmp(&b.0))
    });
    let (ready, total) = per_topic
        .values()
        .fold((0, 0), |(r, n), (tr, tn)| (r + tr, n + tn));
    InterviewBlock {
        date,
        days_left: (date - today).num_days(),
        final_window_start: final_window(date).map(|w| *w.start()),
        ready,
        cards: total,
        lagging: lagging
            .into_iter()
            .take(LAGGING_TOPICS)
            .map(|(_, t, ready, cards)| Lagging {
                topic: t.topic.clone(),
                title: t.title.clone(),
                ready,
                cards,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::interview::LastReview;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn backlog_is_what_the_remaining_limit_leaves() {
        let cases = [
            ((215, 200, 0), 15),
            ((215, 200, 50), 65),
            ((10, 200, 0), 0),
            ((10, 200, 250), 10),
        ];
        for ((due, limit, done), beyond) in cases {
            assert_eq!(Backlog::new(due, limit, done).beyond_limit, beyond);
        }
    }

    #[test]
    fn lagging_topics_have_the_lowest_ready_share() {
        let topic = |slug: &str, unseen| TopicCounts {
            topic: slug.into(),
            title: slug.to_uppercase(),
            unseen,
            ..Default::default()
        };
        let passed = LastReview {
            grade: 5,
            day: d("2026-12-11"),
            interval_days: 2,
        };
        let good = Some(passed);
        let early = Some(LastReview {
            day: d("2026-12-01"),
            ..passed
        });
        let card = |t: &str, last| CardReadiness {
            topic: t.into(),
            last,
        };
        let cards = [
            card("a", good),
            card("a", good),
            card("b", good),
            card("b", early),
            card("c", None),
            card("c", None),
            card("d", early),
            card("e", None),
        ];
        let topics = [
            topic("a", 0),
            topic("b", 0),
            topic("c", 2),
            topic("d", 0),
            topic("e", 1),
        ];
        let block = interview_block(d("2026-12-14"), d("2026-12-11"), &cards, &topics);
        assert_eq!((block.ready, block.cards, block.days_left), (3, 8, 3));
        assert_eq!(block.final_window_start, Some(d("2026-12-10")));
        let lagging: Vec<&str> = block.lagging.iter().map(|l| l.topic.as_str()).collect();
        // c, d, e have none ready: most unseen first (c 2, e 1, d 0); b has half; a is
        // complete and left out.
        assert_eq!(lagging, ["c", "e", "d"]);
    }
}
