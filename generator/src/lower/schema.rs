//! Schemas to Rust types. Named component schemas keep their names; inline
//! schemas that need a type of their own are named after where they sit
//! (`TaskInfo` + `Input` = `TaskInfoInput`), and each schema is defined once,
//! however often it is reached.

use std::any::{Any, TypeId};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaData,
    SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde::Deserialize;
use serde_json::Value;

use super::case;
use super::document::Document;
use super::extensions::{self, EnumExt};
use super::names::{snake_ident, type_ident, variant_ident, Namer, RESERVED_TYPE_BUILDER_METHODS};
use super::raw_facts::RawFacts;
use super::suggest;
use crate::ir::{
    Bounds, Constraints, Doc, Enum, Field, FloatWidth, IntWidth, Struct, TypeDef, TypeIndex,
    TypeKind, TypeRef, UnionVariant, Variant,
};
use crate::load::LoadedSpec;
use crate::pointer;

use crate::error::{Result, SpecError};

const COMPONENT_PREFIX: &str = "#/components/schemas/";

/// How many `$ref`s deep [`Schemas::merges_as_object`] looks; a longer chain
/// is left to the merge, which reports cycles.
const MAX_REF_DEPTH: usize = 32;

/// How many schemas deep lowering goes, each inside or referred to by the
/// one before: a document nests at most 128 collections, so only a chain of
/// `$ref`s reaches this (`S0: {$ref: '#/components/schemas/S1/items'}`,
/// 10,000 long), which would otherwise overflow the stack.
const MAX_NESTING: usize = 100;

/// A schema or a reference to one, whichever box it came in. A reference
/// holds the JSON pointer it names, percent-decoded once here (a `$ref` is
/// a URI reference: `%7Bid%7D` is `{id}`), so every lookup, key and
/// position below uses the same plain pointer.
#[derive(Clone)]
pub enum SchemaRef<'s> {
    Ref(Cow<'s, str>),
    Item(&'s Schema),
}

impl<'s> From<&'s ReferenceOr<Schema>> for SchemaRef<'s> {
    fn from(r: &'s ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(pointer::from_ref(reference)),
            ReferenceOr::Item(schema) => SchemaRef::Item(schema),
        }
    }
}

impl<'s> From<&'s ReferenceOr<Box<Schema>>> for SchemaRef<'s> {
    fn from(r: &'s ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(pointer::from_ref(reference)),
            ReferenceOr::Item(schema) => SchemaRef::Item(schema),
        }
    }
}

/// The object-ish parts of a schema, whether openapiv3 parsed it as an
/// object type or as an untyped schema with properties.
struct ObjectView<'s> {
    properties: &'s IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &'s [String],
    additional: Option<&'s AdditionalProperties>,
}

/// What Rust shape a schema takes.
enum Shape<'s> {
    Struct(ObjectView<'s>),
    Map(Option<&'s AdditionalProperties>),
    Enum(Vec<String>),
    Union(&'s [ReferenceOr<Schema>]),
    /// The parts, and the schema's own properties beside `allOf` (which
    /// merge like one more part).
    AllOf(&'s [ReferenceOr<Schema>], Option<ObjectView<'s>>),
    Array(Option<&'s ReferenceOr<Box<Schema>>>),
    Scalar(TypeRef),
    Json,
}

fn shape(schema: &Schema) -> Shape<'_> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
            Shape::Enum(s.enumeration.iter().flatten().cloned().collect())
        }
        // A file's bytes (OpenAPI 3.0 "Considerations for File Uploads").
        SchemaKind::Type(Type::String(s))
            if matches!(
                s.format,
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
            ) =>
        {
            Shape::Scalar(TypeRef::Binary)
        }
        SchemaKind::Type(Type::String(_)) => Shape::Scalar(TypeRef::String),
        SchemaKind::Type(Type::Boolean(_)) => Shape::Scalar(TypeRef::Bool),
        SchemaKind::Type(Type::Integer(_) | Type::Number(_)) => {
            Shape::Scalar(number_type(schema).map_or(TypeRef::Json, |(_, fitted)| fitted))
        }
        SchemaKind::Type(Type::Array(a)) => Shape::Array(a.items.as_ref()),
        SchemaKind::Type(Type::Object(o)) if o.properties.is_empty() => {
            Shape::Map(o.additional_properties.as_ref())
        }
        SchemaKind::Type(Type::Object(o)) => Shape::Struct(ObjectView {
            properties: &o.properties,
            required: &o.required,
            additional: o.additional_properties.as_ref(),
        }),
        SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts } => {
            Shape::Union(parts)
        }
        SchemaKind::AllOf { all_of } => Shape::AllOf(all_of, None),
        SchemaKind::Not { .. } => Shape::Json,
        SchemaKind::Any(any) => {
            if !any.all_of.is_empty() {
                let own = (!any.properties.is_empty()
                    || !any.required.is_empty()
                    || any.additional_properties.is_some())
                .then_some(ObjectView {
                    properties: &any.properties,
                    required: &any.required,
                    additional: any.additional_properties.as_ref(),
                });
                Shape::AllOf(&any.all_of, own)
            } else if !any.one_of.is_empty() {
                Shape::Union(&any.one_of)
            } else if !any.any_of.is_empty() {
                Shape::Union(&any.any_of)
            } else if !any.properties.is_empty() {
                Shape::Struct(ObjectView {
                    properties: &any.properties,
                    required: &any.required,
                    additional: any.additional_properties.as_ref(),
                })
            } else if any.items.is_some() || any.typ.as_deref() == Some("array") {
                Shape::Array(any.items.as_ref())
            } else if any.additional_properties.is_some() || any.typ.as_deref() == Some("object") {
                Shape::Map(any.additional_properties.as_ref())
            } else if !any.enumeration.is_empty() && any.enumeration.iter().all(Value::is_string) {
                let values = any.enumeration.iter().filter_map(Value::as_str);
                Shape::Enum(values.map(str::to_string).collect())
            } else {
                match any.typ.as_deref() {
                    Some("string") if any.format.as_deref() == Some("binary") => {
                        Shape::Scalar(TypeRef::Binary)
                    }
                    Some("string") => Shape::Scalar(TypeRef::String),
                    Some("boolean") => Shape::Scalar(TypeRef::Bool),
                    Some("integer" | "number") => Shape::Scalar(
                        number_type(schema).map_or(TypeRef::Json, |(_, fitted)| fitted),
                    ),
                    _ => Shape::Json,
                }
            }
        }
    }
}

