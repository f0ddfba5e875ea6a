//! `taskgen generate --overlay`: the overlay changes what is generated,
//! `--check` compares against the overlaid specs, and a faulty overlay is
//! refused with its own file and line before anything is written.
//! `taskgen review --overlay` pages the overlaid spec.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

const SPEC: &str = "\
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

const OVERLAY: &str = "\
overlay: 1.0.0
info: {title: Add a status, version: '1'}
extends: tasks.yaml
actions:
  - target: $.components.schemas.Task.properties
    update:
      status_text: {type: string}
";

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_taskgen"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run taskgen")
}

fn types(dir: &Path) -> String {
    fs::read_to_string(dir.join("out/src/tasks/types.rs")).expect("generated types")
}

#[test]
fn overlay_changes_the_output_and_check_applies_it() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let dir = dir.path();
    fs::write(dir.join("tasks.yaml"), SPEC).unwrap();
    fs::write(dir.join("status.yaml"), OVERLAY).unwrap();
    let plain = run(dir, &["generate", "tasks.yaml", "--out", "out"]);
    assert_eq!(plain.status.code(), Some(0), "{plain:?}");
    assert!(!types(dir).contains("status_text"));

    let overlaid = run(
        dir,
        &[
            "generate",
            "tasks.yaml",
            "--out",
            "out",
            "--overlay",
            "status.yaml",
        ],
    );
    assert_eq!(overlaid.status.code(), Some(0), "{overlaid:?}");
    assert!(
        types(dir).contains("pub status_text: Option<String>"),
        "{}",
        types(dir)
    );

    let check = ["generate", "tasks.yaml", "--out", "out", "--check"];
    let with = run(dir, &[&check[..], &["--overlay", "status.yaml"]].concat());
    assert_eq!(with.status.code(), Some(0), "{with:?}");
    let without = run(dir, &check);
    assert_eq!(without.status.code(), Some(1), "{without:?}");
    let stderr = String::from_utf8_lossy(&without.stderr);
    assert!(stderr.contains("out of date"), "{stderr}");
}

#[test]
fn a_faulty_overlay_is_refused_at_its_place_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let dir = dir.path();
    fs::write(dir.join("tasks.yaml"), SPEC).unwrap();
    let stderr = refused(dir, &OVERLAY.replace("$.components", "$.components["));
    assert!(
        stderr.contains("overlay.yaml:5:5: #/actions/0/target: not a valid JSONPath"),
        "{stderr}"
    );
    assert!(!dir.join("out").exists());
    let stderr = refused(dir, &OVERLAY.replace("tasks.yaml", "other-api.yaml"));
    assert!(
        stderr.contains("extends `other-api.yaml`, which is not among the specs"),
        "{stderr}"
    );
}

/// What `generate` says on stderr when it refuses `overlay` (exit 2).
fn refused(dir: &Path, overlay: &str) -> String {
    fs::write(dir.join("overlay.yaml"), overlay).unwrap();
    let args = [
        "generate",
        "tasks.yaml",
        "--out",
        "out",
        "--overlay",
        "overlay.yaml",
    ];
    let output = run(dir, &args);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `tests/prism/overlays/` turn the shipped specs' vendor signing off
/// (Prism checks that a credential header is there, not a signature), so
/// each gets a standard client, each overlay applying cleanly to its own
/// spec through `Config::overlays`.
#[test]
fn prism_overlays_turn_vendor_signing_off() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let specs = taskgen::find_specs(&[root.join("specs")]).unwrap();
    let overlays = taskgen::find_specs(&[root.join("tests/prism/overlays")]).unwrap();
    assert_eq!(overlays.len(), specs.len());
    let config = taskgen::Config {
        overlays,
        ..taskgen::Config::default()
    };
    let generated = taskgen::generate(&specs, &config).unwrap_or_else(|err| panic!("{err}"));
    for summary in &generated.summaries {
        assert_eq!(summary.warnings, [], "{}", summary.module);
        let client = Path::new("src").join(&summary.module).join("client.rs");
        let client = generated.files.get(client).expect("a client");
        // A standard client: the scheme is a plain API key header.
        assert!(client.contains("pub fn with_api_key"), "{}", summary.module);
        for signed in ["pub fn with_token(", "pub fn with_access_key("] {
            assert!(!client.contains(signed), "{}: {signed}", summary.module);
        }
    }
}

#[test]
fn review_pages_the_overlaid_spec() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let dir = dir.path();
    fs::write(dir.join("tasks.yaml"), SPEC).unwrap();
    fs::write(dir.join("status.yaml"), OVERLAY).unwrap();
    let page = |args: &[&str]| {
        let out = run(dir, args);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        String::from_utf8(out.stdout).expect("UTF-8 page")
    };
    assert!(!page(&["review", "tasks.yaml"]).contains("status_text"));
    let overlaid = page(&["review", "tasks.yaml", "--overlay", "status.yaml"]);
    assert!(overlaid.contains("status_text"), "{overlaid}");
}
