//! `taskgen lint` never panics on broken input: small random edits of a
//! valid spec.

use std::path::Path;

use taskgen::lint::{lint_file, Config};

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

#[test]
fn never_panics_on_mangled_specs() {
    let base = std::fs::read_to_string(repo().join("tests/fixtures/lint/clean.yaml")).unwrap();
    let pieces = [
        "",
        ":",
        "- ",
        "{",
        "]",
        "'",
        "$ref: x",
        "$ref: '#/'",
        "\n  ",
        ".inf",
        "&a ",
        "*a",
        "? ",
        "~",
        "\t",
        "enum: [",
        "x-taskgen-lint: 1",
        "type: ",
        "pattern: '('",
        "-1e400",
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spec.yaml");
    // A deterministic walk over small edits.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..400 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut text: Vec<char> = base.chars().collect();
        let at = (seed % text.len() as u64) as usize;
        let cut = ((seed >> 20) % 6) as usize;
        let piece = pieces[((seed >> 32) % pieces.len() as u64) as usize];
        text.splice(at..(at + cut).min(text.len()), piece.chars());
        std::fs::write(&path, text.into_iter().collect::<String>()).unwrap();
        let _ = lint_file(&path, &Config::default());
    }
}
