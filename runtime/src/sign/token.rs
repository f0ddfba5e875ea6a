//! The `token` scheme: a header carries a token as is (Huawei IAM
//! `X-Auth-Token`).

use std::time::SystemTime;

use super::util::{check_headers, set_header};
use super::{SignError, SignableRequest, Signer};
use crate::credentials::Token;

/// Sets one header to a token. `Debug` never shows the token.
#[derive(Debug, Clone)]
pub struct TokenSigner {
    header: String,
    token: Token,
}

impl TokenSigner {
    /// Header Huawei Cloud reads an IAM token from.
    pub const HUAWEI_HEADER: &'static str = "X-Auth-Token";

    /// A signer that puts `token` in header `header`.
    pub fn new(header: impl Into<String>, token: Token) -> Self {
        TokenSigner {
            header: header.into(),
            token,
        }
    }

    /// Huawei Cloud IAM token in `X-Auth-Token`.
    pub fn huawei(token: Token) -> Self {
        Self::new(Self::HUAWEI_HEADER, token)
    }
}

impl Signer for TokenSigner {
    fn sign(&self, request: &mut SignableRequest<'_>, _now: SystemTime) -> Result<(), SignError> {
        let entry = [(self.header.clone(), self.token.as_str().to_string())];
        // Checked on its own: a bad token must not reach the wire, and the
        // error names the header, never the value.
        check_headers(&entry)?;
        set_header(
            request.headers,
            &self.header,
            self.token.as_str().to_string(),
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_and_replaces_the_header() {
        let signer = TokenSigner::huawei(Token::new("MIIabc"));
        let mut headers = vec![("x-auth-token".to_string(), "stale".to_string())];
        let mut request = SignableRequest {
            method: "GET",
            host: "vias.cn-north-4.myhuaweicloud.com",
            path: "/v2/p/tasks",
            query: &[],
            headers: &mut headers,
            body: b"",
        };
        signer.sign(&mut request, SystemTime::now()).unwrap();
        assert_eq!(
            headers,
            vec![("X-Auth-Token".to_string(), "MIIabc".to_string())]
        );
        assert!(!format!("{signer:?}").contains("MIIabc"));
    }

    #[test]
    fn refuses_a_token_with_a_line_break() {
        let signer = TokenSigner::huawei(Token::new("a\nb"));
        let mut headers = Vec::new();
        let mut request = SignableRequest {
            method: "GET",
            host: "h",
            path: "/",
            query: &[],
            headers: &mut headers,
            body: b"",
        };
        let err = signer.sign(&mut request, SystemTime::now()).unwrap_err();
        assert!(!err.to_string().contains("a\nb"));
        assert!(headers.is_empty());
    }
}
