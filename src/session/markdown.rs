//! Card text (Markdown from imported decks, or plain prose) as terminal lines: `**bold**` in
//! bold, `code` in colour, fenced code indented and dim, lists with bullets, every paragraph
//! word-wrapped to the width. Markup characters never reach the screen; with colours off the
//! result is plain text. Control characters are neutralised first
//! ([`crate::safe_text::for_terminal`]), so card text cannot drive the terminal.

use crate::answer_check::{key_spans, split_at_spans};
use crate::safe_text::for_terminal;
use console::style;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Inline styles in force while walking the text.
#[derive(Default, Clone, Copy)]
struct Inline {
    strong: bool,
    emphasis: bool,
}

/// The block being filled and the blocks around it.
struct Walk<'k> {
    width: usize,
    /// Key terms to highlight in prose (not in code).
    keys: &'k [String],
    lines: Vec<String>,
    /// Words of the current paragraph, already styled.
    words: Vec<String>,
    /// Set when the next text continues the last word (no space between, e.g. `a**b**`).
    glue: bool,
    inline: Inline,
    /// Prefix of the current block's first line, and of its other lines.
    first: String,
    rest: String,
    /// One entry per open list: the next item number, `None` for bullets.
    lists: Vec<Option<u64>>,
    quote: usize,
    code: Option<Vec<String>>,
    table_row: Vec<String>,
    in_cell: bool,
    cell: String,
    /// A line kept as written (it was indented in the source), filled until the line ends.
    raw: Option<String>,
}

impl Walk<'_> {
    /// The bars of the block quotes around the current block.
    fn indent(&self) -> String {
        "│ ".repeat(self.quote)
    }

    fn push_text(&mut self, text: &str, code: bool) {
        if self.code.is_some() {
            if let Some(code) = self.code.as_mut() {
                code.extend(text.lines().map(str::to_string));
            }
            return;
        }
        if self.in_cell {
            self.cell.push_str(text);
            return;
        }
        if self.words.is_empty() && self.raw.is_none() && text.starts_with(KEEP) {
            self.raw = Some(String::new());
        }
        let styled_as = |w: &str, key: bool| {
            let mut s = style(w.to_string());
            if code {
                s = s.cyan();
            }
            if key {
                s = s.yellow().bold();
            }
            if self.inline.strong {
                s = s.bold();
            }
            if self.inline.emphasis {
                s = s.italic();
            }
            s.to_string()
        };
        let styled = |w: &str| styled_as(w, false);
        if let Some(raw) = self.raw.as_mut() {
            raw.push_str(&styled(&text.replace(KEEP, " ")));
            return;
        }
        let starts_with_space = text.starts_with(char::is_whitespace);
        let keys = if code { &[][..] } else { self.keys };
        for (i, runs) in key_runs(text, keys).into_iter().enumerate() {
            let w: String = runs
                .into_iter()
                .map(|(run, key)| styled_as(run, key))
                .collect();
            match self.words.last_mut() {
                Some(last) if i == 0 && self.glue && !starts_with_space => last.push_str(&w),
                _ => self.words.push(w),
            }
        }
        self.glue = !text.ends_with(char::is_whitespace);
    }

    /// Wraps the current paragraph's words into lines.
    fn flush(&mut self) {
        if let Some(raw) = self.raw.take() {
            self.lines.push(format!("{}{raw}", self.first));
            self.first = self.rest.clone();
            return;
        }
        if self.words.is_empty() {
            return;
        }
        let text = self.words.join(" ");
        self.words.clear();
        self.glue = false;
        let (first, rest) = (self.first.clone(), self.rest.clone());
        let opts = textwrap::Options::new(self.width.max(10))
            .initial_indent(&first)
            .subsequent_indent(&rest)
            .break_words(true)
            .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit);
        self.lines.extend(
            textwrap::wrap(&text, opts)
                .into_iter()
                .map(|l| l.into_owned()),
        );
        self.first = rest;
    }

    fn blank(&mut self) {
        if self.lines.last().is_some_and(|l| !l.trim().is_empty()) {
            self.lines.push(String::new());
        }
    }

    fn start(&mut self, tag: &Tag<'_>) {
        match tag {
            Tag::Paragraph | Tag::Heading { .. } => {
                if self.lists.is_empty() {
                    self.first = self.indent();
                    self.rest = self.first.clone();
                }
                if matches!(tag, Tag::Heading { .. }) {
                    self.inline.strong = true;
                }
            }
            Tag::Strong => self.inline.strong = true,
            Tag::Emphasis => self.inline.emphasis = true,
            Tag::List(start) => {
                self.flush();
                self.lists.push(*start);
            }
            Tag::Item => {
                self.flush();
                let base = "  ".repeat(self.lists.len().saturating_sub(1));
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}. ");
                        *n += 1;
                        m
                    }
                    _ => "• ".to_string(),
                };
                self.rest = format!("{base}{}", " ".repeat(marker.chars().count()));
                self.first = format!("{base}{marker}");
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.quote += 1;
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.blank();
                self.code = Some(Vec::new());
            }
            Tag::TableCell => {
                self.in_cell = true;
                self.cell.clear();
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) => {
                self.flush();
                self.inline.strong = false;
                if self.lists.is_empty() {
                    self.blank();
                }
            }
            TagEnd::Strong => self.inline.strong = false,
            TagEnd::Emphasis => self.inline.emphasis = false,
            TagEnd::Item => self.flush(),
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
                if self.lists.is_empty() {
                    self.blank();
                }
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quote = self.quote.saturating_sub(1);
            }
            TagEnd::CodeBlock => {
                let pad = format!("{}{}    ", self.indent(), "  ".repeat(self.lists.len()));
                for l in self.code.take().unwrap_or_default() {
                    self.lines.push(format!("{pad}{}", style(l).dim()));
                }
                self.blank();
            }
            TagEnd::TableCell => {
                self.in_cell = false;
                let cell = std::mem::take(&mut self.cell);
                self.table_row.push(cell.trim().to_string());
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                let row = std::mem::take(&mut self.table_row);
                self.lines
                    .push(format!("{}{}", self.indent(), row.join(" │ ")));
            }
            TagEnd::Table => self.blank(),
            _ => {}
        }
    }
}

