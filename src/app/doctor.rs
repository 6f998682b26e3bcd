//! `ecsdrill doctor [--repair]`: checks the database and says in plain words what it found;
//! `--repair` first writes a backup copy, then recomputes drifted cards from their log.

use super::Context;
use crate::error::{Error, Result};
use crate::store::{Access, DoctorReport, SCHEMA_VERSION, Store};
use chrono::SecondsFormat;

fn describe(r: &DoctorReport) -> String {
    let mut t = format!(
        "database: {} card(s), {} review(s), schema version {} (this build: {})\n",
        r.cards, r.reviews, r.schema_version, SCHEMA_VERSION
    );
    if r.integrity.is_empty() {
        t += "SQLite integrity check: ok\n";
    } else {
        t += "SQLite integrity check found damage:\n";
        for line in &r.integrity {
            t += &format!("  {line}\n");
        }
    }
    t += &match r.drifted.len() {
        0 => "every card's schedule matches the replay of its review log\n".to_string(),
        n => format!(
            "{n} card(s) have a schedule that differs from the replay of their review log: {}\n",
            r.drifted.join(", ")
        ),
    };
    if r.orphan_reviews > 0 {
        t += &format!(
            "{} review(s) belong to cards this database does not have\n",
            r.orphan_reviews
        );
    }
    if r.missing_ids > 0 {
        t += &format!("{} review(s) have no valid review id\n", r.missing_ids);
    }
    for id in &r.duplicate_ids {
        t += &format!("review id {id} is used by more than one review\n");
    }
    for b in &r.bad_rows {
        t += &format!("damaged row: {}: {}\n", b.row, b.problem);
    }
    t
}

/// Returns the report, and an error (exit 1) after it when problems remain.
pub fn doctor(ctx: &Context, repair: bool) -> Result<(String, Option<Error>)> {
    let access = if repair { Access::Write } else { Access::Read };
    let store = Store::open_for(&ctx.db_path, access)?;
    let report = store.doctor()?;
    let mut text = describe(&report);
    let mut remaining = report.problems();
    if repair && !report.drifted.is_empty() {
        let stamp = ctx
            .now
            .to_rfc3339_opts(SecondsFormat::Secs, true)
            .replace(':', "");
        let name = ctx
            .db_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let backup = ctx
            .db_path
            .with_file_name(format!("{name}.bak-doctor-{stamp}"));
        store.backup_to(&backup)?;
        store.recompute(&report.drifted)?;
        let after = store.doctor()?;
        text += &format!(
            "repaired: {} card(s) recomputed from their log (a copy from before is at {})\n",
            report.drifted.len(),
            backup.display()
        );
        remaining = after.problems();
    }
    if remaining == 0 {
        text += "healthy\n";
        return Ok((text, None));
    }
    Ok((
        text,
        Some(Error::ProblemsFound {
            path: ctx.db_path.clone(),
            count: remaining,
            hint: if repair || report.drifted.is_empty() {
                ""
            } else {
                "; `ecsdrill doctor --repair` recomputes the drifted cards"
            },
        }),
    ))
}
