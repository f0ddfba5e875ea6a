//! Parameter values written by OpenAPI `style` and `explode` (OpenAPI 3.0,
//! "Style Values" and "Style Examples"; RFC 6570 for `simple`, `label`,
//! `matrix` and `form`).
//!
//! Any `Serialize` value works: scalars (enums as their wire string),
//! sequences, and structs or maps of scalars (in their declared order).
//! `None`/`null` is the empty value (`;color`, `.`, `color=`). A value a
//! style cannot write (a nested object or array, a scalar in `deepObject`)
//! is an [`Error::InvalidRequest`] naming the parameter.
//!
//! [`style_value`] and [`style_pairs`] return decoded text: the transport
//! percent-encodes query keys and values once, delimiters included
//! (`color=blue%2Cblack`, which servers decode to `blue,black`); a path
//! goes out as written, so [`style_path`] encodes the values and keeps the
//! delimiters (`;color=blue,black`). See
//! [`Request::query_reserved`](crate::Request::query_reserved) for
//! `allowReserved`.

use std::fmt;

use serde::ser::{self, Impossible, Serialize};

use crate::error::Error;
use crate::path::{check_segment, encode_value};

/// An OpenAPI parameter `style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `blue,black,brown` (path, header).
    Simple,
    /// `.blue.black.brown` (path).
    Label,
    /// `;color=blue,black,brown` (path).
    Matrix,
    /// `color=blue&color=black` (query, cookie).
    Form,
    /// `color=blue black brown` (query).
    SpaceDelimited,
    /// `color=blue|black|brown` (query).
    PipeDelimited,
    /// `color[R]=100&color[G]=200` (query).
    DeepObject,
}

impl ParamStyle {
    /// The name the spec uses (`spaceDelimited`).
    pub fn as_str(self) -> &'static str {
        match self {
            ParamStyle::Simple => "simple",
            ParamStyle::Label => "label",
            ParamStyle::Matrix => "matrix",
            ParamStyle::Form => "form",
            ParamStyle::SpaceDelimited => "spaceDelimited",
            ParamStyle::PipeDelimited => "pipeDelimited",
            ParamStyle::DeepObject => "deepObject",
        }
    }
}

/// A path or header parameter's text: `simple`, `label` or `matrix`.
///
/// ```
/// use taskgen_runtime::{style_value, ParamStyle};
/// # fn main() -> Result<(), taskgen_runtime::Error> {
/// let colors = ["blue", "black"];
/// assert_eq!(style_value("color", &colors, ParamStyle::Matrix, true)?, ";color=blue;color=black");
/// # Ok(()) }
/// ```
pub fn style_value<T: Serialize + ?Sized>(
    parameter: &str,
    value: &T,
    style: ParamStyle,
    explode: bool,
) -> Result<String, Error> {
    styled(
        parameter,
        parameter,
        flatten(parameter, value)?,
        style,
        explode,
    )
}

/// A path parameter's segment text by `style` (`simple`, `label`,
/// `matrix`): like [`style_value`], but every value, key and the name
/// percent-encoded as [`path_param`](crate::path_param) encodes a value,
/// the style's delimiters kept as written. Refuses an empty or dot segment.
///
/// ```
/// use taskgen_runtime::{style_path, ParamStyle};
/// # fn main() -> Result<(), taskgen_runtime::Error> {
/// let ids = ["a:1", "b c"];
/// assert_eq!(style_path("id", &ids, ParamStyle::Matrix, false)?, ";id=a%3A1,b%20c");
/// # Ok(()) }
/// ```
pub fn style_path<T: Serialize + ?Sized>(
    parameter: &str,
    value: &T,
    style: ParamStyle,
    explode: bool,
) -> Result<String, Error> {
    let flat = match flatten(parameter, value)? {
        Flat::Scalar(value) => Flat::Scalar(encode_value(&value)),
        Flat::List(items) => Flat::List(items.iter().map(|item| encode_value(item)).collect()),
        Flat::Object(pairs) => Flat::Object(
            pairs
                .iter()
                .map(|(key, value)| (encode_value(key), encode_value(value)))
                .collect(),
        ),
    };
    let text = styled(parameter, &encode_value(parameter), flat, style, explode)?;
    check_segment(parameter, &text)?;
    Ok(text)
}

