//! JSON texts read as JSON. taskgen reads JSON as the YAML it is, but YAML
//! refuses some valid JSON (a surrogate pair escape `"\ud83d\ude00"`, a raw
//! U+0080 in a string) and JSON refuses what many published specs contain
//! (a raw control character in a string, which docusign.net.json and
//! sendgrid.com.json have). So a JSON text is parsed by `serde_json`, the
//! position scan reads a copy that YAML accepts with the same layout, and a
//! raw control character in a string is read as if escaped, with a
//! warning: its meaning is not in doubt, and refusing a whole vendor spec
//! for it would help no one.

use std::fmt;

use serde::de::{Deserialize, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};

use super::positions::Position;

/// A text `serde_json` read into `T` (`Value` or `data::Compact`).
pub(super) struct JsonText<T> {
    pub(super) value: T,
    /// The text as parsed when it is not the spec's: with raw control
    /// characters in strings escaped.
    pub(super) escaped: Option<String>,
    /// Where the first raw control character in a string is, if any.
    pub(super) control_character: Option<(Position, char)>,
}

impl<T> JsonText<T> {
    /// The same text, its data in another form.
    pub(super) fn map<U>(self, form: impl FnOnce(T) -> U) -> JsonText<U> {
        JsonText {
            value: form(self.value),
            escaped: self.escaped,
            control_character: self.control_character,
        }
    }
}

/// `text` read as JSON, or `None` if it is no JSON text.
pub(super) fn read<T: DeserializeOwned>(text: &str) -> Option<JsonText<T>> {
    if let Ok(value) = serde_json::from_str(text) {
        return Some(JsonText {
            value,
            escaped: None,
            control_character: None,
        });
    }
    if !looks_like_json(text) {
        return None;
    }
    let (escaped, first) = escape_control_characters(text)?;
    let value = serde_json::from_str(&escaped).ok()?;
    Some(JsonText {
        value,
        escaped: Some(escaped),
        control_character: Some(first),
    })
}

/// Whether serde_json reads `text` as JSON data (as [`read`] does without
/// escaping), without making the data: each scalar is read as the data
/// reads it, so a number no double holds (`1e400`) is refused too.
pub(super) fn is_json(text: &str) -> bool {
    serde_json::from_str::<Any>(text).is_ok()
}

/// Any JSON value, read and let go of.
struct Any;

impl<'de> Deserialize<'de> for Any {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Any, D::Error> {
        deserializer.deserialize_any(Any)
    }
}

impl<'de> Visitor<'de> for Any {
    type Value = Any;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Any, E> {
        Ok(Any)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Any, E> {
        Ok(Any)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Any, E> {
        Ok(Any)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Any, E> {
        Ok(Any)
    }

    fn visit_str<E>(self, _: &str) -> Result<Any, E> {
        Ok(Any)
    }

    fn visit_unit<E>(self) -> Result<Any, E> {
        Ok(Any)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Any, A::Error> {
        while seq.next_element::<Any>()?.is_some() {}
        Ok(Any)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Any, A::Error> {
        while map.next_entry::<Any, Any>()?.is_some() {}
        Ok(Any)
    }
}

/// Whether `text` is meant as JSON: its first character opens an object
/// (`{"`), as every JSON spec's does and a YAML flow mapping's rarely does.
pub(super) fn looks_like_json(text: &str) -> bool {
    let mut chars = text.trim_start().chars();
    chars.next() == Some('{') && chars.find(|c| !c.is_whitespace()).is_none_or(|c| c == '"')
}

/// A copy of a JSON text that YAML reads with the same lines and columns:
/// characters YAML does not allow become spaces, and surrogate escapes
/// (`\ud83d`) a plain escape of the same length.
pub(super) fn yaml_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            out.push(c);
            if let Some(next) = chars.next() {
                out.push(next);
                if next == 'u' {
                    let hex: String = chars.by_ref().take(4).collect();
                    let surrogate =
                        u16::from_str_radix(&hex, 16).is_ok_and(|n| (0xD800..=0xDFFF).contains(&n));
                    out.push_str(if surrogate { "0020" } else { &hex });
                }
            }
            continue;
        }
        out.push(if yaml_printable(c) { c } else { ' ' });
    }
    out
}

/// YAML 1.1's printable characters (`c-printable`).
fn yaml_printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7E}' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

/// `text` with every raw control character inside a string escaped
/// (`\u0001`), and where the first was; `None` if there is none.
fn escape_control_characters(text: &str) -> Option<(String, (Position, char))> {
    let mut out = String::with_capacity(text.len() + 16);
    let (mut in_string, mut escaped) = (false, false);
    let (mut line, mut column) = (1, 0);
    let mut first = None;
    for c in text.chars() {
        column += 1;
        if in_string && c.is_control() && (c as u32) < 0x20 {
            first.get_or_insert(((line, column), c));
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
        if c == '\n' {
            (line, column) = (line + 1, 0);
        }
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            _ => {}
        }
    }
    first.map(|first| (out, first))
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    #[test]
    fn reads_what_json_allows_and_yaml_does_not() {
        let json = read::<Value>(r#"{"a": "\ud83d\ude00 \u0080"}"#).unwrap();
        assert_eq!(json.value["a"], "\u{1F600} \u{80}");
        assert!(json.control_character.is_none());
    }

    #[test]
    fn reads_raw_control_characters_in_strings_as_escaped() {
        let json = read::<Value>("{\"a\":\n \"x\ty\u{1}\"}").unwrap();
        assert_eq!(json.value["a"], "x\ty\u{1}");
        assert_eq!(json.control_character, Some(((2, 4), '\t')));
    }

    #[test]
    fn the_yaml_safe_copy_keeps_every_position() {
        let text = "{\"a\": \"\\ud83d\\ude00\u{80}\u{1}\"}";
        let safe = yaml_safe(text);
        assert_eq!(safe, "{\"a\": \"\\u0020\\u0020  \"}");
        assert_eq!(safe.chars().count(), text.chars().count());
        assert!(serde_yaml::from_str::<serde_yaml::Value>(&safe).is_ok());
    }

    /// `is_json` refuses what reading the data refuses, and no more.
    #[test]
    fn tells_json_data_as_reading_it_does() {
        let texts = [
            r#"{"a": [1, -2.5e3, 18446744073709551616, "\u00e9", {"b": null}], "c": true}"#,
            r#"{"a": 1e400}"#,
            r#"{"a": "\x"}"#,
            "{\"a\": \"\u{1}\"}",
            r#"{"a": 1} x"#,
            r#"{"a": 1,}"#,
            "[1, 2]",
            &format!("{}{}", "[".repeat(200), "]".repeat(200)),
        ];
        for text in texts {
            let read = serde_json::from_str::<Value>(text).is_ok();
            assert_eq!(is_json(text), read, "{text}");
        }
        assert!(is_json(texts[0]));
    }

    #[test]
    fn tells_json_from_a_yaml_flow_mapping() {
        assert!(looks_like_json(" {\n \"openapi\": 1}"));
        assert!(!looks_like_json("{openapi: 3.0.3}"));
        assert!(!looks_like_json("openapi: 3.0.3"));
    }
}
