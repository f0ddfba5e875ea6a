//! Rust names for spec names: every identifier the generated code uses is
//! decided here, so keywords, odd characters and collisions after case
//! conversion are handled in one place.

use std::collections::{HashMap, HashSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::ir::Name;

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
const RESERVED_TYPES: &[&str] = &[
    "Self",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Serialize",
    "Deserialize",
    "UnknownValue",
    "ParseEnumError",
    // The client's own names and the runtime types each module re-exports
    // (emit/mod.rs, `runtime_reexports`), which would hide a spec type.
    "Client",
    "Request",
    "Service",
    "Transport",
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
    "Items",
    "Pages",
    "PaginationError",
    "Paginator",
    "Position",
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
    let mut name = ascii_words(&raw.to_snake_case()).to_snake_case();
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
    let mut name = ascii_words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = "Schema".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "Type");
    }
    if RESERVED_TYPES.contains(&name.as_str()) {
        name.push_str("Type");
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
    let mut name = format!("{prefix}{}", ascii_words(rest).to_upper_camel_case());
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
pub fn module_ident(stem: &str) -> String {
    let name = snake_ident(stem);
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
    }

    #[test]
    fn type_names_avoid_the_runtime_types_a_module_re_exports() {
        assert_eq!(type_ident("error"), "ErrorType");
        assert_eq!(type_ident("Token"), "TokenType");
        assert_eq!(type_ident("position"), "PositionType");
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
