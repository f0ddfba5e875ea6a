//! JSON-level rewrites that run before openapiv3 reads the document, so that
//! what it would refuse but taskgen can read is read, with a warning:
//! OpenAPI 3.1 constructs (see `openapi31`), callbacks (never generated, and
//! openapiv3 cannot read a `$ref` among them) and numbers or booleans where
//! a schema keyword wants a string (`pattern: 0` is dropped, `format: 3`
//! read as `"3"`).
//!
//! Every rewrite keeps the pointer of every node it leaves in place, so the
//! position map of the text still locates them.

use serde_json::{Map, Value};

use crate::error::SpecError;
use crate::pointer;

use super::data::{Data, Kind};
use super::openapi31;
use super::source::Source;

/// What normalizing changed, one note per kind of change.
#[derive(Default)]
pub(super) struct Notes {
    notes: Vec<Note>,
    /// Whether the data differs from the text, which then cannot be read
    /// again in its place.
    pub(super) changed: bool,
}

struct Note {
    kind: &'static str,
    pointer: String,
    message: String,
    count: usize,
}

impl Notes {
    /// Records one change of `kind` at `pointer`. Only the first place of a
    /// kind is reported (with the number of the others): a spec that writes
    /// `pattern: 0` a hundred times gets one warning, not a hundred.
    pub(super) fn note(
        &mut self,
        kind: &'static str,
        pointer: &str,
        message: impl FnOnce() -> String,
    ) {
        self.changed = true;
        match self.notes.iter_mut().find(|n| n.kind == kind) {
            Some(note) => note.count += 1,
            None => self.notes.push(Note {
                kind,
                pointer: pointer.to_string(),
                message: message(),
                count: 1,
            }),
        }
    }

    fn into_warnings(self, source: &Source) -> Vec<SpecError> {
        self.notes
            .into_iter()
            .map(|note| {
                let message = match note.count {
                    1 => note.message,
                    2 => format!("{} (here and in 1 other place)", note.message),
                    n => format!("{} (here and in {} other places)", note.message, n - 1),
                };
                source.error(&note.pointer, message)
            })
            .collect()
    }
}

/// Rewrites `raw` in place; returns whether anything changed and the
/// warnings to show.
pub(super) fn normalize(source: &Source, raw: &mut Value) -> (bool, Vec<SpecError>) {
    let v31 = openapi31::is_3_1(raw);
    let mut notes = Notes::default();
    if v31 {
        openapi31::document(raw, &mut notes);
    }
    let mut walk = Walk {
        notes: &mut notes,
        v31,
    };
    walk.structure(raw, &mut "#".to_string());
    (notes.changed, notes.into_warnings(source))
}

/// Whether [`normalize`] may rewrite `raw`, for data read in a form it
/// cannot rewrite: true of every document it rewrites, and of a few more.
/// Each rewrite is looked for in every object, data or structure: an
/// OpenAPI 3.1 document, a `callbacks` member, a string keyword (or
/// `pattern`) that is a number or a boolean.
pub(super) fn may_change<D: Data>(raw: &D) -> bool {
    fn rewritten<D: Data>(node: &D) -> bool {
        if let Some(mut members) = node.members() {
            members.any(|(key, value)| match key {
                "callbacks" => true,
                // A property may be named `description`: its schema is
                // looked in too.
                _ if key == "pattern" || STRING_KEYWORDS.contains(&key) => {
                    matches!(value.kind(), Kind::Number | Kind::Bool) || rewritten(value)
                }
                _ => rewritten(value),
            })
        } else {
            node.items()
                .is_some_and(|items| items.iter().any(rewritten))
        }
    }
    openapi31::is_3_1(raw) || rewritten(raw)
}

/// Keys whose values are data, not OpenAPI structure.
fn is_data(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "enum" | "const") || key.starts_with("x-")
}

/// Schema keywords whose value is a string: a number or boolean there is
/// read as its text (`format: 3` as `"3"`).
const STRING_KEYWORDS: [&str; 3] = ["format", "title", "description"];

struct Walk<'n> {
    notes: &'n mut Notes,
    v31: bool,
}

/// Runs `f` with `token` appended to the pointer `at` (one buffer for the
/// whole walk: a large spec has millions of nodes), then restores it.
fn within<R>(at: &mut String, token: &str, f: impl FnOnce(&mut String) -> R) -> R {
    let len = at.len();
    pointer::push(at, token);
    let result = f(at);
    at.truncate(len);
    result
}

