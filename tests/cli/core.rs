//! Core: deck validation, sync, the scripted drill, status, grade, refusal of newer databases.

use crate::common::{TestEnv, fixture, review_rows};

#[test]
fn each_deck_rule_is_reported_with_file_and_line() {
    let env = TestEnv::mini();
    // (fixture, line:col, words of the message)
    let cases = [
        ("phase-out-of-range.toml", "2:9", "phase out of range: 9"),
        ("order-out-of-range.toml", "3:9", "topic order out of range"),
        ("bad-slug.toml", "4:8", "slug must be lowercase kebab-case"),
        ("unknown-field.toml", "5:1", "unknown field `titel`"),
        ("missing-source.toml", "1:1", "missing field `source`"),
        ("bad-id.toml", "9:6", "card id must be lowercase kebab-case"),
        ("unknown-kind.toml", "10:8", "unknown kind \"trivia\""),
        ("unknown-level.toml", "11:9", "unknown level \"expert\""),
        ("empty-q.toml", "11:5", "empty `q`"),
        ("empty-a.toml", "12:5", "empty `a`"),
        (
            "duplicate-id.toml",
            "15:6",
            "duplicate card id \"one\" (first used on line 9)",
        ),
        (
            "unknown-mastery.toml",
            "13:9",
            "unknown mastery id \"kubernetes\"",
        ),
        ("syntax-error.toml", "11:8", "invalid basic string"),
        ("no-cards.toml", "1:1", "deck has no [[card]]"),
        ("not-utf8.toml", "3:13", "not UTF-8"),
    ];
    for (file, at, words) in cases {
        let path = fixture(&format!("invalid/{file}"));
        let stderr = env.fails(&["check", path.to_str().unwrap()], 2);
        let line = stderr.lines().next().unwrap_or_default();
        assert!(line.starts_with("error: "), "{file}: {stderr}");
        assert!(line.contains(words), "{file}: {stderr}");
        assert!(line.ends_with(&format!("{file}:{at}")), "{file}: {stderr}");
    }
    assert!(!env.db().exists(), "check must not create a database");
}

#[test]
fn builtin_decks_pass_check() {
    // Counted from the files themselves: one deck per TOML file, its `[[card]]` tables.
    let mut files = Vec::new();
    let mut pending = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("decks")];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "toml") {
                files.push(path);
            }
        }
    }
    let cards: usize = files
        .iter()
        .map(|f| {
            let doc: toml::Table = std::fs::read_to_string(f).unwrap().parse().unwrap();
            doc["card"].as_array().unwrap().len()
        })
        .sum();
    assert!(files.len() >= 30 && cards >= 400, "{} {cards}", files.len());
    let out = TestEnv::builtin().ok(&["check"], "");
    assert_eq!(
        out.lines().next(),
        Some(format!("ok: {} deck(s), {cards} card(s)", files.len()).as_str()),
        "{out}"
    );
}

/// One case of each error kind through the binary: its exit code (2 for input the user can
/// fix, 1 for a runtime failure) and a one-line message that names the kind.
#[test]
fn exit_code_per_error_kind() {
    type Setup = fn(&mut TestEnv);
    let none: Setup = |_| {};
    fn graded(env: &mut TestEnv) {
        env.ok(&["grade", "alpha/one", "4"], "");
    }
    fn sql(env: &TestEnv, batch: &str) {
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        conn.execute_batch(batch).unwrap();
    }
    let cases: [(&str, Setup, &[&str], i32, &str); 10] = [
        (
            "bad argument",
            none,
            &["drill", "--limit", "x"],
            2,
            "invalid value 'x'",
        ),
        (
            "bad grade",
            none,
            &["grade", "alpha/one", "6"],
            2,
            "is not a grade",
        ),
        (
            "bad date",
            none,
            &["plan", "--interview", "2026-13-01"],
            2,
            "2026-13-01",
        ),
        (
            "bad deck",
            |env| env.decks.push(fixture("invalid/unknown-kind.toml")),
            &["check"],
            2,
            "unknown kind",
        ),
        (
            "unknown id",
            none,
            &["show", "alpha/nope"],
            2,
            "unknown card id: alpha/nope",
        ),
        (
            "newer database",
            |env| sql(env, "CREATE TABLE t (x); PRAGMA user_version = 99;"),
            &["status"],
            2,
            "newer ecsdrill (schema 99",
        ),
        (
            "not a database",
            |env| std::fs::write(env.db(), "garbage, not SQLite").unwrap(),
            &["status"],
            2,
            "not an ecsdrill database",
        ),
        (
            "I/O failure",
            none,
            &["import-progress", "/nonexistent/progress.json"],
            1,
            "/nonexistent/progress.json",
        ),
        (
            "damaged row",
            |env| {
                graded(env);
                sql(env, "UPDATE cards SET due = 'soon' WHERE id = 'alpha/one'");
            },
            &["cards"],
            1,
            "damaged row: card alpha/one",
        ),
        (
            "doctor problems",
            |env| {
                graded(env);
                sql(env, "UPDATE cards SET reps = 7 WHERE id = 'alpha/one'");
            },
            &["doctor"],
            1,
            "doctor found 1 problem(s)",
        ),
    ];
    for (kind, setup, args, code, names) in cases {
        let mut env = TestEnv::mini();
        setup(&mut env);
        let stderr = env.fails(args, code);
        let first = stderr.lines().next().unwrap_or_default();
        assert!(
            first.starts_with("error: ") && first.contains(names),
            "{kind}: {stderr}"
        );
    }
}

