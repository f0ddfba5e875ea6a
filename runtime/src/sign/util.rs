//! Hashing and header helpers shared by the signers.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

use super::SignError;

pub(crate) fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

pub(crate) fn hmac_sha256(key: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC takes keys of any length (hmac 0.13 always returns Ok here and
    // its own `new` relies on it). Should that change, the empty-key
    // fallback yields a signature the server rejects: fails closed, no panic.
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| <Hmac<Sha256> as KeyInit>::new(&Default::default()));
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

/// The first value of header `name`, compared case-insensitively.
pub(crate) fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

pub(crate) fn remove_header(headers: &mut Vec<(String, String)>, name: &str) {
    headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
}

/// Replaces every header called `name` (any case) by one with `value`.
pub(crate) fn set_header(headers: &mut Vec<(String, String)>, name: &str, value: String) {
    remove_header(headers, name);
    headers.push((name.to_string(), value));
}

/// Adds `Host` from the request unless the caller already set one.
pub(crate) fn ensure_host(headers: &mut Vec<(String, String)>, name: &str, host: &str) {
    if header(headers, "host").is_none() {
        headers.push((name.to_string(), host.to_string()));
    }
}

/// Refuses headers that cannot be sent as they would be signed: a line
/// break in a value would also forge extra lines of the canonical request.
pub(crate) fn check_headers(headers: &[(String, String)]) -> Result<(), SignError> {
    for (name, value) in headers {
        let invalid = |reason| SignError::InvalidHeader {
            name: name.clone(),
            reason,
        };
        if name.is_empty() {
            return Err(invalid("empty name"));
        }
        if name
            .chars()
            .any(|c| c.is_ascii_control() || c.is_whitespace() || c == ':' || !c.is_ascii())
        {
            return Err(invalid("the name is not an HTTP token"));
        }
        if value.chars().any(|c| c.is_ascii_control() && c != '\t') {
            return Err(invalid("the value contains a control character"));
        }
    }
    Ok(())
}

/// Python's `str.strip()` with no argument (Alibaba, Huawei SDKs): Unicode
/// whitespace plus the ASCII separators U+001C..U+001F.
pub(crate) fn py_str_strip(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c))
}

/// Python's `bytes.strip()` (Baidu SDK, which strips UTF-8 bytes): ASCII
/// whitespace only, vertical tab included.
pub(crate) fn py_bytes_strip(s: &str) -> &str {
    s.trim_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc4231_case_2() {
        assert_eq!(
            hex::encode(hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn set_header_replaces_all_cases() {
        let mut headers = vec![
            ("X-Acs-Date".to_string(), "old".to_string()),
            ("x-acs-date".to_string(), "older".to_string()),
        ];
        set_header(&mut headers, "x-acs-date", "new".into());
        assert_eq!(headers, vec![("x-acs-date".into(), "new".into())]);
    }

    #[test]
    fn rejects_line_breaks() {
        let headers = vec![("x-a".to_string(), "1\r\nx-b: 2".to_string())];
        assert!(matches!(
            check_headers(&headers),
            Err(SignError::InvalidHeader { .. })
        ));
        assert!(check_headers(&[("a b".into(), "v".into())]).is_err());
        assert!(check_headers(&[("x-a".into(), "tab\tok é".into())]).is_ok());
    }

    #[test]
    fn strips_like_python() {
        assert_eq!(py_str_strip("\u{3000} a \u{1f}"), "a");
        assert_eq!(py_bytes_strip("\u{3000} a \x0b"), "\u{3000} a");
    }
}
