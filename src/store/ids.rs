//! Review ids: a UUIDv7 for each new grade, and a deterministic UUIDv8 for reviews recorded
//! before reviews had ids (old databases, version-1 progress files).
//!
//! The deterministic id hashes what identifies an old review: card, instant, grade, mode and
//! its rank among rows identical in those four (old builds stamped a whole session with one
//! instant, so a card repeated twice with one grade gave two such rows). Two copies of one
//! history therefore give their old reviews the same ids, and merging them adds nothing twice.

use chrono::{DateTime, FixedOffset};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use uuid::Uuid;

/// A fresh id for a grade given at `at`: time-ordered, with random low bits.
pub fn new_review_id(at: DateTime<FixedOffset>) -> String {
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

/// Gives ids to old reviews in their recorded order, counting identical keys.
#[derive(Debug, Default)]
pub struct LegacyIds {
    seen: HashMap<LegacyKey, u32>,
}

impl LegacyIds {
    pub fn next(&mut self, key: LegacyKey) -> String {
        let rank = self.seen.entry(key.clone()).or_insert(0);
        let id = legacy_id(&key, *rank);
        *rank += 1;
        id
    }
}

fn legacy_id(key: &LegacyKey, rank: u32) -> String {
    let mut h = Sha256::new();
    for part in [
        key.card_id.as_str(),
        key.reviewed_at.as_str(),
        key.mode.as_str(),
    ] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    h.update([key.grade]);
    h.update(rank.to_be_bytes());
    let digest = h.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
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
        set.execute(rusqlite::params![row, ids.next(key)])?;
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
        let first = [a.next(key(3)), a.next(key(3)), a.next(key(4))];
        let mut b = LegacyIds::default();
        let second = [b.next(key(3)), b.next(key(3)), b.next(key(4))];
        assert_eq!(first, second);
        assert_ne!(first[0], first[1]);
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