/// A number schema's type as its `format` says, and the type that holds
/// every value its bounds allow: the same, or a wider one when a bound does
/// not fit (`maximum: 3000000000` on `int32` is `i64`, `minimum: -1` on
/// `uint32` is `i64`, `maximum: 1e300` on `float` is `f64`). When no type
/// holds them all (`minimum: -1` on `uint64`), the type stays as declared
/// and [`Schemas::field`] drops the bound that does not fit.
fn number_type(schema: &Schema) -> Option<(TypeRef, TypeRef)> {
    let (declared, minimum, maximum) = match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(i)) => (
            int_type(&i.format),
            i.minimum.map(|n| n as f64),
            i.maximum.map(|n| n as f64),
        ),
        SchemaKind::Type(Type::Number(n)) => (float_type(&n.format), n.minimum, n.maximum),
        SchemaKind::Any(any) => {
            let ty = match any.typ.as_deref() {
                Some("integer") => int_from_format(any.format.as_deref()),
                Some("number") => float_from_format(any.format.as_deref()),
                _ => return None,
            };
            (ty, any.minimum, any.maximum)
        }
        _ => return None,
    };
    // Every value the schema allows: its bounds, or the declared type's.
    let (declared_low, declared_high) = range(&declared);
    let (low, high) = (
        minimum.unwrap_or(declared_low),
        maximum.unwrap_or(declared_high),
    );
    let holds = |ty: &TypeRef| range(ty).0 <= low && high <= range(ty).1;
    let wider: &[TypeRef] = match declared {
        TypeRef::Int(_) => &[TypeRef::Int(IntWidth::I64), TypeRef::Int(IntWidth::U64)],
        _ => &[TypeRef::Float(FloatWidth::F64)],
    };
    let fitted = std::iter::once(&declared)
        .chain(wider)
        .find(|ty| holds(ty))
        .unwrap_or(&declared)
        .clone();
    Some((declared, fitted))
}

/// The Rust spelling of a number type, for messages.
fn rust_number(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::Int(IntWidth::I32) => "i32",
        TypeRef::Int(IntWidth::U32) => "u32",
        TypeRef::Int(IntWidth::I64) => "i64",
        TypeRef::Int(IntWidth::U64) => "u64",
        TypeRef::Float(FloatWidth::F32) => "f32",
        _ => "f64",
    }
}

/// The smallest and largest value of a number type.
fn range(ty: &TypeRef) -> (f64, f64) {
    match ty {
        TypeRef::Int(IntWidth::I32) => (i32::MIN.into(), i32::MAX.into()),
        TypeRef::Int(IntWidth::U32) => (0.0, u32::MAX.into()),
        TypeRef::Int(IntWidth::I64) => (i64::MIN as f64, i64::MAX as f64),
        TypeRef::Int(IntWidth::U64) => (0.0, u64::MAX as f64),
        TypeRef::Float(FloatWidth::F32) => (f32::MIN.into(), f32::MAX.into()),
        _ => (f64::MIN, f64::MAX),
    }
}

fn int_type(format: &VariantOrUnknownOrEmpty<IntegerFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::Int(IntWidth::I32),
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => TypeRef::Int(IntWidth::I64),
        VariantOrUnknownOrEmpty::Unknown(other) => int_from_format(Some(other)),
        VariantOrUnknownOrEmpty::Empty => TypeRef::Int(IntWidth::I64),
    }
}

fn int_from_format(format: Option<&str>) -> TypeRef {
    TypeRef::Int(match format {
        Some("int32" | "int8" | "int16") => IntWidth::I32,
        Some("uint32" | "uint8" | "uint16") => IntWidth::U32,
        Some("uint64" | "uint") => IntWidth::U64,
        _ => IntWidth::I64,
    })
}

fn float_type(format: &VariantOrUnknownOrEmpty<NumberFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::Float(FloatWidth::F32),
        VariantOrUnknownOrEmpty::Unknown(other) => float_from_format(Some(other)),
        _ => TypeRef::Float(FloatWidth::F64),
    }
}

fn float_from_format(format: Option<&str>) -> TypeRef {
    TypeRef::Float(match format {
        Some("float") => FloatWidth::F32,
        _ => FloatWidth::F64,
    })
}

/// A reference being walked by `Schemas::unmergeable_through`.
struct WalkFrame {
    reference: String,
    /// Parts still to look at, the next one last.
    pending: Vec<(ReferenceOr<Schema>, String)>,
    /// Whether a part was left out because it is being walked below (a
    /// cycle): then finding nothing is not this reference's final answer.
    partial: bool,
}

/// `parts` of an `allOf` at `at` with their pointers, the first one last
/// (to be popped first).
fn in_order(parts: &[ReferenceOr<Schema>], at: &str) -> Vec<(ReferenceOr<Schema>, String)> {
    let mut parts: Vec<_> = parts
        .iter()
        .enumerate()
        .map(|(i, part)| (part.clone(), all_of_pointer(at, i)))
        .collect();
    parts.reverse();
    parts
}

/// Whether `schema`, an inline `allOf` part at `at`, cannot merge as an
/// object (its place, then); the parts of an `allOf` inside it are left
/// in `pending`.
fn unmergeable_inline(
    schema: &Schema,
    at: &str,
    pending: &mut Vec<(ReferenceOr<Schema>, String)>,
) -> Option<String> {
    match shape(schema) {
        Shape::Struct(_) | Shape::Map(_) | Shape::Json => None,
        Shape::AllOf(inner, _) => {
            pending.extend(in_order(inner, at));
            None
        }
        _ => Some(at.to_string()),
    }
}

/// Lowers the schemas of one spec, collecting the named types it needs.
pub struct Schemas<'a> {
    spec: &'a LoadedSpec,
    /// Added to only through `add`, which indexes each.
    pub types: Vec<TypeDef>,
    type_index: TypeIndex,
    pub namer: Namer,
    /// Component schema key to Rust name.
    components: HashMap<String, String>,
    /// Pointer of an already defined inline schema to its Rust name.
    defined: HashMap<String, String>,
    /// Each inline enum's variants, to the name of the first inline enum
    /// that has them (see `shared`).
    inline_enums: HashMap<Enum, String>,
    /// References being followed since the type being defined began, to
    /// catch `$ref` and `allOf` cycles.
    following: Vec<String>,
    /// What lowering changed to generate from the spec (a looser type than
    /// the spec asks for, and why), for the user.
    pub warnings: Vec<SpecError>,
    /// The fields an `allOf` part read through a `$ref` gave, by reference
    /// and owner (which names its inline types).
    merged_parts: HashMap<(String, String), Struct>,
    /// Per reference, where the first part `merge` cannot read as an object
    /// is in what it points at (`None`: every part merges).
    unmergeable: HashMap<String, Option<String>>,
    /// How many schemas deep the current one is, see [`MAX_NESTING`].
    depth: usize,
    /// Nodes read at `$ref` pointers, by pointer and type (`node_at`).
    targets: RefCell<HashMap<(String, TypeId), Rc<dyn Any>>>,
    /// Where `$ref` targets are read.
    document: Document<'a>,
}

