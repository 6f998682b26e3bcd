//! Hostile and impossible input (issue 13), through the real binary, as one table: each row
//! builds its inputs in a fresh temp dir, runs one command, and checks the exit code, that
//! stderr is one line naming the problem, and that every file in the dir (database and
//! inputs) is byte-identical afterwards unless the row says which one may change.

use crate::common::TestEnv;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A small valid deck; rows derive bad ones from it by replacing one line.
const DECK: &str = r#"[topic]
phase = 0
order = 1
slug = "hostile"
title = "Hostile"
source = "Phase-0/01_Hostile.md"

[[card]]
id = "one"
kind = "qa"
q = "Question?"
a = "Answer."
more = "More."
"#;

type Setup = Box<dyn Fn(&Path) -> Vec<String>>;

struct Case {
    name: &'static str,
    /// Grade a card first, so the database exists and holds a review.
    primed: bool,
    setup: Setup,
    vars: Vec<(&'static str, String)>,
    stdin: Vec<u8>,
    code: i32,
    /// Words of the one stderr line; `None`: stderr is empty.
    stderr: Option<&'static str>,
    /// Words stdout must hold.
    stdout: &'static str,
    /// Files (relative to the dir) this row is allowed to change.
    may_change: Vec<&'static str>,
}

fn case(name: &'static str, code: i32, stderr: Option<&'static str>, setup: Setup) -> Case {
    Case {
        name,
        primed: false,
        setup,
        vars: Vec::new(),
        stdin: Vec::new(),
        code,
        stderr,
        stdout: "",
        may_change: Vec::new(),
    }
}

impl Case {
    fn primed(mut self) -> Case {
        self.primed = true;
        self
    }
    fn var(mut self, key: &'static str, value: &str) -> Case {
        self.vars.push((key, value.to_string()));
        self
    }
    fn stdin(mut self, bytes: &[u8]) -> Case {
        self.stdin = bytes.to_vec();
        self
    }
    fn stdout(mut self, words: &'static str) -> Case {
        self.stdout = words;
        self
    }
    fn may_change(mut self, files: &[&'static str]) -> Case {
        self.may_change.extend_from_slice(files);
        self
    }
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|a| a.to_string()).collect()
}

/// Writes `DECK` with `from` replaced by `to` as `dir/d/deck.toml`; returns `check dir/d`.
fn bad_deck(from: &'static str, to: String) -> Setup {
    Box::new(move |dir| {
        std::fs::create_dir_all(dir.join("d")).unwrap();
        std::fs::write(dir.join("d/deck.toml"), DECK.replacen(from, &to, 1)).unwrap();
        vec!["check".into(), s(&dir.join("d"))]
    })
}

/// Writes `DECK` followed by `extra` as `dir/d/deck.toml`; returns `check dir/d`.
fn appended(extra: String) -> Setup {
    Box::new(move |dir| {
        std::fs::create_dir_all(dir.join("d")).unwrap();
        std::fs::write(dir.join("d/deck.toml"), format!("{DECK}{extra}")).unwrap();
        vec!["check".into(), s(&dir.join("d"))]
    })
}

/// `check dir/d` after `build` made the folder's content.
fn deck_dir(build: fn(&Path)) -> Setup {
    Box::new(move |dir| {
        let d = dir.join("d");
        std::fs::create_dir_all(&d).unwrap();
        build(&d);
        vec!["check".into(), s(&d)]
    })
}

fn fixed(list: &'static [&'static str]) -> Setup {
    Box::new(move |_| args(list))
}

fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap()
        .success();
    assert!(ok, "mkfifo {}", path.display());
}

fn link(target: &str, at: &Path) {
    std::os::unix::fs::symlink(target, at).unwrap();
}

