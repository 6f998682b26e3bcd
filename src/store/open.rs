//! Opening a database: refusing files that are not ours, the writability check, migrations
//! under an exclusive lock with a backup copy first, and read-only opening.
//!
//! Any number of processes may open a new or old database at once: each checks the schema
//! version again inside `BEGIN EXCLUSIVE`, so exactly one migrates and the others find it done.

use super::{MIGRATION_FILES, SCHEMA_VERSION, Store, ids};
use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a command waits for another process's write before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Whether the command will write to the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Checked for writability first; created and migrated when needed.
    Write,
    /// Opened read-only when the file exists and cannot be written (a read-only file or
    /// folder); otherwise as [`Access::Write`], since the schema may need an upgrade.
    Read,
}

fn not_db(path: &Path, why: impl Into<String>) -> Error {
    Error::NotADatabase {
        path: path.to_path_buf(),
        why: why.into(),
    }
}

/// Maps an SQLite error met while first reading a file to "not a database" when that is what
/// it means (random bytes, a truncated file, a directory), else a database error.
fn first_read_error(path: &Path, source: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode::{CannotOpen, DatabaseCorrupt, NotADatabase};
    match source.sqlite_error_code() {
        Some(NotADatabase) => not_db(path, "the file is not an SQLite database"),
        Some(DatabaseCorrupt) => not_db(path, "the file is damaged or truncated"),
        Some(CannotOpen) if path.is_dir() => not_db(path, "it is a directory"),
        _ => Error::Database {
            path: path.to_path_buf(),
            source,
        },
    }
}

/// Why `path` cannot be written, if it cannot: the file itself, or the folder SQLite must
/// create its journal files in (or the database in, when it does not exist yet).
pub fn write_problem(path: &Path) -> Option<Error> {
    let problem = |p: &Path, source: std::io::Error| {
        Some(Error::NotWritable {
            path: p.to_path_buf(),
            why: source.to_string(),
        })
    };
    // Opening a FIFO would block until another process opens its other end.
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => return Some(not_db(path, "it is a directory")),
        Ok(m) if !m.is_file() => {
            return Some(not_db(
                path,
                "it is not a regular file (a FIFO, socket or device)",
            ));
        }
        _ => {}
    }
    if path.exists()
        && let Err(e) = OpenOptions::new().append(true).open(path)
    {
        return problem(path, e);
    }
    let dir = match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => d.to_path_buf(),
        None => PathBuf::from("."),
    };
    if !dir.exists() {
        return std::fs::create_dir_all(&dir)
            .err()
            .and_then(|e| problem(&dir, e));
    }
    let probe = dir.join(format!(".ecsdrill-write-check.{}", std::process::id()));
    match OpenOptions::new().write(true).create_new(true).open(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            None
        }
        Err(e) => problem(&dir, e),
    }
}

