//! Markdown notes -> deck cards, and deck TOML rendering (the pure half of `ecsdrill import`).
//!
//! The text is parsed with pulldown-cmark into its top-level blocks; a small state machine then
//! walks them:
//!
//! * a level-1 or level-2 heading opens a *section*, named by the synonym table
//!   `classify::SECTION_SYNONYMS` (case, numbering, emoji, punctuation and accents ignored);
//! * in an interview section a paragraph that opens with `**Q: ...**` is a question; a heading
//!   `Q<n>: ...` is a question wherever it stands; the answer is everything up to the next
//!   question, heading or thematic break (a blockquote is unwrapped, a leading
//!   `**Answer:**`-style label dropped);
//! * in a gotcha section every `###` subsection is a gotcha; a section headed
//!   `EDGE CASE <n>: <title>` is one gotcha whose body is the whole section.
//!
//! Answers are cut out of the source verbatim, so lists, tables and fenced code keep their
//! Markdown; indented code becomes a fenced block so that trimming cannot mangle it. Card ids are
//! slugs of the question or gotcha title, so editing an answer keeps a card's id (and history).
//!
//! Three parts, each tested on its own: [`blocks`] (the Markdown block walk), [`classify`]
//! (headings and questions), [`emit`] (ids, a file's topic, deck TOML); this file holds the walk that
//! ties them together.

mod blocks;
mod classify;
mod emit;

pub use emit::{
    FilePlace, GENERATED_MARK, card_id, deck_path, leading_number, phase_of_dir, phase_of_path,
    render_deck, title_from_file_name, topic_of, topic_slug,
};

use crate::deck::schema::{
    Card, Kind, MAX_A_BYTES, MAX_CARDS_PER_DECK, MAX_Q_BYTES, MAX_SHORT_BYTES,
};
use crate::error::Located;
use crate::safe_text;
use blocks::{Block, BlockKind, answer_text, blocks, front_matter_len};
use classify::{
    Role, SectionKind, bold_question, classify, clean_title, edge_case_prompt, gotcha_prompt,
};
use std::collections::HashSet;

/// The cards and facts found in one Markdown file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notes {
    /// Text of the first `#` heading.
    pub title: Option<String>,
    /// In document order, ids unique.
    pub cards: Vec<Card>,
    /// Things the writer may want to fix, e.g. a question without an answer.
    pub warnings: Vec<String>,
}

impl Notes {
    pub fn count(&self, kind: Kind) -> usize {
        self.cards.iter().filter(|c| c.kind == kind).count()
    }
}

/// A question or gotcha being read.
struct Open {
    kind: Kind,
    /// The words the id is made from.
    title: String,
    q: String,
    /// Text of the question's paragraph after the question itself.
    lead: String,
    /// Blocks from here on are its answer.
    from: usize,
    /// A heading at this level or above ends it; None: any heading does.
    level: Option<u8>,
    /// Byte offset, for warnings.
    at: usize,
}

/// A question or gotcha with its answer: (kind, title, question, answer).
type Found = (Kind, String, String, String);

/// The state of the walk over one text's blocks.
struct Walk<'a> {
    /// The whole text, for line numbers.
    text: &'a str,
    /// Bytes skipped before `src` (BOM, front matter).
    skip: usize,
    src: &'a str,
    blocks: &'a [Block],
    notes: Notes,
    found: Vec<Found>,
    section: Option<SectionKind>,
    /// A section or question was recognised at all.
    recognised: bool,
    open: Option<Open>,
}

