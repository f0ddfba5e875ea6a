//! The error of a generated client call, and decoding of each vendor's
//! error body into it.

use bytes::Bytes;
use serde_json::{Map, Value};

use crate::request::BodyLen;
use crate::sign::SignError;

/// A boxed error used as the source of transport failures, so the public
/// API does not pin a version of the HTTP client crate.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Why a call failed. Every generated client returns this type.
///
/// `Display` carries the whole cause: the HTTP status, the vendor's code and
/// message, or the chain of the underlying network or decoding error. So
/// that reporters walking [`source`](std::error::Error::source) do not
/// print a cause twice, `source()` returns `None`; the underlying error
/// stays in the variant's fields.
///
/// Neither `Debug` nor `Display` shows credentials: requests are never
/// stored here, transport errors have their URL (which may carry a
/// signature or security token in its query) stripped, and response bodies
/// (which may hold secrets such as Huawei's camera passwords) print as
/// their size only; [`Error::body`] still returns them.
#[non_exhaustive]
pub enum Error {
    /// The request broke a constraint of the API; nothing was sent.
    InvalidRequest {
        /// The parameter's name on the wire.
        parameter: String,
        /// What is wrong with it, e.g. "must be at most 100, got 101".
        problem: String,
    },

    /// A request builder's `build()` or `send()` was called before a
    /// required parameter was set; nothing was sent.
    Build(crate::BuildError),

    /// The signer could not sign the request; nothing was sent.
    Signing(SignError),

    /// The operation needs credentials the client was not given, or its
    /// token provider failed; nothing was sent.
    Credentials(crate::auth::AuthError),

    /// The request or its response did not make it across the network
    /// (connection refused or reset, TLS failure, body cut off).
    Transport {
        /// The HTTP client's error.
        source: BoxError,
    },

    /// No complete response within the configured connect or total timeout.
    Timeout {
        /// The HTTP client's error.
        source: BoxError,
    },

    /// The service answered with an error status and an error body in the
    /// vendor's format (fields the body lacks are `None`).
    Api {
        /// The HTTP status code.
        status: u16,
        /// The vendor's error code, e.g. `InvalidParameter`.
        code: Option<String>,
        /// The vendor's error message.
        message: Option<String>,
        /// The vendor's request id, from the body or the response headers.
        request_id: Option<String>,
        /// The response body as received.
        body: Bytes,
    },

    /// The response body could not be decoded: not JSON, cut short, or not
    /// the expected shape. `body` keeps what was received.
    Decode {
        /// The HTTP status code.
        status: u16,
        /// The response body as received.
        body: Bytes,
        /// The vendor's request id, from the response headers.
        request_id: Option<String>,
        /// Why decoding failed.
        source: serde_json::Error,
    },

    /// The response body exceeded the configured limit
    /// ([`ClientConfig::max_response_bytes`](crate::ClientConfig::max_response_bytes));
    /// reading stopped there and nothing of it is kept.
    ResponseTooLarge {
        /// The HTTP status code.
        status: u16,
        /// The limit in bytes.
        limit: usize,
        /// The vendor's request id, from the response headers.
        request_id: Option<String>,
    },
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::InvalidRequest { parameter, problem } => {
                write!(f, "invalid request: `{parameter}` {problem}")
            }
            Error::Build(source) => write!(f, "{source}"),
            Error::Signing(source) => {
                write!(f, "could not sign the request: {}", Causes(source))
            }
            Error::Credentials(source) => write!(f, "{source}"),
            Error::Transport { source } => {
                write!(f, "could not reach the service: {}", Causes(&**source))
            }
            Error::Timeout { source } => {
                write!(f, "the request timed out: {}", Causes(&**source))
            }
            Error::Api {
                status,
                code,
                message,
                request_id,
                ..
            } => {
                write!(f, "the service returned {}", HttpStatus(*status))?;
                match (code, message) {
                    (Some(code), Some(message)) => write!(f, ": {code}: {message}")?,
                    (Some(text), None) | (None, Some(text)) => write!(f, ": {text}")?,
                    (None, None) => {}
                }
                RequestIdSuffix(request_id.as_deref()).fmt(f)
            }
            Error::Decode {
                status,
                request_id,
                source,
                ..
            } => write!(
                f,
                "could not decode the {} response{}: {}",
                HttpStatus(*status),
                RequestIdSuffix(request_id.as_deref()),
                Causes(source)
            ),
            Error::ResponseTooLarge {
                status,
                limit,
                request_id,
            } => write!(
                f,
                "the {} response is larger than the {limit}-byte limit{}",
                HttpStatus(*status),
                RequestIdSuffix(request_id.as_deref())
            ),
        }
    }
}

