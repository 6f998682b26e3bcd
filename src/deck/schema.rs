//! The deck file format (DESIGN.md §3): TOML text in, a validated [`Deck`] or every problem
//! with its file:line:col out.

use crate::error::Located;
use serde::{Deserialize, Serialize};
use toml::Spanned;

/// The mastery checklist of the curriculum; `mastery:<id>` tags must name one of these.
pub const MASTERY_IDS: [&str; 10] = [
    "unionfs-layers",
    "ecr-oidc-ci",
    "ecr-multi-account-replication",
    "task-vs-execution-role",
    "fargate-eni-isolation",
    "blue-green-codedeploy",
    "stuck-rolling-update",
    "fargate-cost-calc",
    "firelens-routing",
    "multi-az-capacity-scaling",
];

pub const MAX_PHASE: u8 = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Qa,
    Gotcha,
    Scenario,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Fundamentals,
    Intermediate,
    Advanced,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Qa => "qa",
            Kind::Gotcha => "gotcha",
            Kind::Scenario => "scenario",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        [Kind::Qa, Kind::Gotcha, Kind::Scenario]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Fundamentals => "fundamentals",
            Level::Intermediate => "intermediate",
            Level::Advanced => "advanced",
        }
    }

    pub fn parse(s: &str) -> Option<Level> {
        [Level::Fundamentals, Level::Intermediate, Level::Advanced]
            .into_iter()
            .find(|l| l.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    pub phase: u8,
    pub order: u32,
    pub slug: String,
    pub title: String,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    /// The id inside its topic; the full id is `<slug>/<id>`.
    pub id: String,
    pub kind: Kind,
    pub level: Option<Level>,
    pub q: String,
    pub a: String,
    pub more: Option<String>,
    pub tags: Vec<String>,
    /// 2-5 terms a listener expects to hear; each may list alternatives split by `|`.
    pub keys: Vec<String>,
    /// Full ids (`<slug>/<id>`) of merged cards whose review history moves to this card.
    pub replaces: Vec<String>,
}

/// How many key terms a card may list when it lists any.
pub const KEYS_PER_CARD: std::ops::RangeInclusive<usize> = 2..=5;

/// One validated deck file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deck {
    /// Where the deck came from, as error messages name it.
    pub origin: String,
    pub topic: Topic,
    pub cards: Vec<Card>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeck {
    topic: Spanned<RawTopic>,
    #[serde(default)]
    card: Vec<Spanned<RawCard>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    phase: Spanned<i64>,
    order: Spanned<i64>,
    slug: Spanned<String>,
    title: Spanned<String>,
    source: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCard {
    id: Spanned<String>,
    kind: Spanned<String>,
    level: Option<Spanned<String>>,
    q: Spanned<String>,
    a: Spanned<String>,
    more: Option<Spanned<String>>,
    #[serde(default)]
    tags: Vec<Spanned<String>>,
    #[serde(default)]
    keys: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    replaces: Vec<Spanned<String>>,
}

/// True for `<slug>/<card id>`.
pub fn is_full_id(s: &str) -> bool {
    s.split_once('/')
        .is_some_and(|(topic, card)| is_slug(topic) && is_slug(card))
}

/// True for lowercase kebab-case: `[a-z0-9]` words joined by single `-`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

fn is_tag(s: &str) -> bool {
    match s.split_once(':') {
        Some((ns, rest)) => is_slug(ns) && is_slug(rest),
        None => is_slug(s),
    }
}

/// Parses and validates one deck file. `origin` is the name used in messages.
pub fn parse(origin: &str, text: &str) -> Result<Deck, Vec<Located>> {
    let at = |offset: usize, msg: String| Located::at(origin, text, offset, msg);
    let raw: RawDeck = toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        vec![at(offset, e.message().trim().to_string())]
    })?;
    let mut problems = Vec::new();

    let t = raw.topic.get_ref();
    let phase = *t.phase.get_ref();
    if !(0..=i64::from(MAX_PHASE)).contains(&phase) {
        problems.push(at(
            t.phase.span().start,
            format!("phase out of range: {phase} (expected 0..={MAX_PHASE})"),
        ));
    }
    let order = *t.order.get_ref();
    if !(1..=999).contains(&order) {
        problems.push(at(
            t.order.span().start,
            format!("topic order out of range: {order} (expected 1..=999)"),
        ));
    }
    if !is_slug(t.slug.get_ref()) {
        problems.push(at(
            t.slug.span().start,
            format!("slug must be lowercase kebab-case: {:?}", t.slug.get_ref()),
        ));
    }
    for (name, field) in [("title", &t.title), ("source", &t.source)] {
        if field.get_ref().trim().is_empty() {
            problems.push(at(field.span().start, format!("empty `{name}`")));
        }
    }
    if raw.card.is_empty() {
        problems.push(at(
            raw.topic.span().start,
            "deck has no [[card]]".to_string(),
        ));
    }

    let mut cards = Vec::with_capacity(raw.card.len());
    let mut seen: Vec<(&str, usize)> = Vec::new();
    for spanned in &raw.card {
        let c = spanned.get_ref();
        let id = c.id.get_ref().as_str();
        if !is_slug(id) {
            problems.push(at(
                c.id.span().start,
                format!("card id must be lowercase kebab-case: {id:?}"),
            ));
        } else if let Some((_, first)) = seen.iter().find(|(s, _)| *s == id) {
            let first_line = Located::at(origin, text, *first, "").line;
            problems.push(at(
                c.id.span().start,
                format!("duplicate card id {id:?} (first used on line {first_line})"),
            ));
        }
        seen.push((id, c.id.span().start));
        let kind = Kind::parse(c.kind.get_ref());
        if kind.is_none() {
            problems.push(at(
                c.kind.span().start,
                format!(
                    "unknown kind {:?} (expected qa, gotcha or scenario)",
                    c.kind.get_ref()
                ),
            ));
        }
        let level = c.level.as_ref().map(|l| (Level::parse(l.get_ref()), l));
        if let Some((None, l)) = &level {
            problems.push(at(
                l.span().start,
                format!(
                    "unknown level {:?} (expected fundamentals, intermediate or advanced)",
                    l.get_ref()
                ),
            ));
        }
        for (name, field) in [("q", &c.q), ("a", &c.a)] {
            if field.get_ref().trim().is_empty() {
                problems.push(at(field.span().start, format!("empty `{name}`")));
            }
        }
        for tag in &c.tags {
            let value = tag.get_ref();
            if !is_tag(value) {
                problems.push(at(
                    tag.span().start,
                    format!("tag must be lowercase kebab-case, optionally `ns:name`: {value:?}"),
                ));
            } else if let Some(m) = value.strip_prefix("mastery:")
                && !MASTERY_IDS.contains(&m)
            {
                problems.push(at(tag.span().start, format!("unknown mastery id {m:?}")));
            }
        }
        if let Some(keys) = &c.keys {
            let n = keys.get_ref().len();
            if !KEYS_PER_CARD.contains(&n) {
                problems.push(at(
                    keys.span().start,
                    format!("`keys` lists {n} term(s) (expected 2 to 5)"),
                ));
            }
            for key in keys.get_ref() {
                if key.get_ref().split('|').any(|alt| alt.trim().is_empty()) {
                    problems.push(at(
                        key.span().start,
                        format!("empty key term or alternative in {:?}", key.get_ref()),
                    ));
                }
            }
        }
        for r in &c.replaces {
            if !is_full_id(r.get_ref()) {
                problems.push(at(
                    r.span().start,
                    format!(
                        "`replaces` must name a full card id `<topic>/<card>`: {:?}",
                        r.get_ref()
                    ),
                ));
            }
        }
        if let Some(kind) = kind {
            cards.push(Card {
                id: id.to_string(),
                kind,
                level: level.and_then(|(l, _)| l),
                q: c.q.get_ref().trim().to_string(),
                a: c.a.get_ref().trim().to_string(),
                more: c
                    .more
                    .as_ref()
                    .map(|m| m.get_ref().trim().to_string())
                    .filter(|m| !m.is_empty()),
                tags: c.tags.iter().map(|t| t.get_ref().clone()).collect(),
                keys: c.keys.as_ref().map_or_else(Vec::new, |k| {
                    k.get_ref()
                        .iter()
                        .map(|t| t.get_ref().trim().to_string())
                        .collect()
                }),
                replaces: c.replaces.iter().map(|r| r.get_ref().clone()).collect(),
            });
        }
    }

    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Deck {
        origin: origin.to_string(),
        topic: Topic {
            phase: phase as u8,
            order: order as u32,
            slug: t.slug.get_ref().clone(),
            title: t.title.get_ref().trim().to_string(),
            source: t.source.get_ref().trim().to_string(),
        },
        cards,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[topic]
phase = 0
order = 1
slug = "demo"
title = "Demo"
source = "Phase-0/01_Demo.md"

[[card]]
id = "one"
kind = "qa"
level = "fundamentals"
q = "Q?"
a = "A."
tags = ["x", "mastery:unionfs-layers"]
"#;

    #[test]
    fn good_deck_parses() {
        let deck = parse("demo.toml", GOOD).unwrap();
        assert_eq!(deck.topic.slug, "demo");
        assert_eq!(deck.cards[0].kind, Kind::Qa);
        assert_eq!(deck.cards[0].level, Some(Level::Fundamentals));
        assert_eq!(deck.cards[0].more, None);
    }

    fn first_problem(text: &str) -> Located {
        parse("d.toml", text).unwrap_err().remove(0)
    }

    #[test]
    fn each_rule_names_its_line() {
        let p = first_problem(&GOOD.replace("phase = 0", "phase = 7"));
        assert_eq!(p.line, 3);
        assert!(p.msg.contains("phase out of range"));
        let p = first_problem(&GOOD.replace("kind = \"qa\"", "kind = \"quiz\""));
        assert_eq!(p.line, 11);
        assert!(p.msg.contains("unknown kind"));
        let p = first_problem(&GOOD.replace("q = \"Q?\"", "q = \"  \""));
        assert_eq!((p.line, p.msg.as_str()), (13, "empty `q`"));
        let p = first_problem(&GOOD.replace("level =", "levle ="));
        assert!(p.msg.contains("unknown field `levle`"), "{}", p.msg);
        assert_eq!(p.line, 12);
        let p = first_problem(&GOOD.replace("unionfs-layers", "unionfs"));
        assert!(p.msg.contains("unknown mastery id"));
        let dup = format!("{GOOD}\n[[card]]\nid = \"one\"\nkind = \"qa\"\nq = \"b\"\na = \"c\"\n");
        let p = first_problem(&dup);
        assert_eq!(p.line, 18);
        assert!(
            p.msg
                .contains("duplicate card id \"one\" (first used on line 10)")
        );
    }

    #[test]
    fn keys_and_replaces_are_checked() {
        let with = |extra: &str| GOOD.replace("tags = [", &format!("{extra}\ntags = ["));
        let deck = parse(
            "d.toml",
            &with("keys = [\"cgroup|control group\", \"namespace\"]"),
        )
        .unwrap();
        assert_eq!(deck.cards[0].keys, ["cgroup|control group", "namespace"]);
        let p = first_problem(&with("keys = [\"one\"]"));
        assert_eq!(
            (p.line, p.msg.as_str()),
            (15, "`keys` lists 1 term(s) (expected 2 to 5)")
        );
        let p = first_problem(&with("keys = [\"a|\", \"b\"]"));
        assert!(p.msg.starts_with("empty key term"), "{}", p.msg);
        let deck = parse("d.toml", &with("replaces = [\"other-topic/old-card\"]")).unwrap();
        assert_eq!(deck.cards[0].replaces, ["other-topic/old-card"]);
        let p = first_problem(&with("replaces = [\"old-card\"]"));
        assert!(p.msg.contains("full card id"), "{}", p.msg);
    }

    #[test]
    fn all_problems_are_reported() {
        let text = GOOD
            .replace("phase = 0", "phase = -1")
            .replace("kind = \"qa\"", "kind = \"x\"");
        assert_eq!(parse("d.toml", &text).unwrap_err().len(), 2);
    }

    #[test]
    fn slugs_are_kebab_case() {
        assert!(is_slug("ecs-security-model"));
        assert!(!is_slug("ECS"));
        assert!(!is_slug("a--b"));
        assert!(!is_slug("-a"));
        assert!(is_tag("mastery:ecr-oidc-ci"));
    }
}
