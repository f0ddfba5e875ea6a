//! The JSON-pointer -> `line:column` map, built in one pass over the
//! `yaml-rust2` events because `serde_yaml` keeps no positions. The same pass
//! catches duplicate keys, which `serde_yaml` would silently collapse, and
//! numbers no 64-bit type holds (see `numbers`).

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::error::SpecError;
use crate::pointer;

use super::numbers::{self, WideNumber};
use super::source::Source;

/// 1-based line and column.
pub(super) type Position = (usize, usize);

/// Where each node starts, by JSON pointer. Keyed by a 64-bit hash of the
/// pointer, not the pointer: a large spec has hundreds of thousands of
/// nodes, and their pointer strings took more memory than the document.
/// Two pointers of one hash (odds about n²/2⁶⁵) would share a position,
/// which could only misplace a message. A sorted list, built once and then
/// searched, holds an entry in 16 bytes where a hash map took 25 to 50
/// (api.github.com.json: 232,000 nodes, 13.1 -> 3.7 MB).
#[derive(Debug, Default, PartialEq)]
pub(super) struct Positions {
    /// (hash, line, column), sorted by hash unless `unsorted`.
    entries: Vec<(u64, u32, u32)>,
    /// Records were added since `finish`.
    unsorted: bool,
}

impl Positions {
    /// Records where `pointer` starts; of two records for one pointer, the
    /// later counts.
    pub(super) fn insert(&mut self, pointer: &str, (line, column): Position) {
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        self.entries
            .push((key(pointer), narrow(line), narrow(column)));
        self.unsorted = true;
    }

    /// Sorts the records for `get`, keeping the later of two for a pointer.
    pub(super) fn finish(mut self) -> Self {
        // Reversed, a stable sort puts the later record first among equals.
        self.entries.reverse();
        self.entries.sort_by_key(|&(key, ..)| key);
        self.entries.dedup_by_key(|&mut (key, ..)| key);
        self.entries.shrink_to_fit();
        self.unsorted = false;
        self
    }

    pub(super) fn get(&self, pointer: &str) -> Option<Position> {
        debug_assert!(!self.unsorted, "positions searched before `finish`");
        let key = key(pointer);
        let i = self
            .entries
            .binary_search_by_key(&key, |&(key, ..)| key)
            .ok()?;
        let (_, line, column) = self.entries[i];
        Some((line as usize, column as usize))
    }
}

/// `DefaultHasher::new()` hashes alike in every run and on every thread.
fn key(pointer: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    pointer.hash(&mut hasher);
    hasher.finish()
}

/// What the YAML pass found wrong that `serde_yaml` lets through.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Problem {
    /// `serde_yaml` keeps the last of two equal keys without a word.
    DuplicateKey {
        pointer: String,
        at: Position,
        first: Position,
    },
    /// More collections inside each other than the parsers take.
    TooDeep { pointer: String, at: Position },
}

/// The deepest nesting of collections read, the root's included: what
/// `serde_json` and `serde_yaml` take (each stops at 128 levels). Checked
/// here first, in one linear pass, because `serde_yaml`'s scanner slows
/// down with every open flow collection: given `[` nested 100,000 deep, it
/// took 38 s before giving up.
pub(super) const MAX_DEPTH: usize = 128;

impl Problem {
    /// The located error that reports this problem.
    pub(super) fn into_error(self, source: &Source) -> SpecError {
        match self {
            Problem::DuplicateKey { pointer, at, first } => source
                .error_at(
                    &pointer,
                    Some(at),
                    format!("duplicate key; it is already set at line {}", first.0),
                )
                .with_hint(
                    "remove or rename one of the two: YAML readers silently keep only the last",
                ),
            Problem::TooDeep { pointer, at } => source
                .error_at(
                    &pointer,
                    Some(at),
                    format!("nested more than {MAX_DEPTH} levels deep"),
                )
                .with_hint("no OpenAPI document needs this much nesting: flatten it"),
        }
    }
}

#[derive(Debug, Default)]
pub(super) struct Layout {
    pub(super) positions: Positions,
    pub(super) problem: Option<Problem>,
    /// Values that are numbers no 64-bit type holds, in text order.
    pub(super) wide_numbers: Vec<WideNumber>,
}

impl Layout {
    /// The problem that keeps the text from the parsers, if any: they would
    /// refuse it too, only much later.
    pub(super) fn fatal(&self, source: &Source) -> Option<SpecError> {
        let problem = self.problem.as_ref()?;
        matches!(problem, Problem::TooDeep { .. }).then(|| problem.clone().into_error(source))
    }
}

