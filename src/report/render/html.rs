//! `report --format html`: one self-contained page (inline CSS, inline SVG, no script, no
//! network) with three charts — retention per phase, a calendar heatmap of reviews over the last
//! 26 weeks, weakness per topic — and the topic table below them.
//!
//! Every piece of text that comes from a deck or the database goes through [`esc`].

use super::{clip, ease, percent};
use crate::report::{DayCount, HEATMAP_WEEKS, PhaseRetention, Report, TopicReport, TopicStatus};
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

const CSS: &str = r#"
:root { --ink:#1d2430; --muted:#667085; --line:#e4e7ec; --bg:#f3f4f7; --card:#fff;
  --good:#2f9e63; --ok:#d4a017; --warn:#e8772e; --bad:#d64545; --none:#c3c8d1; --accent:#3b5bdb; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--ink);
  font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif; }
main { max-width:1120px; margin:0 auto; padding:28px 24px 40px; }
header { margin-bottom:18px; }
.brand { font-weight:700; letter-spacing:.08em; text-transform:uppercase; font-size:12px; color:var(--accent); }
h1 { font-size:28px; margin:2px 0 4px; }
h2 { font-size:15px; margin:0 0 12px; }
.meta { color:var(--muted); margin:0; }
.kpis { display:grid; grid-template-columns:repeat(5,1fr); gap:12px; margin-bottom:16px; }
.kpi, .panel { background:var(--card); border:1px solid var(--line); border-radius:10px;
  box-shadow:0 1px 2px rgba(16,24,40,.05); }
.kpi { padding:12px 16px; }
.kpi b { display:block; font-size:22px; line-height:1.2; }
.kpi span { color:var(--muted); font-size:12px; }
.grid { display:grid; grid-template-columns:minmax(0,1.45fr) minmax(0,1fr); gap:16px; margin-bottom:16px; }
.panel { padding:16px 18px; margin:0 0 16px; }
.grid .panel { margin:0; }
.note { color:var(--muted); font-size:12px; margin:8px 0 0; }
svg { display:block; width:100%; height:auto; }
svg text { font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif; fill:var(--ink); }
svg .muted { fill:var(--muted); }
table { width:100%; border-collapse:collapse; font-size:13px; }
th { text-align:left; font-size:11px; text-transform:uppercase; letter-spacing:.04em; color:var(--muted);
  border-bottom:2px solid var(--line); padding:6px 8px; }