/// `flat` written by a path or header `style`; `name` is the parameter's
/// name as `matrix` writes it.
fn styled(
    parameter: &str,
    name: &str,
    flat: Flat,
    style: ParamStyle,
    explode: bool,
) -> Result<String, Error> {
    let (prefix, separator) = match style {
        ParamStyle::Simple => ("", ","),
        ParamStyle::Label if explode => (".", "."),
        ParamStyle::Label => (".", ","),
        ParamStyle::Matrix => return Ok(matrix(name, flat, explode)),
        _ => return Err(wrong_place(parameter, style, "a path or header")),
    };
    let body = match flat {
        Flat::Scalar(value) => value,
        Flat::List(items) => items.join(separator),
        Flat::Object(pairs) => join_pairs(&pairs, explode, separator),
    };
    Ok(format!("{prefix}{body}"))
}

/// A query or cookie parameter's `(key, value)` pairs: `form`,
/// `spaceDelimited`, `pipeDelimited` or `deepObject`. An exploded empty
/// array or object gives no pairs (RFC 6570: an empty list is undefined).
///
/// ```
/// use taskgen_runtime::{style_pairs, ParamStyle};
/// # fn main() -> Result<(), taskgen_runtime::Error> {
/// let pairs = style_pairs("color", &["blue", "black"], ParamStyle::PipeDelimited, false)?;
/// assert_eq!(pairs, [("color".to_string(), "blue|black".to_string())]);
/// # Ok(()) }
/// ```
pub fn style_pairs<T: Serialize + ?Sized>(
    parameter: &str,
    value: &T,
    style: ParamStyle,
    explode: bool,
) -> Result<Vec<(String, String)>, Error> {
    let flat = flatten(parameter, value)?;
    let separator = match style {
        ParamStyle::Form => ",",
        ParamStyle::SpaceDelimited => " ",
        ParamStyle::PipeDelimited => "|",
        ParamStyle::DeepObject => {
            let Flat::Object(pairs) = flat else {
                return Err(Error::invalid_request(
                    parameter,
                    "must be an object to be written with style `deepObject`",
                ));
            };
            return Ok(pairs
                .into_iter()
                .map(|(key, value)| (format!("{parameter}[{key}]"), value))
                .collect());
        }
        _ => return Err(wrong_place(parameter, style, "a query or cookie")),
    };
    let name = || parameter.to_string();
    Ok(match flat {
        Flat::Scalar(value) if style == ParamStyle::Form => vec![(name(), value)],
        Flat::Scalar(_) => {
            return Err(Error::invalid_request(
                parameter,
                format!(
                    "must be an array or object to be written with style `{}`",
                    style.as_str()
                ),
            ))
        }
        Flat::List(items) if explode => items.into_iter().map(|item| (name(), item)).collect(),
        Flat::List(items) => vec![(name(), items.join(separator))],
        // Exploded `form` objects are their own key-value pairs;
        // `spaceDelimited` and `pipeDelimited` are only defined unexploded.
        Flat::Object(pairs) if explode && style == ParamStyle::Form => pairs,
        Flat::Object(pairs) => vec![(name(), join_pairs(&pairs, false, separator))],
    })
}

fn wrong_place(parameter: &str, style: ParamStyle, place: &str) -> Error {
    Error::invalid_request(
        parameter,
        format!("style `{}` is not one of {place} parameter", style.as_str()),
    )
}

