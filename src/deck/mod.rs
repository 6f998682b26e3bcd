//! Decks: the schema, the built-in decks embedded at build time, user deck folders, and the
//! content hash that lets the store skip a sync when nothing changed.

mod crossref;
mod fingerprint;
pub mod import;
pub mod schema;

pub use fingerprint::fingerprint;
pub use schema::{Card, Deck, Kind, Level, MASTERY_IDS, Topic};

use crate::error::{Error, Located, Result};
use include_dir::{Dir, include_dir};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The `decks/` folder of this repository, compiled into the binary.
static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/decks");

/// Bumped when the way decks are stored changes, so every database re-syncs once.
const SYNC_FORMAT: &str = "ecsdrill-sync-2";

/// Where decks come from for one run.
#[derive(Debug, Clone, Default)]
pub struct DeckSources {
    pub builtin: bool,
    /// Files or folders (searched recursively for `*.toml`).
    pub paths: Vec<PathBuf>,
}

/// Every deck of a run, in curriculum order, with a hash of their text.
#[derive(Debug, Clone)]
pub struct DeckSet {
    pub decks: Vec<Deck>,
    pub hash: String,
    /// Symlinked folders inside the deck folders, not followed (see [`Found`]).
    pub skipped_links: Vec<PathBuf>,
}

/// One deck file's name and text, before parsing.
struct DeckText {
    origin: String,
    text: String,
}

fn builtin_texts() -> Vec<DeckText> {
    fn walk(dir: &'static Dir<'static>, out: &mut Vec<DeckText>) {
        for file in dir.files() {
            if file.path().extension().is_some_and(|e| e == "toml")
                && let Some(text) = file.contents_utf8()
            {
                out.push(DeckText {
                    origin: format!("decks/{}", file.path().display()),
                    text: text.to_string(),
                });
            }
        }
        for sub in dir.dirs() {
            walk(sub, out);
        }
    }
    let mut out = Vec::new();
    walk(&BUILTIN, &mut out);
    out.sort_by(|a, b| a.origin.cmp(&b.origin));
    out
}

/// The largest deck file read, in bytes (2 MiB; the largest built-in deck is under 30 KiB).
/// Checked from the file's metadata before anything is read.
pub const MAX_DECK_BYTES: u64 = 2 * 1024 * 1024;

/// What walking a deck path found.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// Regular `*.toml` files (a symlink to a regular file counts), sorted.
    pub files: Vec<PathBuf>,
    /// Symlinked folders met inside a walked folder: never followed (a link to `.` or `/`
    /// would make the walk endless or huge). Name such a folder with `--decks` instead.
    pub skipped_links: Vec<PathBuf>,
    /// `*.toml` entries that are not regular files (FIFO, socket, device, dangling link), with
    /// what they are. Never opened: opening a FIFO blocks.
    pub not_regular: Vec<(PathBuf, &'static str)>,
}

/// What a non-regular file is, for messages (`None`: a dangling symlink).
pub(crate) fn file_kind(ft: Option<std::fs::FileType>) -> &'static str {
    #[cfg(unix)]
    if let Some(ft) = ft {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO";
        } else if ft.is_socket() {
            return "a socket";
        } else if ft.is_block_device() || ft.is_char_device() {
            return "a device";
        }
    }
    match ft {
        Some(ft) if ft.is_dir() => "a directory",
        Some(_) => "a special file",
        None => "a dangling symlink",
    }
}

fn is_toml(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "toml")
}

