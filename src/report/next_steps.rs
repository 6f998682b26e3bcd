//! The three things to do next, computed from the report: what a user reads first.
//!
//! In order of priority, the first three that apply:
//! 1. nothing studied yet: start with `ecsdrill drill` (then read the first topic's file, and
//!    plan for the interview);
//! 2. the weakest studied topic, if weak enough to matter: re-read its file, then quiz it;
//! 3. reviews due beyond today's limit: `ecsdrill drill --all`; else reviews due: `drill`;
//! 4. a phase not started with the interview ahead: `ecsdrill plan`;
//! 5. the next topic not started: read its file, then drill it;
//! 6. the next weakest studied topics.

use super::interview::{Backlog, InterviewBlock};
use super::render::percent;
use super::weak_topics::{NotStarted, TopicReport};
use chrono::NaiveDate;
use serde::Serialize;

/// Steps given at most.
pub const STEPS: usize = 3;
/// A studied topic this weak (or weaker) is worth a re-read.
pub const WORTH_A_RE_READ: f64 = 0.15;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextStep {
    /// One sentence; commands and files in it are in backticks.
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

fn step(text: String, command: Option<String>, file: Option<String>) -> NextStep {
    NextStep {
        text,
        command,
        file,
    }
}

/// What the rule looks at.
pub struct Facts<'a> {
    pub reviews_ever: u32,
    pub window_start: NaiveDate,
    /// Studied topics, weakest first.
    pub studied: &'a [TopicReport],
    /// Topics not started, in curriculum order.
    pub not_started: &'a [NotStarted],
    pub backlog: Backlog,
    pub interview: Option<&'a InterviewBlock>,
}

fn re_read(t: &TopicReport, since: NaiveDate) -> NextStep {
    let command = format!("ecsdrill quiz --topic {} --weak", t.counts.topic);
    let retention = match t.retention_30d {
        Some(r) => format!("retention {}", percent(Some(r))),
        None => "retention not measured yet".to_string(),
    };
    step(
        format!(
            "Re-read `{}` ({retention}, {} failure(s) since {since}), then `{command}`",
            t.counts.source, t.counts.failures
        ),
        Some(command),
        Some(t.counts.source.clone()),
    )
}

fn start_topic(t: &NotStarted) -> NextStep {
    let command = format!("ecsdrill drill --topic {}", t.topic);
    step(
        format!(
            "Start {}: read `{}`, then `{command}` ({} new card(s))",
            t.title, t.source, t.cards
        ),
        Some(command),
        Some(t.source.clone()),
    )
}

fn reviews_step(b: &Backlog) -> Option<NextStep> {
    if b.beyond_limit > 0 {
        let command = "ecsdrill drill --all".to_string();
        Some(step(
            format!(
                "{} review(s) are waiting beyond today's limit: `{command}`",
                b.beyond_limit
            ),
            Some(command),
            None,
        ))
    } else if b.due_now > 0 {
        let command = "ecsdrill drill".to_string();
        Some(step(
            format!("{} review(s) are due today: `{command}`", b.due_now),
            Some(command),
            None,
        ))
    } else {
        None
    }
}

/// Phases with topics but no studied topic, in order.
fn phases_not_started(f: &Facts<'_>) -> Vec<u8> {
    let mut phases: Vec<u8> = f
        .not_started
        .iter()
        .map(|t| t.phase)
        .filter(|p| !f.studied.iter().any(|t| t.counts.phase == *p))
        .collect();
    phases.dedup();
    phases
}

fn plan_step(f: &Facts<'_>) -> Option<NextStep> {
    let interview = f.interview.filter(|i| i.days_left > 0)?;
    let phases = phases_not_started(f);
    let names: Vec<String> = phases.iter().map(u8::to_string).collect();
    let what = match names.as_slice() {
        [] => return None,
        [one] => format!("Phase {one} is not started"),
        [first @ .., last] => format!("Phases {} and {last} are not started", first.join(", ")),
    };
    let command = "ecsdrill plan".to_string();
    Some(step(
        format!(
            "{what} and the interview is in {} day(s): `{command}`",
            interview.days_left
        ),
        Some(command),
        None,
    ))
}

fn first_steps(f: &Facts<'_>) -> Vec<NextStep> {
    let command = "ecsdrill drill".to_string();
    let mut steps = vec![step(
        format!("Nothing studied yet: start with `{command}`"),
        Some(command),
        None,
    )];
    if let Some(t) = f.not_started.first() {
        steps.push(step(
            format!(
                "Read `{}` first: {} is where the drill starts",
                t.source, t.title
            ),
            None,
            Some(t.source.clone()),
        ));
    }
    steps.push(match f.interview.filter(|i| i.days_left > 0) {
        Some(i) => step(
            format!(
                "The interview is in {} day(s): `ecsdrill plan` shows the daily workload",
                i.days_left
            ),
            Some("ecsdrill plan".into()),
            None,
        ),
        None => step(
            "Set the interview date to pace new cards: `ecsdrill plan --interview YYYY-MM-DD`"
                .into(),
            None,
            None,
        ),
    });
    steps
}

