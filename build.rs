//! Rebuild when a deck or migration changes: both are compiled into the binary. The built-in
//! decks' fingerprint (FNV-1a over their paths and texts) is computed here, once per build, so
//! a run can tell they are unchanged without hashing them (see `deck::fingerprint`).

use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn main() {
    println!("cargo:rerun-if-changed=decks");
    println!("cargo:rerun-if-changed=migrations");
    let mut found = Vec::new();
    files(Path::new("decks"), &mut found);
    found.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for path in &found {
        let text = std::fs::read(path).unwrap_or_default();
        for b in path
            .to_string_lossy()
            .bytes()
            .chain([0])
            .chain(text)
            .chain([0])
        {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    println!("cargo:rustc-env=ECSDRILL_BUILTIN_DECKS_FNV={hash:016x}");
}
