//! Grading a card: the use case shared by `drill`, `quiz` and `grade`.
//!
//! The caller holds a card's id and display text; [`record`] hands the answer to
//! [`Store::grade`], which re-reads the card inside its write transaction and applies the pure
//! transition there (with the interview's final-window balancer, loaded inside the same
//! transaction, while a date is ahead), so an answer never writes back a state another process
//! has moved on from.

use crate::clock::Clock;
use crate::error::Result;
use crate::scheduler::balance::Balancer;
use crate::scheduler::history::{LeechRule, Scheduling};
use crate::scheduler::{self, CardState, Grade};
use crate::settings::LeechAction;
use crate::store::{GradeOutcome, GradeRequest, Mode, Store};
use chrono::{NaiveDate, NaiveTime};
use std::cell::RefCell;
use std::sync::Arc;

/// What every grade of one command run shares.
#[derive(Clone)]
pub struct StudyContext {
    /// Read once per answer: every review carries the instant it was given.
    pub clock: Arc<dyn Clock>,
    pub day_starts_at: NaiveTime,
    /// The study day the run's queue was built for.
    pub today: NaiveDate,
    /// An interview date: reviews are placed in its final window while it is ahead.
    pub interview: Option<NaiveDate>,
    pub leech_threshold: u32,
    pub leech_action: LeechAction,
    /// The `max_interval` setting: no grade schedules a card further out.
    pub max_interval: u32,
    /// While the interview is ahead: its final window's load, which [`record`] keeps current
    /// so the grade preview places reviews exactly as the grade will.
    pub balancer: Option<RefCell<Balancer>>,
}

/// The final-window balancer for a grade given on `today`, loaded from the store; `None`
/// when no interview is ahead. The grade transaction and the forecast place reviews with it.
pub fn balancer(
    store: &Store,
    today: NaiveDate,
    interview: Option<NaiveDate>,
) -> Result<Option<Balancer>> {
    store.balancer(today, interview)
}

impl StudyContext {
    /// The state each grade would give, for the grade prompt's preview.
    pub fn preview(&self, state: &CardState) -> [CardState; 6] {
        let balancer = self.balancer.as_ref().map(RefCell::borrow);
        scheduler::sm2::preview(state, self.today, balancer.as_deref(), self.max_interval)
    }

    /// A card with this many failures (grades below 3, also before its first success).
    pub fn is_leech(&self, failures: u32) -> bool {
        failures >= self.leech_threshold
    }

    fn leech_rule(&self) -> LeechRule {
        LeechRule {
            threshold: self.leech_threshold,
            suspend: self.leech_action == LeechAction::Suspend,
        }
    }
}

/// Records `grade` for the card `card_id`. With [`Scheduling::Stays`] (a repeat, an
/// unrecorded quiz) the grade is logged but the card's schedule stays as it is.
pub fn record(
    store: &Store,
    card_id: &str,
    grade: Grade,
    mode: Mode,
    scheduling: Scheduling,
    ctx: &StudyContext,
) -> Result<GradeOutcome> {
    let outcome = store.grade(&GradeRequest {
        card_id,
        grade,
        mode,
        scheduling,
        clock: ctx.clock.as_ref(),
        day_starts_at: ctx.day_starts_at,
        interview: ctx.interview,
        leech: ctx.leech_rule(),
        max_interval: ctx.max_interval,
    })?;
    // The load comes fresh from the store, so other processes' grades count in it too.
    if let Some(kept) = &ctx.balancer
        && let Some(fresh) = store.balancer(ctx.today, ctx.interview)?
    {
        *kept.borrow_mut() = fresh;
    }
    Ok(outcome)
}
