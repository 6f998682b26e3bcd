//! The study loop shared by `drill` and `quiz`: show a card, reveal, grade, record, repeat.
//!
//! Every grade is committed (through [`crate::study::record`]) before the next card is shown,
//! so quitting at any point, by `q`, end of input or Ctrl-C, loses nothing. A card graded
//! below 4 comes back at the end of the session until it earns a 4; those repeats are logged
//! but do not move the schedule.

pub mod prompt;

use crate::error::Result;
use crate::scheduler::Grade;
use crate::scheduler::history::Scheduling;
use crate::store::{CardRecord, Mode, Store, UndoOutcome};
use crate::study::{self, StudyContext};
use console::style;
use prompt::{Answer, Prompter, Reveal};
use std::collections::{BTreeMap, VecDeque};

/// Which loop runs: the schedule-moving drill, or a quiz that moves it only with `--record`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    Drill,
    Quiz { record: bool },
}

impl SessionKind {
    fn first_pass(self) -> (Mode, bool) {
        match self {
            SessionKind::Drill => (Mode::Drill, true),
            SessionKind::Quiz { record } => (Mode::Quiz, record),
        }
    }
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
    /// Cards the queue still held when the session ended.
    pub left: usize,
}

struct Item {
    card: CardRecord,
    repeat: bool,
    seq: u64,
}

/// What one grade changed, so `u` can take it back.
struct Done {
    /// The review this session wrote: `u` takes back exactly this one.
    review_id: String,
    card: CardRecord,
    repeat: bool,
    seq: u64,
    requeued: Option<u64>,
    tally: PhaseTally,
    first_grade: bool,
}

fn tally_add(t: &mut PhaseTally, d: &PhaseTally, sign: i32) {
    let f = |a: &mut u32, b: u32| *a = a.saturating_add_signed(sign * b as i32);
    f(&mut t.new, d.new);
    f(&mut t.reviewed, d.reviewed);
    f(&mut t.failed, d.failed);
    f(&mut t.repeats, d.repeats);
}

/// The grade prompt: each grade with its meaning and where it would send the card.
fn grade_menu(card: &CardRecord, ctx: &StudyContext, moves_schedule: bool) -> String {
    let preview = ctx.preview(&card.state);
    let mut lines = Vec::with_capacity(8);
    for g in Grade::ALL {
        let outcome = if moves_schedule {
            let days = preview[g.value() as usize].interval_days;
            format!("→ {days} day{}", if days == 1 { "" } else { "s" })
        } else {
            String::new()
        };
        lines.push(format!("  {g} {:<31}{outcome}", g.meaning()));
    }
    if !moves_schedule {
        lines.push("  (this grade is logged; the schedule stays as it is)".to_string());
    }
    lines.join("\n")
}

/// "A: answer"; an answer spanning several lines (imported Markdown with code, lists or
/// tables) starts on its own line so its first block keeps its shape.
fn answer_block(a: &str) -> String {
    if a.contains('\n') {
        format!("A:\n{a}")
    } else {
        format!("A: {a}")
    }
}

/// The one-line receipt after a grade, so the transcript shows what was recorded.
fn graded_line(grade: Grade, state: &crate::scheduler::CardState, moved: bool) -> String {
    match (moved, state.due) {
        (true, Some(due)) => format!(
            "  graded {grade}: next review {due} (in {} day{})",
            state.interval_days,
            if state.interval_days == 1 { "" } else { "s" }
        ),
        _ => format!("  graded {grade} (schedule unchanged)"),
    }
}

const GRADE_PROMPT: &str = "grade 0-5, m more, u undo, q quit";

fn card_block(
    card: &CardRecord,
    n: usize,
    total: usize,
    repeat: bool,
    ctx: &StudyContext,
) -> String {
    let again = if repeat { " · again" } else { "" };
    let mut s = format!(
        "\n{}\n",
        style(format!(
            "── {n}/{total} · Phase {} · {} · {}{again} ──",
            card.phase,
            card.topic_title,
            card.kind.as_str()
        ))
        .bold()
    );
    if ctx.is_leech(card.failures) {
        s += &format!(
            "{}\n",
            style(format!(
                "! leech: forgotten {} times; consider rewriting it in your own notes (id {})",
                card.failures, card.id
            ))
            .yellow()
        );
    }
    s += &format!("Q: {}", card.q);
    s
}