/// Lists the `*.toml` files under `path` (or `path` itself when it is a file), sorted. Only
/// folders that are real folders are entered; file types come from `lstat`/`stat`, so nothing
/// is opened here.
pub fn toml_files(path: &Path) -> Result<Found> {
    let meta = std::fs::metadata(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut found = Found::default();
    if meta.is_file() {
        found.files.push(path.to_path_buf());
        return Ok(found);
    } else if !meta.is_dir() {
        found
            .not_regular
            .push((path.to_path_buf(), file_kind(Some(meta.file_type()))));
        return Ok(found);
    }
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let io = |source| Error::Io {
            path: dir.clone(),
            source,
        };
        for entry in std::fs::read_dir(&dir).map_err(io)? {
            let entry = entry.map_err(io)?;
            let p = entry.path();
            // `DirEntry::file_type` does not follow symlinks.
            let ft = entry.file_type().map_err(io)?;
            if ft.is_dir() {
                stack.push(p);
            } else if ft.is_symlink() {
                match std::fs::metadata(&p) {
                    Ok(m) if m.is_dir() => found.skipped_links.push(p),
                    Ok(m) if m.is_file() && is_toml(&p) => found.files.push(p),
                    Ok(m) if is_toml(&p) => {
                        found.not_regular.push((p, file_kind(Some(m.file_type()))))
                    }
                    Err(_) if is_toml(&p) => found.not_regular.push((p, file_kind(None))),
                    _ => {}
                }
            } else if is_toml(&p) {
                if ft.is_file() {
                    found.files.push(p);
                } else {
                    found.not_regular.push((p, file_kind(Some(ft))));
                }
            }
        }
    }
    found.files.sort();
    found.skipped_links.sort();
    Ok(found)
}

/// Reads one deck file, refusing it by size (from the open file's metadata) before reading.
fn read_deck(file: &Path, origin: &str) -> Result<Result<String, Located>> {
    let io = |source| Error::Io {
        path: file.to_path_buf(),
        source,
    };
    let f = std::fs::File::open(file).map_err(io)?;
    let len = f.metadata().map_err(io)?.len();
    if len > MAX_DECK_BYTES {
        return Ok(Err(Located::at(
            origin,
            "",
            0,
            format!("deck file is {len} bytes, over the limit of {MAX_DECK_BYTES} (2 MiB)"),
        )));
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(f, MAX_DECK_BYTES + 1), &mut bytes)
        .map_err(io)?;
    Ok(String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(e.as_bytes());
        Located::at(
            origin,
            &text,
            valid,
            format!("deck file is not UTF-8 (byte {valid})"),
        )
    }))
}

/// Reads every deck file under `paths`; a file reached twice (a folder given twice, a
/// symlink to a file already found) is read once.
fn read_texts(
    paths: &[PathBuf],
    problems: &mut Vec<Located>,
    skipped: &mut Vec<PathBuf>,
) -> Result<Vec<DeckText>> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for root in paths {
        let found = toml_files(root)?;
        skipped.extend(found.skipped_links);
        for (file, kind) in found.not_regular {
            problems.push(Located::at(
                &file.display().to_string(),
                "",
                0,
                format!("deck file is {kind}, not a regular file; not read"),
            ));
        }
        for file in found.files {
            if !seen.insert(std::fs::canonicalize(&file).unwrap_or_else(|_| file.clone())) {
                continue;
            }
            let origin = file.display().to_string();
            match read_deck(&file, &origin)? {
                Ok(text) => out.push(DeckText { origin, text }),
                Err(problem) => problems.push(problem),
            }
        }
    }
    Ok(out)
}

/// One problem per topic slug defined more than once, at the later file's `slug`, naming
/// every other file that defines it; clashes with built-in decks are one line for them all (a
/// folder of imported decks clashes as a whole). Linear: one map from slug to its decks.
fn duplicate_slugs(
    decks: &[(Deck, usize)],
    texts: &[DeckText],
    builtin_count: usize,
) -> Vec<Located> {
    let mut by_slug: HashMap<&str, Vec<usize>> = HashMap::new();
    for (n, (deck, _)) in decks.iter().enumerate() {
        by_slug.entry(deck.topic.slug.as_str()).or_default().push(n);
    }
    let mut dups: Vec<&Vec<usize>> = by_slug.values().filter(|v| v.len() > 1).collect();
    dups.sort();
    let mut problems = Vec::new();
    let mut builtin_clashes: Vec<&Deck> = Vec::new();
    for all in dups {
        let (first, first_i) = &decks[all[0]];
        if *first_i < builtin_count {
            builtin_clashes.extend(all[1..].iter().map(|&n| &decks[n].0));
            continue;
        }
        let (later, i) = &decks[all[1]];
        let text = &texts[*i].text;
        let also = if all.len() > 2 {
            let rest: Vec<&str> = all[2..]
                .iter()
                .map(|&n| decks[n].0.origin.as_str())
                .collect();
            format!(" (also in {})", rest.join(", "))
        } else {
            String::new()
        };
        problems.push(Located::at(
            &later.origin,
            text,
            text.find("slug").unwrap_or(0),
            format!(
                "topic slug {:?} is already defined in {}{also}",
                later.topic.slug, first.origin
            ),
        ));
    }
    if let Some(first) = builtin_clashes.first() {
        problems.push(Located {
            file: first.origin.clone(),
            line: 1,
            col: 1,
            msg: format!(
                "{} deck(s) reuse built-in topic slugs (e.g. {:?}); to study your decks instead of the built-ins, pass --no-builtin",
                builtin_clashes.len(),
                first.topic.slug
            ),
        });
    }
    problems
}

