//! Progress reports: `stats`, the weak-topic `report` and the `mastery` checklist.
//!
//! Two steps, as everywhere in ecsdrill: the store aggregates in SQL and fills the plain input
//! rows defined here; the functions of this module turn them into a model (pure: no I/O, no
//! clock, no SQL); [`render`] turns a model into a `String` (table, Markdown, CSV, HTML; JSON is
//! the model through serde).
//!
//! # What counts
//!
//! * An undone grade (`reviews.undone = 1`) never counts, anywhere.
//! * **Reviews** (`reviews_30d`, total reviews, study days, the weekly table, the heatmap) are
//!   every standing row of the review log, whatever its mode: drill, `grade`, in-session
//!   repeats (`repeat`) and quiz grades that did not move the schedule (`scheduled = 0`).
//! * **Retention** is the share of *review grades* that were a pass (grade >= 3). A review grade
//!   is a standing row that moved the schedule (`scheduled = 1`, so no repeats and no
//!   unrecorded quiz grades) of a card that was not new at the time (`old_due IS NOT NULL`, so
//!   a card's first grade never counts). With no review grade in the window, retention is
//!   unknown (`null`), not 0 or 100%.
//! * The window is the last 30 study days, today included (`today - 29 ..= today`), or
//!   `--since DATE ..= today` for `report`. Only retention is windowed; lapses, leeches, EF and
//!   unseen cards describe the cards as they are now.
//! * Card counts use active cards (not retired). `new` means never graded; `young` and `mature`
//!   are seen, unsuspended cards with an interval below / at least 21 days; suspended cards are
//!   counted apart, so new + young + mature + suspended = cards. Mean EF is over seen cards.
//!
//! # Weakness
//!
//! A topic's weakness is a number in [0, 1], 0 solid and 1 struggling. With `n` active cards of
//! which `u` were never graded and `s = n - u` were:
//!
//! ```text
//! weakness = (s/n) x seen_weakness + (u/n) x 0.5        (an unseen card counts as half-known)
//!
//! seen_weakness = 0.50 x (1 - retention)
//!               + 0.20 x min(1, lapses / s)             (lapses per seen card, 1 saturates)
//!               + 0.15 x clamp((2.50 - mean EF) / 1.20, 0, 1)   (EF 2.50 -> 0, EF 1.30 -> 1)
//!               + 0.15 x leeches / s                     (leech: lapses >= leech_threshold)
//! ```
//!
//! When retention is unknown (seen cards, but no review grade in the window) it counts as 50%:
//! like an unseen card, a topic with no evidence is a coin flip, not a success. A topic nobody
//! has studied gets exactly 0.5 and the status `unseen`; nothing divides by zero. Topics are
//! listed weakest first; ties keep curriculum order.

pub mod render;

use crate::deck::schema::MASTERY_IDS;
use chrono::{Days, NaiveDate};
use serde::Serialize;

/// Days in the default retention window (today included).
pub const WINDOW_DAYS: u64 = 30;
/// Days in the `stats` due forecast (today included).
pub const FORECAST_DAYS: u32 = 14;
/// Weeks in the HTML calendar heatmap.
pub const HEATMAP_WEEKS: u64 = 26;
/// Cards listed per topic in the weak-topic report.
pub const WEAKEST_PER_TOPIC: u32 = 3;
/// An interval of at least this many days makes a card mature.
pub use crate::scheduler::interview::MATURE_DAYS;
/// What an unseen card contributes to its topic's weakness.
pub const UNSEEN_WEAKNESS: f64 = 0.5;
/// The retention the weakness formula assumes without any review grade in the window.
pub const UNKNOWN_RETENTION: f64 = 0.5;

// ---------------------------------------------------------------------------------------------
// Inputs: filled by the store's aggregate queries.

/// Card and review counts of one phase.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PhaseCounts {
    pub phase: u8,
    pub cards: u32,
    pub new: u32,
    pub young: u32,
    pub mature: u32,
    pub suspended: u32,
    pub due_today: u32,
    /// Every standing review-log row in the window.
    pub reviews: u32,
    /// Review grades in the window (see the module docs) and how many were >= 3.
    pub graded: u32,
    pub passed: u32,
    /// Mean EF of the seen cards, in hundredths.
    pub mean_ease: Option<f64>,
}

