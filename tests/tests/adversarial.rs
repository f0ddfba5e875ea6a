//! Adversarial specs, one per class of input that once gave a crate that
//! does not compile, a wrong refusal or a silent mistake (issue 12).
//!
//! - `tests/fixtures/adversarial/*.{yaml,json}` must generate: all of them
//!   go into one crate, which must pass `cargo clippy` with its examples
//!   without a warning (clippy, not check: lints such as
//!   `should_implement_trait` fire only on a crate's public items), and
//!   each spec's warnings must be those in `expected/<file>.warnings`.
//! - `tests/fixtures/adversarial/refused/*` must be refused, with the
//!   located message in `expected/refused/<file>.error`.
//! - `tests/fixtures/adversarial/example_clash/` holds two specs that are
//!   fine alone and refused together.
//!
//! `EXPECTORATE=overwrite cargo test -p taskgen-tests --test adversarial`
//! writes the expected files for you to read.

use std::path::{Path, PathBuf};
use std::process::Command;

use taskgen_tests::repo_root;

fn folder() -> PathBuf {
    repo_root().join("tests/fixtures/adversarial")
}

/// The spec files directly in `dir`, sorted.
fn specs_in(dir: &Path) -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|entry| entry.expect("folder entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    specs.sort();
    specs
}

/// A message as the CLI prints it, with paths relative to the repository.
fn relative(text: &str) -> String {
    text.replace(&format!("{}/", repo_root().display()), "")
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .expect("a spec has a name")
        .to_string_lossy()
        .into_owned()
}

/// Every accepted spec's warnings, then the crate of all of them compiled.
#[test]
fn accepted_specs_generate_a_crate_that_compiles() {
    let specs = specs_in(&folder());
    assert!(specs.len() >= 5, "found only {specs:?}");
    let dir = tempfile::tempdir().expect("temporary folder");
    let config = taskgen::Config {
        crate_name: "adversarial-api".into(),
        runtime_path: repo_root().join("runtime").display().to_string(),
        ..taskgen::Config::default()
    };
    let generated = taskgen::generate(&specs, &config)
        .unwrap_or_else(|err| panic!("the adversarial specs must generate:\n{err}"));
    for (spec, summary) in specs.iter().zip(&generated.summaries) {
        let warnings: String = summary
            .warnings
            .iter()
            .map(|w| format!("warning: {}\n", relative(&w.to_string())))
            .collect();
        let expected = folder()
            .join("expected")
            .join(format!("{}.warnings", file_name(spec)));
        expectorate::assert_contents(expected, &warnings);
    }
    let crate_dir = dir.path().join("api");
    taskgen::write::write(&crate_dir, &generated.files).expect("crate written");
    // Not a member of this workspace; the same locked versions.
    let manifest = crate_dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("manifest readable");
    std::fs::write(&manifest, format!("{text}\n[workspace]\n")).expect("manifest written");
    std::fs::copy(repo_root().join("Cargo.lock"), crate_dir.join("Cargo.lock"))
        .expect("lock copied");
    let output = Command::new(env!("CARGO"))
        .args([
            "clippy",
            "--offline",
            "--all-targets",
            "--message-format=short",
        ])
        .arg("--manifest-path")
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", target_dir())
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("warning")).collect();
    assert!(warnings.is_empty(), "{}", warnings.join("\n"));
}

/// Each refused spec fails with its located message.
#[test]
fn refused_specs_fail_with_a_located_message() {
    let refused = folder().join("refused");
    let specs = specs_in(&refused);
    assert!(!specs.is_empty(), "no refused specs");
    for spec in specs {
        let err = match taskgen::generate_module(&spec) {
            Ok(_) => panic!("{} was accepted", spec.display()),
            Err(err) => relative(&err.to_string()),
        };
        let expected = folder()
            .join("expected/refused")
            .join(format!("{}.error", file_name(&spec)));
        expectorate::assert_contents(expected, &format!("{err}\n"));
    }
}

/// Two specs whose example programs would have one file name are refused
/// together, though each generates alone (an example named `type`
/// included: it names a file, not an identifier).
#[test]
fn example_programs_of_two_specs_never_share_a_file() {
    let specs = specs_in(&folder().join("example_clash"));
    for spec in &specs {
        taskgen::generate_module(spec)
            .unwrap_or_else(|err| panic!("{} alone must generate:\n{err}", spec.display()));
    }
    let err = match taskgen::generate(&specs, &taskgen::Config::default()) {
        Ok(_) => panic!("both examples were written to one file"),
        Err(err) => relative(&err.to_string()),
    };
    let expected = folder().join("expected/example_clash.error");
    expectorate::assert_contents(expected, &format!("{err}\n"));
}

/// The workspace's target folder (`CARGO_TARGET_TMPDIR` is `<target>/tmp`).
fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the temporary folder is inside the target folder")
        .to_path_buf()
}
