//! Request signing, independent of any HTTP library.
//!
//! The HTTP layer builds a [`SignableRequest`] once per attempt (so every
//! retry gets a fresh date and nonce) and calls [`Signer::sign`], which adds
//! its headers, `Authorization` included, to `headers`. Signing is a pure
//! function of the request, the time passed in, the credentials and, for
//! Alibaba, a nonce from an injectable [`NonceSource`].
//!
//! Contract with the HTTP layer:
//! - `path` and `query` are *decoded*; each signer encodes them the way its
//!   vendor's SDK does (the path as [`encode_path`] writes it: RFC 3986,
//!   everything but unreserved characters and `/` percent-encoded). The
//!   servers decode what arrives and encode it the same way before they
//!   check, so the path may be sent with literal `:`, `@` or sub-delims
//!   (`/v1/a:cancel` and `/v1/a%3Acancel` sign alike), and the query in any
//!   order and any valid percent-encoding. The transport passes the decode
//!   of the path it sends.
//! - Every header in `headers` after signing must be sent unchanged: the
//!   Alibaba and Huawei schemes sign every header present, as their SDKs do.
//!   Headers the transport adds afterwards are not signed, which is fine.
//! - A signer first removes the headers it owns (`Authorization`, date,
//!   nonce, ...), so signing the same header list again replaces them
//!   rather than signing a stale signature.
//! - `host` is the `Host` header value (with `:port` when not the default);
//!   a signer adds a `Host` header from it unless one is already present.
//!
//! | scheme (`x-taskgen-signing`) | signer |
//! |---|---|
//! | `ACS3-HMAC-SHA256` | [`Acs3Signer`] |
//! | `bce-auth-v1` | [`BceSigner`] |
//! | `SDK-HMAC-SHA256` | [`HuaweiAkSkSigner`] |
//! | `token` | [`TokenSigner`] |

mod acs3;
mod bce;
mod encode;
mod huawei;
mod time;
mod token;
mod util;

use std::fmt;
use std::time::SystemTime;

pub use acs3::Acs3Signer;
pub use bce::BceSigner;
pub use encode::encode_path;
pub use huawei::HuaweiAkSkSigner;
pub use token::TokenSigner;

/// One HTTP request as a signer sees it.
#[derive(Debug)]
pub struct SignableRequest<'a> {
    /// HTTP method as sent, e.g. `GET`.
    pub method: &'a str,
    /// Value of the `Host` header: host name, plus `:port` if not default.
    pub host: &'a str,
    /// Decoded path, starting with `/` (empty means `/`).
    pub path: &'a str,
    /// Decoded query pairs in send order; keys may repeat, values may be empty.
    pub query: &'a [(String, String)],
    /// Headers to send; the signer adds its own here.
    pub headers: &'a mut Vec<(String, String)>,
    /// The exact body bytes that will be sent.
    pub body: &'a [u8],
}

/// Signs a request in place. `Debug` output never shows secrets.
pub trait Signer: Send + Sync + fmt::Debug {
    /// Adds the scheme's headers (date, nonce, `Authorization`, ...) to
    /// `request.headers`, computed for the instant `now`.
    fn sign(&self, request: &mut SignableRequest<'_>, now: SystemTime) -> Result<(), SignError>;
}

/// Signs nothing: for APIs without a vendor signature, whose credentials
/// (if any) are standard schemes ([`crate::auth`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Unsigned;

impl Signer for Unsigned {
    fn sign(&self, _request: &mut SignableRequest<'_>, _now: SystemTime) -> Result<(), SignError> {
        Ok(())
    }
}

/// Source of the one-time values some schemes put in each request.
pub trait NonceSource: Send + Sync + fmt::Debug {
    /// A value not returned before.
    fn nonce(&self) -> String;
}

/// 128 random bits as 32 lowercase hex digits (the length Alibaba's SDKs
/// send), from the thread-local CSPRNG.
#[derive(Debug, Clone, Copy, Default)]
pub struct RandomNonce;

impl NonceSource for RandomNonce {
    fn nonce(&self) -> String {
        hex::encode(rand::random::<[u8; 16]>())
    }
}

/// Always the same nonce: for tests and reproducing vectors only, since a
/// server rejects a nonce it has seen before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixedNonce(pub String);

impl NonceSource for FixedNonce {
    fn nonce(&self) -> String {
        self.0.clone()
    }
}

/// A request could not be signed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    /// The signing time cannot be written as the scheme requires.
    #[error("the clock is outside the years 1970..=9999")]
    TimeOutOfRange,
    /// A header the scheme signs is missing.
    #[error("header `{name}` is required by this signature scheme but missing or empty")]
    MissingHeader {
        /// The header's name.
        name: &'static str,
    },
    /// A header's value cannot be put into the string to sign.
    #[error("header `{name}` cannot be signed: {reason}")]
    InvalidHeader {
        /// The header's name.
        name: String,
        /// What is wrong with its value.
        reason: &'static str,
    },
    /// A header the scheme signs appears twice.
    #[error("header `{name}` appears more than once; this scheme signs each header once")]
    DuplicateHeader {
        /// The header's name.
        name: String,
    },
    /// A query parameter appears twice.
    #[error("query parameter `{key}` appears more than once; this scheme signs each key once")]
    RepeatedQueryKey {
        /// The parameter's name.
        key: String,
    },
    /// The path is not absolute.
    #[error("path `{path}` does not start with `/`")]
    InvalidPath {
        /// The path as given.
        path: String,
    },
}
