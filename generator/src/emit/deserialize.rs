//! Each struct's `Deserialize`, written out rather than derived. serde's
//! derive expands, at every `cargo check` of a crate that holds the code,
//! to a field enum, two visitors and their methods per struct: about ten
//! bodies for the compiler to check and keep in its incremental cache. A
//! written-out `Deserialize` is one call of `taskgen_runtime::de::object`,
//! whose one visitor, checked once for every struct, hands the object to
//! the struct's `FromFields`: a slot per field, filled through
//! `taskgen_runtime::de::Fields`. It decodes what the derive decodes with
//! the same errors (the runtime's tests hold the two side by side).
//!
//! Structs are most of a spec's items, so the impls are printed as text
//! from templates, printed once by prettyplease with stand-ins (as
//! [`super::enums`] prints an open enum's impls): the impls around
//! `from_fields` per depth and name length, and `from_fields` per depth and
//! width of the struct literal, its slots, arms and literal fields filled
//! in. A struct whose lines the templates cannot hold goes the slow way,
//! through its tokens.

use std::cell::RefCell;
use std::collections::HashMap;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::field_lists::{self, fits, Value};
use super::layout::Printer;
use super::match_arms::{self, Arm};
use super::stand_ins::{self, Waiting};
use super::templates::replace_word;
use crate::ir::Field;

/// A struct's `Deserialize`, waiting to be printed.
pub(super) struct Impl {
    name: String,
    /// The fields as code writes them (`r#type`).
    slots: Vec<String>,
    arms: Vec<Arm>,
    values: Vec<Value>,
}

/// The stand-in of a struct's `Deserialize` impls, for its tokens.
pub(super) fn stand_in(deserialize: Impl) -> TokenStream {
    stand_ins::call(Waiting::Deserialize(deserialize))
}

/// The impls' tokens around `from_fields` (an item). Their locals start
/// with `__`, which no spec name does, so that no field named `map` or
/// `key` shadows them; no body names a type but `Self`, so a struct named
/// `A` or `D` shadows nothing.
fn tokens(name: &str, from_fields: TokenStream) -> TokenStream {
    let name = format_ident!("{name}");
    quote! {
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                taskgen_runtime::de::object(deserializer)
            }
        }
        impl<'de> taskgen_runtime::de::FromFields<'de> for #name {
            #from_fields
        }
    }
}

/// `from_fields` around `slots` (statements), `arms` and `values` (the
/// literal's fields).
fn from_fields(slots: TokenStream, arms: TokenStream, values: TokenStream) -> TokenStream {
    quote! {
        fn from_fields<A: serde::de::MapAccess<'de>>(mut __map: taskgen_runtime::de::Fields<A>) -> Result<Self, A::Error> {
            #slots
            while let Some(__key) = __map.next_key()? {
                match &*__key {
                    #arms
                    _ => __map.skip()?,
                }
            }
            Ok(Self { #values })
        }
    }
}

/// What decides a template's lines, but for the characters of the name and
/// of the lists. The name is only in the impls' first lines and the
/// literal only in `from_fields`, so each has templates of its own.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Shape {
    /// The impls, `from_fields` a stand-in: by the name's length, or 0 for
    /// a name short enough that no line breaks whatever its length (most
    /// names: one template for them all).
    Impls { depth: usize, name_len: usize },
    /// `from_fields`, by the width of the literal's fields on one line, or
    /// one past the margin for any literal that cannot fit on one line.
    FromFields { depth: usize, values_width: usize },
}

/// Where `from_fields` and its lists go in a template: an item, a
/// statement, an arm and a field that parse and that no emitter writes.
const FROM_FIELDS: &str = "__taskgen_from_fields";
const SLOTS: &str = "__taskgen_slots";
const ARMS: &str = "__taskgen_arms";
const VALUES: &str = "__taskgen_values";

/// Wider than any line prettyplease leaves unbroken.
const TOO_WIDE: usize = 90;

/// A name length from which both impls' first lines break before `for`,
/// so that longer names share a template.
const LONG: usize = 60;

