//! The built-in decks: schema minimums, answer limits, key terms, unique ids, near-duplicates,
//! coverage of the curriculum, and our-own-words.

use crate::common::{
    TestEnv, count_questions_and_gotchas, curriculum, curriculum_topics, prose_words, shingles,
};
use ecsdrill::answer_check::key_spans;
use ecsdrill::deck::{self, DeckSources, Kind, MASTERY_IDS};
use std::collections::{BTreeMap, HashSet};
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
        }
    }
}

/// The most words an answer may have: what an interviewer listens for, gradable in seconds
/// (everything else goes to `more`).
fn answer_limit(kind: Kind) -> usize {
    match kind {
        Kind::Qa | Kind::Gotcha => 50,
        Kind::Scenario => 80,
    }
}

#[test]
fn every_answer_fits_its_limit() {
    let mut long = Vec::new();
    for d in builtin() {
        for c in &d.cards {
            let words = c.a.split_whitespace().count();
            if words > answer_limit(c.kind) {
                long.push(format!(
                    "{}/{} ({}): {words} words, limit {}",
                    d.topic.slug,
                    c.id,
                    c.kind.as_str(),
                    answer_limit(c.kind)
                ));
            }
        }
    }
    assert!(
        long.is_empty(),
        "answers over the limit:\n{}",
        long.join("\n")
    );
}

#[test]
fn every_card_has_key_terms_that_its_answer_contains() {
    let mut problems = Vec::new();
    for d in builtin() {
        for c in &d.cards {
            let id = format!("{}/{}", d.topic.slug, c.id);
            if !(2..=5).contains(&c.keys.len()) {
                problems.push(format!("{id}: {} key terms (need 2-5)", c.keys.len()));
            }
            for key in &c.keys {
                if key_spans(&c.a, std::slice::from_ref(key)).is_empty() {
                    problems.push(format!("{id}: key {key:?} is not in the answer"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn card_ids_are_unique_across_decks() {
    let mut topics_of: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for d in builtin() {
        for c in &d.cards {
            topics_of
                .entry(c.id.clone())
                .or_default()
                .push(d.topic.slug.clone());
        }
    }
    let twice: Vec<String> = topics_of
        .iter()
        .filter(|(_, topics)| topics.len() > 1)
        .map(|(id, topics)| format!("{id}: {}", topics.join(", ")))
        .collect();
    assert!(twice.is_empty(), "ids in two places:\n{}", twice.join("\n"));
}

/// Two cards of different topics whose content words of q + a overlap this much (Jaccard) or
/// more ask the same fact twice, unless the exceptions file says why they do not. Measured on
/// the decks before the cards-v2 rewrite: this flags 51 of 126,414 cross-topic pairs, and 16 of
/// the 38 pairs the content review merged scored at or above it (those pairs ranged from 0.10
/// to 0.46). So it is a tripwire with few false alarms, not a full detector: a repeat worded
/// differently passes it, and review still has to catch those. 0.25 would have caught 27 of
/// the 38, at the cost of 117 flagged pairs instead of 51 (29 instead of 7 after the rewrite).
const NEAR_DUPLICATE: f64 = 0.30;

/// Words that carry no fact: the overlap counts only the others (and only words of 3+ letters).
const STOP_WORDS: &str = "a an the and or of to in on for with is are be by it its this that as at \
    from if not no but so then than when what which who how why do does can you your their they \
    we our i into out over under via per about after before both each other any all more most \
    will would should could may might must has have had was were been being there here also \
    only just use used uses using";

/// Lower-cased words of 3+ characters (letters, digits, apostrophes), minus stop words.
fn content_words(text: &str) -> HashSet<String> {
    let stop: HashSet<&str> = STOP_WORDS.split_whitespace().collect();
    text.to_lowercase()
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '\''))
        .filter(|w| w.len() > 2 && !stop.contains(w))
        .map(str::to_string)
        .collect()
}

fn jaccard(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

/// The justified exceptions: `topic/card ~ topic/card: reason`, `#` comments.
fn near_duplicate_exceptions() -> Vec<(String, String, String)> {
    let path = crate::common::fixture("near-duplicate-exceptions.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (pair, reason) = l
                .split_once(": ")
                .unwrap_or_else(|| panic!("no `: reason` in {l:?}"));
            let (a, b) = pair
                .split_once(" ~ ")
                .unwrap_or_else(|| panic!("no `a ~ b` pair in {l:?}"));
            assert!(!reason.trim().is_empty(), "no reason in {l:?}");
            (a.to_string(), b.to_string(), reason.to_string())
        })
        .collect()
}

#[test]
fn no_fact_is_drilled_twice_across_topics() {
    let cards: Vec<(String, String, HashSet<String>)> = builtin()
        .iter()
        .flat_map(|d| {
            d.cards.iter().map(|c| {
                (
                    d.topic.slug.clone(),
                    format!("{}/{}", d.topic.slug, c.id),
                    content_words(&format!("{} {}", c.q, c.a)),
                )
            })
        })
        .collect();
    let exceptions = near_duplicate_exceptions();
    let excused = |a: &str, b: &str| {
        exceptions
            .iter()
            .any(|(x, y, _)| (x == a && y == b) || (x == b && y == a))
    };
    let mut over = Vec::new();
    let mut pairs_over = HashSet::new();
    for (i, (topic_a, a, words_a)) in cards.iter().enumerate() {
        for (topic_b, b, words_b) in &cards[i + 1..] {
            let j = jaccard(words_a, words_b);
            if topic_a != topic_b && j >= NEAR_DUPLICATE {
                pairs_over.insert((a.clone(), b.clone()));
                if !excused(a, b) {
                    over.push(format!("{j:.2} {a} ~ {b}"));
                }
            }
        }
    }
    assert!(
        over.is_empty(),
        "near-duplicate cards (merge them, ask a different question, or list the pair with a \
         reason in tests/fixtures/near-duplicate-exceptions.txt):\n{}",
        over.join("\n")
    );
    // The list stays honest: every exception is a pair of real cards still over the threshold.
    let stale: Vec<String> = exceptions
        .iter()
        .filter(|(a, b, _)| {
            !pairs_over.contains(&(a.clone(), b.clone()))
                && !pairs_over.contains(&(b.clone(), a.clone()))
        })
        .map(|(a, b, _)| format!("{a} ~ {b}"))
        .collect();
    assert!(
        stale.is_empty(),
        "exceptions no longer needed (remove them):\n{}",
        stale.join("\n")
    );
}

#[test]
fn near_duplicate_measure_counts_content_words_only() {
    let a = content_words("What is the task role? The task role signs AWS calls.");
    assert_eq!(
        a,
        ["task", "role", "signs", "aws", "calls"]
            .map(String::from)
            .into()
    );
    let b = content_words("Which role signs the app's AWS calls?");
    assert!(b.contains("app's"));
    // {task, role, signs, aws, calls} vs {role, signs, app's, aws, calls}: 4 shared of 6.
    assert!((jaccard(&a, &b) - 4.0 / 6.0).abs() < 1e-9);
    assert_eq!(jaccard(&HashSet::new(), &HashSet::new()), 0.0);
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