impl<'a> Schemas<'a> {
    /// Claims a name for every component schema first, so that references
    /// resolve whatever order types are defined in.
    pub fn new(spec: &'a LoadedSpec, facts: &'a RawFacts) -> Self {
        let mut namer = Namer::new();
        let components = spec
            .doc
            .components
            .iter()
            .flat_map(|c| c.schemas.keys())
            .map(|key| (key.clone(), namer.claim(&type_ident(key))))
            .collect();
        Schemas {
            spec,
            types: Vec::new(),
            type_index: TypeIndex::default(),
            namer,
            components,
            defined: HashMap::new(),
            inline_enums: HashMap::new(),
            following: Vec::new(),
            warnings: Vec::new(),
            merged_parts: HashMap::new(),
            unmergeable: HashMap::new(),
            depth: 0,
            targets: RefCell::default(),
            document: Document::new(&spec.doc, facts),
        }
    }

    /// Defines every component schema, in document order.
    pub fn define_components(&mut self) -> Result<()> {
        let Some(components) = &self.spec.doc.components else {
            return Ok(());
        };
        for (key, schema) in &components.schemas {
            let at = pointer::join("#/components/schemas", key);
            let name = self.components[key].clone();
            let kind = match SchemaRef::from(schema) {
                SchemaRef::Ref(reference) => TypeKind::Alias(self.use_ref(&reference, &at)?),
                SchemaRef::Item(schema) => {
                    let slot = self.reserve(&name, &at, doc_of(&schema.schema_data, schema));
                    let kind = self.kind_of(&name, schema, &at)?;
                    self.types[slot].kind = kind;
                    continue;
                }
            };
            self.add(TypeDef {
                name,
                pointer: at,
                doc: Doc::default(),
                kind,
            });
        }
        Ok(())
    }

    /// The Rust type for a schema used at `at`. `hint` names the type made
    /// for it if it needs one (an inline object, enum or union).
    pub fn use_schema(&mut self, schema: SchemaRef<'_>, at: &str, hint: &str) -> Result<TypeRef> {
        self.nested(at, |this| match schema {
            SchemaRef::Ref(reference) => this.use_ref(&reference, at),
            SchemaRef::Item(schema) => this.use_inline(schema, at, hint),
        })
    }

    /// Runs `lower` one schema deeper, refusing to go past [`MAX_NESTING`].
    fn nested<T>(&mut self, at: &str, lower: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        if self.depth == MAX_NESTING {
            return Err(self
                .spec
                .error(
                    at,
                    format!("schemas nest more than {MAX_NESTING} deep here through `$ref`s"),
                )
                .with_hint("refer to schemas under `#/components/schemas`, which need no nesting")
                .into());
        }
        self.depth += 1;
        let result = lower(self);
        self.depth -= 1;
        result
    }

    fn use_ref(&mut self, reference: &str, at: &str) -> Result<TypeRef> {
        if let Some(key) = reference.strip_prefix(COMPONENT_PREFIX) {
            if let Some(name) = self.components.get(&unescape(key)) {
                return Ok(TypeRef::Named(name.clone()));
            }
        }
        if let Some(name) = self.defined.get(reference) {
            return Ok(TypeRef::Named(name.clone()));
        }
        if self.following.iter().any(|r| r == reference) {
            return Err(self
                .spec
                .error(at, format!("`$ref` cycle through `{reference}`"))
                .with_hint("a reference chain must end at a schema")
                .into());
        }
        // A target that is no schema (`{type: {..}}`, a typo in the
        // pointer) types this one use loosely rather than fail the spec.
        let target = match ReferenceOr::<Schema>::deserialize(self.value_at(reference, at)?) {
            Ok(target) => target,
            Err(err) => {
                let warning = self.spec.error(
                    reference,
                    format!(
                        "not a valid schema, the target of `{at}` ({err}): \
                         that use is read as any JSON value (`serde_json::Value`)"
                    ),
                );
                self.warnings.push(warning);
                return Ok(TypeRef::Json);
            }
        };
        let hint = pointer::tokens(reference).last().unwrap_or_default();
        self.following.push(reference.to_string());
        let result = self.use_schema(SchemaRef::from(&target), reference, &hint);
        self.following.pop();
        result
    }

