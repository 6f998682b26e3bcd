//! `report --format html`: one self-contained page (inline CSS, inline SVG, no script, no
//! network). Next steps and the interview block first; then charts — a calendar heatmap of
//! reviews since the first one (8 to 52 weeks), retention per phase, the weekly trend per
//! phase, the card shares per week, weakness per studied topic — the studied topics' table and
//! the topics not started. A print stylesheet makes "Save as PDF" give clean pages.
//!
//! Every piece of text that comes from a deck or the database goes through [`esc`].

use super::{clip, ease, percent};
use crate::report::Report;
use crate::report::trend::Trend;
use crate::report::weak_topics::{PhaseRetention, TopicReport};
use crate::store::stats::DayCount;
use chrono::Datelike;
use std::fmt::Write;

/// HTML-escapes text for element content and double- or single-quoted attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// An escaped path that may wrap after each `/` or `_`.
fn breakable_path(path: &str) -> String {
    esc(path).replace('/', "/<wbr>").replace('_', "_<wbr>")
}

/// The page's stylesheet, inlined so the file stays self-contained.
const CSS: &str = include_str!("report.css");

fn weakness_color(t: &TopicReport) -> &'static str {
    if t.weakness < 0.2 {
        "var(--good)"
    } else if t.weakness < 0.4 {
        "var(--ok)"
    } else if t.weakness < 0.6 {
        "var(--warn)"
    } else {
        "var(--bad)"
    }
}

fn retention_color(r: f64) -> &'static str {
    if r >= 0.85 {
        "var(--good)"
    } else if r >= 0.7 {
        "var(--ok)"
    } else {
        "var(--bad)"
    }
}

/// Bars of retention per phase, 0..100% with gridlines; a phase without review grades gets a
/// dashed outline.
fn retention_chart(phases: &[PhaseRetention]) -> String {
    // A fixed canvas (five phases' worth), so a chart of one or two phases is not blown up.
    let (left, top, plot_h, width) = (40.0, 22.0, 160.0, 388.0);
    let slot = (width - left - 8.0) / phases.len().max(1) as f64;
    let height = top + plot_h + 42.0;
    let mut s = format!(
        r#"<svg viewBox="0 0 {width} {height}" role="img" aria-label="Retention per phase">"#
    );
    for pct in [0, 25, 50, 75, 100] {
        let y = top + plot_h * (1.0 - f64::from(pct) / 100.0);
        let _ = write!(
            s,
            r##"<line x1="{left}" x2="{}" y1="{y}" y2="{y}" stroke="#e4e7ec"/><text x="{}" y="{}" font-size="10" text-anchor="end" class="muted">{pct}%</text>"##,
            width - 4.0,
            left - 6.0,
            y + 3.5
        );
    }
    for (i, p) in phases.iter().enumerate() {
        let w = (slot - 28.0).min(48.0);
        let cx = left + slot * (i as f64 + 0.5);
        let x = cx - w / 2.0;
        match p.retention {
            Some(r) => {
                let h = (plot_h * r).max(1.0);
                let y = top + plot_h - h;
                let _ = write!(
                    s,
                    r#"<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="3" fill="{}"><title>Phase {}: {} of {} review grade(s) passed</title></rect><text x="{cx}" y="{}" font-size="12" font-weight="600" text-anchor="middle">{}</text>"#,
                    retention_color(r),
                    p.phase,
                    percent(Some(r)),
                    p.graded,
                    y - 6.0,
                    percent(Some(r))
                );
            }
            None => {
                let _ = write!(
                    s,
                    r##"<rect x="{x}" y="{}" width="{w}" height="{plot_h}" rx="3" fill="none" stroke="#c3c8d1" stroke-dasharray="4 3"/><text x="{cx}" y="{}" font-size="11" text-anchor="middle" class="muted">no data</text>"##,
                    top,
                    top + plot_h / 2.0
                );
            }
        }
        let _ = write!(
            s,
            r#"<text x="{cx}" y="{}" font-size="12" text-anchor="middle">Phase {}</text><text x="{cx}" y="{}" font-size="10" text-anchor="middle" class="muted">n = {}</text>"#,
            top + plot_h + 17.0,
            p.phase,
            top + plot_h + 31.0,
            p.graded
        );
    }
    s + "</svg>"
}

