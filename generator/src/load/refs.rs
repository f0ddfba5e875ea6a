//! Refuses `$ref`s that leave the document or lead nowhere: `lower` reads
//! one self-contained file and must be able to follow every reference.

use std::collections::HashSet;

use crate::error::{Result, SpecError};
use crate::pointer::{self, Step};

use super::data::Data;
use super::lookup::{ancestors, resolve};
use super::source::Source;

/// The sections of `components`, each a map of named components.
pub(crate) const COMPONENT_SECTIONS: &[&str] = &[
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
];

/// Keys whose members are named by the user, not by the OpenAPI format: a
/// member there called `example` or `x-foo` is an ordinary member.
fn is_named_map(key: &str) -> bool {
    COMPONENT_SECTIONS.contains(&key)
        || matches!(
            key,
            "properties" | "paths" | "content" | "encoding" | "variables" | "mapping"
        )
}

/// Keys whose values are free-form data, where `$ref` means nothing, in
/// an object that is not a [named map](is_named_map).
fn is_free_form(key: &str) -> bool {
    matches!(key, "example" | "default" | "enum" | "value") || key.starts_with("x-")
}

/// Every `$ref` must point into this document, at something that exists:
/// `lower` reads one self-contained file.
pub(super) fn check_refs(source: &Source, raw: &impl Data) -> Result<()> {
    match ref_problems(source, raw).into_iter().next() {
        Some(err) => Err(err.into()),
        None => Ok(()),
    }
}

/// The target of every `$ref` in `raw` (as written, not decoded).
pub(crate) fn targets(raw: &impl Data) -> impl Iterator<Item = &str> {
    let mut targets = Vec::new();
    each_ref(raw, &mut Vec::new(), None, &mut |_, target| {
        targets.push(target)
    });
    targets.into_iter()
}

/// Every `$ref` that leaves the document or leads nowhere, in text order
/// (whatever the order of the JSON object keys).
pub(super) fn ref_problems(source: &Source, raw: &impl Data) -> Vec<SpecError> {
    let mut problems = Vec::new();
    // Most targets are many `$ref`s': each is resolved once.
    let mut resolved = HashSet::new();
    each_ref(raw, &mut Vec::new(), None, &mut |steps, target| {
        if resolved.contains(target) {
            return;
        }
        let at = || pointer::join(&pointer::of_steps(steps), "$ref");
        match ref_problem(source, raw, &at, target) {
            Some(problem) => problems.push(problem),
            None => {
                resolved.insert(target);
            }
        }
    });
    problems.sort_by_key(|e| (e.position.is_none(), e.position));
    problems
}

/// Calls `found` with each `$ref` member's target and the steps to the
/// object that holds it. The steps are one stack for the whole walk: a
/// pointer is made only when a caller needs one.
fn each_ref<'a, D: Data>(
    node: &'a D,
    steps: &mut Vec<Step<'a>>,
    key: Option<&str>,
    found: &mut impl FnMut(&[Step<'a>], &'a str),
) {
    if let Some(members) = node.members() {
        let named = key.is_some_and(is_named_map);
        if let (false, Some(target)) = (named, node.get("$ref").and_then(D::as_str)) {
            found(steps, target);
        }
        for (child_key, child) in members {
            if named || !is_free_form(child_key) {
                steps.push(Step::Key(child_key));
                each_ref(child, steps, Some(child_key), found);
                steps.pop();
            }
        }
    } else if let Some(items) = node.items() {
        for (i, item) in items.iter().enumerate() {
            steps.push(Step::Index(i));
            each_ref(item, steps, None, found);
            steps.pop();
        }
    }
}

/// What is wrong with the `$ref` at `at` (made only for a problem).
fn ref_problem(
    source: &Source,
    raw: &impl Data,
    at: &dyn Fn() -> String,
    target: &str,
) -> Option<SpecError> {
    if !target.starts_with("#/") {
        let message = if target.starts_with('#') {
            format!("`$ref: {target}` is not a JSON pointer into this document")
        } else {
            format!("`$ref: {target}` points outside this document")
        };
        return Some(source.error(&at(), message).with_hint(
            "taskgen reads one self-contained file: copy the definition under `#/components/...` \
             and refer to it as `#/components/schemas/Name`",
        ));
    }
    let decoded = pointer::from_ref(target);
    if resolve(raw, &decoded).is_some() {
        return None;
    }
    let found = ancestors(&decoded)
        .skip(1)
        .find(|p| resolve(raw, p).is_some())
        .unwrap_or("#");
    let missing = decoded.get(found.len() + 1..).unwrap_or(&decoded);
    Some(
        source
            .error(
                &at(),
                format!("`$ref` target `{target}` does not exist: `{found}` has no `{missing}`"),
            )
            .with_hint("fix the name in the `$ref`, or add the definition it names"),
    )
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{edited, load_text, spec_error};

    #[test]
    fn refuses_external_refs() {
        let err = spec_error(&edited(
            "'#/components/schemas/Task'",
            "'common.yaml#/Task'",
        ));
        let at = "#/paths/~1v2~1tasks/get/responses/200/content/application~1json/schema/$ref";
        assert_eq!((err.pointer.as_str(), err.position), (at, Some((21, 17))));
        assert!(
            err.message.contains("common.yaml#/Task` points outside"),
            "{}",
            err.message
        );
        assert_eq!(
            err.excerpt.as_ref().map(|excerpt| excerpt.text.as_str()),
            Some("                $ref: 'common.yaml#/Task'")
        );
        assert!(err.hint.is_some());
    }

    #[test]
    fn refuses_unresolved_refs_at_the_ref() {
        let err = spec_error(&edited(
            "'#/components/parameters/MaxSize'",
            "'#/components/parameters/MaxSise'",
        ));
        assert_eq!(err.pointer, "#/paths/~1v2~1tasks/get/parameters/1/$ref");
        assert_eq!(err.position, Some((14, 11)));
        assert!(
            err.message
                .contains("`#/components/parameters/MaxSise` does not exist"),
            "{}",
            err.message
        );
        assert!(
            err.message
                .contains("`#/components/parameters` has no `MaxSise`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn percent_encoded_refs_resolve() {
        load_text(&edited(
            "'#/components/schemas/Task'",
            "'#/components/schemas/T%61sk'",
        ))
        .unwrap();
    }

    #[test]
    fn refs_that_do_not_decode_are_reported_as_written() {
        let err = spec_error(&edited(
            "'#/components/schemas/Task'",
            "'#/components/schemas/T%FFsk'",
        ));
        assert!(
            err.message.contains("`#/components/schemas/T%FFsk`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn ignores_ref_keys_inside_examples_and_extensions() {
        // MINIMAL has `example: {$ref: not-a-ref}`; a property may be named `$ref` too.
        let text = edited("        id:", "        $ref: {type: string}\n        id:");
        let text = text.replacen(
            "      type: object",
            "      type: object\n      x-data: {$ref: nowhere}",
            1,
        );
        load_text(&text).unwrap();
    }
}
