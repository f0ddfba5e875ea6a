//! The arms of a string enum's `match`es (`Self::Active => "ACTIVE",` and
//! back) printed as text rather than through tokens: a spec with large
//! enums has tens of thousands (googleapis.com/contentwarehouse.json:
//! 27,000), and syn spent more on parsing them back than on any other
//! expression.
//!
//! prettyplease prints each arm of a `match` alone, on one line where it
//! fits, whatever the arms around it. So an emitter puts one stand-in arm
//! in the place of a list, `__taskgen_list_7 => {}`, whose arms wait
//! beside the tokens ([`super::stand_ins`]) and take its place once
//! printed: as the lines they are where they fit, their body in a block
//! where their one pattern is too long for that (prettyplease breaks
//! nothing inside a literal or a path), printed alone by prettyplease
//! otherwise.

use std::fmt::Write;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::field_lists::{fits, fits_before_comma, print_alone, DEEPEST, MARKER};
use super::stand_ins::{wait, Waiting};

/// One arm, `pattern => body,`, as text.
pub(super) struct Arm {
    /// The literals or the path the arm matches, joined by ` | `.
    pattern: String,
    body: String,
    /// Whether the pattern is one literal or path, which is never broken.
    single: bool,
}

impl Arm {
    /// The arm matching any of `patterns` (at least one).
    pub(super) fn new(patterns: Vec<String>, body: String) -> Arm {
        Arm {
            single: patterns.len() == 1,
            pattern: patterns.join(" | "),
            body,
        }
    }
}

impl Arm {
    /// The arm as printed on one line, with its comma.
    pub(super) fn line(&self) -> String {
        format!("{} => {},", self.pattern, self.body)
    }
}

/// The stand-in of `arms` among the arms of a `match` (nothing for none).
pub(super) fn arms(arms: Vec<Arm>) -> TokenStream {
    if arms.is_empty() {
        return TokenStream::new();
    }
    let marker = format_ident!("{MARKER}{}", wait(Waiting::Arms(arms)));
    quote!(#marker => {})
}

/// `arms` on lines of their own at `indent`, as prettyplease prints them.
pub(super) fn print(arms: &[Arm], indent: &str, out: &mut String) {
    for Arm {
        pattern,
        body,
        single,
    } in arms
    {
        let line = format!("{indent}{pattern} => {body},");
        if fits_before_comma(&line) {
            out.push_str(&line);
            out.push('\n');
            continue;
        }
        // Too long with a pattern that cannot break: the body goes in a
        // block, on a line of its own if it fits there (else prettyplease
        // breaks it too, and the arm goes the slow way).
        let block_line = format!("{indent}    {body}");
        if *single && indent.len() <= DEEPEST && line.is_ascii() && fits(&block_line) {
            let _ = writeln!(
                out,
                "{indent}{pattern} => {{\n{indent}    {body}\n{indent}}}"
            );
            continue;
        }
        // Printed alone between two stand-in arms, at the same depth.
        let item = format!(
            "fn f() {{ match x {{ __taskgen_before => {{}} {pattern} => {body}, __taskgen_after => {{}} }} }}"
        );
        print_alone(&item, (indent.len() / 4).saturating_sub(2), &line, out);
    }
}

#[cfg(test)]
mod tests {
    use proc_macro2::TokenStream;
    use quote::quote;

    use crate::emit::layout::Printer;
    use crate::emit::templates::tests::assert_same_text;

    /// Arms of every width around the line width, with one value or
    /// several, plain and not ASCII, with a body that cannot break and one
    /// that can, last in their `match` or not, at several depths: as text
    /// and as tokens.
    #[test]
    fn arms_print_as_their_tokens_do() {
        for depth in 0..6 {
            for last in [false, true] {
                let (mut texts, mut tokens) = (Vec::new(), TokenStream::new());
                for length in (1..90).flat_map(|n| [(n, n), (n, n + 1)]) {
                    let (name, value) = length;
                    let variant = quote::format_ident!("{}", format!("V{}", "v".repeat(name)));
                    let value = "X".repeat(value);
                    let length = name;
                    let alias = format!("é{}", "y".repeat(length / 2));
                    let plain_alias = "z".repeat(length / 3);
                    for (index, spellings) in [
                        vec![value.clone()],
                        vec![value.clone(), alias],
                        vec![value, plain_alias],
                    ]
                    .into_iter()
                    .enumerate()
                    {
                        let literals: Vec<_> = spellings
                            .iter()
                            .map(|s| proc_macro2::Literal::string(s))
                            .collect();
                        let first = &literals[0];
                        let (text, token) = match index {
                            0 => (
                                super::Arm::new(
                                    vec![format!("Self::{variant}")],
                                    first.to_string(),
                                ),
                                quote!(Self::#variant => #first,),
                            ),
                            _ => (
                                super::Arm::new(
                                    literals.iter().map(ToString::to_string).collect(),
                                    format!("Self::{variant}"),
                                ),
                                quote!(#(#literals)|* => Self::#variant,),
                            ),
                        };
                        texts.push(text);
                        tokens.extend(token);
                    }
                    // A body that breaks too (a call), too long for its
                    // own line in a block where the arm is long.
                    let literal = proc_macro2::Literal::string(&"W".repeat(length));
                    let body = format!("set(&mut slot, {literal})?");
                    texts.push(super::Arm::new(vec![literal.to_string()], body));
                    tokens.extend(quote!(#literal => set(&mut slot, #literal)?,));
                }
                let tail = (!last).then(|| quote!(other => Self::Unknown(other),));
                let print = |arms: TokenStream| {
                    let mut printer = Printer::new(depth);
                    printer.file(syn::parse_quote! {
                        impl X {
                            fn f(value: &str) -> Self {
                                match value {
                                    #arms
                                    #tail
                                }
                            }
                        }
                    });
                    printer.finish()
                };
                let expected = print(tokens);
                assert!(expected.contains(" => {\n"), "no arm breaks:\n{expected}");
                assert_same_text(&print(super::arms(texts)), &expected, depth);
                assert!(crate::emit::stand_ins::none_waiting());
            }
        }
    }
}
