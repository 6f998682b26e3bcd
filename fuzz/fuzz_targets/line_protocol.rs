//! The line protocol: any input bytes drive the prompter to an answer or the end of input,
//! never a panic or an I/O error (invalid UTF-8 is a line like any other).
#![no_main]

use ecsdrill::scheduler::Grade;
use ecsdrill::session::prompt::{LinePrompter, parse_answer};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = parse_answer(&String::from_utf8_lossy(data));
    let mut out = Vec::new();
    let mut p = LinePrompter::new(data, &mut out);
    for _ in 0..64 {
        p.reveal().expect("reading from memory cannot fail");
        p.answer(None).expect("reading from memory cannot fail");
        p.typed_answer().expect("reading from memory cannot fail");
        p.answer(Grade::new(3)).expect("reading from memory cannot fail");
    }
});
