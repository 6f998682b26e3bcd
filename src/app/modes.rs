//! Study modes around the daily drill: `quiz` (a drawn set of cards; the schedule moves only
//! with `--record`) and `plan` (an interview date that caps intervals and paces new cards).

use super::study_cmds::{QueueSettings, queue_pos, today_queue};
use super::{Context, card_filter, json, open_store, study_context, table};
use crate::cli::{PlanArgs, QuizArgs};
use crate::error::{Error, Result};
use crate::safe_text::for_terminal;
use crate::scheduler::interview::{self, LastReview, Readiness};
use crate::scheduler::plan::{self, DayCount, DayPlan, PlanInput};
use crate::scheduler::weak::{self, WeakFacts};
use crate::session::summary::{percent, quiz_score};
use crate::session::{self, SessionKind, Summary, prompt::Prompter};
use crate::store::{CardFilter, CardRecord, Store};
use chrono::{Days, NaiveDate};
use serde::Serialize;

fn score_report(summary: &Summary) -> String {
    let score = quiz_score(&summary.first_grades);
    let mut t = table(&["Topic", "Asked", "Right", "Score"]);
    let totals = ("All".to_string(), score.asked, score.passed);
    for (topic, asked, passed) in score.topics.iter().chain([&totals]) {
        t.add_row(vec![
            topic.clone(),
            asked.to_string(),
            passed.to_string(),
            format!("{}%", percent(*passed, *asked)),
        ]);
    }
    let mut text = format!("\nQuiz score\n{t}\n");
    if score.missed.is_empty() {
        text += "Missed: none.\n";
    } else {
        text += "Missed (`ecsdrill show ID` to re-read):\n";
        for id in &score.missed {
            text += &format!("  {id}\n");
        }
    }
    text
}

pub fn quiz(ctx: &Context, args: &QuizArgs, prompter: &mut dyn Prompter) -> Result<String> {
    let decks = super::load_decks(ctx)?;
    let filter = card_filter(&decks, &args.filter)?;
    let store = open_store(ctx, decks)?;
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
    let cards = weak::draw(pool, args.count as usize, args.weak, seed, |c| {
        WeakFacts::of(&c.state, c.failures)
    });
    prompter.say(&format!(
        "Quiz: {} card(s), seed {seed} (`--seed {seed}` draws the same cards). {}{}",
        cards.len(),
        if args.record {
            "Grades move the schedule (--record)."
        } else {
            "Grades are logged; the schedule stays as it is."
        },
        if args.typed {
            format!(" {}.", session::typed::how_to_start(true))
        } else {
            String::new()
        }
    ))?;
    let summary = session::run(
        &store,
        prompter,
        cards,
        0,
        SessionKind::Quiz {
            record: args.record,
        },
        args.typed,
        &sctx,
    )?;
    Ok(score_report(&summary) + &super::study_cmds::session_outlook(&store, &sctx, &summary)?)
}

#[derive(Serialize)]
struct PlanReport {
    today: NaiveDate,
    interview: Option<NaiveDate>,
    days_left: Option<i64>,
    unseen: usize,
    new_per_day: u32,
    assumed_grade: u8,
    reviews_per_day: u32,
    /// The user set `reviews_per_day`: the plan shows overflow instead of raising it.
    hard_cap: bool,
    days: Vec<DayPlan>,
    /// How many cards get their last review before the interview on each day.
    final_review_days: Vec<DayCount>,
    never_reviewed: usize,
    peak: Option<DayPlan>,
    readiness: Option<Readiness>,
}

/// Checks an interview date before anything is written: after today, within 2 years.
fn check_interview_date(date: NaiveDate, today: NaiveDate) -> Result<()> {
    if date <= today {
        return Err(Error::Invalid(format!(
            "the interview date must be after today ({today}): {date}"
        )));
    }
    let latest = plan::latest_interview(today);
    if date > latest {
        return Err(Error::Invalid(format!(
            "the interview date must be within 2 years of today (by {latest}): {date}"
        )));
    }
    Ok(())
}