#[test]
fn invalid_user_deck_stops_drill_and_writes_nothing() {
    let mut env = TestEnv::mini();
    env.decks.push(fixture("invalid/unknown-kind.toml"));
    let stderr = env.fails(&["drill"], 2);
    assert!(stderr.contains("unknown-kind.toml:10:8"), "{stderr}");
    assert!(!env.db().exists());
}

#[test]
fn bad_arguments_exit_2_and_write_nothing() {
    let env = TestEnv::mini();
    let stderr = env.fails(&["grade", "alpha/nope", "4"], 2);
    assert!(
        stderr.starts_with("error: unknown card id: alpha/nope"),
        "{stderr}"
    );
    env.fails(&["grade", "alpha/one", "7"], 2);
    let stderr = env.fails(&["drill", "--topic", "gamma"], 2);
    assert!(stderr.contains("unknown topic: gamma"), "{stderr}");
    let stderr = env.fails(&["drill", "--phase", "5"], 2);
    assert!(stderr.contains("--phase"), "{stderr}");
    let mut bad_clock = TestEnv::mini();
    bad_clock.now = "yesterday".into();
    let stderr = bad_clock.fails(&["status"], 2);
    assert!(stderr.contains("ECSDRILL_NOW"), "{stderr}");
    assert!(!env.db().exists());
}

#[test]
fn scripted_drill_records_sm2_and_repeats_failed_cards() {
    let env = TestEnv::mini();
    // Day 1: the phase-0 cards only (beta, phase 1, waits). one -> 4, two -> 2 (fails, comes
    // back), three -> 5, two again -> 3 (still < 4, comes back), two again -> 4.
    let out = env.ok(&["drill"], "\n4\n\n2\n\n5\n\n3\n\n4\n");
    assert!(
        out.contains("this session 0 review(s) + 3 new card(s)"),
        "{out}"
    );
    assert!(!out.contains("Beta question"), "phase 1 must wait: {out}");
    assert_eq!(out.matches("Q: Alpha question two?").count(), 3, "{out}");
    assert!(out.contains("· again ──"), "{out}");
    let rows = review_rows(&env.db());
    let expected = [
        ("alpha/one", 4, "drill", 1),
        ("alpha/two", 2, "drill", 1),
        ("alpha/three", 5, "drill", 1),
        ("alpha/two", 3, "repeat", 1),
        ("alpha/two", 4, "repeat", 1),
    ];
    let got: Vec<(&str, u8, &str, i64)> = rows
        .iter()
        .map(|(c, g, m, i)| (c.as_str(), *g, m.as_str(), *i))
        .collect();
    assert_eq!(got, expected);
    assert_eq!(env.schedule("alpha/one"), (1, 2.5, "2026-01-11".into()));
    // The repeats did not move the failed card: EF unchanged, due tomorrow.
    assert_eq!(env.schedule("alpha/two"), (1, 2.5, "2026-01-11".into()));
    assert_eq!(env.schedule("alpha/three"), (1, 2.6, "2026-01-11".into()));
    assert_eq!(env.card("alpha/two")["state"]["lapses"], 0);

    // Day 2: three reviews due, and phase 1 opens now that phase 0 has been introduced.
    let mut env = env;
    env.on("2026-01-11");
    let status = env.json(&["status", "--json"]);
    assert_eq!(status["due"], 3);
    assert_eq!(status["new"], 2);
    assert_eq!(status["reviewed_today"], 0);
    assert_eq!(status["streak"], 1);
}

