//! The study loop shared by `drill` and `quiz`: show a card, reveal, grade, record, repeat.
//!
//! [`machine`] holds the rules of the loop (queue, undo, suspend, tally) with no I/O;
//! [`prompt`] is how it talks to the person (a line protocol for pipes, [`tty`] single keys
//! and one card per screen for a terminal); [`screen`] lays a card out for the terminal.
//!
//! Every grade is committed (through the [`machine::Recorder`]) before the next card is
//! shown, so quitting at any point, by `q`, end of input or Ctrl-C, loses nothing. A card
//! graded below 4 comes back at the end of the session until it earns a 4; those repeats are
//! logged but do not move the schedule.

pub mod machine;
pub mod markdown;
pub mod prompt;
pub mod screen;
pub mod summary;
pub mod tty;
pub mod typed;

use crate::error::Result;
use crate::scheduler::history::Scheduling;
use crate::scheduler::{Grade, pace};
use crate::store::{CardRecord, GradeOutcome, Mode, Store, UndoOutcome};
use crate::study::{self, StudyContext};
use machine::{Recorder, Session};
pub use prompt::Prompter;
use std::collections::BTreeMap;

/// Which loop runs: the schedule-moving drill, or a quiz that moves it only with `--record`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    Drill,
    Quiz { record: bool },
}

/// Grades of one phase in one session.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PhaseTally {
    /// Cards seen for the first time.
    pub new: u32,
    /// Cards seen before.
    pub reviewed: u32,
    /// First-pass grades below 3.
    pub failed: u32,
    /// Cards shown again in the session after a grade below 4.
    pub repeats: u32,
}

/// One first-pass grade, for the quiz score and the missed-card list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstGrade {
    pub card_id: String,
    pub topic_title: String,
    pub grade: u8,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub phases: BTreeMap<u8, PhaseTally>,
    pub first_grades: Vec<FirstGrade>,
    /// How many standing grades of each value the session gave, repeats included.
    pub grades: [u32; 6],
    /// Cards suspended with `s` during the session.
    pub suspended: Vec<String>,
    /// Cards the queue still held when the session ended.
    pub left: usize,
    /// Seconds from the first card to the end.
    pub seconds: i64,
}

impl Summary {
    /// Grades given in all, repeats included.
    pub fn graded(&self) -> u32 {
        self.grades.iter().sum()
    }
}

/// How many past grades the pace estimate looks at.
const PACE_SAMPLE: u32 = 200;

/// The store as the session's [`Recorder`]: one grade transaction per grade, undo by review
/// id. Its copy of the context is the one the grades keep current (the interview balancer).
struct StoreRecorder<'a> {
    store: &'a Store,
    ctx: StudyContext,
}

impl Recorder for StoreRecorder<'_> {
    fn grade(
        &mut self,
        card: &CardRecord,
        grade: Grade,
        mode: Mode,
        scheduling: Scheduling,
    ) -> Result<GradeOutcome> {
        study::record(self.store, &card.id, grade, mode, scheduling, &self.ctx)
    }

    fn undo(&mut self, review_id: &str) -> Result<UndoOutcome> {
        self.store.undo(review_id)
    }

    fn suspend(&mut self, card_id: &str) -> Result<()> {
        self.store.set_suspended(card_id, true).map(drop)
    }

    fn context(&self) -> &StudyContext {
        &self.ctx
    }
}

/// Runs `session` until its queue is empty or the person quits, then lets the prompter
/// restore the terminal and shows the last action's notes.
pub fn drive(
    mut session: Session,
    prompter: &mut dyn Prompter,
    rec: &mut dyn Recorder,
) -> Result<Summary> {
    while let Some(view) = session.view(rec.context()) {
        let event = prompter.ask(&view)?;
        if !session.step(event, rec)? {
            break;
        }
    }
    prompter.finish()?;
    for note in session.notes() {
        prompter.say(note)?;
    }
    Ok(session.finish())
}

/// Runs the loop over `cards` (already in queue order) until the queue is empty or the person
/// quits; with `typing` each answer is typed first and checked (`--type`). The first `relearning` cards were failed earlier today: they are shown as repeats.
/// The study day stays `ctx.today` throughout; each grade is stamped with `ctx.clock`.
pub fn run(
    store: &Store,
    prompter: &mut dyn Prompter,
    cards: Vec<CardRecord>,
    relearning: usize,
    kind: SessionKind,
    typing: bool,
    ctx: &StudyContext,
) -> Result<Summary> {
    let started = ctx.clock.now();
    let pace = pace::seconds_per_card(&store.recent_review_instants(PACE_SAMPLE)?);
    let session = Session::new(cards, relearning, kind, pace).typing(typing);
    let mut rec = StoreRecorder {
        store,
        ctx: ctx.clone(),
    };
    let mut summary = drive(session, prompter, &mut rec)?;
    summary.seconds = (ctx.clock.now() - started).num_seconds().max(0);
    Ok(summary)
}
