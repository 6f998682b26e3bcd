//! Read-only commands: status, decks, cards, show, check, config.

use super::modes::{readiness, readiness_line};
use super::study_cmds::{QueueSettings, TodayQueue, backlog_suffix, today_queue};
use super::{
    Context, card_filter, json, keep_whole, known_card, open_store_to_read, study_context, table,
};
use crate::cli::Filter;
use crate::deck::{self, DeckSources};
use crate::error::{Error, Result};
use crate::safe_text::for_terminal;
use crate::scheduler::CardStatus;
use crate::scheduler::interview::Readiness;
use crate::scheduler::streak::streak;
use crate::store::{CardFilter, CardRecord, Store};
use crate::study::StudyContext;
use chrono::NaiveDate;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

/// How long after the interview `status` still mentions it.
const PASSED_NOTICE_DAYS: i64 = 7;

#[derive(Serialize)]
struct Status {
    today: NaiveDate,
    /// Every review due now.
    due: usize,
    /// Reviews `drill` would serve now (the day's limit applied).
    session_reviews: usize,
    /// Due reviews the limit leaves for `drill --all` / `--limit`.
    more: usize,
    /// New cards `drill` would introduce now.
    new: usize,
    reviewed_today: u32,
    new_today: u32,
    /// The next day with reviews due after today, and how many.
    next_review: Option<NaiveDate>,
    next_review_count: u32,
    /// Consecutive study days with at least one grade, ending today (or yesterday).
    streak: u32,
    interview: Option<NaiveDate>,
    days_to_interview: Option<i64>,
    /// New cards a day right now: the setting, or more to finish before the interview.
    new_per_day: u32,
    /// With an interview ahead (or today): the cards ready for it and the topics that lag.
    readiness: Option<Readiness>,
    leeches: Vec<String>,
}

/// The store, the grade context and today's whole queue: what `status` and its short forms
/// read.
fn load_today(ctx: &Context) -> Result<(Store, StudyContext, TodayQueue)> {
    let decks = super::load_decks(ctx)?;
    let store = open_store_to_read(ctx, decks)?;
    let sctx = study_context(ctx, &store)?;
    let q = today_queue(
        &store,
        &CardFilter::default(),
        &sctx,
        QueueSettings::from(ctx),
    )?;
    Ok((store, sctx, q))
}

pub fn status(ctx: &Context, as_json: bool) -> Result<String> {
    let (store, sctx, q) = load_today(ctx)?;
    let today = sctx.today;
    let done = store.today_counts(today)?;
    let next = store.next_due(today)?;
    let leeches = store.leech_ids(sctx.leech_threshold)?;
    let s = Status {
        today,
        due: q.due,
        session_reviews: q.reviews,
        more: q.due.saturating_sub(q.reviews),
        new: q.new,
        next_review: next.map(|(d, _)| d),
        next_review_count: next.map_or(0, |(_, n)| n),
        reviewed_today: done.reviews,
        new_today: done.new,
        streak: streak(today, |day| store.studied_on(day))?,
        interview: sctx.interview,
        days_to_interview: sctx.interview.map(|d| (d - today).num_days()),
        new_per_day: q.new_quota,
        readiness: readiness(&store, sctx.interview, today)?,
        leeches,
    };
    if as_json {
        return json(&s);
    }
    let mut text = format!(
        "{}\n  reviews:     {} due · this session {}{}\n  new cards:   {}\n  done today:  {} review(s), {} new\n  streak:      {} day(s)\n",
        console::style(format!("Study day {}", s.today)).bold(),
        s.due,
        s.session_reviews,
        backlog_suffix(&q),
        s.new,
        s.reviewed_today,
        s.new_today,
        s.streak
    );
    if let Some(d) = s.next_review {
        text += &format!("  next:        {} review(s) on {d}\n", s.next_review_count);
    }
    text += &interview_lines(&s);
    if !s.leeches.is_empty() {
        text += &format!("  leeches:     {}\n", s.leeches.join(", "));
    }
    Ok(text)
}

