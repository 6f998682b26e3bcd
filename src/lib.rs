//! ecsdrill: spaced-repetition drills for AWS ECR & ECS interviews.
//!
//! Decks (TOML, embedded at build time) are synced into SQLite and scheduled with SM-2.
//! `main.rs` parses arguments and calls [`app::run`]; everything else lives here.

pub mod answer_check;
pub mod app;
pub mod cli;
pub mod clock;
pub mod deck;
pub mod error;
pub mod report;
pub mod safe_text;
pub mod scheduler;
pub mod session;
pub mod settings;
pub mod store;
pub mod study;
