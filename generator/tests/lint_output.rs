//! The three output formats of `taskgen lint` (golden files under
//! `tests/fixtures/lint/formats/`), the SARIF output checked against the
//! official SARIF 2.1.0 schema, and the command's exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use taskgen::lint::{lint_file, output, Config, Diagnostic};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

const MIXED: &str = "tests/fixtures/lint/formats/mixed.yaml";

/// The mixed fixture's diagnostics, named by their path in the repository
/// so the goldens do not depend on where it is checked out.
fn mixed() -> Vec<Diagnostic> {
    let mut diagnostics = lint_file(&repo().join(MIXED), &Config::default()).unwrap();
    for d in &mut diagnostics {
        d.file = PathBuf::from(MIXED);
    }
    diagnostics
}

#[test]
fn human_output_is_like_rustc() {
    let diagnostics = mixed();
    let text = format!(
        "{}{}\n",
        output::human(&diagnostics),
        output::summary(&diagnostics)
    );
    expectorate::assert_contents(
        repo().join("tests/fixtures/lint/formats/mixed.human"),
        &text,
    );
}

#[test]
fn json_output_lists_every_field() {
    let text = output::json(&mixed());
    expectorate::assert_contents(repo().join("tests/fixtures/lint/formats/mixed.json"), &text);
    let items: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert!(!items.is_empty());
    for item in &items {
        for key in [
            "rule", "severity", "file", "line", "column", "pointer", "message",
        ] {
            assert!(item.get(key).is_some(), "{key} missing in {item}");
        }
    }
}

#[test]
fn sarif_output_validates_against_the_sarif_2_1_0_schema() {
    let text = output::sarif(&mixed());
    expectorate::assert_contents(
        repo().join("tests/fixtures/lint/formats/mixed.sarif"),
        &text,
    );
    let schema_text =
        std::fs::read_to_string(repo().join("tests/fixtures/lint/sarif-schema-2.1.0.json"))
            .unwrap();
    let schema: Value = serde_json::from_str(&schema_text).unwrap();
    let validator = jsonschema::draft4::new(&schema).expect("the SARIF schema compiles");
    let sarif: Value = serde_json::from_str(&text).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    // The schema is not vacuous: a result without a message is refused.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(!validator.is_valid(&broken));
}

fn taskgen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_taskgen"))
        .arg("lint")
        .args(args)
        .current_dir(repo())
        .output()
        .expect("taskgen runs")
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exited normally")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn exit_status_follows_the_worst_severity() {
    let clean = taskgen(&["tests/fixtures/lint/clean.yaml"]);
    assert_eq!(code(&clean), 0, "{}", stdout(&clean));
    assert!(stdout(&clean).contains("1 spec linted: no problems"));
    let errors = taskgen(&["tests/fixtures/lint/duplicate-enum-value.yaml"]);
    assert_eq!(code(&errors), 1);
    assert!(stdout(&errors).contains("error[TG0203]"));
    let warning = "tests/fixtures/lint/missing-description-operation.yaml";
    assert_eq!(code(&taskgen(&[warning])), 0);
    assert_eq!(code(&taskgen(&[warning, "--deny", "warnings"])), 1);
}

#[test]
fn config_file_turns_rules_off_and_relevels_them() {
    let dir = tempfile::tempdir().unwrap();
    let off = dir.path().join("off.toml");
    std::fs::write(&off, "[lint.rules]\nTG0201 = \"off\"\n").unwrap();
    let warning = "tests/fixtures/lint/missing-description-operation.yaml";
    let quiet = taskgen(&[
        warning,
        "--deny",
        "warnings",
        "--config",
        off.to_str().unwrap(),
    ]);
    assert_eq!(code(&quiet), 0, "{}", stdout(&quiet));
    let loud = dir.path().join("loud.toml");
    std::fs::write(&loud, "[lint.rules]\nmissing-description = \"error\"\n").unwrap();
    assert_eq!(
        code(&taskgen(&[warning, "--config", loud.to_str().unwrap()])),
        1
    );
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[lint.rules]\nTG0201 = \"shout\"\n").unwrap();
    assert_eq!(
        code(&taskgen(&[warning, "--config", bad.to_str().unwrap()])),
        2
    );
}

#[test]
fn unreadable_specs_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("garbage.yaml");
    std::fs::write(&garbage, "openapi: [3.0.3\n  info: {\n").unwrap();
    let output = taskgen(&[garbage.to_str().unwrap()]);
    assert_eq!(code(&output), 2);
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot parse as YAML"));
    assert_eq!(
        code(&taskgen(&["tests/fixtures/lint/no-such-spec.yaml"])),
        2
    );
}

#[test]
fn machine_formats_print_json() {
    let fixture = "tests/fixtures/lint/duplicate-enum-value.yaml";
    let json: Value =
        serde_json::from_str(&stdout(&taskgen(&[fixture, "--format", "json"]))).unwrap();
    assert_eq!(json[0]["rule"], "TG0203");
    let sarif: Value =
        serde_json::from_str(&stdout(&taskgen(&[fixture, "--format", "sarif"]))).unwrap();
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "TG0203");
}

#[test]
fn explain_prints_the_rule() {
    let output = Command::new(env!("CARGO_BIN_EXE_taskgen"))
        .args(["lint", "--explain", "TG0203"])
        .output()
        .unwrap();
    assert_eq!(code(&output), 0);
    let text = stdout(&output);
    for part in [
        "TG0203 (duplicate-enum-value)",
        "Why it matters",
        "Reported:",
        "Fixed:",
    ] {
        assert!(text.contains(part), "{part} missing in:\n{text}");
    }
    let unknown = Command::new(env!("CARGO_BIN_EXE_taskgen"))
        .args(["lint", "--explain", "TG9999"])
        .output()
        .unwrap();
    assert_eq!(code(&unknown), 2);
}

#[test]
fn shipped_specs_lint_without_errors_or_warnings() {
    let output = taskgen(&["--deny", "warnings"]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    assert!(stdout(&output).contains("3 specs linted: no problems"));
}