/// The width of the wider first line, but for the name.
const HEADER: usize = "impl<'de> taskgen_runtime::de::FromFields<'de> for  {".len();

/// The widest first line in a template shared by short names: well inside
/// the margin, so that no line's breaks depend on the name.
const SHORT: usize = 80;

thread_local! {
    /// The templates printed on this thread, by shape.
    static PRINTED: RefCell<HashMap<Shape, String>> = RefCell::new(HashMap::new());
}

impl Impl {
    /// The impls of the struct `name`, whose fields are `fields` (at least
    /// one).
    pub(super) fn new(name: &str, fields: &[Field]) -> Impl {
        let mut slots = Vec::new();
        let mut arms = Vec::new();
        let mut values = Vec::new();
        for field in fields {
            let wire = Literal::string(&field.wire_name).to_string();
            let slot = field.name.to_string();
            slots.push(slot.clone());
            arms.push(Arm::new(
                vec![wire.clone()],
                format!("__map.set(&mut {slot}, {wire})?"),
            ));
            values.push(if field.optional() {
                // Absent or null: `None`, as the derive reads an `Option`.
                Value::Optional(slot)
            } else {
                Value::Taken { field: slot, wire }
            });
        }
        Impl {
            name: name.to_string(),
            slots,
            arms,
            values,
        }
    }

    /// The literal's fields on one line.
    fn values_line(&self) -> String {
        let values: Vec<String> = self.values.iter().map(Value::line).collect();
        values.join(", ")
    }