td { border-bottom:1px solid var(--line); padding:8px; vertical-align:top; }
td.n, th.n { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; width:1%; }
th.topic { width:48%; } th.w { width:1%; }
tr.has-cards td { border-bottom:0; padding-bottom:2px; }
tr.cards-row td { padding-top:0; }
tr.unseen td { color:var(--muted); }
.title { font-weight:600; }
.slug, .src { color:var(--muted); font-size:12px; }
code { font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; }
.wbar { display:flex; align-items:center; gap:8px; white-space:nowrap; }
.track { width:72px; height:8px; border-radius:4px; background:#eef0f3; overflow:hidden; }
.fill { height:100%; border-radius:4px; }
ol.cards { margin:0; padding:8px 12px 8px 30px; background:#f8f9fb; border-radius:8px; }
ol.cards li { margin:0 0 4px; overflow-wrap:anywhere; }
ol.cards li:last-child { margin-bottom:0; }
ol.cards .facts { display:block; color:var(--muted); font-size:12px; }
.q { white-space:normal; }
footer { color:var(--muted); font-size:12px; margin-top:8px; }
@media (max-width:800px) { .kpis { grid-template-columns:repeat(2,1fr); } .grid { grid-template-columns:1fr; } }
@media print { body { background:#fff; } .kpi, .panel { box-shadow:none; } }
"#;

fn weakness_color(t: &TopicReport) -> &'static str {
    if t.status == TopicStatus::Unseen {
        "var(--none)"
    } else if t.weakness < 0.2 {
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
        ((f64::from(count) / f64::from(max) * 4.0).ceil() as usize).clamp(1, 4)
    }
}

/// A GitHub-style calendar: one column per week (Monday on top), one cell per day.
fn heatmap(days: &[DayCount]) -> String {
    let (cell, step, left, top) = (13.0, 16.0, 30.0, 18.0);
    let weeks = HEATMAP_WEEKS as f64;
    let width = left + step * weeks;
    let height = top + step * 7.0 + 26.0;
    let max = days.iter().map(|d| d.count).max().unwrap_or(0);
    let mut s = format!(
        r#"<svg viewBox="0 0 {width} {height}" role="img" aria-label="Reviews per day, last 26 weeks">"#
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

/// Horizontal bars of weakness, weakest first, with a dashed line at the unseen level (0.5).
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
        let label = clip(&t.title, 42);
        let value = if t.status == TopicStatus::Unseen {
            "unseen".to_string()
        } else {
            format!("{:.2}", t.weakness)
        };
        let _ = write!(
            s,
            r#"<text x="0" y="{}" font-size="10" class="muted">P{}</text><text x="{}" y="{}" font-size="12" text-anchor="end">{}</text><rect x="{label_w}" y="{}" width="{w}" height="14" rx="3" fill="{}"><title>{} ({}): weakness {:.2}</title></rect><text x="{}" y="{}" font-size="11" class="muted">{value}</text>"#,
            y + 12.0,
            t.phase,
            label_w - 10.0,
            y + 12.0,
            esc(&label),
            y + 2.0,
            weakness_color(t),
            esc(&t.title),
            esc(&t.topic),
            t.weakness,
            label_w + w + 6.0,
            y + 12.5
        );
    }
    let x = label_w + bar_w * 0.5;
    let _ = write!(
        s,
        r##"<line x1="{x}" x2="{x}" y1="{}" y2="{}" stroke="#98a2b3" stroke-dasharray="3 3"/>"##,
        top - 4.0,
        height - 4.0
    );
    s + "</svg>"
}

/// A topic's row, and below it (spanning the number columns) its weakest cards.
fn topic_rows(i: usize, t: &TopicReport) -> String {
    let unseen = t.status == TopicStatus::Unseen;
    let mut class = vec![];
    if unseen {
        class.push("unseen");
    }
    let has_cards = !unseen && !t.weakest_cards.is_empty();
    if has_cards {
        class.push("has-cards");
    }
    let class = if class.is_empty() {
        String::new()
    } else {
        format!(" class=\"{}\"", class.join(" "))
    };
    let status = if unseen {
        format!(
            r#"<div class="src">not started · {} new card(s)</div>"#,
            t.cards
        )
    } else {
        String::new()
    };
    let mut s = format!(
        r#"<tr{class}><td class="n">{}</td><td><div class="title">{}</div><div class="slug"><code>{}</code> · phase {}</div><div class="src">re-read {}</div>{status}</td><td><div class="wbar"><div class="track"><div class="fill" style="width:{:.0}%;background:{}"></div></div>{:.2}</div></td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}/{}</td><td class="n">{}</td></tr>"#,
        i + 1,
        esc(&t.title),
        esc(&t.topic),
        t.phase,
        breakable_path(&t.source),
        t.weakness * 100.0,
        weakness_color(t),
        t.weakness,
        percent(t.retention_30d),
        t.lapses,
        t.leeches,
        t.unseen,
        t.cards,
        ease(t.mean_ease),
    );
    if has_cards {
        s += r#"<tr class="cards-row"><td></td><td colspan="7"><ol class="cards">"#;
        for c in &t.weakest_cards {
            let _ = write!(
                s,
                r#"<li><span class="q">{}</span> <span class="facts"><code title="{}">{}</code> · {} lapse(s) · EF {:.2}</span></li>"#,
                esc(&c.q),
                esc(&c.id),
                esc(c.id.rsplit('/').next().unwrap_or(&c.id)),
                c.lapses,
                c.ease
            );
        }
        s += "</ol></td></tr>";
    }
    s
}

pub fn report_html(r: &Report) -> String {
    let leeches: u32 = r.topics.iter().map(|t| t.leeches).sum();
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
        r#"<header><div class="brand">ecsdrill</div><h1>Weak-topic report</h1><p class="meta">Generated {} · retention window {} to {} · leech threshold {} lapses</p></header>"#,
        esc(&r.generated_at),
        r.window_start,
        r.today,
        r.leech_threshold
    );
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
    let _ = writeln!(
        s,
        r#"<section class="grid"><figure class="panel"><h2>Reviews, last 26 weeks</h2>{}<p class="note">{reviews} review(s) since {}, repeats and quiz grades included.</p></figure><figure class="panel"><h2>Retention per phase</h2>{}<p class="note">Share of review grades &gt;= 3 on cards that were not new; green from 85%, amber from 70%.</p></figure></section>"#,
        heatmap(&r.days),
        r.days.first().map_or(r.today, |d| d.date),
        retention_chart(&r.phases)
    );
    let _ = writeln!(
        s,
        r#"<section class="panel"><h2>Weakness per topic</h2>{}<p class="note">0 is solid, 1 is struggling; a topic not started scores 0.50 (dashed line).</p></section>"#,
        weakness_chart(&r.topics)
    );
    s += r#"<section class="panel"><h2>Topics, weakest first</h2><table><thead><tr><th class="n">#</th><th class="topic">Topic</th><th class="w">Weakness</th><th class="n">Retention</th><th class="n">Lapses</th><th class="n">Leeches</th><th class="n">Unseen</th><th class="n">EF</th></tr></thead><tbody>"#;
    s += "\n";
    for (i, t) in r.topics.iter().enumerate() {
        s += &topic_rows(i, t);
        s += "\n";
    }
    s += "</tbody></table></section>\n";
    s += "<footer>weakness = (seen/cards) × [0.50 × (1 − retention) + 0.20 × min(1, lapses per seen card) + 0.15 × (2.50 − mean EF)/1.20 + 0.15 × leeches per seen card] + (unseen/cards) × 0.50. Made by ecsdrill.</footer>\n";
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
