//! The fields of a struct, and those of a struct literal, printed as text
//! rather than through tokens. Fields are most of the lines of a spec's
//! structs (the types, their builders, the request structs and their
//! builders), and each went through tokens, syn and prettyplease to come
//! out as the line it was made from; the literals that fill them in
//! (`new()`, `build()`) as many again.
//!
//! prettyplease prints each field of a struct with named fields alone at
//! the struct's indent, whatever its neighbours, on one line when it fits.
//! It prints a struct literal on one line if it is short and fits, else
//! each of its fields alone on a line of its own; whether it breaks
//! depends on the literal's width, not on its characters. So an emitter
//! puts one stand-in field in the place of a list, `__taskgen_list_7: ()`
//! (padded with `_` to the width of the literal's fields on one line),
//! whose fields wait beside the tokens ([`super::stand_ins`]) and take its
//! place once printed: as the lines they are where they fit, printed alone
//! by prettyplease where not.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs;
use super::stand_ins::{wait, Waiting};

/// The stand-in field's name, before its number; never printed.
pub(super) const MARKER: &str = "__taskgen_list_";

/// prettyplease's line width: a line of at most this many bytes is never
/// broken.
const MARGIN: usize = 89;

/// The deepest indent at which a line too long for [`MARGIN`] is broken
/// as text: deeper, prettyplease's rule for lines with little room left
/// changes its breaks (the tests check every width up to one step deeper).
pub(super) const DEEPEST: usize = 24;

/// Whether prettyplease prints `line` (from its indent) as it is: it
/// measures width in bytes, so a line that is not ASCII goes the slow way.
pub(super) fn fits(line: &str) -> bool {
    line.len() <= MARGIN && line.is_ascii()
}

/// Whether prettyplease prints `line`, which ends in a comma it writes
/// after it decides the line's breaks (a match arm's, the last field's of a
/// literal), as it is: one byte wider than [`fits`].
pub(super) fn fits_before_comma(line: &str) -> bool {
    fits(line.strip_suffix(',').unwrap_or(line))
}

