//! A type reached by several paths (two operations, or a request and a
//! response) changes in one place: `taskgen diff` reports each change once
//! per rule and place, whichever path reached it first. A change whose
//! impact depends on the direction (a property removed from a request
//! type and from a response type) has one id per direction, so it is
//! reported once for each.

use std::fs;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// The base spec of the diff fixtures, where `Task` is the response of
/// `ListTasks` (inside `TaskPage`) and of `GetTask`, and `Owner` and the
/// open enum `TaskStatus` are inside `Task`; both are also put in
/// `TaskInput`, the body of `CreateTask`.
fn base() -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/diff/unchanged/old.yaml");
    let text = fs::read_to_string(path).expect("fixture");
    edit(
        &text,
        "        source: {type: string, description: Where the input is.}\n",
        "        source: {type: string, description: Where the input is.}\n        \
         owner: {$ref: '#/components/schemas/Owner'}\n        \
         status: {$ref: '#/components/schemas/TaskStatus'}\n",
    )
}

fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the base spec lacks {from:?}");
    text.replacen(from, to, 1)
}

/// The `(id, message)` of each change from `old` to `new`.
fn changes(old: &str, new: &str) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("old.yaml"), old).expect("write old");
    fs::write(dir.path().join("new.yaml"), new).expect("write new");
    let output = Command::new(env!("CARGO_BIN_EXE_taskgen"))
        .args(["diff", "old.yaml", "new.yaml", "--format", "json"])
        .current_dir(dir.path())
        .output()
        .expect("run taskgen");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).expect("json");
    report["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().into(),
                c["message"].as_str().unwrap().into(),
            )
        })
        .collect()
}

fn ids(changes: &[(String, String)]) -> Vec<&str> {
    changes.iter().map(|(id, _)| id.as_str()).collect()
}

/// The ids of the changes from `old` to `new`, sorted.
fn sorted_ids(old: &str, new: &str) -> Vec<String> {
    let mut found: Vec<String> = changes(old, new).into_iter().map(|(id, _)| id).collect();
    found.sort();
    found
}

#[test]
fn a_shared_types_documentation_change_is_one_change() {
    let old = base();
    let new = edit(
        &old,
        "description: Who started a task.",
        "description: Who owns a task.",
    );
    let found = changes(&old, &new);
    assert_eq!(ids(&found), ["doc-changed"], "{found:?}");
    assert!(
        found[0].1.contains("documentation of `Owner` changed"),
        "{found:?}"
    );
}

#[test]
fn a_shared_propertys_documentation_change_is_one_change() {
    let old = base();
    let new = edit(
        &old,
        "description: The user's id.",
        "description: The owner's user id.",
    );
    let found = changes(&old, &new);
    assert_eq!(ids(&found), ["doc-changed"], "{found:?}");
}

#[test]
fn a_property_removed_from_a_type_two_operations_return_is_one_change() {
    let old = base();
    let new = edit(
        &old,
        "        progress: {type: integer, format: int32, description: Percent done.}\n",
        "",
    );
    let found = changes(&old, &new);
    assert_eq!(ids(&found), ["response-property-removed"], "{found:?}");
}

#[test]
fn a_property_removed_from_a_request_and_response_type_is_one_change_per_direction() {
    let old = base();
    let new = edit(
        &old,
        "        userId: {type: string, description: The user's id.}\n",
        "        name: {type: string, description: The user's name.}\n",
    );
    assert_eq!(
        sorted_ids(&old, &new),
        [
            "new-optional-request-property",
            "request-property-removed",
            "response-optional-property-added",
            "response-property-removed",
        ]
    );
}

#[test]
fn a_shared_enum_closing_is_one_change() {
    let old = base();
    let new = edit(
        &old,
        "x-taskgen-enum: {open: true}",
        "x-taskgen-enum: {open: false}",
    );
    let found = changes(&old, &new);
    assert_eq!(ids(&found), ["enum-became-closed"], "{found:?}");
}

#[test]
fn each_value_removed_from_a_shared_enum_is_reported_per_direction() {
    let old = base();
    let new = edit(
        &old,
        "enum: [Running, Succeeded, Failed]",
        "enum: [Running]",
    );
    assert_eq!(
        sorted_ids(&old, &new),
        [
            "request-property-enum-value-removed",
            "request-property-enum-value-removed",
            "response-property-enum-value-removed",
            "response-property-enum-value-removed",
        ]
    );
}
