//! Grading a card: the use case shared by `drill`, `quiz` and `grade`.
//!
//! Runs the pure SM-2 transition, applies the leech rule, and persists the new state and the
//! log row in one transaction, before the caller shows anything else.

use crate::error::Result;
use crate::scheduler::{self, CardState, Grade};
use crate::settings::LeechAction;
use crate::store::{CardRecord, Mode, NewReview, Store};
use chrono::{DateTime, Days, FixedOffset, NaiveDate};

/// What every grade of one command run shares.
#[derive(Debug, Clone)]
pub struct StudyContext {
    pub now: DateTime<FixedOffset>,
    pub today: NaiveDate,
    /// An interview date: reviews are capped to land before it.
    pub interview: Option<NaiveDate>,
    pub leech_threshold: u32,
    pub leech_action: LeechAction,
}

impl StudyContext {
    /// The last day a review may be scheduled for: the day before the interview.
    pub fn latest_due(&self) -> Option<NaiveDate> {
        self.interview
            .and_then(|d| d.checked_sub_days(Days::new(1)))
    }

    /// The state each grade would give, for the grade prompt's preview.
    pub fn preview(&self, state: &CardState) -> [CardState; 6] {
        scheduler::sm2::preview(state, self.today, self.latest_due())
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
    let new = if schedule {
        scheduler::sm2::review(old, grade, ctx.today, ctx.latest_due())
    } else {
        old.clone()
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
    Ok(Graded {
        state: new,
        became_leech,
        suspended,
    })
}
