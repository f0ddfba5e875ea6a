//! End-to-end tests of the `taskgen` binary, each in its own temporary
//! folder: refused specs exit 2 with a located message and leave an existing
//! output byte for byte as it was; `--check` and determinism.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A minimal valid spec. Line 15 column 17 is the `$ref` of the response
/// schema, at `#/paths/~1tasks/get/responses/200/content/application~1json/schema/$ref`.
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
        status:
          type: string
";

const SCHEMA_REF: &str = "#/paths/~1tasks/get/responses/200/content/application~1json/schema/$ref";

/// A temporary project holding `good.yaml`, generated once into `out/`.
struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new() -> Project {
        let project = Project {
            dir: tempfile::tempdir().expect("temporary folder"),
        };
        project.spec("good.yaml", GOOD);
        let output = project.run(&["generate", "good.yaml", "--out", "out"]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        project
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn spec(&self, name: &str, text: &str) {
        fs::write(self.path(name), text).expect("write spec");
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_taskgen"))
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .expect("run taskgen")
    }

    /// Every file under `out/`, plus the names beside it (to spot leftover
    /// temporary folders).
    fn output_state(&self) -> (BTreeMap<PathBuf, Vec<u8>>, Vec<String>) {
        let mut names: Vec<String> = fs::read_dir(self.dir.path())
            .expect("list project")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        (tree(&self.path("out")), names)
    }

    /// Generates from `text` saved as `bad.yaml`; asserts it is refused with
    /// exit 2, `located` in stderr, and `out/` untouched. Returns stderr.
    fn assert_refused(&self, text: &str, located: &str) -> String {
        self.spec("bad.yaml", text);
        self.assert_run_refused(&["generate", "bad.yaml", "--out", "out"], located)
    }

    fn assert_run_refused(&self, args: &[&str], expected: &str) -> String {
        let before = self.output_state();
        let output = self.run(args);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{err}");
        assert!(err.starts_with("error: "), "{err}");
        assert!(err.contains(expected), "expected {expected:?} in:\n{err}");
        assert!(
            output.stdout.is_empty(),
            "{}",
            String::from_utf8_lossy(&output.stdout)
        );
        assert_eq!(self.output_state(), before, "the output changed");
        err
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(&folder).expect("list folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let relative = path.strip_prefix(root).expect("under root").to_path_buf();
                files.insert(relative, fs::read(&path).expect("read file"));
            }
        }
    }
    files
}

/// `GOOD` with `from` replaced by `to` (which must occur).
fn good_with(from: &str, to: &str) -> String {
    assert!(GOOD.contains(from), "{from:?} not in GOOD");
    GOOD.replacen(from, to, 1)
}

#[test]
fn yaml_syntax_error() {
    let project = Project::new();
    let err = project.assert_refused(
        &good_with("  title: Tasks", "  title: [Tasks"),
        "bad.yaml:4:10: #: cannot parse as YAML",
    );
    assert!(err.contains("4 |   version: '1'"), "{err}");
}

#[test]
fn unresolved_ref() {
    let project = Project::new();
    let err = project.assert_refused(
        &good_with("schemas/Task'", "schemas/Tsak'"),
        &format!("bad.yaml:15:17: {SCHEMA_REF}: `$ref` target `#/components/schemas/Tsak` does not exist"),
    );
    assert!(err.contains("help: "), "{err}");
}

#[test]
fn openapi_3_2_document() {
    let project = Project::new();
    let err = project.assert_refused(
        &good_with("openapi: 3.0.3", "openapi: 3.2.0"),
        "bad.yaml:1:1: #/openapi: unsupported OpenAPI version `3.2.0`",
    );
    assert!(err.contains("help: "), "{err}");
}

