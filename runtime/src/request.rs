//! The request a generated operation hands to the transport.

use std::fmt;

use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;

use crate::body::{form_urlencoded, File, Multipart};
use crate::error::Error;
use crate::redact::Redacted;

pub use reqwest::Method;

/// Headers whose values are credentials: printed as `<redacted>` by every
/// `Debug` in this crate.
pub const SENSITIVE_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "x-auth-token",
    "x-acs-security-token",
    "x-bce-security-token",
    "x-security-token",
    "cookie",
];

/// Query parameters that carry credentials in Alibaba's older RPC signing
/// (signature V1 puts them in the URL); redacted like headers.
pub const SENSITIVE_QUERY_PARAMETERS: &[&str] = &["SecurityToken", "Signature"];

/// Whether a header (any case) holds a credential.
pub fn is_sensitive_header(name: &str) -> bool {
    SENSITIVE_HEADERS
        .iter()
        .any(|sensitive| sensitive.eq_ignore_ascii_case(name))
}

/// RFC 3986 unreserved characters stay, everything else is escaped (what
/// the vendors' SDKs send; servers decode before checking signatures).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// One API call, before the transport adds the host, the user agent and the
/// signature. Built by generated code:
///
/// ```
/// use taskgen_runtime::{path_param, Method, Request};
/// # fn main() -> Result<(), taskgen_runtime::Error> {
/// let task_id = "t:1";
/// let path = format!("/v2/tasks/{}:cancel", path_param("task_id", task_id)?);
/// let request = Request::new(Method::POST, path)
///     .query("page_size", "10")
///     .query_opt("sort_dir", Some("asc"));
/// assert_eq!(request.path(), "/v2/tasks/t%3A1:cancel");
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Request {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Option<Bytes>,
    /// The body's `Content-Type`, set with it.
    pub(crate) content_type: Option<String>,
    /// Query keys whose values keep RFC 3986 reserved characters
    /// (`allowReserved`), see [`Request::query_reserved`].
    pub(crate) reserved_keys: Vec<String>,
    pub(crate) idempotent: bool,
    pub(crate) security: &'static [&'static [&'static str]],
}

impl Request {
    /// A request for `path` as it is sent, starting with `/`: the
    /// template's text as written, each parameter value encoded by
    /// [`path_param`](crate::path_param) or [`style_path`](crate::style_path). The transport
    /// escapes only what a path cannot hold (space, `#`, non-ASCII), so
    /// literal `:` or `@` reach the server as written. GET, HEAD, PUT and
    /// DELETE are idempotent (retried) by default; see
    /// [`Request::idempotent`].
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        let idempotent = method.is_idempotent();
        Request {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            content_type: None,
            reserved_keys: Vec::new(),
            idempotent,
            security: &[],
        }
    }

    /// Appends a query parameter (decoded). Order is kept and keys may
    /// repeat; the transport percent-encodes keys and values.
    pub fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((key.into(), value.into()));
        self
    }

    /// Appends a query parameter when `value` is `Some`.
    pub fn query_opt(self, key: impl Into<String>, value: Option<impl Into<String>>) -> Self {
        match value {
            Some(value) => self.query(key, value),
            None => self,
        }
    }

    /// Appends query pairs, as [`style_pairs`](crate::style_pairs) returns
    /// them.
    pub fn query_all(mut self, pairs: Vec<(String, String)>) -> Self {
        self.query.extend(pairs);
        self
    }

    /// Appends a query parameter whose value keeps the reserved characters
    /// `:/?@!$'()*,;[]` as they are (`allowReserved: true`); `&`, `=`, `#`,
    /// `+` and `%` are still encoded, as they would change the query's
    /// meaning. Signers see the value decoded, as for [`Request::query`].
    pub fn query_reserved(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        let key = key.into();
        if !self.reserved_keys.contains(&key) {
            self.reserved_keys.push(key.clone());
        }
        self.query(key, value)
    }

    /// Adds a cookie to the one `Cookie` header (`name=value`, joined by
    /// `; `). The value is sent as given.
    pub fn cookie(mut self, name: &str, value: impl AsRef<str>) -> Self {
        let pair = format!("{name}={}", value.as_ref());
        match self
            .headers
            .iter_mut()
            .find(|(header, _)| header.eq_ignore_ascii_case("cookie"))
        {
            Some((_, cookies)) => {
                cookies.push_str("; ");
                cookies.push_str(&pair);
            }
            None => self.headers.push(("Cookie".into(), pair)),
        }
        self
    }

    /// Appends a header (sent as given; the signer may add more).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sets the body and its `Content-Type`.
    pub fn body(mut self, content_type: impl Into<String>, body: impl Into<Bytes>) -> Self {
        self.body = Some(body.into());
        self.content_type = Some(content_type.into());
        self
    }

    /// Sets a JSON body (`application/json`).
    pub fn json_body<T: Serialize + ?Sized>(self, body: &T) -> Result<Self, Error> {
        let bytes = serde_json::to_vec(body).map_err(|err| {
            Error::invalid_request("body", format!("cannot be serialized: {err}"))
        })?;
        Ok(self.body("application/json", bytes))
    }

    /// Sets an `application/x-www-form-urlencoded` body of `pairs`.
    pub fn form_body(self, pairs: &[(String, String)]) -> Self {
        self.body("application/x-www-form-urlencoded", form_urlencoded(pairs))
    }

    /// Sets a `multipart/form-data` body.
    pub fn multipart_body(self, form: Multipart) -> Self {
        let (content_type, body) = form.finish();
        self.body(content_type, body)
    }

    /// Sets a binary body: the file's content type, else
    /// `default_content_type` (the spec's media type).
    pub fn file_body(self, file: &File, default_content_type: &str) -> Self {
        let content_type = file.content_type().unwrap_or(default_content_type);
        self.body(content_type.to_string(), file.bytes().clone())
    }

    /// Marks the request safe (or not) to send more than once. Alibaba's
    /// RPC reads are `POST` yet idempotent: generated code says so here.
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = idempotent;
        self
    }

    /// The security requirements the request may meet (OpenAPI
    /// `security`): each a list of scheme names of the client's
    /// [`Service`](crate::Service) that are all applied together; the
    /// first one the client has every credential for is used, and `&[]`
    /// as a requirement means none is needed. No requirements (the
    /// default) means no authentication beyond the client's signer.
    pub fn security(mut self, requirements: &'static [&'static [&'static str]]) -> Self {
        self.security = requirements;
        self
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path as it is sent (parameter values percent-encoded).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query parameters, in order, not yet percent-encoded.
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    /// The headers set so far (signing adds more).
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The body, if any.
    pub fn body_bytes(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// The body's `Content-Type`, if there is a body.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// Whether sending it twice is safe, so that it may be retried.
    pub fn is_idempotent(&self) -> bool {
        self.idempotent
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &RedactedQuery(&self.query, &[]))
            .field("headers", &RedactedHeaders(&self.headers, &[]))
            .field("body", &BodyLen(self.body.as_deref()))
            .field("idempotent", &self.idempotent)
            .field("security", &self.security)
            .finish()
    }
}

/// `Debug` of a header list with credential values replaced: the known
/// credential headers and the names in `.1` (a client's API key headers).
pub(crate) struct RedactedHeaders<'a>(pub(crate) &'a [(String, String)], pub(crate) &'a [String]);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        for (name, value) in self.0 {
            if is_sensitive_header(name) || self.1.iter().any(|s| s.eq_ignore_ascii_case(name)) {
                list.entry(&(name, Redacted));
            } else {
                list.entry(&(name, value));
            }
        }
        list.finish()
    }
}