/// A number of reviews on one day (or due cards, for the forecast).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DayCount {
    pub date: NaiveDate,
    pub count: u32,
}

/// Reviews of one week (Monday to Sunday) of one phase.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekCount {
    /// The Monday the week starts on.
    pub week: NaiveDate,
    pub reviews: u32,
    pub mean_grade: f64,
}

/// Counts of one topic for the weak-topic report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TopicCounts {
    pub phase: u8,
    pub order: u32,
    pub topic: String,
    pub title: String,
    pub source: String,
    pub cards: u32,
    pub unseen: u32,
    pub lapses: u32,
    pub leeches: u32,
    /// Mean EF of the seen cards, in hundredths.
    pub mean_ease: Option<f64>,
    pub graded: u32,
    pub passed: u32,
}

/// One of the weakest seen cards of a topic.
#[derive(Debug, Clone, PartialEq)]
pub struct WeakCardRow {
    pub topic: String,
    pub id: String,
    pub q: String,
    pub lapses: u32,
    /// EF in hundredths.
    pub ease: u16,
}

/// One card linked to a mastery item, with the item's totals (computed in SQL).
#[derive(Debug, Clone, PartialEq)]
pub struct MasteryCardRow {
    pub mastery: String,
    pub id: String,
    pub q: String,
    pub seen: bool,
    pub suspended: bool,
    pub interval_days: u32,
    /// The card's most recent standing grades, oldest first (at most 3).
    pub last_grades: Vec<u8>,
    /// Linked cards of the item, how many are mature, and whether every one is mature with a
    /// last grade >= 4.
    pub item_cards: u32,
    pub item_mature: u32,
    pub item_done: bool,
}

// ---------------------------------------------------------------------------------------------
// Models.

fn round_to(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

fn ratio(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) / f64::from(whole))
}

/// The first day of the default window ending `today`.
pub fn window_start(today: NaiveDate) -> NaiveDate {
    today
        .checked_sub_days(Days::new(WINDOW_DAYS - 1))
        .unwrap_or(today)
}

/// The Monday of the week `day` falls in.
pub fn monday_of(day: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    let back = u64::from(day.weekday().num_days_from_monday());
    day.checked_sub_days(Days::new(back)).unwrap_or(day)
}