/// The schema version and whether the file holds any table; reads only.
fn inspect(conn: &Connection, path: &Path) -> Result<(i64, bool)> {
    // One statement, one snapshot: read apart, another process's migration could commit
    // between the two reads and make a new database look like another program's.
    let (version, tables): (i64, i64) = conn
        .query_row(
            "SELECT user_version, (SELECT count(*) FROM sqlite_master) FROM pragma_user_version",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(|e| first_read_error(path, e))?;
    Ok((version, tables > 0))
}

/// Refuses, before anything is written, a database this build cannot use.
fn refuse_unknown(path: &Path, version: i64, has_tables: bool) -> Result<()> {
    if version > SCHEMA_VERSION {
        return Err(Error::DatabaseTooNew {
            path: path.to_path_buf(),
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    if version == 0 && has_tables {
        return Err(not_db(
            path,
            "it holds tables but no ecsdrill schema version (another program's database?)",
        ));
    }
    Ok(())
}

impl Store {
    /// Opens the database at `path` for `access`. See [`Access`].
    pub fn open_for(path: &Path, access: Access) -> Result<Store> {
        match (access, write_problem(path)) {
            (Access::Write, Some(e)) => Err(e),
            (Access::Read, Some(Error::NotWritable { .. })) if path.is_file() => {
                Store::open_read_only(path)
            }
            (Access::Read, Some(Error::NotWritable { path: p, why })) => Err(Error::NotWritable {
                path: p,
                why: format!(
                    "{why}; the database does not exist yet and cannot be created here (pass --db PATH)"
                ),
            }),
            (_, Some(e)) => Err(e),
            (_, None) => Store::open(path),
        }
    }

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        let db_err = |source| Error::Database {
            path: path.to_path_buf(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let mut conn = Connection::open(path).map_err(|e| first_read_error(path, e))?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(db_err)?;
        let (version, has_tables) = inspect(&conn, path)?;
        refuse_unknown(path, version, has_tables)?;
        if version < SCHEMA_VERSION && has_tables {
            backup_before_migrating(&conn, path, version)?;
        }
        switch_to_wal(&conn).map_err(db_err)?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(db_err)?;
        // Statement journals and sorts in memory: a review insert fires the rollup trigger,
        // so each one needs a statement journal, and in temp files that was 14 page writes
        // per imported review.
        conn.pragma_update(None, "temp_store", "MEMORY")
            .map_err(db_err)?;
        if version < SCHEMA_VERSION {
            migrate(&mut conn, path)?;
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Opens an existing database without writing anything, for commands that only read. In a
    /// folder this user cannot write, SQLite cannot create the WAL index a reader needs; the
    /// file is then opened as immutable (nobody can be writing it there either).
    fn open_read_only(path: &Path) -> Result<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI;
        let plain = Connection::open_with_flags(path, flags)
            .map_err(|e| first_read_error(path, e))
            .and_then(|c| inspect(&c, path).map(|found| (c, found)));
        let (conn, (version, has_tables)) = match plain {
            Ok(opened) => opened,
            Err(_) => {
                let conn = Connection::open_with_flags(immutable_uri(path), flags)
                    .map_err(|e| first_read_error(path, e))?;
                let found = inspect(&conn, path)?;
                (conn, found)
            }
        };
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|source| Error::Database {
                path: path.to_path_buf(),
                source,
            })?;
        refuse_unknown(path, version, has_tables)?;
        if version < SCHEMA_VERSION {
            return Err(Error::NotWritable {
                path: path.to_path_buf(),
                why: format!(
                    "the database (schema {version}) needs an upgrade this build cannot write"
                ),
            });
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }
}

/// `file:<path>?immutable=1`, with the characters a URI reserves escaped.
fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '?' | '#' | '%' => uri += &format!("%{:02X}", u32::from(c)),
            c => uri.push(c),
        }
    }
    uri + "?immutable=1"
}

/// Copies the database (WAL content included) to `<name>.bak-v<old>`, unless such a copy is
/// already there. The copy is written beside it under a temporary name and linked into place,
/// and kept only if it really holds schema `old` (another process may have migrated first).
fn backup_before_migrating(conn: &Connection, path: &Path, old: i64) -> Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let backup = path.with_file_name(format!("{name}.bak-v{old}"));
    if backup.exists() {
        return Ok(());
    }
    let tmp = path.with_file_name(format!(".{name}.bak-v{old}.{}.tmp", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    let io = |source| Error::Io {
        path: backup.clone(),
        source,
    };
    conn.execute("VACUUM INTO ?1", [tmp.to_string_lossy()])
        .map_err(|source| Error::Database {
            path: backup.clone(),
            source,
        })?;
    let copied: rusqlite::Result<i64> =
        Connection::open_with_flags(&tmp, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .and_then(|c| c.pragma_query_value(None, "user_version", |r| r.get(0)));
    let linked = match copied {
        Ok(v) if v == old => match std::fs::hard_link(&tmp, &backup) {
            Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => Err(io(e)),
            _ => Ok(()),
        },
        _ => Ok(()),
    };
    let _ = std::fs::remove_file(&tmp);
    linked
}

/// Applies the missing migrations in one exclusive transaction, checking the version again
/// inside it.
/// Turns WAL mode on. The switch needs a moment alone with the file and SQLite reports
/// "database is locked" at once (without its busy handler) while other processes open the same
/// new database, so it is retried for as long as the busy timeout allows.
fn switch_to_wal(conn: &Connection) -> rusqlite::Result<()> {
    let started = std::time::Instant::now();
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy
                    && started.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(Duration::from_millis(5));
            }
            done => return done,
        }
    }
}

fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let err = |source| Error::Migration {
        path: path.to_path_buf(),
        source,
    };
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Exclusive)
        .map_err(err)?;
    let version: i64 = tx
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(err)?;
    for (target, (_, sql)) in (1_i64..).zip(MIGRATION_FILES) {
        if target <= version {
            continue;
        }
        tx.execute_batch(sql).map_err(err)?;
        if target == 3 {
            ids::fill_legacy_ids(&tx).map_err(err)?;
        }
        tx.pragma_update(None, "user_version", target)
            .map_err(err)?;
    }
    tx.commit().map_err(err)
}
