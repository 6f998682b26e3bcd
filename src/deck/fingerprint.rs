//! A cheap fingerprint of a run's deck sources, so a run whose decks did not change neither
//! reads nor parses them (50,000 cards take ~170 ms to load).
//!
//! It covers the built-in decks by the hash `build.rs` computed over their text, and every
//! user deck file by its path, size, modification time and (on Unix) inode and change time,
//! all from `stat`. The store keeps the fingerprint of its last sync; equal fingerprints mean
//! the store already holds exactly these decks. Editors that save in place change the
//! modification time; those that write a new file and rename it change the inode; the change
//! time cannot be set back by tools that copy times, so an edit is always seen.

use super::{DeckSources, SYNC_FORMAT, toml_files};
use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::path::Path;
use std::time::UNIX_EPOCH;

const BUILTIN: &str = env!("ECSDRILL_BUILTIN_DECKS_FNV");

fn file_line(path: &Path, out: &mut String) -> Result<()> {
    let meta = std::fs::metadata(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    let _ = write!(out, "{}\0{}\0{mtime}", path.display(), meta.len());
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = write!(
            out,
            "\0{}\0{}\0{}.{}",
            meta.dev(),
            meta.ino(),
            meta.ctime(),
            meta.ctime_nsec()
        );
    }
    out.push('\n');
    Ok(())
}

/// The fingerprint of `sources` as they are on disk now (a hex SHA-256).
pub fn fingerprint(sources: &DeckSources) -> Result<String> {
    let mut text = format!("{SYNC_FORMAT}\n");
    if sources.builtin {
        let _ = writeln!(text, "builtin {BUILTIN}");
    }
    for root in &sources.paths {
        let _ = writeln!(text, "root {}", root.display());
        let found = toml_files(root)?;
        for file in &found.files {
            file_line(file, &mut text)?;
        }
        // What the walk skipped counts too: a loader run reports it.
        for (path, kind) in &found.not_regular {
            let _ = writeln!(text, "not regular {} {kind}", path.display());
        }
        for path in &found.skipped_links {
            let _ = writeln!(text, "skipped link {}", path.display());
        }
    }
    Ok(Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(dir: &Path) -> DeckSources {
        DeckSources {
            builtin: true,
            paths: vec![dir.to_path_buf()],
        }
    }

    #[test]
    fn changes_with_any_file_and_only_then() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.toml");
        std::fs::write(&file, "one").unwrap();
        let s = sources(dir.path());
        let first = fingerprint(&s).unwrap();
        assert_eq!(first, fingerprint(&s).unwrap(), "nothing changed");

        // Same size, written again: the change time (and usually mtime) moves.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&file, "two").unwrap();
        let edited = fingerprint(&s).unwrap();
        assert_ne!(first, edited);

        std::fs::write(dir.path().join("b.toml"), "x").unwrap();
        assert_ne!(edited, fingerprint(&s).unwrap(), "a new file");
        std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
        let with_b = fingerprint(&s).unwrap();
        assert_eq!(
            with_b,
            fingerprint(&s).unwrap(),
            "non-deck files do not count"
        );

        let without_builtin = DeckSources {
            builtin: false,
            ..s.clone()
        };
        assert_ne!(with_b, fingerprint(&without_builtin).unwrap());
    }
}
