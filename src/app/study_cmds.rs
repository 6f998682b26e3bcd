//! Commands that record or take back grades: drill, grade, undo, suspend.

use super::{Context, card_filter, known_card, open_store, study_context, table};
use crate::cli::DrillArgs;
use crate::error::{Error, Result};
use crate::scheduler::Grade;
use crate::scheduler::history::Scheduling;
use crate::scheduler::plan;
use crate::scheduler::queue::{self, Candidate, CurriculumPos};
use crate::scheduler::themes;
use crate::session::{self, SessionKind, Summary, prompt::Prompter};
use crate::settings::{NewOrder, Origin};
use crate::store::{CardRecord, Mode, Store, UndoOutcome};
use crate::study::{self, StudyContext};

/// What today's drill serves, in order, and how many of each part.
pub(crate) struct TodayQueue {
    pub cards: Vec<CardRecord>,
    /// The first `relearning` cards were failed earlier today and not passed since: served
    /// first, as repeats (see [`Store::relearning_ids`]).
    pub relearning: usize,
    pub reviews: usize,
    pub new: usize,
    /// New cards allowed today in all (the setting, or more for an interview plan).
    pub new_quota: u32,
    /// Every review due today (matching the filter), served or not.
    pub due: usize,
    /// Due reviews above what `reviews_per_day` leaves for today (served anyway while an
    /// interview plan raises the limit).
    pub over_limit: usize,
}

/// The settings a queue is built from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct QueueSettings {
    pub budget: plan::Budget,
    pub order: NewOrder,
    /// Reviews this session may serve instead of the day's limit (`--all`, `--limit`).
    pub session_reviews: Option<usize>,
}

impl QueueSettings {
    pub fn from(ctx: &Context) -> QueueSettings {
        let s = &ctx.settings;
        QueueSettings {
            budget: plan::Budget {
                new_per_day: s.new_per_day.value,
                reviews_per_day: s.reviews_per_day.value,
                hard_cap: s.reviews_per_day.origin != Origin::Default,
            },
            order: s.new_card_order.value,
            session_reviews: None,
        }
    }
}

/// Where a card sits in the queue's order: curriculum position, or theme position.
pub(crate) fn queue_pos(card: &CardRecord, order: NewOrder) -> CurriculumPos {
    match order {
        NewOrder::File => card.pos(),
        NewOrder::Themes => themes::theme_pos(&card.topic, card.pos()),
    }
}

/// Builds today's queue for the cards matching `filter`. The budget is the day's before what
/// was already done today is taken off; an interview date raises it (see
/// [`plan::day_limits`]) and lifts the phase gate, since the plan must fit the deadline.
pub(crate) fn today_queue(
    store: &Store,
    filter: &crate::store::CardFilter,
    sctx: &StudyContext,
    qs: QueueSettings,
) -> Result<TodayQueue> {
    let today = sctx.today;
    let done = store.today_counts(today)?;
    let (mut limits, quota) = plan::day_limits(
        qs.budget,
        done,
        store.unseen_count()?,
        today,
        sctx.interview,
        filter.narrows_curriculum() || qs.order == NewOrder::Themes,
    );
    if let Some(n) = qs.session_reviews {
        limits.reviews = n;
    }
    let relearn = store.relearning_ids(today)?;
    let mut again: Vec<CardRecord> = store
        .cards_by_ids(filter, &relearn)?
        .into_iter()
        .filter(|c| !c.suspended)
        .collect();
    again.sort_by_key(|c| relearn.iter().position(|id| *id == c.id));
    let (due, cards, reviews) = match qs.order {
        // Curriculum order: the store reads only the cards served, with LIMITs (the cards
        // relearned first are left out of the rest, so a few more are read).
        NewOrder::File => {
            let others = |c: &CardRecord| !relearn.contains(&c.id);
            let extra = |n: usize| n.saturating_add(relearn.len());
            let mut cards: Vec<CardRecord> = store
                .due_cards(filter, today, extra(limits.reviews))?
                .into_iter()
                .filter(others)
                .take(limits.reviews)
                .collect();
            let reviews = cards.len();
            let fresh = store.new_cards(filter, limits.gate_phases, extra(limits.new))?;
            cards.extend(fresh.into_iter().filter(others).take(limits.new));
            let due_again = again
                .iter()
                .filter(|c| c.state.due.is_some_and(|d| d <= today));
            let due = store
                .due_count(filter, today)?
                .saturating_sub(due_again.count());
            (due, cards, reviews)
        }
        NewOrder::Themes => themed_queue(store, filter, today, limits, &relearn)?,
    };
    let new = cards.len() - reviews;
    let relearning = again.len();
    again.extend(cards);
    let allowed = qs.budget.reviews_per_day.saturating_sub(done.reviews) as usize;
    Ok(TodayQueue {
        cards: again,
        relearning,
        reviews,
        new,
        new_quota: quota,
        due,
        over_limit: due.saturating_sub(allowed),
    })
}

