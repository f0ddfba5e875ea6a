//! The parameter steps of `to_http` printed from one template per shape.
//! A scalar parameter's step (`if let Some(value) = &self.alt { request =
//! request.query("alt", value.as_str()); }`) is three lines of every
//! operation's module per parameter, and prettyplease lays expressions out
//! slowly: leaving the steps out of googleapis.com/compute.json's output
//! cut its CPU time by a tenth. Their layout depends only on the lengths
//! of the field's name and of the wire name (prettyplease breaks lines by
//! width), so `to_http` hands a run of them over as text, [`Step`]s
//! waiting beside the tokens ([`super::stand_ins`]) behind one stand-in
//! statement, `__taskgen_list_7!();`, and the printed text gets them back:
//! each as its lines when they fit, or else as the step of the same shape
//! printed once per thread with placeholders, filled in.

use std::cell::RefCell;
use std::collections::HashMap;

use proc_macro2::{Literal, TokenStream};
use quote::format_ident;
use syn::Item;

use super::field_lists::fits;
use super::layout::{inside, within_braces};
use super::stand_ins::{self, Waiting};
use super::templates::replace_word;
use super::to_http::scalar_step;

/// The step of a scalar parameter, as text: see [`scalar_step`].
pub(super) struct Step {
    /// The field's name, as code writes it (`r#type`).
    pub name: String,
    /// The parameter's name on the wire.
    pub wire: String,
    pub optional: bool,
    /// The request's method that adds it (`query`, `header`...).
    pub method: &'static str,
    /// The value's method that makes its text (`as_str`, `to_string`).
    pub conversion: &'static str,
}

/// The stand-in statement for `steps`, in their order.
pub(super) fn steps(steps: Vec<Step>) -> TokenStream {
    stand_ins::call(Waiting::Steps(steps))
}

/// What decides a step's printed lines but the characters of the field's
/// name and of the wire name's literal.
#[derive(PartialEq, Eq, Hash)]
struct Shape {
    /// The depth of the `impl` whose function holds it.
    depth: usize,
    name_len: usize,
    wire_len: usize,
    optional: bool,
    method: &'static str,
    conversion: &'static str,
}

thread_local! {
    /// Each shape's lines, printed with placeholders.
    static PRINTED: RefCell<HashMap<Shape, String>> = RefCell::new(HashMap::new());
}

/// `steps` as prettyplease prints them at `indent` (that of the statements
/// of a function in an `impl`), appended to `out`.
pub(super) fn print_steps(steps: &[Step], indent: &str, out: &mut String) {
    let depth = (indent.len() / 4).saturating_sub(2);
    for step in steps {
        let wire = Literal::string(&step.wire).to_string();
        if !print_fitting(step, &wire, indent, out) {
            print_from_template(step, &wire, depth, out);
        }
    }
}

/// Appends `step`'s lines at `indent` if each fits on its line, as most
/// do: then prettyplease breaks none of them. Otherwise returns `false`.
fn print_fitting(step: &Step, wire: &str, indent: &str, out: &mut String) -> bool {
    let Step {
        name,
        method,
        conversion,
        ..
    } = step;
    let add = format!("request = request.{method}({wire}, value.{conversion}());");
    let text = match step.optional {
        true => {
            format!("{indent}if let Some(value) = &self.{name} {{\n{indent}    {add}\n{indent}}}\n")
        }
        false => format!("{indent}let value = &self.{name};\n{indent}{add}\n"),
    };
    if !text.lines().all(fits) {
        return false;
    }
    out.push_str(&text);
    true
}

