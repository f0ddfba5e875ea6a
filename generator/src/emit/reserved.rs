//! Every name the emitted code uses that no spec chose is reserved in
//! `lower/names.rs`, so no spec name can shadow or duplicate it.
//!
//! The emitters write names of their own (imports, prelude types and
//! traits, constructors, builder methods); `lower` must keep spec names off
//! them, and it can only do so for the names it knows. These tests emit the
//! shipped specs and every fixture and check each such name against the
//! lists: a name added to an emitter without being reserved fails here.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use proc_macro2::{TokenStream, TokenTree};

use crate::ir::{builder_name, status_variant, Api, Success, TypeKind};
use crate::lower::names::{
    RESERVED_CLIENT_METHODS, RESERVED_REQUEST_BUILDER_MEMBERS, RESERVED_TYPES,
    RESERVED_TYPE_BUILDER_METHODS,
};

/// The shipped specs and the fixtures, lowered.
fn apis() -> Vec<Api> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let specs = crate::find_specs(&[root.join("specs"), root.join("tests/fixtures")])
        .expect("spec folders are listable");
    assert!(specs.len() > 10, "found only {specs:?}");
    crate::lower_all(&specs, &[]).unwrap_or_else(|err| panic!("specs lower:\n{err}"))
}

/// Each emitted Rust file of `api`, parsed.
fn files(api: &Api) -> Vec<(PathBuf, syn::File)> {
    super::module(api, crate::Config::default().split_items)
        .iter()
        .map(|(path, text)| {
            let file =
                syn::parse_file(&text).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
            (path.to_path_buf(), file)
        })
        .collect()
}

/// Names the IR gave the module's items: types, variants, builders.
fn ir_type_names(api: &Api) -> HashSet<String> {
    let mut names = HashSet::new();
    for def in &api.types {
        names.insert(def.name.clone());
        names.insert(builder_name(&def.name));
        match &def.kind {
            TypeKind::Enum(e) => {
                names.extend(e.variants.iter().map(|v| v.name.clone()));
                names.extend(e.unknown_variant.clone());
            }
            TypeKind::Union(variants) => names.extend(variants.iter().map(|v| v.name.clone())),
            TypeKind::Struct(_) | TypeKind::Alias(_) => {}
        }
    }
    for op in &api.operations {
        names.insert(op.request_type.clone());
        names.insert(op.builder_type.clone());
        names.insert(builder_name(&op.request_type));
        names.extend(op.pagination.as_ref().map(|p| p.pages_type.clone()));
        if let Success::Enum { name, variants } = &op.success {
            names.insert(name.clone());
            names.extend(variants.iter().map(|(status, _)| status_variant(status)));
        }
        if let Some(error_type) = &op.error_type {
            names.insert(error_type.clone());
            names.extend(op.errors.iter().map(|(status, _)| status_variant(status)));
        }
    }
    names
}

/// Capitalised identifiers that start a path (not after `::`), outside
/// attributes, into `used`; and those the code declares itself (`type Item
/// = ..`, the generic `S` of `<S: Serializer>`, the `C` of `<C = ()>`)
/// into `declared`.
fn path_starts(tokens: TokenStream, used: &mut BTreeSet<String>, declared: &mut BTreeSet<String>) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let punct = |i: Option<usize>, c: char| matches!(i.and_then(|i| tokens.get(i)), Some(TokenTree::Punct(p)) if p.as_char() == c);
    for (i, token) in tokens.iter().enumerate() {
        let before = |n: usize| i.checked_sub(n);
        match token {
            TokenTree::Ident(ident) => {
                let name = ident.to_string();
                if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
                    continue;
                }
                let after_type = matches!(before(1).map(|b| &tokens[b]), Some(TokenTree::Ident(k)) if k == "type");
                // A generic parameter with a default: `<C = ()>`.
                let defaulted = punct(before(1), '<') && punct(Some(i + 1), '=');
                if after_type || defaulted || (punct(Some(i + 1), ':') && !punct(Some(i + 2), ':'))
                {
                    declared.insert(name);
                } else if !(punct(before(1), ':') && punct(before(2), ':')) {
                    used.insert(name);
                }
            }
            TokenTree::Group(group) if !punct(before(1), '#') => {
                path_starts(group.stream(), used, declared)
            }
            _ => {}
        }
    }
}

#[test]
fn every_name_the_emitted_code_resolves_is_reserved_or_the_spec_s() {
    for api in apis() {
        let own = ir_type_names(&api);
        for (path, file) in files(&api) {
            let (mut used, mut declared) = (BTreeSet::new(), BTreeSet::new());
            path_starts(
                quote::ToTokens::into_token_stream(file),
                &mut used,
                &mut declared,
            );
            let foreign: Vec<_> = used
                .difference(&declared)
                .filter(|name| !own.contains(*name) && !RESERVED_TYPES.contains(&name.as_str()))
                .collect();
            assert!(
                foreign.is_empty(),
                "{}/{}: add {foreign:?} to RESERVED_TYPES in lower/names.rs, or write them \
                 as full paths, so that no spec type can shadow them",
                api.module,
                path.display()
            );
        }
    }
}

