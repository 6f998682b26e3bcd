//! SQLite storage: the only module that speaks SQL.
//!
//! The schema comes from `migrations/*.sql` (append-only, versioned by `PRAGMA user_version`).
//! A database written by a newer build is refused before anything is changed. WAL mode and a
//! busy timeout let a second process wait for the first instead of failing.

mod cards;
mod carry;
mod doctor;
pub mod ids;
mod open;
mod planning;
mod progress;
mod progress_check;
mod reviews;
mod rollup;
pub mod stats;
mod today;

pub use cards::{CardFilter, CardRecord, TopicSummary};

/// Told `(done, total)` as long work goes on (a progress bar in the app; nothing in tests).
pub type OnProgress<'a> = &'a mut dyn FnMut(u64, u64);
pub use doctor::{DoctorReport, RowProblem};
pub use open::{Access, write_problem};
pub use progress::{
    CardProgress, ImportCounts, PROGRESS_FORMAT, PROGRESS_VERSION, Progress, ReviewRecord,
};
pub use progress_check::problem as progress_problem;
pub use reviews::{
    GradeOutcome, GradeRequest, Mode, ReviewRow, Scheduling, UndoOutcome, UndoneReview,
};

use crate::error::{Error, Result};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};
use std::path::PathBuf;

/// The migration files, in order. A test checks that every file in `migrations/` is listed.
pub const MIGRATION_FILES: [(&str, &str); 6] = [
    (
        "0001_init.sql",
        include_str!("../../migrations/0001_init.sql"),
    ),
    (
        "0002_report_indexes.sql",
        include_str!("../../migrations/0002_report_indexes.sql"),
    ),
    (
        "0003_review_identity.sql",
        include_str!("../../migrations/0003_review_identity.sql"),
    ),
    (
        "0004_card_keys.sql",
        include_str!("../../migrations/0004_card_keys.sql"),
    ),
    (
        "0005_perf_indexes.sql",
        include_str!("../../migrations/0005_perf_indexes.sql"),
    ),
    (
        "0006_review_rollup.sql",
        include_str!("../../migrations/0006_review_rollup.sql"),
    ),
];

/// The schema version this build writes (`PRAGMA user_version`): one per migration file.
#[expect(
    clippy::cast_possible_wrap,
    reason = "a handful of migration files, far below i64::MAX"
)]
pub const SCHEMA_VERSION: i64 = MIGRATION_FILES.len() as i64;

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// A stored value its column's type does not allow (an unknown kind, a date that is not one).
#[derive(Debug)]
struct BadValue(String);

impl std::fmt::Display for BadValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadValue {}

fn bad_value(what: String) -> Box<dyn std::error::Error + Send + Sync> {
    Box::new(BadValue(what))
}

/// The text of a stored value's failed conversion (see [`bad_row`]), if `e` is one.
fn bad_value_text(e: &rusqlite::Error) -> Option<&str> {
    match e {
        rusqlite::Error::FromSqlConversionFailure(_, _, b) => {
            b.downcast_ref::<BadValue>().map(|v| v.0.as_str())
        }
        _ => None,
    }
}

/// A stored value that failed its checked conversion, as the error [`Store::err`] turns into
/// [`Error::BadRow`] naming `what`.
fn bad_row(what: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, bad_value(what))
}

/// A stored day (`None` for NULL), or an error naming the column `what` and its content.
fn parse_day(raw: Option<String>, what: &str) -> rusqlite::Result<Option<NaiveDate>> {
    raw.map(|s| {
        s.parse()
            .map_err(|_| bad_row(format!("{what} {s:?} is not a date")))
    })
    .transpose()
}

/// A day of a column that is never NULL ([`parse_day`] otherwise).
fn required_day(raw: Option<String>, what: &str) -> rusqlite::Result<NaiveDate> {
    parse_day(raw, what)?.ok_or_else(|| bad_row(format!("{what} is missing")))
}

/// A stored RFC 3339 instant, or an error naming the column `what` and its content.
fn parse_instant(raw: &str, what: &str) -> rusqlite::Result<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(raw)
        .map_err(|_| bad_row(format!("{what} {raw:?} is not an instant")))
}

/// Keys of the `meta` table.
const DECK_HASH: &str = "deck_hash";
const DECK_FINGERPRINT: &str = "deck_fingerprint";
const INTERVIEW_DATE: &str = "interview_date";

impl Store {
    /// A database error; a stored value that failed its checked conversion becomes
    /// [`Error::BadRow`] naming it.
    fn err(&self, source: rusqlite::Error) -> Error {
        if let Some(row) = bad_value_text(&source) {
            return Error::BadRow {
                path: self.path.clone(),
                row: row.to_string(),
            };
        }
        Error::Database {
            path: self.path.clone(),
            source,
        }
    }

    /// Runs `f` in a write transaction begun with `BEGIN IMMEDIATE`, so the write lock is
    /// taken first and the busy timeout applies (a deferred transaction that reads and then
    /// writes fails at once when another process wrote in between). Commits when `f` succeeds.
    fn write<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(|e| self.err(e))?;
        match f(&self.conn) {
            Ok(v) => {
                self.conn.execute_batch("COMMIT").map_err(|e| self.err(e))?;
                Ok(v)
            }
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    /// False when the database was opened read-only (see [`Access::Read`]).
    pub fn is_writable(&self) -> bool {
        !self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true)
    }

    fn meta(&self, key: &str) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))
    }

    fn set_meta(&self, key: &str, value: Option<&str>) -> Result<()> {
        self.write(|c| {
            let result = match value {
                Some(v) => c.execute(
                    "INSERT INTO meta (key, value) VALUES (?1, ?2)
                     ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    params![key, v],
                ),
                None => c.execute("DELETE FROM meta WHERE key = ?1", [key]),
            };
            result.map(drop).map_err(|e| self.err(e))
        })
    }

    /// The interview date set by `plan --interview`, if any.
    pub fn interview_date(&self) -> Result<Option<chrono::NaiveDate>> {
        self.meta(INTERVIEW_DATE)?
            .map(|s| {
                s.parse().map_err(|_| Error::BadRow {
                    path: self.path.clone(),
                    row: format!("meta {INTERVIEW_DATE}: not a date: {s:?}"),
                })
            })
            .transpose()
    }

    pub fn set_interview_date(&self, date: Option<chrono::NaiveDate>) -> Result<()> {
        self.set_meta(INTERVIEW_DATE, date.map(|d| d.to_string()).as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn every_migration_file_is_listed_in_order() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".sql"))
            .collect();
        files.sort();
        let listed: Vec<&str> = MIGRATION_FILES.iter().map(|(n, _)| *n).collect();
        assert_eq!(files, listed);
    }

    #[test]
    fn migrations_set_user_version_and_wal() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("sub/db.sqlite")).unwrap();
        let v: i64 = store
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        let mode: String = store
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn newer_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        {
            let c = Connection::open(&path).unwrap();
            c.pragma_update(None, "user_version", 99).unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&path).err().unwrap();
        assert!(matches!(err, Error::DatabaseTooNew { found: 99, .. }));
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn meta_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db")).unwrap();
        let d = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        store.set_interview_date(Some(d)).unwrap();
        assert_eq!(store.interview_date().unwrap(), Some(d));
        store.set_interview_date(None).unwrap();
        assert_eq!(store.interview_date().unwrap(), None);
    }
}
