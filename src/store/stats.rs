//! The aggregate queries behind `stats`, `report` and `mastery`.
//!
//! Every count, sum and mean is computed here in SQL; the rows are the plain input types of
//! [`crate::report`], which turns them into models. What counts as a review, a review grade
//! and the window is defined in the `report` module docs: undone rows never count; retention
//! uses `scheduled = 1 AND old_due IS NOT NULL` rows only.

use super::Store;
use crate::error::Result;
use crate::report::{
    DayCount, MATURE_DAYS, MasteryCardRow, PhaseCounts, TopicCounts, WeakCardRow, WeekCount,
};
use chrono::NaiveDate;
use rusqlite::{Row, params};

fn day(raw: String) -> rusqlite::Result<NaiveDate> {
    raw.parse().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn day_count(r: &Row<'_>) -> rusqlite::Result<DayCount> {
    Ok(DayCount {
        date: day(r.get(0)?)?,
        count: r.get(1)?,
    })
}

impl Store {
    fn stats_rows<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        f: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let rows = stmt.query_map(params, f).map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// Card counts of every phase with active cards, and the review counts of the window
    /// `from ..= today`.
    pub fn phase_counts(&self, today: NaiveDate, from: NaiveDate) -> Result<Vec<PhaseCounts>> {
        self.stats_rows(
            "WITH c AS (
               SELECT t.phase AS phase, count(*) AS cards,
                 sum(c.suspended = 0 AND c.due IS NULL) AS new,
                 sum(c.suspended = 0 AND c.due IS NOT NULL AND c.interval_days < ?3) AS young,
                 sum(c.suspended = 0 AND c.due IS NOT NULL AND c.interval_days >= ?3) AS mature,
                 sum(c.suspended = 1) AS suspended,
                 coalesce(sum(c.suspended = 0 AND c.due <= ?1), 0) AS due_today,
                 avg(CASE WHEN c.due IS NOT NULL THEN c.ease END) AS ease
               FROM cards c JOIN topics t ON t.slug = c.topic
               WHERE c.retired = 0 AND t.active = 1
               GROUP BY t.phase),
             r AS (
               SELECT phase, count(*) AS reviews,
                 sum(scheduled = 1 AND old_due IS NOT NULL) AS graded,
                 sum(scheduled = 1 AND old_due IS NOT NULL AND grade >= 3) AS passed
               FROM reviews
               WHERE undone = 0 AND study_day BETWEEN ?2 AND ?1
               GROUP BY phase)
             SELECT c.phase, c.cards, c.new, c.young, c.mature, c.suspended, c.due_today,
               coalesce(r.reviews, 0), coalesce(r.graded, 0), coalesce(r.passed, 0), c.ease
             FROM c LEFT JOIN r ON r.phase = c.phase
             ORDER BY c.phase",
            params![today.to_string(), from.to_string(), MATURE_DAYS],
            |r| {
                Ok(PhaseCounts {
                    phase: r.get(0)?,
                    cards: r.get(1)?,
                    new: r.get(2)?,
                    young: r.get(3)?,
                    mature: r.get(4)?,
                    suspended: r.get(5)?,
                    due_today: r.get(6)?,
                    reviews: r.get(7)?,
                    graded: r.get(8)?,
                    passed: r.get(9)?,
                    mean_ease: r.get(10)?,
                })
            },
        )
    }

    /// Unsuspended cards due on each of `days` days from `today`; the first day also counts
    /// every overdue card.
    pub fn due_forecast(&self, today: NaiveDate, days: u32) -> Result<Vec<DayCount>> {
        self.stats_rows(
            "WITH RECURSIVE d(day, n) AS (
               SELECT ?1, 0
               UNION ALL SELECT date(day, '+1 day'), n + 1 FROM d WHERE n + 1 < ?2)
             SELECT d.day,
               (SELECT count(*) FROM cards c JOIN topics t ON t.slug = c.topic
                WHERE c.retired = 0 AND c.suspended = 0 AND t.active = 1
                  AND CASE WHEN d.n = 0 THEN c.due <= d.day ELSE c.due = d.day END)
             FROM d ORDER BY d.day",
            params![today.to_string(), days],
            day_count,
        )
    }

    /// Standing reviews ever, and the distinct study days they fall on.
    pub fn review_totals(&self) -> Result<(u32, u32)> {
        self.conn
            .query_row(
                "SELECT count(*), count(DISTINCT study_day) FROM reviews WHERE undone = 0",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(|e| self.err(e))
    }

    /// Reviews and mean grade of `phase` per week (weeks start on Monday), oldest first.
    pub fn weekly_grades(&self, phase: u8) -> Result<Vec<WeekCount>> {
        self.stats_rows(
            "SELECT date(study_day, '-6 days', 'weekday 1') AS week, count(*), avg(grade)
             FROM reviews WHERE phase = ?1 AND undone = 0
             GROUP BY week ORDER BY week",
            [phase],
            |r| {
                Ok(WeekCount {
                    week: day(r.get(0)?)?,
                    reviews: r.get(1)?,
                    mean_grade: r.get(2)?,
                })
            },
        )
    }

    /// Standing reviews per study day in `from ..= to`; days without any are left out.
    pub fn daily_reviews(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<DayCount>> {
        self.stats_rows(
            "SELECT study_day, count(*) FROM reviews
             WHERE undone = 0 AND study_day BETWEEN ?1 AND ?2
             GROUP BY study_day ORDER BY study_day",
            params![from.to_string(), to.to_string()],
            day_count,
        )
    }

    /// Every active topic with its card state counts and the review grades of `from ..= today`,
    /// in curriculum order.
    pub fn topic_counts(
        &self,
        today: NaiveDate,
        from: NaiveDate,
        leech_threshold: u32,
    ) -> Result<Vec<TopicCounts>> {
        self.stats_rows(
            "WITH r AS (
               SELECT topic, count(*) AS graded, sum(grade >= 3) AS passed
               FROM reviews
               WHERE undone = 0 AND scheduled = 1 AND old_due IS NOT NULL
                 AND study_day BETWEEN ?2 AND ?1
               GROUP BY topic)
             SELECT t.phase, t.ord, t.slug, t.title, t.source, count(c.id),
               coalesce(sum(c.due IS NULL), 0), coalesce(sum(c.lapses), 0),
               coalesce(sum(c.lapses >= ?3), 0),
               avg(CASE WHEN c.due IS NOT NULL THEN c.ease END),
               coalesce(r.graded, 0), coalesce(r.passed, 0)
             FROM topics t
             JOIN cards c ON c.topic = t.slug AND c.retired = 0
             LEFT JOIN r ON r.topic = t.slug
             WHERE t.active = 1
             GROUP BY t.slug ORDER BY t.phase, t.ord, t.slug",
            params![today.to_string(), from.to_string(), leech_threshold],
            |r| {
                Ok(TopicCounts {
                    phase: r.get(0)?,
                    order: r.get(1)?,
                    topic: r.get(2)?,
                    title: r.get(3)?,
                    source: r.get(4)?,
                    cards: r.get(5)?,
                    unseen: r.get(6)?,
                    lapses: r.get(7)?,
                    leeches: r.get(8)?,
                    mean_ease: r.get(9)?,
                    graded: r.get(10)?,
                    passed: r.get(11)?,
                })
            },
        )
    }

    /// The `per_topic` weakest seen cards of every topic: most lapses, then lowest EF, then
    /// fewest successful repetitions in a row, then curriculum order.
    pub fn weakest_cards(&self, per_topic: u32) -> Result<Vec<WeakCardRow>> {
        self.stats_rows(
            "SELECT topic, id, q, lapses, ease FROM (
               SELECT c.topic, c.id, c.q, c.lapses, c.ease,
                 row_number() OVER (PARTITION BY c.topic
                   ORDER BY c.lapses DESC, c.ease, c.reps, c.position) AS rank
               FROM cards c JOIN topics t ON t.slug = c.topic
               WHERE c.retired = 0 AND t.active = 1 AND c.due IS NOT NULL)
             WHERE rank <= ?1
             ORDER BY topic, rank",
            [per_topic],
            |r| {
                Ok(WeakCardRow {
                    topic: r.get(0)?,
                    id: r.get(1)?,
                    q: r.get(2)?,
                    lapses: r.get(3)?,
                    ease: r.get(4)?,
                })
            },
        )
    }

    /// Cards tagged `mastery:<id>` (the tags column is a JSON array), in curriculum order,
    /// with their last three standing grades and their item's totals.
    pub fn mastery_cards(&self) -> Result<Vec<MasteryCardRow>> {
        self.stats_rows(
            "WITH linked AS (
               SELECT substr(j.value, 9) AS mastery, c.id, c.q, c.due IS NOT NULL AS seen,
                 c.suspended, c.interval_days, t.phase, t.ord, c.position,
                 (SELECT group_concat(grade, ' ' ORDER BY id) FROM (
                    SELECT id, grade FROM reviews r
                    WHERE r.card_id = c.id AND r.undone = 0
                    ORDER BY id DESC LIMIT 3)) AS grades,
                 (SELECT grade FROM reviews r WHERE r.card_id = c.id AND r.undone = 0
                  ORDER BY id DESC LIMIT 1) AS last_grade
               FROM cards c JOIN topics t ON t.slug = c.topic, json_each(c.tags) j
               WHERE c.retired = 0 AND t.active = 1 AND j.value LIKE 'mastery:%')
             SELECT mastery, id, q, seen, suspended, interval_days, coalesce(grades, ''),
               count(*) OVER w,
               coalesce(sum(seen AND interval_days >= ?1) OVER w, 0),
               min(seen AND interval_days >= ?1 AND coalesce(last_grade, 0) >= 4) OVER w
             FROM linked
             WINDOW w AS (PARTITION BY mastery)
             ORDER BY phase, ord, position",
            [MATURE_DAYS],
            |r| {
                let grades: String = r.get(6)?;
                Ok(MasteryCardRow {
                    mastery: r.get(0)?,
                    id: r.get(1)?,
                    q: r.get(2)?,
                    seen: r.get(3)?,
                    suspended: r.get(4)?,
                    interval_days: r.get(5)?,
                    last_grades: grades
                        .split_whitespace()
                        .filter_map(|g| g.parse().ok())
                        .collect(),
                    item_cards: r.get(7)?,
                    item_mature: r.get(8)?,
                    item_done: r.get(9)?,
                })
            },
        )
    }
}
