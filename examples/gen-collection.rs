//! Builds a large collection for benchmarks: 32 user deck files and a review history of about
//! three years, written through ecsdrill's own deck loader and store.
//!
//! ```text
//! cargo run --release --example gen-collection -- --cards 50000 --reviews 1000000 --db big.db
//! ```
//!
//! writes `big.db.decks/` (32 `*.toml` decks with 50,000 cards), `big.db` (those decks synced,
//! with 1,000,000 reviews imported through `Store::import_progress`) and `big.db.progress.json`
//! (the same history as an `import-progress` file). Run ecsdrill on it with
//! `--db big.db --no-builtin --decks big.db.decks` and `ECSDRILL_NOW` on `--today` (the history
//! ends the day before).
//!
//! The history is a simulated learner, deterministic for a seed: they study on most days
//! (every one of the last 60), introduce new cards in curriculum order until about 95% are
//! seen, answer every due card with grades that depend on the card's difficulty and on how
//! overdue it is, see a card graded below 4 again in the same session (`repeat` rows), and
//! the schedule moves by the project's SM-2. When that makes more reviews than asked, they see
//! fewer of the cards; when fewer, quiz rows (cramming that does not move the schedule),
//! spread over the study days, make up the rest.

use chrono::{Days, NaiveDate};
use clap::Parser;
use ecsdrill::deck::{self, DeckSet, DeckSources};
use ecsdrill::scheduler::{CardState, Grade, sm2};
use ecsdrill::store::{
    CardProgress, Mode, PROGRESS_FORMAT, PROGRESS_VERSION, Progress, ReviewRecord, Store,
};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Parser)]
struct Args {
    /// User cards to write, spread over 32 decks
    #[arg(long)]
    cards: usize,
    /// Review-log rows to write
    #[arg(long)]
    reviews: usize,
    /// Database to create (must not exist)
    #[arg(long)]
    db: PathBuf,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The history ends the day before this study day
    #[arg(long, default_value = "2026-11-26")]
    today: NaiveDate,
    /// Days of history
    #[arg(long, default_value_t = 1095)]
    days: u64,
    /// Write the decks and the progress file only, not the database (the benchmark imports
    /// the file with the build it measures)
    #[arg(long)]
    file_only: bool,
}

const DECKS: usize = 32;
const WORDS: [&str; 24] = [
    "task",
    "service",
    "cluster",
    "image",
    "layer",
    "registry",
    "role",
    "subnet",
    "target",
    "listener",
    "capacity",
    "provider",
    "secret",
    "parameter",
    "log",
    "metric",
    "alarm",
    "scan",
    "policy",
    "lifecycle",
    "manifest",
    "digest",
    "deployment",
    "rollback",
];

fn words(rng: &mut StdRng, n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        s += WORDS[rng.random_range(0..WORDS.len())];
    }
    s
}

/// Writes the 32 deck files; deck `i` holds every 32nd card.
fn write_decks(dir: &Path, cards: usize, rng: &mut StdRng) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let kinds = ["qa", "gotcha", "scenario"];
    let levels = ["fundamentals", "intermediate", "advanced"];
    for d in 0..DECKS {
        let (phase, order) = (d * 5 / DECKS, d % 7 + 1);
        let mut text = format!(
            "[topic]\nphase = {phase}\norder = {order}\nslug = \"notes-{d:02}\"\n\
             title = \"My notes {d:02}: {}\"\nsource = \"my-notes/{d:02}.md\"\n",
            words(rng, 3)
        );
        for c in (d..cards).step_by(DECKS) {
            text += &format!(
                "\n[[card]]\nid = \"c{c:06}\"\nkind = \"{}\"\nlevel = \"{}\"\n\
                 q = \"What does the {} do when the {}?\"\na = \"\"\"{}.\"\"\"\n\
                 tags = [\"notes\", \"t{}\"]\n",
                kinds[c % 3],
                levels[c / 3 % 3],
                words(rng, 2),
                words(rng, 5),
                words(rng, 28),
                c % 20,
            );
            if c % 4 == 0 {
                text += &format!("more = \"\"\"{}.\"\"\"\n", words(rng, 20));
            }
        }
        std::fs::write(dir.join(format!("{d:02}-notes.toml")), text)?;
    }
    Ok(())
}

/// One card of the simulation: its schedule, how hard the learner finds it (0 easy, 1 hard)
/// and its failures (scheduled grades below 3).
struct SimCard {
    state: CardState,
    difficulty: f64,
    failures: u32,
}

