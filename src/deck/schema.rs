//! The deck file format (DESIGN.md §3): TOML text in, a validated [`Deck`] or every problem
//! with its file:line:col out.

use crate::error::Located;
use crate::safe_text;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
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

/// The most cards one deck file may hold (the largest built-in deck has 24).
pub const MAX_CARDS_PER_DECK: usize = 2_000;

/// The longest text each field may hold, in bytes. Generous for the built-in decks (the
/// longest `q` is under 200 bytes, `a` under 700, `more` under 1,500) and imported notes.
pub const MAX_Q_BYTES: usize = 2 * 1024;
pub const MAX_A_BYTES: usize = 8 * 1024;
pub const MAX_MORE_BYTES: usize = 32 * 1024;
/// Every other text field: title, source, ids, tags, key terms.
pub const MAX_SHORT_BYTES: usize = 256;
/// Problems listed per file; the rest are counted in one last line.
pub const MAX_PROBLEMS_SHOWN: usize = 20;

/// Problems of one file, each at a byte offset of its text.
struct Problems<'a> {
    origin: &'a str,
    text: &'a str,
    list: Vec<Located>,
}

impl Problems<'_> {
    fn at(&mut self, offset: usize, msg: impl Into<String>) {
        self.list
            .push(Located::at(self.origin, self.text, offset, msg));
    }

    /// Checks one text field: length and forbidden control characters (located at the
    /// character itself, or its escape sequence).
    fn text_field(&mut self, name: &str, field: &Spanned<String>, max: usize) {
        let value = field.get_ref();
        let start = field.span().start;
        if value.len() > max {
            self.at(
                start,
                format!("`{name}` is {} bytes, over the limit of {max}", value.len()),
            );
        }
        if let Some(c) = value.chars().find(|&c| safe_text::is_forbidden_control(c)) {
            let raw = self.text.get(field.span()).unwrap_or("");
            let offset = start + control_offset(raw).unwrap_or(0);
            self.at(
                offset,
                format!(
                    "control character U+{:04X} in `{name}` (deck text may hold no terminal control characters)",
                    u32::from(c)
                ),
            );
        }
    }
}

/// The byte offset in a TOML string's source (quotes included) of its first forbidden
/// control character: a raw one, or in a basic string an escape that decodes to one
/// (`\b`, `\f`, `\r`, `\e`, `\xHH`, `\uHHHH`, `\UHHHHHHHH`).
fn control_offset(raw: &str) -> Option<usize> {
    let escapes = !raw.starts_with('\'');
    let mut chars = raw.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if safe_text::is_forbidden_control(c) {
            return Some(i);
        }
        if c != '\\' || !escapes {
            continue;
        }
        let Some((j, e)) = chars.next() else { break };
        let digits = match e {
            'b' | 'f' | 'r' | 'e' => return Some(i),
            'x' => 2,
            'u' => 4,
            'U' => 8,
            _ => continue,
        };
        let hex = raw.get(j + 1..j + 1 + digits).unwrap_or("");
        let decoded = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
        if decoded.is_some_and(safe_text::is_forbidden_control) {
            return Some(i);
        }
    }
    None
}

/// Parses and validates one deck file. `origin` is the name used in messages.
pub fn parse(origin: &str, text: &str) -> Result<Deck, Vec<Located>> {
    let raw: RawDeck = toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        vec![Located::at(origin, text, offset, e.message().trim())]
    })?;
    let mut problems = Problems {
        origin,
        text,
        list: Vec::new(),
    };
    let topic = check_topic(&raw.topic, &mut problems);
    if raw.card.is_empty() {
        problems.at(raw.topic.span().start, "deck has no [[card]]");
    }
    if let Some(extra) = raw.card.get(MAX_CARDS_PER_DECK) {
        problems.at(
            extra.span().start,
            format!(
                "deck has {} cards, over the limit of {MAX_CARDS_PER_DECK} (split the topic)",
                raw.card.len()
            ),
        );
    }
    let mut cards = Vec::with_capacity(raw.card.len());
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(raw.card.len());
    for spanned in &raw.card {
        let c = spanned.get_ref();
        check_id(&c.id, &mut seen, &mut problems);
        if let Some(card) = check_card(c, &mut problems) {
            cards.push(card);
        }
    }
    match topic {
        Some(topic) if problems.list.is_empty() => Ok(Deck {
            origin: origin.to_string(),
            topic,
            cards,
        }),
        _ => Err(shown(problems.list)),
    }
}

