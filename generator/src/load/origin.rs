//! Where each node of an overlaid document came from: the spec, or an action
//! of an overlay. Errors found after the overlays ran are located through it
//! (in the spec for nodes the overlays left alone, in the overlay file for
//! nodes an action wrote), and the document is printed back with the spec's
//! key order, since the JSON data the actions work on sorts its keys.
//!
//! The tree is only as deep as the actions reached: a node no action
//! changed below is one `Leaf`, however large.

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::overlay::Overlay;
use super::positions::Position;
use super::source::Source;
use crate::pointer;

/// Where one node (and, unless `Changed`, everything below it) came from.
pub(super) enum Origin {
    Leaf(Leaf),
    /// A container an action changed inside: where it came from itself, and
    /// each member's origin in the member order the document is printed in.
    Changed(Leaf, Members),
}

pub(super) enum Members {
    Object(IndexMap<String, Origin>),
    Array(Vec<Origin>),
}

/// A node in one of the input files.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Leaf {
    /// The spec's node at this pointer.
    Spec(String),
    /// Written by an action: the node at `pointer` of overlay number `file`.
    Overlay(Written),
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct Written {
    pub(super) file: usize,
    pub(super) action: usize,
    pub(super) pointer: String,
}

impl Leaf {
    fn child(&self, token: &str) -> Leaf {
        match self {
            Leaf::Spec(at) => Leaf::Spec(pointer::join(at, token)),
            Leaf::Overlay(written) => Leaf::Overlay(written.child(token)),
        }
    }
}

impl Written {
    pub(super) fn child(&self, token: &str) -> Written {
        Written {
            pointer: pointer::join(&self.pointer, token),
            ..self.clone()
        }
    }
}

/// The texts the leaves point into, to order members by where they are
/// written.
pub(super) struct Texts<'a> {
    pub(super) spec: &'a Source,
    pub(super) overlays: &'a [std::sync::Arc<Overlay>],
}

impl Texts<'_> {
    fn position(&self, leaf: &Leaf) -> Option<(usize, Position)> {
        match leaf {
            Leaf::Spec(at) => Some((0, self.spec.positions().get(at)?)),
            Leaf::Overlay(w) => {
                let source = &self.overlays.get(w.file)?.source;
                Some((w.file + 1, source.positions().get(&w.pointer)?))
            }
        }
    }

    /// The keys of `map` (the node at `leaf`) in the order they are written.
    pub(super) fn keys_in_order<'v>(
        &self,
        leaf: &Leaf,
        map: &'v Map<String, Value>,
    ) -> Vec<&'v String> {
        let mut keys: Vec<_> = map
            .keys()
            .map(|key| (self.position(&leaf.child(key)), key))
            .collect();
        // Keys without a place (none, in practice) go last, by name.
        keys.sort_by(|(a, ka), (b, kb)| match (a, b) {
            (Some(a), Some(b)) => a.cmp(b),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => ka.cmp(kb),
        });
        keys.into_iter().map(|(_, key)| key).collect()
    }
}

impl Origin {
    /// The members of this container (`value` is its node), with a leaf
    /// split into one leaf per member first. `None` for a scalar.
    pub(super) fn members(&mut self, value: &Value, texts: &Texts<'_>) -> Option<&mut Members> {
        if let Origin::Leaf(leaf) = self {
            let members = match value {
                Value::Object(map) => Members::Object(
                    texts
                        .keys_in_order(leaf, map)
                        .into_iter()
                        .map(|key| (key.clone(), Origin::Leaf(leaf.child(key))))
                        .collect(),
                ),
                Value::Array(items) => Members::Array(
                    (0..items.len())
                        .map(|i| Origin::Leaf(leaf.child(&i.to_string())))
                        .collect(),
                ),
                _ => return None,
            };
            *self = Origin::Changed(leaf.clone(), members);
        }
        match self {
            Origin::Changed(_, members) => Some(members),
            Origin::Leaf(_) => None,
        }
    }

