//! OpenAPI Overlay 1.0 (<https://spec.openapis.org/overlay/v1.0.0>):
//! actions applied, in order, to a spec's JSON data before it is parsed, so
//! that extensions (`x-taskgen-pagination`) can be added to a spec nobody
//! here may edit.
//!
//! Each action's `target` is an RFC 9535 JSONPath query. `update` merges an
//! object into each object it selects (members of the same name are merged
//! when both are objects, concatenated when both are arrays, replaced
//! otherwise; new members are added) or appends itself to each array it
//! selects; `remove: true` removes each selected node from its parent. A
//! target that selects nothing is a warning, as the specification
//! recommends. An overlay with `extends` applies to the spec of that file
//! name only; without it, to every spec.
//!
//! `origin` keeps track of what each action wrote, so later errors point
//! into the spec or into the overlay file, whichever the node came from.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;
use serde_json_path::JsonPath;

use crate::error::{Error, Result, SpecError};
use crate::pointer;

use super::origin::{ordered_json, Leaf, Members, Origin, Texts, Written};
use super::positions;
use super::source::Source;

/// An overlay file, read and checked.
pub struct Overlay {
    pub(super) source: Source,
    /// The file name of the spec it is for, from `extends`.
    extends: Option<String>,
    actions: Vec<Action>,
}

struct Action {
    /// `#/actions/N`
    at: String,
    target: JsonPath,
    change: Change,
}

enum Change {
    Update(Value),
    Remove,
}

/// Longest JSONPath read, and deepest nesting of brackets in it: the
/// parser recurses on nesting.
const MAX_TARGET: usize = 4096;
const MAX_NESTING: usize = 32;

impl Overlay {
    /// Reads and checks an overlay file (YAML or JSON).
    pub fn read(path: &Path) -> Result<Overlay> {
        let text =
            std::fs::read_to_string(path).map_err(|e| Error::io(path, "cannot read overlay", e))?;
        Overlay::from_text(path, text)
    }

    /// Checks overlay text as if read from `path`.
    pub(super) fn from_text(path: &Path, text: String) -> Result<Overlay> {
        let mut source = Source::new(path, text);
        let mut layout = positions::scan(&source.text);
        source.set_positions(std::mem::take(&mut layout.positions));
        let raw: Value = serde_yaml::from_str(&source.text).map_err(|e| source.yaml_error(&e))?;
        if let Some(problem) = layout.problem {
            return Err(problem.into_error(&source).into());
        }
        let (extends, actions) = Reader { source: &source }.document(&raw)?;
        Ok(Overlay {
            source,
            extends,
            actions,
        })
    }

    /// Whether this overlay is for `spec`: it names the spec's file in
    /// `extends`, or names none.
    pub(crate) fn applies_to(&self, spec: &Path) -> bool {
        match &self.extends {
            None => true,
            Some(name) => spec.file_name().is_some_and(|file| file == name.as_str()),
        }
    }
}

/// Whether any of `overlays` is for `spec`.
pub(super) fn any_applies(overlays: &[Arc<Overlay>], spec: &Path) -> bool {
    overlays.iter().any(|o| o.applies_to(spec))
}

/// Reads the overlay files, all of them even if one fails; and refuses
/// one whose `extends` names none of `specs`, which would do nothing.
pub(crate) fn read_all(paths: &[PathBuf], specs: &[PathBuf]) -> Result<Vec<Arc<Overlay>>> {
    let overlays = crate::each_spec(paths, |path| Overlay::read(path).map(Arc::new))?;
    for overlay in &overlays {
        if let Some(name) = &overlay.extends {
            if !specs.iter().any(|spec| overlay.applies_to(spec)) {
                return Err(overlay
                    .source
                    .error(
                        "#/extends",
                        format!("this overlay extends `{name}`, which is not among the specs"),
                    )
                    .with_hint("name that spec file, or drop `extends` to apply it to every spec")
                    .into());
            }
        }
    }
    Ok(overlays)
}

