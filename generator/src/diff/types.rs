//! Compares types where the two sides use them: a parameter's, a request
//! body's or a response's type, property by property through named types.
//! Each pair of named types is walked once per direction, which ends cycles
//! and reports a shared type's change once per direction. What does not
//! depend on the direction (documentation, sensitivity, enum variant names,
//! an enum opening or closing) is reported on the first walk only, so a type
//! sent and received alike changed once is one change.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use super::place::{field_pointer, At, Changes};
use super::rules::{self, Level};
use super::Spec;
use crate::ir::{Api, Bounds, Constraints, Doc, Enum, Field, Struct, TypeDef, TypeKind, TypeRef};
use crate::pointer;

/// The first of `items` with each key: a lookup instead of a scan per
/// item, which on types with 10,000 fields was quadratic.
pub(super) fn first_by_key<'a, T, K: Eq + std::hash::Hash>(
    items: &'a [T],
    key: impl Fn(&'a T) -> K,
) -> HashMap<K, &'a T> {
    let mut map = HashMap::new();
    for item in items {
        map.entry(key(item)).or_insert(item);
    }
    map
}

/// Which way values of a type travel, which decides what a change breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// A request parameter (and the properties of an object parameter).
    Parameter,
    RequestBody,
    Response,
}

/// Where in an operation a type is compared.
#[derive(Debug, Clone)]
pub struct Site {
    pub dir: Direction,
    /// What the message starts with (`` `ListTasks` ``, `` schema `Task` ``).
    pub owner: String,
    /// Property path (`Tasks/Status`); for a parameter, starts with its name.
    pub path: String,
    /// At the parameter or body itself, not inside it.
    pub top: bool,
    /// Inside a named type already walked in another direction: only
    /// changes whose id depends on the direction are reported again.
    pub again: bool,
    pub old_at: String,
    pub new_at: String,
}

impl Site {
    /// The site of a parameter (named `path`), a request body or a
    /// response body (`path` empty) of operation `owner`.
    pub fn top(dir: Direction, owner: &str, path: &str, old_at: String, new_at: String) -> Self {
        Site {
            dir,
            owner: owner.to_string(),
            path: path.to_string(),
            top: true,
            again: false,
            old_at,
            new_at,
        }
    }

    fn is_request(&self) -> bool {
        self.dir != Direction::Response
    }

    /// `query parameter `Foo``, `response property `a/b``, `request body`.
    pub fn subject(&self) -> String {
        match (self.dir, self.top) {
            (Direction::Parameter, true) => format!("parameter `{}`", self.path),
            (Direction::Parameter, false) => format!("parameter property `{}`", self.path),
            (Direction::RequestBody, true) => "request body".into(),
            (Direction::RequestBody, false) => format!("request property `{}`", self.path),
            (Direction::Response, true) => "response body".into(),
            (Direction::Response, false) => format!("response property `{}`", self.path),
        }
    }

    fn at(&self) -> At<'_> {
        At::both(&self.old_at, &self.new_at)
    }

    /// The site of property `wire`, declared at the given pointers.
    fn property(&self, wire: &str, old_at: String, new_at: String) -> Site {
        let path = if self.path.is_empty() {
            wire.to_string()
        } else {
            format!("{}/{wire}", self.path)
        };
        Site {
            path,
            top: false,
            old_at,
            new_at,
            ..self.clone()
        }
    }

    fn within(&self, token: &str) -> Site {
        Site {
            old_at: pointer::join(&self.old_at, token),
            new_at: pointer::join(&self.new_at, token),
            ..self.clone()
        }
    }
}

/// One side's named types by Rust name.
pub struct Types<'a>(HashMap<&'a str, &'a TypeDef>);

impl<'a> Types<'a> {
    fn new(api: &'a Api) -> Self {
        Types(api.types.iter().map(|t| (t.name.as_str(), t)).collect())
    }

