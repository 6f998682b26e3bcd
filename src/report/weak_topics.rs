//! The weak-topic report model: studied topics ranked by [`super::weakness`], the topics not
//! started apart, next steps, the trend, the interview block and the backlog.

use super::interview::{Backlog, InterviewBlock};
use super::next_steps::{Facts, NextStep, next_steps};
use super::trend::Trend;
use super::weakness::{Figures, Position, Ranked, rank_order, weakness};
use super::{WEAKEST_PER_TOPIC, ratio, round_to};
use crate::store::stats::{DayCount, PhaseCounts, TopicCounts, WeakCard};
use chrono::NaiveDate;
use serde::Serialize;

/// Where a topic stands: nothing seen, some cards seen, every card seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TopicStatus {
    Unseen,
    Started,
    Seen,
}

impl TopicStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TopicStatus::Unseen => "unseen",
            TopicStatus::Started => "started",
            TopicStatus::Seen => "seen",
        }
    }
}

/// One studied topic (DESIGN.md §6, plus `status`, `cards`, `reviews`, `failures`, `rank`,
/// `unseen_share`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicReport {
    pub rank: usize,
    #[serde(flatten)]
    pub counts: TopicCounts,
    /// Weakness over the studied cards (see [`super::weakness`]).
    pub weakness: f64,
    /// Retention over the report window (named for the default 30 days).
    pub retention_30d: Option<f64>,
    pub status: TopicStatus,
    /// Share of the topic's cards never graded, shown beside (not inside) the weakness.
    pub unseen_share: f64,
    pub weakest_cards: Vec<WeakCard>,
}

/// A topic without any graded card: what to read first and how many cards wait.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotStarted {
    pub phase: u8,
    pub topic: String,
    pub title: String,
    pub source: String,
    pub cards: u32,
}

/// Retention of one phase over the report window, for the HTML chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhaseRetention {
    pub phase: u8,
    pub retention: Option<f64>,
    pub graded: u32,
}

/// The weak-topic report. The JSON is DESIGN.md §6 plus the window, totals, `next_steps`,
/// `not_started`, `trend`, `backlog` and `interview`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub generated_at: String,
    pub today: NaiveDate,
    pub window_start: NaiveDate,
    pub leech_threshold: u32,
    pub next_steps: Vec<NextStep>,
    pub interview: Option<InterviewBlock>,
    pub backlog: Backlog,
    /// Studied topics, weakest first.
    pub topics: Vec<TopicReport>,
    /// Topics not started, in curriculum order.
    pub not_started: Vec<NotStarted>,
    pub trend: Trend,
    /// Review grades and passes in the window, over all topics.
    pub retention: Option<f64>,
    pub graded: u32,
    pub cards: u32,
    pub seen: u32,
    pub study_days: u32,
    pub total_reviews: u32,
    #[serde(skip)]
    pub phases: Vec<PhaseRetention>,
    /// Reviews per day over the heatmap's span, every day present.
    #[serde(skip)]
    pub days: Vec<DayCount>,
}

pub struct ReportInput {
    pub generated_at: String,
    pub today: NaiveDate,
    pub window_start: NaiveDate,
    pub leech_threshold: u32,
    /// Every active topic, in curriculum order.
    pub topics: Vec<TopicCounts>,
    pub weakest: Vec<WeakCard>,
    pub phases: Vec<PhaseCounts>,
    /// The heatmap's first day, and the days with reviews since then (missing days had none).
    pub heatmap_start: NaiveDate,
    pub days: Vec<DayCount>,
    pub study_days: u32,
    pub total_reviews: u32,
    pub trend: Trend,
    pub backlog: Backlog,
    pub interview: Option<InterviewBlock>,
}

fn status(t: &TopicCounts) -> TopicStatus {
    if t.unseen >= t.cards {
        TopicStatus::Unseen
    } else if t.unseen > 0 {
        TopicStatus::Started
    } else {
        TopicStatus::Seen
    }
}

fn studied(t: TopicCounts, weakest: &[WeakCard]) -> TopicReport {
    let retention = ratio(t.passed, t.graded);
    let score = weakness(&Figures {
        seen: t.cards.saturating_sub(t.unseen),
        retention,
        failures: t.failures,
        leeches: t.leeches,
        mean_ease: t.mean_ease,
    });
    TopicReport {
        rank: 0,
        weakness: score,
        retention_30d: retention,
        status: status(&t),
        unseen_share: if t.cards == 0 {
            0.0
        } else {
            round_to(f64::from(t.unseen) / f64::from(t.cards), 3)
        },
        weakest_cards: weakest
            .iter()
            .filter(|c| c.topic == t.topic)
            .take(WEAKEST_PER_TOPIC as usize)
            .cloned()
            .collect(),
        counts: t,
    }
}

fn ranked(t: &TopicReport) -> Ranked {
    Ranked {
        weakness: t.weakness,
        failures: t.counts.failures,
        position: Position {
            phase: t.counts.phase,
            order: t.counts.order,
        },
    }
}

