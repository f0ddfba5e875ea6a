//! Observing (and, for tests, altering) what the transport sends and
//! receives.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;

use crate::error::Error;
use crate::request::{BodyLen, Method, RedactedHeaders, RedactedQuery};

/// Called by the transport on every attempt. All methods default to doing
/// nothing. Hooks run synchronously on the request path: keep them cheap.
pub trait Hook: Send + Sync {
    /// The signed request, just before it is sent. Changes made here are
    /// sent as they are (after signing, so they can invalidate the
    /// signature: useful for tests, not for production).
    fn on_request(&self, request: &mut OutgoingRequest) {
        let _ = request;
    }

    /// A response was received (any status), before it is decoded.
    fn on_response(&self, response: &IncomingResponse<'_>) {
        let _ = response;
    }

    /// Attempt `attempt` failed with `error` and the transport will try
    /// again after `delay`.
    fn on_retry(&self, attempt: u32, error: &Error, delay: Duration) {
        let _ = (attempt, error, delay);
    }
}

/// One attempt of a request as it will go on the wire. `Debug` redacts
/// credential headers and query parameters and omits the body.
#[derive(Clone)]
pub struct OutgoingRequest {
    /// 1 for the first attempt.
    pub attempt: u32,
    /// The HTTP method.
    pub method: Method,
    /// The path, as encoded in the URL (base URL prefix included).
    pub path: String,
    /// The query parameters, in order, not yet percent-encoded.
    pub query: Vec<(String, String)>,
    /// Headers as signed; the HTTP client adds `host` and `content-length`
    /// unless present.
    pub headers: Vec<(String, String)>,
    /// The request body, if any.
    pub body: Option<Bytes>,
    pub(crate) host: String,
    /// Headers and query parameters that carry the client's API keys.
    pub(crate) secret_names: Vec<String>,
}

impl OutgoingRequest {
    /// `host[:port]` the request goes to.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The first value of a header, matched case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for OutgoingRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OutgoingRequest")
            .field("attempt", &self.attempt)
            .field("method", &self.method)
            .field("host", &self.host)
            .field("path", &self.path)
            .field("query", &RedactedQuery(&self.query, &self.secret_names))
            .field(
                "headers",
                &RedactedHeaders(&self.headers, &self.secret_names),
            )
            .field("body", &BodyLen(self.body.as_deref()))
            .finish()
    }
}

/// A response as received, before decoding. `Debug` redacts like
/// [`OutgoingRequest`].
pub struct IncomingResponse<'a> {
    /// 1 for the first attempt.
    pub attempt: u32,
    /// The HTTP status code.
    pub status: u16,
    /// The response headers, names in lower case.
    pub headers: &'a [(String, String)],
    /// The response body as received.
    pub body: &'a [u8],
}

impl IncomingResponse<'_> {
    /// The first value of a header, matched case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for IncomingResponse<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IncomingResponse")
            .field("attempt", &self.attempt)
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(self.headers, &[]))
            .field("body", &BodyLen(Some(self.body)))
            .finish()
    }
}
