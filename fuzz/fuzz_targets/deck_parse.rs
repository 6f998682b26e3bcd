//! The deck loader: any bytes as a deck file must give a deck or located problems, never a
//! panic. Non-UTF-8 input is decoded lossily, as the loader reports it and moves on.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(problems) = ecsdrill::deck::schema::parse("fuzz.toml", &text) {
        assert!(!problems.is_empty());
    }
});