/// The first day of the HTML heatmap: the Monday [`HEATMAP_WEEKS`] - 1 weeks before this week's.
pub fn heatmap_start(today: NaiveDate) -> NaiveDate {
    let monday = monday_of(today);
    monday
        .checked_sub_days(Days::new((HEATMAP_WEEKS - 1) * 7))
        .unwrap_or(monday)
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhaseStats {
    pub phase: u8,
    pub cards: u32,
    pub new: u32,
    pub young: u32,
    pub mature: u32,
    pub suspended: u32,
    pub due_today: u32,
    pub reviews_30d: u32,
    /// Share of review grades >= 3, 0..=1; `None` without any review grade.
    pub retention_30d: Option<f64>,
    pub mean_ease: Option<f64>,
    /// Review grades behind `retention_30d`.
    pub graded_30d: u32,
}

impl From<&PhaseCounts> for PhaseStats {
    fn from(c: &PhaseCounts) -> PhaseStats {
        PhaseStats {
            phase: c.phase,
            cards: c.cards,
            new: c.new,
            young: c.young,
            mature: c.mature,
            suspended: c.suspended,
            due_today: c.due_today,
            reviews_30d: c.reviews,
            retention_30d: ratio(c.passed, c.graded).map(|r| round_to(r, 3)),
            mean_ease: c.mean_ease.map(|e| round_to(e / 100.0, 2)),
            graded_30d: c.graded,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForecastDay {
    pub date: NaiveDate,
    pub due: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Weekly {
    pub phase: u8,
    pub weeks: Vec<WeekStats>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekStats {
    pub week: NaiveDate,
    pub reviews: u32,
    pub mean_grade: f64,
}

/// `stats`: DESIGN.md §6 (`phases`, `forecast`) plus totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub phases: Vec<PhaseStats>,
    pub forecast: Vec<ForecastDay>,
    pub today: NaiveDate,
    pub window_start: NaiveDate,
    pub total_reviews: u32,
    pub study_days: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weekly: Option<Weekly>,
}

pub struct StatsInput {
    pub today: NaiveDate,
    pub phases: Vec<PhaseCounts>,
    pub forecast: Vec<DayCount>,
    pub total_reviews: u32,
    pub study_days: u32,
    /// `--phase N` and that phase's weeks.
    pub weekly: Option<(u8, Vec<WeekCount>)>,
}

pub fn stats(input: StatsInput) -> Stats {
    Stats {
        phases: input.phases.iter().map(PhaseStats::from).collect(),
        forecast: input
            .forecast
            .iter()
            .map(|d| ForecastDay {
                date: d.date,
                due: d.count,
            })
            .collect(),
        today: input.today,
        window_start: window_start(input.today),
        total_reviews: input.total_reviews,
        study_days: input.study_days,
        weekly: input.weekly.map(|(phase, weeks)| Weekly {
            phase,
            weeks: weeks
                .into_iter()
                .map(|w| WeekStats {
                    week: w.week,
                    reviews: w.reviews,
                    mean_grade: round_to(w.mean_grade, 2),
                })
                .collect(),
        }),
    }
}

/// Where a topic stands: nothing seen, some cards seen, every card seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TopicStatus {
    Unseen,
    Started,
    Seen,
}

impl TopicStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TopicStatus::Unseen => "unseen",
            TopicStatus::Started => "started",
            TopicStatus::Seen => "seen",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeakCard {
    pub id: String,
    pub q: String,
    pub lapses: u32,
    pub ease: f64,
}

/// One topic of the weak-topic report (DESIGN.md §6, plus `status`, `cards`, `reviews`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicReport {
    pub phase: u8,
    pub topic: String,
    pub title: String,
    pub source: String,
    pub weakness: f64,
    /// Retention over the report window (named for the default 30 days).
    pub retention_30d: Option<f64>,
    pub lapses: u32,
    pub leeches: u32,
    pub unseen: u32,
    pub mean_ease: Option<f64>,
    pub weakest_cards: Vec<WeakCard>,
    pub status: TopicStatus,
    pub cards: u32,
    /// Review grades in the window behind `retention_30d`.
    pub reviews: u32,
}

/// Retention of one phase over the report window, for the HTML chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhaseRetention {
    pub phase: u8,
    pub retention: Option<f64>,
    pub graded: u32,
}

/// The weak-topic report. The JSON is DESIGN.md §6 plus the window and totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub generated_at: String,
    pub today: NaiveDate,
    pub window_start: NaiveDate,
    pub leech_threshold: u32,
    pub topics: Vec<TopicReport>,
    /// Review grades and passes in the window, over all topics.
    pub retention: Option<f64>,
    pub graded: u32,
    pub cards: u32,
    pub seen: u32,
    pub study_days: u32,
    #[serde(skip)]
    pub phases: Vec<PhaseRetention>,
    /// Reviews per day from [`heatmap_start`] to today, every day present.
    #[serde(skip)]
    pub days: Vec<DayCount>,
}

pub struct ReportInput {
    pub generated_at: String,
    pub today: NaiveDate,
    pub window_start: NaiveDate,
    pub leech_threshold: u32,
    pub topics: Vec<TopicCounts>,
    pub weakest: Vec<WeakCardRow>,
    pub phases: Vec<PhaseCounts>,
    /// Days with reviews since [`heatmap_start`]; missing days had none.
    pub days: Vec<DayCount>,
    pub study_days: u32,
}

/// The terms of the weakness formula (see the module docs), each in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeaknessTerms {
    pub cards: u32,
    pub unseen: u32,
    pub retention: Option<f64>,
    pub lapses: u32,
    pub leeches: u32,
    /// Mean EF of the seen cards (e.g. 2.5).
    pub mean_ease: Option<f64>,
}