/// Checks the document's shape, with a located error for the first fault.
struct Reader<'a> {
    source: &'a Source,
}

impl Reader<'_> {
    fn error(&self, at: &str, message: impl Into<String>) -> Error {
        self.source.error(at, message).into()
    }

    fn document(&self, raw: &Value) -> Result<(Option<String>, Vec<Action>)> {
        let Value::Object(root) = raw else {
            return Err(self.error(
                "#",
                "an overlay is an object with `overlay`, `info` and `actions`",
            ));
        };
        match root.get("overlay") {
            Some(Value::String(version)) if is_1_0(version) => {}
            Some(Value::String(version)) => {
                return Err(self
                    .source
                    .error(
                        "#/overlay",
                        format!("overlay version `{version}` is not supported"),
                    )
                    .with_hint("taskgen reads Overlay 1.0.x documents (`overlay: 1.0.0`)")
                    .into())
            }
            Some(_) => {
                return Err(self
                    .source
                    .error("#/overlay", "`overlay` must be a version string")
                    .with_hint("quote it: `overlay: '1.0.0'`")
                    .into())
            }
            None => {
                return Err(self
                    .source
                    .error("#", "not an overlay: there is no `overlay` version field")
                    .with_hint("an Overlay 1.0 document starts with `overlay: 1.0.0`")
                    .into())
            }
        }
        self.known_keys("#", root, &["overlay", "info", "extends", "actions"])?;
        let info_ok = root.get("info").is_some_and(|info| {
            ["title", "version"]
                .iter()
                .all(|key| info.get(key).is_some_and(Value::is_string))
        });
        if !info_ok {
            return Err(self.error("#/info", "`info` needs a `title` and a `version` string"));
        }
        let extends = match root.get("extends") {
            None => None,
            Some(Value::String(uri)) => Some(file_name(uri)),
            Some(_) => return Err(self.error("#/extends", "`extends` must be a URI string")),
        };
        let actions = match root.get("actions") {
            Some(Value::Array(actions)) if !actions.is_empty() => actions,
            _ => return Err(self.error("#/actions", "`actions` must be a non-empty list")),
        };
        let actions = actions
            .iter()
            .enumerate()
            .map(|(i, action)| self.action(&format!("#/actions/{i}"), action))
            .collect::<Result<_>>()?;
        Ok((extends, actions))
    }

    fn action(&self, at: &str, raw: &Value) -> Result<Action> {
        let Value::Object(action) = raw else {
            return Err(self.error(
                at,
                "an action is an object with `target` and `update` or `remove`",
            ));
        };
        self.known_keys(at, action, &["target", "description", "update", "remove"])?;
        let target_at = pointer::join(at, "target");
        let Some(Value::String(target)) = action.get("target") else {
            return Err(self.error(&target_at, "an action needs a `target` JSONPath string"));
        };
        let target = self.target(&target_at, target)?;
        let change = match (action.get("remove"), action.get("update")) {
            // The specification: `update` has no effect when `remove` is true.
            (Some(Value::Bool(true)), _) => Change::Remove,
            (Some(Value::Bool(false)) | None, Some(update)) => Change::Update(update.clone()),
            (Some(Value::Bool(false)) | None, None) => {
                return Err(self
                    .source
                    .error(at, "this action does nothing")
                    .with_hint("give it an `update` value or `remove: true`")
                    .into())
            }
            (Some(_), _) => {
                return Err(self.error(
                    &pointer::join(at, "remove"),
                    "`remove` must be true or false",
                ))
            }
        };
        Ok(Action {
            at: at.to_string(),
            target,
            change,
        })
    }

    fn target(&self, at: &str, text: &str) -> Result<JsonPath> {
        let nesting = text
            .chars()
            .scan(0usize, |depth, c| {
                match c {
                    '[' | '(' => *depth += 1,
                    ']' | ')' => *depth = depth.saturating_sub(1),
                    _ => {}
                }
                Some(*depth)
            })
            .max()
            .unwrap_or(0);
        if text.len() > MAX_TARGET || nesting > MAX_NESTING {
            return Err(self.error(
                at,
                format!(
                    "this JSONPath is too long or too deeply nested (at most {MAX_TARGET} \
                     characters and {MAX_NESTING} levels of brackets)"
                ),
            ));
        }
        JsonPath::parse(text).map_err(|err| {
            self.source
                .error(
                    at,
                    format!(
                        "not a valid JSONPath (RFC 9535): {} at character {} of `{text}`",
                        err.message(),
                        err.position() + 1
                    ),
                )
                .with_hint(
                    "a target looks like `$.paths['/tasks'].get` or \
                     `$.paths.*[?@.operationId == 'ListTasks']`; names with characters other than \
                     letters, digits and `_` go in brackets: `$.info['x-logo']`",
                )
                .into()
        })
    }

    /// Refuses a misspelled key, which would otherwise do nothing silently.
    fn known_keys(
        &self,
        at: &str,
        object: &serde_json::Map<String, Value>,
        known: &[&str],
    ) -> Result<()> {
        match object
            .keys()
            .find(|key| !key.starts_with("x-") && !known.contains(&key.as_str()))
        {
            Some(key) => Err(self
                .source
                .error(&pointer::join(at, key), format!("unknown field `{key}`"))
                .with_hint(format!(
                    "the fields here are {}, and `x-` extensions",
                    known.join(", ")
                ))
                .into()),
            None => Ok(()),
        }
    }
}

