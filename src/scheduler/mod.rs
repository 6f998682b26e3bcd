//! Pure scheduling: the SM-2 transition, today's queue, the interview plan and its final-window
//! balancing, and the small rules around them (streak, weakness rank, theme order). No I/O, no
//! clock reads, no SQL.

pub mod balance;
pub mod history;
pub mod interview;
pub mod pace;
pub mod plan;
pub mod queue;
pub mod sm2;
pub mod status;
pub mod streak;
pub mod themes;
pub mod weak;

pub use sm2::{CardState, Ease, Grade};
pub use status::CardStatus;
