//! What the fuzz targets share: the checks run on each input, and the small
//! OpenAPI model the structure-aware target draws specs from.

pub mod model;

use std::path::PathBuf;

/// Generates a module from `text`; when that succeeds, every Rust file it
/// emitted must parse (a file that does not would not compile either).
pub fn check_generate(text: &str) {
    let Ok(files) = taskgen::fuzzing::generate_module("fuzz.yaml".as_ref(), text) else {
        return;
    };
    for (path, contents) in files.iter() {
        if path.extension().is_some_and(|ext| ext == "rs") {
            if let Err(err) = syn::parse_file(&contents) {
                panic!("{} does not parse: {err}\n{contents}", path.display());
            }
        }
    }
}

/// Lints `text` from a file of this process's own (the lint API reads files).
pub fn check_lint(text: &str) {
    let path = lint_file();
    if std::fs::write(&path, text).is_ok() {
        let _ = taskgen::lint::lint_file(&path, &taskgen::lint::Config::default());
    }
}

fn lint_file() -> PathBuf {
    std::env::temp_dir().join(format!("taskgen-fuzz-lint-{}.yaml", std::process::id()))
}
