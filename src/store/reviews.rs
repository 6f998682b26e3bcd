//! The review log: recording a grade (one transaction), today's counts, history, undo.

use super::Store;
use crate::error::Result;
use crate::scheduler::plan::TodayCounts;
use crate::scheduler::{CardState, Ease};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{OptionalExtension, params};

/// Why a grade was given; stored in the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Drill,
    /// A card shown again in the same session after a grade < 4; the schedule is not moved.
    Repeat,
    /// `ecsdrill grade ID GRADE`.
    Grade,
    Quiz,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Drill => "drill",
            Mode::Repeat => "repeat",
            Mode::Grade => "grade",
            Mode::Quiz => "quiz",
        }
    }
}

/// One grade to record. When `old == new` and `!scheduled`, the card's row is left alone.
#[derive(Debug, Clone)]
pub struct NewReview<'a> {
    pub card_id: &'a str,
    pub phase: u8,
    pub topic: &'a str,
    pub kind: &'a str,
    pub reviewed_at: DateTime<FixedOffset>,
    pub study_day: NaiveDate,
    pub grade: u8,
    pub mode: Mode,
    pub scheduled: bool,
    pub old: &'a CardState,
    pub new: &'a CardState,
    pub old_suspended: bool,
    pub new_suspended: bool,
}

/// One row of a card's history.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ReviewRow {
    pub reviewed_at: String,
    pub study_day: String,
    pub grade: u8,
    pub mode: String,
    pub old_interval: u32,
    pub new_interval: u32,
    pub new_ease: u16,
    pub undone: bool,
}

/// A grade taken back by [`Store::undo_last`].
#[derive(Debug, Clone, PartialEq)]
pub struct UndoneReview {
    pub card_id: String,
    pub grade: u8,
    pub mode: String,
    pub restored: CardState,
}

fn day_text(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

impl Store {
    /// Writes the card's new state and the log row in one transaction.
    pub fn record_review(&mut self, r: &NewReview<'_>) -> Result<()> {
        let path = self.path.clone();
        let err = |source| crate::error::Error::Database {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(err)?;
        tx.execute(
            "INSERT INTO reviews (reviewed_at, study_day, card_id, phase, topic, kind, grade, mode,
               scheduled, old_reps, old_interval, old_ease, old_due, old_lapses, old_last_review,
               old_suspended, new_reps, new_interval, new_ease, new_due, new_lapses)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
               ?18, ?19, ?20, ?21)",
            params![
                r.reviewed_at.to_rfc3339(),
                r.study_day.to_string(),
                r.card_id,
                r.phase,
                r.topic,
                r.kind,
                r.grade,
                r.mode.as_str(),
                r.scheduled,
                r.old.reps,
                r.old.interval_days,
                r.old.ease.0,
                day_text(r.old.due),
                r.old.lapses,
                day_text(r.old.last_review),
                r.old_suspended,
                r.new.reps,
                r.new.interval_days,
                r.new.ease.0,
                day_text(r.new.due),
                r.new.lapses,
            ],
        )
        .map_err(err)?;
        if r.scheduled || r.old_suspended != r.new_suspended {
            write_state(&tx, r.card_id, r.new, r.new_suspended).map_err(err)?;
        }
        tx.commit().map_err(err)
    }

    /// Counts the scheduled grades of `day`.
    pub fn today_counts(&self, day: NaiveDate) -> Result<TodayCounts> {
        self.conn
            .query_row(
                "SELECT coalesce(sum(old_due IS NOT NULL), 0), coalesce(sum(old_due IS NULL), 0)
                 FROM reviews WHERE study_day = ?1 AND scheduled = 1 AND undone = 0",
                [day.to_string()],
                |r| {
                    Ok(TodayCounts {
                        reviews: r.get(0)?,
                        new: r.get(1)?,
                    })
                },
            )
            .map_err(|e| self.err(e))
    }

    /// Every study day with at least one standing grade, newest first.
    pub fn study_days(&self) -> Result<Vec<NaiveDate>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT study_day FROM reviews WHERE undone = 0 ORDER BY study_day DESC",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(|e| self.err(e))?;
        let days = rows
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))?;
        Ok(days.iter().filter_map(|d| d.parse().ok()).collect())
    }

    /// A card's history, oldest first, undone grades included (and marked).
    pub fn history(&self, card_id: &str) -> Result<Vec<ReviewRow>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT reviewed_at, study_day, grade, mode, old_interval, new_interval, new_ease,
                   undone
                 FROM reviews WHERE card_id = ?1 ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([card_id], |r| {
                Ok(ReviewRow {
                    reviewed_at: r.get(0)?,
                    study_day: r.get(1)?,
                    grade: r.get(2)?,
                    mode: r.get(3)?,
                    old_interval: r.get(4)?,
                    new_interval: r.get(5)?,
                    new_ease: r.get(6)?,
                    undone: r.get(7)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// Takes back the most recent grade of `day` that is not undone yet: the card gets its
    /// exact previous state back and the log row is marked undone (never deleted).
    pub fn undo_last(&mut self, day: NaiveDate) -> Result<Option<UndoneReview>> {
        let path = self.path.clone();
        let err = |source| crate::error::Error::Database {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(err)?;
        let last = tx
            .query_row(
                "SELECT id, card_id, grade, mode, scheduled, old_reps, old_interval, old_ease,
                   old_due, old_lapses, old_last_review, old_suspended
                 FROM reviews WHERE study_day = ?1 AND undone = 0 ORDER BY id DESC LIMIT 1",
                [day.to_string()],
                |r| {
                    let state = CardState {
                        reps: r.get(5)?,
                        interval_days: r.get(6)?,
                        ease: Ease(r.get(7)?),
                        due: r.get::<_, Option<String>>(8)?.and_then(|s| s.parse().ok()),
                        lapses: r.get(9)?,
                        last_review: r.get::<_, Option<String>>(10)?.and_then(|s| s.parse().ok()),
                    };
                    Ok((
                        r.get::<_, i64>(0)?,
                        UndoneReview {
                            card_id: r.get(1)?,
                            grade: r.get(2)?,
                            mode: r.get(3)?,
                            restored: state,
                        },
                        r.get::<_, bool>(4)?,
                        r.get::<_, bool>(11)?,
                    ))
                },
            )
            .optional()
            .map_err(err)?;
        let Some((row_id, undone, scheduled, suspended)) = last else {
            return Ok(None);
        };
        if scheduled {
            write_state(&tx, &undone.card_id, &undone.restored, suspended).map_err(err)?;
        } else {
            tx.execute(
                "UPDATE cards SET suspended = ?2 WHERE id = ?1",
                params![undone.card_id, suspended],
            )
            .map_err(err)?;
        }
        tx.execute("UPDATE reviews SET undone = 1 WHERE id = ?1", [row_id])
            .map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(Some(undone))
    }
}

fn write_state(
    tx: &rusqlite::Transaction<'_>,
    card_id: &str,
    s: &CardState,
    suspended: bool,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE cards SET reps = ?2, interval_days = ?3, ease = ?4, due = ?5, lapses = ?6,
           last_review = ?7, suspended = ?8 WHERE id = ?1",
        params![
            card_id,
            s.reps,
            s.interval_days,
            s.ease.0,
            day_text(s.due),
            s.lapses,
            day_text(s.last_review),
            suspended,
        ],
    )
    .map(drop)
}
