//! `report --format md`: a Markdown document to paste into notes (CommonMark + GFM tables).
//!
//! Every piece of text that comes from a deck goes through [`escape`]: it is put on one line and
//! every character Markdown (or the HTML a Markdown viewer passes through) could act on is
//! backslash-escaped, `|` included, so card text can neither break a table nor inject markup;
//! control characters are shown as visible stand-ins ([`for_terminal`]).

use super::text::{backlog_line, interview_lines};
use super::{ease, percent};
use crate::report::Report;
use crate::report::trend::Trend;
use crate::safe_text::for_terminal;

/// `s` on one line with Markdown's active characters escaped.
pub fn escape(s: &str) -> String {
    let s = for_terminal(s);
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

/// A code span for ids, slugs, files and commands, on one line (a backtick would end it, so
/// it becomes a quote).
fn code(s: &str) -> String {
    format!("`{}`", super::one_line(&for_terminal(s)).replace('`', "'"))
}

/// A sentence whose backticked parts become code spans and the rest is escaped (keeping the
/// spaces around the code spans).
fn inline(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                return code(part);
            }
            let pad = |b: bool| if b { " " } else { "" };
            let (lead, trail) = (
                part.starts_with(char::is_whitespace),
                part.ends_with(char::is_whitespace),
            );
            let body = escape(part);
            if body.is_empty() {
                pad(lead || trail).to_string()
            } else {
                format!("{}{body}{}", pad(lead), pad(trail))
            }
        })
        .collect()
}

fn top(r: &Report) -> String {
    let mut out = String::from("## Next steps\n\n");
    for (i, step) in r.next_steps.iter().enumerate() {
        out += &format!("{}. {}\n", i + 1, inline(&step.text));
    }
    out += "\n";
    if let Some(i) = &r.interview {
        for line in interview_lines(i) {
            out += &format!("{}  \n", escape(&line));
        }
    }
    if let Some(line) = backlog_line(&r.backlog) {
        out += &format!("{}.\n", escape(&line));
    }
    out += "\n";
    out
}

fn trend_md(t: &Trend) -> String {
    let mut out = String::from(
        "## Trend\n\nRetention per week and phase; cards new / young / mature at the end of each week.\n\n| Week of |",
    );
    for p in &t.phases {
        out += &format!(" Phase {} |", p.phase);
    }
    out += " New | Young | Mature |\n|---|";
    out += &"--:|".repeat(t.phases.len() + 3);
    out += "\n";
    for (i, week) in t.weeks.iter().enumerate() {
        out += &format!("| {week} |");
        for p in &t.phases {
            out += &format!(" {} |", percent(p.weeks.get(i).and_then(|w| w.retention)));
        }
        if let Some(c) = t.cards.get(i) {
            for share in c.shares() {
                out += &format!(" {} |", percent(share));
            }
        }
        out += "\n";
    }
    out
}

pub fn report_md(r: &Report) -> String {
    let mut out = String::from("# Weak-topic report\n\n");
    out += &format!(
        "Generated {} by ecsdrill · retention window {} to {} · leech threshold {} failures.\n\n",
        r.generated_at, r.window_start, r.today, r.leech_threshold
    );
    out += &top(r);
    out += &format!(
        "{} of {} cards seen; retention {} over {} review grade(s). \
         Weakness runs from 0 (solid) to 1 (struggling), over the studied cards; weakest topic first.\n\n",
        r.seen,
        r.cards,
        percent(r.retention),
        r.graded
    );
    if !r.topics.is_empty() {
        out += "## Studied topics\n\n";
        out += "| # | Phase | Topic | Weakness | Retention | Failures | Leeches | Unseen | Mean EF |\n";
        out += "|--:|--:|---|--:|--:|--:|--:|--:|--:|\n";
        for t in &r.topics {
            let c = &t.counts;
            out += &format!(
                "| {} | {} | {} ({}) | {:.2} | {} | {} | {} | {}/{} | {} |\n",
                t.rank,
                c.phase,
                escape(&c.title),
                code(&c.topic),
                t.weakness,
                percent(t.retention_30d),
                c.failures,
                c.leeches,
                c.unseen,
                c.cards,
                ease(c.mean_ease)
            );
        }
        out += "\n";
    }
    if !r.not_started.is_empty() {
        out += "## Not started\n\n| Phase | Topic | Cards | Read first |\n|--:|---|--:|---|\n";
        for t in &r.not_started {
            out += &format!(
                "| {} | {} ({}) | {} | {} |\n",
                t.phase,
                escape(&t.title),
                code(&t.topic),
                t.cards,
                escape(&t.source)
            );
        }
        out += "\n";
    }
    if r.total_reviews > 0 {
        out += &trend_md(&r.trend);
    }
    for t in &r.topics {
        let c = &t.counts;
        out += &format!("\n## {}. {}\n\n", t.rank, escape(&c.title));
        out += &format!(
            "Topic {} · phase {} · weakness {:.2} · re-read {}\n",
            code(&c.topic),
            c.phase,
            t.weakness,
            escape(&c.source)
        );
        if !t.weakest_cards.is_empty() {
            out += "\n| Card | Failures | EF | Question |\n|---|--:|--:|---|\n";
            for w in &t.weakest_cards {
                out += &format!(
                    "| {} | {} | {:.2} | {} |\n",
                    code(&w.id),
                    w.failures,
                    w.ease,
                    escape(&w.q)
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
        assert_eq!(escape("a\u{1b}[2Jb"), r"a␛\[2Jb");
    }

    #[test]
    fn backticks_become_code_spans() {
        assert_eq!(
            inline("Re-read `a_b.md`, then `ecsdrill drill` *now*"),
            r"Re-read `a_b.md`, then `ecsdrill drill` \*now\*"
        );
    }
}