/// The weakness score of the module docs, rounded to 3 decimals.
pub fn weakness(t: &WeaknessTerms) -> f64 {
    if t.cards == 0 {
        return 0.0;
    }
    let n = f64::from(t.cards);
    let unseen = t.unseen.min(t.cards);
    let seen = t.cards - unseen;
    let seen_part = if seen == 0 {
        0.0
    } else {
        let s = f64::from(seen);
        let lapse = (f64::from(t.lapses) / s).min(1.0);
        let ease = t
            .mean_ease
            .map_or(0.0, |e| ((2.5 - e) / 1.2).clamp(0.0, 1.0));
        let leech = (f64::from(t.leeches) / s).min(1.0);
        let retention = t.retention.unwrap_or(UNKNOWN_RETENTION);
        let w = 0.5 * (1.0 - retention) + 0.2 * lapse + 0.15 * ease + 0.15 * leech;
        w * s / n
    };
    round_to(seen_part + UNSEEN_WEAKNESS * f64::from(unseen) / n, 3)
}

pub fn report(input: ReportInput) -> Report {
    let mut topics: Vec<(u32, TopicReport)> = input
        .topics
        .iter()
        .map(|t| {
            let retention = ratio(t.passed, t.graded);
            let mean_ease = t.mean_ease.map(|e| round_to(e / 100.0, 2));
            let score = weakness(&WeaknessTerms {
                cards: t.cards,
                unseen: t.unseen,
                retention,
                lapses: t.lapses,
                leeches: t.leeches,
                mean_ease: t.mean_ease.map(|e| e / 100.0),
            });
            let status = if t.unseen >= t.cards {
                TopicStatus::Unseen
            } else if t.unseen > 0 {
                TopicStatus::Started
            } else {
                TopicStatus::Seen
            };
            let weakest_cards = input
                .weakest
                .iter()
                .filter(|c| c.topic == t.topic)
                .take(WEAKEST_PER_TOPIC as usize)
                .map(|c| WeakCard {
                    id: c.id.clone(),
                    q: c.q.clone(),
                    lapses: c.lapses,
                    ease: f64::from(c.ease) / 100.0,
                })
                .collect();
            let report = TopicReport {
                phase: t.phase,
                topic: t.topic.clone(),
                title: t.title.clone(),
                source: t.source.clone(),
                weakness: score,
                retention_30d: retention.map(|r| round_to(r, 3)),
                lapses: t.lapses,
                leeches: t.leeches,
                unseen: t.unseen,
                mean_ease,
                weakest_cards,
                status,
                cards: t.cards,
                reviews: t.graded,
            };
            (t.order, report)
        })
        .collect();
    topics.sort_by(|(ao, a), (bo, b)| {
        b.weakness
            .total_cmp(&a.weakness)
            .then(a.phase.cmp(&b.phase))
            .then(ao.cmp(bo))
            .then(a.topic.cmp(&b.topic))
    });
    let (graded, passed) = input
        .phases
        .iter()
        .fold((0, 0), |(g, p), c| (g + c.graded, p + c.passed));
    let cards = input.topics.iter().map(|t| t.cards).sum::<u32>();
    let unseen = input.topics.iter().map(|t| t.unseen).sum::<u32>();
    Report {
        generated_at: input.generated_at,
        today: input.today,
        window_start: input.window_start,
        leech_threshold: input.leech_threshold,
        topics: topics.into_iter().map(|(_, t)| t).collect(),
        retention: ratio(passed, graded).map(|r| round_to(r, 3)),
        graded,
        cards,
        seen: cards.saturating_sub(unseen),
        study_days: input.study_days,
        phases: input
            .phases
            .iter()
            .map(|p| PhaseRetention {
                phase: p.phase,
                retention: ratio(p.passed, p.graded).map(|r| round_to(r, 3)),
                graded: p.graded,
            })
            .collect(),
        days: fill_days(heatmap_start(input.today), input.today, &input.days),
    }
}