fn to_grade(g: u8) -> std::io::Result<Grade> {
    Grade::new(g).ok_or_else(|| std::io::Error::other(format!("grade {g}")))
}

fn grade_for(rng: &mut StdRng, card: &SimCard, day: NaiveDate) -> u8 {
    let overdue = card.state.due.map_or(0.0, |due| {
        let late = (day - due).num_days().max(0) as f64;
        (late / f64::from(card.state.interval_days.max(1))).min(1.0)
    });
    let new = if card.state.is_new() { 0.12 } else { 0.0 };
    let p_fail = 0.03 + 0.22 * card.difficulty + 0.12 * overdue + new;
    if rng.random_bool(p_fail.min(0.9)) {
        [0, 1, 1, 2, 2, 2][rng.random_range(0..6)]
    } else if rng.random_bool(0.15 + 0.3 * card.difficulty) {
        3
    } else if rng.random_bool(0.7) {
        4
    } else {
        5
    }
}

/// The whole part of a small non-negative amount (the new-card credit of a day).
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn whole(x: f64) -> usize {
    x.max(0.0).floor() as usize
}

fn emit(
    rows: &mut usize,
    sink: &mut dyn FnMut(GenRow) -> std::io::Result<()>,
    row: GenRow,
) -> std::io::Result<()> {
    *rows += 1;
    sink(row)
}

/// The simulated learner. `quiz_total` extra unscheduled rows are spread over the study days;
/// the run stops after `limit` rows. Returns the rows written and the final card states.
fn simulate(
    args: &Args,
    n_cards: usize,
    seen_share: f64,
    quiz_total: usize,
    limit: usize,
    sink: &mut dyn FnMut(GenRow) -> std::io::Result<()>,
) -> std::io::Result<(usize, Vec<SimCard>)> {
    let mut rng = StdRng::seed_from_u64(args.seed);
    // Quiz rows draw from their own stream, so adding them leaves the rest of the history as
    // the dry run counted it.
    let mut quiz_rng = StdRng::seed_from_u64(!args.seed);
    let mut cards: Vec<SimCard> = (0..n_cards)
        .map(|_| SimCard {
            state: CardState::default(),
            difficulty: rng.random::<f64>().powi(2),
            failures: 0,
        })
        .collect();
    let start = args.today - Days::new(args.days);
    let new_per_day = seen_share * n_cards as f64 / (args.days as f64 * 0.88);
    let (mut introduced, mut credit, mut rows) = (0usize, 0.0f64, 0usize);
    let study_days = (0..args.days)
        .filter(|&i| i + 60 >= args.days || rng.random_bool(0.88))
        .collect::<Vec<_>>();
    let per_day = quiz_total / study_days.len().max(1);
    let extra = quiz_total % study_days.len().max(1);
    for (k, &i) in study_days.iter().enumerate() {
        let day = start + Days::new(i);
        let mut second = 0u32;
        let mut due: Vec<usize> = (0..introduced)
            .filter(|&c| cards[c].state.due.is_some_and(|d| d <= day))
            .collect();
        due.sort_by_key(|&c| (cards[c].state.due, c));
        credit += new_per_day;
        let fresh = whole(credit).min(n_cards - introduced);
        credit -= fresh as f64;
        due.extend(introduced..introduced + fresh);
        introduced += fresh;
        let quiz = per_day + usize::from(k < extra);
        for c in due {
            if rows >= limit {
                break;
            }
            let grade = grade_for(&mut rng, &cards[c], day);
            let old = cards[c].state.clone();
            let new = sm2::review(&old, to_grade(grade)?, day, None, sm2::MAX_INTERVAL_DAYS);
            second += 1 + rng.random_range(0..6);
            emit(
                &mut rows,
                sink,
                GenRow::new(c, day, second, grade, RowMode::Drill, &old, &new),
            )?;
            cards[c].state = new;
            cards[c].failures += u32::from(grade < 3);
            // The drill shows a card graded below 4 again until it is recalled (at most 3).
            let mut last = grade;
            for _ in 0..3 {
                if last >= 4 || rows >= limit {
                    break;
                }
                last = if rng.random_bool(0.7) { 4 } else { 3 };
                second += 1 + rng.random_range(0..6);
                let s = &cards[c].state;
                emit(
                    &mut rows,
                    sink,
                    GenRow::new(c, day, second, last, RowMode::Repeat, s, s),
                )?;
            }
        }
        for _ in 0..quiz.min(limit - rows) {
            let c = quiz_rng.random_range(0..introduced.max(1)).min(n_cards - 1);
            let grade = grade_for(&mut quiz_rng, &cards[c], day);
            second += 1 + quiz_rng.random_range(0..6);
            let s = &cards[c].state;
            emit(
                &mut rows,
                sink,
                GenRow::new(c, day, second, grade, RowMode::Quiz, s, s),
            )?;
        }
        if rows >= limit {
            break;
        }
    }
    Ok((rows, cards))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    if args.db.exists() {
        return Err(format!("{} exists; remove it first", args.db.display()).into());
    }
    let t0 = Instant::now();
    let mut rng = StdRng::seed_from_u64(args.seed ^ 0x5eed);
    let decks_dir = PathBuf::from(format!("{}.decks", args.db.display()));
    write_decks(&decks_dir, args.cards, &mut rng)?;
    let set = deck::load(&DeckSources {
        builtin: false,
        paths: vec![decks_dir.clone()],
    })?;
    let store = match args.file_only {
        true => None,
        false => {
            let mut store = Store::open(&args.db)?;
            store.sync(&set)?;
            Some(store)
        }
    };
    let cards = card_keys(&set);
    eprintln!("decks: {} cards in {:.1?}", cards.len(), t0.elapsed());

    // Dry runs count what the learner does by itself; with too many reviews they see fewer of
    // the cards (reviews grow about linearly with them), with too few quiz rows make up the rest.
    let mut share = 0.95;
    let mut natural = 0;
    for _ in 0..6 {
        natural = simulate(&args, cards.len(), share, 0, usize::MAX, &mut |_| Ok(()))?.0;
        if natural <= args.reviews {
            break;
        }
        share *= 0.98 * args.reviews as f64 / natural as f64;
    }
    let quiz = args.reviews.saturating_sub(natural);
    let json_path = PathBuf::from(format!("{}.progress.json", args.db.display()));
    let mut out = ReviewSink::new(
        store.as_ref(),
        &cards,
        BufWriter::new(File::create(&json_path)?),
        args.today,
        args.seed,
    )?;
    let (_, sim) = simulate(&args, cards.len(), share, quiz, args.reviews, &mut |row| {
        out.push(&row)
    })?;
    let written = out.finish(&sim)?;
    eprintln!(
        "history: {written} reviews ({natural} from the schedule, {quiz} quiz) over {} days \
         to {}, {:.0}% of the cards seen, in {:.1?}; wrote {}, {} and {}",
        args.days,
        args.today.pred_opt().unwrap_or(args.today),
        share * 100.0,
        t0.elapsed(),
        args.db.display(),
        decks_dir.display(),
        json_path.display()
    );
    Ok(())
}

