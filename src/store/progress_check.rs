//! Checks every field of a progress document against its real range before anything is
//! written: the first bad entry is reported by its place (`reviews[12].old_ease`) and value.

use super::ids::is_review_id;
use super::progress::{CardProgress, PROGRESS_FORMAT, PROGRESS_VERSION, Progress, ReviewRecord};
use crate::deck::Kind;
use chrono::{DateTime, NaiveDate};

/// The longest interval SM-2 may schedule here (as Anki: 100 years).
pub const MAX_INTERVAL_DAYS: u32 = 36_500;
/// The highest EF a file may carry, in hundredths. EF grows by 0.10 per perfect grade; the
/// interval cap is reached long before an honest history gets near 10.00.
pub const MAX_EASE: u16 = 1_000;
/// Repetitions, lapses and failures of one card: more than a grade a day for 100 years is not
/// a real history.
pub const MAX_COUNT: u32 = 36_500;

/// One schedule as a file states it.
struct Schedule {
    reps: u32,
    interval: u32,
    ease: u16,
    lapses: u32,
    due: Option<NaiveDate>,
    last_review: Option<NaiveDate>,
}

/// The first field of `s` out of range, as (field, problem).
fn schedule_problem(s: &Schedule, after_review: bool) -> Option<(&'static str, String)> {
    if !(130..=MAX_EASE).contains(&s.ease) {
        return Some(("ease", format!("{} is outside 130..={MAX_EASE}", s.ease)));
    }
    if s.interval > MAX_INTERVAL_DAYS {
        return Some((
            "interval",
            format!("{} is over {MAX_INTERVAL_DAYS} days", s.interval),
        ));
    }
    if s.reps > MAX_COUNT {
        return Some(("reps", format!("{} is over {MAX_COUNT}", s.reps)));
    }
    if s.lapses > MAX_COUNT {
        return Some(("lapses", format!("{} is over {MAX_COUNT}", s.lapses)));
    }
    if s.reps == 0 && s.interval > 1 {
        return Some((
            "interval",
            format!("{} days with 0 repetitions is impossible", s.interval),
        ));
    }
    if s.due.is_some() != s.last_review.is_some() {
        return Some((
            "due",
            "due and last_review must be both set or both empty".into(),
        ));
    }
    if after_review && s.due.is_none() {
        return Some(("due", "a graded card must have a due day".into()));
    }
    None
}

fn card_problem(c: &CardProgress) -> Option<(&'static str, String)> {
    if c.id
        .split_once('/')
        .is_none_or(|(a, b)| a.is_empty() || b.is_empty())
    {
        return Some(("id", format!("{:?} is not a <topic>/<card> id", c.id)));
    }
    if c.failures > MAX_COUNT {
        return Some(("failures", format!("{} is over {MAX_COUNT}", c.failures)));
    }
    schedule_problem(
        &Schedule {
            reps: c.reps,
            interval: c.interval_days,
            ease: c.ease,
            lapses: c.lapses,
            due: c.due,
            last_review: c.last_review,
        },
        false,
    )
}

fn review_problem(r: &ReviewRecord, version: u32) -> Option<(&'static str, String)> {
    match &r.id {
        Some(id) if !is_review_id(id) => {
            return Some(("id", format!("{id:?} is not a review id (a UUID)")));
        }
        None if version >= 2 => return Some(("id", "missing".into())),
        _ => {}
    }
    if DateTime::parse_from_rfc3339(&r.reviewed_at).is_err() {
        return Some((
            "reviewed_at",
            format!("{:?} is not an RFC 3339 instant", r.reviewed_at),
        ));
    }
    if r.grade > 5 {
        return Some(("grade", format!("{} is outside 0..=5", r.grade)));
    }
    if Kind::parse(&r.kind).is_none() {
        return Some((
            "kind",
            format!("{:?} is not qa, gotcha or scenario", r.kind),
        ));
    }
    if r.card_id.split_once('/').is_none() {
        return Some((
            "card_id",
            format!("{:?} is not a <topic>/<card> id", r.card_id),
        ));
    }
    let old = Schedule {
        reps: r.old_reps,
        interval: r.old_interval,
        ease: r.old_ease,
        lapses: r.old_lapses,
        due: r.old_due,
        last_review: r.old_last_review,
    };
    if let Some((field, msg)) = schedule_problem(&old, false) {
        return Some((old_field(field), msg));
    }
    let new = Schedule {
        reps: r.new_reps,
        interval: r.new_interval,
        ease: r.new_ease,
        lapses: r.new_lapses,
        due: r.new_due,
        last_review: r.new_due.map(|_| r.study_day),
    };
    schedule_problem(&new, r.scheduled).map(|(field, msg)| (new_field(field), msg))
}