fn is_1_0(version: &str) -> bool {
    version
        .strip_prefix("1.0.")
        .is_some_and(|patch| !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit()))
}

/// The file name a URI reference ends in (`../specs/a.yaml?x#y` is `a.yaml`).
fn file_name(uri: &str) -> String {
    let path = uri.split(['?', '#']).next().unwrap_or(uri);
    path.rsplit('/').next().unwrap_or(path).to_string()
}

/// A spec with overlays applied: where each node came from, and the
/// document as JSON text in the spec's key order, which is what gets parsed.
pub(super) struct Overlaid {
    pub(super) origin: Origin,
    pub(super) overlays: Vec<Arc<Overlay>>,
    pub(super) text: String,
}

impl Overlaid {
    /// An error about a node an action wrote, located in its overlay file.
    pub(super) fn error(&self, at: &str, written: &Written, message: String) -> SpecError {
        let Some(overlay) = self.overlays.get(written.file) else {
            return SpecError {
                file: PathBuf::new(),
                position: None,
                pointer: at.to_string(),
                message,
                hint: None,
                excerpt: None,
            };
        };
        let mut err = overlay.source.error(
            &written.pointer,
            format!(
                "{message} (this value comes from action {} of this overlay, at {})",
                written.action, written.pointer
            ),
        );
        err.pointer = at.to_string();
        err
    }
}

/// One step of a normalized path.
enum Step {
    Key(String),
    Index(usize),
}

