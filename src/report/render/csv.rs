//! `report --format csv`: RFC 4180 (through the `csv` crate: CRLF line ends, fields quoted
//! when they hold a comma, a quote or a line break), a header row, then the next steps (rank
//! `step N`, status `next_step`, the sentence in `title`, the file in `source`, the command in
//! `command`), then one row per topic: the studied ones weakest first, then those not started
//! (status `unseen`, no rank) in curriculum order.
//!
//! Control characters are shown as visible stand-ins ([`for_terminal`]); newlines and tabs
//! stay.
//!
//! Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` (and some run tab or carriage
//! return) as a formula, so every text cell starting with one of them is prefixed with `'`
//! (OWASP's advice against CSV injection). Numbers are written as plain digits and never start
//! with those characters.

use crate::report::Report;
use crate::safe_text::for_terminal;

pub const HEADER: [&str; 22] = [
    "rank",
    "phase",
    "topic",
    "title",
    "source",
    "status",
    "weakness",
    "retention",
    "lapses",
    "leeches",
    "unseen",
    "cards",
    "mean_ease",
    "reviews",
    "weakest_1",
    "weakest_1_q",
    "weakest_2",
    "weakest_2_q",
    "weakest_3",
    "weakest_3_q",
    "failures",
    "command",
];

/// `s`, with a leading `'` when a spreadsheet would take it for a formula.
pub fn neutralise(s: &str) -> String {
    let s = for_terminal(s);
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.into_owned()
    }
}

/// A row with `cells` at their header positions and every other cell empty.
fn sparse(cells: &[(&str, String)]) -> Vec<String> {
    HEADER
        .iter()
        .map(|h| {
            cells
                .iter()
                .find(|(name, _)| name == h)
                .map_or(String::new(), |(_, v)| v.clone())
        })
        .collect()
}

pub fn report_csv(r: &Report) -> std::io::Result<String> {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(HEADER)?;
    for (i, step) in r.next_steps.iter().enumerate() {
        w.write_record(sparse(&[
            ("rank", format!("step {}", i + 1)),
            ("status", "next_step".into()),
            ("title", neutralise(&step.text)),
            (
                "source",
                step.file.as_deref().map(neutralise).unwrap_or_default(),
            ),
            (
                "command",
                step.command.as_deref().map(neutralise).unwrap_or_default(),
            ),
        ]))?;
    }
    for t in &r.topics {
        let c = &t.counts;
        let mut row = vec![
            t.rank.to_string(),
            c.phase.to_string(),
            neutralise(&c.topic),
            neutralise(&c.title),
            neutralise(&c.source),
            t.status.as_str().to_string(),
            format!("{:.3}", t.weakness),
            t.retention_30d.map_or(String::new(), |x| format!("{x:.3}")),
            c.lapses.to_string(),
            c.leeches.to_string(),
            c.unseen.to_string(),
            c.cards.to_string(),
            c.mean_ease.map_or(String::new(), |x| format!("{x:.2}")),
            c.graded.to_string(),
        ];
        for k in 0..3 {
            match t.weakest_cards.get(k) {
                Some(w) => row.extend([neutralise(&w.id), neutralise(&w.q)]),
                None => row.extend([String::new(), String::new()]),
            }
        }
        row.extend([c.failures.to_string(), String::new()]);
        w.write_record(&row)?;
    }
    for t in &r.not_started {
        w.write_record(sparse(&[
            ("phase", t.phase.to_string()),
            ("topic", neutralise(&t.topic)),
            ("title", neutralise(&t.title)),
            ("source", neutralise(&t.source)),
            ("status", "unseen".into()),
            ("unseen", t.cards.to_string()),
            ("cards", t.cards.to_string()),
        ]))?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    String::from_utf8(bytes).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised() {
        assert_eq!(neutralise("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("-x"), "'-x");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("plain = fine"), "plain = fine");
        // Control characters show as visible stand-ins; newlines and tabs stay.
        assert_eq!(neutralise("a\u{1b}]52;c;x\u{7}\nb\tc"), "a␛]52;c;x␇\nb\tc");
    }
}
