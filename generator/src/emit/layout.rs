//! Printing with blank lines where hand-written Rust has them and
//! prettyplease puts none: between items, between the members of an `impl`
//! or `trait`, and after the inner docs and attributes of a file or of an
//! inline module.
//!
//! prettyplease prints the items of a file one after another, each the same
//! whatever surrounds it, and the items of an inline module or the members
//! of an `impl` likewise, at their indent whatever the header above them.
//! So each item is printed alone (inside stand-in modules as deep as it is
//! nested) and the blank lines go between the pieces; the members of an
//! `impl` or `trait` are printed each alone in a stand-in block, and set
//! between the lines of the block printed with one marker member. No text
//! is parsed back, and no tree holds a whole file's printed form.

use proc_macro2::TokenStream;
use syn::{Attribute, File, ImplItem, Item, ItemImpl, ItemMod, ItemTrait, TraitItem, UseTree};

/// Items that sit together without a blank line between them when they
/// follow one another: runs of `use` declarations of one group (std, other
/// crates, this crate) and of undocumented `mod x;` declarations, and
/// one-line associated types or constants.
#[derive(PartialEq, Eq, Clone, Copy)]
enum Run {
    Use(u8),
    Mod,
    AssociatedType,
    AssociatedConst,
}

/// Whether a blank line goes between two neighbours of these runs.
fn apart(previous: &Option<Run>, next: &Option<Run>) -> bool {
    next.is_none() || next != previous
}

/// Files (or the contents of one inline module) printed by prettyplease one
/// after another, as one text, with a blank line before each item that
/// follows another unless both belong to the same [`Run`], and between the
/// inner docs, the inner attributes and the items.
pub struct Printer {
    out: String,
    /// How many inline modules the text sits in.
    depth: usize,
    /// The run of the last item printed, `Some(None)` for an item (or
    /// inner attributes) in no run.
    previous: Option<Option<Run>>,
    /// The run of the first item printed, likewise: whether it goes apart
    /// from what it is appended to (see [`Printer::append`]).
    first: Option<Option<Run>>,
}

impl Printer {
    /// A printer of a file's items (`depth` 0) or of the items of a module
    /// inline `depth` modules deep.
    pub fn new(depth: usize) -> Self {
        Printer {
            out: String::new(),
            depth,
            previous: None,
            first: None,
        }
    }

    /// How many inline modules the text sits in.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// Prints `file`'s inner attributes and items after what is printed.
    pub fn file(&mut self, file: File) {
        // Inner docs, then inner attributes, then the items: three paragraphs.
        let mut previous_doc = None;
        for attr in file.attrs {
            let doc = attr.path().is_ident("doc");
            if previous_doc.is_some_and(|previous| previous != doc) {
                self.out.push('\n');
            }
            previous_doc = Some(doc);
            self.out
                .push_str(&unparse(vec![attr], Vec::new(), self.depth));
            self.first.get_or_insert(None);
            self.previous = Some(None);
        }
        for item in file.items {
            let run = item_run(&item);
            self.blank_before(&run);
            self.out.push_str(&match item {
                Item::Mod(module) if module.content.is_some() => self.inline_module(module),
                Item::Impl(block) => print_impl(block, self.depth),
                Item::Trait(block) => print_trait(block, self.depth),
                item => unparse(Vec::new(), vec![item], self.depth),
            });
        }
    }

