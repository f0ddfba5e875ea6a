//! A quick pass over a JSON text that `serde_json` accepted. It tells
//! whether the text needs anything from the `yaml-rust2` scan
//! (`positions::scan`): a duplicate key (which `serde_json` silently
//! collapses), nesting near the parsers' limit, or a line break YAML may
//! count otherwise (a lone `\r`). A text with none of these, as nearly
//! every spec is, gets its position map from this pass, built when the
//! first message needs one (`Source::positions`): the YAML scan reads the
//! text several times slower, and its token queue held 42 MB for
//! stripe.com.json, a single line of 2.5 MB (and 35 times the text of
//! netbox.dev.json). Numbers no 64-bit type holds (see `numbers`), which
//! specs do have, this pass finds itself ([`needs_placing_wide`]).
//!
//! The map is the scan's, node for node: a member at its key's opening
//! quote, an array item where it starts, an object that is the root or an
//! array item at its first key (where YAML places a mapping), columns
//! counted in characters.

use std::borrow::Cow;
use std::collections::HashSet;

use crate::pointer;

use super::numbers::{self, WideNumber};
use super::positions::{Layout, Position, Positions, MAX_DEPTH};

/// An open collection, whose own pointer is `at[..base]`.
struct Open<'a> {
    base: usize,
    kind: Kind<'a>,
}

enum Kind<'a> {
    /// An object's keys so far, whether its own position is final (see
    /// `placed` in `positions`), and where its last key is written (from
    /// its opening quote to its closing one).
    Object {
        keys: Keys<'a>,
        placed: bool,
        key: (usize, usize),
    },
    /// An array and the index of its next item.
    Array(usize),
}

/// The keys of an object so far: most objects have a few, which a list
/// holds and compares more cheaply than a hash set, which the others get.
enum Keys<'a> {
    Few(Vec<Cow<'a, str>>),
    Many(HashSet<Cow<'a, str>>),
}

/// Keys a list holds before they move to a set.
const FEW: usize = 16;

impl<'a> Keys<'a> {
    /// Adds `key`; `false` if the object has it already.
    fn insert(&mut self, key: Cow<'a, str>) -> bool {
        match self {
            Keys::Few(keys) if keys.contains(&key) => false,
            Keys::Few(keys) if keys.len() < FEW => {
                keys.push(key);
                true
            }
            Keys::Few(keys) => {
                let mut set: HashSet<_> = keys.drain(..).collect();
                set.insert(key);
                *self = Keys::Many(set);
                true
            }
            Keys::Many(keys) => keys.insert(key),
        }
    }
}

/// What a JSON text that `serde_json` accepted needs before it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Needs {
    /// Nothing: its positions can wait until a message needs them.
    Nothing,
    /// Its numbers that no 64-bit type holds widened, which [`layout`]
    /// finds with the positions.
    Widening,
    /// The YAML scan. Never "invalid".
    Scan,
}

/// What `text` (valid JSON) needs; see [`Needs`].
pub(super) fn needs(text: &str) -> Needs {
    walk(text, Record::Nothing)
}

/// [`needs`], with the wide numbers [`layout`] would find, each placed in
/// the layout's map where the whole map would place it: all that widening
/// reads of the map, which is not made.
pub(super) fn needs_placing_wide(text: &str) -> (Needs, Layout) {
    let mut layout = Layout::default();
    let needs = walk(text, Record::Wide(&mut layout));
    layout.positions = layout.positions.finish();
    (needs, layout)
}

/// Where each node of `text` (which needs no scan) sits, by pointer.
pub(super) fn positions(text: &str) -> Positions {
    layout(text).positions
}

/// The positions and wide numbers of `text` (which needs no scan), as the
/// scan would find them.
pub(super) fn layout(text: &str) -> Layout {
    let mut layout = Layout::default();
    walk(text, Record::All(&mut layout));
    layout.positions = layout.positions.finish();
    layout
}