/// Runs the loop over `cards` (already in queue order) until the queue is empty or the person
/// quits. The first `relearning` cards were failed earlier today: they are shown as repeats.
pub fn run(
    store: &Store,
    prompter: &mut dyn Prompter,
    cards: Vec<CardRecord>,
    relearning: usize,
    kind: SessionKind,
    ctx: &StudyContext,
) -> Result<Summary> {
    let mut queue: VecDeque<Item> = cards
        .into_iter()
        .enumerate()
        .map(|(i, card)| Item {
            card,
            repeat: i < relearning,
            seq: i as u64,
        })
        .collect();
    let mut next_seq = queue.len() as u64;
    let mut done: Vec<Done> = Vec::new();
    let mut summary = Summary::default();

    'cards: while let Some(item) = queue.pop_front() {
        let position = done.len() + 1;
        let total = done.len() + queue.len() + 1;
        prompter.say(&card_block(&item.card, position, total, item.repeat, ctx))?;
        if prompter.reveal()? == Reveal::Quit {
            queue.push_front(item);
            break;
        }
        prompter.say(&answer_block(&item.card.a))?;
        let (first_mode, first_schedules) = kind.first_pass();
        let (mode, schedules) = if item.repeat {
            (Mode::Repeat, false)
        } else {
            (first_mode, first_schedules)
        };
        let scheduling = if schedules {
            Scheduling::Moves
        } else {
            Scheduling::Stays
        };
        prompter.say(&grade_menu(&item.card, ctx, schedules))?;
        loop {
            match prompter.answer(GRADE_PROMPT)? {
                Answer::More => {
                    let more = item
                        .card
                        .more
                        .as_deref()
                        .unwrap_or("(nothing more on this card)");
                    prompter.say(&format!("More:\n{more}"))?;
                }
                Answer::Quit => {
                    queue.push_front(item);
                    break 'cards;
                }
                Answer::Undo => {
                    let Some(prev) = done.pop() else {
                        prompter.say("nothing to undo in this session")?;
                        continue;
                    };
                    let mut card = prev.card;
                    match store.undo(&prev.review_id)? {
                        UndoOutcome::Undone(u) => card.state = u.restored,
                        UndoOutcome::Superseded { card_id } => {
                            prompter.say(&format!(
                                "cannot undo: {card_id} was graded again since (elsewhere); your grade stands"
                            ))?;
                            continue;
                        }
                        UndoOutcome::NotFound | UndoOutcome::AlreadyUndone => {
                            prompter.say(&format!(
                                "cannot undo: the grade of {} was already taken back",
                                card.id
                            ))?;
                            continue;
                        }
                    }
                    if let Some(seq) = prev.requeued {
                        queue.retain(|i| i.seq != seq);
                    }
                    let t = summary.phases.entry(card.phase).or_default();
                    tally_add(t, &prev.tally, -1);
                    if prev.first_grade {
                        summary.first_grades.pop();
                    }
                    prompter.say(&format!("undone: the grade of {}", card.id))?;
                    queue.push_front(item);
                    queue.push_front(Item {
                        card,
                        repeat: prev.repeat,
                        seq: prev.seq,
                    });
                    continue 'cards;
                }
                Answer::Grade(grade) => {
                    let graded = study::record(store, &item.card.id, grade, mode, scheduling, ctx)?;
                    prompter.say(&graded_line(grade, &graded.state, schedules))?;
                    let mut delta = PhaseTally::default();
                    if item.repeat {
                        delta.repeats = 1;
                    } else {
                        if graded.before.is_new() {
                            delta.new = 1;
                        } else {
                            delta.reviewed = 1;
                        }
                        delta.failed = u32::from(!grade.is_pass());
                        summary.first_grades.push(FirstGrade {
                            card_id: item.card.id.clone(),
                            topic_title: item.card.topic_title.clone(),
                            grade: grade.value(),
                        });
                    }
                    tally_add(
                        summary.phases.entry(item.card.phase).or_default(),
                        &delta,
                        1,
                    );
                    if graded.became_leech {
                        prompter.say(&format!(
                            "! {} is now a leech ({} failures){}",
                            item.card.id,
                            graded.failures,
                            if graded.suspended { "; suspended" } else { "" }
                        ))?;
                    }
                    let mut card = item.card.clone();
                    card.state = graded.state;
                    card.failures = graded.failures;
                    card.suspended = graded.suspended;
                    let requeued = (grade.value() < 4 && !graded.suspended).then(|| {
                        let seq = next_seq;
                        next_seq += 1;
                        queue.push_back(Item {
                            card: card.clone(),
                            repeat: true,
                            seq,
                        });
                        seq
                    });
                    done.push(Done {
                        review_id: graded.review_id,
                        card: item.card,
                        repeat: item.repeat,
                        seq: item.seq,
                        requeued,
                        tally: delta,
                        first_grade: !item.repeat,
                    });
                    continue 'cards;
                }
            }
        }
    }
    summary.left = queue.iter().filter(|i| !i.repeat).count();
    Ok(summary)
}
