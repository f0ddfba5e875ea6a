//! What lowering needs from the spec's JSON data (`LoadedSpec::raw`)
//! rather than from the typed document, read before lowering: generation
//! lets go of the data once it has these, before the typed document is
//! read (see `diff::Spec::read_with`).

use std::collections::HashMap;

use serde_json::Value;

use super::{document, extensions, operations};
use crate::error::{Result, SpecError};
use crate::load::data::Data;
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
    pub fn read(data: &impl Data, error: &dyn Fn(&str, String) -> SpecError) -> Result<RawFacts> {
        extensions::check_unknown(data, error)?;
        operations::check_leading_slashes(data, error)?;
        let mut explodes = HashMap::new();
        collect_explodes(data, &mut Vec::new(), &mut explodes);
        let targets = refs::targets(data)
            .map(|target| pointer::from_ref(target).into_owned())
            .filter(|at| document::component(at).is_none())
            .filter_map(|at| Some((at.clone(), lookup::resolve(data, &at)?.to_value())))
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
fn collect_explodes<'a, D: Data>(
    node: &'a D,
    steps: &mut Vec<Step<'a>>,
    out: &mut HashMap<String, bool>,
) {
    if let Some(members) = node.members() {
        let encodings = node.get("encoding").and_then(D::members);
        for (property, encoding) in encodings.into_iter().flatten() {
            if let Some(explode) = encoding.get("explode").and_then(D::as_bool) {
                let mut at = pointer::of_steps(steps);
                for token in ["encoding", property, "explode"] {
                    pointer::push(&mut at, token);
                }
                out.insert(at, explode);
            }
        }
        for (key, value) in members {
            steps.push(Step::Key(key));
            collect_explodes(value, steps, out);
            steps.pop();
        }
    } else if let Some(items) = node.items() {
        for (i, item) in items.iter().enumerate() {
            steps.push(Step::Index(i));
            collect_explodes(item, steps, out);
            steps.pop();
        }
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
