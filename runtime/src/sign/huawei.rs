//! Huawei Cloud `SDK-HMAC-SHA256` (AK/SK), as
//! `huaweicloudsdkcore.signer.signer.Signer` computes it.
//!
//! The signer adds `X-Sdk-Date`, `Host` (if absent), for a body whose
//! `Content-Type` is not JSON or BSON `X-Sdk-Content-Sha256:
//! UNSIGNED-PAYLOAD` (as the SDK does), and `Authorization`. Every header
//! whose name has no `_` is signed, as in the SDK.

use std::collections::BTreeSet;
use std::time::SystemTime;

use super::encode::{canonical_path, encode};
use super::time::UtcTime;
use super::util::{
    check_headers, ensure_host, header, hmac_sha256, py_str_strip, remove_header, set_header,
    sha256_hex,
};
use super::{SignError, SignableRequest, Signer};
use crate::credentials::AccessKey;

const ALGORITHM: &str = "SDK-HMAC-SHA256";
const CONTENT_HASH_HEADER: &str = "X-Sdk-Content-Sha256";
const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// Signs with `SDK-HMAC-SHA256`. `Debug` shows the key id only.
#[derive(Debug, Clone)]
pub struct HuaweiAkSkSigner {
    key: AccessKey,
}

impl HuaweiAkSkSigner {
    /// A signer with `key`.
    pub fn new(key: AccessKey) -> Self {
        HuaweiAkSkSigner { key }
    }
}

impl Signer for HuaweiAkSkSigner {
    fn sign(&self, request: &mut SignableRequest<'_>, now: SystemTime) -> Result<(), SignError> {
        let time = UtcTime::from_system_time(now)?.basic();
        let headers = &mut *request.headers;
        remove_header(headers, "authorization");
        // The SDK checks `Content-Type` case-sensitively; any spelling
        // counts here. Both are valid to the server: the header is signed.
        let content_type = header(headers, "content-type").unwrap_or_default();
        if !content_type.is_empty()
            && !content_type.starts_with("application/json")
            && !content_type.starts_with("application/bson")
        {
            set_header(headers, CONTENT_HASH_HEADER, UNSIGNED_PAYLOAD.to_string());
        }
        set_header(headers, "X-Sdk-Date", time.clone());
        ensure_host(headers, "Host", request.host);
        check_headers(headers)?;

        let signed = signed_headers(headers)?;
        let mut canonical_headers = String::new();
        for name in &signed {
            let value = headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| py_str_strip(v))
                .unwrap_or_default();
            canonical_headers.push_str(&format!("{name}:{value}\n"));
        }
        let signed = signed.into_iter().collect::<Vec<_>>().join(";");
        let payload_hash = if request.body.is_empty() {
            sha256_hex(b"")
        } else {
            match header(headers, CONTENT_HASH_HEADER).map(py_str_strip) {
                Some(given) if !given.is_empty() => given.to_string(),
                _ => sha256_hex(request.body),
            }
        };
        let canonical_request = format!(
            "{}\n{}\n{}\n{canonical_headers}\n{signed}\n{payload_hash}",
            request.method.to_ascii_uppercase(),
            canonical_uri(request.path)?,
            canonical_query(request.query),
        );
        let string_to_sign = format!(
            "{ALGORITHM}\n{time}\n{}",
            sha256_hex(canonical_request.as_bytes())
        );
        let signature = hex::encode(hmac_sha256(
            self.key.secret().as_bytes(),
            string_to_sign.as_bytes(),
        ));
        headers.push((
            "Authorization".to_string(),
            format!(
                "{ALGORITHM} Access={}, SignedHeaders={signed}, Signature={signature}",
                self.key.id()
            ),
        ));
        Ok(())
    }
}

/// Lower-cased names of the headers to sign: all but those with `_`. A
/// name given twice is refused: the SDK would list it twice but sign one
/// value, which no server can verify.
fn signed_headers(headers: &[(String, String)]) -> Result<BTreeSet<String>, SignError> {
    let mut names = BTreeSet::new();
    for (name, _) in headers {
        if name.contains('_') {
            continue;
        }
        let lower = name.to_ascii_lowercase();
        if !names.insert(lower.clone()) {
            return Err(SignError::DuplicateHeader { name: lower });
        }
    }
    Ok(names)
}

/// Each path segment encoded, and always a trailing `/` (the SDK adds one;
/// the wire path keeps its own form).
fn canonical_uri(path: &str) -> Result<String, SignError> {
    let mut uri = canonical_path(path)?;
    if !uri.ends_with('/') {
        uri.push('/');
    }
    Ok(uri)
}

/// Pairs sorted by decoded key, then decoded value (the SDK sorts before
/// encoding), then both encoded.
fn canonical_query(query: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = query.iter().collect();
    sorted.sort_unstable();
    let pairs: Vec<String> = sorted
        .into_iter()
        .map(|(key, value)| format!("{}={}", encode(key), encode(value)))
        .collect();
    pairs.join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn uri_always_ends_with_slash() {
        assert_eq!(canonical_uri("/v1/a b").unwrap(), "/v1/a%20b/");
        assert_eq!(canonical_uri("/v1/").unwrap(), "/v1/");
        assert_eq!(canonical_uri("").unwrap(), "/");
    }

    #[test]
    fn query_sorts_before_encoding() {
        // "~" (0x7E) sorts before "é" raw, but "%C3%A9" before "~" encoded.
        let query = pairs(&[("k", "é"), ("k", "~"), ("a", "")]);
        assert_eq!(canonical_query(&query), "a=&k=~&k=%C3%A9");
    }

    #[test]
    fn underscore_headers_are_not_signed_and_duplicates_refused() {
        let names = signed_headers(&pairs(&[("X_Custom", "1"), ("Host", "h")])).unwrap();
        assert_eq!(names.into_iter().collect::<Vec<_>>(), ["host"]);
        assert_eq!(
            signed_headers(&pairs(&[("Host", "a"), ("host", "b")])),
            Err(SignError::DuplicateHeader {
                name: "host".into()
            })
        );
    }

    #[test]
    fn non_json_body_is_unsigned_payload() {
        let signer = HuaweiAkSkSigner::new(AccessKey::new("AK", "SK"));
        let mut headers = pairs(&[("content-type", "text/plain")]);
        let mut request = SignableRequest {
            method: "put",
            host: "h",
            path: "/x",
            query: &[],
            headers: &mut headers,
            body: b"data",
        };
        signer.sign(&mut request, SystemTime::UNIX_EPOCH).unwrap();
        assert_eq!(
            header(&headers, CONTENT_HASH_HEADER),
            Some(UNSIGNED_PAYLOAD)
        );
        let auth = header(&headers, "authorization").unwrap();
        assert!(
            auth.contains("SignedHeaders=content-type;host;x-sdk-content-sha256;x-sdk-date,"),
            "{auth}"
        );
    }
}
