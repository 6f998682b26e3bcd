//! The progress-file parser: any bytes must deserialize or fail, never panic. (Validation of
//! the values lives in the import use case, which needs a database; it is not fuzzed here.)
#![no_main]

use ecsdrill::store::Progress;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = serde_json::from_slice::<Progress>(data);
});
