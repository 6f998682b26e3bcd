//! `replaces`: when decks merge two cards into one, the kept card inherits the history of the
//! card it replaces, so the fact keeps its schedule instead of starting over.
//!
//! Runs inside the sync transaction, after every deck card is written. For a deck card that
//! lists `replaces = ["topic/old"]` and has no review of its own yet: the review rows of
//! `topic/old` are re-pointed to the new card (their ids stay, so exported copies still merge)
//! and take its topic, phase and kind; the new card takes the old card's schedule; the old
//! card, retired, goes back to the state of a card never reviewed, matching its now empty log.
//! When several replaced cards have a history, the one studied most recently carries over; the
//! others keep theirs on their retired cards. Once the new card has a history nothing moves
//! again, so a second sync changes nothing.

use crate::deck::DeckSet;
use rusqlite::{OptionalExtension, Transaction, params};

/// Carries histories over for every `replaces` of `set`.
pub(super) fn carry_histories(tx: &Transaction<'_>, set: &DeckSet) -> rusqlite::Result<()> {
    for deck in &set.decks {
        for card in deck.cards.iter().filter(|c| !c.replaces.is_empty()) {
            let new_id = format!("{}/{}", deck.topic.slug, card.id);
            if has_history(tx, &new_id)? {
                continue;
            }
            if let Some(old_id) = latest_studied(tx, &card.replaces)? {
                move_history(tx, &old_id, &new_id)?;
            }
        }
    }
    Ok(())
}

fn has_history(tx: &Transaction<'_>, id: &str) -> rusqlite::Result<bool> {
    tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM reviews WHERE card_id = ?1)",
        [id],
        |r| r.get(0),
    )
}

/// Of the retired cards among `ids`, the one with a history studied most recently.
fn latest_studied(tx: &Transaction<'_>, ids: &[String]) -> rusqlite::Result<Option<String>> {
    let list = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
    tx.query_row(
        "SELECT r.card_id FROM reviews r JOIN cards c ON c.id = r.card_id
         WHERE c.retired = 1 AND r.card_id IN (SELECT value FROM json_each(?1))
         GROUP BY r.card_id ORDER BY max(r.study_day) DESC, max(r.id) DESC LIMIT 1",
        [list],
        |r| r.get(0),
    )
    .optional()
}

fn move_history(tx: &Transaction<'_>, old_id: &str, new_id: &str) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE reviews SET card_id = c.id, topic = c.topic, phase = t.phase, kind = c.kind
         FROM cards c JOIN topics t ON t.slug = c.topic
         WHERE c.id = ?2 AND reviews.card_id = ?1",
        params![old_id, new_id],
    )?;
    tx.execute(
        "UPDATE cards SET (reps, interval_days, ease, due, lapses, last_review, failures) =
           (SELECT reps, interval_days, ease, due, lapses, last_review, failures
            FROM cards WHERE id = ?1)
         WHERE id = ?2",
        params![old_id, new_id],
    )?;
    tx.execute(
        "UPDATE cards SET reps = 0, interval_days = 0, ease = 250, due = NULL, lapses = 0,
           last_review = NULL, failures = 0
         WHERE id = ?1",
        [old_id],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::deck::{DeckSet, schema};
    use crate::store::Store;

    fn set(cards: &[(&str, &str)]) -> DeckSet {
        let mut text = String::from(
            "[topic]\nphase = 1\norder = 1\nslug = \"t\"\ntitle = \"T\"\nsource = \"s.md\"\n",
        );
        for (id, replaces) in cards {
            text += &format!("[[card]]\nid = \"{id}\"\nkind = \"qa\"\nq = \"q\"\na = \"a\"\n");
            if !replaces.is_empty() {
                text += &format!("replaces = [{replaces}]\n");
            }
        }
        DeckSet {
            decks: vec![schema::parse("d.toml", &text).unwrap()],
            hash: text,
            skipped_links: vec![],
        }
    }

    fn review(store: &Store, card: &str, day: &str, interval: u32) {
        store
            .conn
            .execute(
                "INSERT INTO reviews (reviewed_at, study_day, card_id, phase, topic, kind, grade,
                   mode, scheduled, old_reps, old_interval, old_ease, old_lapses, old_suspended,
                   new_reps, new_interval, new_ease, new_due, new_lapses)
                 VALUES (?2 || 'T09:00:00Z', ?2, ?1, 0, 'x', 'gotcha', 4, 'drill', 1, 0, 0, 250,
                   0, 0, 1, ?3, 250, ?2, 0)",
                rusqlite::params![card, day, interval],
            )
            .unwrap();
        store
            .conn
            .execute(
                "UPDATE cards SET reps = reps + 1, interval_days = ?3, due = ?2, last_review = ?2
                 WHERE id = ?1",
                rusqlite::params![card, day, interval],
            )
            .unwrap();
    }

    fn log(store: &Store, card: &str) -> Vec<(String, u8, String)> {
        let mut stmt = store
            .conn
            .prepare("SELECT study_day, phase, kind FROM reviews WHERE card_id = ?1 ORDER BY id")
            .unwrap();
        stmt.query_map([card], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    #[test]
    fn the_most_recently_studied_replaced_card_carries_over_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("db")).unwrap();
        store
            .sync(&set(&[("a", ""), ("b", ""), ("c", "")]))
            .unwrap();
        review(&store, "t/a", "2026-01-01", 1);
        review(&store, "t/b", "2026-01-02", 6);
        review(&store, "t/b", "2026-01-08", 15);

        // `new` replaces a, b and a card this database never saw.
        let merged = set(&[("c", ""), ("new", "\"t/a\", \"t/b\", \"t/never\"")]);
        assert!(store.sync(&merged).unwrap());
        let new = store.card("t/new").unwrap().unwrap();
        assert_eq!(
            (new.state.reps, new.state.interval_days),
            (2, 15),
            "b's schedule"
        );
        assert_eq!(new.state.due.unwrap().to_string(), "2026-01-08");
        assert_eq!(
            log(&store, "t/new"),
            [
                ("2026-01-02".to_string(), 1, "qa".to_string()),
                ("2026-01-08".to_string(), 1, "qa".to_string())
            ],
            "rows re-pointed and re-labelled with the new card's phase and kind"
        );
        let b = store.card("t/b").unwrap().unwrap();
        assert!(b.retired && b.state.is_new() && log(&store, "t/b").is_empty());
        assert_eq!(log(&store, "t/a").len(), 1, "a keeps its own history");

        // Idempotent: a changed deck set (new hash) moves nothing more.
        let mut again = merged.clone();
        again.hash += " ";
        assert!(store.sync(&again).unwrap());
        assert_eq!(log(&store, "t/new").len(), 2);
        assert_eq!(log(&store, "t/a").len(), 1);
        assert_eq!(store.card("t/new").unwrap().unwrap().state, new.state);
    }

    #[test]
    fn a_replacing_card_with_its_own_history_keeps_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("db")).unwrap();
        store.sync(&set(&[("old", ""), ("new", "")])).unwrap();
        review(&store, "t/old", "2026-01-01", 1);
        review(&store, "t/new", "2026-01-03", 1);
        store.sync(&set(&[("new", "\"t/old\"")])).unwrap();
        assert_eq!(log(&store, "t/new").len(), 1);
        assert_eq!(log(&store, "t/old").len(), 1);
    }
}
