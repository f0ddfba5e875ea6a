//! Load, lower and emit of arbitrary text: never a panic or a hang, and
//! every Rust file emitted parses.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        taskgen_fuzz::check_generate(text);
    }
});
