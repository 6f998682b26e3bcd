//! The session as a small state machine: which card is up, whether its answer is shown, and
//! what each action (reveal, more, grade, undo, suspend, quit) does to the queue and the tally.
//!
//! It does no I/O of its own: grades, undos and suspensions go through a [`Recorder`] (the
//! store in real use), and what the person sees is a [`View`] a prompter draws. So the whole
//! loop can be driven by a script in a unit test.

use super::{FirstGrade, PhaseTally, SessionKind, Summary};
use crate::error::Result;
use crate::scheduler::{CardState, Grade, pace};
use crate::store::{CardRecord, GradeOutcome, Mode, Scheduling, UndoOutcome};
use crate::study::StudyContext;
use std::collections::VecDeque;

/// Where the grades, undos and suspensions of a session are written.
pub trait Recorder {
    /// Records `grade` for `card`; with [`Scheduling::Stays`] the grade is logged only.
    fn grade(
        &mut self,
        card: &CardRecord,
        grade: Grade,
        mode: Mode,
        scheduling: Scheduling,
    ) -> Result<GradeOutcome>;
    /// Takes back the review `review_id` (one this session wrote).
    fn undo(&mut self, review_id: &str) -> Result<UndoOutcome>;
    /// Takes the card out of every queue.
    fn suspend(&mut self, card_id: &str) -> Result<()>;
    /// What the grades share; the previews are computed from it, so they follow each grade.
    fn context(&self) -> &StudyContext;
}

/// One action of the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Reveal,
    /// The answer the person typed (`--type`): reveals the card's answer with the check.
    Answer(String),
    More,
    Grade(Grade),
    Undo,
    Suspend,
    Quit,
}

/// How much of the current card is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Question,
    Answer { more: bool },
}

/// What the last action added to the screen, for a prompter that prints instead of redrawing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// A card's question (a new card, or one brought back by undo).
    Card,
    Answer,
    More,
    /// Only notes (e.g. "nothing to undo").
    Nothing,
}

/// Everything a prompter needs to show the current card.
#[derive(Debug, Clone)]
pub struct View<'a> {
    pub card: &'a CardRecord,
    /// 1-based place of this card in the session, and the session's length so far.
    pub position: usize,
    pub total: usize,
    /// Shown again after a grade below 4.
    pub repeat: bool,
    pub leech: bool,
    pub stage: Stage,
    pub change: Change,
    /// Each grade's outcome when the grade moves the schedule; `None` when it is logged only.
    pub preview: Option<[CardState; 6]>,
    /// Lines the last action produced ("graded 4: next review ...", "undone: ...").
    pub notes: &'a [String],
    /// Estimated minutes for the cards left, current one included.
    pub minutes_left: u64,
    /// The session asks for a typed answer before it reveals one (`--type`).
    pub typing: bool,
    /// What the person typed for this card, once its answer is shown.
    pub typed: Option<&'a str>,
}

struct Item {
    card: CardRecord,
    repeat: bool,
    seq: u64,
}

/// What one grade changed, so `u` can take it back.
struct Done {
    /// The review this grade wrote: `u` takes back exactly this one.
    review_id: String,
    card: CardRecord,
    repeat: bool,
    seq: u64,
    requeued: Option<u64>,
    tally: PhaseTally,
    grade: Grade,
}

fn tally_add(t: &mut PhaseTally, d: &PhaseTally, sign: i32) {
    let f = |a: &mut u32, b: u32| {
        *a = a.saturating_add_signed(sign.saturating_mul(i32::try_from(b).unwrap_or(i32::MAX)));
    };
    f(&mut t.new, d.new);
    f(&mut t.reviewed, d.reviewed);
    f(&mut t.failed, d.failed);
    f(&mut t.repeats, d.repeats);
}

/// The one-line receipt after a grade, so the transcript shows what was recorded.
fn graded_line(grade: Grade, state: &CardState, scheduling: Scheduling) -> String {
    match (scheduling, state.due) {
        (Scheduling::Moves, Some(due)) => format!(
            "  graded {grade}: next review {due} (in {} day{})",
            state.interval_days,
            if state.interval_days == 1 { "" } else { "s" }
        ),
        _ => format!("  graded {grade} (schedule unchanged)"),
    }
}

/// A running session: the queue (front = the card on screen), the grades given, the tally.
pub struct Session {
    queue: VecDeque<Item>,
    done: Vec<Done>,
    summary: Summary,
    next_seq: u64,
    stage: Stage,
    change: Change,
    notes: Vec<String>,
    kind: SessionKind,
    secs_per_card: u32,
    typing: bool,
    typed: Option<String>,
}

