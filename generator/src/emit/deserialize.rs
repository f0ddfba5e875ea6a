//! Each struct's `Deserialize`, written out rather than derived. serde's
//! derive expands, at every `cargo check` of a crate that holds the code,
//! to a field enum, two visitors and their methods per struct: about ten
//! bodies for the compiler to check and keep in its incremental cache. A
//! written-out impl is one visitor with a slot per field, through
//! `taskgen_runtime::de::Fields`, and decodes what the derive decodes with
//! the same errors (the runtime's tests hold the two side by side). bunq's
//! crate re-checks in 6.2-6.8 s this way against 9.4-10.6 s derived, and
//! checks from scratch in 20.9 s against 29.9 s.
//!
//! Structs are most of a spec's items, so the impl is printed as text: a
//! template per depth, name length and width of the struct literal, printed
//! once by prettyplease with a placeholder name, its slots, arms and
//! literal fields filled in (as [`super::enums`] prints an open enum's
//! impls). A struct whose lines the template cannot hold goes the slow way,
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

/// The stand-in of the `Deserialize` impl of the struct `name`, whose fields
/// are `fields` (at least one).
pub(super) fn deserialize_impl(name: &str, fields: &[Field]) -> TokenStream {
    stand_ins::call(Waiting::Deserialize(Impl::new(name, fields)))
}

/// The impl's tokens around `slots` (statements), `arms` and `values` (the
/// literal's fields). Its own names start with `__`, which no spec name
/// does, so that no type or field named `A`, `D` or `map` shadows them.
fn tokens(name: &str, slots: TokenStream, arms: TokenStream, values: TokenStream) -> TokenStream {
    let expecting = format!("struct {name}");
    let name = format_ident!("{name}");
    quote! {
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                struct __Visitor;
                impl<'de> serde::de::Visitor<'de> for __Visitor {
                    type Value = #name;
                    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
                        formatter.write_str(#expecting)
                    }
                    fn visit_map<__A: serde::de::MapAccess<'de>>(self, map: __A) -> Result<Self::Value, __A::Error> {
                        let mut __map = taskgen_runtime::de::Fields::new(map);
                        #slots
                        while let Some(__key) = __map.next_key()? {
                            match &*__key {
                                #arms
                                _ => __map.skip()?,
                            }
                        }
                        Ok(#name { #values })
                    }
                }
                deserializer.deserialize_map(__Visitor)
            }
        }
    }
}

/// What decides a template's lines, but for the characters of the name and
/// of the lists.
#[derive(PartialEq, Eq, Hash)]
struct Shape {
    depth: usize,
    /// The name's length, or 0 for a name short enough that no line of
    /// the impl breaks whatever its length (most names: one template for
    /// them all).
    name_len: usize,
    /// The width of the literal's fields on one line, or one past the
    /// margin for any literal that cannot fit on one line.
    values_width: usize,
}

/// Where the lists go in a template: a statement, an arm and a field that
/// parse and that no emitter writes.
const SLOTS: &str = "__taskgen_slots";
const ARMS: &str = "__taskgen_arms";
const VALUES: &str = "__taskgen_values";

/// Wider than any line prettyplease leaves unbroken.
const TOO_WIDE: usize = 90;

/// A name length from which every line of the impl that holds the name is
/// broken, so that longer names share a template.
const LONG: usize = 60;

/// The widest line that holds a name in a template shared by short names:
/// well inside the margin, so that no line's breaks depend on the name.
const SHORT: usize = 80;

thread_local! {
    /// The templates printed on this thread, by shape.
    static PRINTED: RefCell<HashMap<Shape, String>> = RefCell::new(HashMap::new());
}

