//! `ecsdrill import PATH... --out DIR [--dry-run]`: curriculum Markdown -> deck TOML.
//!
//! Walks the inputs (a file, or a folder searched recursively for `*.md`), reads each file with
//! [`crate::deck::import::parse_notes`] and derives its topic from the path: the phase from the
//! nearest `Phase-N_*` folder, order and slug from the `NN_Name.md` file name, the title from the
//! first `#` heading, `source` relative to the input root. Each topic becomes
//! `DIR/phase-<N>/<NN>-<slug>.toml`; every deck is parsed back and compared with what was meant
//! before it is written, and it is written to a temp file in the same folder and renamed, so
//! nothing in DIR is ever half-written.
//!
//! A file that cannot be read or is not UTF-8 is an error naming it; the other files are still
//! imported, the table is printed, and the command fails (exit 2) at the end.

use super::{Context, output_target, relative, table, write_atomically};
use crate::cli::ImportArgs;
use crate::deck::import::{
    FilePlace, GENERATED_MARK, Notes, deck_path, parse_notes, phase_of_dir, render_deck, topic_of,
};
use crate::deck::schema;
use crate::deck::{self, DeckSources, Kind, Topic};
use crate::error::{Error, Located, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// One Markdown file to import.
#[derive(Debug, Clone)]
struct Input {
    /// As the person would name it: the given path, or the given folder joined with the rest.
    shown: PathBuf,
    /// Canonical path.
    abs: PathBuf,
    /// `source`: the path relative to the input root, with `/` separators.
    source: String,
    /// Relative path, for the phase folder.
    rel: PathBuf,
}

/// What became of one file: a table row.
struct Row {
    file: String,
    questions: Option<usize>,
    gotchas: Option<usize>,
    deck: Option<String>,
    notes: Vec<String>,
    error: Option<String>,
}

impl Row {
    fn failed(file: String, error: String) -> Row {
        Row {
            file,
            questions: None,
            gotchas: None,
            deck: None,
            notes: Vec::new(),
            error: Some(error),
        }
    }
}

/// A deck ready to write.
struct Planned {
    row: usize,
    path: PathBuf,
    text: String,
    slug: String,
    cards: usize,
}

fn is_markdown(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

fn hidden(p: &Path) -> bool {
    p.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// The folder `source` paths are relative to: the input folder (or a file's folder), or the
/// folder above it when that is itself a `Phase-N` folder, so importing one phase or one file
/// gives the same `source` as importing the whole curriculum.
fn source_base(dir: &Path) -> PathBuf {
    let is_phase = dir
        .file_name()
        .is_some_and(|n| phase_of_dir(&n.to_string_lossy()).is_some());
    match dir.parent() {
        Some(parent) if is_phase => parent.to_path_buf(),
        _ => dir.to_path_buf(),
    }
}

fn source_of(rel: &Path) -> String {
    rel.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Markdown files under `dir`, sorted, hidden entries and symlinked folders skipped.
fn walk(dir: &Path, out: &mut Vec<PathBuf>, errors: &mut Vec<(PathBuf, String)>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push((dir.to_path_buf(), format!("cannot read: {e}")));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in entries {
        match entry {
            Ok(e) => paths.push(e.path()),
            Err(e) => errors.push((dir.to_path_buf(), format!("cannot read an entry: {e}"))),
        }
    }
    paths.sort();
    for p in paths {
        if hidden(&p) {
            continue;
        }
        let Ok(link) = std::fs::symlink_metadata(&p) else {
            continue;
        };
        if link.is_dir() {
            walk(&p, out, errors);
        } else if is_markdown(&p) && std::fs::metadata(&p).is_ok_and(|m| m.is_file()) {
            out.push(p);
        }
    }
}

/// Resolves the command's paths into files (or rows for paths that cannot be read), in order,
/// each file once.
fn inputs(paths: &[PathBuf]) -> Vec<Result<Input, Row>> {
    let mut out: Vec<Result<Input, Row>> = Vec::new();
    for given in paths {
        let abs_root = match std::fs::canonicalize(given) {
            Ok(p) => p,
            Err(e) => {
                let shown = given.display().to_string();
                out.push(Err(Row::failed(
                    shown.clone(),
                    format!("cannot read: {e}: {shown}"),
                )));
                continue;
            }
        };
        let (files, base) = if abs_root.is_dir() {
            let mut files = Vec::new();
            let mut errors = Vec::new();
            walk(&abs_root, &mut files, &mut errors);
            for (dir, e) in errors {
                let shown = given.join(dir.strip_prefix(&abs_root).unwrap_or(&dir));
                let shown = shown.display().to_string();
                out.push(Err(Row::failed(shown.clone(), format!("{e}: {shown}"))));
            }
            let files: Vec<(PathBuf, PathBuf)> = files
                .into_iter()
                .map(|f| {
                    let shown = given.join(f.strip_prefix(&abs_root).unwrap_or(&f));
                    (f, shown)
                })
                .collect();
            (files, source_base(&abs_root))
        } else {
            let dir = abs_root.parent().map(Path::to_path_buf).unwrap_or_default();
            (vec![(abs_root.clone(), given.clone())], source_base(&dir))
        };
        for (abs, shown) in files {
            if out.iter().any(|i| i.as_ref().is_ok_and(|i| i.abs == abs)) {
                continue;
            }
            let rel = abs
                .strip_prefix(&base)
                .map(Path::to_path_buf)
                .unwrap_or_else(|_| PathBuf::from(abs.file_name().unwrap_or_default()));
            out.push(Ok(Input {
                shown,
                source: source_of(&rel),
                rel,
                abs,
            }));
        }
    }
    out
}

/// The file's place among the Markdown files of its folder (1-based), for unnumbered files.
fn position_in_folder(all: &[Input], me: &Input) -> u32 {
    let siblings = all
        .iter()
        .filter(|i| i.abs.parent() == me.abs.parent())
        .take_while(|i| i.abs != me.abs)
        .count();
    u32::try_from(siblings + 1).unwrap_or(u32::MAX)
}

/// Reads one file; Err is the message naming it.
fn read(input: &Input) -> Result<String, String> {
    let shown = input.shown.display().to_string();
    // Checked before opening: opening a FIFO blocks until something writes to it.
    match std::fs::metadata(&input.abs) {
        Ok(m) if !m.is_file() => return Err(format!("not a regular file, not read: {shown}")),
        _ => {}
    }
    let bytes = std::fs::read(&input.abs).map_err(|e| format!("cannot read: {e}: {shown}"))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(e.as_bytes());
        Located::at(
            &shown,
            &text,
            valid,
            format!("file is not UTF-8 (byte {valid})"),
        )
        .to_string()
    })
}

/// The topic of a file ([`topic_of`]); Err names the file.
fn topic_of_input(
    input: &Input,
    notes: &Notes,
    all: &[Input],
    warnings: &mut Vec<String>,
) -> Result<Topic, String> {
    let file_name = input
        .abs
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let place = FilePlace {
        rel: &input.rel,
        file_name: &file_name,
        source: &input.source,
        position_in_folder: position_in_folder(all, input),
    };
    topic_of(&place, notes.title.as_deref(), warnings)
        .map_err(|e| format!("{e}: {}", input.shown.display()))
}

/// Writes `text` to `path` (creating its folder) through a temp file and a rename.
fn write_atomic(path: &Path, text: &str) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    write_atomically(path, text.as_bytes())
}

/// Topic slugs of the built-in decks.
fn builtin_slugs() -> Result<BTreeSet<String>> {
    let set = deck::load(&DeckSources {
        builtin: true,
        paths: vec![],
    })?;
    Ok(set.decks.into_iter().map(|d| d.topic.slug).collect())
}

/// Decks generated by an earlier import that define `slug` under another file name (the
/// Markdown file was renumbered or moved to another phase): they would clash with the new one.
fn stale_decks(out_dir: &Path, planned: &[Planned]) -> Vec<(PathBuf, usize, bool)> {
    let Ok(existing) = deck::toml_files(out_dir) else {
        return Vec::new();
    };
    let mut stale = Vec::new();
    for file in existing.files {
        if planned.iter().any(|p| p.path == file) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let Ok(parsed) = schema::parse(&file.display().to_string(), &text) else {
            continue;
        };
        if let Some(p) = planned.iter().find(|p| p.slug == parsed.topic.slug) {
            stale.push((file, p.row, text.starts_with(GENERATED_MARK)));
        }
    }
    stale
}

/// Reads, parses and checks one file: its table row (row number `row_index`), and the deck to
/// write when there is one. `slugs` maps the slugs planned so far to the file that claimed
/// each.
fn plan_file(
    input: &Input,
    files: &[Input],
    out_dir: &Path,
    slugs: &BTreeMap<String, String>,
    row_index: usize,
) -> (Row, Option<Planned>) {
    let shown = input.shown.display().to_string();
    let text = match read(input) {
        Ok(t) => t,
        Err(e) => return (Row::failed(shown, e), None),
    };
    let notes = parse_notes(&text);
    let mut row = Row {
        file: shown.clone(),
        questions: Some(notes.count(Kind::Qa)),
        gotchas: Some(notes.count(Kind::Gotcha)),
        deck: None,
        notes: notes.warnings.clone(),
        error: None,
    };
    if notes.cards.is_empty() {
        return (row, None);
    }
    let topic = match topic_of_input(input, &notes, files, &mut row.notes) {
        Ok(t) => t,
        Err(e) => {
            row.error = Some(e);
            return (row, None);
        }
    };
    if let Some(first) = slugs.get(&topic.slug) {
        row.error = Some(format!(
            "topic slug {:?} is already the slug of {first}; rename one file: {shown}",
            topic.slug
        ));
        return (row, None);
    }
    let rel_path = deck_path(&topic);
    let path = out_dir.join(&rel_path);
    let checked = render_deck(&topic, &notes.cards).and_then(|text| {
        match schema::parse(&path.display().to_string(), &text) {
            Ok(d) if d.topic == topic && d.cards == notes.cards => Ok(text),
            Ok(_) => Err("the generated deck does not read back the same".to_string()),
            Err(p) => Err(p
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")),
        }
    });
    match checked {
        Ok(text) => {
            row.deck = Some(source_of(&rel_path));
            let plan = Planned {
                row: row_index,
                path,
                text,
                slug: topic.slug,
                cards: notes.cards.len(),
            };
            (row, Some(plan))
        }
        Err(e) => {
            row.error = Some(format!("internal error, deck not written: {e}: {shown}"));
            (row, None)
        }
    }
}

/// Writes the planned decks (unless `dry_run`) after checking every target first: a FIFO must
/// not be opened, and a folder or device in the way refuses the whole import with nothing
/// written. Returns how many were already up to date.
fn write_planned(planned: &[Planned], dry_run: bool) -> Result<usize> {
    let mut targets = Vec::with_capacity(planned.len());
    for p in planned {
        targets.push(output_target(&p.path)?);
    }
    let mut unchanged = 0;
    if !dry_run {
        for (p, target) in planned.iter().zip(&targets) {
            if std::fs::read_to_string(target).is_ok_and(|old| old == p.text) {
                unchanged += 1;
                continue;
            }
            write_atomic(&p.path, &p.text)?;
        }
    }
    Ok(unchanged)
}

/// Removes the stale decks an earlier import generated (unless dry run) and notes each stale
/// deck on the row of the file that now defines its slug.
fn note_stale_decks(args: &ImportArgs, planned: &[Planned], rows: &mut [Row]) -> Result<()> {
    for (file, row, generated) in stale_decks(&args.out, planned) {
        let name = file
            .strip_prefix(&args.out)
            .map_or_else(|_| file.display().to_string(), source_of);
        if generated {
            if !args.dry_run {
                std::fs::remove_file(&file).map_err(|source| Error::Io {
                    path: file.clone(),
                    source,
                })?;
            }
            rows[row].notes.push(format!("replaces {name}"));
        } else {
            rows[row]
                .notes
                .push(format!("{name} defines the same topic slug; remove one"));
        }
    }
    Ok(())
}

/// Runs the import. The table is the returned text; when some files failed it is written to
/// `out` first and the error lists them (exit 2).
pub fn import(ctx: &Context, args: &ImportArgs, out: &mut dyn Write) -> Result<String> {
    if args.out.exists() && !args.out.is_dir() {
        return Err(Error::Invalid(format!(
            "--out must name a folder: {}",
            args.out.display()
        )));
    }
    let mut rows: Vec<Row> = Vec::new();
    // Paths inside the current folder are shown (and read) relative to it: a table of
    // absolute paths is too wide to read.
    let paths: Vec<PathBuf> = args.paths.iter().map(|p| relative(ctx, p)).collect();
    let entries = inputs(&paths);
    let files: Vec<Input> = entries
        .iter()
        .filter_map(|e| e.as_ref().ok())
        .cloned()
        .collect();
    let mut planned: Vec<Planned> = Vec::new();
    let mut slugs: BTreeMap<String, String> = BTreeMap::new();
    for entry in entries {
        match entry {
            Ok(input) => {
                let (row, plan) = plan_file(&input, &files, &args.out, &slugs, rows.len());
                if let Some(p) = plan {
                    slugs.insert(p.slug.clone(), row.file.clone());
                    planned.push(p);
                }
                rows.push(row);
            }
            Err(row) => rows.push(row),
        }
    }
    let unchanged = write_planned(&planned, args.dry_run)?;
    note_stale_decks(args, &planned, &mut rows)?;
    let text = render(args, &rows, &planned, unchanged)?;
    let failures: Vec<String> = rows.iter().filter_map(|r| r.error.clone()).collect();
    if failures.is_empty() {
        return Ok(text);
    }
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Err(Error::Invalid(failures.join("\n")))
}

fn render(
    args: &ImportArgs,
    rows: &[Row],
    planned: &[Planned],
    unchanged: usize,
) -> Result<String> {
    let mut t = table(&["File", "Questions", "Gotchas", "Deck", "Warnings"]);
    let n = |v: Option<usize>| v.map_or_else(|| "-".to_string(), |v| v.to_string());
    for r in rows {
        let mut notes = r.notes.clone();
        if let Some(e) = &r.error {
            notes.insert(0, format!("error: {e}"));
        }
        t.add_row(vec![
            r.file.clone(),
            n(r.questions),
            n(r.gotchas),
            r.deck.clone().unwrap_or_else(|| "-".into()),
            notes.join("; "),
        ]);
    }
    let out_dir = args.out.display();
    let cards: usize = planned.iter().map(|p| p.cards).sum();
    let mut s = format!("{t}\n");
    if args.dry_run {
        s += &format!(
            "dry run: {} deck(s) with {cards} card(s) would be written to {out_dir}; nothing was written\n",
            planned.len()
        );
    } else {
        s += &format!(
            "wrote {} deck(s) with {cards} card(s) to {out_dir} ({unchanged} unchanged)\n",
            planned.len() - unchanged
        );
    }
    let failed = rows.iter().filter(|r| r.error.is_some()).count();
    if failed > 0 {
        s += &format!("{failed} file(s) failed (errors below); the others were imported\n");
    }
    let builtin = builtin_slugs()?;
    let clashes: Vec<&str> = planned
        .iter()
        .map(|p| p.slug.as_str())
        .filter(|s| builtin.contains(*s))
        .collect();
    if planned.is_empty() {
        return Ok(s);
    }
    if clashes.is_empty() {
        s += &format!("study them with: ecsdrill --decks {out_dir} drill\n");
    } else {
        let shown: Vec<&str> = clashes.iter().take(3).copied().collect();
        s += &format!(
            "note: {} topic slug(s) are also built-in topics ({}{}); decks with the same slug \
             cannot be loaded together, so study these without the built-ins:\n  \
             ecsdrill --no-builtin --decks {out_dir} drill   (or no_builtin = true in the config)\n",
            clashes.len(),
            shown.join(", "),
            if clashes.len() > shown.len() {
                ", ..."
            } else {
                ""
            }
        );
    }
    Ok(s)
}