/// `source()` is `None`: `Display` already says everything (see [`Error`]).
impl std::error::Error for Error {}

/// So a client's request builder can use `?` on a missing required field.
impl From<crate::BuildError> for Error {
    fn from(source: crate::BuildError) -> Self {
        Error::Build(source)
    }
}

/// An error and every error in its `source()` chain, joined by `": "`.
pub(crate) struct Causes<'a>(pub(crate) &'a (dyn std::error::Error + 'static));

impl std::fmt::Display for Causes<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)?;
        let mut next = self.0.source();
        while let Some(cause) = next {
            write!(f, ": {cause}")?;
            next = cause.source();
        }
        Ok(())
    }
}

/// `HTTP 403 Forbidden`: the code and, when it has one, its reason phrase.
struct HttpStatus(u16);

impl std::fmt::Display for HttpStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HTTP {}", self.0)?;
        let reason = reqwest::StatusCode::from_u16(self.0)
            .ok()
            .and_then(|status| status.canonical_reason());
        match reason {
            Some(reason) => write!(f, " {reason}"),
            None => Ok(()),
        }
    }
}

impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::InvalidRequest { parameter, problem } => f
                .debug_struct("InvalidRequest")
                .field("parameter", parameter)
                .field("problem", problem)
                .finish(),
            Error::Build(source) => f.debug_tuple("Build").field(source).finish(),
            Error::Signing(source) => f.debug_tuple("Signing").field(source).finish(),
            Error::Credentials(source) => f.debug_tuple("Credentials").field(source).finish(),
            Error::Transport { source } => {
                f.debug_struct("Transport").field("source", source).finish()
            }
            Error::Timeout { source } => f.debug_struct("Timeout").field("source", source).finish(),
            Error::Api {
                status,
                code,
                message,
                request_id,
                body,
            } => f
                .debug_struct("Api")
                .field("status", status)
                .field("code", code)
                .field("message", message)
                .field("request_id", request_id)
                .field("body", &BodyLen(Some(body)))
                .finish(),
            Error::Decode {
                status,
                body,
                request_id,
                source,
            } => f
                .debug_struct("Decode")
                .field("status", status)
                .field("body", &BodyLen(Some(body)))
                .field("request_id", request_id)
                .field("source", source)
                .finish(),
            Error::ResponseTooLarge {
                status,
                limit,
                request_id,
            } => f
                .debug_struct("ResponseTooLarge")
                .field("status", status)
                .field("limit", limit)
                .field("request_id", request_id)
                .finish(),
        }
    }
}

impl Error {
    /// An [`Error::InvalidRequest`], for generated validation code.
    pub fn invalid_request(parameter: impl Into<String>, problem: impl Into<String>) -> Self {
        Error::InvalidRequest {
            parameter: parameter.into(),
            problem: problem.into(),
        }
    }

