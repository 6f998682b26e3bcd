//! A hermetic environment for driving the real `ecsdrill` binary: a temp home, a temp
//! database, a pinned clock, no colors, and no ECSDRILL_* variables from the outside.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

pub struct TestEnv {
    pub dir: tempfile::TempDir,
    pub now: String,
    pub decks: Vec<PathBuf>,
    pub builtin: bool,
    /// Extra environment variables, e.g. settings.
    pub vars: Vec<(String, String)>,
}

pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

impl TestEnv {
    /// Studies the two small fixture decks only (alpha: phase 0, beta: phase 1).
    pub fn mini() -> TestEnv {
        TestEnv {
            dir: tempfile::tempdir().expect("temp dir"),
            now: "2026-01-10T09:00:00Z".into(),
            decks: vec![fixture("decks/mini")],
            builtin: false,
            vars: vec![],
        }
    }

    /// Studies the built-in decks.
    pub fn builtin() -> TestEnv {
        TestEnv {
            decks: vec![],
            builtin: true,
            ..TestEnv::mini()
        }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("ecsdrill.db")
    }

    /// Sets "now" to 09:00 UTC of `date` (YYYY-MM-DD).
    pub fn on(&mut self, date: &str) -> &mut Self {
        self.now = format!("{date}T09:00:00Z");
        self
    }

    /// The environment every run gets (on top of a clean one).
    pub fn vars_for_child(&self) -> Vec<(String, std::ffi::OsString)> {
        let home = self.dir.path().join("home");
        let mut v: Vec<(String, std::ffi::OsString)> = vec![
            ("HOME".into(), home.clone().into()),
            ("XDG_CONFIG_HOME".into(), home.join("config").into()),
            ("XDG_DATA_HOME".into(), home.join("data").into()),
            ("ECSDRILL_DB".into(), self.db().into()),
            ("ECSDRILL_NOW".into(), self.now.clone().into()),
            ("NO_COLOR".into(), "1".into()),
        ];
        v.extend(self.vars.iter().map(|(k, val)| (k.clone(), val.into())));
        v
    }

    /// The deck arguments every run gets.
    pub fn args_for_child(&self) -> Vec<std::ffi::OsString> {
        let mut a = Vec::new();
        if !self.builtin {
            a.push("--no-builtin".into());
        }
        for d in &self.decks {
            a.push("--decks".into());
            a.push(d.clone().into_os_string());
        }
        a
    }

    pub fn cmd(&self) -> Command {
        Command::from_std(self.std_cmd(&[]))
    }

    pub fn set(&mut self, key: &str, value: &str) -> &mut Self {
        self.vars.push((key.to_string(), value.to_string()));
        self
    }

    /// Runs `args` with `stdin`, asserting success; returns stdout.
    pub fn ok(&self, args: &[&str], stdin: &str) -> String {
        let out = self
            .cmd()
            .args(args)
            .write_stdin(stdin)
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "ecsdrill {args:?} failed: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    /// Runs `args`, asserting the exit code; returns stderr.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.cmd().args(args).output().expect("run");
        assert_eq!(
            out.status.code(),
            Some(code),
            "ecsdrill {args:?}: stdout {}\nstderr {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stderr).expect("utf-8 stderr")
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args, "")).expect("json output")
    }

    /// The card with `id` from `cards --json`.
    pub fn card(&self, id: &str) -> serde_json::Value {
        let all = self.json(&["cards", "--json"]);
        all.as_array()
            .and_then(|a| a.iter().find(|c| c["id"] == id))
            .cloned()
            .unwrap_or_else(|| panic!("no card {id}"))
    }

    /// (interval_days, ease, due) of a card.
    pub fn schedule(&self, id: &str) -> (u64, f64, String) {
        let s = &self.card(id)["state"];
        (
            s["interval_days"].as_u64().unwrap(),
            s["ease"].as_f64().unwrap(),
            s["due"].as_str().unwrap_or("-").to_string(),
        )
    }
}

