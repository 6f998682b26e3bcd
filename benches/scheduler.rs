//! In-process benchmarks of the pure scheduling pieces: one SM-2 step, a card's whole history,
//! and ordering today's queue out of 50,000 candidates.

use chrono::{Days, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use ecsdrill::scheduler::queue::{self, Candidate, CurriculumPos, QueueLimits};
use ecsdrill::scheduler::{CardState, Grade, sm2};
use std::hint::black_box;

const MAX: u32 = sm2::MAX_INTERVAL_DAYS;

fn day(n: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default() + Days::new(n)
}

fn sm2_steps(c: &mut Criterion) {
    let state = CardState {
        reps: 5,
        interval_days: 40,
        ease: ecsdrill::scheduler::Ease(236),
        due: Some(day(300)),
        lapses: 1,
        last_review: Some(day(260)),
    };
    c.bench_function("sm2/one grade", |b| {
        b.iter(|| sm2::review(black_box(&state), Grade::ALL[4], day(301), None, MAX))
    });
    c.bench_function("sm2/20-grade history", |b| {
        b.iter(|| {
            let mut s = CardState::default();
            for i in 0..20usize {
                let today = s.due.unwrap_or(day(0));
                s = sm2::review(&s, Grade::ALL[i % 4 + 2], today, None, MAX);
            }
            black_box(s)
        })
    });
}

fn queue_order(c: &mut Criterion) {
    // 50,000 cards in 32 topics over 5 phases: 30% new, the rest due over a year.
    let candidates: Vec<Candidate> = (0..50_000u32)
        .map(|i| Candidate {
            pos: CurriculumPos {
                phase: u8::try_from(i % 32 * 5 / 32).unwrap_or(0),
                topic: i % 32,
                card: i / 32,
            },
            due: (i % 10 >= 3).then(|| day(u64::from(i.wrapping_mul(2_654_435_761) % 730))),
        })
        .collect();
    let limits = QueueLimits {
        reviews: 200,
        new: 20,
        gate_phases: true,
    };
    c.bench_function("queue/build of 50k cards", |b| {
        b.iter(|| queue::build(black_box(&candidates), day(365), limits))
    });
}

criterion_group!(benches, sm2_steps, queue_order);
criterion_main!(benches);
