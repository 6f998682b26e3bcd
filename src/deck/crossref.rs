//! Checks that span deck files: a card id is used by one built-in card only, and every
//! `replaces` entry names a card that has left the loaded decks and that no other card claims.
//!
//! A card's full id `<slug>/<id>` is unique as soon as slugs are. In the built-in decks the
//! short id must be unique too: the same id in two topics there was always the same fact asked
//! twice. Your own decks may reuse a short id in different topics (`basics`, `one`): they are
//! told apart by their full ids.

use super::{Deck, DeckText};
use crate::error::Located;
use std::collections::{HashMap, HashSet};

/// Byte offset of the `id = "<id>"` line of a card in a deck file's text (0 when not found,
/// e.g. an id written with escapes).
fn id_offset(text: &str, id: &str) -> usize {
    let quoted = format!("\"{id}\"");
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix("id")
            && rest.trim_start().starts_with('=')
            && rest.contains(&quoted)
        {
            return offset + line.find(&quoted).map_or(0, |i| i + 1);
        }
        offset += line.len();
    }
    0
}

/// Byte offset of the quoted `replaces` entry `full_id` of the card `id` (the first one after
/// that card's id line; the id line itself when not found).
fn replaces_offset(text: &str, id: &str, full_id: &str) -> usize {
    let start = id_offset(text, id);
    text[start..]
        .find(&format!("\"{full_id}\""))
        .map_or(start, |i| start + i + 1)
}

/// Where a card stands, as `file:line:col`.
fn place(deck: &Deck, text: &str, id: &str) -> String {
    let l = Located::at(&deck.origin, text, id_offset(text, id), "");
    format!("{}:{}:{}", l.file, l.line, l.col)
}

