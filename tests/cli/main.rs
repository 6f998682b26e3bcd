//! The integration tests: one binary that drives the real `ecsdrill` executable.

mod common;
mod core;
mod decks;
mod hostile;
mod import;
mod integrity;
mod interview;
mod modes;
mod progress;
mod pty;
mod readme;
mod replaces;
mod reports;
mod shell;
mod sync;
mod typed;
