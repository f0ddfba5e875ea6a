//! What lowering needs from the spec's JSON data (`LoadedSpec::raw`)
//! rather than from the typed document, read before lowering: generation
//! lets go of the data once it has these, before the typed document is
//! read (see `diff::Spec::read_with`).

use std::collections::HashMap;

use serde_json::Value;

use super::{document, extensions, operations};
use crate::error::{Result, SpecError};
use crate::load::{lookup, refs};
use crate::pointer::{self, Step};

/// The checks only the data allows, passed, and the facts `openapiv3`
/// does not keep.
pub struct RawFacts {
    /// `explode` of every encoding that writes one, by the pointer of that
    /// `explode`: openapiv3 reads a missing one as `false`, where the
    /// spec's default for `form` is `true`.
    explodes: HashMap<String, bool>,
    /// The node at every (decoded) `$ref` pointer but whole components,
    /// which `document` reads from the typed document.
    targets: HashMap<String, Value>,
}

impl RawFacts {
    /// Refuses unknown `x-taskgen-*` extensions and paths openapiv3 would
    /// drop in a spec's JSON `data`, placing a refusal with `error`, and
    /// reads the facts.
    pub fn read(data: &Value, error: &dyn Fn(&str, String) -> SpecError) -> Result<RawFacts> {
        extensions::check_unknown(data, error)?;
        operations::check_leading_slashes(data, error)?;
        let mut explodes = HashMap::new();
        collect_explodes(data, &mut Vec::new(), &mut explodes);
        let targets = refs::targets(data)
            .map(|target| pointer::from_ref(target).into_owned())
            .filter(|at| document::component(at).is_none())
            .filter_map(|at| Some((at.clone(), lookup::resolve(data, &at)?.clone())))
            .collect();
        Ok(RawFacts { explodes, targets })
    }

    /// The `explode` written at `at`, if any.
    pub fn explode(&self, at: &str) -> Option<bool> {
        self.explodes.get(at).copied()
    }

    /// The node at `at`, a `$ref` pointer that names no whole component.
    pub fn target(&self, at: &str) -> Option<&Value> {
        self.targets.get(at)
    }
}

/// Every `encoding: {<property>: {explode: <bool>}}` under `node` (which
/// `steps` lead to). A schema property named `encoding` may add a pointer
/// no encoding has, which no lookup asks for.
fn collect_explodes<'a>(
    node: &'a Value,
    steps: &mut Vec<Step<'a>>,
    out: &mut HashMap<String, bool>,
) {
    match node {
        Value::Object(map) => {
            if let Some(Value::Object(encodings)) = map.get("encoding") {
                for (property, encoding) in encodings {
                    if let Some(explode) = encoding.get("explode").and_then(Value::as_bool) {
                        let mut at = pointer::of_steps(steps);
                        for token in ["encoding", property, "explode"] {
                            pointer::push(&mut at, token);
                        }
                        out.insert(at, explode);
                    }
                }
            }
            for (key, value) in map {
                steps.push(Step::Key(key));
                collect_explodes(value, steps, out);
                steps.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                steps.push(Step::Index(i));
                collect_explodes(item, steps, out);
                steps.pop();
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::collect_explodes;

    #[test]
    fn explodes_are_those_encodings_write() {
        let data = serde_json::json!({"paths": {"/a": {"post": {"requestBody": {"content": {
            "multipart/form-data": {"encoding": {
                "a/b": {"explode": true}, "c": {"style": "form"}, "d": {"explode": false}}}}}}}}});
        let mut found = std::collections::HashMap::new();
        collect_explodes(&data, &mut Vec::new(), &mut found);
        let at = "#/paths/~1a/post/requestBody/content/multipart~1form-data/encoding";
        let mut found: Vec<_> = found.into_iter().collect();
        found.sort();
        let want = [
            (format!("{at}/a~1b/explode"), true),
            (format!("{at}/d/explode"), false),
        ];
        assert_eq!(found, want);
    }
}
