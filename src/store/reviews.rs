//! The review log: the one answering operation ([`Store::grade`]), today's counts, history,
//! undo by review id.

use super::{Store, ids, parse_day, parse_instant};
use crate::clock::{Clock, study_day};
use crate::error::{Error, Result};
use crate::scheduler::balance::Balancer;
use crate::scheduler::history::{self, LeechRule, Logged, Replayed};
use crate::scheduler::interview::final_window;
use crate::scheduler::plan::TodayCounts;
use crate::scheduler::{CardState, Ease, Grade};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{Connection, OptionalExtension, params};

pub use crate::scheduler::history::Scheduling;

/// Why a grade was given; stored in the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

    pub fn parse(s: &str) -> Option<Mode> {
        [Mode::Drill, Mode::Repeat, Mode::Grade, Mode::Quiz]
            .into_iter()
            .find(|m| m.as_str() == s)
    }
}

impl ToSql for Mode {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for Mode {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let s = value.as_str()?;
        Mode::parse(s).ok_or_else(|| FromSqlError::Other(super::bad_value(format!("mode {s:?}"))))
    }
}

/// One answer to record. The store reads the card's current state inside its write
/// transaction and applies the transition to that, never to a copy the caller holds.
#[derive(Clone, Copy)]
pub struct GradeRequest<'a> {
    pub card_id: &'a str,
    pub grade: Grade,
    pub mode: Mode,
    pub scheduling: Scheduling,
    /// Read once per answer, inside the write lock, so the log's order is the commit order.
    pub clock: &'a dyn Clock,
    pub day_starts_at: NaiveTime,
    /// An interview date: while it is ahead, the final-window balancer places the review.
    pub interview: Option<NaiveDate>,
    pub leech: LeechRule,
    /// The `max_interval` setting. A shorter interval than SM-2's is logged as `placed_due`
    /// (like the balancer's placement), so the replay of the log gives the same state even
    /// after the setting changes.
    pub max_interval: u32,
}

/// What one recorded answer did.
#[derive(Debug, Clone, PartialEq)]
pub struct GradeOutcome {
    /// The id of the review row written: what undo takes back.
    pub review_id: String,
    pub reviewed_at: DateTime<FixedOffset>,
    pub before: CardState,
    pub state: CardState,
    pub failures: u32,
    /// The answer made the card a leech (its failures reached the threshold just now).
    pub became_leech: bool,
    pub suspended: bool,
}

/// One row of a card's history.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ReviewRow {
    pub id: String,
    pub reviewed_at: String,
    pub study_day: String,
    pub grade: u8,
    pub mode: Mode,
    pub old_interval: u32,
    pub new_interval: u32,
    pub new_ease: u16,
    pub undone: bool,
}

/// A grade taken back.
#[derive(Debug, Clone, PartialEq)]
pub struct UndoneReview {
    pub review_id: String,
    pub card_id: String,
    pub grade: u8,
    pub mode: Mode,
    pub restored: CardState,
}

/// What an undo by id did.
#[derive(Debug, Clone, PartialEq)]
pub enum UndoOutcome {
    Undone(UndoneReview),
    /// No review has that id.
    NotFound,
    AlreadyUndone,
    /// The card was graded again after that review (by another process): taking it back
    /// would throw the later grade away, so nothing was changed.
    Superseded {
        card_id: String,
    },
}

