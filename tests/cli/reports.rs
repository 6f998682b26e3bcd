//! Progress reports: `stats`, `report` (every format), `mastery`, through the real binary.
//!
//! [`history`] builds one review log by hand on the mini decks; every expected number below
//! is worked out from it in the comments (SM-2 as in DESIGN.md §4, the definitions in the
//! `report` module docs).

use crate::common::{TestEnv, fixture};
use serde_json::{Value, json};

/// The hand-built history (leech threshold 2), graded with `grade`, `drill`, `quiz` and `undo`.
///
/// | day        | what                         | rows (undone = 0)                               |
/// |------------|------------------------------|-------------------------------------------------|
/// | 01-05 Mon  | alpha/one 4, alpha/two 5     | 2 first grades (not review grades)              |
/// |            | alpha/three 3, then `undo`   | the row is undone: never counts                 |
/// |            | suspend beta/two             |                                                 |
/// | 01-06 Tue  | alpha/one 2 (lapse 1)        | review grade, fail                              |
/// |            | alpha/two 4 (interval 6)     | review grade, pass                              |
/// |            | drill beta/one: 2, repeat 4  | a first grade + a repeat (scheduled = 0)        |
/// | 01-07 Wed  | alpha/one 1 (reps 0: no lapse)| review grade, fail                             |
/// |            | beta/one 5 (EF 2.60)         | review grade, pass                              |
/// |            | quiz beta/one 0, unrecorded  | scheduled = 0: a review, not a review grade     |
/// | 01-08 Thu  | alpha/one 3 (EF 2.36)        | review grade, pass                              |
/// |            | beta/one 4 (interval 6)      | review grade, pass                              |
/// | 01-12 Mon  | alpha/one 2 (lapse 2: leech) | review grade, fail                              |
/// |            | alpha/two 3 (EF 2.46, 15 d)  | review grade, pass                              |
///
/// Then, on 01-14: alpha/one due 01-13 (EF 2.36, 2 lapses), alpha/two due 01-27 (EF 2.46),
/// alpha/three new; beta/one due 01-14 (EF 2.60), beta/two new and suspended.
fn history() -> TestEnv {
    let mut env = TestEnv::mini();
    env.set("ECSDRILL_LEECH_THRESHOLD", "2");
    env.on("2026-01-05");
    env.ok(&["grade", "alpha/one", "4"], "");
    env.ok(&["grade", "alpha/two", "5"], "");
    env.ok(&["grade", "alpha/three", "3"], "");
    env.ok(&["undo"], "");
    env.ok(&["suspend", "beta/two"], "");
    env.on("2026-01-06");
    env.ok(&["grade", "alpha/one", "2"], "");
    env.ok(&["grade", "alpha/two", "4"], "");
    env.ok(&["drill", "--topic", "beta", "--new", "1"], "\n2\n\n4\n");
    env.on("2026-01-07");
    env.ok(&["grade", "alpha/one", "1"], "");
    env.ok(&["grade", "beta/one", "5"], "");
    env.ok(
        &[
            "quiz", "--topic", "beta", "--count", "1", "--weak", "--seed", "1",
        ],
        "\n0\nq\n",
    );
    env.on("2026-01-08");
    env.ok(&["grade", "alpha/one", "3"], "");
    env.ok(&["grade", "beta/one", "4"], "");
    env.on("2026-01-12");
    env.ok(&["grade", "alpha/one", "2"], "");
    env.ok(&["grade", "alpha/two", "3"], "");
    env.on("2026-01-14");
    env
}

/// The `key` string of every object in the array `list`.
fn strings<'a>(list: &'a Value, key: &str) -> Vec<&'a str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|t| t[key].as_str().unwrap())
        .collect()
}

fn topic<'a>(report: &'a Value, slug: &str) -> &'a Value {
    report["topics"]
        .as_array()
        .and_then(|t| t.iter().find(|t| t["topic"] == slug))
        .unwrap_or_else(|| panic!("no topic {slug}"))
}

