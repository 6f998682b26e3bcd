//! Study modes around the daily drill: `quiz` (cram without touching the schedule) and
//! `plan` (an interview date that caps intervals and paces new cards).

use super::study_cmds::today_queue;
use super::{Context, card_filter, json, open_store, study_context, table};
use crate::cli::{PlanArgs, QuizArgs};
use crate::deck;
use crate::error::{Error, Result};
use crate::scheduler::plan::{self, DayPlan, PlanInput};
use crate::session::{self, SessionKind, Summary, prompt::Prompter};
use crate::store::{CardFilter, CardRecord};
use chrono::NaiveDate;
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use serde::Serialize;
use std::cmp::Reverse;
use std::collections::BTreeMap;

/// Orders cards weakest first: failed at the last grade, then most lapses, then lowest EF;
/// cards never seen come last.
fn weakness_rank(c: &CardRecord) -> (bool, Reverse<bool>, Reverse<u32>, u16) {
    let seen = !c.state.is_new();
    let failed_last = seen && c.state.reps == 0;
    (
        !seen,
        Reverse(failed_last),
        Reverse(c.state.lapses),
        c.state.ease.0,
    )
}

/// The quiz's draw: shuffled by a seeded RNG, weakest first with `weak`, cut to `count`.
pub(crate) fn draw(
    mut cards: Vec<CardRecord>,
    count: usize,
    weak: bool,
    seed: u64,
) -> Vec<CardRecord> {
    cards.shuffle(&mut StdRng::seed_from_u64(seed));
    if weak {
        // Stable: ties keep their shuffled order.
        cards.sort_by_key(weakness_rank);
    }
    cards.truncate(count);
    cards
}

fn score_report(summary: &Summary) -> String {
    let mut per_topic: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    for g in &summary.first_grades {
        let e = per_topic.entry(&g.topic_title).or_default();
        e.0 += 1;
        e.1 += u32::from(g.grade >= 3);
    }
    let mut t = table(&["Topic", "Asked", "Right", "Score"]);
    let (mut asked, mut right) = (0, 0);
    for (topic, (a, r)) in &per_topic {
        t.add_row(vec![
            topic.to_string(),
            a.to_string(),
            r.to_string(),
            format!("{}%", r * 100 / a.max(&1)),
        ]);
        asked += a;
        right += r;
    }
    t.add_row(vec![
        "All".to_string(),
        asked.to_string(),
        right.to_string(),
        format!("{}%", right * 100 / asked.max(1)),
    ]);
    let mut text = format!("\nQuiz score\n{t}\n");
    let missed: Vec<&str> = summary
        .first_grades
        .iter()
        .filter(|g| g.grade < 3)
        .map(|g| g.card_id.as_str())
        .collect();
    if missed.is_empty() {
        text += "Missed: none.\n";
    } else {
        text += "Missed (`ecsdrill show ID` to re-read):\n";
        for id in missed {
            text += &format!("  {id}\n");
        }
    }
    text
}

pub fn quiz(ctx: &Context, args: &QuizArgs, prompter: &mut dyn Prompter) -> Result<String> {
    let decks = deck::load(&ctx.decks)?;
    let filter = card_filter(&decks, &args.filter)?;
    let mut store = open_store(ctx, &decks)?;
    let sctx = study_context(ctx, &store)?;
    let pool: Vec<CardRecord> = store
        .cards(&filter)?
        .into_iter()
        .filter(|c| !c.suspended)
        .collect();
    if pool.is_empty() {
        return Ok("No cards match that filter.\n".to_string());
    }
    let seed = args.seed.unwrap_or(ctx.seed);
    let cards = draw(pool, args.count as usize, args.weak, seed);
    prompter.say(&format!(
        "Quiz: {} card(s), seed {seed} (`--seed {seed}` draws the same cards). {}",
        cards.len(),
        if args.record {
            "Grades move the schedule (--record)."
        } else {
            "Grades are logged; the schedule stays as it is."
        }
    ))?;
    let summary = session::run(
        &mut store,
        prompter,
        cards,
        SessionKind::Quiz {
            record: args.record,
        },
        &sctx,
    )?;
    Ok(score_report(&summary))
}

#[derive(Serialize)]
struct PlanReport {
    today: NaiveDate,
    interview: Option<NaiveDate>,
    days_left: Option<i64>,
    unseen: usize,
    new_per_day: u32,
    assumed_grade: u8,
    days: Vec<DayPlan>,
}

