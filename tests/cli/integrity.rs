//! Nothing lost: kills, several processes at once, restores, merges and upgrades keep the
//! review history exact, and every card's state equal to the replay of its log (`doctor`).

use crate::common::TestEnv;
use rand::{RngExt, SeedableRng, rngs::StdRng};
use rusqlite::Connection;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::Stdio;
use std::thread;
use std::time::Duration;

/// `doctor` passes: integrity ok, schema current, every card equals the replay of its log.
fn assert_healthy(env: &TestEnv) {
    let out = env.ok(&["doctor"], "");
    assert!(out.ends_with("healthy\n"), "{out}");
}

fn standing_rows(db: &Path) -> i64 {
    let c = Connection::open(db).unwrap();
    c.query_row("SELECT count(*) FROM reviews WHERE undone = 0", [], |r| {
        r.get(0)
    })
    .unwrap()
}

/// Every review row as (id, card, grade, mode, instant, undone), in id order.
fn log(db: &Path) -> Vec<(String, String, u8, String, String, bool)> {
    let c = Connection::open(db).unwrap();
    let mut s = c
        .prepare("SELECT uid, card_id, grade, mode, reviewed_at, undone FROM reviews ORDER BY uid")
        .unwrap();
    s.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        ))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

#[test]
fn sigkill_at_random_moments_of_a_drill_loses_no_acknowledged_grade() {
    let mut env = TestEnv::mini();
    let mut rng = StdRng::seed_from_u64(11);
    env.ok(&["status"], "");
    for run in 0..50u32 {
        env.on(&format!("2026-{:02}-{:02}", 1 + run / 28, 1 + run % 28));
        let before = standing_rows(&env.db());
        let mut child = env
            .std_cmd(&["drill"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let script: String = (0..12)
            .map(|_| format!("\n{}\n", rng.random_range(0..=5)))
            .collect();
        let mut stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter(|l| l.trim_start().starts_with("graded "))
                .count()
        });
        let _ = stdin.write_all(script.as_bytes());
        thread::sleep(Duration::from_millis(rng.random_range(0..40)));
        let _ = child.kill();
        let _ = child.wait();
        drop(stdin);
        let receipts = i64::try_from(reader.join().unwrap()).unwrap();
        let added = standing_rows(&env.db()) - before;
        assert!(
            added >= receipts,
            "run {run}: {receipts} receipt(s) printed, {added} row(s) in the log"
        );
        let c = Connection::open(env.db()).unwrap();
        let check: String = c
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "run {run}");
        assert_healthy(&env);
    }
    assert!(standing_rows(&env.db()) > 0);
}

