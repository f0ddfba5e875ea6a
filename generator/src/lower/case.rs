//! Case conversions of spec names, exactly as `heck` writes them. A large
//! spec converts hundreds of thousands of names (every field, enum value
//! and type hint), and heck, which handles all of Unicode through
//! `fmt::Formatter`, spends thousands of instructions on a short one: half
//! of lowering's time on googleapis.com/contentwarehouse.json. Nearly every
//! name is ASCII, which is converted here the same way, byte by byte; any
//! other goes to heck. A test compares the two on every short ASCII string
//! over the characters that matter.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// `name` in `snake_case`, as heck's `to_snake_case`.
pub fn snake(name: &str) -> String {
    if !name.is_ascii() {
        return name.to_snake_case();
    }
    let mut out = String::with_capacity(name.len() + 4);
    words(name, |word| {
        if !out.is_empty() {
            out.push('_');
        }
        out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    });
    out
}

/// `name` in `UpperCamelCase`, as heck's `to_upper_camel_case`.
pub fn upper_camel(name: &str) -> String {
    if !name.is_ascii() {
        return name.to_upper_camel_case();
    }
    let mut out = String::with_capacity(name.len());
    words(name, |word| {
        let mut chars = word.chars();
        out.extend(chars.next().map(|c| c.to_ascii_uppercase()));
        out.extend(chars.map(|c| c.to_ascii_lowercase()));
    });
    out
}

/// The case of the last cased letter since a word began.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Boundary,
    Lower,
    Upper,
}

/// Each word of the ASCII text `name`, as heck splits it: at every
/// character that is not a letter or digit, before an upper-case letter
/// that follows a lower-case one (`task|Id`), and before the last of a run
/// of upper-case letters that a lower-case one follows (`HTTP|Server`).
fn words(name: &str, mut word: impl FnMut(&str)) {
    for part in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let bytes = part.as_bytes();
        let (mut start, mut mode) = (0, Mode::Boundary);
        for (i, &c) in bytes.iter().enumerate() {
            let Some(&next) = bytes.get(i + 1) else {
                word(&part[start..]);
                break;
            };
            let next_mode = match c {
                b'a'..=b'z' => Mode::Lower,
                b'A'..=b'Z' => Mode::Upper,
                _ => mode,
            };
            if next_mode == Mode::Lower && next.is_ascii_uppercase() {
                word(&part[start..=i]);
                (start, mode) = (i + 1, Mode::Boundary);
            } else if mode == Mode::Upper && c.is_ascii_uppercase() && next.is_ascii_lowercase() {
                word(&part[start..i]);
                (start, mode) = (i, Mode::Boundary);
            } else {
                mode = next_mode;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use heck::{ToSnakeCase, ToUpperCamelCase};

    use super::{snake, upper_camel};

    /// Every string of up to five characters over letters of both cases,
    /// a digit and separators, and a few longer ones, convert as heck's.
    #[test]
    fn converts_as_heck_does() {
        const ALPHABET: &[char] = &['a', 'B', 'c', 'D', '7', '_', '-', ' '];
        let mut names = crate::every_string::every_string(ALPHABET, 5);
        names.extend(
            [
                "HTTPServerError",
                "x-bce-request-id",
                "DOCUMENT_TYPE_UNSPECIFIED",
                "ipv4Address2Gateway",
                "__proto__",
                "a.b/c{d}",
                "Größe",
                "ΣΑΣ",
            ]
            .map(String::from),
        );
        for name in &names {
            assert_eq!(snake(name), name.to_snake_case(), "{name:?}");
            assert_eq!(upper_camel(name), name.to_upper_camel_case(), "{name:?}");
        }
    }
}