impl Session {
    /// A session over `cards` (already in queue order), of which the first `relearning` were
    /// failed earlier today and come as repeats; `secs_per_card` paces the estimate.
    pub fn new(
        cards: Vec<CardRecord>,
        relearning: usize,
        kind: SessionKind,
        secs_per_card: u32,
    ) -> Session {
        let queue: VecDeque<Item> = cards
            .into_iter()
            .zip(0..)
            .enumerate()
            .map(|(i, (card, seq))| Item {
                card,
                repeat: i < relearning,
                seq,
            })
            .collect();
        Session {
            next_seq: queue.len() as u64,
            queue,
            done: Vec::new(),
            summary: Summary::default(),
            stage: Stage::Question,
            change: Change::Card,
            notes: Vec::new(),
            kind,
            secs_per_card,
            typing: false,
            typed: None,
        }
    }

    /// The same session asking for a typed answer at each question (`--type`).
    pub fn typing(mut self, typing: bool) -> Session {
        self.typing = typing;
        self
    }

    /// The mode a grade of `item` is logged with, and whether it moves the schedule.
    fn mode(&self, item: &Item) -> (Mode, Scheduling) {
        match (item.repeat, self.kind) {
            (true, _) => (Mode::Repeat, Scheduling::Stays),
            (false, SessionKind::Drill) => (Mode::Drill, Scheduling::Moves),
            (false, SessionKind::Quiz { record: true }) => (Mode::Quiz, Scheduling::Moves),
            (false, SessionKind::Quiz { record: false }) => (Mode::Quiz, Scheduling::Stays),
        }
    }