/// `;color=blue,black`, `;color=blue;color=black`, `;R=100;G=200`.
fn matrix(parameter: &str, flat: Flat, explode: bool) -> String {
    let named = |value: &str| {
        if value.is_empty() {
            format!(";{parameter}")
        } else {
            format!(";{parameter}={value}")
        }
    };
    match flat {
        Flat::Scalar(value) => named(&value),
        Flat::List(items) if explode => items.iter().map(|item| named(item)).collect(),
        Flat::List(items) => named(&items.join(",")),
        Flat::Object(pairs) if explode => pairs
            .iter()
            .map(|(key, value)| {
                if value.is_empty() {
                    format!(";{key}")
                } else {
                    format!(";{key}={value}")
                }
            })
            .collect(),
        Flat::Object(pairs) => named(&join_pairs(&pairs, false, ",")),
    }
}

/// `R=100,G=200` (exploded) or `R,100,G,200`.
fn join_pairs(pairs: &[(String, String)], explode: bool, separator: &str) -> String {
    let mut out = String::new();
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        out.push_str(key);
        out.push_str(if explode { "=" } else { separator });
        out.push_str(value);
    }
    out
}

/// A value as a style sees it.
#[derive(Debug, PartialEq)]
enum Flat {
    /// A scalar's text; `""` for the empty value (`None`, `null`).
    Scalar(String),
    List(Vec<String>),
    /// Keys and values in the value's own order.
    Object(Vec<(String, String)>),
}

fn flatten<T: Serialize + ?Sized>(parameter: &str, value: &T) -> Result<Flat, Error> {
    value
        .serialize(FlatSerializer)
        .map_err(|err| Error::invalid_request(parameter, err.0))
}

/// Why a value cannot be written by a style.
#[derive(Debug)]
struct Unwritable(String);

impl fmt::Display for Unwritable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unwritable {}

impl ser::Error for Unwritable {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Unwritable(msg.to_string())
    }
}

fn nested() -> Unwritable {
    Unwritable("cannot be written as a parameter: it nests arrays or objects".into())
}

fn unsupported(what: &str) -> Unwritable {
    Unwritable(format!("cannot be written as a parameter: {what}"))
}

/// Serializes a scalar to its text; `None` for the empty value. Arrays and
/// objects are refused (they would be nested).
struct ScalarSerializer;

macro_rules! scalar_to_string {
    ($($method:ident: $ty:ty),*) => {
        $(fn $method(self, value: $ty) -> Result<Self::Ok, Self::Error> {
            Ok(Some(value.to_string()))
        })*
    };
}

impl ser::Serializer for ScalarSerializer {
    type Ok = Option<String>;
    type Error = Unwritable;
    type SerializeSeq = Impossible<Self::Ok, Unwritable>;
    type SerializeTuple = Impossible<Self::Ok, Unwritable>;
    type SerializeTupleStruct = Impossible<Self::Ok, Unwritable>;
    type SerializeTupleVariant = Impossible<Self::Ok, Unwritable>;
    type SerializeMap = Impossible<Self::Ok, Unwritable>;
    type SerializeStruct = Impossible<Self::Ok, Unwritable>;
    type SerializeStructVariant = Impossible<Self::Ok, Unwritable>;

    scalar_to_string!(
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_i128: i128, serialize_u8: u8, serialize_u16: u16,
        serialize_u32: u32, serialize_u64: u64, serialize_u128: u128, serialize_f32: f32,
        serialize_f64: f64, serialize_char: char, serialize_str: &str
    );