    /// The impls' lines at `indent` (of an item), as prettyplease prints
    /// their tokens.
    pub(super) fn print(&self, indent: &str, out: &mut String) {
        let depth = indent.len() / 4;
        let one_line = self.values_line();
        let values_width = one_line.len().min(TOO_WIDE);
        // The literal's stand-in field, `__taskgen_values___: ()`, is as
        // wide as its fields on one line.
        let stand_in_width = values_width.saturating_sub(": ()".len());
        // Slots are two levels inside the impl.
        let slot_indent = format!("{indent}        ");
        let slots_fit = self.slots.iter().all(|s| fits(&slot_line(&slot_indent, s)));
        if stand_in_width < VALUES.len() || !one_line.is_ascii() || !slots_fit {
            return self.print_tokens(depth, out);
        }
        // Type names are ASCII, so the placeholder is as wide as the name.
        let name_len = if indent.len() + HEADER + self.name.len() <= SHORT {
            0
        } else {
            self.name.len().min(LONG)
        };
        let placeholder = format!("X{}", "x".repeat(name_len.max(1) - 1));
        let stand_in = format!("{VALUES}{}", "_".repeat(stand_in_width - VALUES.len()));
        let impls = Shape::Impls { depth, name_len };
        let body = Shape::FromFields {
            depth,
            values_width,
        };
        PRINTED.with_borrow_mut(|printed| {
            printed.entry(impls).or_insert_with(|| {
                let from_fields = format!("{FROM_FIELDS}!();").parse().expect("an item lexes");
                print_template(depth, tokens(&placeholder, from_fields))
            });
            printed.entry(body).or_insert_with(|| {
                let slots = format!("{SLOTS}!();").parse().expect("a statement lexes");
                let arms = format!("{ARMS} => {{}}").parse().expect("an arm lexes");
                let values = format!("{stand_in}: ()").parse().expect("a field lexes");
                let item = from_fields(slots, arms, values);
                // Printed inside an impl, as it will be, then taken out.
                let text = print_template(depth, quote!(impl X { #item }));
                let inside = text.split_once('\n').map_or("", |(_, rest)| rest);
                inside[..inside.trim_end().rfind('\n').map_or(0, |end| end + 1)].to_string()
            });
            for line in printed[&impls].split_inclusive('\n') {
                if line.trim_start_matches(' ').starts_with(FROM_FIELDS) {
                    self.print_from_fields(&printed[&body], &stand_in, &one_line, out);
                } else {
                    replace_word(line, &placeholder, &self.name, out);
                }
            }
        });
    }

    /// `from_fields` from its template: its slots, arms and literal in
    /// their stand-ins' places.
    fn print_from_fields(&self, template: &str, stand_in: &str, one_line: &str, out: &mut String) {
        for line in template.split_inclusive('\n') {
            let text = line.trim_start_matches(' ');
            let line_indent = &line[..line.len() - text.len()];
            if text.starts_with(SLOTS) {
                for slot in &self.slots {
                    out.push_str(&slot_line(line_indent, slot));
                    out.push('\n');
                }
            } else if text.starts_with(ARMS) {
                match_arms::print(&self.arms, line_indent, out);
            } else if text.starts_with(VALUES) {
                field_lists::print_values(&self.values, line_indent, out);
            } else if let Some(at) = line.find(VALUES) {
                // The literal on one line: its fields in its stand-in's place.
                out.push_str(&line[..at]);
                out.push_str(one_line);
                out.push_str(&line[at + stand_in.len() + ": ()".len()..]);
            } else {
                out.push_str(line);
            }
        }
    }

    /// The impls printed from their tokens, for lines the template cannot
    /// hold (a slot or a literal too long, or not ASCII).
    fn print_tokens(&self, depth: usize, out: &mut String) {
        let tokens = self.tokens();
        let mut printer = Printer::new(depth);
        match syn::parse2(tokens.clone()) {
            Ok(file) => {
                printer.file(file);
                out.push_str(&printer.finish());
            }
            // Never, by how fields are named; kept for the compiler to show.
            Err(_) => out.push_str(&tokens.to_string()),
        }
    }

    /// The impl's tokens, its lists as tokens too.
    fn tokens(&self) -> TokenStream {
        let slots = self.slots.iter().map(|s| format!("let mut {s} = None;"));
        let arms = self.arms.iter().map(Arm::line).collect::<String>();
        let from_fields = from_fields(
            slots.collect::<String>().parse().unwrap_or_default(),
            arms.parse().unwrap_or_default(),
            self.values_line().parse().unwrap_or_default(),
        );
        tokens(&self.name, from_fields)
    }
}

/// A slot's line in `from_fields`, at `indent`.
fn slot_line(indent: &str, slot: &str) -> String {
    format!("{indent}let mut {slot} = None;")
}

/// A template's tokens printed at `depth`.
fn print_template(depth: usize, tokens: TokenStream) -> String {
    let mut printer = Printer::new(depth);
    printer.file(syn::parse2(tokens).expect("a template parses"));
    printer.finish()
}

#[cfg(test)]
mod tests {
    use super::{stand_in, Impl};
    use crate::emit::stand_ins;
    use crate::emit::templates::tests::{assert_same_text, field, print_file};

    /// A struct's `Deserialize` from its template is what prettyplease
    /// prints of its tokens: for names of every length around the widths
    /// where lines break, at several depths, for literals short enough for
    /// one line and too long for it, required and optional fields, raw
    /// ones, wire names that need escaping or are too long for their arm's
    /// line, slots too long for theirs (the slow way), and with shapes met
    /// before (the template reused).
    #[test]
    fn written_out_impls_print_as_their_tokens_do() {
        let long = "w".repeat(80);
        let field_sets = [
            vec![field("id", "id", true)],
            vec![field("a", "a", false)],
            vec![field("id", "Id", true), field("r#type", "type", false)],
            vec![
                field("name", "name", false),
                field("quoted", "say \"hi\"", false),
                field("long", &long, true),
            ],
            (0..12)
                .map(|i| field(&format!("f{i}"), &format!("f{i}"), i % 3 == 0))
                .collect(),
            vec![field(&"s".repeat(70), "s", false)],
        ];
        for depth in 0..3 {
            for fields in &field_sets {
                for length in (1..90).chain([100, 130]).chain(1..4) {
                    let name = format!("T{}", "n".repeat(length - 1));
                    let expected = print_file(Impl::new(&name, fields).tokens(), depth);
                    let printed = print_file(stand_in(Impl::new(&name, fields)), depth);
                    assert_same_text(&printed, &expected, depth);
                }
            }
        }
        assert!(stand_ins::none_waiting());
    }
}