#[test]
fn stats_numbers_from_a_hand_built_history() {
    let env = history();
    let s = env.json(&["stats", "--json"]);
    // Phase 0: alpha/three is new again after the undo; alpha/one and alpha/two are young.
    // Reviews: 8 rows (2 first grades + 6 review grades); retention: 3 of the 6 review
    // grades pass (01-06 alpha/two 4, 01-08 alpha/one 3, 01-12 alpha/two 3).
    // Mean EF of the seen cards: (2.36 + 2.46) / 2 = 2.41. Due today (01-14): alpha/one.
    assert_eq!(
        s["phases"][0],
        json!({"phase": 0, "cards": 3, "new": 1, "young": 2, "mature": 0, "suspended": 0,
               "due_today": 1, "reviews_30d": 8, "retention_30d": 0.5, "mean_ease": 2.41,
               "graded_30d": 6})
    );
    // Phase 1: beta/two suspended (not counted as new); 5 rows: drill 2, repeat 4, grade 5,
    // quiz 0, grade 4; review grades: the 5 and the 4 -> retention 1.0; EF 2.60.
    assert_eq!(
        s["phases"][1],
        json!({"phase": 1, "cards": 2, "new": 0, "young": 1, "mature": 0, "suspended": 1,
               "due_today": 1, "reviews_30d": 5, "retention_30d": 1.0, "mean_ease": 2.6,
               "graded_30d": 2})
    );
    // 13 standing rows on 5 study days (the undone grade is not one of them).
    assert_eq!(
        (s["total_reviews"].as_u64(), s["study_days"].as_u64()),
        (Some(13), Some(5))
    );
    // Forecast: 14 days from today; today also takes the overdue alpha/one.
    let forecast = s["forecast"].as_array().unwrap();
    assert_eq!(forecast.len(), 14);
    assert_eq!(forecast[0], json!({"date": "2026-01-14", "due": 2}));
    assert_eq!(forecast[13], json!({"date": "2026-01-27", "due": 1}));
    let others: u64 = forecast[1..13]
        .iter()
        .map(|d| d["due"].as_u64().unwrap())
        .sum();
    assert_eq!(others, 0);
    assert!(s.get("weekly").is_none());
}

#[test]
fn stats_phase_adds_grades_per_week() {
    let env = history();
    let s = env.json(&["stats", "--json", "--phase", "0"]);
    // Week of Mon 01-05: grades 4, 5, 2, 4, 1, 3 -> 19 / 6; week of 01-12: 2, 3 -> 2.5.
    assert_eq!(
        s["weekly"],
        json!({"phase": 0, "weeks": [
            {"week": "2026-01-05", "reviews": 6, "mean_grade": 3.17},
            {"week": "2026-01-12", "reviews": 2, "mean_grade": 2.5}]})
    );
    // Phase 1: drill 2, repeat 4, grade 5, quiz 0, grade 4 -> 15 / 5, all in one week.
    let s = env.json(&["stats", "--json", "--phase", "1"]);
    assert_eq!(
        s["weekly"]["weeks"],
        json!([{"week": "2026-01-05", "reviews": 5, "mean_grade": 3.0}])
    );
    let text = env.ok(&["stats", "--phase", "0"], "");
    assert!(
        text.contains("Phase 0: reviews and mean grade per week"),
        "{text}"
    );
    assert!(text.contains("2026-01-12"), "{text}");
    env.fails(&["stats", "--phase", "5"], 2);
}

