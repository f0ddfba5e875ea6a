//! The standard OpenAPI security schemes: HTTP basic and bearer, API keys
//! in a header, the query or a cookie, and OAuth 2 / OpenID Connect access
//! tokens sent as bearer tokens the caller supplies. (Vendor signatures,
//! `x-taskgen-signing`, are [`Signer`](crate::sign::Signer)s instead.)
//!
//! A generated client declares its schemes in its
//! [`Service`](crate::Service), holds the [`Credentials`] its user gave,
//! and marks each request with the requirements it may meet
//! ([`Request::security`](crate::Request::security)): the transport picks
//! the first requirement whose every scheme has a credential, before
//! anything is sent, and applies it to each attempt.

use std::fmt;
use std::sync::Arc;

use base64::Engine;

use crate::credentials::Token;
use crate::error::BoxError;
use crate::paginate::BoxFuture;
use crate::redact::Redacted;

/// A security scheme of the spec (`components/securitySchemes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The scheme's name in the spec, as requirements name it.
    pub name: &'static str,
    /// How its credential goes into a request.
    pub kind: SchemeKind,
}

/// How a scheme's credential goes into a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SchemeKind {
    /// `http` `basic`: `Authorization: Basic base64(username:password)`.
    Basic,
    /// `http` `bearer`, `oauth2` and `openIdConnect`:
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `apiKey`: the key as is, in the header, query parameter or cookie
    /// called `name`.
    ApiKey {
        /// Where the key goes.
        location: ApiKeyLocation,
        /// The header, query parameter or cookie name.
        name: &'static str,
    },
}

/// Where an API key goes (`in` of an `apiKey` scheme).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie, in the `Cookie` header.
    Cookie,
}

/// Supplies bearer tokens. Asked before every attempt, so an
/// implementation can cache a token and refresh it when it expires; a
/// [`Token`] is a provider of itself, and [`token_fn`] makes one of a
/// function.
pub trait TokenProvider: Send + Sync {
    /// The token to send now.
    fn token(&self) -> BoxFuture<'_, Result<Token, BoxError>>;
}

impl TokenProvider for Token {
    fn token(&self) -> BoxFuture<'_, Result<Token, BoxError>> {
        let token = self.clone();
        Box::pin(async move { Ok(token) })
    }
}

/// A [`TokenProvider`] calling `f` before every attempt (synchronously:
/// for an async refresh, implement the trait).
pub fn token_fn<F>(f: F) -> impl TokenProvider
where
    F: Fn() -> Result<Token, BoxError> + Send + Sync,
{
    struct TokenFn<F>(F);
    impl<F: Fn() -> Result<Token, BoxError> + Send + Sync> TokenProvider for TokenFn<F> {
        fn token(&self) -> BoxFuture<'_, Result<Token, BoxError>> {
            let token = (self.0)();
            Box::pin(async move { token })
        }
    }
    TokenFn(f)
}

/// The credential given for one scheme. `Debug` never shows a secret.
#[derive(Clone)]
pub enum Credential {
    /// For [`SchemeKind::Basic`].
    Basic {
        /// The user name (sent, but shown by `Debug` too).
        username: String,
        /// The password.
        password: Token,
    },
    /// For [`SchemeKind::Bearer`].
    Bearer(Arc<dyn TokenProvider>),
    /// For [`SchemeKind::ApiKey`].
    ApiKey(Token),
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::Basic { username, .. } => f
                .debug_struct("Basic")
                .field("username", username)
                .field("password", &Redacted)
                .finish(),
            Credential::Bearer(_) => f.debug_tuple("Bearer").field(&Redacted).finish(),
            Credential::ApiKey(_) => f.debug_tuple("ApiKey").field(&Redacted).finish(),
        }
    }
}