    /// The origin of the member `token` of this container (`value` is its
    /// node).
    pub(super) fn member(
        &mut self,
        value: &Value,
        token: &str,
        texts: &Texts<'_>,
    ) -> Option<&mut Origin> {
        match self.members(value, texts)? {
            Members::Object(map) => map.get_mut(token),
            Members::Array(items) => items.get_mut(token.parse::<usize>().ok()?),
        }
    }

    /// Where the node at `at` (a pointer into the overlaid document) was
    /// written: a node of the spec or of an overlay.
    pub(super) fn locate(&self, at: &str) -> Leaf {
        let mut origin = self;
        let mut tokens = pointer::tokens(at);
        loop {
            let (leaf, member) = match origin {
                Origin::Leaf(leaf) => (leaf, None),
                Origin::Changed(leaf, members) => (leaf, Some(members)),
            };
            let Some(token) = tokens.next() else {
                return leaf.clone();
            };
            let next = member.and_then(|members| match members {
                Members::Object(map) => map.get(&token),
                Members::Array(items) => items.get(token.parse::<usize>().ok()?),
            });
            match next {
                Some(next) => origin = next,
                // Below a leaf (or past the data): the same path in its file.
                None => {
                    return std::iter::once(token)
                        .chain(tokens)
                        .fold(leaf.clone(), |leaf, token| leaf.child(&token))
                }
            }
        }
    }
}

/// `value` as indented JSON text (it is also kept as the generated crate's
/// snapshot of the spec, read in diffs), each object's keys in the order its
/// origin says: the spec's order, then what the overlays added, in theirs.
pub(super) fn ordered_json(value: &Value, origin: &Origin, texts: &Texts<'_>) -> String {
    let mut out = String::new();
    write(&mut out, value, origin, texts, 0);
    out.push('\n');
    out
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    out.extend(std::iter::repeat_n(' ', 2 * depth));
}

fn write(out: &mut String, value: &Value, origin: &Origin, texts: &Texts<'_>, depth: usize) {
    let member = |token: &str| -> Origin {
        match origin {
            Origin::Changed(leaf, _) | Origin::Leaf(leaf) => Origin::Leaf(leaf.child(token)),
        }
    };
    match (value, origin) {
        (Value::Object(map), Origin::Changed(_, Members::Object(members))) => {
            let keys = members.keys().filter(|key| map.contains_key(*key));
            write_object(out, keys.map(|key| (key, &members[key])), map, texts, depth);
        }
        (Value::Object(map), Origin::Leaf(leaf) | Origin::Changed(leaf, Members::Array(_))) => {
            let keys = texts.keys_in_order(leaf, map);
            let members: Vec<_> = keys.into_iter().map(|key| (key, member(key))).collect();
            write_object(out, members.iter().map(|(k, o)| (*k, o)), map, texts, depth);
        }
        (Value::Array(items), _) if !items.is_empty() => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                match origin {
                    Origin::Changed(_, Members::Array(origins)) if i < origins.len() => {
                        write(out, item, &origins[i], texts, depth + 1)
                    }
                    _ => write(out, item, &member(&i.to_string()), texts, depth + 1),
                }
            }
            newline(out, depth);
            out.push(']');
        }
        (scalar, _) => out.push_str(&scalar.to_string()),
    }
}

fn write_object<'k>(
    out: &mut String,
    members: impl Iterator<Item = (&'k String, &'k Origin)>,
    map: &Map<String, Value>,
    texts: &Texts<'_>,
    depth: usize,
) {
    out.push('{');
    let mut empty = true;
    for (key, origin) in members {
        if !empty {
            out.push(',');
        }
        empty = false;
        newline(out, depth + 1);
        out.push_str(&Value::String(key.clone()).to_string());
        out.push_str(": ");
        if let Some(value) = map.get(key) {
            write(out, value, origin, texts, depth + 1);
        }
    }
    if !empty {
        newline(out, depth);
    }
    out.push('}');
}