#[test]
fn report_numbers_and_weakest_first() {
    let env = history();
    let r = env.json(&["report", "--format", "json"]);
    assert_eq!(r["generated_at"], "2026-01-14T09:00:00Z");
    assert_eq!(r["window_start"], "2025-12-16");
    let order = strings(&r["topics"], "topic");
    assert_eq!(order, ["alpha", "beta"]);
    // alpha: 3 cards, 1 unseen, 2 seen; retention 3/6; failures (scheduled grades < 3 in
    // the window) 3: 01-06 one 2, 01-07 one 1, 01-12 one 2 -> min(1, 3/2) = 1; mean EF 2.41
    // -> (2.50 - 2.41)/1.20 = 0.075; leeches 1 of 2 seen.
    // weakness = 0.5 x 0.5 + 0.25 x 1 + 0.15 x 0.075 + 0.10 x 0.5 = 0.56125
    assert_eq!(
        topic(&r, "alpha"),
        &json!({"rank": 1, "phase": 0, "topic": "alpha", "title": "Alpha Topic",
            "source": "Phase-0_Test/01_Alpha.md", "cards": 3, "unseen": 1, "lapses": 2,
            "leeches": 1, "mean_ease": 2.41, "reviews": 6, "failures": 3,
            "weakness": 0.561, "retention_30d": 0.5, "status": "started",
            "unseen_share": 0.333,
            "weakest_cards": [
                {"id": "alpha/one", "q": "Alpha question one?", "failures": 3, "lapses": 2,
                    "ease": 2.36},
                {"id": "alpha/two", "q": "Alpha question two?", "failures": 0, "lapses": 0,
                    "ease": 2.46}]})
    );
    // beta: 1 seen card; retention 2/2; the drill's first grade 2 is a failure (1 of 1
    // seen); EF 2.60 (clamped to 0): weakness = 0.25 x 1 = 0.25. The suspended, never
    // graded beta/two is its unseen half, shown apart.
    let beta = topic(&r, "beta");
    assert_eq!(beta["weakness"], 0.25);
    assert_eq!(beta["retention_30d"], 1.0);
    assert_eq!(
        (beta["failures"].as_u64(), beta["unseen_share"].as_f64()),
        (Some(1), Some(0.5))
    );
    assert_eq!(beta["weakest_cards"].as_array().unwrap().len(), 1);
    assert_eq!(
        (r["retention"].as_f64(), r["graded"].as_u64()),
        (Some(0.625), Some(8))
    );
    assert_eq!(r["not_started"], json!([]));
}

#[test]
fn since_narrows_the_retention_window() {
    let env = history();
    let r = env.json(&["report", "--format", "json", "--since", "2026-01-08"]);
    assert_eq!(r["window_start"], "2026-01-08");
    let alpha = topic(&r, "alpha");
    // From 01-08: alpha/one 3 (pass), alpha/one 2 (fail), alpha/two 3 (pass) -> 2/3; one
    // failure (01-12) of 2 seen cards.
    // weakness = 0.5 x 1/3 + 0.25 x 0.5 + 0.01125 + 0.05 = 0.352917.
    assert_eq!(alpha["retention_30d"], 0.667);
    assert_eq!(
        (alpha["reviews"].as_u64(), alpha["failures"].as_u64()),
        (Some(3), Some(1))
    );
    assert_eq!(alpha["weakness"], 0.353);
    // Lapses, leeches and EF describe the cards now, whatever the window.
    assert_eq!(
        (alpha["lapses"].as_u64(), alpha["leeches"].as_u64()),
        (Some(2), Some(1))
    );
    // A window after the last review has no review grade: retention unknown, not 0.
    let r = env.json(&["report", "--format", "json", "--since", "2026-01-13"]);
    assert_eq!(topic(&r, "alpha")["retention_30d"], Value::Null);
    // Unknown retention counts as 50%, no failure in the window:
    // 0.5 x 0.5 + 0 + 0.01125 + 0.05 = 0.31125.
    assert_eq!(topic(&r, "alpha")["weakness"], 0.311);
    // beta: no evidence either (0.5 x 0.5), EF above 2.50.
    assert_eq!(topic(&r, "beta")["weakness"], 0.25);
    // The trend starts with the window.
    assert_eq!(r["trend"]["weeks"], json!(["2026-01-12"]));
    let err = env.fails(&["report", "--since", "2026-01-15"], 2);
    assert!(err.contains("after today"), "{err}");
    env.fails(&["report", "--since", "yesterday"], 2);
}

#[test]
fn empty_history_lists_every_topic_as_not_started_and_says_where_to_begin() {
    let env = TestEnv::mini();
    let r = env.json(&["report", "--format", "json"]);
    assert_eq!(r["topics"], json!([]));
    assert_eq!(
        r["not_started"],
        json!([
            {"phase": 0, "topic": "alpha", "title": "Alpha Topic",
             "source": "Phase-0_Test/01_Alpha.md", "cards": 3},
            {"phase": 1, "topic": "beta", "title": "Beta Topic",
             "source": "Phase-1_Test/01_Beta.md", "cards": 2}])
    );
    let steps = r["next_steps"].as_array().unwrap();
    assert_eq!(
        steps[0],
        json!({"text": "Nothing studied yet: start with `ecsdrill drill`",
               "command": "ecsdrill drill"})
    );
    assert_eq!(steps[1]["file"], "Phase-0_Test/01_Alpha.md");
    assert!(steps.len() <= 3);
    assert_eq!(r["retention"], Value::Null);
    for format in ["table", "md", "csv", "html"] {
        let out = env.ok(&["report", "--format", format], "");
        assert!(
            out.contains("Nothing studied yet: start with"),
            "{format}: {out}"
        );
        assert!(
            !out.contains("NaN") && !out.contains("inf"),
            "{format}: {out}"
        );
    }
    let s = env.json(&["stats", "--json"]);
    assert_eq!(s["phases"][0]["retention_30d"], Value::Null);
    assert_eq!(s["phases"][0]["new"], 3);
    let m = env.json(&["mastery", "--json"]);
    assert_eq!(m["done"], 0);
    assert_eq!(m["total"], 10);
}

