//! `taskgen review` end to end, each run in its own temporary folder: the
//! page goes to stdout or `--out FILE`, several specs give one page each in
//! order, and a spec that cannot be read exits 2 with a located message for
//! every bad spec and writes nothing.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

const GOOD: &str = "\
openapi: 3.0.3
info:
  title: Tasks
  version: '1'
paths:
  /tasks:
    get:
      operationId: ListTasks
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Task'
components:
  schemas:
    Task:
      type: object
      properties:
        id:
          type: string
";

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
    assert!(page.starts_with("# Tasks\n"), "{page}");
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
        ("b.yaml", &GOOD.replace("title: Tasks", "title: Second")),
        ("a.yaml", GOOD),
    ]);
    let output = run(dir.path(), &["."]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let page = text(&output.stdout);
    let first = page.find("# Tasks\n").expect("a.yaml's page");
    let second = page.find("\n# Second\n").expect("b.yaml's page");
    assert!(first < second);
    assert!(page.contains("(#a-op-list_tasks)") && page.contains("(#b-op-list_tasks)"));
}

#[test]
fn unreadable_specs_exit_2_with_every_located_error_and_write_nothing() {
    let dir = project(&[
        ("good.yaml", GOOD),
        ("bad_ref.yaml", &GOOD.replace("schemas/Task'", "schemas/Missing'")),
        ("bad_yaml.yaml", "openapi: 3.0.3\ninfo: [\n"),
    ]);
    let output = run(
        dir.path(),
        &["good.yaml", "bad_ref.yaml", "bad_yaml.yaml", "--out", "review.md"],
    );
    let err = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(output.stdout.is_empty());
    assert!(
        err.starts_with("error: bad_ref.yaml:15:17: #/paths/~1tasks/get/responses/200/content/application~1json/schema/$ref: "),
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