#[test]
fn sm2_intervals_day_after_day_through_the_drill() {
    let mut env = TestEnv::mini();
    // Perfect recall each time the card falls due: intervals 1, 6, ceil(6 x 2.8) = 17,
    // ceil(17 x 2.9) = 50; EF 2.6, 2.7, 2.8, 2.9.
    let days = [
        ("2026-01-10", 1, 2.6, "2026-01-11"),
        ("2026-01-11", 6, 2.7, "2026-01-17"),
        ("2026-01-17", 17, 2.8, "2026-02-03"),
        ("2026-02-03", 50, 2.9, "2026-03-25"),
    ];
    for (day, interval, ease, due) in days {
        env.on(day);
        env.ok(&["drill", "--topic", "alpha", "--limit", "1"], "\n5\n");
        assert_eq!(
            env.schedule("alpha/one"),
            (interval, ease, due.into()),
            "{day}"
        );
    }
}

#[test]
fn quitting_keeps_every_grade_already_given() {
    let env = TestEnv::mini();
    // Grade one card, then end of input at the next question.
    env.ok(&["drill"], "\n5\n");
    assert_eq!(review_rows(&env.db()).len(), 1);
    // `q` at the grade prompt of the second card: nothing more is recorded.
    env.ok(&["drill"], "\nq\n");
    assert_eq!(review_rows(&env.db()).len(), 1);
    assert_eq!(env.schedule("alpha/one").0, 1);
    let status = env.json(&["status", "--json"]);
    assert_eq!(status["new_today"], 1);
    assert_eq!(
        status["new"], 2,
        "two phase-0 cards left; phase 1 still gated"
    );
    assert_eq!(status["next_review"], "2026-01-11");
    assert_eq!(status["next_review_count"], 1);
    // With no new cards allowed, nothing is left today and drill says when to come back.
    let out = env.ok(&["drill", "--new", "0"], "");
    assert_eq!(
        out,
        "Nothing to study today (2026-01-10) with these settings; next: 1 review(s) on 2026-01-11.\n"
    );
}

#[test]
fn line_protocol_hints_instead_of_guessing() {
    let env = TestEnv::mini();
    let out = env.ok(&["drill", "--limit", "1"], "x\n\nfour\n9\n4\n");
    assert!(out.contains("? \"x\": press Enter"), "{out}");
    assert!(out.contains("? \"four\": type a grade 0-5"), "{out}");
    assert!(out.contains("? \"9\": type a grade 0-5"), "{out}");
    let rows = review_rows(&env.db());
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].1, 4);
}

#[test]
fn more_shows_depth_and_u_undoes_the_previous_grade() {
    let env = TestEnv::mini();
    let out = env.ok(&["drill"], "\nm\n2\n\nu\n\n5\nq\n");
    assert!(out.contains("Alpha depth one."), "{out}");
    assert!(out.contains("undone: the grade of alpha/one"), "{out}");
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let rows: Vec<(String, u8, bool)> = conn
        .prepare("SELECT card_id, grade, undone FROM reviews ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        rows,
        vec![
            ("alpha/one".into(), 2, true),
            ("alpha/one".into(), 5, false)
        ]
    );
    assert_eq!(env.schedule("alpha/one"), (1, 2.6, "2026-01-11".into()));
}

#[test]
fn grade_command_applies_the_same_transition() {
    let mut env = TestEnv::mini();
    let out = env.ok(&["grade", "beta/two", "3"], "");
    assert!(
        out.contains("beta/two: grade 3 -> next review 2026-01-11"),
        "{out}"
    );
    env.on("2026-01-11");
    env.ok(&["grade", "beta/two", "3"], "");
    assert_eq!(env.schedule("beta/two"), (6, 2.22, "2026-01-17".into()));
    let rows = review_rows(&env.db());
    assert!(rows.iter().all(|r| r.2 == "grade"));
    let show = env.ok(&["show", "beta/two"], "");
    assert!(show.contains("Q: Beta question two?"), "{show}");
    assert_eq!(show.matches("┆ grade ").count(), 2, "{show}");
}

#[test]
fn study_day_rolls_over_at_four_in_the_morning() {
    let mut env = TestEnv::mini();
    env.now = "2026-01-11T03:30:00+01:00".into();
    env.ok(&["grade", "alpha/one", "4"], "");
    assert_eq!(
        env.schedule("alpha/one").2,
        "2026-01-11",
        "03:30 still counts as Jan 10"
    );
}

