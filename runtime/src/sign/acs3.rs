//! Alibaba Cloud `ACS3-HMAC-SHA256` (signature V3), as
//! `alibabacloud_openapi_util.client.Client.get_authorization` computes it.
//!
//! The caller states the operation in headers it sets before signing:
//! `x-acs-action` (e.g. `ListTasks`) and `x-acs-version` (`2020-09-30`).
//! The signer adds `host` (if absent), `x-acs-date`, `x-acs-signature-nonce`,
//! `x-acs-content-sha256`, for STS keys `x-acs-accesskey-id` and
//! `x-acs-security-token` (as the vendor's `do_request` does), and
//! `Authorization`. Every header present is signed, as in the SDK.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::SystemTime;

use super::encode::{canonical_path, encode};
use super::time::UtcTime;
use super::util::{
    check_headers, ensure_host, header, hmac_sha256, py_str_strip, remove_header, set_header,
    sha256_hex,
};
use super::{NonceSource, RandomNonce, SignError, SignableRequest, Signer};
use crate::credentials::AccessKey;

const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// Signs with `ACS3-HMAC-SHA256`. `Debug` shows the key id only.
#[derive(Debug, Clone)]
pub struct Acs3Signer {
    key: AccessKey,
    nonce: Arc<dyn NonceSource>,
}

impl Acs3Signer {
    /// Header the caller sets to the operation name, e.g. `ListTasks`.
    pub const ACTION_HEADER: &'static str = "x-acs-action";
    /// Header the caller sets to the API version, e.g. `2020-09-30`.
    pub const VERSION_HEADER: &'static str = "x-acs-version";

    /// A signer with random nonces.
    pub fn new(key: AccessKey) -> Self {
        Acs3Signer {
            key,
            nonce: Arc::new(RandomNonce),
        }
    }

    /// Replaces the nonce source (tests pin it to reproduce signatures).
    pub fn with_nonce_source(mut self, nonce: impl NonceSource + 'static) -> Self {
        self.nonce = Arc::new(nonce);
        self
    }

    /// The `Authorization` value for a request whose headers are final.
    fn authorization(
        &self,
        request: &SignableRequest<'_>,
        payload_hash: &str,
    ) -> Result<String, SignError> {
        let canonical_uri = canonical_path(request.path)?;
        let canonical_query = canonical_query(request.query)?;
        let (canonical_headers, signed_headers) = canonical_headers(request.headers);
        let canonical_request = format!(
            "{}\n{canonical_uri}\n{canonical_query}\n{canonical_headers}\n{signed_headers}\n{payload_hash}",
            request.method
        );
        let string_to_sign = format!("{ALGORITHM}\n{}", sha256_hex(canonical_request.as_bytes()));
        let signature = hex::encode(hmac_sha256(
            self.key.secret().as_bytes(),
            string_to_sign.as_bytes(),
        ));
        Ok(format!(
            "{ALGORITHM} Credential={},SignedHeaders={signed_headers},Signature={signature}",
            self.key.id()
        ))
    }
}

impl Signer for Acs3Signer {
    fn sign(&self, request: &mut SignableRequest<'_>, now: SystemTime) -> Result<(), SignError> {
        let time = UtcTime::from_system_time(now)?;
        for name in [Self::ACTION_HEADER, Self::VERSION_HEADER] {
            if header(request.headers, name).is_none_or(str::is_empty) {
                return Err(SignError::MissingHeader { name });
            }
        }
        let headers = &mut *request.headers;
        remove_header(headers, "authorization");
        ensure_host(headers, "host", request.host);
        set_header(headers, "x-acs-date", time.iso8601());
        set_header(headers, "x-acs-signature-nonce", self.nonce.nonce());
        let payload_hash = sha256_hex(request.body);
        set_header(headers, "x-acs-content-sha256", payload_hash.clone());
        remove_header(headers, "x-acs-accesskey-id");
        remove_header(headers, "x-acs-security-token");
        if let Some(token) = self.key.security_token() {
            headers.push(("x-acs-accesskey-id".into(), self.key.id().into()));
            headers.push(("x-acs-security-token".into(), token.into()));
        }
        check_headers(headers)?;
        let authorization = self.authorization(request, &payload_hash)?;
        request
            .headers
            .push(("Authorization".to_string(), authorization));
        Ok(())
    }
}

/// Sorted by raw key; values RFC 3986-encoded, keys NOT encoded: the SDKs
/// (Python, Go) all write keys as is. Alibaba parameter names are ASCII
/// letters, digits and dots, where the two readings agree.
fn canonical_query(query: &[(String, String)]) -> Result<String, SignError> {
    let mut sorted: BTreeMap<&str, &str> = BTreeMap::new();
    for (key, value) in query {
        // The SDK's query is a map: it cannot say what a repeated key means.
        if sorted.insert(key, value).is_some() {
            return Err(SignError::RepeatedQueryKey { key: key.clone() });
        }
    }
    let pairs: Vec<String> = sorted
        .into_iter()
        .map(|(key, value)| format!("{key}={}", encode(value)))
        .collect();
    Ok(pairs.join("&"))
}

