//! In-place suppressions: `x-taskgen-lint: {allow: [TG0207], reason: "..."}`
//! on a node silences those rules on the node and everything inside it. A
//! suppression must say why; one without a reason still applies, but is
//! itself reported (TG0406, which cannot be suppressed).

use serde_json::Value;

use super::rules::{self, Rule, SUPPRESSION_INVALID};
use super::walk::is_data;
use super::Findings;
use crate::pointer;

/// The extension's key.
pub use crate::lower::extensions::LINT;

/// The suppressions of one document.
#[derive(Debug, Default)]
pub(super) struct Suppressions {
    /// The node each is written on, and the rules it allows.
    list: Vec<(String, Vec<&'static Rule>)>,
}

impl Suppressions {
    /// Whether a finding of `rule` at `at` is silenced.
    pub(super) fn covers(&self, rule: &Rule, at: &str) -> bool {
        if std::ptr::eq(rule, &SUPPRESSION_INVALID) {
            return false;
        }
        self.list.iter().any(|(node, allowed)| {
            let inside = at == node
                || at
                    .strip_prefix(node.as_str())
                    .is_some_and(|rest| rest.starts_with('/'));
            inside && allowed.iter().any(|a| std::ptr::eq(*a, rule))
        })
    }
}

/// Finds every `x-taskgen-lint`, reporting the malformed ones.
pub(super) fn collect(raw: &Value, out: &mut Findings<'_>) -> Suppressions {
    let mut found = Suppressions::default();
    walk(raw, "#", &mut found, out);
    found
}

fn walk(node: &Value, at: &str, found: &mut Suppressions, out: &mut Findings<'_>) {
    match node {
        Value::Object(map) => {
            if let Some(extension) = map.get(LINT) {
                let allowed = read(extension, &pointer::join(at, LINT), out);
                found.list.push((at.to_string(), allowed));
            }
            for (key, value) in map {
                if !is_data(key) {
                    walk(value, &pointer::join(at, key), found, out);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &pointer::join(at, &i.to_string()), found, out);
            }
        }
        _ => {}
    }
}

const SHAPE: &str = "write `x-taskgen-lint: {allow: [TG0207], reason: \"why this is right here\"}`";

/// The rules one suppression allows; reports what is wrong with it.
fn read(extension: &Value, at: &str, out: &mut Findings<'_>) -> Vec<&'static Rule> {
    let Value::Object(map) = extension else {
        out.add(
            &SUPPRESSION_INVALID,
            at,
            format!("`{LINT}` must be a mapping"),
            SHAPE,
        );
        return Vec::new();
    };
    for key in map
        .keys()
        .filter(|k| !matches!(k.as_str(), "allow" | "reason"))
    {
        out.add(
            &SUPPRESSION_INVALID,
            &pointer::join(at, key),
            format!("unknown key `{key}` in `{LINT}`"),
            SHAPE,
        );
    }
    let reason = map.get("reason").and_then(Value::as_str).map(str::trim);
    if reason.is_none_or(str::is_empty) {
        out.add(
            &SUPPRESSION_INVALID,
            at,
            "suppression without a reason",
            "add `reason:` saying why the rule does not apply here, so the next reader can tell a decision from a shortcut",
        );
    }
    let Some(Value::Array(ids)) = map.get("allow") else {
        out.add(
            &SUPPRESSION_INVALID,
            at,
            "suppression without an `allow` list of rule ids",
            SHAPE,
        );
        return Vec::new();
    };
    let allow_at = pointer::join(at, "allow");
    let mut allowed = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        match id.as_str().and_then(rules::find) {
            Some(rule) => allowed.push(rule),
            None => out.add(
                &SUPPRESSION_INVALID,
                &pointer::join(&allow_at, &i.to_string()),
                format!("`{id}` is not a rule id"),
                "`taskgen lint --explain RULE` lists what a rule reports; ids look like TG0207",
            ),
        }
    }
    allowed
}
