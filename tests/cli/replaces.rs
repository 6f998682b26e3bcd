//! `replaces`: a merged card inherits the history of the card it replaces, through the real
//! binary and a user deck edited between runs.

use crate::common::{TestEnv, review_rows};

fn deck(cards: &str) -> String {
    format!(
        "[topic]\nphase = 0\norder = 1\nslug = \"t\"\ntitle = \"T\"\nsource = \"s.md\"\n{cards}"
    )
}

const OLD: &str = "\n[[card]]\nid = \"old\"\nkind = \"qa\"\nq = \"Old question?\"\na = \"Old answer.\"\n\n[[card]]\nid = \"other\"\nkind = \"qa\"\nq = \"Other?\"\na = \"Other.\"\n";
const NEW: &str = "\n[[card]]\nid = \"new\"\nkind = \"qa\"\nq = \"New question?\"\na = \"New answer.\"\nreplaces = [\"t/old\"]\n\n[[card]]\nid = \"other\"\nkind = \"qa\"\nq = \"Other?\"\na = \"Other.\"\n";

fn schedule_line(show: &str) -> String {
    show.lines()
        .find(|l| l.starts_with("Schedule:"))
        .unwrap_or_else(|| panic!("no schedule in {show}"))
        .to_string()
}

#[test]
fn a_replacing_card_takes_over_history_and_schedule_once() {
    let mut env = TestEnv::mini();
    let dir = env.dir.path().join("decks");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("t.toml");
    std::fs::write(&file, deck(OLD)).unwrap();
    env.decks = vec![dir];

    env.on("2026-01-09").ok(&["grade", "t/old", "1"], "");
    env.on("2026-01-10").ok(&["grade", "t/old", "4"], "");
    env.on("2026-01-11").ok(&["grade", "t/old", "5"], "");
    let before = env.ok(&["show", "t/old"], "");
    assert!(
        schedule_line(&before).contains("reps 2 · lapses 0 · failures 1"),
        "{before}"
    );

    std::fs::write(&file, deck(NEW)).unwrap();
    env.ok(&["status"], ""); // any command syncs
    let after = env.ok(&["show", "t/new"], "");
    assert_eq!(
        schedule_line(&after),
        schedule_line(&before),
        "the schedule (failures included) moved over"
    );
    assert!(
        after.contains("2026-01-10") && after.contains("2026-01-11"),
        "{after}"
    );
    let rows: Vec<String> = review_rows(&env.db()).into_iter().map(|r| r.0).collect();
    assert_eq!(rows, ["t/new", "t/new", "t/new"]);
    let doctor = env.ok(&["doctor"], "");
    assert!(
        doctor.ends_with("healthy\n"),
        "every card = the replay of its log: {doctor}"
    );
    let old = env.fails(&["show", "t/old"], 2);
    assert!(old.contains("unknown card id: t/old"), "{old}");

    // Idempotent: grading the new card, then syncing a changed deck again, moves nothing.
    env.on("2026-01-20").ok(&["grade", "t/new", "3"], "");
    std::fs::write(&file, deck(NEW).replace("Other.", "Other, edited.")).unwrap();
    let graded = env.ok(&["show", "t/new"], "");
    assert_eq!(review_rows(&env.db()).len(), 4);
    assert!(schedule_line(&graded).contains("reps 3"), "{graded}");

    // Going back to the old deck: the old card returns as a new card; its history stays moved.
    std::fs::write(&file, deck(OLD)).unwrap();
    let old = env.ok(&["show", "t/old"], "");
    assert!(old.contains("No reviews yet."), "{old}");
    assert!(
        schedule_line(&old).contains("reps 0 · lapses 0 · failures 0"),
        "{old}"
    );
    assert!(env.ok(&["doctor"], "").ends_with("healthy\n"));
}