/// Appends `step`'s lines from the template of its shape, in a function
/// inside an `impl` at `depth`.
fn print_from_template(step: &Step, wire: &str, depth: usize, out: &mut String) {
    let shape = Shape {
        depth,
        name_len: step.name.len(),
        wire_len: wire.len(),
        optional: step.optional,
        method: step.method,
        conversion: step.conversion,
    };
    // The placeholders are no other word of a step: the rest are
    // keywords, `value`, `request`, `Some` and the two methods.
    let name_placeholder = "x".repeat(step.name.len());
    let wire_placeholder = "y".repeat(wire.len().saturating_sub(2));
    PRINTED.with_borrow_mut(|printed| {
        let lines = printed.entry(shape).or_insert_with(|| {
            let step = scalar_step(
                &format_ident!("{name_placeholder}"),
                &wire_placeholder,
                step.optional,
                &format_ident!("{}", step.method),
                &format_ident!("{}", step.conversion),
            );
            let block = syn::parse_quote!(impl X { fn f(&self) { #step } });
            within_braces(inside(Item::Impl(block), depth))
        });
        let lines = lines.replacen(&format!("\"{wire_placeholder}\""), wire, 1);
        replace_word(&lines, &name_placeholder, &step.name, out);
    });
}

#[cfg(test)]
mod tests {
    use quote::{format_ident, quote};

    use crate::emit::layout::Printer;
    use crate::emit::templates::tests::assert_same_text;

    /// Steps with names (raw ones too) and wire names of many lengths
    /// (long enough to break their lines, and with escapes), of every
    /// method and conversion, optional or not, in runs between other
    /// statements, printed as text and as plain code: the same text, at
    /// every depth.
    #[test]
    fn steps_print_as_the_code_they_stand_for() {
        let methods = ["query", "query_reserved", "header", "cookie"];
        let conversions = ["as_str", "to_string"];
        let mut steps = Vec::new();
        // Two wire names of different lengths for each name length.
        for (length, longer) in (1..90).flat_map(|n| [(n, false), (n, true)]) {
            for (index, method) in methods.iter().enumerate() {
                let bare = format!("{}{index}{}", "s".repeat(length), u8::from(longer));
                let wire = match index {
                    0 => "w".repeat(length),
                    1 => format!("{}\"\\{}", "q".repeat(length / 2), "q".repeat(length)),
                    _ => format!("X-{}", "h".repeat(90 - length)),
                };
                steps.push(super::Step {
                    name: if length % 5 == 0 {
                        format!("r#{bare}")
                    } else {
                        bare
                    },
                    wire: if longer {
                        format!("{wire}-{}", "z".repeat(length % 11 + 1))
                    } else {
                        wire
                    },
                    optional: length % 3 != 0,
                    method,
                    conversion: conversions[length % 2],
                });
            }
        }
        let between = quote!(request = request.idempotent(true););
        for depth in 0..4 {
            let print = |runs: Vec<proc_macro2::TokenStream>| {
                let mut printer = Printer::new(depth);
                printer.file(syn::parse_quote! {
                    impl Request {
                        fn to_http(&self) -> Result<Request, Error> {
                            let mut request = Request::new(Method::GET, "/");
                            #(#runs #between)*
                            Ok(request)
                        }
                    }
                });
                printer.finish()
            };
            let plain = steps.chunks(7).map(|run| {
                let run = run.iter().map(|step| {
                    super::scalar_step(
                        &syn::parse_str(&step.name).unwrap(),
                        &step.wire,
                        step.optional,
                        &format_ident!("{}", step.method),
                        &format_ident!("{}", step.conversion),
                    )
                });
                quote!(#(#run)*)
            });
            let expected = print(plain.collect());
            assert!(
                expected.contains("if let Some(value) = &self.s00 {"),
                "{expected}"
            );
            assert!(expected.contains("&self.r#sssss"), "{expected}");
            assert!(
                expected.contains("request = request\n"),
                "no step breaks its lines:\n{expected}"
            );
            let runs = steps.chunks(7).map(|run| {
                super::steps(
                    run.iter()
                        .map(|step| super::Step {
                            name: step.name.clone(),
                            wire: step.wire.clone(),
                            ..*step
                        })
                        .collect(),
                )
            });
            assert_same_text(&print(runs.collect()), &expected, depth);
            assert!(crate::emit::stand_ins::none_waiting());
        }
    }
}