    /// Whether trying the same request again may succeed: network failures,
    /// timeouts, HTTP 408, 429 and 5xx other than 501 and 505, and any
    /// status whose error code is a throttling code (see
    /// [`is_throttling_code`]). A body that failed to decode counts by its
    /// status, so a gateway's HTML 503 page is retried but a malformed 200
    /// is not.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport { .. } | Error::Timeout { .. } => true,
            Error::Api { status, code, .. } => {
                is_retryable_status(*status) || code.as_deref().is_some_and(is_throttling_code)
            }
            Error::Decode { status, .. } => is_retryable_status(*status),
            Error::InvalidRequest { .. }
            | Error::Build(_)
            | Error::Signing(_)
            | Error::Credentials(_)
            | Error::ResponseTooLarge { .. } => false,
        }
    }

    /// The HTTP status, when a response was received.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. }
            | Error::Decode { status, .. }
            | Error::ResponseTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The vendor's error code (`Code`, `code` or `error_code`).
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Api { code, .. } => code.as_deref(),
            _ => None,
        }
    }

    /// The vendor's request id, from the body or the response headers.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api { request_id, .. }
            | Error::Decode { request_id, .. }
            | Error::ResponseTooLarge { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The raw response body, when a response was received.
    pub fn body(&self) -> Option<&Bytes> {
        match self {
            Error::Api { body, .. } | Error::Decode { body, .. } => Some(body),
            _ => None,
        }
    }
}

fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429) || ((500..600).contains(&status) && !matches!(status, 501 | 505))
}

/// Error codes that mean "slow down", retried whatever the HTTP status:
///
/// - Alibaba Cloud: `Throttling`, `Throttling.User`, `Throttling.Api`,
///   `ServiceUnavailable`;
/// - Baidu BCE: `RequestRateLimitExceeded`, `TooManyRequests`;
/// - Huawei Cloud: `APIGW.0308` (API gateway flow control);
/// - any code containing `throttl` in any case (vendors add variants such
///   as `Throttling.Tenant`).
pub fn is_throttling_code(code: &str) -> bool {
    const CODES: &[&str] = &[
        "Throttling",
        "Throttling.User",
        "Throttling.Api",
        "ServiceUnavailable",
        "RequestRateLimitExceeded",
        "TooManyRequests",
        "APIGW.0308",
    ];
    CODES.contains(&code) || code.to_ascii_lowercase().contains("throttl")
}

/// The shape of a vendor's error body, and where it puts the request id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorFormat {
    /// Alibaba Cloud RPC APIs: `{"RequestId", "HostId", "Code", "Message",
    /// "Recommend"}`; header `x-acs-request-id`.
    Alibaba,
    /// Baidu BCE APIs: `{"requestId", "code", "message"}`; header
    /// `x-bce-request-id`.
    Bce,
    /// Huawei Cloud APIs: `{"error_code", "error_msg", "request_id"?}`, or
    /// `{"error": {"code", "message"}}` on some services; header
    /// `X-Request-Id`.
    Huawei,
    /// Any other API: `code` and `message` (or `error`, a string or an
    /// object with `code` and `message`) when the body is a JSON object,
    /// else neither; header `X-Request-Id`. The operation's typed error
    /// body decodes from [`Error::body`].
    Generic,
}

