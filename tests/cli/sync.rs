//! Decks are read only when they changed (a stored `stat` fingerprint): every kind of edit
//! between two runs must still be seen, and unchanged decks must still answer id checks.

use crate::common::{TestEnv, fixture};
use std::path::PathBuf;

/// A mini environment whose deck folder is a copy the test may edit.
fn editable() -> (TestEnv, PathBuf) {
    let mut env = TestEnv::mini();
    let decks = env.dir.path().join("decks");
    std::fs::create_dir_all(&decks).unwrap();
    for name in ["alpha.toml", "beta.toml"] {
        std::fs::copy(fixture(&format!("decks/mini/{name}")), decks.join(name)).unwrap();
    }
    env.decks = vec![decks.clone()];
    (env, decks)
}

fn card_ids(env: &TestEnv) -> Vec<String> {
    env.json(&["cards", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_deck_edit_between_runs_is_seen() {
    let (env, decks) = editable();
    let alpha = decks.join("alpha.toml");
    env.ok(&["status"], "");
    // Unchanged decks: the database answers the id and topic checks.
    let err = env.fails(&["grade", "alpha/four", "4"], 2);
    assert!(err.contains("unknown card id: alpha/four"), "{err}");
    let err = env.fails(&["drill", "--topic", "gamma"], 2);
    assert!(err.contains("unknown topic: gamma"), "{err}");

    // A card added.
    let mut text = std::fs::read_to_string(&alpha).unwrap();
    text += "\n[[card]]\nid = \"four\"\nkind = \"qa\"\nq = \"Alpha question four?\"\na = \"Alpha answer four.\"\n";
    std::fs::write(&alpha, &text).unwrap();
    env.ok(&["grade", "alpha/four", "4"], "");

    // An answer edited in place, same length.
    std::fs::write(
        &alpha,
        text.replace("Alpha answer four.", "Alpha answer 4!!!."),
    )
    .unwrap();
    assert_eq!(env.card("alpha/four")["a"], "Alpha answer 4!!!.");

    // A deck removed: its cards leave the queue and the id checks.
    std::fs::remove_file(decks.join("beta.toml")).unwrap();
    let ids = card_ids(&env);
    assert!(ids.iter().all(|id| id.starts_with("alpha/")), "{ids:?}");
    assert_eq!(ids.len(), 4);
    env.fails(&["grade", "beta/one", "4"], 2);

    // A deck broken after the database exists: refused, and the last good sync stays.
    std::fs::write(&alpha, "[topic\n").unwrap();
    env.fails(&["status"], 2);
    std::fs::write(&alpha, &text).unwrap();
    assert_eq!(card_ids(&env).len(), 4);
}