/// Ready cards now for the interview, with the topics that lag; `None` without a date, or once
/// the date has passed.
pub(crate) fn readiness(
    store: &Store,
    interview: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Option<Readiness>> {
    let Some(interview) = interview.filter(|d| *d >= today) else {
        return Ok(None);
    };
    let last = store.last_grades()?;
    let cards: Vec<CardRecord> = store
        .cards(&CardFilter::default())?
        .into_iter()
        .filter(|c| !c.suspended)
        .collect();
    let rows = cards.iter().map(|c| {
        let review = last.get(&c.id).map(|&(grade, day)| LastReview {
            grade,
            day,
            interval_days: c.state.interval_days,
        });
        (c.topic_title.as_str(), review)
    });
    Ok(Some(interview::readiness(rows, interview)))
}

/// "Ready now: 40 of 512 cards; lagging: ECS Networking (0/24), ...".
pub(crate) fn readiness_line(r: &Readiness) -> String {
    let mut line = format!("{} of {} card(s) ready", r.ready, r.cards);
    if !r.lagging.is_empty() {
        let topics: Vec<String> = r
            .lagging
            .iter()
            .map(|t| format!("{} ({}/{})", for_terminal(&t.topic), t.ready, t.cards))
            .collect();
        line += &format!("; lagging: {}", topics.join(", "));
    }
    line
}

/// The forecast from the store's cards, or nothing without an interview ahead.
fn forecast(
    ctx: &Context,
    store: &Store,
    interview: Option<NaiveDate>,
    qs: QueueSettings,
) -> Result<plan::Forecast> {
    let Some(interview) = interview else {
        return Ok(plan::Forecast {
            days: Vec::new(),
            final_review_days: Vec::new(),
            never_reviewed: 0,
            peak: None,
        });
    };
    let cards = store
        .cards(&CardFilter::default())?
        .into_iter()
        .filter(|c| !c.suspended)
        .map(|c| (queue_pos(&c, qs.order), c.state))
        .collect();
    Ok(plan::forecast(PlanInput {
        cards,
        today: ctx.today(),
        interview,
        budget: qs.budget,
        done: store.today_counts(ctx.today())?,
        free_order: qs.order == crate::settings::NewOrder::Themes,
        max_interval: ctx.settings.max_interval.value,
    }))
}

pub fn plan(ctx: &Context, args: &PlanArgs) -> Result<String> {
    let today = ctx.today();
    if let Some(date) = args.interview {
        check_interview_date(date, today)?;
    }
    let decks = super::load_decks(ctx)?;
    let store = open_store(ctx, decks)?;
    if args.clear {
        store.set_interview_date(None)?;
    } else if let Some(date) = args.interview {
        store.set_interview_date(Some(date))?;
    }
    let sctx = study_context(ctx, &store)?;
    let qs = QueueSettings::from(ctx);
    let interview = sctx.interview.filter(|d| *d > today);
    let q = today_queue(&store, &CardFilter::default(), &sctx, qs)?;
    let f = forecast(ctx, &store, interview, qs)?;
    let report = PlanReport {
        today,
        interview: sctx.interview,
        days_left: sctx.interview.map(|d| (d - today).num_days()),
        unseen: store.unseen_count()?,
        new_per_day: q.new_quota,
        assumed_grade: plan::FORECAST_GRADE,
        reviews_per_day: qs.budget.reviews_per_day,
        hard_cap: qs.budget.hard_cap,
        days: f.days,
        final_review_days: f.final_review_days,
        never_reviewed: f.never_reviewed,
        peak: f.peak,
        readiness: readiness(&store, sctx.interview, today)?,
    };
    if args.json {
        return json(&report);
    }
    Ok(render_plan(&report))
}

/// The plan as text: the no-date and date-passed cases, or the header, table and notes.
fn render_plan(report: &PlanReport) -> String {
    let unseen = report.unseen;
    let Some(date) = report.interview else {
        return format!(
            "No interview date set ({unseen} card(s) not seen yet). `ecsdrill plan --interview YYYY-MM-DD` sets one.\n"
        );
    };
    if date < report.today {
        return format!(
            "The interview on {date} has passed; reviews are scheduled as usual again. `ecsdrill plan --clear` removes it.\n"
        );
    }
    if date == report.today {
        let ready = report
            .readiness
            .as_ref()
            .map_or(String::new(), |r| format!(" {}.", readiness_line(r)));
        return format!("The interview is today ({date}); nothing is scheduled for it.{ready}\n");
    }
    let window = interview::final_window(date);
    let (first, last) = window.map_or((date, date), |w| (*w.start(), *w.end()));
    let mut text = format!(
        "Interview on {date}: {} day(s) away. {unseen} card(s) not seen yet; new cards per day: {} \
         (every card introduced by {}).\nFinal window: {first} to {last}. A review that would fall due \
         later lands on the least-loaded day of the window, so every card gets a final review there; \
         the interview day stays free. The forecast assumes every card is graded {}.\n",
        report.days_left.unwrap_or(0),
        report.new_per_day,
        date - Days::new(plan::INTRO_LEAD_DAYS),
        plan::FORECAST_GRADE,
    );
    text += &plan_table(report);
    text += &plan_notes(report, first..=last);
    text
}

fn plan_table(report: &PlanReport) -> String {
    let mut t = table(&["Day", "Date", "Reviews", "New", "Total", "Over limit"]);
    let over = |n: usize| match (n, report.hard_cap) {
        (0, _) => String::new(),
        (n, false) => format!("+{n} (limit raised)"),
        (n, true) => format!("{n} left over"),
    };
    for (i, d) in report.days.iter().enumerate() {
        t.add_row(vec![
            (i + 1).to_string(),
            d.date.format("%a %Y-%m-%d").to_string(),
            d.reviews.to_string(),
            d.new.to_string(),
            d.total.to_string(),
            over(d.over_limit),
        ]);
    }
    let sum = |f: fn(&DayPlan) -> usize| report.days.iter().map(f).sum::<usize>().to_string();
    t.add_row(vec![
        "All".to_string(),
        String::new(),
        sum(|d| d.reviews),
        sum(|d| d.new),
        sum(|d| d.total),
        String::new(),
    ]);
    format!("{t}\n")
}

/// Peak day, the limit, final reviews in the window, readiness now.
fn plan_notes(report: &PlanReport, window: std::ops::RangeInclusive<NaiveDate>) -> String {
    let mut text = String::new();
    if let Some(p) = report.peak {
        text += &format!(
            "Peak: {} with {} card(s).\n",
            p.date.format("%a %Y-%m-%d"),
            p.total
        );
    }
    let over_days = report.days.iter().filter(|d| d.over_limit > 0).count();
    if over_days > 0 && report.hard_cap {
        text += &format!(
            "reviews_per_day = {} is a hard cap (you set it): {over_days} day(s) leave reviews over; \
             those cards may miss their final review. Raise it, or unset it to let the plan raise it.\n",
            report.reviews_per_day
        );
    } else if over_days > 0 {
        text += &format!(
            "The review limit ({}) is raised on {over_days} day(s) to what the plan needs \
             (set reviews_per_day yourself to make it a hard cap).\n",
            report.reviews_per_day
        );
    }
    let in_window: usize = report
        .final_review_days
        .iter()
        .filter(|c| window.contains(&c.date))
        .map(|c| c.cards)
        .sum();
    let cards = report.never_reviewed
        + report
            .final_review_days
            .iter()
            .map(|c| c.cards)
            .sum::<usize>();
    text += &format!("Final review in the window: {in_window} of {cards} card(s).\n");
    if let Some(r) = &report.readiness {
        text += &format!("Ready now: {}.\n", readiness_line(r));
    }
    text
}
