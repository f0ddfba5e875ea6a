//! Number literals that no 64-bit type holds, widened or dropped instead of
//! refusing the spec.
//!
//! Real specs carry them mostly as stand-ins for "no limit": serializers that
//! work in doubles print `i64::MAX` as `9223372036854776000` (2^63, one past
//! it) and `i64::MIN` as `-9223372036854776000`; `1e400` overflows a double.
//! `serde_json` refuses integers past `u64` ("number out of range"),
//! openapiv3 holds integer bounds as `i64`, and `serde_yaml` reads `1e400` as
//! text. So, before anything else reads the text:
//!
//! - a bound (`minimum`, `maximum`, `multipleOf`, lengths and counts) that
//!   does not fit an `i64`, or overflows a double, is replaced by `null`: the
//!   bound is dropped, so nothing checks it, and a warning says so;
//! - any other integer past `u64`/`i64` (an example, a default, an enum
//!   value) becomes the nearest double, as a JSON reader in a browser would
//!   read it, with a warning.
//!
//! The replacement is padded with spaces to the literal's length, so every
//! position in the text stays where it was.

use crate::error::{byte_of_char, SpecError};

use super::positions::Position;
use super::source::Source;

/// Keys whose value openapiv3 reads as an `i64` (bounds of integer schemas)
/// or a `usize` (lengths and counts).
const BOUNDS: &[&str] = &[
    "minimum",
    "maximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
];

/// A plain scalar, found by `positions::scan`, whose number no 64-bit type
/// holds exactly as written.
#[derive(Debug, PartialEq)]
pub(super) struct WideNumber {
    /// Where the value sits.
    pub(super) pointer: String,
    /// Its first character. Line and column rather than `yaml-rust2`'s
    /// index, which counts block scalars in bytes and other text in
    /// characters.
    pub(super) at: Position,
    pub(super) text: String,
}

/// Whether a plain scalar is a number literal that may need widening: an
/// integer past `i64` (an `i64` bound cannot hold it) or a finite-looking
/// float that overflows a double. Cheap on the common case, which it
/// refuses on length or first character alone.
pub(super) fn is_wide(plain: &str) -> bool {
    let digits = plain.strip_prefix(['-', '+']).unwrap_or(plain);
    if !digits.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return false;
    }
    if is_integer(plain) {
        // YAML reads a leading zero as text (`0123`).
        let text = digits.len() > 1 && digits.starts_with('0');
        return !text && plain.parse::<i64>().is_err();
    }
    plain.parse::<f64>().is_ok_and(f64::is_infinite)
}