pub(super) fn day_text(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

/// A stored EF, or an error naming it when it is under the floor.
fn checked_ease(hundredths: u16) -> rusqlite::Result<Ease> {
    Ease::new(hundredths)
        .ok_or_else(|| super::bad_row(format!("review old_ease {hundredths} is under 130")))
}

impl Store {
    /// Records one answer in a single `BEGIN IMMEDIATE` transaction: re-reads the card, applies
    /// the pure transition and the leech rule, writes the card and its review row.
    pub fn grade(&self, req: &GradeRequest<'_>) -> Result<GradeOutcome> {
        self.write(|c| {
            let card = self
                .card(req.card_id)?
                .ok_or_else(|| Error::UnknownCard(req.card_id.to_string()))?;
            let mut at = req.clock.now();
            if let Some(last) = self.last_review_instant(c, req.card_id)?
                && last >= at
            {
                // Each grade of a card gets a later instant than the card's last one (a fixed
                // or stepped-back clock), so ordering the log by time is its commit order.
                at = last + chrono::Duration::microseconds(1);
            }
            let day = study_day(at, req.day_starts_at);
            let before = Replayed {
                state: card.state.clone(),
                failures: card.failures,
            };
            let mut logged = Logged {
                grade: req.grade,
                study_day: day,
                scheduling: req.scheduling,
                placed_due: None,
            };
            let natural = history::answer(&before, &logged);
            if req.scheduling == Scheduling::Moves
                && let Some(natural_due) = natural.state.due
            {
                let capped = history::capped_due(day, natural_due, req.max_interval);
                let placed = match self.balancer(day, req.interview)? {
                    Some(balancer) => balancer.place(day, capped),
                    None => capped,
                };
                logged.placed_due = Some(placed).filter(|d| *d != natural_due);
            }
            let after = history::answer(&before, &logged);
            let (became_leech, suspended) =
                history::leech(req.leech, before.failures, after.failures, card.suspended);
            let review_id = ids::new_review_id(at);
            let moves = req.scheduling == Scheduling::Moves;
            c.execute(
                "INSERT INTO reviews (uid, reviewed_at, study_day, card_id, phase, topic, kind,
                   grade, mode, scheduled, placed_due, old_reps, old_interval, old_ease, old_due,
                   old_lapses, old_last_review, old_suspended, new_reps, new_interval, new_ease,
                   new_due, new_lapses)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                   ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
                params![
                    review_id,
                    at.to_rfc3339(),
                    day.to_string(),
                    card.id,
                    card.phase,
                    card.topic,
                    card.kind.as_str(),
                    req.grade.value(),
                    req.mode,
                    moves,
                    day_text(logged.placed_due),
                    before.state.reps,
                    before.state.interval_days,
                    before.state.ease.0,
                    day_text(before.state.due),
                    before.state.lapses,
                    day_text(before.state.last_review),
                    card.suspended,
                    after.state.reps,
                    after.state.interval_days,
                    after.state.ease.0,
                    day_text(after.state.due),
                    after.state.lapses,
                ],
            )
            .map_err(|e| self.err(e))?;
            if moves || suspended != card.suspended {
                write_state(c, req.card_id, &after, suspended).map_err(|e| self.err(e))?;
            }
            Ok(GradeOutcome {
                review_id,
                reviewed_at: at,
                before: before.state,
                state: after.state,
                failures: after.failures,
                became_leech,
                suspended,
            })
        })
    }

    /// The final-window balancer for a grade given on `today`, with the load as stored now;
    /// `None` when no interview is ahead.
    pub fn balancer(
        &self,
        today: NaiveDate,
        interview: Option<NaiveDate>,
    ) -> Result<Option<Balancer>> {
        let Some(interview) = interview.filter(|d| *d > today) else {
            return Ok(None);
        };
        let load = match final_window(interview) {
            Some(w) => self.due_load(*w.start(), *w.end())?,
            None => Default::default(),
        };
        Ok(Some(Balancer::new(interview, load)))
    }

    fn last_review_instant(
        &self,
        c: &Connection,
        card_id: &str,
    ) -> Result<Option<DateTime<FixedOffset>>> {
        let mut stmt = c
            .prepare_cached("SELECT reviewed_at FROM reviews WHERE card_id = ?1")
            .map_err(|e| self.err(e))?;
        let instants = stmt
            .query_map([card_id], |r| {
                parse_instant(&r.get::<_, String>(0)?, "reviewed_at")
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.err(e))?;
        Ok(instants.into_iter().max())
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

    /// Cards whose latest standing grade of `day` was below 4: failed today and not yet
    /// passed again, so a later drill of the same day serves them first (same-day relearning
    /// that survives quitting). In the order they were last graded.
    pub fn relearning_ids(&self, day: NaiveDate) -> Result<Vec<String>> {
        self.stats_rows(
            "SELECT r.card_id FROM reviews r
             WHERE r.study_day = ?1 AND r.undone = 0 AND r.id = (
               SELECT max(x.id) FROM reviews x
               WHERE x.card_id = r.card_id AND x.study_day = ?1 AND +x.undone = 0)
               AND r.grade < 4
             ORDER BY r.id",
            [day.to_string()],
            |r| r.get(0),
        )
    }

    /// The instants of the latest `limit` standing grades, oldest first: the session's pace
    /// (see [`crate::scheduler::pace`]). Unreadable instants are skipped; the pace only needs
    /// most of them.
    pub fn recent_review_instants(&self, limit: u32) -> Result<Vec<DateTime<FixedOffset>>> {
        let mut instants: Vec<_> = self
            .stats_rows(
                // `+undone`: walk the log back from its end, not every standing row through
                // the (undone, study_day) index and then sort them.
                "SELECT reviewed_at FROM reviews WHERE +undone = 0 ORDER BY id DESC LIMIT ?1",
                [limit],
                |r| r.get::<_, String>(0),
            )?
            .iter()
            .filter_map(|t| DateTime::parse_from_rfc3339(t).ok())
            .collect();
        instants.reverse();
        Ok(instants)
    }

    /// A card's history, oldest first, undone grades included (and marked).
    pub fn history(&self, card_id: &str) -> Result<Vec<ReviewRow>> {
        self.stats_rows(
            "SELECT uid, reviewed_at, study_day, grade, mode, old_interval, new_interval,
               new_ease, undone
             FROM reviews WHERE card_id = ?1 ORDER BY id",
            [card_id],
            |r| {
                Ok(ReviewRow {
                    id: r.get(0)?,
                    reviewed_at: r.get(1)?,
                    study_day: r.get(2)?,
                    grade: r.get(3)?,
                    mode: r.get(4)?,
                    old_interval: r.get(5)?,
                    new_interval: r.get(6)?,
                    new_ease: r.get(7)?,
                    undone: r.get(8)?,
                })
            },
        )
    }

    /// Takes back the review `review_id`: the card gets its exact previous state back and the
    /// row is marked undone (never deleted). Refused when the card was graded after it.
    pub fn undo(&self, review_id: &str) -> Result<UndoOutcome> {
        self.write(|c| self.undo_in(c, review_id))
    }

    /// Takes back the most recent standing review of `day` in this database.
    pub fn undo_last(&self, day: NaiveDate) -> Result<UndoOutcome> {
        self.write(|c| {
            let last: Option<String> = c
                .query_row(
                    "SELECT uid FROM reviews WHERE study_day = ?1 AND undone = 0
                     ORDER BY id DESC LIMIT 1",
                    [day.to_string()],
                    |r| r.get(0),
                )
                .optional()
                .map_err(|e| self.err(e))?;
            match last {
                Some(id) => self.undo_in(c, &id),
                None => Ok(UndoOutcome::NotFound),
            }
        })
    }

    fn undo_in(&self, c: &Connection, review_id: &str) -> Result<UndoOutcome> {
        let row = c
            .query_row(
                "SELECT id, card_id, grade, mode, scheduled, old_reps, old_interval, old_ease,
                   old_due, old_lapses, old_last_review, old_suspended, undone
                 FROM reviews WHERE uid = ?1",
                [review_id],
                |r| {
                    let state = CardState {
                        reps: r.get(5)?,
                        interval_days: r.get(6)?,
                        ease: checked_ease(r.get(7)?)?,
                        due: parse_day(r.get(8)?, "old_due")?,
                        lapses: r.get(9)?,
                        last_review: parse_day(r.get(10)?, "old_last_review")?,
                    };
                    Ok((
                        r.get::<_, i64>(0)?,
                        UndoneReview {
                            review_id: review_id.to_string(),
                            card_id: r.get(1)?,
                            grade: r.get(2)?,
                            mode: r.get(3)?,
                            restored: state,
                        },
                        r.get::<_, bool>(4)?,
                        r.get::<_, bool>(11)?,
                        r.get::<_, bool>(12)?,
                    ))
                },
            )
            .optional()
            .map_err(|e| self.err(e))?;
        let Some((row_id, undone, scheduled, suspended, already)) = row else {
            return Ok(UndoOutcome::NotFound);
        };
        if already {
            return Ok(UndoOutcome::AlreadyUndone);
        }
        let later: bool = c
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM reviews WHERE card_id = ?1 AND id > ?2
                   AND +undone = 0)",
                params![undone.card_id, row_id],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))?;
        if later {
            return Ok(UndoOutcome::Superseded {
                card_id: undone.card_id,
            });
        }
        c.execute("UPDATE reviews SET undone = 1 WHERE id = ?1", [row_id])
            .map_err(|e| self.err(e))?;
        if scheduled {
            let failures = count_failures(c, &undone.card_id).map_err(|e| self.err(e))?;
            let restored = Replayed {
                state: undone.restored.clone(),
                failures,
            };
            write_state(c, &undone.card_id, &restored, suspended).map_err(|e| self.err(e))?;
        } else {
            c.execute(
                "UPDATE cards SET suspended = ?2 WHERE id = ?1",
                params![undone.card_id, suspended],
            )
            .map_err(|e| self.err(e))?;
        }
        Ok(UndoOutcome::Undone(undone))
    }
}

/// Standing scheduled failures of a card, counted from its log.
fn count_failures(c: &Connection, card_id: &str) -> rusqlite::Result<u32> {
    c.query_row(
        "SELECT count(*) FROM reviews WHERE card_id = ?1 AND +undone = 0 AND scheduled = 1
           AND grade < 3",
        [card_id],
        |r| r.get(0),
    )
}

pub(super) fn write_state(
    c: &Connection,
    card_id: &str,
    s: &Replayed,
    suspended: bool,
) -> rusqlite::Result<()> {
    c.execute(
        "UPDATE cards SET reps = ?2, interval_days = ?3, ease = ?4, due = ?5, lapses = ?6,
           last_review = ?7, suspended = ?8, failures = ?9 WHERE id = ?1",
        params![
            card_id,
            s.state.reps,
            s.state.interval_days,
            s.state.ease.0,
            day_text(s.state.due),
            s.state.lapses,
            day_text(s.state.last_review),
            suspended,
            s.failures,
        ],
    )
    .map(drop)
}