/// What [`walk`] records in a layout besides what the text needs.
enum Record<'l> {
    Nothing,
    /// The wide numbers, each placed in the map.
    Wide(&'l mut Layout),
    /// Every node's place, and the wide numbers.
    All(&'l mut Layout),
}

impl Record<'_> {
    /// The layout every node is placed in, if any.
    fn all(&mut self) -> Option<&mut Layout> {
        match self {
            Record::All(layout) => Some(layout),
            _ => None,
        }
    }

    /// Records the wide number `literal`, at byte `i`, inside `stack`.
    /// Recording all, its pointer is `at`; recording wide numbers only, it
    /// is made from `stack` and placed in the map where the whole map would
    /// place it: a member at its key, an item where it starts.
    fn wide(
        &mut self,
        text: &str,
        stack: &[Open<'_>],
        at: &str,
        lines: &mut Lines<'_>,
        (i, literal): (usize, &str),
    ) {
        let (pointer, layout) = match self {
            Record::Nothing => return,
            Record::All(layout) => (at.to_string(), layout),
            Record::Wide(layout) => {
                let pointer = pointer_of(text, stack);
                let placed = match stack.last() {
                    Some(Open {
                        kind: Kind::Object { key, .. },
                        ..
                    }) => key.0,
                    _ => i,
                };
                layout.positions.insert(&pointer, lines.at(placed));
                (pointer, layout)
            }
        };
        layout.wide_numbers.push(WideNumber {
            pointer,
            at: lines.at(i),
            text: literal.to_string(),
        });
    }
}

/// The pointer of the node being read, made from `stack` (each object's
/// last key, each array's last index) rather than kept as the walk goes.
fn pointer_of(text: &str, stack: &[Open<'_>]) -> String {
    let mut at = String::from("#");
    for open in stack {
        match &open.kind {
            Kind::Object { key, .. } => {
                pointer::push(&mut at, &key_text(text, key.0, key.1).unwrap_or_default());
            }
            Kind::Array(next) => pointer::push_index(&mut at, next.saturating_sub(1)),
        }
    }
    at
}

/// Line and column (in characters) of byte offsets met in increasing
/// order, counted on from the last one: linear over the whole text.
struct Lines<'a> {
    bytes: &'a [u8],
    offset: usize,
    at: Position,
}

impl Lines<'_> {
    /// The position of `offset`. One before the last one asked for (only in
    /// a text that is no JSON, whose layout is not used) is given the last
    /// one's position.
    fn at(&mut self, offset: usize) -> Position {
        let offset = offset.max(self.offset);
        for &b in &self.bytes[self.offset..offset] {
            match b {
                b'\n' => self.at = (self.at.0 + 1, 1),
                // A UTF-8 continuation byte starts no character.
                _ if b & 0xC0 == 0x80 => {}
                _ => self.at.1 += 1,
            }
        }
        self.offset = offset;
        self.at
    }
}

