//! Progress as a portable document: every card's schedule and the whole review log, for
//! `export-progress` (backups, moving to another machine) and `import-progress` (restoring).

use super::{INTERVIEW_DATE, Store};
use crate::error::Result;
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

pub const PROGRESS_FORMAT: &str = "ecsdrill-progress";
pub const PROGRESS_VERSION: u32 = 1;

/// One card's schedule. Only cards that were graded or suspended are exported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardProgress {
    pub id: String,
    pub reps: u32,
    pub interval_days: u32,
    /// Hundredths: 250 is EF 2.50.
    pub ease: u16,
    pub due: Option<String>,
    pub lapses: u32,
    pub last_review: Option<String>,
    pub suspended: bool,
}

/// One review-log row, exactly as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewRecord {
    pub reviewed_at: String,
    pub study_day: String,
    pub card_id: String,
    pub phase: u8,
    pub topic: String,
    pub kind: String,
    pub grade: u8,
    pub mode: String,
    pub scheduled: bool,
    pub old_reps: u32,
    pub old_interval: u32,
    pub old_ease: u16,
    pub old_due: Option<String>,
    pub old_lapses: u32,
    pub old_last_review: Option<String>,
    pub old_suspended: bool,
    pub new_reps: u32,
    pub new_interval: u32,
    pub new_ease: u16,
    pub new_due: Option<String>,
    pub new_lapses: u32,
    pub undone: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub format: String,
    pub version: u32,
    pub exported_at: String,
    pub interview_date: Option<String>,
    pub cards: Vec<CardProgress>,
    pub reviews: Vec<ReviewRecord>,
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCounts {
    pub cards: usize,
    pub reviews: usize,
    /// Review rows already in the database (same instant, card, grade and mode).
    pub duplicate_reviews: usize,
    /// Cards (and their reviews) no loaded deck has; they are left out.
    pub unknown_cards: usize,
    pub unknown_reviews: usize,
}

const REVIEW_COLUMNS: &str = "reviewed_at, study_day, card_id, phase, topic, kind, grade, mode,
    scheduled, old_reps, old_interval, old_ease, old_due, old_lapses, old_last_review,
    old_suspended, new_reps, new_interval, new_ease, new_due, new_lapses, undone";

impl Store {
    pub fn export_progress(&self, exported_at: String) -> Result<Progress> {
        let mut cards = self
            .conn
            .prepare(
                "SELECT id, reps, interval_days, ease, due, lapses, last_review, suspended
                 FROM cards WHERE last_review IS NOT NULL OR suspended = 1 ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        let cards = cards
            .query_map([], |r| {
                Ok(CardProgress {
                    id: r.get(0)?,
                    reps: r.get(1)?,
                    interval_days: r.get(2)?,
                    ease: r.get(3)?,
                    due: r.get(4)?,
                    lapses: r.get(5)?,
                    last_review: r.get(6)?,
                    suspended: r.get(7)?,
                })
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.err(e))?;
        let mut reviews = self
            .conn
            .prepare(&format!("SELECT {REVIEW_COLUMNS} FROM reviews ORDER BY id"))
            .map_err(|e| self.err(e))?;
        let reviews = reviews
            .query_map([], |r| {
                Ok(ReviewRecord {
                    reviewed_at: r.get(0)?,
                    study_day: r.get(1)?,
                    card_id: r.get(2)?,
                    phase: r.get(3)?,
                    topic: r.get(4)?,
                    kind: r.get(5)?,
                    grade: r.get(6)?,
                    mode: r.get(7)?,
                    scheduled: r.get(8)?,
                    old_reps: r.get(9)?,
                    old_interval: r.get(10)?,
                    old_ease: r.get(11)?,
                    old_due: r.get(12)?,
                    old_lapses: r.get(13)?,
                    old_last_review: r.get(14)?,
                    old_suspended: r.get(15)?,
                    new_reps: r.get(16)?,
                    new_interval: r.get(17)?,
                    new_ease: r.get(18)?,
                    new_due: r.get(19)?,
                    new_lapses: r.get(20)?,
                    undone: r.get(21)?,
                })
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.err(e))?;
        Ok(Progress {
            format: PROGRESS_FORMAT.to_string(),
            version: PROGRESS_VERSION,
            exported_at,
            interview_date: self.meta(INTERVIEW_DATE)?,
            cards,
            reviews,
        })
    }

    /// Restores `p` in one transaction: each known card takes the exported schedule; review rows
    /// not already present are added; the interview date is taken when the file has one.
    pub fn import_progress(&mut self, p: &Progress) -> Result<ImportCounts> {
        let path = self.path.clone();
        let err = |source| crate::error::Error::Database {
            path: path.clone(),
            source,
        };
        let mut counts = ImportCounts::default();
        let tx = self.conn.transaction().map_err(err)?;
        {
            let mut known = tx
                .prepare("SELECT 1 FROM cards WHERE id = ?1")
                .map_err(err)?;
            let mut set_card = tx
                .prepare(
                    "UPDATE cards SET reps = ?2, interval_days = ?3, ease = ?4, due = ?5,
                       lapses = ?6, last_review = ?7, suspended = ?8 WHERE id = ?1",
                )
                .map_err(err)?;
            for c in &p.cards {
                if set_card
                    .execute(params![
                        c.id,
                        c.reps,
                        c.interval_days,
                        c.ease,
                        c.due,
                        c.lapses,
                        c.last_review,
                        c.suspended
                    ])
                    .map_err(err)?
                    == 0
                {
                    counts.unknown_cards += 1;
                } else {
                    counts.cards += 1;
                }
            }
            let mut seen = tx
                .prepare(
                    "SELECT 1 FROM reviews WHERE reviewed_at = ?1 AND card_id = ?2 AND grade = ?3
                       AND mode = ?4",
                )
                .map_err(err)?;
            let mut insert = tx
                .prepare(&format!(
                    "INSERT INTO reviews ({REVIEW_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,
                       ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)"
                ))
                .map_err(err)?;
            for r in &p.reviews {
                if known
                    .query_row([&r.card_id], |_| Ok(()))
                    .optional()
                    .map_err(err)?
                    .is_none()
                {
                    counts.unknown_reviews += 1;
                    continue;
                }
                let present = seen
                    .query_row(params![r.reviewed_at, r.card_id, r.grade, r.mode], |_| {
                        Ok(())
                    })
                    .optional()
                    .map_err(err)?
                    .is_some();
                if present {
                    counts.duplicate_reviews += 1;
                    continue;
                }
                insert
                    .execute(params![
                        r.reviewed_at,
                        r.study_day,
                        r.card_id,
                        r.phase,
                        r.topic,
                        r.kind,
                        r.grade,
                        r.mode,
                        r.scheduled,
                        r.old_reps,
                        r.old_interval,
                        r.old_ease,
                        r.old_due,
                        r.old_lapses,
                        r.old_last_review,
                        r.old_suspended,
                        r.new_reps,
                        r.new_interval,
                        r.new_ease,
                        r.new_due,
                        r.new_lapses,
                        r.undone
                    ])
                    .map_err(err)?;
                counts.reviews += 1;
            }
            if let Some(date) = &p.interview_date {
                tx.execute(
                    "INSERT INTO meta (key, value) VALUES (?1, ?2)
                     ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    params![INTERVIEW_DATE, date],
                )
                .map_err(err)?;
            }
        }
        tx.commit().map_err(err)?;
        Ok(counts)
    }
}
