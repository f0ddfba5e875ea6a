//! Collects changes and finds where each one sits in the two specs.

use serde_json::Value;

use super::Level;
use super::{Change, Place, Rule, Spec};
use crate::ir::{Operation, Param, ParamLocation, TypeDef};
use crate::pointer;

/// The two sides being compared and the changes found so far.
pub struct Changes<'s> {
    pub old: &'s Spec,
    pub new: &'s Spec,
    found: Vec<Change>,
}

/// A change's pointers on the old and new side (`None`: not on that side).
#[derive(Clone, Copy)]
pub struct At<'p> {
    pub old: Option<&'p str>,
    pub new: Option<&'p str>,
}

impl<'p> At<'p> {
    pub fn both(old: &'p str, new: &'p str) -> Self {
        At {
            old: Some(old),
            new: Some(new),
        }
    }

    pub fn old(old: &'p str) -> Self {
        At {
            old: Some(old),
            new: None,
        }
    }

    pub fn new(new: &'p str) -> Self {
        At {
            old: None,
            new: Some(new),
        }
    }
}

impl<'s> Changes<'s> {
    pub fn new(old: &'s Spec, new: &'s Spec) -> Self {
        Changes {
            old,
            new,
            found: Vec::new(),
        }
    }

    /// Records a change with its rule's usual Rust impact.
    pub fn push(&mut self, rule: Rule, at: At<'_>, message: String) {
        self.push_level(rule, rule.rust, at, message);
    }

    /// Records a change whose Rust impact depends on the case.
    pub fn push_level(&mut self, rule: Rule, rust: Level, at: At<'_>, message: String) {
        let place = |spec: &Spec, pointer: &str| Place {
            pointer: pointer.to_string(),
            line: spec.loaded.position(pointer).map(|(line, _)| line),
        };
        let old = at.old.map(|p| place(self.old, p));
        let new = at.new.map(|p| place(self.new, p));
        let pointer = at.new.or(at.old).unwrap_or("#").to_string();
        self.found.push(Change {
            id: rule.id,
            api: rule.api,
            rust,
            pointer,
            message,
            old,
            new,
        });
    }

    /// The changes, most severe first, then in the order found.
    pub fn finish(mut self) -> Vec<Change> {
        self.found.sort_by_key(|c| std::cmp::Reverse(c.rust));
        self.found
    }
}

/// Whether the node at `at` exists in the document.
fn exists(raw: &Value, at: &str) -> bool {
    raw.pointer(at.trim_start_matches('#')).is_some()
}

/// Where property `wire` of `def` is declared: under its `properties`, or
/// under one of its `allOf` parts; else the type itself.
pub fn field_pointer(spec: &Spec, def: &TypeDef, wire: &str) -> String {
    let raw = &spec.loaded.raw;
    let direct = pointer::join(&pointer::join(&def.pointer, "properties"), wire);
    if exists(raw, &direct) {
        return direct;
    }
    let parts = pointer::join(&def.pointer, "allOf");
    let count = raw
        .pointer(parts.trim_start_matches('#'))
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    (0..count)
        .map(|i| {
            pointer::join(
                &pointer::join(&pointer::join(&parts, &i.to_string()), "properties"),
                wire,
            )
        })
        .find(|at| exists(raw, at))
        .unwrap_or_else(|| def.pointer.clone())
}

/// Where parameter `param` of `op` is declared: in the operation's or the
/// path's `parameters` (following one `$ref`); else the operation.
pub fn param_pointer(spec: &Spec, op: &Operation, param: &Param) -> String {
    let raw = &spec.loaded.raw;
    let path_item = op
        .pointer
        .rsplit_once('/')
        .map_or(op.pointer.as_str(), |(parent, _)| parent);
    for base in [op.pointer.as_str(), path_item] {
        let list = pointer::join(base, "parameters");
        let Some(items) = raw
            .pointer(list.trim_start_matches('#'))
            .and_then(Value::as_array)
        else {
            continue;
        };
        for (i, item) in items.iter().enumerate() {
            let mut at = pointer::join(&list, &i.to_string());
            let mut node = item;
            if let Some(target) = item.get("$ref").and_then(Value::as_str) {
                let target = pointer::from_ref(target).into_owned();
                match raw.pointer(target.trim_start_matches('#')) {
                    Some(found) => (at, node) = (target, found),
                    None => continue,
                }
            }
            let named = node.get("name").and_then(Value::as_str) == Some(&param.field.wire_name);
            let located = node.get("in").and_then(Value::as_str) == Some(location(param.location));
            if named && located {
                return at;
            }
        }
    }
    op.pointer.clone()
}

/// Where an operation's success body is declared: the schema of the
/// first 2xx response's JSON content (else `responses`).
pub fn response_pointer(spec: &Spec, op: &Operation) -> String {
    let raw = &spec.loaded.raw;
    let responses = pointer::join(&op.pointer, "responses");
    let node = |at: &str| raw.pointer(at.trim_start_matches('#'));
    let Some(Value::Object(by_status)) = node(&responses) else {
        return responses;
    };
    let Some(status) = by_status.keys().find(|status| status.starts_with('2')) else {
        return responses;
    };
    let content = pointer::join(&pointer::join(&responses, status), "content");
    let media = match node(&content) {
        Some(Value::Object(media)) => media.keys().find(|m| m.contains("json")).cloned(),
        _ => None,
    };
    let schema = media.map(|m| pointer::join(&pointer::join(&content, &m), "schema"));
    schema
        .filter(|at| node(at).is_some())
        .unwrap_or_else(|| pointer::join(&responses, status))
}

/// The `in` of a parameter location.
pub fn location(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}
