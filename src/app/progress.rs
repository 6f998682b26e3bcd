//! `export-progress FILE` and `import-progress FILE`: the schedule and review log as one JSON
//! document, for backups and for moving to another machine.

use super::{Context, json, open_store, write_atomically};
use crate::deck;
use crate::error::{Error, Located, Result};
use crate::store::{PROGRESS_FORMAT, PROGRESS_VERSION, Progress};
use chrono::{NaiveDate, SecondsFormat};
use std::path::Path;

pub fn export(ctx: &Context, file: &Path) -> Result<String> {
    if file.is_dir() {
        return Err(Error::Invalid(format!(
            "export-progress needs a file name, not a directory: {}",
            file.display()
        )));
    }
    let decks = deck::load(&ctx.decks)?;
    let store = open_store(ctx, &decks)?;
    let progress = store.export_progress(ctx.now.to_rfc3339_opts(SecondsFormat::Secs, true))?;
    write_atomically(file, json(&progress).as_bytes())?;
    Ok(format!(
        "exported {} card schedule(s) and {} review(s) to {}\n",
        progress.cards.len(),
        progress.reviews.len(),
        file.display()
    ))
}

/// Checks what serde cannot: the format tag, the version, grades, EF and dates.
fn validate(origin: &str, p: &Progress) -> Result<()> {
    let bad = |msg: String| Err(Error::Invalid(format!("{msg}: {origin}")));
    if p.format != PROGRESS_FORMAT {
        return bad(format!(
            "not an ecsdrill progress file (format {:?})",
            p.format
        ));
    }
    if p.version > PROGRESS_VERSION {
        return bad(format!(
            "progress file version {} is newer than this ecsdrill understands ({PROGRESS_VERSION})",
            p.version
        ));
    }
    let is_date = |d: &Option<String>| d.as_deref().is_none_or(|d| d.parse::<NaiveDate>().is_ok());
    for c in &p.cards {
        if c.ease < 130 || !is_date(&c.due) || !is_date(&c.last_review) {
            return bad(format!("card {} has an impossible schedule", c.id));
        }
    }
    for r in &p.reviews {
        if r.grade > 5 || !is_date(&Some(r.study_day.clone())) {
            return bad(format!(
                "review of {} at {} has an impossible grade or day",
                r.card_id, r.reviewed_at
            ));
        }
    }
    if !is_date(&p.interview_date) {
        return bad("interview_date is not YYYY-MM-DD".to_string());
    }
    Ok(())
}

pub fn import(ctx: &Context, file: &Path) -> Result<String> {
    let origin = file.display().to_string();
    let text = std::fs::read_to_string(file).map_err(|source| Error::Io {
        path: file.to_path_buf(),
        source,
    })?;
    let progress: Progress = serde_json::from_str(&text).map_err(|e| {
        let (line, col) = (e.line(), e.column());
        Error::Invalid(
            Located {
                file: origin.clone(),
                line,
                col,
                msg: format!("not a valid progress file ({e})"),
            }
            .to_string(),
        )
    })?;
    validate(&origin, &progress)?;
    let decks = deck::load(&ctx.decks)?;
    let mut store = open_store(ctx, &decks)?;
    let n = store.import_progress(&progress)?;
    let mut text = format!(
        "imported {} card schedule(s) and {} review(s) from {origin}",
        n.cards, n.reviews
    );
    if n.duplicate_reviews > 0 {
        text += &format!("; {} review(s) were already here", n.duplicate_reviews);
    }
    text.push('\n');
    if n.unknown_cards + n.unknown_reviews > 0 {
        text += &format!(
            "skipped {} card(s) and {} review(s) of cards no loaded deck has (add their decks with --decks and import again)\n",
            n.unknown_cards, n.unknown_reviews
        );
    }
    Ok(text)
}
