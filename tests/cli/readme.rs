//! Every `ecsdrill ...` example in README.md runs and exits 0, with a fixed clock and a fresh
//! database, so the examples cannot rot. Examples are the lines of code blocks that start with
//! `ecsdrill` (or `$ ecsdrill`) and the inline code spans that do (not templates with a
//! `<placeholder>`); redirections and comments are cut off, `~` is the test's home and `/tmp/`
//! a folder of the test.

use crate::common::{TestEnv, fixture};
use std::path::Path;

/// Examples that are not run, and why.
const SKIP: &[(&str, &str)] = &[
    (
        "ecsdrill import",
        "the command named in prose, without the paths it needs",
    ),
    (
        "ecsdrill add --topic ecs-security-model",
        "asks its questions interactively; shell::add_writes_a_checked_card... covers it",
    ),
];

fn examples(readme: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut in_code = false;
    for (n, line) in readme.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            let l = line.trim();
            let l = l.strip_prefix("$ ").unwrap_or(l);
            if l.starts_with("ecsdrill ") || l == "ecsdrill" {
                out.push((n + 1, l.to_string()));
            }
        } else {
            // Closed spans only (a span broken over two lines is prose); a span with a
            // `<placeholder>` is a template, not an example.
            let parts: Vec<&str> = line.split('`').collect();
            let closed = parts.len().saturating_sub(1) & !1;
            for span in parts[..closed.min(parts.len())].iter().skip(1).step_by(2) {
                if span.starts_with("ecsdrill ") && !span.contains('<') {
                    out.push((n + 1, span.to_string()));
                }
            }
        }
    }
    out
}

/// The arguments after `ecsdrill`: up to a comment, pipe or redirection; quotes group words.
fn words(example: &str, home: &Path, tmp: &Path) -> Vec<String> {
    let mut words = Vec::new();
    let (mut word, mut quote) = (String::new(), None);
    for c in example.chars() {
        match (c, quote) {
            ('"' | '\'', None) => quote = Some(c),
            (c, Some(q)) if c == q => quote = None,
            (c, None) if c.is_whitespace() => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            (c, _) => word.push(c),
        }
    }
    words.push(word);
    words
        .into_iter()
        .filter(|w| !w.is_empty())
        .take_while(|w| !["#", "|", ">", "&&", ";"].contains(&w.as_str()))
        .skip(1)
        .map(|w| {
            if let Some(rest) = w.strip_prefix("~/") {
                home.join(rest).display().to_string()
            } else if let Some(rest) = w.strip_prefix("/tmp/") {
                tmp.join(rest).display().to_string()
            } else {
                w
            }
        })
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let p = entry.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

#[test]
fn every_readme_example_runs() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let mut env = TestEnv::builtin();
    env.on("2026-11-26");
    let (home, work) = (env.dir.path().join("home"), env.dir.path().join("work"));
    let tmp = env.dir.path().join("tmp");
    copy_dir(&fixture("import/notes"), &home.join("notes"));
    copy_dir(&fixture("import/notes"), &work.join("notes"));
    copy_dir(&fixture("decks/mini"), &work.join("my-decks"));
    std::fs::create_dir_all(home.join(".zfunc")).unwrap();
    std::fs::create_dir_all(&tmp).unwrap();
    let all = examples(&readme);
    assert!(
        all.len() > 30,
        "the README examples were not found: {all:?}"
    );
    let mut ran = 0;
    for (line, example) in all {
        if SKIP.iter().any(|(s, _)| *s == example) {
            continue;
        }
        let out = env
            .cmd()
            .current_dir(&work)
            .args(words(&example, &home, &tmp))
            .write_stdin("")
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "README.md:{line}: `{example}` exited {:?}\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        ran += 1;
    }
    assert!(ran > 30, "{ran}");
}