fn old_field(f: &str) -> &'static str {
    match f {
        "ease" => "old_ease",
        "interval" => "old_interval",
        "reps" => "old_reps",
        "lapses" => "old_lapses",
        _ => "old_due",
    }
}

fn new_field(f: &str) -> &'static str {
    match f {
        "ease" => "new_ease",
        "interval" => "new_interval",
        "reps" => "new_reps",
        "lapses" => "new_lapses",
        _ => "new_due",
    }
}

/// The first problem of `p`, as one line: what, where in the file, and the value.
pub fn problem(p: &Progress) -> Option<String> {
    if p.format != PROGRESS_FORMAT {
        return Some(format!(
            "not an ecsdrill progress file (format {:?})",
            p.format
        ));
    }
    if p.version == 0 || p.version > PROGRESS_VERSION {
        return Some(format!(
            "progress file version {} is not one this ecsdrill reads (1..={PROGRESS_VERSION})",
            p.version
        ));
    }
    if let Some((i, (field, msg))) = p
        .cards
        .iter()
        .enumerate()
        .find_map(|(i, c)| card_problem(c).map(|e| (i, e)))
    {
        return Some(format!("cards[{i}].{field}: {msg}"));
    }
    p.reviews
        .iter()
        .enumerate()
        .find_map(|(i, r)| review_problem(r, p.version).map(|e| (i, e)))
        .map(|(i, (field, msg))| format!("reviews[{i}].{field}: {msg}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Mode;

    fn review() -> ReviewRecord {
        ReviewRecord {
            id: Some("019ba722-4680-7881-b106-5f4c6514f816".into()),
            reviewed_at: "2026-01-01T09:00:00+00:00".into(),
            study_day: "2026-01-01".parse().unwrap(),
            card_id: "t/a".into(),
            phase: 0,
            topic: "t".into(),
            kind: "qa".into(),
            grade: 4,
            mode: Mode::Drill,
            scheduled: true,
            placed_due: None,
            old_reps: 0,
            old_interval: 0,
            old_ease: 250,
            old_due: None,
            old_lapses: 0,
            old_last_review: None,
            old_suspended: false,
            new_reps: 1,
            new_interval: 1,
            new_ease: 250,
            new_due: Some("2026-01-02".parse().unwrap()),
            new_lapses: 0,
            undone: false,
        }
    }

    fn doc(reviews: Vec<ReviewRecord>) -> Progress {
        Progress {
            format: PROGRESS_FORMAT.into(),
            version: PROGRESS_VERSION,
            exported_at: String::new(),
            interview_date: None,
            cards: vec![],
            reviews,
        }
    }

    #[test]
    fn every_range_is_checked_and_named() {
        assert_eq!(problem(&doc(vec![review()])), None);
        type Spoil = fn(&mut ReviewRecord);
        let cases: Vec<(Spoil, &str)> = vec![
            (|r| r.new_ease = 65535, "reviews[1].new_ease"),
            (|r| r.old_ease = 0, "reviews[1].old_ease"),
            (|r| r.new_interval = u32::MAX, "reviews[1].new_interval"),
            (|r| r.new_reps = u32::MAX, "reviews[1].new_reps"),
            (
                |r| {
                    r.new_reps = 0;
                    r.new_interval = 900
                },
                "reviews[1].new_interval",
            ),
            (|r| r.reviewed_at = "x".into(), "reviews[1].reviewed_at"),
            (|r| r.grade = 6, "reviews[1].grade"),
            (|r| r.id = Some("nope".into()), "reviews[1].id"),
            (|r| r.id = None, "reviews[1].id"),
            (|r| r.kind = "essay".into(), "reviews[1].kind"),
        ];
        for (spoil, place) in cases {
            let mut bad = review();
            spoil(&mut bad);
            let got = problem(&doc(vec![review(), bad])).unwrap_or_default();
            assert!(got.starts_with(place), "{place}: {got}");
        }
    }
}
