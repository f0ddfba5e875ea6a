//! Baidu AI Cloud `bce-auth-v1`, as `baidubce.auth.bce_v1_signer.sign`
//! (bce-python-sdk) computes it, with two deliberate differences where that
//! function disagrees with the vendor's Java and C# SDKs (whose rules the
//! servers apply), both unreachable for VOD requests:
//!
//! - a query parameter named `authorization` (any case) is left out of the
//!   canonical query; the Python SDK means to, but compares the bound
//!   method `k.lower` with a string, so it never does;
//! - with an explicit signed-header list, only listed headers are signed;
//!   the Python SDK also signs every other `x-bce-*` header without listing
//!   it, which the server cannot verify.
//!
//! The signer adds `Host` (if absent), `x-bce-date` and `Authorization`.

use std::collections::BTreeSet;
use std::time::SystemTime;

use super::encode::{canonical_path, encode};
use super::time::UtcTime;
use super::util::{
    check_headers, ensure_host, hmac_sha256, py_bytes_strip, remove_header, set_header,
};
use super::{SignError, SignableRequest, Signer};
use crate::credentials::AccessKey;

/// Headers signed when no list is configured, besides every `x-bce-*` one.
const DEFAULT_HEADERS: [&str; 4] = ["host", "content-md5", "content-length", "content-type"];

/// Signs with `bce-auth-v1`. `Debug` shows the key id only.
#[derive(Debug, Clone)]
pub struct BceSigner {
    key: AccessKey,
    /// `None`: the SDK default set, written as an empty list in the
    /// `Authorization` value. Otherwise lower-case, sorted, unique.
    signed_headers: Option<Vec<String>>,
    expiration_seconds: u32,
}

impl BceSigner {
    /// The list VOD uses (`x-taskgen-signing` `signed-headers` in the spec).
    pub const VOD_SIGNED_HEADERS: &'static [&'static str] = &["host", "x-bce-date"];
    /// Validity written into the signature unless configured otherwise.
    pub const DEFAULT_EXPIRATION_SECONDS: u32 = 1800;

    /// SDK defaults: `host`, `content-md5`, `content-length`, `content-type`
    /// and all `x-bce-*` headers; 1800 s validity.
    pub fn new(key: AccessKey) -> Self {
        BceSigner {
            key,
            signed_headers: None,
            expiration_seconds: Self::DEFAULT_EXPIRATION_SECONDS,
        }
    }

    /// Signs exactly these headers (case-insensitive; `authorization` is
    /// never signed). An empty list means the defaults, as in the SDK.
    pub fn with_signed_headers<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let names: BTreeSet<String> = names
            .into_iter()
            .map(|name| name.as_ref().trim().to_ascii_lowercase())
            .filter(|name| name != "authorization")
            .collect();
        self.signed_headers = (!names.is_empty()).then(|| names.into_iter().collect());
        self
    }

    /// How long a signature stays valid (`expirationPeriodInSeconds`).
    pub fn with_expiration_seconds(mut self, seconds: u32) -> Self {
        self.expiration_seconds = seconds;
        self
    }

    fn is_signed(&self, lower_name: &str) -> bool {
        match &self.signed_headers {
            None => lower_name.starts_with("x-bce-") || DEFAULT_HEADERS.contains(&lower_name),
            Some(list) => list.iter().any(|n| n == lower_name),
        }
    }

    /// Canonical header lines (sorted) and the names that went into them.
    fn canonical_headers(&self, headers: &[(String, String)]) -> (String, BTreeSet<String>) {
        let mut lines = Vec::new();
        let mut names = BTreeSet::new();
        for (name, value) in headers {
            let lower = name.trim().to_ascii_lowercase();
            let value = py_bytes_strip(value);
            // The SDKs leave empty-valued headers out of the signature.
            if value.is_empty() || !self.is_signed(&lower) {
                continue;
            }
            lines.push(format!("{}:{}", encode(&lower), encode(value)));
            names.insert(lower);
        }
        lines.sort_unstable();
        (lines.join("\n"), names)
    }
}

