//! In-process benchmarks of deck loading: parsing one large deck file, loading a folder of 32
//! of them (50,000 cards), and syncing them into a new and into an unchanged database.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use ecsdrill::deck::{self, DeckSources, schema};
use ecsdrill::store::Store;
use std::hint::black_box;
use std::path::Path;

/// A deck file of `cards` cards, shaped like the ones `examples/gen-collection.rs` writes.
fn deck_text(n: usize, cards: usize) -> String {
    let mut s = format!(
        "[topic]\nphase = {}\norder = {}\nslug = \"notes-{n:02}\"\ntitle = \"Notes {n}\"\n\
         source = \"notes/{n:02}.md\"\n",
        n * 5 / 32,
        n % 7 + 1
    );
    for c in 0..cards {
        s += &format!(
            "\n[[card]]\nid = \"c{c:06}\"\nkind = \"qa\"\nlevel = \"intermediate\"\n\
             q = \"What does the task role do when the service scales out, card {c}?\"\n\
             a = \"\"\"The agent assumes the role for the task; the execution role pulls the \
             image and writes the logs, while the task role is what the code calls AWS \
             with, so keep the two apart and scope each to what it needs.\"\"\"\n\
             tags = [\"notes\", \"t{}\"]\n",
            c % 20
        );
    }
    s
}

fn write_folder(dir: &Path) {
    for n in 0..32 {
        std::fs::write(dir.join(format!("{n:02}.toml")), deck_text(n, 1563)).unwrap();
    }
}

fn parse(c: &mut Criterion) {
    let text = deck_text(0, 1563);
    c.bench_function("deck/parse one file of 1,563 cards", |b| {
        b.iter(|| schema::parse("bench.toml", black_box(&text)).map(|d| d.cards.len()))
    });
    let builtin = DeckSources {
        builtin: true,
        paths: vec![],
    };
    c.bench_function("deck/load the built-in decks", |b| {
        b.iter(|| deck::load(&builtin).map(|s| s.decks.len()))
    });
}

fn load_and_sync(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    write_folder(dir.path());
    let sources = DeckSources {
        builtin: false,
        paths: vec![dir.path().to_path_buf()],
    };
    let mut g = c.benchmark_group("deck/50k cards in 32 files");
    g.sample_size(10);
    g.bench_function("load", |b| {
        b.iter(|| deck::load(&sources).map(|s| s.decks.len()))
    });
    let set = deck::load(&sources).unwrap();
    g.bench_function("first sync", |b| {
        b.iter_batched(
            || tempfile::tempdir().unwrap(),
            |db| {
                Store::open(&db.path().join("db"))
                    .unwrap()
                    .sync(&set)
                    .unwrap()
            },
            BatchSize::PerIteration,
        )
    });
    let db = dir.path().join("db");
    Store::open(&db).unwrap().sync(&set).unwrap();
    g.bench_function("unchanged sync", |b| {
        b.iter(|| Store::open(&db).unwrap().sync(&set).unwrap())
    });
    g.finish();
}

criterion_group!(benches, parse, load_and_sync);
criterion_main!(benches);
