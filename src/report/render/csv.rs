//! `report --format csv`: RFC 4180 (through the `csv` crate: CRLF line ends, fields quoted
//! when they hold a comma, a quote or a line break), a header row and one row per topic,
//! weakest first.
//!
//! Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` (and some run tab or carriage
//! return) as a formula, so every text cell starting with one of them is prefixed with `'`
//! (OWASP's advice against CSV injection). Numbers are written as plain digits and never start
//! with those characters.

use crate::report::Report;

pub const HEADER: [&str; 20] = [
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
];

/// `s`, with a leading `'` when a spreadsheet would take it for a formula.
pub fn neutralise(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

pub fn report_csv(r: &Report) -> std::io::Result<String> {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(HEADER)?;
    for (i, t) in r.topics.iter().enumerate() {
        let mut row = vec![
            (i + 1).to_string(),
            t.phase.to_string(),
            neutralise(&t.topic),
            neutralise(&t.title),
            neutralise(&t.source),
            t.status.as_str().to_string(),
            format!("{:.3}", t.weakness),
            t.retention_30d.map_or(String::new(), |x| format!("{x:.3}")),
            t.lapses.to_string(),
            t.leeches.to_string(),
            t.unseen.to_string(),
            t.cards.to_string(),
            t.mean_ease.map_or(String::new(), |x| format!("{x:.2}")),
            t.reviews.to_string(),
        ];
        for k in 0..3 {
            match t.weakest_cards.get(k) {
                Some(c) => {
                    row.push(neutralise(&c.id));
                    row.push(neutralise(&c.q));
                }
                None => row.extend([String::new(), String::new()]),
            }
        }
        w.write_record(&row)?;
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
    }
}