const HEAT: [&str; 5] = ["#ebedf0", "#b7e4c7", "#6cc08b", "#2f9e63", "#1b6e42"];

fn heat_level(count: u32, max: u32) -> usize {
    if count == 0 || max == 0 {
        0
    } else {
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "count <= max, so the level is in 0..=4 before the clamp"
        )]
        let level = (f64::from(count) / f64::from(max) * 4.0).ceil() as usize;
        level.clamp(1, 4)
    }
}

/// A GitHub-style calendar: one column per week (Monday on top), one cell per day. The
/// canvas keeps room for the legend and is never drawn more than 1.5 times its size, so a short
/// span is not blown up.
fn heatmap(days: &[DayCount]) -> String {
    let (cell, step, left, top) = (13.0, 16.0, 30.0, 18.0);
    let weeks = days.len().div_ceil(7);
    let width = left + step * weeks.max(14) as f64;
    let height = top + step * 7.0 + 26.0;
    let max = days.iter().map(|d| d.count).max().unwrap_or(0);
    let mut s = format!(
        r#"<svg viewBox="0 0 {width} {height}" style="max-width:{}px" role="img" aria-label="Reviews per day, last {weeks} weeks">"#,
        width * 1.5
    );
    for (row, name) in [(0, "Mon"), (2, "Wed"), (4, "Fri")] {
        let _ = write!(
            s,
            r#"<text x="0" y="{}" font-size="10" class="muted">{name}</text>"#,
            top + step * f64::from(row) + 10.0
        );
    }
    let mut last_month = None;
    for (i, d) in days.iter().enumerate() {
        let week = (i / 7) as f64;
        let row = d.date.weekday().num_days_from_monday();
        let x = left + step * week;
        let y = top + step * f64::from(row);
        if row == 0 || i == 0 {
            let month = d.date.month();
            if last_month != Some(month) {
                if d.date.day() <= 7 || i == 0 {
                    let _ = write!(
                        s,
                        r#"<text x="{x}" y="11" font-size="10" class="muted">{}</text>"#,
                        d.date.format("%b")
                    );
                }
                last_month = Some(month);
            }
        }
        let _ = write!(
            s,
            r#"<rect x="{x}" y="{y}" width="{cell}" height="{cell}" rx="2.5" fill="{}"><title>{}: {} review(s)</title></rect>"#,
            HEAT[heat_level(d.count, max)],
            d.date,
            d.count
        );
    }
    // Legend, bottom right.
    let ly = top + step * 7.0 + 10.0;
    let lx = width - 5.0 * step - 34.0;
    let _ = write!(
        s,
        r#"<text x="{}" y="{}" font-size="10" text-anchor="end" class="muted">Less</text>"#,
        lx - 6.0,
        ly + 10.0
    );
    for (i, color) in HEAT.iter().enumerate() {
        let _ = write!(
            s,
            r#"<rect x="{}" y="{ly}" width="{cell}" height="{cell}" rx="2.5" fill="{color}"/>"#,
            lx + step * i as f64
        );
    }
    let _ = write!(
        s,
        r#"<text x="{}" y="{}" font-size="10" class="muted">More</text>"#,
        lx + step * 5.0 + 2.0,
        ly + 10.0
    );
    s + "</svg>"
}

/// Horizontal bars of weakness of the studied topics, weakest first.
fn weakness_chart(topics: &[TopicReport]) -> String {
    let (label_w, bar_w, row, top) = (330.0, 630.0, 22.0, 20.0);
    let width = label_w + bar_w + 70.0;
    let height = top + row * topics.len() as f64 + 8.0;
    let mut s = format!(
        r#"<svg viewBox="0 0 {width} {height}" role="img" aria-label="Weakness per topic">"#
    );
    for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
        let x = label_w + bar_w * tick;
        let _ = write!(
            s,
            r##"<line x1="{x}" x2="{x}" y1="{}" y2="{}" stroke="#eef0f3"/><text x="{x}" y="12" font-size="10" text-anchor="middle" class="muted">{tick:.2}</text>"##,
            top - 4.0,
            height - 4.0
        );
    }
    for (i, t) in topics.iter().enumerate() {
        let y = top + row * i as f64;
        let w = (bar_w * t.weakness).max(2.0);
        let label = clip(&t.counts.title, 42);
        let value = format!("{:.2}", t.weakness);
        let _ = write!(
            s,
            r#"<text x="0" y="{}" font-size="10" class="muted">P{}</text><text x="{}" y="{}" font-size="12" text-anchor="end">{}</text><rect x="{label_w}" y="{}" width="{w}" height="14" rx="3" fill="{}"><title>{} ({}): weakness {:.2}</title></rect><text x="{}" y="{}" font-size="11" class="muted">{value}</text>"#,
            y + 12.0,
            t.counts.phase,
            label_w - 10.0,
            y + 12.0,
            esc(&label),
            y + 2.0,
            weakness_color(t),
            esc(&t.counts.title),
            esc(&t.counts.topic),
            t.weakness,
            label_w + w + 6.0,
            y + 12.5
        );
    }
    s + "</svg>"
}

