//! The Markdown block walk of the importer: a text's top-level blocks (headings, paragraphs,
//! quotes, rules, code) with their source ranges, YAML front matter skipped, and an answer's
//! text cut verbatim out of the blocks that follow its question.

use super::classify::ANSWER_LABELS;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BlockKind {
    Heading(u8),
    Paragraph,
    BlockQuote,
    Rule,
    HtmlComment,
    /// Indented code, re-emitted fenced.
    IndentedCode,
    Other,
}

/// One top-level block of a Markdown text.
#[derive(Debug, Clone)]
pub(super) struct Block {
    pub(super) kind: BlockKind,
    /// Source range, from the start of its first line.
    pub(super) range: Range<usize>,
    /// Source range of the inline content (headings, paragraphs).
    pub(super) inline: Option<Range<usize>>,
    /// Source range of a `**strong**` span that opens a paragraph.
    pub(super) lead_strong: Option<Range<usize>>,
    /// Plain text of the inline content, or the code of an indented code block.
    pub(super) text: String,
}

pub(super) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

pub(super) fn union(a: &mut Option<Range<usize>>, b: &Range<usize>) {
    *a = Some(match a.take() {
        Some(r) => r.start.min(b.start)..r.end.max(b.end),
        None => b.clone(),
    });
}

/// Moves `start` back to the start of its line when only spaces stand before it.
pub(super) fn line_start(src: &str, start: usize) -> usize {
    let before = &src[..start];
    let ls = before.rfind('\n').map_or(0, |i| i + 1);
    if before[ls..].chars().all(|c| c == ' ' || c == '\t') {
        ls
    } else {
        start
    }
}

/// The top-level blocks of `src`.
pub(super) fn blocks(src: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut cur: Option<Block> = None;
    let mut seen_text = false;
    for (event, range) in Parser::new_ext(src, options()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    let kind = match &tag {
                        Tag::Heading { level, .. } => BlockKind::Heading(*level as u8),
                        Tag::Paragraph => BlockKind::Paragraph,
                        Tag::BlockQuote(_) => BlockKind::BlockQuote,
                        Tag::CodeBlock(CodeBlockKind::Indented) => BlockKind::IndentedCode,
                        Tag::HtmlBlock if src[range.clone()].trim_start().starts_with("<!--") => {
                            BlockKind::HtmlComment
                        }
                        _ => BlockKind::Other,
                    };
                    cur = Some(Block {
                        kind,
                        range: line_start(src, range.start)..range.end,
                        inline: None,
                        lead_strong: None,
                        text: String::new(),
                    });
                    seen_text = false;
                } else if let Some(b) = cur.as_mut() {
                    if !seen_text && b.lead_strong.is_none() && matches!(tag, Tag::Strong) {
                        b.lead_strong = Some(range.clone());
                    }
                    union(&mut b.inline, &range);
                }
                depth += 1;
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0
                    && let Some(b) = cur.take()
                {
                    out.push(b);
                }
            }
            Event::Rule if depth == 0 => out.push(Block {
                kind: BlockKind::Rule,
                range,
                inline: None,
                lead_strong: None,
                text: String::new(),
            }),
            other => {
                if let Some(b) = cur.as_mut() {
                    seen_text = true;
                    match other {
                        Event::Text(t) | Event::Code(t) => b.text.push_str(&t),
                        Event::SoftBreak | Event::HardBreak => b.text.push(' '),
                        _ => {}
                    }
                    if b.kind != BlockKind::IndentedCode {
                        union(&mut b.inline, &range);
                    }
                } else if depth == 0 {
                    out.push(Block {
                        kind: BlockKind::Other,
                        range,
                        inline: None,
                        lead_strong: None,
                        text: String::new(),
                    });
                }
            }
        }
    }
    out
}

/// Removes one level of `>` from every line of a blockquote's source.
pub(super) fn unquote_block(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent.min(3)..];
        match rest.strip_prefix('>') {
            Some(r) => out.push_str(r.strip_prefix(' ').unwrap_or(r)),
            None => out.push_str(line),
        }
    }
    out
}

/// One block of an answer, ready to join.
pub(super) struct Part {
    text: String,
    /// A whole-paragraph bold label such as `**Power Answer:**`.
    label: bool,
}

