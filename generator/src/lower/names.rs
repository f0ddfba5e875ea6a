//! Rust names for spec names: every identifier the generated code uses is
//! decided here, so keywords, odd characters and collisions after case
//! conversion are handled in one place.
//!
//! It also knows, per scope, the names the generator writes itself (the
//! `RESERVED_*` lists below), so that no spec name can take one. The
//! emitters' tests (`emit/reserved.rs`) check every name the emitted code
//! uses against these lists, so a name added to an emitter without being
//! reserved here fails a test, and `tests/fixtures/adversarial/` uses
//! every reserved name as a spec name and compiles the result.

use std::collections::{HashMap, HashSet};

use crate::ir::Name;

use super::case;

/// Keywords that can be written as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "union", "unsafe", "unsized",
    "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers: suffixed with `_` instead.
const NON_RAW_KEYWORDS: &[&str] = &["crate", "self", "super", "Self"];

/// Type names the generated code uses unqualified; a spec type with one of
/// these names would shadow it, so it gets a `Type` suffix.
pub const RESERVED_TYPES: &[&str] = &[
    "Self",
    // The prelude's types, variants and traits the emitted code names.
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Into",
    "From",
    "Default",
    "Clone",
    "ToString",
    "Serialize",
    "Deserialize",
    "UnknownValue",
    "ParseEnumError",
    // The client's own names and the runtime types each module re-exports
    // (emit/mod.rs, `runtime_reexports`), which would hide a spec type.
    "Client",
    "SERVICE",
    "ClientConfig",
    "ConfigError",
    "Error",
    "Hook",
    "IncomingResponse",
    "OutgoingRequest",
    "RetryPolicy",
    "SetupError",
    "AccessKey",
    "Token",
    "CredentialsError",
    "File",
    "TokenProvider",
    "Items",
    "Pages",
    "PaginationError",
    "Paginator",
    "Position",
    // The error of every builder's `build()`, re-exported in `builders`.
    "BuildError",
];

/// Methods of every `Client` that are not operations (its constructors):
/// an operation with one of these names takes a suffix (`new_2`).
pub const RESERVED_CLIENT_METHODS: &[&str] = &[
    "new",
    "from_env",
    "with_access_key",
    "with_token",
    "with_basic",
    "with_bearer_token",
    "with_token_provider",
    "with_api_key",
];

/// Members of every operation's request builder that are not parameters:
/// its fields (`client`, `body`) and methods (`new`, `build`, `send`,
/// `into_paginator`, `into_request`). A parameter with one of these names
/// takes a suffix.
pub const RESERVED_REQUEST_BUILDER_MEMBERS: &[&str] = &[
    "client",
    "body",
    "new",
    "build",
    "send",
    "into_paginator",
    "into_request",
];

/// Methods of every type's builder that are not field setters.
pub const RESERVED_TYPE_BUILDER_METHODS: &[&str] = &["build"];

/// Module names a spec's module may not take at the crate root: `lib` and
/// `main` are the crate's own source files (`src/lib.rs`, `src/main.rs`).
pub const RESERVED_MODULES: &[&str] = &["lib", "main"];

/// Module names an operation's module may not take in `operations`: the
/// spec module's own children (`operations::operations` would be a module
/// named like its parent, `operations::types` read as the spec's types),
/// and the modules of its files when it is split by first letter
/// (`emit/split.rs`).
pub const RESERVED_OPERATION_MODULES: &[&str] = &[
    "client",
    "types",
    "builders",
    "operations",
    "a",
    "b",
    "c",
    "d",
    "e",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "v",
    "w",
    "x",
    "y",
    "z",
    "other",
];

/// Keeps ASCII letters, digits and `_`; everything else separates words,
/// and so does a digit followed by a capital (`200Response`), which heck
/// would otherwise run together.
fn ascii_words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut previous = ' ';
    for c in raw.chars() {
        if previous.is_ascii_digit() && c.is_ascii_uppercase() {
            out.push('_');
        }
        out.push(if c.is_ascii_alphanumeric() { c } else { '_' });
        previous = c;
    }
    out
}

