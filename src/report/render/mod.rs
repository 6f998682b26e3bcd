//! Renderers: a model in, a `String` out. Shared helpers, `stats` and `mastery` here; the
//! weak-topic report in one module per format ([`text`], [`markdown`], [`csv`], [`html`]).
//! JSON is the model through serde, in `app`.
//!
//! Text for a terminal or a plain-text file (table, Markdown, CSV) goes through
//! [`crate::safe_text::for_terminal`], so escape sequences in card text show as visible
//! stand-ins instead of acting; HTML escapes instead.

pub mod csv;
pub mod html;
pub mod markdown;
pub mod text;

use super::mastery::Rule;
use super::{Mastery, Stats};
use crate::safe_text::for_terminal;
use comfy_table::{
    CellAlignment, ContentArrangement, ContentLineStyle, LineStyle, Table, TableStyle,
};

/// Terminal width the text renderers fit in.
pub const WIDTH: usize = TABLE_WIDTH as usize;

/// [`WIDTH`] as comfy-table takes it.
const TABLE_WIDTH: u16 = 80;

/// The project's one table style (`app` uses it too). The header is bold when colours are on
/// (`--color`, `NO_COLOR` and the terminal decide, once, in `main`).
pub fn table(headers: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(comfy_table::presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    set_header(&mut t, headers);
    t
}

/// The header row, bold when colours are on.
fn set_header(t: &mut Table, headers: &[&str]) {
    let colored = console::colors_enabled();
    t.set_header(headers.iter().map(|h| {
        let cell = comfy_table::Cell::new(h);
        if colored {
            cell.add_attribute(comfy_table::Attribute::Bold)
        } else {
            cell
        }
    }));
    if colored {
        t.enforce_styling();
    }
}

/// [`table`] kept to [`WIDTH`] columns.
fn narrow_table(headers: &[&str]) -> Table {
    let mut t = table(headers);
    t.set_width(TABLE_WIDTH);
    t
}

/// A lighter style for wide tables: a rule under the header, columns one space apart.
const LIGHT: TableStyle = TableStyle::new()
    .header_lines(ContentLineStyle::none())
    .header_separator(LineStyle::none().fill('─'))
    .content_lines(ContentLineStyle::none());

/// A table in the [`LIGHT`] style: no left padding on the first column, so the gaps between
/// columns are two spaces and the rows start at the margin.
pub(crate) fn light_table(headers: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(LIGHT)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(TABLE_WIDTH);
    set_header(&mut t, headers);
    if let Some(c) = t.column_mut(0) {
        c.set_padding((0, 1));
    }
    t
}

/// Breaks a kebab-case slug after a `-` so that no line is longer than `width` (a single
/// word longer than that is left whole), instead of letting the table cut it mid-word.
pub fn break_slug(slug: &str, width: usize) -> String {
    let mut lines: Vec<String> = vec![String::new()];
    let parts: Vec<&str> = slug.split_inclusive('-').collect();
    for part in parts {
        let last = lines.len() - 1;
        let len = lines[last].chars().count();
        if len > 0 && len + part.chars().count() > width {
            lines.push(part.to_string());
        } else {
            lines[last].push_str(part);
        }
    }
    lines.join("\n")
}

pub(crate) fn align_right(t: &mut Table, columns: std::ops::Range<usize>) {
    for i in columns {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
}

/// A bar of `width` cells for `fraction` (0..=1), in eighths of a block.
pub fn bar(fraction: f64, width: usize) -> String {
    const PARTS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "the product is in 0..=width*8 (a NaN fraction casts to 0), a few hundred at most"
    )]
    let eighths = (fraction.clamp(0.0, 1.0) * (width * 8) as f64).round() as usize;
    let mut s = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        s.push(PARTS[eighths % 8]);
    }
    let used = s.chars().count();
    s.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    s
}

/// `0.667` -> `67%`; unknown -> `-`.
pub fn percent(x: Option<f64>) -> String {
    x.map_or("-".into(), |r| format!("{}%", (r * 100.0).round()))
}

/// An EF with two decimals; unknown -> `-`.
pub fn ease(x: Option<f64>) -> String {
    x.map_or("-".into(), |e| format!("{e:.2}"))
}

