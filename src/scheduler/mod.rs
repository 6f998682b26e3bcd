//! Pure scheduling: the SM-2 transition and today's queue. No I/O, no clock reads, no SQL.

pub mod interview;
pub mod plan;
pub mod queue;
pub mod sm2;

pub use sm2::{CardState, Ease, Grade};
