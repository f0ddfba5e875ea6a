//! One spec's module as a single file, for a `build.rs` to write under
//! `OUT_DIR` and the user's crate to `include!`: `#[path]` cannot name a
//! folder under `OUT_DIR` and `include!` cannot take a `mod.rs` with inner
//! docs and `mod x;` lines, so the child modules are written inline and
//! nothing at the top of the file is an inner attribute.
//!
//! Every path in the module is relative (`super::`, `self::`) or names an
//! extern crate (`taskgen_runtime`, `serde`, `serde_json`), never `crate::`,
//! so the file works wherever it is included.

use super::layout::Printer;
use super::{module_docs, module_root, print_pieces, Body, Children, Part, HEADER};
use crate::ir::Api;

/// The module's items with its child modules inline. Its docs become
/// comments: items that `include!` brings in cannot document the module
/// around them, whose docs are the includer's to write.
pub fn single_file(api: &Api) -> String {
    let children = Children::of(api);
    let mut bodies = children.bodies(api, 1, None, String::new);
    let mut printer = Printer::new(0);
    for part in module_root(api, &children) {
        match part {
            Part::Items(tokens) => print_pieces(&mut printer, [tokens]),
            Part::Child(child) => {
                let body = bodies
                    .iter_mut()
                    .find(|(name, _)| *name == child.name)
                    .map(|(_, body)| std::mem::replace(body, Body::Whole(String::new())).whole())
                    .unwrap_or_default();
                printer.module(child.module_head(), &body);
            }
        }
    }
    let items = printer.finish();
    let docs: String = module_docs(api)
        .iter()
        .map(|line| match line.as_str() {
            "" => "//\n".to_string(),
            line => format!("// {line}\n"),
        })
        .collect();
    format!("{HEADER}\n//\n{docs}\n{items}")
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use quote::ToTokens;
    use syn::Item;

    use super::single_file;
    use crate::{load, lower};

    /// The tokens as a comparable string. prettyplease adds a trailing
    /// comma to the arguments it wraps, and braces around a match arm it
    /// wraps, which it does more often at a deeper indentation: commas and
    /// braces are left out.
    fn tokens(attrs: &[syn::Attribute], items: &[Item]) -> String {
        let mut stream = proc_macro2::TokenStream::new();
        attrs.iter().for_each(|a| a.to_tokens(&mut stream));
        items.iter().for_each(|i| i.to_tokens(&mut stream));
        let mut out = Vec::new();
        flatten(stream, &mut out);
        out.join(" ")
    }

    /// The tokens as text, without commas and braces.
    fn flatten(stream: proc_macro2::TokenStream, out: &mut Vec<String>) {
        use proc_macro2::{Delimiter, TokenTree};
        for token in stream {
            match token {
                TokenTree::Group(group) => {
                    let delimiters = match group.delimiter() {
                        Delimiter::Parenthesis => Some(("(", ")")),
                        Delimiter::Bracket => Some(("[", "]")),
                        Delimiter::Brace | Delimiter::None => None,
                    };
                    out.extend(delimiters.map(|(open, _)| open.to_string()));
                    flatten(group.stream(), out);
                    out.extend(delimiters.map(|(_, close)| close.to_string()));
                }
                TokenTree::Punct(p) if p.as_char() == ',' => {}
                other => out.push(other.to_string()),
            }
        }
    }

    #[test]
    fn the_single_file_is_the_module_with_its_files_inline() {
        let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
        for spec in ["aliyun-imm.yaml", "baidu-vod.yaml", "huawei-vias.yaml"] {
            let api = lower::lower(&load::load(&specs.join(spec)).unwrap()).unwrap();
            let text = single_file(&api);
            let file = syn::parse_file(&text).unwrap();
            assert!(
                file.attrs.is_empty(),
                "{spec}: `include!` takes no inner attributes"
            );
            assert!(
                !text.contains("crate::"),
                "{spec}: paths must not depend on where the file is included"
            );

            let files = super::super::module(&api, usize::MAX);
            let root = syn::parse_file(&files.get("mod.rs").unwrap()).unwrap();
            let mut inline = 0;
            for (item, declared) in file.items.iter().zip(&root.items) {
                let (Item::Mod(module), Item::Mod(_)) = (item, declared) else {
                    assert_eq!(
                        tokens(&[], std::slice::from_ref(item)),
                        tokens(&[], std::slice::from_ref(declared))
                    );
                    continue;
                };
                let (_, items) = module.content.as_ref().expect("child modules are inline");
                let child = files.get(format!("{}.rs", module.ident)).unwrap();
                let child = syn::parse_file(&child).unwrap();
                assert_eq!(
                    tokens(&module.attrs, items),
                    tokens(&child.attrs, &child.items)
                );
                inline += 1;
            }
            assert_eq!(file.items.len(), root.items.len());
            assert_eq!(
                inline,
                files.len() - 1,
                "{spec}: every file but mod.rs is inline"
            );
        }
    }
}
