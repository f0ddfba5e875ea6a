//! The parameter steps of `to_http` printed from one template per shape.
//! A scalar parameter's step (`if let Some(value) = &self.alt { request =
//! request.query("alt", value.as_str()); }`) is three lines of every
//! operation's module per parameter, and prettyplease lays expressions out
//! slowly: leaving the steps out of googleapis.com/compute.json's output
//! cut its CPU time by a tenth. Their layout depends only on the lengths
//! of the field's name and of the wire name (prettyplease breaks lines by
//! width), so `to_http` writes each as a stand-in statement,
//! `__taskgen_param!(alt, "alt", true, query, as_str);`, and printing the
//! function that holds it ([`print`]) puts in its place the step of the
//! same shape printed once per thread with placeholders, filled in.

use std::cell::RefCell;
use std::collections::HashMap;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use syn::parse::{Parse, ParseStream};
use syn::{ImplItem, LitBool, LitStr, Stmt, Token};

use super::layout::within_braces;
use super::templates::replace_word;
use super::to_http::scalar_step;

/// The name of the stand-in macro; never printed.
const PARAM: &str = "__taskgen_param";

/// The stand-in of [`scalar_step`]'s statements.
pub(super) fn param(
    name: &Ident,
    wire: &str,
    optional: bool,
    method: &str,
    conversion: &str,
) -> TokenStream {
    let param = format_ident!("{PARAM}");
    let method = format_ident!("{method}");
    let conversion = format_ident!("{conversion}");
    quote!(#param!(#name, #wire, #optional, #method, #conversion);)
}

/// A stand-in's arguments.
struct Args {
    name: Ident,
    wire: LitStr,
    optional: bool,
    method: Ident,
    conversion: Ident,
}

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let name = input.parse()?;
        input.parse::<Token![,]>()?;
        let wire = input.parse()?;
        input.parse::<Token![,]>()?;
        let optional = input.parse::<LitBool>()?.value;
        input.parse::<Token![,]>()?;
        let method = input.parse()?;
        input.parse::<Token![,]>()?;
        let conversion = input.parse()?;
        Ok(Args {
            name,
            wire,
            optional,
            method,
            conversion,
        })
    }
}

/// What decides a step's printed lines but the characters of the field's
/// name and of the wire name's literal.
#[derive(PartialEq, Eq, Hash)]
struct Shape {
    depth: usize,
    name_len: usize,
    wire_len: usize,
    optional: bool,
    method: String,
    conversion: String,
}

thread_local! {
    /// Each shape's lines, printed with placeholders.
    static PRINTED: RefCell<HashMap<Shape, String>> = RefCell::new(HashMap::new());
}

/// Whether `member` is a function with stand-ins among its statements.
pub(super) fn within(member: &ImplItem) -> bool {
    let ImplItem::Fn(function) = member else {
        return false;
    };
    function.block.stmts.iter().any(is_stand_in)
}

fn is_stand_in(stmt: &Stmt) -> bool {
    matches!(stmt, Stmt::Macro(stmt) if stmt.mac.path.is_ident(PARAM))
}

