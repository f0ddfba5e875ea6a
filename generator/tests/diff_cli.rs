//! `taskgen diff` as a command: its formats, exit codes, folder and git
//! inputs, and located errors for unreadable input.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str, side: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/diff")
        .join(name)
        .join(side)
        .display()
        .to_string()
}

fn pair(name: &str) -> [String; 2] {
    [fixture(name, "old.yaml"), fixture(name, "new.yaml")]
}

fn taskgen(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_taskgen"))
        .arg("diff")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run taskgen")
}

fn diff(pair: &[String; 2], extra: &[&str]) -> Output {
    let mut args: Vec<&str> = pair.iter().map(String::as_str).collect();
    args.extend(extra);
    taskgen(&args, Path::new(env!("CARGO_MANIFEST_DIR")))
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn text_names_each_change_with_its_impacts_and_places() {
    let output = diff(&pair("request-parameter-removed"), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("1 change, semver major"), "{text}");
    assert!(
        text.contains("[major, breaking] request-parameter-removed: `ListTasks`: query parameter `name` removed"),
        "{text}"
    );
    assert!(
        text.contains("old.yaml:28 #/paths/~1tasks/get/parameters/3"),
        "{text}"
    );
    assert!(text.ends_with("semver: major\n"), "{text}");
}

#[test]
fn markdown_is_a_changelog_section_and_json_a_report() {
    let markdown = stdout(&diff(
        &pair("new-optional-request-parameter"),
        &["--format", "markdown"],
    ));
    assert!(markdown.contains(": minor\n\n#### Added (minor)\n\n- `ListTasks`: new optional query parameter `owner` (`new-optional-request-parameter`, line 29)"), "{markdown}");
    let json = stdout(&diff(
        &pair("new-optional-request-parameter"),
        &["--format", "json"],
    ));
    let report: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(report["semver"], "minor");
    assert_eq!(report["changes"][0]["id"], "new-optional-request-parameter");
    assert_eq!(report["changes"][0]["api"], "non-breaking");
    assert_eq!(report["changes"][0]["rust"], "minor");
    assert_eq!(report["changes"][0]["new"]["line"], 29);
}

#[test]
fn fail_on_exits_1_only_for_what_it_names() {
    let code = |name: &str, fail_on: &str| diff(&pair(name), &["--fail-on", fail_on]).status.code();
    // Breaks callers, but Rust code compiles: a bound tightened.
    assert_eq!(code("request-parameter-max-decreased", "breaking"), Some(1));
    assert_eq!(code("request-parameter-max-decreased", "major"), Some(0));
    // Breaks Rust code, not callers: a schema renamed.
    assert_eq!(code("schema-renamed", "breaking"), Some(0));
    assert_eq!(code("schema-renamed", "major"), Some(1));
    assert_eq!(code("response-optional-property-added", "major"), Some(0));
    assert_eq!(code("unchanged", "breaking"), Some(0));
}

#[test]
fn unreadable_input_exits_2_with_the_located_message() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("bad.yaml"), "openapi: 3.0.3\ninfo: [\n").unwrap();
    let old = fixture("unchanged", "old.yaml");
    let output = taskgen(&[&old, "bad.yaml"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("error: bad.yaml:"),
        "{}",
        stderr(&output)
    );
    assert!(output.stdout.is_empty());
    let output = taskgen(&[&old, "missing.yaml"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("missing.yaml"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn folders_are_matched_by_file_name() {
    let dir = tempfile::tempdir().unwrap();
    for side in ["old", "new"] {
        fs::create_dir(dir.path().join(side)).unwrap();
    }
    let copy = |from: String, to: &str| fs::copy(from, dir.path().join(to)).unwrap();
    let [old, new] = pair("request-parameter-removed");
    copy(old, "old/tasks.yaml");
    copy(new, "new/tasks.yaml");
    copy(fixture("unchanged", "old.yaml"), "new/more.yaml");
    copy(fixture("unchanged", "old.yaml"), "old/gone.yaml");
    let output = taskgen(&["old", "new", "--format", "json"], dir.path());
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    let ids: Vec<&str> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["spec-removed", "spec-added", "request-parameter-removed"]
    );
}

#[test]
fn a_side_can_be_a_git_revision() {
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(dir.path())
            .output()
            .expect("git runs");
        assert!(status.status.success(), "{}", stderr(&status));
    };
    let [old, new] = pair("response-property-removed");
    let spec: PathBuf = dir.path().join("specs/tasks.yaml");
    fs::create_dir(dir.path().join("specs")).unwrap();
    fs::copy(old, &spec).unwrap();
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-qm", "old"]);
    fs::copy(new, &spec).unwrap();
    let output = taskgen(&["HEAD:specs/tasks.yaml", "specs/tasks.yaml"], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with("HEAD:specs/tasks.yaml -> specs/tasks.yaml: 1 change"),
        "{text}"
    );
    assert!(text.contains("response-property-removed"), "{text}");
    // A folder at a revision, and a revision that does not exist.
    let output = taskgen(&["HEAD:specs", "specs", "--format", "json"], dir.path());
    assert!(
        stdout(&output).contains("response-property-removed"),
        "{}",
        stderr(&output)
    );
    let output = taskgen(&["nope:specs/tasks.yaml", "specs/tasks.yaml"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("nope:specs/tasks.yaml"),
        "{}",
        stderr(&output)
    );
}
