//! Loading arbitrary text named as a YAML file: never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = taskgen::fuzzing::load("fuzz.yaml".as_ref(), text);
    }
});
