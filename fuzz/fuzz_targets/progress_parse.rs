//! The progress-file reader: any bytes must deserialize or fail, and whatever deserializes must
//! be judged by the field validation (`store::progress_problem`) without panicking. The merge
//! itself needs a database and is covered by the integration tests.
#![no_main]

use ecsdrill::store::{Progress, progress_problem};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(progress) = serde_json::from_slice::<Progress>(data) {
        let _ = progress_problem(&progress);
    }
});