/// Applies the overlays meant for `spec` to its data `raw`, in order.
/// Returns `None` when none is meant for it, and a warning per action
/// whose target selected nothing.
pub(super) fn apply(
    spec: &Source,
    raw: &mut Value,
    overlays: &[Arc<Overlay>],
) -> Result<(Option<Overlaid>, Vec<SpecError>)> {
    if !any_applies(overlays, &spec.path) {
        return Ok((None, Vec::new()));
    }
    let texts = Texts { spec, overlays };
    let mut origin = Origin::Leaf(Leaf::Spec("#".into()));
    let mut warnings = Vec::new();
    for (file, overlay) in overlays.iter().enumerate() {
        if !overlay.applies_to(&spec.path) {
            continue;
        }
        for (index, action) in overlay.actions.iter().enumerate() {
            let paths: Vec<Vec<Step>> = action
                .target
                .query_located(raw)
                .dedup()
                .iter()
                .map(|node| {
                    node.location()
                        .iter()
                        .map(|step| match step {
                            serde_json_path::PathElement::Name(key) => Step::Key(key.to_string()),
                            serde_json_path::PathElement::Index(i) => Step::Index(*i),
                        })
                        .collect()
                })
                .collect();
            let fail = |message: String, key: &str| -> Error {
                overlay
                    .source
                    .error(&pointer::join(&action.at, key), message)
                    .into()
            };
            if paths.is_empty() {
                warnings.push(
                    overlay
                        .source
                        .error(
                            &pointer::join(&action.at, "target"),
                            format!(
                                "this target selects nothing in {}; the action does nothing",
                                spec.path.display()
                            ),
                        )
                        .with_hint("check the path against the spec (names are case-sensitive)"),
                );
                continue;
            }
            match &action.change {
                Change::Update(update) => {
                    let written = Written {
                        file,
                        action: index,
                        pointer: pointer::join(&action.at, "update"),
                    };
                    for path in &paths {
                        let Some(node_origin) = origin_at(&mut origin, raw, path, &texts) else {
                            continue;
                        };
                        let Some(node) = value_at(raw, path) else {
                            continue;
                        };
                        merge(node, node_origin, update, &written, &texts)
                            .map_err(|message| fail(message, "update"))?;
                    }
                }
                Change::Remove => {
                    // Last first, so the indices of the others stay valid.
                    for path in paths.iter().rev() {
                        let Some((last, parent)) = path.split_last() else {
                            return Err(fail("cannot remove the whole document".into(), "target"));
                        };
                        remove(raw, &mut origin, parent, last, &texts);
                    }
                }
            }
        }
    }
    let text = ordered_json(raw, &origin, &texts);
    Ok((
        Some(Overlaid {
            origin,
            overlays: overlays.to_vec(),
            text,
        }),
        warnings,
    ))
}

fn value_at<'v>(value: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    path.iter()
        .try_fold(value, |node, step| match (node, step) {
            (Value::Object(map), Step::Key(key)) => map.get_mut(key),
            (Value::Array(items), Step::Index(i)) => items.get_mut(*i),
            _ => None,
        })
}

/// The origin of the node at `path`, splitting leaves on the way.
fn origin_at<'o>(
    origin: &'o mut Origin,
    raw: &Value,
    path: &[Step],
    texts: &Texts<'_>,
) -> Option<&'o mut Origin> {
    let mut origin = origin;
    let mut value = raw;
    for step in path {
        let (next, token) = match (value, step) {
            (Value::Object(map), Step::Key(key)) => (map.get(key), key.clone()),
            (Value::Array(items), Step::Index(i)) => (items.get(*i), i.to_string()),
            _ => (None, String::new()),
        };
        origin = origin.member(value, &token, texts)?;
        value = next?;
    }
    Some(origin)
}

/// Merges `update` (written at `written`) into `node`: into an object
/// member by member, onto an array as one more item.
fn merge(
    node: &mut Value,
    origin: &mut Origin,
    update: &Value,
    written: &Written,
    texts: &Texts<'_>,
) -> std::result::Result<(), String> {
    let Some(members) = origin.members(node, texts) else {
        return Err(format!(
            "the target is {}: `update` merges into objects and appends to arrays, so \
             target the object that holds this value",
            kind(node)
        ));
    };
    let written_here = || Origin::Leaf(Leaf::Overlay(written.clone()));
    match (node, members, update) {
        (Value::Array(items), Members::Array(origins), entry) => {
            items.push(entry.clone());
            origins.push(written_here());
        }
        (Value::Object(target), Members::Object(origins), Value::Object(fields)) => {
            for key in texts.keys_in_order(&Leaf::Overlay(written.clone()), fields) {
                let value = &fields[key.as_str()];
                let child = written.child(key);
                let member = origins
                    .entry(key.clone())
                    .or_insert_with(|| Origin::Leaf(Leaf::Overlay(child.clone())));
                match target.get_mut(key.as_str()) {
                    Some(existing) if existing.is_object() && value.is_object() => {
                        merge(existing, member, value, &child, texts)?;
                    }
                    Some(existing) if existing.is_array() && value.is_array() => {
                        for (i, item) in value.as_array().into_iter().flatten().enumerate() {
                            merge(existing, member, item, &child.child(&i.to_string()), texts)?;
                        }
                    }
                    _ => {
                        target.insert(key.clone(), value.clone());
                        *member = Origin::Leaf(Leaf::Overlay(child));
                    }
                }
            }
        }
        (Value::Object(_), _, other) => {
            return Err(format!(
                "the target is an object, so `update` must be an object, not {}",
                kind(other)
            ))
        }
        (node, ..) => {
            return Err(format!(
                "the target is {}, which cannot be updated",
                kind(node)
            ))
        }
    }
    Ok(())
}

