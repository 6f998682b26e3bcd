//! What every command start needs, kept cheap at any collection size: the decks' fingerprint,
//! the lookups that stand in for parsed decks when it matches, and today's queue read with
//! LIMITs on the due index, so only the cards served are loaded (with their text).
//!
//! The queue order is [`crate::scheduler::queue::build`]'s, expressed in SQL: due reviews by
//! due day then curriculum position, new cards by curriculum position, only from the lowest
//! phase that still has new cards while phases are gated. A test checks both give the same
//! queue. Ties in curriculum position (two topics with one phase and order) go by card id.

use super::cards::{CARD_COLUMNS, FILTER_WHERE};
use super::{CardFilter, CardRecord, DECK_FINGERPRINT, Store};
use crate::error::Result;
use chrono::NaiveDate;
use rusqlite::OptionalExtension;

/// Cards a drill may serve: active, not suspended.
const SERVABLE: &str = "c.retired = 0 AND c.suspended = 0";

impl Store {
    /// The deck sources' fingerprint at the last sync (`deck::fingerprint`).
    pub fn deck_fingerprint(&self) -> Result<Option<String>> {
        self.meta(DECK_FINGERPRINT)
    }

    /// Stores the fingerprint of the decks just synced, in a write transaction of its own
    /// (BEGIN IMMEDIATE: an autocommit write could find its snapshot stale while another
    /// process syncs the same new database, and fail at once instead of waiting).
    pub fn set_deck_fingerprint(&self, fingerprint: &str) -> Result<()> {
        self.write(|c| {
            c.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [DECK_FINGERPRINT, fingerprint],
            )
            .map(drop)
            .map_err(|e| self.err(e))
        })
    }

    /// Whether a loaded deck has this topic.
    pub fn has_active_topic(&self, slug: &str) -> Result<bool> {
        self.exists("SELECT 1 FROM topics WHERE slug = ?1 AND active = 1", slug)
    }

    /// Whether a loaded deck has this card (`<topic>/<card>`).
    pub fn has_active_card(&self, id: &str) -> Result<bool> {
        self.exists(
            "SELECT 1 FROM cards c JOIN topics t ON t.slug = c.topic
             WHERE c.id = ?1 AND c.retired = 0 AND t.active = 1",
            id,
        )
    }

    fn exists(&self, sql: &str, key: &str) -> Result<bool> {
        self.conn
            .query_row(sql, [key], |_| Ok(()))
            .optional()
            .map(|found| found.is_some())
            .map_err(|e| self.err(e))
    }

    /// Whether `day` has a standing grade (one seek on the `reviews_standing_day` index).
    pub fn studied_on(&self, day: NaiveDate) -> Result<bool> {
        self.conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM reviews WHERE undone = 0 AND study_day = ?1)",
                [day.to_string()],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))
    }

    /// The cards of `ids` matching `filter` (in curriculum order).
    pub fn cards_by_ids(&self, filter: &CardFilter, ids: &[String]) -> Result<Vec<CardRecord>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {CARD_COLUMNS} FROM cards c JOIN topics t ON t.slug = c.topic
             WHERE c.retired = 0 AND {FILTER_WHERE}
               AND c.id IN (SELECT value FROM json_each(?5))
             ORDER BY t.phase, t.ord, c.position"
        );
        let ids = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
        self.card_rows(&sql, filter, &[&ids])
    }

    /// Due reviews on `today` (overdue included) matching `filter`, whatever the limits.
    pub fn due_count(&self, filter: &CardFilter, today: NaiveDate) -> Result<usize> {
        let sql = format!(
            "SELECT count(*) FROM cards c JOIN topics t ON t.slug = c.topic
             WHERE {SERVABLE} AND c.due <= ?5 AND {FILTER_WHERE}"
        );
        let n: i64 = self.filter_value(&sql, filter, &[&today.to_string()])?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// At most `limit` due reviews on `today` matching `filter`: most overdue first, then in
    /// curriculum order.
    pub fn due_cards(
        &self,
        filter: &CardFilter,
        today: NaiveDate,
        limit: usize,
    ) -> Result<Vec<CardRecord>> {
        let sql = format!(
            "SELECT {CARD_COLUMNS} FROM cards c JOIN topics t ON t.slug = c.topic
             WHERE {SERVABLE} AND c.due <= ?5 AND {FILTER_WHERE}
             ORDER BY c.due, t.phase, t.ord, c.position, c.id LIMIT ?6"
        );
        let limit = i64::try_from(limit).unwrap_or(-1);
        self.card_rows(&sql, filter, &[&today.to_string(), &limit])
    }

    /// At most `limit` new cards matching `filter`, in curriculum order; with `gate`, only
    /// from the lowest phase that has new cards.
    pub fn new_cards(
        &self,
        filter: &CardFilter,
        gate: bool,
        limit: usize,
    ) -> Result<Vec<CardRecord>> {
        let phase: Option<u8> = if gate {
            let sql = format!(
                "SELECT min(t.phase) FROM cards c JOIN topics t ON t.slug = c.topic
                 WHERE {SERVABLE} AND c.due IS NULL AND {FILTER_WHERE}"
            );
            match self.filter_value::<Option<u8>>(&sql, filter, &[])? {
                Some(p) => Some(p),
                None => return Ok(Vec::new()),
            }
        } else {
            None
        };
        let sql = format!(
            "SELECT {CARD_COLUMNS} FROM cards c JOIN topics t ON t.slug = c.topic
             WHERE {SERVABLE} AND c.due IS NULL AND {FILTER_WHERE}
               AND (?5 IS NULL OR t.phase = ?5)
             ORDER BY t.phase, t.ord, c.position, c.id LIMIT ?6"
        );
        let limit = i64::try_from(limit).unwrap_or(-1);
        self.card_rows(&sql, filter, &[&phase, &limit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{DeckSet, schema};
    use crate::scheduler::queue::{self, Candidate, QueueLimits};
    use proptest::prelude::*;

    /// Three topics (phases 0, 0, 1) of eight cards each.
    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("db")).unwrap();
        let decks = [(0, 1, "a"), (0, 2, "b"), (1, 1, "c")]
            .iter()
            .map(|(phase, order, slug)| {
                let mut text = format!(
                    "[topic]\nphase = {phase}\norder = {order}\nslug = \"{slug}\"\n\
                     title = \"T\"\nsource = \"s.md\"\n"
                );
                for i in 0..8 {
                    text +=
                        &format!("[[card]]\nid = \"k{i}\"\nkind = \"qa\"\nq = \"q\"\na = \"a\"\n");
                }
                schema::parse(&format!("{slug}.toml"), &text).unwrap()
            })
            .collect();
        let set = DeckSet {
            decks,
            hash: "h".into(),
            skipped_links: vec![],
        };
        store.sync(&set).unwrap();
        (dir, store)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        /// The LIMITed queries serve exactly what `queue::build` orders out of every card.
        #[test]
        fn limited_queries_equal_the_pure_queue(
            states in proptest::collection::vec((proptest::option::of(0u64..8), any::<bool>()), 24),
            reviews in 0usize..12, new in 0usize..12, gate in any::<bool>(),
        ) {
            let (_dir, store) = store();
            let base = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
            let today = base + chrono::Days::new(4);
            let ids: Vec<String> = store.cards(&CardFilter::default()).unwrap()
                .into_iter().map(|c| c.id).collect();
            for (id, (due, suspended)) in ids.iter().zip(&states) {
                let due = due.map(|d| (base + chrono::Days::new(d)).to_string());
                store.conn.execute(
                    "UPDATE cards SET due = ?2, last_review = ?2, suspended = ?3 WHERE id = ?1",
                    rusqlite::params![id, due, suspended],
                ).unwrap();
            }
            let all: Vec<CardRecord> = store.cards(&CardFilter::default()).unwrap()
                .into_iter().filter(|c| !c.suspended).collect();
            let candidates: Vec<Candidate> = all.iter()
                .map(|c| Candidate { pos: c.pos(), due: c.state.due }).collect();
            let limits = QueueLimits { reviews, new, gate_phases: gate };
            let expected: Vec<&str> = queue::build(&candidates, today, limits)
                .into_iter().map(|i| all[i].id.as_str()).collect();
            let filter = CardFilter::default();
            let mut got = store.due_cards(&filter, today, reviews).unwrap();
            got.extend(store.new_cards(&filter, gate, new).unwrap());
            let got: Vec<&str> = got.iter().map(|c| c.id.as_str()).collect();
            prop_assert_eq!(got, expected);
            prop_assert_eq!(
                store.due_count(&filter, today).unwrap(),
                queue::due_count(&candidates, today)
            );
        }
    }
}