/// What the history needs to know of each loaded card, in curriculum order.
struct CardKey {
    id: String,
    phase: u8,
    topic: String,
    kind: &'static str,
}

fn card_keys(set: &DeckSet) -> Vec<CardKey> {
    set.decks
        .iter()
        .flat_map(|d| {
            d.cards.iter().map(move |c| CardKey {
                id: format!("{}/{}", d.topic.slug, c.id),
                phase: d.topic.phase,
                topic: d.topic.slug.clone(),
                kind: c.kind.as_str(),
            })
        })
        .collect()
}

#[derive(Clone, Copy)]
enum RowMode {
    Drill,
    Repeat,
    Quiz,
}

/// One simulated grade: card index, day, seconds after the session start, and the schedule
/// before and after.
struct GenRow {
    card: usize,
    day: NaiveDate,
    second: u32,
    grade: u8,
    mode: RowMode,
    old: CardState,
    new: CardState,
}

impl GenRow {
    fn new(
        card: usize,
        day: NaiveDate,
        second: u32,
        grade: u8,
        mode: RowMode,
        old: &CardState,
        new: &CardState,
    ) -> GenRow {
        GenRow {
            card,
            day,
            second,
            grade,
            mode,
            old: old.clone(),
            new: new.clone(),
        }
    }
}

/// The RFC 3339 instant and Unix milliseconds of a grade: sessions start at 19:00 UTC, well
/// after the 04:00 day rollover.
fn instant(day: NaiveDate, second: u32) -> (String, u64) {
    let t =
        day.and_hms_opt(19, 0, 0).unwrap_or_default() + chrono::Duration::seconds(second.into());
    let millis = u64::try_from(t.and_utc().timestamp_millis()).unwrap_or(0);
    (format!("{}Z", t.format("%Y-%m-%dT%H:%M:%S")), millis)
}