/// A sign and digits only.
fn is_integer(literal: &str) -> bool {
    let digits = literal.strip_prefix(['-', '+']).unwrap_or(literal);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// The replacement of every wide number, by the byte offset of the number
/// in the source's text (see [`Source::rewrite`]), and a warning for each.
/// Numbers that every reader takes as they are (an example of
/// `18446744073709551615`) are left alone.
pub(super) fn widen(
    source: &Source,
    numbers: &[WideNumber],
) -> (Vec<(usize, String)>, Vec<SpecError>) {
    let mut replacements = Vec::new();
    let mut warnings = Vec::new();
    for number in numbers {
        let Some((replacement, message)) = replacement(number) else {
            continue;
        };
        warnings.push(source.error(&number.pointer, message));
        replacements.push((number.at, number.text.as_str(), replacement));
    }
    (offsets(&source.text, replacements), warnings)
}

/// What a wide number becomes, padded to its length, and why.
fn replacement(number: &WideNumber) -> Option<(String, String)> {
    let text = &number.text;
    let key = number.pointer.rsplit('/').next().unwrap_or_default();
    let (new, message) = if BOUNDS.contains(&key) {
        let message = format!(
            "`{key}: {text}` does not fit a 64-bit number; the bound is dropped and not checked"
        );
        ("null".to_string(), message)
    } else {
        // A float that overflows is read as text already, an integer that
        // fits a `u64` as it is.
        if !is_integer(text) || text.parse::<u64>().is_ok() {
            return None;
        }
        let value: f64 = text.parse().ok()?;
        let new = shortest_float(value, text.len())?;
        let message =
            format!("`{text}` does not fit a 64-bit integer; it is read as the float `{new}`");
        (new, message)
    };
    Some((format!("{new:<width$}", width = text.len()), message))
}

/// `value` in exponent notation, as precise as fits in `width` characters.
fn shortest_float(value: f64, width: usize) -> Option<String> {
    (0..17)
        .rev()
        .map(|precision| format!("{value:.precision$e}"))
        .find(|text| text.len() <= width)
}

/// Each replacement of `(position, original, replacement)` by the byte
/// offset of its original, where that is found at its position. The
/// replacements come in the order of the text and do not overlap.
fn offsets(text: &str, replacements: Vec<(Position, &str, String)>) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut copied = 0;
    let mut line_start = 0;
    let mut line = 1;
    // The last place found: the start of the line it was counted from, its
    // byte offset, and the characters before it from there. A later one on
    // that line is counted on from it, not from the line's start: a
    // minified spec is one line of megabytes.
    let mut found = (0, 0, 0);
    for ((at_line, at_column), original, new) in replacements {
        while line < at_line {
            let Some(end) = text[line_start..].find('\n') else {
                break;
            };
            line_start += end + 1;
            line += 1;
        }
        let wanted = at_column.saturating_sub(1);
        if found.0 != line_start || found.2 > wanted {
            found = (line_start, line_start, 0);
        }
        let start = found.1 + byte_of_char(&text[found.1..], wanted - found.2);
        if start == text.len() {
            continue;
        }
        found = (line_start, start, wanted);
        if start >= copied && text[start..].starts_with(original) {
            out.push((start, new));
            copied = start + original.len();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use openapiv3::{ReferenceOr, SchemaKind, Type};

    use super::super::fixtures::{edited, load_text};
    use super::is_wide;

    /// Places on one line are found counting on from the last one, and
    /// land where counting from the line's start does: after characters of
    /// several bytes, on later lines, out of order, and past the text.
    #[test]
    fn offsets_count_characters_from_the_line_start() {
        let text = "{\"é\": 1, \"€\": [2, 3]}\n  {\"𝄞\": 4}";
        let naive = |(line, column): (usize, usize)| {
            let start: usize = text
                .split_inclusive('\n')
                .take(line - 1)
                .map(str::len)
                .sum();
            text[start..]
                .char_indices()
                .nth(column - 1)
                .map(|(i, _)| start + i)
        };
        let places = [(1, 7), (1, 16), (1, 19), (1, 7), (2, 9), (2, 99), (3, 1)];
        let replacements = places.iter().map(|&at| (at, "", String::new())).collect();
        let found: Vec<usize> = super::offsets(text, replacements)
            .into_iter()
            .map(|(at, _)| at)
            .collect();
        // As `offsets` keeps them: in the text's order, not overlapping.
        let mut expected: Vec<usize> = Vec::new();
        for at in places.iter().filter_map(|&at| naive(at)) {
            if expected.last().is_none_or(|&last| at >= last) {
                expected.push(at);
            }
        }
        assert_eq!(found, expected);
        assert_eq!(&text[found[0]..found[0] + 1], "1");
        assert_eq!(&text[found[3]..found[3] + 1], "4");
    }

    #[test]
    fn wide_means_past_i64_or_past_a_double() {
        for wide in [
            "9223372036854775808",
            "-9223372036854776000",
            "1e400",
            "-1.5E999",
        ] {
            assert!(is_wide(wide), "{wide}");
        }
        let fits = [
            "9223372036854775807",
            "-9223372036854775808",
            "1e300",
            "00009223372036854775808",
            ".inf",
            "12abc",
            "name",
        ];
        for fits in fits {
            assert!(!is_wide(fits), "{fits}");
        }
    }

    /// The `MaxSize` parameter's schema bounds, once loaded.
    fn max_size_bounds(text: &str) -> (Option<i64>, Option<i64>, Vec<String>) {
        let spec = load_text(text).unwrap();
        let warnings = spec.warnings.iter().map(|w| w.to_string()).collect();
        let parameter = &spec.doc.components.as_ref().unwrap().parameters["MaxSize"];
        let ReferenceOr::Item(parameter) = parameter else {
            panic!("MaxSize is an item");
        };
        let openapiv3::ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) =
            &parameter.parameter_data_ref().format
        else {
            panic!("MaxSize has a schema");
        };
        let SchemaKind::Type(Type::Integer(integer)) = &schema.schema_kind else {
            panic!("MaxSize is an integer");
        };
        (integer.minimum, integer.maximum, warnings)
    }

    #[test]
    fn drops_bounds_no_i64_holds_with_a_located_warning() {
        let text = edited(
            "minimum: 1}",
            "minimum: -9223372036854776000, maximum: 9223372036854776000}",
        );
        let (minimum, maximum, warnings) = max_size_bounds(&text);
        assert_eq!((minimum, maximum), (None, None));
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[1].starts_with(
                "spec.yaml:27:62: #/components/parameters/MaxSize/schema/maximum: \
                 `maximum: 9223372036854776000` does not fit a 64-bit number; the bound is dropped"
            ),
            "{}",
            warnings[1]
        );
        // The excerpt shows the text as written.
        assert!(
            warnings[1].contains("maximum: 9223372036854776000}"),
            "{}",
            warnings[1]
        );
    }

    #[test]
    fn drops_overflowing_bounds_in_json_and_keeps_the_others() {
        let text = r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {},
"components": {"parameters": {"MaxSize": {"name": "m", "in": "query",
"schema": {"type": "integer", "minimum": 1e400, "maximum": 7}}}}}"#;
        let (minimum, maximum, warnings) = max_size_bounds(text);
        assert_eq!((minimum, maximum), (None, Some(7)));
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("`minimum: 1e400`"), "{}", warnings[0]);
    }

    #[test]
    fn widens_other_integers_past_u64_to_the_nearest_double() {
        let text = edited(
            "example: {$ref: not-a-ref}",
            "example: -92233720368547760000, default: 18446744073709551615",
        );
        let spec = load_text(&text).unwrap();
        let id = &spec.raw["components"]["schemas"]["Task"]["properties"]["id"];
        assert_eq!(id["example"].as_f64(), Some(-9.223372036854776e19));
        // A `u64` is read as it is, without a word.
        assert_eq!(id["default"].as_u64(), Some(u64::MAX));
        assert_eq!(spec.warnings.len(), 1);
        assert!(
            spec.warnings[0]
                .message
                .contains("read as the float `-9.223372036854776e19`"),
            "{}",
            spec.warnings[0].message
        );
    }
}
