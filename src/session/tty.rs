//! The terminal prompter: one key per action, one card per screen.
//!
//! The session runs on the alternate screen in raw mode (so Ctrl-C and Ctrl-D arrive as keys
//! and end the session like `q`); each card is drawn on a cleared screen and drawn again,
//! re-wrapped, when the terminal is resized. The terminal is given back on every way out: the
//! end of the session ([`Prompter::finish`]), an error (drop), a panic (a hook installed by
//! [`TtyPrompter::new`]) and a signal ([`restore_terminal`], called by the binary's handler).

use super::machine::{Event, Stage, View};
use super::prompt::Prompter;
use super::screen;
use super::typed::{self, Draft, Edit};
use crate::scheduler::Grade;
use crossterm::event::{self, Event as TermEvent, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::{cursor, execute, terminal};
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// True while the session owns the terminal (alternate screen, raw mode).
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Gives the terminal back (main screen, cooked mode, cursor shown) if a session holds it.
/// Safe to call from any exit path, any number of times.
pub fn restore_terminal() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let _ = execute!(io::stdout(), cursor::Show, terminal::LeaveAlternateScreen);
        let _ = terminal::disable_raw_mode();
    }
}

/// Keys and screens on the terminal.
#[derive(Default)]
pub struct TtyPrompter {
    /// A question waiting for `y` before `s` suspends the card.
    confirming: bool,
    /// The line said before the session (today's numbers), kept on the first card's screen.
    banner: Option<String>,
}

impl TtyPrompter {
    /// Installs the panic hook that restores the terminal before the message is printed.
    pub fn new() -> TtyPrompter {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore_terminal();
            previous(info);
        }));
        TtyPrompter::default()
    }

    fn enter(&mut self) -> io::Result<()> {
        if !ACTIVE.swap(true, Ordering::SeqCst) {
            terminal::enable_raw_mode()?;
            execute!(io::stdout(), terminal::EnterAlternateScreen, cursor::Hide)?;
        }
        Ok(())
    }

    fn draw(&self, view: &View<'_>, draft: Option<&Draft>) -> io::Result<()> {
        let (cols, _) = terminal::size().unwrap_or((80, 24));
        let width = usize::from(cols).clamp(20, 100);
        let mut lines = screen::lines_with_draft(view, width, draft.map(Draft::text));
        if let Some(banner) = &self.banner {
            let wrapped: Vec<_> = banner
                .lines()
                .flat_map(|l| textwrap::wrap(l, width))
                .collect();
            let mut top: Vec<String> = wrapped
                .iter()
                .map(|l| console::style(l).dim().to_string())
                .collect();
            top.push(String::new());
            lines.splice(0..0, top);
        }
        if self.confirming {
            lines.push(format!(
                "suspend {}? y suspends it, any other key keeps it",
                view.card.id
            ));
        }
        let mut out = io::stdout().lock();
        execute!(
            out,
            terminal::Clear(terminal::ClearType::All),
            cursor::MoveTo(0, 0)
        )?;
        // Raw mode: a line feed does not return the carriage.
        write!(out, "{}", lines.join("\r\n"))?;
        out.flush()
    }
}

/// The action a key stands for at `stage`; `None` for keys that do nothing there. With a
/// `suggested` grade (after a typed answer), Enter or Space gives it.
pub fn key_event(key: &KeyEvent, stage: Stage, suggested: Option<Grade>) -> Option<Event> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('c' | 'd') if ctrl => Some(Event::Quit),
        KeyCode::Esc | KeyCode::Char('q') => Some(Event::Quit),
        KeyCode::Char(' ') | KeyCode::Enter if stage == Stage::Question => Some(Event::Reveal),
        KeyCode::Char(' ') | KeyCode::Enter => suggested.map(Event::Grade),
        KeyCode::Char('u') => Some(Event::Undo),
        KeyCode::Char('s') => Some(Event::Suspend),
        KeyCode::Char('m') => Some(Event::More),
        KeyCode::Char(c @ '0'..='5') if stage != Stage::Question => c
            .to_digit(10)
            .and_then(|d| u8::try_from(d).ok())
            .and_then(Grade::new)
            .map(Event::Grade),
        _ => None,
    }
}

impl TtyPrompter {
    /// Takes a typed answer under the question (`--type`), redrawing as it grows.
    fn type_answer(&mut self, view: &View<'_>) -> io::Result<Event> {
        let mut draft = Draft::default();
        self.draw(view, Some(&draft))?;
        loop {
            match event::read()? {
                TermEvent::Key(key) => match draft.key(&key) {
                    Edit::Done(text) => return Ok(Event::Answer(text)),
                    Edit::Quit => return Ok(Event::Quit),
                    Edit::Typing => self.draw(view, Some(&draft))?,
                },
                TermEvent::Resize(..) => self.draw(view, Some(&draft))?,
                _ => {}
            }
        }
    }
}

