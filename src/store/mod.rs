//! SQLite storage: the only module that speaks SQL.
//!
//! The schema comes from `migrations/*.sql` (append-only, versioned by `PRAGMA user_version`).
//! A database written by a newer build is refused before anything is changed. WAL mode and a
//! busy timeout let a second process wait for the first instead of failing.

mod cards;
mod planning;
mod progress;
mod reviews;
pub mod stats;

pub use cards::{CardFilter, CardRecord, TopicSummary};
pub use progress::{ImportCounts, PROGRESS_FORMAT, PROGRESS_VERSION, Progress};
pub use reviews::{Mode, NewReview, ReviewRow, UndoneReview};

use crate::error::{Error, Result};
use rusqlite::{Connection, OptionalExtension, params};
use rusqlite_migration::{M, Migrations};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The migration files, in order. A test checks that every file in `migrations/` is listed.
pub const MIGRATION_FILES: [(&str, &str); 2] = [
    (
        "0001_init.sql",
        include_str!("../../migrations/0001_init.sql"),
    ),
    (
        "0002_report_indexes.sql",
        include_str!("../../migrations/0002_report_indexes.sql"),
    ),
];

fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATION_FILES.iter().map(|(_, sql)| M::up(sql)).collect())
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// Keys of the `meta` table.
const DECK_HASH: &str = "deck_hash";
const INTERVIEW_DATE: &str = "interview_date";

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let db_err = |source| Error::Database {
            path: path.to_path_buf(),
            source,
        };
        let mut conn = Connection::open(path).map_err(db_err)?;
        conn.busy_timeout(Duration::from_secs(10)).map_err(db_err)?;
        let found: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(db_err)?;
        let known = MIGRATION_FILES.len() as i64;
        if found > known {
            return Err(Error::DatabaseTooNew {
                path: path.to_path_buf(),
                found,
                known,
            });
        }
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(db_err)?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(db_err)?;
        migrations()
            .to_latest(&mut conn)
            .map_err(|source| Error::Migration {
                path: path.to_path_buf(),
                source,
            })?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    fn err(&self, source: rusqlite::Error) -> Error {
        Error::Database {
            path: self.path.clone(),
            source,
        }
    }

    fn meta(&self, key: &str) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))
    }

    fn set_meta(&self, key: &str, value: Option<&str>) -> Result<()> {
        let result = match value {
            Some(v) => self.conn.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![key, v],
            ),
            None => self.conn.execute("DELETE FROM meta WHERE key = ?1", [key]),
        };
        result.map(drop).map_err(|e| self.err(e))
    }

    /// The interview date set by `plan --interview`, if any.
    pub fn interview_date(&self) -> Result<Option<chrono::NaiveDate>> {
        Ok(self.meta(INTERVIEW_DATE)?.and_then(|s| s.parse().ok()))
    }

    pub fn set_interview_date(&self, date: Option<chrono::NaiveDate>) -> Result<()> {
        self.set_meta(INTERVIEW_DATE, date.map(|d| d.to_string()).as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn migrations_validate_and_set_user_version() {
        migrations().validate().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("sub/db.sqlite")).unwrap();
        let v: i64 = store
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, MIGRATION_FILES.len() as i64);
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
