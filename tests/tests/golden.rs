//! Golden output: `generated/` is exactly what the specs produce, and each
//! fixture under `tests/fixtures/` produces its checked-in expected module.
//!
//! To accept a change in fixture output: `EXPECTORATE=overwrite cargo test
//! -p taskgen-tests --test golden`. To update `generated/`: `cargo run -p
//! taskgen -- generate`.

use std::path::{Path, PathBuf};

use taskgen_tests::repo_root;

fn fixtures() -> Vec<PathBuf> {
    let dir = repo_root().join("tests/fixtures");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures is readable")
        .map(|e| e.expect("fixture entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    specs
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .expect("fixture has a name")
        .to_string_lossy()
        .into_owned()
}

#[test]
fn generated_crate_matches_the_specs() {
    let specs = taskgen::find_specs(&[repo_root().join("specs")]).expect("specs/ is listable");
    let out = repo_root().join("generated");
    // As `generate` does: carrying the version, changelog and snapshots on.
    let date = taskgen::diff::history::today();
    let generated = taskgen::diff::history::generate(&specs, &Default::default(), &out, &date)
        .unwrap_or_else(|err| panic!("generation failed:\n{err}"))
        .generated;
    if let Some(diff) =
        taskgen::write::diff(&out, &generated.files).expect("generated/ is readable")
    {
        panic!("generated/ is out of date; run `cargo run -p taskgen -- generate`:\n{diff}");
    }
}

#[test]
fn fixtures_match_their_expected_output() {
    let fixtures = fixtures();
    assert!(
        fixtures.len() >= 15,
        "expected at least 15 fixtures, found {}",
        fixtures.len()
    );
    for spec in &fixtures {
        let (files, _) = taskgen::generate_module(spec)
            .unwrap_or_else(|err| panic!("{} failed to generate:\n{err}", spec.display()));
        let expected_dir = repo_root().join("tests/fixtures/expected").join(stem(spec));
        // expectorate writes files but not folders, so a new fixture's
        // folder must exist for `EXPECTORATE=overwrite` to fill it.
        std::fs::create_dir_all(&expected_dir).expect("expected/ folder can be created");
        for (path, contents) in files.iter() {
            expectorate::assert_contents(expected_dir.join(path), &contents);
        }
    }
}

/// Every fixture's expected module is compiled by `fixtures_compile.rs`.
#[test]
fn every_fixture_is_compiled() {
    let harness = std::fs::read_to_string(repo_root().join("tests/tests/fixtures_compile.rs"))
        .expect("fixtures_compile.rs is readable");
    for spec in fixtures() {
        let line = format!("#[path = \"../fixtures/expected/{}/mod.rs\"]", stem(&spec));
        assert!(
            harness.contains(&line),
            "fixtures_compile.rs does not include {}",
            stem(&spec)
        );
    }
}

#[test]
fn generation_is_deterministic() {
    let specs = taskgen::find_specs(&[
        repo_root().join("specs"),
        repo_root().join("tests/fixtures"),
    ])
    .expect("spec folders are listable");
    let config = taskgen::Config::default();
    let first = taskgen::generate(&specs, &config).expect("specs generate");
    let second = taskgen::generate(&specs, &config).expect("specs generate");
    assert!(
        first.files == second.files,
        "two runs produced different output"
    );
}
