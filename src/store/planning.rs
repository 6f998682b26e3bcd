//! Queries behind the interview plan and the quiz's weakness rank: the projected load of the
//! final window, each card's last grade (readiness) and failure count.

use super::Store;
use crate::error::Result;
use crate::scheduler::balance::DayLoad;
use chrono::NaiveDate;
use rusqlite::params;
use std::collections::HashMap;

impl Store {
    /// Active, unsuspended cards due on each day from `from` to `to` (inclusive): the load the
    /// interview's final-window balancing looks at.
    pub fn due_load(&self, from: NaiveDate, to: NaiveDate) -> Result<DayLoad> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT c.due, count(*) FROM cards c JOIN topics t ON t.slug = c.topic
                 WHERE c.retired = 0 AND t.active = 1 AND c.suspended = 0
                   AND c.due BETWEEN ?1 AND ?2
                 GROUP BY c.due",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![from.to_string(), to.to_string()], |r| {
                Ok((
                    super::required_day(r.get(0)?, "due")?,
                    r.get::<_, u32>(1)? as usize,
                ))
            })
            .map_err(|e| self.err(e))?;
        let mut load = DayLoad::new();
        for row in rows {
            let (day, n) = row.map_err(|e| self.err(e))?;
            load.insert(day, n);
        }
        Ok(load)
    }

    /// Each card's last standing grade that moved its schedule or repeated it the same day,
    /// with its study day: what readiness looks at.
    pub fn last_grades(&self) -> Result<HashMap<String, (u8, NaiveDate)>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT r.card_id, r.grade, r.study_day FROM reviews r
                 JOIN (SELECT card_id, max(id) AS id FROM reviews
                       WHERE undone = 0 AND (scheduled = 1 OR mode = 'repeat')
                       GROUP BY card_id) last ON last.id = r.id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                let day = super::required_day(r.get(2)?, "study_day")?;
                Ok((r.get::<_, String>(0)?, (r.get::<_, u8>(1)?, day)))
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }
}