impl Walk<'_> {
    fn warn(&mut self, offset: usize, what: &str) {
        let line = Located::at("", self.text, self.skip + offset, "").line;
        self.notes.warnings.push(format!("line {line}: {what}"));
    }

    /// Ends the open question or gotcha at block `upto`, keeping it if it has an answer.
    fn close(&mut self, upto: usize) {
        let Some(o) = self.open.take() else { return };
        let a = answer_text(self.src, &self.blocks[o.from..upto], &o.lead);
        let what = if o.kind == Kind::Qa {
            "question"
        } else {
            "gotcha"
        };
        // The deck limits hold for imported cards too, so every deck written loads.
        if a.is_empty() {
            self.warn(o.at, &format!("{what} without an answer, skipped"));
        } else if o.q.trim().len() > MAX_Q_BYTES || a.len() > MAX_A_BYTES {
            self.warn(
                o.at,
                &format!("{what} or its answer is over the deck limits ({MAX_Q_BYTES} / {MAX_A_BYTES} bytes), skipped"),
            );
        } else if self.found.len() == MAX_CARDS_PER_DECK {
            self.warn(
                o.at,
                &format!("more than {MAX_CARDS_PER_DECK} cards in one file, skipped"),
            );
        } else {
            self.found.push((o.kind, o.title, o.q, a));
        }
    }

    fn heading(&mut self, i: usize, b: &Block, level: u8) {
        let src = self.src;
        let raw = b.inline.clone().map_or("", |r| &src[r]);
        let role = classify(raw, &b.text);
        if let Some(o) = &self.open {
            let ends = matches!(role, Role::Question(_)) || o.level.is_none_or(|l| level <= l);
            if !ends {
                return;
            }
        }
        self.close(i);
        if level == 1 && self.notes.title.is_none() && !b.text.trim().is_empty() {
            let title = b.text.trim();
            if title.len() <= MAX_SHORT_BYTES {
                self.notes.title = Some(title.to_string());
            }
        }
        let at = b.range.start;
        match role {
            Role::Question(q) => {
                self.recognised = true;
                self.open = Some(Open {
                    kind: Kind::Qa,
                    title: q.clone(),
                    q,
                    lead: String::new(),
                    from: i + 1,
                    level: Some(level),
                    at,
                });
            }
            _ if level > 2 => {
                if level == 3 && self.section == Some(SectionKind::Gotchas) {
                    self.gotcha_heading(i, b, raw);
                }
            }
            Role::Section(kind) => {
                self.recognised = true;
                self.section = Some(kind);
            }
            Role::SingleGotcha(title) => {
                self.recognised = true;
                self.section = None;
                let q = edge_case_prompt(&title);
                self.open = Some(Open {
                    kind: Kind::Gotcha,
                    title,
                    q,
                    lead: String::new(),
                    from: i + 1,
                    level: Some(level),
                    at,
                });
            }
            Role::Level if self.section == Some(SectionKind::Interview) => {}
            Role::Level | Role::Other => self.section = None,
        }
    }

    /// A `###` heading inside a gotcha section: one gotcha.
    fn gotcha_heading(&mut self, i: usize, b: &Block, raw: &str) {
        let title = clean_title(raw);
        let title = if title.is_empty() {
            b.text.trim().to_string()
        } else {
            title
        };
        if title.is_empty() {
            self.warn(b.range.start, "gotcha heading without a title, skipped");
            return;
        }
        let q = gotcha_prompt(&title);
        self.open = Some(Open {
            kind: Kind::Gotcha,
            title,
            q,
            lead: String::new(),
            from: i + 1,
            level: Some(3),
            at: b.range.start,
        });
    }

    /// A paragraph inside an interview section: a question when it opens with a bold one.
    fn paragraph(&mut self, i: usize, b: &Block) {
        let Some((q, lead)) = bold_question(self.src, b) else {
            return;
        };
        self.close(i);
        if q.is_empty() {
            self.warn(b.range.start, "question label without a question, skipped");
            return;
        }
        self.open = Some(Open {
            kind: Kind::Qa,
            title: q.clone(),
            q,
            lead,
            from: i + 1,
            level: None,
            at: b.range.start,
        });
    }

    /// The cards, with ids unique in document order, and the file-level warnings.
    fn finish(mut self) -> Notes {
        self.close(self.blocks.len());
        let mut ids: HashSet<String> = HashSet::new();
        for (kind, title, q, a) in self.found {
            let id = emit::unique(&card_id(&title), &ids);
            ids.insert(id.clone());
            self.notes.cards.push(Card {
                id,
                kind,
                level: None,
                q: q.trim().to_string(),
                a,
                more: None,
                tags: Vec::new(),
                keys: Vec::new(),
                replaces: Vec::new(),
            });
        }
        if !self.recognised {
            self.notes
                .warnings
                .insert(0, "no interview or gotcha section".to_string());
        } else if self.notes.cards.is_empty() {
            self.notes.warnings.insert(
                0,
                "sections found, but no questions or gotchas in them".to_string(),
            );
        }
        self.notes
    }
}