/// The whitespace-separated words of `text`, each cut into runs flagged true where one of
/// `keys` stands (a key term may span several words, or part of one: `cgroups,`).
fn key_runs<'t>(text: &'t str, keys: &[String]) -> Vec<Vec<(&'t str, bool)>> {
    let spans = key_spans(text, keys);
    text.split_whitespace()
        .map(|w| {
            // Where the word stands in `text` (a subslice of it).
            let at = w.as_ptr() as usize - text.as_ptr() as usize;
            let inside: Vec<std::ops::Range<usize>> = spans
                .iter()
                .filter(|r| r.start < at + w.len() && r.end > at)
                .map(|r| r.start.saturating_sub(at)..(r.end - at).min(w.len()))
                .collect();
            split_at_spans(w, &inside)
        })
        .collect()
}

/// Marks the leading spaces of an indented line, which Markdown would drop.
const KEEP: char = '\u{a0}';

/// Plain-text decks indent commands and config under a sentence; Markdown would fold them
/// into the paragraph. Their indentation becomes no-break spaces so they stay lines of their
/// own, as written (fenced code and list items are left to Markdown).
fn keep_indents(text: &str) -> String {
    let mut fenced = false;
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_start_matches([' ', '\t']);
        if body.starts_with("```") || body.starts_with("~~~") {
            fenced = !fenced;
        }
        let list = body.starts_with(['-', '*', '+'])
            || body
                .split_once(['.', ')'])
                .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        let indent = line.len() - body.len();
        if fenced || list || indent == 0 || body.trim().is_empty() {
            out.push_str(line);
        } else {
            out.extend(std::iter::repeat_n(KEEP, indent));
            out.push_str(body);
        }
    }
    out
}

/// `text` as lines of at most `width` columns (code blocks and table rows are kept whole).
pub fn to_lines(text: &str, width: usize) -> Vec<String> {
    to_lines_with_keys(text, width, &[])
}