/// Every cross-deck problem of `decks` (each with the index of its text in `texts`; the first
/// `builtin_count` texts are the built-in decks). Decks whose slug an earlier deck already
/// defines are left out: that clash is reported on its own, and checking their cards too would
/// only repeat it card by card.
pub(super) fn check(
    decks: &[(Deck, usize)],
    texts: &[DeckText],
    builtin_count: usize,
) -> Vec<Located> {
    let mut slugs: HashSet<&str> = HashSet::new();
    let decks: Vec<(&Deck, &str, bool)> = decks
        .iter()
        .filter(|(d, _)| slugs.insert(d.topic.slug.as_str()))
        .map(|(d, i)| (d, texts[*i].text.as_str(), *i < builtin_count))
        .collect();
    let mut problems = Vec::new();

    // Short ids of built-in cards: the first card using an id owns it; each later one is a
    // problem at its own line, naming the first.
    let mut owner: HashMap<&str, (&Deck, &str)> = HashMap::new();
    for &(deck, text, _) in decks.iter().filter(|(_, _, builtin)| *builtin) {
        for card in &deck.cards {
            match owner.get(card.id.as_str()) {
                Some(&(first, first_text)) => problems.push(Located::at(
                    &deck.origin,
                    text,
                    id_offset(text, &card.id),
                    format!(
                        "card id {:?} is also used in topic {:?} ({}); card ids must be unique across decks",
                        card.id,
                        first.topic.slug,
                        place(first, first_text, &card.id)
                    ),
                )),
                None => {
                    owner.insert(&card.id, (deck, text));
                }
            }
        }
    }

    let live: HashMap<String, (&Deck, &str, &str)> = decks
        .iter()
        .flat_map(|&(deck, text, _)| {
            deck.cards.iter().map(move |c| {
                (
                    format!("{}/{}", deck.topic.slug, c.id),
                    (deck, text, c.id.as_str()),
                )
            })
        })
        .collect();
    let mut claimed: HashMap<&str, String> = HashMap::new();
    for &(deck, text, _) in &decks {
        for card in &deck.cards {
            let me = format!("{}/{}", deck.topic.slug, card.id);
            for old in &card.replaces {
                let offset = replaces_offset(text, &card.id, old);
                let at = |msg: String| Located::at(&deck.origin, text, offset, msg);
                if let Some(&(d, t, id)) = live.get(old.as_str()) {
                    problems.push(at(format!(
                        "{me} replaces {old:?}, which is still a card ({}); a replaced card must have left the decks",
                        place(d, t, id)
                    )));
                } else if let Some(first) = claimed.get(old.as_str()) {
                    problems.push(at(format!(
                        "{me} replaces {old:?}, which {first} already replaces; one card inherits a history"
                    )));
                } else {
                    claimed.insert(old, me.clone());
                }
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::schema;

    fn deck(slug: &str, cards: &[(&str, &[&str])]) -> String {
        let mut s = format!(
            "[topic]\nphase = 0\norder = 1\nslug = \"{slug}\"\ntitle = \"T\"\nsource = \"s.md\"\n"
        );
        for (id, replaces) in cards {
            s += &format!("\n[[card]]\nid    = \"{id}\"\nkind  = \"qa\"\nq = \"q\"\na = \"a\"\n");
            if !replaces.is_empty() {
                let list: Vec<String> = replaces.iter().map(|r| format!("\"{r}\"")).collect();
                s += &format!("replaces = [{}]\n", list.join(", "));
            }
        }
        s
    }

    /// The problems of `files`, all loaded as built-in decks.
    fn problems(files: &[(&str, String)]) -> Vec<String> {
        problems_as(files, true)
    }

    fn problems_as(files: &[(&str, String)], builtin: bool) -> Vec<String> {
        let texts: Vec<DeckText> = files
            .iter()
            .map(|(origin, text)| DeckText {
                origin: origin.to_string(),
                text: text.clone(),
            })
            .collect();
        let decks: Vec<(Deck, usize)> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (schema::parse(&t.origin, &t.text).unwrap(), i))
            .collect();
        check(&decks, &texts, if builtin { texts.len() } else { 0 })
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn a_card_id_used_in_two_decks_names_both_places() {
        let p = problems(&[
            ("a.toml", deck("alpha", &[("one", &[]), ("shared", &[])])),
            ("b.toml", deck("beta", &[("two", &[]), ("shared", &[])])),
        ]);
        assert_eq!(
            p,
            [
                "card id \"shared\" is also used in topic \"alpha\" (a.toml:15:10); card ids must be unique across decks: b.toml:15:10"
            ]
        );
    }

    #[test]
    fn your_own_decks_may_reuse_a_short_id_in_another_topic() {
        let files = [
            ("a.toml", deck("alpha", &[("one", &[])])),
            ("b.toml", deck("beta", &[("one", &[])])),
        ];
        assert!(problems_as(&files, false).is_empty());
        assert_eq!(problems(&files).len(), 1, "the same decks as built-ins");
    }

    #[test]
    fn replaces_must_name_a_card_that_left_and_only_once() {
        let ok = problems(&[
            (
                "a.toml",
                deck("alpha", &[("new", &["alpha/old", "beta/gone"])]),
            ),
            ("b.toml", deck("beta", &[("kept", &[])])),
        ]);
        assert!(ok.is_empty(), "{ok:?}");

        let p = problems(&[
            ("a.toml", deck("alpha", &[("new", &["beta/kept"])])),
            ("b.toml", deck("beta", &[("kept", &[])])),
        ]);
        assert_eq!(p.len(), 1);
        assert!(
            p[0].starts_with(
                "alpha/new replaces \"beta/kept\", which is still a card (b.toml:9:10)"
            ) && p[0].ends_with("a.toml:13:14"),
            "{p:?}"
        );

        let p = problems(&[
            ("a.toml", deck("alpha", &[("one", &["alpha/old"])])),
            ("b.toml", deck("beta", &[("two", &["alpha/old"])])),
        ]);
        assert_eq!(
            p,
            [
                "beta/two replaces \"alpha/old\", which alpha/one already replaces; one card inherits a history: b.toml:13:14"
            ]
        );
    }

    #[test]
    fn a_second_claim_in_the_same_file_points_at_its_own_line() {
        let p = problems(&[(
            "a.toml",
            deck("alpha", &[("one", &["x/old"]), ("two", &["x/old"])]),
        )]);
        assert_eq!(p.len(), 1);
        assert!(p[0].ends_with("a.toml:20:14"), "{p:?}");
    }

    #[test]
    fn a_deck_with_a_clashing_slug_is_not_checked_card_by_card() {
        let same = deck("alpha", &[("one", &[])]);
        assert!(problems(&[("a.toml", same.clone()), ("b.toml", same)]).is_empty());
    }
}