/// The interview countdown and readiness; "passed" for a week after the date, then nothing.
fn interview_lines(s: &Status) -> String {
    let (Some(d), Some(n)) = (s.interview, s.days_to_interview) else {
        return String::new();
    };
    let mut text = match n {
        1.. => format!(
            "  interview:   {d} ({n} day(s) away; {} new card(s) a day)\n",
            s.new_per_day
        ),
        0 => format!("  interview:   today ({d}); good luck\n"),
        n if n >= -PASSED_NOTICE_DAYS => {
            format!("  interview:   on {d} passed (`ecsdrill plan --clear` removes it)\n")
        }
        _ => String::new(),
    };
    if let Some(r) = &s.readiness {
        text += &format!("  ready:       {}\n", readiness_line(r));
    }
    text
}

/// Today in three numbers: reviews due, new cards `drill` would introduce, and the streak.
struct Today {
    day: NaiveDate,
    due: usize,
    new: usize,
    streak: u32,
}

fn today_numbers(ctx: &Context) -> Result<Today> {
    let (store, sctx, q) = load_today(ctx)?;
    Ok(Today {
        day: sctx.today,
        due: q.due,
        new: q.new,
        streak: streak(sctx.today, |day| store.studied_on(day))?,
    })
}

/// `status --short`: one line for a shell prompt or a tmux status bar. A prompt must never
/// show an error, so any failure gives an empty line instead (and exit 0).
pub fn status_short(ctx: &Context) -> String {
    today_numbers(ctx).map_or_else(
        |_| String::new(),
        |t| {
            format!(
                "ecsdrill: {} due · {} new · streak {}\n",
                t.due, t.new, t.streak
            )
        },
    )
}

/// Bare `ecsdrill`: today's numbers and the command to run next.
pub fn overview(ctx: &Context) -> String {
    let mut text =
        String::from("ecsdrill: spaced-repetition drills for AWS ECR & ECS interviews\n");
    match today_numbers(ctx) {
        Ok(t) => {
            text += &format!(
                "Today ({}): {} due · {} new · streak {} day(s)\n",
                t.day, t.due, t.new, t.streak
            );
            text += if t.due + t.new > 0 {
                "Next: ecsdrill drill\n"
            } else {
                "Next: ecsdrill quiz --weak (nothing is due; cram your weakest cards)\n"
            };
        }
        Err(e) => text += &format!("Today: unavailable ({})\n", e.lines().join("; ")),
    }
    text += "More: ecsdrill status · plan · report · decks · cards --grep TEXT · ecsdrill help\n";
    text
}

pub fn decks(ctx: &Context, as_json: bool) -> Result<String> {
    let decks = super::load_decks(ctx)?;
    let store = open_store_to_read(ctx, decks)?;
    let rows = store.topic_summaries(ctx.today())?;
    if as_json {
        return json(&rows);
    }
    let mut t = table(&[
        "Phase", "Topic", "Title", "Cards", "QA", "Gotcha", "Scen.", "New", "Due",
    ]);
    for r in &rows {
        t.add_row(vec![
            r.phase.to_string(),
            r.topic.clone(),
            for_terminal(&r.title).into_owned(),
            r.cards.to_string(),
            r.qa.to_string(),
            r.gotcha.to_string(),
            r.scenario.to_string(),
            r.new.to_string(),
            r.due.to_string(),
        ]);
    }
    keep_whole(&mut t, Some(2));
    let total: u32 = rows.iter().map(|r| r.cards).sum();
    Ok(format!("{t}\n{} topics, {total} cards\n", rows.len()))
}

#[derive(Serialize)]
struct StateJson {
    status: &'static str,
    reps: u32,
    interval_days: u32,
    ease: f64,
    due: Option<NaiveDate>,
    lapses: u32,
    last_review: Option<NaiveDate>,
    leech: bool,
}

#[derive(Serialize)]
struct CardJson<'a> {
    id: &'a str,
    phase: u8,
    topic: &'a str,
    topic_title: &'a str,
    source: &'a str,
    kind: &'static str,
    level: Option<&'static str>,
    q: &'a str,
    a: &'a str,
    more: Option<&'a str>,
    tags: &'a [String],
    state: StateJson,
}

