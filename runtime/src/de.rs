//! What the `Deserialize` impls of generated structs call. taskgen writes
//! those impls out rather than deriving them: serde's derive expands to a
//! field enum, two visitors and their methods for every struct, and runs
//! again at every `cargo check` of a crate that holds the generated code
//! (for bunq's 562 structs, a re-check took 9.4-10.6 s with the derive and
//! 6.2-6.8 s without). A generated struct's `Deserialize` is one call of
//! [`object`], and its [`FromFields`] walks the map once, with a slot per
//! field, through [`Fields`]; the visitor between them is this module's,
//! checked once for all structs. They decode what the derive decodes, with
//! the same errors.

use std::any::type_name;
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Error, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// A struct decoded from the fields of a JSON object: what a generated
/// struct's `Deserialize` implements, through [`object`].
#[doc(hidden)]
pub trait FromFields<'de>: Sized {
    /// The struct from the object's `fields`.
    fn from_fields<A: MapAccess<'de>>(fields: Fields<A>) -> Result<Self, A::Error>;
}

/// Decodes a `T` from a JSON object, by its [`FromFields`].
pub fn object<'de, T: FromFields<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(Object(PhantomData))
}

/// The visitor of every generated struct.
struct Object<T>(PhantomData<fn() -> T>);

impl<'de, T: FromFields<'de>> Visitor<'de> for Object<T> {
    type Value = T;

    /// As the derive says it: `struct Task`. The type's name is only
    /// looked up for an error, and only its last segment shown.
    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = type_name::<T>();
        let name = path.rsplit("::").next().unwrap_or(path);
        write!(formatter, "struct {name}")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_fields(Fields::new(map))
    }
}

/// A JSON object being decoded into a struct, field by field.
pub struct Fields<A> {
    map: A,
}

impl<'de, A: MapAccess<'de>> Fields<A> {
    /// The fields of `map`.
    pub fn new(map: A) -> Self {
        Fields { map }
    }

    /// The next key, borrowed from the input where it can be.
    pub fn next_key(&mut self) -> Result<Option<Cow<'de, str>>, A::Error> {
        self.map.next_key_seed(Key)
    }

    /// Decodes the value of the field `name` (as sent) into `slot`; an
    /// error if the object has that field twice.
    pub fn set<T: Deserialize<'de>>(
        &mut self,
        slot: &mut Option<T>,
        name: &'static str,
    ) -> Result<(), A::Error> {
        if slot.is_some() {
            return Err(A::Error::duplicate_field(name));
        }
        *slot = Some(self.map.next_value()?);
        Ok(())
    }

    /// Skips the value of a field the struct does not declare.
    pub fn skip(&mut self) -> Result<(), A::Error> {
        self.map.next_value::<IgnoredAny>().map(|_| ())
    }

    /// The value of the required field `name` (as sent); an error if the
    /// object did not have it. A method, not a function, so that the error
    /// is the map's without naming its type.
    pub fn required<T>(&self, slot: Option<T>, name: &'static str) -> Result<T, A::Error> {
        slot.ok_or_else(|| A::Error::missing_field(name))
    }
}

/// Reads a key as serde's derive reads a field name.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("field identifier")
    }

    fn visit_borrowed_str<E: Error>(self, key: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(key))
    }

    fn visit_str<E: Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(key.to_owned()))
    }

    fn visit_string<E: Error>(self, key: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(key))
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::{Fields, FromFields};

    /// What serde's derive makes of a struct: the reference.
    #[derive(Debug, PartialEq, Deserialize)]
    struct Derived {
        id: i64,
        #[serde(default)]
        name: Option<String>,
        nullable: Option<String>,
        #[serde(rename = "Type", default)]
        r#type: Option<String>,
    }

    /// The same struct, decoded as a generated impl decodes it.
    #[derive(Debug, PartialEq)]
    struct Written {
        id: i64,
        name: Option<String>,
        nullable: Option<String>,
        r#type: Option<String>,
    }

    impl<'de> Deserialize<'de> for Written {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            super::object(deserializer)
        }
    }

    impl<'de> FromFields<'de> for Written {
        fn from_fields<A: serde::de::MapAccess<'de>>(
            mut __map: Fields<A>,
        ) -> Result<Self, A::Error> {
            let mut id = None;
            let mut name = None;
            let mut nullable = None;
            let mut r#type = None;
            while let Some(__key) = __map.next_key()? {
                match &*__key {
                    "id" => __map.set(&mut id, "id")?,
                    "name" => __map.set(&mut name, "name")?,
                    "nullable" => __map.set(&mut nullable, "nullable")?,
                    "Type" => __map.set(&mut r#type, "Type")?,
                    _ => __map.skip()?,
                }
            }
            Ok(Self {
                id: __map.required(id, "id")?,
                name: name.flatten(),
                nullable: nullable.flatten(),
                r#type: r#type.flatten(),
            })
        }
    }

    /// Every input decodes to the same value, or fails with the same
    /// message at the same place, written out as derived: fields missing,
    /// repeated (after a null too), of the wrong type, null, renamed,
    /// unknown with nested values, escaped keys (owned, not borrowed), and
    /// values that are no object. The one difference, a struct as an array
    /// of its fields, which the derive accepts, is checked apart.
    #[test]
    fn written_out_impls_decode_as_the_derive_does() {
        let inputs = [
            r#"{"id": 1}"#,
            r#"{"id": 1, "name": "a", "nullable": null, "Type": "t", "x": [1, {"y": 2}]}"#,
            r#"{"name": "a"}"#,
            r#"{"id": 1, "id": 2}"#,
            r#"{"id": 1, "name": null, "name": "b"}"#,
            r#"{"id": "1"}"#,
            r#"{"id": null}"#,
            r#"{"id": 1, "name": 5}"#,
            r#"{"id": 1, "type": "lower case is another field"}"#,
            r#"{"\u0069d": 7, "n\u0061me": "escaped"}"#,
            r#"{"id": 1,}"#,
            r#""a string""#,
            "null",
        ];
        for input in inputs {
            let derived = serde_json::from_str::<Derived>(input);
            let written = serde_json::from_str::<Written>(input);
            match (derived, written) {
                (Ok(d), Ok(w)) => {
                    let d = format!("{d:?}").replace("Derived", "S");
                    assert_eq!(d, format!("{w:?}").replace("Written", "S"), "{input}");
                }
                (Err(d), Err(w)) => {
                    let d = d.to_string().replace("Derived", "S");
                    assert_eq!(d, w.to_string().replace("Written", "S"), "{input}");
                }
                (d, w) => panic!("{input}: derived {d:?}, written out {w:?}"),
            }
        }
        let array = r#"[1, "a", null, "t"]"#;
        assert!(serde_json::from_str::<Derived>(array).is_ok());
        let error = serde_json::from_str::<Written>(array).unwrap_err();
        assert!(error
            .to_string()
            .starts_with("invalid type: sequence, expected struct Written"));
    }
}
