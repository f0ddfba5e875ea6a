//! Spec text to rustdoc. Descriptions are CommonMark written for humans, not
//! for rustdoc, so before they become `///` lines: code blocks are marked
//! `text` (never compiled as doctests), indentation that would make an
//! indented code block is dropped, brackets and angle brackets are escaped
//! (no broken intra-doc links or stray HTML), bare URLs are wrapped, and
//! list items are closed before lazy continuation lines.

use std::borrow::Cow;
use std::cell::RefCell;
use std::hash::{Hash, Hasher};

use proc_macro2::TokenStream;
use quote::quote;

use super::stand_ins;
use crate::ir::{Constraints, Doc};

/// `#[doc]` attributes for an item's documentation.
pub fn attrs(doc: &Doc) -> TokenStream {
    lines_to_attrs(&lines(doc))
}

/// `#[doc]` attributes for free text.
pub fn text_attrs(text: &str) -> TokenStream {
    lines_to_attrs(&sanitize(text))
}

/// The `#[doc]` attribute of one line of prepared markdown, waiting as a
/// stand-in as every doc line does (see [`stand_in`]): a `#[doc = "..."]`
/// literal in tokens costs a round trip through syn and prettyplease, and
/// the short docs of builders, setters and variants are on every item.
pub fn line(text: &str) -> TokenStream {
    lines_to_attrs(&[text.to_string()])
}

