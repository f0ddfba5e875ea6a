//! Every example, default and enum value in the specs conforms to its schema,
//! and every seed document's sample response is its operation's example and
//! conforms to the response schema.
//!
//! OpenAPI 3.0 schemas are a dialect of JSON Schema draft 4 (boolean
//! `exclusiveMinimum`, ECMA-262 patterns) plus `nullable`; they are checked
//! with a draft 4 validator after `nullable` is rewritten into a type union.

use std::path::Path;

use serde_json::{Map, Value};
use taskgen::lint::json_schema::to_json_schema;
use taskgen_tests::{load_spec, pinned_data, repo_root, spec_paths, SEED_SAMPLES};

/// Keys under which a value is data, not schema: never descended into.
const DATA_KEYS: [&str; 4] = ["example", "examples", "default", "enum"];

/// Checks values against schemas of one spec, with its components in scope
/// so that `#/components/schemas/...` references resolve.
struct SpecChecker {
    components: Value,
    checked: usize,
    failures: Vec<String>,
}

impl SpecChecker {
    fn new(spec: &Value) -> Self {
        SpecChecker {
            components: to_json_schema(spec.get("components").unwrap_or(&Value::Null)),
            checked: 0,
            failures: Vec::new(),
        }
    }

    fn check(&mut self, pointer: &str, what: &str, schema: &Value, instance: &Value) {
        let mut root = match to_json_schema(schema) {
            Value::Object(map) => map,
            other => {
                self.failures
                    .push(format!("{pointer}: schema is not an object: {other}"));
                return;
            }
        };
        root.insert("components".into(), self.components.clone());
        let validator = match jsonschema::draft4::options()
            .should_validate_formats(true)
            .build(&Value::Object(root))
        {
            Ok(validator) => validator,
            Err(err) => {
                self.failures
                    .push(format!("{pointer}: schema does not compile: {err}"));
                return;
            }
        };
        self.checked += 1;
        for err in validator.iter_errors(instance) {
            self.failures.push(format!(
                "{pointer}: {what} {instance} fails at {}: {err}",
                err.instance_path()
            ));
        }
    }

    /// Walks the document: checks `example`, `examples`, `default` and
    /// `enum` wherever they sit next to (or inside) a schema.
    fn walk(&mut self, node: &Value, pointer: &str) {
        let Value::Object(map) = node else {
            if let Value::Array(items) = node {
                for (i, item) in items.iter().enumerate() {
                    self.walk(item, &format!("{pointer}/{i}"));
                }
            }
            return;
        };
        // A parameter, header or media type: its examples belong to `schema`.
        if let Some(schema) = map.get("schema") {
            if let Some(example) = map.get("example") {
                self.check(pointer, "example", schema, example);
            }
            if let Some(Value::Object(examples)) = map.get("examples") {
                for (name, example) in examples {
                    if let Some(value) = example.get("value") {
                        let at = format!("{pointer}/examples/{}", escape(name));
                        self.check(&at, "example", schema, value);
                    }
                }
            }
        } else if is_schema(map) {
            let mut bare = map.clone();
            for key in DATA_KEYS {
                bare.remove(key);
            }
            let bare = Value::Object(bare);
            if let Some(example) = map.get("example") {
                self.check(pointer, "example", node, example);
            }
            if let Some(default) = map.get("default") {
                self.check(pointer, "default", node, default);
            }
            if let Some(Value::Array(values)) = map.get("enum") {
                for value in values {
                    self.check(pointer, "enum value", &bare, value);
                }
            }
        }
        for (key, value) in map {
            if !DATA_KEYS.contains(&key.as_str()) && !key.starts_with("x-") {
                self.walk(value, &format!("{pointer}/{}", escape(key)));
            }
        }
    }
}

fn is_schema(map: &Map<String, Value>) -> bool {
    [
        "type",
        "$ref",
        "properties",
        "items",
        "allOf",
        "oneOf",
        "anyOf",
        "enum",
    ]
    .iter()
    .any(|key| map.contains_key(*key))
}

