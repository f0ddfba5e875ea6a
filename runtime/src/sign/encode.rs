//! Percent-encoding shared by the three schemes.
//!
//! All three SDKs keep exactly the RFC 3986 unreserved characters
//! (`A-Z a-z 0-9 - _ . ~`) and write `%XX` with upper-case hex for every
//! other UTF-8 byte: Python's `quote(s, safe='~')` (Alibaba, Huawei) and
//! `baidubce.utils.normalize_string` (Baidu) agree on that.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::SignError;

const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

const PATH: &AsciiSet = &UNRESERVED.remove(b'/');

/// Encodes a query key or value, or a header for `bce-auth-v1`.
pub(crate) fn encode(s: &str) -> String {
    utf8_percent_encode(s, UNRESERVED).to_string()
}

/// Encodes a decoded path for the wire: every byte but unreserved
/// characters and `/` percent-encoded, as the vendors' SDKs send it.
///
/// ```
/// assert_eq!(
///     taskgen_runtime::sign::encode_path("/v2/a b/ü~"),
///     "/v2/a%20b/%C3%BC~"
/// );
/// ```
pub fn encode_path(path: &str) -> String {
    utf8_percent_encode(path, PATH).to_string()
}

/// The canonical form of a path all schemes start from: encoded, `/` for
/// an empty path, and an error for a relative one.
pub(crate) fn canonical_path(path: &str) -> Result<String, SignError> {
    if path.is_empty() {
        return Ok("/".to_string());
    }
    if !path.starts_with('/') {
        return Err(SignError::InvalidPath {
            path: path.to_string(),
        });
    }
    Ok(encode_path(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_unreserved() {
        assert_eq!(
            encode("aZ09-_.~ !*'()/+=&%é"),
            "aZ09-_.~%20%21%2A%27%28%29%2F%2B%3D%26%25%C3%A9"
        );
    }

    #[test]
    fn path_keeps_slashes() {
        assert_eq!(encode_path("/a/b c/%2F"), "/a/b%20c/%252F");
        assert_eq!(canonical_path("").unwrap(), "/");
        assert!(matches!(
            canonical_path("v2/tasks"),
            Err(SignError::InvalidPath { .. })
        ));
    }
}
