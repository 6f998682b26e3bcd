//! `doctor`: what can be wrong with a database, found without changing it, and the one repair
//! that is always safe: recomputing each card's state from its review log.

use super::cards::{CARD_COLUMNS, card_from_row};
use super::progress::replay_card;
use super::reviews::{Mode, write_state};
use super::{SCHEMA_VERSION, Store, ids};
use crate::deck::Kind;
use crate::error::{Error, Result};
use crate::scheduler::history::Replayed;
use chrono::{DateTime, NaiveDate};
use rusqlite::Connection;
use std::path::Path;

/// One stored row that does not hold what its columns promise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// "card t/a" or "review 12 (uid ...)".
    pub row: String,
    pub problem: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DoctorReport {
    /// What SQLite's `integrity_check` said, when not "ok".
    pub integrity: Vec<String>,
    pub schema_version: i64,
    pub cards: usize,
    pub reviews: usize,
    /// Cards whose stored state differs from the replay of their log.
    pub drifted: Vec<String>,
    /// Review rows of cards the database does not have.
    pub orphan_reviews: usize,
    /// Review ids held by more than one row, and rows with no or a malformed id.
    pub duplicate_ids: Vec<String>,
    pub missing_ids: usize,
    pub bad_rows: Vec<RowProblem>,
}

impl DoctorReport {
    pub fn problems(&self) -> usize {
        self.integrity.len()
            + usize::from(self.schema_version != SCHEMA_VERSION)
            + self.drifted.len()
            + self.orphan_reviews
            + self.duplicate_ids.len()
            + self.missing_ids
            + self.bad_rows.len()
    }
}

/// A stored day column: NULL, or a date.
fn is_day(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(|d| d.parse::<NaiveDate>().is_ok())
}

fn check_review(row: &rusqlite::Row<'_>) -> rusqlite::Result<Option<String>> {
    let at: String = row.get(2)?;
    let day: Option<String> = Some(row.get(3)?);
    let mode: String = row.get(4)?;
    let kind: String = row.get(5)?;
    let dates: [Option<String>; 4] = [row.get(6)?, row.get(7)?, row.get(8)?, row.get(9)?];
    Ok(if DateTime::parse_from_rfc3339(&at).is_err() {
        Some(format!("reviewed_at {at:?} is not an instant"))
    } else if !is_day(&day) || !dates.iter().all(is_day) {
        Some("a day column is not a date".to_string())
    } else if Mode::parse(&mode).is_none() {
        Some(format!("unknown mode {mode:?}"))
    } else if Kind::parse(&kind).is_none() {
        Some(format!("unknown kind {kind:?}"))
    } else {
        None
    })
}

impl Store {
    /// Examines the whole database; writes nothing.
    pub fn doctor(&self) -> Result<DoctorReport> {
        let err = |e| self.err(e);
        let mut report = DoctorReport {
            schema_version: self
                .conn
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .map_err(err)?,
            ..DoctorReport::default()
        };
        let mut stmt = self.conn.prepare("PRAGMA integrity_check").map_err(err)?;
        report.integrity = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(err)?
            .into_iter()
            .filter(|l| l != "ok")
            .collect();
        self.check_reviews(&mut report)?;
        let drifted = self.drifted_cards(&mut report)?;
        report.drifted = drifted;
        Ok(report)
    }

    fn check_reviews(&self, report: &mut DoctorReport) -> Result<()> {
        let err = |e| self.err(e);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, uid, reviewed_at, study_day, mode, kind, placed_due, old_due,
                   new_due, old_last_review, card_id IN (SELECT id FROM cards)
                 FROM reviews ORDER BY id",
            )
            .map_err(err)?;
        let mut rows = stmt.query([]).map_err(err)?;
        while let Some(row) = rows.next().map_err(err)? {
            report.reviews += 1;
            let id: i64 = row.get(0).map_err(err)?;
            let uid: Option<String> = row.get(1).map_err(err)?;
            if !uid.as_deref().is_some_and(ids::is_review_id) {
                report.missing_ids += 1;
            }
            if !row.get::<_, bool>(10).map_err(err)? {
                report.orphan_reviews += 1;
            }
            if let Some(problem) = check_review(row).map_err(err)? {
                report.bad_rows.push(RowProblem {
                    row: format!("review {id}"),
                    problem,
                });
            }
        }
        let mut dup = self
            .conn
            .prepare(
                "SELECT uid FROM reviews WHERE uid IS NOT NULL GROUP BY uid HAVING count(*) > 1",
            )
            .map_err(err)?;
        report.duplicate_ids = dup
            .query_map([], |r| r.get(0))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<String>>>())
            .map_err(err)?;
        Ok(())
    }

    /// Cards whose stored state is not the replay of their log (bad rows are reported, not
    /// compared).
    fn drifted_cards(&self, report: &mut DoctorReport) -> Result<Vec<String>> {
        let err = |e| self.err(e);
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {CARD_COLUMNS} FROM cards c LEFT JOIN topics t ON t.slug = c.topic
                 ORDER BY c.id"
            ))
            .map_err(err)?;
        let mut rows = stmt.query([]).map_err(err)?;
        let mut drifted = Vec::new();
        while let Some(row) = rows.next().map_err(err)? {
            report.cards += 1;
            let id: String = row.get(0).map_err(err)?;
            // The conversion every command uses, so doctor flags exactly the rows they fail on.
            // A row's own get() can only fail on its content, which is the problem reported.
            match card_from_row(row) {
                Err(e) => {
                    let text =
                        super::bad_value_text(&e).map_or_else(|| e.to_string(), str::to_string);
                    let prefix = format!("card {id}: ");
                    report.bad_rows.push(RowProblem {
                        problem: text.strip_prefix(&prefix).unwrap_or(&text).to_string(),
                        row: format!("card {id}"),
                    });
                }
                Ok(card) => {
                    let stored = Replayed {
                        state: card.state,
                        failures: card.failures,
                    };
                    match replay_card(&self.conn, &id) {
                        Ok(replayed) if replayed == stored => {}
                        Ok(_) => drifted.push(id),
                        Err(e) => report.bad_rows.push(RowProblem {
                            row: format!("reviews of card {id}"),
                            problem: e.to_string(),
                        }),
                    }
                }
            }
        }
        Ok(drifted)
    }

    /// Sets each of `cards` to the replay of its log, a few hundred cards per transaction.
    pub fn recompute(&self, cards: &[String]) -> Result<()> {
        for chunk in cards.chunks(500) {
            self.write(|c: &Connection| {
                for id in chunk {
                    let state = replay_card(c, id).map_err(|e| self.err(e))?;
                    let suspended: bool = c
                        .query_row("SELECT suspended FROM cards WHERE id = ?1", [id], |r| {
                            r.get(0)
                        })
                        .map_err(|e| self.err(e))?;
                    write_state(c, id, &state, suspended).map_err(|e| self.err(e))?;
                }
                Ok(())
            })?;
        }
        Ok(())
    }

    /// A consistent copy of the whole database (WAL content included) at `to`, a new file.
    pub fn backup_to(&self, to: &Path) -> Result<()> {
        if to.exists() {
            return Err(Error::Invalid(format!(
                "backup file already exists: {}",
                to.display()
            )));
        }
        self.conn
            .execute("VACUUM INTO ?1", [to.to_string_lossy()])
            .map(drop)
            .map_err(|e| self.err(e))
    }
}
