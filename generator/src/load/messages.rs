//! What loading says about text it cannot read, or reads with a change:
//! each message with its exact line and column (issue 12's cases).

use super::fixtures::{load_text, spec_error};
use crate::error::{Error, SpecError};

const INFO: &str = "\"info\": {\"title\": \"T\", \"version\": \"1\"}";

fn json(body: &str) -> String {
    format!("{{\"openapi\": \"3.0.3\", {INFO}, \"paths\": {{}}{body}}}")
}

fn located(err: &SpecError) -> (Option<(usize, usize)>, &str) {
    (err.position, err.message.as_str())
}

#[test]
fn a_control_character_in_yaml_is_located_on_its_line() {
    let err = spec_error("openapi: 3.0.3\ninfo:\n  title: T\n  description: \"a\u{1}b\"\n");
    assert_eq!(err.position, Some((4, 18)), "{err}");
    assert!(
        err.message.contains("control characters are not allowed"),
        "{err}"
    );
}

#[test]
fn text_that_is_not_utf8_is_located_at_its_first_bad_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spec.yaml");
    std::fs::write(
        &path,
        b"openapi: 3.0.3\ninfo: {title: \"T\xff\", version: '1'}\n",
    )
    .unwrap();
    let Err(Error::Spec(err)) = super::load(&path) else {
        panic!("invalid UTF-8 was read");
    };
    assert_eq!(
        located(&err),
        (
            Some((2, 17)),
            "the file is not UTF-8 text: byte 0xff starts no character"
        )
    );
}

#[test]
fn a_byte_order_mark_is_read_past_in_yaml_and_json() {
    let yaml = load_text("\u{feff}openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n");
    assert_eq!(yaml.unwrap().doc.info.title, "T");
    let spec = load_text(&format!("\u{feff}{}", json(""))).unwrap();
    assert_eq!(spec.doc.info.title, "T");
    // Positions are those of the text after the mark.
    assert_eq!(spec.position("#/info"), Some((1, 22)));
}

#[test]
fn an_empty_document_is_located_at_its_start() {
    for text in ["", "\n\n", "# only a comment\n"] {
        let err = spec_error(text);
        assert_eq!(
            located(&err),
            (Some((1, 1)), "the document is empty"),
            "{text:?}"
        );
    }
}

#[test]
fn text_after_a_json_document_is_located() {
    let err = spec_error(&format!("{}\n  xyz", json("")));
    assert_eq!(
        located(&err),
        (Some((2, 3)), "cannot parse as JSON: trailing characters")
    );
    let err = spec_error(&format!("{}\n---\n", json("")));
    assert_eq!(err.position, Some((2, 1)), "{err}");
}

#[test]
fn a_second_yaml_document_is_located() {
    let err = spec_error("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n---\na: 1\n");
    assert_eq!(err.position, Some((4, 1)), "{err}");
    assert!(err.message.contains("more than one YAML document"), "{err}");
}

#[test]
fn json_that_yaml_refuses_is_read() {
    let text = json(", \"x-a\": \"\\ud83d\\ude00 \u{80}\"");
    let spec = load_text(&text).unwrap();
    assert_eq!(spec.raw["x-a"], "\u{1F600} \u{80}");
    assert!(spec.warnings.is_empty());
}

#[test]
fn a_raw_control_character_in_a_json_string_is_read_with_a_located_warning() {
    let text = "{\"openapi\": \"3.0.3\",\n\"paths\": {},\n\"info\": {\"title\": \"T\", \"version\": \"1\",\n\"description\": \"a\tb\"}}";
    let spec = load_text(text).unwrap();
    assert_eq!(spec.doc.info.description.as_deref(), Some("a\tb"));
    let [warning] = spec.warnings.as_slice() else {
        panic!("{:?}", spec.warnings);
    };
    assert_eq!(warning.position, Some((4, 18)), "{warning}");
    assert!(warning.message.contains("U+0009"), "{warning}");
}

#[test]
fn a_number_past_i64_is_a_warning_not_a_refusal() {
    let text = json(
        ", \"components\": {\"schemas\": {\"A\": {\"type\": \"integer\", \"minimum\": -9223372036854776000}}}",
    );
    let spec = load_text(&text).unwrap();
    assert_eq!(spec.warnings.len(), 1);
    let key = text.find("\"minimum\"").unwrap() + 1;
    assert_eq!(spec.warnings[0].position, Some((1, key)));
}

#[test]
fn serde_s_type_names_become_what_the_spec_must_contain() {
    let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      \
                parameters: [5]\n      responses: {}\n";
    let err = spec_error(text);
    assert_eq!(err.position, Some((6, 20)), "{err}");
    assert!(!err.message.contains("internally tagged"), "{err}");
    assert!(
        err.message
            .ends_with("a mapping with `name`, `in` (query, header, path or cookie) and `schema`"),
        "{err}"
    );
    let err = spec_error(&text.replace("[5]", "[{name: a, in: 5, schema: {type: string}}]"));
    assert!(
        err.message
            .ends_with("expected one of `query`, `header`, `path`, `cookie`"),
        "{err}"
    );
}
