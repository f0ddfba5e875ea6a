//! Every subcommand whose reader closes the pipe early (`taskgen ... |
//! head -c1`) ends quietly, with its own exit status, after doing its work:
//! no "failed printing to stdout: Broken pipe" panic (exit 101).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs `taskgen args` with a stdout whose reader closes it at once, before
/// the command (which first starts up and reads its specs) prints; the exit
/// code and stderr.
fn run_with_closed_stdout(args: &[&str], dir: &Path) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_taskgen"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("taskgen starts");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("taskgen ends");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code(), stderr)
}

fn assert_quiet(args: &[&str], dir: &Path, expected: i32) {
    let (code, stderr) = run_with_closed_stdout(args, dir);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
        "taskgen {args:?}: {stderr}"
    );
    assert_eq!(code, Some(expected), "taskgen {args:?}: {stderr}");
}

#[test]
fn generate_writes_its_crate_and_ends_quietly() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let specs = repo().join("specs");
    let specs = specs.to_str().expect("a UTF-8 path");
    assert_quiet(&["generate", specs, "--out", "out"], dir.path(), 0);
    assert!(
        dir.path().join("out/src/lib.rs").is_file(),
        "nothing written"
    );
    assert_quiet(
        &["generate", specs, "--out", "out", "--check"],
        dir.path(),
        0,
    );
}

#[test]
fn lint_ends_quietly() {
    let repo = repo();
    assert_quiet(&["lint", "specs"], &repo, 0);
    assert_quiet(&["lint", "specs", "--format", "json"], &repo, 0);
    assert_quiet(&["lint", "--explain", "TG0105"], &repo, 0);
}

#[test]
fn review_ends_quietly() {
    assert_quiet(&["review", "specs/aliyun-imm.yaml"], &repo(), 0);
}

#[test]
fn diff_ends_quietly() {
    let repo = repo();
    let args = [
        "diff",
        "tests/fixtures/evolution/base.yaml",
        "tests/fixtures/evolution/additive.yaml",
    ];
    assert_quiet(&args, &repo, 0);
}

#[test]
fn help_ends_quietly() {
    assert_quiet(&["--help"], &repo(), 0);
    assert_quiet(&["generate", "--help"], &repo(), 0);
}