    /// The current card as it should be shown; `None` once the queue is empty.
    pub fn view(&self, ctx: &StudyContext) -> Option<View<'_>> {
        let item = self.queue.front()?;
        let scheduling = self.mode(item).1;
        Some(View {
            card: &item.card,
            position: self.done.len() + 1,
            total: self.done.len() + self.queue.len(),
            repeat: item.repeat,
            leech: ctx.is_leech(item.card.failures),
            stage: self.stage,
            change: self.change,
            preview: (scheduling == Scheduling::Moves).then(|| ctx.preview(&item.card.state)),
            notes: &self.notes,
            minutes_left: pace::minutes_left(self.queue.len(), self.secs_per_card),
            typing: self.typing,
            typed: self.typed.as_deref(),
        })
    }

    /// Lines the last action produced that no view has shown yet (after the last card).
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Applies one action. `false` when the session is over (quit).
    pub fn step(&mut self, event: Event, rec: &mut dyn Recorder) -> Result<bool> {
        self.notes.clear();
        self.change = Change::Nothing;
        match (event, self.stage) {
            (Event::Quit, _) => return Ok(false),
            (Event::Undo, _) => self.undo(rec)?,
            (Event::Suspend, _) => self.suspend(rec)?,
            (Event::Reveal, Stage::Question) => {
                self.stage = Stage::Answer { more: false };
                self.change = Change::Answer;
            }
            (Event::Answer(text), Stage::Question) => {
                self.typed = Some(text);
                self.stage = Stage::Answer { more: false };
                self.change = Change::Answer;
            }
            (Event::More, Stage::Answer { .. }) => {
                self.stage = Stage::Answer { more: true };
                self.change = Change::More;
            }
            (Event::Grade(g), Stage::Answer { .. }) => self.grade(g, rec)?,
            // Grading an unseen answer, or revealing twice, does nothing.
            (Event::Reveal | Event::Answer(_) | Event::More | Event::Grade(_), _) => {}
        }
        Ok(true)
    }

    fn next_card(&mut self) {
        self.stage = Stage::Question;
        self.change = Change::Card;
        self.typed = None;
    }

    fn grade(&mut self, grade: Grade, rec: &mut dyn Recorder) -> Result<()> {
        let Some(item) = self.queue.front() else {
            return Ok(());
        };
        let (mode, scheduling) = self.mode(item);
        let graded = rec.grade(&item.card, grade, mode, scheduling)?;
        let Some(item) = self.queue.pop_front() else {
            return Ok(());
        };
        self.notes
            .push(graded_line(grade, &graded.state, scheduling));
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
            self.summary.first_grades.push(FirstGrade {
                card_id: item.card.id.clone(),
                topic_title: item.card.topic_title.clone(),
                grade: grade.value(),
            });
        }
        tally_add(
            self.summary.phases.entry(item.card.phase).or_default(),
            &delta,
            1,
        );
        self.summary.grades[usize::from(grade.value())] += 1;
        if graded.became_leech {
            self.notes.push(format!(
                "! {} is now a leech ({} failures){}",
                item.card.id,
                graded.failures,
                if graded.suspended { "; suspended" } else { "" }
            ));
        }
        let requeued = (grade.value() < 4 && !graded.suspended).then(|| {
            let seq = self.next_seq;
            self.next_seq += 1;
            let mut card = item.card.clone();
            card.state = graded.state.clone();
            card.failures = graded.failures;
            card.suspended = graded.suspended;
            self.queue.push_back(Item {
                card,
                repeat: true,
                seq,
            });
            seq
        });
        self.done.push(Done {
            review_id: graded.review_id,
            card: item.card,
            repeat: item.repeat,
            seq: item.seq,
            requeued,
            tally: delta,
            grade,
        });
        self.next_card();
        Ok(())
    }

    fn undo(&mut self, rec: &mut dyn Recorder) -> Result<()> {
        let Some(prev) = self.done.pop() else {
            self.notes
                .push("nothing to undo in this session".to_string());
            return Ok(());
        };
        let mut card = prev.card;
        match rec.undo(&prev.review_id)? {
            UndoOutcome::Undone(u) => card.state = u.restored,
            UndoOutcome::Superseded { card_id } => {
                self.notes.push(format!(
                    "cannot undo: {card_id} was graded again since (elsewhere); your grade stands"
                ));
                return Ok(());
            }
            UndoOutcome::NotFound | UndoOutcome::AlreadyUndone => {
                self.notes.push(format!(
                    "cannot undo: the grade of {} was already taken back",
                    card.id
                ));
                return Ok(());
            }
        }
        if let Some(seq) = prev.requeued {
            self.queue.retain(|i| i.seq != seq);
        }
        tally_add(
            self.summary.phases.entry(card.phase).or_default(),
            &prev.tally,
            -1,
        );
        let slot = &mut self.summary.grades[usize::from(prev.grade.value())];
        *slot = slot.saturating_sub(1);
        if !prev.repeat {
            self.summary.first_grades.pop();
        }
        self.notes.push(format!("undone: the grade of {}", card.id));
        self.queue.push_front(Item {
            card,
            repeat: prev.repeat,
            seq: prev.seq,
        });
        self.next_card();
        Ok(())
    }

    fn suspend(&mut self, rec: &mut dyn Recorder) -> Result<()> {
        let Some(item) = self.queue.front() else {
            return Ok(());
        };
        let id = item.card.id.clone();
        rec.suspend(&id)?;
        self.queue.retain(|i| i.card.id != id);
        self.summary.suspended.push(id.clone());
        self.notes.push(format!(
            "suspended {id} (`ecsdrill unsuspend {id}` brings it back)"
        ));
        self.next_card();
        Ok(())
    }

    /// The tally, with the cards the queue still held counted as left.
    pub fn finish(mut self) -> Summary {
        self.summary.left = self.queue.iter().filter(|i| !i.repeat).count();
        self.summary
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::Kind;
    use crate::session::prompt::LinePrompter;
    use crate::session::{Prompter, drive};
    use crate::settings::LeechAction;
    use crate::store::UndoneReview;
    use chrono::{DateTime, NaiveDate};

    /// Grades kept in memory: what a store would have written, and undo as a stack.
    struct Memory {
        log: Vec<(String, u8, Mode, Scheduling)>,
        suspended: Vec<String>,
        states: Vec<CardState>,
        ctx: StudyContext,
    }

    impl Default for Memory {
        fn default() -> Memory {
            Memory {
                log: Vec::new(),
                suspended: Vec::new(),
                states: Vec::new(),
                ctx: ctx(),
            }
        }
    }

    impl Recorder for Memory {
        fn grade(
            &mut self,
            card: &CardRecord,
            grade: Grade,
            mode: Mode,
            scheduling: Scheduling,
        ) -> Result<GradeOutcome> {
            self.log
                .push((card.id.clone(), grade.value(), mode, scheduling));
            self.states.push(card.state.clone());
            let today = NaiveDate::from_ymd_opt(2026, 1, 10).unwrap();
            Ok(GradeOutcome {
                review_id: format!("r{}", self.log.len()),
                reviewed_at: self.ctx.clock.now(),
                before: card.state.clone(),
                state: if scheduling == Scheduling::Moves {
                    crate::scheduler::sm2::review(
                        &card.state,
                        grade,
                        today,
                        None,
                        crate::scheduler::sm2::MAX_INTERVAL_DAYS,
                    )
                } else {
                    card.state.clone()
                },
                failures: card.failures,
                became_leech: false,
                suspended: false,
            })
        }

        fn undo(&mut self, review_id: &str) -> Result<UndoOutcome> {
            // Only the latest grade is ever taken back by a session.
            assert_eq!(review_id, format!("r{}", self.log.len()));
            let Some((card_id, grade, mode, _)) = self.log.pop() else {
                return Ok(UndoOutcome::NotFound);
            };
            let restored = self.states.pop().unwrap_or_default();
            Ok(UndoOutcome::Undone(UndoneReview {
                review_id: review_id.to_string(),
                card_id,
                grade,
                mode,
                restored,
            }))
        }

        fn suspend(&mut self, card_id: &str) -> Result<()> {
            self.suspended.push(card_id.to_string());
            Ok(())
        }

        fn context(&self) -> &StudyContext {
            &self.ctx
        }
    }

    fn card(id: &str) -> CardRecord {
        CardRecord {
            id: format!("t/{id}"),
            topic: "t".into(),
            topic_title: "Topic".into(),
            phase: 0,
            topic_order: 1,
            position: 0,
            source: "src".into(),
            kind: Kind::Qa,
            level: None,
            q: format!("question {id}?"),
            a: format!("answer {id}"),
            more: Some(format!("more {id}")),
            tags: vec![],
            keys: vec![],
            suspended: false,
            retired: false,
            state: CardState::default(),
            failures: 0,
        }
    }

    fn ctx() -> StudyContext {
        StudyContext {
            clock: std::sync::Arc::new(crate::clock::FixedClock(
                DateTime::parse_from_rfc3339("2026-01-10T09:00:00Z").unwrap(),
            )),
            day_starts_at: chrono::NaiveTime::MIN,
            today: NaiveDate::from_ymd_opt(2026, 1, 10).unwrap(),
            interview: None,
            leech_threshold: 8,
            leech_action: LeechAction::Tag,
            max_interval: crate::scheduler::sm2::MAX_INTERVAL_DAYS,
            balancer: None,
        }
    }

    /// Runs a line-protocol script over cards a, b, c; returns the log, the summary, the output.
    fn script(input: &str) -> (Memory, Summary, String) {
        let mut rec = Memory::default();
        let mut out = Vec::new();
        let summary = {
            let mut p = LinePrompter::new(input.as_bytes(), &mut out);
            let session = Session::new(
                vec![card("a"), card("b"), card("c")],
                0,
                SessionKind::Drill,
                20,
            );
            drive(session, &mut p as &mut dyn Prompter, &mut rec).unwrap()
        };
        (rec, summary, String::from_utf8(out).unwrap())
    }

    #[test]
    fn failed_cards_come_back_and_only_first_passes_schedule() {
        let (rec, summary, out) = script("\n4\n\n2\n\n5\n\n3\n\n4\n");
        let got: Vec<(&str, u8, Mode, Scheduling)> = rec
            .log
            .iter()
            .map(|(c, g, m, s)| (c.as_str(), *g, *m, *s))
            .collect();
        assert_eq!(
            got,
            [
                ("t/a", 4, Mode::Drill, Scheduling::Moves),
                ("t/b", 2, Mode::Drill, Scheduling::Moves),
                ("t/c", 5, Mode::Drill, Scheduling::Moves),
                ("t/b", 3, Mode::Repeat, Scheduling::Stays),
                ("t/b", 4, Mode::Repeat, Scheduling::Stays),
            ]
        );
        assert_eq!(summary.grades, [0, 0, 1, 1, 2, 1]);
        assert_eq!(summary.phases[&0].repeats, 2);
        assert_eq!(summary.phases[&0].failed, 1);
        assert_eq!(summary.left, 0);
        assert_eq!(out.matches("Q: question b?").count(), 3, "{out}");
    }

    #[test]
    fn undo_brings_the_previous_card_back_and_untallies_it() {
        // a -> 2 (requeued), undo at b's answer prompt, a again -> 5, then quit.
        let (rec, summary, out) = script("\n2\n\nu\n\n5\nq\n");
        assert_eq!(rec.log.len(), 1, "{:?}", rec.log);
        assert_eq!(rec.log[0].0, "t/a");
        assert_eq!(rec.log[0].1, 5);
        assert!(out.contains("undone: the grade of t/a"), "{out}");
        assert_eq!(summary.grades, [0, 0, 0, 0, 0, 1]);
        assert_eq!(summary.phases[&0].failed, 0);
        assert_eq!(summary.first_grades.len(), 1);
        // b and c were never graded; the undone repeat of a is not queued any more.
        assert_eq!(summary.left, 2);
    }

    #[test]
    fn undo_at_the_question_and_suspend_work_through_events() {
        let mut rec = Memory::default();
        let mut s = Session::new(vec![card("a"), card("b")], 0, SessionKind::Drill, 20);
        let g = |v| Event::Grade(Grade::new(v).unwrap());
        assert!(
            s.step(g(4), &mut rec).unwrap(),
            "grading an unseen answer is ignored"
        );
        assert!(rec.log.is_empty());
        s.step(Event::Reveal, &mut rec).unwrap();
        s.step(g(3), &mut rec).unwrap();
        assert_eq!(s.view(&ctx()).unwrap().card.id, "t/b");
        // `u` while b's question is up: a is back, and its repeat is gone.
        s.step(Event::Undo, &mut rec).unwrap();
        let v = s.view(&ctx()).unwrap();
        assert_eq!(
            (v.card.id.as_str(), v.stage, v.change),
            ("t/a", Stage::Question, Change::Card)
        );
        assert_eq!((v.position, v.total), (1, 2));
        assert!(rec.log.is_empty());
        s.step(Event::Suspend, &mut rec).unwrap();
        assert_eq!(rec.suspended, ["t/a"]);
        assert_eq!(s.view(&ctx()).unwrap().card.id, "t/b");
        assert!(s.notes()[0].starts_with("suspended t/a"));
        s.step(Event::Undo, &mut rec).unwrap();
        assert_eq!(s.notes(), ["nothing to undo in this session"]);
        assert!(!s.step(Event::Quit, &mut rec).unwrap());
        let summary = s.finish();
        assert_eq!(summary.suspended, ["t/a"]);
        assert_eq!(summary.left, 1);
    }

    #[test]
    fn a_typed_answer_reveals_and_stays_with_its_card() {
        let mut rec = Memory::default();
        let mut s =
            Session::new(vec![card("a"), card("b")], 0, SessionKind::Drill, 20).typing(true);
        let v = s.view(&ctx()).unwrap();
        assert!(v.typing && v.typed.is_none());
        s.step(Event::Answer("my answer".into()), &mut rec).unwrap();
        let v = s.view(&ctx()).unwrap();
        assert_eq!(
            (v.stage, v.change, v.typed),
            (
                Stage::Answer { more: false },
                Change::Answer,
                Some("my answer")
            )
        );
        s.step(Event::More, &mut rec).unwrap();
        assert_eq!(s.view(&ctx()).unwrap().typed, Some("my answer"));
        s.step(Event::Grade(Grade::new(4).unwrap()), &mut rec)
            .unwrap();
        let v = s.view(&ctx()).unwrap();
        assert_eq!(
            (v.card.id.as_str(), v.typed),
            ("t/b", None),
            "the next card starts empty"
        );
        // An answer sent at the answer stage is ignored.
        s.step(Event::Reveal, &mut rec).unwrap();
        s.step(Event::Answer("late".into()), &mut rec).unwrap();
        assert_eq!(s.view(&ctx()).unwrap().typed, None);
    }

    #[test]
    fn the_view_counts_position_and_time_left() {
        let mut rec = Memory::default();
        let mut s = Session::new(
            vec![card("a"), card("b"), card("c")],
            0,
            SessionKind::Drill,
            40,
        );
        assert_eq!(s.view(&ctx()).unwrap().minutes_left, 2);
        s.step(Event::Reveal, &mut rec).unwrap();
        assert!(s.view(&ctx()).unwrap().preview.is_some());
        s.step(Event::Grade(Grade::new(1).unwrap()), &mut rec)
            .unwrap();
        let v = s.view(&ctx()).unwrap();
        // a failed: it comes back, so the session is one card longer.
        assert_eq!((v.position, v.total), (2, 4));
        let q = Session::new(vec![card("a")], 0, SessionKind::Quiz { record: false }, 20);
        assert!(q.view(&ctx()).unwrap().preview.is_none());
    }
}
