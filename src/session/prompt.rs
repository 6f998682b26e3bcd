//! How a session talks to the person: a small trait with two real backends.
//!
//! * [`super::tty::TtyPrompter`]: single keys and one card per screen, for a terminal.
//! * [`LinePrompter`]: the plain line protocol of DESIGN.md §5, for pipes and scripts: at a
//!   question an empty line reveals; at an answer a digit 0-5 grades, `m` shows more, `u` undoes
//!   the previous grade; `q` or end of input ends the session. Anything else gets a one-line
//!   hint and the same question again, so nothing is graded by accident.

use super::machine::{Change, Event, Stage, View};
use super::typed;
use crate::safe_text::for_terminal;
use crate::scheduler::Grade;
use console::style;
use std::io::{self, BufRead, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reveal {
    Show,
    Quit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Grade(Grade),
    More,
    Undo,
    Quit,
}

pub trait Prompter {
    /// Shows a block of text (a note before or after the cards).
    fn say(&mut self, text: &str) -> io::Result<()>;
    /// Shows the current card as `view` describes it and waits for the person's next action.
    fn ask(&mut self, view: &View<'_>) -> io::Result<Event>;
    /// Asks for one line of text (`add`); `None` at the end of input.
    fn input(&mut self, label: &str) -> io::Result<Option<String>>;
    /// The session is over: give the terminal back as it was.
    fn finish(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// `text` without surrounding ASCII whitespace. Other Unicode spaces (an ideographic space
/// typed by an input method) are kept, so they make the line unknown rather than a grade.
fn trim_ascii(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_ascii_whitespace())
}

/// Reads one answer command; `None` when the text is not one. A grade is exactly one digit
/// 0-5: `+3`, `005` or `3.0` are not grades.
pub fn parse_answer(text: &str) -> Option<Answer> {
    match trim_ascii(text) {
        "m" | "more" => Some(Answer::More),
        "u" | "undo" => Some(Answer::Undo),
        "q" | "quit" => Some(Answer::Quit),
        t => Grade::parse(t).map(Answer::Grade),
    }
}

pub const ANSWER_HINT: &str =
    "type a grade 0-5, m for more, u to undo the previous grade, q to quit";
pub const REVEAL_HINT: &str = "press Enter (an empty line) to reveal the answer, or q to quit";

/// The line protocol over any reader and writer.
pub struct LinePrompter<R, W> {
    input: R,
    output: W,
}

impl<R: BufRead, W: Write> LinePrompter<R, W> {
    pub fn new(input: R, output: W) -> Self {
        LinePrompter { input, output }
    }

    /// The next line without its line ending; `None` at end of input. Bytes that are not
    /// UTF-8 become U+FFFD, so such a line is unknown input (a hint), not a failed session.
    fn line(&mut self) -> io::Result<Option<String>> {
        self.output.flush()?;
        let mut buf = Vec::new();
        if self.input.read_until(b'\n', &mut buf)? == 0 {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&buf);
        Ok(Some(text.trim_end_matches(['\n', '\r']).to_string()))
    }
}

impl<R: BufRead, W: Write> LinePrompter<R, W> {
    /// Waits for an empty line (reveal) or `q`; anything else gets a hint.
    pub fn reveal(&mut self) -> io::Result<Reveal> {
        loop {
            writeln!(self.output, "[Enter] reveal  [q] quit")?;
            match self.line()?.as_deref().map(trim_ascii) {
                None | Some("q") | Some("quit") => return Ok(Reveal::Quit),
                Some("") => return Ok(Reveal::Show),
                Some(other) => writeln!(self.output, "? {other:?}: {REVEAL_HINT}")?,
            }
        }
    }

    /// Reads a grade or command; with a `suggested` grade an empty line gives it.
    pub fn answer(&mut self, suggested: Option<Grade>) -> io::Result<Answer> {
        loop {
            match suggested {
                Some(g) => writeln!(
                    self.output,
                    "grade 0-5 (empty line: {g}), m more, u undo, q quit"
                )?,
                None => writeln!(self.output, "{GRADE_PROMPT}")?,
            }
            let Some(line) = self.line()? else {
                return Ok(Answer::Quit);
            };
            match (parse_answer(&line), suggested) {
                (Some(a), _) => return Ok(a),
                (None, Some(g)) if line.trim().is_empty() => return Ok(Answer::Grade(g)),
                (None, _) => writeln!(self.output, "? {line:?}: {ANSWER_HINT}")?,
            }
        }
    }

    /// Reads a typed answer: the lines up to an empty line. `None` to quit: `q` alone on the
    /// first line, or the end of input before anything was typed.
    pub fn typed_answer(&mut self) -> io::Result<Option<String>> {
        writeln!(
            self.output,
            "Type your answer; an empty line ends it (q alone quits)"
        )?;
        let mut lines: Vec<String> = Vec::new();
        loop {
            match self.line()? {
                None if lines.is_empty() => return Ok(None),
                None => return Ok(Some(lines.join("\n"))),
                Some(l) if l.trim().is_empty() => return Ok(Some(lines.join("\n"))),
                Some(l) if lines.is_empty() && matches!(l.trim(), "q" | "quit") => {
                    return Ok(None);
                }
                Some(l) => lines.push(l),
            }
        }
    }
}

impl<R: BufRead, W: Write> Prompter for LinePrompter<R, W> {
    fn say(&mut self, text: &str) -> io::Result<()> {
        writeln!(self.output, "{text}")
    }

    fn input(&mut self, label: &str) -> io::Result<Option<String>> {
        writeln!(self.output, "{label}:")?;
        self.line()
    }

    fn ask(&mut self, view: &View<'_>) -> io::Result<Event> {
        for note in view.notes {
            writeln!(self.output, "{note}")?;
        }
        match view.change {
            Change::Card => writeln!(self.output, "{}", card_block(view))?,
            Change::Answer => {
                writeln!(self.output, "{}", answer_block(&view.card.a))?;
                if let (Some(typed), Some(check)) = (view.typed, typed::check(view)) {
                    for line in typed::report(typed, &view.card.keys, &check, false) {
                        writeln!(self.output, "{line}")?;
                    }
                }
                writeln!(self.output, "{}", grade_menu(view.preview.as_ref()))?;
            }
            Change::More => {
                let more = view
                    .card
                    .more
                    .as_deref()
                    .unwrap_or("(nothing more on this card)");
                writeln!(self.output, "More:\n{}", for_terminal(more))?;
            }
            Change::Nothing => {}
        }
        let suggested = typed::check(view).and_then(|c| c.suggested);
        Ok(match view.stage {
            Stage::Question if view.typing => match self.typed_answer()? {
                Some(text) => Event::Answer(text),
                None => Event::Quit,
            },
            Stage::Question => match self.reveal()? {
                Reveal::Show => Event::Reveal,
                Reveal::Quit => Event::Quit,
            },
            Stage::Answer { .. } => match self.answer(suggested)? {
                Answer::Grade(g) => Event::Grade(g),
                Answer::More => Event::More,
                Answer::Undo => Event::Undo,
                Answer::Quit => Event::Quit,
            },
        })
    }
}

const GRADE_PROMPT: &str = "grade 0-5, m more, u undo, q quit";

/// The header and question of the line protocol: "── 1/3 · Phase 0 · Topic · qa ──", "Q: ...".
fn card_block(view: &View<'_>) -> String {
    let card = view.card;
    let again = if view.repeat { " · again" } else { "" };
    let mut s = format!(
        "\n{}\n",
        style(format!(
            "── {}/{} · Phase {} · {} · {}{again} ──",
            view.position,
            view.total,
            card.phase,
            for_terminal(&card.topic_title),
            card.kind.as_str()
        ))
        .bold()
    );
    if view.leech {
        s += &format!(
            "{}\n",
            style(format!(
                "! leech: forgotten {} times; consider rewriting it in your own notes (id {})",
                card.failures, card.id
            ))
            .yellow()
        );
    }
    s += &format!("Q: {}", for_terminal(&card.q));
    s
}

/// "A: answer"; an answer spanning several lines (imported Markdown with code, lists or
/// tables) starts on its own line so its first block keeps its shape.
fn answer_block(a: &str) -> String {
    let a = for_terminal(a);
    if a.contains('\n') {
        format!("A:\n{a}")
    } else {
        format!("A: {a}")
    }
}

/// The grade menu: each grade with its meaning and where it would send the card.
fn grade_menu(preview: Option<&[crate::scheduler::CardState; 6]>) -> String {
    let mut lines = Vec::with_capacity(8);
    for g in Grade::ALL {
        let outcome = preview.map_or(String::new(), |p| {
            let days = p[usize::from(g.value())].interval_days;
            format!("→ {days} day{}", if days == 1 { "" } else { "s" })
        });
        lines.push(format!("  {g} {:<31}{outcome}", g.meaning()));
    }
    if preview.is_none() {
        lines.push("  (this grade is logged; the schedule stays as it is)".to_string());
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_protocol_hints_and_retries() {
        // An invalid UTF-8 line is unknown input like any other (it used to end the session).
        let input = b"x\n\nhello\n\xff\xfe\n4\n" as &[u8];
        let mut out = Vec::new();
        let mut p = LinePrompter::new(input, &mut out);
        assert_eq!(p.reveal().unwrap(), Reveal::Show);
        assert_eq!(
            p.answer(None).unwrap(),
            Answer::Grade(Grade::new(4).unwrap())
        );
        assert_eq!(p.reveal().unwrap(), Reveal::Quit, "end of input quits");
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("? \"x\": press Enter"));
        assert!(text.contains("? \"hello\": type a grade 0-5"));
        assert!(
            text.contains("? \"\u{fffd}\u{fffd}\": type a grade 0-5"),
            "{text}"
        );
    }

    #[test]
    fn answers_parse() {
        assert_eq!(
            parse_answer(" 0 "),
            Some(Answer::Grade(Grade::new(0).unwrap()))
        );
        assert_eq!(parse_answer("6"), None);
        assert_eq!(parse_answer("m"), Some(Answer::More));
        assert_eq!(parse_answer("u"), Some(Answer::Undo));
        assert_eq!(parse_answer(""), None);
        assert_eq!(
            parse_answer("\t5\r\n"),
            Some(Answer::Grade(Grade::new(5).unwrap()))
        );
        for not_a_grade in ["+3", "005", "\u{3000}4", "4\u{3000}", "3.0", "-1", "٣", "x"] {
            assert_eq!(parse_answer(not_a_grade), None, "{not_a_grade:?}");
        }
    }
}
