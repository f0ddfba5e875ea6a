//! Text that skips the round trip through tokens, syn and prettyplease: it
//! waits here, on the thread that makes the tokens, under a number that
//! the tokens hold in its place, and [`fill_in`] puts it back into the
//! printed text on the same thread. Doc lines stand in as `#[doc = 7]`
//! ([`super::docs`]); the fields of a struct or of a struct literal as one
//! field, `__taskgen_list_7: ()` ([`super::field_lists`]); the arms of a
//! `match` as one arm, `__taskgen_list_7 => {}` ([`super::match_arms`]);
//! a builder's setters as one member, scalar parameters' steps as one
//! statement, and an open enum's impls, a struct's `Deserialize`, a
//! struct's items or a builder's as one item, `__taskgen_list_7!();`
//! ([`super::templates`], [`super::statements`], [`super::enums`],
//! [`super::deserialize`], [`super::structs`], [`super::builders`]).

use std::cell::RefCell;
use std::collections::HashMap;

use super::field_lists::{self, FieldText};

/// What a stand-in stands for.
pub(super) enum Waiting {
    /// Doc lines, outer (`///`) or inner (`//!`).
    Docs { lines: Vec<String>, inner: bool },
    /// The fields of a struct.
    Fields(Vec<FieldText>),
    /// The fields of a struct literal.
    Values(Vec<field_lists::Value>),
    /// The arms of a `match`.
    Arms(Vec<super::match_arms::Arm>),
    /// A builder's setters.
    Setters(Vec<super::templates::Setter>),
    /// Scalar parameters' steps in `to_http`.
    Steps(Vec<super::statements::Step>),
    /// The impls of an open enum, as items.
    EnumImpls(super::enums::OpenImpls),
    /// A struct's `Deserialize` impl, as an item.
    Deserialize(super::deserialize::Impl),
    /// A struct's items (but a custom `Debug`), as an item.
    Struct(super::structs::StructText),
    /// A builder's items, as an item.
    Builder(super::builders::BuilderText),
}

thread_local! {
    /// What the stand-ins in tokens not yet printed stand for, by number,
    /// and the next number.
    static WAITING: RefCell<(u64, HashMap<u64, Waiting>)> = RefCell::default();
}

/// The number of a new stand-in for `waiting`.
pub(super) fn wait(waiting: Waiting) -> u64 {
    WAITING.with_borrow_mut(|(next, table)| {
        *next += 1;
        table.insert(*next, waiting);
        *next
    })
}

/// A stand-in call for `waiting`, `__taskgen_list_7!();`: one line
/// wherever it goes, as a member of an `impl` or as a statement.
pub(super) fn call(waiting: Waiting) -> proc_macro2::TokenStream {
    let marker = quote::format_ident!("{}{}", field_lists::MARKER, wait(waiting));
    quote::quote!(#marker!();)
}

/// `text`, printed by prettyplease, with each stand-in's line replaced by
/// what it stands for, at its indent. A stand-in is always alone on its
/// line.
pub(super) fn fill_in(text: String) -> String {
    if !text.contains("doc = ") && !text.contains(field_lists::MARKER) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let Some((indent, n)) =
            super::docs::stand_in_line(line).or_else(|| field_lists::stand_in_line(line))
        else {
            out.push_str(line);
            continue;
        };
        // Taken before it is printed: printing a field alone fills in
        // stand-ins of its own.
        let Some(waiting) = WAITING.with_borrow_mut(|(_, table)| table.remove(&n)) else {
            // Made on another thread or printed twice: never, by how emit
            // prints; kept as it is, for rustdoc or the compiler to show.
            debug_assert!(false, "nothing waits for the stand-in {n}");
            out.push_str(line);
            continue;
        };
        match waiting {
            Waiting::Docs { lines, inner } => {
                let marker = if inner { "//!" } else { "///" };
                for doc in lines {
                    super::docs::push_line(&mut out, indent, marker, &doc);
                }
            }
            Waiting::Fields(fields) => {
                for field in &fields {
                    field.print(indent, &mut out);
                }
            }
            Waiting::Values(values) => field_lists::print_values(&values, indent, &mut out),
            Waiting::Arms(arms) => super::match_arms::print(&arms, indent, &mut out),
            Waiting::Setters(setters) => {
                super::templates::print_setters(&setters, indent, &mut out)
            }
            Waiting::Steps(steps) => super::statements::print_steps(&steps, indent, &mut out),
            Waiting::EnumImpls(impls) => impls.print(indent, &mut out),
            Waiting::Deserialize(de) => de.print(indent, &mut out),
            Waiting::Struct(items) => items.print(indent, &mut out),
            Waiting::Builder(items) => items.print(indent, &mut out),
        }
    }
    out
}

/// Whether nothing waits on this thread: every stand-in made was printed.
#[cfg(test)]
pub(super) fn none_waiting() -> bool {
    WAITING.with_borrow(|(_, table)| table.is_empty())
}