    pub fn get(&self, name: &str) -> Option<&'a TypeDef> {
        self.0.get(name).copied()
    }

    /// The type behind aliases (bounded: lowering refuses alias cycles,
    /// but a comparison must not trust that).
    fn resolve<'t>(&self, ty: &'t TypeRef) -> &'t TypeRef
    where
        'a: 't,
    {
        let mut ty = ty;
        for _ in 0..32 {
            match ty {
                TypeRef::Named(name) => match self.get(name).map(|def| &def.kind) {
                    Some(TypeKind::Alias(target)) => ty = target,
                    _ => return ty,
                },
                _ => return ty,
            }
        }
        ty
    }
}

/// The comparison in progress: changes found, type pairs walked.
pub struct Walker<'s> {
    pub out: Changes<'s>,
    pub old_types: Types<'s>,
    pub new_types: Types<'s>,
    seen: HashSet<(String, String, Direction)>,
    /// Named types met at the same place under different names.
    pub met: HashSet<(String, String)>,
    /// Named types entered and not yet left, see [`MAX_WALK_DEPTH`].
    depth: usize,
}

/// How many named types deep one walk goes: a chain of 10,000 structs,
/// each a field of the one before, would overflow the stack. A type deeper
/// than this is left unwalked here, so it is compared on its own as a
/// schema no operation reached (`compare_unreached`).
const MAX_WALK_DEPTH: usize = 64;

impl<'s> Walker<'s> {
    pub fn new(old: &'s Spec, new: &'s Spec) -> Self {
        Walker {
            out: Changes::new(old, new),
            old_types: Types::new(&old.api),
            new_types: Types::new(&new.api),
            seen: HashSet::new(),
            met: HashSet::new(),
            depth: 0,
        }
    }

    /// Compares the types used at `site` on each side.
    pub fn compare_type(&mut self, old: &TypeRef, new: &TypeRef, site: &Site) {
        let (old, new) = (self.old_types.resolve(old), self.new_types.resolve(new));
        if !same_kind(&self.old_types, old, &self.new_types, new) {
            let rule = match (site.dir, site.top) {
                (Direction::Parameter, true) => rules::PARAMETER_TYPE_CHANGED,
                (Direction::RequestBody, true) => rules::REQUEST_BODY_TYPE_CHANGED,
                (Direction::Response, true) => rules::RESPONSE_BODY_TYPE_CHANGED,
                (Direction::Response, false) => rules::RESPONSE_PROPERTY_TYPE_CHANGED,
                (_, false) => rules::REQUEST_PROPERTY_TYPE_CHANGED,
            };
            let message = format!(
                "{}: type of {} changed from `{}` to `{}`",
                site.owner,
                site.subject(),
                crate::review::rust::type_name(old),
                crate::review::rust::type_name(new)
            );
            return self.out.push(rule, site.at(), message);
        }
        match (old, new) {
            (TypeRef::Vec(a), TypeRef::Vec(b)) => self.compare_type(a, b, &site.within("items")),
            (TypeRef::Map(a), TypeRef::Map(b)) => {
                self.compare_type(a, b, &site.within("additionalProperties"))
            }
            (TypeRef::Named(a), TypeRef::Named(b)) => self.compare_named(a, b, site),
            _ => {}
        }
    }

    fn compare_named(&mut self, a: &str, b: &str, site: &Site) {
        if a != b {
            self.met.insert((a.to_string(), b.to_string()));
        }
        let again = self.walked(a, b);
        if self.depth == MAX_WALK_DEPTH
            || !self.seen.insert((a.to_string(), b.to_string(), site.dir))
        {
            return;
        }
        self.depth += 1;
        self.walk_named(a, b, again, site);
        self.depth -= 1;
    }