    /// Follows a `$ref` as written in the spec (a [`SchemaRef`] is decoded
    /// already): the pointer it names and the node there.
    pub fn follow<T: serde::de::DeserializeOwned + 'static>(
        &self,
        reference: &str,
        at: &str,
    ) -> Result<(String, Rc<T>)> {
        let pointer = pointer::from_ref(reference).into_owned();
        let node = self.node_at(&pointer, at)?;
        Ok((pointer, node))
    }

    /// A scalar's type; a number type widened to hold the schema's bounds
    /// gets a warning.
    fn scalar(&mut self, ty: TypeRef, schema: &Schema, at: &str) -> TypeRef {
        if let Some((declared, fitted)) = number_type(schema).filter(|(d, f)| d != f) {
            self.warn(
                self.spec
                    .error(
                        at,
                        format!(
                            "the bounds do not fit the `{}` that `format` gives; the type is `{}`, which holds them",
                            rust_number(&declared),
                            rust_number(&fitted)
                        ),
                    )
                    .with_hint("give a `format` whose range holds the bounds, or bounds within the format's range"),
            );
        }
        ty
    }

    /// Any JSON value; for a `type` OpenAPI does not have (`strin`), with
    /// a warning that names the type it likely misspells.
    fn any_value(&mut self, schema: &Schema, at: &str) -> TypeRef {
        const TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];
        let typ = match &schema.schema_kind {
            SchemaKind::Any(any) => any.typ.as_deref(),
            _ => None,
        };
        if let Some(typ) = typ.filter(|t| !TYPES.contains(t)) {
            let hint = match suggest::closest(typ, TYPES) {
                Some(closest) => format!("did you mean `type: {closest}`?"),
                None => format!("`type` is one of {}", TYPES.join(", ")),
            };
            self.warn(
                self.spec
                    .error(
                        &pointer::join(at, "type"),
                        format!(
                            "`type: {typ}` is no OpenAPI type; any JSON value is accepted here"
                        ),
                    )
                    .with_hint(hint),
            );
        }
        TypeRef::Json
    }

    /// Records a change made to generate from the spec.
    pub fn warn(&mut self, warning: SpecError) {
        self.warnings.push(warning);
    }

    /// Follows `$ref`s from `node` (at `at`) to the item they end at: its
    /// pointer and value. A chain that comes back to a place it passed
    /// (a path item or request body whose `$ref` names itself) is an error,
    /// not an empty item.
    pub fn resolve<'n, T: serde::de::DeserializeOwned + Clone + 'static>(
        &self,
        node: &'n ReferenceOr<T>,
        at: &str,
    ) -> Result<(String, Cow<'n, T>)> {
        let mut passed = vec![at.to_string()];
        let mut current: Cow<'n, ReferenceOr<T>> = Cow::Borrowed(node);
        loop {
            let reference = match current {
                Cow::Borrowed(ReferenceOr::Item(item)) => {
                    return Ok((passed.pop().unwrap_or_default(), Cow::Borrowed(item)))
                }
                Cow::Owned(ReferenceOr::Item(item)) => {
                    return Ok((passed.pop().unwrap_or_default(), Cow::Owned(item)))
                }
                Cow::Borrowed(ReferenceOr::Reference { reference }) => reference.clone(),
                Cow::Owned(ReferenceOr::Reference { reference }) => reference,
            };
            let from = passed.last().cloned().unwrap_or_default();
            let (target, next) = self.follow::<ReferenceOr<T>>(&reference, &from)?;
            if passed.contains(&target) {
                return Err(self
                    .spec
                    .error(
                        &from,
                        format!("`$ref` cycle: `{reference}` leads back here"),
                    )
                    .with_hint("a `$ref` chain must end at an object")
                    .into());
            }
            passed.push(target);
            current = Cow::Owned(next.as_ref().clone());
        }
    }

    /// The node at a (decoded) local `$ref` pointer, read as a `T`. Many
    /// uses share one target (a parameter, a schema merged into others), so
    /// each is read once.
    fn node_at<T: serde::de::DeserializeOwned + 'static>(
        &self,
        reference: &str,
        at: &str,
    ) -> Result<Rc<T>> {
        let key = (reference.to_string(), TypeId::of::<T>());
        if let Some(node) = self.targets.borrow().get(&key) {
            if let Ok(node) = Rc::clone(node).downcast::<T>() {
                return Ok(node);
            }
        }
        let node = self.value_at(reference, at)?;
        let node = Rc::new(T::deserialize(node).map_err(|err| {
            self.spec
                .error(reference, format!("not a valid target for `{at}`: {err}"))
        })?);
        self.targets.borrow_mut().insert(key, node.clone());
        Ok(node)
    }

    /// The node at a (decoded) local `$ref` pointer, as JSON data.
    fn value_at(&self, reference: &str, at: &str) -> Result<Value> {
        self.document.value_at(reference).ok_or_else(|| {
            self.spec
                .error(at, format!("`$ref` target `{reference}` not found"))
                .into()
        })
    }

    fn use_inline(&mut self, schema: &Schema, at: &str, hint: &str) -> Result<TypeRef> {
        let shape = shape(schema);
        if let Shape::AllOf(parts, None) = shape {
            let wrapped = match parts {
                [single] => Some((all_of_pointer(at, 0), single)),
                _ => self.lone_typed_part(parts, at)?,
            };
            if let Some((part_at, part)) = wrapped {
                return self.use_schema(part.into(), &part_at, hint);
            }
        }
        match shape {
            Shape::Scalar(ty) => Ok(self.scalar(ty, schema, at)),
            Shape::Json => Ok(self.any_value(schema, at)),
            Shape::Array(items) => self.array(items, at, hint),
            Shape::Map(additional) => self.map(additional, at, hint),
            Shape::Union([single]) => {
                let key = if matches!(schema.schema_kind, SchemaKind::AnyOf { .. }) {
                    "anyOf"
                } else {
                    "oneOf"
                };
                self.use_schema(
                    single.into(),
                    &pointer::join(&pointer::join(at, key), "0"),
                    hint,
                )
            }
            Shape::Struct(_) | Shape::Enum(_) | Shape::Union(_) | Shape::AllOf(..) => {
                if let Some(name) = self.defined.get(at) {
                    return Ok(TypeRef::Named(name.clone()));
                }
                let name = self.namer.claim(&type_ident(hint));
                self.defined.insert(at.to_string(), name.clone());
                let slot = self.reserve(&name, at, doc_of(&schema.schema_data, schema));
                // A new type ends the chain of references followed so far:
                // reaching `at` again gives its name (it is `defined`), so a
                // schema that refers to itself through this type, e.g.
                // `Expression.not: allOf: [$ref: Expression, ..]` merged into
                // another schema, is recursion (boxed later), not a cycle.
                let outer = std::mem::take(&mut self.following);
                let kind = self.kind_of(&name, schema, at);
                self.following = outer;
                self.types[slot].kind = self.shared(&name, kind?);
                Ok(TypeRef::Named(name))
            }
        }
    }

    /// An inline enum with the variants of an earlier one is an alias of it:
    /// each keeps its name, and the variants are written once.
    /// `microsoft.com/graph.json` has 9,189 inline enums (`$select`,
    /// `$orderby`, `$expand` per operation) of 966 different lists, 28 MB
    /// of Rust as distinct enums. Component schemas stay distinct: the spec
    /// named each on purpose.
    fn shared(&mut self, name: &str, kind: TypeKind) -> TypeKind {
        let TypeKind::Enum(variants) = kind else {
            return kind;
        };
        match self.inline_enums.get(&variants) {
            Some(first) => TypeKind::Alias(TypeRef::Named(first.clone())),
            None => {
                self.inline_enums.insert(variants.clone(), name.to_string());
                TypeKind::Enum(variants)
            }
        }
    }

    /// Adds a type with a placeholder kind, so that a type precedes the
    /// inline types found inside it.
    fn reserve(&mut self, name: &str, at: &str, doc: Doc) -> usize {
        self.add(TypeDef {
            name: name.to_string(),
            pointer: at.to_string(),
            doc,
            kind: TypeKind::Alias(TypeRef::Json),
        })
    }

    /// Adds `def` to the types, indexed; its slot.
    fn add(&mut self, def: TypeDef) -> usize {
        self.type_index.add(&def.name, self.types.len());
        self.types.push(def);
        self.types.len() - 1
    }

    /// What `ty` stands for once named aliases are followed, among the
    /// types defined so far (see [`TypeIndex::unalias`]).
    pub fn unalias<'s>(&'s self, ty: &'s TypeRef) -> (&'s TypeRef, Option<&'s TypeKind>) {
        self.type_index.unalias(&self.types, ty)
    }

    fn kind_of(&mut self, name: &str, schema: &Schema, at: &str) -> Result<TypeKind> {
        Ok(match shape(schema) {
            Shape::Struct(object) => TypeKind::Struct(self.structure(name, &object, at)?),
            Shape::Enum(values) => {
                TypeKind::Enum(self.enumeration(values, &schema.schema_data, at)?)
            }
            Shape::Union(parts) => TypeKind::Union(self.union(name, schema, parts, at)?),
            Shape::AllOf(parts, own) => self.all_of(name, parts, own.as_ref(), at)?,
            Shape::Scalar(ty) => TypeKind::Alias(self.scalar(ty, schema, at)),
            Shape::Json => TypeKind::Alias(self.any_value(schema, at)),
            Shape::Array(items) => TypeKind::Alias(self.array(items, at, name)?),
            Shape::Map(additional) => TypeKind::Alias(self.map(additional, at, name)?),
        })
    }

    fn array(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        at: &str,
        hint: &str,
    ) -> Result<TypeRef> {
        let item = match items {
            Some(items) => self.use_schema(
                items.into(),
                &pointer::join(at, "items"),
                &format!("{hint}Item"),
            )?,
            None => TypeRef::Json,
        };
        Ok(TypeRef::Vec(Box::new(item)))
    }

    fn map(
        &mut self,
        additional: Option<&AdditionalProperties>,
        at: &str,
        hint: &str,
    ) -> Result<TypeRef> {
        Ok(TypeRef::Map(Box::new(
            self.map_value(additional, at, hint)?,
        )))
    }

    /// The value type of a map: any JSON value unless a schema is given.
    fn map_value(
        &mut self,
        additional: Option<&AdditionalProperties>,
        at: &str,
        hint: &str,
    ) -> Result<TypeRef> {
        match additional {
            Some(AdditionalProperties::Schema(schema)) => self.use_schema(
                schema.as_ref().into(),
                &pointer::join(at, "additionalProperties"),
                &format!("{hint}Value"),
            ),
            _ => Ok(TypeRef::Json),
        }
    }

    fn structure(&mut self, name: &str, object: &ObjectView<'_>, at: &str) -> Result<Struct> {
        let mut names = field_namer();
        // Exactly as long as needed: a large spec has tens of thousands of
        // fields, alive at generation's peak, and doubling leaves a quarter
        // of them spare on average.
        let mut fields = Vec::with_capacity(object.properties.len());
        let properties = pointer::join(at, "properties");
        for (wire, schema) in object.properties {
            let field_at = pointer::join(&properties, wire);
            let hint = format!("{name}{}", case::upper_camel(wire));
            let mut field = self.field(wire, schema.into(), &field_at, &hint)?;
            field.name = names.claim_name(&field.name);
            field.required = object.required.contains(wire);
            fields.push(field);
        }
        let additional = match object.additional {
            None | Some(AdditionalProperties::Any(false)) => None,
            Some(additional) => {
                let value = self.map_value(Some(additional), at, name)?;
                Some((names.claim("additional_properties"), value))
            }
        };
        Ok(Struct { fields, additional })
    }

    /// A field (optional, not boxed) for a property or parameter schema.
    pub fn field(
        &mut self,
        wire: &str,
        schema: SchemaRef<'_>,
        at: &str,
        hint: &str,
    ) -> Result<Field> {
        let ty = self.use_schema(schema.clone(), at, hint)?;
        let (doc, nullable, sensitive) = match schema {
            SchemaRef::Item(schema) => {
                let notes: Vec<&SchemaData> = annotation_parts(schema).collect();
                let mut doc = doc_of(&schema.schema_data, schema);
                if doc.description.is_none() {
                    doc.description = notes.iter().find_map(|d| d.description.clone());
                }
                let nullable = schema.schema_data.nullable || notes.iter().any(|d| d.nullable);
                let sensitive =
                    extensions::is_sensitive(self.spec, &schema.schema_data.extensions, at)?
                        || is_password(schema);
                (doc, nullable, sensitive)
            }
            SchemaRef::Ref(reference) => {
                (Doc::default(), self.document.is_nullable(&reference), false)
            }
        };
        let mut doc = doc;
        self.drop_unfit_bounds(&ty, &mut doc.constraints, at);
        Ok(Field {
            name: snake_ident(wire),
            wire_name: wire.to_string(),
            ty,
            required: false,
            nullable,
            boxed: false,
            sensitive,
            doc,
        })
    }

    /// Bounds no value of `ty` can reach or pass (`minimum: -1` on `u64`)
    /// are not checked: dropped, with a warning.
    fn drop_unfit_bounds(&mut self, ty: &TypeRef, constraints: &mut Bounds, at: &str) {
        let numeric = matches!(ty, TypeRef::Int(_) | TypeRef::Float(_));
        // Read first: writing through `Bounds` boxes a value that has none.
        if !numeric || (constraints.minimum.is_none() && constraints.maximum.is_none()) {
            return;
        }
        let constraints: &mut Constraints = constraints;
        let (low, high) = range(ty);
        let bounds = [
            ("minimum", &mut constraints.minimum),
            ("maximum", &mut constraints.maximum),
        ];
        for (key, bound) in bounds {
            let Some(value) = bound.as_deref().and_then(|b| b.parse::<f64>().ok()) else {
                continue;
            };
            if (low..=high).contains(&value) {
                continue;
            }
            let text = bound.take().unwrap_or_default();
            self.warn(
                self.spec
                    .error(
                        &pointer::join(at, key),
                        format!(
                            "`{key}: {text}` is outside every `{}` value; the bound is dropped and not checked",
                            rust_number(ty)
                        ),
                    )
                    .with_hint("give a bound within the type's range, or a `format` that holds it"),
            );
        }
    }

    fn enumeration(&mut self, values: Vec<String>, data: &SchemaData, at: &str) -> Result<Enum> {
        let ext: EnumExt = extensions::read(self.spec, &data.extensions, extensions::ENUM, at)?
            .unwrap_or(EnumExt {
                open: true,
                ..EnumExt::default()
            });
        let ext_at = pointer::join(at, extensions::ENUM);
        self.check_enum_ext(&ext, &values, &ext_at)?;
        let mut names = Namer::new();
        let mut variants: Vec<Variant> = Vec::new();
        // Sets, not scans of the list: an enum may have 100,000 values.
        let mut seen = HashSet::new();
        let mut aliases_of: HashMap<&str, Vec<String>> = HashMap::new();
        for (alias, canonical) in &ext.aliases {
            aliases_of.entry(canonical).or_default().push(alias.clone());
        }
        for value in &values {
            if ext.aliases.contains_key(value) || !seen.insert(value) {
                continue;
            }
            let wanted = ext
                .names
                .get(value)
                .cloned()
                .unwrap_or_else(|| variant_ident(value));
            variants.push(Variant {
                name: names.claim(&wanted),
                value: value.clone(),
                aliases: aliases_of.remove(value.as_str()).unwrap_or_default(),
                doc: ext.docs.get(value).cloned(),
                unconfirmed: ext.unconfirmed.contains(value),
            });
        }
        // An enum with no values (only `null`) cannot be closed: it would
        // have no variant to hold anything.
        let unknown_variant = (ext.open || variants.is_empty()).then(|| names.claim("Unknown"));
        Ok(Enum {
            variants,
            unknown_variant,
        })
    }

    /// Every value the extension names must be one of the enum's values.
    fn check_enum_ext(&self, ext: &EnumExt, values: &[String], at: &str) -> Result<()> {
        let values: HashSet<&String> = values.iter().collect();
        let known = |v: &String| values.contains(v);
        let unknown = |section: &str, value: &String| {
            self.spec
                .error(
                    &pointer::join(&pointer::join(at, section), value),
                    format!("`{value}` is not one of the enum's values"),
                )
                .with_hint("list every value, aliases included, under `enum`")
        };
        for (alias, canonical) in &ext.aliases {
            for value in [alias, canonical] {
                if !known(value) {
                    return Err(unknown("aliases", value).into());
                }
            }
            if ext.aliases.contains_key(canonical) {
                return Err(self
                    .spec
                    .error(
                        &pointer::join(&pointer::join(at, "aliases"), alias),
                        format!("alias `{alias}` points at another alias `{canonical}`"),
                    )
                    .with_hint("map every alias to the canonical spelling")
                    .into());
            }
        }
        for (section, keys) in [
            ("names", ext.names.keys().collect::<Vec<_>>()),
            ("docs", ext.docs.keys().collect()),
        ] {
            if let Some(value) = keys.into_iter().find(|v| !known(v)) {
                return Err(unknown(section, value).into());
            }
        }
        if let Some(value) = ext.unconfirmed.iter().find(|v| !known(v)) {
            return Err(unknown("unconfirmed", value).into());
        }
        if let Some((value, name)) = ext.names.iter().find(|(_, n)| variant_ident(n) != **n) {
            return Err(self
                .spec
                .error(
                    &pointer::join(&pointer::join(at, "names"), value),
                    format!("`{name}` is not an UpperCamelCase Rust identifier"),
                )
                .with_hint(format!("use `{}`", variant_ident(name)))
                .into());
        }
        Ok(())
    }

    fn union(
        &mut self,
        name: &str,
        schema: &Schema,
        parts: &[ReferenceOr<Schema>],
        at: &str,
    ) -> Result<Vec<UnionVariant>> {
        let key = match &schema.schema_kind {
            SchemaKind::AnyOf { .. } => "anyOf",
            SchemaKind::Any(any) if any.one_of.is_empty() => "anyOf",
            _ => "oneOf",
        };
        if let SchemaKind::Any(any) = &schema.schema_kind {
            if !any.properties.is_empty() {
                let warning = self
                    .spec
                    .error(
                        &pointer::join(at, "properties"),
                        format!(
                            "properties beside `{key}` are not generated: `{name}` is the \
                             union of its variants, and a variant's own schema must list them"
                        ),
                    )
                    .with_hint("put the shared properties into each variant (an `allOf` of a shared schema and the variant's own)");
                self.warnings.push(warning);
            }
        }
        let parts_at = pointer::join(at, key);
        let mut names = Namer::new();
        let mut variants = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let part_at = pointer::join(&parts_at, &i.to_string());
            let fallback = format!("Variant{}", i + 1);
            let ty = self.use_schema(part.into(), &part_at, &format!("{name}{fallback}"))?;
            // `PetCat` in `Pet` is `Cat`; `Pet2` or `Petal` keep their whole
            // name: the rest must start a word, or it is no identifier.
            let wanted = match &ty {
                TypeRef::Named(named) => named
                    .strip_prefix(name)
                    .filter(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
                    .unwrap_or(named)
                    .to_string(),
                other => scalar_variant_name(other).unwrap_or(&fallback).to_string(),
            };
            variants.push(UnionVariant {
                name: names.claim(&wanted),
                ty,
                boxed: false,
            });
        }
        Ok(variants)
    }

    /// `allOf`: the parts' properties merged into one struct; or, when one
    /// part is not an object and the others only annotate or constrain, an
    /// alias of it. Parts that neither merge nor reduce to one type (an
    /// object and a `oneOf`, an object and a string) give
    /// `serde_json::Value`, with a warning, rather than fail the spec.
    fn all_of(
        &mut self,
        name: &str,
        parts: &[ReferenceOr<Schema>],
        own: Option<&ObjectView<'_>>,
        at: &str,
    ) -> Result<TypeKind> {
        let lone = match own {
            Some(_) => None,
            None => self.lone_typed_part(parts, at)?,
        };
        if let Some((part_at, part)) = lone {
            return Ok(TypeKind::Alias(self.use_schema(
                part.into(),
                &part_at,
                name,
            )?));
        }
        if let Some(part_at) = self.unmergeable_part(parts, at)? {
            let warning = self
                .spec
                .error(
                    &part_at,
                    format!(
                        "`allOf` part is not an object schema, so the parts of `{name}` \
                         cannot merge into one struct: it is read as any JSON value \
                         (`serde_json::Value`)"
                    ),
                )
                .with_hint("taskgen merges `allOf` parts that are objects with properties");
            self.warnings.push(warning);
            return Ok(TypeKind::Alias(TypeRef::Json));
        }
        Ok(TypeKind::Struct(self.merge(name, parts, own, at)?))
    }

    /// The one part of an `allOf` that gives its type, when it is not an
    /// object and every other part only annotates, constrains or restates a
    /// scalar type: `allOf: [{$ref: Arn}, {description: ..}]` (the usual
    /// way to document a reference to a scalar), `allOf: [{$ref: Id},
    /// {type: string}]`, `allOf: [{$ref: Tags}, {maxItems: 5}]`. (Object
    /// parts merge as before.)
    fn lone_typed_part<'p>(
        &self,
        parts: &'p [ReferenceOr<Schema>],
        at: &str,
    ) -> Result<Option<(String, &'p ReferenceOr<Schema>)>> {
        let typed: Vec<(usize, &ReferenceOr<Schema>)> = parts
            .iter()
            .enumerate()
            .filter(|(_, part)| {
                !matches!(part, ReferenceOr::Item(s) if is_annotation(s) || is_constraint(s))
            })
            .collect();
        let restated = |part: &ReferenceOr<Schema>| match part {
            ReferenceOr::Item(s) => match shape(s) {
                Shape::Scalar(ty) => Some(ty),
                _ => None,
            },
            ReferenceOr::Reference { .. } => None,
        };
        let mut core = typed.iter().filter(|(_, part)| restated(part).is_none());
        let (i, part) = match (core.next(), core.next(), typed.first()) {
            (Some(one), None, _) => *one,
            // Only inline scalars: one type, unless they contradict.
            (None, _, Some(first)) => {
                let first_type = restated(first.1);
                if typed.iter().any(|(_, part)| restated(part) != first_type) {
                    return Ok(None);
                }
                *first
            }
            _ => return Ok(None),
        };
        let part_at = all_of_pointer(at, i);
        let object = self.merges_as_object(part.into(), &part_at, 0)?;
        Ok((!object).then_some((part_at, part)))
    }

    /// Whether merging reads `part` as an object (its fields, or none).
    fn merges_as_object(&self, part: SchemaRef<'_>, at: &str, depth: usize) -> Result<bool> {
        match part {
            SchemaRef::Ref(_) if depth > MAX_REF_DEPTH => Ok(true),
            SchemaRef::Ref(reference) => {
                let target: Rc<ReferenceOr<Schema>> = self.node_at(&reference, at)?;
                self.merges_as_object(SchemaRef::from(&*target), &reference, depth + 1)
            }
            SchemaRef::Item(schema) => Ok(matches!(
                shape(schema),
                Shape::Struct(_) | Shape::AllOf(..) | Shape::Map(_) | Shape::Json
            )),
        }
    }

    /// Where the first part that `merge` cannot read as an object is, in
    /// `parts` or the `allOf`s inside them (through references too).
    fn unmergeable_part(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        at: &str,
    ) -> Result<Option<String>> {
        let mut pending = in_order(parts, at);
        while let Some((part, at)) = pending.pop() {
            let found = match SchemaRef::from(&part) {
                SchemaRef::Ref(reference) => self.unmergeable_through(&reference, &at)?,
                SchemaRef::Item(schema) => unmergeable_inline(schema, &at, &mut pending),
            };
            if found.is_some() {
                return Ok(found);
            }
        }
        Ok(None)
    }

    /// [`Self::unmergeable_part`] of what `reference` points at, found once
    /// per reference: each `allOf` of a chain asks about the rest of the
    /// chain, and reading it again every time made chains quadratic. Depth
    /// first with a stack of its own, not recursion: a chain may be
    /// thousands long. A cycle (which `merge` reports) is not followed.
    fn unmergeable_through(&mut self, reference: &str, at: &str) -> Result<Option<String>> {
        if let Some(known) = self.unmergeable.get(reference) {
            return Ok(known.clone());
        }
        let mut stack = vec![self.walk_frame(reference, at)?];
        let mut on_stack = HashSet::from([reference.to_string()]);
        loop {
            let frame = stack
                .last_mut()
                .expect("the walk ends when its stack empties");
            let found = match frame.pending.pop() {
                None => None,
                Some((part, part_at)) => match SchemaRef::from(&part) {
                    SchemaRef::Item(schema) => {
                        match unmergeable_inline(schema, &part_at, &mut frame.pending) {
                            None => continue,
                            found => found,
                        }
                    }
                    SchemaRef::Ref(next) => match self.unmergeable.get(next.as_ref()) {
                        Some(None) => continue,
                        Some(found) => found.clone(),
                        None if on_stack.contains(next.as_ref()) => {
                            frame.partial = true;
                            continue;
                        }
                        None => {
                            let next_frame = self.walk_frame(&next, &part_at)?;
                            on_stack.insert(next.into_owned());
                            stack.push(next_frame);
                            continue;
                        }
                    },
                },
            };
            // The top frame ended; with a finding, so does every frame below.
            let frame = stack.pop().expect("the top frame was there");
            on_stack.remove(&frame.reference);
            if let Some(found) = found {
                for frame in std::iter::once(frame).chain(stack) {
                    self.unmergeable
                        .insert(frame.reference, Some(found.clone()));
                }
                return Ok(Some(found));
            }
            if !frame.partial {
                self.unmergeable.insert(frame.reference, None);
            }
            match stack.last_mut() {
                Some(below) => below.partial |= frame.partial,
                None => return Ok(None),
            }
        }
    }

    /// The walk's frame for `reference`: its target, the one part to look at.
    fn walk_frame(&self, reference: &str, at: &str) -> Result<WalkFrame> {
        let target = Rc::unwrap_or_clone(self.node_at::<ReferenceOr<Schema>>(reference, at)?);
        Ok(WalkFrame {
            reference: reference.to_string(),
            pending: vec![(target, reference.to_string())],
            partial: false,
        })
    }

    /// The fields of `parts` and then of `own` (the properties beside
    /// `allOf`), each wire name once, required if any side requires it.
    fn merge(
        &mut self,
        name: &str,
        parts: &[ReferenceOr<Schema>],
        own: Option<&ObjectView<'_>>,
        at: &str,
    ) -> Result<Struct> {
        let mut merged = Struct {
            fields: Vec::new(),
            additional: None,
        };
        let mut names = field_namer();
        // Wire name to index in `merged.fields`.
        let mut index = HashMap::new();
        let mut read = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            read.push(self.all_of_part(part.into(), &all_of_pointer(at, i), name)?);
        }
        if let Some(own) = own {
            read.push(self.structure(name, own, at)?);
        }
        // At most this many; any spare is given back below.
        merged
            .fields
            .reserve_exact(read.iter().map(|part| part.fields.len()).sum());
        for part in read {
            for mut field in part.fields {
                if let Some(&existing) = index.get(&field.wire_name) {
                    let existing: &mut Field = &mut merged.fields[existing];
                    existing.required |= field.required;
                    continue;
                }
                field.name = names.claim_name(&field.name);
                index.insert(field.wire_name.clone(), merged.fields.len());
                merged.fields.push(field);
            }
            merged.additional = merged.additional.or(part.additional);
        }
        // `required` beside `allOf` may name the parts' properties.
        for wire in own.map_or(&[][..], |own| own.required) {
            if let Some(&i) = index.get(wire) {
                merged.fields[i].required = true;
            }
        }
        merged.fields.shrink_to_fit();
        Ok(merged)
    }

    /// One `allOf` part as struct fields, read from its schema (not from a
    /// defined type, which may not exist yet). Inline types inside a
    /// referenced part are named after that part's own type.
    fn all_of_part(&mut self, part: SchemaRef<'_>, at: &str, owner: &str) -> Result<Struct> {
        let schema = match part {
            SchemaRef::Ref(reference) => {
                if self.following.iter().any(|r| *r == *reference) {
                    return Err(self
                        .spec
                        .error(at, format!("`allOf` cycle through `{reference}`"))
                        .into());
                }
                let owner = match reference.strip_prefix(COMPONENT_PREFIX) {
                    Some(key) => self.components.get(&unescape(key)).cloned(),
                    None => None,
                }
                .unwrap_or_else(|| owner.to_string());
                // Reading a part again gives the same fields (its inline
                // types are `defined` by then): without this, `allOf` of two
                // refs to the same schema, nested n deep, reads 2^n parts.
                let key = (reference.to_string(), owner);
                if let Some(merged) = self.merged_parts.get(&key) {
                    return Ok(merged.clone());
                }
                let target: Rc<ReferenceOr<Schema>> = self.node_at(&reference, at)?;
                self.following.push(reference.to_string());
                let result = self.nested(at, |this| {
                    this.all_of_part(SchemaRef::from(&*target), &reference, &key.1)
                });
                self.following.pop();
                let merged = result?;
                self.merged_parts.insert(key, merged.clone());
                return Ok(merged);
            }
            SchemaRef::Item(schema) => schema,
        };
        match shape(schema) {
            Shape::Struct(object) => self.structure(owner, &object, at),
            Shape::AllOf(parts, own) => self.merge(owner, parts, own.as_ref(), at),
            Shape::Map(_) | Shape::Json => Ok(Struct {
                fields: Vec::new(),
                additional: None,
            }),
            _ => Err(self
                .spec
                .error(at, "`allOf` part is not an object schema")
                .with_hint("taskgen merges `allOf` parts that are objects with properties")
                .into()),
        }
    }
}