/// Whether the type `ty` is a plain path, ASCII identifiers joined by `::`
/// (`types::Task`), which prettyplease never breaks.
pub(super) fn plain_path(ty: &str) -> bool {
    !ty.is_empty()
        && ty
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

/// A field of a struct with named fields, as text.
pub(super) struct FieldText {
    /// Its doc lines (prepared markdown, as [`docs::lines`] gives them).
    pub docs: Vec<String>,
    /// One attribute as printed on one line (`#[serde(flatten)]`).
    pub attr: Option<String>,
    pub public: bool,
    /// As code writes it (`r#type`).
    pub name: String,
    /// As printed on one line (`Option<types::Task>`).
    pub ty: String,
}

impl FieldText {
    /// A private field without docs or attributes.
    pub fn new(name: &str, ty: String) -> Self {
        FieldText {
            docs: Vec::new(),
            attr: None,
            public: false,
            name: name.to_string(),
            ty,
        }
    }

    /// The field's lines at `indent`, as prettyplease prints them.
    pub(super) fn print(&self, indent: &str, out: &mut String) {
        let line = format!("{indent}{}{}: {},", self.vis(), self.name, self.ty);
        let attr = self.attr.as_ref().map(|attr| format!("{indent}{attr}"));
        // A doc that is no `///` line of its own goes the slow way too.
        let simple = attr.as_deref().is_none_or(fits) && docs::own_lines(&self.docs);
        let plain = simple && fits(&line);
        let broken = (simple && !plain).then(|| self.broken(indent)).flatten();
        if !plain && broken.is_none() {
            if let Some(printed) = self.printed((indent.len() / 4).saturating_sub(1)) {
                out.push_str(&printed);
                return;
            }
        }
        for doc in &self.docs {
            docs::push_line(out, indent, "///", doc);
        }
        for line in attr.iter().chain([broken.as_ref().unwrap_or(&line)]) {
            out.push_str(line);
            out.push('\n');
        }
    }

    /// `pub ` for a public field.
    fn vis(&self) -> &'static str {
        if self.public {
            "pub "
        } else {
            ""
        }
    }

    /// The field's line broken inside its type's brackets, as prettyplease
    /// breaks a field too long for its line whose type has one argument
    /// without arguments of its own (`Option<types::Task>`); `None` for any
    /// other type, and where [`DEEPEST`] or [`fits`] send it the slow way.
    fn broken(&self, indent: &str) -> Option<String> {
        let (outer, inner) = self.ty.strip_suffix('>')?.split_once('<')?;
        if indent.len() > DEEPEST
            || !plain_path(outer)
            || !plain_path(inner)
            || !self.name.is_ascii()
        {
            return None;
        }
        let (name, vis) = (&self.name, self.vis());
        Some(format!(
            "{indent}{vis}{name}: {outer}<\n{indent}    {inner},\n{indent}>,"
        ))
    }

    /// The field's lines as prettyplease prints it alone in a struct at
    /// `depth`; `None` if its text does not parse (never, by how emitters
    /// make it: it is printed as it is then, for the compiler to point at).
    fn printed(&self, depth: usize) -> Option<String> {
        let attr: TokenStream = self.attr.as_deref().unwrap_or("").parse().ok()?;
        let ty: TokenStream = self.ty.parse().ok()?;
        let name: TokenStream = self.name.parse().ok()?;
        let docs = docs::lines_to_attrs(&self.docs);
        let vis = self.public.then(|| quote!(pub));
        let item = syn::parse2(quote!(struct S { #docs #attr #vis #name: #ty, })).ok()?;
        Some(super::layout::inside(item, depth))
    }
}

/// `pub struct name { .. }` with `fields`, at `indent`, as prettyplease
/// prints it (`{}` for none).
pub(super) fn print_struct(name: &str, fields: &[FieldText], indent: &str, out: &mut String) {
    if fields.is_empty() {
        out.push_str(&format!("{indent}pub struct {name} {{}}\n"));
        return;
    }
    out.push_str(&format!("{indent}pub struct {name} {{\n"));
    let inner = format!("{indent}    ");
    for field in fields {
        field.print(&inner, out);
    }
    out.push_str(&format!("{indent}}}\n"));
}

/// The stand-in of `fields` among a struct's fields (nothing for none:
/// a struct without fields prints as `{}`).
pub(super) fn fields(fields: Vec<FieldText>) -> TokenStream {
    if fields.is_empty() {
        return TokenStream::new();
    }
    let marker = format_ident!("{MARKER}{}", wait(Waiting::Fields(fields)));
    quote!(#marker: (),)
}

/// A field of a struct literal.
#[derive(Clone)]
pub(super) enum Value {
    /// As printed on one line (`id: None`).
    Line(String),
    /// A required field that a builder moves into the struct it builds,
    /// `id: self.id.ok_or_else(|| BuildError::missing("Task", "id"))?`:
    /// the field as code writes it (`r#type`), then the struct's and the
    /// field's names as string literals. Most literal fields too long for
    /// their line are these, and they are laid out as text ([`required`]).
    Required {
        field: String,
        struct_name: String,
        label: String,
    },
    /// A required field from its slot in a written-out `Deserialize`,
    /// `id: __map.required(id, "id")?`: the field as code writes it, then
    /// its wire name as a string literal. Laid out as text too long for its
    /// line ([`taken`]).
    Taken { field: String, wire: String },
    /// An optional field from its slot in a written-out `Deserialize`,
    /// `id: id.flatten()`: the field as code writes it. Too long
    /// for its line, prettyplease breaks the chain before the call.
    Optional(String),
}

impl Value {
    /// The field as printed on one line.
    pub(super) fn line(&self) -> String {
        match self {
            Value::Line(line) => line.clone(),
            Value::Required {
                field,
                struct_name,
                label,
            } => format!(
                "{field}: self.{field}.ok_or_else(|| BuildError::missing({struct_name}, {label}))?"
            ),
            Value::Taken { field, wire } => format!("{field}: __map.required({field}, {wire})?"),
            Value::Optional(field) => format!("{field}: {field}.flatten()"),
        }
    }
}

/// The fields of a struct literal in a stand-in as wide as they are on one
/// line; as tokens if they are narrower than a stand-in.
pub(super) fn values(values: Vec<Value>) -> TokenStream {
    let lines: Vec<String> = values.iter().map(Value::line).collect();
    let width = lines.iter().map(|line| line.len() + 2).sum::<usize>();
    let width = width.saturating_sub(2);
    // The stand-in `__taskgen_list_7__: ()`, as wide once printed.
    if width < MARKER.len() + 24 {
        return lines.join(", ").parse().expect("a literal's fields lex");
    }
    let n = wait(Waiting::Values(values));
    let mut marker = format!("{MARKER}{n}");
    marker.push_str(&"_".repeat(width - marker.len() - ": ()".len()));
    let marker = format_ident!("{marker}");
    quote!(#marker: ())
}

/// The widest struct literal prettyplease leaves on one line, but for its
/// closing brace (`Task { id: self.id `).
pub(super) const LITERAL_WIDTH: usize = 34;

/// The indent of a list's stand-in line (`    __taskgen_list_7__: (),`)
/// and its number. A stand-in is always alone on its line: a struct's
/// fields are, and a literal's stand-in is wider than prettyplease ever
/// prints a literal on one line ([`LITERAL_WIDTH`]).
pub(super) fn stand_in_line(line: &str) -> Option<(&str, u64)> {
    let marker = line.trim_start_matches(' ');
    let digits = marker.strip_prefix(MARKER)?;
    let n = digits[..digits.find(|c: char| !c.is_ascii_digit())?]
        .parse()
        .ok()?;
    Some((&line[..line.len() - marker.len()], n))
}

/// The fields of a struct literal, each on a line of its own at `indent`.
pub(super) fn print_values(values: &[Value], indent: &str, out: &mut String) {
    for (index, value) in values.iter().enumerate() {
        print_value(value, indent, index + 1 == values.len(), out);
    }
}

/// The field `value` of a struct literal printed with each field on a line
/// of its own at `indent`, as prettyplease prints it: on one line where it
/// fits, else laid out as text ([`required`]) or printed alone between two
/// stand-ins (none after the last field, whose comma is printed only when
/// the line breaks).
fn print_value(value: &Value, indent: &str, last: bool, out: &mut String) {
    let value_line = value.line();
    let line = format!("{indent}{value_line},");
    if literal_field_fits(&line, last) {
        out.push_str(&line);
        out.push('\n');
        return;
    }
    if let Value::Required {
        field,
        struct_name,
        label,
    } = value
    {
        if required(field, struct_name, label, indent, last, out) {
            return;
        }
    }
    if let Value::Taken { field, wire } = value {
        if taken(field, wire, indent, last, out) {
            return;
        }
    }
    if let Value::Optional(field) = value {
        if indent.len() <= DEEPEST && field.is_ascii() {
            out.push_str(&format!(
                "{indent}{field}: {field}\n{indent}    .flatten(),\n"
            ));
            return;
        }
    }
    let text = format!(
        "const _: S = S {{ __taskgen_before: (), {value_line}, {} }};",
        if last { "" } else { "__taskgen_after: ()" }
    );
    print_alone(&text, (indent.len() / 4).saturating_sub(1), &line, out);
}

/// Whether the line of a literal's field, with its comma, is printed as it
/// is: the last field's comma comes after prettyplease decides.
fn literal_field_fits(line: &str, last: bool) -> bool {
    match last {
        true => fits_before_comma(line),
        false => fits(line),
    }
}

/// The lines of a [`Value::Required`] that does not fit on its line, as
/// prettyplease prints them; `false` (nothing written) where that is not
/// known. prettyplease breaks the method chain, one call a line, and then
/// the arguments of `missing` if its call's line does not fit either:
///
/// ```text
/// id: self
///     .id
///     .ok_or_else(|| BuildError::missing("Task", "id"))?,
/// ```
///
/// Deeper than [`DEEPEST`], and where a line is not ASCII (as in
/// [`fits`]), it goes the slow way.
fn required(
    field: &str,
    struct_name: &str,
    label: &str,
    indent: &str,
    last: bool,
    out: &mut String,
) -> bool {
    if indent.len() > DEEPEST || !(field.is_ascii() && struct_name.is_ascii() && label.is_ascii()) {
        return false;
    }
    out.push_str(&format!("{indent}{field}: self\n{indent}    .{field}\n"));
    let call = ".ok_or_else(|| BuildError::missing(";
    last_call(indent, call, [struct_name, label], "))?,", last, out);
    true
}

/// The lines of a [`Value::Taken`] that does not fit on its line, as
/// prettyplease prints them, as [`required`] does those of a
/// [`Value::Required`]:
///
/// ```text
/// id: __map
///     .required(id, "id")?,
/// ```
fn taken(field: &str, wire: &str, indent: &str, last: bool, out: &mut String) -> bool {
    if indent.len() > DEEPEST || !(field.is_ascii() && wire.is_ascii()) {
        return false;
    }
    out.push_str(&format!("{indent}{field}: __map\n"));
    last_call(indent, ".required(", [field, wire], ")?,", last, out);
    true
}

/// The last call of a broken chain, `{open}a, b{close}` four spaces in from
/// `indent`: on its line where it fits, else with its two arguments each on
/// a line of their own.
fn last_call(indent: &str, open: &str, args: [&str; 2], close: &str, last: bool, out: &mut String) {
    let [first, second] = args;
    let line = format!("{indent}    {open}{first}, {second}{close}");
    if literal_field_fits(&line, last) {
        out.push_str(&line);
        out.push('\n');
    } else {
        let inner = format!("{indent}        ");
        out.push_str(&format!(
            "{indent}    {open}\n{inner}{first},\n{inner}{second},\n{indent}    {close}\n"
        ));
    }
}

/// A piece printed alone by prettyplease: `item`, which holds it after a
/// `__taskgen_before` stand-in (and before a `__taskgen_after` one, unless
/// nothing follows it), printed at `depth`; the lines between the two
/// stand-ins go to `out`. If `item` does not parse (never, by how emitters
/// make pieces), `line` as it is, for the compiler to point at.
pub(super) fn print_alone(item: &str, depth: usize, line: &str, out: &mut String) {
    let printed = syn::parse_str::<syn::Item>(item)
        .map(|item| super::layout::inside(item, depth))
        .unwrap_or_default();
    let lines: Vec<&str> = printed
        .lines()
        .skip_while(|line| !line.contains("__taskgen_before"))
        .skip(1)
        .take_while(|line| !line.contains("__taskgen_after"))
        .collect();
    for line in if lines.is_empty() { vec![line] } else { lines } {
        out.push_str(line);
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use proc_macro2::TokenStream;
    use quote::{format_ident, quote};

    use super::{FieldText, Value};
    use crate::emit::layout::Printer;
    use crate::emit::templates::tests::assert_same_text;

    /// Fields of every length around the line width, of plain and generic
    /// types, with and without docs and attributes, as text and as tokens.
    fn fields() -> (Vec<FieldText>, TokenStream) {
        let types = [
            "String",
            "Option<types::ComputeFirewallPoliciesListXgafv>",
            "Option<Vec<super::super::AllocationAggregateReservationReservedResourceInfo>>",
            "std::collections::BTreeMap<String, Vec<AnotherQuiteLongNameOfAType>>",
            "Box<super::super::ATypeNameLongEnoughToBreakTheLineOfMostFieldsAlone>",
            "Vec<super::super::AnotherTypeNameLongEnoughToBreakALine>",
            "Option<super::super::ATypeNameSoLongThatEachFieldOfItBreaksItsLine>",
        ];
        let mut texts = Vec::new();
        let mut tokens = TokenStream::new();
        for length in 1..70 {
            for (index, ty) in types.iter().enumerate() {
                let name = format!("{}{index}", "f".repeat(length));
                let docs = match index {
                    0 | 5 => vec![],
                    1 | 3 | 6 => vec![format!("Field {name}."), String::new(), "More.".into()],
                    _ => vec!["Line one\nline two".into()],
                };
                let wire = format!("{}W", "w".repeat(length));
                let attr = matches!(index, 1 | 3 | 6).then(|| {
                    format!(
                        r#"#[serde(rename = "{wire}", default, skip_serializing_if = "Option::is_none")]"#
                    )
                });
                let public = length % 2 == 0;
                let ident = format_ident!("{name}");
                let vis = public.then(|| quote!(pub));
                let attr_tokens: TokenStream = attr.clone().unwrap_or_default().parse().unwrap();
                let ty_tokens: TokenStream = ty.parse().unwrap();
                let doc_attrs = docs.iter().map(|line| format!(" {line}"));
                let doc_attrs = doc_attrs.map(|line| line.trim_end().to_string());
                tokens
                    .extend(quote!(#(#[doc = #doc_attrs])* #attr_tokens #vis #ident: #ty_tokens,));
                texts.push(FieldText {
                    docs,
                    attr,
                    public,
                    ..FieldText::new(&name, ty.to_string())
                });
            }
        }
        (texts, tokens)
    }

    /// Fields printed from text and from tokens: the same text, at every
    /// depth the text covers and one deeper, whether they fit on their
    /// lines or not.
    #[test]
    fn fields_print_as_their_tokens_do() {
        for depth in 0..7 {
            let print = |fields: TokenStream| {
                let mut printer = Printer::new(depth);
                printer.file(syn::parse_quote!(pub struct Fields { client: C, #fields }));
                printer.finish()
            };
            let (texts, tokens) = fields();
            let expected = print(tokens);
            assert!(
                expected.contains(": Option<\n"),
                "no field breaks:\n{expected}"
            );
            assert!(
                expected.contains("#[serde(\n"),
                "no attribute breaks:\n{expected}"
            );
            assert_same_text(&print(super::fields(texts)), &expected, depth);
        }
    }

    /// Struct literals of every width, of fields of every length (some too
    /// long for their line), printed from text and from tokens: the same
    /// text, at every depth, on one line or broken.
    #[test]
    fn literals_print_as_their_tokens_do() {
        let value = |length: usize, kind: usize| {
            let name = "v".repeat(length);
            match kind % 5 {
                0 => Value::Line(format!("{name}: None")),
                1 => Value::Line(format!("{name}: self.{name}")),
                2 => Value::Optional(name),
                3 => Value::Taken {
                    wire: format!("\"{name}\""),
                    field: name,
                },
                _ => required(&name, &"T".repeat(length)),
            }
        };
        let literals: Vec<Vec<Value>> = (0..8)
            .flat_map(|count| (1..45).map(move |length| (count, length)))
            .map(|(count, length)| {
                let values = (0..count).map(|index| value(length + index, length + index));
                let client = std::iter::once(Value::Line("client".to_string()));
                if length % 2 == 0 {
                    values.chain(client).collect()
                } else {
                    client.chain(values).collect()
                }
            })
            .collect();
        for depth in 0..3 {
            let expected = assert_literals_print_as_tokens(&literals, depth);
            assert!(
                expected.contains("S { client }"),
                "no literal fits:\n{expected}"
            );
        }
    }

    /// Required fields laid out as text ([`super::required`] for a
    /// builder's, [`super::taken`] for a written-out `Deserialize`'s): as
    /// their tokens print at every width of the struct's or wire name, odd
    /// and even, for fields of several lengths (raw identifiers too), last
    /// in their literal or not, at every depth the text covers and one
    /// deeper, which goes the slow way.
    #[test]
    fn required_fields_print_as_their_tokens_do() {
        let fields = (1..7).chain([29, 30]).flat_map(|length| {
            let name = "f".repeat(length);
            [name.clone(), format!("r#{name}")]
        });
        let mut literals = Vec::new();
        for field in fields {
            for width in 1..90 {
                let name = "T".repeat(width);
                let taken = Value::Taken {
                    field: field.clone(),
                    wire: format!("\"{name}\""),
                };
                for value in [required(&field, &name), taken] {
                    let client = Value::Line("client".to_string());
                    literals.push(vec![client.clone(), value.clone()]);
                    literals.push(vec![value, client]);
                }
            }
        }
        for depth in 0..5 {
            let expected = assert_literals_print_as_tokens(&literals, depth);
            // On one line, the chain broken, the arguments broken too.
            let lines: Vec<&str> = expected.lines().map(str::trim_start).collect();
            for (one_line, call) in [
                (
                    "f: self.f.ok_or_else(",
                    ".ok_or_else(|| BuildError::missing(",
                ),
                ("f: __map.required(", ".required("),
            ] {
                let forms = [
                    lines.iter().any(|line| line.starts_with(one_line)),
                    lines.iter().any(|line| {
                        line.starts_with(&format!("{call}\""))
                            || line.starts_with(&format!("{call}f, "))
                    }),
                    lines.contains(&call),
                ];
                assert_eq!(forms, [true; 3], "a form of {call} is missing:\n{expected}");
            }
        }
    }

    /// A required field `field` of the struct `struct_name`.
    fn required(field: &str, struct_name: &str) -> Value {
        Value::Required {
            field: field.to_string(),
            struct_name: format!("\"{struct_name}\""),
            label: format!("\"{}\"", field.trim_start_matches("r#")),
        }
    }

    /// Asserts that `literals` print from their stand-ins as from their
    /// tokens, each in a function of an `impl` at `depth`; the text.
    fn assert_literals_print_as_tokens(literals: &[Vec<Value>], depth: usize) -> String {
        let print = |bodies: Vec<TokenStream>| {
            let mut printer = Printer::new(depth);
            printer.file(syn::parse_quote!(impl X { #(fn f(self) -> R { Ok(S { #bodies }) })* }));
            printer.finish()
        };
        let tokens = literals.iter().map(|values| {
            let lines: Vec<String> = values.iter().map(Value::line).collect();
            lines.join(", ").parse().unwrap()
        });
        let expected = print(tokens.collect());
        assert!(
            expected.contains("    .ok_or_else("),
            "no field breaks:\n{expected}"
        );
        let stand_ins = literals.iter().map(|values| super::values(values.clone()));
        assert_same_text(&print(stand_ins.collect()), &expected, depth);
        expected
    }
}
