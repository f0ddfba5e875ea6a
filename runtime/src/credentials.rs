//! Credentials the request signers use, from explicit values or from the
//! environment.
//!
//! | vendor | variables |
//! |---|---|
//! | Alibaba | `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, optional `ALIBABA_CLOUD_SECURITY_TOKEN` (STS) |
//! | Huawei (AK/SK) | `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK` |
//! | Huawei (IAM token) | `HUAWEICLOUD_SDK_TOKEN` |
//! | Baidu | `BAIDU_CLOUD_ACCESS_KEY_ID`, `BAIDU_CLOUD_ACCESS_KEY_SECRET` |
//!
//! The Alibaba and Huawei AK/SK names are the ones the vendors' own SDKs
//! read. Baidu's SDKs read no variable, so the Baidu names are this crate's
//! choice, shaped like Alibaba's. Huawei's SDKs read no token variable;
//! `HUAWEICLOUD_SDK_TOKEN` follows their `HUAWEICLOUD_SDK_*` prefix.
//!
//! An empty variable counts as unset, as in the vendors' SDKs. Every
//! `from_env` has a `from_lookup` twin that takes the lookup as a closure,
//! so tests need not touch the process environment.

use std::env::VarError;
use std::fmt;

use crate::Redacted;

/// An access key pair (AK/SK), with an optional security token for Alibaba
/// STS credentials. `Debug` shows the id only.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessKey {
    id: String,
    secret: String,
    security_token: Option<String>,
}

impl AccessKey {
    /// An access key id and its secret, without a security token.
    pub fn new(id: impl Into<String>, secret: impl Into<String>) -> Self {
        AccessKey {
            id: id.into(),
            secret: secret.into(),
            security_token: None,
        }
    }

    /// Adds an STS security token (Alibaba: sent as `x-acs-security-token`).
    /// An empty token means none.
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        let token = token.into();
        self.security_token = (!token.is_empty()).then_some(token);
        self
    }

    /// The access key id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The secret.
    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// The security token, if any.
    pub fn security_token(&self) -> Option<&str> {
        self.security_token.as_deref()
    }

    /// Reads the key from the process environment.
    pub fn from_env(vars: &AccessKeyEnv) -> Result<Self, CredentialsError> {
        Self::read(vars, process_env)
    }

    /// Reads the key through `lookup` (variable name to value), for tests
    /// and for configuration sources other than the environment.
    pub fn from_lookup(
        vars: &AccessKeyEnv,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, CredentialsError> {
        Self::read(vars, |name| Ok(lookup(name)))
    }

    fn read(
        vars: &AccessKeyEnv,
        lookup: impl Fn(&'static str) -> Result<Option<String>, CredentialsError>,
    ) -> Result<Self, CredentialsError> {
        let id = non_empty(lookup(vars.id)?);
        let secret = non_empty(lookup(vars.secret)?);
        let (id, secret) = match (id, secret) {
            (Some(id), Some(secret)) => (id, secret),
            (id, secret) => {
                let missing = [(vars.id, id.is_none()), (vars.secret, secret.is_none())]
                    .into_iter()
                    .filter_map(|(var, absent)| absent.then_some(var))
                    .collect();
                return Err(CredentialsError::Missing {
                    vendor: vars.vendor,
                    missing,
                });
            }
        };
        let mut key = AccessKey::new(id, secret);
        if let Some(var) = vars.security_token {
            key.security_token = non_empty(lookup(var)?);
        }
        Ok(key)
    }
}

impl fmt::Debug for AccessKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessKey")
            .field("id", &self.id)
            .field("secret", &Redacted)
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| Redacted),
            )
            .finish()
    }
}

/// Which environment variables hold one vendor's access key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccessKeyEnv {
    /// Vendor name used in error messages.
    pub vendor: &'static str,
    /// The variable holding the access key id.
    pub id: &'static str,
    /// The variable holding the secret.
    pub secret: &'static str,
    /// The variable holding an optional security token, if the vendor has
    /// one.
    pub security_token: Option<&'static str>,
}

impl AccessKeyEnv {
    /// The variables the Alibaba Cloud SDKs read.
    pub const ALIBABA: AccessKeyEnv = AccessKeyEnv {
        vendor: "Alibaba Cloud",
        id: "ALIBABA_CLOUD_ACCESS_KEY_ID",
        secret: "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
        security_token: Some("ALIBABA_CLOUD_SECURITY_TOKEN"),
    };

    /// The variables the Huawei Cloud SDKs read for AK/SK.
    pub const HUAWEI: AccessKeyEnv = AccessKeyEnv {
        vendor: "Huawei Cloud",
        id: "HUAWEICLOUD_SDK_AK",
        secret: "HUAWEICLOUD_SDK_SK",
        security_token: None,
    };

    /// Baidu's SDKs read no variables; these names are this crate's choice.
    pub const BAIDU: AccessKeyEnv = AccessKeyEnv {
        vendor: "Baidu AI Cloud",
        id: "BAIDU_CLOUD_ACCESS_KEY_ID",
        secret: "BAIDU_CLOUD_ACCESS_KEY_SECRET",
        security_token: None,
    };
}