/// The lines of `member`, a function inside an `impl` at `depth`, with its
/// stand-ins printed as the steps they stand for; `alone` prints a member
/// alone, as prettyplease does. Each stand-in becomes a numbered marker,
/// `__taskgen_param!(0);`, short enough never to break, whose line the
/// step's lines replace; one that does not parse is printed as it is, and
/// the compiler points at it.
pub(super) fn print(
    mut member: ImplItem,
    depth: usize,
    alone: impl Fn(ImplItem) -> String,
) -> String {
    let mut steps = Vec::new();
    if let ImplItem::Fn(function) = &mut member {
        for stmt in function
            .block
            .stmts
            .iter_mut()
            .filter(|stmt| is_stand_in(stmt))
        {
            let Stmt::Macro(stand_in) = stmt else {
                continue;
            };
            if let Ok(args) = stand_in.mac.parse_body::<Args>() {
                let index = Literal::usize_unsuffixed(steps.len());
                stand_in.mac.tokens = quote!(#index);
                steps.push(args);
            }
        }
    }
    let text = alone(member);
    // A function's statements sit two indents deeper than the `impl`.
    let indent = "    ".repeat(depth + 2);
    let mut out = String::with_capacity(text.len() + steps.len() * 120);
    for line in text.lines() {
        let step = line
            .strip_prefix(&indent)
            .and_then(|rest| rest.strip_prefix(PARAM))
            .and_then(|rest| rest.strip_prefix("!("))
            .and_then(|rest| rest.strip_suffix(");"))
            .and_then(|index| steps.get(index.parse::<usize>().ok()?));
        match step {
            Some(args) => fill(args, depth, &alone, &mut out),
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// Appends the lines of the step `args` stands for, in a function inside
/// an `impl` at `depth`.
fn fill(args: &Args, depth: usize, alone: impl Fn(ImplItem) -> String, out: &mut String) {
    let name = args.name.to_string();
    let wire = args.wire.token().to_string();
    let shape = Shape {
        depth,
        name_len: name.len(),
        wire_len: wire.len(),
        optional: args.optional,
        method: args.method.to_string(),
        conversion: args.conversion.to_string(),
    };
    // The placeholders are no other word of a step: the rest are
    // keywords, `value`, `request`, `Some` and the two methods.
    let name_placeholder = "x".repeat(name.len());
    let wire_placeholder = "y".repeat(wire.len().saturating_sub(2));
    PRINTED.with_borrow_mut(|printed| {
        let lines = printed.entry(shape).or_insert_with(|| {
            let placeholder = format_ident!("{name_placeholder}");
            let step = scalar_step(
                &placeholder,
                &wire_placeholder,
                args.optional,
                &args.method,
                &args.conversion,
            );
            let function: ImplItem = syn::parse_quote!(fn f(&self) { #step });
            within_braces(&alone(function))
        });
        let lines = lines.replacen(&format!("\"{wire_placeholder}\""), &wire, 1);
        replace_word(&lines, &name_placeholder, &name, out);
    });
}

#[cfg(test)]
mod tests {
    use quote::format_ident;

    use crate::emit::layout::Printer;
    use crate::emit::templates::tests::assert_same_text;

    /// Steps with names and wire names of many lengths (long enough to
    /// break their lines, and with escapes), of every method and
    /// conversion, optional or not, printed through stand-ins and as plain
    /// code: the same text, at every depth.
    #[test]
    fn steps_print_as_the_code_they_stand_for() {
        let methods = ["query", "query_reserved", "header", "cookie"];
        let conversions = ["as_str", "to_string"];
        let mut stand_ins = Vec::new();
        let mut plain = Vec::new();
        for length in (1..90).step_by(4) {
            for (index, method) in methods.iter().enumerate() {
                let name = format_ident!("{}", "s".repeat(length) + &index.to_string());
                let wire = match index {
                    0 => "w".repeat(length),
                    1 => format!("{}\"\\{}", "q".repeat(length / 2), "q".repeat(length)),
                    _ => format!("X-{}", "h".repeat(90 - length)),
                };
                let optional = length % 3 != 0;
                let conversion = conversions[length % 2];
                stand_ins.push(super::param(&name, &wire, optional, method, conversion));
                plain.push(super::scalar_step(
                    &name,
                    &wire,
                    optional,
                    &format_ident!("{method}"),
                    &format_ident!("{conversion}"),
                ));
            }
        }
        for depth in 0..3 {
            let print = |steps: &[proc_macro2::TokenStream]| {
                let mut printer = Printer::new(depth);
                printer.file(syn::parse_quote! {
                    impl Request {
                        fn to_http(&self) -> Result<Request, Error> {
                            let mut request = Request::new(Method::GET, "/");
                            #(#steps)*
                            Ok(request)
                        }
                    }
                });
                printer.finish()
            };
            let expected = print(&plain);
            assert!(
                expected.contains("if let Some(value) = &self.s0 {"),
                "{expected}"
            );
            assert!(
                expected.contains("request = request\n"),
                "no step breaks its lines:\n{expected}"
            );
            assert_same_text(&print(&stand_ins), &expected, depth);
        }
    }
}
