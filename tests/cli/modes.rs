//! Study modes: quiz, interview planning, undo, suspend, leeches, settings.

use crate::common::{TestEnv, review_rows};
use serde_json::Value;

/// The question lines a session showed, in order.
fn questions(out: &str) -> Vec<String> {
    out.lines()
        .filter(|l| l.starts_with("Q: "))
        .map(str::to_string)
        .collect()
}

fn all_cards(env: &TestEnv) -> Value {
    env.json(&["cards", "--json"])
}

#[test]
fn quiz_without_record_leaves_the_schedule_untouched() {
    let env = TestEnv::mini();
    env.ok(&["grade", "alpha/one", "4"], "");
    let before = all_cards(&env);
    let out = env.ok(
        &["quiz", "--count", "5", "--seed", "1"],
        &"\n1\n".repeat(12),
    );
    assert!(out.contains("the schedule stays as it is"), "{out}");
    assert!(out.contains("Quiz score"), "{out}");
    assert!(
        out.contains("Missed (`ecsdrill show ID` to re-read):"),
        "{out}"
    );
    assert_eq!(all_cards(&env), before, "state must be identical");
    let rows = review_rows(&env.db());
    let quiz: Vec<_> = rows.iter().filter(|r| r.2 == "quiz").collect();
    assert_eq!(quiz.len(), 5, "every first-pass grade is logged as quiz");
}

#[test]
fn quiz_with_record_applies_sm2() {
    let env = TestEnv::mini();
    env.ok(
        &[
            "quiz", "--count", "1", "--topic", "beta", "--seed", "3", "--record",
        ],
        "\n5\n",
    );
    let graded: Vec<Value> = all_cards(&env)
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["state"]["status"] == "review")
        .cloned()
        .collect();
    assert_eq!(graded.len(), 1);
    assert_eq!(graded[0]["topic"], "beta");
    assert_eq!(graded[0]["state"]["interval_days"], 1);
    assert_eq!(graded[0]["state"]["ease"], 2.6);
}

#[test]
fn quiz_seed_makes_the_draw_reproducible() {
    let env = TestEnv::mini();
    let run = |seed: &str| {
        questions(&env.ok(
            &["quiz", "--count", "5", "--seed", seed],
            &"\n5\n".repeat(5),
        ))
    };
    let a = run("11");
    assert_eq!(a.len(), 5);
    assert_eq!(a, run("11"));
    let others: Vec<Vec<String>> = ["12", "13", "14"].iter().map(|s| run(s)).collect();
    assert!(
        others.iter().any(|o| *o != a),
        "different seeds should shuffle differently"
    );
}

#[test]
fn quiz_weak_puts_the_known_weak_cards_first() {
    let env = TestEnv::mini();
    for (id, grades) in [
        ("alpha/three", &[4, 1, 4, 1][..]),
        ("beta/one", &[5, 5][..]),
        ("alpha/one", &[4, 2][..]),
    ] {
        for g in grades {
            env.ok(&["grade", id, &g.to_string()], "");
        }
    }
    let out = env.ok(
        &["quiz", "--weak", "--count", "3", "--seed", "5"],
        &"\n4\n".repeat(3),
    );
    let q = questions(&out);
    // Both end on a failure; alpha/three has more lapses. beta/one (seen, solid) comes next.
    assert_eq!(
        q,
        vec![
            "Q: Alpha question three?",
            "Q: Alpha question one?",
            "Q: Beta question one?"
        ]
    );
}

/// The "this session N review(s) + M new card(s)" a drill announces; (0, 0) when nothing is
/// served.
pub(crate) fn served(out: &str) -> (usize, usize) {
    let Some(rest) = out.split("this session ").nth(1) else {
        return (0, 0);
    };
    let nums: Vec<usize> = rest
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .take(2)
        .map(|s| s.parse().unwrap())
        .collect();
    (nums[0], nums[1])
}