/// The next steps: at most [`STEPS`], most useful first.
pub fn next_steps(f: &Facts<'_>) -> Vec<NextStep> {
    if f.reviews_ever == 0 {
        return first_steps(f);
    }
    let mut weak = f
        .studied
        .iter()
        .filter(|t| t.weakness >= WORTH_A_RE_READ)
        .map(|t| re_read(t, f.window_start));
    let steps: Vec<NextStep> = weak
        .next()
        .into_iter()
        .chain(reviews_step(&f.backlog))
        .chain(plan_step(f))
        .chain(f.not_started.first().map(start_topic))
        .chain(weak)
        .take(STEPS)
        .collect();
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::stats::TopicCounts;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn studied(slug: &str, phase: u8, weakness: f64, retention: Option<f64>) -> TopicReport {
        TopicReport {
            rank: 1,
            counts: TopicCounts {
                phase,
                topic: slug.into(),
                title: slug.to_uppercase(),
                source: format!("{slug}.md"),
                cards: 4,
                failures: 8,
                ..Default::default()
            },
            weakness,
            retention_30d: retention,
            status: super::super::weak_topics::TopicStatus::Seen,
            unseen_share: 0.0,
            weakest_cards: vec![],
        }
    }

    fn fresh(slug: &str, phase: u8) -> NotStarted {
        NotStarted {
            phase,
            topic: slug.into(),
            title: slug.to_uppercase(),
            source: format!("{slug}.md"),
            cards: 5,
        }
    }

    fn interview(days_left: i64) -> InterviewBlock {
        InterviewBlock {
            date: d("2026-12-10"),
            days_left,
            final_window_start: None,
            readiness: None,
        }
    }

    fn steps(
        reviews_ever: u32,
        studied: &[TopicReport],
        not_started: &[NotStarted],
        backlog: Backlog,
        interview: Option<&InterviewBlock>,
    ) -> Vec<NextStep> {
        next_steps(&Facts {
            reviews_ever,
            window_start: d("2026-11-01"),
            studied,
            not_started,
            backlog,
            interview,
        })
    }

    #[test]
    fn empty_history_says_where_to_begin() {
        let s = steps(0, &[], &[fresh("a", 0)], Backlog::new(0, 0, 0), None);
        assert_eq!(
            s[0].text,
            "Nothing studied yet: start with `ecsdrill drill`"
        );
        assert_eq!(s[0].command.as_deref(), Some("ecsdrill drill"));
        assert_eq!(s[1].file.as_deref(), Some("a.md"));
        assert_eq!(s.len(), 3);
        assert!(s[2].text.contains("plan --interview"));
        let i = interview(6);
        let s = steps(0, &[], &[], Backlog::new(0, 0, 0), Some(&i));
        assert_eq!(s[1].command.as_deref(), Some("ecsdrill plan"));
    }

    #[test]
    fn weakest_topic_then_backlog_then_phase_not_started() {
        let topics = [
            studied("shaky", 0, 0.6, Some(0.57)),
            studied("ok", 0, 0.3, None),
        ];
        let i = interview(6);
        let s = steps(
            50,
            &topics,
            &[fresh("later", 3)],
            Backlog::new(415, 200, 0),
            Some(&i),
        );
        assert_eq!(
            s[0].text,
            "Re-read `shaky.md` (retention 57%, 8 failure(s) since 2026-11-01), then \
             `ecsdrill quiz --topic shaky --weak`"
        );
        assert_eq!(s[0].file.as_deref(), Some("shaky.md"));
        assert_eq!(
            s[1].text,
            "215 review(s) are waiting beyond today's limit: `ecsdrill drill --all`"
        );
        assert_eq!(
            s[2].text,
            "Phase 3 is not started and the interview is in 6 day(s): `ecsdrill plan`"
        );
    }

    #[test]
    fn fills_with_what_applies_and_skips_solid_topics() {
        let topics = [
            studied("a", 0, 0.5, Some(0.4)),
            studied("b", 1, 0.2, Some(0.8)),
            studied("solid", 1, 0.05, Some(1.0)),
        ];
        // No backlog, nothing due, no interview: the weakest, the next topic, the next weakest.
        let s = steps(9, &topics, &[fresh("c", 2)], Backlog::new(0, 0, 0), None);
        let commands: Vec<&str> = s.iter().filter_map(|s| s.command.as_deref()).collect();
        assert_eq!(
            commands,
            [
                "ecsdrill quiz --topic a --weak",
                "ecsdrill drill --topic c",
                "ecsdrill quiz --topic b --weak"
            ]
        );
        // Due within the limit: drill; a passed interview names no phase; solid topics never.
        let past = interview(-1);
        let s = steps(9, &topics[2..], &[], Backlog::new(12, 12, 0), Some(&past));
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].text, "12 review(s) are due today: `ecsdrill drill`");
        // Two phases not started.
        let soon = interview(3);
        let s = steps(
            9,
            &topics[2..],
            &[fresh("x", 3), fresh("y", 3), fresh("z", 4)],
            Backlog::new(0, 0, 0),
            Some(&soon),
        );
        assert_eq!(
            s[0].text,
            "Phases 3 and 4 are not started and the interview is in 3 day(s): `ecsdrill plan`"
        );
    }
}