/// A studied topic's row, and below it (spanning the number columns) its weakest cards.
fn topic_rows(t: &TopicReport) -> String {
    let c = &t.counts;
    let has_cards = !t.weakest_cards.is_empty();
    let class = if has_cards {
        r#" class="has-cards""#
    } else {
        ""
    };
    let mut s = format!(
        r#"<tr{class}><td class="n">{}</td><td><div class="title">{}</div><div class="slug"><code>{}</code> · phase {} · {} of {} card(s) not seen yet</div><div class="src">re-read {}</div></td><td><div class="wbar"><div class="track"><div class="fill" style="width:{:.0}%;background:{}"></div></div>{:.2}</div></td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td></tr>"#,
        t.rank,
        esc(&c.title),
        esc(&c.topic),
        c.phase,
        c.unseen,
        c.cards,
        breakable_path(&c.source),
        t.weakness * 100.0,
        weakness_color(t),
        t.weakness,
        percent(t.retention_30d),
        c.failures,
        c.lapses,
        c.leeches,
        ease(c.mean_ease),
    );
    if has_cards {
        s += r#"<tr class="cards-row"><td></td><td colspan="7"><ol class="cards">"#;
        for w in &t.weakest_cards {
            let _ = write!(
                s,
                r#"<li><span class="q">{}</span> <span class="facts"><code title="{}">{}</code> · {} failure(s) · EF {:.2}</span></li>"#,
                esc(&w.q),
                esc(&w.id),
                esc(w.id.rsplit('/').next().unwrap_or(&w.id)),
                w.failures,
                w.ease
            );
        }
        s += "</ol></td></tr>";
    }
    s
}

/// A sentence whose backticked parts become `<code>` and the rest is escaped.
fn inline(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{}</code>", esc(part))
            } else {
                esc(part)
            }
        })
        .collect()
}

