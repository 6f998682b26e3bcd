//! Use cases: one function per subcommand (load -> schedule -> record -> render).
//!
//! [`Context`] holds everything resolved from flags, environment and config before any work
//! starts; the functions here never read the environment or the clock themselves.

mod add;
mod bar;
mod browse;
mod complete;
mod decks;
mod doctor;
mod import;
mod manual;
mod modes;
mod progress;
mod reports;
mod study_cmds;

use crate::cli::{Cli, Command, Filter};
use crate::clock::{Clock, study_day};
use crate::deck::DeckSources;
use crate::error::{Error, Result};
use crate::session::prompt::Prompter;
use crate::settings::{self, Origin, Settings};
use crate::store::{Access, CardFilter, Store};
use crate::study::StudyContext;
use chrono::{DateTime, FixedOffset, NaiveDate};
pub(crate) use decks::{Decks, load as load_decks};
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub const DECKS_ENV: &str = "ECSDRILL_DECKS";
pub const DB_ENV: &str = "ECSDRILL_DB";

/// Everything a command needs to know before it starts.
#[derive(Clone)]
pub struct Context {
    pub settings: Settings,
    pub config_file: Option<PathBuf>,
    pub db_path: PathBuf,
    pub decks: DeckSources,
    /// The instant the command started (exports, reports).
    pub now: DateTime<FixedOffset>,
    /// Read again for each grade, so every review carries its own instant.
    pub clock: Arc<dyn Clock>,
    /// Seed for commands that shuffle when the user gives no `--seed`.
    pub seed: u64,
    /// The user deck folder (`$XDG_DATA_HOME/ecsdrill/decks`): loaded when it exists, and
    /// where `add` writes.
    pub user_decks: Option<PathBuf>,
    /// The current folder, so paths can be shown relative to it.
    pub cwd: Option<PathBuf>,
    /// The width of the terminal standard output goes to; `None` for a pipe or a file, where
    /// card text is printed as written.
    pub terminal_width: Option<usize>,
}

impl Context {
    /// Resolves flags > environment > config file > defaults. `env` looks up a variable.
    pub fn resolve(
        cli: &Cli,
        env: &dyn Fn(&str) -> Option<String>,
        clock: Arc<dyn Clock>,
        seed: u64,
    ) -> Result<Context> {
        let now = clock.now();
        let mut settings = Settings::default();
        let explicit = env(settings::CONFIG_ENV).map(PathBuf::from);
        let required = explicit.is_some();
        let config_file = settings::config_path(explicit);
        if let Some(path) = &config_file {
            settings::load_file(&mut settings, path, required)?;
        }
        settings.apply_env(env)?;
        if cli.no_builtin {
            settings.no_builtin.value = true;
            settings.no_builtin.origin = Origin::Flag("--no-builtin".into());
        }
        if let Some(color) = cli.color {
            settings.color.value = color;
            settings.color.origin = Origin::Flag("--color".into());
        }
        let data_dir =
            directories::ProjectDirs::from("", "", "ecsdrill").map(|d| d.data_dir().to_path_buf());
        let user_decks = data_dir.as_ref().map(|d| d.join("decks"));
        let db_path = match cli.db.clone().or_else(|| env(DB_ENV).map(PathBuf::from)) {
            Some(p) => p,
            None => data_dir.map(|d| d.join("ecsdrill.db")).ok_or_else(|| {
                Error::Invalid(
                    "no home directory to keep the database in; pass --db PATH or set ECSDRILL_DB"
                        .into(),
                )
            })?,
        };
        let mut paths = cli.decks.clone();
        if let Some(list) = env(DECKS_ENV) {
            paths.extend(list.split(':').filter(|s| !s.is_empty()).map(PathBuf::from));
        }
        if let Some(dir) = user_decks.as_ref().filter(|d| d.is_dir()) {
            paths.push(dir.clone());
        }
        let decks = DeckSources {
            builtin: !settings.no_builtin.value,
            paths,
        };
        if !decks.builtin && decks.paths.is_empty() {
            return Err(Error::Invalid(
                "--no-builtin leaves no decks to study; add --decks DIR".into(),
            ));
        }
        Ok(Context {
            settings,
            config_file,
            db_path,
            decks,
            now,
            clock,
            seed,
            user_decks,
            cwd: std::env::current_dir().ok(),
            terminal_width: std::io::IsTerminal::is_terminal(&std::io::stdout())
                .then(|| crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w))),
        })
    }

    pub fn today(&self) -> NaiveDate {
        study_day(self.now, self.settings.day_starts_at.value)
    }
}

