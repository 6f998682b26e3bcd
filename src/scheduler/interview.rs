//! The interview date's shared rules: the final window before it and when a card is "ready".
//!
//! The plan lands capped reviews inside the final window, `plan`/`status`/`report` count
//! ready cards with the same rule, and mastery with a date set uses the same window, so the
//! three can never disagree about what "the last days" are.

use chrono::{Days, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::RangeInclusive;

/// How many days before the interview the final window spans (the interview day excluded).
pub const FINAL_WINDOW_DAYS: u64 = 4;

/// A card counts as mature (for readiness, stats and mastery without a date) from this
/// interval on.
pub const MATURE_DAYS: u32 = 21;

/// The days of the final window: the `FINAL_WINDOW_DAYS` days before `interview`, the
/// interview day itself excluded. `None` only at the very start of the calendar.
pub fn final_window(interview: NaiveDate) -> Option<RangeInclusive<NaiveDate>> {
    let last = interview.checked_sub_days(Days::new(1))?;
    let first = interview.checked_sub_days(Days::new(FINAL_WINDOW_DAYS))?;
    Some(first..=last)
}

/// What readiness looks at for one card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LastReview {
    pub grade: u8,
    pub day: NaiveDate,
    /// The interval the card carries after that review.
    pub interval_days: u32,
}

/// A card is ready for the interview when it is mature, or when its last grade was 4 or more
/// and given inside the final window (or later). Without a review it is not ready.
pub fn is_ready(last: Option<LastReview>, interview: NaiveDate) -> bool {
    let Some(last) = last else { return false };
    if last.interval_days >= MATURE_DAYS && last.grade >= 3 {
        return true;
    }
    last.grade >= 4 && final_window(interview).is_some_and(|w| last.day >= *w.start())
}

/// How many topics [`readiness`] names as lagging, at most.
pub const LAGGING_TOPICS: usize = 5;

/// Ready cards of one topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopicReadiness {
    pub topic: String,
    pub ready: usize,
    pub cards: usize,
}

/// Ready cards overall, and the topics that lag most.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Readiness {
    pub ready: usize,
    pub cards: usize,
    /// Topics not fully ready, lowest share of ready cards first (then most cards not ready),
    /// at most [`LAGGING_TOPICS`].
    pub lagging: Vec<TopicReadiness>,
}

/// Counts ready cards ([`is_ready`]) per topic from `(topic, last review)` pairs.
pub fn readiness<'a>(
    cards: impl IntoIterator<Item = (&'a str, Option<LastReview>)>,
    interview: NaiveDate,
) -> Readiness {
    let mut topics: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (topic, last) in cards {
        let t = topics.entry(topic).or_default();
        t.0 += usize::from(is_ready(last, interview));
        t.1 += 1;
    }
    let ready = topics.values().map(|t| t.0).sum();
    let cards = topics.values().map(|t| t.1).sum();
    let mut lagging: Vec<TopicReadiness> = topics
        .into_iter()
        .filter(|(_, (r, n))| r < n)
        .map(|(topic, (ready, cards))| TopicReadiness {
            topic: topic.to_string(),
            ready,
            cards,
        })
        .collect();
    // Lower share first: a/b < c/d  <=>  a*d < c*b.
    lagging.sort_by(|a, b| {
        (a.ready * b.cards)
            .cmp(&(b.ready * a.cards))
            .then((b.cards - b.ready).cmp(&(a.cards - a.ready)))
    });
    lagging.truncate(LAGGING_TOPICS);
    Readiness {
        ready,
        cards,
        lagging,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn window_is_the_four_days_before_the_interview() {
        let w = final_window(d("2026-12-14")).unwrap();
        assert_eq!((*w.start(), *w.end()), (d("2026-12-10"), d("2026-12-13")));
        assert!(!w.contains(&d("2026-12-14")));
    }

    #[test]
    fn readiness_table() {
        let interview = d("2026-12-14");
        let r = |grade, day: &str, interval_days| {
            is_ready(
                Some(LastReview {
                    grade,
                    day: d(day),
                    interval_days,
                }),
                interview,
            )
        };
        assert!(r(4, "2026-12-10", 3), "passed on the window's first day");
        assert!(r(5, "2026-12-13", 1), "passed on the last day");
        assert!(!r(4, "2026-12-09", 4), "passed the day before the window");
        assert!(!r(3, "2026-12-12", 1), "a 3 is not a confident pass");
        assert!(r(3, "2026-11-01", 30), "mature cards are ready");
        assert!(!r(2, "2026-12-12", 30), "a failed mature card is not");
        assert!(!is_ready(None, interview), "never reviewed");
    }

    #[test]
    fn readiness_counts_and_ranks_lagging_topics() {
        let interview = d("2026-12-14");
        let ok = Some(LastReview {
            grade: 4,
            day: d("2026-12-12"),
            interval_days: 6,
        });
        let early = Some(LastReview {
            grade: 5,
            day: d("2026-12-01"),
            interval_days: 6,
        });
        let cards = [
            ("ecr", ok),
            ("ecr", ok),
            ("iam", ok),
            ("iam", early),
            ("net", None),
            ("net", ok),
            ("net", None),
            ("ops", ok),
        ];
        let r = readiness(cards, interview);
        assert_eq!((r.ready, r.cards), (5, 8));
        let lag: Vec<(&str, usize, usize)> = r
            .lagging
            .iter()
            .map(|t| (t.topic.as_str(), t.ready, t.cards))
            .collect();
        assert_eq!(lag, vec![("net", 1, 3), ("iam", 1, 2)]);
    }
}