/// A bearer-style token sent as is in a header (Huawei IAM `X-Auth-Token`).
/// `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// A token as issued (e.g. Huawei's IAM `X-Subject-Token`).
    pub fn new(token: impl Into<String>) -> Self {
        Token(token.into())
    }

    /// The token text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Reads the token from the process environment.
    pub fn from_env(vars: &TokenEnv) -> Result<Self, CredentialsError> {
        Self::read(vars, process_env)
    }

    /// Reads the token through `lookup` (variable name to value).
    pub fn from_lookup(
        vars: &TokenEnv,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, CredentialsError> {
        Self::read(vars, |name| Ok(lookup(name)))
    }

    fn read(
        vars: &TokenEnv,
        lookup: impl Fn(&'static str) -> Result<Option<String>, CredentialsError>,
    ) -> Result<Self, CredentialsError> {
        match non_empty(lookup(vars.token)?) {
            Some(token) => Ok(Token(token)),
            None => Err(CredentialsError::Missing {
                vendor: vars.vendor,
                missing: vec![vars.token],
            }),
        }
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Token").field(&Redacted).finish()
    }
}

/// Which environment variable holds one vendor's token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenEnv {
    /// Vendor name used in error messages.
    pub vendor: &'static str,
    /// The variable holding the token.
    pub token: &'static str,
}

impl TokenEnv {
    /// Huawei IAM token; the variable name is this crate's choice.
    pub const HUAWEI: TokenEnv = TokenEnv {
        vendor: "Huawei Cloud",
        token: "HUAWEICLOUD_SDK_TOKEN",
    };
}

/// Credentials could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialsError {
    /// A variable the credentials need is unset or empty.
    #[error("{vendor} credentials not found: set {}", .missing.join(" and "))]
    Missing {
        /// The vendor whose credentials were looked for.
        vendor: &'static str,
        /// The variables to set (all of the pair when both are missing).
        missing: Vec<&'static str>,
    },
    /// A variable is set but not valid Unicode.
    #[error("environment variable {var} is not valid Unicode")]
    NotUnicode {
        /// The variable's name.
        var: &'static str,
    },
}

fn process_env(name: &'static str) -> Result<Option<String>, CredentialsError> {
    match std::env::var(name) {
        Ok(value) => Ok(Some(value)),
        Err(VarError::NotPresent) => Ok(None),
        Err(VarError::NotUnicode(_)) => Err(CredentialsError::NotUnicode { var: name }),
    }
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn debug_redacts_secret_and_token() {
        let key = AccessKey::new("AKID", "s3cr3t").with_security_token("tok3n");
        let shown = format!("{key:?}");
        assert_eq!(
            shown,
            r#"AccessKey { id: "AKID", secret: <redacted>, security_token: Some(<redacted>) }"#
        );
        assert_eq!(format!("{:?}", Token::new("tok3n")), "Token(<redacted>)");
    }

    #[test]
    fn alibaba_reads_pair_and_sts_token() {
        let key = AccessKey::from_lookup(
            &AccessKeyEnv::ALIBABA,
            env(&[
                ("ALIBABA_CLOUD_ACCESS_KEY_ID", "id"),
                ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "secret"),
                ("ALIBABA_CLOUD_SECURITY_TOKEN", "sts"),
            ]),
        )
        .unwrap();
        assert_eq!(
            (key.id(), key.secret(), key.security_token()),
            ("id", "secret", Some("sts"))
        );
    }

    #[test]
    fn huawei_and_baidu_read_their_variables() {
        let hw = AccessKey::from_lookup(
            &AccessKeyEnv::HUAWEI,
            env(&[("HUAWEICLOUD_SDK_AK", "ak"), ("HUAWEICLOUD_SDK_SK", "sk")]),
        )
        .unwrap();
        assert_eq!(
            (hw.id(), hw.secret(), hw.security_token()),
            ("ak", "sk", None)
        );
        let bd = AccessKey::from_lookup(
            &AccessKeyEnv::BAIDU,
            env(&[
                ("BAIDU_CLOUD_ACCESS_KEY_ID", "ak"),
                ("BAIDU_CLOUD_ACCESS_KEY_SECRET", "sk"),
            ]),
        )
        .unwrap();
        assert_eq!((bd.id(), bd.secret()), ("ak", "sk"));
        let token = Token::from_lookup(
            &TokenEnv::HUAWEI,
            env(&[("HUAWEICLOUD_SDK_TOKEN", "MII...")]),
        )
        .unwrap();
        assert_eq!(token.as_str(), "MII...");
    }

    #[test]
    fn missing_variables_are_named() {
        let err = AccessKey::from_lookup(&AccessKeyEnv::ALIBABA, env(&[])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Alibaba Cloud credentials not found: set ALIBABA_CLOUD_ACCESS_KEY_ID and \
             ALIBABA_CLOUD_ACCESS_KEY_SECRET"
        );
        let err = AccessKey::from_lookup(
            &AccessKeyEnv::HUAWEI,
            env(&[("HUAWEICLOUD_SDK_AK", "ak"), ("HUAWEICLOUD_SDK_SK", "")]),
        )
        .unwrap_err();
        assert_eq!(
            err,
            CredentialsError::Missing {
                vendor: "Huawei Cloud",
                missing: vec!["HUAWEICLOUD_SDK_SK"],
            }
        );
        let err = AccessKey::from_lookup(
            &AccessKeyEnv::BAIDU,
            env(&[("BAIDU_CLOUD_ACCESS_KEY_SECRET", "sk")]),
        )
        .unwrap_err();
        assert!(err.to_string().contains("set BAIDU_CLOUD_ACCESS_KEY_ID"));
        let err = Token::from_lookup(&TokenEnv::HUAWEI, env(&[])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Huawei Cloud credentials not found: set HUAWEICLOUD_SDK_TOKEN"
        );
    }

    #[test]
    fn empty_security_token_is_none() {
        let key = AccessKey::new("a", "b").with_security_token("");
        assert_eq!(key.security_token(), None);
    }
}