fn card_json(c: &CardRecord, threshold: u32) -> CardJson<'_> {
    CardJson {
        id: &c.id,
        phase: c.phase,
        topic: &c.topic,
        topic_title: &c.topic_title,
        source: &c.source,
        kind: c.kind.as_str(),
        level: c.level.map(|l| l.as_str()),
        q: &c.q,
        a: &c.a,
        more: c.more.as_deref(),
        tags: &c.tags,
        state: StateJson {
            status: status_word(c),
            reps: c.state.reps,
            interval_days: c.state.interval_days,
            ease: c.state.ease.as_f64(),
            due: c.state.due,
            lapses: c.state.lapses,
            last_review: c.state.last_review,
            leech: c.failures >= threshold,
        },
    }
}

/// Writes one item of a pretty JSON array exactly as `serde_json::to_string_pretty` lays out
/// the whole array: "[" before the first, ",", each item's lines indented by two spaces.
fn write_array_item<T: Serialize>(out: &mut dyn Write, item: &T, first: bool) -> Result<()> {
    let text = serde_json::to_string_pretty(item).unwrap_or_else(|_| "null".into());
    out.write_all(if first { b"[\n" } else { b",\n" })?;
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
        }
        out.write_all(b"  ")?;
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

fn status_word(c: &CardRecord) -> &'static str {
    CardStatus::of(c.suspended, !c.state.is_new(), c.state.interval_days).schedule_word()
}

/// True when `needle` (already lowercase) is in the card's question, answer or tags.
fn card_matches(c: &CardRecord, needle: &str) -> bool {
    [c.q.as_str(), c.a.as_str()]
        .into_iter()
        .chain(c.tags.iter().map(String::as_str))
        .any(|text| text.to_lowercase().contains(needle))
}

/// `cards`: a table, or with `--json` an array written to `out` one card at a time (50,000
/// cards would otherwise take ~100 MB as records and text at once).
pub fn cards(
    ctx: &Context,
    filter: &Filter,
    grep: Option<&str>,
    as_json: bool,
    out: &mut dyn Write,
) -> Result<String> {
    let decks = super::load_decks(ctx)?;
    let filter = card_filter(&decks, filter)?;
    let store = open_store_to_read(ctx, decks)?;
    let threshold = ctx.settings.leech_threshold.value;
    let needle = grep.map(str::to_lowercase);
    let keep = |c: &CardRecord| needle.as_deref().is_none_or(|n| card_matches(c, n));
    if as_json {
        let mut out = std::io::BufWriter::new(out);
        let mut first = true;
        store.each_card(&filter, |c| {
            if keep(&c) {
                write_array_item(&mut out, &card_json(&c, threshold), first)?;
                first = false;
            }
            Ok(())
        })?;
        out.write_all(if first { b"[]\n" } else { b"\n]\n" })?;
        out.flush()?;
        return Ok(String::new());
    }
    let mut cards = store.cards(&filter)?;
    cards.retain(|c| keep(c));
    let mut t = table(&["Id", "Kind", "Status", "Due", "Interval", "EF", "Lapses"]);
    for c in &cards {
        t.add_row(vec![
            c.id.clone(),
            c.kind.as_str().to_string(),
            status_word(c).to_string(),
            c.state.due.map_or("-".into(), |d| d.to_string()),
            c.state.interval_days.to_string(),
            c.state.ease.to_string(),
            c.state.lapses.to_string(),
        ]);
    }
    keep_whole(&mut t, None);
    Ok(format!("{t}\n{} card(s)\n", cards.len()))
}