/// Loads and validates every deck; all problems of all files are reported together.
/// A topic may be split over several files (the user deck folder adds cards to a built-in
/// topic this way): a later deck with exactly the same `[topic]` header and no card id in
/// common is folded into the first. Anything else with the same slug stays a clash.
fn merge_split_topics(decks: &mut Vec<(Deck, usize)>) {
    let mut n = 1;
    while n < decks.len() {
        let deck = &decks[n].0;
        let host = decks[..n].iter().position(|(d, _)| {
            d.topic == deck.topic
                && !d
                    .cards
                    .iter()
                    .any(|c| deck.cards.iter().any(|x| x.id == c.id))
        });
        match host {
            Some(h) => {
                let (deck, _) = decks.remove(n);
                decks[h].0.cards.extend(deck.cards);
            }
            None => n += 1,
        }
    }
}

pub fn load(sources: &DeckSources) -> Result<DeckSet> {
    let mut problems = Vec::new();
    let mut skipped_links = Vec::new();
    let mut texts = if sources.builtin {
        builtin_texts()
    } else {
        Vec::new()
    };
    let builtin_count = texts.len();
    texts.extend(read_texts(
        &sources.paths,
        &mut problems,
        &mut skipped_links,
    )?);

    let mut hasher = Sha256::new();
    hasher.update(SYNC_FORMAT);
    let mut decks: Vec<(Deck, usize)> = Vec::new();
    for (i, t) in texts.iter().enumerate() {
        hasher.update(t.origin.as_bytes());
        hasher.update([0]);
        hasher.update(t.text.as_bytes());
        hasher.update([0]);
        match schema::parse(&t.origin, &t.text) {
            Ok(deck) => decks.push((deck, i)),
            Err(p) => problems.extend(p),
        }
    }
    problems.extend(crossref::check(&decks, &texts, builtin_count));
    merge_split_topics(&mut decks);
    problems.extend(duplicate_slugs(&decks, &texts, builtin_count));
    if !problems.is_empty() {
        return Err(Error::Deck(problems));
    }
    let mut decks: Vec<Deck> = decks.into_iter().map(|(d, _)| d).collect();
    decks.sort_by(|a, b| {
        (a.topic.phase, a.topic.order, &a.topic.slug).cmp(&(
            b.topic.phase,
            b.topic.order,
            &b.topic.slug,
        ))
    });
    let hash = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(DeckSet {
        decks,
        hash,
        skipped_links,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_decks_load_and_validate() {
        let set = load(&DeckSources {
            builtin: true,
            paths: vec![],
        })
        .unwrap();
        assert!(!set.decks.is_empty());
        assert!(
            set.decks
                .iter()
                .all(|d| d.origin.starts_with("decks/phase-"))
        );
        assert_eq!(set.hash.len(), 64);
    }

    #[test]
    fn duplicate_slug_across_files_names_both() {
        let dir = tempfile::tempdir().unwrap();
        let deck = "[topic]\nphase = 0\norder = 1\nslug = \"same\"\ntitle = \"T\"\nsource = \"s.md\"\n\n[[card]]\nid = \"a\"\nkind = \"qa\"\nq = \"q\"\na = \"a\"\n";
        std::fs::write(dir.path().join("a.toml"), deck).unwrap();
        std::fs::write(dir.path().join("b.toml"), deck).unwrap();
        let err = load(&DeckSources {
            builtin: false,
            paths: vec![dir.path().to_path_buf()],
        })
        .unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("b.toml:4:1"), "{msg}");
        assert!(
            msg.contains("already defined in") && msg.contains("a.toml"),
            "{msg}"
        );
    }

    #[test]
    fn a_topic_split_over_files_with_one_header_is_one_deck() {
        let dir = tempfile::tempdir().unwrap();
        let head =
            "[topic]\nphase = 0\norder = 1\nslug = \"same\"\ntitle = \"T\"\nsource = \"s.md\"\n";
        let card =
            |id: &str| format!("\n[[card]]\nid = \"{id}\"\nkind = \"qa\"\nq = \"q\"\na = \"a\"\n");
        std::fs::write(dir.path().join("a.toml"), format!("{head}{}", card("a"))).unwrap();
        std::fs::write(dir.path().join("b.toml"), format!("{head}{}", card("b"))).unwrap();
        let sources = DeckSources {
            builtin: false,
            paths: vec![dir.path().to_path_buf()],
        };
        let set = load(&sources).unwrap();
        assert_eq!(set.decks.len(), 1);
        let ids: Vec<&str> = set.decks[0].cards.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        // Another title is another topic with the same slug: a clash.
        let other = head.replace("\"T\"", "\"Other\"");
        std::fs::write(dir.path().join("c.toml"), format!("{other}{}", card("c"))).unwrap();
        assert!(
            load(&sources)
                .unwrap_err()
                .to_string()
                .contains("already defined")
        );
    }

    const DECK: &str = "[topic]\nphase = 0\norder = 1\nslug = \"same\"\ntitle = \"T\"\nsource = \"s.md\"\n\n[[card]]\nid = \"a\"\nkind = \"qa\"\nq = \"q\"\na = \"a\"\n";

    fn load_dir(dir: &Path) -> Result<DeckSet> {
        load(&DeckSources {
            builtin: false,
            paths: vec![dir.to_path_buf()],
        })
    }

    #[cfg(unix)]
    #[test]
    fn symlinked_folders_are_not_followed_and_fifos_not_opened() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.toml"), DECK).unwrap();
        std::os::unix::fs::symlink(".", dir.path().join("l1")).unwrap();
        std::os::unix::fs::symlink(".", dir.path().join("l2")).unwrap();
        std::os::unix::fs::symlink("a.toml", dir.path().join("same.toml")).unwrap();
        let set = load_dir(dir.path()).unwrap();
        assert_eq!(set.decks.len(), 1, "a file reached twice is read once");
        assert_eq!(set.skipped_links.len(), 2);
        let status = std::process::Command::new("mkfifo")
            .arg(dir.path().join("x.toml"))
            .status()
            .unwrap();
        assert!(status.success());
        let err = load_dir(dir.path()).unwrap_err();
        let lines = err.lines();
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(
            lines[0].starts_with("deck file is a FIFO, not a regular file"),
            "{lines:?}"
        );
        assert!(lines[0].ends_with("x.toml:1:1"), "{lines:?}");
    }

    #[test]
    fn a_slug_defined_three_times_is_one_problem() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.toml", "b.toml", "c.toml"] {
            std::fs::write(dir.path().join(name), DECK).unwrap();
        }
        let lines = load_dir(dir.path()).unwrap_err().lines();
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(lines[0].contains("already defined in") && lines[0].contains("a.toml"));
        assert!(lines[0].contains("(also in") && lines[0].contains("c.toml"));
        assert!(lines[0].contains("b.toml:4:1"), "{lines:?}");
    }

    #[test]
    fn oversized_files_are_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let f = std::fs::File::create(dir.path().join("big.toml")).unwrap();
        f.set_len(MAX_DECK_BYTES + 1).unwrap();
        let lines = load_dir(dir.path()).unwrap_err().lines();
        assert_eq!(lines.len(), 1);
        assert!(
            lines[0].starts_with("deck file is 2097153 bytes, over the limit of 2097152"),
            "{lines:?}"
        );
    }
}