/// Three topics (fixtures/decks/weak): `known` passed every time, `shaky` failed often,
/// `fresh` (phase 1) never opened. Graded with `grade` over ten days; the report is on
/// Wed 02-11 (window from 01-13).
///
/// | day       | known        | shaky        |
/// |-----------|--------------|--------------|
/// | 02-02 Mon | a5 b5 c4     | a4 b4 c2     |  first grades (c2 is a failure)
/// | 02-03 Tue | a5 b4 c5     | a2 b3 c1     |  review grades: 4 of 6 pass
/// | 02-04 Wed |              | a1 c2        |  0 of 2
/// | 02-09 Mon | a5 b4 c5     | b2 a3 c4     |  5 of 6
fn weak_history() -> TestEnv {
    let mut env = TestEnv::mini();
    env.decks = vec![fixture("decks/weak")];
    let days: [(&str, &[(&str, &str)]); 4] = [
        (
            "2026-02-02",
            &[
                ("known/a", "5"),
                ("known/b", "5"),
                ("known/c", "4"),
                ("shaky/a", "4"),
                ("shaky/b", "4"),
                ("shaky/c", "2"),
            ],
        ),
        (
            "2026-02-03",
            &[
                ("known/a", "5"),
                ("known/b", "4"),
                ("known/c", "5"),
                ("shaky/a", "2"),
                ("shaky/b", "3"),
                ("shaky/c", "1"),
            ],
        ),
        ("2026-02-04", &[("shaky/a", "1"), ("shaky/c", "2")]),
        (
            "2026-02-09",
            &[
                ("known/a", "5"),
                ("known/b", "4"),
                ("known/c", "5"),
                ("shaky/b", "2"),
                ("shaky/a", "3"),
                ("shaky/c", "4"),
            ],
        ),
    ];
    for (day, grades) in days {
        env.on(day);
        for (id, grade) in grades {
            env.ok(&["grade", id, grade], "");
        }
    }
    env.on("2026-02-11");
    env
}

#[test]
fn weakest_studied_topic_leads_and_the_next_steps_say_what_to_do() {
    let env = weak_history();
    let r = env.json(&["report", "--format", "json"]);
    let order = strings(&r["topics"], "topic");
    // shaky: 3 of 8 review grades passed (37.5%, under 60%) -> first; known: 6 of 6.
    assert_eq!(order, ["shaky", "known"]);
    assert_eq!(topic(&r, "shaky")["retention_30d"], 0.375);
    // Failures from the first grade on: c2, a2, c1, a1, c2, b2.
    assert_eq!(topic(&r, "shaky")["failures"], 6);
    // No topic without reviews ranks above a studied one: fresh is listed apart.
    assert_eq!(r["not_started"][0]["topic"], "fresh");
    assert_eq!(r["not_started"].as_array().unwrap().len(), 1);
    for format in ["table", "md"] {
        let out = env.ok(&["report", "--format", format], "");
        // After the next steps (which may name any topic): the studied topics, then the rest.
        let body = &out[out.find("Studied topics").expect("studied topics")..];
        let pos = |s: &str| body.find(s).unwrap_or_else(|| panic!("{s} in {out}"));
        assert!(
            pos("shaky") < pos("known") && pos("known") < pos("fresh"),
            "{out}"
        );
    }
    // The first step names shaky's file and a command that runs.
    let step = &r["next_steps"][0];
    assert_eq!(step["file"], "Phase-0_Test/02_Shaky.md");
    assert_eq!(step["command"], "ecsdrill quiz --topic shaky --weak");
    assert!(
        step["text"]
            .as_str()
            .unwrap()
            .starts_with("Re-read `Phase-0_Test/02_Shaky.md` (retention 38%, 6 failure(s)"),
        "{step}"
    );
    let command: Vec<&str> = step["command"]
        .as_str()
        .unwrap()
        .split(' ')
        .skip(1)
        .collect();
    let quiz = env.ok(&command, "q\n");
    assert!(
        quiz.contains("Shaky Topic") && !quiz.contains("Known Topic"),
        "{quiz}"
    );
    // Phase 1 is not started; with an interview date, a step says so.
    env.ok(&["plan", "--interview", "2026-02-17"], "");
    let r = env.json(&["report", "--format", "json"]);
    let texts = strings(&r["next_steps"], "text");
    assert!(
        texts.contains(&"Phase 1 is not started and the interview is in 6 day(s): `ecsdrill plan`"),
        "{texts:?}"
    );
    assert_eq!(r["interview"]["days_left"], 6);
    assert_eq!(r["interview"]["readiness"]["cards"], 8);
    assert_eq!(r["interview"]["readiness"]["ready"], 0);
}

