//! A spec's JSON data as the checks read it, in either of two forms:
//! `serde_json::Value`, which overlays and `normalize` rewrite and `lint`
//! and `diff` read, or [`Compact`], which generation reads a JSON text
//! into when nothing will rewrite it (see `read_text_with`).
//!
//! `Value` keeps each object in a B-tree whose first node holds room for
//! eleven members: netbox.dev.json's 1.2 MB of text make 14 MB of it, the
//! largest part of generation's peak memory. `Compact` keeps an object's
//! members in one slice of their exact number, sorted by key as the B-tree
//! is, so every walk meets them in the same order and reports the same
//! first problem.

use std::fmt;

use serde::de::{Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};

/// A spec's JSON data, in the form it was read into.
#[derive(Debug)]
pub(crate) enum SpecData {
    Value(Value),
    Compact(Compact),
}

/// `$body` with `$data` the data of `$spec_data` (a `SpecData` or a
/// reference to one), whichever its form.
macro_rules! with_data {
    ($spec_data:expr, |$data:ident| $body:expr) => {
        match $spec_data {
            $crate::load::data::SpecData::Value($data) => $body,
            $crate::load::data::SpecData::Compact($data) => $body,
        }
    };
}
pub(crate) use with_data;

/// What the checks ask of JSON data, whichever its form.
pub(crate) trait Data: Sized {
    /// The member `key` of an object; `None` for any other value.
    fn get(&self, key: &str) -> Option<&Self>;
    /// An object's members, sorted by key.
    fn members(&self) -> Option<impl Iterator<Item = (&str, &Self)>>;
    /// An array's items.
    fn items(&self) -> Option<&[Self]>;
    fn as_str(&self) -> Option<&str>;
    fn as_bool(&self) -> Option<bool>;
    fn kind(&self) -> Kind;
    /// The same data as a `Value`: for the few nodes kept past loading.
    fn to_value(&self) -> Value;
}

/// The six kinds of JSON value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

impl Kind {
    /// The kind as a message names it: "a mapping", "null".
    pub(crate) fn described(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool => "a boolean",
            Kind::Number => "a number",
            Kind::String => "a string",
            Kind::Array => "a list",
            Kind::Object => "a mapping",
        }
    }
}

impl Data for Value {
    fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?.get(key)
    }

    fn members(&self) -> Option<impl Iterator<Item = (&str, &Value)>> {
        Some(self.as_object()?.iter().map(|(k, v)| (k.as_str(), v)))
    }

    fn items(&self) -> Option<&[Value]> {
        self.as_array().map(Vec::as_slice)
    }

    fn as_str(&self) -> Option<&str> {
        Value::as_str(self)
    }

    fn as_bool(&self) -> Option<bool> {
        Value::as_bool(self)
    }

    fn kind(&self) -> Kind {
        match self {
            Value::Null => Kind::Null,
            Value::Bool(_) => Kind::Bool,
            Value::Number(_) => Kind::Number,
            Value::String(_) => Kind::String,
            Value::Array(_) => Kind::Array,
            Value::Object(_) => Kind::Object,
        }
    }

    fn to_value(&self) -> Value {
        self.clone()
    }
}

/// JSON data in exact-size slices: an object is its members sorted by
/// key (a repeated key keeps its last value, as `Value` does).
#[derive(Debug, PartialEq)]
pub(crate) enum Compact {
    Null,
    Bool(bool),
    Number(Number),
    String(Box<str>),
    Array(Box<[Compact]>),
    Object(Box<[(Box<str>, Compact)]>),
}

impl Data for Compact {
    fn get(&self, key: &str) -> Option<&Compact> {
        let Compact::Object(members) = self else {
            return None;
        };
        let i = members.binary_search_by(|(k, _)| (**k).cmp(key)).ok()?;
        Some(&members[i].1)
    }

    fn members(&self) -> Option<impl Iterator<Item = (&str, &Compact)>> {
        match self {
            Compact::Object(members) => Some(members.iter().map(|(k, v)| (&**k, v))),
            _ => None,
        }
    }

    fn items(&self) -> Option<&[Compact]> {
        match self {
            Compact::Array(items) => Some(items),
            _ => None,
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Compact::String(s) => Some(s),
            _ => None,
        }
    }

    fn as_bool(&self) -> Option<bool> {
        match self {
            Compact::Bool(b) => Some(*b),
            _ => None,
        }
    }

    fn kind(&self) -> Kind {
        match self {
            Compact::Null => Kind::Null,
            Compact::Bool(_) => Kind::Bool,
            Compact::Number(_) => Kind::Number,
            Compact::String(_) => Kind::String,
            Compact::Array(_) => Kind::Array,
            Compact::Object(_) => Kind::Object,
        }
    }

    fn to_value(&self) -> Value {
        match self {
            Compact::Null => Value::Null,
            Compact::Bool(b) => Value::Bool(*b),
            Compact::Number(n) => Value::Number(n.clone()),
            Compact::String(s) => Value::String(s.to_string()),
            Compact::Array(items) => Value::Array(items.iter().map(Compact::to_value).collect()),
            Compact::Object(members) => Value::Object(
                members
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_value()))
                    .collect(),
            ),
        }
    }
}

