//! Renderers: a model in, a `String` out. Plain text and tables here; one module per document
//! format ([`markdown`], [`csv`], [`html`]). JSON is the model through serde, in `app`.

pub mod csv;
pub mod html;
pub mod markdown;

use super::{Mastery, Report, Stats, TopicReport, TopicStatus};
use comfy_table::{
    CellAlignment, ContentArrangement, ContentLineStyle, LineStyle, Table, TableStyle,
};

/// Terminal width the text renderers fit in.
pub const WIDTH: usize = 80;

/// The project's table style (as in `app`), kept to [`WIDTH`] columns.
fn table(headers: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(comfy_table::presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(WIDTH as u16)
        .set_header(headers.iter().copied());
    t
}

/// A lighter style for wide tables: a rule under the header, columns one space apart.
const LIGHT: TableStyle = TableStyle::new()
    .header_lines(ContentLineStyle::none())
    .header_separator(LineStyle::none().fill('─'))
    .content_lines(ContentLineStyle::none());

/// A table in the [`LIGHT`] style: no left padding on the first column, so the gaps between
/// columns are two spaces and the rows start at the margin.
fn light_table(headers: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(LIGHT)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(WIDTH as u16)
        .set_header(headers.iter().copied());
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

fn align_right(t: &mut Table, columns: std::ops::Range<usize>) {
    for i in columns {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
}

/// A bar of `width` cells for `fraction` (0..=1), in eighths of a block.
pub fn bar(fraction: f64, width: usize) -> String {
    const PARTS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
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

/// `s` on one line, cut to `max` characters with an ellipsis.
pub fn clip(s: &str, max: usize) -> String {
    let line = one_line(s);
    if line.chars().count() <= max {
        return line;
    }
    let mut cut: String = line.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// `stats`: the per-phase table, the due forecast, totals, and with `--phase` the weekly table.
pub fn stats_text(s: &Stats) -> String {
    let mut t = table(&[
        "Phase", "Cards", "New", "Young", "Mature", "Susp.", "Due", "Reviews", "Ret.", "EF",
    ]);
    for p in &s.phases {
        t.add_row(vec![
            p.phase.to_string(),
            p.cards.to_string(),
            p.new.to_string(),
            p.young.to_string(),
            p.mature.to_string(),
            p.suspended.to_string(),
            p.due_today.to_string(),
            p.reviews_30d.to_string(),
            percent(p.retention_30d),
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
            let mut t = table(&["Week of", "Reviews", "Mean grade", ""]);
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

fn window_line(r: &Report) -> String {
    format!(
        "retention window {} .. {} · leech threshold {} lapses",
        r.window_start, r.today, r.leech_threshold
    )
}

fn unseen_cell(t: &TopicReport) -> String {
    format!("{}/{}", t.unseen, t.cards)
}

/// `report --format table`: one row per topic with a weakness bar, then the weakest cards and
/// the file to re-read of every topic studied so far. Fits 80 columns.
pub fn report_table(r: &Report) -> String {
    const HEADERS: [&str; 7] = [
        "Topic", "Weakness", "Ret.", "Lapses", "Leech", "Unseen", "EF",
    ];
    let rows: Vec<[String; 7]> = r
        .topics
        .iter()
        .map(|topic| {
            [
                topic.topic.clone(),
                format!("{} {:.2}", bar(topic.weakness, 8), topic.weakness),
                percent(topic.retention_30d),
                topic.lapses.to_string(),
                topic.leeches.to_string(),
                unseen_cell(topic),
                ease(topic.mean_ease),
            ]
        })
        .collect();
    // What the other columns take (content, one space of padding each side, the first
    // column's right padding); the topic column gets the rest of the 80 columns.
    let others: usize = (1..7)
        .map(|i| {
            rows.iter()
                .map(|row| row[i].chars().count())
                .chain([HEADERS[i].len()])
                .max()
                .unwrap_or(0)
                + 2
        })
        .sum::<usize>()
        + 1;
    let topic_width = WIDTH.saturating_sub(others).max(12);
    let mut t = light_table(&HEADERS);
    for mut row in rows {
        row[0] = break_slug(&row[0], topic_width);
        t.add_row(row.to_vec());
    }
    align_right(&mut t, 2..7);
    let mut out = format!(
        "Weak topics, weakest first · {}\n{}\n\n{}\n",
        r.generated_at,
        window_line(r),
        t.trim_fmt()
    );
    out += &format!(
        "\n{} of {} cards seen · retention {} over {} review grade(s)\n",
        r.seen,
        r.cards,
        percent(r.retention),
        r.graded
    );
    let studied: Vec<&TopicReport> = r
        .topics
        .iter()
        .filter(|t| t.status != TopicStatus::Unseen)
        .collect();
    if studied.is_empty() {
        out += "Nothing studied yet: every topic is unseen. Start with `ecsdrill drill`.\n";
        return out;
    }
    out += "\nWeakest cards and what to re-read\n";
    for (i, topic) in studied.iter().enumerate() {
        let head = format!("{}. {} · {}", i + 1, topic.topic, topic.title);
        out += &format!("\n{}\n", clip(&head, WIDTH));
        out += &format!("   re-read {}\n", clip(&topic.source, WIDTH - 11));
        for c in &topic.weakest_cards {
            let facts = format!("{} lapse(s), EF {:.2}", c.lapses, c.ease);
            out += &format!("   {}  {facts}\n", clip(&c.id, WIDTH - 5 - facts.len()));
            out += &format!("     {}\n", clip(&c.q, WIDTH - 5));
        }
    }
    out
}

/// `mastery`: the checklist with each item's linked cards.
pub fn mastery_text(m: &Mastery) -> String {
    let mut out = format!("Mastery checklist: {} of {} done\n", m.done, m.total);
    out += "[✓]: every linked card is mature (interval >= 21 days), its last grade >= 4\n";
    for item in &m.items {
        let mark = if item.done { "[✓]" } else { "[ ]" };
        let label = textwrap_simple(&item.label, WIDTH - 8);
        out += &format!("\n{mark} {:>2}. {}\n", item.number, label[0]);
        for more in &label[1..] {
            out += &format!("        {more}\n");
        }
        out += &format!(
            "        {} · {} card(s), {} mature\n",
            item.id, item.linked, item.mature
        );
        for c in &item.cards {
            let grades = if c.last_grades.is_empty() {
                "not graded yet".to_string()
            } else {
                let g: Vec<String> = c.last_grades.iter().map(u8::to_string).collect();
                format!("last grades {}", g.join(" "))
            };
            let state = match c.status {
                "young" | "mature" => format!("{} ({} d)", c.status, c.interval_days),
                other => other.to_string(),
            };
            out += &format!(
                "        - {}\n          {state} · {grades}\n",
                clip(&c.id, WIDTH - 10)
            );
        }
        if item.cards.is_empty() {
            out += "        no linked cards in the loaded decks\n";
        }
    }
    out
}

/// Greedy word wrap to `width` characters (labels are short, plain ASCII sentences).
fn textwrap_simple(s: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in s.split_whitespace() {
        let last = lines.len() - 1;
        let len = lines[last].chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(word.to_string());
        } else {
            if len > 0 {
                lines[last].push(' ');
            }
            lines[last].push_str(word);
        }
    }
    lines
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
    fn wrap_keeps_words_whole() {
        assert_eq!(
            textwrap_simple("one two three four", 9),
            vec!["one two", "three", "four"]
        );
    }
}
