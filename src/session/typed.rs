//! `--type`: the person types an answer before seeing the card's, and the session shows which
//! key terms it hit, which it missed, and the grade to suggest (the rule lives in
//! [`crate::answer_check`]). Also the small line editor the terminal uses to take the answer.

use super::machine::View;
use crate::answer_check::{self, KeyResult, split_at_spans};
use crate::safe_text::for_terminal;
use crate::scheduler::Grade;
use console::style;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// The session header's first instruction.
pub fn how_to_start(typing: bool) -> &'static str {
    if typing {
        "Type each answer; an empty line checks it against the card's key terms (Esc quits on a terminal)"
    } else {
        "Enter reveals"
    }
}

/// A typed answer checked against the card's key terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub results: Vec<KeyResult>,
    /// `None` when the card lists no key terms: the person grades alone.
    pub suggested: Option<Grade>,
}

/// The check of the answer typed for the card on screen; `None` when nothing was typed.
pub fn check(view: &View<'_>) -> Option<Check> {
    let typed = view.typed?;
    let results = answer_check::check(typed, &view.card.keys);
    let suggested = answer_check::suggested_grade(&results).and_then(Grade::new);
    Some(Check { results, suggested })
}

/// `text` with each key term it contains passed through `mark`.
fn mark_keys(text: &str, keys: &[String], mark: impl Fn(&str) -> String) -> String {
    let spans = answer_check::key_spans(text, keys);
    split_at_spans(text, &spans)
        .into_iter()
        .map(|(run, key)| if key { mark(run) } else { run.to_string() })
        .collect()
}

/// The lines that follow a typed answer: the answer with the key terms it hit marked, each
/// key term hit (✓) or missed (✗), and the suggested grade with the key that accepts it. On
/// a terminal the hits are coloured; in the line protocol they stand in `[brackets]`.
pub fn report(typed: &str, keys: &[String], check: &Check, terminal: bool) -> Vec<String> {
    let typed = for_terminal(typed.trim());
    let marked = if terminal {
        mark_keys(&typed, keys, |k| style(k).green().bold().to_string())
    } else {
        mark_keys(&typed, keys, |k| format!("[{k}]"))
    };
    let mut out = vec!["Your answer:".to_string()];
    if marked.is_empty() {
        out.push("  (nothing typed)".to_string());
    }
    out.extend(marked.lines().map(|l| format!("  {l}")));
    if check.results.is_empty() {
        out.push("This card lists no key terms: grade it yourself.".to_string());
        return out;
    }
    let hits = check.results.iter().filter(|r| r.hit()).count();
    out.push(format!(
        "Key terms: {hits} of {} in your answer",
        check.results.len()
    ));
    for r in &check.results {
        let key = for_terminal(&r.key);
        out.push(match (r.hit(), terminal) {
            (true, true) => format!("  {} {key}", style("✓").green().bold()),
            (false, true) => format!("  {} {}", style("✗").red().bold(), style(key).dim()),
            (true, false) => format!("  ✓ {key}"),
            (false, false) => format!("  ✗ {key}"),
        });
    }
    if let Some(g) = check.suggested {
        let accept = if terminal {
            "Enter or Space accepts it, 0-5 gives another"
        } else {
            "an empty line accepts it, 0-5 gives another"
        };
        out.push(format!("Suggested grade: {g} ({accept})"));
    }
    out
}

/// What one key did to the answer being typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    Typing,
    /// The answer is complete (Enter on an empty line, or Ctrl-D).
    Done(String),
    /// Esc or Ctrl-C: end the session.
    Quit,
}

/// A multi-line answer typed on the terminal in raw mode: Enter starts a new line, Enter on
/// an empty line or Ctrl-D ends the answer, Backspace deletes (across lines too).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    text: String,
}

impl Draft {
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn key(&mut self, key: &KeyEvent) -> Edit {
        if key.kind == KeyEventKind::Release {
            return Edit::Typing;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('c') if ctrl => Edit::Quit,
            KeyCode::Esc => Edit::Quit,
            KeyCode::Char('d') if ctrl => Edit::Done(self.take()),
            KeyCode::Enter if self.text.is_empty() || self.text.ends_with('\n') => {
                Edit::Done(self.take())
            }
            KeyCode::Enter => {
                self.text.push('\n');
                Edit::Typing
            }
            KeyCode::Backspace => {
                self.text.pop();
                Edit::Typing
            }
            KeyCode::Tab => {
                self.text.push(' ');
                Edit::Typing
            }
            KeyCode::Char(c) if !ctrl && !c.is_control() => {
                self.text.push(c);
                Edit::Typing
            }
            _ => Edit::Typing,
        }
    }

    fn take(&mut self) -> String {
        std::mem::take(&mut self.text).trim_end().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn type_keys(draft: &mut Draft, codes: &[KeyCode]) -> Edit {
        let mut last = Edit::Typing;
        for &code in codes {
            last = draft.key(&KeyEvent::new(code, KeyModifiers::NONE));
        }
        last
    }

    fn chars(s: &str) -> Vec<KeyCode> {
        s.chars()
            .map(|c| {
                if c == '\n' {
                    KeyCode::Enter
                } else {
                    KeyCode::Char(c)
                }
            })
            .collect()
    }

    #[test]
    fn the_draft_ends_on_an_empty_line_or_ctrl_d() {
        let mut d = Draft::default();
        assert_eq!(type_keys(&mut d, &chars("task rolx")), Edit::Typing);
        type_keys(&mut d, &[KeyCode::Backspace]);
        type_keys(&mut d, &chars("e\nsecond line\n"));
        assert_eq!(d.text(), "task role\nsecond line\n");
        assert_eq!(
            type_keys(&mut d, &[KeyCode::Enter]),
            Edit::Done("task role\nsecond line".into())
        );
        assert_eq!(d.text(), "", "taken");
        type_keys(&mut d, &chars("short"));
        let ctrl_d = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(d.key(&ctrl_d), Edit::Done("short".into()));
        assert_eq!(
            type_keys(&mut d, &[KeyCode::Enter]),
            Edit::Done(String::new()),
            "Enter at once: nothing typed"
        );
        assert_eq!(
            type_keys(&mut d, &chars("q u s 4")),
            Edit::Typing,
            "letters are text"
        );
        assert_eq!(type_keys(&mut d, &[KeyCode::Esc]), Edit::Quit);
    }

    #[test]
    fn the_plain_report_marks_hits_and_lists_misses() {
        let k = keys(&["namespace", "cgroup|control group", "host kernel"]);
        let typed = "It is a process fenced by Namespaces\nand control-groups.";
        let results = answer_check::check(typed, &k);
        let check = Check {
            suggested: answer_check::suggested_grade(&results).and_then(Grade::new),
            results,
        };
        assert_eq!(
            report(typed, &k, &check, false),
            [
                "Your answer:",
                "  It is a process fenced by [Namespaces]",
                "  and [control-groups].",
                "Key terms: 2 of 3 in your answer",
                "  ✓ namespace",
                "  ✓ cgroup|control group",
                "  ✗ host kernel",
                "Suggested grade: 3 (an empty line accepts it, 0-5 gives another)",
            ]
        );
        let none = Check {
            results: vec![],
            suggested: None,
        };
        assert_eq!(
            report("", &[], &none, false),
            [
                "Your answer:",
                "  (nothing typed)",
                "This card lists no key terms: grade it yourself."
            ]
        );
    }
}