    /// [`Walker::compare_named`] once the pair is entered.
    fn walk_named(&mut self, a: &str, b: &str, again: bool, site: &Site) {
        let (Some(old_def), Some(new_def)) = (self.old_types.get(a), self.new_types.get(b)) else {
            return;
        };
        let site = &Site {
            again,
            ..site.clone()
        };
        if old_def.doc != new_def.doc && !again {
            let message = format!("documentation of `{}` changed", new_def.name);
            let at = At::both(&old_def.pointer, &new_def.pointer);
            self.out.push(rules::DOC_CHANGED, at, message);
        }
        match (&old_def.kind, &new_def.kind) {
            (TypeKind::Struct(sa), TypeKind::Struct(sb)) => {
                self.compare_structs(old_def, sa, new_def, sb, site)
            }
            (TypeKind::Enum(ea), TypeKind::Enum(eb)) => {
                self.compare_enums(old_def, ea, new_def, eb, site)
            }
            (TypeKind::Union(ua), TypeKind::Union(ub)) => {
                for (va, vb) in ua.iter().zip(ub) {
                    self.compare_type(&va.ty, &vb.ty, site);
                }
            }
            _ => {}
        }
    }

    /// Whether the pair of named types was walked in any direction.
    fn walked(&self, a: &str, b: &str) -> bool {
        [
            Direction::Parameter,
            Direction::RequestBody,
            Direction::Response,
        ]
        .into_iter()
        .any(|dir| self.seen.contains(&(a.to_string(), b.to_string(), dir)))
    }

    /// Compares two named types no operation led to, as response types.
    pub fn compare_unreached(&mut self, a: &TypeDef, b: &TypeDef) {
        if self.walked(&a.name, &b.name) {
            return;
        }
        let site = Site {
            dir: Direction::Response,
            owner: format!("schema `{}`", b.name),
            path: String::new(),
            top: false,
            again: false,
            old_at: a.pointer.clone(),
            new_at: b.pointer.clone(),
        };
        self.compare_named(&a.name, &b.name, &site);
    }

    fn compare_structs(
        &mut self,
        old_def: &TypeDef,
        old: &Struct,
        new_def: &TypeDef,
        new: &Struct,
        site: &Site,
    ) {
        let (old_spec, new_spec) = (self.out.old, self.out.new);
        let old_fields = first_by_key(&old.fields, |f| &f.wire_name);
        let new_fields = first_by_key(&new.fields, |f| &f.wire_name);
        for fa in &old.fields {
            let old_at = field_pointer(old_spec, old_def, &fa.wire_name);
            let Some(&fb) = new_fields.get(&fa.wire_name) else {
                let child = site.property(&fa.wire_name, old_at.clone(), String::new());
                let rule = if site.is_request() {
                    rules::REQUEST_PROPERTY_REMOVED
                } else {
                    rules::RESPONSE_PROPERTY_REMOVED
                };
                let message = format!("{}: {} removed", site.owner, child.subject());
                self.out.push(rule, At::old(&old_at), message);
                continue;
            };
            let new_at = field_pointer(new_spec, new_def, &fb.wire_name);
            self.compare_fields(fa, fb, &site.property(&fa.wire_name, old_at, new_at));
        }
        for fb in &new.fields {
            if old_fields.contains_key(&fb.wire_name) {
                continue;
            }
            let new_at = field_pointer(new_spec, new_def, &fb.wire_name);
            let child = site.property(&fb.wire_name, String::new(), new_at.clone());
            let (rule, kind) = match (site.is_request(), fb.required) {
                (true, true) => (rules::NEW_REQUIRED_PROPERTY, "required"),
                (true, false) => (rules::NEW_OPTIONAL_PROPERTY, "optional"),
                (false, true) => (rules::RESPONSE_REQUIRED_PROPERTY_ADDED, "required"),
                (false, false) => (rules::RESPONSE_OPTIONAL_PROPERTY_ADDED, "optional"),
            };
            let message = format!("{}: new {kind} {}", site.owner, child.subject());
            self.out.push(rule, At::new(&new_at), message);
        }
    }