impl<'de> Deserialize<'de> for Compact {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Compact, D::Error> {
        Builder {
            stacks: &mut Stacks::default(),
        }
        .deserialize(deserializer)
    }
}

/// The members and items of the objects and arrays being read, nested
/// ones above their parents': one buffer each for the whole text, rather
/// than a growing vector per object.
#[derive(Default)]
struct Stacks {
    members: Vec<(Box<str>, Compact)>,
    items: Vec<Compact>,
}

/// Reads one value, as `Value`'s own deserializer does (the same visits,
/// the same numbers), into a [`Compact`].
struct Builder<'s> {
    stacks: &'s mut Stacks,
}

impl<'de> DeserializeSeed<'de> for Builder<'_> {
    type Value = Compact;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Compact, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Builder<'_> {
    type Value = Compact;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Compact, E> {
        Ok(Compact::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Compact, E> {
        Ok(Compact::Number(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Compact, E> {
        Ok(Compact::Number(n.into()))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Compact, E> {
        Ok(Number::from_f64(n).map_or(Compact::Null, Compact::Number))
    }

    fn visit_str<E>(self, s: &str) -> Result<Compact, E> {
        Ok(Compact::String(s.into()))
    }

    fn visit_none<E>(self) -> Result<Compact, E> {
        Ok(Compact::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Compact, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_unit<E>(self) -> Result<Compact, E> {
        Ok(Compact::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Compact, A::Error> {
        let start = self.stacks.items.len();
        loop {
            let seed = Builder {
                stacks: &mut *self.stacks,
            };
            let Some(item) = seq.next_element_seed(seed)? else {
                break;
            };
            self.stacks.items.push(item);
        }
        Ok(Compact::Array(self.stacks.items.drain(start..).collect()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Compact, A::Error> {
        let start = self.stacks.members.len();
        while let Some(key) = map.next_key_seed(Key)? {
            let seed = Builder {
                stacks: &mut *self.stacks,
            };
            let value = map.next_value_seed(seed)?;
            self.stacks.members.push((key, value));
        }
        let members = &mut self.stacks.members[start..];
        // Stable: of a repeated key, the last value is the one kept.
        members.sort_by(|(a, _), (b, _)| a.cmp(b));
        let mut members: Vec<_> = self.stacks.members.drain(start..).collect();
        members.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                std::mem::swap(&mut later.1, &mut kept.1);
            }
            same
        });
        Ok(Compact::Object(members.into_boxed_slice()))
    }
}

/// An object's key, allocated at its exact length.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Box<str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Box<str>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for Key {
    type Value = Box<str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_str<E>(self, s: &str) -> Result<Box<str>, E> {
        Ok(s.into())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::{Compact, Data, Kind};

    /// Both forms of one text.
    fn both(text: &str) -> (Value, Compact) {
        (
            serde_json::from_str(text).unwrap(),
            serde_json::from_str(text).unwrap(),
        )
    }

    /// Every walk meets the same members, in the same order, with the same
    /// values: a repeated key keeps its last, numbers read as `Value`
    /// reads them.
    #[test]
    fn compact_data_is_the_value_it_reads_as() {
        let text = r#"{"b": [1, -2, 3.5, 1e300, 18446744073709551615, true, null, "s"],
            "a": {"z": {}, "y": [], "\u00e9": "\ud83d\ude00", "y": {"k": "last"}},
            "": "", "B": {"one": 1}}"#;
        let (value, compact) = both(text);
        assert_eq!(compact.to_value(), value);
        let keys = |d: &Compact| -> Vec<String> {
            d.members().unwrap().map(|(k, _)| k.to_string()).collect()
        };
        let value_keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys(&compact), value_keys);
        let a = compact.get("a").unwrap();
        assert_eq!(keys(a), ["y", "z", "é"]);
        assert_eq!(a.get("y").unwrap().get("k").unwrap().as_str(), Some("last"));
        assert_eq!(a.get("x"), None);
        let items = compact.get("b").unwrap().items().unwrap();
        let kinds: Vec<Kind> = items.iter().map(Data::kind).collect();
        let value_kinds: Vec<Kind> = value["b"].items().unwrap().iter().map(Data::kind).collect();
        assert_eq!(kinds, value_kinds);
        assert_eq!(items[5].as_bool(), Some(true));
        assert_eq!(compact.get("b").unwrap().get("0"), None);
    }

    /// What `Value` refuses to read, `Compact` refuses too.
    #[test]
    fn refuses_what_value_refuses() {
        for text in [
            "{\"a\": 1e400}",
            "{\"a\": }",
            "[1, 2",
            "{\"a\": \"\\x\"}",
            "{1: 2}",
        ] {
            assert!(serde_json::from_str::<Value>(text).is_err(), "{text}");
            assert!(serde_json::from_str::<Compact>(text).is_err(), "{text}");
        }
    }
}