/// Opens the database for a command that writes and syncs it with `decks`, which the caller
/// loaded (and checked its arguments against) first, so bad decks or arguments write nothing.
/// A database that cannot be written is reported here, before any card is shown.
pub(crate) fn open_store(ctx: &Context, decks: Decks) -> Result<Store> {
    let mut store = match decks.store {
        Some(store) if store.is_writable() => store,
        _ => Store::open_for(&ctx.db_path, Access::Write)?,
    };
    if let Some(set) = &decks.set {
        sync(&mut store, set, &decks.fingerprint)?;
    }
    Ok(store)
}

/// Syncs the decks (with a progress bar when that takes long: a first sync of many cards)
/// and stores their fingerprint.
fn sync(store: &mut Store, set: &crate::deck::DeckSet, fingerprint: &str) -> Result<()> {
    let mut bar = bar::Bar::new("syncing decks");
    store.sync_reporting(set, &mut |done, total| bar.update(done, total))?;
    store.set_deck_fingerprint(fingerprint)
}

/// Opens the database for a command that only reads. A database that cannot be written (a
/// read-only file or folder) is opened read-only and not synced with the decks.
pub(crate) fn open_store_to_read(ctx: &Context, decks: Decks) -> Result<Store> {
    let mut store = match decks.store {
        Some(store) => store,
        None => Store::open_for(&ctx.db_path, Access::Read)?,
    };
    if let Some(set) = &decks.set
        && store.is_writable()
    {
        sync(&mut store, set, &decks.fingerprint)?;
    }
    Ok(store)
}

/// What every grade of this run shares.
pub(crate) fn study_context(ctx: &Context, store: &Store) -> Result<StudyContext> {
    let today = ctx.today();
    let interview = store.interview_date()?;
    Ok(StudyContext {
        clock: Arc::clone(&ctx.clock),
        day_starts_at: ctx.settings.day_starts_at.value,
        today,
        interview,
        leech_threshold: ctx.settings.leech_threshold.value,
        leech_action: ctx.settings.leech_action.value,
        max_interval: ctx.settings.max_interval.value,
        balancer: crate::study::balancer(store, today, interview)?.map(std::cell::RefCell::new),
    })
}

/// Checks a card id against the loaded decks before anything is written.
pub(crate) fn known_card(decks: &Decks, id: &str) -> Result<()> {
    if decks.has_card(id)? {
        Ok(())
    } else {
        Err(Error::UnknownCard(format!(
            "{id} (ids look like <topic>/<card>; `ecsdrill cards` lists them)"
        )))
    }
}

/// Turns the filter flags into a store filter, rejecting topic slugs no deck has.
pub(crate) fn card_filter(decks: &Decks, f: &Filter) -> Result<CardFilter> {
    for slug in &f.topic {
        if !decks.has_topic(slug)? {
            return Err(Error::Invalid(format!(
                "unknown topic: {slug} (`ecsdrill decks` lists the topics)"
            )));
        }
    }
    Ok(CardFilter {
        phases: f.phase.clone(),
        topics: f.topic.clone(),
        kind: f.kind,
        level: f.level,
    })
}

/// A table in the project's one style.
pub(crate) use crate::report::render::table;

/// Keeps every column whole (ids and slugs must stay copyable) except `give_way`, a title
/// that is cut with "…" when the terminal is too narrow; every row stays on one line.
pub(crate) fn keep_whole(t: &mut comfy_table::Table, give_way: Option<usize>) {
    for i in 0..t.column_count() {
        if Some(i) != give_way
            && let Some(c) = t.column_mut(i)
        {
            c.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
        }
    }
    t.set_truncation_indicator("…");
    for row in t.row_iter_mut() {
        row.max_height(1);
    }
}

/// `path` relative to the current folder when it is inside it (shorter to read, same file).
pub(crate) fn relative(ctx: &Context, path: &Path) -> PathBuf {
    ctx.cwd
        .as_deref()
        .and_then(|cwd| path.strip_prefix(cwd).ok())
        .filter(|rel| !rel.as_os_str().is_empty())
        .unwrap_or(path)
        .to_path_buf()
}

/// `path` as the person should read it (see [`relative`]).
pub(crate) fn user_path(ctx: &Context, path: &Path) -> String {
    relative(ctx, path).display().to_string()
}

/// Serializes to pretty JSON followed by a newline.
pub(crate) fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    let mut s = serde_json::to_string_pretty(value)?;
    s.push('\n');
    Ok(s)
}