    /// Compares a parameter or property present on both sides.
    pub fn compare_fields(&mut self, old: &Field, new: &Field, site: &Site) {
        let reshaped = if old.optional() != new.optional() {
            Level::Major
        } else {
            Level::Patch
        };
        let param = site.dir == Direction::Parameter && site.top;
        if old.required != new.required {
            let rule = match (param, site.is_request(), new.required) {
                (true, _, true) => rules::PARAMETER_BECAME_REQUIRED,
                (true, _, false) => rules::PARAMETER_BECAME_OPTIONAL,
                (false, true, true) => rules::REQUEST_PROPERTY_BECAME_REQUIRED,
                (false, true, false) => rules::REQUEST_PROPERTY_BECAME_OPTIONAL,
                (false, false, true) => rules::RESPONSE_PROPERTY_BECAME_REQUIRED,
                (false, false, false) => rules::RESPONSE_PROPERTY_BECAME_OPTIONAL,
            };
            let now = if new.required { "required" } else { "optional" };
            let message = format!("{}: {} became {now}", site.owner, site.subject());
            self.out.push_level(rule, reshaped, site.at(), message);
        }
        if old.nullable != new.nullable {
            let rule = match (site.is_request(), new.nullable) {
                (false, true) => rules::RESPONSE_PROPERTY_BECAME_NULLABLE,
                (false, false) => rules::RESPONSE_PROPERTY_BECAME_NOT_NULLABLE,
                // A request value that may now be null is one the caller
                // may leave out; one that may not is one it must give.
                (true, true) if param => rules::PARAMETER_BECAME_OPTIONAL,
                (true, false) if param => rules::PARAMETER_BECAME_REQUIRED,
                (true, true) => rules::REQUEST_PROPERTY_BECAME_OPTIONAL,
                (true, false) => rules::REQUEST_PROPERTY_BECAME_REQUIRED,
            };
            let now = if new.nullable {
                "nullable"
            } else {
                "not nullable"
            };
            let message = format!("{}: {} became {now}", site.owner, site.subject());
            self.out.push_level(rule, reshaped, site.at(), message);
        }
        if old.sensitive != new.sensitive && !site.again {
            let (rule, now) = if new.sensitive {
                (
                    rules::FIELD_BECAME_SENSITIVE,
                    "is now sensitive (redacted by `Debug`)",
                )
            } else {
                (rules::FIELD_NO_LONGER_SENSITIVE, "is no longer sensitive")
            };
            let message = format!("{}: {} {now}", site.owner, site.subject());
            self.out.push(rule, site.at(), message);
        }
        if site.is_request() {
            self.compare_bounds(&old.doc.constraints, &new.doc.constraints, site);
        }
        if !same_text(&old.doc, &new.doc, site.is_request()) && !site.again {
            let message = format!(
                "{}: documentation of {} changed",
                site.owner,
                site.subject()
            );
            self.out.push(rules::DOC_CHANGED, site.at(), message);
        }
        self.compare_type(&old.ty, &new.ty, site);
    }

