//! Progress as a portable document: every card's schedule and the whole review log, for
//! `export-progress` (backups, moving to another machine) and `import-progress` (merging).
//!
//! Import adds the reviews the database does not have (by review id) and recomputes each card
//! of the file from the replay of its merged log, in short transactions of whole cards: a run
//! killed between them leaves every card consistent, and running it again finishes the job.

use super::ids::{LegacyIds, LegacyKey};
use super::reviews::{Mode, day_text, write_state};
use super::{INTERVIEW_DATE, OnProgress, Store};
use super::{parse_day, parse_instant, required_day};
use crate::error::Result;
use crate::scheduler::Grade;
use crate::scheduler::history::{self, Logged, Replayed, Scheduling};
use chrono::{DateTime, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const PROGRESS_FORMAT: &str = "ecsdrill-progress";
/// 2: reviews carry their `id` and `placed_due`, cards their `failures`. Version 1 files are
/// still read; their reviews get the deterministic ids an upgraded database gives them.
pub const PROGRESS_VERSION: u32 = 2;

/// Review rows written per transaction on import, so other commands wait at most briefly.
const IMPORT_BATCH: usize = 2000;

/// One card's schedule. Only cards that were graded or suspended are exported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardProgress {
    pub id: String,
    pub reps: u32,
    pub interval_days: u32,
    /// Hundredths: 250 is EF 2.50.
    pub ease: u16,
    pub due: Option<NaiveDate>,
    pub lapses: u32,
    pub last_review: Option<NaiveDate>,
    pub suspended: bool,
    #[serde(default)]
    pub failures: u32,
}

/// One review-log row, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewRecord {
    /// Absent in version 1 files.
    #[serde(default)]
    pub id: Option<String>,
    pub reviewed_at: String,
    pub study_day: NaiveDate,
    pub card_id: String,
    pub phase: u8,
    pub topic: String,
    pub kind: String,
    pub grade: u8,
    pub mode: Mode,
    pub scheduled: bool,
    #[serde(default)]
    pub placed_due: Option<NaiveDate>,
    pub old_reps: u32,
    pub old_interval: u32,
    pub old_ease: u16,
    pub old_due: Option<NaiveDate>,
    pub old_lapses: u32,
    pub old_last_review: Option<NaiveDate>,
    pub old_suspended: bool,
    pub new_reps: u32,
    pub new_interval: u32,
    pub new_ease: u16,
    pub new_due: Option<NaiveDate>,
    pub new_lapses: u32,
    pub undone: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub format: String,
    pub version: u32,
    pub exported_at: String,
    pub interview_date: Option<NaiveDate>,
    pub cards: Vec<CardProgress>,
    pub reviews: Vec<ReviewRecord>,
}

impl Progress {
    /// Gives version-1 reviews the deterministic ids a database upgraded to schema 3 gives
    /// them, and their logged cap (the recorded due day), so both copies merge.
    pub fn assign_legacy_ids(&mut self) {
        let mut legacy = LegacyIds::default();
        for r in self.reviews.iter_mut().filter(|r| r.id.is_none()) {
            r.id = Some(legacy.next(&LegacyKey {
                card_id: r.card_id.clone(),
                reviewed_at: r.reviewed_at.clone(),
                grade: r.grade,
                mode: r.mode.as_str().to_string(),
            }));
            if r.scheduled && r.placed_due.is_none() {
                r.placed_due = r.new_due;
            }
        }
    }
}

/// The reviews of one card in a file (with their place in it) and whether the file has the
/// card suspended.
type CardEntry<'a> = (Vec<(usize, &'a ReviewRecord)>, bool);

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCounts {
    /// Cards of the file recomputed from their merged log.
    pub cards: usize,
    pub reviews: usize,
    /// Review rows already in the database (same review id).
    pub duplicate_reviews: usize,
    /// Cards (and their reviews) no loaded deck has; they are left out.
    pub unknown_cards: usize,
    pub unknown_reviews: usize,
}

const REVIEW_COLUMNS: &str = "uid, reviewed_at, study_day, card_id, phase, topic, kind, grade,
    mode, scheduled, placed_due, old_reps, old_interval, old_ease, old_due, old_lapses,
    old_last_review, old_suspended, new_reps, new_interval, new_ease, new_due, new_lapses, undone";

