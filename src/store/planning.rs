//! Queries behind the interview plan: the projected load of the final window, and each card's
//! last grade (readiness). (The quiz's weakness rank reads the cards' `failures` column.)

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
        let rows = self.stats_rows(
            "SELECT c.due, count(*) FROM cards c JOIN topics t ON t.slug = c.topic
             WHERE c.retired = 0 AND t.active = 1 AND c.suspended = 0
               AND c.due BETWEEN ?1 AND ?2
             GROUP BY c.due",
            params![from.to_string(), to.to_string()],
            |r| {
                Ok((
                    super::required_day(r.get(0)?, "due")?,
                    r.get::<_, u32>(1)? as usize,
                ))
            },
        )?;
        Ok(rows.into_iter().collect())
    }

    /// Each card's last standing grade that moved its schedule or repeated it the same day,
    /// with its study day: what readiness looks at.
    pub fn last_grades(&self) -> Result<HashMap<String, (u8, NaiveDate)>> {
        let rows = self.stats_rows(
            "SELECT r.card_id, r.grade, r.study_day FROM reviews r
             JOIN (SELECT card_id, max(id) AS id FROM reviews
                   WHERE undone = 0 AND (scheduled = 1 OR mode = 'repeat')
                   GROUP BY card_id) last ON last.id = r.id",
            [],
            |r| {
                let day = super::required_day(r.get(2)?, "study_day")?;
                Ok((r.get::<_, String>(0)?, (r.get::<_, u8>(1)?, day)))
            },
        )?;
        Ok(rows.into_iter().collect())
    }
}
