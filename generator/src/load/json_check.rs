//! A quick pass over a JSON text that `serde_json` accepted, telling whether
//! it needs anything from the `yaml-rust2` scan (`positions::scan`) besides
//! positions: a duplicate key (which `serde_json` silently collapses), a
//! number no 64-bit type holds (see `numbers`) or nesting near the parsers'
//! limit. A text with none of these, as nearly every spec is, needs the scan
//! only to locate a message, so loading leaves the position map to be built
//! when the first one is written (`Source::positions`): the scan reads the
//! text several times slower than `serde_json` and its map holds a pointer
//! string per node.

use std::borrow::Cow;
use std::collections::HashSet;

use super::numbers;
use super::positions::MAX_DEPTH;

/// An open collection: an object's keys so far, or `None` for an array.
type Open<'a> = Option<HashSet<Cow<'a, str>>>;

/// Whether `text` (valid JSON) holds no duplicate key, no wide number and
/// no nesting near `MAX_DEPTH`. `false` means "scan it", never "invalid".
pub(super) fn is_plain(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut stack: Vec<Open<'_>> = Vec::new();
    // After `{` or a `,` inside an object, the next string is a key.
    let mut expect_key = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'{' | b'[' => {
                // One level of margin: the scan, not this pass, decides
                // exactly where the limit is.
                if stack.len() + 2 >= MAX_DEPTH {
                    return false;
                }
                stack.push((b == b'{').then(HashSet::new));
                expect_key = b == b'{';
                i += 1;
            }
            b'}' | b']' => {
                stack.pop();
                expect_key = false;
                i += 1;
            }
            b',' => {
                expect_key = matches!(stack.last(), Some(Some(_)));
                i += 1;
            }
            b'"' => {
                let end = string_end(bytes, i);
                if expect_key {
                    let Some(key) = key_text(text, i, end) else {
                        return false;
                    };
                    if let Some(Some(keys)) = stack.last_mut() {
                        if !keys.insert(key) {
                            return false;
                        }
                    }
                    expect_key = false;
                }
                i = end + 1;
            }
            b'-' | b'0'..=b'9' => {
                let end = bytes[i..]
                    .iter()
                    .position(|b| !matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
                    .map_or(bytes.len(), |n| i + n);
                if text.get(i..end).is_none_or(numbers::is_wide) {
                    return false;
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    true
}

/// The index of the quote that closes the string opening at `start`.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The key written as the string `text[start..=end]`, its escapes decoded
/// (`"\u0061"` and `"a"` are the same key).
fn key_text(text: &str, start: usize, end: usize) -> Option<Cow<'_, str>> {
    let quoted = text.get(start..=end)?;
    let inner = &quoted[1..quoted.len() - 1];
    if !inner.contains('\\') {
        return Some(Cow::Borrowed(inner));
    }
    serde_json::from_str::<String>(quoted).ok().map(Cow::Owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_json_needs_no_scan() {
        let text = r#"{"a": {"b": [1, -2.5e3, "x\"}"], "c": {"b": 1}}, "b": "\u0061"}"#;
        assert!(is_plain(text));
    }

    #[test]
    fn duplicate_keys_need_the_scan_even_when_escaped() {
        assert!(!is_plain(r#"{"a": 1, "b": {"x": 1}, "a": 2}"#));
        assert!(!is_plain(r#"{"b": {"a": 1, "\u0061": 2}}"#));
        // The same key in two objects, or as a value, is no duplicate.
        assert!(is_plain(r#"{"a": {"a": "a"}, "b": [{"a": 1}, {"a": 2}]}"#));
    }

    #[test]
    fn wide_numbers_and_deep_nesting_need_the_scan() {
        assert!(!is_plain(r#"{"maximum": 9223372036854775808}"#));
        assert!(!is_plain(r#"{"maximum": 1e400}"#));
        assert!(is_plain(r#"{"maximum": 9223372036854775807}"#));
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH - 1), "]".repeat(MAX_DEPTH - 1));
        assert!(!is_plain(&deep));
    }
}