#[test]
fn interview_plan_matches_what_drill_serves_and_caps_intervals() {
    let mut env = TestEnv::mini();
    env.set("ECSDRILL_NEW_PER_DAY", "0");
    let plan = env.json(&["plan", "--interview", "2026-01-20", "--json"]);
    assert_eq!(plan["interview"], "2026-01-20");
    assert_eq!(plan["unseen"], 5);
    // Introduce by the 13th: 10th..=13th is 4 days, so 2 a day beats the setting of 0.
    assert_eq!(plan["new_per_day"], 2);
    let days = plan["days"].as_array().unwrap().clone();
    assert_eq!(days.len(), 11);
    let table = env.ok(&["plan"], "");
    assert!(
        table.contains("Interview on 2026-01-20: 10 day(s) away"),
        "{table}"
    );

    for day in &days {
        let date = day["date"].as_str().unwrap();
        env.on(date);
        let out = env.ok(&["drill"], &"\n4\n".repeat(20));
        let (reviews, new) = served(&out);
        assert_eq!(
            (reviews as u64, new as u64),
            (
                day["reviews"].as_u64().unwrap(),
                day["new"].as_u64().unwrap()
            ),
            "{date}: {out}"
        );
    }
    // Every card was introduced at least 7 days before, and no review made before the final
    // window (the 16th..=19th) lands on or after the interview.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let (last_intro, latest_due): (String, String) = conn
        .query_row(
            "SELECT (SELECT max(study_day) FROM reviews WHERE old_due IS NULL),
                    (SELECT max(new_due) FROM reviews WHERE study_day < '2026-01-16')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(last_intro.as_str() <= "2026-01-13", "{last_intro}");
    assert!(latest_due.as_str() <= "2026-01-19", "{latest_due}");
}

#[test]
fn plan_rejects_past_dates_and_clears() {
    let env = TestEnv::mini();
    let err = env.fails(&["plan", "--interview", "2026-01-10"], 2);
    assert!(err.contains("must be after today"), "{err}");
    env.fails(&["plan", "--interview", "next week"], 2);
    env.ok(&["plan", "--interview", "2026-02-01"], "");
    assert_eq!(env.json(&["status", "--json"])["days_to_interview"], 22);
    env.ok(&["plan", "--clear"], "");
    assert!(env.ok(&["plan"], "").starts_with("No interview date set"));
}

#[test]
fn undo_restores_exact_states_several_times() {
    let env = TestEnv::mini();
    env.ok(&["grade", "alpha/one", "5"], "");
    let before = all_cards(&env);
    env.ok(&["grade", "alpha/one", "4"], "");
    env.ok(&["grade", "beta/two", "1"], "");
    env.ok(&["grade", "alpha/three", "3"], "");
    for expected in ["alpha/three", "beta/two", "alpha/one"] {
        let out = env.ok(&["undo"], "");
        assert!(out.contains(&format!("of {expected};")), "{out}");
    }
    assert_eq!(all_cards(&env), before);
    env.ok(&["undo"], "");
    assert!(env.ok(&["undo"], "").starts_with("nothing to undo"));
    assert_eq!(all_cards(&env)[0]["state"]["status"], "new");
    // The history keeps every grade, marked.
    assert_eq!(review_rows(&env.db()).len(), 4);
}

#[test]
fn suspended_cards_leave_every_queue() {
    let env = TestEnv::mini();
    env.ok(&["suspend", "alpha/one"], "");
    assert_eq!(env.card("alpha/one")["state"]["status"], "suspended");
    let out = env.ok(&["drill"], "q\n");
    assert!(
        out.contains("this session 0 review(s) + 2 new card(s)"),
        "{out}"
    );
    env.ok(&["unsuspend", "alpha/one"], "");
    assert_eq!(env.card("alpha/one")["state"]["status"], "new");
    env.fails(&["suspend", "alpha/zzz"], 2);
}

/// Fails `id` `n` times after a first recall, a day apart, so it collects `n` lapses.
fn fail_repeatedly(env: &mut TestEnv, id: &str, n: u32) {
    env.ok(&["grade", id, "4"], "");
    for i in 0..n {
        env.on(&format!("2026-01-{:02}", 11 + 2 * i));
        env.ok(&["grade", id, "1"], "");
        env.on(&format!("2026-01-{:02}", 12 + 2 * i));
        env.ok(&["grade", id, "4"], "");
    }
}

#[test]
fn eight_lapses_make_a_leech_that_is_tagged() {
    let mut env = TestEnv::mini();
    fail_repeatedly(&mut env, "alpha/two", 8);
    let card = env.card("alpha/two");
    assert_eq!(card["state"]["lapses"], 8);
    assert_eq!(card["state"]["leech"], true);
    assert_eq!(card["state"]["status"], "review");
    let status = env.json(&["status", "--json"]);
    assert_eq!(status["leeches"], serde_json::json!(["alpha/two"]));
}

#[test]
fn leech_action_suspend_takes_the_card_out() {
    let mut env = TestEnv::mini();
    env.set("ECSDRILL_LEECH_ACTION", "suspend")
        .set("ECSDRILL_LEECH_THRESHOLD", "3");
    fail_repeatedly(&mut env, "alpha/two", 2);
    assert_eq!(env.card("alpha/two")["state"]["status"], "review");
    env.on("2026-01-15");
    let out = env.ok(&["grade", "alpha/two", "0"], "");
    assert!(
        out.contains("is now a leech (3 failures) and was suspended"),
        "{out}"
    );
    assert_eq!(env.card("alpha/two")["state"]["status"], "suspended");
    let out = env.ok(&["drill", "--topic", "alpha"], "q\n");
    assert!(!out.contains("Alpha question two?"), "{out}");
}

#[test]
fn settings_precedence_flag_env_file_default() {
    let mut env = TestEnv::mini();
    let cfg = env.dir.path().join("config.toml");
    std::fs::write(&cfg, "new_per_day = 1\nreviews_per_day = 50\n").unwrap();
    env.set("ECSDRILL_CONFIG", cfg.to_str().unwrap());
    let c = env.json(&["config", "--json"]);
    let setting = |c: &Value, key: &str| {
        c["settings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["key"] == key)
            .cloned()
            .unwrap()
    };
    assert_eq!(setting(&c, "new_per_day")["value"], "1");
    assert_eq!(setting(&c, "new_per_day")["origin"]["kind"], "file");
    assert_eq!(setting(&c, "leech_threshold")["origin"]["kind"], "default");
    let out = env.ok(&["drill"], "q\n");
    assert!(
        out.contains("this session 0 review(s) + 1 new card(s)"),
        "{out}"
    );

    env.set("ECSDRILL_NEW_PER_DAY", "2");
    let c = env.json(&["config", "--json"]);
    assert_eq!(setting(&c, "new_per_day")["value"], "2");
    assert_eq!(
        setting(&c, "new_per_day")["origin"]["name"],
        "ECSDRILL_NEW_PER_DAY"
    );
    assert!(env.ok(&["drill"], "q\n").contains("2 new card(s)"));
    assert!(
        env.ok(&["drill", "--new", "3"], "q\n")
            .contains("3 new card(s)")
    );
}

#[test]
fn config_errors_name_file_and_line_and_write_nothing() {
    let mut env = TestEnv::mini();
    let cfg = env.dir.path().join("config.toml");
    std::fs::write(&cfg, "new_per_day = 5\nday_starts_at = \"25:00\"\n").unwrap();
    env.set("ECSDRILL_CONFIG", cfg.to_str().unwrap());
    let err = env.fails(&["drill"], 2);
    assert!(
        err.contains("day_starts_at: expected a time of day"),
        "{err}"
    );
    assert!(err.trim_end().ends_with("config.toml:2:17"), "{err}");
    std::fs::write(&cfg, "colour = \"never\"\n").unwrap();
    let err = env.fails(&["status"], 2);
    assert!(err.contains("unknown setting `colour`"), "{err}");
    assert!(!env.db().exists());
}
