//! `report --format table`: the weak-topic report for an 80-column terminal. Next steps and
//! the interview block first, then the studied topics (weakest first), the topics not
//! started, the weekly trend, and each studied topic's weakest cards.

use super::{WIDTH, align_right, bar, break_slug, clip, ease, light_table, percent};
use crate::report::Report;
use crate::report::interview::{Backlog, InterviewBlock};
use crate::report::trend::Trend;
use crate::safe_text::for_terminal;

/// The words of `text` for wrapping: a backticked command or file stays one word (so it can
/// be copied from one line) unless it is longer than `max`.
fn words(text: &str, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    for (i, part) in text.split('`').enumerate() {
        let quoted = format!("`{part}`");
        if i % 2 == 1 && quoted.chars().count() <= max {
            // Punctuation right after the closing backtick stays glued to it below.
            out.push(quoted);
        } else if i % 2 == 1 {
            out.extend(quoted.split_whitespace().map(str::to_string));
        } else {
            if !part.starts_with(char::is_whitespace) && !out.is_empty() && !part.is_empty() {
                let glued: String = part.chars().take_while(|c| !c.is_whitespace()).collect();
                if let Some(last) = out.last_mut() {
                    last.push_str(&glued);
                }
                out.extend(part[glued.len()..].split_whitespace().map(str::to_string));
                continue;
            }
            out.extend(part.split_whitespace().map(str::to_string));
        }
    }
    out
}

/// `text` on one line, safe for a terminal, wrapped greedily to [`WIDTH`]: the first line
/// after `first`, the others indented to match.
fn wrapped(first: &str, text: &str) -> String {
    let indent = " ".repeat(first.chars().count());
    let max = WIDTH - indent.len();
    let mut out = first.to_string();
    let mut len = 0;
    for word in words(&super::one_line(&for_terminal(text)), max) {
        let w = word.chars().count();
        if len > 0 && len + 1 + w > max {
            out += "\n";
            out += &indent;
            len = 0;
        } else if len > 0 {
            out.push(' ');
            len += 1;
        }
        out += &word;
        len += w;
    }
    out.push('\n');
    out
}

fn next_steps(r: &Report) -> String {
    let mut out = String::from("Next steps\n");
    for (i, step) in r.next_steps.iter().enumerate() {
        out += &wrapped(&format!("  {}. ", i + 1), &step.text);
    }
    out
}

pub(crate) fn interview_lines(i: &InterviewBlock) -> Vec<String> {
    let when = match i.days_left {
        n if n > 0 => format!("in {n} day(s)"),
        0 => "today".to_string(),
        n => format!("{} day(s) ago", -n),
    };
    let window = i
        .final_window_start
        .map_or(String::new(), |d| format!(" · final window from {d}"));
    let Some(r) = &i.readiness else {
        return vec![format!("Interview on {} ({when}){window}", i.date)];
    };
    let mut lines = vec![format!(
        "Interview on {} ({when}): {} of {} cards ready{window}",
        i.date, r.ready, r.cards
    )];
    if !r.lagging.is_empty() {
        let names: Vec<String> = r
            .lagging
            .iter()
            .map(|l| format!("{} {}/{}", l.topic, l.ready, l.cards))
            .collect();
        lines.push(format!("Lagging: {}", names.join(", ")));
    }
    lines
}

fn interview_and_backlog(r: &Report) -> String {
    let mut out = String::new();
    if let Some(i) = &r.interview {
        for line in interview_lines(i) {
            out += &wrapped("", &line);
        }
    }
    if let Some(line) = backlog_line(&r.backlog) {
        out += &wrapped("", &line);
    }
    out
}

/// The backlog in one sentence (every format); nothing when nothing is due or done today.
pub(crate) fn backlog_line(b: &Backlog) -> Option<String> {
    if b.due_now == 0 && b.done_today == 0 {
        return None;
    }
    let mut line = format!(
        "Backlog: {} review(s) due now; drill serves {} today ({} done so far)",
        b.due_now, b.serving, b.done_today
    );
    if b.beyond_limit > 0 {
        line += &format!("; {} beyond the limit", b.beyond_limit);
    }
    Some(line)
}