/// 3.1 is read as 3.0; what has no 3.0 form is ignored with a located
/// warning on stderr, and the crate is written.
#[test]
fn openapi_3_1_document_is_read_with_a_warning() {
    let project = Project::new();
    let text = good_with(
        "openapi: 3.0.3",
        "openapi: 3.1.0\njsonSchemaDialect: https://spec.openapis.org/oas/3.1/dialect/base",
    );
    project.spec("v31.yaml", &text);
    let output = project.run(&["generate", "v31.yaml", "--out", "out"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(
        err.contains("v31.yaml:2:1: #/jsonSchemaDialect: `jsonSchemaDialect` has no OpenAPI 3.0 equivalent: ignored"),
        "{err}"
    );
    assert!(project.path("out/src/v31/types.rs").exists());
}

#[test]
fn swagger_2_document() {
    let project = Project::new();
    let text = "swagger: '2.0'\ninfo:\n  title: Tasks\n  version: '1'\npaths: {}\n";
    let err = project.assert_refused(
        text,
        "bad.yaml:1:1: #/swagger: Swagger 2.0 documents are not supported",
    );
    assert!(err.contains("convert it to OpenAPI 3.0"), "{err}");
}

#[test]
fn duplicate_operation_id() {
    let project = Project::new();
    let second = "  /tasks/{id}:\n    get:\n      operationId: ListTasks\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        '200': {description: OK}\ncomponents:";
    project.assert_refused(
        &good_with("components:", second),
        "bad.yaml:18:7: #/paths/~1tasks~1{id}/get/operationId: duplicate operationId `ListTasks`: already used at #/paths/~1tasks/get/operationId (line 8)",
    );
}

#[test]
fn missing_file() {
    let project = Project::new();
    project.assert_run_refused(
        &["generate", "nope.yaml", "--out", "out"],
        "error: nope.yaml: cannot read spec",
    );
}

#[test]
fn external_ref() {
    let project = Project::new();
    project.assert_refused(
        &good_with("'#/components/schemas/Task'", "'common.yaml#/Task'"),
        &format!(
            "bad.yaml:15:17: {SCHEMA_REF}: `$ref: common.yaml#/Task` points outside this document"
        ),
    );
}

#[test]
fn one_bad_spec_among_good_ones_writes_nothing() {
    let project = Project::new();
    project.spec("bad.yaml", &good_with("openapi: 3.0.3", "openapi: 3.2.0"));
    let err = project.assert_run_refused(
        &["generate", "good.yaml", "bad.yaml", "--out", "out"],
        "bad.yaml:1:1",
    );
    assert!(
        err.contains("nothing was written, out/ is unchanged"),
        "{err}"
    );
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_generate() {
    let project = Project::new();
    fs::create_dir(project.path("home")).expect("mkdir");
    fs::write(project.path("home/notes.txt"), "keep me").expect("write");
    let output = project.run(&["generate", "good.yaml", "--out", "home"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(output.stdout.is_empty(), "{}", stdout(&output));
    assert!(
        stderr(&output).contains("not written by taskgen"),
        "{}",
        stderr(&output)
    );
    assert_eq!(tree(&project.path("home")).len(), 1);
    assert_eq!(
        fs::read_to_string(project.path("home/notes.txt")).expect("read"),
        "keep me"
    );
}

#[test]
fn no_spec_found() {
    let project = Project::new();
    fs::create_dir(project.path("empty")).expect("mkdir");
    project.assert_run_refused(&["generate", "empty", "--out", "out"], "no spec files");
    // Without arguments it looks for specs/, which is not there.
    project.assert_run_refused(&["generate", "--out", "out"], "no `specs/` folder here");
}

#[test]
fn check_passes_when_in_sync_and_fails_with_a_diff_after_an_edit() {
    let project = Project::new();
    let output = project.run(&["generate", "good.yaml", "--out", "out", "--check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("out/ is up to date"),
        "{}",
        stdout(&output)
    );

    let lib = project.path("out/src/lib.rs");
    let mut text = fs::read_to_string(&lib).expect("read lib.rs");
    text.push_str("// edited by hand\n");
    fs::write(&lib, &text).expect("write lib.rs");
    let before = project.output_state();
    let output = project.run(&["generate", "good.yaml", "--out", "out", "--check"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let diff = stdout(&output);
    assert!(diff.contains("--- src/lib.rs\n+++ src/lib.rs\n"), "{diff}");
    assert!(diff.contains("\n-// edited by hand\n"), "{diff}");
    assert!(
        stderr(&output).contains("run `cargo run -p taskgen -- generate"),
        "{}",
        stderr(&output)
    );
    assert_eq!(project.output_state(), before, "--check wrote something");
}

#[test]
fn generate_prints_a_summary_and_is_deterministic() {
    let project = Project::new();
    let first = tree(&project.path("out"));
    let output = project.run(&["generate", "good.yaml", "--out", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let summary = stdout(&output);
    assert!(
        summary.starts_with("good  good.yaml: 1 operation, "),
        "{summary}"
    );
    assert!(
        summary.ends_with(&format!("wrote {} files to out/\n", first.len())),
        "{summary}"
    );
    assert_eq!(tree(&project.path("out")), first);
    let manifest = String::from_utf8_lossy(&first[Path::new("Cargo.toml")]).into_owned();
    assert!(
        manifest.starts_with(taskgen::write::GENERATED_MARKER),
        "{manifest}"
    );
}

/// Outside this repository the crate needs its own name and the way to the
/// runtime; both land in its Cargo.toml (the path as a TOML string).
#[test]
fn crate_name_and_runtime_path_are_settable() {
    let project = Project::new();
    let args = [
        "generate",
        "good.yaml",
        "--out",
        "out",
        "--crate-name",
        "my_tasks-client",
        "--runtime-path",
        r#"C:\vendor\"taskgen"\runtime"#,
    ];
    let output = project.run(&args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let manifest = fs::read_to_string(project.path("out/Cargo.toml")).expect("Cargo.toml");
    assert!(
        manifest.contains("\nname = \"my_tasks-client\"\n"),
        "{manifest}"
    );
    let runtime = r#"taskgen-runtime = { path = "C:\\vendor\\\"taskgen\"\\runtime" }"#;
    assert!(manifest.contains(runtime), "{manifest}");

    let mut check = args.to_vec();
    check.push("--check");
    assert_eq!(project.run(&check).status.code(), Some(0));
}

#[test]
fn invalid_crate_name_or_runtime_path_is_refused() {
    let project = Project::new();
    for (flag, value, expected) in [
        (
            "--crate-name",
            "my tasks",
            "crate name `my tasks` is not a valid package name",
        ),
        ("--crate-name", "9tasks", "crate name `9tasks`"),
        ("--runtime-path", "", "runtime path \"\" must be"),
        ("--runtime-path", "a\nb", "runtime path \"a\\nb\" must be"),
    ] {
        let args = ["generate", "good.yaml", "--out", "out", flag, value];
        project.assert_run_refused(&args, expected);
    }
}

/// A bound no `i64` holds (`i64::MAX` printed as a double) is dropped with a
/// located warning on stderr instead of refusing the spec.
#[test]
fn too_wide_a_bound_is_dropped_with_a_warning() {
    let project = Project::new();
    project.spec(
        "wide.yaml",
        &good_with(
            "        status:\n          type: string",
            "        count:\n          type: integer\n          maximum: 9223372036854776000",
        ),
    );
    let output = project.run(&["generate", "wide.yaml", "--out", "wide"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let warnings = stderr(&output);
    assert!(
        warnings.starts_with(
            "warning: wide.yaml:25:11: #/components/schemas/Task/properties/count/maximum: \
             `maximum: 9223372036854776000` does not fit a 64-bit number"
        ),
        "{warnings}"
    );
}