/// The methods of the type `name` in `file`, from its inherent impls, and
/// with `fields` its struct's fields.
fn members(file: &syn::File, name: &str, fields: bool) -> BTreeSet<String> {
    let mut members = BTreeSet::new();
    for item in &file.items {
        match item {
            syn::Item::Impl(block) if block.trait_.is_none() => {
                let syn::Type::Path(ty) = &*block.self_ty else {
                    continue;
                };
                if ty.path.segments.last().is_some_and(|s| s.ident == name) {
                    members.extend(block.items.iter().filter_map(|item| match item {
                        syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                        _ => None,
                    }));
                }
            }
            syn::Item::Struct(s) if fields && s.ident == name => {
                members.extend(
                    s.fields
                        .iter()
                        .filter_map(|f| Some(f.ident.as_ref()?.to_string())),
                );
            }
            _ => {}
        }
    }
    members
}

/// The items of the module `name` inline in `file` (an operation's module
/// in `operations.rs` or one of its split files), as a file.
fn operation_module(file: &syn::File, name: &str) -> Option<syn::File> {
    file.items.iter().find_map(|item| match item {
        syn::Item::Mod(module) if module.ident == name => Some(syn::File {
            shebang: None,
            frontmatter: None,
            attrs: Vec::new(),
            items: module.content.as_ref()?.1.clone(),
        }),
        _ => None,
    })
}

/// `members` of `name` that are neither `spec_names` nor `reserved`.
fn unreserved(
    (file, name, fields): (&syn::File, &str, bool),
    spec_names: &HashSet<String>,
    reserved: &[&str],
) -> Vec<String> {
    members(file, name, fields)
        .into_iter()
        .filter(|m| !spec_names.contains(m) && !reserved.contains(&m.as_str()))
        .collect()
}

#[test]
fn every_method_beside_spec_named_ones_is_reserved() {
    let (mut clients, mut operation_modules) = (0, 0);
    for api in apis() {
        for (path, file) in files(&api) {
            let where_ = format!("{}/{}", api.module, path.display());
            // Operations and the credential setters named after schemes.
            let schemes = api.client.iter().flat_map(|c| &c.schemes);
            let operations: HashSet<String> = api
                .operations
                .iter()
                .map(|op| op.fn_name.to_string())
                .chain(schemes.flat_map(|s| {
                    std::iter::once(s.setter.to_string())
                        .chain(s.provider_setter.as_ref().map(|p| p.to_string()))
                }))
                .collect();
            if path.ends_with("client.rs") {
                clients += 1;
                let extra = unreserved(
                    (&file, "Client", false),
                    &operations,
                    RESERVED_CLIENT_METHODS,
                );
                assert!(
                    extra.is_empty(),
                    "{where_}: add {extra:?} to RESERVED_CLIENT_METHODS in lower/names.rs"
                );
            }
            for op in &api.operations {
                // An operation's builder is in its module; a schema may
                // have its name elsewhere.
                let Some(module) = operation_module(&file, &op.module) else {
                    continue;
                };
                operation_modules += 1;
                let params = op.params.iter().map(|p| p.field.name.to_string()).collect();
                // Its fields are the parameters' too: `client` would clash.
                // One struct, with impls under its name and its alias's.
                let extra: Vec<String> = [builder_name(&op.request_type), op.builder_type.clone()]
                    .iter()
                    .flat_map(|name| {
                        unreserved(
                            (&module, name, true),
                            &params,
                            RESERVED_REQUEST_BUILDER_MEMBERS,
                        )
                    })
                    .collect();
                assert!(
                    extra.is_empty(),
                    "{where_}: add {extra:?} to RESERVED_REQUEST_BUILDER_MEMBERS in lower/names.rs"
                );
            }
            // A schema's builder is in `builders`; an operation's module
            // may have a request builder of the same name.
            if path.starts_with("operations") || path.ends_with("operations.rs") {
                continue;
            }
            for def in &api.types {
                let TypeKind::Struct(s) = &def.kind else {
                    continue;
                };
                let mut fields: HashSet<String> =
                    s.fields.iter().map(|f| f.name.to_string()).collect();
                fields.extend(s.additional.iter().map(|(name, _)| name.clone()));
                // The builder's fields are the type's own: only its methods
                // can clash with them.
                let extra = unreserved(
                    (&file, &builder_name(&def.name), false),
                    &fields,
                    RESERVED_TYPE_BUILDER_METHODS,
                );
                assert!(
                    extra.is_empty(),
                    "{where_}: add {extra:?} to RESERVED_TYPE_BUILDER_METHODS in lower/names.rs"
                );
            }
        }
    }
    assert!(clients >= 3, "the shipped specs have clients");
    assert!(operation_modules >= 5, "the shipped specs have operations");
}
