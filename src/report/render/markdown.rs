//! `report --format md`: a Markdown document to paste into notes (CommonMark + GFM tables).
//!
//! Every piece of text that comes from a deck goes through [`escape`]: it is put on one line and
//! every character Markdown (or the HTML a Markdown viewer passes through) could act on is
//! backslash-escaped, `|` included, so card text can neither break a table nor inject markup.

use super::{ease, percent};
use crate::report::{Report, TopicStatus};

/// `s` on one line with Markdown's active characters escaped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            if matches!(
                c,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#' | '!' | '&' | '$'
            ) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// A code span for ids and slugs (kebab-case, so no backtick can occur in them).
fn code(s: &str) -> String {
    format!("`{}`", s.replace('`', "'"))
}

pub fn report_md(r: &Report) -> String {
    let mut out = String::from("# Weak-topic report\n\n");
    out += &format!(
        "Generated {} by ecsdrill · retention window {} to {} · leech threshold {} lapses.\n\n",
        r.generated_at, r.window_start, r.today, r.leech_threshold
    );
    out += &format!(
        "{} of {} cards seen; retention {} over {} review grade(s). \
         Weakness runs from 0 (solid) to 1 (struggling); weakest topic first.\n\n",
        r.seen,
        r.cards,
        percent(r.retention),
        r.graded
    );
    out += "| # | Phase | Topic | Weakness | Retention | Lapses | Leeches | Unseen | Mean EF |\n";
    out += "|--:|--:|---|--:|--:|--:|--:|--:|--:|\n";
    for (i, t) in r.topics.iter().enumerate() {
        out += &format!(
            "| {} | {} | {} ({}) | {:.2} | {} | {} | {} | {}/{} | {} |\n",
            i + 1,
            t.phase,
            escape(&t.title),
            code(&t.topic),
            t.weakness,
            percent(t.retention_30d),
            t.lapses,
            t.leeches,
            t.unseen,
            t.cards,
            ease(t.mean_ease)
        );
    }
    for (i, t) in r.topics.iter().enumerate() {
        out += &format!("\n## {}. {}\n\n", i + 1, escape(&t.title));
        out += &format!(
            "Topic {} · phase {} · weakness {:.2} · re-read {}\n",
            code(&t.topic),
            t.phase,
            t.weakness,
            escape(&t.source)
        );
        if t.status == TopicStatus::Unseen {
            out += &format!("\nNot started: {} new card(s).\n", t.cards);
            continue;
        }
        if !t.weakest_cards.is_empty() {
            out += "\n| Card | Lapses | EF | Question |\n|---|--:|--:|---|\n";
            for c in &t.weakest_cards {
                out += &format!(
                    "| {} | {} | {:.2} | {} |\n",
                    code(&c.id),
                    c.lapses,
                    c.ease,
                    escape(&c.q)
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_pipes_and_newlines() {
        assert_eq!(escape("a | b\nc"), r"a \| b c");
        assert_eq!(
            escape("<script>alert(1)</script>"),
            r"\<script\>alert(1)\</script\>"
        );
        assert_eq!(escape("*x* _y_ [l](u)"), r"\*x\* \_y\_ \[l\](u)");
        assert_eq!(escape(r"C:\dir"), r"C:\\dir");
    }
}