/// The walk behind `needs`, `needs_placing_wide` and `layout`. Recording
/// all, the pointer of the node being read is `at`, one buffer cut back to
/// a collection's own pointer before each of its members or items.
fn walk(text: &str, mut record: Record<'_>) -> Needs {
    let bytes = text.as_bytes();
    let mut lines = Lines {
        bytes,
        offset: 0,
        at: (1, 1),
    };
    let mut stack: Vec<Open<'_>> = Vec::new();
    let mut at = String::from("#");
    // After `{` or a `,` inside an object, the next string is a key.
    let mut expect_key = false;
    let mut wide = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' if expect_key => {
                let end = string_end(bytes, i);
                let Some(key) = key_text(text, i, end) else {
                    return Needs::Scan;
                };
                let Some(Open {
                    base,
                    kind:
                        Kind::Object {
                            keys,
                            placed,
                            key: written,
                        },
                }) = stack.last_mut()
                else {
                    return Needs::Scan;
                };
                *written = (i, end);
                if let Some(record) = record.all() {
                    let here = lines.at(i);
                    at.truncate(*base);
                    if !*placed {
                        record.positions.insert(&at, here);
                    }
                    pointer::push(&mut at, &key);
                    record.positions.insert(&at, here);
                }
                *placed = true;
                if !keys.insert(key) {
                    return Needs::Scan;
                }
                expect_key = false;
                i = end + 1;
            }
            b'{' | b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n' => {
                // A value: the root, an array item, or a member's value,
                // which sits at its key (recorded already).
                let member = matches!(
                    stack.last(),
                    Some(Open {
                        kind: Kind::Object { .. },
                        ..
                    })
                );
                match stack.last_mut() {
                    None => {
                        if let Some(record) = record.all() {
                            record.positions.insert(&at, lines.at(i));
                        }
                    }
                    Some(Open {
                        base,
                        kind: Kind::Array(next),
                    }) => {
                        if let Some(record) = record.all() {
                            at.truncate(*base);
                            pointer::push_index(&mut at, *next);
                            record.positions.insert(&at, lines.at(i));
                        }
                        *next += 1;
                    }
                    Some(_) => {}
                }
                i = match b {
                    b'{' | b'[' => {
                        // One level of margin: the scan, not this pass,
                        // decides exactly where the limit is.
                        if stack.len() + 2 >= MAX_DEPTH {
                            return Needs::Scan;
                        }
                        let kind = match b {
                            b'{' => Kind::Object {
                                keys: Keys::Few(Vec::new()),
                                placed: member,
                                key: (i, i),
                            },
                            _ => Kind::Array(0),
                        };
                        stack.push(Open {
                            base: at.len(),
                            kind,
                        });
                        expect_key = b == b'{';
                        i + 1
                    }
                    b'"' => string_end(bytes, i) + 1,
                    _ => {
                        let end = token_end(bytes, i);
                        let number = !matches!(b, b't' | b'f' | b'n');
                        if number {
                            let Some(literal) = text.get(i..end) else {
                                return Needs::Scan;
                            };
                            // A document that is a number is refused later.
                            if numbers::is_wide(literal) && !stack.is_empty() {
                                wide = true;
                                record.wide(text, &stack, &at, &mut lines, (i, literal));
                            }
                        }
                        end
                    }
                };
            }
            b'}' | b']' => {
                stack.pop();
                expect_key = false;
                i += 1;
            }
            b',' => {
                expect_key = matches!(
                    stack.last(),
                    Some(Open {
                        kind: Kind::Object { .. },
                        ..
                    })
                );
                i += 1;
            }
            // YAML may count a lone carriage return as a line break.
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => return Needs::Scan,
            _ => i += 1,
        }
    }
    match wide {
        true => Needs::Widening,
        false => Needs::Nothing,
    }
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

/// Where a number or `true`/`false`/`null` starting at `start` ends.
fn token_end(bytes: &[u8], start: usize) -> usize {
    bytes[start..]
        .iter()
        .position(|b| !b.is_ascii_alphanumeric() && !matches!(b, b'-' | b'+' | b'.'))
        .map_or(bytes.len(), |n| start + n)
}

/// The key written as the string `text[start..=end]`, its escapes decoded
/// (`"\u0061"` and `"a"` are the same key).
fn key_text(text: &str, start: usize, end: usize) -> Option<Cow<'_, str>> {
    let quoted = text.get(start..=end)?;
    // The walk also reads texts that are no JSON (and are then read as
    // YAML): `start..=end` need not be a string there.
    let inner = quoted.strip_prefix('"')?.strip_suffix('"')?;
    if !inner.contains('\\') {
        return Some(Cow::Borrowed(inner));
    }
    serde_json::from_str::<String>(quoted).ok().map(Cow::Owned)
}

#[cfg(test)]
mod tests {
    use super::super::json_text::yaml_safe;
    use super::super::positions::scan;
    use super::*;

    #[test]
    fn plain_json_needs_no_scan() {
        let text = r#"{"a": {"b": [1, -2.5e3, "x\"}"], "c": {"b": 1}}, "b": "\u0061"}"#;
        assert_eq!(needs(text), Needs::Nothing);
    }

