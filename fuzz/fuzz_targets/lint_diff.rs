//! `taskgen lint` of arbitrary text and `taskgen diff` between two halves
//! of it: never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The halves are split at a line break so that a mutated spec and a
    // copy of it make a pair.
    let (old, new) = text.split_once("\n---8<---\n").unwrap_or((text, text));
    taskgen_fuzz::check_lint(old);
    let old = taskgen::diff::Spec::from_text("spec.yaml".as_ref(), old.to_string());
    let new = taskgen::diff::Spec::from_text("spec.yaml".as_ref(), new.to_string());
    if let (Ok(old), Ok(new)) = (old, new) {
        let diff = taskgen::diff::compare(&old, &new);
        let _ = diff.semver();
    }
});
