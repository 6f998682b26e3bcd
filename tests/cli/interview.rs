//! The interview plan end to end: a balanced final window, the forecast equal to the drill,
//! the honest backlog, readiness, theme order, and the date's bounds and aftermath.

use crate::common::{TestEnv, fixture};
use crate::modes::served;
use serde_json::Value;

const START: &str = "2026-12-01";
const INTERVIEW: &str = "2026-12-14";
const WINDOW: (&str, &str) = ("2026-12-10", "2026-12-13");

/// 64 cards in four phases, with new cards scaled down so the plan paces them.
fn interview_env() -> TestEnv {
    let mut env = TestEnv::mini();
    env.decks = vec![fixture("decks/interview")];
    env.set("ECSDRILL_NEW_PER_DAY", "2");
    env.on(START);
    env
}

/// Study days from START to the day before the interview.
fn study_days() -> Vec<String> {
    (1..=13).map(|d| format!("2026-12-{d:02}")).collect()
}

/// A small seeded generator (xorshift), so the grade mix is the same on every run.
struct Grades(u64);

impl Grades {
    /// About 15% below 3, 15% a 3, the rest 4 or 5.
    fn next(&mut self) -> u8 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        match self.0 % 100 {
            0..=14 => (self.0 % 3) as u8,
            15..=29 => 3,
            30..=74 => 4,
            _ => 5,
        }
    }

    /// Reveal-and-grade lines for far more cards than a day serves (repeats included).
    fn session(&mut self, cards: usize) -> String {
        (0..cards).map(|_| format!("\n{}\n", self.next())).collect()
    }
}