#[test]
fn trend_rows_equal_the_weekly_figures_worked_by_hand() {
    let env = weak_history();
    let r = env.json(&["report", "--format", "json"]);
    let trend = &r["trend"];
    // Window 01-13 .. 02-11: the weeks of 01-12, 01-19, 01-26, 02-02 and 02-09.
    assert_eq!(
        trend["weeks"],
        json!([
            "2026-01-12",
            "2026-01-19",
            "2026-01-26",
            "2026-02-02",
            "2026-02-09"
        ])
    );
    let phase0 = &trend["phases"][0]["weeks"];
    // Week of 02-02: 02-03 (4 of 6) + 02-04 (0 of 2) = 4 of 8; week of 02-09: 5 of 6.
    assert_eq!(
        phase0[3],
        json!({"week": "2026-02-02", "graded": 8, "passed": 4, "retention": 0.5})
    );
    assert_eq!(
        phase0[4],
        json!({"week": "2026-02-09", "graded": 6, "passed": 5, "retention": 0.833})
    );
    assert_eq!(phase0[0]["retention"], Value::Null);
    // Phase 1 was never graded.
    let phase1 = trend["phases"][1]["weeks"].as_array().unwrap();
    assert!(phase1.iter().all(|w| w["graded"] == 0));
    // Cards at week ends (8 cards): Sun 02-08, every graded card young (intervals <= 6);
    // the 6 graded cards young, the 2 fresh ones new.
    assert_eq!(
        trend["cards"][3],
        json!({"day": "2026-02-08", "new": 2, "young": 6, "mature": 0})
    );
    assert_eq!(
        trend["cards"][0],
        json!({"day": "2026-01-18", "new": 8, "young": 0, "mature": 0})
    );
    assert_eq!(trend["cards"][4]["day"], "2026-02-11");
}

#[test]
fn mastery_with_an_interview_date_completes_in_a_two_week_plan() {
    let mut env = TestEnv::mini();
    env.on("2026-03-01");
    env.ok(&["plan", "--interview", "2026-03-15"], "");
    let mut days = Vec::new();
    for day in 1..=14 {
        env.on(&format!("2026-03-{day:02}"));
        // Reveal, grade 5, for every card the day brings.
        env.ok(&["drill"], &"\n5\n".repeat(10));
        days.push(env.json(&["mastery", "--json"]));
    }
    let item = |m: &Value| m["items"][0].clone();
    // Before the final window (03-11 .. 03-14) nothing can complete.
    assert!(days[..10].iter().all(|m| m["done"] == 0));
    let last = days.last().unwrap();
    assert!(last["done"].as_u64().unwrap() >= 1, "{last}");
    let unionfs = item(last);
    assert_eq!(unionfs["id"], "unionfs-layers");
    assert_eq!(unionfs["done"], true);
    assert_eq!(
        (unionfs["ready"].as_u64(), unionfs["progress"].as_f64()),
        (Some(1), Some(1.0))
    );
    assert_eq!(unionfs["cards"][0]["ready"], true);
    assert_eq!(
        unionfs["cards"][0]["mature"], false,
        "done without being mature"
    );
    assert_eq!(
        last["rule"],
        json!({"final_window": {"interview": "2026-03-15", "window_start": "2026-03-11"}})
    );
    let text = env.ok(&["mastery"], "");
    assert!(text.contains("[✓]  1. Explain Docker UnionFS"), "{text}");
    assert!(text.contains("[██████████] 1/1 ready"), "{text}");
}

