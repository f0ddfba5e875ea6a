//! Compiling a generated crate, for the tests that check what it builds.

/// Writes a generated crate into a temporary folder named `crate_name` and
/// runs `cargo check --examples` on it, offline, with this workspace's lock
/// file and target folder (so the dependencies already built are reused).
/// Whether it passed, and what it printed on stderr.
pub fn check_examples(files: &taskgen::FileSet, crate_name: &str) -> (bool, String) {
    let root = taskgen_tests::repo_root();
    let temp = tempfile::tempdir().expect("a temporary folder");
    let out = temp.path().join(crate_name);
    taskgen::write::write(&out, files).expect("the crate is written");
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).expect("Cargo.lock copied");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = std::process::Command::new(cargo)
        .args(["check", "--examples", "--offline", "--quiet"])
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.success(), stderr)
}
