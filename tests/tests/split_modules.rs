//! A module too large for one `types.rs`, `builders.rs` or `operations.rs` is split into a
//! folder of files, one per first letter, and everything still compiles
//! under the same paths: the shipped specs are generated with every such
//! module split and their examples, which use `module::Type` and
//! `module::builders`, are checked with `cargo check --examples` (offline,
//! with this workspace's lock file and target folder).

mod generated_crate;

use taskgen_tests::repo_root;

#[test]
fn split_modules_compile_under_the_same_paths() {
    let root = repo_root();
    let specs = taskgen::find_specs(&[root.join("specs")]).expect("specs/ is listable");
    let config = taskgen::Config {
        crate_name: "split-task-clients".into(),
        runtime_path: root.join("runtime").display().to_string(),
        split_items: 0,
        ..taskgen::Config::default()
    };
    let generated = taskgen::generate(&specs, &config).expect("the specs generate");
    let whole = taskgen::generate(&specs, &taskgen::Config::default()).expect("the specs generate");
    for module in ["aliyun_imm", "baidu_vod", "huawei_vias"] {
        for child in ["types", "builders", "operations"] {
            let src = std::path::Path::new("src").join(module);
            assert!(generated
                .files
                .get(src.join(format!("{child}.rs")))
                .is_none());
            let root = generated
                .files
                .get(src.join(child).join("mod.rs"))
                .unwrap_or_else(|| panic!("{module}: {child}/mod.rs is written"));
            assert!(
                root.contains("#[rustfmt::skip]\nmod ") && root.contains("pub use self::"),
                "{root}"
            );
            // Every item of the whole file is in exactly one letter's file.
            let split: Vec<String> = generated
                .files
                .iter()
                .filter(|(path, _)| path.starts_with(src.join(child)))
                .map(|(_, text)| text)
                .collect();
            let mut split: Vec<&str> = split.iter().flat_map(|text| declarations(text)).collect();
            let unsplit = whole.files.get(src.join(format!("{child}.rs"))).unwrap();
            let mut expected = declarations(&unsplit);
            split.sort_unstable();
            expected.sort_unstable();
            assert_eq!(split, expected, "{module}: {child}");
        }
    }

    let (passed, stderr) = generated_crate::check_examples(&generated.files, "split-task-clients");
    assert!(
        passed && !stderr.contains("warning"),
        "cargo check --examples failed or warned for the split crate:\n{stderr}"
    );
}

/// The lines that start a top-level item (`pub struct X {`, `impl X {`...).
fn declarations(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|line| {
            ["pub struct ", "pub enum ", "pub type ", "pub mod ", "impl"]
                .iter()
                .any(|start| line.starts_with(start))
        })
        .collect()
}

/// An operation's module weighs about ten types (its request struct,
/// builder and response enums), so a module of operations splits at a
/// tenth of `split_items`: the 3 operations of aliyun-imm at 20, where
/// its 25 types split too and its 18 builders do not; nothing at 40.
#[test]
fn operations_split_at_a_tenth_of_the_items() {
    let specs = [repo_root().join("specs/aliyun-imm.yaml")];
    let split = |split_items| {
        let config = taskgen::Config {
            split_items,
            ..taskgen::Config::default()
        };
        let files = taskgen::generate(&specs, &config)
            .expect("the spec generates")
            .files;
        ["types", "builders", "operations"].map(|child| {
            let folder = std::path::Path::new("src/aliyun_imm").join(child);
            files.get(folder.join("mod.rs")).is_some()
        })
    };
    assert_eq!(split(20), [true, false, true]);
    assert_eq!(split(40), [false, false, false]);
}