/// Where an output file really goes, checked before any work: a symlink is followed to its
/// target (so the link stays and its target gets the new text), an existing target must be a
/// regular file, and a missing one is created. Anything else (a folder, a FIFO, a device node
/// such as `/dev/full`) is refused as invalid input, so it is never replaced.
pub(crate) fn output_target(path: &Path) -> Result<PathBuf> {
    let mut target = path.to_path_buf();
    // A bounded number of hops: a symlink loop is refused below like any unreadable path.
    for _ in 0..40 {
        match fs::symlink_metadata(&target) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = fs::read_link(&target).map_err(|source| Error::Io {
                    path: target.clone(),
                    source,
                })?;
                target = match target.parent() {
                    Some(dir) => dir.join(link),
                    None => link,
                };
            }
            Ok(m) if m.is_file() => return Ok(target),
            Ok(m) => {
                return Err(Error::Invalid(format!(
                    "output is {}, not a regular file; give a file name: {}",
                    crate::deck::file_kind(Some(m.file_type())),
                    path.display()
                )));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(target),
            Err(source) => {
                return Err(Error::Io {
                    path: path.to_path_buf(),
                    source,
                });
            }
        }
    }
    Err(Error::Invalid(format!(
        "too many levels of symbolic links: {}",
        path.display()
    )))
}

/// Writes `bytes` to `path` (through a symlink to its target; see [`output_target`]) via a
/// new temporary file beside the target, renamed over it: readers see the old file or the new
/// one, never half of one, and an existing file keeps its permissions. On any error the
/// temporary file is removed, the target is left as it was, and the error names `path`.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let target = output_target(path)?;
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp: PathBuf = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(io)?;
    let permissions = fs::metadata(&target).map(|m| m.permissions());
    let written = file
        .write_all(bytes)
        .and_then(|()| match permissions {
            Ok(p) => file.set_permissions(p),
            Err(_) => Ok(()),
        })
        .and_then(|()| file.sync_all())
        .and_then(|()| {
            drop(file);
            fs::rename(&tmp, &target)
        });
    if let Err(source) = written {
        let _ = fs::remove_file(&tmp);
        return Err(io(source));
    }
    Ok(())
}

/// Runs one command. Data goes to `out`; `prompter` drives interactive sessions.
pub fn run(
    cli: Cli,
    ctx: &Context,
    prompter: &mut dyn Prompter,
    out: &mut dyn Write,
) -> Result<()> {
    let Some(command) = cli.command else {
        let text = browse::overview(ctx);
        out.write_all(text.as_bytes())?;
        return Ok(());
    };
    let text = match command {
        Command::Drill(args) => study_cmds::drill(ctx, &args, prompter)?,
        Command::Quiz(args) => modes::quiz(ctx, &args, prompter)?,
        Command::Plan(args) => modes::plan(ctx, &args)?,
        Command::Grade { id, grade } => study_cmds::grade(ctx, &id, grade)?,
        Command::Undo => study_cmds::undo(ctx)?,
        Command::Suspend { id } => study_cmds::suspend(ctx, &id, true)?,
        Command::Unsuspend { id } => study_cmds::suspend(ctx, &id, false)?,
        Command::Status(a) if a.short => browse::status_short(ctx),
        Command::Status(a) => browse::status(ctx, a.json)?,
        Command::Decks(a) => browse::decks(ctx, a.json)?,
        Command::Cards(a) => browse::cards(ctx, &a.filter, a.grep.as_deref(), a.json, out)?,
        Command::Stats(a) => reports::stats(ctx, &a)?,
        Command::Report(a) => reports::report(ctx, &a)?,
        Command::Mastery(a) => reports::mastery(ctx, a.json)?,
        Command::Show { id } => browse::show(ctx, &id)?,
        Command::Check { paths } => browse::check(ctx, paths)?,
        Command::Config(a) => browse::config(ctx, a.json)?,
        Command::ExportProgress { file } => progress::export(ctx, &file)?,
        Command::ImportProgress { file } => progress::import(ctx, &file)?,
        Command::Completions { shell } => complete::script(shell),
        Command::Complete { what } => complete::candidates(ctx, what),
        Command::Man => manual::page()?,
        Command::Import(a) => import::import(ctx, &a, out)?,
        Command::Add(a) => add::add(ctx, &a, prompter)?,
        Command::Doctor { repair } => {
            let (text, problems) = doctor::doctor(ctx, repair)?;
            out.write_all(text.as_bytes())?;
            out.flush()?;
            if let Some(e) = problems {
                return Err(e);
            }
            String::new()
        }
    };
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}
