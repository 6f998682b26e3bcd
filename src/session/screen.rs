//! One card on one terminal screen: a header with where the session stands, the question,
//! the answer set apart by a coloured bar, `more` under it, and the keys at the bottom, each
//! grade with what it does to the card. Pure: a [`View`] and a width in, lines out.

use super::machine::{Stage, View};
use super::markdown;
use super::typed;
use crate::safe_text::for_terminal;
use crate::scheduler::CardState;
use console::{measure_text_width, style, truncate_str};

/// What grade `g` does to the card: back in this session (below 4), and when it is due.
fn outcome(g: usize, preview: Option<&[CardState; 6]>) -> String {
    match preview {
        Some(p) => {
            let days = format!("{}d", p[g].interval_days);
            match g {
                0..=2 => "again".to_string(),
                3 => format!("again/{days}"),
                _ => days,
            }
        }
        None if g < 4 => "again".to_string(),
        None => "done".to_string(),
    }
}

/// The grade keys as one line, grades with the same outcome merged:
/// "0–2 again · 3 again/1d · 4 6d · 5 8d". "again" means the card comes back this session.
pub fn grade_line(preview: Option<&[CardState; 6]>) -> String {
    let outcomes: Vec<String> = (0..6).map(|g| outcome(g, preview)).collect();
    let mut parts = Vec::new();
    let mut from = 0;
    for g in 1..=6 {
        if g == 6 || outcomes[g] != outcomes[from] {
            let keys = if g - 1 == from {
                from.to_string()
            } else {
                format!("{from}–{}", g - 1)
            };
            parts.push(format!("{} {}", style(keys).bold(), outcomes[from]));
            from = g;
        }
    }
    parts.join(" · ")
}

/// "Phase 2 · Task definitions · gotcha · core" on the left, "12/45 · ~8 min left" on the
/// right; the topic title is shortened when both do not fit.
fn header(view: &View<'_>, width: usize) -> String {
    let card = view.card;
    let level = card
        .level
        .map_or(String::new(), |l| format!(" · {}", l.as_str()));
    let again = if view.repeat { " · again" } else { "" };
    let right = format!(
        "{}/{} · ~{} min left",
        view.position, view.total, view.minutes_left
    );
    let title = for_terminal(&card.topic_title);
    let fixed = format!(
        "Phase {} ·  · {}{level}{again}",
        card.phase,
        card.kind.as_str()
    );
    let room = width
        .saturating_sub(measure_text_width(&fixed) + measure_text_width(&right) + 2)
        .max(8);
    let title = truncate_str(&title, room, "…");
    let left = format!(
        "Phase {} · {title} · {}{level}{again}",
        card.phase,
        card.kind.as_str()
    );
    let gap = width
        .saturating_sub(measure_text_width(&left) + measure_text_width(&right))
        .max(2);
    format!(
        "{}{}{}",
        style(left).bold(),
        " ".repeat(gap),
        style(right).dim()
    )
}

fn rule(width: usize) -> String {
    style("─".repeat(width)).dim().to_string()
}

/// The keys at the bottom of the screen (with the grade previews once the answer shows).
fn footer(view: &View<'_>) -> Vec<String> {
    let key = |k: &str, what: &str| format!("{} {what}", style(k).bold());
    match view.stage {
        Stage::Question if view.typing => vec![
            [
                key("Enter", "new line"),
                key("Enter twice or Ctrl-D", "check"),
                key("Esc", "quit"),
            ]
            .join(" · "),
        ],
        Stage::Question => vec![
            [
                key("Space", "reveal"),
                key("u", "undo"),
                key("s", "suspend"),
                key("q", "quit"),
            ]
            .join(" · "),
        ],
        Stage::Answer { more } => {
            let mut keys = Vec::new();
            if let Some(g) = typed::check(view).and_then(|c| c.suggested) {
                keys.push(key("Enter", &format!("grade {g}")));
            }
            if !more && view.card.more.is_some() {
                keys.push(key("m", "more"));
            }
            keys.extend([key("u", "undo"), key("s", "suspend"), key("q", "quit")]);
            if view.preview.is_none() {
                keys.push(style("(logged only)").dim().to_string());
            }
            vec![grade_line(view.preview.as_ref()), keys.join(" · ")]
        }
    }
}