    /// Prints `head { members }`, an `impl` block (`head` is `impl Name`)
    /// whose members come as tokens, any number of them in each, made,
    /// printed and let go of in turn: the tokens of a block of a thousand
    /// methods, made at once, weigh many times its text. Tokens that are
    /// no members are kept as text, for the compiler to point at.
    pub fn impl_block(
        &mut self,
        head: TokenStream,
        members: impl IntoIterator<Item = TokenStream>,
    ) {
        let marker = marker();
        let shell: ItemImpl = syn::parse_quote!(#head { fn #marker() {} });
        let members = members.into_iter().flat_map(|tokens| {
            match syn::parse::Parser::parse2(impl_items, tokens.clone()) {
                Ok(items) => items.into_iter().map(Ok).collect(),
                Err(_) => vec![Err(tokens.to_string())],
            }
        });
        let depth = self.depth;
        let stand_in = impl_stand_in();
        let text = print_block(
            Item::Impl(shell),
            members,
            |member| match member {
                Ok(member) => impl_member(member, &stand_in, depth),
                Err(text) => format!("{text}\n"),
            },
            |member, one_line| {
                member
                    .as_ref()
                    .ok()
                    .and_then(|m| impl_item_run(m, one_line))
            },
            depth,
        );
        self.blank_before(&None);
        self.out.push_str(&text);
    }

    /// Prints an inline module, `head` (`pub mod name`) then `{`, `body`
    /// (its items, printed by a printer one deeper) and `}`.
    pub fn module(&mut self, head: TokenStream, body: &str) {
        self.blank_before(&None);
        self.out.push_str(&wrap(head, body, self.depth));
    }

    /// The text of an inline module of a file, its items laid out as a
    /// file's (prettyplease alone would print them with no blank lines).
    fn inline_module(&self, mut module: ItemMod) -> String {
        let (_, items) = module.content.take().expect("an inline module");
        let (inner, outer) = module
            .attrs
            .into_iter()
            .partition(|a| matches!(a.style, syn::AttrStyle::Inner(_)));
        module.attrs = outer;
        let mut body = Printer::new(self.depth + 1);
        body.file(File {
            shebang: None,
            frontmatter: None,
            attrs: inner,
            items,
        });
        let (attrs, vis, name) = (&module.attrs, &module.vis, &module.ident);
        wrap(
            quote::quote!(#(#attrs)* #vis mod #name),
            &body.finish(),
            self.depth,
        )
    }

    /// Appends text as it is, as an item in no run.
    pub fn text(&mut self, text: &str) {
        self.blank_before(&None);
        self.out.push_str(text);
    }

    /// Appends what `next`, a printer at the same depth, printed, laid
    /// out as if this printer had printed it: pieces printed apart (on
    /// other threads) join into the text one printer would have made.
    pub fn append(&mut self, next: Printer) {
        debug_assert_eq!(self.depth, next.depth);
        let Some(first) = next.first else {
            return;
        };
        self.blank_before(&first);
        self.out.push_str(&next.out);
        self.previous = next.previous;
    }

    /// How many bytes are printed since the last [`Printer::flush`].
    pub fn pending(&self) -> usize {
        self.out.len()
    }

    /// Gives `to` the text printed since the last flush, and lets go of
    /// it: what follows is laid out as if it were still there.
    pub fn flush(&mut self, to: impl FnOnce(&str)) {
        to(&self.out);
        self.out.clear();
    }

    /// The text printed.
    pub fn finish(self) -> String {
        self.out
    }

    /// A blank line if the item about to be printed, of run `run`, starts
    /// a new paragraph.
    fn blank_before(&mut self, run: &Option<Run>) {
        if self.previous.as_ref().is_some_and(|p| apart(p, run)) {
            self.out.push('\n');
        }
        self.first.get_or_insert(*run);
        self.previous = Some(*run);
    }
}

/// An inline module's text at `depth`: `head` (`pub mod name`), then `{`,
/// `body` (its items' lines, printed one deeper) and `}`.
fn wrap(head: TokenStream, body: &str, depth: usize) -> String {
    let stand_in: ItemMod = syn::parse_quote!(#head { struct Body; });
    let text = unparse(Vec::new(), vec![Item::Mod(stand_in)], depth);
    let body_line = format!("{}struct Body;", "    ".repeat(depth + 1));
    let mut out = String::with_capacity(text.len() + body.len());
    for line in text.lines() {
        if line == body_line {
            out.push_str(body);
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The lines prettyplease prints for `attrs` (inner ones) and `items` at
/// `depth`: inside that many stand-in modules, whose own lines are left
/// out. Every line ends with a line break.
fn unparse(attrs: Vec<Attribute>, items: Vec<Item>, depth: usize) -> String {
    let mut text = nested(attrs, items, depth);
    if depth == 0 {
        // Alone, an attribute is the end of the text, with no line break.
        if !text.ends_with('\n') {
            text.push('\n');
        }
        return text;
    }
    without_outer_lines(text, depth)
}

/// `items` (and inner `attrs`) printed inside `depth` stand-in modules,
/// `mod x { mod x { ... } }`, the modules' lines included.
fn nested(mut attrs: Vec<Attribute>, mut items: Vec<Item>, depth: usize) -> String {
    let module = |attrs, items| {
        Item::Mod(ItemMod {
            attrs,
            vis: syn::Visibility::Inherited,
            unsafety: None,
            mod_token: Default::default(),
            ident: proc_macro2::Ident::new("x", proc_macro2::Span::call_site()),
            content: Some((Default::default(), items)),
            semi: None,
        })
    };
    for _ in 0..depth {
        items = vec![module(std::mem::take(&mut attrs), items)];
    }
    printed(&File {
        shebang: None,
        frontmatter: None,
        attrs,
        items,
    })
}

/// `text`, lines each ending in a line break, without its first and last
/// `n` lines; empty if it has no more than `2 * n`. In place: printed
/// items are most of generation's text, and copying it was a cost.
fn without_outer_lines(mut text: String, n: usize) -> String {
    let mut start = 0;
    let mut end = text.len();
    for _ in 0..n {
        let (Some(first), Some(last)) = (
            text[start..end].find('\n'),
            text[start..end.saturating_sub(1)].rfind('\n'),
        ) else {
            return String::new();
        };
        if first >= last {
            return String::new();
        }
        end = start + last + 1;
        start += first + 1;
    }
    text.truncate(end);
    text.drain(..start);
    text
}

/// `file` as prettyplease prints it, without a bare carriage return: a
/// spec's text (an `operationId`, a title) reaches doc comments as it is,
/// and Rust refuses a CR in a doc comment (string literals escape it, so a
/// CR left in the text can only be in a comment).
fn printed(file: &File) -> String {
    let text = super::stand_ins::fill_in(prettyplease::unparse(file));
    match text.contains('\r') {
        true => text.replace('\r', " "),
        false => text,
    }
}

fn print_impl(mut block: ItemImpl, depth: usize) -> String {
    if block.items.len() < 2 {
        return unparse(Vec::new(), vec![Item::Impl(block)], depth);
    }
    let stand_in = impl_stand_in();
    let marker = marker();
    let members = std::mem::replace(&mut block.items, vec![syn::parse_quote!(fn #marker() {})]);
    print_block(
        Item::Impl(block),
        members,
        |member| impl_member(member, &stand_in, depth),
        impl_item_run,
        depth,
    )
}

/// Any number of members of an `impl`, one after another.
fn impl_items(input: syn::parse::ParseStream) -> syn::Result<Vec<ImplItem>> {
    let mut items = Vec::new();
    while !input.is_empty() {
        items.push(input.parse()?);
    }
    Ok(items)
}

/// The block a member of an `impl` is printed alone in.
fn impl_stand_in() -> ItemImpl {
    syn::parse_quote!(impl X {})
}

/// The lines of `member` of an `impl` at `depth`, printed alone in
/// `stand_in`.
fn impl_member(member: ImplItem, stand_in: &ItemImpl, depth: usize) -> String {
    let block = ItemImpl {
        items: vec![member],
        ..stand_in.clone()
    };
    inside(Item::Impl(block), depth)
}

fn print_trait(mut block: ItemTrait, depth: usize) -> String {
    if block.items.len() < 2 {
        return unparse(Vec::new(), vec![Item::Trait(block)], depth);
    }
    let stand_in: ItemTrait = syn::parse_quote!(
        trait X {}
    );
    let marker = marker();
    let members = std::mem::replace(&mut block.items, vec![syn::parse_quote!(fn #marker();)]);
    print_block(
        Item::Trait(block),
        members,
        |member| {
            let block = ItemTrait {
                items: vec![member],
                ..stand_in.clone()
            };
            inside(Item::Trait(block), depth)
        },
        trait_item_run,
        depth,
    )
}

/// The lines of a block (`impl` or `trait`) of one member printed at
/// `depth` but its header and closing brace: the member's lines.
pub(super) fn inside(block: Item, depth: usize) -> String {
    without_outer_lines(nested(Vec::new(), vec![block], depth), depth + 1)
}

/// The lines of `text`, a block printed with its header and closing brace
/// on lines of their own, but those two lines.
pub(super) fn within_braces(text: String) -> String {
    without_outer_lines(text, 1)
}

/// The name of the member that stands for the members of an `impl` or
/// `trait` printed without them.
const MARKER: &str = "__taskgen_members";

fn marker() -> proc_macro2::Ident {
    proc_macro2::Ident::new(MARKER, proc_macro2::Span::call_site())
}

/// An `impl` or `trait` block: `shell`, the block with one marker member
/// in place of its `members`, is printed, and the marker's line replaced
/// by each member printed alone in a stand-in block at the same depth
/// (all its lines but the stand-in's header and closing brace), with a
/// blank line before each member that starts a new run. prettyplease
/// prints a member the same whatever its neighbours, so each is printed
/// once and its line count, which decides its run, comes with it.
fn print_block<M>(
    shell: Item,
    members: impl IntoIterator<Item = M>,
    print: impl Fn(M) -> String,
    run: impl Fn(&M, bool) -> Option<Run>,
    depth: usize,
) -> String {
    let mut body = String::new();
    let mut previous = None;
    for (index, member) in members.into_iter().enumerate() {
        let one_line_run = run(&member, true);
        let text = print(member);
        let run = one_line_run.filter(|_| text.lines().count() == 1);
        if index > 0 && apart(&previous, &run) {
            body.push('\n');
        }
        previous = run;
        body.push_str(&text);
    }
    let shell = unparse(Vec::new(), vec![shell], depth);
    let marker = format!("fn {MARKER}(");
    let mut out = String::with_capacity(shell.len() + body.len());
    for line in shell.lines() {
        if line.trim_start().starts_with(&marker) {
            out.push_str(&body);
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
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

fn impl_item_run(item: &ImplItem, one_line: bool) -> Option<Run> {
    match item {
        ImplItem::Type(_) if one_line => Some(Run::AssociatedType),
        ImplItem::Const(_) if one_line => Some(Run::AssociatedConst),
        _ => None,
    }
}

fn trait_item_run(item: &TraitItem, one_line: bool) -> Option<Run> {
    match item {
        TraitItem::Type(_) if one_line => Some(Run::AssociatedType),
        TraitItem::Const(_) if one_line => Some(Run::AssociatedConst),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::Printer;

    #[test]
    fn outer_lines_are_cut_in_place_or_leave_nothing() {
        let cut = |text: &str, n| super::without_outer_lines(text.to_string(), n);
        assert_eq!(cut("a {\n    b\n\n    c\n}\n", 1), "    b\n\n    c\n");
        assert_eq!(cut("1\n2\n3\n4\n5\n", 2), "3\n");
        assert_eq!(cut("1\n2\n3\n4\n", 2), "");
        assert_eq!(cut("1\n2\n", 0), "1\n2\n");
        for short in ["", "\n", "1\n", "1\n2\n", "1\n2\n3"] {
            assert_eq!(
                cut(short, 1).matches('\n').count(),
                short.lines().count().saturating_sub(2)
            );
        }
    }

    fn print(file: syn::File, depth: usize) -> String {
        let mut printer = Printer::new(depth);
        printer.file(file);
        printer.finish()
    }

    #[test]
    fn items_and_members_get_blank_lines_and_runs_stay_together() {
        // What hand-written Rust looks like; the parser drops the blank
        // lines, printing must put each back.
        let expected = "\
//! Docs.
//! More docs.

#![forbid(unsafe_code)]

use std::sync::Arc;

use serde::Serialize;
use taskgen_runtime::Error;

use super::*;

mod a;
mod b;

/// X.
pub struct X;

impl X {
    type A = u8;
    type B = u8;

    const C: u8 = 1;

    /// New.
    fn new() -> Self {
        X
    }

    fn other(&self) {}
}

trait T {
    type A;

    fn f(&self);
}
";
        assert_eq!(print(syn::parse_file(expected).unwrap(), 0), expected);
    }

    /// An `impl` whose members are printed as they come prints as the
    /// whole `impl` does, whatever tokens hold which members, at any
    /// depth; tokens that are no members are kept as text.
    #[test]
    fn an_impl_printed_member_by_member_is_the_impl_printed_whole() {
        let members = [
            quote!(
                type A = u8;
                type B = u8;
            ),
            quote!(),
            quote!(
                const C: u8 = 1;
            ),
            quote!(
                /// New.
                fn new() -> Self {
                    X
                }
                fn long(&self, a: VeryLongTypeNameNumberOne, b: VeryLongTypeNameNumberTwo) {}
            ),
            quote!(
                fn other(&self) {}
            ),
        ];
        for depth in [0, 2] {
            let mut printer = Printer::new(depth);
            printer.file(syn::parse_quote!(
                struct X;
            ));
            printer.impl_block(quote!(impl X), members.clone());
            let whole = syn::parse2(quote!(struct X; impl X { #(#members)* })).unwrap();
            assert_eq!(printer.finish(), print(whole, depth));
        }
        let mut printer = Printer::new(0);
        printer.impl_block(
            quote!(impl X),
            [
                quote!(
                    fn a() {}
                ),
                quote!(let b = 1;),
            ],
        );
        assert_eq!(
            printer.finish(),
            "impl X {\n    fn a() {}\n\nlet b = 1 ;\n}\n"
        );
    }

    #[test]
    fn pieces_join_as_prettyplease_prints_the_whole_file() {
        let source = "impl X { fn a(&self) -> Result<VeryLongTypeNameNumberOne, VeryLongTypeNameNumberTwo> { Ok(todo!()) } fn b() {} } struct S { a: u8 }";
        let file = syn::parse_file(source).unwrap();
        let whole = prettyplease::unparse(&file);
        assert_eq!(print(file, 0).replace("\n\n", "\n"), whole);
    }

    #[test]
    fn inline_modules_are_laid_out_like_files() {
        let expected = "\
use std::sync::Arc;

pub mod a {
    //! Docs.

    use std::sync::Arc;

    pub struct X;

    impl X {
        type A = u8;

        fn f(&self, a: VeryLongTypeNameNumberOne, b: VeryLongTypeNameNumberTwo) {}
    }
}

mod b {
    pub struct Y;
}
";
        let body = |source: &str| print(syn::parse_file(source).unwrap(), 1);
        let mut printer = Printer::new(0);
        printer.file(syn::parse_quote!(
            use std::sync::Arc;
        ));
        printer.module(
            quote!(pub mod a),
            &body("//! Docs.\nuse std::sync::Arc; pub struct X; impl X { type A = u8; fn f(&self, a: VeryLongTypeNameNumberOne, b: VeryLongTypeNameNumberTwo) {} }"),
        );
        printer.module(quote!(mod b), &body("pub struct Y;"));
        let text = printer.finish();
        assert_eq!(text, expected);
        let whole = prettyplease::unparse(&syn::parse_file(expected).unwrap());
        assert_eq!(text.replace("\n\n", "\n"), whole);
        // An inline module among a file's items is laid out the same.
        assert_eq!(print(syn::parse_file(expected).unwrap(), 0), expected);
    }
}
