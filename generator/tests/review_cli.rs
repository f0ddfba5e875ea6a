//! `taskgen review` end to end, each run in its own temporary folder: the
//! page goes to stdout or `--out FILE`, several specs give one page each in
//! order, and a spec that cannot be read exits 2 with a located message for
//! every bad spec and writes nothing.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

/// A shipped spec: `specs/baidu-vod.yaml`, titled `Baidu AI Cloud ...`.
const GOOD: &str = include_str!("../../specs/baidu-vod.yaml");

/// `GOOD` with its response `$ref` pointing nowhere, and where that is.
fn dangling_ref() -> (String, String) {
    let reference = "'#/components/schemas/ListTasksResponse'";
    let (line, text) = GOOD
        .lines()
        .enumerate()
        .find(|(_, text)| text.contains(reference))
        .expect("the response $ref");
    let column = text.find("$ref").expect("$ref key") + 1;
    (
        GOOD.replace(reference, "'#/components/schemas/Missing'"),
        format!("bad_ref.yaml:{}:{column}: ", line + 1),
    )
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_taskgen"))
        .arg("review")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run taskgen")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn project(specs: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    for (name, body) in specs {
        fs::write(dir.path().join(name), body).expect("write spec");
    }
    dir
}

#[test]
fn the_page_goes_to_stdout_or_to_the_out_file() {
    let dir = project(&[("tasks.yaml", GOOD)]);
    let shown = run(dir.path(), &["tasks.yaml"]);
    assert_eq!(shown.status.code(), Some(0), "{}", text(&shown.stderr));
    let page = text(&shown.stdout);
    assert!(page.starts_with("# Baidu AI Cloud"), "{page}");
    assert!(page.contains("### ListTasks"));

    let written = run(dir.path(), &["tasks.yaml", "--out", "review.md"]);
    assert_eq!(written.status.code(), Some(0), "{}", text(&written.stderr));
    assert!(written.stdout.is_empty());
    let file = fs::read_to_string(dir.path().join("review.md")).expect("review.md written");
    assert_eq!(file, page);
}

#[test]
fn a_folder_gives_one_page_per_spec_in_file_order() {
    let dir = project(&[
        ("b.yaml", &GOOD.replacen("  title: ", "  title: Second ", 1)),
        ("a.yaml", GOOD),
    ]);
    let output = run(dir.path(), &["."]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let page = text(&output.stdout);
    let first = page.find("# Baidu").expect("a.yaml's page");
    let second = page.find("\n# Second Baidu").expect("b.yaml's page");
    assert!(first < second);
    assert!(page.contains("(#a-op-list_tasks)") && page.contains("(#b-op-list_tasks)"));
    assert_eq!(
        page.matches("\n---\n").count(),
        1,
        "one rule between the pages"
    );
}

#[test]
fn unreadable_specs_exit_2_with_every_located_error_and_write_nothing() {
    let (bad_ref, located) = dangling_ref();
    let dir = project(&[
        ("good.yaml", GOOD),
        ("bad_ref.yaml", &bad_ref),
        ("bad_yaml.yaml", "openapi: 3.0.3\ninfo: [\n"),
    ]);
    let output = run(
        dir.path(),
        &[
            "good.yaml",
            "bad_ref.yaml",
            "bad_yaml.yaml",
            "--out",
            "review.md",
        ],
    );
    let err = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(output.stdout.is_empty());
    let pointer = "#/paths/~1v2~1tasks/get/responses/200/content/application~1json/schema/$ref";
    assert!(
        err.starts_with(&format!("error: {located}{pointer}: ")),
        "{err}"
    );
    assert!(err.contains("\nerror: bad_yaml.yaml:"), "{err}");
    assert!(!dir.path().join("review.md").exists());
}

#[test]
fn a_folder_without_specs_is_an_error() {
    let dir = project(&[]);
    let output = run(dir.path(), &["."]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("no spec files"));
}

#[test]
fn a_spec_without_operations_or_types_says_so() {
    let dir = project(&[(
        "empty.yaml",
        "openapi: 3.0.3\ninfo: {title: Empty, version: '0'}\npaths: {}\n",
    )]);
    let output = run(dir.path(), &["empty.yaml"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let page = text(&output.stdout);
    assert!(page.contains("The spec declares no operations."), "{page}");
    assert!(page.contains("The spec declares no types."), "{page}");
    assert!(!page.contains("| Operation |"), "no empty contents table");
}
