//! Command-line definitions (clap derive). No logic: `app` does the work.

use crate::deck::{Kind, Level};
use crate::settings::{ColorChoice, NewOrder};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Spaced-repetition drills for AWS ECR & ECS interviews.
///
/// Built-in decks follow the "AWS ECR & ECS — Zero to Mastery" curriculum; grades are
/// scheduled with SM-2 and kept in a local SQLite database.
#[derive(Debug, Parser)]
#[command(name = "ecsdrill", version, propagate_version = true)]
pub struct Cli {
    /// SQLite database file [env: ECSDRILL_DB] [default: ecsdrill.db in the XDG data dir]
    // ECSDRILL_DB is read in `app::Context::resolve`, not by clap: clap counts an env-provided
    // option as given and would print it in usage lines as if it were required.
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Extra deck file or folder (repeatable; ECSDRILL_DECKS takes a ':'-separated list)
    #[arg(long = "decks", global = true, value_name = "DIR")]
    pub decks: Vec<PathBuf>,

    /// Study only the --decks decks, not the built-in ones
    #[arg(long, global = true)]
    pub no_builtin: bool,

    /// When to use colors (NO_COLOR turns them off)
    #[arg(long, global = true, value_enum, value_name = "WHEN")]
    pub color: Option<ColorChoice>,

    /// Without a command: today's numbers and the command to run next.
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Today's session: due reviews, then new cards in curriculum order
    Drill(DrillArgs),
    /// Cram: a shuffled draw of cards; the schedule stays as it is unless --record
    Quiz(QuizArgs),
    /// Set an interview date and see the day-by-day workload until then
    Plan(PlanArgs),
    /// Today's numbers: due, new, done, streak
    Status(StatusArgs),
    /// Topics with their card counts
    Decks(JsonArgs),
    /// List cards with their schedule
    Cards(CardsArgs),
    /// Progress per phase: new/young/mature cards, retention, a 14-day due forecast
    Stats(StatsArgs),
    /// The weak-topic report: weakest topics first, their weakest cards, what to re-read
    Report(ReportArgs),
    /// The curriculum's 10-item mastery checklist with the progress of the linked cards
    Mastery(JsonArgs),
    /// One card with its schedule and review history
    Show {
        /// Full card id, `<topic>/<card>`
        id: String,
    },
    /// Record a grade without prompting (same rules as drill)
    Grade {
        /// Full card id, `<topic>/<card>`
        id: String,
        /// 0 blackout .. 5 perfect
        #[arg(value_parser = grade_arg, allow_hyphen_values = true)]
        grade: u8,
    },
    /// Take back the most recent grade of today
    Undo,
    /// Take a card out of every queue
    Suspend { id: String },
    /// Put a suspended card back
    Unsuspend { id: String },
    /// Validate deck files without touching the database
    Check {
        /// Deck files or folders [default: the built-in and --decks decks]
        paths: Vec<PathBuf>,
    },
    /// Compile curriculum Markdown (interview Q&A, gotchas) into deck files
    ///
    /// One deck per Markdown file, written to DIR/phase-<N>/<NN>-<slug>.toml: the phase from the
    /// nearest Phase-N_* folder, order and slug from the NN_Name.md file name, the title from the
    /// first # heading. Questions come from "Interview ..." / "Question Bank" sections (**Q: ...**
    /// paragraphs) and from "### Q<n>:" headings anywhere; gotchas from the ### subsections of
    /// "Gotchas" / "Edge Cases" sections and from "## EDGE CASE <n>: ..." sections. Card ids come
    /// from the titles, so importing again after an edit keeps the history of unchanged cards.
    /// A file that cannot be read or is not UTF-8 is reported and the others are still imported
    /// (exit 2 at the end). Decks with a built-in slug need --no-builtin to be studied.
    Import(ImportArgs),
    /// Effective settings and where each comes from
    Config(JsonArgs),
    /// Write every card's schedule and the whole review log to a JSON file
    ExportProgress {
        /// The file to write (replaced if it exists)
        file: PathBuf,
    },
    /// Restore schedules and add missing review-log rows from an export-progress file
    ImportProgress {
        /// A file written by export-progress
        file: PathBuf,
    },
    /// Print a shell completion script (e.g. `ecsdrill completions bash > /etc/bash_completion.d/ecsdrill`)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to standard output
    Man,
    /// Check the database: integrity, schema, every card against the replay of its review
    /// log, orphan and damaged rows, duplicate review ids (exit 0 healthy, 1 problems found)
    Doctor {
        /// Write a backup copy, then recompute drifted cards from their review log
        #[arg(long)]
        repair: bool,
    },
    /// Write a new card into your own deck for a topic (asks for kind, question, answer...)
    ///
    /// The card goes to `<topic>.toml` in the user deck folder (`ecsdrill config` shows it),
    /// created with the topic's header when missing; it is checked like any deck before it is
    /// written. On a pipe, one answer a line: kind, question, answer, more, keys (the last two
    /// may be empty).
    Add(AddArgs),
    /// Topic slugs or card ids for the shell completion scripts, one a line
    #[command(name = "__complete", hide = true)]
    Complete {
        #[arg(value_enum)]
        what: CompleteWhat,
    },
}

