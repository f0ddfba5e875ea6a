//! `x-taskgen-pagination`, checked against the operation it sits on: the
//! request fields it names are query parameters of the right types, the
//! items field is an array, cursors are strings, the total an integer. A
//! mismatch is a located error, never generated code that does not compile.
//! Runs after all types are known, since it reads the response struct.

use serde_json::Value;

use super::extensions::{self, PaginationExt};
use super::names::operation_prefix;
use crate::error::Result;
use crate::ir::{
    Name, Operation, PageStyle, Pagination, PagingField, ParamLocation, TypeDef, TypeIndex,
    TypeKind, TypeRef,
};
use crate::load::LoadedSpec;
use crate::pointer;

/// What a named field must be.
#[derive(Clone, Copy)]
enum Want {
    String,
    Integer,
    Bool,
    Array,
}

impl Want {
    fn accepts(self, ty: &TypeRef) -> bool {
        matches!(
            (self, ty),
            (Want::String, TypeRef::String)
                | (Want::Integer, TypeRef::Int(_))
                | (Want::Bool, TypeRef::Bool)
                | (Want::Array, TypeRef::Vec(_))
        )
    }

    fn describe(self) -> &'static str {
        match self {
            Want::String => "a string",
            Want::Integer => "an integer",
            Want::Bool => "a boolean",
            Want::Array => "an array",
        }
    }
}

/// The `x-taskgen-pagination` value of each operation that has one, by the
/// operation's index.
pub type Paginated = Vec<(usize, Value)>;

/// Checks and lowers the `paginated` operations' extensions.
pub fn lower_pagination(
    spec: &LoadedSpec,
    types: &[TypeDef],
    operations: &mut [Operation],
    paginated: Paginated,
) -> Result<()> {
    let type_index = TypeIndex::new(types);
    for (index, raw) in paginated {
        let op = &mut operations[index];
        let at = pointer::join(&op.pointer, extensions::PAGINATION);
        let ext: PaginationExt = serde_json::from_value(raw).map_err(|err| {
            spec.error(&at, format!("invalid `{}`: {err}", extensions::PAGINATION))
                .with_hint("see specs/README.md for the extension's shape")
        })?;
        let pages_type = format!("{}Pages", operation_prefix(&op.id));
        op.pagination = Some(
            Checker {
                spec,
                types,
                type_index: &type_index,
                op,
                at: &at,
            }
            .check(ext, pages_type)?,
        );
    }
    Ok(())
}

struct Checker<'a> {
    spec: &'a LoadedSpec,
    types: &'a [TypeDef],
    type_index: &'a TypeIndex,
    op: &'a Operation,
    at: &'a str,
}