pub fn plan(ctx: &Context, args: &PlanArgs) -> Result<String> {
    let today = ctx.today();
    if let Some(date) = args.interview
        && date <= today
    {
        return Err(Error::Invalid(format!(
            "the interview date must be after today ({today}): {date}"
        )));
    }
    let decks = deck::load(&ctx.decks)?;
    let store = open_store(ctx, &decks)?;
    if args.clear {
        store.set_interview_date(None)?;
    } else if let Some(date) = args.interview {
        store.set_interview_date(Some(date))?;
    }
    let sctx = study_context(ctx, &store)?;
    let base = ctx.settings.new_per_day.value;
    let interview = sctx.interview.filter(|d| *d > today);
    let q = today_queue(
        &store,
        &CardFilter::default(),
        &sctx,
        base,
        ctx.settings.reviews_per_day.value,
    )?;
    let unseen = store.unseen_count()?;
    let days = match interview {
        Some(interview) => {
            let cards = store
                .cards(&CardFilter::default())?
                .into_iter()
                .filter(|c| !c.suspended)
                .map(|c| (c.pos(), c.state))
                .collect();
            plan::forecast(PlanInput {
                cards,
                today,
                interview,
                budget: plan::Budget {
                    new_per_day: base,
                    reviews_per_day: ctx.settings.reviews_per_day.value,
                },
                done: store.today_counts(today)?,
            })
        }
        None => Vec::new(),
    };
    let report = PlanReport {
        today,
        interview: sctx.interview,
        days_left: sctx.interview.map(|d| (d - today).num_days()),
        unseen,
        new_per_day: q.new_quota,
        assumed_grade: plan::FORECAST_GRADE,
        days,
    };
    if args.json {
        return Ok(json(&report));
    }
    let Some(date) = report.interview else {
        return Ok(format!(
            "No interview date set ({unseen} card(s) not seen yet). `ecsdrill plan --interview YYYY-MM-DD` sets one.\n"
        ));
    };
    if interview.is_none() {
        return Ok(format!(
            "The interview date {date} has passed; intervals are no longer capped. `ecsdrill plan --clear` removes it.\n"
        ));
    }
    let mut t = table(&["Day", "Date", "Reviews", "New", "Total"]);
    for (i, d) in report.days.iter().enumerate() {
        t.add_row(vec![
            (i + 1).to_string(),
            d.date.format("%a %Y-%m-%d").to_string(),
            d.reviews.to_string(),
            d.new.to_string(),
            d.total.to_string(),
        ]);
    }
    let sum = |f: fn(&DayPlan) -> usize| report.days.iter().map(f).sum::<usize>().to_string();
    t.add_row(vec![
        "All".to_string(),
        String::new(),
        sum(|d| d.reviews),
        sum(|d| d.new),
        sum(|d| d.total),
    ]);
    Ok(format!(
        "Interview on {date}: {} day(s) away. {unseen} card(s) not seen yet; new cards per day: {} \
         (every card introduced by {}).\nNo review is scheduled past {}. The forecast assumes every card is graded {}.\n{t}\n",
        report.days_left.unwrap_or(0),
        report.new_per_day,
        date - chrono::Days::new(plan::INTRO_LEAD_DAYS),
        date - chrono::Days::new(1),
        plan::FORECAST_GRADE,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::Kind;
    use crate::scheduler::{CardState, Ease};

    fn card(id: &str, lapses: u32, ease: u16, reps: u32, seen: bool) -> CardRecord {
        CardRecord {
            id: id.into(),
            topic: "t".into(),
            topic_title: "T".into(),
            phase: 0,
            topic_order: 1,
            position: 1,
            source: "s".into(),
            kind: Kind::Qa,
            level: None,
            q: "q".into(),
            a: "a".into(),
            more: None,
            tags: vec![],
            suspended: false,
            retired: false,
            state: CardState {
                reps,
                interval_days: 1,
                ease: Ease(ease),
                due: seen.then(|| "2026-01-01".parse().unwrap()),
                lapses,
                last_review: seen.then(|| "2026-01-01".parse().unwrap()),
            },
        }
    }

    #[test]
    fn weak_draw_puts_failed_and_lapsed_cards_first() {
        let cards = vec![
            card("fresh", 0, 250, 0, false),
            card("solid", 0, 280, 4, true),
            card("lapsed", 3, 200, 2, true),
            card("failed-now", 1, 230, 0, true),
            card("shaky", 0, 170, 2, true),
        ];
        let ids: Vec<String> = draw(cards, 10, true, 7).into_iter().map(|c| c.id).collect();
        assert_eq!(ids, vec!["failed-now", "lapsed", "shaky", "solid", "fresh"]);
    }

    #[test]
    fn same_seed_same_draw() {
        let cards: Vec<CardRecord> = (0..30)
            .map(|i| card(&i.to_string(), 0, 250, 0, false))
            .collect();
        let a: Vec<String> = draw(cards.clone(), 5, false, 42)
            .into_iter()
            .map(|c| c.id)
            .collect();
        let b: Vec<String> = draw(cards.clone(), 5, false, 42)
            .into_iter()
            .map(|c| c.id)
            .collect();
        let c: Vec<String> = draw(cards, 5, false, 43)
            .into_iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.len(), 5);
    }
}