    fn serialize_bytes(self, _: &[u8]) -> Result<Self::Ok, Unwritable> {
        Err(unsupported("bytes"))
    }
    fn serialize_none(self) -> Result<Self::Ok, Unwritable> {
        Ok(None)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Self::Ok, Unwritable> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Self::Ok, Unwritable> {
        Ok(None)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Self::Ok, Unwritable> {
        Ok(None)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Self::Ok, Unwritable> {
        Ok(Some(variant.to_string()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Self::Ok, Unwritable> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Self::Ok, Unwritable> {
        Err(nested())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Unwritable> {
        Err(nested())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Unwritable> {
        Err(nested())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Unwritable> {
        Err(nested())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unwritable> {
        Err(nested())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Unwritable> {
        Err(nested())
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, Unwritable> {
        Err(nested())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unwritable> {
        Err(nested())
    }
}

/// Serializes a whole parameter value: a scalar, or one level of array or
/// object whose members are scalars.
struct FlatSerializer;

/// Collects the items of an array.
struct ListCollector(Vec<String>);

/// Collects the entries of an object; `key` waits for its value.
struct ObjectCollector {
    pairs: Vec<(String, String)>,
    key: Option<String>,
}

impl ObjectCollector {
    /// Adds an entry; an absent value (`None`) leaves the key out.
    fn push<T: Serialize + ?Sized>(&mut self, key: String, value: &T) -> Result<(), Unwritable> {
        if let Some(value) = value.serialize(ScalarSerializer)? {
            self.pairs.push((key, value));
        }
        Ok(())
    }
}

impl ser::SerializeSeq for ListCollector {
    type Ok = Flat;
    type Error = Unwritable;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unwritable> {
        self.0
            .push(value.serialize(ScalarSerializer)?.unwrap_or_default());
        Ok(())
    }
    fn end(self) -> Result<Flat, Unwritable> {
        Ok(Flat::List(self.0))
    }
}

impl ser::SerializeTuple for ListCollector {
    type Ok = Flat;
    type Error = Unwritable;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unwritable> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<Flat, Unwritable> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeMap for ObjectCollector {
    type Ok = Flat;
    type Error = Unwritable;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Unwritable> {
        self.key = Some(key.serialize(ScalarSerializer)?.unwrap_or_default());
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unwritable> {
        let key = self.key.take().unwrap_or_default();
        self.push(key, value)
    }
    fn end(self) -> Result<Flat, Unwritable> {
        Ok(Flat::Object(self.pairs))
    }
}

impl ser::SerializeStruct for ObjectCollector {
    type Ok = Flat;
    type Error = Unwritable;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unwritable> {
        self.push(key.to_string(), value)
    }
    fn end(self) -> Result<Flat, Unwritable> {
        Ok(Flat::Object(self.pairs))
    }
}

impl FlatSerializer {
    fn scalar(text: Option<String>) -> Result<Flat, Unwritable> {
        Ok(Flat::Scalar(text.unwrap_or_default()))
    }
}

macro_rules! flat_scalar {
    ($($method:ident: $ty:ty),*) => {
        $(fn $method(self, value: $ty) -> Result<Flat, Unwritable> {
            Self::scalar(ScalarSerializer.$method(value)?)
        })*
    };
}

impl ser::Serializer for FlatSerializer {
    type Ok = Flat;
    type Error = Unwritable;
    type SerializeSeq = ListCollector;
    type SerializeTuple = ListCollector;
    type SerializeTupleStruct = Impossible<Flat, Unwritable>;
    type SerializeTupleVariant = Impossible<Flat, Unwritable>;
    type SerializeMap = ObjectCollector;
    type SerializeStruct = ObjectCollector;
    type SerializeStructVariant = Impossible<Flat, Unwritable>;

    flat_scalar!(
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_i128: i128, serialize_u8: u8, serialize_u16: u16,
        serialize_u32: u32, serialize_u64: u64, serialize_u128: u128, serialize_f32: f32,
        serialize_f64: f64, serialize_char: char, serialize_str: &str, serialize_bytes: &[u8]
    );

    fn serialize_none(self) -> Result<Flat, Unwritable> {
        Self::scalar(None)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Flat, Unwritable> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Flat, Unwritable> {
        Self::scalar(None)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Flat, Unwritable> {
        Self::scalar(None)
    }
    fn serialize_unit_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
    ) -> Result<Flat, Unwritable> {
        Self::scalar(ScalarSerializer.serialize_unit_variant(name, index, variant)?)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Flat, Unwritable> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Flat, Unwritable> {
        Err(unsupported("an enum variant with data"))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<ListCollector, Unwritable> {
        Ok(ListCollector(Vec::with_capacity(len.unwrap_or(0))))
    }
    fn serialize_tuple(self, len: usize) -> Result<ListCollector, Unwritable> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Unwritable> {
        Err(unsupported("a tuple struct"))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unwritable> {
        Err(unsupported("an enum variant with data"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<ObjectCollector, Unwritable> {
        Ok(ObjectCollector {
            pairs: Vec::new(),
            key: None,
        })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<ObjectCollector, Unwritable> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unwritable> {
        Err(unsupported("an enum variant with data"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    use ParamStyle::*;

    /// The spec's example object, fields in its order.
    #[derive(Serialize)]
    #[allow(non_snake_case)]
    struct Color {
        R: u8,
        G: u8,
        B: u8,
    }

    const RGB: Color = Color {
        R: 100,
        G: 200,
        B: 150,
    };
    const ARRAY: [&str; 3] = ["blue", "black", "brown"];

    fn value<T: Serialize + ?Sized>(v: &T, style: ParamStyle, explode: bool) -> String {
        style_value("color", v, style, explode).unwrap()
    }

    /// Query pairs as the table prints them (decoded, `&`-joined).
    fn query<T: Serialize + ?Sized>(v: &T, style: ParamStyle, explode: bool) -> String {
        let pairs = style_pairs("color", v, style, explode).unwrap();
        let pairs: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        pairs.join("&")
    }

    /// A path goes out as written: values, keys and the name encoded,
    /// the style's delimiters literal.
    #[test]
    fn path_styles_encode_values_and_keep_delimiters() {
        let odd = ["a:b", "c,d"];
        let path = |style, explode| style_path("color", &odd, style, explode).unwrap();
        assert_eq!(path(Simple, false), "a%3Ab,c%2Cd");
        assert_eq!(path(Label, true), ".a%3Ab.c%2Cd");
        assert_eq!(path(Matrix, true), ";color=a%3Ab;color=c%2Cd");
        assert_eq!(
            style_path("a b", &RGB, Matrix, false).unwrap(),
            ";a%20b=R,100,G,200,B,150"
        );
        assert_eq!(
            style_path("color", &RGB, Label, true).unwrap(),
            value(&RGB, Label, true)
        );
        // An empty `simple` or `label` value is an empty or dot segment.
        for (style, refused) in [(Simple, true), (Label, true), (Matrix, false)] {
            let result = style_path("color", &None::<u8>, style, false);
            assert_eq!(result.is_err(), refused, "{style:?}");
        }
        assert!(style_path("color", "x", Form, false).is_err());
    }

    /// Every cell of the OpenAPI "Style Examples" table; columns: empty,
    /// string, array, object. Three cells of the 3.0.3 text are errata
    /// that OpenAPI 3.0.4 corrected, and these follow 3.0.4 (RFC 6570):
    /// unexploded `label` joins with `,` (3.0.3 printed `.blue.black.brown`
    /// and `.R.100.G.200.B.150`), and the `pipeDelimited` object ends in
    /// `B|150` (3.0.3 printed `G|150`). Query cells are shown decoded; the
    /// transport percent-encodes them (`%20`, `%7C`, `%5B`).
    #[test]
    fn the_style_examples_table() {
        let rows: [(ParamStyle, bool, [&str; 4]); 8] = [
            (
                Matrix,
                false,
                [
                    ";color",
                    ";color=blue",
                    ";color=blue,black,brown",
                    ";color=R,100,G,200,B,150",
                ],
            ),
            (
                Matrix,
                true,
                [
                    ";color",
                    ";color=blue",
                    ";color=blue;color=black;color=brown",
                    ";R=100;G=200;B=150",
                ],
            ),
            (
                Label,
                false,
                [".", ".blue", ".blue,black,brown", ".R,100,G,200,B,150"],
            ),
            (
                Label,
                true,
                [".", ".blue", ".blue.black.brown", ".R=100.G=200.B=150"],
            ),
            (
                Simple,
                false,
                ["", "blue", "blue,black,brown", "R,100,G,200,B,150"],
            ),
            (
                Simple,
                true,
                ["", "blue", "blue,black,brown", "R=100,G=200,B=150"],
            ),
            (
                Form,
                false,
                [
                    "color=",
                    "color=blue",
                    "color=blue,black,brown",
                    "color=R,100,G,200,B,150",
                ],
            ),
            (
                Form,
                true,
                [
                    "color=",
                    "color=blue",
                    "color=blue&color=black&color=brown",
                    "R=100&G=200&B=150",
                ],
            ),
        ];
        for (style, explode, [empty, string, array, object]) in rows {
            let render = |v: &dyn erased::Value| match style {
                Form => v.query(style, explode),
                _ => v.value(style, explode),
            };
            let at = format!("{style:?} explode={explode}");
            assert_eq!(render(&None::<&str>), empty, "{at} empty");
            assert_eq!(render(&""), empty, "{at} empty string");
            assert_eq!(render(&"blue"), string, "{at} string");
            assert_eq!(render(&ARRAY), array, "{at} array");
            assert_eq!(render(&RGB), object, "{at} object");
        }
        // The rows whose empty and string cells are n/a.
        assert_eq!(
            query(&ARRAY, SpaceDelimited, false),
            "color=blue black brown"
        );
        assert_eq!(
            query(&RGB, SpaceDelimited, false),
            "color=R 100 G 200 B 150"
        );
        assert_eq!(
            query(&ARRAY, PipeDelimited, false),
            "color=blue|black|brown"
        );
        assert_eq!(query(&RGB, PipeDelimited, false), "color=R|100|G|200|B|150");
        assert_eq!(
            query(&RGB, DeepObject, true),
            "color[R]=100&color[G]=200&color[B]=150"
        );
        for style in [SpaceDelimited, PipeDelimited, DeepObject] {
            assert!(
                style_pairs("color", "blue", style, false).is_err(),
                "{style:?}"
            );
        }
        assert!(style_pairs("color", &ARRAY, DeepObject, true).is_err());
    }

    /// The table's cells as one call per renderer, for any value.
    mod erased {
        use super::*;

        pub trait Value {
            fn value(&self, style: ParamStyle, explode: bool) -> String;
            fn query(&self, style: ParamStyle, explode: bool) -> String;
        }

        impl<T: Serialize> Value for T {
            fn value(&self, style: ParamStyle, explode: bool) -> String {
                super::value(self, style, explode)
            }
            fn query(&self, style: ParamStyle, explode: bool) -> String {
                super::query(self, style, explode)
            }
        }
    }

    #[test]
    fn maps_and_enums_and_numbers() {
        let mut map = std::collections::BTreeMap::new();
        map.insert("a", 1.5);
        map.insert("b", -2.0);
        assert_eq!(value(&map, Simple, true), "a=1.5,b=-2");

        #[derive(Serialize)]
        enum State {
            #[serde(rename = "RUNNING")]
            Running,
        }
        assert_eq!(value(&State::Running, Simple, false), "RUNNING");
        assert_eq!(query(&[true, false], Form, false), "color=true,false");
        assert_eq!(query(&Vec::<u8>::new(), Form, true), "");
    }

    #[test]
    fn absent_object_members_are_left_out() {
        #[derive(Serialize)]
        struct Filter {
            name: Option<&'static str>,
            limit: Option<u32>,
        }
        let filter = Filter {
            name: None,
            limit: Some(5),
        };
        assert_eq!(query(&filter, DeepObject, true), "color[limit]=5");
    }

    #[test]
    fn values_a_style_cannot_write_name_the_parameter() {
        #[derive(Serialize)]
        struct Outer {
            inner: Color,
        }
        let nested = Outer { inner: RGB };
        let cases = [
            style_pairs("filter", &nested, Form, true).unwrap_err(),
            style_pairs("filter", &[[1, 2]], Form, false).unwrap_err(),
            style_value("filter", &nested, Simple, false).unwrap_err(),
            style_pairs("filter", "x", DeepObject, true).unwrap_err(),
            style_value("filter", "x", Form, true).unwrap_err(),
            style_pairs("filter", "x", Matrix, true).unwrap_err(),
        ];
        for err in cases {
            assert!(
                matches!(&err, Error::InvalidRequest { parameter, .. } if parameter == "filter"),
                "{err}"
            );
        }
    }
}