#[test]
fn renderers_match_their_snapshots() {
    let env = history();
    insta::assert_snapshot!("stats_table", env.ok(&["stats"], ""));
    insta::assert_snapshot!("stats_phase", env.ok(&["stats", "--phase", "0"], ""));
    insta::assert_snapshot!("stats_json", env.ok(&["stats", "--json"], ""));
    insta::assert_snapshot!("report_table", env.ok(&["report"], ""));
    for format in ["md", "csv", "json", "html"] {
        insta::assert_snapshot!(
            format!("report_{format}"),
            env.ok(&["report", "--format", format], "")
        );
    }
    insta::assert_snapshot!("mastery_text", env.ok(&["mastery"], ""));
    insta::assert_snapshot!("mastery_json", env.ok(&["mastery", "--json"], ""));
}

/// The hostile decks, every card graded once (so each shows among its topic's weakest).
fn hostile() -> (TestEnv, Vec<(String, String)>) {
    let mut env = TestEnv::mini();
    env.decks = vec![fixture("decks/hostile")];
    env.on("2026-01-05");
    let cards = env.json(&["cards", "--json"]);
    let cards: Vec<(String, String)> = cards
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().into(),
                c["q"].as_str().unwrap().into(),
            )
        })
        .collect();
    for (id, _) in &cards {
        env.ok(&["grade", id, "1"], "");
    }
    env.on("2026-01-06");
    (env, cards)
}

/// Checks that every opened element is closed in order (void elements and `/>` aside) and
/// skips the CSS of `<style>`.
fn assert_balanced(html: &str) {
    const VOID: [&str; 7] = ["meta", "br", "wbr", "hr", "img", "input", "link"];
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open..];
        let end = rest.find('>').expect("unterminated tag");
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        if tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let top = stack
                .pop()
                .unwrap_or_else(|| panic!("</{name}> closes nothing"));
            assert_eq!(top, name, "</{name}> closes <{top}>");
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(!name.is_empty(), "bad tag <{tag}>");
        if tag.ends_with('/') || VOID.contains(&name.as_str()) {
            continue;
        }
        if name == "style" {
            let close = rest.find("</style>").expect("unclosed style");
            assert!(!rest[..close].contains('<'), "markup inside <style>");
            rest = &rest[close + "</style>".len()..];
            continue;
        }
        stack.push(name);
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
}

#[test]
fn html_is_balanced_and_escapes_card_text() {
    let (env, cards) = hostile();
    let html = env.ok(&["report", "--format", "html"], "");
    assert_balanced(&html);
    assert!(!html.to_lowercase().contains("<script"), "unescaped script");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;b&gt;Bold&lt;/b&gt; &amp; Co"));
    assert!(html.contains("01_<wbr>&lt;Hostile&gt;&amp;_<wbr>&quot;Markup&quot;.md"));
    // Self-contained: no scripts, no external assets.
    for banned in ["http://", "https://", "src=", "@import", "url("] {
        let hits: Vec<&str> = html.matches(banned).collect();
        // The only URLs are card text, escaped as text content.
        if banned.starts_with("http") {
            assert!(
                html.match_indices(banned).all(|(i, _)| {
                    let before = &html[..i];
                    before.rfind('>') > before.rfind('<')
                }),
                "{banned} outside text"
            );
        } else {
            assert!(hits.is_empty(), "{banned} in the page");
        }
    }
    assert!(html.contains("<svg"), "charts are inline SVG");
    assert_eq!(cards.len(), 6);
}

