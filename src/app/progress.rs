//! `export-progress FILE` and `import-progress FILE`: the schedule and review log as one JSON
//! document, for backups and for moving to another machine.

use super::bar::Bar;
use super::{Context, json, open_store, open_store_to_read, output_target, write_atomically};
use crate::error::{Error, Located, Result};
use crate::store::{Progress, progress_problem};
use chrono::SecondsFormat;
use std::path::Path;

pub fn export(ctx: &Context, file: &Path) -> Result<String> {
    // Refuse a folder, FIFO or device before any work (bad input writes nothing).
    output_target(file)?;
    let decks = super::load_decks(ctx)?;
    let store = open_store_to_read(ctx, decks)?;
    let mut bar = Bar::new("exporting reviews");
    let progress = store.export_progress_reporting(
        ctx.now.to_rfc3339_opts(SecondsFormat::Secs, true),
        &mut |done, total| bar.update(done, total),
    )?;
    drop(bar);
    write_atomically(file, json(&progress)?.as_bytes())?;
    Ok(format!(
        "exported {} card schedule(s) and {} review(s) to {}\n",
        progress.cards.len(),
        progress.reviews.len(),
        file.display()
    ))
}

pub fn import(ctx: &Context, file: &Path) -> Result<String> {
    let origin = file.display().to_string();
    let reader = std::fs::File::open(file).map_err(|source| Error::Io {
        path: file.to_path_buf(),
        source,
    })?;
    // Parsed straight from the file: the text is never held next to the document.
    let mut progress: Progress =
        serde_json::from_reader(std::io::BufReader::new(reader)).map_err(|e| {
            if e.is_io() {
                return Error::Invalid(format!("not a valid progress file ({e}): {origin}"));
            }
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
    if let Some(problem) = progress_problem(&progress) {
        return Err(Error::Invalid(format!("{problem}: {origin}")));
    }
    progress.assign_legacy_ids();
    let decks = super::load_decks(ctx)?;
    let store = open_store(ctx, decks)?;
    let mut bar = Bar::new("importing reviews");
    let n =
        store.import_progress_reporting(&progress, &mut |done, total| bar.update(done, total))?;
    drop(bar);
    let mut text = format!(
        "imported {} review(s) and recomputed {} card(s) from their merged history, from {origin}",
        n.reviews, n.cards
    );
    if n.duplicate_reviews > 0 {
        text += &format!("; {} review(s) were already here", n.duplicate_reviews);
    }
    text.push('\n');
    if n.unknown_cards > 0 {
        text += &format!(
            "skipped {} card(s) and {} review(s) of cards no loaded deck has (add their decks with --decks and import again)\n",
            n.unknown_cards, n.unknown_reviews
        );
    }
    Ok(text)
}