/// Every day from `from` to `to`, with the count of `sparse` or 0.
fn fill_days(from: NaiveDate, to: NaiveDate, sparse: &[DayCount]) -> Vec<DayCount> {
    from.iter_days()
        .take_while(|d| *d <= to)
        .map(|date| DayCount {
            date,
            count: sparse
                .iter()
                .find(|c| c.date == date)
                .map_or(0, |c| c.count),
        })
        .collect()
}

/// The label of each mastery id, in checklist order.
pub const MASTERY_LABELS: [(&str, &str); 10] = [
    (
        "unionfs-layers",
        "Explain Docker UnionFS and why image layers matter for build speed and storage",
    ),
    (
        "ecr-oidc-ci",
        "Authenticate to ECR without static credentials in CI/CD pipelines (OIDC)",
    ),
    (
        "ecr-multi-account-replication",
        "Design a multi-account ECR replication strategy",
    ),
    (
        "task-vs-execution-role",
        "Explain the exact difference between Task Role and Execution Role",
    ),
    (
        "fargate-eni-isolation",
        "Explain how ECS Fargate achieves ENI-per-task network isolation",
    ),
    (
        "blue-green-codedeploy",
        "Design a zero-downtime Blue/Green deployment with CodeDeploy",
    ),
    (
        "stuck-rolling-update",
        "Debug a rolling update that gets stuck at 50%",
    ),
    (
        "fargate-cost-calc",
        "Calculate Fargate costs for a given workload",
    ),
    (
        "firelens-routing",
        "Set up FireLens for centralized log routing to multiple destinations",
    ),
    (
        "multi-az-capacity-scaling",
        "Design a multi-AZ ECS service with capacity providers and auto-scaling",
    ),
];