#[test]
fn csv_parses_back_with_formulas_neutralised() {
    let (env, cards) = hostile();
    let text = env.ok(&["report", "--format", "csv"], "");
    assert!(text.starts_with("rank,phase,topic,") && text.ends_with("\r\n"));
    assert!(
        text.split('\n').next().is_some_and(|l| l.ends_with('\r')),
        "CRLF"
    );
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(header.len(), 22);
    assert_eq!(&header[0], "rank");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let steps = rows.iter().take_while(|r| &r[5] == "next_step").count();
    assert!((1..=3).contains(&steps), "next steps first");
    assert_eq!(rows.len() - steps, 2, "one row per topic");
    assert_eq!(&rows[0][0], "step 1");
    for row in &rows {
        assert_eq!(row.len(), 22);
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "formula cell {cell:?}"
            );
        }
    }
    let cells: Vec<&str> = rows.iter().flat_map(|r| r.iter()).collect();
    assert!(cells.contains(&"'=cmd|' /C calc'!A0"));
    assert!(cells.contains(&"'=HYPERLINK(\"http://evil.example\") <b>Bold</b> & Co | pipes"));
    assert!(cells.contains(&"'-1 + @SUM(A1:A2) starts like a formula too"));
    // Other text comes back exactly, newlines and all.
    for (_, q) in cards
        .iter()
        .filter(|(id, _)| id.ends_with("newlines") || id.ends_with("script"))
    {
        assert!(cells.contains(&q.as_str()), "{q:?}");
    }
}

#[test]
fn json_round_trips_card_text() {
    let (env, cards) = hostile();
    let r = env.json(&["report", "--format", "json"]);
    let listed: Vec<(String, String)> = r["topics"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["weakest_cards"].as_array().unwrap().clone())
        .map(|c| {
            (
                c["id"].as_str().unwrap().into(),
                c["q"].as_str().unwrap().into(),
            )
        })
        .collect();
    for card in &cards {
        assert!(listed.contains(card), "{card:?}");
    }
}

/// Pipes not escaped by a backslash (a pipe after an odd run of backslashes is escaped).
fn cell_pipes(line: &str) -> usize {
    let mut n = 0;
    let mut backslashes = 0;
    for c in line.chars() {
        if c == '|' && backslashes % 2 == 0 {
            n += 1;
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
    }
    n
}

#[test]
fn markdown_escapes_pipes_markup_and_newlines() {
    let (env, _) = hostile();
    let md = env.ok(&["report", "--format", "md"], "");
    // Every row of a table has as many unescaped pipes as its header row.
    let mut rows = 0;
    let mut header: Option<usize> = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            header = None;
            continue;
        }
        let pipes = cell_pipes(line);
        match header {
            None => header = Some(pipes),
            Some(expected) => assert_eq!(pipes, expected, "{line}"),
        }
        rows += 1;
    }
    assert!(rows >= 10, "{md}");
    assert!(!md.contains("<script>"), "{md}");
    assert!(md.contains(r"\<script\>alert(1)\</script\>"));
    assert!(md.contains(
        r"\| pipes \| in a \*Markdown\* \_table\_ \[link\](http://x) \`code\` \\ backslash \|"
    ));
    assert!(
        md.contains("First line of the question, second line, and a fourth after an empty one?")
    );
}

#[test]
fn table_fits_80_columns_even_with_hostile_text() {
    let (env, _) = hostile();
    for args in [
        &["report"][..],
        &["stats"],
        &["stats", "--phase", "1"],
        &["mastery"],
    ] {
        let out = env.ok(args, "");
        for line in out.lines() {
            assert!(line.chars().count() <= 80, "{args:?}: {line:?}");
        }
    }
    let builtin = TestEnv::builtin();
    let out = builtin.ok(&["report"], "");
    for line in out.lines() {
        assert!(line.chars().count() <= 80, "{line:?}");
    }
}

#[test]
fn out_to_a_directory_fails_with_exit_2_and_creates_nothing() {
    let env = TestEnv::mini();
    let target = env.dir.path().join("reports");
    std::fs::create_dir(&target).unwrap();
    let before = listing(env.dir.path());
    let err = env.fails(
        &[
            "report",
            "--format",
            "html",
            "--out",
            target.to_str().unwrap(),
        ],
        2,
    );
    assert!(err.contains("--out must name a file"), "{err}");
    let slash = format!("{}/", env.dir.path().join("missing").display());
    env.fails(&["report", "--out", &slash], 2);
    assert_eq!(listing(env.dir.path()), before, "nothing may be created");
    assert!(!env.db().exists());
    // A file in a folder that does not exist is a runtime failure, and leaves nothing.
    let nowhere = env.dir.path().join("no/such/dir/report.md");
    env.fails(&["report", "--out", nowhere.to_str().unwrap()], 1);
    assert!(!env.dir.path().join("no").exists());
}

