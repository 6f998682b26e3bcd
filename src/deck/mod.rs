//! Decks: the schema, the built-in decks embedded at build time, user deck folders, and the
//! content hash that lets the store skip a sync when nothing changed.

pub mod import;
pub mod schema;

pub use schema::{Card, Deck, Kind, Level, MASTERY_IDS, Topic};

use crate::error::{Error, Located, Result};
use include_dir::{Dir, include_dir};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The `decks/` folder of this repository, compiled into the binary.
static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/decks");

/// Bumped when the way decks are stored changes, so every database re-syncs once.
const SYNC_FORMAT: &str = "ecsdrill-sync-1";

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

/// Lists the `*.toml` files under `path` (or `path` itself when it is a file), sorted.
pub fn toml_files(path: &Path) -> Result<Vec<PathBuf>> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|source| Error::Io {
            path: dir.clone(),
            source,
        })?;
        for entry in entries {
            let p = entry
                .map_err(|source| Error::Io {
                    path: dir.clone(),
                    source,
                })?
                .path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "toml") {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn read_texts(paths: &[PathBuf], problems: &mut Vec<Located>) -> Result<Vec<DeckText>> {
    let mut out = Vec::new();
    for root in paths {
        for file in toml_files(root)? {
            let origin = file.display().to_string();
            let bytes = std::fs::read(&file).map_err(|source| Error::Io {
                path: file.clone(),
                source,
            })?;
            match String::from_utf8(bytes) {
                Ok(text) => out.push(DeckText { origin, text }),
                Err(e) => {
                    let valid = e.utf8_error().valid_up_to();
                    let text = String::from_utf8_lossy(e.as_bytes());
                    problems.push(Located::at(
                        &origin,
                        &text,
                        valid,
                        format!("deck file is not UTF-8 (byte {valid})"),
                    ))
                }
            }
        }
    }
    Ok(out)
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
    let mut texts = if sources.builtin {
        builtin_texts()
    } else {
        Vec::new()
    };
    let builtin_count = texts.len();
    texts.extend(read_texts(&sources.paths, &mut problems)?);

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
    merge_split_topics(&mut decks);
    let mut builtin_clashes: Vec<&Deck> = Vec::new();
    for (n, (deck, i)) in decks.iter().enumerate() {
        if let Some((first, first_i)) = decks[..n]
            .iter()
            .find(|(d, _)| d.topic.slug == deck.topic.slug)
        {
            if *first_i < builtin_count {
                builtin_clashes.push(deck);
                continue;
            }
            let text = &texts[*i].text;
            let offset = text.find("slug").unwrap_or(0);
            problems.push(Located::at(
                &deck.origin,
                text,
                offset,
                format!(
                    "topic slug {:?} is already defined in {}",
                    deck.topic.slug, first.origin
                ),
            ));
        }
    }
    if let Some(first) = builtin_clashes.first() {
        // One line for all of them: a folder of imported decks clashes as a whole.
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
    Ok(DeckSet { decks, hash })
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
}