impl ErrorFormat {
    /// The response header that carries the request id.
    pub fn request_id_header(self) -> &'static str {
        match self {
            ErrorFormat::Alibaba => "x-acs-request-id",
            ErrorFormat::Bce => "x-bce-request-id",
            ErrorFormat::Huawei | ErrorFormat::Generic => "x-request-id",
        }
    }

    fn request_id_field(self) -> &'static str {
        match self {
            ErrorFormat::Alibaba => "RequestId",
            ErrorFormat::Bce => "requestId",
            ErrorFormat::Huawei => "request_id",
            ErrorFormat::Generic => "requestId",
        }
    }

    /// The request id in a JSON body, if it is an object that has one.
    pub(crate) fn request_id_in(self, body: &[u8]) -> Option<String> {
        let object = serde_json::from_slice::<Map<String, Value>>(body).ok()?;
        text(&object, self.request_id_field())
    }

    /// Builds the error for a non-2xx response. `header_request_id` is the
    /// value of [`ErrorFormat::request_id_header`], if sent.
    pub(crate) fn api_error(
        self,
        status: u16,
        body: Bytes,
        header_request_id: Option<String>,
    ) -> Error {
        let object = match serde_json::from_slice::<Map<String, Value>>(&body) {
            Ok(object) => object,
            // An empty error body (common on gateway 5xx) is not malformed:
            // the status alone says what happened. And any body is a valid
            // error body of an API we know nothing of; its typed decoding
            // is the generated code's.
            Err(_) if body.iter().all(u8::is_ascii_whitespace) || self == ErrorFormat::Generic => {
                return Error::Api {
                    status,
                    code: None,
                    message: None,
                    request_id: header_request_id,
                    body,
                }
            }
            Err(source) => {
                return Error::Decode {
                    status,
                    body,
                    request_id: header_request_id,
                    source,
                }
            }
        };
        let (code, message) = match self {
            ErrorFormat::Alibaba => (text(&object, "Code"), text(&object, "Message")),
            ErrorFormat::Bce => (text(&object, "code"), text(&object, "message")),
            ErrorFormat::Huawei => match object.get("error").and_then(Value::as_object) {
                Some(nested) if !object.contains_key("error_code") => {
                    (text(nested, "code"), text(nested, "message"))
                }
                _ => (text(&object, "error_code"), text(&object, "error_msg")),
            },
            ErrorFormat::Generic => match object.get("error") {
                Some(Value::Object(nested)) => (text(nested, "code"), text(nested, "message")),
                Some(Value::String(error)) => (text(&object, "code"), Some(error.clone())),
                _ => (text(&object, "code"), text(&object, "message")),
            },
        };
        Error::Api {
            status,
            code,
            message,
            request_id: text(&object, self.request_id_field()).or(header_request_id),
            body,
        }
    }
}

/// A string field, or a number printed as text (some gateways send numeric
/// codes); anything else counts as absent.
fn text(object: &Map<String, Value>, key: &str) -> Option<String> {
    match object.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

struct RequestIdSuffix<'a>(Option<&'a str>);

