//! Cards and topics: deck sync and the card queries.

use super::{DECK_HASH, OnProgress, Store};
use crate::deck::{DeckSet, Kind, Level};
use crate::error::Result;
use crate::scheduler::queue::CurriculumPos;
use crate::scheduler::{CardState, Ease};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};

/// A card as stored: deck content, curriculum position and schedule.
///
/// It repeats the content fields of [`crate::deck::Card`] rather than embedding one because the
/// stored row is a different thing: its `id` is the full `<slug>/<id>` (the deck card's is the
/// short one), it outlives the deck card (`retired`), and it has no `replaces` (a history is
/// carried once, at sync). An embedded deck card would hold a short id and an always-empty
/// `replaces` that no reader could trust.
#[derive(Debug, Clone, PartialEq)]
pub struct CardRecord {
    /// Full id, `<topic slug>/<card id>`.
    pub id: String,
    pub topic: String,
    pub topic_title: String,
    pub phase: u8,
    pub topic_order: u32,
    pub position: u32,
    pub source: String,
    pub kind: Kind,
    pub level: Option<Level>,
    pub q: String,
    pub a: String,
    pub more: Option<String>,
    pub tags: Vec<String>,
    /// Key terms of the answer (alternatives split by `|`), as the deck lists them.
    pub keys: Vec<String>,
    pub suspended: bool,
    pub retired: bool,
    pub state: CardState,
    /// Every scheduled grade below 3, also before the first success: the leech count.
    pub failures: u32,
}

impl CardRecord {
    pub fn pos(&self) -> CurriculumPos {
        CurriculumPos {
            phase: self.phase,
            topic: self.topic_order,
            card: self.position,
        }
    }
}

/// Which cards a command works on. Empty lists mean "all".
#[derive(Debug, Clone, Default)]
pub struct CardFilter {
    pub phases: Vec<u8>,
    pub topics: Vec<String>,
    pub kind: Option<Kind>,
    pub level: Option<Level>,
}

impl CardFilter {
    /// True when the user narrowed the cards to some phases or topics.
    pub fn narrows_curriculum(&self) -> bool {
        !self.phases.is_empty() || !self.topics.is_empty()
    }
}

/// One topic with its card counts, for `decks`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TopicSummary {
    pub phase: u8,
    pub topic: String,
    pub title: String,
    pub source: String,
    pub cards: u32,
    pub qa: u32,
    pub gotcha: u32,
    pub scenario: u32,
    pub new: u32,
    pub due: u32,
}

/// A [`CardFilter`] in SQL over `cards c JOIN topics t`, parameters ?1 to ?4 (see
/// [`Store::card_rows`]).
pub(super) const FILTER_WHERE: &str = "(?1 = '[]' OR t.phase IN (SELECT value FROM json_each(?1)))
    AND (?2 = '[]' OR c.topic IN (SELECT value FROM json_each(?2)))
    AND (?3 IS NULL OR c.kind = ?3)
    AND (?4 IS NULL OR c.level = ?4)";

pub(super) const CARD_COLUMNS: &str =
    "c.id, c.topic, t.title, t.phase, t.ord, c.position, t.source, c.kind,
    c.level, c.q, c.a, c.more, c.tags, c.suspended, c.retired, c.reps, c.interval_days, c.ease,
    c.due, c.lapses, c.last_review, c.failures, c.keys";

/// A conversion failure naming the card and what is wrong with it.
fn bad(id: &str, what: &str) -> rusqlite::Error {
    super::bad_row(format!("card {id}: {what}"))
}

/// One checked conversion of a card row: an unknown kind or level, tags that are not a JSON
/// list of strings, or a date that is not one is an error naming the card, never a default.
/// Calls `f` with the parameters of [`FILTER_WHERE`] followed by `more`.
fn filter_params<T>(
    filter: &CardFilter,
    more: &[&dyn rusqlite::ToSql],
    f: impl FnOnce(&[&dyn rusqlite::ToSql]) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    let phases = serde_json::to_string(&filter.phases).unwrap_or_else(|_| "[]".into());
    let topics = serde_json::to_string(&filter.topics).unwrap_or_else(|_| "[]".into());
    let (kind, level) = (
        filter.kind.map(Kind::as_str),
        filter.level.map(Level::as_str),
    );
    let mut all: Vec<&dyn rusqlite::ToSql> = vec![&phases, &topics, &kind, &level];
    all.extend_from_slice(more);
    f(&all)
}

