//! A child module too large for one file (`types` or `builders` of the
//! largest specs), written as a folder instead: `mod.rs` holds the module's
//! head and re-exports one private module per first letter of the items'
//! names, so every path stays `module::Type` (`module::builders::Builder`)
//! and each file stays small enough to format, write and read alone.
//!
//! A letter's file reaches the module's other items and imports through
//! `use super::*`, and the spec's module through one more `super::` than
//! its items would in one file (`Piece::make`'s argument).

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::layout::Printer;
use super::parallel::Unprinted;
use super::{ident, print_pieces, Piece};

/// The module `name` as a folder, for its head and items: the text of its
/// `mod.rs`, and each other file's name and text to print (its head
/// printed), in order, relative to the folder.
pub(super) fn split<'a>(
    name: &str,
    head: TokenStream,
    pieces: Vec<Piece<'a>>,
) -> (String, Vec<(String, Unprinted<'a>)>) {
    let mut letters: BTreeMap<String, Vec<Piece>> = BTreeMap::new();
    for piece in pieces {
        letters.entry(letter(piece.name)).or_default().push(piece);
    }
    let parts: Vec<_> = letters.keys().map(|letter| ident(letter)).collect();
    let mut root = Printer::new(0);
    print_pieces(
        &mut root,
        [
            head,
            quote! {
                #(
                    #[rustfmt::skip]
                    mod #parts;
                )*
                #(pub use self::#parts::*;)*
            },
        ],
    );
    let files = letters.into_iter().map(|(letter, pieces)| {
        let doc = match letter.as_str() {
            "other" => format!(" The items of `{name}` whose names start with no letter."),
            _ => format!(
                " The items of `{name}` whose names start with `{}`.",
                letter.to_uppercase()
            ),
        };
        let mut head = Printer::new(0);
        print_pieces(
            &mut head,
            [quote! {
                #![doc = #doc]
                #[allow(unused_imports)]
                use super::*;
            }],
        );
        let file = Unprinted {
            head,
            pieces,
            up: 2,
        };
        (format!("{letter}.rs"), file)
    });
    (root.finish(), files.collect())
}

/// The module an item named `name` is filed in: its first letter, lower
/// case, or `other`.
fn letter(name: &str) -> String {
    let bare = name.strip_prefix("r#").unwrap_or(name);
    match bare.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => c.to_ascii_lowercase().to_string(),
        _ => "other".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::super::parallel::print;
    use super::{letter, split, Piece};

    #[test]
    fn items_are_filed_by_first_letter_in_their_order() {
        assert_eq!(letter("Zone"), "z");
        assert_eq!(letter("r#Type"), "t");
        assert_eq!(letter("_Private"), "other");
        let pieces = ["Beta", "Alpha", "Bravo"].map(|name| {
            Piece::new(name, move |up| {
                let item = quote::format_ident!("{name}");
                let spec = super::super::Up(up);
                quote!(pub type #item = #spec Base;)
            })
        });
        let (root, files) = split(
            "types",
            quote!(
                use std::fmt;
            ),
            pieces.into(),
        );
        let names: Vec<_> = files.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["a.rs", "b.rs"]);
        let texts = print(
            files.into_iter().map(|(_, file)| file).collect(),
            String::new,
        );
        assert_eq!(
            root,
            "use std::fmt;\n\n#[rustfmt::skip]\nmod a;\n#[rustfmt::skip]\nmod b;\n\n\
             pub use self::a::*;\npub use self::b::*;\n"
        );
        assert!(
            texts[1].ends_with(
                "use super::*;\n\npub type Beta = super::super::Base;\n\n\
                 pub type Bravo = super::super::Base;\n"
            ),
            "{}",
            texts[1]
        );
    }
}