fn listing(dir: &std::path::Path) -> Vec<String> {
    let mut out: Vec<String> = walk(dir)
        .into_iter()
        .map(|p| p.strip_prefix(dir).unwrap().display().to_string())
        .collect();
    out.sort();
    out
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut all = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            all.extend(walk(&p));
        }
        all.push(p);
    }
    all
}

#[test]
fn out_writes_the_report_file_and_replaces_an_old_one() {
    let env = history();
    let path = env.dir.path().join("report.md");
    std::fs::write(&path, "old").unwrap();
    let said = env.ok(
        &["report", "--format", "md", "--out", path.to_str().unwrap()],
        "",
    );
    assert!(said.starts_with("wrote "), "{said}");
    let stdout = env.ok(&["report", "--format", "md"], "");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), stdout);
    let names = listing(env.dir.path());
    assert!(
        !names.iter().any(|n| n.ends_with(".tmp")),
        "temporary file left: {names:?}"
    );
}

#[test]
fn mastery_checks_an_item_once_every_card_is_mature_with_a_last_grade_of_4() {
    let mut env = TestEnv::mini();
    // alpha/one (mastery:unionfs-layers) graded 5 on each due day: 1, 6, 17, then 50 days.
    for day in ["2026-01-01", "2026-01-02", "2026-01-08"] {
        env.on(day);
        env.ok(&["grade", "alpha/one", "5"], "");
    }
    let m = env.json(&["mastery", "--json"]);
    let item = &m["items"][0];
    assert_eq!(item["id"], "unionfs-layers");
    assert_eq!(
        item["label"],
        "Explain Docker UnionFS and why image layers matter for build speed and storage"
    );
    assert_eq!(
        (item["linked"].as_u64(), item["mature"].as_u64()),
        (Some(1), Some(0))
    );
    assert_eq!(item["done"], false);
    assert_eq!(item["cards"][0]["status"], "young");

    env.on("2026-01-25");
    env.ok(&["grade", "alpha/one", "5"], "");
    let m = env.json(&["mastery", "--json"]);
    let item = &m["items"][0];
    assert_eq!(item["done"], true);
    assert_eq!(m["done"], 1);
    assert_eq!(
        item["cards"][0],
        json!({"id": "alpha/one", "q": "Alpha question one?", "status": "mature",
               "interval_days": 50, "mature": true, "last_grades": [5, 5, 5],
               "last_review": "2026-01-25", "ready": true})
    );
    let text = env.ok(&["mastery"], "");
    assert!(text.contains("[✓]  1. Explain Docker UnionFS"), "{text}");
    assert!(text.contains("[ ]  2. Authenticate to ECR"), "{text}");

    // A pass of 3 keeps the card mature (138 days) but the last grade is below 4.
    env.on("2026-03-16");
    env.ok(&["grade", "alpha/one", "3"], "");
    let m = env.json(&["mastery", "--json"]);
    assert_eq!(m["items"][0]["done"], false);
    assert_eq!(m["items"][0]["mature"], 1);
    assert_eq!(m["items"][0]["cards"][0]["last_grades"], json!([5, 5, 3]));
    // An undone grade does not count as the last one.
    env.ok(&["undo"], "");
    assert_eq!(env.json(&["mastery", "--json"])["items"][0]["done"], true);
}

/// A card failed on every review since it was new has no SM-2 lapse, yet it is the weakest
/// card of its topic: the report ranks weakest cards by failures.
#[test]
fn a_card_failed_since_new_leads_its_topics_weakest_cards() {
    let mut env = TestEnv::mini();
    for day in ["2026-01-05", "2026-01-06", "2026-01-07"] {
        env.on(day);
        env.ok(&["grade", "alpha/two", "0"], "");
        env.ok(&["grade", "alpha/one", "4"], "");
    }
    let r = env.json(&["report", "--format", "json"]);
    let weakest = &topic(&r, "alpha")["weakest_cards"];
    assert_eq!(weakest[0]["id"], "alpha/two", "{weakest}");
    assert_eq!(
        (
            weakest[0]["failures"].as_u64(),
            weakest[0]["lapses"].as_u64()
        ),
        (Some(3), Some(0))
    );
    assert_eq!(weakest[1]["failures"].as_u64(), Some(0));
}