impl Signer for BceSigner {
    fn sign(&self, request: &mut SignableRequest<'_>, now: SystemTime) -> Result<(), SignError> {
        let time = UtcTime::from_system_time(now)?.iso8601();
        let headers = &mut *request.headers;
        remove_header(headers, "authorization");
        ensure_host(headers, "Host", request.host);
        set_header(headers, "x-bce-date", time.clone());
        check_headers(headers)?;

        let auth_prefix = format!(
            "bce-auth-v1/{}/{time}/{}",
            self.key.id(),
            self.expiration_seconds
        );
        // The signing key is the hex text of the first HMAC, not its bytes.
        let signing_key = hex::encode(hmac_sha256(
            self.key.secret().as_bytes(),
            auth_prefix.as_bytes(),
        ));
        let canonical_uri = canonical_path(request.path)?;
        let canonical_query = canonical_query(request.query);
        let (canonical_headers, names) = self.canonical_headers(headers);
        let string_to_sign = format!(
            "{}\n{canonical_uri}\n{canonical_query}\n{canonical_headers}",
            request.method
        );
        let signature = hex::encode(hmac_sha256(
            signing_key.as_bytes(),
            string_to_sign.as_bytes(),
        ));
        let signed = match self.signed_headers {
            None => String::new(),
            Some(_) => names.into_iter().collect::<Vec<_>>().join(";"),
        };
        headers.push((
            "Authorization".to_string(),
            format!("{auth_prefix}/{signed}/{signature}"),
        ));
        Ok(())
    }
}

/// `key=value` pairs, both encoded, sorted as encoded text; repeated keys
/// give one pair each.
fn canonical_query(query: &[(String, String)]) -> String {
    let mut pairs: Vec<String> = query
        .iter()
        .filter(|(key, _)| !key.eq_ignore_ascii_case("authorization"))
        .map(|(key, value)| format!("{}={}", encode(key), encode(value)))
        .collect();
    pairs.sort_unstable();
    pairs.join("&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn query_sorts_encoded_pairs_and_drops_authorization() {
        let query = pairs(&[
            ("b", "2"),
            ("a", "z"),
            ("a", "é"),
            ("Authorization", "x"),
            ("empty", ""),
        ]);
        assert_eq!(canonical_query(&query), "a=%C3%A9&a=z&b=2&empty=");
    }

    #[test]
    fn list_mode_signs_only_listed_headers() {
        let signer = BceSigner::new(AccessKey::new("ak", "sk"))
            .with_signed_headers(BceSigner::VOD_SIGNED_HEADERS);
        let headers = pairs(&[
            ("Host", "vod.bj.baidubce.com"),
            ("x-bce-date", "2015-04-27T08:23:49Z"),
            ("x-bce-request-id", "r"),
            ("Content-Type", "application/json"),
        ]);
        let (canonical, names) = signer.canonical_headers(&headers);
        assert_eq!(
            canonical,
            "host:vod.bj.baidubce.com\nx-bce-date:2015-04-27T08%3A23%3A49Z"
        );
        assert_eq!(
            names.into_iter().collect::<Vec<_>>(),
            ["host", "x-bce-date"]
        );
    }

    #[test]
    fn vod_authorization_lists_signed_headers() {
        let signer =
            BceSigner::new(AccessKey::new("ak", "sk")).with_signed_headers(["X-Bce-Date", "host"]);
        let mut headers = Vec::new();
        let mut request = SignableRequest {
            method: "GET",
            host: "vod.bj.baidubce.com",
            path: "/v2/tasks",
            query: &[],
            headers: &mut headers,
            body: b"",
        };
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_430_123_029);
        signer.sign(&mut request, now).unwrap();
        let auth = &headers.last().unwrap().1;
        assert!(
            auth.starts_with("bce-auth-v1/ak/2015-04-27T08:23:49Z/1800/host;x-bce-date/"),
            "{auth}"
        );
        assert_eq!(
            headers[1],
            ("x-bce-date".into(), "2015-04-27T08:23:49Z".into())
        );
    }

    #[test]
    fn empty_values_are_not_signed() {
        let signer = BceSigner::new(AccessKey::new("ak", "sk"));
        let headers = pairs(&[("Content-Type", "  "), ("x-bce-meta-a", " v ")]);
        let (canonical, _) = signer.canonical_headers(&headers);
        assert_eq!(canonical, "x-bce-meta-a:v");
    }
}
