//! The interactive drill in a real pseudo-terminal: single keys, one card per screen, undo at
//! the question, `more`, a resize, quitting into the summary; the screen is read through a
//! terminal emulator (vt100) and the grades from the database.

use crate::common::TestEnv;
use std::io::{Read, Write};
use std::os::fd::OwnedFd;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Pty {
    master: std::fs::File,
    screen: Arc<Mutex<vt100::Parser>>,
    child: Child,
}

fn winsize(cols: u16) -> rustix::termios::Winsize {
    rustix::termios::Winsize {
        ws_row: 30,
        ws_col: cols,
        ws_xpixel: 0,
        ws_ypixel: 0,
    }
}

impl Pty {
    /// Starts `ecsdrill ARGS` on a new 80x30 terminal with the test's environment.
    fn spawn(env: &TestEnv, args: &[&str]) -> Pty {
        Pty::spawn_with(env, args, true)
    }

    /// As [`Pty::spawn`]; `no_color` false leaves `NO_COLOR` out of the environment.
    fn spawn_with(env: &TestEnv, args: &[&str], no_color: bool) -> Pty {
        use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
        let master: OwnedFd = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).expect("openpt");
        grantpt(&master).expect("grantpt");
        unlockpt(&master).expect("unlockpt");
        let name = ptsname(&master, Vec::new()).expect("ptsname");
        rustix::termios::tcsetwinsize(&master, winsize(80)).expect("winsize");
        let slave = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(name.to_str().expect("pts path"))
            .expect("open slave");
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("ecsdrill"));
        cmd.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("TERM", "xterm-256color")
            .envs(
                env.vars_for_child()
                    .into_iter()
                    .filter(|(k, _)| no_color || k != "NO_COLOR"),
            )
            .args(env.args_for_child())
            .args(args)
            .stdin(Stdio::from(slave.try_clone().expect("dup")))
            .stdout(Stdio::from(slave.try_clone().expect("dup")))
            .stderr(Stdio::from(slave));
        // SAFETY: only async-signal-safe calls (setsid, ioctl) between fork and exec: the
        // child leads a new session whose controlling terminal is the pty, so it gets SIGWINCH.
        unsafe {
            cmd.pre_exec(|| {
                rustix::process::setsid()?;
                rustix::process::ioctl_tiocsctty(std::io::stdin())?;
                Ok(())
            });
        }
        let child = cmd.spawn().expect("spawn ecsdrill");
        drop(cmd);
        let master = std::fs::File::from(master);
        let screen = Arc::new(Mutex::new(vt100::Parser::new(30, 80, 0)));
        let (mut reader, parser) = (master.try_clone().expect("dup"), screen.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            // Ends with EIO once the child has exited and closed the terminal.
            while let Ok(n @ 1..) = reader.read(&mut buf) {
                parser.lock().expect("parser").process(&buf[..n]);
            }
        });
        Pty {
            master,
            screen,
            child,
        }
    }

    fn text(&self) -> String {
        self.screen.lock().expect("parser").screen().contents()
    }

    /// Waits until the screen shows what `ready` looks for; fails with the screen after 20 s.
    fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let text = self.text();
            if ready(&text) {
                return text;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "waiting for {what}; the screen:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    fn shows(&self, needle: &str) -> String {
        self.wait_for(needle, |t| t.contains(needle))
    }

    fn key(&mut self, k: &str) {
        self.master.write_all(k.as_bytes()).expect("write key");
        self.master.flush().expect("flush key");
    }

    fn resize(&mut self, cols: u16) {
        self.screen
            .lock()
            .expect("parser")
            .screen_mut()
            .set_size(30, cols);
        rustix::termios::tcsetwinsize(&self.master, winsize(cols)).expect("resize");
    }
}

#[test]
fn drill_on_a_terminal_takes_one_key_per_action() {
    let env = TestEnv::mini();
    let mut t = Pty::spawn(&env, &["drill"]);
    let first = t.shows("Alpha question one?");
    assert!(first.contains("1/3"), "{first}");
    assert!(!first.contains("Alpha answer one."), "{first}");

    t.key(" ");
    let answer = t.shows("Alpha answer one.");
    assert!(
        answer.contains("0–2 again · 3 again/1d · 4–5 1d"),
        "{answer}"
    );

    // One key grades; the next card replaces the previous one, which comes back later (2/4).
    t.key("2");
    let second = t.shows("Alpha question two?");
    assert!(!second.contains("Alpha question one?"), "{second}");
    assert!(!second.contains("Alpha answer one."), "{second}");
    assert!(second.contains("2/4"), "{second}");
    assert!(second.contains("graded 2"), "{second}");

    // `u` at the question takes the grade back and shows that card again.
    t.key("u");
    let back = t.shows("undone: the grade of alpha/one");
    assert!(back.contains("Alpha question one?"), "{back}");
    assert!(!back.contains("Alpha question two?"), "{back}");
    assert!(back.contains("1/3"), "{back}");

    t.key(" ");
    t.shows("Alpha answer one.");
    t.key("m");
    t.shows("Alpha depth one.");

    // Narrower terminal: the screen is drawn again at 60 columns.
    t.resize(60);
    let narrow = t.wait_for("a 60-column header", |s| {
        s.lines()
            .next()
            .is_some_and(|l| l.trim_end().chars().count() == 60)
    });
    assert!(narrow.contains("Alpha depth one."), "{narrow}");

    t.key("5");
    t.shows("Alpha question two?");
    t.key("q");
    let summary = t.shows("Next:");
    assert!(summary.contains("Session summary"), "{summary}");
    assert!(summary.contains("Done: 1 grade(s)"), "{summary}");
    let status = t.child.wait().expect("exit");
    assert!(status.success(), "{status:?}");

    let conn = rusqlite::Connection::open(env.db()).expect("db");
    let rows: Vec<(String, u8, String, bool)> = conn
        .prepare("SELECT card_id, grade, mode, undone FROM reviews ORDER BY id")
        .expect("query")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows");
    let want = [
        ("alpha/one".to_string(), 2, "drill".to_string(), true),
        ("alpha/one".to_string(), 5, "drill".to_string(), false),
    ];
    assert_eq!(rows, want);
}

