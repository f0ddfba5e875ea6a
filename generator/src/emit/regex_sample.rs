//! A short string a schema's `pattern` matches, for the smoke program's
//! arguments: each repetition taken as few times as it allows (at least
//! once, so `[a-z]*` still gives a character), the first branch of each
//! alternation, a readable character of each class.

use regex_syntax::hir::{Class, Hir, HirKind};

/// Characters preferred from a class, in order: letters, digits, then any
/// printable ASCII.
const READABLE: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~ !#$%&'()*+,/:;<=>?@[]^`{|}\"\\";

/// A string `pattern` matches with a length in `min..=max` (but for its
/// look-arounds); or why there is none (a syntax the regex crate does not
/// read, or a length out of bounds).
pub fn sample(pattern: &str, min: usize, max: usize) -> Result<String, String> {
    // The regex crate reads no look-arounds (ECMA-262 has them): they are
    // dropped, the rest's shortest match usually meets them (AWS names:
    // `(?!^-)^[A-Za-z0-9-]+$`), and Prism checks the whole pattern.
    let pattern = &without_lookarounds(pattern);
    let hir = regex_syntax::parse(pattern).map_err(|_| "a `pattern` this generator cannot read")?;
    let mut out = String::new();
    write(&hir, &mut out)?;
    // A pattern is not anchored: padding before its match keeps it a match.
    let regex =
        regex::Regex::new(pattern).map_err(|_| "a `pattern` the regex crate cannot read")?;
    let length = out.chars().count();
    if length < min {
        out = format!("{}{out}", "a".repeat(min - length));
    }
    if out.chars().count() > max || !regex.is_match(&out) {
        return Err("a `pattern` whose shortest match does not fit its length bounds".into());
    }
    Ok(out)
}

/// `pattern` without its `(?=..)`, `(?!..)`, `(?<=..)` and `(?<!..)`
/// groups (escapes and classes skipped while looking for their end).
fn without_lookarounds(pattern: &str) -> String {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(start) = ["(?=", "(?!", "(?<=", "(?<!"]
        .iter()
        .filter_map(|opener| find_unescaped(rest, opener))
        .min()
    {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let (mut depth, mut class, mut escaped, mut end) = (0, false, false, rest.len());
        for (i, c) in rest.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '[' => class = true,
                ']' => class = false,
                '(' if !class => depth += 1,
                ')' if !class => {
                    depth -= 1;
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Where `needle` first starts in `text` outside an escape.
fn find_unescaped(text: &str, needle: &str) -> Option<usize> {
    text.match_indices(needle)
        .map(|(i, _)| i)
        .find(|&i| text[..i].chars().rev().take_while(|&c| c == '\\').count() % 2 == 0)
}

fn write(hir: &Hir, out: &mut String) -> Result<(), String> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => {
            out.push_str(std::str::from_utf8(&literal.0).map_err(|_| "a non-UTF-8 `pattern`")?)
        }
        HirKind::Class(Class::Unicode(class)) => {
            let contains = |c: char| {
                class
                    .ranges()
                    .iter()
                    .any(|r| r.start() <= c && c <= r.end())
            };
            let first = class.ranges().first().map(|r| r.start());
            let c = READABLE.chars().find(|&c| contains(c)).or(first);
            out.push(c.ok_or("a `pattern` with an empty class")?);
        }
        HirKind::Class(Class::Bytes(class)) => {
            let contains = |c: char| {
                class
                    .ranges()
                    .iter()
                    .any(|r| char::from(r.start()) <= c && c <= char::from(r.end()))
            };
            let c = READABLE.chars().find(|&c| contains(c));
            out.push(c.ok_or("a `pattern` with a class of non-ASCII bytes")?);
        }
        HirKind::Repetition(repetition) => {
            let count = match repetition.max {
                Some(0) => 0,
                _ => repetition.min.max(1),
            };
            for _ in 0..count {
                write(&repetition.sub, out)?;
            }
        }
        HirKind::Capture(capture) => write(&capture.sub, out)?,
        HirKind::Concat(items) => {
            for item in items {
                write(item, out)?;
            }
        }
        HirKind::Alternation(branches) => {
            if let Some(first) = branches.first() {
                write(first, out)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::sample;

    #[test]
    fn shortest_readable_matches() {
        let cases = [
            (r"^[a-zA-Z0-9_-]+$", "a"),
            (r"^[0-9]{4}$", "0000"),
            (r"(?s).*", "a"),
            (r"^arn:aws:[a-z]+:\d{2}$", "arn:aws:a:00"),
            (r"^(foo|bar)-[A-Z]?$", "foo-A"),
            (r"^\w+@\w+\.com$", "a@a.com"),
        ];
        for (pattern, expected) in cases {
            assert_eq!(
                sample(pattern, 0, usize::MAX).as_deref(),
                Ok(expected),
                "{pattern}"
            );
        }
        // Unanchored: padded up to the minimum length, still a match.
        assert_eq!(sample("[0-9]", 3, 10).as_deref(), Ok("aa0"));
        assert!(sample("^[0-9]$", 3, 10).is_err());
        assert!(sample("^[0-9]{5}$", 0, 4).is_err());
        assert_eq!(
            sample(r"(?!^.*--)(?!^[0-9]+$)(?!^-)(?!.*-$)^[A-Za-z0-9-]+$", 1, 32).as_deref(),
            Ok("a"),
            "look-arounds dropped"
        );
        assert_eq!(sample(r"^\(?=x\)(?<![)])b$", 0, 9).as_deref(), Ok("(=x)b"));
        assert!(sample("a(", 0, 4).is_err());
    }
}
