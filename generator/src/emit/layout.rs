//! Blank lines where hand-written Rust has them and prettyplease puts none:
//! between items, between the members of an `impl` or `trait`, and after a
//! file's or an inline module's inner docs and attributes. The text prettyplease wrote is parsed
//! again to find where each item starts and ends, so the result depends on
//! nothing but that text and `generate --check` stays stable.

use std::collections::BTreeSet;

use syn::spanned::Spanned;
use syn::{AttrStyle, Attribute, ImplItem, Item, TraitItem, UseTree};

/// Items that sit together without a blank line between them when they
/// follow one another: runs of `use` declarations of one group (std, other
/// crates, this crate) and of undocumented `mod x;` declarations, and
/// one-line associated types or constants.
#[derive(PartialEq, Eq)]
enum Run {
    Use(u8),
    Mod,
    AssociatedType,
    AssociatedConst,
}

/// `text` with a blank line before each item that directly follows
/// another, unless both belong to the same [`Run`]. Text that does not
/// parse is returned unchanged.
pub fn space_items(text: &str) -> String {
    let Ok(file) = syn::parse_file(text) else {
        return text.to_string();
    };
    let mut blank_before = BTreeSet::new();
    space_block(&mut blank_before, &file.attrs, &file.items);
    let mut out = String::with_capacity(text.len() + 2 * blank_before.len());
    for (index, line) in text.lines().enumerate() {
        if blank_before.contains(&(index + 1)) {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Records the blank lines of a file or an inline module (`attrs` are its
/// inner ones) and of every block inside it.
fn space_block(blank_before: &mut BTreeSet<usize>, attrs: &[Attribute], items: &[Item]) {
    // Inner docs, then inner attributes, then the items: three paragraphs.
    let inner = attrs
        .iter()
        .filter(|a| matches!(a.style, AttrStyle::Inner(_)))
        .map(|a| (a.span(), Some(a.path().is_ident("doc"))));
    let first_item = items.first().map(|i| (i.span(), None));
    separate(blank_before, inner.chain(first_item));
    separate(blank_before, items.iter().map(|i| (i.span(), item_run(i))));
    for item in items {
        match item {
            Item::Impl(block) => separate(
                blank_before,
                block.items.iter().map(|i| (i.span(), impl_item_run(i))),
            ),
            Item::Trait(block) => separate(
                blank_before,
                block.items.iter().map(|i| (i.span(), trait_item_run(i))),
            ),
            Item::Mod(module) => {
                if let Some((_, items)) = &module.content {
                    space_block(blank_before, &module.attrs, items);
                }
            }
            _ => {}
        }
    }
}

/// Records the 1-based line of each item that starts right below the one
/// before it, unless both belong to the same run (`Some` and equal).
fn separate<R: PartialEq>(
    blank_before: &mut BTreeSet<usize>,
    items: impl Iterator<Item = (proc_macro2::Span, Option<R>)>,
) {
    let mut previous: Option<(usize, Option<R>)> = None;
    for (span, run) in items {
        let start = span.start().line;
        if let Some((end, previous_run)) = previous {
            let same_run = run.is_some() && run == previous_run;
            if end + 1 == start && !same_run {
                blank_before.insert(start);
            }
        }
        previous = Some((span.end().line, run));
    }
}

fn item_run(item: &Item) -> Option<Run> {
    match item {
        Item::Use(declaration) => Some(Run::Use(use_group(&declaration.tree))),
        Item::Mod(module)
            if module.content.is_none()
                && !module.attrs.iter().any(|a| a.path().is_ident("doc")) =>
        {
            Some(Run::Mod)
        }
        _ => None,
    }
}

/// 0 for the standard library, 2 for paths inside this crate, 1 for other
/// crates: the conventional groups of `use` declarations.
fn use_group(tree: &UseTree) -> u8 {
    let UseTree::Path(path) = tree else {
        return 1;
    };
    match path.ident.to_string().as_str() {
        "std" | "core" | "alloc" => 0,
        "crate" | "super" | "self" => 2,
        _ => 1,
    }
}

fn impl_item_run(item: &ImplItem) -> Option<Run> {
    let one_line = item.span().start().line == item.span().end().line;
    match item {
        ImplItem::Type(_) if one_line => Some(Run::AssociatedType),
        ImplItem::Const(_) if one_line => Some(Run::AssociatedConst),
        _ => None,
    }
}

fn trait_item_run(item: &TraitItem) -> Option<Run> {
    let one_line = item.span().start().line == item.span().end().line;
    match item {
        TraitItem::Type(_) if one_line => Some(Run::AssociatedType),
        TraitItem::Const(_) if one_line => Some(Run::AssociatedConst),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::space_items;

    #[test]
    fn items_and_members_get_blank_lines_and_runs_stay_together() {
        let expected = "\
//! Docs.

#![forbid(unsafe_code)]

use std::sync::Arc;

use serde::Serialize;
use taskgen_runtime::Error;

use super::*;

pub const A: u8 = Service::new(
        1,
    )
    .with(2);

/// X.
pub struct X;

impl X {
    type A = u8;
    type B = u8;

    /// New.
    fn new() -> Self {
        X
    }

    fn other(&self) {}
}
";
        // prettyplease writes no blank lines at all.
        let text = expected.replace("\n\n", "\n");
        assert_eq!(space_items(&text), expected);
        assert_eq!(space_items(expected), expected, "idempotent");
    }

    #[test]
    fn inline_modules_are_laid_out_like_files() {
        let expected = "\
/// A.
pub mod a {
    //! Docs.

    use std::sync::Arc;

    pub struct X;

    pub struct Y;
}

mod b {}
";
        let text = expected.replace("\n\n", "\n");
        assert_eq!(space_items(&text), expected);
    }

    #[test]
    fn text_that_does_not_parse_is_kept() {
        assert_eq!(space_items("fn (\n"), "fn (\n");
    }
}
