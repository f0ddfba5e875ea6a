//! The repository stands alone: nothing outside CI and the tests refers to the
//! pinned data beside it, and the generated crate's docs speak to its users,
//! not of how the specs were transcribed.

use std::path::Path;
use std::process::Command;

use taskgen_tests::{pinned_data, repo_root};

/// Folders whose files may read the pinned test data beside the repository.
const MAY_USE_PINNED_DATA: [&str; 2] = [".ci/", "tests/"];

/// Every line of a text file that `offends`, as `path:line: text`.
fn offending_lines(root: &Path, file: &str, offends: impl Fn(&str) -> bool) -> Vec<String> {
    // Binary and non-UTF-8 files hold no prose to check.
    let Ok(text) = std::fs::read_to_string(root.join(file)) else {
        return Vec::new();
    };
    text.lines()
        .enumerate()
        .filter(|(_, line)| offends(line))
        .map(|(n, line)| format!("{file}:{}: {}", n + 1, line.trim()))
        .collect()
}

/// The files git tracks, relative to the repository root.
fn tracked_files(root: &Path) -> Vec<String> {
    let output = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(root)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git ls-files failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("tracked paths are UTF-8")
        .split('\0')
        .filter(|path| !path.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Every file under `dir`, relative to `root`, in a stable order.
fn files_under(root: &Path, dir: &str) -> Vec<String> {
    let mut files = Vec::new();
    let mut pending = vec![root.join(dir)];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("folder is readable") {
            let path = entry.expect("entry is readable").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path.strip_prefix(root).expect("under the root");
                files.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files.sort();
    files
}

fn mentions_pinned_data(line: &str) -> bool {
    line.contains("../shared") || line.contains("shared/")
}

fn mentions_seed(line: &str) -> bool {
    line.to_ascii_lowercase().contains("seed")
}

/// An `authorization:` header with a value after it, as in a captured
/// request (`authorization: bce-auth-v1/...`).
fn has_authorization_value(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    lower
        .match_indices("authorization:")
        .any(|(at, key)| !lower[at + key.len()..].trim().is_empty())
}

#[test]
fn no_tracked_file_outside_ci_and_tests_refers_to_the_pinned_data() {
    let root = repo_root();
    let offenders: Vec<String> = tracked_files(&root)
        .iter()
        .filter(|file| !MAY_USE_PINNED_DATA.iter().any(|dir| file.starts_with(dir)))
        .flat_map(|file| offending_lines(&root, file, mentions_pinned_data))
        .collect();
    assert!(
        offenders.is_empty(),
        "only .ci/ and tests/ may refer to the data beside the repository:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn generated_crate_docs_hold_no_transcription_notes_or_captured_credentials() {
    let root = repo_root();
    let offenders: Vec<String> = files_under(&root, "generated")
        .iter()
        .flat_map(|file| {
            offending_lines(&root, file, |line| {
                mentions_seed(line) || has_authorization_value(line)
            })
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "generated/ mentions \"seed\" or a captured authorization header \
         (move such notes from the spec's description into a YAML comment):\n{}",
        offenders.join("\n")
    );
}

#[test]
fn the_checks_recognise_what_they_look_for() {
    assert!(mentions_pinned_data("see `../shared/DESIGN.md`"));
    assert!(mentions_pinned_data(
        "filled from shared/reference/vendor-facts.md"
    ));
    assert!(!mentions_pinned_data(
        "Percent-encoding shared by the three schemes."
    ));

    assert!(mentions_seed("/// Seed deviation: the page lists"));
    assert!(!mentions_seed("/// The sort order."));

    assert!(has_authorization_value(
        "/// authorization: bce-auth-v1/46bd/2024-03-24T13:08:44Z/1800/host/7e21"
    ));
    assert!(has_authorization_value("Authorization: <token>"));
    assert!(!has_authorization_value(
        "/// Authorization information (RAM)"
    ));
    assert!(!has_authorization_value(
        "/// `authorization`, set by the signer"
    ));
    assert!(!has_authorization_value("// authorization:"));
}

/// A test that asked for pinned data never passes without it.
#[test]
#[should_panic(expected = "is missing")]
fn missing_pinned_data_fails_the_test_that_asked_for_it() {
    pinned_data("no-such-folder");
}
