//! The three output formats of `taskgen diff`: text for a terminal,
//! Markdown for a changelog, JSON for tools.

use std::fmt::Write;

use serde_json::json;

use super::{semver, Change, Level, SpecDiff};

/// `none`, `patch`, `minor` or `major`.
pub fn semver_name(level: Option<Level>) -> &'static str {
    level.map_or("none", Level::as_str)
}

/// The name a diff goes by: its new side, else its old one.
fn title(diff: &SpecDiff) -> String {
    match (&diff.old, &diff.new) {
        (Some(old), Some(new)) if old != new => format!("{old} -> {new}"),
        (_, Some(name)) | (Some(name), None) => name.clone(),
        (None, None) => String::new(),
    }
}

/// One block per spec, one line per change with its places under it.
pub fn text(diffs: &[SpecDiff]) -> String {
    let mut out = String::new();
    for diff in diffs {
        let n = diff.changes.len();
        let _ = writeln!(
            out,
            "{}: {n} change{}, semver {}",
            title(diff),
            if n == 1 { "" } else { "s" },
            semver_name(diff.semver())
        );
        for change in &diff.changes {
            let _ = writeln!(
                out,
                "  [{}, {}] {}: {}",
                change.rust.as_str(),
                change.api.as_str(),
                change.id,
                change.message
            );
            for (side, name, place) in [
                ("old", &diff.old, &change.old),
                ("new", &diff.new, &change.new),
            ] {
                if let (Some(name), Some(place)) = (name, place) {
                    let line = place.line.map(|l| format!(":{l}")).unwrap_or_default();
                    let _ = writeln!(out, "      {side}: {name}{line} {}", place.pointer);
                }
            }
        }
    }
    let _ = writeln!(out, "semver: {}", semver_name(semver(diffs)));
    out
}

/// A changelog section per spec: changes grouped by what they need of the
/// version, most severe first.
pub fn markdown(diffs: &[SpecDiff]) -> String {
    let mut out = String::new();
    for diff in diffs {
        let _ = writeln!(
            out,
            "### `{}`: {}\n",
            title(diff),
            semver_name(diff.semver())
        );
        if diff.changes.is_empty() {
            out.push_str("No changes.\n\n");
            continue;
        }
        for (level, heading) in [
            (Level::Major, "Breaking for Rust code (major)"),
            (Level::Minor, "Added (minor)"),
            (Level::Patch, "Other (patch)"),
        ] {
            let changes: Vec<&Change> = diff.changes.iter().filter(|c| c.rust == level).collect();
            if changes.is_empty() {
                continue;
            }
            let _ = writeln!(out, "#### {heading}\n");
            for change in changes {
                let api = match change.api {
                    super::ApiImpact::Breaking => ", breaks API callers",
                    super::ApiImpact::NonBreaking => "",
                };
                let line = change
                    .new
                    .as_ref()
                    .or(change.old.as_ref())
                    .and_then(|p| p.line)
                    .map(|l| format!(", line {l}"))
                    .unwrap_or_default();
                let _ = writeln!(out, "- {} (`{}`{api}{line})", change.message, change.id);
            }
            out.push('\n');
        }
    }
    out
}

/// `{"changes": [...], "semver": ...}`; each change also names its spec.
pub fn json(diffs: &[SpecDiff]) -> String {
    let changes: Vec<serde_json::Value> = diffs
        .iter()
        .flat_map(|diff| {
            let spec = diff.new.as_ref().or(diff.old.as_ref()).cloned();
            diff.changes.iter().map(move |change| {
                let mut value = serde_json::to_value(change).unwrap_or_default();
                value["spec"] = json!(spec);
                value
            })
        })
        .collect();
    let report = json!({ "changes": changes, "semver": semver_name(semver(diffs)) });
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}
