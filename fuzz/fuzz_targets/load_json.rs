//! Loading arbitrary text named as a JSON file (seeded with JSON specs, so
//! the mutations stay mostly JSON): never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = taskgen::fuzzing::load("fuzz.json".as_ref(), text);
    }
});