pub fn show(ctx: &Context, id: &str) -> Result<String> {
    let decks = super::load_decks(ctx)?;
    known_card(&decks, id)?;
    let store = open_store_to_read(ctx, decks)?;
    let c = store
        .card(id)?
        .ok_or_else(|| Error::UnknownCard(id.to_string()))?;
    // On a terminal, Markdown card text is rendered; in a pipe it stays as written.
    let body = |t: &str| match ctx.terminal_width {
        Some(w) => crate::session::markdown::to_lines(t, w.clamp(20, 100)).join("\n"),
        None => for_terminal(t).into_owned(),
    };
    let mut text = format!(
        "{}\nPhase {} · {} · {}{}\nRe-read: {}\n\nQ: {}\n\nA: {}\n",
        c.id,
        c.phase,
        for_terminal(&c.topic_title),
        c.kind.as_str(),
        c.level
            .map_or(String::new(), |l| format!(" · {}", l.as_str())),
        for_terminal(&c.source),
        body(&c.q),
        match ctx.terminal_width {
            Some(w) =>
                crate::session::markdown::to_lines_with_keys(&c.a, w.clamp(20, 100), &c.keys)
                    .join("\n"),
            None => body(&c.a),
        }
    );
    if let Some(more) = &c.more {
        text += &format!("\nMore:\n{}\n", body(more));
    }
    let mut labels = Vec::new();
    if !c.tags.is_empty() {
        labels.push(format!("Tags: {}\n", for_terminal(&c.tags.join(", "))));
    }
    if !c.keys.is_empty() {
        labels.push(format!(
            "Key terms: {}\n",
            for_terminal(&c.keys.join(" · "))
        ));
    }
    if !labels.is_empty() {
        text += &format!("\n{}", labels.concat());
    }
    text += &format!(
        "\nSchedule: {} · due {} · interval {} day(s) · EF {} · reps {} · lapses {} · failures {}\n",
        status_word(&c),
        c.state.due.map_or("-".into(), |d| d.to_string()),
        c.state.interval_days,
        c.state.ease,
        c.state.reps,
        c.state.lapses,
        c.failures
    );
    let history = store.history(id)?;
    if history.is_empty() {
        text += "No reviews yet.\n";
    } else {
        let mut t = table(&["When", "Day", "Grade", "Mode", "Interval", "EF"]);
        for h in &history {
            t.add_row(vec![
                h.reviewed_at.clone(),
                h.study_day.clone(),
                h.grade.to_string(),
                if h.undone {
                    format!("{} (undone)", h.mode.as_str())
                } else {
                    h.mode.as_str().to_string()
                },
                format!("{} -> {}", h.old_interval, h.new_interval),
                crate::scheduler::Ease(h.new_ease).to_string(),
            ]);
        }
        text += &format!("{t}\n");
    }
    Ok(text)
}

pub fn check(ctx: &Context, paths: Vec<PathBuf>) -> Result<String> {
    let sources = if paths.is_empty() {
        ctx.decks.clone()
    } else {
        DeckSources {
            builtin: false,
            paths,
        }
    };
    let set = deck::load(&sources)?;
    let cards: usize = set.decks.iter().map(|d| d.cards.len()).sum();
    let mut text = format!("ok: {} deck(s), {cards} card(s)\n", set.decks.len());
    if !set.skipped_links.is_empty() {
        let links: Vec<String> = set
            .skipped_links
            .iter()
            .map(|p| crate::safe_text::for_terminal(&p.display().to_string()).into_owned())
            .collect();
        text += &format!(
            "skipped {} symlinked folder(s), not followed (name them with --decks to load them): {}\n",
            links.len(),
            links.join(", ")
        );
    }
    Ok(text)
}

#[derive(Serialize)]
struct ConfigEntry<'a> {
    key: &'a str,
    value: String,
    origin: &'a crate::settings::Origin,
}

pub fn config(ctx: &Context, as_json: bool) -> Result<String> {
    let entries: Vec<ConfigEntry<'_>> = ctx
        .settings
        .effective()
        .into_iter()
        .map(|(key, value, origin)| ConfigEntry { key, value, origin })
        .collect();
    if as_json {
        return json(&serde_json::json!({
            "config_file": ctx.config_file,
            "database": ctx.db_path,
            "deck_paths": ctx.decks.paths,
            "user_decks": ctx.user_decks,
            "settings": entries,
        }));
    }
    let mut t = table(&["Setting", "Value", "From"]);
    for e in &entries {
        t.add_row(vec![
            e.key.to_string(),
            e.value.clone(),
            e.origin.to_string(),
        ]);
    }
    let file = ctx
        .config_file
        .as_ref()
        .map_or("(none)".to_string(), |p| p.display().to_string());
    let user_decks = ctx.user_decks.as_ref().map_or("(none)".to_string(), |p| {
        let state = if p.is_dir() {
            ""
        } else {
            " (created by `ecsdrill add`)"
        };
        format!("{}{state}", p.display())
    });
    Ok(format!(
        "{t}\nconfig file: {file}\ndatabase:    {}\nyour decks:  {user_decks}\n",
        ctx.db_path.display()
    ))
}