/// `name:value\n` lines sorted by lower-cased name, plus the signed-header
/// list. Repeated names are merged into one line, their stripped values
/// sorted and comma-joined, as the SDK does.
fn canonical_headers(headers: &[(String, String)]) -> (String, String) {
    let mut grouped: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (name, value) in headers {
        grouped
            .entry(name.to_ascii_lowercase())
            .or_default()
            .push(py_str_strip(value));
    }
    let mut canonical = String::new();
    for (name, values) in &mut grouped {
        values.sort_unstable();
        canonical.push_str(name);
        canonical.push(':');
        canonical.push_str(&values.join(","));
        canonical.push('\n');
    }
    let signed: Vec<&str> = grouped.keys().map(String::as_str).collect();
    (canonical, signed.join(";"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign::FixedNonce;
    use std::time::Duration;

    fn signer() -> Acs3Signer {
        Acs3Signer::new(AccessKey::new("id", "secret")).with_nonce_source(FixedNonce("n".into()))
    }

    fn headers() -> Vec<(String, String)> {
        vec![
            ("x-acs-action".into(), "ListTasks".into()),
            ("x-acs-version".into(), "2020-09-30".into()),
        ]
    }

    fn sign(
        signer: &Acs3Signer,
        query: &[(String, String)],
        headers: &mut Vec<(String, String)>,
    ) -> Result<(), SignError> {
        let mut request = SignableRequest {
            method: "POST",
            host: "imm.cn-hangzhou.aliyuncs.com",
            path: "/",
            query,
            headers,
            body: b"",
        };
        signer.sign(
            &mut request,
            SystemTime::UNIX_EPOCH + Duration::from_secs(1_698_315_752),
        )
    }

    #[test]
    fn requires_action_and_version() {
        let mut headers = vec![("x-acs-version".to_string(), "2020-09-30".to_string())];
        assert_eq!(
            sign(&signer(), &[], &mut headers),
            Err(SignError::MissingHeader {
                name: "x-acs-action"
            })
        );
    }

    #[test]
    fn resigning_replaces_own_headers() {
        let mut once = headers();
        sign(&signer(), &[], &mut once).unwrap();
        let mut twice = once.clone();
        sign(&signer(), &[], &mut twice).unwrap();
        let mut once_sorted = once.clone();
        once_sorted.sort();
        twice.sort();
        assert_eq!(once_sorted, twice);
        assert_eq!(once.iter().filter(|(k, _)| k == "Authorization").count(), 1);
    }

    #[test]
    fn sts_token_headers_are_signed() {
        let signer = Acs3Signer::new(AccessKey::new("id", "secret").with_security_token("sts"))
            .with_nonce_source(FixedNonce("n".into()));
        let mut headers = headers();
        sign(&signer, &[], &mut headers).unwrap();
        assert_eq!(header(&headers, "x-acs-security-token"), Some("sts"));
        assert_eq!(header(&headers, "x-acs-accesskey-id"), Some("id"));
        let auth = header(&headers, "authorization").unwrap();
        assert!(auth.contains("x-acs-accesskey-id;x-acs-action"), "{auth}");
        assert!(
            auth.contains("x-acs-security-token;x-acs-signature-nonce"),
            "{auth}"
        );
    }

    #[test]
    fn repeated_query_key_is_refused() {
        let query = vec![
            ("A".to_string(), "1".to_string()),
            ("A".to_string(), "2".to_string()),
        ];
        assert_eq!(
            sign(&signer(), &query, &mut headers()),
            Err(SignError::RepeatedQueryKey { key: "A".into() })
        );
    }

    #[test]
    fn repeated_headers_merge_sorted() {
        let headers = vec![
            ("X-Foo".to_string(), " b ".to_string()),
            ("x-foo".to_string(), "a".to_string()),
            ("Accept".to_string(), "*/*".to_string()),
        ];
        let (canonical, signed) = canonical_headers(&headers);
        assert_eq!(canonical, "accept:*/*\nx-foo:a,b\n");
        assert_eq!(signed, "accept;x-foo");
    }

    #[test]
    fn query_encodes_values_only() {
        let query = vec![
            ("b".to_string(), "x y/é".to_string()),
            ("a.1".to_string(), String::new()),
        ];
        assert_eq!(canonical_query(&query).unwrap(), "a.1=&b=x%20y%2F%C3%A9");
    }

    #[test]
    fn debug_hides_secret() {
        let shown = format!("{:?}", signer());
        assert!(!shown.contains("secret\""), "{shown}");
        assert!(shown.contains("<redacted>"), "{shown}");
    }
}
