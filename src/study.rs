//! Grading a card: the use case shared by `drill`, `quiz` and `grade`.
//!
//! Runs the pure SM-2 transition (with the interview's final-window balancer while a date is
//! ahead), applies the leech rule, and persists the new state and the log row in one
//! transaction, before the caller shows anything else.

use crate::error::Result;
use crate::scheduler::balance::Balancer;
use crate::scheduler::interview::final_window;
use crate::scheduler::{self, CardState, Grade};
use crate::settings::LeechAction;
use crate::store::{CardRecord, Mode, NewReview, Store};
use chrono::{DateTime, FixedOffset, NaiveDate};
use std::cell::RefCell;

/// What every grade of one command run shares.
#[derive(Debug, Clone)]
pub struct StudyContext {
    pub now: DateTime<FixedOffset>,
    pub today: NaiveDate,
    /// An interview date: reviews are placed in its final window while it is ahead.
    pub interview: Option<NaiveDate>,
    pub leech_threshold: u32,
    pub leech_action: LeechAction,
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
    let Some(interview) = interview.filter(|d| *d > today) else {
        return Ok(None);
    };
    let load = match final_window(interview) {
        Some(w) => store.due_load(*w.start(), *w.end())?,
        None => Default::default(),
    };
    Ok(Some(Balancer::new(interview, load)))
}

impl StudyContext {
    /// The state each grade would give, for the grade prompt's preview.
    pub fn preview(&self, state: &CardState) -> [CardState; 6] {
        let balancer = self.balancer.as_ref().map(RefCell::borrow);
        scheduler::sm2::preview(state, self.today, balancer.as_deref())
    }

    pub fn is_leech(&self, state: &CardState) -> bool {
        state.lapses >= self.leech_threshold
    }
}

/// The result of one recorded grade.
#[derive(Debug, Clone, PartialEq)]
pub struct Graded {
    pub state: CardState,
    /// The grade made the card a leech (its lapses reached the threshold just now).
    pub became_leech: bool,
    pub suspended: bool,
}

/// Records `grade` for `card`. With `schedule` false (a repeat, an unrecorded quiz) the grade
/// is logged but the card's schedule stays as it was.
pub fn record(
    store: &mut Store,
    card: &CardRecord,
    grade: Grade,
    mode: Mode,
    schedule: bool,
    ctx: &StudyContext,
) -> Result<Graded> {
    let old = &card.state;
    // The load comes fresh from the store, so other processes' grades count in it too.
    let (new, fresh) = if schedule {
        let fresh = balancer(store, ctx.today, ctx.interview)?;
        let new = scheduler::sm2::review(old, grade, ctx.today, fresh.as_ref());
        (new, fresh)
    } else {
        (old.clone(), None)
    };
    let became_leech = new.lapses > old.lapses && ctx.is_leech(&new) && !ctx.is_leech(old);
    let suspended = card.suspended
        || (new.lapses > old.lapses
            && ctx.is_leech(&new)
            && ctx.leech_action == LeechAction::Suspend);
    store.record_review(&NewReview {
        card_id: &card.id,
        phase: card.phase,
        topic: &card.topic,
        kind: card.kind.as_str(),
        reviewed_at: ctx.now,
        study_day: ctx.today,
        grade: grade.value(),
        mode,
        scheduled: schedule,
        old,
        new: &new,
        old_suspended: card.suspended,
        new_suspended: suspended,
    })?;
    if let (Some(mut fresh), Some(kept)) = (fresh, &ctx.balancer) {
        fresh.moved(old.due, new.due);
        *kept.borrow_mut() = fresh;
    }
    Ok(Graded {
        state: new,
        became_leech,
        suspended,
    })
}