    fn compare_bounds(&mut self, old: &Constraints, new: &Constraints, site: &Site) {
        let count = |n: Option<usize>| n.map(|n| (n as f64, false));
        let bounds = [
            (
                "maximum",
                number(&old.maximum, old.exclusive_maximum),
                number(&new.maximum, new.exclusive_maximum),
                rules::MAX_DECREASED,
                rules::MAX_INCREASED,
            ),
            (
                "minimum",
                number(&old.minimum, old.exclusive_minimum),
                number(&new.minimum, new.exclusive_minimum),
                rules::MIN_DECREASED,
                rules::MIN_INCREASED,
            ),
            (
                "maxLength",
                count(old.max_length),
                count(new.max_length),
                rules::MAX_LENGTH_DECREASED,
                rules::MAX_LENGTH_INCREASED,
            ),
            (
                "minLength",
                count(old.min_length),
                count(new.min_length),
                rules::MIN_LENGTH_DECREASED,
                rules::MIN_LENGTH_INCREASED,
            ),
            (
                "maxItems",
                count(old.max_items),
                count(new.max_items),
                rules::MAX_ITEMS_DECREASED,
                rules::MAX_ITEMS_INCREASED,
            ),
            (
                "minItems",
                count(old.min_items),
                count(new.min_items),
                rules::MIN_ITEMS_DECREASED,
                rules::MIN_ITEMS_INCREASED,
            ),
        ];
        for (name, a, b, decreased, increased) in bounds {
            let is_max = name.starts_with("max");
            let rule = match effective(a, is_max).partial_cmp(&effective(b, is_max)) {
                Some(Ordering::Greater) => decreased,
                Some(Ordering::Less) => increased,
                _ => continue,
            };
            let message = format!(
                "{}: `{name}` of {} changed from {} to {}",
                site.owner,
                site.subject(),
                shown(a),
                shown(b)
            );
            self.out.push(rule, site.at(), message);
        }
        let rule = match (&old.pattern, &new.pattern) {
            (None, Some(_)) => rules::PATTERN_ADDED,
            (Some(_), None) => rules::PATTERN_REMOVED,
            (Some(a), Some(b)) if a != b => rules::PATTERN_CHANGED,
            _ => return,
        };
        let message = format!(
            "{}: `pattern` of {} changed from {} to {}",
            site.owner,
            site.subject(),
            old.pattern
                .as_deref()
                .map_or("none".into(), |p| format!("`{p}`")),
            new.pattern
                .as_deref()
                .map_or("none".into(), |p| format!("`{p}`")),
        );
        self.out.push(rule, site.at(), message);
    }

    fn compare_enums(
        &mut self,
        old_def: &TypeDef,
        old: &Enum,
        new_def: &TypeDef,
        new: &Enum,
        site: &Site,
    ) {
        let at = |def: &TypeDef| pointer::join(&def.pointer, "enum");
        let (old_at, new_at) = (at(old_def), at(new_def));
        let param = site.dir == Direction::Parameter && site.top;
        let (added, removed) = match (param, site.is_request()) {
            (true, _) => (
                rules::PARAMETER_ENUM_VALUE_ADDED,
                rules::PARAMETER_ENUM_VALUE_REMOVED,
            ),
            (false, true) => (
                rules::REQUEST_PROPERTY_ENUM_VALUE_ADDED,
                rules::REQUEST_PROPERTY_ENUM_VALUE_REMOVED,
            ),
            (false, false) => (
                rules::RESPONSE_ENUM_VALUE_ADDED,
                rules::RESPONSE_ENUM_VALUE_REMOVED,
            ),
        };
        let what = format!("{} (`{}`)", site.subject(), new_def.name);
        let old_variants = first_by_key(&old.variants, |v| &v.value);
        let new_variants = first_by_key(&new.variants, |v| &v.value);
        for va in &old.variants {
            match new_variants.get(&va.value).copied() {
                None => {
                    let message = format!("{}: value `{}` of {what} removed", site.owner, va.value);
                    self.out.push(removed, At::both(&old_at, &new_at), message);
                }
                Some(vb) if vb.name != va.name && !site.again => {
                    let message = format!(
                        "{}: value `{}` of {what} is now variant `{}` (was `{}`)",
                        site.owner, va.value, vb.name, va.name
                    );
                    self.out.push(
                        rules::ENUM_VARIANT_RENAMED,
                        At::both(&old_at, &new_at),
                        message,
                    );
                }
                Some(_) => {}
            }
        }
        // A new variant breaks an exhaustive `match` only on a closed enum.
        let level = if new.unknown_variant.is_some() {
            Level::Minor
        } else {
            Level::Major
        };
        for vb in &new.variants {
            if !old_variants.contains_key(&vb.value) {
                let message = format!("{}: new value `{}` of {what}", site.owner, vb.value);
                self.out
                    .push_level(added, level, At::both(&old_at, &new_at), message);
            }
        }
        let flip = match (&old.unknown_variant, &new.unknown_variant) {
            (Some(_), None) => Some((
                rules::ENUM_BECAME_CLOSED,
                "closed: unknown values are now refused",
            )),
            (None, Some(_)) => Some((rules::ENUM_BECAME_OPEN, "open: unknown values are now kept")),
            _ => None,
        };
        if let Some((rule, now)) = flip.filter(|_| !site.again) {
            let message = format!("{}: {what} became {now}", site.owner);
            self.out
                .push(rule, At::both(&old_def.pointer, &new_def.pointer), message);
        }
    }
}