/// `Debug` of query pairs with credential values replaced: the known
/// credential parameters and the names in `.1` (a client's API keys).
pub(crate) struct RedactedQuery<'a>(pub(crate) &'a [(String, String)], pub(crate) &'a [String]);

impl fmt::Debug for RedactedQuery<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        for (key, value) in self.0 {
            if SENSITIVE_QUERY_PARAMETERS.contains(&key.as_str()) || self.1.contains(key) {
                list.entry(&(key, Redacted));
            } else {
                list.entry(&(key, value));
            }
        }
        list.finish()
    }
}

/// Bodies may hold secrets (Huawei's camera passwords): print the size only.
pub(crate) struct BodyLen<'a>(pub(crate) Option<&'a [u8]>);

impl fmt::Debug for BodyLen<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(body) => write!(f, "<{} bytes>", body.len()),
            None => f.write_str("None"),
        }
    }
}

/// [`COMPONENT`] minus the reserved characters that mean nothing inside a
/// query value (`allowReserved`).
const RESERVED_ALLOWED: &AsciiSet = &COMPONENT
    .remove(b':')
    .remove(b'/')
    .remove(b'?')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b',')
    .remove(b';')
    .remove(b'[')
    .remove(b']');

/// Encodes query pairs as `k=v&k=v` in the given order; values of
/// `reserved_keys` keep reserved characters.
pub(crate) fn encode_query(pairs: &[(String, String)], reserved_keys: &[String]) -> String {
    let mut out = String::new();
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.extend(utf8_percent_encode(key, COMPONENT));
        out.push('=');
        let set = if reserved_keys.contains(key) {
            RESERVED_ALLOWED
        } else {
            COMPONENT
        };
        out.extend(utf8_percent_encode(value, set));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_keeps_order_and_repeats_and_encodes_rfc3986() {
        let request = Request::new(Method::GET, "/")
            .query("b", "1")
            .query("a", "x y+z")
            .query("b", "[\"FileCompression\"]");
        assert_eq!(
            encode_query(request.query_pairs(), &request.reserved_keys),
            "b=1&a=x%20y%2Bz&b=%5B%22FileCompression%22%5D"
        );
    }

    #[test]
    fn allow_reserved_keeps_reserved_characters_but_not_delimiters() {
        let request = Request::new(Method::GET, "/")
            .query_reserved("path", "a/b:c?d,e[0]@x")
            .query_reserved("q", "a&b=c#d+e%f g")
            .query("plain", "a/b");
        assert_eq!(
            encode_query(request.query_pairs(), &request.reserved_keys),
            "path=a/b:c?d,e[0]@x&q=a%26b%3Dc%23d%2Be%25f%20g&plain=a%2Fb"
        );
    }

    #[test]
    fn cookies_share_one_header() {
        let request = Request::new(Method::GET, "/")
            .cookie("a", "1")
            .header("x", "y")
            .cookie("b", "2");
        assert_eq!(
            request.headers(),
            [
                ("Cookie".to_string(), "a=1; b=2".to_string()),
                ("x".to_string(), "y".to_string())
            ]
        );
    }

    #[test]
    fn bodies_carry_their_content_type() {
        let request =
            Request::new(Method::POST, "/").form_body(&[("a".to_string(), "b c".to_string())]);
        assert_eq!(request.body_bytes(), Some(&b"a=b+c"[..]));
        assert_eq!(
            request.content_type(),
            Some("application/x-www-form-urlencoded")
        );
        let file = File::new(vec![1u8]);
        let request = Request::new(Method::PUT, "/").file_body(&file, "image/png");
        assert_eq!(request.content_type(), Some("image/png"));
        let request = Request::new(Method::PUT, "/")
            .file_body(&file.with_content_type("image/gif"), "image/png");
        assert_eq!(request.content_type(), Some("image/gif"));
    }

    #[test]
    fn idempotency_defaults_by_method() {
        assert!(Request::new(Method::GET, "/").is_idempotent());
        assert!(!Request::new(Method::POST, "/").is_idempotent());
        assert!(Request::new(Method::POST, "/")
            .idempotent(true)
            .is_idempotent());
    }

    #[test]
    fn debug_redacts_credentials_and_body() {
        let request = Request::new(Method::POST, "/")
            .query("SecurityToken", "sts-secret")
            .query("Action", "ListTasks")
            .header("X-Auth-Token", "token-secret")
            .header("Authorization", "auth-secret")
            .header("x-acs-date", "2023-10-26T10:22:32Z")
            .json_body(&serde_json::json!({"password": "pw-secret"}))
            .unwrap();
        let printed = format!("{request:?}");
        for secret in ["sts-secret", "token-secret", "auth-secret", "pw-secret"] {
            assert!(!printed.contains(secret), "{printed}");
        }
        assert!(printed.contains("ListTasks") && printed.contains("2023-10-26T10:22:32Z"));
        assert!(printed.contains("<redacted>"));
    }
}
