//! The curriculum's recommended study order: its 12 themes, each mapped to the built-in topic
//! slugs it covers, and the queue position that puts new cards in theme order
//! (`drill --order themes`, setting `new_card_order = "themes"`).

use super::queue::CurriculumPos;

/// The 12 themes of the curriculum README's "Recommended Study Order", in order, with the
/// topics (deck slugs) that teach each. Every built-in topic appears exactly once.
pub const THEMES: [(&str, &[&str]); 12] = [
    (
        "Container Internals",
        &[
            "what-is-containerization",
            "docker-architecture",
            "image-vs-container",
            "layers-and-unionfs",
            "oci-standard",
            "image-immutability-tagging-digest",
        ],
    ),
    (
        "ECR Architecture",
        &[
            "what-is-ecr",
            "ecr-internal-architecture",
            "ecr-authentication-model",
            "ecr-security-concepts",
            "ecr-advanced-topics",
        ],
    ),
    (
        "ECS Core Components",
        &[
            "what-is-ecs",
            "ecs-core-components",
            "ecs-launch-types",
            "ecs-internal-working",
        ],
    ),
    (
        "Networking Model",
        &[
            "ecs-networking-modes",
            "ecs-alb-integration",
            "service-discovery-and-connect",
        ],
    ),
    ("IAM Deep Dive", &["ecs-security-model", "secrets-handling"]),
    ("Scheduler Mechanics", &["ecs-scheduler-deep-dive"]),
    (
        "Deployment Patterns",
        &["deployment-strategies", "ci-cd-full-pipeline"],
    ),
    ("Observability", &["observability-logs-metrics-tracing"]),
    (
        "Scaling Strategies",
        &["scaling-strategies", "performance-engineering"],
    ),
    (
        "Failure Handling",
        &["failure-scenarios", "edge-cases-and-debugging"],
    ),
    (
        "Cost Optimization",
        &["ecr-cost-components", "cost-optimization"],
    ),
    (
        "Advanced Architecture Patterns",
        &[
            "advanced-architecture-patterns",
            "interview-questions-mastery",
        ],
    ),
];

/// The position that orders a card by theme: theme, then the topic's place in the theme, then
/// the card's place in the topic. Topics no theme lists (your own decks) follow all themes in
/// file order. The `phase` field holds the theme number, so a phase gate would gate by theme.
pub fn theme_pos(slug: &str, pos: CurriculumPos) -> CurriculumPos {
    let found = THEMES
        .iter()
        .enumerate()
        .find_map(|(theme, (_, slugs))| slugs.iter().position(|s| *s == slug).map(|i| (theme, i)));
    match found {
        Some((theme, i)) => CurriculumPos {
            phase: u8::try_from(theme).unwrap_or(u8::MAX),
            topic: u32::try_from(i).unwrap_or(u32::MAX),
            card: pos.card,
        },
        None => CurriculumPos {
            phase: u8::try_from(THEMES.len()).unwrap_or(u8::MAX),
            topic: u32::from(pos.phase) * 1000 + pos.topic,
            card: pos.card,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{self, DeckSources};
    use std::collections::BTreeMap;

    #[test]
    fn every_builtin_topic_is_in_exactly_one_theme() {
        let set = deck::load(&DeckSources {
            builtin: true,
            paths: vec![],
        })
        .unwrap();
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for (_, slugs) in THEMES {
            for s in slugs {
                *seen.entry(s).or_default() += 1;
            }
        }
        for d in &set.decks {
            assert_eq!(
                seen.remove(d.topic.slug.as_str()),
                Some(1),
                "{} must be in exactly one theme",
                d.topic.slug
            );
        }
        assert!(seen.is_empty(), "themes list unknown topics: {seen:?}");
    }

    #[test]
    fn theme_order_puts_networking_and_iam_before_the_scheduler() {
        let pos = |phase, topic| CurriculumPos {
            phase,
            topic,
            card: 1,
        };
        let scheduler = theme_pos("ecs-scheduler-deep-dive", pos(2, 5));
        let iam = theme_pos("ecs-security-model", pos(2, 6));
        let net = theme_pos("ecs-networking-modes", pos(2, 7));
        let alb = theme_pos("ecs-alb-integration", pos(3, 1));
        let docker = theme_pos("docker-architecture", pos(0, 2));
        let own = theme_pos("my-notes", pos(0, 1));
        assert!(docker < net && net < alb && alb < iam && iam < scheduler && scheduler < own);
    }
}