pub(super) fn card_from_row(r: &Row<'_>) -> rusqlite::Result<CardRecord> {
    let id: String = r.get(0)?;
    let kind: String = r.get(7)?;
    let level: Option<String> = r.get(8)?;
    let tags: String = r.get(12)?;
    let kind = Kind::parse(&kind).ok_or_else(|| bad(&id, &format!("unknown kind {kind:?}")))?;
    let level = level
        .map(|l| Level::parse(&l).ok_or_else(|| bad(&id, &format!("unknown level {l:?}"))))
        .transpose()?;
    let tags = serde_json::from_str(&tags).map_err(|_| {
        bad(
            &id,
            &format!("tags {tags:?} are not a JSON list of strings"),
        )
    })?;
    let ease: u16 = r.get(17)?;
    let ease = Ease::new(ease).ok_or_else(|| bad(&id, &format!("ease {ease} is under 130")))?;
    let due = super::parse_day(r.get(18)?, &format!("card {id}: due"))?;
    let last_review = super::parse_day(r.get(20)?, &format!("card {id}: last_review"))?;
    let keys: String = r.get(22)?;
    let keys = serde_json::from_str(&keys).map_err(|_| {
        bad(
            &id,
            &format!("keys {keys:?} are not a JSON list of strings"),
        )
    })?;
    Ok(CardRecord {
        id,
        topic: r.get(1)?,
        topic_title: r.get(2)?,
        phase: r.get(3)?,
        topic_order: r.get(4)?,
        position: r.get(5)?,
        source: r.get(6)?,
        kind,
        level,
        q: r.get(9)?,
        a: r.get(10)?,
        more: r.get(11)?,
        tags,
        keys,
        suspended: r.get(13)?,
        retired: r.get(14)?,
        state: CardState {
            reps: r.get(15)?,
            interval_days: r.get(16)?,
            ease,
            due,
            lapses: r.get(19)?,
            last_review,
        },
        failures: r.get(21)?,
    })
}

impl Store {
    /// Brings cards and topics in line with the decks. Returns false when the decks' hash
    /// matches the last sync and nothing was done. New cards arrive new; edited cards keep
    /// their schedule; cards no longer in any deck are retired, keeping their history, unless a
    /// card `replaces` them (see [`carry`](super::carry)).
    pub fn sync(&mut self, set: &DeckSet) -> Result<bool> {
        self.sync_reporting(set, &mut |_, _| {})
    }