/// Reads the cards out of one Markdown text. Never fails: what it cannot use becomes a warning.
/// Terminal control characters are stripped first (a deck may not hold them); newlines stay,
/// so warnings still name the right lines.
pub fn parse_notes(text: &str) -> Notes {
    let text = &*safe_text::strip_controls(text);
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let skip = bom + front_matter_len(&text[bom..]);
    let src = &text[skip..];
    let blocks = blocks(src);
    let mut walk = Walk {
        text,
        skip,
        src,
        blocks: &blocks,
        notes: Notes::default(),
        found: Vec::new(),
        section: None,
        recognised: false,
        open: None,
    };
    for (i, b) in blocks.iter().enumerate() {
        match b.kind {
            BlockKind::Heading(level) => walk.heading(i, b, level),
            BlockKind::Rule => walk.close(i),
            BlockKind::Paragraph if walk.section == Some(SectionKind::Interview) => {
                walk.paragraph(i, b);
            }
            _ => {}
        }
    }
    walk.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(n: &Notes) -> Vec<(Kind, &str, &str)> {
        n.cards
            .iter()
            .map(|c| (c.kind, c.id.as_str(), c.q.as_str()))
            .collect()
    }

    #[test]
    fn bold_questions_with_blockquote_answers() {
        let md = "# Topic\n\n## Interview Angle\n\n**Q: \"Why is the sky blue?\"**\n\n> **Answer Framework:**\n> - Rayleigh scattering\n> - short wavelengths\n\n**Q: Second `one`?**\n\nPlain answer.\n\n---\n\n*Next: elsewhere*\n";
        let n = parse_notes(md);
        assert_eq!(n.title.as_deref(), Some("Topic"));
        assert_eq!(
            kinds(&n),
            vec![
                (Kind::Qa, "sky-blue", "Why is the sky blue?"),
                (Kind::Qa, "second-one", "Second `one`?"),
            ]
        );
        assert_eq!(n.cards[0].a, "- Rayleigh scattering\n- short wavelengths");
        assert_eq!(n.cards[1].a, "Plain answer.");
        assert!(n.warnings.is_empty(), "{:?}", n.warnings);
    }

    #[test]
    fn numbered_question_headings_under_level_headings() {
        let md = "# Bank\n\n## Question Bank\n\n---\n\n## BASICS (year one)\n\n### Q1: \"First?\"\n\n**Power Answer:**\n> Para one.\n>\n> Para two.\n\n---\n\n## ADVANCED\n\n### Q2: Second?\n\n```sh\necho hi\n```\n\n#### Follow-up\n\nMore.\n\n## Cheat Sheet\n\nnot an answer\n";
        let n = parse_notes(md);
        assert_eq!(
            kinds(&n),
            vec![
                (Kind::Qa, "first", "First?"),
                (Kind::Qa, "second", "Second?")
            ]
        );
        assert_eq!(n.cards[0].a, "Para one.\n\nPara two.");
        assert_eq!(
            n.cards[1].a,
            "```sh\necho hi\n```\n\n#### Follow-up\n\nMore."
        );
    }

    #[test]
    fn gotcha_subsections_and_edge_case_sections() {
        let md = "# T\n\n## ⚠️ 3. Gotchas & Edge Cases\n\n### 1. Tabs are `not` spaces\nBody one.\n\n    indented code\n\n### 2. Second\n- a\n- b\n\n---\n\n## EDGE CASE 7: Disk full\n\n### Scenario A\ntext\n\n```\nlog\n```\n\n---\n\n## Other\n\n### Not a gotcha\nx\n";
        let n = parse_notes(md);
        assert_eq!(
            kinds(&n),
            vec![
                (
                    Kind::Gotcha,
                    "tabs-not-spaces",
                    "Gotcha: Tabs are `not` spaces. What is the catch, and why does it matter?"
                ),
                (
                    Kind::Gotcha,
                    "second",
                    "Gotcha: Second. What is the catch, and why does it matter?"
                ),
                (
                    Kind::Gotcha,
                    "disk-full",
                    "Edge case: Disk full. What goes wrong, and how do you handle it?"
                ),
            ]
        );
        assert_eq!(n.cards[0].a, "Body one.\n\n```\nindented code\n```");
        assert_eq!(n.cards[1].a, "- a\n- b");
        assert_eq!(n.cards[2].a, "### Scenario A\n\ntext\n\n```\nlog\n```");
    }

    #[test]
    fn odd_markup_is_handled_or_warned_about() {
        let md = "## Interview\r\n\r\n***Q: Bold italic?***\r\n\r\nYes.\r\n\r\n**Q:**\r\n\r\nlost\r\n\r\n## Gotchas\n\n### \n\nbody\n";
        let n = parse_notes(md);
        assert_eq!(kinds(&n), vec![(Kind::Qa, "bold-italic", "Bold italic?")]);
        assert_eq!(n.cards[0].a, "Yes.");
        assert_eq!(
            n.warnings,
            vec![
                "line 7: question label without a question, skipped",
                "line 13: gotcha heading without a title, skipped"
            ]
        );
    }

    #[test]
    fn files_without_sections_warn() {
        let n = parse_notes("# Just notes\n\nSome text.\n\n**Q: not in a section**\n\n> nope\n");
        assert!(n.cards.is_empty());
        assert_eq!(n.warnings, vec!["no interview or gotcha section"]);
        let n = parse_notes("## Interview\n\n**Q: Lonely?**\n\n## Next\n");
        assert!(n.cards.is_empty());
        assert_eq!(n.warnings.len(), 2, "{:?}", n.warnings);
        assert!(n.warnings[1].contains("line 3: question without an answer"));
    }

    #[test]
    fn control_characters_are_stripped() {
        let md = "# T\u{1b}]0;x\u{7}itle\n\n## Interview\n\n**Q: Clear\u{1b}[2J?**\n\nIt\u{9b} works.\r\n";
        let n = parse_notes(md);
        assert_eq!(n.title.as_deref(), Some("T]0;xitle"));
        assert_eq!(n.cards.len(), 1, "{:?}", n.warnings);
        assert_eq!(n.cards[0].q, "Clear[2J?");
        assert_eq!(n.cards[0].a, "It works.");
    }

    #[test]
    fn cards_over_the_deck_limits_are_skipped_with_a_warning() {
        let long = "x".repeat(MAX_A_BYTES + 1);
        let md = format!(
            "# {}\n\n## Interview\n\n**Q: Long?**\n\n{long}\n\n**Q: Short?**\n\nYes.\n",
            "T".repeat(300)
        );
        let n = parse_notes(&md);
        assert_eq!(kinds(&n), vec![(Kind::Qa, "short", "Short?")]);
        assert_eq!(
            n.title, None,
            "a title over 256 bytes is left to the file name"
        );
        assert!(
            n.warnings[0].starts_with("line 5: question or its answer is over the deck limits"),
            "{:?}",
            n.warnings
        );
    }

    #[test]
    fn front_matter_is_skipped_and_lines_still_count() {
        let md = "---\ntitle: x\n---\n## Interview\n\n**Q: A?**\n\n## End\n";
        let n = parse_notes(md);
        assert!(
            n.warnings.iter().any(|w| w.starts_with("line 6:")),
            "{:?}",
            n.warnings
        );
    }
}
