//! What taskgen reads beyond valid OpenAPI 3.0, and what it reads with a
//! warning rather than refuse.
//!
//! Each spec in `tests/fixtures/lenient/` (OpenAPI 3.1, callbacks, `pattern:
//! 0`) has a hand-written OpenAPI 3.0 twin of the same file name in
//! `tests/fixtures/`, a golden fixture (so it is compiled too): both must
//! generate the same Rust. The warnings of every fixture are golden too,
//! in `tests/fixtures/warnings/` (`EXPECTORATE=overwrite cargo test -p
//! taskgen-tests --test lenient` accepts a change).

use std::path::{Path, PathBuf};

use taskgen_tests::repo_root;

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("{} is readable: {err}", dir.display()))
        .map(|e| e.expect("fixture entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    specs
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .expect("fixture has a name")
        .to_string_lossy()
        .into_owned()
}

fn generate(spec: &Path) -> (taskgen::FileSet, Vec<taskgen::SpecError>) {
    let (files, summary) = taskgen::generate_module(spec)
        .unwrap_or_else(|err| panic!("{} failed to generate:\n{err}", spec.display()));
    (files, summary.warnings)
}

#[test]
fn lenient_specs_generate_what_their_3_0_twins_do() {
    let fixtures = repo_root().join("tests/fixtures");
    let lenient = yaml_files(&fixtures.join("lenient"));
    assert!(lenient.len() >= 2, "found {lenient:?}");
    for spec in lenient {
        let twin = fixtures.join(file_name(&spec));
        let (files, warnings) = generate(&spec);
        let (twin_files, twin_warnings) = generate(&twin);
        assert!(
            files == twin_files,
            "{} does not generate what {} does",
            spec.display(),
            twin.display()
        );
        assert!(!warnings.is_empty(), "{}: no warning", spec.display());
        assert!(
            twin_warnings.is_empty(),
            "{}: {twin_warnings:?}",
            twin.display()
        );
    }
}

#[test]
fn fixture_warnings_are_located_as_expected() {
    let fixtures = repo_root().join("tests/fixtures");
    let expected = fixtures.join("warnings");
    let specs = yaml_files(&fixtures)
        .into_iter()
        .map(|spec| (String::new(), spec))
        .chain(
            yaml_files(&fixtures.join("lenient"))
                .into_iter()
                .map(|spec| ("lenient-".to_string(), spec)),
        );
    for (prefix, spec) in specs {
        let (_, warnings) = generate(&spec);
        let file = expected.join(format!("{prefix}{}", file_name(&spec)).replace(".yaml", ".txt"));
        if warnings.is_empty() && !file.exists() {
            continue;
        }
        let rendered: String = warnings
            .iter()
            .map(|w| {
                let (line, column) = w.position.expect("every warning is located");
                format!("{line}:{column} {}: {}\n", w.pointer, w.message)
            })
            .collect();
        expectorate::assert_contents(&file, &rendered);
    }
}