fn review_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ReviewRecord> {
    Ok(ReviewRecord {
        id: r.get(0)?,
        reviewed_at: r.get(1)?,
        study_day: required_day(r.get(2)?, "study_day")?,
        card_id: r.get(3)?,
        phase: r.get(4)?,
        topic: r.get(5)?,
        kind: r.get(6)?,
        grade: r.get(7)?,
        mode: r.get(8)?,
        scheduled: r.get(9)?,
        placed_due: parse_day(r.get(10)?, "placed_due")?,
        old_reps: r.get(11)?,
        old_interval: r.get(12)?,
        old_ease: r.get(13)?,
        old_due: parse_day(r.get(14)?, "old_due")?,
        old_lapses: r.get(15)?,
        old_last_review: parse_day(r.get(16)?, "old_last_review")?,
        old_suspended: r.get(17)?,
        new_reps: r.get(18)?,
        new_interval: r.get(19)?,
        new_ease: r.get(20)?,
        new_due: parse_day(r.get(21)?, "new_due")?,
        new_lapses: r.get(22)?,
        undone: r.get(23)?,
    })
}

/// A card's standing log in replay order: by the instant of each grade, then by review id. The
/// order is the same in every copy of a history: new grades of a card get strictly increasing
/// instants ([`Store::grade`]), and old rows sharing an instant have ids in written order. A
/// row whose instant, day or grade is unreadable is an error naming it (doctor reports it).
///
/// (`+undone` keeps SQLite on the card index: the `undone` index would scan every standing
/// review for each card.)
pub(super) fn replay_card(c: &Connection, card_id: &str) -> rusqlite::Result<Replayed> {
    let mut stmt = c.prepare_cached(
        "SELECT reviewed_at, grade, study_day, scheduled, placed_due, uid FROM reviews
         WHERE card_id = ?1 AND +undone = 0",
    )?;
    type Keyed = ((DateTime<chrono::FixedOffset>, Option<String>), Logged);
    let mut log: Vec<Keyed> = stmt
        .query_map([card_id], |r| {
            let at: String = r.get(0)?;
            let grade: u8 = r.get(1)?;
            let grade = Grade::new(grade)
                .ok_or_else(|| super::bad_row(format!("review of {card_id}: grade {grade}")))?;
            let scheduled: bool = r.get(3)?;
            Ok((
                (parse_instant(&at, "reviewed_at")?, r.get(5)?),
                Logged {
                    grade,
                    study_day: required_day(r.get(2)?, "study_day")?,
                    scheduling: if scheduled {
                        Scheduling::Moves
                    } else {
                        Scheduling::Stays
                    },
                    placed_due: parse_day(r.get(4)?, "placed_due")?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    log.sort_by(|(a, _), (b, _)| a.cmp(b));
    Ok(history::replay(log.iter().map(|(_, l)| l)))
}

impl Store {
    pub fn export_progress(&self, exported_at: String) -> Result<Progress> {
        self.export_progress_reporting(exported_at, &mut |_, _| {})
    }

    /// [`Store::export_progress`], telling `on_progress` the review rows read so far.
    pub fn export_progress_reporting(
        &self,
        exported_at: String,
        on_progress: OnProgress<'_>,
    ) -> Result<Progress> {
        let mut cards = self
            .conn
            .prepare(
                "SELECT id, reps, interval_days, ease, due, lapses, last_review, suspended,
                   failures
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
                    due: parse_day(r.get(4)?, "due")?,
                    lapses: r.get(5)?,
                    last_review: parse_day(r.get(6)?, "last_review")?,
                    suspended: r.get(7)?,
                    failures: r.get(8)?,
                })
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.err(e))?;
        let mut reviews = self
            .conn
            .prepare(&format!("SELECT {REVIEW_COLUMNS} FROM reviews ORDER BY id"))
            .map_err(|e| self.err(e))?;
        let total: i64 = self
            .conn
            .query_row("SELECT count(*) FROM reviews", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        let total = u64::try_from(total).unwrap_or(0);
        let mut read = 0;
        let reviews = reviews
            .query_map([], |r| {
                read += 1;
                if read % 10_000 == 0 {
                    on_progress(read, total);
                }
                review_from_row(r)
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.err(e))?;
        Ok(Progress {
            format: PROGRESS_FORMAT.to_string(),
            version: PROGRESS_VERSION,
            exported_at,
            interview_date: self.interview_date()?,
            cards,
            reviews,
        })
    }

    /// Merges `p` (already validated, every review with an id): adds the reviews not already
    /// here, then recomputes each card of the file from its merged log. Suspensions are
    /// merged too (a card suspended in either copy stays suspended); the interview date is
    /// taken when the file has one.
    pub fn import_progress(&self, p: &Progress) -> Result<ImportCounts> {
        self.import_progress_reporting(p, &mut |_, _| {})
    }

    /// [`Store::import_progress`], telling `on_progress` the review rows handled so far.
    pub fn import_progress_reporting(
        &self,
        p: &Progress,
        on_progress: OnProgress<'_>,
    ) -> Result<ImportCounts> {
        let mut counts = ImportCounts::default();
        let mut by_card: BTreeMap<&str, CardEntry<'_>> = BTreeMap::new();
        for (i, r) in p.reviews.iter().enumerate() {
            by_card.entry(&r.card_id).or_default().0.push((i, r));
        }
        for c in &p.cards {
            by_card.entry(&c.id).or_default().1 |= c.suspended;
        }
        let mut batch: Vec<(&str, &CardEntry<'_>)> = Vec::new();
        let (mut rows, mut done, total) = (0, 0, p.reviews.len() as u64);
        for (card, entry) in &by_card {
            rows += entry.0.len() + 1;
            done += entry.0.len() as u64;
            batch.push((card, entry));
            if rows >= IMPORT_BATCH {
                self.write(|c| self.import_batch(c, &batch, &mut counts))?;
                batch.clear();
                rows = 0;
                on_progress(done, total);
            }
        }
        self.write(|c| {
            self.import_batch(c, &batch, &mut counts)?;
            if let Some(date) = p.interview_date {
                c.execute(
                    "INSERT INTO meta (key, value) VALUES (?1, ?2)
                     ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    params![INTERVIEW_DATE, date.to_string()],
                )
                .map_err(|e| self.err(e))?;
            }
            Ok(())
        })?;
        Ok(counts)
    }

    /// Adds the missing reviews of whole cards, in the file's order, and recomputes those
    /// cards, in the caller's transaction.
    fn import_batch(
        &self,
        c: &Connection,
        batch: &[(&str, &CardEntry<'_>)],
        counts: &mut ImportCounts,
    ) -> Result<()> {
        let err = |e| self.err(e);
        let mut insert = c
            .prepare_cached(&format!(
                "INSERT OR IGNORE INTO reviews ({REVIEW_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6,
                   ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,
                   ?23, ?24)"
            ))
            .map_err(err)?;
        let mut known = Vec::with_capacity(batch.len());
        let mut rows: Vec<&(usize, &ReviewRecord)> = Vec::new();
        for (card_id, (reviews, suspend)) in batch {
            let suspended: Option<bool> = c
                .query_row(
                    "SELECT suspended FROM cards WHERE id = ?1",
                    [card_id],
                    |r| r.get(0),
                )
                .optional()
                .map_err(err)?;
            match suspended {
                Some(s) => {
                    known.push((*card_id, s || *suspend));
                    rows.extend(reviews);
                }
                None => {
                    counts.unknown_cards += 1;
                    counts.unknown_reviews += reviews.len();
                }
            }
        }
        rows.sort_by_key(|(i, _)| *i);
        for (_, r) in rows {
            let added = insert
                .execute(params![
                    r.id,
                    r.reviewed_at,
                    r.study_day.to_string(),
                    r.card_id,
                    r.phase,
                    r.topic,
                    r.kind,
                    r.grade,
                    r.mode,
                    r.scheduled,
                    day_text(r.placed_due),
                    r.old_reps,
                    r.old_interval,
                    r.old_ease,
                    day_text(r.old_due),
                    r.old_lapses,
                    day_text(r.old_last_review),
                    r.old_suspended,
                    r.new_reps,
                    r.new_interval,
                    r.new_ease,
                    day_text(r.new_due),
                    r.new_lapses,
                    r.undone
                ])
                .map_err(err)?;
            if added == 1 {
                counts.reviews += 1;
            } else {
                counts.duplicate_reviews += 1;
            }
        }
        for (card_id, suspended) in known {
            let state = replay_card(c, card_id).map_err(err)?;
            write_state(c, card_id, &state, suspended).map_err(err)?;
            counts.cards += 1;
        }
        Ok(())
    }
}
