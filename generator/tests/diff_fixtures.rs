//! `taskgen diff` on every pair under `tests/fixtures/diff/`: the JSON
//! report must equal the pair's `expected.json` (after a deliberate change:
//! `EXPECTORATE=overwrite cargo test -p taskgen --test diff_fixtures`).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use taskgen::diff::{self, render, rules, Spec};

fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/diff");
    let mut dirs: Vec<PathBuf> = fs::read_dir(&root)
        .expect("tests/fixtures/diff exists")
        .map(|entry| entry.expect("listable").path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// Reads one side under the short name the report shows.
fn side(dir: &Path, name: &str) -> Spec {
    let text = fs::read_to_string(dir.join(name)).expect("fixture side is readable");
    Spec::from_text(Path::new(name), text)
        .unwrap_or_else(|err| panic!("{}/{name} does not load:\n{err}", dir.display()))
}

fn run(dir: &Path) -> diff::SpecDiff {
    diff::compare(&side(dir, "old.yaml"), &side(dir, "new.yaml"))
}

#[test]
fn every_pair_reports_what_its_expected_json_says() {
    let dirs = fixtures();
    assert!(dirs.len() >= 30, "only {} fixture pairs", dirs.len());
    for dir in dirs {
        let report = render::json(&[run(&dir)]);
        expectorate::assert_contents(dir.join("expected.json"), &report);
    }
}

/// One kind of change per pair, named by the folder (`unchanged` has none,
/// `recursive-*` shows the walk ending on a cycle).
#[test]
fn each_pair_shows_one_kind_of_change_named_by_its_folder() {
    for dir in fixtures() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let ids: BTreeSet<&str> = run(&dir).changes.iter().map(|c| c.id).collect();
        match name.as_str() {
            "unchanged" => assert!(ids.is_empty(), "{name}: {ids:?}"),
            _ if name.starts_with("recursive-") => assert_eq!(ids.len(), 1, "{name}: {ids:?}"),
            _ => assert_eq!(ids, BTreeSet::from([name.as_str()]), "{name}"),
        }
    }
}

/// The ids the issue names are all shown by some pair.
#[test]
fn the_named_ids_each_have_a_pair() {
    let shown: BTreeSet<&str> = fixtures()
        .iter()
        .flat_map(|dir| run(dir).changes.into_iter().map(|c| c.id))
        .collect();
    let named = [
        "request-parameter-became-required",
        "new-required-request-parameter",
        "new-optional-request-parameter",
        "request-parameter-removed",
        "response-property-removed",
        "response-property-type-changed",
        "request-parameter-enum-value-removed",
        "response-property-enum-value-added",
        "request-parameter-max-decreased",
        "api-operation-removed",
        "endpoint-added",
        "pagination-style-changed",
        "signing-scheme-changed",
        "field-became-sensitive",
        "schema-renamed",
    ];
    for id in named {
        assert!(shown.contains(id), "no fixture pair shows `{id}`");
        assert!(
            rules::ALL.iter().any(|r| r.id == id),
            "`{id}` is not a rule"
        );
    }
}

/// The fixtures' README lists every pair.
#[test]
fn the_fixture_readme_lists_every_pair() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/diff");
    let readme = fs::read_to_string(root.join("README.md")).expect("README.md");
    for dir in fixtures() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            readme.contains(&format!("| `{name}` |")),
            "README lacks `{name}`"
        );
    }
}

/// The top-level README's table documents every rule id.
#[test]
fn the_readme_documents_every_rule() {
    let readme = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"))
        .expect("README.md");
    for rule in rules::ALL {
        assert!(
            readme.contains(&format!("`{}`", rule.id)),
            "README does not document `{}`",
            rule.id
        );
    }
}

/// Unrelated APIs (every shipped spec and a fixture against each other)
/// compare to an end, without panicking; each against itself is unchanged.
#[test]
fn any_two_specs_compare_and_a_spec_equals_itself() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut specs: Vec<Spec> = taskgen::find_specs(&[root.join("specs")])
        .unwrap()
        .iter()
        .map(|path| Spec::read(path).expect("shipped spec loads"))
        .collect();
    specs.push(side(&fixtures()[0], "old.yaml"));
    let recursive = root.join("tests/fixtures/diff/recursive-type-property-added");
    specs.push(side(&recursive, "new.yaml"));
    for (i, a) in specs.iter().enumerate() {
        for (j, b) in specs.iter().enumerate() {
            let report = diff::compare(a, b);
            if i == j {
                assert!(
                    report.changes.is_empty(),
                    "{}: {:?}",
                    a.name,
                    report.changes
                );
            } else {
                assert!(report.semver().is_some(), "{} vs {}", a.name, b.name);
            }
        }
    }
}
