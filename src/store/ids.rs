//! Review ids: a UUIDv7 for each new grade, and a deterministic UUIDv8 for reviews recorded
//! before reviews had ids (old databases, version-1 progress files).
//!
//! The deterministic id is built from what identifies an old review: a hash of card and instant,
//! then the row's rank among the card's rows at that instant (old builds stamped a whole session
//! with one instant, so one card could have several), then a hash of grade and mode. Two copies
//! of one history therefore give their old reviews the same ids, and merging them adds nothing
//! twice; and ids of one card at one instant sort in the order the rows were written, which is
//! the tie-break the replay uses (see `progress::replay_card`).

use chrono::{DateTime, FixedOffset};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use uuid::Uuid;

/// A fresh id for a grade given at `at`: time-ordered, with random low bits.
pub fn new_review_id(at: DateTime<FixedOffset>) -> String {
    // UUIDv7 time starts at 1970; an earlier instant (only reachable through ECSDRILL_NOW)
    // takes the epoch, and the random bits still keep the id unique.
    let secs = u64::try_from(at.timestamp()).unwrap_or(0);
    let ts = uuid::Timestamp::from_unix(uuid::NoContext, secs, at.timestamp_subsec_nanos());
    Uuid::new_v7(ts).to_string()
}

/// True for a well-formed id as written by [`new_review_id`] or [`legacy_id`].
pub fn is_review_id(s: &str) -> bool {
    Uuid::try_parse(s).is_ok_and(|u| u.get_version_num() == 7 || u.get_version_num() == 8)
        && s.len() == 36
}

/// The fields that identify a review recorded before reviews had ids.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LegacyKey {
    pub card_id: String,
    pub reviewed_at: String,
    pub grade: u8,
    pub mode: String,
}

/// Gives ids to old reviews in their recorded order, ranking the rows of one card at one
/// instant.
#[derive(Debug, Default)]
pub struct LegacyIds {
    seen: HashMap<(String, String), u16>,
}

impl LegacyIds {
    pub fn next(&mut self, key: &LegacyKey) -> String {
        let rank = self
            .seen
            .entry((key.card_id.clone(), key.reviewed_at.clone()))
            .or_insert(0);
        let id = legacy_id(key, *rank);
        *rank = rank.saturating_add(1);
        id
    }
}

fn digest(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    for part in parts {
        h.update(part);
        h.update([0]);
    }
    h.finalize().into()
}

fn legacy_id(key: &LegacyKey, rank: u16) -> String {
    let place = digest(&[key.card_id.as_bytes(), key.reviewed_at.as_bytes()]);
    let what = digest(&[&[key.grade], key.mode.as_bytes()]);
    let mut bytes = [0u8; 16];
    bytes[..10].copy_from_slice(&place[..10]);
    bytes[10..12].copy_from_slice(&rank.to_be_bytes());
    bytes[12..].copy_from_slice(&what[..4]);
    Uuid::new_v8(bytes).to_string()
}

/// Migration step of schema 3: every review row without an id gets its deterministic one.
pub(super) fn fill_legacy_ids(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    let rows: Vec<(i64, LegacyKey)> = {
        let mut stmt = tx.prepare(
            "SELECT id, card_id, reviewed_at, grade, mode FROM reviews WHERE uid IS NULL
             ORDER BY id",
        )?;
        stmt.query_map([], |r| {
            Ok((
                r.get(0)?,
                LegacyKey {
                    card_id: r.get(1)?,
                    reviewed_at: r.get(2)?,
                    grade: r.get(3)?,
                    mode: r.get(4)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?
    };
    let mut ids = LegacyIds::default();
    let mut set = tx.prepare("UPDATE reviews SET uid = ?2 WHERE id = ?1")?;
    for (row, key) in rows {
        set.execute(rusqlite::params![row, ids.next(&key)])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(grade: u8) -> LegacyKey {
        LegacyKey {
            card_id: "t/a".into(),
            reviewed_at: "2026-01-01T09:00:00+00:00".into(),
            grade,
            mode: "repeat".into(),
        }
    }

    #[test]
    fn legacy_ids_are_deterministic_and_rank_identical_rows() {
        let mut a = LegacyIds::default();
        let first = [a.next(&key(3)), a.next(&key(3)), a.next(&key(4))];
        let mut b = LegacyIds::default();
        let second = [b.next(&key(3)), b.next(&key(3)), b.next(&key(4))];
        assert_eq!(first, second);
        assert_ne!(first[0], first[1]);
        // One card at one instant: ids sort in the order the rows were written.
        assert!(first[0] < first[1] && first[1] < first[2], "{first:?}");
        assert!(first.iter().all(|id| is_review_id(id)));
    }

    #[test]
    fn new_ids_differ_at_one_instant_and_are_well_formed() {
        let at = DateTime::parse_from_rfc3339("2026-01-01T09:00:00Z").unwrap();
        let (x, y) = (new_review_id(at), new_review_id(at));
        assert_ne!(x, y);
        assert!(is_review_id(&x));
        assert!(!is_review_id("not-an-id"));
    }
}