/// An open collection while walking events. A pointer of `None` means the
/// node has no JSON pointer (it is, or is inside, a non-scalar key).
enum Frame {
    Map {
        pointer: Option<String>,
        /// `None` while a key is expected; then the pointer of the entry
        /// whose value comes next.
        entry: Option<Option<String>>,
        /// Keys seen so far, to catch duplicates.
        keys: HashMap<String, Position>,
        /// Whether the map's own position is final. The parser places a
        /// block mapping's start after its first key, so maps that are array
        /// items or the root take the position of their first key instead.
        placed: bool,
    },
    Seq {
        pointer: Option<String>,
        next: usize,
    },
}

/// The kinds of event that start a node.
#[derive(Clone, Copy)]
enum Node<'a> {
    Scalar(&'a str),
    /// A plain scalar that is a number no 64-bit type holds.
    WideNumber(&'a str),
    Alias,
    Map,
    Seq,
}

/// Maps every node of the (first) document to its position. Best effort: a
/// text that `yaml-rust2` cannot read (while `serde_yaml` could) just gets
/// fewer positions.
pub(super) fn scan(text: &str) -> Layout {
    let mut walker = Walker::default();
    let mut parser = Parser::new_from_str(text);
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(next) => next,
            // Its scanner looks ahead past a `[` or `{` to see whether it
            // starts a key, so it may stop at 255 open flow collections
            // before the walker sees the 129th.
            Err(err) if err.info() == "recursion limit exceeded" => {
                let pointer = walker.innermost_pointer();
                let at = (err.marker().line(), err.marker().col() + 1);
                return walker.layout(Some(Problem::TooDeep { pointer, at }));
            }
            Err(_) => break,
        };
        let node = match &event {
            Event::Scalar(value, TScalarStyle::Plain, ..) if numbers::is_wide(value) => {
                Node::WideNumber(value)
            }
            Event::Scalar(value, ..) => Node::Scalar(value),
            Event::Alias(_) => Node::Alias,
            Event::MappingStart(..) => Node::Map,
            Event::SequenceStart(..) => Node::Seq,
            Event::MappingEnd | Event::SequenceEnd => {
                walker.stack.pop();
                continue;
            }
            Event::DocumentEnd | Event::StreamEnd => break,
            _ => continue,
        };
        if let Err(problem) = walker.node(node, mark) {
            return walker.layout(Some(problem));
        }
    }
    walker.layout(None)
}

#[derive(Default)]
struct Walker {
    stack: Vec<Frame>,
    positions: Positions,
    wide_numbers: Vec<WideNumber>,
}

impl Walker {
    fn layout(self, problem: Option<Problem>) -> Layout {
        Layout {
            positions: self.positions.finish(),
            problem,
            wide_numbers: self.wide_numbers,
        }
    }

    fn node(&mut self, node: Node, mark: Marker) -> std::result::Result<(), Problem> {
        let at = (mark.line(), mark.col() + 1);
        match self.stack.last_mut() {
            None => self.item(node, Some("#".into()), at)?,
            Some(Frame::Seq { pointer, next }) => {
                let item = pointer
                    .as_deref()
                    .map(|p| pointer::join(p, &next.to_string()));
                *next += 1;
                self.value(node, item.as_deref(), at);
                self.item(node, item, at)?;
            }
            Some(Frame::Map {
                entry: entry @ Some(_),
                ..
            }) => {
                // The value of an entry sits at its key, already recorded.
                let value = entry.take().flatten();
                self.value(node, value.as_deref(), at);
                self.open(node, value, true, at)?;
            }
            Some(Frame::Map { entry: None, .. }) => return self.key(node, at),
        }
        Ok(())
    }

    /// Notes a value that is a wide number (a key never is one: it is text).
    fn value(&mut self, node: Node, pointer: Option<&str>, at: Position) {
        if let (Node::WideNumber(text), Some(pointer)) = (node, pointer) {
            self.wide_numbers.push(WideNumber {
                pointer: pointer.to_string(),
                at,
                text: text.to_string(),
            });
        }
    }

    /// The root or an array item: recorded at its own position.
    fn item(
        &mut self,
        node: Node,
        pointer: Option<String>,
        at: Position,
    ) -> std::result::Result<(), Problem> {
        if let Some(pointer) = &pointer {
            self.positions.insert(pointer, at);
        }
        self.open(node, pointer, false, at)
    }