impl Prompter for TtyPrompter {
    fn say(&mut self, text: &str) -> io::Result<()> {
        if ACTIVE.load(Ordering::SeqCst) {
            // Notes during the session are part of the next screen (the view's notes).
            return Ok(());
        }
        self.banner = Some(match self.banner.take() {
            Some(before) => format!("{before}\n{text}"),
            None => text.to_string(),
        });
        let mut out = io::stdout().lock();
        writeln!(out, "{text}")?;
        out.flush()
    }

    fn input(&mut self, label: &str) -> io::Result<Option<String>> {
        let typed = dialoguer::Input::<String>::new()
            .with_prompt(label)
            .allow_empty(true)
            .interact_text();
        match typed {
            Ok(s) => Ok(Some(s)),
            Err(dialoguer::Error::IO(e)) if e.kind() == io::ErrorKind::Interrupted => Ok(None),
            Err(dialoguer::Error::IO(e)) => Err(e),
        }
    }

    fn ask(&mut self, view: &View<'_>) -> io::Result<Event> {
        self.enter()?;
        let event = if view.typing && view.stage == Stage::Question {
            self.type_answer(view)
        } else {
            self.read_event(view)
        };
        self.banner = None;
        event
    }

    fn finish(&mut self) -> io::Result<()> {
        restore_terminal();
        Ok(())
    }
}

impl TtyPrompter {
    /// Draws `view` and reads keys until one means an action.
    fn read_event(&mut self, view: &View<'_>) -> io::Result<Event> {
        self.draw(view, None)?;
        let suggested = typed::check(view).and_then(|c| c.suggested);
        loop {
            match event::read()? {
                TermEvent::Resize(..) => self.draw(view, None)?,
                TermEvent::Key(key) if self.confirming => {
                    self.confirming = false;
                    if key.code == KeyCode::Char('y') {
                        return Ok(Event::Suspend);
                    }
                    self.draw(view, None)?;
                }
                TermEvent::Key(key) => match key_event(&key, view.stage, suggested) {
                    Some(Event::Suspend) => {
                        self.confirming = true;
                        self.draw(view, None)?;
                    }
                    Some(event) => return Ok(event),
                    None => {}
                },
                _ => {}
            }
        }
    }
}

impl Drop for TtyPrompter {
    fn drop(&mut self) {
        restore_terminal();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_actions_by_stage() {
        let k = |code| KeyEvent::new(code, KeyModifiers::NONE);
        let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
        let answer = Stage::Answer { more: false };
        let q = Stage::Question;
        assert_eq!(
            key_event(&k(KeyCode::Char(' ')), q, None),
            Some(Event::Reveal)
        );
        assert_eq!(key_event(&k(KeyCode::Enter), q, None), Some(Event::Reveal));
        assert_eq!(key_event(&k(KeyCode::Char(' ')), answer, None), None);
        assert_eq!(
            key_event(&k(KeyCode::Char('4')), answer, None),
            Some(Event::Grade(Grade::new(4).unwrap()))
        );
        assert_eq!(key_event(&k(KeyCode::Char('4')), q, None), None);
        assert_eq!(key_event(&k(KeyCode::Char('6')), answer, None), None);
        assert_eq!(
            key_event(&k(KeyCode::Char('u')), q, None),
            Some(Event::Undo)
        );
        assert_eq!(
            key_event(&k(KeyCode::Char('m')), answer, None),
            Some(Event::More)
        );
        assert_eq!(key_event(&k(KeyCode::Esc), answer, None), Some(Event::Quit));
        assert_eq!(key_event(&ctrl('c'), q, None), Some(Event::Quit));
        assert_eq!(key_event(&ctrl('d'), answer, None), Some(Event::Quit));
        assert_eq!(
            key_event(&k(KeyCode::Char('s')), q, None),
            Some(Event::Suspend)
        );
        // After a typed answer, Enter or Space accepts the suggested grade.
        let three = Grade::new(3);
        assert_eq!(
            key_event(&k(KeyCode::Enter), answer, three),
            three.map(Event::Grade)
        );
        assert_eq!(
            key_event(&k(KeyCode::Char(' ')), answer, three),
            three.map(Event::Grade)
        );
        assert_eq!(
            key_event(&k(KeyCode::Char('5')), answer, three),
            Grade::new(5).map(Event::Grade),
            "a digit overrides"
        );
        assert_eq!(key_event(&k(KeyCode::Enter), q, three), Some(Event::Reveal));
    }
}
