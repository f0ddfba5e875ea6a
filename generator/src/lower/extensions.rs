//! The project's `x-taskgen-*` vendor extensions (see `specs/README.md`),
//! parsed strictly: a misspelt key or a wrong shape is a located error, not
//! silently ignored.

use indexmap::IndexMap;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use super::suggest;
use crate::error::{Result, SpecError};
use crate::load::data::Data;
use crate::load::LoadedSpec;
use crate::pointer;

pub const ENUM: &str = "x-taskgen-enum";
pub const SENSITIVE: &str = "x-taskgen-sensitive";
pub const RPC: &str = "x-taskgen-rpc";
pub const SIGNING: &str = "x-taskgen-signing";
pub const EXAMPLE: &str = "x-taskgen-example";
pub const PAGINATION: &str = "x-taskgen-pagination";
pub const IDEMPOTENT: &str = "x-taskgen-idempotent";
/// Read by `taskgen lint` only (`lint/suppress.rs`).
pub const LINT: &str = "x-taskgen-lint";

/// Every extension taskgen reads.
pub const KNOWN: &[&str] = &[
    ENUM, SENSITIVE, RPC, SIGNING, EXAMPLE, PAGINATION, IDEMPOTENT, LINT,
];

/// An `x-taskgen-*` key taskgen does not read: where it is, and the known
/// extension it is closest to, if it is a likely misspelling.
pub struct UnknownExtension {
    pub pointer: String,
    pub key: String,
    pub closest: Option<&'static str>,
}

/// Every `x-taskgen-*` key of the document that taskgen does not read
/// (outside data: examples, defaults, enums, other extensions), which
/// every other tool would ignore without a word.
pub fn unknown(node: &impl Data, at: &str, out: &mut Vec<UnknownExtension>) {
    unknown_under(node, &mut at.to_string(), out);
}

/// [`unknown`] with one pointer buffer for the whole walk, cut back after
/// each child: a pointer is made only for a key found.
fn unknown_under(node: &impl Data, at: &mut String, out: &mut Vec<UnknownExtension>) {
    let len = at.len();
    if let Some(members) = node.members() {
        for (key, value) in members {
            pointer::push(at, key);
            if key.starts_with("x-taskgen-") && !KNOWN.contains(&key) {
                let closest = suggest::closest(key, KNOWN);
                out.push(UnknownExtension {
                    pointer: at.clone(),
                    key: key.to_string(),
                    closest,
                });
            }
            if !crate::lint::is_data(key) {
                unknown_under(value, at, out);
            }
            at.truncate(len);
        }
    } else if let Some(items) = node.items() {
        for (i, item) in items.iter().enumerate() {
            pointer::push_index(at, i);
            unknown_under(item, at, out);
            at.truncate(len);
        }
    }
}

/// Refuses a misspelt or unknown `x-taskgen-*` key, naming the extension
/// it is closest to.
pub fn check_unknown(data: &impl Data, error: &dyn Fn(&str, String) -> SpecError) -> Result<()> {
    let mut found = Vec::new();
    unknown(data, "#", &mut found);
    let Some(first) = found.into_iter().next() else {
        return Ok(());
    };
    Err(
        error(&first.pointer, format!("unknown extension `{}`", first.key))
            .with_hint(match first.closest {
                Some(closest) => format!("did you mean `{closest}`?"),
                None => format!("taskgen reads {}", KNOWN.join(", ")),
            })
            .into(),
    )
}

/// `x-taskgen-enum` on an enum schema.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EnumExt {
    pub open: bool,
    #[serde(default)]
    pub aliases: IndexMap<String, String>,
    #[serde(default)]
    pub names: IndexMap<String, String>,
    #[serde(default)]
    pub docs: IndexMap<String, String>,
    #[serde(default)]
    pub unconfirmed: Vec<String>,
}

/// `x-taskgen-rpc` on an operation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RpcExt {
    pub action: String,
    pub version: String,
    pub method: String,
    pub path: String,
    #[serde(default)]
    pub encoding: IndexMap<String, String>,
    #[serde(default)]
    pub idempotent: bool,
}

/// `x-taskgen-signing` on a security scheme.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SigningExt {
    pub scheme: String,
    #[serde(default)]
    pub signed_headers: Vec<String>,
    pub expiration_seconds: Option<u32>,
}

/// `x-taskgen-example` on an operation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExampleExt {
    pub name: String,
    pub summary: String,
    #[serde(default)]
    pub params: IndexMap<String, Value>,
    #[serde(default)]
    pub env: IndexMap<String, String>,
}

/// `x-taskgen-pagination` on an operation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PaginationExt {
    pub style: String,
    pub request: PagingRequestExt,
    pub response: PagingResponseExt,
    pub first_page: Option<u64>,
    pub stop: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PagingRequestExt {
    pub cursor: Option<String>,
    pub page: Option<String>,
    pub page_size: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PagingResponseExt {
    pub items: String,
    pub next_cursor: Option<String>,
    pub truncated: Option<String>,
    pub total: Option<String>,
}

/// Reads extension `key` from `extensions` (the object at `at`), if present.
pub fn read<T: DeserializeOwned>(
    spec: &LoadedSpec,
    extensions: &IndexMap<String, Value>,
    key: &str,
    at: &str,
) -> Result<Option<T>> {
    let Some(value) = extensions.get(key) else {
        return Ok(None);
    };
    serde_json::from_value(value.clone())
        .map(Some)
        .map_err(|err| {
            spec.error(&pointer::join(at, key), format!("invalid `{key}`: {err}"))
                .with_hint("see specs/README.md for the extension's shape")
                .into()
        })
}

/// `x-taskgen-sensitive: true` on a schema or parameter.
pub fn is_sensitive(
    spec: &LoadedSpec,
    extensions: &IndexMap<String, Value>,
    at: &str,
) -> Result<bool> {
    Ok(read::<bool>(spec, extensions, SENSITIVE, at)?.unwrap_or(false))
}