impl Impl {
    fn new(name: &str, fields: &[Field]) -> Impl {
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
                Value::Line(format!("{slot}: __map.required({slot}, {wire})?"))
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

    /// The impl's lines at `indent` (of an item), as prettyplease prints
    /// its tokens.
    pub(super) fn print(&self, indent: &str, out: &mut String) {
        let depth = indent.len() / 4;
        let one_line = self.values_line();
        let values_width = one_line.len().min(TOO_WIDE);
        // The literal's stand-in field, `__taskgen_values___: ()`, is as
        // wide as its fields on one line; type names are ASCII, so the
        // placeholder is as wide as the name.
        let stand_in_width = values_width.saturating_sub(": ()".len());
        let slots_fit = self.slots.iter().all(|s| fits(&slot_line(indent, s)));
        if stand_in_width < VALUES.len() || !one_line.is_ascii() || !slots_fit {
            return self.print_tokens(depth, out);
        }
        // A literal on one line holds the name. Else the widest line that
        // does is `formatter.write_str("struct Name")`, four levels in: 30
        // bytes and the name; from `LONG` on, every such line is broken the
        // same way.
        let name_len = if values_width < TOO_WIDE {
            self.name.len()
        } else if indent.len() + 16 + 30 + self.name.len() <= SHORT {
            0
        } else {
            self.name.len().min(LONG)
        };
        let placeholder = format!("X{}", "x".repeat(name_len.max(1) - 1));
        let stand_in = format!("{VALUES}{}", "_".repeat(stand_in_width - VALUES.len()));
        let shape = Shape {
            depth,
            name_len,
            values_width,
        };
        PRINTED.with_borrow_mut(|printed| {
            let template = printed.entry(shape).or_insert_with(|| {
                let slots = format!("{SLOTS}!();").parse().expect("a statement lexes");
                let arms = format!("{ARMS} => {{}}").parse().expect("an arm lexes");
                let values = format!("{stand_in}: ()").parse().expect("a field lexes");
                let mut printer = Printer::new(depth);
                let tokens = tokens(&placeholder, slots, arms, values);
                printer.file(syn::parse2(tokens).expect("a Deserialize impl parses"));
                printer.finish()
            });
            for line in template.split_inclusive('\n') {
                let text = line.trim_start_matches(' ');
                let line_indent = &line[..line.len() - text.len()];
                if text.starts_with(SLOTS) {
                    for slot in &self.slots {
                        out.push_str(&slot_line(indent, slot));
                        out.push('\n');
                    }
                } else if text.starts_with(ARMS) {
                    match_arms::print(&self.arms, line_indent, out);
                } else if text.starts_with(VALUES) {
                    field_lists::print_values(&self.values, line_indent, out);
                } else if let Some(at) = line.find(VALUES) {
                    // The literal on one line: its fields in its stand-in's place.
                    let end = at + stand_in.len() + ": ()".len();
                    replace_word(&line[..at], &placeholder, &self.name, out);
                    out.push_str(&one_line);
                    replace_word(&line[end..], &placeholder, &self.name, out);
                } else {
                    replace_word(line, &placeholder, &self.name, out);
                }
            }
        });
    }

    /// The impl printed from its tokens, for lines the template cannot
    /// hold (a slot or a literal too long, a name not ASCII).
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
        tokens(
            &self.name,
            slots.collect::<String>().parse().unwrap_or_default(),
            arms.parse().unwrap_or_default(),
            self.values_line().parse().unwrap_or_default(),
        )
    }
}

/// A slot's line in `visit_map`, four levels inside the impl at `indent`.
fn slot_line(indent: &str, slot: &str) -> String {
    format!("{indent}                let mut {slot} = None;")
}

#[cfg(test)]
mod tests {
    use proc_macro2::TokenStream;

    use super::{deserialize_impl, Impl};
    use crate::emit::layout::Printer;
    use crate::emit::stand_ins;
    use crate::emit::templates::tests::assert_same_text;
    use crate::ir::{Doc, Field, Name, TypeRef};

    fn field(name: &str, wire: &str, required: bool) -> Field {
        Field {
            name: Name::new(name),
            wire_name: wire.into(),
            ty: TypeRef::String,
            required,
            nullable: false,
            boxed: false,
            sensitive: false,
            doc: Doc::default(),
        }
    }

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
        let print = |tokens: TokenStream, depth| {
            let mut printer = Printer::new(depth);
            printer.file(syn::parse2(tokens).unwrap());
            printer.finish()
        };
        for depth in 0..3 {
            for fields in &field_sets {
                for length in (1..90).chain([100, 130]).chain(1..4) {
                    let name = format!("T{}", "n".repeat(length - 1));
                    let expected = print(Impl::new(&name, fields).tokens(), depth);
                    let printed = print(deserialize_impl(&name, fields), depth);
                    assert_same_text(&printed, &expected, depth);
                }
            }
        }
        assert!(stand_ins::none_waiting());
    }
}
