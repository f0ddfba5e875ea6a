//! Refuses duplicate `operationId`s, which name the generated methods and
//! would clash.

use std::collections::{HashMap, HashSet};

use crate::error::{Result, SpecError};
use crate::pointer;

use super::data::Data;
use super::positions::Position;
use super::source::Source;
use super::METHODS;

/// `operationId`s name the generated methods: two equal ones would clash.
pub(super) fn check_operation_ids(source: &Source, raw: &impl Data) -> Result<()> {
    match duplicate_operation_ids(source, raw).into_iter().next() {
        Some(err) => Err(err.into()),
        None => Ok(()),
    }
}

/// Each reuse of an earlier `operationId`, in text order, located at the
/// later one.
pub(super) fn duplicate_operation_ids<D: Data>(source: &Source, raw: &D) -> Vec<SpecError> {
    let mut ids: Vec<(Option<Position>, String, &str)> = Vec::new();
    let paths = raw.get("paths").and_then(D::members).into_iter().flatten();
    for (path, item) in paths {
        for method in METHODS {
            let operation_id = item.get(method).and_then(|op| op.get("operationId"));
            let Some(id) = operation_id.and_then(D::as_str) else {
                continue;
            };
            let at = pointer::join(
                &pointer::join(&pointer::join("#/paths", path), method),
                "operationId",
            );
            ids.push((None, at, id));
        }
    }
    // Positions may cost a scan of the text (see `json_check`): only a
    // reused id needs them, to tell which use comes first.
    let mut seen = HashSet::new();
    if ids.iter().all(|(_, _, id)| seen.insert(*id)) {
        return Vec::new();
    }
    for (position, at, _) in &mut ids {
        *position = source.position(at);
    }
    // Document order, whatever the order of the JSON object keys.
    ids.sort_by_key(|(position, ..)| (position.is_none(), *position));
    let mut first: HashMap<&str, &str> = HashMap::new();
    let mut duplicates = Vec::new();
    for (_, at, id) in &ids {
        let Some(earlier) = first.get(id).copied() else {
            first.insert(id, at.as_str());
            continue;
        };
        let line = source
            .position(earlier)
            .map(|(l, _)| format!(" (line {l})"))
            .unwrap_or_default();
        duplicates.push(
            source
                .error(
                    at,
                    format!("duplicate operationId `{id}`: already used at {earlier}{line}"),
                )
                .with_hint(
                    "operationIds name the generated methods and must be unique: rename one",
                ),
        );
    }
    duplicates
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::spec_error;

    #[test]
    fn refuses_duplicate_operation_ids_at_the_second() {
        // `/b` comes first in the text but sorts after `/a`.
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /b:\n    get:\n      operationId: Same\n      responses: {}\n  /a:\n    post:\n      operationId: Same\n      responses: {}\n";
        let err = spec_error(text);
        assert_eq!(
            (err.pointer.as_str(), err.position),
            ("#/paths/~1a/post/operationId", Some((10, 7)))
        );
        assert!(
            err.message
                .contains("already used at #/paths/~1b/get/operationId (line 6)"),
            "{}",
            err.message
        );
    }
}