fn plan_days(plan: &Value) -> Vec<(String, u64, u64)> {
    plan["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["date"].as_str().unwrap().to_string(),
                d["reviews"].as_u64().unwrap(),
                d["new"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn db_count(env: &TestEnv, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn mixed_grades_every_day_end_with_every_card_reviewed_in_the_window() {
    let mut env = interview_env();
    let plan = env.json(&["plan", "--interview", INTERVIEW, "--json"]);
    let days = plan_days(&plan);
    let planned: u64 = days.iter().map(|(_, r, n)| r + n).sum();
    let mean = planned as f64 / study_days().len() as f64;
    let mut grades = Grades(0x5eed_1234);
    let mut failures = 0;
    for date in study_days() {
        env.on(&date);
        let before = env.json(&["status", "--json"]);
        let due = before["due"].as_u64().unwrap();
        let out = env.ok(&["drill"], &grades.session(300));
        failures += out.matches("graded 0").count()
            + out.matches("graded 1").count()
            + out.matches("graded 2").count();
        if due > 0 {
            assert!(
                !out.contains("Nothing to study"),
                "{date}: {due} due\n{out}"
            );
        }
        let (reviews, new) = served(&out);
        assert_eq!(reviews as u64, due, "{date}: every due review is served");
        let total = (reviews + new) as f64;
        assert!(
            total <= 1.6 * mean,
            "{date}: {total} cards, plan mean {mean:.1}"
        );
        let after = env.json(&["status", "--json"]);
        assert_eq!(after["due"], 0, "{date}: nothing left due after the drill");
    }
    assert!(failures > 20, "the mix should hold failures: {failures}");
    // Every card had a review in the final window.
    let reviewed = db_count(
        &env,
        &format!(
            "SELECT count(DISTINCT card_id) FROM reviews
             WHERE undone = 0 AND study_day BETWEEN '{}' AND '{}'",
            WINDOW.0, WINDOW.1
        ),
    );
    assert_eq!(reviewed, 64);
    // The interview day itself carries no reviews, and status says where the user stands.
    env.on(INTERVIEW);
    let status = env.json(&["status", "--json"]);
    assert_eq!(status["due"], 0);
    assert_eq!(status["readiness"]["cards"], 64);
    let ready = status["readiness"]["ready"].as_u64().unwrap();
    assert!(ready > 40 && ready <= 64, "{status}");
    let text = env.ok(&["status"], "");
    assert!(text.contains("interview:   today (2026-12-14)"), "{text}");
    assert!(
        text.contains(&format!("ready:       {ready} of 64 card(s) ready")),
        "{text}"
    );
}

#[test]
fn the_forecast_is_what_drill_serves_when_every_grade_is_4() {
    let mut env = interview_env();
    let plan = env.json(&["plan", "--interview", INTERVIEW, "--json"]);
    let mut served_days = Vec::new();
    for (date, _, _) in plan_days(&plan) {
        env.on(&date);
        let out = env.ok(&["drill"], &"\n4\n".repeat(200));
        let (reviews, new) = served(&out);
        served_days.push((date, reviews as u64, new as u64));
    }
    assert_eq!(served_days, plan_days(&plan));
    // The projected final-review days are the real ones.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT day, count(*) FROM (SELECT card_id, max(study_day) AS day FROM reviews
             WHERE study_day < ?1 GROUP BY card_id) GROUP BY day ORDER BY day",
        )
        .unwrap();
    let real: Vec<(String, u64)> = stmt
        .query_map([INTERVIEW], |r| {
            Ok((r.get(0)?, u64::from(r.get::<_, u32>(1)?)))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let projected: Vec<(String, u64)> = plan["final_review_days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["date"].as_str().unwrap().into(),
                d["cards"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(real, projected);
    assert!(
        real.iter()
            .all(|(d, _)| d.as_str() >= WINDOW.0 && d.as_str() <= WINDOW.1)
    );
    assert_eq!(plan["never_reviewed"], 0);
    let peak = &plan["peak"];
    let max = plan_days(&plan)
        .iter()
        .map(|(_, r, n)| r + n)
        .max()
        .unwrap();
    assert_eq!(peak["total"].as_u64().unwrap(), max);
}

#[test]
fn a_hard_review_cap_shows_the_overflow_and_the_default_is_raised() {
    let mut capped = interview_env();
    let soft = capped.ok(&["plan", "--interview", INTERVIEW], "");
    assert!(!soft.contains("left over"), "{soft}");
    capped.set("ECSDRILL_REVIEWS_PER_DAY", "10");
    let hard = capped.json(&["plan", "--json"]);
    assert_eq!(hard["hard_cap"], true);
    let over: u64 = hard["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["over_limit"].as_u64().unwrap())
        .sum();
    assert!(over > 0, "{hard}");
    assert!(
        hard["days"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["reviews"].as_u64().unwrap() <= 10)
    );
    let text = capped.ok(&["plan"], "");
    assert!(
        text.contains("left over") && text.contains("is a hard cap"),
        "{text}"
    );
}

#[test]
fn status_and_drill_show_the_whole_backlog() {
    let mut env = TestEnv::mini();
    env.set("ECSDRILL_REVIEWS_PER_DAY", "1");
    env.ok(&["drill"], &"\n4\n".repeat(3));
    env.on("2026-01-11");
    let status = env.ok(&["status"], "");
    assert!(
        status.contains(
            "reviews:     3 due · this session 1 · 2 more: `ecsdrill drill --limit 5` or `ecsdrill drill --all`"
        ),
        "{status}"
    );
    let json = env.json(&["status", "--json"]);
    assert_eq!(
        (&json["due"], &json["session_reviews"], &json["more"]),
        (&3.into(), &1.into(), &2.into())
    );
    let out = env.ok(&["drill", "--all"], "q\n");
    assert!(
        out.contains(
            "3 due · this session 3 review(s) + 2 new card(s) (review limit raised by 2)."
        ),
        "{out}"
    );
    let out = env.ok(&["drill", "--limit", "2"], "q\n");
    assert!(
        out.contains("3 due · this session 2 review(s) + 0 new card(s) · 1 more"),
        "{out}"
    );
}

#[test]
fn interview_dates_are_bounded_and_the_passed_date_fades() {
    let mut env = TestEnv::mini();
    let err = env.fails(&["plan", "--interview", "2028-01-11"], 2);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("within 2 years of today (by 2028-01-10)"),
        "{err}"
    );
    env.fails(&["plan", "--interview", "9999-12-31"], 2);
    assert!(!env.db().exists(), "a refused date writes nothing");
    env.ok(&["plan", "--interview", "2028-01-10"], "");
    env.ok(&["plan", "--interview", "2026-01-20"], "");
    env.on("2026-01-20");
    let plan = env.ok(&["plan"], "");
    assert!(
        plan.starts_with("The interview is today (2026-01-20)"),
        "{plan}"
    );
    env.on("2026-01-23");
    assert!(env.ok(&["plan"], "").contains("on 2026-01-20 has passed"));
    let status = env.ok(&["status"], "");
    assert!(
        status.contains("interview:   on 2026-01-20 passed"),
        "{status}"
    );
    assert!(!status.contains("day(s) away"), "{status}");
    env.on("2026-01-28");
    assert!(!env.ok(&["status"], "").contains("interview"));
}

/// The topic title of the first card a drill shows.
fn first_topic(out: &str) -> String {
    let header = out.lines().find(|l| l.starts_with("── 1/")).unwrap();
    header.split(" · ").nth(2).unwrap().to_string()
}

#[test]
fn theme_order_takes_networking_and_iam_before_the_scheduler() {
    let env = TestEnv::builtin();
    let topics = [
        "--topic",
        "ecs-scheduler-deep-dive",
        "--topic",
        "ecs-security-model",
        "--topic",
        "ecs-networking-modes",
    ];
    let file = env.ok(&[&["drill"][..], &topics].concat(), "q\n");
    assert_eq!(first_topic(&file), "ECS Scheduler Deep Dive");
    let themes = env.ok(
        &[&["drill", "--order", "themes"][..], &topics].concat(),
        "q\n",
    );
    assert_eq!(first_topic(&themes), "ECS Networking Modes");
    let mut by_setting = TestEnv::builtin();
    by_setting.set("ECSDRILL_NEW_CARD_ORDER", "themes");
    let out = by_setting.ok(&[&["drill"][..], &topics].concat(), "q\n");
    assert_eq!(first_topic(&out), "ECS Networking Modes");
}

#[test]
fn quiz_weak_counts_failures_before_the_first_success() {
    let env = TestEnv::mini();
    // alpha/one: one lapse. alpha/two: failed three times from new, never a lapse.
    for (id, grades) in [
        ("alpha/one", &[4, 1, 4][..]),
        ("alpha/two", &[0, 0, 0, 4][..]),
    ] {
        for g in grades {
            env.ok(&["grade", id, &g.to_string()], "");
        }
    }
    let out = env.ok(
        &["quiz", "--weak", "--count", "2", "--seed", "1"],
        &"\n4\n".repeat(2),
    );
    let q: Vec<&str> = out.lines().filter(|l| l.starts_with("Q: ")).collect();
    assert_eq!(q, vec!["Q: Alpha question two?", "Q: Alpha question one?"]);
}

#[test]
fn the_grade_preview_shows_the_balanced_day_the_grade_then_uses() {
    let mut env = TestEnv::mini();
    env.on(START);
    env.ok(&["plan", "--interview", INTERVIEW], "");
    env.ok(&["grade", "alpha/one", "4"], "");
    env.on("2026-12-02");
    env.ok(&["grade", "alpha/one", "4"], "");
    // Due on the 8th; SM-2 would say 15 days (the 23rd), past the interview.
    env.on("2026-12-08");
    let out = env.ok(&["drill", "--topic", "alpha"], "\n4\nq\n");
    assert!(out.contains("Q: Alpha question one?"), "{out}");
    let preview = out
        .lines()
        .find(|l| l.trim_start().starts_with("4 right, after hesitation"))
        .unwrap();
    let receipt = out.lines().find(|l| l.contains("graded 4:")).unwrap();
    assert!(preview.ends_with("→ 5 days"), "{preview}");
    assert!(
        receipt.contains("next review 2026-12-13 (in 5 days)"),
        "{receipt}"
    );
}
