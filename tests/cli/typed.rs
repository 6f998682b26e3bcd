//! `drill --type` and `quiz --type` through the line protocol: the typed answer is the lines up
//! to an empty line, the key terms it hit and missed are listed, an empty line accepts the
//! suggested grade and a digit overrides it; the grade recorded is the one accepted.

use crate::common::{TestEnv, review_rows};

/// Three cards with four key terms each, in a deck of the test's own.
pub fn env() -> TestEnv {
    let mut env = TestEnv::mini();
    let dir = env.dir.path().join("typed-decks");
    std::fs::create_dir_all(&dir).unwrap();
    let mut deck = String::from(
        "[topic]\nphase = 0\norder = 1\nslug = \"k\"\ntitle = \"Keys\"\nsource = \"k.md\"\n",
    );
    for (id, answer, keys) in [
        (
            "container",
            "A process from an image, fenced by namespaces and cgroups, on the host kernel.",
            r#"["process", "namespaces", "cgroups|control group", "host kernel|shared kernel"]"#,
        ),
        (
            "roles",
            "The execution role pulls the image and reads secrets; the task role signs app calls.",
            r#"["execution role", "pull", "secrets", "task role"]"#,
        ),
        (
            "deploys",
            "Rolling updates, blue/green with CodeDeploy or natively, canary and linear shifts.",
            r#"["rolling", "blue/green", "canary", "linear"]"#,
        ),
    ] {
        deck += &format!(
            "\n[[card]]\nid = \"{id}\"\nkind = \"qa\"\nq = \"Question {id}?\"\na = \"{answer}\"\nkeys = {keys}\n"
        );
    }
    std::fs::write(dir.join("k.toml"), deck).unwrap();
    env.decks = vec![dir];
    env
}

fn grades(env: &TestEnv) -> Vec<(String, u8, String)> {
    review_rows(&env.db())
        .into_iter()
        .map(|(id, grade, mode, _)| (id, grade, mode))
        .collect()
}

#[test]
fn drill_type_suggests_a_grade_that_an_empty_line_accepts() {
    let env = env();
    let input = concat!(
        // all four key terms, over two lines, in other forms (plural, hyphen, case)
        "A Process in its own namespaces\nwith control-groups on the shared kernel\n\n",
        "\n", // accept the suggestion (4)
        // two of four: half counts as most
        "the task role and secrets\n\n",
        "\n", // accept (3)
        // one of four, overridden
        "rolling\n\n",
        "5\n",
    );
    let out = env.ok(&["drill", "--type", "--limit", "3"], input);
    assert!(
        out.contains("Type each answer; an empty line checks it"),
        "{out}"
    );
    assert!(
        out.contains("  A [Process] in its own [namespaces]\n  with [control-groups] on the [shared kernel]\n"),
        "{out}"
    );
    assert!(out.contains("Key terms: 4 of 4 in your answer"), "{out}");
    assert!(
        out.contains("Suggested grade: 4 (an empty line accepts it"),
        "{out}"
    );
    assert!(out.contains("Key terms: 2 of 4 in your answer\n  ✗ execution role\n  ✗ pull\n  ✓ secrets\n  ✓ task role\nSuggested grade: 3"), "{out}");
    assert!(out.contains("Key terms: 1 of 4 in your answer"), "{out}");
    assert!(out.contains("Suggested grade: 1"), "{out}");
    assert!(
        out.contains("grade 0-5 (empty line: 1), m more, u undo, q quit"),
        "{out}"
    );
    assert_eq!(
        grades(&env),
        [
            ("k/container".to_string(), 4, "drill".to_string()),
            ("k/roles".to_string(), 3, "drill".to_string()),
            ("k/deploys".to_string(), 5, "drill".to_string()),
        ]
    );
}

#[test]
fn quiz_type_records_what_is_accepted_and_q_quits_at_a_question() {
    let env = env();
    // The quiz draws in a seeded order; whichever card comes first, typing nothing gives a
    // suggestion of 1, which an empty line accepts. `q` alone then quits at the next question.
    let out = env.ok(
        &["quiz", "--type", "--record", "--count", "3", "--seed", "7"],
        "\n\nq\n",
    );
    assert!(out.contains("  (nothing typed)"), "{out}");
    assert!(out.contains("Key terms: 0 of 4 in your answer"), "{out}");
    let rows = grades(&env);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!((rows[0].1, rows[0].2.as_str()), (1, "quiz"));
    // A grade of 1 moved the schedule (--record): the card is due tomorrow.
    let card = env.card(&rows[0].0);
    assert_eq!(card["state"]["interval_days"], 1, "{card}");
}

#[test]
fn without_type_the_line_protocol_is_unchanged() {
    let env = env();
    let out = env.ok(&["drill", "--limit", "1"], "\n4\n");
    assert!(out.contains("Enter reveals"), "{out}");
    assert!(!out.contains("Key terms"), "{out}");
    assert!(
        out.contains(
            "A: A process from an image, fenced by namespaces and cgroups, on the host kernel.\n"
        ),
        "plain answer, no marks: {out}"
    );
    assert_eq!(grades(&env)[0].1, 4);
    let show = env.ok(&["show", "k/container"], "");
    assert!(
        show.contains(
            "Key terms: process · namespaces · cgroups|control group · host kernel|shared kernel\n"
        ),
        "{show}"
    );
}
