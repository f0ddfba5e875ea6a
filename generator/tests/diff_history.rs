//! Regeneration records history: `taskgen generate` into a temporary folder
//! from a copy of a shipped spec, then again after an edit of that copy. The
//! version in `Cargo.toml` is bumped by the computed level, the changelog
//! gets an entry, and a run on unchanged specs changes nothing.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `SOURCE_DATE_EPOCH` of every run: 2026-11-30.
const EPOCH: &str = "1796000000";
const DATE: &str = "2026-11-30";

/// A project with a copy of `specs/baidu-vod.yaml`, generated once.
struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new() -> Project {
        let dir = tempfile::tempdir().expect("temporary folder");
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/baidu-vod.yaml");
        fs::create_dir(dir.path().join("specs")).expect("specs folder");
        let project = Project { dir };
        fs::copy(shipped, project.spec()).expect("copy the shipped spec");
        let first = project.generate(&[]);
        assert!(
            stdout(&first).contains("version 0.1.0: history starts"),
            "{}",
            stdout(&first)
        );
        project
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn spec(&self) -> PathBuf {
        self.path("specs/baidu-vod.yaml")
    }

    /// Replaces `from` (which must occur once) in the spec copy.
    fn edit(&self, from: &str, to: &str) {
        let text = fs::read_to_string(self.spec()).expect("read spec");
        assert_eq!(text.matches(from).count(), 1, "{from:?}");
        fs::write(self.spec(), text.replace(from, to)).expect("write spec");
    }

    /// Runs `taskgen generate specs --out out [extra]`, which must exit 0.
    fn generate(&self, extra: &[&str]) -> Output {
        let output = Command::new(env!("CARGO_BIN_EXE_taskgen"))
            .args(["generate", "specs", "--out", "out"])
            .args(extra)
            .env("SOURCE_DATE_EPOCH", EPOCH)
            .current_dir(self.dir.path())
            .output()
            .expect("run taskgen");
        let err = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{err}");
        output
    }

    fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.path(relative)).expect("generated file")
    }

    fn version(&self) -> String {
        let manifest = self.read("out/Cargo.toml");
        let line = manifest.lines().find(|l| l.starts_with("version = "));
        line.expect("a version line").to_string()
    }

    /// The newest changelog entry: from its `## ` heading to the next one.
    fn newest_entry(&self) -> String {
        let changelog = self.read("out/CHANGELOG.md");
        let start = changelog.find("\n## ").expect("an entry") + 1;
        let end = changelog[start + 3..]
            .find("\n## ")
            .map_or(changelog.len(), |at| start + 3 + at + 1);
        changelog[start..end].to_string()
    }

    /// A second run: same output, nothing bumped, `--check` green.
    fn assert_rerun_changes_nothing(&self) {
        let files = [
            "out/Cargo.toml",
            "out/CHANGELOG.md",
            "out/specs/baidu-vod.yaml",
        ];
        let before: Vec<String> = files.iter().map(|f| self.read(f)).collect();
        let again = self.generate(&[]);
        assert!(
            stdout(&again).contains("no API change"),
            "{}",
            stdout(&again)
        );
        let after: Vec<String> = files.iter().map(|f| self.read(f)).collect();
        assert_eq!(before, after);
        self.generate(&["--check"]);
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn first_run_starts_the_history_with_a_snapshot() {
    let project = Project::new();
    assert_eq!(project.version(), "version = \"0.1.0\"");
    assert_eq!(
        project.read("out/specs/baidu-vod.yaml"),
        fs::read_to_string(project.spec()).unwrap()
    );
    let entry = project.newest_entry();
    assert!(entry.starts_with(&format!("## 0.1.0 ({DATE})")), "{entry}");
    assert!(
        entry.contains("- `baidu-vod.yaml`: Baidu AI Cloud"),
        "{entry}"
    );
    project.assert_rerun_changes_nothing();
}

#[test]
fn a_new_optional_parameter_is_a_minor_bump() {
    let project = Project::new();
    project.edit(
        "      parameters:\n        - name: marker\n",
        "      parameters:\n        - name: owner\n          in: query\n          \
         description: Owner to match.\n          schema: {type: string}\n        - name: marker\n",
    );
    let run = project.generate(&[]);
    assert!(
        stdout(&run).contains("version 0.1.0 -> 0.1.1 (minor bump for 1 API change"),
        "{}",
        stdout(&run)
    );
    assert_eq!(project.version(), "version = \"0.1.1\"");
    let entry = project.newest_entry();
    assert!(entry.starts_with(&format!("## 0.1.1 ({DATE})")), "{entry}");
    assert!(entry.contains("### `baidu-vod.yaml`: minor"), "{entry}");
    assert!(
        entry.contains(
            "`ListTasks`: new optional query parameter `owner` (`new-optional-request-parameter`"
        ),
        "{entry}"
    );
    assert!(project.read("out/CHANGELOG.md").contains("## 0.1.0"));
    assert!(project
        .read("out/specs/baidu-vod.yaml")
        .contains("name: owner"));
    project.assert_rerun_changes_nothing();
}

#[test]
fn a_removed_response_field_is_a_major_bump() {
    let project = Project::new();
    project.edit(
        "        mediaId:\n          type: string\n          description: Media asset ID.\n          \
         example: mda-emcventhizk2yfbz\n",
        "",
    );
    let run = project.generate(&[]);
    assert!(
        stdout(&run).contains("version 0.1.0 -> 0.2.0 (major bump for 1 API change"),
        "{}",
        stdout(&run)
    );
    assert_eq!(project.version(), "version = \"0.2.0\"");
    let entry = project.newest_entry();
    assert!(
        entry.contains("#### Breaking for Rust code (major)"),
        "{entry}"
    );
    assert!(
        entry.contains("response property `data/mediaId` removed (`response-property-removed`, breaks API callers"),
        "{entry}"
    );
    project.assert_rerun_changes_nothing();
}

/// `TaskStatus` is both a query parameter's and a response property's
/// type: its new description is one changelog line, and a patch bump.
#[test]
fn a_shared_types_documentation_change_is_one_patch_entry() {
    let project = Project::new();
    project.edit(
        "        Task status. Confirmed values:",
        "        The task's status. Confirmed values:",
    );
    let run = project.generate(&[]);
    assert!(
        stdout(&run).contains("version 0.1.0 -> 0.1.1 (patch bump for 1 API change"),
        "{}",
        stdout(&run)
    );
    let entry = project.newest_entry();
    assert_eq!(
        entry
            .matches("documentation of `TaskStatus` changed")
            .count(),
        1,
        "{entry}"
    );
    project.assert_rerun_changes_nothing();
}

/// A crate written by an older taskgen (its `Cargo.toml` has no output
/// version, or an older one): regenerating the same spec with this one
/// bumps by the generator's steps and says what they changed.
#[test]
fn a_crate_from_an_older_taskgen_gets_the_generators_changes() {
    let project = Project::new();
    let manifest = project.read("out/Cargo.toml");
    let record = format!(
        "[package.metadata.taskgen]\n{} = {}\n",
        taskgen::diff::output_version::KEY,
        taskgen::diff::output_version::OUTPUT_VERSION
    );
    assert!(manifest.contains(&record), "{manifest}");
    fs::write(
        project.path("out/Cargo.toml"),
        manifest.replace(&record, ""),
    )
    .unwrap();
    let run = project.generate(&[]);
    assert!(
        stdout(&run).contains(&format!(
            "version 0.1.0 -> 0.2.0 (major bump for {} generator change",
            taskgen::diff::output_version::STEPS.len()
        )),
        "{}",
        stdout(&run)
    );
    let entry = project.newest_entry();
    assert!(
        entry.starts_with(&format!(
            "## 0.2.0 ({DATE})\n\n### Generator: major change\n\n- "
        )),
        "{entry}"
    );
    // Every step since output version 1, the oldest and the newest.
    assert!(entry.contains("`operations::<operation>`"), "{entry}");
    assert!(
        entry.contains("two request builders are one struct"),
        "{entry}"
    );
    assert!(project.read("out/Cargo.toml").contains(&record));
    project.assert_rerun_changes_nothing();
}
