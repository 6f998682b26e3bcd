//! The review rollup (`migrations/0006_review_rollup.sql`): standing reviews summed per study
//! day, phase and topic by triggers, which `stats` and `report` read instead of the log.
//!
//! Its one rule: every row always equals the same sums over the standing rows of the log.

/// The rollup recomputed from the log, as `SELECT` rows, for tests and `doctor`-style checks:
/// zero rows of the table (every review of a day undone) are left out of both sides.
#[cfg(test)]
const FROM_LOG: &str = "
    SELECT study_day, phase, topic, count(*), sum(grade),
        sum(scheduled = 1 AND old_due IS NOT NULL),
        sum(scheduled = 1 AND old_due IS NOT NULL AND grade >= 3),
        sum(scheduled = 1 AND grade < 3),
        sum(scheduled = 1 AND new_interval < 21)
            - sum(scheduled = 1 AND old_due IS NOT NULL AND old_interval < 21),
        sum(scheduled = 1 AND new_interval >= 21)
            - sum(scheduled = 1 AND old_due IS NOT NULL AND old_interval >= 21)
    FROM reviews WHERE undone = 0
    GROUP BY study_day, phase, topic ORDER BY study_day, phase, topic";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use proptest::prelude::*;
    use rusqlite::params;

    type Row = (String, u8, String, i64, i64, i64, i64, i64, i64, i64);

    fn rows(store: &Store, sql: &str) -> Vec<Row> {
        let mut stmt = store.conn.prepare(sql).unwrap();
        stmt.query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
            ))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
    }

    /// One write to the log, as any code path might make it.
    #[derive(Debug, Clone)]
    enum Op {
        /// day, topic, grade, scheduled, old interval (None: the card was new), new interval
        Insert(u8, u8, u8, bool, Option<u32>, u32),
        /// Flip `undone` of the n-th row (an undo, or a restore).
        Flip(usize),
        /// Move the n-th row to another day and grade (a repair).
        Edit(usize, u8, u8),
        Delete(usize),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => (0u8..4, 0u8..3, 0u8..6, any::<bool>(), proptest::option::of(0u32..60), 1u32..60)
                .prop_map(|(d, t, g, s, o, n)| Op::Insert(d, t, g, s, o, n)),
            2 => (0usize..40).prop_map(Op::Flip),
            1 => (0usize..40, 0u8..4, 0u8..6).prop_map(|(n, d, g)| Op::Edit(n, d, g)),
            1 => (0usize..40).prop_map(Op::Delete),
        ]
    }

    fn apply(store: &Store, op: &Op) {
        let nth = |n: usize| -> Option<i64> {
            store
                .conn
                .query_row(
                    "SELECT id FROM reviews ORDER BY id LIMIT 1 OFFSET ?1",
                    [i64::try_from(n).unwrap()],
                    |r| r.get(0),
                )
                .ok()
        };
        let c = &store.conn;
        match *op {
            Op::Insert(d, t, g, s, old, new) => {
                c.execute(
                    "INSERT INTO reviews (reviewed_at, study_day, card_id, phase, topic, kind, grade,
                       mode, scheduled, old_reps, old_interval, old_ease, old_due, old_lapses,
                       old_last_review, old_suspended, new_reps, new_interval, new_ease, new_due,
                       new_lapses)
                     VALUES ('t', ?1, ?2, ?3, ?2, 'qa', ?4, 'drill', ?5, 0, ?6, 250, ?7, 0, NULL, 0,
                       1, ?8, 250, '2026-12-01', 0)",
                    params![
                        format!("2026-01-0{}", d + 1),
                        format!("t{t}"),
                        t / 2,
                        g,
                        s,
                        old.unwrap_or(0),
                        old.map(|_| "2026-01-01"),
                        new
                    ],
                )
                .unwrap();
            }
            Op::Flip(n) => {
                if let Some(id) = nth(n) {
                    c.execute("UPDATE reviews SET undone = 1 - undone WHERE id = ?1", [id])
                        .unwrap();
                }
            }
            Op::Edit(n, d, g) => {
                if let Some(id) = nth(n) {
                    c.execute(
                        "UPDATE reviews SET study_day = ?2, grade = ?3 WHERE id = ?1",
                        params![id, format!("2026-01-0{}", d + 1), g],
                    )
                    .unwrap();
                }
            }
            Op::Delete(n) => {
                if let Some(id) = nth(n) {
                    c.execute("DELETE FROM reviews WHERE id = ?1", [id])
                        .unwrap();
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn rollup_always_equals_the_log(ops in proptest::collection::vec(op(), 1..60)) {
            let dir = tempfile::tempdir().unwrap();
            let store = Store::open(&dir.path().join("db")).unwrap();
            // Foreign keys would want real cards; the rollup does not care where rows come from.
            store.conn.pragma_update(None, "foreign_keys", false).unwrap();
            for op in &ops {
                apply(&store, op);
            }
            let table = rows(&store, "SELECT * FROM review_rollup WHERE reviews > 0
                                      ORDER BY study_day, phase, topic");
            prop_assert_eq!(table, rows(&store, FROM_LOG));
            // A day, phase and topic whose every review is undone or gone sums to zero.
            let empty = rows(&store, "SELECT * FROM review_rollup WHERE reviews = 0");
            prop_assert!(empty.iter().all(|r| (r.4, r.5, r.6, r.7, r.8, r.9) == (0, 0, 0, 0, 0, 0)));
        }
    }

    #[test]
    fn the_migration_counts_an_existing_log() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db")).unwrap();
        store
            .conn
            .pragma_update(None, "foreign_keys", false)
            .unwrap();
        for i in 0..5u8 {
            apply(
                &store,
                &Op::Insert(i % 2, i % 3, i, i % 2 == 0, Some(u32::from(i) * 9), 30),
            );
        }
        // Drop the rollup, then run the migration's fill again, as on an upgraded database.
        store
            .conn
            .execute_batch("DELETE FROM review_rollup")
            .unwrap();
        let migration = crate::store::MIGRATION_FILES[5].1;
        let fill = &migration[migration.find("INSERT INTO review_rollup").unwrap()..];
        let fill = &fill[..fill.find(';').unwrap()];
        store.conn.execute_batch(fill).unwrap();
        assert_eq!(
            rows(
                &store,
                "SELECT * FROM review_rollup ORDER BY study_day, phase, topic"
            ),
            rows(&store, FROM_LOG)
        );
        assert_eq!(
            crate::scheduler::interview::MATURE_DAYS,
            21,
            "the rollup's young/mature line"
        );
    }
}
