//! The built-in decks: schema minimums, coverage of the curriculum, and our-own-words.

use crate::common::{
    TestEnv, count_questions_and_gotchas, curriculum, curriculum_topics, prose_words, shingles,
};
use ecsdrill::deck::{self, DeckSources, Kind, MASTERY_IDS};
use std::path::Path;

fn builtin() -> Vec<ecsdrill::deck::Deck> {
    deck::load(&DeckSources {
        builtin: true,
        paths: vec![],
    })
    .expect("built-in decks validate")
    .decks
}

#[test]
fn every_topic_meets_the_minimums() {
    let decks = builtin();
    let per_phase: Vec<usize> = (0..=4)
        .map(|p| decks.iter().filter(|d| d.topic.phase == p).count())
        .collect();
    assert_eq!(
        per_phase,
        vec![6, 6, 7, 8, 5],
        "one deck per curriculum topic"
    );
    for d in &decks {
        let count = |k: Kind| d.cards.iter().filter(|c| c.kind == k).count();
        assert!(d.cards.len() >= 10, "{}: {} cards", d.origin, d.cards.len());
        assert!(count(Kind::Qa) >= 3, "{}: too few qa cards", d.origin);
        assert!(
            count(Kind::Gotcha) >= 3,
            "{}: too few gotcha cards",
            d.origin
        );
        let expected = format!(
            "decks/phase-{}/{:02}-{}.toml",
            d.topic.phase, d.topic.order, d.topic.slug
        );
        assert_eq!(d.origin, expected, "file name follows phase/order/slug");
        for c in &d.cards {
            assert!(c.level.is_some(), "{}/{}: no level", d.topic.slug, c.id);
            let words = c.a.split_whitespace().count();
            assert!(
                words <= 100,
                "{}/{}: answer has {words} words",
                d.topic.slug,
                c.id
            );
        }
    }
}

#[test]
fn every_mastery_item_has_cards() {
    let decks = builtin();
    for id in MASTERY_IDS {
        let tag = format!("mastery:{id}");
        let n = decks
            .iter()
            .flat_map(|d| &d.cards)
            .filter(|c| c.tags.contains(&tag))
            .count();
        assert!(n >= 1, "no card proves {tag}");
    }
}

#[test]
fn decks_cover_every_curriculum_question_and_gotcha() {
    let Some(root) = curriculum() else { return };
    let decks = builtin();
    let topics = curriculum_topics(&root);
    assert_eq!(topics.len(), 32);
    for file in topics {
        let rel = file
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let deck = decks
            .iter()
            .find(|d| d.topic.source == rel)
            .unwrap_or_else(|| panic!("no deck has source = {rel:?}"));
        let (questions, gotchas) =
            count_questions_and_gotchas(&std::fs::read_to_string(&file).unwrap());
        let asked = deck.cards.iter().filter(|c| c.kind != Kind::Gotcha).count();
        let gotcha_cards = deck.cards.iter().filter(|c| c.kind == Kind::Gotcha).count();
        assert!(
            asked >= questions,
            "{rel}: {questions} questions, {asked} qa/scenario cards"
        );
        assert!(
            gotcha_cards >= gotchas,
            "{rel}: {gotchas} gotchas, {gotcha_cards} gotcha cards"
        );
    }
}

#[test]
fn no_deck_shares_an_8_word_run_with_the_curriculum() {
    let Some(root) = curriculum() else { return };
    let mut theirs = std::collections::HashSet::new();
    for file in curriculum_topics(&root)
        .into_iter()
        .chain([root.join("README.md")])
    {
        theirs.extend(shingles(
            &prose_words(&std::fs::read_to_string(file).unwrap()),
            8,
        ));
    }
    let decks_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("decks");
    let mut copied = Vec::new();
    for file in deck::toml_files(&decks_dir).unwrap().files {
        let text = std::fs::read_to_string(&file).unwrap();
        // `source` names a curriculum file by its path: a reference, not prose.
        let prose: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("source"))
            .collect::<Vec<_>>()
            .join("\n");
        for run in shingles(&prose_words(&prose), 8).intersection(&theirs) {
            copied.push(format!("{}: \"{run}\"", file.display()));
        }
    }
    assert!(
        copied.is_empty(),
        "restate these in our words:\n{}",
        copied.join("\n")
    );
}

#[test]
fn curriculum_counter_sees_each_format() {
    let text = "# T\n## Gotchas & Edge Cases\n### One\ntext\n### Two\n## Interview Angle\n**Q: a?**\n> b\n**Q: c?**\n```\n### not a heading\n```\n## EDGE CASE 1: x\n### Causes\n## Question Bank\n## FUNDAMENTALS\n### Q1: \"d?\"\n";
    assert_eq!(count_questions_and_gotchas(text), (3, 3));
}

#[test]
fn every_builtin_topic_is_drillable_and_listed() {
    let env = TestEnv::builtin();
    let listed = env.json(&["decks", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 32);
    let out = env.ok(
        &["drill", "--topic", "ecs-security-model", "--limit", "1"],
        "\n4\n",
    );
    assert!(out.contains("Phase 2 · "), "{out}");
    assert_eq!(
        crate::common::review_rows(&env.db())[0].0.split('/').next(),
        Some("ecs-security-model")
    );
}