impl std::fmt::Display for RequestIdSuffix<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(id) => write!(f, " (request id {id})"),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(format: ErrorFormat, status: u16, body: &str, header: Option<&str>) -> Error {
        format.api_error(
            status,
            Bytes::copy_from_slice(body.as_bytes()),
            header.map(str::to_string),
        )
    }

    #[test]
    fn huawei_nested_error_object() {
        let err = api(
            ErrorFormat::Huawei,
            400,
            r#"{"error":{"code":"VIAS.1001","message":"bad"}}"#,
            Some("rid"),
        );
        assert_eq!(err.code(), Some("VIAS.1001"));
        assert_eq!(err.request_id(), Some("rid"));
        assert_eq!(
            err.to_string(),
            "the service returned HTTP 400 Bad Request: VIAS.1001: bad (request id rid)"
        );
    }

    #[test]
    fn body_request_id_wins_over_header() {
        let err = api(
            ErrorFormat::Bce,
            500,
            r#"{"requestId":"body-id","code":"InternalError","message":"x"}"#,
            Some("header-id"),
        );
        assert_eq!(err.request_id(), Some("body-id"));
        assert!(err.is_retryable());
    }

    #[test]
    fn empty_error_body_is_api_error_without_code() {
        let err = api(ErrorFormat::Alibaba, 503, "", None);
        assert!(matches!(err, Error::Api { code: None, .. }));
        assert!(err.is_retryable());
        assert_eq!(
            err.to_string(),
            "the service returned HTTP 503 Service Unavailable"
        );
    }

    #[test]
    fn non_object_error_body_is_decode_error() {
        let err = api(ErrorFormat::Bce, 502, "<html>Bad Gateway</html>", Some("r"));
        assert!(matches!(err, Error::Decode { status: 502, .. }));
        assert!(err.is_retryable(), "a gateway's 502 page is transient");
        assert_eq!(err.request_id(), Some("r"));
    }

    #[test]
    fn retryable_statuses_and_codes() {
        for status in [408, 429, 500, 502, 503, 504] {
            assert!(api(ErrorFormat::Bce, status, "{}", None).is_retryable());
        }
        for status in [400, 401, 403, 404, 409, 501, 505] {
            assert!(!api(ErrorFormat::Bce, status, "{}", None).is_retryable());
        }
        for code in [
            "Throttling",
            "Throttling.User",
            "Throttling.Api",
            "ServiceUnavailable",
            "RequestRateLimitExceeded",
            "TooManyRequests",
            "APIGW.0308",
            "Throttling.Tenant",
            "IMM.THROTTLED",
        ] {
            assert!(is_throttling_code(code), "{code}");
        }
        for code in ["InvalidParameter", "APIGW.0301", "Forbidden", ""] {
            assert!(!is_throttling_code(code), "{code}");
        }
    }

    #[test]
    fn display_carries_the_cause_chain_and_source_is_none() {
        #[derive(Debug)]
        struct Layer(&'static str, Option<Box<Layer>>);
        impl std::fmt::Display for Layer {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.0)
            }
        }
        impl std::error::Error for Layer {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                self.1.as_deref().map(|e| e as _)
            }
        }
        let refused = Layer(
            "error sending request",
            Some(Box::new(Layer("tcp connect error", None))),
        );
        let err = Error::Transport {
            source: Box::new(refused),
        };
        assert_eq!(
            err.to_string(),
            "could not reach the service: error sending request: tcp connect error"
        );
        assert!(std::error::Error::source(&err).is_none());

        let err = api(ErrorFormat::Alibaba, 500, "<html>", Some("r"));
        assert_eq!(
            err.to_string(),
            "could not decode the HTTP 500 Internal Server Error response (request id r): \
             expected value at line 1 column 1"
        );
        let err = api(ErrorFormat::Bce, 599, r#"{"code":"X"}"#, None);
        assert_eq!(err.to_string(), "the service returned HTTP 599: X");
    }

    #[test]
    fn generic_error_bodies() {
        let err = api(
            ErrorFormat::Generic,
            404,
            r#"{"code":404,"message":"no such pet"}"#,
            Some("r1"),
        );
        assert_eq!(err.code(), Some("404"));
        assert_eq!(
            err.to_string(),
            "the service returned HTTP 404 Not Found: 404: no such pet (request id r1)"
        );
        let err = api(
            ErrorFormat::Generic,
            400,
            r#"{"error":{"code":"bad","message":"m"}}"#,
            None,
        );
        assert_eq!(
            (err.code(), err.to_string().ends_with("bad: m")),
            (Some("bad"), true)
        );
        let err = api(ErrorFormat::Generic, 500, "oops", None);
        assert!(matches!(err, Error::Api { code: None, .. }));
        assert_eq!(err.body().map(|b| &b[..]), Some(&b"oops"[..]));
    }

    #[test]
    fn a_missing_required_field_is_a_build_error_not_retried() {
        let err = Error::from(crate::BuildError::missing("ListTasksRequest", "project_id"));
        assert!(matches!(err, Error::Build(_)));
        assert_eq!(
            err.to_string(),
            "cannot build `ListTasksRequest`: required field `project_id` is not set"
        );
        assert!(!err.is_retryable());
    }

    #[test]
    fn invalid_request_names_the_parameter() {
        let err = Error::invalid_request("MaxResults", "must be at most 100, got 101");
        assert_eq!(
            err.to_string(),
            "invalid request: `MaxResults` must be at most 100, got 101"
        );
        assert!(!err.is_retryable());
    }
}
