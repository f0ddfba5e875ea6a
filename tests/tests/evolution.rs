//! Additive API changes do not break Rust code (the README's compatibility
//! promise). `tests/fixtures/evolution/user.rs` is a user's code written
//! against the crate generated from `base.yaml`: it builds requests, fakes
//! a response, reads fields and matches an open enum. It must still compile
//! against the crate generated from `additive.yaml` (a new optional query
//! parameter, new optional and required response fields, a new operation,
//! a new open-enum value), and must not against `removed.yaml`'s (a
//! response field removed), which shows the check can fail. And
//! `forbidden.rs`, code an additive change would break (a struct literal, a
//! pattern without `..`, a match without a wildcard arm), must not compile
//! even against `base.yaml`'s crate: that is what makes the promise hold.
//!
//! Each case generates the crate and a user crate depending on it into a
//! temporary folder and runs `cargo check` on them, with the workspace's
//! lock file (same dependency versions) and target folder (built once, then
//! shared by every case and run).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use taskgen_tests::repo_root;

fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures/evolution").join(name)
}

/// Generates the crate `evolution-api` from `spec` (as module `jobs`),
/// puts the user's code `code` in a crate beside it, and `cargo check`s
/// that.
fn check(code: &str, spec: &str) -> Output {
    let dir = tempfile::tempdir().expect("temporary folder");
    // The module is named after the spec's file: one name for every case.
    let spec_path = dir.path().join("jobs.yaml");
    std::fs::copy(fixture(spec), &spec_path).expect("spec copied");
    let config = taskgen::Config {
        crate_name: "evolution-api".into(),
        runtime_path: repo_root().join("runtime").display().to_string(),
        ..Default::default()
    };
    let generated = taskgen::generate(&[spec_path], &config)
        .unwrap_or_else(|err| panic!("{spec} failed to generate:\n{err}"));
    taskgen::write::write(&dir.path().join("api"), &generated.files).expect("crate written");
    let user = dir.path().join("user");
    write(
        &user.join("Cargo.toml"),
        "[package]\nname = \"evolution-user\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\napi = { package = \"evolution-api\", path = \"../api\" }\n\n[workspace]\n",
    );
    std::fs::copy(repo_root().join("Cargo.lock"), user.join("Cargo.lock")).expect("lock copied");
    let code = std::fs::read_to_string(fixture(code)).expect("user code is readable");
    write(&user.join("src/lib.rs"), &code);
    Command::new(env!("CARGO"))
        .args([
            "check",
            "--offline",
            "--message-format=short",
            "--manifest-path",
        ])
        .arg(user.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target_dir())
        .output()
        .expect("cargo runs")
}

/// The workspace's target folder (`CARGO_TARGET_TMPDIR` is `<target>/tmp`).
fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the temporary folder is inside the target folder")
        .to_path_buf()
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a file has a folder")).expect("folder made");
    std::fs::write(path, text).expect("file written");
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn user_code_compiles_against_the_base_crate() {
    let output = check("user.rs", "base.yaml");
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn user_code_still_compiles_after_additive_changes() {
    let output = check("user.rs", "additive.yaml");
    assert!(output.status.success(), "{}", stderr(&output));
}

/// The negative control: a removed response field breaks the user's code,
/// so the two tests above would notice a breaking change.
#[test]
fn user_code_breaks_when_a_response_field_is_removed() {
    let output = check("user.rs", "removed.yaml");
    let stderr = stderr(&output);
    assert!(!output.status.success(), "removing `name` went unnoticed");
    assert!(
        stderr.contains("no method named `name`") && stderr.contains("no field `name`"),
        "{stderr}"
    );
}

/// The generated types refuse today what an additive change would break.
#[test]
fn code_that_additive_changes_would_break_does_not_compile() {
    let output = check("forbidden.rs", "base.yaml");
    let stderr = stderr(&output);
    assert!(!output.status.success(), "forbidden.rs compiled");
    for (line, code) in [(9, "E0639"), (18, "E0638"), (24, "E0004")] {
        let (at, error) = (format!("src/lib.rs:{line}:"), format!("error[{code}]"));
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with(&at) && l.contains(&error)),
            "expected {error} at line {line}:\n{stderr}"
        );
    }
}