    /// [`Store::sync`], telling `on_progress` the cards written so far.
    pub fn sync_reporting(&mut self, set: &DeckSet, on_progress: OnProgress<'_>) -> Result<bool> {
        if self.meta(DECK_HASH)?.as_deref() == Some(set.hash.as_str()) {
            return Ok(false);
        }
        let path = self.path.clone();
        let err = |source| crate::error::Error::Database {
            path: path.clone(),
            source,
        };
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(err)?;
        if tx
            .query_row("SELECT value FROM meta WHERE key = ?1", [DECK_HASH], |r| {
                r.get::<_, String>(0)
            })
            .optional()
            .map_err(err)?
            .as_deref()
            == Some(set.hash.as_str())
        {
            // Another process synced the same decks while this one waited.
            return Ok(false);
        }
        {
            tx.execute("UPDATE topics SET active = 0", [])
                .map_err(err)?;
            tx.execute("UPDATE cards SET retired = 1", [])
                .map_err(err)?;
            let mut topic = tx
                .prepare(
                    "INSERT INTO topics (slug, phase, ord, title, source, active)
                     VALUES (?1, ?2, ?3, ?4, ?5, 1)
                     ON CONFLICT(slug) DO UPDATE SET phase = excluded.phase, ord = excluded.ord,
                       title = excluded.title, source = excluded.source, active = 1",
                )
                .map_err(err)?;
            let mut card = tx
                .prepare(
                    "INSERT INTO cards (id, topic, position, kind, level, q, a, more, tags, keys,
                       retired)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0)
                     ON CONFLICT(id) DO UPDATE SET position = excluded.position,
                       kind = excluded.kind, level = excluded.level, q = excluded.q,
                       a = excluded.a, more = excluded.more, tags = excluded.tags,
                       keys = excluded.keys, retired = 0",
                )
                .map_err(err)?;
            let total: usize = set.decks.iter().map(|d| d.cards.len()).sum();
            let mut done = 0;
            for deck in &set.decks {
                let t = &deck.topic;
                topic
                    .execute(params![t.slug, t.phase, t.order, t.title, t.source])
                    .map_err(err)?;
                for (position, c) in (1_u32..).zip(&deck.cards) {
                    let tags = serde_json::to_string(&c.tags).unwrap_or_else(|_| "[]".into());
                    let keys = serde_json::to_string(&c.keys).unwrap_or_else(|_| "[]".into());
                    card.execute(params![
                        format!("{}/{}", t.slug, c.id),
                        t.slug,
                        position,
                        c.kind.as_str(),
                        c.level.map(Level::as_str),
                        c.q,
                        c.a,
                        c.more,
                        tags,
                        keys,
                    ])
                    .map_err(err)?;
                }
                done += deck.cards.len();
                on_progress(done as u64, total as u64);
            }
            super::carry::carry_histories(&tx, set).map_err(err)?;
            tx.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![DECK_HASH, set.hash],
            )
            .map_err(err)?;
        }
        tx.commit().map_err(err)?;
        Ok(true)
    }

    /// Active (not retired) cards matching `filter`, in curriculum order.
    pub fn cards(&self, filter: &CardFilter) -> Result<Vec<CardRecord>> {
        let mut cards = Vec::new();
        self.each_card(filter, |c| {
            cards.push(c);
            Ok(())
        })?;
        Ok(cards)
    }

    /// The cards of [`Store::cards`] one at a time, never all in memory (`cards --json`).
    pub fn each_card(
        &self,
        filter: &CardFilter,
        mut f: impl FnMut(CardRecord) -> Result<()>,
    ) -> Result<()> {
        let sql = format!(
            "SELECT {CARD_COLUMNS} FROM cards c JOIN topics t ON t.slug = c.topic
             WHERE c.retired = 0 AND {FILTER_WHERE}
             ORDER BY t.phase, t.ord, c.position"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = filter_params(filter, &[], |params| stmt.query_map(params, card_from_row))
            .map_err(|e| self.err(e))?;
        for card in rows {
            f(card.map_err(|e| self.err(e))?)?;
        }
        Ok(())
    }

    /// Runs a card query whose first four parameters are [`FILTER_WHERE`]'s; `more` are ?5...
    pub(super) fn card_rows(
        &self,
        sql: &str,
        filter: &CardFilter,
        more: &[&dyn rusqlite::ToSql],
    ) -> Result<Vec<CardRecord>> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let rows = filter_params(filter, more, |params| stmt.query_map(params, card_from_row))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// The one value of a query whose first four parameters are [`FILTER_WHERE`]'s.
    pub(super) fn filter_value<T: rusqlite::types::FromSql>(
        &self,
        sql: &str,
        filter: &CardFilter,
        more: &[&dyn rusqlite::ToSql],
    ) -> Result<T> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        filter_params(filter, more, |params| stmt.query_row(params, |r| r.get(0)))
            .map_err(|e| self.err(e))
    }

    /// One card by full id, retired or not.
    pub fn card(&self, id: &str) -> Result<Option<CardRecord>> {
        let sql = format!(
            "SELECT {CARD_COLUMNS} FROM cards c JOIN topics t ON t.slug = c.topic WHERE c.id = ?1"
        );
        self.conn
            .query_row(&sql, [id], card_from_row)
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Active, unsuspended cards never graded: what an interview plan still has to introduce.
    pub fn unseen_count(&self) -> Result<usize> {
        self.conn
            .query_row(
                "SELECT count(*) FROM cards c JOIN topics t ON t.slug = c.topic
                 WHERE c.retired = 0 AND t.active = 1 AND c.suspended = 0 AND c.due IS NULL",
                [],
                |r| r.get::<_, u32>(0),
            )
            .map(|n| n as usize)
            .map_err(|e| self.err(e))
    }

    /// Active cards with at least `threshold` failures (grades below 3, also before the first
    /// success), in curriculum order.
    pub fn leech_ids(&self, threshold: u32) -> Result<Vec<String>> {
        self.stats_rows(
            "SELECT c.id FROM cards c JOIN topics t ON t.slug = c.topic
             WHERE c.retired = 0 AND c.failures >= ?1 ORDER BY t.phase, t.ord, c.position",
            [threshold],
            |r| r.get(0),
        )
    }

    /// The first day after `today` with reviews due, and how many fall due that day.
    pub fn next_due(&self, today: NaiveDate) -> Result<Option<(NaiveDate, u32)>> {
        let row: Option<(String, u32)> = self
            .conn
            .query_row(
                "SELECT c.due, count(*) FROM cards c JOIN topics t ON t.slug = c.topic
                 WHERE c.retired = 0 AND t.active = 1 AND c.suspended = 0 AND c.due > ?1
                 GROUP BY c.due ORDER BY c.due LIMIT 1",
                [today.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        row.map(|(d, n)| {
            super::required_day(Some(d), "due")
                .map(|d| (d, n))
                .map_err(|e| self.err(e))
        })
        .transpose()
    }

    pub fn set_suspended(&self, id: &str, suspended: bool) -> Result<bool> {
        self.write(|c| {
            c.execute(
                "UPDATE cards SET suspended = ?2 WHERE id = ?1 AND retired = 0",
                params![id, suspended],
            )
            .map(|n| n > 0)
            .map_err(|e| self.err(e))
        })
    }

    /// Every active topic with its card counts; `today` decides what is due.
    pub fn topic_summaries(&self, today: NaiveDate) -> Result<Vec<TopicSummary>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT t.phase, t.slug, t.title, t.source, count(c.id),
                   coalesce(sum(c.kind = 'qa'), 0), coalesce(sum(c.kind = 'gotcha'), 0),
                   coalesce(sum(c.kind = 'scenario'), 0),
                   coalesce(sum(c.due IS NULL AND c.suspended = 0), 0),
                   coalesce(sum(c.due <= ?1 AND c.suspended = 0), 0)
                 FROM topics t JOIN cards c ON c.topic = t.slug AND c.retired = 0
                 WHERE t.active = 1
                 GROUP BY t.slug ORDER BY t.phase, t.ord, t.slug",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([today.to_string()], |r| {
                Ok(TopicSummary {
                    phase: r.get(0)?,
                    topic: r.get(1)?,
                    title: r.get(2)?,
                    source: r.get(3)?,
                    cards: r.get(4)?,
                    qa: r.get(5)?,
                    gotcha: r.get(6)?,
                    scenario: r.get(7)?,
                    new: r.get(8)?,
                    due: r.get(9)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{DeckSet, schema};

    fn set(texts: &[&str]) -> DeckSet {
        let decks = texts
            .iter()
            .enumerate()
            .map(|(i, t)| schema::parse(&format!("d{i}.toml"), t).unwrap())
            .collect();
        DeckSet {
            decks,
            hash: texts.join("|"),
            skipped_links: Vec::new(),
        }
    }

    fn deck(cards: &[(&str, &str)]) -> String {
        let mut s = String::from(
            "[topic]\nphase = 0\norder = 1\nslug = \"t\"\ntitle = \"T\"\nsource = \"s.md\"\n",
        );
        for (id, a) in cards {
            s += &format!("[[card]]\nid = \"{id}\"\nkind = \"qa\"\nq = \"q {id}\"\na = \"{a}\"\n");
        }
        s
    }

    #[test]
    fn sync_skips_unchanged_keeps_state_on_edit_and_retires_removed() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("db")).unwrap();
        let v1 = set(&[&deck(&[("a", "one"), ("b", "two")])]);
        assert!(store.sync(&v1).unwrap());
        assert!(!store.sync(&v1).unwrap(), "unchanged hash must skip");
        store
            .conn
            .execute(
                "UPDATE cards SET reps = 3, interval_days = 15, due = '2026-02-01' WHERE id = 't/a'",
                [],
            )
            .unwrap();

        let v2 = set(&[&deck(&[("a", "one, edited")])]);
        assert!(store.sync(&v2).unwrap());
        let a = store.card("t/a").unwrap().unwrap();
        assert_eq!(a.a, "one, edited");
        assert_eq!((a.state.reps, a.state.interval_days), (3, 15));
        let b = store.card("t/b").unwrap().unwrap();
        assert!(b.retired);
        let active: Vec<String> = store
            .cards(&CardFilter::default())
            .unwrap()
            .into_iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(active, vec!["t/a"]);

        // Bringing the card back un-retires it.
        assert!(store.sync(&v1).unwrap());
        assert!(!store.card("t/b").unwrap().unwrap().retired);
    }

    #[test]
    fn keys_are_stored_and_follow_edits() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("db")).unwrap();
        let with_keys = |keys: &str| deck(&[("a", "x")]) + &format!("keys = [{keys}]\n");
        store
            .sync(&set(&[&with_keys(
                "\"cgroup|control group\", \"namespace\"",
            )]))
            .unwrap();
        let a = store.card("t/a").unwrap().unwrap();
        assert_eq!(a.keys, ["cgroup|control group", "namespace"]);
        store.sync(&set(&[&with_keys("\"one\", \"two\"")])).unwrap();
        assert_eq!(store.card("t/a").unwrap().unwrap().keys, ["one", "two"]);
        store.sync(&set(&[&deck(&[("a", "x")])])).unwrap();
        assert!(store.card("t/a").unwrap().unwrap().keys.is_empty());
    }

    #[test]
    fn filters_use_phase_topic_and_kind() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("db")).unwrap();
        store
            .sync(&set(&[&deck(&[("a", "x"), ("b", "y")])]))
            .unwrap();
        let by_phase = CardFilter {
            phases: vec![1],
            ..Default::default()
        };
        assert!(store.cards(&by_phase).unwrap().is_empty());
        let by_topic = CardFilter {
            topics: vec!["t".into()],
            kind: Some(Kind::Qa),
            ..Default::default()
        };
        assert_eq!(store.cards(&by_topic).unwrap().len(), 2);
        let summaries = store
            .topic_summaries(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
            .unwrap();
        assert_eq!(
            (summaries[0].cards, summaries[0].qa, summaries[0].new),
            (2, 2, 2)
        );
    }
}