#[expect(
    clippy::too_many_lines,
    reason = "a table of cases, one entry per hostile deck input"
)]
fn deck_cases() -> Vec<Case> {
    vec![
        case(
            "malformed toml",
            2,
            Some("invalid basic string"),
            bad_deck("q = \"Question?\"", "q = \"unterminated".into()),
        ),
        case(
            "unknown field",
            2,
            Some("unknown field `qq`"),
            bad_deck("q = ", "qq = ".into()),
        ),
        case(
            "duplicate id",
            2,
            Some("duplicate card id \"one\" (first used on line 9): "),
            appended("\n[[card]]\nid = \"one\"\nkind = \"qa\"\nq = \"b\"\na = \"c\"\n".into()),
        ),
        case(
            "empty question",
            2,
            Some("empty `q`"),
            bad_deck("q = \"Question?\"", "q = \" \"".into()),
        ),
        case(
            "phase out of range",
            2,
            Some("phase out of range: 9"),
            bad_deck("phase = 0", "phase = 9".into()),
        ),
        case(
            "huge phase",
            2,
            Some("phase out of range: 9223372036854775807"),
            bad_deck("phase = 0", "phase = 9223372036854775807".into()),
        ),
        case(
            "wrong type",
            2,
            Some("invalid type: string \"zero\", expected i64"),
            bad_deck("phase = 0", "phase = \"zero\"".into()),
        ),
        case(
            "escape sequence in q",
            2,
            Some("control character U+001B in `q`"),
            bad_deck("q = \"Question?\"", r#"q = "Clear \u001b[2J?""#.into()),
        ),
        case(
            "osc 52 clipboard write in a",
            2,
            Some("control character U+001B in `a`"),
            bad_deck(
                "a = \"Answer.\"",
                r#"a = "\u001b]52;c;ZWNobyBoaQ==\u0007""#.into(),
            ),
        ),
        case(
            "terminal title in more",
            2,
            Some("control character U+001B in `more`"),
            bad_deck(
                "more = \"More.\"",
                r#"more = """ok\n\e]0;pwned\u0007""""#.into(),
            ),
        ),
        case(
            "c1 control in title",
            2,
            Some("control character U+009B in `title`"),
            bad_deck("title = \"Hostile\"", r#"title = "CSI \u009b31m""#.into()),
        ),
        case(
            "carriage return in q",
            2,
            Some("control character U+000D in `q`"),
            bad_deck("q = \"Question?\"", r#"q = "fake\rline""#.into()),
        ),
        case(
            "question over the field limit",
            2,
            Some("`q` is 3000 bytes, over the limit of 2048"),
            bad_deck("q = \"Question?\"", format!("q = \"{}\"", "x".repeat(3000))),
        ),
        case(
            "ten megabyte field",
            2,
            Some("bytes, over the limit of 2097152"),
            bad_deck(
                "more = \"More.\"",
                format!("more = \"{}\"", "y".repeat(10 << 20)),
            ),
        ),
        case(
            "too many cards",
            2,
            Some("deck has 2001 cards, over the limit of 2000"),
            appended(
                (1..=2000)
                    .map(|i| {
                        format!("[[card]]\nid = \"c{i}\"\nkind = \"qa\"\nq = \"q\"\na = \"a\"\n")
                    })
                    .collect(),
            ),
        ),
        case(
            "non-utf-8 deck",
            2,
            Some("deck file is not UTF-8 (byte 20)"),
            deck_dir(|d| {
                let mut bytes = b"[topic]\nphase = 0 # \xff\xfe".to_vec();
                bytes.extend_from_slice(b"\n");
                std::fs::write(d.join("deck.toml"), bytes).unwrap();
            }),
        ),
        case(
            "fifty megabyte deck, refused by size",
            2,
            Some("deck file is 52428800 bytes, over the limit of 2097152 (2 MiB)"),
            deck_dir(|d| {
                let f = std::fs::File::create(d.join("big.toml")).unwrap();
                f.set_len(50 << 20).unwrap();
            }),
        ),
        case(
            "fifo named x.toml is not opened",
            2,
            Some("deck file is a FIFO, not a regular file; not read"),
            deck_dir(|d| {
                std::fs::write(d.join("deck.toml"), DECK).unwrap();
                mkfifo(&d.join("x.toml"));
            }),
        ),
        case(
            "two self-links finish at once",
            0,
            None,
            deck_dir(|d| {
                std::fs::write(d.join("deck.toml"), DECK).unwrap();
                link(".", &d.join("l1"));
                link(".", &d.join("l2"));
            }),
        )
        .stdout("ok: 1 deck(s), 1 card(s)\nskipped 2 symlinked folder(s)"),
        case(
            "a self-link does not multiply slugs",
            0,
            None,
            deck_dir(|d| {
                std::fs::write(d.join("deck.toml"), DECK).unwrap();
                link(".", &d.join("loop"));
            }),
        )
        .stdout("ok: 1 deck(s), 1 card(s)"),
        case(
            "duplicated slug reported once with both files",
            2,
            Some("topic slug \"hostile\" is already defined in"),
            deck_dir(|d| {
                std::fs::write(d.join("a.toml"), DECK).unwrap();
                std::fs::write(d.join("b.toml"), DECK).unwrap();
            }),
        ),
    ]
}

#[expect(
    clippy::too_many_lines,
    reason = "a table of cases, one entry per hostile input to a command"
)]
fn run_cases() -> Vec<Case> {
    vec![
        case(
            "bad ECSDRILL_NOW",
            2,
            Some("ECSDRILL_NOW is not a date and time"),
            fixed(&["status"]),
        )
        .primed()
        .var("ECSDRILL_NOW", "2026-02-30T09:00:00Z"),
        case(
            "negative setting",
            2,
            Some("ECSDRILL_NEW_PER_DAY: expected a whole number >= 0"),
            fixed(&["status"]),
        )
        .var("ECSDRILL_NEW_PER_DAY", "-1"),
        case(
            "unknown setting value",
            2,
            Some("ECSDRILL_COLOR: expected one of auto"),
            fixed(&["status"]),
        )
        .var("ECSDRILL_COLOR", "pink"),
        case(
            "bad interview date",
            2,
            Some("invalid value '2026-13-01'"),
            fixed(&["plan", "--interview", "2026-13-01"]),
        )
        .primed(),
        case(
            "interview date far in the future",
            2,
            Some("the interview date must be within 2 years of today"),
            fixed(&["plan", "--interview", "9999-12-31"]),
        )
        .primed(),
        case(
            "bad report date",
            2,
            Some("invalid value 'yesterday'"),
            fixed(&["report", "--since", "yesterday"]),
        )
        .primed(),
        case(
            "grade 6",
            2,
            Some("\"6\" is not a grade"),
            fixed(&["grade", "alpha/one", "6"]),
        )
        .primed(),
        case(
            "grade x",
            2,
            Some("\"x\" is not a grade"),
            fixed(&["grade", "alpha/one", "x"]),
        )
        .primed(),
        case(
            "grade -1",
            2,
            Some("\"-1\" is not a grade"),
            fixed(&["grade", "alpha/one", "-1"]),
        )
        .primed(),
        case(
            "grade +3",
            2,
            Some("\"+3\" is not a grade"),
            fixed(&["grade", "alpha/one", "+3"]),
        )
        .primed(),
        case(
            "grade 005",
            2,
            Some("\"005\" is not a grade"),
            fixed(&["grade", "alpha/one", "005"]),
        )
        .primed(),
        case(
            "unknown id",
            2,
            Some("unknown card id: alpha/nope"),
            fixed(&["grade", "alpha/nope", "4"]),
        )
        .primed(),
        case(
            "unknown topic",
            2,
            Some("unknown topic: nope"),
            fixed(&["cards", "--topic", "nope"]),
        )
        .primed(),
        case(
            "binary progress file",
            2,
            Some("not a valid progress file"),
            Box::new(|dir| {
                std::fs::write(dir.join("p.json"), b"\xff\xfe\x00garbage").unwrap();
                args(&["import-progress", "p.json"])
            }),
        )
        .primed(),
        case(
            "progress file with an impossible ease",
            2,
            Some("cards[0].ease: 65535 is outside 130..=1000"),
            Box::new(|dir| {
                let text = r#"{"format":"ecsdrill-progress","version":1,"exported_at":"2026-01-10T09:00:00Z","interview_date":null,"cards":[{"id":"alpha/one","reps":1,"interval_days":1,"ease":65535,"due":"2026-01-11","lapses":0,"last_review":"2026-01-10","suspended":false}],"reviews":[]}"#;
                std::fs::write(dir.join("p.json"), text).unwrap();
                args(&["import-progress", "p.json"])
            }),
        )
        .primed(),
        case(
            "unknown setting in the config file",
            2,
            Some("unknown setting `new_per_dya`"),
            Box::new(|dir| {
                std::fs::write(dir.join("c.toml"), "new_per_dya = 5\n").unwrap();
                args(&["status"])
            }),
        )
        .var("ECSDRILL_CONFIG", "c.toml"),
        case(
            "config file that is a FIFO",
            2,
            Some("config file is not a regular file"),
            Box::new(|dir| {
                let made = std::process::Command::new("mkfifo")
                    .arg(dir.join("c.toml"))
                    .status();
                assert!(made.is_ok_and(|s| s.success()), "mkfifo");
                args(&["status"])
            }),
        )
        .var("ECSDRILL_CONFIG", "c.toml"),
    ]
}

/// Rows about the database file; each replaces the primed database before the run.
fn database_cases() -> Vec<Case> {
    vec![
        case(
            "database of random bytes",
            2,
            Some("not an ecsdrill database (the file is not an SQLite database)"),
            Box::new(|dir| {
                let noise: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
                std::fs::write(dir.join("ecsdrill.db"), noise).unwrap();
                args(&["status"])
            }),
        ),
        case(
            "truncated database",
            2,
            Some("not an ecsdrill database (the file is damaged or truncated)"),
            Box::new(|dir| {
                let db = dir.join("ecsdrill.db");
                let bytes = std::fs::read(&db).unwrap();
                std::fs::write(&db, &bytes[..bytes.len() / 3]).unwrap();
                args(&["status"])
            }),
        )
        .primed(),
        case(
            "directory as database",
            2,
            Some("not an ecsdrill database (it is a directory)"),
            Box::new(|dir| {
                std::fs::create_dir(dir.join("ecsdrill.db")).unwrap();
                args(&["status"])
            }),
        ),
        case(
            "FIFO as database",
            2,
            Some("not an ecsdrill database (it is not a regular file"),
            Box::new(|dir| {
                let fifo = dir.join("ecsdrill.db");
                let made = std::process::Command::new("mkfifo").arg(&fifo).status();
                assert!(made.is_ok_and(|s| s.success()), "mkfifo");
                args(&["status"])
            }),
        ),
        case(
            "newer schema",
            2,
            Some("database was written by a newer ecsdrill (schema 42"),
            Box::new(|dir| {
                let conn = rusqlite::Connection::open(dir.join("ecsdrill.db")).unwrap();
                conn.execute_batch("PRAGMA user_version = 42;").unwrap();
                args(&["status"])
            }),
        )
        .primed(),
    ]
}

fn output_cases() -> Vec<Case> {
    vec![
        case(
            "report onto a FIFO",
            2,
            Some("output is a FIFO, not a regular file"),
            Box::new(|dir| {
                mkfifo(&dir.join("out.html"));
                args(&[
                    "report",
                    "--format",
                    "html",
                    "--out",
                    &s(&dir.join("out.html")),
                ])
            }),
        )
        .primed(),
        case(
            "report onto a directory",
            2,
            Some("--out must name a file, not a directory"),
            Box::new(|dir| {
                std::fs::create_dir(dir.join("out")).unwrap();
                args(&["report", "--out", &s(&dir.join("out"))])
            }),
        )
        .primed(),
        case(
            "export-progress onto a device",
            2,
            Some("output is a device, not a regular file; give a file name: /dev/full"),
            fixed(&["export-progress", "/dev/full"]),
        )
        .primed(),
        case(
            "export-progress through a symlink to a device",
            2,
            Some("output is a device, not a regular file"),
            Box::new(|dir| {
                link("/dev/null", &dir.join("null.json"));
                args(&["export-progress", &s(&dir.join("null.json"))])
            }),
        )
        .primed(),
        case(
            "report into a missing folder",
            1,
            Some("No such file or directory"),
            Box::new(|dir| args(&["report", "--out", &s(&dir.join("missing/r.md"))])),
        )
        .primed(),
        case(
            "report through a symlink writes its target",
            0,
            None,
            Box::new(|dir| {
                std::fs::write(dir.join("target.md"), "old\n").unwrap();
                link("target.md", &dir.join("link.md"));
                args(&[
                    "report",
                    "--format",
                    "md",
                    "--out",
                    &s(&dir.join("link.md")),
                ])
            }),
        )
        .primed()
        .stdout("wrote ")
        .may_change(&["target.md", "ecsdrill.db"]),
        case(
            "import --out onto a file",
            2,
            Some("--out must name a folder"),
            Box::new(|dir| {
                std::fs::write(dir.join("notes.md"), "# T\n").unwrap();
                std::fs::write(dir.join("out"), "not a folder\n").unwrap();
                args(&[
                    "import",
                    &s(&dir.join("notes.md")),
                    "--out",
                    &s(&dir.join("out")),
                ])
            }),
        ),
        case(
            "import a FIFO",
            2,
            Some("not a regular file, not read"),
            Box::new(|dir| {
                mkfifo(&dir.join("notes.md"));
                args(&[
                    "import",
                    &s(&dir.join("notes.md")),
                    "--out",
                    &s(&dir.join("out")),
                ])
            }),
        ),
    ]
}

/// The line protocol: unknown input gets a hint and nothing is graded.
fn line_cases() -> Vec<Case> {
    let hint = "type a grade 0-5, m for more, u to undo the previous grade, q to quit";
    let row = |name, stdin: &[u8]| {
        case(name, 0, None, fixed(&["drill"]))
            .primed()
            .stdin(stdin)
            .stdout(hint)
            // drill syncs the decks into the database; no review is added (checked below).
            .may_change(&["ecsdrill.db"])
    };
    vec![
        row("invalid utf-8 line", b"\n\xff\xfe\nq\n"),
        row("plus sign", b"\n+3\nq\n"),
        row("leading zeros", b"\n005\nq\n"),
        row("ideographic space", "\n\u{3000}4\nq\n".as_bytes()),
        row("grade 6 typed", b"\n6\nq\n"),
    ]
}

/// Every file under `dir`: bytes of regular files, targets of links, kinds of the rest.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&p).unwrap();
            let rel = p.strip_prefix(dir).unwrap().to_path_buf();
            let content = if meta.file_type().is_symlink() {
                format!("link {}", std::fs::read_link(&p).unwrap().display()).into_bytes()
            } else if meta.is_dir() {
                stack.push(p.clone());
                b"dir".to_vec()
            } else if meta.is_file() {
                std::fs::read(&p).unwrap()
            } else {
                b"special".to_vec()
            };
            out.insert(rel, content);
        }
    }
    out
}