/// The human label of a mastery id.
pub fn mastery_label(id: &str) -> &'static str {
    MASTERY_LABELS
        .iter()
        .find(|(m, _)| *m == id)
        .map_or("", |(_, label)| label)
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MasteryCard {
    pub id: String,
    pub q: String,
    /// new | young | mature | suspended
    pub status: &'static str,
    pub interval_days: u32,
    pub mature: bool,
    pub last_grades: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MasteryItem {
    pub number: usize,
    pub id: String,
    pub label: String,
    /// Every linked card is mature and its last grade is >= 4 (and there is at least one).
    pub done: bool,
    pub linked: u32,
    pub mature: u32,
    pub cards: Vec<MasteryCard>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mastery {
    pub done: usize,
    pub total: usize,
    pub items: Vec<MasteryItem>,
}

/// The checklist in curriculum order, whether or not any card is linked to an item.
pub fn mastery(rows: &[MasteryCardRow]) -> Mastery {
    let items: Vec<MasteryItem> = MASTERY_IDS
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let linked: Vec<&MasteryCardRow> = rows.iter().filter(|r| r.mastery == *id).collect();
            let first = linked.first();
            MasteryItem {
                number: i + 1,
                id: id.to_string(),
                label: mastery_label(id).to_string(),
                done: first.is_some_and(|r| r.item_done),
                linked: first.map_or(0, |r| r.item_cards),
                mature: first.map_or(0, |r| r.item_mature),
                cards: linked
                    .iter()
                    .map(|r| {
                        let mature = r.seen && r.interval_days >= MATURE_DAYS;
                        MasteryCard {
                            id: r.id.clone(),
                            q: r.q.clone(),
                            status: if r.suspended {
                                "suspended"
                            } else if !r.seen {
                                "new"
                            } else if mature {
                                "mature"
                            } else {
                                "young"
                            },
                            interval_days: r.interval_days,
                            mature,
                            last_grades: r.last_grades.clone(),
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    Mastery {
        done: items.iter().filter(|i| i.done).count(),
        total: items.len(),
        items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms() -> WeaknessTerms {
        WeaknessTerms {
            cards: 4,
            unseen: 0,
            retention: Some(1.0),
            lapses: 0,
            leeches: 0,
            mean_ease: Some(2.5),
        }
    }

    #[test]
    fn weakness_bounds_and_terms() {
        let t = terms();
        assert_eq!(weakness(&t), 0.0);
        let worst = WeaknessTerms {
            retention: Some(0.0),
            lapses: 40,
            leeches: 4,
            mean_ease: Some(1.3),
            ..t
        };
        assert_eq!(weakness(&worst), 1.0);
        // Retention alone: 0.5 x (1 - 0.5).
        assert_eq!(
            weakness(&WeaknessTerms {
                retention: Some(0.5),
                ..t
            }),
            0.25
        );
        // EF 1.90: 0.15 x 0.6/1.2 = 0.075; EF above 2.5 is clamped to 0.
        assert_eq!(
            weakness(&WeaknessTerms {
                mean_ease: Some(1.9),
                ..t
            }),
            0.075
        );
        assert_eq!(
            weakness(&WeaknessTerms {
                mean_ease: Some(2.8),
                ..t
            }),
            0.0
        );
        // 2 lapses over 4 seen cards: 0.2 x 0.5; one leech of 4: 0.15 x 0.25.
        assert_eq!(
            weakness(&WeaknessTerms {
                lapses: 2,
                leeches: 1,
                ..t
            }),
            0.138
        );
    }

    #[test]
    fn unseen_cards_count_half_and_unknown_retention_is_a_coin_flip() {
        let all_unseen = WeaknessTerms {
            unseen: 4,
            retention: None,
            mean_ease: None,
            ..terms()
        };
        assert_eq!(weakness(&all_unseen), 0.5);
        let half = WeaknessTerms {
            unseen: 2,
            ..terms()
        };
        assert_eq!(weakness(&half), 0.25);
        // No review grade yet: 0.5 x 0.5 + 0.2 x lapses/s (1/2), scaled by s/n = 1/2, + 0.25.
        let unknown = WeaknessTerms {
            unseen: 2,
            retention: None,
            lapses: 1,
            ..terms()
        };
        assert_eq!(weakness(&unknown), 0.425);
        // Seen once, no evidence either way: a quarter.
        assert_eq!(
            weakness(&WeaknessTerms {
                retention: None,
                ..terms()
            }),
            0.25
        );
        assert_eq!(
            weakness(&WeaknessTerms {
                cards: 0,
                ..all_unseen
            }),
            0.0
        );
    }

    #[test]
    fn empty_report_marks_every_topic_unseen_in_curriculum_order() {
        let today: NaiveDate = "2026-01-10".parse().unwrap();
        let topic = |phase, order, slug: &str| TopicCounts {
            phase,
            order,
            topic: slug.into(),
            title: slug.into(),
            source: "s.md".into(),
            cards: 3,
            unseen: 3,
            ..Default::default()
        };
        let r = report(ReportInput {
            generated_at: "now".into(),
            today,
            window_start: window_start(today),
            leech_threshold: 8,
            topics: vec![topic(1, 1, "b"), topic(0, 2, "a2"), topic(0, 1, "a1")],
            weakest: vec![],
            phases: vec![],
            days: vec![],
            study_days: 0,
        });
        let order: Vec<&str> = r.topics.iter().map(|t| t.topic.as_str()).collect();
        assert_eq!(order, ["a1", "a2", "b"]);
        assert!(r.topics.iter().all(|t| t.status == TopicStatus::Unseen
            && t.weakness == 0.5
            && t.retention_30d.is_none()));
        assert_eq!(r.retention, None);
        assert_eq!(r.days.len(), 26 * 7 - 1); // Monday 25 weeks back .. Saturday today
    }

    #[test]
    fn weeks_start_on_monday() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(monday_of(d("2026-01-10")), d("2026-01-05")); // a Saturday
        assert_eq!(monday_of(d("2026-01-05")), d("2026-01-05"));
        assert_eq!(monday_of(d("2026-01-11")), d("2026-01-05"));
        assert_eq!(window_start(d("2026-01-30")), d("2026-01-01"));
        assert_eq!(heatmap_start(d("2026-01-10")), d("2025-07-14"));
    }

    #[test]
    fn every_mastery_id_has_a_label() {
        for id in MASTERY_IDS {
            assert!(!mastery_label(id).is_empty(), "{id}");
        }
        let m = mastery(&[]);
        assert_eq!((m.done, m.total), (0, 10));
        assert!(m.items.iter().all(|i| i.linked == 0 && !i.done));
    }
}