/// The first [`MAX_PROBLEMS_SHOWN`] problems, then one line counting the others (placed at
/// the first of them), so a huge broken file cannot flood the terminal.
fn shown(mut list: Vec<Located>) -> Vec<Located> {
    if list.len() > MAX_PROBLEMS_SHOWN {
        let more = list.len() - MAX_PROBLEMS_SHOWN;
        list.truncate(MAX_PROBLEMS_SHOWN + 1);
        if let Some(last) = list.last_mut() {
            last.msg = format!("{more} more problem(s) in this file not shown");
        }
    }
    list
}

/// The topic table; `None` when a rule is broken (the problems say which).
fn check_topic(spanned: &Spanned<RawTopic>, problems: &mut Problems<'_>) -> Option<Topic> {
    let t = spanned.get_ref();
    let before = problems.list.len();
    let phase = u8::try_from(*t.phase.get_ref())
        .ok()
        .filter(|p| *p <= MAX_PHASE);
    if phase.is_none() {
        problems.at(
            t.phase.span().start,
            format!(
                "phase out of range: {} (expected 0..={MAX_PHASE})",
                t.phase.get_ref()
            ),
        );
    }
    let order = u32::try_from(*t.order.get_ref())
        .ok()
        .filter(|o| (1..=999).contains(o));
    if order.is_none() {
        problems.at(
            t.order.span().start,
            format!(
                "topic order out of range: {} (expected 1..=999)",
                t.order.get_ref()
            ),
        );
    }
    if !is_slug(t.slug.get_ref()) || t.slug.get_ref().len() > MAX_SHORT_BYTES {
        problems.at(
            t.slug.span().start,
            format!("slug must be lowercase kebab-case: {:?}", t.slug.get_ref()),
        );
    }
    for (name, field) in [("title", &t.title), ("source", &t.source)] {
        if field.get_ref().trim().is_empty() {
            problems.at(field.span().start, format!("empty `{name}`"));
        }
        problems.text_field(name, field, MAX_SHORT_BYTES);
    }
    (problems.list.len() == before).then(|| Topic {
        phase: phase.unwrap_or_default(),
        order: order.unwrap_or_default(),
        slug: t.slug.get_ref().clone(),
        title: t.title.get_ref().trim().to_string(),
        source: t.source.get_ref().trim().to_string(),
    })
}

/// A card id: kebab-case, not too long, unique in the deck (`seen` maps ids to offsets).
fn check_id<'a>(
    id: &'a Spanned<String>,
    seen: &mut HashMap<&'a str, usize>,
    problems: &mut Problems<'_>,
) {
    let value = id.get_ref().as_str();
    let start = id.span().start;
    if !is_slug(value) || value.len() > MAX_SHORT_BYTES {
        problems.at(
            start,
            format!("card id must be lowercase kebab-case: {value:?}"),
        );
    } else if let Some(first) = seen.get(value) {
        let first_line = Located::at(problems.origin, problems.text, *first, "").line;
        problems.at(
            start,
            format!("duplicate card id {value:?} (first used on line {first_line})"),
        );
    } else {
        seen.insert(value, start);
    }
}

/// One card's fields; `None` when its kind is unknown (other problems are only recorded).
fn check_card(c: &RawCard, problems: &mut Problems<'_>) -> Option<Card> {
    let kind = Kind::parse(c.kind.get_ref());
    if kind.is_none() {
        problems.at(
            c.kind.span().start,
            format!(
                "unknown kind {:?} (expected qa, gotcha or scenario)",
                c.kind.get_ref()
            ),
        );
    }
    let level = c.level.as_ref().map(|l| (Level::parse(l.get_ref()), l));
    if let Some((None, l)) = &level {
        problems.at(
            l.span().start,
            format!(
                "unknown level {:?} (expected fundamentals, intermediate or advanced)",
                l.get_ref()
            ),
        );
    }
    for (name, field, max) in [("q", &c.q, MAX_Q_BYTES), ("a", &c.a, MAX_A_BYTES)] {
        if field.get_ref().trim().is_empty() {
            problems.at(field.span().start, format!("empty `{name}`"));
        }
        problems.text_field(name, field, max);
    }
    if let Some(more) = &c.more {
        problems.text_field("more", more, MAX_MORE_BYTES);
    }
    check_tags(&c.tags, problems);
    check_keys(c.keys.as_ref(), problems);
    for r in &c.replaces {
        if !is_full_id(r.get_ref()) || r.get_ref().len() > MAX_SHORT_BYTES {
            problems.at(
                r.span().start,
                format!(
                    "`replaces` must name a full card id `<topic>/<card>`: {:?}",
                    r.get_ref()
                ),
            );
        }
    }
    Some(Card {
        id: c.id.get_ref().clone(),
        kind: kind?,
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
    })
}