/// The stderr lines that say something (clap's "For more information" hint left out).
fn problem_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("For more information"))
        .collect()
}

fn run_case(c: &Case) -> Result<(), String> {
    let mut env = TestEnv::mini();
    if c.primed {
        env.ok(&["grade", "alpha/one", "4"], "");
    }
    for (k, v) in &c.vars {
        env.set(k, v);
    }
    let dir = env.dir.path().to_path_buf();
    let run_args = (c.setup)(&dir);
    let before = snapshot(&dir);
    let reviews_before =
        (c.code == 0 && env.db().is_file()).then(|| crate::common::review_rows(&env.db()).len());
    let out = env
        .cmd()
        .current_dir(&dir)
        .args(&run_args)
        .write_stdin(c.stdin.clone())
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .map_err(|e| e.to_string())?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    if out.status.code() != Some(c.code) {
        return Err(format!(
            "exit {:?}, want {}: {stderr}",
            out.status.code(),
            c.code
        ));
    }
    let lines = problem_lines(&stderr);
    match c.stderr {
        None if !lines.is_empty() => return Err(format!("unexpected stderr: {stderr}")),
        Some(words)
            if lines.len() != 1
                || !lines[0].starts_with("error: ")
                || !lines[0].contains(words) =>
        {
            return Err(format!("want one line with {words:?}, got: {stderr}"));
        }
        _ => {}
    }
    if !stdout.contains(c.stdout) {
        return Err(format!("stdout lacks {:?}: {stdout}", c.stdout));
    }
    let after = snapshot(&dir);
    for path in before.keys().chain(after.keys()) {
        let allowed = c.may_change.iter().any(|m| path == Path::new(m));
        if !allowed && before.get(path) != after.get(path) {
            return Err(format!("{} changed", path.display()));
        }
    }
    if let Some(n) = reviews_before
        && crate::common::review_rows(&env.db()).len() != n
    {
        return Err("a review was recorded".into());
    }
    Ok(())
}