/// Every line of the screen for `view` at `width` columns.
pub fn lines(view: &View<'_>, width: usize) -> Vec<String> {
    lines_with_draft(view, width, None)
}

/// [`lines`] while an answer is being typed (`--type`): `draft` is the text so far.
pub fn lines_with_draft(view: &View<'_>, width: usize, draft: Option<&str>) -> Vec<String> {
    let card = view.card;
    let mut out = vec![header(view, width), rule(width)];
    if view.leech {
        out.push(
            style(format!(
                "! leech: forgotten {} times; consider rewriting it (id {})",
                card.failures, card.id
            ))
            .yellow()
            .to_string(),
        );
    }
    out.push(String::new());
    let q_mark = style("Q").cyan().bold().to_string();
    for (i, l) in markdown::to_lines(&card.q, width.saturating_sub(3))
        .into_iter()
        .enumerate()
    {
        let mark = if i == 0 { q_mark.as_str() } else { " " };
        out.push(format!("{mark}  {l}"));
    }
    if let Stage::Answer { more } = view.stage {
        out.push(String::new());
        let bar = style("┃").green().to_string();
        for l in markdown::to_lines_with_keys(&card.a, width.saturating_sub(4), &card.keys) {
            out.push(format!("  {bar} {l}").trim_end().to_string());
        }
        if let (Some(typed), Some(check)) = (view.typed, typed::check(view)) {
            out.push(String::new());
            for l in typed::report(typed, &card.keys, &check, true) {
                out.extend(
                    textwrap::wrap(&l, width)
                        .into_iter()
                        .map(|l| l.into_owned()),
                );
            }
        }
        if more {
            out.push(String::new());
            out.push(format!("  {}", style("more").dim()));
            let text = card
                .more
                .as_deref()
                .unwrap_or("(nothing more on this card)");
            let bar = style("┆").dim().to_string();
            for l in markdown::to_lines(text, width.saturating_sub(4)) {
                out.push(format!("  {bar} {l}").trim_end().to_string());
            }
        }
    }
    if let (Stage::Question, Some(draft)) = (view.stage, draft) {
        out.push(String::new());
        out.push(style("Your answer:").dim().to_string());
        let cursor = style("▏").cyan().to_string();
        let text = format!("{}{cursor}", for_terminal(draft));
        for line in text.split('\n') {
            let wrapped = textwrap::wrap(line, width.saturating_sub(2).max(10));
            out.extend(wrapped.into_iter().map(|l| format!("  {l}")));
        }
    }
    out.push(String::new());
    out.push(rule(width));
    out.extend(footer(view));
    for note in view.notes {
        out.push(style(note.trim()).dim().to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::Grade;
    use crate::scheduler::sm2::{MAX_INTERVAL_DAYS, preview};
    use chrono::NaiveDate;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 10).unwrap()
    }

    #[test]
    fn the_grade_line_names_each_outcome_once() {
        console::set_colors_enabled(false);
        let new = CardState::default();
        assert_eq!(
            grade_line(Some(&preview(&new, day(), None, MAX_INTERVAL_DAYS))),
            "0–2 again · 3 again/1d · 4–5 1d"
        );
        // The second review: 4 and 5 give six days, 3 still comes back today.
        let once = crate::scheduler::sm2::review(
            &new,
            Grade::new(5).unwrap(),
            day(),
            None,
            MAX_INTERVAL_DAYS,
        );
        let next = day().succ_opt().unwrap();
        assert_eq!(
            grade_line(Some(&preview(&once, next, None, MAX_INTERVAL_DAYS))),
            "0–2 again · 3 again/6d · 4–5 6d"
        );
        assert_eq!(grade_line(None), "0–3 again · 4–5 done");
    }
}