#[test]
fn four_graders_a_drill_and_an_undo_loop_lose_nothing() {
    let env = TestEnv::mini();
    env.ok(&["status"], "");
    let mut drill = env
        .std_cmd(&["drill", "--topic", "alpha", "--limit", "1"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut drill_in = drill.stdin.take().unwrap();
    // The drill has alpha/one on screen while the others grade it.
    drill_in.write_all(b"\n").unwrap();
    let runs: Vec<_> = (0..5)
        .map(|who| {
            let cmds: Vec<std::process::Command> = (0..10)
                .map(|_| {
                    if who < 4 {
                        env.std_cmd(&["grade", "alpha/one", "3"])
                    } else {
                        env.std_cmd(&["undo"])
                    }
                })
                .collect();
            thread::spawn(move || {
                cmds.into_iter()
                    .map(|mut c| c.output().unwrap())
                    .filter(|o| !o.status.success() || !o.stderr.is_empty())
                    .map(|o| String::from_utf8_lossy(&o.stderr).into_owned())
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let errors: Vec<String> = runs.into_iter().flat_map(|t| t.join().unwrap()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    drill_in.write_all(b"5\nq\n").unwrap();
    drop(drill_in);
    let out = drill.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("graded 5"));
    // 40 grades and the drill's one: every row is there; undo only marks rows.
    assert_eq!(log(&env.db()).len(), 41);
    assert_healthy(&env);
}

/// Runs `status` in `n` processes at once; each must succeed.
fn status_at_once(env: &TestEnv, n: usize) {
    let runs: Vec<_> = (0..n)
        .map(|_| {
            let mut c = env.std_cmd(&["status"]);
            thread::spawn(move || c.output().unwrap())
        })
        .collect();
    for r in runs {
        let out = r.join().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn eight_processes_on_a_new_database_all_succeed() {
    let env = TestEnv::mini();
    status_at_once(&env, 8);
    assert_healthy(&env);
}

/// Builds a database at schema `version` (1 or 2) from the released migration files, with a
/// history: alpha/one passed twice, alpha/two failed from new, one repeat.
fn old_database(db: &Path, version: u32) {
    let c = Connection::open(db).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    c.execute_batch(&std::fs::read_to_string(root.join("0001_init.sql")).unwrap())
        .unwrap();
    if version >= 2 {
        c.execute_batch(&std::fs::read_to_string(root.join("0002_report_indexes.sql")).unwrap())
            .unwrap();
    }
    c.pragma_update(None, "user_version", version).unwrap();
    c.execute_batch(
        "INSERT INTO topics VALUES ('alpha', 0, 1, 'Alpha Topic', 'x.md', 1);
         INSERT INTO cards (id, topic, position, kind, q, a, reps, interval_days, ease, due,
           lapses, last_review)
         VALUES ('alpha/one', 'alpha', 1, 'qa', 'q', 'a', 2, 6, 250, '2026-01-08', 0,
           '2026-01-02'),
                ('alpha/two', 'alpha', 2, 'gotcha', 'q', 'a', 0, 1, 250, '2026-01-03', 0,
           '2026-01-02');
         INSERT INTO reviews (reviewed_at, study_day, card_id, phase, topic, kind, grade, mode,
           scheduled, old_reps, old_interval, old_ease, old_due, old_lapses, old_last_review,
           old_suspended, new_reps, new_interval, new_ease, new_due, new_lapses)
         VALUES
          ('2026-01-01T09:00:00+00:00', '2026-01-01', 'alpha/one', 0, 'alpha', 'qa', 4, 'drill',
           1, 0, 0, 250, NULL, 0, NULL, 0, 1, 1, 250, '2026-01-02', 0),
          ('2026-01-02T09:00:00+00:00', '2026-01-02', 'alpha/one', 0, 'alpha', 'qa', 4, 'drill',
           1, 1, 1, 250, '2026-01-02', 0, '2026-01-01', 0, 2, 6, 250, '2026-01-08', 0),
          ('2026-01-02T09:00:00+00:00', '2026-01-02', 'alpha/two', 0, 'alpha', 'gotcha', 1,
           'drill', 1, 0, 0, 250, NULL, 0, NULL, 0, 0, 1, 250, '2026-01-03', 0),
          ('2026-01-02T09:00:00+00:00', '2026-01-02', 'alpha/two', 0, 'alpha', 'gotcha', 1,
           'repeat', 0, 0, 1, 250, '2026-01-03', 0, '2026-01-02', 0, 0, 1, 250, '2026-01-03', 0);",
    )
    .unwrap();
}

#[test]
fn every_earlier_schema_upgrades_with_a_backup_and_the_same_history() {
    for version in [1, 2] {
        let env = TestEnv::mini();
        old_database(&env.db(), version);
        let before = standing_rows(&env.db());
        // Several processes meet the old database at once: one migrates, all succeed.
        status_at_once(&env, 4);
        let backup = env.dir.path().join(format!("ecsdrill.db.bak-v{version}"));
        let kept: i64 = Connection::open(&backup)
            .unwrap()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(kept, i64::from(version));
        let after = log(&env.db());
        assert_eq!(i64::try_from(after.len()).unwrap(), before);
        assert!(after.iter().all(|r| r.0.len() == 36), "{after:?}");
        let one = env.card("alpha/one");
        assert_eq!(one["state"]["reps"], 2);
        assert_eq!(one["state"]["due"], "2026-01-08");
        // A failure before the first success counts.
        let two = env.ok(&["show", "alpha/two"], "");
        assert!(two.contains("failures 1"), "{two}");
        assert_healthy(&env);

        // The same old history upgraded elsewhere gets the same review ids: they merge.
        let twin = TestEnv::mini();
        old_database(&twin.db(), version);
        twin.ok(&["status"], "");
        assert_eq!(log(&twin.db()), after);
    }
}

#[test]
fn files_that_are_not_our_database_are_refused_untouched() {
    let env = TestEnv::mini();
    let cases: [(&str, Vec<u8>); 3] = [
        (
            "random bytes",
            (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect(),
        ),
        ("truncated", {
            let other = TestEnv::mini();
            other.ok(&["grade", "alpha/one", "4"], "");
            let c = Connection::open(other.db()).unwrap();
            c.pragma_update(None, "journal_mode", "DELETE").unwrap();
            drop(c);
            std::fs::read(other.db()).unwrap()[..1500].to_vec()
        }),
        ("tables, no version", {
            let other = TestEnv::mini();
            let c = Connection::open(other.db()).unwrap();
            c.execute_batch("CREATE TABLE notes (x); INSERT INTO notes VALUES (1);")
                .unwrap();
            drop(c);
            std::fs::read(other.db()).unwrap()
        }),
    ];
    for (what, bytes) in cases {
        std::fs::write(env.db(), &bytes).unwrap();
        for args in [&["status"][..], &["grade", "alpha/one", "4"][..]] {
            let err = env.fails(args, 2);
            assert_eq!(err.lines().count(), 1, "{what}: {err}");
            assert!(err.contains("not an ecsdrill database"), "{what}: {err}");
            assert_eq!(std::fs::read(env.db()).unwrap(), bytes, "{what}");
        }
    }
    std::fs::remove_file(env.db()).unwrap();
    std::fs::create_dir(env.db()).unwrap();
    let err = env.fails(&["drill"], 2);
    assert!(err.contains("it is a directory"), "{err}");
}

/// A scripted drill of `grades` (each: reveal, grade), then quit.
fn drill(env: &TestEnv, grades: &[u8]) -> String {
    let script: String = grades.iter().map(|g| format!("\n{g}\n")).collect();
    env.ok(&["drill"], &(script + "q\n"))
}

#[test]
fn a_session_restores_exactly_and_twice_changes_nothing() {
    let env = TestEnv::mini();
    // Today's 3 new cards, then their repeats until each earns a 4.
    let out = drill(&env, &[0, 1, 2, 1, 1, 1, 2, 3, 3, 4, 4, 4]);
    assert_eq!(out.matches("graded ").count(), 12, "{out}");
    let file = env.dir.path().join("backup.json");
    env.ok(&["export-progress", file.to_str().unwrap()], "");

    let other = TestEnv {
        now: env.now.clone(),
        ..TestEnv::mini()
    };
    let out = other.ok(&["import-progress", file.to_str().unwrap()], "");
    assert!(out.contains("imported 12 review(s)"), "{out}");
    assert_eq!(log(&other.db()), log(&env.db()));
    assert_eq!(
        other.json(&["cards", "--json"]),
        env.json(&["cards", "--json"])
    );
    let cards = other.json(&["cards", "--json"]);
    other.ok(&["import-progress", file.to_str().unwrap()], "");
    assert_eq!(log(&other.db()), log(&env.db()));
    assert_eq!(other.json(&["cards", "--json"]), cards);
    assert_healthy(&other);
}

#[test]
fn two_histories_of_the_same_cards_merge_into_their_union() {
    let mut a = TestEnv::mini();
    let mut b = TestEnv::mini();
    a.ok(&["grade", "alpha/one", "4"], "");
    a.on("2026-01-11").ok(&["grade", "alpha/one", "5"], "");
    b.now = "2026-01-10T10:00:00Z".into();
    b.ok(&["grade", "alpha/one", "2"], "");
    b.on("2026-01-12").ok(&["grade", "beta/two", "5"], "");
    b.ok(&["grade", "alpha/one", "4"], "");
    let (fa, fb) = (a.dir.path().join("a.json"), b.dir.path().join("b.json"));
    a.ok(&["export-progress", fa.to_str().unwrap()], "");
    b.ok(&["export-progress", fb.to_str().unwrap()], "");
    a.ok(&["import-progress", fb.to_str().unwrap()], "");
    b.ok(&["import-progress", fa.to_str().unwrap()], "");
    assert_eq!(log(&a.db()).len(), 5);
    assert_eq!(log(&a.db()), log(&b.db()));
    assert_eq!(a.json(&["cards", "--json"]), b.json(&["cards", "--json"]));
    assert_healthy(&a);
    assert_healthy(&b);
    // alpha/one: 4 (day 10, A), 2 (day 10 an hour later, B), 5 (day 11, A), 4 (day 12, B).
    let one = a.card("alpha/one");
    assert_eq!(one["state"]["reps"], 2, "{one}");
    assert_eq!(one["state"]["lapses"], 1, "{one}");
    assert_eq!(one["state"]["due"], "2026-01-18", "{one}");
}

#[test]
fn impossible_progress_values_are_refused_by_place_and_write_nothing() {
    let env = TestEnv::mini();
    env.ok(&["grade", "alpha/one", "4"], "");
    let file = env.dir.path().join("p.json");
    env.ok(&["export-progress", file.to_str().unwrap()], "");
    let good = std::fs::read_to_string(&file).unwrap();
    let before = std::fs::read(env.db()).unwrap();
    for (from, to, place) in [
        (
            "\"new_ease\": 250",
            "\"new_ease\": 65535",
            "reviews[0].new_ease",
        ),
        (
            "\"new_interval\": 1",
            "\"new_interval\": 4294967295",
            "reviews[0].new_interval",
        ),
        ("\"grade\": 4", "\"grade\": 9", "reviews[0].grade"),
        (
            "\"mode\": \"grade\"",
            "\"mode\": \"bogus\"",
            "unknown variant",
        ),
        (
            "\"old_ease\": 250",
            "\"old_ease\": 0",
            "reviews[0].old_ease",
        ),
    ] {
        assert!(good.contains(from), "{from}");
        std::fs::write(&file, good.replacen(from, to, 1)).unwrap();
        let err = env.fails(&["import-progress", file.to_str().unwrap()], 2);
        assert!(err.contains(place) && err.lines().count() == 1, "{err}");
        assert_eq!(std::fs::read(env.db()).unwrap(), before);
    }
    std::fs::write(&file, b"\xff\xfe\x00garbage").unwrap();
    env.fails(&["import-progress", file.to_str().unwrap()], 2);
}

#[test]
fn failed_cards_come_back_first_in_a_later_drill_of_the_same_day() {
    let env = TestEnv::mini();
    // alpha/one 1, alpha/two 2, then quit before the repeats.
    let out = drill(&env, &[1, 2]);
    assert!(out.contains("graded 2"), "{out}");
    let out = env.ok(&["drill"], "\n4\nq\n");
    assert!(
        out.contains("First, 2 card(s) failed earlier today"),
        "{out}"
    );
    assert!(
        out.find("Alpha question one?") < out.find("Alpha question two?"),
        "{out}"
    );
    // Passing one leaves only the other for the next drill of the day.
    let out = env.ok(&["drill"], "\n4\nq\n");
    assert!(out.contains("First, 1 card(s)"), "{out}");
    let out = env.ok(&["drill"], "q\n");
    assert!(!out.contains("failed earlier today"), "{out}");
    assert_healthy(&env);
}

#[test]
fn failures_from_new_count_toward_leeches() {
    let mut env = TestEnv::mini();
    env.set("ECSDRILL_LEECH_THRESHOLD", "3");
    for day in ["2026-01-10", "2026-01-11"] {
        env.on(day).ok(&["grade", "alpha/two", "0"], "");
    }
    let out = env.on("2026-01-12").ok(&["grade", "alpha/two", "1"], "");
    assert!(out.contains("is now a leech (3 failures)"), "{out}");
    let status = env.json(&["status", "--json"]);
    assert_eq!(status["leeches"], serde_json::json!(["alpha/two"]));
    assert!(
        env.ok(&["show", "alpha/two"], "")
            .contains("lapses 0 · failures 3")
    );
}

/// A drill on alpha grades its first card 4; once the receipt is printed (the grade is
/// committed), another process runs `grade other_id other_grade`; then the drill's `u` runs.
/// Returns the drill's output after the receipt.
fn drill_then_undo_after(env: &TestEnv, other_id: &str, other_grade: &str) -> Vec<String> {
    let mut drill = env
        .std_cmd(&["drill", "--topic", "alpha"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut input = drill.stdin.take().unwrap();
    let mut lines = BufReader::new(drill.stdout.take().unwrap()).lines();
    input.write_all(b"\n4\n").unwrap();
    assert!(lines.any(|l| l.unwrap().contains("graded 4")));
    env.ok(&["grade", other_id, other_grade], "");
    input.write_all(b"\nu\nq\n").unwrap();
    drop(input);
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert!(drill.wait().unwrap().success());
    rest
}

#[test]
fn the_drills_undo_takes_back_its_own_grade_only() {
    let env = TestEnv::mini();
    let rest = drill_then_undo_after(&env, "beta/two", "5");
    assert!(
        rest.iter()
            .any(|l| l.contains("undone: the grade of alpha/one")),
        "{rest:?}"
    );
    assert_eq!(env.card("alpha/one")["state"]["status"], "new");
    assert_eq!(env.card("beta/two")["state"]["reps"], 1);
    // Graded elsewhere since: the drill's undo refuses and changes nothing.
    let rest = drill_then_undo_after(&env, "alpha/one", "5");
    assert!(
        rest.iter()
            .any(|l| l.contains("cannot undo: alpha/one was graded again")),
        "{rest:?}"
    );
    assert_eq!(env.card("alpha/one")["state"]["reps"], 2);
    assert_healthy(&env);
}

#[test]
fn grades_placed_by_the_interview_balancer_replay_exactly() {
    let mut env = TestEnv::mini();
    env.ok(&["plan", "--interview", "2026-01-20"], "");
    for (day, id, grade) in [
        ("2026-01-10", "alpha/one", "5"),
        ("2026-01-10", "alpha/two", "4"),
        ("2026-01-11", "alpha/one", "5"),
        ("2026-01-11", "alpha/two", "4"),
        ("2026-01-16", "alpha/one", "3"),
    ] {
        env.on(day).ok(&["grade", id, grade], "");
    }
    let placed: i64 = Connection::open(env.db())
        .unwrap()
        .query_row(
            "SELECT count(*) FROM reviews WHERE placed_due IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(placed >= 1, "no grade was moved by the balancer");
    assert_healthy(&env);
}

/// The `max_interval` setting caps what a grade schedules; the cap is logged with the grade,
/// so the replay still matches after the setting is changed back.
#[test]
fn max_interval_caps_grades_and_replays_after_the_setting_changes() {
    let mut env = TestEnv::mini();
    env.set("ECSDRILL_MAX_INTERVAL", "10");
    let mut day = chrono::NaiveDate::from_ymd_opt(2026, 1, 10).unwrap();
    for _ in 0..5 {
        let out = env
            .on(&day.to_string())
            .ok(&["grade", "alpha/one", "5"], "");
        assert!(out.contains("next review"), "{out}");
        let (interval, _, due) = env.schedule("alpha/one");
        assert!(interval <= 10, "interval {interval} over the cap");
        day = due.parse().unwrap();
    }
    assert_eq!(
        env.schedule("alpha/one").0,
        10,
        "SM-2 alone would be far past 10 days"
    );
    assert_healthy(&env);
    let mut uncapped = TestEnv {
        vars: vec![],
        ..env
    };
    assert_healthy(&uncapped);
    uncapped
        .on(&day.to_string())
        .ok(&["grade", "alpha/one", "5"], "");
    assert!(uncapped.schedule("alpha/one").0 > 10);
    assert_healthy(&uncapped);
}

/// A version-1 progress file (no review ids) with `per_card` reviews of each mini card.
fn big_progress_file(path: &Path, per_card: u32) {
    let cards = [
        "alpha/one",
        "alpha/two",
        "alpha/three",
        "beta/one",
        "beta/two",
    ];
    let start: chrono::NaiveDate = "2020-01-01".parse().unwrap();
    let reviews: Vec<serde_json::Value> = (0..per_card)
        .flat_map(|k| {
            let day = start + chrono::Days::new(u64::from(k));
            cards.iter().map(move |id| {
                serde_json::json!({
                    "reviewed_at": format!("{day}T09:00:00+00:00"), "study_day": day.to_string(),
                    "card_id": id, "phase": 0, "topic": id.split('/').next(), "kind": "qa",
                    "grade": if k % 4 == 0 { 2 } else { 4 }, "mode": "drill", "scheduled": true,
                    "old_reps": 0, "old_interval": 0, "old_ease": 250, "old_due": null,
                    "old_lapses": 0, "old_last_review": null, "old_suspended": false,
                    "new_reps": 1, "new_interval": 1, "new_ease": 250,
                    "new_due": (day + chrono::Days::new(1)).to_string(), "new_lapses": 0,
                    "undone": false
                })
            })
        })
        .collect();
    let doc = serde_json::json!({
        "format": "ecsdrill-progress", "version": 1, "exported_at": "x",
        "interview_date": null, "cards": [], "reviews": reviews
    });
    std::fs::write(path, doc.to_string()).unwrap();
}

#[test]
fn an_import_killed_between_batches_leaves_cards_consistent_and_finishes_on_rerun() {
    let env = TestEnv::mini();
    env.ok(&["status"], "");
    let file = env.dir.path().join("big.json");
    big_progress_file(&file, 1200);
    let mut rng = StdRng::seed_from_u64(5);
    for _ in 0..3 {
        let mut child = env
            .std_cmd(&["import-progress", file.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        thread::sleep(Duration::from_millis(rng.random_range(100..600)));
        let _ = child.kill();
        let _ = child.wait();
        assert_healthy(&env);
    }
    env.ok(&["import-progress", file.to_str().unwrap()], "");
    assert_eq!(log(&env.db()).len(), 6000);
    assert_healthy(&env);
    // The same file into an empty database in one go gives the same log and states.
    let fresh = TestEnv::mini();
    fresh.ok(&["import-progress", file.to_str().unwrap()], "");
    assert_eq!(log(&fresh.db()), log(&env.db()));
    assert_eq!(
        fresh.json(&["cards", "--json"]),
        env.json(&["cards", "--json"])
    );
}

#[test]
fn doctor_names_drift_and_damage_and_repairs_drift_after_a_backup() {
    let env = TestEnv::mini();
    env.ok(&["grade", "alpha/one", "4"], "");
    env.ok(&["grade", "beta/two", "1"], "");
    assert_healthy(&env);
    let c = Connection::open(env.db()).unwrap();
    c.execute_batch(
        "UPDATE cards SET reps = 7 WHERE id = 'alpha/one';
         UPDATE cards SET failures = 0 WHERE id = 'beta/two';",
    )
    .unwrap();
    drop(c);
    let out = env.cmd().arg("doctor").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("2 card(s)") && report.contains("alpha/one, beta/two"),
        "{report}"
    );
    let out = env.ok(&["doctor", "--repair"], "");
    assert!(
        out.contains("repaired: 2 card(s)") && out.ends_with("healthy\n"),
        "{out}"
    );
    assert!(std::fs::read_dir(env.dir.path()).unwrap().any(|e| {
        e.unwrap()
            .file_name()
            .to_string_lossy()
            .contains(".bak-doctor-")
    }));
    assert_eq!(env.card("alpha/one")["state"]["reps"], 1);
    // A row no command can read is named, by doctor and by the command that meets it.
    let c = Connection::open(env.db()).unwrap();
    c.execute("UPDATE cards SET due = 'soon' WHERE id = 'alpha/one'", [])
        .unwrap();
    drop(c);
    let err = env.fails(&["cards"], 1);
    assert!(
        err.contains("card alpha/one: due \"soon\" is not a date"),
        "{err}"
    );
    let out = env.cmd().arg("doctor").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("damaged row: card alpha/one"));
}

/// `cmd` run as the unprivileged user 65534 through `setpriv` (root ignores file permissions,
/// so a read-only database can only be tested as someone else); `None` where that is not
/// possible here.
fn as_nobody(cmd: &std::process::Command) -> Option<std::process::Command> {
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .ok()
        .is_some_and(|o| o.stdout.trim_ascii() == b"0");
    let setpriv = std::process::Command::new("setpriv")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !(root && setpriv) {
        return None;
    }
    let mut c = std::process::Command::new("setpriv");
    c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .env("HOME", "/tmp");
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => c.env(k, v),
            None => c.env_remove(k),
        };
    }
    Some(c)
}

/// A database the user cannot write: writing commands stop before any card with one line and
/// exit 2, reading commands still work, and the file is unchanged.
#[test]
fn a_read_only_database_is_found_out_before_any_card() {
    let env = TestEnv::mini();
    env.ok(&["grade", "alpha/one", "4"], "");
    // Can user 65534 reach the binary and the fixture decks at all (a clone under a private
    // folder is out of its reach)? Only then does a refusal below say anything.
    let mut reach = std::process::Command::new("sh");
    reach
        .args(["-c", "test -x \"$0\" && test -r \"$1\" && test -x \"$1\""])
        .arg(assert_cmd::cargo::cargo_bin("ecsdrill"))
        .arg(&env.decks[0]);
    let Some(mut probe) = as_nobody(&reach) else {
        println!("skipped: needs root and setpriv to run as an unprivileged user");
        return;
    };
    if !probe.output().is_ok_and(|o| o.status.success()) {
        println!("skipped: user 65534 cannot reach the test binary or fixtures from this folder");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let dir = env.dir.path();
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let before = std::fs::read(env.db()).unwrap();
    for (args, stdin) in [
        (vec!["grade", "alpha/two", "5"], ""),
        (vec!["drill"], "\n4\n"),
        (vec!["undo"], ""),
    ] {
        let mut cmd = as_nobody(&env.std_cmd(&args)).unwrap();
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.contains("cannot write the database"), "{stderr}");
        assert!(
            !String::from_utf8_lossy(&out.stdout).contains("Alpha question"),
            "{args:?} showed a card"
        );
    }
    for args in [vec!["status"], vec!["show", "alpha/one"], vec!["stats"]] {
        let out = as_nobody(&env.std_cmd(&args)).unwrap().output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(
        std::fs::read(env.db()).unwrap(),
        before,
        "the database is unchanged"
    );
}