#[cfg(unix)]
#[test]
fn hostile_input_is_refused_cleanly_and_writes_nothing() {
    let cases: Vec<Case> = [
        deck_cases(),
        run_cases(),
        database_cases(),
        output_cases(),
        line_cases(),
    ]
    .into_iter()
    .flatten()
    .collect();
    assert!(cases.len() >= 40, "{} rows", cases.len());
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| run_case(c).err().map(|e| format!("{}: {e}", c.name)))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The device node is still a device (as root, a rename would have replaced it).
    let full = std::fs::symlink_metadata("/dev/full").unwrap();
    assert!(std::os::unix::fs::FileTypeExt::is_char_device(
        &full.file_type()
    ));
}

/// Issue 13 point 1: sixteen 5s in a row used to overflow the calendar, then panic in every
/// preview. Now the interval stops at the maximum and drill still shows the card.
#[test]
fn repeated_perfect_grades_stop_at_the_maximum_interval() {
    let mut env = TestEnv::mini();
    let mut day = chrono::NaiveDate::from_ymd_opt(2026, 1, 10).unwrap();
    for _ in 0..16 {
        env.on(&day.to_string());
        env.ok(&["grade", "alpha/one", "5"], "");
        let (interval, _, due) = env.schedule("alpha/one");
        assert!(interval <= 36_500, "{interval}");
        day = due.parse().unwrap();
    }
    let (interval, ease, _) = env.schedule("alpha/one");
    assert_eq!(interval, 36_500);
    assert!(ease > 4.0);
    env.on(&day.to_string());
    let out = env.ok(&["drill"], "\n5\n");
    assert!(
        out.contains("→ 36500 days") || out.contains("36500"),
        "{out}"
    );
}