/// Today's queue in theme order: every card (but those relearned first) is loaded and
/// ordered by [`queue::build`]. Returns the due count, the queue and how many of it are
/// reviews.
fn themed_queue(
    store: &Store,
    filter: &crate::store::CardFilter,
    today: chrono::NaiveDate,
    limits: queue::QueueLimits,
    relearn: &[String],
) -> Result<(usize, Vec<CardRecord>, usize)> {
    let mut cards: Vec<CardRecord> = store
        .cards(filter)?
        .into_iter()
        .filter(|c| !c.suspended && !relearn.contains(&c.id))
        .collect();
    let candidates: Vec<Candidate> = cards
        .iter()
        .map(|c| Candidate {
            pos: queue_pos(c, NewOrder::Themes),
            due: c.state.due,
        })
        .collect();
    let due = queue::due_count(&candidates, today);
    let order = queue::build(&candidates, today, limits);
    let reviews = order.iter().filter(|&&i| !cards[i].state.is_new()).count();
    // Take the chosen cards out in queue order without cloning.
    let mut slots: Vec<Option<CardRecord>> = cards.drain(..).map(Some).collect();
    let cards = order.iter().filter_map(|&i| slots[i].take()).collect();
    Ok((due, cards, reviews))
}

/// What follows "415 due · this session 200": " · 215 more: `ecsdrill drill --limit 435` or
/// `ecsdrill drill --all`" while the limit holds reviews back, a note when it was raised (by
/// the interview plan, `--all` or `--limit`), else nothing.
pub(crate) fn backlog_suffix(q: &TodayQueue) -> String {
    let left = q.due.saturating_sub(q.reviews);
    if left > 0 {
        format!(
            " · {left} more: `ecsdrill drill --limit {}` or `ecsdrill drill --all`",
            q.due + q.new
        )
    } else if q.over_limit > 0 {
        format!(" (review limit raised by {})", q.over_limit)
    } else {
        String::new()
    }
}

fn summary_table(summary: &Summary) -> String {
    let mut t = table(&["Phase", "New", "Reviewed", "Failed", "Repeats"]);
    let mut total = session::PhaseTally::default();
    for (phase, p) in &summary.phases {
        t.add_row(vec![
            phase.to_string(),
            p.new.to_string(),
            p.reviewed.to_string(),
            p.failed.to_string(),
            p.repeats.to_string(),
        ]);
        total.new += p.new;
        total.reviewed += p.reviewed;
        total.failed += p.failed;
        total.repeats += p.repeats;
    }
    t.add_row(vec![
        "All".to_string(),
        total.new.to_string(),
        total.reviewed.to_string(),
        total.failed.to_string(),
        total.repeats.to_string(),
    ]);
    format!("{t}\n")
}