fn scalar_variant_name(ty: &TypeRef) -> Option<&'static str> {
    Some(match ty {
        TypeRef::String => "String",
        TypeRef::Bool => "Boolean",
        TypeRef::Int(_) => "Integer",
        TypeRef::Float(_) => "Number",
        TypeRef::Vec(_) => "Array",
        TypeRef::Map(_) => "Object",
        TypeRef::Binary => "File",
        TypeRef::Json | TypeRef::Named(_) => return None,
    })
}

/// Names a struct's fields, which are also its builder's setters: none
/// may take the builder's own methods.
fn field_namer() -> Namer {
    Namer::with_reserved(RESERVED_TYPE_BUILDER_METHODS)
}

/// The pointer of part `i` of the `allOf` at `at`.
fn all_of_pointer(at: &str, i: usize) -> String {
    pointer::join(&pointer::join(at, "allOf"), &i.to_string())
}

/// A schema with no type or constraint, only documentation (an `allOf`
/// part such as `{description: ..}`).
fn is_annotation(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == AnySchema::default())
}

/// A schema with constraints but no type or structure (an `allOf` part
/// such as `{maxLength: 10}` or `{required: [id]}`): it narrows the type of
/// the parts beside it.
fn is_constraint(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Any(any) if any.typ.is_none()
        && any.properties.is_empty()
        && any.items.is_none()
        && any.additional_properties.is_none()
        && any.enumeration.is_empty()
        && any.one_of.is_empty()
        && any.all_of.is_empty()
        && any.any_of.is_empty()
        && any.not.is_none())
}