impl Walk<'_> {
    /// Structure outside schemas: finds the schemas, drops callbacks.
    fn structure(&mut self, node: &mut Value, at: &mut String) {
        match node {
            Value::Object(map) => {
                self.drop_callbacks(map, at);
                let schemas_map = at == "#/components/schemas";
                for (key, value) in map.iter_mut() {
                    if is_data(key) {
                        continue;
                    }
                    if schemas_map || key == "schema" {
                        within(at, key, |at| self.schema(value, at));
                    } else {
                        within(at, key, |at| self.structure(value, at));
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    within(at, &i.to_string(), |at| self.structure(item, at));
                }
            }
            _ => {}
        }
    }

    /// Callbacks are not generated; openapiv3 cannot read a `$ref` among
    /// them (and 3.1 ones hold 3.1 schemas), so they go before it reads.
    fn drop_callbacks(&mut self, map: &mut Map<String, Value>, at: &str) {
        let is_operation = map.contains_key("responses") || map.contains_key("operationId");
        if (is_operation || at == "#/components") && map.contains_key("callbacks") {
            map.remove("callbacks");
            self.notes
                .note("callbacks", &pointer::join(at, "callbacks"), || {
                    "callbacks are not generated: ignored".to_string()
                });
        }
    }

    /// A schema and the schemas inside it.
    fn schema(&mut self, node: &mut Value, at: &mut String) {
        if self.v31 {
            openapi31::boolean_schema(node, self.notes);
        }
        let Value::Object(map) = node else { return };
        if self.v31 {
            openapi31::schema(map, at, self.notes);
        }
        self.string_keywords(map, at);
        for (key, value) in map.iter_mut() {
            match (key.as_str(), value) {
                ("properties" | "$defs", Value::Object(children)) => within(at, key, |at| {
                    for (name, child) in children.iter_mut() {
                        within(at, name, |at| self.schema(child, at));
                    }
                }),
                ("additionalProperties", Value::Bool(_)) => {}
                ("items" | "additionalProperties" | "not", value) => {
                    within(at, key, |at| self.schema(value, at));
                }
                ("allOf" | "oneOf" | "anyOf", Value::Array(parts)) => within(at, key, |at| {
                    for (i, part) in parts.iter_mut().enumerate() {
                        within(at, &i.to_string(), |at| self.schema(part, at));
                    }
                }),
                _ => {}
            }
        }
    }

    /// A `pattern` that is not a string (`pattern: 0`) is no regular
    /// expression: checking values against its text would be wrong, so it
    /// is dropped. Other string keywords are read as their text.
    fn string_keywords(&mut self, map: &mut Map<String, Value>, at: &str) {
        if let Some(pattern @ (Value::Number(_) | Value::Bool(_))) = map.get("pattern") {
            let text = pattern.to_string();
            self.notes
                .note("pattern", &pointer::join(at, "pattern"), || {
                    format!("`pattern` is {text}, not a regular expression string: ignored")
                });
            map.remove("pattern");
        }
        for key in STRING_KEYWORDS {
            let Some(value @ (Value::Number(_) | Value::Bool(_))) = map.get_mut(key) else {
                continue;
            };
            let text = value.to_string();
            self.notes.note(key, &pointer::join(at, key), || {
                format!("`{key}` is {text}, not a string: read as the string \"{text}\"")
            });
            *value = Value::String(text);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::Value;

    use super::super::fixtures::{edited, load_text, MINIMAL};
    use super::super::source::Source;

    /// Each rewrite is foreseen by `may_change`, which lets data be read
    /// in a form `normalize` cannot rewrite; a spec with none is not.
    #[test]
    fn may_change_foresees_every_rewrite() {
        let texts = [
            edited("id: {type: string,", "id: {type: string, pattern: 0,"),
            edited("id: {type: string,", "id: {type: string, title: true,"),
            edited(
                "        id: {",
                "        description: {pattern: 1}\n        id: {",
            ),
            edited(
                "schema: {type: integer,",
                "schema: {type: integer, description: 3,",
            ),
            edited("      responses:", "      callbacks: {}\n      responses:"),
            edited("components:\n", "components:\n  callbacks: {}\n"),
            MINIMAL.replace("3.0.3", "3.1.0"),
        ];
        for text in texts.iter().map(String::as_str).chain([MINIMAL]) {
            let mut raw: Value = serde_yaml::from_str(text).unwrap();
            let foreseen = super::may_change(&raw);
            let source = Source::new(Path::new("spec.yaml"), text.to_string());
            let (changed, _) = super::normalize(&source, &mut raw);
            assert_eq!(foreseen, text != MINIMAL, "{text}");
            assert!(foreseen || !changed, "{text}");
        }
    }

    #[test]
    fn drops_a_pattern_that_is_not_a_string() {
        let text = edited(
            "id: {type: string,",
            "id: {type: string, pattern: 0, format: 3,",
        );
        let spec = load_text(&text).unwrap();
        let [pattern, format] = spec.warnings.as_slice() else {
            panic!("{:?}", spec.warnings)
        };
        assert_eq!(
            pattern.pointer,
            "#/components/schemas/Task/properties/id/pattern"
        );
        assert_eq!(pattern.position, Some((32, 28)));
        assert!(
            pattern
                .message
                .contains("`pattern` is 0, not a regular expression"),
            "{}",
            pattern.message
        );
        assert!(format.message.contains("read as the string \"3\""));
        let schema = &spec.raw["components"]["schemas"]["Task"]["properties"]["id"];
        assert!(schema.get("pattern").is_none());
        assert_eq!(schema["format"], "3");
    }

    #[test]
    fn example_data_is_left_alone() {
        let text = edited("example: {$ref: not-a-ref}", "example: {pattern: 0}");
        let spec = load_text(&text).unwrap();
        assert!(spec.warnings.is_empty(), "{:?}", spec.warnings);
        let id = &spec.raw["components"]["schemas"]["Task"]["properties"]["id"];
        assert_eq!(id["example"]["pattern"], 0);
    }

    #[test]
    fn drops_callbacks_with_one_warning() {
        let callbacks = "      callbacks:\n        \
            onDone: {$ref: '#/components/callbacks/Done'}\n        \
            onFail: {$ref: '#/components/callbacks/Done'}\n      responses:";
        let text = edited("      responses:", callbacks).replace(
            "components:\n",
            "components:\n  callbacks:\n    Done:\n      '{$request.body#/url}': {}\n",
        );
        let spec = load_text(&text).unwrap();
        let [warning] = spec.warnings.as_slice() else {
            panic!("{:?}", spec.warnings)
        };
        // Keys are walked in sorted order: `components` before `paths`.
        assert_eq!(warning.pointer, "#/components/callbacks");
        assert_eq!(warning.position, Some((26, 3)));
        assert!(
            warning.message.contains("here and in 1 other place"),
            "{}",
            warning.message
        );
        assert!(spec.raw["components"].get("callbacks").is_none());
    }
}