/// `snake_case` identifier for a field, parameter or method.
pub fn snake_ident(raw: &str) -> Name {
    let mut name = case::snake(&ascii_words(&case::snake(raw)));
    if name.is_empty() {
        name = "field".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if RAW_KEYWORDS.contains(&name.as_str()) {
        Name::raw(&name)
    } else if NON_RAW_KEYWORDS.contains(&name.as_str()) {
        Name::new(format!("{name}_"))
    } else {
        Name::new(name)
    }
}

/// `UpperCamelCase` identifier for a type.
pub fn type_ident(raw: &str) -> String {
    let mut name = operation_prefix(raw);
    if RESERVED_TYPES.contains(&name.as_str()) {
        name.push_str("Type");
    }
    name
}

/// `UpperCamelCase` start of the names of an operation's items
/// (`ListTasks` of `ListTasksRequest`). Every such name adds a suffix, so
/// unlike a type name this one may be a reserved name (`SelfRequest`).
pub fn operation_prefix(raw: &str) -> String {
    let mut name = case::upper_camel(&ascii_words(raw));
    if name.is_empty() {
        name = "Schema".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "Type");
    }
    name
}

/// `UpperCamelCase` variant name for an enum value: `"+1"` is `Plus1`,
/// `"0"` is `V0`, `""` is `Empty`.
pub fn variant_ident(value: &str) -> String {
    let (prefix, rest) = match value {
        "" => return "Empty".into(),
        _ if value.starts_with('+') => ("Plus", &value[1..]),
        _ if value.starts_with('-') => ("Minus", &value[1..]),
        _ => ("", value),
    };
    let mut name = format!("{prefix}{}", case::upper_camel(&ascii_words(rest)));
    if name.is_empty() {
        name = "Value".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if name == "Self" {
        name.push('_');
    }
    name
}

/// Module name for a spec file stem (`aliyun-imm` is `aliyun_imm`).
/// Not raw: the module's name is also its folder's and feature's name.
/// A keyword or a [`RESERVED_MODULES`] name takes a `_` (`type_`, `lib_`).
pub fn module_ident(stem: &str) -> String {
    let name = operation_module_ident(stem);
    if RESERVED_MODULES.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// Module name for an operation in `operations` (`ListTasks` is
/// `list_tasks`): `snake_case`, with a `_` after a keyword (`type_`)
/// instead of `r#`, as a module path reads better so. Unique once claimed
/// with a [`Namer`] holding [`RESERVED_OPERATION_MODULES`].
pub fn operation_module_ident(raw: &str) -> String {
    let name = snake_ident(raw);
    if name.is_raw() {
        format!("{}_", name.bare())
    } else {
        name.to_string()
    }
}

/// Hands out names unique within one namespace (a module's types, a
/// struct's fields, an enum's variants): a name already taken gets the
/// first free numeric suffix, so the outcome depends only on claim order.
#[derive(Debug, Default)]
pub struct Namer {
    taken: HashSet<String>,
    /// Per `base{sep}`, the suffix to try next: every lower one is taken,
    /// so n claims of one name cost n tries, not n² (an enum of 10,000
    /// values that are all `Value` to Rust).
    next_suffix: HashMap<String, u64>,
}

impl Namer {
    pub fn new() -> Self {
        Self::default()
    }

    /// A namer where `reserved` (names the generated code gives itself in
    /// this scope) are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Namer {
            taken: reserved.iter().map(|name| name.to_string()).collect(),
            ..Namer::default()
        }
    }

    /// Claims `wanted`, or `wanted2`, `wanted3`... (`wanted_2` for
    /// snake_case names).
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_string()) {
            return wanted.to_string();
        }
        if wanted.contains('_') || wanted.starts_with(|c: char| c.is_lowercase()) {
            self.suffixed(wanted.trim_end_matches('_'), "_")
        } else {
            self.suffixed(wanted, "")
        }
    }

    /// [`Namer::claim`] for a field or function name; a raw identifier's
    /// suffixed form is no keyword (`r#type`, then `type_2`).
    pub fn claim_name(&mut self, wanted: &Name) -> Name {
        if wanted.is_raw() {
            if self.taken.insert(wanted.to_string()) {
                return wanted.clone();
            }
            return Name::new(self.suffixed(wanted.bare(), "_"));
        }
        Name::new(self.claim(wanted))
    }

    /// The first of `base{sep}2`, `base{sep}3`... not yet taken.
    fn suffixed(&mut self, base: &str, sep: &str) -> String {
        let next = self.next_suffix.entry(format!("{base}{sep}")).or_insert(2);
        loop {
            let candidate = format!("{base}{sep}{next}");
            *next += 1;
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_are_snake_case_and_never_keywords() {
        assert_eq!(snake_ident("TaskId"), "task_id");
        assert_eq!(snake_ident("isTruncated"), "is_truncated");
        assert_eq!(snake_ident("RocketMQ"), "rocket_mq");
        assert_eq!(snake_ident("x-bce-request-id"), "x_bce_request_id");
        assert_eq!(snake_ident("type"), "r#type");
        assert_eq!(snake_ident("self"), "self_");
        assert_eq!(snake_ident("Self"), "self_");
        assert_eq!(snake_ident("1st"), "_1st");
        assert_eq!(snake_ident("a.b"), "a_b");
        assert_eq!(snake_ident("中文"), "field");
    }

    #[test]
    fn type_names_avoid_prelude_and_digits() {
        assert_eq!(type_ident("task_info"), "TaskInfo");
        assert_eq!(type_ident("Option"), "OptionType");
        assert_eq!(type_ident("Self"), "SelfType");
        assert_eq!(type_ident("200Response"), "Type200Response");
        assert_eq!(operation_prefix("self"), "Self");
        assert_eq!(operation_prefix("get_task"), "GetTask");
    }

    #[test]
    fn type_names_avoid_the_runtime_types_a_module_re_exports() {
        assert_eq!(type_ident("error"), "ErrorType");
        assert_eq!(type_ident("Token"), "TokenType");
        assert_eq!(type_ident("position"), "PositionType");
    }

    #[test]
    fn module_names_avoid_keywords_and_the_crate_s_own_files() {
        assert_eq!(module_ident("aliyun-imm"), "aliyun_imm");
        assert_eq!(module_ident("type"), "type_");
        assert_eq!(module_ident("self"), "self_");
        assert_eq!(module_ident("lib"), "lib_");
        assert_eq!(module_ident("main"), "main_");
    }

    #[test]
    fn operation_modules_are_unique_and_never_keywords_or_letter_files() {
        let mut modules = Namer::with_reserved(RESERVED_OPERATION_MODULES);
        let mut claim = |id: &str| modules.claim(&operation_module_ident(id));
        assert_eq!(claim("listTasks"), "list_tasks");
        assert_eq!(claim("ListTasks"), "list_tasks_2");
        assert_eq!(claim("list_tasks"), "list_tasks_3");
        assert_eq!(claim("type"), "type_");
        assert_eq!(claim("self"), "self_");
        assert_eq!(claim("crate"), "crate_");
        assert_eq!(claim("a"), "a_2");
        assert_eq!(claim("main"), "main");
        assert_eq!(claim("operations"), "operations_2");
        assert_eq!(claim("Types"), "types_2");
    }

    #[test]
    fn reserved_names_are_taken_before_any_spec_name() {
        let mut methods = Namer::with_reserved(RESERVED_CLIENT_METHODS);
        assert_eq!(methods.claim_name(&snake_ident("new")), "new_2");
        assert_eq!(methods.claim_name(&snake_ident("FromEnv")), "from_env_2");
        assert_eq!(methods.claim_name(&snake_ident("ListTasks")), "list_tasks");
    }

    /// `tests/fixtures/adversarial/shadowing.yaml`, which the adversarial
    /// compile test generates and compiles, is written from the reserved
    /// lists: a spec type named after every reserved type name, an
    /// operation after every client method, parameters after every request
    /// builder member, fields after every type builder method.
    #[test]
    fn the_shadowing_fixture_uses_every_reserved_name() {
        let mut spec = String::from(
            "# Written by `cargo test -p taskgen --lib names` from the reserved lists of\n\
             # generator/src/lower/names.rs; `EXPECTORATE=overwrite` updates it.\n\
             openapi: 3.0.3\n\
             info: {title: Every reserved name as a spec name, version: '1'}\n\
             servers:\n  - url: https://shadowing.example.com\n\
             security:\n  - token: []\n\
             paths:\n",
        );
        let params: String = RESERVED_REQUEST_BUILDER_MEMBERS
            .iter()
            .map(|name| {
                // `build` is the paged operation's page size.
                let ty = if *name == "build" {
                    "integer"
                } else {
                    "string"
                };
                format!("        - {{name: {name}, in: query, schema: {{type: {ty}}}}}\n")
            })
            .collect();
        for (i, method) in RESERVED_CLIENT_METHODS.iter().enumerate() {
            let body = format!(
                "      requestBody:\n        content:\n          application/json:\n            \
                 schema: {{$ref: '#/components/schemas/{}'}}\n",
                RESERVED_TYPES[i % RESERVED_TYPES.len()]
            );
            let paged = "      x-taskgen-pagination:\n        style: next-token\n        \
                 request: {cursor: send, page-size: build}\n        \
                 response: {items: items, next-cursor: next}\n        \
                 stop: token-absent-or-empty\n";
            let (verb, extra) = if i == 0 {
                ("get", paged)
            } else {
                ("post", body.as_str())
            };
            spec.push_str(&format!(
                "  /{method}:\n    {verb}:\n      operationId: {method}\n      parameters:\n\
                 {params}{extra}      responses:\n        '200':\n          description: OK\n          \
                 content:\n            application/json:\n              \
                 schema: {{$ref: '#/components/schemas/Page'}}\n"
            ));
        }
        spec.push_str(
            // Both kinds of credential and an enum, so that every
            // re-export is in the module.
            "components:\n  securitySchemes:\n    token:\n      type: apiKey\n      in: header\n      \
             name: X-Auth-Token\n      x-taskgen-signing: {scheme: token}\n    \
             aksk:\n      type: apiKey\n      in: header\n      name: Authorization\n      \
             x-taskgen-signing: {scheme: SDK-HMAC-SHA256}\n  schemas:\n    \
             Page:\n      type: object\n      properties:\n        \
             items: {type: array, items: {$ref: '#/components/schemas/Option'}}\n        \
             next: {type: string}\n        state: {type: string, enum: [on, off]}\n",
        );
        let fields: String = RESERVED_TYPE_BUILDER_METHODS
            .iter()
            .map(|name| format!("        {name}: {{type: string}}\n"))
            .collect();
        for name in RESERVED_TYPES {
            spec.push_str(&format!(
                "    {name}:\n      type: object\n      properties:\n{fields}        \
                 next: {{$ref: '#/components/schemas/Page'}}\n"
            ));
        }
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/adversarial/shadowing.yaml");
        expectorate::assert_contents(path, &spec);
    }

    #[test]
    fn odd_enum_values_get_readable_variants() {
        assert_eq!(variant_ident("0"), "V0");
        assert_eq!(variant_ident("+1"), "Plus1");
        assert_eq!(variant_ident("-1"), "Minus1");
        assert_eq!(variant_ident(""), "Empty");
        assert_eq!(variant_ident("CREATE_FAILED"), "CreateFailed");
        assert_eq!(variant_ident("a b"), "AB");
        assert_eq!(variant_ident("%"), "Value");
    }

    #[test]
    fn namer_suffixes_collisions_deterministically() {
        let mut types = Namer::new();
        assert_eq!(types.claim("TaskInfo"), "TaskInfo");
        assert_eq!(types.claim("TaskInfo"), "TaskInfo2");
        let mut fields = Namer::new();
        assert_eq!(fields.claim("foo_bar"), "foo_bar");
        assert_eq!(fields.claim("foo_bar"), "foo_bar_2");
        assert_eq!(fields.claim_name(&Name::raw("type")), "r#type");
        assert_eq!(fields.claim_name(&Name::raw("type")), "type_2");
    }
}
