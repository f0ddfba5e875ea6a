//! The JSON-pointer -> `line:column` map, built in one pass over the
//! `yaml-rust2` events because `serde_yaml` keeps no positions. The same pass
//! catches duplicate keys, which `serde_yaml` would silently collapse, and
//! numbers no 64-bit type holds (see `numbers`).

use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::error::SpecError;
use crate::pointer;

use super::numbers::{self, WideNumber};
use super::source::Source;

/// 1-based line and column.
pub(super) type Position = (usize, usize);

/// What the YAML pass found wrong that `serde_yaml` lets through.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Problem {
    /// `serde_yaml` keeps the last of two equal keys without a word.
    DuplicateKey {
        pointer: String,
        at: Position,
        first: Position,
    },
}

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
        }
    }
}

#[derive(Debug, Default)]
pub(super) struct Layout {
    pub(super) positions: HashMap<String, Position>,
    pub(super) problem: Option<Problem>,
    /// Values that are numbers no 64-bit type holds, in text order.
    pub(super) wide_numbers: Vec<WideNumber>,
    /// Whether `yaml-rust2` read the whole document, so that every
    /// duplicate key was seen.
    pub(super) complete: bool,
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
    walk(text, true)
}

/// The same pass without the position map, which has an entry (a pointer
/// string) per node and so costs several times the text in memory: for
/// loading, which needs a position only to report an error or a warning
/// and then builds the map (`Source::position`).
pub(super) fn check(text: &str) -> Layout {
    walk(text, false)
}

fn walk(text: &str, record: bool) -> Layout {
    let mut walker = Walker {
        positions: Positions(record.then(HashMap::new)),
        ..Walker::default()
    };
    let mut parser = Parser::new_from_str(text);
    while let Ok((event, mark)) = parser.next_token() {
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
            Event::DocumentEnd | Event::StreamEnd => {
                walker.complete = true;
                break;
            }
            _ => continue,
        };
        if let Err(problem) = walker.node(node, mark) {
            return walker.layout(Some(problem));
        }
    }
    walker.layout(None)
}

/// The position map being built, or `None` when it is not wanted.
#[derive(Default)]
struct Positions(Option<HashMap<String, Position>>);

impl Positions {
    fn note(&mut self, pointer: &str, at: Position) {
        if let Some(map) = &mut self.0 {
            map.insert(pointer.to_string(), at);
        }
    }
}

#[derive(Default)]
struct Walker {
    stack: Vec<Frame>,
    positions: Positions,
    wide_numbers: Vec<WideNumber>,
    complete: bool,
}

impl Walker {
    fn layout(self, problem: Option<Problem>) -> Layout {
        Layout {
            positions: self.positions.0.unwrap_or_default(),
            problem,
            wide_numbers: self.wide_numbers,
            complete: self.complete,
        }
    }

    fn node(&mut self, node: Node, mark: Marker) -> std::result::Result<(), Problem> {
        let at = (mark.line(), mark.col() + 1);
        match self.stack.last_mut() {
            None => self.item(node, Some("#".into()), at),
            Some(Frame::Seq { pointer, next }) => {
                let item = pointer
                    .as_deref()
                    .map(|p| pointer::join(p, &next.to_string()));
                *next += 1;
                self.value(node, item.as_deref(), at);
                self.item(node, item, at);
            }
            Some(Frame::Map {
                entry: entry @ Some(_),
                ..
            }) => {
                // The value of an entry sits at its key, already recorded.
                let value = entry.take().flatten();
                self.value(node, value.as_deref(), at);
                self.open(node, value, true);
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
    fn item(&mut self, node: Node, pointer: Option<String>, at: Position) {
        if let Some(pointer) = &pointer {
            self.positions.note(pointer, at);
        }
        self.open(node, pointer, false);
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
                self.positions.note(map, at);
            }
            *placed = true;
        }
        let (Node::Scalar(key) | Node::WideNumber(key)) = node else {
            // A non-scalar key has no pointer, nor has its value.
            *entry = Some(None);
            if let Node::Map | Node::Seq = node {
                self.push(node, None, true);
            }
            return Ok(());
        };
        let child = pointer.as_deref().map(|p| pointer::join(p, key));
        if let Some(first) = keys.insert(key.to_string(), at) {
            let pointer = child.unwrap_or_else(|| "#".into());
            return Err(Problem::DuplicateKey { pointer, at, first });
        }
        *entry = Some(child.clone());
        if let Some(child) = &child {
            self.positions.note(child, at);
        }
        Ok(())
    }

    /// Enters a value node whose position is recorded (if it has one).
    fn open(&mut self, node: Node, pointer: Option<String>, placed: bool) {
        if let Node::Map | Node::Seq = node {
            self.push(node, pointer, placed);
        }
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
    fn loading_builds_no_position_map_until_one_is_asked_for() {
        let spec = load_text(MINIMAL).unwrap();
        assert!(spec.source.positions.get().is_none());
        assert_eq!(spec.position("#/info/version"), Some((4, 3)));
        assert!(spec.source.positions.get().is_some());
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