#[test]
fn deck_edits_keep_history_and_removed_cards_retire() {
    let mut env = TestEnv::mini();
    let decks = env.dir.path().join("decks");
    std::fs::create_dir_all(&decks).unwrap();
    let alpha = std::fs::read_to_string(fixture("decks/mini/alpha.toml")).unwrap();
    std::fs::write(decks.join("alpha.toml"), &alpha).unwrap();
    env.decks = vec![decks.clone()];
    env.ok(&["grade", "alpha/one", "5"], "");
    env.ok(&["grade", "alpha/two", "4"], "");

    let edited = alpha.replace("Alpha answer one.", "Alpha answer one, rewritten.");
    let cut = edited.find("[[card]]\nid = \"two\"").unwrap();
    let end = edited.find("[[card]]\nid = \"three\"").unwrap();
    let edited = format!("{}{}", &edited[..cut], &edited[end..]);
    std::fs::write(decks.join("alpha.toml"), edited).unwrap();

    let one = env.card("alpha/one");
    assert_eq!(one["a"], "Alpha answer one, rewritten.");
    assert_eq!(one["state"]["status"], "review");
    assert_eq!(one["state"]["interval_days"], 1);
    let ids: Vec<String> = env
        .json(&["cards", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, vec!["alpha/one", "alpha/three"]);
    // The retired card's history is still in the database.
    let rows = review_rows(&env.db());
    assert!(rows.iter().any(|r| r.0 == "alpha/two"));
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let retired: bool = conn
        .query_row(
            "SELECT retired FROM cards WHERE id = 'alpha/two'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(retired);
}

#[test]
fn newer_database_is_refused_and_left_untouched() {
    let env = TestEnv::mini();
    {
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 42;")
            .unwrap();
    }
    let before = std::fs::read(env.db()).unwrap();
    let stderr = env.fails(&["status"], 2);
    assert!(stderr.contains("newer ecsdrill (schema 42"), "{stderr}");
    assert_eq!(std::fs::read(env.db()).unwrap(), before);
}

#[test]
fn decks_lists_topics_with_counts() {
    let env = TestEnv::mini();
    let decks = env.json(&["decks", "--json"]);
    let rows = decks.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["topic"], "alpha");
    assert_eq!(
        (
            rows[0]["cards"].as_u64(),
            rows[0]["qa"].as_u64(),
            rows[0]["gotcha"].as_u64(),
            rows[0]["scenario"].as_u64()
        ),
        (Some(3), Some(1), Some(1), Some(1))
    );
    assert_eq!(rows[1]["phase"], 1);
    let table = env.ok(&["decks"], "");
    assert!(table.contains("2 topics, 5 cards"), "{table}");
}

#[test]
fn completions_and_man_page_cover_the_commands() {
    let env = TestEnv::mini();
    let bash = env.ok(&["completions", "bash"], "");
    for cmd in ["drill", "quiz", "plan", "report", "import"] {
        assert!(bash.contains(cmd), "bash completion lacks {cmd}");
    }
    let man = env.ok(&["man"], "");
    assert!(
        man.starts_with(".ie") && man.contains(".TH ecsdrill 1"),
        "{man}"
    );
    env.fails(&["completions", "cmd.exe"], 2);
}

#[test]
fn colours_follow_the_flag_and_pipes_stay_plain() {
    let env = TestEnv::mini();
    for cmd in [
        "status", "decks", "cards", "stats", "config", "report", "mastery", "plan", "drill", "quiz",
    ] {
        let plain = env.ok(&[cmd], "\n4\n\nm\n2\nq\n");
        assert!(!plain.contains('\u{1b}'), "{cmd} piped: {plain:?}");
    }
    // NO_COLOR is set by the test environment; an explicit flag still wins.
    for cmd in ["status", "decks", "stats", "report"] {
        let colored = env.ok(&["--color", "always", cmd], "");
        assert!(
            colored.contains("\u{1b}[1m"),
            "{cmd} --color always: {colored:?}"
        );
    }
    let show = env.ok(&["show", "alpha/one"], "");
    assert!(!show.contains('\u{1b}'), "{show:?}");
    let never = env.ok(&["--color", "never", "decks"], "");
    assert!(!never.contains('\u{1b}'), "{never:?}");
}
