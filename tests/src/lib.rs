//! Helpers shared by the workspace's test suites: where the specs and the
//! vendors' sample responses live, and how to read them.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The repository root (this crate lives in `<root>/tests`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent folder")
        .to_path_buf()
}

/// A folder of the pinned test data that lives beside the repository, in
/// `../shared/<sub>` (vendor pages, the spec corpus), as CI provides it.
///
/// Tests that read it are marked `#[ignore = "..."]` with the reason, so a
/// plain `cargo test` reports them as ignored rather than passing without
/// checking; CI runs them with `--ignored`. Asked for without the data, they
/// fail here, naming the missing folder.
pub fn pinned_data(sub: &str) -> PathBuf {
    let dir = repo_root().join("../shared").join(sub);
    assert!(
        dir.is_dir(),
        "pinned test data {} is missing: this test needs the folder beside the repository",
        dir.display()
    );
    dir
}

/// Every spec under `specs/`, sorted by file name.
pub fn spec_paths() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(repo_root().join("specs"))
        .expect("specs/ is readable")
        .map(|entry| entry.expect("specs/ entry is readable").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    paths.sort();
    paths
}

/// A spec file read as plain JSON data (YAML is a superset of JSON's model).
pub fn load_spec(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
    serde_yaml::from_str(&text)
        .unwrap_or_else(|err| panic!("{} is not valid YAML: {err}", path.display()))
}

/// One sample success response from a vendor's API reference page (a "seed"
/// page, listed in `specs/SOURCES.md`), and the operation it belongs to.
pub struct SeedSample {
    /// The page's number in `specs/SOURCES.md`; its pinned copy's file name
    /// (see [`pinned_data`]) starts with it.
    pub seed: &'static str,
    /// File name under `tests/seed-samples/` holding a verbatim copy.
    pub file: &'static str,
    /// Spec file name under `specs/`.
    pub spec: &'static str,
    /// The operation's `operationId`.
    pub operation_id: &'static str,
}

/// The sample responses of the five vendor pages.
pub const SEED_SAMPLES: [SeedSample; 5] = [
    SeedSample {
        seed: "000",
        file: "000-aliyun-imm-list-tasks.json",
        spec: "aliyun-imm.yaml",
        operation_id: "ListTasks",
    },
    SeedSample {
        seed: "001",
        file: "001-aliyun-imm-get-task.json",
        spec: "aliyun-imm.yaml",
        operation_id: "GetTask",
    },
    SeedSample {
        seed: "002",
        file: "002-aliyun-imm-list-batches.json",
        spec: "aliyun-imm.yaml",
        operation_id: "ListBatches",
    },
    SeedSample {
        seed: "003",
        file: "003-baidu-vod-list-tasks.json",
        spec: "baidu-vod.yaml",
        operation_id: "ListTasks",
    },
    SeedSample {
        seed: "004",
        file: "004-huawei-vias-list-tasks.json",
        spec: "huawei-vias.yaml",
        operation_id: "ListTasks",
    },
];

impl SeedSample {
    /// The verbatim text of the sample response.
    pub fn text(&self) -> String {
        let path = repo_root().join("tests/seed-samples").join(self.file);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()))
    }

    /// The sample response as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text())
            .unwrap_or_else(|err| panic!("{} is not JSON: {err}", self.file))
    }
}