fn topic_table(r: &Report) -> String {
    const HEADERS: [&str; 7] = [
        "Topic", "Weakness", "Ret.", "Fails", "Leech", "Unseen", "EF",
    ];
    let rows: Vec<[String; 7]> = r
        .topics
        .iter()
        .map(|t| {
            [
                for_terminal(&t.counts.topic).into_owned(),
                format!("{} {:.2}", bar(t.weakness, 8), t.weakness),
                percent(t.retention_30d),
                t.counts.failures.to_string(),
                t.counts.leeches.to_string(),
                format!("{}/{}", t.counts.unseen, t.counts.cards),
                ease(t.counts.mean_ease),
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
    format!("{}\n", t.trim_fmt())
}

/// Retention per week, one column per phase, and the card shares at each week's end.
pub(crate) fn trend_table(trend: &Trend) -> String {
    let mut headers = vec!["Week of".to_string()];
    headers.extend(trend.phases.iter().map(|p| format!("P{}", p.phase)));
    headers.extend(["New".into(), "Young".into(), "Mature".into()]);
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut t = light_table(&headers);
    for (i, week) in trend.weeks.iter().enumerate() {
        let mut row = vec![week.to_string()];
        row.extend(
            trend
                .phases
                .iter()
                .map(|p| p.weeks.get(i).map_or("-".into(), |w| percent(w.retention))),
        );
        if let Some(c) = trend.cards.get(i) {
            row.extend(c.shares().map(percent));
        }
        t.add_row(row);
    }
    align_right(&mut t, 1..headers.len());
    format!("{}\n", t.trim_fmt())
}

fn weakest_cards(r: &Report) -> String {
    let mut out = String::from("\nWeakest cards and what to re-read\n");
    for topic in &r.topics {
        let head = format!(
            "{}. {} · {}",
            topic.rank, topic.counts.topic, topic.counts.title
        );
        out += &format!("\n{}\n", clip(&head, WIDTH));
        out += &format!("   re-read {}\n", clip(&topic.counts.source, WIDTH - 11));
        for c in &topic.weakest_cards {
            let facts = format!("{} failure(s), EF {:.2}", c.failures, c.ease);
            out += &format!("   {}  {facts}\n", clip(&c.id, WIDTH - 5 - facts.len()));
            out += &format!("     {}\n", clip(&c.q, WIDTH - 5));
        }
    }
    out
}

pub fn report_table(r: &Report) -> String {
    let mut out = format!(
        "Weak-topic report · {}\nretention window {} .. {} · leech threshold {} failures\n\n",
        r.generated_at, r.window_start, r.today, r.leech_threshold
    );
    out += &next_steps(r);
    out += "\n";
    out += &interview_and_backlog(r);
    out += &format!(
        "\n{} of {} cards seen · retention {} over {} review grade(s)\n",
        r.seen,
        r.cards,
        percent(r.retention),
        r.graded
    );
    if !r.topics.is_empty() {
        out += "\nStudied topics, weakest first (weakness over the studied cards)\n\n";
        out += &topic_table(r);
    }
    if !r.not_started.is_empty() {
        out += "\nNot started (curriculum order): cards, file to read first\n";
        for t in &r.not_started {
            out += &format!("  {}  {} card(s)\n", clip(&t.topic, WIDTH - 16), t.cards);
            out += &format!("    {}\n", clip(&t.source, WIDTH - 4));
        }
    }
    if r.total_reviews > 0 {
        out += "\nTrend: retention per week and phase; cards at the end of each week\n\n";
        out += &trend_table(&r.trend);
        out += &weakest_cards(r);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_stay_on_one_line() {
        let text = "Re-read `Phase-0/01_A_Long_File_Name.md` (retention 50%, 3 failure(s) since \
                    2026-01-01), then `ecsdrill quiz --topic a-long-topic-slug --weak`.";
        let out = wrapped("  1. ", text);
        assert!(out.lines().all(|l| l.chars().count() <= WIDTH), "{out}");
        assert!(
            out.contains("`ecsdrill quiz --topic a-long-topic-slug --weak`."),
            "{out}"
        );
        assert!(out.contains("2026-01-01"), "{out}");
        assert!(out.lines().skip(1).all(|l| l.starts_with("     ")), "{out}");
    }
}