impl Checker<'_> {
    fn check(&self, ext: PaginationExt, pages_type: String) -> Result<Pagination> {
        let (style, stop, position) = match ext.style.as_str() {
            "next-token" => (
                PageStyle::NextToken,
                "token-absent-or-empty",
                ("cursor", ext.request.cursor.as_deref(), Want::String),
            ),
            "marker" => (
                PageStyle::Marker,
                "not-truncated",
                ("cursor", ext.request.cursor.as_deref(), Want::String),
            ),
            "page-number" => (
                PageStyle::PageNumber {
                    first_page: ext.first_page.unwrap_or(1),
                },
                "past-total",
                ("page", ext.request.page.as_deref(), Want::Integer),
            ),
            other => {
                return Err(self
                    .error("style", format!("unknown paging style `{other}`"))
                    .with_hint("use next-token, marker or page-number")
                    .into())
            }
        };
        if ext.stop != stop {
            return Err(self
                .error(
                    "stop",
                    format!(
                        "style `{}` stops by `{stop}`, not `{}`",
                        ext.style, ext.stop
                    ),
                )
                .into());
        }
        let (key, name, want) = position;
        let Some(name) = name else {
            return Err(self
                .error(
                    "request",
                    format!("style `{}` needs `request.{key}`", ext.style),
                )
                .into());
        };
        let position = self.request_field(&format!("request/{key}"), name, want)?;
        let page_size = ext
            .request
            .page_size
            .as_deref()
            .map(|name| self.request_field("request/page-size", name, Want::Integer))
            .transpose()?;
        let items = self.response_field("response/items", &ext.response.items, Want::Array)?;
        let TypeRef::Vec(item_type) = items.ty.clone() else {
            return Err(self.error("response/items", "not an array").into());
        };
        let optional = |key: &str, name: &Option<String>, want: Want| {
            name.as_deref()
                .map(|name| self.response_field(key, name, want))
                .transpose()
        };
        let next_cursor = optional(
            "response/next-cursor",
            &ext.response.next_cursor,
            Want::String,
        )?;
        let truncated = optional("response/truncated", &ext.response.truncated, Want::Bool)?;
        let total = optional("response/total", &ext.response.total, Want::Integer)?;
        let required = match style {
            PageStyle::NextToken | PageStyle::Marker if next_cursor.is_none() => {
                Some("response/next-cursor")
            }
            PageStyle::Marker if truncated.is_none() => Some("response/truncated"),
            _ => None,
        };
        if let Some(key) = required {
            return Err(self
                .error(key, format!("style `{}` needs `{key}`", ext.style))
                .into());
        }
        Ok(Pagination {
            style,
            pages_type,
            position,
            page_size,
            items,
            item_type: *item_type,
            next_cursor,
            truncated,
            total,
        })
    }

    fn error(&self, key: &str, message: impl Into<String>) -> crate::SpecError {
        let mut at = self.at.to_string();
        for token in key.split('/') {
            at = pointer::join(&at, token);
        }
        self.spec.error(&at, message)
    }

    fn request_field(&self, key: &str, wire: &str, want: Want) -> Result<PagingField> {
        let param = self
            .op
            .params
            .iter()
            .find(|p| p.field.wire_name == wire && p.location == ParamLocation::Query)
            .ok_or_else(|| {
                self.error(
                    key,
                    format!("`{wire}` is not a query parameter of this operation"),
                )
            })?;
        self.typed(
            key,
            wire,
            &param.field.name,
            &param.field.ty,
            param.field.optional(),
            want,
        )
    }

    fn response_field(&self, key: &str, wire: &str, want: Want) -> Result<PagingField> {
        let fields = match &self.op.response {
            Some(TypeRef::Named(name)) => struct_fields(self.types, self.type_index, name),
            _ => None,
        }
        .ok_or_else(|| {
            self.error(
                key,
                "the success response is not a JSON object with properties",
            )
        })?;
        let field = fields
            .iter()
            .find(|f| f.wire_name == wire)
            .ok_or_else(|| self.error(key, format!("the response has no property `{wire}`")))?;
        self.typed(key, wire, &field.name, &field.ty, field.optional(), want)
    }

    fn typed(
        &self,
        key: &str,
        wire: &str,
        name: &Name,
        ty: &TypeRef,
        optional: bool,
        want: Want,
    ) -> Result<PagingField> {
        let resolved = resolve_alias(self.types, self.type_index, ty);
        if !want.accepts(&resolved) {
            return Err(self
                .error(key, format!("`{wire}` must be {}", want.describe()))
                .with_hint("point the extension at a field of the right type")
                .into());
        }
        Ok(PagingField {
            name: name.clone(),
            wire_name: wire.to_string(),
            ty: resolved,
            optional,
        })
    }
}

/// The fields of the struct behind `name`, following aliases.
fn struct_fields<'t>(
    types: &'t [TypeDef],
    index: &TypeIndex,
    name: &str,
) -> Option<&'t [crate::ir::Field]> {
    let def = index.get(types, name)?;
    let kind = match &def.kind {
        TypeKind::Alias(inner) => index.unalias(types, inner).1?,
        kind => kind,
    };
    match kind {
        TypeKind::Struct(s) => Some(&s.fields),
        _ => None,
    }
}

/// A type with named aliases replaced by what they stand for.
fn resolve_alias(types: &[TypeDef], index: &TypeIndex, ty: &TypeRef) -> TypeRef {
    index.unalias(types, ty).0.clone()
}