fn check_tags(tags: &[Spanned<String>], problems: &mut Problems<'_>) {
    for tag in tags {
        let value = tag.get_ref();
        if !is_tag(value) || value.len() > MAX_SHORT_BYTES {
            problems.at(
                tag.span().start,
                format!("tag must be lowercase kebab-case, optionally `ns:name`: {value:?}"),
            );
        } else if let Some(m) = value.strip_prefix("mastery:")
            && !MASTERY_IDS.contains(&m)
        {
            problems.at(tag.span().start, format!("unknown mastery id {m:?}"));
        }
    }
}

fn check_keys(keys: Option<&Spanned<Vec<Spanned<String>>>>, problems: &mut Problems<'_>) {
    let Some(keys) = keys else { return };
    let n = keys.get_ref().len();
    if !KEYS_PER_CARD.contains(&n) {
        problems.at(
            keys.span().start,
            format!("`keys` lists {n} term(s) (expected 2 to 5)"),
        );
    }
    for key in keys.get_ref() {
        if key.get_ref().split('|').any(|alt| alt.trim().is_empty()) {
            problems.at(
                key.span().start,
                format!("empty key term or alternative in {:?}", key.get_ref()),
            );
        }
        problems.text_field("keys", key, MAX_SHORT_BYTES);
    }
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
    fn control_characters_are_located_at_the_character() {
        // (replacement for `q = "Q?"`, expected column of the problem on line 13)
        let cases = [
            (r#"q = "ab\u001b]0;x\u0007""#, 8),
            (r#"q = "a\e[2J""#, 7),
            (r#"q = "tab\tok\r""#, 13),
            (r#"q = "c1 \u009b""#, 9),
            (r#"q = 'raw \e is text'"#, 0),
        ];
        for (line, col) in cases {
            let result = parse("d.toml", &GOOD.replace(r#"q = "Q?""#, line));
            if col == 0 {
                assert!(result.is_ok(), "{line}");
                continue;
            }
            let p = result.unwrap_err().remove(0);
            assert_eq!((p.line, p.col), (13, col), "{line}: {}", p.msg);
            assert!(p.msg.starts_with("control character U+"), "{}", p.msg);
        }
        // A raw control character is already a TOML syntax error, located by the parser.
        let p = first_problem(&GOOD.replace("q = \"Q?\"", "q = \"del \u{7f}\""));
        assert_eq!((p.line, p.col), (13, 10), "{}", p.msg);
        let p = first_problem(&GOOD.replace(r#"title = "Demo""#, r#"title = "\u001b[2J""#));
        assert_eq!((p.line, p.col), (6, 10));
        assert!(p.msg.contains("in `title`"), "{}", p.msg);
    }

    #[test]
    fn limits_are_enforced_with_one_problem_each() {
        let long_q = format!(r#"q = "{}""#, "x".repeat(MAX_Q_BYTES + 1));
        let problems = parse("d.toml", &GOOD.replace(r#"q = "Q?""#, &long_q)).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .msg
                .contains("`q` is 2049 bytes, over the limit of 2048")
        );
        let ok_q = format!(r#"q = "{}""#, "x".repeat(MAX_Q_BYTES));
        assert!(parse("d.toml", &GOOD.replace(r#"q = "Q?""#, &ok_q)).is_ok());

        let card =
            |i: usize| format!("[[card]]\nid = \"c{i}\"\nkind = \"qa\"\nq = \"q\"\na = \"a\"\n");
        let head = &GOOD[..GOOD.find("[[card]]").unwrap()];
        let full: String = (0..MAX_CARDS_PER_DECK).map(card).collect();
        assert!(parse("d.toml", &format!("{head}{full}")).is_ok());
        let over = format!("{head}{full}{}", card(MAX_CARDS_PER_DECK));
        let problems = parse("d.toml", &over).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 9 + 5 * MAX_CARDS_PER_DECK);
        assert!(
            problems[0]
                .msg
                .contains("2001 cards, over the limit of 2000")
        );
    }

    #[test]
    fn a_flood_of_problems_is_cut_short() {
        let head = &GOOD[..GOOD.find("[[card]]").unwrap()];
        let cards: String = (0..50)
            .map(|i| format!("[[card]]\nid = \"c{i}\"\nkind = \"x\"\nq = \"q\"\na = \"a\"\n"))
            .collect();
        let problems = parse("d.toml", &format!("{head}{cards}")).unwrap_err();
        assert_eq!(problems.len(), MAX_PROBLEMS_SHOWN + 1);
        assert!(problems[19].msg.starts_with("unknown kind"));
        assert_eq!(
            problems[20].msg,
            "30 more problem(s) in this file not shown"
        );
        assert_eq!(problems[20].line, 11 + 5 * 20, "at the kind of card 20");
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
