//! The one error type of the library, and the exit code each variant maps to.
//!
//! Every message is written to be printed as `error: <what>: <where>` on one line; `main` is the
//! only place that prints them.

use std::path::PathBuf;

/// A problem at a place in a text file (deck or config), reported as `msg: file:line:col`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub msg: String,
}

impl std::fmt::Display for Located {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}:{}:{}", self.msg, self.file, self.line, self.col)
    }
}

impl Located {
    /// Builds a problem from a byte offset into `text`, counting lines and columns from 1.
    pub fn at(file: &str, text: &str, offset: usize, msg: impl Into<String>) -> Located {
        let offset = offset.min(text.len());
        let before = &text[..text.floor_char_boundary(offset)];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Located {
            file: file.to_string(),
            line,
            col,
            msg: msg.into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more deck files break the schema; each problem is its own line.
    #[error("{}", join_lines(.0))]
    Deck(Vec<Located>),

    #[error("{0}")]
    Config(Located),

    /// Bad arguments or typed input the parser could not catch (dates, grades, ranges).
    #[error("{0}")]
    Invalid(String),

    #[error("unknown card id: {0}")]
    UnknownCard(String),

    #[error(
        "database was written by a newer ecsdrill (schema {found}, this build knows {known}); upgrade ecsdrill: {}",
        path.display()
    )]
    DatabaseTooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },

    #[error("database: {source}: {}", path.display())]
    Database {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },

    #[error("database migration failed: {source}: {}", path.display())]
    Migration {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },

    /// The file at the database path is not a database this program can use; left untouched.
    #[error("not an ecsdrill database ({why}): {}", path.display())]
    NotADatabase { path: PathBuf, why: String },

    /// A command that writes found the database (or its folder) not writable.
    #[error("cannot write the database ({why}): {}", path.display())]
    NotWritable { path: PathBuf, why: String },

    /// `doctor` found problems (its report, on stdout, lists them).
    #[error("doctor found {count} problem(s){hint}: {}", path.display())]
    ProblemsFound {
        path: PathBuf,
        count: usize,
        hint: &'static str,
    },

    /// A stored row that does not hold what its column promises (`row` names it).
    #[error("damaged row: {row} (`ecsdrill doctor` lists every such row): {}", path.display())]
    BadRow { path: PathBuf, row: String },

    #[error("{source}: {}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// Terminal or pipe I/O during a session (a closed stdout, a broken prompt).
    #[error("terminal: {0}")]
    Terminal(#[from] std::io::Error),

    /// A value that could not be written as JSON (`--json` output, a progress file).
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
}

fn join_lines(problems: &[Located]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

impl Error {
    /// The documented exit code: 2 for input the user can fix, 1 for runtime failures.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Deck(_)
            | Error::Config(_)
            | Error::Invalid(_)
            | Error::UnknownCard(_)
            | Error::DatabaseTooNew { .. }
            | Error::NotADatabase { .. }
            | Error::NotWritable { .. } => 2,
            Error::Database { .. }
            | Error::BadRow { .. }
            | Error::ProblemsFound { .. }
            | Error::Migration { .. }
            | Error::Io { .. }
            | Error::Terminal(_)
            | Error::Json(_) => 1,
        }
    }

    /// The message as separate lines, each to be printed behind `error: `.
    pub fn lines(&self) -> Vec<String> {
        self.to_string().lines().map(str::to_string).collect()
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn located_counts_lines_and_columns_from_one() {
        let text = "a = 1\nbb = 2\n";
        let l = Located::at("f.toml", text, 7, "bad");
        assert_eq!((l.line, l.col), (2, 2));
        assert_eq!(l.to_string(), "bad: f.toml:2:2");
        assert_eq!(Located::at("f", text, 0, "x").line, 1);
    }
}
