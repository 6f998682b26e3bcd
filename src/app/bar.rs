//! A progress bar for long work (`import-progress`, `export-progress`, a large first deck
//! sync): drawn on standard error only when it is a terminal, and only once the work has taken
//! a second, so quick runs and pipes see nothing.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// How long work runs before its bar appears.
const SHOW_AFTER: Duration = Duration::from_secs(1);

pub(crate) struct Bar {
    bar: ProgressBar,
    started: Instant,
    terminal: bool,
    shown: bool,
}

impl Bar {
    /// A bar for work described by `what` ("importing reviews").
    pub(crate) fn new(what: &'static str) -> Bar {
        let bar = ProgressBar::hidden();
        let style = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta} left)")
            .map(|s| s.progress_chars("=> "))
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.set_message(what);
        Bar {
            bar,
            started: Instant::now(),
            terminal: std::io::stderr().is_terminal(),
            shown: false,
        }
    }

    /// `done` of `total` units are through.
    pub(crate) fn update(&mut self, done: u64, total: u64) {
        if !self.terminal {
            return;
        }
        if !self.shown && self.started.elapsed() >= SHOW_AFTER {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.shown = true;
        }
        self.bar.set_length(total);
        self.bar.set_position(done);
    }
}

impl Drop for Bar {
    /// The bar leaves no line behind, whether the work finished or failed.
    fn drop(&mut self) {
        if self.shown {
            self.bar.finish_and_clear();
        }
    }
}
