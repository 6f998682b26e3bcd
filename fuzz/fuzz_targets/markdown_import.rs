//! The Markdown importer: any notes must give cards whose rendered deck parses back, or a
//! rendering refusal, never a panic. (Notes without cards are not rendered, as in `import`.)
#![no_main]

use ecsdrill::deck::Topic;
use ecsdrill::deck::import::{parse_notes, render_deck};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let notes = parse_notes(&text);
    if notes.cards.is_empty() {
        return;
    }
    let topic = Topic {
        phase: 1,
        order: 1,
        slug: "fuzz".into(),
        title: "Fuzz".into(),
        source: "Phase-1/01_Fuzz.md".into(),
    };
    if let Ok(deck) = render_deck(&topic, &notes.cards) {
        ecsdrill::deck::schema::parse("fuzz.toml", &deck).expect("a rendered deck parses back");
    }
});
