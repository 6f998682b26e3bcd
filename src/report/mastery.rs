//! The `mastery` checklist: the curriculum's ten items, the cards linked to each, and when an
//! item counts as done.
//!
//! Without an interview date an item is done when every linked card is mature (interval >=
//! 21 days) with a last grade >= 4. A two-week preparation can never get there, so with a
//! date set an item is done when every linked card's last two grades are >= 4 and its last
//! review falls in the final window before the interview (or later) — the window the plan
//! lands its capped reviews in ([`crate::scheduler::interview::final_window`]).

use crate::deck::schema::MASTERY_IDS;
use crate::scheduler::CardStatus;
use crate::scheduler::interview::final_window;
use crate::store::stats::MasteryCardRow;
use chrono::NaiveDate;
use serde::Serialize;

/// The label of each item, in the order of [`MASTERY_IDS`].
pub const MASTERY_LABELS: [&str; MASTERY_IDS.len()] = [
    "Explain Docker UnionFS and why image layers matter for build speed and storage",
    "Authenticate to ECR without static credentials in CI/CD pipelines (OIDC)",
    "Design a multi-account ECR replication strategy",
    "Explain the exact difference between Task Role and Execution Role",
    "Explain how ECS Fargate achieves ENI-per-task network isolation",
    "Design a zero-downtime Blue/Green deployment with CodeDeploy",
    "Debug a rolling update that gets stuck at 50%",
    "Calculate Fargate costs for a given workload",
    "Set up FireLens for centralized log routing to multiple destinations",
    "Design a multi-AZ ECS service with capacity providers and auto-scaling",
];

/// Which rule decides that a linked card is ready.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// No interview date: mature with a last grade >= 4.
    Maturity,
    /// An interview date: the last two grades >= 4, the last one from `window_start` on.
    FinalWindow {
        interview: NaiveDate,
        window_start: NaiveDate,
    },
}

impl Rule {
    pub fn for_interview(interview: Option<NaiveDate>) -> Rule {
        match interview.and_then(|d| final_window(d).map(|w| (d, *w.start()))) {
            Some((interview, window_start)) => Rule::FinalWindow {
                interview,
                window_start,
            },
            None => Rule::Maturity,
        }
    }