/// JSON pointer escaping of one reference token.
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// The operation object with this `operationId`, and its JSON pointer.
fn find_operation<'a>(spec: &'a Value, operation_id: &str) -> Option<(String, &'a Value)> {
    let paths = spec.get("paths")?.as_object()?;
    paths.iter().find_map(|(path, item)| {
        item.as_object()?.iter().find_map(|(method, operation)| {
            (operation.get("operationId")? == operation_id)
                .then(|| (format!("/paths/{}/{method}", escape(path)), operation))
        })
    })
}

#[test]
fn every_example_default_and_enum_value_matches_its_schema() {
    let specs = spec_paths();
    assert!(
        specs.len() >= 3,
        "expected the three vendor specs, found {specs:?}"
    );
    let mut failures = Vec::new();
    for path in &specs {
        let spec = load_spec(path);
        let mut checker = SpecChecker::new(&spec);
        checker.walk(&spec, "#");
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        assert!(
            checker.checked >= 10,
            "{name}: only {} values checked; is the walk finding the examples?",
            checker.checked
        );
        eprintln!("{name}: {} values checked", checker.checked);
        failures.extend(checker.failures.iter().map(|f| format!("{name}: {f}")));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn seed_sample_responses_are_the_examples_and_match_the_schemas() {
    let mut failures = Vec::new();
    for sample in &SEED_SAMPLES {
        let spec = load_spec(&repo_root().join("specs").join(sample.spec));
        let Some((pointer, operation)) = find_operation(&spec, sample.operation_id) else {
            failures.push(format!(
                "{}: no operation {}",
                sample.spec, sample.operation_id
            ));
            continue;
        };
        let media = &operation["responses"]["200"]["content"]["application/json"];
        let expected = sample.json();
        if media["example"] != expected {
            failures.push(format!(
                "{}{pointer}: the 200 example is not seed {}'s sample response",
                sample.spec, sample.seed
            ));
        }
        let mut checker = SpecChecker::new(&spec);
        checker.check(&pointer, "seed sample", &media["schema"], &expected);
        failures.extend(
            checker
                .failures
                .iter()
                .map(|f| format!("{}: {f}", sample.spec)),
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The checked-in copies under `tests/seed-samples/` are the samples of the
/// pinned vendor pages.
#[test]
#[ignore = "needs the pinned vendor pages in ../shared/seeds; CI runs it with --ignored"]
fn seed_sample_copies_match_the_seed_documents() {
    let seeds = pinned_data("seeds");
    for sample in &SEED_SAMPLES {
        let text = read_seed(&seeds, sample.seed);
        let largest = largest_json_object(&text)
            .unwrap_or_else(|| panic!("seed {} holds no JSON object", sample.seed));
        assert_eq!(
            largest,
            sample.json(),
            "seed {} sample differs from {}",
            sample.seed,
            sample.file
        );
    }
}

fn read_seed(dir: &Path, seed: &str) -> String {
    let entry = std::fs::read_dir(dir)
        .expect("seeds folder is readable")
        .map(|entry| entry.expect("seed entry is readable").path())
        .find(|path| {
            path.file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with(&format!("{seed}_")))
        })
        .unwrap_or_else(|| panic!("no seed {seed} in {}", dir.display()));
    std::fs::read_to_string(entry).expect("seed is UTF-8 text")
}

/// The longest JSON object embedded in a text: the sample response, since
/// the tables only hold short ones.
fn largest_json_object(text: &str) -> Option<Value> {
    text.char_indices()
        .filter(|&(_, c)| c == '{')
        .filter_map(|(start, _)| {
            let mut stream =
                serde_json::Deserializer::from_str(&text[start..]).into_iter::<Value>();
            match stream.next() {
                Some(Ok(value @ Value::Object(_))) => Some((stream.byte_offset(), value)),
                _ => None,
            }
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, value)| value)
}
