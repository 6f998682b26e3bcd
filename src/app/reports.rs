//! Progress commands: `stats`, `report` (the weak-topic report) and `mastery`.
//!
//! Each one loads the decks, syncs the store, asks the store for its aggregates, lets
//! [`crate::report`] build the model and renders it to a `String`.

use super::modes::readiness;
use super::study_cmds::{QueueSettings, today_queue};
use super::{Context, json, open_store_to_read, output_target, study_context, write_atomically};
use crate::cli::{ReportArgs, ReportFormat, StatsArgs};
use crate::error::{Error, Result};
use crate::report::interview::{Backlog, interview_block};
use crate::report::{self, Report, ReportInput, StatsInput, render, trend};
use crate::store::{CardFilter, Store};
use chrono::{NaiveDate, SecondsFormat};
use std::path::Path;

pub fn stats(ctx: &Context, args: &StatsArgs) -> Result<String> {
    let decks = super::load_decks(ctx)?;
    let store = open_store_to_read(ctx, decks)?;
    let today = ctx.today();
    let (total_reviews, study_days, _) = store.review_totals()?;
    let weekly = match args.phase {
        Some(phase) => Some(report::stats::Weekly {
            phase,
            weeks: store.weekly_grades(phase)?,
        }),
        None => None,
    };
    let model = report::stats(StatsInput {
        today,
        phases: store.phase_counts(today, report::window_start(today))?,
        forecast: store.due_forecast(today, report::FORECAST_DAYS)?,
        total_reviews,
        study_days,
        weekly,
    });
    Ok(if args.json {
        json(&model)?
    } else {
        render::stats_text(&model)
    })
}

/// Refuses an `--out` that names a directory, or anything else that is not a regular file
/// (FIFO, device), before anything is read or written.
fn check_out(path: &Path) -> Result<()> {
    let trailing_slash = path.as_os_str().to_string_lossy().ends_with('/');
    if path.is_dir() || trailing_slash || path.file_name().is_none() {
        return Err(Error::Invalid(format!(
            "--out must name a file, not a directory: {}",
            path.display()
        )));
    }
    output_target(path).map(drop)
}

pub fn report(ctx: &Context, args: &ReportArgs) -> Result<String> {
    if let Some(out) = &args.out {
        check_out(out)?;
    }
    let today = ctx.today();
    let from = match args.since {
        Some(d) if d > today => {
            return Err(Error::Invalid(format!(
                "--since {d} is after today's study day {today}"
            )));
        }
        Some(d) => d,
        None => report::window_start(today),
    };
    let decks = super::load_decks(ctx)?;
    let store = open_store_to_read(ctx, decks)?;
    let model = report_model(ctx, &store, today, from)?;
    let text = match args.format {
        ReportFormat::Table => render::text::report_table(&model),
        ReportFormat::Md => render::markdown::report_md(&model),
        ReportFormat::Csv => render::csv::report_csv(&model)?,
        ReportFormat::Json => json(&model)?,
        ReportFormat::Html => render::html::report_html(&model),
    };
    match &args.out {
        None => Ok(text),
        Some(path) => {
            write_atomically(path, text.as_bytes())?;
            Ok(format!("wrote {}\n", path.display()))
        }
    }
}

/// Loads every aggregate the weak-topic report needs and builds the model.
fn report_model(ctx: &Context, store: &Store, today: NaiveDate, from: NaiveDate) -> Result<Report> {
    let threshold = ctx.settings.leech_threshold.value;
    let (total_reviews, study_days, first_review) = store.review_totals()?;
    let topics = store.topic_counts(today, from, threshold)?;
    let phases = store.phase_counts(today, from)?;
    let trend_start = trend::start(from, today);
    let weeks = trend::weeks(trend_start, today);
    let trend = trend::trend(
        weeks.clone(),
        &phases.iter().map(|p| p.phase).collect::<Vec<_>>(),
        &store.weekly_retention(today, trend_start)?,
        &store.maturity_at(&trend::week_ends(&weeks, today))?,
        phases.iter().map(|p| p.cards).sum(),
    );
    let sctx = study_context(ctx, store)?;
    let q = today_queue(
        store,
        &CardFilter::default(),
        &sctx,
        QueueSettings::from(ctx),
    )?;
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let backlog = Backlog::new(
        count(q.due),
        count(q.reviews),
        store.today_counts(today)?.reviews,
    );
    let interview = match sctx.interview {
        Some(date) => Some(interview_block(
            date,
            today,
            readiness(store, Some(date), today)?,
        )),
        None => None,
    };
    let heatmap_start = report::heatmap_start(today, first_review);
    Ok(report::report(ReportInput {
        generated_at: ctx.now.to_rfc3339_opts(SecondsFormat::Secs, true),
        today,
        window_start: from,
        leech_threshold: threshold,
        topics,
        weakest: store.weakest_cards(report::WEAKEST_PER_TOPIC)?,
        phases,
        heatmap_start,
        days: store.daily_reviews(heatmap_start, today)?,
        study_days,
        total_reviews,
        trend,
        backlog,
        interview,
    }))
}

pub fn mastery(ctx: &Context, as_json: bool) -> Result<String> {
    let decks = super::load_decks(ctx)?;
    let store = open_store_to_read(ctx, decks)?;
    let model = report::mastery(&store.mastery_cards()?, store.interview_date()?);
    Ok(if as_json {
        json(&model)?
    } else {
        render::mastery_text(&model)
    })
}