/// Text on one line: every run of whitespace (newlines included) becomes one space.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `s` on one line, safe for a terminal, cut to `max` characters with an ellipsis.
pub fn clip(s: &str, max: usize) -> String {
    let line = one_line(&for_terminal(s));
    if line.chars().count() <= max {
        return line;
    }
    let mut cut: String = line.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// `stats`: the per-phase table, the due forecast, totals, and with `--phase` the weekly table.
pub fn stats_text(s: &Stats) -> String {
    let mut t = narrow_table(&[
        "Phase", "Cards", "New", "Young", "Mature", "Susp.", "Due", "Reviews", "Ret.", "EF",
    ]);
    for p in &s.phases {
        let (p, retention) = (&p.counts, p.retention_30d);
        t.add_row(vec![
            p.phase.to_string(),
            p.cards.to_string(),
            p.new.to_string(),
            p.young.to_string(),
            p.mature.to_string(),
            p.suspended.to_string(),
            p.due_today.to_string(),
            p.reviews_30d.to_string(),
            percent(retention),
            ease(p.mean_ease),
        ]);
    }
    align_right(&mut t, 0..10);
    let mut out = format!(
        "Study day {} · 30-day window from {}\n{t}\n",
        s.today, s.window_start
    );
    out += "Reviews, Ret.: last 30 days · Ret.: share of review grades >= 3 (cards not new)\n\
            Young: interval < 21 days · EF: mean ease factor of the seen cards\n";
    out += &format!(
        "\n{} review(s) on {} study day(s) in all\n",
        s.total_reviews, s.study_days
    );

    out += &format!("\nDue in the next {} days\n", s.forecast.len());
    let max = s.forecast.iter().map(|d| d.due).max().unwrap_or(0);
    let digits = max.to_string().len();
    for d in &s.forecast {
        let fraction = if max == 0 {
            0.0
        } else {
            f64::from(d.due) / f64::from(max)
        };
        let line = format!(
            "  {} {}  {:>digits$}  {}",
            d.date.format("%a"),
            d.date,
            d.due,
            bar(fraction, 40)
        );
        out += line.trim_end();
        out.push('\n');
    }

    if let Some(w) = &s.weekly {
        out += &format!("\nPhase {}: reviews and mean grade per week\n", w.phase);
        if w.weeks.is_empty() {
            out += "  no reviews yet\n";
        } else {
            let mut t = narrow_table(&["Week of", "Reviews", "Mean grade", ""]);
            for wk in &w.weeks {
                t.add_row(vec![
                    wk.week.to_string(),
                    wk.reviews.to_string(),
                    format!("{:.2}", wk.mean_grade),
                    bar(wk.mean_grade / 5.0, 20).trim_end().to_string(),
                ]);
            }
            align_right(&mut t, 1..3);
            out += &format!("{t}\n");
        }
    }
    out
}

/// `mastery`: the checklist with each item's progress and linked cards.
pub fn mastery_text(m: &Mastery) -> String {
    let mut out = format!("Mastery checklist: {} of {} done\n", m.done, m.total);
    out += &match m.rule {
        Rule::Maturity => "[✓]: every linked card is mature (interval >= 21 days), its last \
                           grade >= 4\n"
            .to_string(),
        Rule::FinalWindow {
            interview,
            window_start,
        } => format!(
            "[✓]: every linked card's last two grades >= 4, the last on or after {window_start}\n\
             (the final window before the interview on {interview})\n"
        ),
    };
    for item in &m.items {
        let mark = if item.done { "[✓]" } else { "[ ]" };
        let label = textwrap::wrap(&item.label, WIDTH - 8);
        let mut lines = label.iter();
        out += &format!(
            "\n{mark} {:>2}. {}\n",
            item.number,
            lines.next().map_or("", |l| l.as_ref())
        );
        for more in lines {
            out += &format!("        {more}\n");
        }
        if item.linked == 0 {
            out += &format!(
                "        {}\n        no linked cards in the loaded decks\n",
                item.id
            );
            continue;
        }
        out += &format!(
            "        [{}] {}/{} ready · {} · {} mature\n",
            bar(item.progress, 10),
            item.ready,
            item.linked,
            item.id,
            item.mature
        );
        for c in &item.cards {
            let grades = if c.card.last_grades.is_empty() {
                "not graded yet".to_string()
            } else {
                let g: Vec<String> = c.card.last_grades.iter().map(u8::to_string).collect();
                format!("last grades {}", g.join(" "))
            };
            let state = if c.status.has_interval() {
                format!("{} ({} d)", c.status.as_str(), c.card.interval_days)
            } else {
                c.status.as_str().to_string()
            };
            let ready = if c.ready { " · ready" } else { "" };
            out += &format!(
                "        - {}\n          {state} · {grades}{ready}\n",
                clip(&c.card.id, WIDTH - 10)
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_use_eighths_and_keep_their_width() {
        assert_eq!(bar(0.0, 4), "    ");
        assert_eq!(bar(1.0, 4), "████");
        assert_eq!(bar(0.5, 4), "██  ");
        assert_eq!(bar(1.0 / 32.0, 4), "▏   ");
        assert_eq!(bar(7.0, 2), "██");
    }

    #[test]
    fn clip_puts_text_on_one_line() {
        assert_eq!(clip("a\n  b\tc", 10), "a b c");
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(percent(Some(2.0 / 3.0)), "67%");
        assert_eq!(percent(Some(0.625)), "63%");
        assert_eq!(percent(None), "-");
    }

    #[test]
    fn long_slugs_break_after_a_hyphen() {
        assert_eq!(break_slug("a-bb-ccc", 5), "a-bb-\nccc");
        assert_eq!(break_slug("short", 5), "short");
        assert_eq!(break_slug("toolongword-x", 4), "toolongword-\nx");
    }

    #[test]
    fn clip_neutralises_escape_sequences() {
        assert_eq!(clip("a\u{1b}]0;title\u{7}b", 20), "a␛]0;title␇b");
    }
}