/// Rows of the review log straight from the database file.
pub fn review_rows(db: &Path) -> Vec<(String, u8, String, i64)> {
    let conn = rusqlite::Connection::open(db).expect("open db");
    let mut stmt = conn
        .prepare("SELECT card_id, grade, mode, new_interval FROM reviews ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The curriculum folder beside this repository, when it is there.
pub fn curriculum() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/curriculum");
    if p.is_dir() {
        Some(p)
    } else {
        println!(
            "skipped: {} is absent (the curriculum is a shared input, not part of the repo)",
            p.display()
        );
        None
    }
}

/// The curriculum's topic files (`Phase-N_*/NN_*.md`), sorted.
pub fn curriculum_topics(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for phase in std::fs::read_dir(root).unwrap() {
        let phase = phase.unwrap().path();
        if phase.is_dir()
            && phase
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("Phase-")
        {
            for f in std::fs::read_dir(&phase).unwrap() {
                let f = f.unwrap().path();
                if f.extension().is_some_and(|e| e == "md") {
                    out.push(f);
                }
            }
        }
    }
    out.sort();
    out
}

/// Counts a topic file's interview questions and gotchas by a plain line scan, independent of
/// the importer: `**Q` lines inside interview sections and `### Qn` headings anywhere are
/// questions; `###` headings inside gotcha/edge-case sections and `## EDGE CASE n` sections
/// are gotchas. Fenced code is skipped.
pub fn count_questions_and_gotchas(text: &str) -> (usize, usize) {
    #[derive(PartialEq)]
    enum Section {
        Interview,
        Gotchas,
        Other,
    }
    let mut section = Section::Other;
    let (mut questions, mut gotchas) = (0, 0);
    let mut in_code = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        let level = line.chars().take_while(|c| *c == '#').count();
        let title = line[level..].trim().to_lowercase();
        if level > 0 && line[level..].starts_with(' ') {
            if level <= 2 {
                section = if title.contains("interview") || title.contains("question bank") {
                    Section::Interview
                } else if title.contains("gotcha") || title.contains("edge case") {
                    Section::Gotchas
                } else {
                    Section::Other
                };
                if title.starts_with("edge case ") {
                    gotchas += 1;
                    section = Section::Other;
                }
            } else if level == 3 {
                let is_q =
                    title.starts_with('q') && title[1..].starts_with(|c: char| c.is_ascii_digit());
                if is_q {
                    questions += 1;
                } else if section == Section::Gotchas {
                    gotchas += 1;
                }
            }
        } else if section == Section::Interview && line.starts_with("**Q") {
            questions += 1;
        }
    }
    (questions, gotchas)
}

/// Lowercase word tokens the way the overlap rule counts them: code spans and blocks removed.
pub fn prose_words(text: &str) -> Vec<String> {
    let mut kept = String::new();
    for (i, part) in text.split("```").enumerate() {
        if i % 2 == 0 {
            for (j, piece) in part.split('`').enumerate() {
                if j % 2 == 0 {
                    kept.push_str(piece);
                }
                kept.push(' ');
            }
        }
        kept.push(' ');
    }
    kept.to_lowercase()
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Every run of `n` consecutive words.
pub fn shingles(words: &[String], n: usize) -> std::collections::HashSet<String> {
    words.windows(n).map(|w| w.join(" ")).collect()
}

impl TestEnv {
    /// The same command as [`TestEnv::cmd`] as a plain `std::process::Command`, for tests
    /// that run several processes at once or kill one.
    pub fn std_cmd(&self, args: &[&str]) -> std::process::Command {
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("ecsdrill"));
        for (k, _) in std::env::vars() {
            if k.starts_with("ECSDRILL_") || k.starts_with("XDG_") {
                c.env_remove(k);
            }
        }
        c.env_remove("CLICOLOR_FORCE")
            .envs(self.vars_for_child())
            .args(self.args_for_child());
        c.args(args);
        c
    }
}