    /// Whether one linked card meets the rule.
    pub fn ready(self, card: &MasteryCardRow) -> bool {
        let grades = &card.last_grades;
        match self {
            Rule::Maturity => {
                CardStatus::of(false, card.seen, card.interval_days) == CardStatus::Mature
                    && grades.last().is_some_and(|g| *g >= 4)
            }
            Rule::FinalWindow { window_start, .. } => {
                grades.len() >= 2
                    && grades[grades.len() - 2..].iter().all(|g| *g >= 4)
                    && card.last_review.is_some_and(|d| d >= window_start)
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MasteryCard {
    #[serde(flatten)]
    pub card: MasteryCardRow,
    pub status: CardStatus,
    pub mature: bool,
    pub ready: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MasteryItem {
    pub number: usize,
    pub id: String,
    pub label: String,
    /// At least one linked card, and every one is ready.
    pub done: bool,
    pub linked: u32,
    pub mature: u32,
    pub ready: u32,
    /// `ready / linked`, 0 without linked cards.
    pub progress: f64,
    pub cards: Vec<MasteryCard>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mastery {
    pub done: usize,
    pub total: usize,
    pub rule: Rule,
    pub items: Vec<MasteryItem>,
}

fn count(cards: &[MasteryCard], f: impl Fn(&MasteryCard) -> bool) -> u32 {
    u32::try_from(cards.iter().filter(|c| f(c)).count()).unwrap_or(u32::MAX)
}

/// The checklist in curriculum order, whether or not any card is linked to an item.
pub fn mastery(rows: &[MasteryCardRow], interview: Option<NaiveDate>) -> Mastery {
    let rule = Rule::for_interview(interview);
    let items: Vec<MasteryItem> = MASTERY_IDS
        .iter()
        .zip(MASTERY_LABELS)
        .enumerate()
        .map(|(i, (id, label))| {
            let cards: Vec<MasteryCard> = rows
                .iter()
                .filter(|r| r.mastery == *id)
                .map(|r| {
                    let status = CardStatus::of(r.suspended, r.seen, r.interval_days);
                    MasteryCard {
                        card: r.clone(),
                        status,
                        mature: r.seen
                            && CardStatus::of(false, true, r.interval_days) == CardStatus::Mature,
                        ready: rule.ready(r),
                    }
                })
                .collect();
            let linked = count(&cards, |_| true);
            let ready = count(&cards, |c| c.ready);
            MasteryItem {
                number: i + 1,
                id: id.to_string(),
                label: label.to_string(),
                done: linked > 0 && ready == linked,
                linked,
                mature: count(&cards, |c| c.mature),
                ready,
                progress: super::ratio(ready, linked).unwrap_or(0.0),
                cards,
            }
        })
        .collect();
    Mastery {
        done: items.iter().filter(|i| i.done).count(),
        total: items.len(),
        rule,
        items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn card(grades: &[u8], last: Option<&str>, interval_days: u32) -> MasteryCardRow {
        MasteryCardRow {
            mastery: "unionfs-layers".into(),
            id: "t/c".into(),
            q: "q".into(),
            seen: !grades.is_empty(),
            suspended: false,
            interval_days,
            last_grades: grades.to_vec(),
            last_review: last.map(d),
        }
    }

    #[test]
    fn card_rule_table() {
        // Interview 12-14: the final window starts 12-10.
        let dated = Rule::for_interview(Some(d("2026-12-14")));
        let plain = Rule::for_interview(None);
        let cases = [
            (
                card(&[4, 5], Some("2026-12-10"), 3),
                true,
                false,
                "two good grades in the window",
            ),
            (
                card(&[3, 4, 5], Some("2026-12-12"), 6),
                true,
                false,
                "an older 3 does not matter",
            ),
            (
                card(&[5, 3], Some("2026-12-12"), 1),
                false,
                false,
                "a 3 last",
            ),
            (
                card(&[5], Some("2026-12-12"), 1),
                false,
                false,
                "one grade is not two",
            ),
            (
                card(&[4, 5], Some("2026-12-09"), 3),
                false,
                false,
                "before the window",
            ),
            (
                card(&[5, 5, 4], Some("2026-11-01"), 30),
                false,
                true,
                "mature, old review",
            ),
            (
                card(&[5, 5, 3], Some("2026-11-01"), 30),
                false,
                false,
                "mature, last grade 3",
            ),
            (card(&[], None, 0), false, false, "new"),
        ];
        for (row, with_date, without, name) in cases {
            assert_eq!(dated.ready(&row), with_date, "with a date: {name}");
            assert_eq!(plain.ready(&row), without, "without: {name}");
        }
    }

    #[test]
    fn every_item_has_a_label_and_progress_is_a_fraction() {
        assert!(MASTERY_LABELS.iter().all(|l| !l.is_empty()));
        let m = mastery(&[], None);
        assert_eq!((m.done, m.total), (0, 10));
        assert!(
            m.items
                .iter()
                .all(|i| i.linked == 0 && !i.done && i.progress == 0.0)
        );
        let rows = [
            card(&[4, 5], Some("2026-12-11"), 3),
            card(&[4, 2], Some("2026-12-11"), 1),
        ];
        let m = mastery(&rows, Some(d("2026-12-14")));
        let item = &m.items[0];
        assert_eq!((item.linked, item.ready, item.progress), (2, 1, 0.5));
        assert!(!item.done);
        let m = mastery(&rows[..1], Some(d("2026-12-14")));
        assert!(m.items[0].done);
        assert_eq!(m.done, 1);
    }
}