/// Removes the member `last` of the node at `parent`.
fn remove(raw: &mut Value, origin: &mut Origin, parent: &[Step], last: &Step, texts: &Texts<'_>) {
    let Some(parent_origin) = origin_at(origin, raw, parent, texts) else {
        return;
    };
    let Some(parent_value) = value_at(raw, parent) else {
        return;
    };
    let Some(members) = parent_origin.members(parent_value, texts) else {
        return;
    };
    match (parent_value, members, last) {
        (Value::Object(map), Members::Object(origins), Step::Key(key)) => {
            map.remove(key);
            origins.shift_remove(key);
        }
        (Value::Array(items), Members::Array(origins), Step::Index(i)) if *i < items.len() => {
            items.remove(*i);
            if *i < origins.len() {
                origins.remove(*i);
            }
        }
        _ => {}
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Object(_) => "an object",
        Value::Array(_) => "an array",
        Value::String(_) => "a string",
        Value::Number(_) => "a number",
        Value::Bool(_) => "a boolean",
        Value::Null => "null",
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::super::fixtures::MINIMAL;
    use super::super::{read_text_with, LoadedSpec};
    use super::Overlay;
    use crate::error::{Error, Result, SpecError};

    fn overlay(text: &str) -> Result<Overlay> {
        Overlay::from_text(Path::new("overlay.yaml"), text.to_string())
    }

    fn overlay_error(text: &str) -> SpecError {
        match overlay(text) {
            Err(Error::Spec(err)) => *err,
            Err(other) => panic!("expected a located error, got {other}"),
            Ok(_) => panic!("the overlay was accepted"),
        }
    }

    /// MINIMAL with the overlay whose actions are `actions` applied.
    fn apply(actions: &str) -> Result<LoadedSpec> {
        let text = format!("overlay: 1.0.0\ninfo: {{title: O, version: '1'}}\nactions:\n{actions}");
        let overlay = Arc::new(overlay(&text)?);
        read_text_with(
            Path::new("spec.yaml"),
            MINIMAL.to_string(),
            &[overlay],
            true,
        )?
        .parse(true)
    }

    fn apply_error(actions: &str) -> SpecError {
        match apply(actions) {
            Err(Error::Spec(err)) => *err,
            other => panic!("expected a located error, got {other:?}"),
        }
    }

    fn applied(actions: &str) -> LoadedSpec {
        apply(actions).unwrap_or_else(|err| panic!("{err}"))
    }

    #[test]
    fn update_merges_objects_deeply_appends_to_arrays_and_replaces_scalars() {
        let spec = applied(
            "  - target: $.components.schemas.Task
    update:
      description: A task.
      properties:
        id: {type: integer}
        name: {type: string}
      required: [id]
  - target: $.components.schemas.Task
    update:
      required: [name]
",
        );
        let task = &spec.raw["components"]["schemas"]["Task"];
        assert_eq!(task["description"], "A task.");
        assert_eq!(task["properties"]["id"]["type"], "integer");
        assert_eq!(task["properties"]["name"]["type"], "string");
        // Merged, not replaced: the example nobody touched is still there.
        assert_eq!(
            task["properties"]["id"]["example"],
            serde_json::json!({"$ref": "not-a-ref"})
        );
        assert_eq!(task["required"], serde_json::json!(["id", "name"]));
        let Some(openapiv3::ReferenceOr::Item(schema)) =
            spec.doc.components.as_ref().unwrap().schemas.get("Task")
        else {
            panic!("Task is gone")
        };
        let openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) = &schema.schema_kind
        else {
            panic!("Task is no longer an object")
        };
        // The spec's order first, then what the overlay added.
        let names: Vec<_> = object.properties.keys().collect();
        assert_eq!(names, ["id", "name"]);
    }

    #[test]
    fn update_on_an_array_appends_the_value_and_the_document_keeps_its_order() {
        let spec = applied(
            "  - target: $.paths['/v2/tasks'].get.parameters
    update: {name: page, in: query, schema: {type: integer}}
  - target: $.paths
    update:
      /v1/a: {}
",
        );
        let params = &spec.doc.paths.paths["/v2/tasks"].as_item().unwrap().get;
        let names: Vec<_> = params
            .as_ref()
            .unwrap()
            .parameters
            .iter()
            .map(|p| match p {
                openapiv3::ReferenceOr::Item(p) => p.parameter_data_ref().name.clone(),
                openapiv3::ReferenceOr::Reference { reference } => reference.clone(),
            })
            .collect();
        assert_eq!(names, ["marker", "#/components/parameters/MaxSize", "page"]);
        let paths: Vec<_> = spec.doc.paths.paths.keys().collect();
        assert_eq!(paths, ["/v2/tasks", "/v1/a"]);
    }

    #[test]
    fn remove_takes_out_members_and_array_items_selected_by_a_filter() {
        let spec = applied(
            "  - target: $.paths.*.get.parameters[?@.in == 'query' && @.name == 'marker']
    remove: true
  - target: $.components.schemas.Task.properties.id.example
    remove: true
",
        );
        let params = &spec.raw["paths"]["/v2/tasks"]["get"]["parameters"];
        assert_eq!(
            params,
            &serde_json::json!([{"$ref": "#/components/parameters/MaxSize"}])
        );
        assert!(
            spec.raw["components"]["schemas"]["Task"]["properties"]["id"]
                .get("example")
                .is_none()
        );
        // The `$ref` moved from item 1 to item 0: an error there still points
        // at its line in the spec.
        let err = spec.error("#/paths/~1v2~1tasks/get/parameters/0/$ref", "boom");
        assert_eq!(err.file, Path::new("spec.yaml"));
        assert_eq!(
            err.excerpt.as_ref().map(|excerpt| excerpt.text.trim()),
            Some("- $ref: '#/components/parameters/MaxSize'")
        );
    }

    #[test]
    fn errors_in_what_an_overlay_wrote_point_into_the_overlay() {
        let spec = applied(
            "  - target: $.paths['/v2/tasks'].get
    update:
      x-taskgen-pagination:
        style: sideways
",
        );
        let err = spec.error(
            "#/paths/~1v2~1tasks/get/x-taskgen-pagination/style",
            "unknown style",
        );
        assert_eq!(err.file, Path::new("overlay.yaml"));
        assert_eq!(err.position, Some((7, 9)));
        assert_eq!(
            err.pointer,
            "#/paths/~1v2~1tasks/get/x-taskgen-pagination/style"
        );
        assert!(
            err.message
                .contains("comes from action 0 of this overlay, at #/actions/0/update/x-taskgen-pagination/style"),
            "{}",
            err.message
        );
        // A node the overlay did not write is still found in the spec.
        assert_eq!(
            spec.error("#/paths/~1v2~1tasks/get/operationId", "x")
                .position,
            Some((8, 7))
        );
    }

    #[test]
    fn a_target_that_selects_nothing_is_a_warning() {
        let spec = applied("  - target: $.paths['/nowhere']\n    remove: true\n");
        let [warning] = &spec.warnings[..] else {
            panic!("{:?}", spec.warnings)
        };
        assert_eq!(warning.file, Path::new("overlay.yaml"));
        assert_eq!(warning.pointer, "#/actions/0/target");
        assert_eq!(warning.position, Some((4, 5)));
        assert!(
            warning.message.contains("selects nothing in spec.yaml"),
            "{}",
            warning.message
        );
    }

    #[test]
    fn a_bad_jsonpath_is_a_located_error() {
        let err = apply_error("  - target: $.paths[?@.x ==]\n    remove: true\n");
        assert_eq!(err.file, Path::new("overlay.yaml"));
        assert_eq!(err.pointer, "#/actions/0/target");
        assert_eq!(err.position, Some((4, 5)));
        assert!(
            err.message.starts_with("not a valid JSONPath (RFC 9535)"),
            "{}",
            err.message
        );
        let deep = format!("{}1{}", "[".repeat(40), "]".repeat(40));
        let err = apply_error(&format!("  - target: $.a{deep}\n    remove: true\n"));
        assert!(err.message.contains("too deeply nested"), "{}", err.message);
    }

    #[test]
    fn only_overlay_1_0_documents_are_read() {
        let body = "info: {title: O, version: '1'}\nactions:\n  - {target: $.info, remove: true}\n";
        let err = overlay_error(&format!("overlay: 1.1.0\n{body}"));
        assert_eq!(
            (err.pointer.as_str(), err.position),
            ("#/overlay", Some((1, 1)))
        );
        assert!(
            err.message.contains("`1.1.0` is not supported"),
            "{}",
            err.message
        );
        assert!(overlay_error(body).message.contains("no `overlay` version"));
        let openapi = overlay_error("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n");
        assert!(
            openapi.message.contains("not an overlay"),
            "{}",
            openapi.message
        );
        assert!(overlay(&format!("overlay: 1.0.0\n{body}")).is_ok());
    }

    #[test]
    fn misspelled_or_empty_actions_are_refused() {
        let head = "overlay: 1.0.0\ninfo: {title: O, version: '1'}\n";
        let err = overlay_error(&format!(
            "{head}actions:\n  - {{target: $.info, updte: {{}}}}\n"
        ));
        assert_eq!(err.pointer, "#/actions/0/updte");
        assert!(err.message.contains("unknown field"), "{}", err.message);
        let err = overlay_error(&format!("{head}actions:\n  - {{target: $.info}}\n"));
        assert!(err.message.contains("does nothing"), "{}", err.message);
        let err = overlay_error(&format!("{head}actions: []\n"));
        assert_eq!(err.pointer, "#/actions");
    }

    #[test]
    fn update_of_a_scalar_or_with_the_wrong_shape_is_refused() {
        let err = apply_error("  - target: $.info.title\n    update: X\n");
        assert_eq!(err.pointer, "#/actions/0/update");
        assert!(
            err.message.contains("the target is a string"),
            "{}",
            err.message
        );
        let err = apply_error("  - target: $.info\n    update: [1]\n");
        assert!(
            err.message.contains("must be an object, not an array"),
            "{}",
            err.message
        );
    }

    #[test]
    fn extends_limits_an_overlay_to_its_spec() {
        let text = "overlay: 1.0.0\ninfo: {title: O, version: '1'}\nextends: ../specs/other.yaml\n\
                    actions:\n  - {target: $.info, update: {x-seen: true}}\n";
        let overlay = Arc::new(overlay(text).unwrap());
        assert!(overlay.applies_to(Path::new("x/other.yaml")));
        let spec = read_text_with(
            Path::new("spec.yaml"),
            MINIMAL.to_string(),
            std::slice::from_ref(&overlay),
            true,
        )
        .and_then(|read| read.parse(true))
        .unwrap();
        assert!(spec.raw["info"].get("x-seen").is_none());
        assert_eq!(spec.text(), MINIMAL, "no overlay applied");
    }
}