/// `#[doc]` attributes for prepared markdown lines.
pub fn lines_to_attrs(lines: &[String]) -> TokenStream {
    match stand_in(lines, false) {
        Some(n) => quote!(#[doc = #n]),
        None => {
            let lines = lines.iter().map(|line| spaced(line));
            quote!(#(#[doc = #lines])*)
        }
    }
}

/// `#![doc]` attributes (a module's own docs) for prepared markdown lines.
pub fn lines_to_inner_attrs(lines: &[String]) -> TokenStream {
    match stand_in(lines, true) {
        Some(n) => quote!(#![doc = #n]),
        None => {
            let lines = lines.iter().map(|line| spaced(line));
            quote!(#(#![doc = #lines])*)
        }
    }
}

/// A doc line as `///` or `//!` print it: after a space, unless empty.
fn spaced(line: &str) -> String {
    if line.is_empty() {
        String::new()
    } else {
        format!(" {line}")
    }
}

/// Docs are much of the output (bunq.com.json: 2.9 of 8.1 MB), and each
/// line went through tokens (escaped into a string literal, parsed back by
/// syn, printed by prettyplease) to be printed as it is. So the lines of a
/// doc wait as a stand-in ([`super::stand_ins`]): the tokens hold a number
/// in their place (`#[doc = 7]`, one line as prettyplease prints it), and
/// the printed text gets the lines back. `None` for no lines, or a line
/// prettyplease would not print as a `///` line of its own (a line break
/// in it).
fn stand_in(lines: &[String], inner: bool) -> Option<proc_macro2::Literal> {
    if lines.is_empty() || !own_lines(lines) {
        return None;
    }
    let lines = lines.to_vec();
    let n = stand_ins::wait(stand_ins::Waiting::Docs { lines, inner });
    Some(proc_macro2::Literal::u64_unsuffixed(n))
}

/// Whether each of `lines` prints as a `///` line of its own, as text: a
/// line break in one makes prettyplease print it otherwise.
pub(super) fn own_lines(lines: &[String]) -> bool {
    lines.iter().all(|line| !line.contains('\n'))
}

/// A doc line at `indent` as prettyplease prints it: `marker` (`///` or
/// `//!`), then the line after a space, trailing spaces trimmed.
pub(super) fn push_line(out: &mut String, indent: &str, marker: &str, doc: &str) {
    out.push_str(indent);
    out.push_str(marker);
    let doc = doc.trim_end_matches(' ');
    if !doc.is_empty() {
        out.push(' ');
        out.push_str(doc);
    }
    out.push('\n');
}

/// The indent and the number of a doc stand-in's line (`    #[doc = 7]`
/// or `#![doc = 7]`).
pub(super) fn stand_in_line(line: &str) -> Option<(&str, u64)> {
    let body = line.trim_start_matches(' ');
    let indent = &line[..line.len() - body.len()];
    let rest = body
        .strip_prefix("#[doc = ")
        .or_else(|| body.strip_prefix("#![doc = "))?;
    let n = rest.trim_end().strip_suffix(']')?.parse().ok()?;
    Some((indent, n))
}

/// The documentation of an item as markdown lines.
pub fn lines(doc: &Doc) -> Vec<String> {
    let mut paragraphs: Vec<Vec<String>> = Vec::new();
    for text in [&doc.summary, &doc.description].into_iter().flatten() {
        let lines = sanitized(text);
        if !lines.is_empty() && paragraphs.last() != Some(&lines) {
            paragraphs.push(lines);
        }
    }
    let mut facts = Vec::new();
    if doc.deprecated {
        facts.push("**Deprecated.**".to_string());
    }
    if let Some(default) = &doc.default {
        facts.push(format!("Default: {}", code(default)));
    }
    facts.extend(constraint_lines(&doc.constraints));
    if let Some(example) = &doc.example {
        facts.push(format!("Example: {}", code(example)));
    }
    if !facts.is_empty() {
        paragraphs.push(facts.iter().map(|f| format!("- {f}")).collect());
    }
    let mut out = Vec::new();
    for paragraph in paragraphs {
        if !out.is_empty() {
            out.push(String::new());
        }
        out.extend(paragraph);
    }
    out
}

/// The first paragraph of an item's documentation (its summary, else the
/// description's first paragraph; empty when it has neither), for a place
/// that links to where the whole text is.
pub fn summary_lines(doc: &Doc) -> Vec<String> {
    let text = doc.summary.as_deref().or(doc.description.as_deref());
    let lines = text.map(sanitize).unwrap_or_default();
    lines
        .into_iter()
        .take_while(|line| !line.is_empty())
        .collect()
}

/// The bounds as Markdown facts (`Range: ...`, `Length: 4 to 36`,
/// `Pattern: ...`), for rustdoc and review pages.
pub fn constraint_lines(c: &Constraints) -> Vec<String> {
    let mut out = Vec::new();
    let bound =
        |name: &str, min: &Option<String>, min_ex: bool, max: &Option<String>, max_ex: bool| {
            let low = min
                .as_ref()
                .map(|m| format!("{m} {} ", if min_ex { "<" } else { "<=" }));
            let high = max
                .as_ref()
                .map(|m| format!(" {} {m}", if max_ex { "<" } else { "<=" }));
            (low.is_some() || high.is_some()).then(|| {
                format!(
                    "Range: `{}{name}{}`",
                    low.unwrap_or_default(),
                    high.unwrap_or_default()
                )
            })
        };
    let count = |what: &str, min: Option<usize>, max: Option<usize>| match (min, max) {
        (None, None) => None,
        (Some(min), Some(max)) => Some(format!("{what}: {min} to {max}")),
        (Some(min), None) => Some(format!("{what}: at least {min}")),
        (None, Some(max)) => Some(format!("{what}: at most {max}")),
    };
    out.extend(bound(
        "value",
        &c.minimum,
        c.exclusive_minimum,
        &c.maximum,
        c.exclusive_maximum,
    ));
    out.extend(count("Length", c.min_length, c.max_length));
    if let Some(pattern) = &c.pattern {
        out.push(format!("Pattern: {}", code(pattern)));
    }
    out.extend(count("Items", c.min_items, c.max_items));
    out.extend(count("Entries", c.min_properties, c.max_properties));
    out
}

/// Inline code for any text: a backtick fence longer than any run inside.
pub fn code(text: &str) -> String {
    let text = text.replace(['\n', '\r', '\t'], " ");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Slots of the cache of [`sanitized`] texts, on each thread.
const SLOTS: usize = 64;

/// A text in the cache and its sanitized lines.
type Sanitized = Option<(String, Vec<String>)>;

thread_local! {
    /// Texts lately [`sanitize`]d on this thread, with their lines, in the
    /// slot of a hash of the text. Specs repeat a parameter's description
    /// in every operation that takes it (googleapis.com/compute.json's
    /// `filter`, two kilobytes, in 200), and sanitizing was 4% of its
    /// instructions. A few slots catch the repeats that come close together
    /// and hold no more than 64 texts.
    static SANITIZED: RefCell<Vec<Sanitized>> =
        RefCell::new(vec![None; SLOTS]);
}

/// [`sanitize`]`(text)`, from the cache when the text was lately sanitized.
fn sanitized(text: &str) -> Vec<String> {
    // Its length and ends: enough to tell most texts apart, and cheap.
    let bytes = text.as_bytes();
    let mut hasher = std::hash::DefaultHasher::new();
    (bytes.len(), &bytes[..bytes.len().min(64)]).hash(&mut hasher);
    bytes[bytes.len().saturating_sub(64)..].hash(&mut hasher);
    let slot = hasher.finish() as usize % SLOTS;
    let cached = SANITIZED.with_borrow(|slots| match &slots[slot] {
        Some((cached, lines)) if cached == text => Some(lines.clone()),
        _ => None,
    });
    cached.unwrap_or_else(|| {
        let lines = sanitize(text);
        SANITIZED.with_borrow_mut(|slots| slots[slot] = Some((text.to_string(), lines.clone())));
        lines
    })
}

/// Markdown from a spec, made safe for rustdoc and clippy's doc lints.
pub fn sanitize(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut fence: Option<String> = None;
    // Content offset of the list item being written, if any: indented
    // lines after it continue it, indented by exactly that much.
    let mut item_indent: Option<usize> = None;
    for raw in line_breaks(text).split('\n') {
        let raw = match raw.contains('\t') {
            true => Cow::Owned(raw.replace('\t', "    ")),
            false => Cow::Borrowed(raw),
        };
        let trimmed = raw.trim();
        if let Some(open) = &fence {
            if trimmed.starts_with(open.as_str()) {
                out.push(open.clone());
                fence = None;
            } else {
                out.push(raw.trim_end().to_string());
            }
            continue;
        }
        if let Some(marker) = fence_marker(trimmed) {
            out.push(format!("{marker}text"));
            fence = Some(marker);
            item_indent = None;
            continue;
        }
        if trimmed.is_empty() {
            item_indent = None;
            if out.last().is_some_and(|l| !l.is_empty()) {
                out.push(String::new());
            }
            continue;
        }
        let marker = list_marker_len(trimmed);
        let indented = raw.starts_with(' ');
        match (marker, item_indent) {
            (Some(len), _) => item_indent = Some(len),
            (None, Some(indent)) if indented => {
                out.push(format!("{}{}", " ".repeat(indent), escape_line(trimmed)));
                continue;
            }
            (None, Some(_)) => {
                out.push(String::new());
                item_indent = None;
            }
            (None, None) => {}
        }
        out.push(escape_line(trimmed));
    }
    if let Some(open) = fence {
        out.push(open);
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// `text` with every line break a `\n`: CR LF and CR, and the Unicode
/// breaks JSON strings may hold (NEL and LS a line, PS a paragraph), which
/// rustdoc's Markdown would otherwise read as spaces or nothing.
fn line_breaks(text: &str) -> Cow<'_, str> {
    if !text.contains(['\r', '\u{85}', '\u{2028}', '\u{2029}']) {
        return Cow::Borrowed(text);
    }
    let text = text
        .replace("\r\n", "\n")
        .replace(['\r', '\u{85}', '\u{2028}'], "\n")
        .replace('\u{2029}', "\n\n");
    Cow::Owned(text)
}

fn fence_marker(line: &str) -> Option<String> {
    let fence_char = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = line.chars().take_while(|c| *c == fence_char).count();
    (len >= 3).then(|| fence_char.to_string().repeat(len))
}

/// The column a list item's content starts at (`- a`: 2, `10.   b`: 6), as
/// CommonMark counts it: the marker, then the spaces after it, or one space
/// when five or more make the content an indented code block. A line that
/// continues the item must be indented that far, or clippy calls it lazy.
fn list_marker_len(line: &str) -> Option<usize> {
    let marker = if line.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        let delimited = line[digits..].starts_with(['.', ')']);
        if digits == 0 || !delimited {
            return None;
        }
        digits + 1
    };
    let spaces = line[marker..].chars().take_while(|c| *c == ' ').count();
    match spaces {
        0 => None,
        1..=4 => Some(marker + spaces),
        _ => Some(marker + 1),
    }
}

/// Escapes one line outside inline code spans.
fn escape_line(line: &str) -> String {
    match plain(line) {
        true => line.to_string(),
        false => escape_marked(line),
    }
}

/// Whether `line` has nothing to escape and no URL, as most lines: then
/// [`escape_marked`] would give it back as it is.
fn plain(line: &str) -> bool {
    let special = |c: char| matches!(c, '`' | '[' | ']' | '<' | '>' | '\\' | '|');
    !line.contains(special) && !line.starts_with('#') && !line.contains("http")
}

/// [`escape_line`] of a line that may need it.
fn escape_marked(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            let run = chars[i..].iter().take_while(|&&c| c == '`').count();
            if let Some(end) = closing_run(&chars, i + run, run) {
                out.extend(&chars[i..end + run]);
                i = end + run;
                continue;
            }
            out.push_str(&"\\`".repeat(run));
            i += run;
            continue;
        }
        // Every URL starts with `h`: most characters need no look ahead.
        if let Some(len) = (c == 'h').then(|| url_len(&chars[i..])).flatten() {
            out.push('<');
            out.extend(&chars[i..i + len]);
            out.push('>');
            i += len;
            continue;
        }
        if matches!(c, '[' | ']' | '<' | '>' | '\\' | '|') || (c == '#' && i == 0) {
            out.push('\\');
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Start of the backtick run of exactly `run` ticks closing a code span.
fn closing_run(chars: &[char], from: usize, run: usize) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        if chars[i] == '`' {
            let len = chars[i..].iter().take_while(|&&c| c == '`').count();
            if len == run {
                return Some(i);
            }
            i += len;
        } else {
            i += 1;
        }
    }
    None
}

/// Length of a bare URL starting here, without trailing punctuation.
fn url_len(chars: &[char]) -> Option<usize> {
    let starts = |prefix: &str| chars.iter().take(prefix.len()).copied().eq(prefix.chars());
    if !starts("http://") && !starts("https://") {
        return None;
    }
    let mut len = chars
        .iter()
        .take_while(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '<' | '>' | '"' | '`' | '(' | ')' | '[' | ']' | '，' | '。'
                )
        })
        .count();
    while len > 0 && matches!(chars[len - 1], '.' | ',' | ';' | ':' | '!' | '?' | '\'') {
        len -= 1;
    }
    (len > "https://".len()).then_some(len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::layout::Printer;

    /// Doc lines through stand-ins print as prettyplease prints them as
    /// string attributes, outer and inner, at every depth: empty lines,
    /// trailing spaces, a carriage return, a line starting with `/`.
    /// The cache gives what sanitizing gives, for texts that share a
    /// slot, a length or their ends, whatever came before.
    #[test]
    fn sanitized_texts_come_back_the_same_from_the_cache() {
        let texts: Vec<String> = (0..300)
            .map(|n| match n % 3 {
                0 => format!("Text {n} [a] `b`"),
                1 => format!("{}{n}\n- item\n  more{}", "x".repeat(70), "y".repeat(70)),
                _ => format!("{}\n\n{}", "z".repeat(80), "z".repeat(n)),
            })
            .collect();
        for round in 0..2 {
            for text in texts.iter().chain(texts.iter().rev()) {
                assert_eq!(
                    super::sanitized(text),
                    super::sanitize(text),
                    "round {round}: {text}"
                );
            }
        }
    }

    #[test]
    fn doc_stand_ins_print_as_the_attributes_they_stand_for() {
        let lines: Vec<String> = [
            "First line.",
            "",
            "trailing  ",
            "a\rb",
            "/ slash",
            "é 中 😀",
        ]
        .map(String::from)
        .to_vec();
        let strings = lines.iter().map(|line| spaced(line));
        let plain = quote!(#(#[doc = #strings])*);
        let strings = lines.iter().map(|line| spaced(line));
        let plain_inner = quote!(#(#![doc = #strings])*);
        for depth in 0..3 {
            let print = |tokens: TokenStream| {
                let mut printer = Printer::new(depth);
                printer.file(syn::parse2(tokens).unwrap());
                printer.finish()
            };
            let (item, field) = (lines_to_attrs(&lines), lines_to_attrs(&lines));
            assert!(!item.to_string().contains("First"), "{item}");
            let expected = print(quote!(#plain pub struct X { #plain a: u8 }));
            assert!(expected.contains("/// First line."), "{expected}");
            assert_eq!(print(quote!(#item pub struct X { #field a: u8 })), expected);
            let inner = lines_to_inner_attrs(&lines);
            let expected = print(quote!(#plain_inner pub struct X;));
            assert!(expected.contains("//! First line."), "{expected}");
            assert_eq!(print(quote!(#inner pub struct X;)), expected);
        }
        // A line break in a line: printed as the attribute it is.
        let broken = ["a\nb".to_string()];
        assert!(lines_to_attrs(&broken).to_string().contains("a\\nb"));
        assert!(lines_to_attrs(&[]).is_empty());
        assert!(super::stand_ins::none_waiting());
    }

    #[test]
    fn escapes_markup_outside_code() {
        assert_eq!(
            sanitize("a [b] <c> `[d]` x|y"),
            ["a \\[b\\] \\<c\\> `[d]` x\\|y"]
        );
        assert_eq!(sanitize("# not a heading"), ["\\# not a heading"]);
    }

    #[test]
    fn unicode_line_breaks_break_lines() {
        assert_eq!(
            sanitize("a\r\nb\rc\u{85}d\u{2028}e\u{2029}f"),
            ["a", "b", "c", "d", "e", "", "f"]
        );
    }

    #[test]
    fn wraps_bare_urls() {
        assert_eq!(
            sanitize("see https://example.com/a?b=1."),
            ["see <https://example.com/a?b=1>."]
        );
    }

    #[test]
    fn fences_become_text_and_indentation_goes() {
        let text = "intro\n```\nfn main() {}\n```\n    indented";
        assert_eq!(
            sanitize(text),
            ["intro", "```text", "fn main() {}", "```", "indented"]
        );
    }

    #[test]
    fn list_items_are_closed_before_continuation() {
        assert_eq!(sanitize("- a\n- b\nafter"), ["- a", "- b", "", "after"]);
    }

    #[test]
    fn indented_lines_continue_list_items() {
        assert_eq!(
            sanitize("- a\n    more\n10. b\n  more"),
            ["- a", "  more", "10. b", "    more"]
        );
    }

    /// The spec text of smart-me.com's formula operation: items whose
    /// markers are followed by several spaces, then a line indented less.
    #[test]
    fn continuation_lines_reach_the_item_content_column() {
        assert_eq!(
            sanitize("+   plus (a + b);\n*  times;\n  /  divide;\n1.  one\n  more"),
            [
                "+   plus (a + b);",
                "*  times;",
                "   /  divide;",
                "1.  one",
                "    more"
            ]
        );
        // Five spaces or more: the content is one space after the marker.
        assert_eq!(sanitize("-      code\n more"), ["-      code", "  more"]);
    }

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
    }

    /// A line `plain` passes is one escaping leaves as it is: checked on
    /// every string of up to four characters over those that matter.
    #[test]
    fn plain_lines_need_no_escaping() {
        const ALPHABET: &[char] = &[
            'a', '#', 'h', 't', 'p', 's', ':', '/', '`', '[', '<', '\\', '|',
        ];
        let mut lines = crate::every_string::every_string(ALPHABET, 4);
        lines.push("see http://example.com/a".into());
        let mut plain = 0;
        for line in &lines {
            if super::plain(line) {
                plain += 1;
                assert_eq!(super::escape_marked(line), *line, "{line:?}");
            }
        }
        assert!(plain > 1000, "{plain}");
    }

    #[test]
    fn unbalanced_backtick_is_escaped() {
        assert_eq!(sanitize("it's `odd"), ["it's \\`odd"]);
    }
}