    #[test]
    fn duplicate_keys_need_the_scan_even_when_escaped() {
        assert_eq!(needs(r#"{"a": 1, "b": {"x": 1}, "a": 2}"#), Needs::Scan);
        // Among few keys, and among many, first or last.
        for count in [2, FEW, FEW + 1, 3 * FEW] {
            let keys: Vec<String> = (0..count).map(|i| format!("\"k{i}\": {i}")).collect();
            let object = format!("{{{}}}", keys.join(", "));
            assert_eq!(needs(&object), Needs::Nothing, "{object}");
            for again in [0, count - 1] {
                let object = format!("{{{}, \"k{again}\": 0}}", keys.join(", "));
                assert_eq!(needs(&object), Needs::Scan, "{object}");
            }
        }
        assert_eq!(needs(r#"{"b": {"a": 1, "\u0061": 2}}"#), Needs::Scan);
        // The same key in two objects, or as a value, is no duplicate.
        assert_eq!(
            needs(r#"{"a": {"a": "a"}, "b": [{"a": 1}, {"a": 2}]}"#),
            Needs::Nothing
        );
    }

    #[test]
    fn deep_nesting_and_lone_carriage_returns_need_the_scan() {
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH - 1), "]".repeat(MAX_DEPTH - 1));
        assert_eq!(needs(&deep), Needs::Scan);
        assert_eq!(needs("{\"a\":\r1}"), Needs::Scan);
        assert_eq!(needs("{\"a\":\r\n1}"), Needs::Nothing);
    }

    /// Wide numbers need no scan: this pass finds them as the scan does,
    /// with the same pointers, positions and text.
    #[test]
    fn wide_numbers_are_found_as_the_scan_finds_them() {
        assert_eq!(needs(r#"{"maximum": 9223372036854775807}"#), Needs::Nothing);
        assert_eq!(needs("99999999999999999999"), Needs::Nothing);
        let texts = [
            r#"{"maximum": 9223372036854775808}"#,
            "{\"a\": {\"minimum\": -9223372036854776000,\n \"maximum\": 1e400},\n \"b\": [1, 18446744073709551616, \"1e400\"]}",
            "[\"é\", 1E+999]",
        ];
        for text in texts {
            assert_eq!(needs(text), Needs::Widening, "{text}");
            let scanned = scan(&yaml_safe(text));
            let found = layout(text);
            assert_eq!(found.wide_numbers, scanned.wide_numbers, "{text}");
            assert!(!found.wide_numbers.is_empty(), "{text}");
            assert_eq!(found.positions, scanned.positions, "{text}");
            // Found without the map, each placed as the map places it.
            let (needs, placed) = needs_placing_wide(text);
            assert_eq!(needs, Needs::Widening, "{text}");
            assert_eq!(placed.wide_numbers, scanned.wide_numbers, "{text}");
            for number in &placed.wide_numbers {
                let at = scanned.positions.get(&number.pointer);
                assert_eq!(placed.positions.get(&number.pointer), at, "{text}");
            }
        }
    }

    /// The walk reads any text that looks like JSON before it is known to
    /// be JSON: a text that is not never makes it panic, wide numbers
    /// anywhere in it included. The first was found by fuzzing.
    #[test]
    fn texts_that_are_no_json_are_walked_without_a_panic() {
        for text in [
            r#"{"openapi":"3.0.3",e bounds are 9223372036854775808}"#,
            "{1e400}",
            r#"{"a": 1e400, 1e400}"#,
            r#"{"a": [1e400, {"b"}, 1e400], "c" 1e400"#,
            r#"{"\u00": 1e400}"#,
        ] {
            needs(text);
            needs_placing_wide(text);
            layout(text);
        }
    }

    /// The map is the YAML scan's, node for node, on every shape JSON has.
    #[test]
    fn positions_are_those_of_the_yaml_scan() {
        let texts = [
            r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {}}"#,
            "{\r\n  \"a\": [1, {\"b\": [[], {}, [{}]], \"c\": null}, true],\r\n  \"d\": {}\n}",
            "{\"é\\u00e9\": {\"日本\": [\"😀\", \"\\ud83d\\ude00\", -1.5e3]},\n\t\"x~/y\": {\"\": 0}}",
            "[{\"a\": 1}, [2, {\"b\": {\"c\": [false]}}], {}, \"s\"]",
            "  {}  ",
            "{\"a\": {\"b\": \"\u{85}\u{2029}x\u{2028}\"},\n \"c\": [\"\u{2028}\", 1]}",
        ];
        for text in texts {
            assert_eq!(needs(text), Needs::Nothing, "{text}");
            assert_eq!(positions(text), scan(&yaml_safe(text)).positions, "{text}");
        }
    }
}