/// Review rows a chunk holds before it goes to the store.
const CHUNK: usize = 100_000;

/// Takes the simulated rows: writes each to the progress file as it comes and hands the store
/// (unless `--file-only`) a chunk at a time, so the whole history is never in memory.
struct ReviewSink<'a> {
    store: Option<&'a Store>,
    cards: &'a [CardKey],
    file: BufWriter<File>,
    today: NaiveDate,
    chunk: Vec<ReviewRecord>,
    written: usize,
    /// The random bits of the review ids.
    rng: StdRng,
}

impl<'a> ReviewSink<'a> {
    fn new(
        store: Option<&'a Store>,
        cards: &'a [CardKey],
        mut file: BufWriter<File>,
        today: NaiveDate,
        seed: u64,
    ) -> std::io::Result<ReviewSink<'a>> {
        // serde reads an object's fields in any order, so the reviews can stream first.
        write!(
            file,
            "{{\"format\":\"{PROGRESS_FORMAT}\",\"version\":{PROGRESS_VERSION},\
             \"exported_at\":\"{}\",\"interview_date\":null,\"reviews\":[",
            instant(today, 0).0
        )?;
        Ok(ReviewSink {
            store,
            cards,
            file,
            today,
            chunk: Vec::with_capacity(CHUNK),
            written: 0,
            rng: StdRng::seed_from_u64(seed),
        })
    }

    fn push(&mut self, row: &GenRow) -> std::io::Result<()> {
        let key = &self.cards[row.card];
        let (mode, scheduled) = match row.mode {
            RowMode::Drill => (Mode::Drill, true),
            RowMode::Repeat => (Mode::Repeat, false),
            RowMode::Quiz => (Mode::Quiz, false),
        };
        let (reviewed_at, millis) = instant(row.day, row.second);
        // A UUIDv7 like the ones `Store::grade` gives, its random bits from the seeded stream.
        let id = uuid::Builder::from_unix_timestamp_millis(millis, &self.rng.random())
            .into_uuid()
            .to_string();
        let r = ReviewRecord {
            id: Some(id),
            reviewed_at,
            study_day: row.day,
            card_id: key.id.clone(),
            phase: key.phase,
            topic: key.topic.clone(),
            kind: key.kind.to_string(),
            grade: row.grade,
            mode,
            scheduled,
            placed_due: None,
            old_reps: row.old.reps,
            old_interval: row.old.interval_days,
            old_ease: row.old.ease.0,
            old_due: row.old.due,
            old_lapses: row.old.lapses,
            old_last_review: row.old.last_review,
            old_suspended: false,
            new_reps: row.new.reps,
            new_interval: row.new.interval_days,
            new_ease: row.new.ease.0,
            new_due: row.new.due,
            new_lapses: row.new.lapses,
            undone: false,
        };
        if self.written > 0 {
            self.file.write_all(b",")?;
        }
        serde_json::to_writer(&mut self.file, &r)?;
        self.written += 1;
        self.chunk.push(r);
        if self.chunk.len() == CHUNK {
            self.flush(Vec::new())?;
        }
        Ok(())
    }

    fn flush(&mut self, cards: Vec<CardProgress>) -> std::io::Result<()> {
        let progress = Progress {
            format: PROGRESS_FORMAT.to_string(),
            version: PROGRESS_VERSION,
            exported_at: instant(self.today, 0).0,
            interview_date: None,
            cards,
            reviews: std::mem::take(&mut self.chunk),
        };
        if let Some(store) = self.store {
            store
                .import_progress(&progress)
                .map_err(|e| std::io::Error::other(e.to_string()))?;
        }
        Ok(())
    }

    /// Writes the final schedules (file and store) and closes the file.
    fn finish(mut self, sim: &[SimCard]) -> std::io::Result<usize> {
        let cards: Vec<CardProgress> = sim
            .iter()
            .zip(self.cards)
            .filter(|(c, _)| !c.state.is_new())
            .map(|(c, key)| CardProgress {
                id: key.id.clone(),
                reps: c.state.reps,
                interval_days: c.state.interval_days,
                ease: c.state.ease.0,
                due: c.state.due,
                lapses: c.state.lapses,
                last_review: c.state.last_review,
                suspended: false,
                failures: c.failures,
            })
            .collect();
        self.file.write_all(b"],\"cards\":")?;
        serde_json::to_writer(&mut self.file, &cards)?;
        self.file.write_all(b"}\n")?;
        self.file.flush()?;
        self.flush(cards)?;
        Ok(self.written)
    }
}