/// The credentials a client holds, by scheme name.
#[derive(Debug, Clone, Default)]
pub struct Credentials(Vec<(&'static str, Credential)>);

/// What applying a requirement adds to a request: headers, query
/// parameters, and the names whose values are secrets (for redaction).
#[derive(Debug, Default)]
pub(crate) struct Applied {
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) cookies: Vec<String>,
    pub(crate) secret_names: Vec<String>,
}

impl Credentials {
    /// Gives (or replaces) the credential of scheme `scheme`.
    pub fn set(&mut self, scheme: &'static str, credential: Credential) {
        self.0.retain(|(name, _)| *name != scheme);
        self.0.push((scheme, credential));
    }

    fn get(&self, scheme: &str) -> Option<&Credential> {
        self.0
            .iter()
            .find(|(name, _)| *name == scheme)
            .map(|(_, credential)| credential)
    }

    /// The first requirement whose every scheme has a credential (an empty
    /// requirement needs none); no requirements at all means no
    /// authentication.
    pub(crate) fn choose(
        &self,
        security: &'static [&'static [&'static str]],
    ) -> Result<&'static [&'static str], AuthError> {
        if security.is_empty() {
            return Ok(&[]);
        }
        security
            .iter()
            .copied()
            .find(|requirement| requirement.iter().all(|s| self.get(s).is_some()))
            .ok_or_else(|| AuthError::Missing {
                alternatives: security
                    .iter()
                    .map(|r| r.iter().map(|s| s.to_string()).collect())
                    .collect(),
            })
    }

    /// The credentials of `requirement`'s schemes, as request parts.
    pub(crate) async fn apply(
        &self,
        schemes: &[SecurityScheme],
        requirement: &[&'static str],
    ) -> Result<Applied, AuthError> {
        let mut applied = Applied::default();
        for &name in requirement {
            let kind = schemes.iter().find(|s| s.name == name).map(|s| s.kind);
            let (Some(kind), Some(credential)) = (kind, self.get(name)) else {
                return Err(AuthError::Missing {
                    alternatives: vec![vec![name.to_string()]],
                });
            };
            let value = match credential {
                Credential::Basic { username, password } => {
                    let pair = format!("{username}:{}", password.as_str());
                    format!(
                        "Basic {}",
                        base64::engine::general_purpose::STANDARD.encode(pair)
                    )
                }
                Credential::Bearer(provider) => {
                    let token = provider
                        .token()
                        .await
                        .map_err(|source| AuthError::Provider {
                            scheme: name.to_string(),
                            source,
                        })?;
                    format!("Bearer {}", token.as_str())
                }
                Credential::ApiKey(key) => key.as_str().to_string(),
            };
            match kind {
                SchemeKind::Basic | SchemeKind::Bearer => {
                    applied.headers.push(("authorization".into(), value));
                }
                SchemeKind::ApiKey { location, name } => {
                    applied.secret_names.push(name.to_string());
                    match location {
                        ApiKeyLocation::Header => applied.headers.push((name.into(), value)),
                        ApiKeyLocation::Query => applied.query.push((name.into(), value)),
                        ApiKeyLocation::Cookie => applied.cookies.push(format!("{name}={value}")),
                    }
                }
            }
        }
        Ok(applied)
    }
}

/// A request could not get its credentials; nothing was sent.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// No requirement of the operation is met by the client's credentials.
    #[error("the operation needs credentials the client was not given: {}", alternatives_text(.alternatives))]
    Missing {
        /// The operation's requirements: each a list of scheme names that
        /// must all have credentials.
        alternatives: Vec<Vec<String>>,
    },
    /// A [`TokenProvider`] failed.
    #[error("the token provider of scheme `{scheme}` failed: {source}")]
    Provider {
        /// The scheme's name.
        scheme: String,
        /// The provider's error.
        source: BoxError,
    },
}

fn alternatives_text(alternatives: &[Vec<String>]) -> String {
    alternatives
        .iter()
        .map(|r| format!("`{}`", r.join("` and `")))
        .collect::<Vec<_>>()
        .join(", or ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMES: &[SecurityScheme] = &[
        SecurityScheme {
            name: "basic",
            kind: SchemeKind::Basic,
        },
        SecurityScheme {
            name: "key",
            kind: SchemeKind::ApiKey {
                location: ApiKeyLocation::Query,
                name: "api_key",
            },
        },
        SecurityScheme {
            name: "session",
            kind: SchemeKind::ApiKey {
                location: ApiKeyLocation::Cookie,
                name: "sid",
            },
        },
        SecurityScheme {
            name: "oauth",
            kind: SchemeKind::Bearer,
        },
    ];

    fn block_on<T>(future: impl std::future::Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(future)
    }

    #[test]
    fn chooses_the_first_requirement_it_can_meet() {
        let mut credentials = Credentials::default();
        credentials.set("key", Credential::ApiKey(Token::new("k")));
        assert_eq!(credentials.choose(&[]).unwrap(), &[] as &[&str]);
        assert_eq!(
            credentials.choose(&[&["oauth"], &["key"], &[]]).unwrap(),
            &["key"]
        );
        assert_eq!(
            credentials.choose(&[&["oauth"], &[]]).unwrap(),
            &[] as &[&str]
        );
        let err = credentials
            .choose(&[&["oauth"], &["key", "session"]])
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "the operation needs credentials the client was not given: `oauth`, or `key` and `session`"
        );
    }

    #[test]
    fn applies_each_kind_where_it_goes() {
        let mut credentials = Credentials::default();
        credentials.set(
            "basic",
            Credential::Basic {
                username: "Aladdin".into(),
                password: Token::new("open sesame"),
            },
        );
        credentials.set("key", Credential::ApiKey(Token::new("k1")));
        credentials.set("session", Credential::ApiKey(Token::new("s1")));
        credentials.set(
            "oauth",
            Credential::Bearer(Arc::new(token_fn(|| Ok(Token::new("t1"))))),
        );
        let applied =
            block_on(credentials.apply(SCHEMES, &["basic", "key", "session", "oauth"])).unwrap();
        assert_eq!(
            applied.headers,
            [
                (
                    "authorization".into(),
                    "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==".into()
                ),
                ("authorization".into(), "Bearer t1".into())
            ]
        );
        assert_eq!(applied.query, [("api_key".into(), "k1".into())]);
        assert_eq!(applied.cookies, ["sid=s1"]);
        assert_eq!(applied.secret_names, ["api_key", "sid"]);
    }

    #[test]
    fn a_failing_provider_names_its_scheme_and_debug_shows_no_secret() {
        let mut credentials = Credentials::default();
        credentials.set(
            "oauth",
            Credential::Bearer(Arc::new(token_fn(|| Err("refresh failed".into())))),
        );
        credentials.set(
            "basic",
            Credential::Basic {
                username: "u".into(),
                password: Token::new("pw-SECRET"),
            },
        );
        let err = block_on(credentials.apply(SCHEMES, &["oauth"])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the token provider of scheme `oauth` failed: refresh failed"
        );
        assert!(!format!("{credentials:?}").contains("SECRET"));
    }
}
