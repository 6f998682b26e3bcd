//! The aggregate queries behind `stats`, `report` and `mastery`, and the rows they return.
//!
//! Every count, sum and mean is computed here in SQL; the rows are plain data that
//! [`crate::report`] turns into models (most are serialised as they are, inside a model). What
//! counts as a review, a review grade, a failure and the window is defined in the `report`
//! module docs: undone rows never count; retention uses `scheduled = 1 AND old_due IS NOT NULL`
//! rows only; failures are `scheduled = 1 AND grade < 3` rows, a card's first grade included.

use super::{Store, bad_row, parse_day, required_day};
use crate::error::Result;
use crate::scheduler::interview::MATURE_DAYS;
use chrono::NaiveDate;
use rusqlite::{Row, params};
use serde::Serialize;

/// Standing reviews on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayCount {
    pub date: NaiveDate,
    pub count: u32,
}

/// Unsuspended cards due on one day (the first day of a forecast also counts the overdue).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ForecastDay {
    pub date: NaiveDate,
    pub due: u32,
}

/// Reviews and mean grade (2 decimals) of one week (Monday to Sunday) of one phase.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekCount {
    /// The Monday the week starts on.
    pub week: NaiveDate,
    pub reviews: u32,
    pub mean_grade: f64,
}

/// Card and review counts of one phase; serialised as the `stats --json` phase row.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PhaseCounts {
    pub phase: u8,
    pub cards: u32,
    pub new: u32,
    pub young: u32,
    pub mature: u32,
    pub suspended: u32,
    pub due_today: u32,
    /// Every standing review-log row in the window.
    pub reviews_30d: u32,
    /// Mean EF of the seen cards (2 decimals).
    pub mean_ease: Option<f64>,
    /// Review grades in the window and how many were >= 3.
    pub graded_30d: u32,
    #[serde(skip)]
    pub passed: u32,
}

/// Counts of one topic for the weak-topic report (serialised inside a topic of the report).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TopicCounts {
    pub phase: u8,
    #[serde(skip)]
    pub order: u32,
    pub topic: String,
    pub title: String,
    pub source: String,
    pub cards: u32,
    pub unseen: u32,
    pub lapses: u32,
    pub leeches: u32,
    /// Mean EF of the seen cards (2 decimals).
    pub mean_ease: Option<f64>,
    /// Review grades in the window, and how many were >= 3.
    #[serde(rename = "reviews")]
    pub graded: u32,
    #[serde(skip)]
    pub passed: u32,
    /// Scheduled grades < 3 in the window, a card's first grade included.
    pub failures: u32,
}

/// One of the weakest seen cards of a topic.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeakCard {
    #[serde(skip)]
    pub topic: String,
    pub id: String,
    pub q: String,
    /// Scheduled grades below 3, a card's first grades included (what ranks it weak).
    pub failures: u32,
    /// SM-2 lapses: failures after the card had been recalled at least once.
    pub lapses: u32,
    pub ease: f64,
}

/// One card linked to a mastery item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MasteryCardRow {
    #[serde(skip)]
    pub mastery: String,
    pub id: String,
    pub q: String,
    #[serde(skip)]
    pub seen: bool,
    #[serde(skip)]
    pub suspended: bool,
    pub interval_days: u32,
    /// The card's most recent standing grades, oldest first (at most 3).
    pub last_grades: Vec<u8>,
    /// The study day of the card's most recent standing grade.
    pub last_review: Option<NaiveDate>,
}

/// Review grades and passes of one phase in one week of the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekGrades {
    pub phase: u8,
    pub week: NaiveDate,
    pub graded: u32,
    pub passed: u32,
}

/// Young and mature cards at the end of a day, as the review log left them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MaturityCount {
    pub day: NaiveDate,
    pub young: u32,
    pub mature: u32,
}

/// Active cards of active topics (the population of every count).
const ACTIVE: &str = "c.retired = 0 AND t.active = 1";