pub(super) const MAX_QUOTE_DEPTH: usize = 8;

pub(super) fn answer_parts(src: &str, blocks: &[Block], depth: usize, out: &mut Vec<Part>) {
    for b in blocks {
        match b.kind {
            BlockKind::BlockQuote if depth < MAX_QUOTE_DEPTH => {
                let inner = unquote_block(&src[b.range.clone()]);
                answer_parts(&inner, &self::blocks(&inner), depth + 1, out);
            }
            BlockKind::HtmlComment => {}
            BlockKind::IndentedCode => out.push(Part {
                text: format!("```\n{}\n```", b.text.trim_end_matches('\n')),
                label: false,
            }),
            BlockKind::Paragraph => {
                let whole = &src[b.range.clone()];
                let mut part = Part {
                    text: whole.trim_end().to_string(),
                    label: false,
                };
                if let (Some(strong), Some(inline)) = (&b.lead_strong, &b.inline) {
                    let label_text = src[strong.clone()].trim_matches(['*', '_']).trim();
                    let word = label_text.trim_end_matches(':').trim().to_ascii_lowercase();
                    if strong == inline && label_text.ends_with(':') && label_text.len() <= 60 {
                        part.label = true;
                    } else if label_text.ends_with(':') && ANSWER_LABELS.contains(&word.as_str()) {
                        part.text = src[strong.end..b.range.end].trim().to_string();
                    }
                }
                out.push(part);
            }
            _ => out.push(Part {
                text: src[b.range.clone()].trim_end().to_string(),
                label: false,
            }),
        }
    }
}

/// The Markdown of an answer made of `blocks`, with `lead` (text from the question's own
/// paragraph) in front.
pub(super) fn answer_text(src: &str, blocks: &[Block], lead: &str) -> String {
    let mut parts = Vec::new();
    if !lead.trim().is_empty() {
        parts.push(Part {
            text: lead.trim().to_string(),
            label: false,
        });
    }
    answer_parts(src, blocks, 0, &mut parts);
    let first = parts
        .iter()
        .position(|p| !p.label && !p.text.trim().is_empty())
        .unwrap_or(parts.len());
    let kept: Vec<&str> = parts[first..]
        .iter()
        .map(|p| p.text.trim_end())
        .filter(|t| !t.trim().is_empty())
        .collect();
    kept.join("\n\n").trim().to_string()
}

/// Skips YAML front matter (`---` ... `---` or `...` at the very start); returns its length.
pub(super) fn front_matter_len(text: &str) -> usize {
    let mut lines = text.split_inclusive('\n');
    let mut at = match lines.next() {
        Some(first) if first.trim_end() == "---" && first.ends_with('\n') => first.len(),
        _ => return 0,
    };
    for line in lines {
        at += line.len();
        if matches!(line.trim_end(), "---" | "...") {
            return at;
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_level_blocks_with_their_ranges() {
        let md = "# Title\n\nA *para*.\n\n> quoted\n\n---\n\n    code\n<!-- c -->\n";
        let all = blocks(md);
        let got: Vec<(BlockKind, &str)> = all.iter().map(|b| (b.kind, b.text.trim())).collect();
        assert_eq!(
            got,
            vec![
                (BlockKind::Heading(1), "Title"),
                (BlockKind::Paragraph, "A para."),
                (BlockKind::BlockQuote, "quoted"),
                (BlockKind::Rule, ""),
                (BlockKind::IndentedCode, "code"),
                (BlockKind::HtmlComment, ""),
            ]
        );
        assert_eq!(&md[blocks(md)[1].range.clone()].trim_end(), &"A *para*.");
    }

    #[test]
    fn front_matter_and_answers() {
        assert_eq!(front_matter_len("---\na: 1\n---\n# T\n"), 13);
        assert_eq!(front_matter_len("--- not\n"), 0);
        assert_eq!(front_matter_len("---\nunclosed\n"), 0);
        let md = "> **Answer:** Yes.\n> - a\n\n    code\n";
        let all = blocks(md);
        assert_eq!(answer_text(md, &all, ""), "Yes.\n\n- a\n\n```\ncode\n```");
    }
}
