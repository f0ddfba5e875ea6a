//! The generated examples compile under any `--crate-name`: the crate is
//! generated into a temporary folder as `my-task-clients` and checked there
//! with `cargo check --examples`, offline, with this workspace's lock file
//! and target folder (so the dependencies already built are reused).

use std::process::Command;

use taskgen_tests::repo_root;

const CRATE_NAME: &str = "my-task-clients";

#[test]
fn examples_compile_under_another_crate_name() {
    let root = repo_root();
    let specs = taskgen::find_specs(&[root.join("specs")]).expect("specs/ is listable");
    let config = taskgen::Config {
        crate_name: CRATE_NAME.into(),
        runtime_path: root.join("runtime").display().to_string(),
        ..Default::default()
    };
    let generated = taskgen::generate(&specs, &config).expect("the specs generate");

    let examples: Vec<_> = generated
        .files
        .iter()
        .filter(|(path, _)| path.starts_with("examples"))
        .collect();
    assert_eq!(examples.len(), 3, "one example per vendor");
    for (path, text) in &examples {
        assert!(
            text.contains("use my_task_clients::") && !text.contains("cloud_task_clients"),
            "{} uses the crate's own name:\n{text}",
            path.display()
        );
        assert!(
            text.contains(".into_paginator()?"),
            "{} pages through the results",
            path.display()
        );
    }

    let temp = tempfile::tempdir().expect("a temporary folder");
    let out = temp.path().join(CRATE_NAME);
    taskgen::write::write(&out, &generated.files).expect("the crate is written");
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).expect("Cargo.lock copied");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["check", "--examples", "--offline", "--quiet"])
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo check --examples failed for `{CRATE_NAME}`:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