/// [`to_lines`] with each of `keys` (a card's key terms) highlighted wherever prose holds it.
pub fn to_lines_with_keys(text: &str, width: usize, keys: &[String]) -> Vec<String> {
    let text = for_terminal(text);
    let mut w = Walk {
        width,
        keys,
        lines: Vec::new(),
        words: Vec::new(),
        glue: false,
        inline: Inline::default(),
        first: String::new(),
        rest: String::new(),
        lists: Vec::new(),
        quote: 0,
        code: None,
        table_row: Vec::new(),
        in_cell: false,
        cell: String::new(),
        raw: None,
    };
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let text = keep_indents(&text);
    for event in Parser::new_ext(&text, opts) {
        match event {
            Event::Start(tag) => w.start(&tag),
            Event::End(tag) => w.end(tag),
            Event::Text(t) => w.push_text(&t, false),
            Event::Code(t) => w.push_text(&t, true),
            Event::Html(t) | Event::InlineHtml(t) => w.push_text(&t, false),
            // Decks written as plain text mean their line breaks.
            Event::SoftBreak => w.flush(),
            Event::HardBreak => w.flush(),
            Event::Rule => {
                w.flush();
                w.lines.push("─".repeat(width.min(40)));
            }
            _ => {}
        }
    }
    w.flush();
    while w.lines.last().is_some_and(|l| l.trim().is_empty()) {
        w.lines.pop();
    }
    w.lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str, width: usize) -> Vec<String> {
        console::set_colors_enabled(false);
        to_lines(text, width)
    }

    #[test]
    fn markup_is_rendered_not_shown() {
        let cases: &[(&str, &[&str])] = &[
            ("plain words", &["plain words"]),
            ("use **bold** and `code`", &["use bold and code"]),
            ("a**b**c", &["abc"]),
            ("- one\n- two", &["• one", "• two"]),
            ("1. first\n2. second", &["1. first", "2. second"]),
            (
                "Run:\n\n```sh\naws ecr  get-login\n```\n\nDone.",
                &["Run:", "", "    aws ecr  get-login", "", "Done."],
            ),
            ("| a | b |\n|---|---|\n| 1 | 2 |", &["a │ b", "1 │ 2"]),
            ("bad \u{1b}[2J escape", &["bad ␛[2J escape"]),
            (
                "Inside:\n  curl -s  \"http://x\"\n{\n  \"a\": 1\n}\nafter",
                &[
                    "Inside:",
                    "  curl -s  \"http://x\"",
                    "{",
                    "  \"a\": 1",
                    "}",
                    "after",
                ],
            ),
        ];
        for (input, want) in cases {
            assert_eq!(plain(input, 60), *want, "{input:?}");
        }
    }

    #[test]
    fn key_terms_are_cut_out_of_the_words() {
        let keys = vec!["task role".to_string(), "cgroup".to_string()];
        assert_eq!(
            key_runs("The task role sets cgroups, not  IAM.", &keys),
            [
                vec![("The", false)],
                vec![("task", true)],
                vec![("role", true)],
                vec![("sets", false)],
                vec![("cgroups", true), (",", false)],
                vec![("not", false)],
                vec![("IAM.", false)],
            ]
        );
        assert_eq!(
            key_runs("a b", &[]),
            [vec![("a", false)], vec![("b", false)]]
        );
        // With colours off the highlighted answer is the plain text.
        assert_eq!(
            plain("The task role, and `awsvpc` mode.", 60),
            to_lines_with_keys("The task role, and `awsvpc` mode.", 60, &keys)
        );
    }

    #[test]
    fn paragraphs_and_list_items_wrap_with_their_indent() {
        let lines = plain(
            "one two three four five six\n\n- alpha beta gamma delta",
            12,
        );
        assert_eq!(
            lines,
            [
                "one two",
                "three four",
                "five six",
                "",
                "• alpha beta",
                "  gamma",
                "  delta"
            ]
        );
        assert!(lines.iter().all(|l| l.chars().count() <= 12));
    }
}