#[test]
fn on_a_terminal_colours_are_on_unless_no_color_says_otherwise() {
    let env = TestEnv::mini();
    // The first cell of "Study day ..." is bold exactly when colours are on.
    let bold_title = |no_color: bool| {
        let mut t = Pty::spawn_with(&env, &["status"], no_color);
        t.shows("Study day");
        assert!(t.child.wait().expect("exit").success());
        let parser = t.screen.lock().expect("parser");
        let row = (0..30)
            .find(|&r| {
                parser
                    .screen()
                    .contents_between(r, 0, r, 9)
                    .starts_with("Study day")
            })
            .expect("title row");
        parser.screen().cell(row, 0).expect("cell").bold()
    };
    assert!(bold_title(false), "auto on a terminal colours");
    assert!(!bold_title(true), "NO_COLOR wins over auto");
}

#[test]
fn suspend_asks_first_and_ctrl_c_ends_with_the_summary() {
    let env = TestEnv::mini();
    let mut t = Pty::spawn(&env, &["drill"]);
    t.shows("Alpha question one?");
    t.key("s");
    t.shows("suspend alpha/one? y suspends it");
    t.key("n");
    t.wait_for("the question back", |s| {
        s.contains("Alpha question one?") && !s.contains("y suspends it")
    });
    t.key("s");
    t.shows("y suspends it");
    t.key("y");
    let next = t.shows("Alpha question two?");
    assert!(next.contains("suspended alpha/one"), "{next}");
    t.key("\u{3}");
    let summary = t.shows("Next:");
    assert!(summary.contains("Suspended: alpha/one"), "{summary}");
    assert!(t.child.wait().expect("exit").success());
    assert_eq!(env.card("alpha/one")["state"]["status"], "suspended");
    assert_eq!(env.card("alpha/two")["state"]["status"], "new");
}

#[test]
fn drill_type_on_a_terminal_edits_checks_and_accepts() {
    let env = crate::typed::env();
    let mut t = Pty::spawn(&env, &["drill", "--type", "--limit", "1"]);
    let first = t.shows("Question container?");
    assert!(first.contains("Your answer:"), "{first}");
    assert!(first.contains("Enter twice or Ctrl-D check"), "{first}");

    // Letters are text here (q does not quit); Backspace deletes; Enter starts a new line.
    t.key("a prociss");
    t.shows("a prociss");
    t.key("\x7f\x7f\x7fess\rin namespaces");
    t.shows("in namespaces");
    t.key("\r\r");
    let checked = t.shows("Suggested grade: 3");
    assert!(
        checked.contains("Key terms: 2 of 4 in your answer"),
        "{checked}"
    );
    assert!(checked.contains("✗ host kernel|shared kernel"), "{checked}");
    assert!(checked.contains("Enter grade 3"), "{checked}");

    // Enter accepts the suggestion; below 4 the card comes back, with an empty answer.
    t.key("\r");
    let again = t.shows("graded 3");
    assert!(
        again.contains("again") && !again.contains("in namespaces"),
        "{again}"
    );
    t.key("\x1b"); // Esc quits into the summary
    t.shows("Next:");
    assert!(t.child.wait().expect("exit").success());
    assert_eq!(
        crate::common::review_rows(&env.db())
            .into_iter()
            .map(|r| (r.0, r.1))
            .collect::<Vec<_>>(),
        [("k/container".to_string(), 3)]
    );
}

#[test]
fn the_answer_on_a_terminal_highlights_its_key_terms() {
    let env = crate::typed::env();
    let mut t = Pty::spawn(&env, &["--color", "always", "drill", "--limit", "1"]);
    t.shows("Question container?");
    t.key(" ");
    let screen = t.shows("A process from an image");
    let (row, line) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("A process from an image"))
        .expect("answer line");
    let styled_at = |word: &str| {
        let col = line.find(word).expect("word on the line");
        let col = line[..col].chars().count();
        let parser = t.screen.lock().expect("parser");
        let cell = parser
            .screen()
            .cell(u16::try_from(row).unwrap(), u16::try_from(col).unwrap())
            .expect("cell")
            .clone();
        (cell.bold(), cell.fgcolor())
    };
    let plain = styled_at("image");
    assert_eq!(plain, (false, vt100::Color::Default), "not a key term");
    for key in ["process", "namespaces", "cgroups"] {
        let (bold, colour) = styled_at(key);
        assert!(
            bold && colour != vt100::Color::Default,
            "{key} is highlighted"
        );
    }
    t.key("q");
    t.shows("Next:");
    assert!(t.child.wait().expect("exit").success());
}