/// The data of the parts of an `allOf` that only annotate: their
/// description and nullability describe the field.
fn annotation_parts(schema: &Schema) -> impl Iterator<Item = &SchemaData> {
    let parts = match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => all_of.as_slice(),
        _ => &[],
    };
    parts.iter().filter_map(|part| match part {
        ReferenceOr::Item(s) if is_annotation(s) => Some(&s.schema_data),
        _ => None,
    })
}

fn is_password(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Type(Type::String(s)) if matches!(s.format, VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Password)))
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Documentation facts of a schema.
pub fn doc_of(data: &SchemaData, schema: &Schema) -> Doc {
    Doc {
        summary: data.title.clone(),
        description: data.description.clone(),
        example: data.example.as_ref().map(Value::to_string),
        default: data.default.as_ref().map(Value::to_string),
        constraints: constraints_of(schema).into(),
        deprecated: data.deprecated,
    }
}

fn constraints_of(schema: &Schema) -> Constraints {
    let mut c = Constraints::default();
    let number = |n: f64| serde_json::Number::from_f64(n).map(|n| n.to_string());
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            c.min_length = s.min_length;
            c.max_length = s.max_length;
            c.pattern = s.pattern.clone();
            c.format = match &s.format {
                VariantOrUnknownOrEmpty::Item(format) => Some(
                    match format {
                        StringFormat::Date => "date",
                        StringFormat::DateTime => "date-time",
                        StringFormat::Password => "password",
                        StringFormat::Byte => "byte",
                        StringFormat::Binary => "binary",
                    }
                    .to_string(),
                ),
                VariantOrUnknownOrEmpty::Unknown(format) => Some(format.clone()),
                VariantOrUnknownOrEmpty::Empty => None,
            };
        }
        SchemaKind::Type(Type::Integer(i)) => {
            c.minimum = i.minimum.map(|n| n.to_string());
            c.maximum = i.maximum.map(|n| n.to_string());
            c.exclusive_minimum = i.exclusive_minimum;
            c.exclusive_maximum = i.exclusive_maximum;
        }
        SchemaKind::Type(Type::Number(n)) => {
            c.minimum = n.minimum.and_then(number);
            c.maximum = n.maximum.and_then(number);
            c.exclusive_minimum = n.exclusive_minimum;
            c.exclusive_maximum = n.exclusive_maximum;
        }
        SchemaKind::Type(Type::Array(a)) => {
            c.min_items = a.min_items;
            c.max_items = a.max_items;
        }
        SchemaKind::Type(Type::Object(o)) => {
            c.min_properties = o.min_properties;
            c.max_properties = o.max_properties;
        }
        SchemaKind::Any(any) => {
            c.min_length = any.min_length;
            c.max_length = any.max_length;
            c.pattern = any.pattern.clone();
            c.minimum = any.minimum.and_then(number);
            c.maximum = any.maximum.and_then(number);
            c.exclusive_minimum = any.exclusive_minimum.unwrap_or(false);
            c.exclusive_maximum = any.exclusive_maximum.unwrap_or(false);
            c.min_items = any.min_items;
            c.max_items = any.max_items;
            c.min_properties = any.min_properties;
            c.max_properties = any.max_properties;
        }
        _ => {}
    }
    c
}