pub fn report(input: ReportInput) -> Report {
    let cards = input.topics.iter().map(|t| t.cards).sum::<u32>();
    let unseen = input.topics.iter().map(|t| t.unseen).sum::<u32>();
    let (started, fresh): (Vec<TopicCounts>, Vec<TopicCounts>) = input
        .topics
        .into_iter()
        .partition(|t| status(t) != TopicStatus::Unseen);
    let mut topics: Vec<TopicReport> = started
        .into_iter()
        .map(|t| studied(t, &input.weakest))
        .collect();
    topics.sort_by(|a, b| rank_order(&ranked(a), &ranked(b)));
    for (i, t) in topics.iter_mut().enumerate() {
        t.rank = i + 1;
    }
    let not_started: Vec<NotStarted> = fresh
        .into_iter()
        .map(|t| NotStarted {
            phase: t.phase,
            topic: t.topic,
            title: t.title,
            source: t.source,
            cards: t.cards,
        })
        .collect();
    let steps = next_steps(&Facts {
        reviews_ever: input.total_reviews,
        window_start: input.window_start,
        studied: &topics,
        not_started: &not_started,
        backlog: input.backlog,
        interview: input.interview.as_ref(),
    });
    let (graded, passed) = input
        .phases
        .iter()
        .fold((0, 0), |(g, p), c| (g + c.graded_30d, p + c.passed));
    Report {
        generated_at: input.generated_at,
        today: input.today,
        window_start: input.window_start,
        leech_threshold: input.leech_threshold,
        next_steps: steps,
        interview: input.interview,
        backlog: input.backlog,
        topics,
        not_started,
        trend: input.trend,
        retention: ratio(passed, graded),
        graded,
        cards,
        seen: cards.saturating_sub(unseen),
        study_days: input.study_days,
        total_reviews: input.total_reviews,
        phases: input
            .phases
            .iter()
            .map(|p| PhaseRetention {
                phase: p.phase,
                retention: ratio(p.passed, p.graded_30d),
                graded: p.graded_30d,
            })
            .collect(),
        days: fill_days(input.heatmap_start, input.today, &input.days),
    }
}

/// Every day from `from` to `to`, with the count of `sparse` or 0.
fn fill_days(from: NaiveDate, to: NaiveDate, sparse: &[DayCount]) -> Vec<DayCount> {
    from.iter_days()
        .take_while(|d| *d <= to)
        .map(|date| DayCount {
            date,
            count: sparse
                .iter()
                .find(|c| c.date == date)
                .map_or(0, |c| c.count),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::interview::Backlog;
    use crate::report::trend;

    fn topic(
        slug: &str,
        order: u32,
        cards: u32,
        unseen: u32,
        graded: u32,
        passed: u32,
    ) -> TopicCounts {
        TopicCounts {
            phase: 0,
            order,
            topic: slug.into(),
            title: slug.into(),
            source: format!("{slug}.md"),
            cards,
            unseen,
            graded,
            passed,
            failures: graded - passed,
            mean_ease: (unseen < cards).then_some(2.5),
            ..Default::default()
        }
    }

    fn input(topics: Vec<TopicCounts>) -> ReportInput {
        let today: NaiveDate = "2026-01-10".parse().unwrap();
        ReportInput {
            generated_at: "now".into(),
            today,
            window_start: today,
            leech_threshold: 8,
            topics,
            weakest: vec![],
            phases: vec![],
            heatmap_start: today,
            days: vec![],
            study_days: 1,
            total_reviews: 10,
            trend: trend::trend(vec![], &[], &[], &[], 0),
            backlog: Backlog::new(0, 0, 0),
            interview: None,
        }
    }

    #[test]
    fn studied_topics_rank_and_unstarted_ones_wait_apart() {
        let r = report(input(vec![
            topic("unseen-first", 1, 5, 5, 0, 0),
            topic("known", 2, 4, 0, 8, 8),
            topic("partly-failing", 3, 10, 8, 4, 1),
            topic("unseen-last", 4, 3, 3, 0, 0),
        ]));
        let ranked: Vec<(&str, usize)> = r
            .topics
            .iter()
            .map(|t| (t.counts.topic.as_str(), t.rank))
            .collect();
        assert_eq!(ranked, [("partly-failing", 1), ("known", 2)]);
        // Ranked on its 2 studied cards: retention 1/4, 3 failures (capped at 1 per card).
        let p = &r.topics[0];
        assert_eq!(p.weakness, 0.625);
        assert_eq!((p.unseen_share, p.status), (0.8, TopicStatus::Started));
        let fresh: Vec<&str> = r.not_started.iter().map(|t| t.topic.as_str()).collect();
        assert_eq!(fresh, ["unseen-first", "unseen-last"]);
        assert_eq!((r.cards, r.seen), (22, 6));
    }
}
