//! How a session talks to the person: a small trait with two real backends.
//!
//! * [`TtyPrompter`]: dialoguer prompts, for a terminal.
//! * [`LinePrompter`]: the plain line protocol of DESIGN.md §5, for pipes and scripts: at a
//!   question an empty line reveals; at an answer a digit 0-5 grades, `m` shows more, `u` undoes
//!   the previous grade; `q` or end of input ends the session. Anything else gets a one-line
//!   hint and the same question again, so nothing is graded by accident.

use crate::scheduler::Grade;
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
    /// Shows a block of text (a card, a note).
    fn say(&mut self, text: &str) -> io::Result<()>;
    /// Waits until the person wants the answer.
    fn reveal(&mut self) -> io::Result<Reveal>;
    /// Asks for a grade; `prompt` names the choices.
    fn answer(&mut self, prompt: &str) -> io::Result<Answer>;
}

/// Reads one answer command; `None` when the text is not one.
pub fn parse_answer(text: &str) -> Option<Answer> {
    match text.trim() {
        "m" | "more" => Some(Answer::More),
        "u" | "undo" => Some(Answer::Undo),
        "q" | "quit" => Some(Answer::Quit),
        t => t.parse::<u8>().ok().and_then(Grade::new).map(Answer::Grade),
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

    /// The next line without its line ending; `None` at end of input.
    fn line(&mut self) -> io::Result<Option<String>> {
        self.output.flush()?;
        let mut buf = String::new();
        if self.input.read_line(&mut buf)? == 0 {
            return Ok(None);
        }
        Ok(Some(buf.trim_end_matches(['\n', '\r']).to_string()))
    }
}

impl<R: BufRead, W: Write> Prompter for LinePrompter<R, W> {
    fn say(&mut self, text: &str) -> io::Result<()> {
        writeln!(self.output, "{text}")
    }

    fn reveal(&mut self) -> io::Result<Reveal> {
        loop {
            writeln!(self.output, "[Enter] reveal  [q] quit")?;
            match self.line()?.as_deref().map(str::trim) {
                None | Some("q") | Some("quit") => return Ok(Reveal::Quit),
                Some("") => return Ok(Reveal::Show),
                Some(other) => writeln!(self.output, "? {other:?}: {REVEAL_HINT}")?,
            }
        }
    }

    fn answer(&mut self, prompt: &str) -> io::Result<Answer> {
        loop {
            writeln!(self.output, "{prompt}")?;
            let Some(line) = self.line()? else {
                return Ok(Answer::Quit);
            };
            match parse_answer(&line) {
                Some(a) => return Ok(a),
                None => writeln!(self.output, "? {line:?}: {ANSWER_HINT}")?,
            }
        }
    }
}

/// dialoguer prompts on the terminal. Ctrl-C at a prompt ends the session like `q`.
#[derive(Default)]
pub struct TtyPrompter {
    theme: dialoguer::theme::ColorfulTheme,
}

fn interrupted_as_quit<T>(r: dialoguer::Result<T>, quit: T) -> io::Result<T> {
    match r {
        Ok(v) => Ok(v),
        Err(dialoguer::Error::IO(e)) if e.kind() == io::ErrorKind::Interrupted => Ok(quit),
        Err(dialoguer::Error::IO(e)) => Err(e),
    }
}

/// Wraps prose to `width` at word boundaries. Indented lines, table rows and fenced code
/// blocks are left alone, so commands, config snippets and tables keep their shape.
pub fn wrap_prose(text: &str, width: usize) -> String {
    let mut out = Vec::new();
    let mut in_code = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        let keep = line.starts_with([' ', '\t', '|']) || line.trim_start().starts_with("```");
        if in_code || keep {
            out.push(line.to_string());
        } else {
            out.extend(
                textwrap::wrap(line, width)
                    .into_iter()
                    .map(|l| l.into_owned()),
            );
        }
    }
    out.join("\n")
}

impl Prompter for TtyPrompter {
    fn say(&mut self, text: &str) -> io::Result<()> {
        let width = console::Term::stdout().size().1.clamp(40, 100) as usize;
        let mut out = io::stdout().lock();
        writeln!(out, "{}", wrap_prose(text, width))?;
        out.flush()
    }

    fn reveal(&mut self) -> io::Result<Reveal> {
        let typed = dialoguer::Input::<String>::with_theme(&self.theme)
            .with_prompt("Enter to reveal, q to quit")
            .allow_empty(true)
            .report(false)
            .validate_with(|s: &String| match s.trim() {
                "" | "q" | "quit" => Ok(()),
                _ => Err(REVEAL_HINT),
            })
            .interact_text();
        let typed = interrupted_as_quit(typed, "q".to_string())?;
        Ok(if typed.trim().is_empty() {
            Reveal::Show
        } else {
            Reveal::Quit
        })
    }

    fn answer(&mut self, prompt: &str) -> io::Result<Answer> {
        let typed = dialoguer::Input::<String>::with_theme(&self.theme)
            .with_prompt(prompt)
            .report(false)
            .validate_with(|s: &String| parse_answer(s).map(drop).ok_or(ANSWER_HINT))
            .interact_text();
        let typed = interrupted_as_quit(typed, "q".to_string())?;
        Ok(parse_answer(&typed).unwrap_or(Answer::Quit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_protocol_hints_and_retries() {
        let input = b"x\n\nhello\n4\n" as &[u8];
        let mut out = Vec::new();
        let mut p = LinePrompter::new(input, &mut out);
        assert_eq!(p.reveal().unwrap(), Reveal::Show);
        assert_eq!(
            p.answer("grade?").unwrap(),
            Answer::Grade(Grade::new(4).unwrap())
        );
        assert_eq!(p.reveal().unwrap(), Reveal::Quit, "end of input quits");
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("? \"x\": press Enter"));
        assert!(text.contains("? \"hello\": type a grade 0-5"));
    }

    #[test]
    fn wrapping_keeps_code_and_indented_lines() {
        let text =
            "one two three four five\n\n  keep   this   line as is\n```\na b c d e f g h\n```\n";
        let wrapped = wrap_prose(text, 10);
        assert_eq!(
            wrapped,
            "one two\nthree four\nfive\n\n  keep   this   line as is\n```\na b c d e f g h\n```"
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
    }
}