    /// A key of the innermost map: records the entry at the key.
    fn key(&mut self, node: Node, at: Position) -> std::result::Result<(), Problem> {
        let Some(Frame::Map {
            pointer,
            entry,
            keys,
            placed,
        }) = self.stack.last_mut()
        else {
            return Ok(());
        };
        if !*placed {
            if let Some(map) = pointer {
                self.positions.insert(map, at);
            }
            *placed = true;
        }
        let (Node::Scalar(key) | Node::WideNumber(key)) = node else {
            // A non-scalar key has no pointer, nor has its value.
            *entry = Some(None);
            return self.open(node, None, true, at);
        };
        let child = pointer.as_deref().map(|p| pointer::join(p, key));
        if let Some(first) = keys.insert(key.to_string(), at) {
            let pointer = child.unwrap_or_else(|| "#".into());
            return Err(Problem::DuplicateKey { pointer, at, first });
        }
        if let Some(child) = &child {
            self.positions.insert(child, at);
        }
        *entry = Some(child);
        Ok(())
    }

    /// Enters a value node whose position is recorded (if it has one).
    fn open(
        &mut self,
        node: Node,
        pointer: Option<String>,
        placed: bool,
        at: Position,
    ) -> std::result::Result<(), Problem> {
        if let Node::Map | Node::Seq = node {
            if self.stack.len() == MAX_DEPTH {
                let pointer = pointer.unwrap_or_else(|| self.innermost_pointer());
                return Err(Problem::TooDeep { pointer, at });
            }
            self.push(node, pointer, placed);
        }
        Ok(())
    }

    /// The pointer of the innermost open collection that has one, or of
    /// the entry whose value it is reading.
    fn innermost_pointer(&self) -> String {
        self.stack
            .iter()
            .rev()
            .find_map(|frame| match frame {
                Frame::Map { pointer, entry, .. } => entry.clone().flatten().or(pointer.clone()),
                Frame::Seq { pointer, .. } => pointer.clone(),
            })
            .unwrap_or_else(|| "#".into())
    }

    fn push(&mut self, node: Node, pointer: Option<String>, placed: bool) {
        let frame = match node {
            Node::Seq => Frame::Seq { pointer, next: 0 },
            _ => Frame::Map {
                pointer,
                entry: None,
                keys: HashMap::new(),
                placed,
            },
        };
        self.stack.push(frame);
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{edited, load_text, spec_error, MINIMAL};
    use super::Positions;

    #[test]
    fn the_later_of_two_records_counts_and_every_record_is_found() {
        let mut positions = Positions::default();
        for i in 0..1000 {
            positions.insert(&format!("#/a/{i}"), (i + 1, 7));
        }
        positions.insert("#/a/5", (9, 9));
        positions.insert("#/a/5", (usize::MAX, 3));
        let positions = positions.finish();
        assert_eq!(positions.get("#/a/5"), Some((u32::MAX as usize, 3)));
        for i in (0..1000).filter(|&i| i != 5) {
            assert_eq!(positions.get(&format!("#/a/{i}")), Some((i + 1, 7)));
        }
        assert_eq!(positions.get("#/a/1000"), None);
        assert_eq!(Positions::default().get("#"), None);
    }

    #[test]
    fn positions_of_keys_items_and_root() {
        let spec = load_text(MINIMAL).unwrap();
        assert_eq!(spec.position("#"), Some((1, 1)));
        assert_eq!(spec.position("#/info/version"), Some((4, 3)));
        assert_eq!(spec.position("#/paths/~1v2~1tasks/get"), Some((7, 5)));
        // An array item that is a mapping sits at its first key.
        assert_eq!(
            spec.position("#/paths/~1v2~1tasks/get/parameters/0"),
            Some((10, 11))
        );
        assert_eq!(
            spec.position("#/paths/~1v2~1tasks/get/parameters/1"),
            Some((14, 11))
        );
        assert_eq!(
            spec.position("#/paths/~1v2~1tasks/get/responses/200"),
            Some((16, 9))
        );
        let schema = "#/paths/~1v2~1tasks/get/responses/200/content/application~1json/schema/$ref";
        assert_eq!(spec.position(schema), Some((21, 17)));
        // Flow mappings are mapped too.
        assert_eq!(
            spec.position("#/components/parameters/MaxSize/schema/minimum"),
            Some((27, 31))
        );
    }

    #[test]
    fn positions_in_json_text() {
        let text = r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
 "paths": {"/a": {"get": {"responses": {"200": {"description": "OK"}}}}}}"#;
        let spec = load_text(text).unwrap();
        assert_eq!(spec.position("#/info/version"), Some((1, 45)));
        assert_eq!(
            spec.position("#/paths/~1a/get/responses/200/description"),
            Some((2, 49))
        );
    }

    #[test]
    fn refuses_duplicate_keys() {
        let err = spec_error(&edited("  version: '1'\n", "  version: '1'\n  title: U\n"));
        assert_eq!(
            (err.pointer.as_str(), err.position),
            ("#/info/title", Some((5, 3)))
        );
        assert!(err.message.contains("line 3"), "{}", err.message);
    }
}