/// Next steps, the interview block and the backlog: what to read first.
fn top(r: &Report) -> String {
    let mut s = String::from(r#"<section class="panel top"><h2>Next steps</h2><ol class="steps">"#);
    for step in &r.next_steps {
        let _ = write!(s, "<li>{}</li>", inline(&step.text));
    }
    s += "</ol>";
    if let Some(i) = &r.interview {
        for line in super::text::interview_lines(i) {
            let _ = write!(s, r#"<p class="facts-line">{}</p>"#, esc(&line));
        }
    }
    if let Some(line) = super::text::backlog_line(&r.backlog) {
        let _ = write!(s, r#"<p class="facts-line note">{}.</p>"#, esc(&line));
    }
    s += "</section>";
    s + "\n"
}

/// Retention per week of one phase: a line over the weeks with review grades, a dot each.
fn trend_chart(weeks: &[crate::report::trend::WeekRetention]) -> String {
    let (left, top, w, h) = (30.0, 8.0, 200.0, 80.0);
    let step = if weeks.len() > 1 {
        w / (weeks.len() - 1) as f64
    } else {
        0.0
    };
    let mut s = format!(
        r#"<svg viewBox="0 0 {} {}" role="img" aria-label="Retention per week">"#,
        left + w + 10.0,
        top + h + 22.0
    );
    for pct in [0, 50, 100] {
        let y = top + h * (1.0 - f64::from(pct) / 100.0);
        let _ = write!(
            s,
            r##"<line x1="{left}" x2="{}" y1="{y}" y2="{y}" stroke="#e4e7ec"/><text x="{}" y="{}" font-size="9" text-anchor="end" class="muted">{pct}%</text>"##,
            left + w,
            left - 4.0,
            y + 3.0
        );
    }
    let points: Vec<(f64, f64, &crate::report::trend::WeekRetention)> = weeks
        .iter()
        .enumerate()
        .filter_map(|(i, wk)| {
            wk.retention
                .map(|r| (left + step * i as f64, top + h * (1.0 - r), wk))
        })
        .collect();
    if points.is_empty() {
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" font-size="11" text-anchor="middle" class="muted">no review grades yet</text>"#,
            left + w / 2.0,
            top + h / 2.0
        );
    } else {
        let line: Vec<String> = points
            .iter()
            .map(|(x, y, _)| format!("{x:.1},{y:.1}"))
            .collect();
        let _ = write!(
            s,
            r##"<polyline points="{}" fill="none" stroke="#3b5bdb" stroke-width="2"/>"##,
            line.join(" ")
        );
        for (x, y, wk) in &points {
            let _ = write!(
                s,
                r##"<circle cx="{x:.1}" cy="{y:.1}" r="3.5" fill="#3b5bdb"><title>Week of {}: {} of {} review grade(s) passed</title></circle>"##,
                wk.week, wk.passed, wk.graded
            );
        }
    }
    if let (Some(first), Some(last)) = (weeks.first(), weeks.last()) {
        let _ = write!(
            s,
            r#"<text x="{left}" y="{}" font-size="9" class="muted">{}</text><text x="{}" y="{}" font-size="9" text-anchor="end" class="muted">{}</text>"#,
            top + h + 16.0,
            first.week.format("%b %d"),
            left + w,
            top + h + 16.0,
            last.week.format("%b %d")
        );
    }
    s + "</svg>"
}

const SHARE_COLORS: [(&str, &str); 3] = [
    ("new", "#d0d5dd"),
    ("young", "#6cc08b"),
    ("mature", "#1b6e42"),
];

/// Stacked bars: the share of new, young and mature cards at the end of each week.
fn shares_chart(t: &Trend) -> String {
    let (left, top, h, slot) = (30.0, 8.0, 80.0, 36.0);
    let width = left + slot * t.cards.len().max(5) as f64;
    let mut s = format!(
        r#"<svg viewBox="0 0 {width} {}" role="img" aria-label="Cards new, young and mature per week">"#,
        top + h + 22.0
    );
    for (i, c) in t.cards.iter().enumerate() {
        let x = left + slot * i as f64 + 6.0;
        let mut y = top + h;
        let counts = [c.new, c.young, c.mature];
        for (((name, color), n), share) in SHARE_COLORS.iter().zip(counts).zip(c.shares()) {
            let share = share.unwrap_or(0.0);
            let bh = h * share;
            y -= bh;
            let _ = write!(
                s,
                r#"<rect x="{x}" y="{y:.1}" width="{}" height="{bh:.1}" fill="{color}"><title>{}: {n} {name} ({})</title></rect>"#,
                slot - 12.0,
                c.day,
                percent(Some(share))
            );
        }
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" font-size="9" text-anchor="middle" class="muted">{}</text>"#,
            x + (slot - 12.0) / 2.0,
            top + h + 14.0,
            c.day.format("%m-%d")
        );
    }
    s + "</svg>"
}

fn trend_panel(t: &Trend) -> String {
    let mut s = String::from(
        r#"<section class="panel"><h2>Trend: retention per week and phase</h2><div class="trend">"#,
    );
    for p in &t.phases {
        let _ = write!(
            s,
            "<figure><figcaption>Phase {}</figcaption>{}</figure>",
            p.phase,
            trend_chart(&p.weeks)
        );
    }
    let _ = write!(
        s,
        "<figure><figcaption>Cards at each week's end</figcaption>{}<p class=\"note\">",
        shares_chart(t)
    );
    for (name, color) in SHARE_COLORS {
        let _ = write!(
            s,
            r#"<span class="legend" style="background:{color}"></span>{name}"#
        );
    }
    s + "</p></figure></div></section>\n"
}

fn not_started_panel(r: &Report) -> String {
    let mut s = String::from(
        r#"<section class="panel"><h2>Not started</h2><table><thead><tr><th class="n">Phase</th><th class="topic">Topic</th><th class="n">Cards</th><th>Read first</th></tr></thead><tbody>"#,
    );
    for t in &r.not_started {
        let _ = write!(
            s,
            r#"<tr class="unseen"><td class="n">{}</td><td><div class="title">{}</div><div class="slug"><code>{}</code></div></td><td class="n">{}</td><td class="src">{}</td></tr>"#,
            t.phase,
            esc(&t.title),
            esc(&t.topic),
            t.cards,
            breakable_path(&t.source)
        );
    }
    s + "</tbody></table></section>\n"
}

pub fn report_html(r: &Report) -> String {
    let leeches: u32 = r.topics.iter().map(|t| t.counts.leeches).sum();
    let reviews: u32 = r.days.iter().map(|d| d.count).sum();
    let mut s =
        String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    let _ = writeln!(
        s,
        "<title>ecsdrill · weak-topic report · {}</title>",
        r.today
    );
    let _ = writeln!(s, "<style>{CSS}</style>\n</head>\n<body>\n<main>");
    let _ = writeln!(
        s,
        r#"<header><div class="brand">ecsdrill</div><h1>Weak-topic report</h1><p class="meta">Generated {} · retention window {} to {} · leech threshold {} failures</p></header>"#,
        esc(&r.generated_at),
        r.window_start,
        r.today,
        r.leech_threshold
    );
    s += &top(r);
    let kpi = |value: String, label: &str| {
        format!(r#"<div class="kpi"><b>{value}</b><span>{label}</span></div>"#)
    };
    s += "<section class=\"kpis\">";
    s += &kpi(format!("{} / {}", r.seen, r.cards), "cards seen");
    s += &kpi(percent(r.retention), "retention in the window");
    s += &kpi(r.graded.to_string(), "review grades in the window");
    s += &kpi(r.study_days.to_string(), "study days in all");
    s += &kpi(leeches.to_string(), "leeches");
    s += "</section>\n";
    let weeks = r.days.len().div_ceil(7);
    let _ = writeln!(
        s,
        r#"<section class="grid"><figure class="panel"><h2>Reviews, last {weeks} weeks</h2>{}<p class="note">{reviews} review(s) since {}, repeats and quiz grades included.</p></figure><figure class="panel"><h2>Retention per phase</h2>{}<p class="note">Share of review grades &gt;= 3 on cards that were not new; green from 85%, amber from 70%.</p></figure></section>"#,
        heatmap(&r.days),
        r.days.first().map_or(r.today, |d| d.date),
        retention_chart(&r.phases)
    );
    if r.total_reviews > 0 {
        s += &trend_panel(&r.trend);
    }
    if !r.topics.is_empty() {
        let _ = writeln!(
            s,
            r#"<section class="panel"><h2>Weakness per studied topic</h2>{}<p class="note">0 is solid, 1 is struggling, over the cards studied so far.</p></section>"#,
            weakness_chart(&r.topics)
        );
        s += r#"<section class="panel"><h2>Studied topics, weakest first</h2><table><thead><tr><th class="n">#</th><th class="topic">Topic</th><th class="w">Weakness</th><th class="n">Retention</th><th class="n">Failures</th><th class="n">Lapses</th><th class="n">Leeches</th><th class="n">EF</th></tr></thead><tbody>"#;
        s += "\n";
        for t in &r.topics {
            s += &topic_rows(t);
            s += "\n";
        }
        s += "</tbody></table></section>\n";
    }
    if !r.not_started.is_empty() {
        s += &not_started_panel(r);
    }
    s += "<footer>weakness = 0.50 × (1 − retention) + 0.25 × min(1, failures per studied card) + 0.15 × (2.50 − mean EF)/1.20 + 0.10 × leeches per studied card, over the studied cards; failures include a card's first grade. Made by ecsdrill.</footer>\n";
    s += "</main>\n</body>\n</html>\n";
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc(r#"<script>alert("x" & 'y')</script>"#),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
    }

    #[test]
    fn heat_levels_scale_to_the_busiest_day() {
        assert_eq!(heat_level(0, 10), 0);
        assert_eq!(heat_level(1, 10), 1);
        assert_eq!(heat_level(10, 10), 4);
        assert_eq!(heat_level(6, 10), 3);
    }
}
