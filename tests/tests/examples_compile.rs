//! The generated examples compile under any `--crate-name`: the crate is
//! generated into a temporary folder as `my-task-clients` and checked there
//! with `cargo check --examples`, offline, with this workspace's lock file
//! and target folder (so the dependencies already built are reused).

mod generated_crate;

use taskgen_tests::repo_root;

const CRATE_NAME: &str = "my-task-clients";

#[test]
fn examples_compile_under_another_crate_name() {
    let root = repo_root();
    let specs = taskgen::find_specs(&[root.join("specs")]).expect("specs/ is listable");
    let config = taskgen::Config {
        crate_name: CRATE_NAME.into(),
        runtime_path: root.join("runtime").display().to_string(),
        ..taskgen::Config::default()
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

    let (passed, stderr) = generated_crate::check_examples(&generated.files, CRATE_NAME);
    assert!(
        passed,
        "cargo check --examples failed for `{CRATE_NAME}`:\n{stderr}"
    );
}