/// Whether two types are the same sort of thing at every level down to
/// their named types (which are compared member by member instead).
fn same_kind(old_types: &Types<'_>, old: &TypeRef, new_types: &Types<'_>, new: &TypeRef) -> bool {
    match (old_types.resolve(old), new_types.resolve(new)) {
        (TypeRef::Vec(a), TypeRef::Vec(b)) | (TypeRef::Map(a), TypeRef::Map(b)) => {
            same_kind(old_types, a, new_types, b)
        }
        (TypeRef::Named(a), TypeRef::Named(b)) => match (old_types.get(a), new_types.get(b)) {
            (Some(da), Some(db)) => match (&da.kind, &db.kind) {
                (TypeKind::Union(ua), TypeKind::Union(ub)) => ua.len() == ub.len(),
                (ka, kb) => std::mem::discriminant(ka) == std::mem::discriminant(kb),
            },
            _ => a == b,
        },
        (a, b) => a == b,
    }
}

/// Whether the human text (and, for responses, the documented bounds) is
/// the same; request bounds are compared one by one instead.
fn same_text(old: &Doc, new: &Doc, request: bool) -> bool {
    let strip = |doc: &Doc| Doc {
        constraints: if request {
            Bounds::default()
        } else {
            doc.constraints.clone()
        },
        ..doc.clone()
    };
    strip(old) == strip(new)
}

/// A numeric bound and whether it is exclusive.
fn number(value: &Option<String>, exclusive: bool) -> Option<(f64, bool)> {
    Some((value.as_deref()?.parse().ok()?, exclusive))
}

/// A bound as an ordered key: a missing bound is the widest, and an
/// exclusive bound lies just inside the inclusive one of the same number.
fn effective(bound: Option<(f64, bool)>, is_max: bool) -> (f64, i8) {
    match (bound, is_max) {
        (None, true) => (f64::INFINITY, 0),
        (None, false) => (f64::NEG_INFINITY, 0),
        (Some((n, exclusive)), true) => (n, if exclusive { -1 } else { 0 }),
        (Some((n, exclusive)), false) => (n, if exclusive { 1 } else { 0 }),
    }
}

fn shown(bound: Option<(f64, bool)>) -> String {
    match bound {
        None => "none".into(),
        Some((n, true)) => format!("{n} (exclusive)"),
        Some((n, false)) => n.to_string(),
    }
}

/// A type's shape without its documentation, for spotting renames.
pub fn shape(kind: &TypeKind) -> TypeKind {
    match kind {
        TypeKind::Struct(s) => TypeKind::Struct(Struct {
            fields: s
                .fields
                .iter()
                .map(|f| Field {
                    doc: Doc::default(),
                    ..f.clone()
                })
                .collect(),
            additional: s.additional.clone(),
        }),
        TypeKind::Enum(e) => TypeKind::Enum(Enum {
            variants: e
                .variants
                .iter()
                .map(|v| crate::ir::Variant {
                    doc: None,
                    ..v.clone()
                })
                .collect(),
            unknown_variant: e.unknown_variant.clone(),
        }),
        other => other.clone(),
    }
}
