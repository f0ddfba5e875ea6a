//! Paths as they are sent. A path template's literal text goes out as
//! written (`/v1/tasks/{id}:cancel` keeps its `:`), and a parameter value
//! is percent-encoded, so it cannot change the path's structure
//! (`a:b` becomes `a%3Ab`).
//!
//! RFC 3986 (3.3): a segment holds `unreserved / pct-encoded / sub-delims
//! / ":" / "@"` literally; servers and routers (Prism among them) match
//! the literal text, so `/v1/a%3Acancel` is another path than `/v1/a:cancel`.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::error::Error;

/// What a parameter value keeps as is: RFC 3986 unreserved characters
/// (RFC 6570 `simple` expansion); every other byte is `%XX`.
const VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Checks a path parameter's value and returns it percent-encoded for its
/// segment (everything but `A-Z a-z 0-9 - _ . ~` becomes `%XX`).
///
/// Refuses the empty string, `/` (it would add path segments) and the dot
/// segments `.` and `..`, which URL normalisation would resolve: the
/// request would go to another path than the one signed.
///
/// ```
/// use taskgen_runtime::path_param;
/// assert_eq!(path_param("id", "a:b c").unwrap(), "a%3Ab%20c");
/// assert!(path_param("id", "..").is_err());
/// ```
pub fn path_param(parameter: &str, value: &str) -> Result<String, Error> {
    if value.contains('/') {
        return Err(Error::invalid_request(
            parameter,
            format!("must not contain `/`, got `{value}`"),
        ));
    }
    let encoded = encode_value(value);
    check_segment(parameter, &encoded)?;
    Ok(encoded)
}

/// A value (or a key of an object value) percent-encoded for a path.
pub(crate) fn encode_value(value: &str) -> String {
    utf8_percent_encode(value, VALUE).to_string()
}

/// Refuses a parameter's segment text (already encoded) that is empty or a
/// dot segment.
pub(crate) fn check_segment(parameter: &str, text: &str) -> Result<(), Error> {
    let problem = match text {
        "" => "must not be empty".to_string(),
        "." | ".." => format!("must not be `{text}`"),
        _ => return Ok(()),
    };
    Err(Error::invalid_request(parameter, problem))
}

/// Whether `byte` may stand in a path as written: a segment's literal
/// characters and `/`.
fn is_path_char(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&byte)
}

/// The path as it goes on the wire: what a path may hold literally stays,
/// `%XX` escapes stay, every other byte (space, `#`, `?`, non-ASCII, a `%`
/// that starts no escape) becomes `%XX`.
pub(crate) fn wire_path(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = String::with_capacity(path.len());
    for (i, &byte) in bytes.iter().enumerate() {
        let escape = byte == b'%'
            && bytes.len() > i + 2
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit();
        if is_path_char(byte) || escape {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character RFC 3986 lets a path segment hold literally:
    /// unreserved, sub-delims, `:` and `@`.
    const SEGMENT_CHARS: &str =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@";

    #[test]
    fn literal_segment_characters_go_out_as_written() {
        for c in SEGMENT_CHARS.chars() {
            let path = format!("/v1/a{c}b/{c}");
            assert_eq!(wire_path(&path), path, "{c:?}");
        }
    }

    #[test]
    fn values_keep_only_unreserved_characters() {
        for c in SEGMENT_CHARS.chars() {
            let expected = if c.is_ascii_alphanumeric() || "-._~".contains(c) {
                format!("a{c}")
            } else {
                format!("a%{:02X}", c as u8)
            };
            assert_eq!(
                path_param("id", &format!("a{c}")).unwrap(),
                expected,
                "{c:?}"
            );
        }
        assert_eq!(path_param("id", "a b%ü").unwrap(), "a%20b%25%C3%BC");
        assert_eq!(path_param("id", "...").unwrap(), "...");
    }

    #[test]
    fn what_a_path_cannot_hold_is_escaped() {
        assert_eq!(
            wire_path("/#Action=List/a b/ü?x/%41/%4/%zz/100%"),
            "/%23Action=List/a%20b/%C3%BC%3Fx/%41/%254/%25zz/100%25"
        );
        for byte in 0u8..=127 {
            let c = char::from(byte);
            if !SEGMENT_CHARS.contains(c) && c != '/' && c != '%' {
                assert_eq!(wire_path(&c.to_string()), format!("%{byte:02X}"), "{c:?}");
            }
        }
    }

    #[test]
    fn path_param_refuses_values_that_change_the_path() {
        for bad in ["", ".", "..", "a/b"] {
            let err = path_param("project_id", bad).unwrap_err();
            assert!(
                matches!(err, Error::InvalidRequest { ref parameter, .. } if parameter == "project_id"),
                "{bad}"
            );
        }
    }
}