pub fn drill(ctx: &Context, args: &DrillArgs, prompter: &mut dyn Prompter) -> Result<String> {
    let decks = super::load_decks(ctx)?;
    let filter = card_filter(&decks, &args.filter)?;
    let store = open_store(ctx, decks)?;
    let sctx = study_context(ctx, &store)?;
    let mut qs = QueueSettings::from(ctx);
    qs.budget.new_per_day = args.new.unwrap_or(qs.budget.new_per_day);
    qs.order = args.order.unwrap_or(qs.order);
    qs.session_reviews = if args.all {
        Some(usize::MAX)
    } else {
        args.limit
    };
    let mut q = today_queue(&store, &filter, &sctx, qs)?;
    if let Some(limit) = args.limit {
        q.cards.truncate(limit);
        q.new = q.cards.len() - q.reviews.min(q.cards.len());
        q.reviews = q.reviews.min(limit);
    }
    if q.cards.is_empty() {
        let next = match store.next_due(sctx.today)? {
            Some((day, n)) => format!("next: {n} review(s) on {day}"),
            None => "nothing is scheduled yet".to_string(),
        };
        return Ok(format!(
            "Nothing to study today ({}) with these settings; {next}.\n",
            sctx.today
        ));
    }
    prompter.say(&format!(
        "{}: {} due · this session {} review(s) + {} new card(s){}. {}; grade 0-5; q quits (every grade is saved at once).",
        sctx.today,
        q.due,
        q.reviews,
        q.new,
        backlog_suffix(&q),
        session::typed::how_to_start(args.typed),
    ))?;
    if q.relearning > 0 {
        prompter.say(&format!(
            "First, {} card(s) failed earlier today and not passed since.",
            q.relearning
        ))?;
    }
    let summary = session::run(
        &store,
        prompter,
        q.cards,
        q.relearning,
        SessionKind::Drill,
        args.typed,
        &sctx,
    )?;
    let mut text = String::from("\nSession summary\n");
    text += &summary_table(&summary);
    text += &session_outlook(&store, &sctx, &summary)?;
    Ok(text)
}

/// The summary's last lines: time, grades, tomorrow, streak, next command.
pub(super) fn session_outlook(
    store: &Store,
    sctx: &StudyContext,
    summary: &Summary,
) -> Result<String> {
    let tomorrow = sctx.today.succ_opt().unwrap_or(sctx.today);
    let outlook = session::summary::Outlook {
        tomorrow: store
            .due_forecast(tomorrow, 1)?
            .first()
            .map_or(0, |d| d.due),
        streak: crate::scheduler::streak::streak(sctx.today, |day| store.studied_on(day))?,
    };
    Ok(session::summary::render(summary, &outlook))
}

pub fn grade(ctx: &Context, id: &str, grade: u8) -> Result<String> {
    let grade =
        Grade::new(grade).ok_or_else(|| Error::Invalid(format!("grade must be 0-5: {grade}")))?;
    let decks = super::load_decks(ctx)?;
    known_card(&decks, id)?;
    let store = open_store(ctx, decks)?;
    let sctx = study_context(ctx, &store)?;
    let graded = study::record(&store, id, grade, Mode::Grade, Scheduling::Moves, &sctx)?;
    let due = graded.state.due.map_or("-".to_string(), |d| d.to_string());
    let mut text = format!(
        "{id}: grade {grade} -> next review {due} (interval {} day(s), EF {})\n",
        graded.state.interval_days, graded.state.ease
    );
    if graded.became_leech {
        text += &format!(
            "{id} is now a leech ({} failures){}\n",
            graded.failures,
            if graded.suspended {
                " and was suspended"
            } else {
                ""
            }
        );
    }
    Ok(text)
}

pub fn undo(ctx: &Context) -> Result<String> {
    let decks = super::load_decks(ctx)?;
    let store = open_store(ctx, decks)?;
    Ok(match store.undo_last(ctx.today())? {
        UndoOutcome::Undone(u) => format!(
            "undid grade {} ({}) of {}; it is due {} again (review {})\n",
            u.grade,
            u.mode.as_str(),
            u.card_id,
            u.restored
                .due
                .map_or("as a new card".to_string(), |d| format!("on {d}")),
            u.review_id
        ),
        UndoOutcome::Superseded { card_id } => {
            format!("nothing undone: {card_id} was graded again since its latest review of today\n")
        }
        UndoOutcome::NotFound | UndoOutcome::AlreadyUndone => {
            format!("nothing to undo on study day {}\n", ctx.today())
        }
    })
}

pub fn suspend(ctx: &Context, id: &str, suspended: bool) -> Result<String> {
    let decks = super::load_decks(ctx)?;
    known_card(&decks, id)?;
    let store = open_store(ctx, decks)?;
    store.set_suspended(id, suspended)?;
    Ok(format!(
        "{id} {}\n",
        if suspended {
            "suspended"
        } else {
            "unsuspended"
        }
    ))
}