impl Store {
    /// Runs `sql` and maps each row with `f`: the row mapping of every store query that reads
    /// a list (named for where it began).
    pub(super) fn stats_rows<T>(
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

    fn stats_row<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        f: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<T> {
        let mut rows = self.stats_rows(sql, params, f)?;
        rows.pop()
            .ok_or_else(|| self.err(rusqlite::Error::QueryReturnedNoRows))
    }

    /// Card counts of every phase with active cards, and the review counts of the window
    /// `from ..= today`. Topics first (CROSS JOIN keeps that order), so each topic's cards are
    /// read from the covering `cards_state` index, not from the table with all their text.
    pub fn phase_counts(&self, today: NaiveDate, from: NaiveDate) -> Result<Vec<PhaseCounts>> {
        self.stats_rows(
            &format!(
                "WITH c AS (
               SELECT t.phase AS phase, count(*) AS cards,
                 sum(c.suspended = 0 AND c.due IS NULL) AS new,
                 sum(c.suspended = 0 AND c.due IS NOT NULL AND c.interval_days < ?3) AS young,
                 sum(c.suspended = 0 AND c.due IS NOT NULL AND c.interval_days >= ?3) AS mature,
                 sum(c.suspended = 1) AS suspended,
                 coalesce(sum(c.suspended = 0 AND c.due <= ?1), 0) AS due_today,
                 round(avg(CASE WHEN c.due IS NOT NULL THEN c.ease END) / 100.0, 2) AS ease
               FROM topics t CROSS JOIN cards c ON c.topic = t.slug
               WHERE {ACTIVE}
               GROUP BY t.phase),
             r AS (
               SELECT phase, sum(reviews) AS reviews, sum(graded) AS graded,
                 sum(passed) AS passed
               FROM review_rollup
               WHERE study_day BETWEEN ?2 AND ?1
               GROUP BY phase)
             SELECT c.phase, c.cards, c.new, c.young, c.mature, c.suspended, c.due_today,
               coalesce(r.reviews, 0), coalesce(r.graded, 0), coalesce(r.passed, 0), c.ease
             FROM c LEFT JOIN r ON r.phase = c.phase
             ORDER BY c.phase"
            ),
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
                    reviews_30d: r.get(7)?,
                    graded_30d: r.get(8)?,
                    passed: r.get(9)?,
                    mean_ease: r.get(10)?,
                })
            },
        )
    }

    /// Unsuspended cards due on each of `days` days from `today`; the first day also counts
    /// every overdue card.
    pub fn due_forecast(&self, today: NaiveDate, days: u32) -> Result<Vec<ForecastDay>> {
        self.stats_rows(
            &format!(
                // One range over the due index, grouped by day (overdue cards count on the
                // first).
                "WITH RECURSIVE d(day, n) AS (
               SELECT ?1, 0
               UNION ALL SELECT date(day, '+1 day'), n + 1 FROM d WHERE n + 1 < ?2),
             due AS (
               SELECT max(c.due, ?1) AS day, count(*) AS n
               FROM cards c JOIN topics t ON t.slug = c.topic
               WHERE {ACTIVE} AND c.suspended = 0 AND c.due <= (SELECT max(day) FROM d)
               GROUP BY 1)
             SELECT d.day, coalesce(due.n, 0) FROM d LEFT JOIN due ON due.day = d.day
             ORDER BY d.day"
            ),
            params![today.to_string(), days],
            |r| {
                Ok(ForecastDay {
                    date: required_day(r.get(0)?, "day")?,
                    due: r.get(1)?,
                })
            },
        )
    }

    /// Standing reviews ever, the distinct study days they fall on, and the first of them.
    pub fn review_totals(&self) -> Result<(u32, u32, Option<NaiveDate>)> {
        self.stats_row(
            "SELECT coalesce(sum(n), 0), count(*), min(day) FROM (
               SELECT study_day AS day, sum(reviews) AS n FROM review_rollup
               GROUP BY study_day HAVING n > 0)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, parse_day(r.get(2)?, "study_day")?)),
        )
    }

    /// Reviews and mean grade of `phase` per week (weeks start on Monday), oldest first.
    pub fn weekly_grades(&self, phase: u8) -> Result<Vec<WeekCount>> {
        self.stats_rows(
            "SELECT date(study_day, '-6 days', 'weekday 1') AS week, sum(reviews) AS n,
               round(1.0 * sum(grade_sum) / sum(reviews), 2)
             FROM review_rollup WHERE phase = ?1
             GROUP BY week HAVING n > 0 ORDER BY week",
            [phase],
            |r| {
                Ok(WeekCount {
                    week: required_day(r.get(0)?, "week")?,
                    reviews: r.get(1)?,
                    mean_grade: r.get(2)?,
                })
            },
        )
    }

    /// Standing reviews per study day in `from ..= to`; days without any are left out.
    pub fn daily_reviews(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<DayCount>> {
        self.stats_rows(
            "SELECT study_day, sum(reviews) AS n FROM review_rollup
             WHERE study_day BETWEEN ?1 AND ?2
             GROUP BY study_day HAVING n > 0 ORDER BY study_day",
            params![from.to_string(), to.to_string()],
            |r| {
                Ok(DayCount {
                    date: required_day(r.get(0)?, "day")?,
                    count: r.get(1)?,
                })
            },
        )
    }

    /// Review grades and passes per phase and week (weeks start on Monday) in
    /// `from ..= today`; weeks without any are left out.
    pub fn weekly_retention(&self, today: NaiveDate, from: NaiveDate) -> Result<Vec<WeekGrades>> {
        self.stats_rows(
            "SELECT phase, date(study_day, '-6 days', 'weekday 1') AS week, sum(graded) AS n,
               sum(passed)
             FROM review_rollup
             WHERE study_day BETWEEN ?2 AND ?1
             GROUP BY phase, week HAVING n > 0 ORDER BY phase, week",
            params![today.to_string(), from.to_string()],
            |r| {
                Ok(WeekGrades {
                    phase: r.get(0)?,
                    week: required_day(r.get(1)?, "week")?,
                    graded: r.get(2)?,
                    passed: r.get(3)?,
                })
            },
        )
    }

    /// Young and mature cards at the end of each of `days`: by the interval of each card's
    /// last standing scheduled grade up to that day (a card without one was new). Every such
    /// grade moved its card from its old class (new, young or mature) to its new one, and the
    /// review rollup sums those moves per day, so a day's counts are the sums of the moves up
    /// to it: one read of a row per study day, whatever the size of the log. (Cards whose
    /// decks were removed still count, as their history does.)
    pub fn maturity_at(&self, days: &[NaiveDate]) -> Result<Vec<MaturityCount>> {
        let Some(last) = days.iter().max() else {
            return Ok(Vec::new());
        };
        let moves = self.stats_rows(
            "SELECT study_day, sum(young), sum(mature) FROM review_rollup
             WHERE study_day <= ?1 GROUP BY study_day ORDER BY study_day",
            [last.to_string()],
            |r| {
                Ok((
                    required_day(r.get(0)?, "day")?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            },
        )?;
        let count = |n: i64| u32::try_from(n).unwrap_or(0);
        let mut days = days.to_vec();
        days.sort();
        days.dedup();
        Ok(days
            .into_iter()
            .map(|d| {
                let (young, mature) = moves
                    .iter()
                    .take_while(|(day, ..)| *day <= d)
                    .fold((0, 0), |(y, m), (_, dy, dm)| (y + dy, m + dm));
                MaturityCount {
                    day: d,
                    young: count(young),
                    mature: count(mature),
                }
            })
            .collect())
    }

    /// Every active topic with its card state counts and the review grades and failures of
    /// `from ..= today`, in curriculum order.
    pub fn topic_counts(
        &self,
        today: NaiveDate,
        from: NaiveDate,
        leech_threshold: u32,
    ) -> Result<Vec<TopicCounts>> {
        self.stats_rows(
            "WITH r AS (
               SELECT topic, sum(graded) AS graded, sum(passed) AS passed,
                 sum(failures) AS failures
               FROM review_rollup
               WHERE study_day BETWEEN ?2 AND ?1
               GROUP BY topic)
             SELECT t.phase, t.ord, t.slug, t.title, t.source, count(c.id),
               coalesce(sum(c.due IS NULL), 0), coalesce(sum(c.lapses), 0),
               coalesce(sum(c.failures >= ?3), 0),
               round(avg(CASE WHEN c.due IS NOT NULL THEN c.ease END) / 100.0, 2),
               coalesce(r.graded, 0), coalesce(r.passed, 0), coalesce(r.failures, 0)
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
                    failures: r.get(12)?,
                })
            },
        )
    }

    /// The `per_topic` weakest seen cards of every topic: most failures (a card failed since
    /// new counts, though SM-2 sees no lapse), then lowest EF, then fewest successful
    /// repetitions in a row, then curriculum order.
    pub fn weakest_cards(&self, per_topic: u32) -> Result<Vec<WeakCard>> {
        self.stats_rows(
            // Per active topic, the first rows of the `cards_weakest` index (topics first:
            // CROSS JOIN keeps that order), instead of ranking every seen card.
            "SELECT c.topic, c.id, c.q, c.failures, c.lapses, c.ease / 100.0
             FROM topics t CROSS JOIN cards c
             WHERE t.active = 1 AND c.rowid IN (
               SELECT w.rowid FROM cards w
               WHERE w.topic = t.slug AND w.retired = 0 AND w.due IS NOT NULL
               ORDER BY w.failures DESC, w.ease, w.reps, w.position LIMIT ?1)
             ORDER BY c.topic, c.failures DESC, c.ease, c.reps, c.position",
            [per_topic],
            |r| {
                Ok(WeakCard {
                    topic: r.get(0)?,
                    id: r.get(1)?,
                    q: r.get(2)?,
                    failures: r.get(3)?,
                    lapses: r.get(4)?,
                    ease: r.get(5)?,
                })
            },
        )
    }

    /// Cards tagged `mastery:<id>` (the tags column is a JSON array), in curriculum order,
    /// with their last three standing grades and the day of the last one.
    pub fn mastery_cards(&self) -> Result<Vec<MasteryCardRow>> {
        self.stats_rows(
            &format!(
                "SELECT substr(j.value, 9), c.id, c.q, c.due IS NOT NULL, c.suspended,
               c.interval_days,
               (SELECT group_concat(grade, ' ' ORDER BY id) FROM (
                  SELECT id, grade FROM reviews r
                  WHERE r.card_id = c.id AND r.undone = 0
                  ORDER BY id DESC LIMIT 3)),
               (SELECT study_day FROM reviews r WHERE r.card_id = c.id AND r.undone = 0
                ORDER BY id DESC LIMIT 1)
             FROM cards c JOIN topics t ON t.slug = c.topic, json_each(c.tags) j
             WHERE {ACTIVE} AND j.value LIKE 'mastery:%'
             ORDER BY t.phase, t.ord, c.position"
            ),
            [],
            |r| {
                let id: String = r.get(1)?;
                // NULL: no standing review yet.
                let grades: Option<String> = r.get(6)?;
                let last_grades = grades
                    .as_deref()
                    .unwrap_or_default()
                    .split_whitespace()
                    .map(|g| {
                        g.parse()
                            .map_err(|_| bad_row(format!("review of {id}: grade {g:?}")))
                    })
                    .collect::<rusqlite::Result<_>>()?;
                Ok(MasteryCardRow {
                    mastery: r.get(0)?,
                    id,
                    q: r.get(2)?,
                    seen: r.get(3)?,
                    suspended: r.get(4)?,
                    interval_days: r.get(5)?,
                    last_grades,
                    last_review: parse_day(r.get(7)?, "study_day")?,
                })
            },
        )
    }
}