/// What `__complete` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CompleteWhat {
    Topics,
    Cards,
}

/// `add --topic SLUG [--id ID]`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The topic the card belongs to (`ecsdrill decks` lists them)
    #[arg(long, value_name = "SLUG")]
    pub topic: String,
    /// The card's id in its topic [default: made from the question]
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
}

/// `status [--json | --short]`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Print JSON instead of text
    #[arg(long, conflicts_with = "short")]
    pub json: bool,
    /// One line for a shell prompt or a status bar ("ecsdrill: 12 due · 8 new · streak 5");
    /// prints nothing, and exits 0, when the database or the decks cannot be read
    #[arg(long)]
    pub short: bool,
}

#[derive(Debug, Args, Default)]
pub struct Filter {
    /// Only this phase (0-4; repeatable)
    #[arg(long, value_parser = clap::value_parser!(u8).range(0..=4))]
    pub phase: Vec<u8>,
    /// Only this topic slug (repeatable)
    #[arg(long)]
    pub topic: Vec<String>,
    /// Only this kind of card
    #[arg(long, value_enum)]
    pub kind: Option<Kind>,
    /// Only this level
    #[arg(long, value_enum)]
    pub level: Option<Level>,
}

#[derive(Debug, Args)]
pub struct DrillArgs {
    #[command(flatten)]
    pub filter: Filter,
    /// New cards to introduce today (overrides new_per_day)
    #[arg(long, value_name = "N")]
    pub new: Option<u32>,
    /// At most this many cards this session, reviews first (the review limit becomes N)
    #[arg(long, value_name = "N", conflicts_with = "all")]
    pub limit: Option<usize>,
    /// Serve every due review, whatever the review limit
    #[arg(long)]
    pub all: bool,
    /// Order of new cards (overrides new_card_order): file, or the curriculum's 12 themes
    #[arg(long, value_enum, value_name = "ORDER")]
    pub order: Option<NewOrder>,
    /// Type each answer before it is shown: the key terms you hit and missed, and a grade
    /// to accept or override
    #[arg(long = "type")]
    pub typed: bool,
}

#[derive(Debug, Args)]
pub struct QuizArgs {
    #[command(flatten)]
    pub filter: Filter,
    /// How many cards to draw
    #[arg(long, default_value_t = 20, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..))]
    pub count: u32,
    /// Draw the weakest cards first (failed last time, most failures, lowest EF)
    #[arg(long)]
    pub weak: bool,
    /// Seed for the shuffle, to draw the same cards again
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Let the grades move the SM-2 schedule, as in drill
    #[arg(long)]
    pub record: bool,
    /// Type each answer before it is shown: the key terms you hit and missed, and a grade
    /// to accept or override
    #[arg(long = "type")]
    pub typed: bool,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The interview date (within 2 years): every card gets a final review in the 4 days
    /// before it, on the least-loaded day, and new cards are paced to finish 6 days ahead
    #[arg(long, value_name = "YYYY-MM-DD", conflicts_with = "clear")]
    pub interview: Option<chrono::NaiveDate>,
    /// Remove the interview date
    #[arg(long)]
    pub clear: bool,
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct JsonArgs {
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Print JSON instead of tables
    #[arg(long)]
    pub json: bool,
    /// Also show this phase's reviews and mean grade per week (0-4)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=4))]
    pub phase: Option<u8>,
}

/// Output format of `report`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// A table for an 80-column terminal, weakness as a bar
    #[default]
    Table,
    /// A Markdown document to paste into notes
    Md,
    /// One row per topic (RFC 4180), for a spreadsheet
    Csv,
    /// The report as JSON
    Json,
    /// One self-contained HTML page with charts
    Html,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table, value_name = "FORMAT")]
    pub format: ReportFormat,
    /// Write the report to this file (replaced whole, via a temporary file) instead of stdout
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Count retention from this study day instead of over the last 30 days
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub since: Option<chrono::NaiveDate>,
}

#[derive(Debug, Args)]
pub struct CardsArgs {
    #[command(flatten)]
    pub filter: Filter,
    /// Only cards whose question, answer or tags contain TEXT (any case)
    #[arg(long, value_name = "TEXT")]
    pub grep: Option<String>,
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

/// `import PATH... --out DIR [--dry-run]`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Markdown files or folders (searched recursively for *.md)
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Folder to write the decks to (created when missing)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Print the table without writing anything
    #[arg(long)]
    pub dry_run: bool,
}

/// A grade argument: one digit 0-5 (as the line protocol reads it; `+3` or `005` are refused).
fn grade_arg(text: &str) -> Result<u8, String> {
    crate::scheduler::Grade::parse(text.trim_ascii())
        .map(crate::scheduler::Grade::value)
        .ok_or_else(|| format!("{text:?} is not a grade: type one digit 0-5"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
