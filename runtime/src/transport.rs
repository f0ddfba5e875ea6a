//! Sends a [`Request`]: per attempt, build the URL, sign, run the hook,
//! send, decode; retry as the [`RetryPolicy`](crate::RetryPolicy) says.

use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use percent_encoding::percent_decode_str;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, RETRY_AFTER};
use serde::de::DeserializeOwned;
use url::Url;

use crate::auth::{Credential, Credentials};
use crate::config::{ClientConfig, ConfigError, Service};
use crate::error::Error;
use crate::hook::{IncomingResponse, OutgoingRequest};
use crate::path::wire_path;
use crate::request::{encode_query, is_sensitive_header, Request};
use crate::retry::parse_retry_after;
use crate::sign::{SignableRequest, Signer};

/// The HTTP client a generated client wraps: one per client, cheap to clone
/// (clones share the connection pool).
#[derive(Clone)]
pub struct Transport {
    http: reqwest::Client,
    base_url: Url,
    /// Decoded path prefix of the base URL, without a trailing `/`.
    base_path: String,
    /// `Host` header value: host, plus `:port` when not the scheme's default.
    host: String,
    service: Service,
    config: ClientConfig,
    signer: Arc<dyn Signer>,
    credentials: Credentials,
}

/// A successful (2xx) response, before its body is decoded: what generated
/// code decodes by status and media type.
#[derive(Debug, Clone)]
pub struct Response {
    status: u16,
    request_id: Option<String>,
    body: Bytes,
}

impl Response {
    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The body as received.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The body as received, owned.
    pub fn into_bytes(self) -> Bytes {
        self.body
    }

    /// The body decoded as JSON. An empty body decodes as JSON `null`, so
    /// `T = ()` or `Option<_>` accept it.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        let body: &[u8] = if self.body.iter().all(u8::is_ascii_whitespace) {
            b"null"
        } else {
            &self.body
        };
        serde_json::from_slice(body).map_err(|source| self.decode_error(source))
    }

    /// The body as text; it must be UTF-8.
    pub fn text(&self) -> Result<String, Error> {
        String::from_utf8(self.body.to_vec())
            .map_err(|_| self.decode_error(serde::de::Error::custom("the text body is not UTF-8")))
    }

    fn decode_error(&self, source: serde_json::Error) -> Error {
        Error::Decode {
            status: self.status,
            request_id: self.request_id.clone(),
            body: self.body.clone(),
            source,
        }
    }
}

/// A response that arrived, before its body is decoded.
struct Received {
    status: u16,
    headers: HeaderMap,
    body: Bytes,
}

impl Transport {
    /// Resolves the endpoint and builds the HTTP client. Fails on a missing
    /// or invalid region or base URL.
    pub fn new(
        config: ClientConfig,
        service: Service,
        signer: Arc<dyn Signer>,
    ) -> Result<Self, ConfigError> {
        let base_url = config.resolve_base_url(&service)?;
        let host_name = base_url.host_str().unwrap_or_default();
        let host = match base_url.port() {
            Some(port) => format!("{host_name}:{port}"),
            None => host_name.to_string(),
        };
        // Already encoded, as the URL holds it.
        let base_path = base_url.path().trim_end_matches('/').to_string();

        let mut builder = reqwest::Client::builder()
            // The total timeout is set per attempt (it may be cut short
            // by a deadline).
            .connect_timeout(config.connect_timeout)
            // Following a redirect would resend credential headers to
            // wherever the server points, and a signature covers one URL.
            .redirect(reqwest::redirect::Policy::none());
        if is_loopback(&base_url) {
            // A proxy from the environment cannot reach our loopback.
            builder = builder.no_proxy();
        }
        let http = builder.build().map_err(|source| ConfigError::HttpClient {
            source: Box::new(source),
        })?;

        Ok(Transport {
            http,
            base_url,
            base_path,
            host,
            service,
            config,
            signer,
            credentials: Credentials::default(),
        })
    }

    /// Gives (or replaces) the credential of security scheme `scheme` (a
    /// name of the service's [`SecurityScheme`](crate::auth::SecurityScheme)s).
    pub fn with_credential(mut self, scheme: &'static str, credential: Credential) -> Self {
        self.credentials.set(scheme, credential);
        self
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &Url {
        &self.base_url
    }

    /// The service this transport sends to.
    pub fn service(&self) -> &Service {
        &self.service
    }

    /// The configuration it was built with.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// Sends `request` and decodes a 2xx JSON body as `T`. An empty 2xx
    /// body decodes as JSON `null`, so `T = ()` or `Option<_>` accept it.
    pub async fn send<T: DeserializeOwned>(&self, request: Request) -> Result<T, Error> {
        self.send_raw(request).await?.json()
    }

    /// Sends `request` and returns the 2xx response undecoded; any other
    /// status is an [`Error`] carrying the body.
    pub async fn send_raw(&self, request: Request) -> Result<Response, Error> {
        let received = self.send_with_retries(&request).await?;
        Ok(Response {
            status: received.status,
            request_id: self
                .header_request_id(&received.headers)
                .or_else(|| self.service.error_format.request_id_in(&received.body)),
            body: received.body,
        })
    }

    async fn send_with_retries(&self, request: &Request) -> Result<Received, Error> {
        check_request(request)?;
        let requirement = self
            .credentials
            .choose(request.security)
            .map_err(Error::Credentials)?;
        let policy = &self.config.retry;
        let deadline = self.config.deadline.map(|d| Instant::now() + d);
        let mut attempt = 1;
        loop {
            let timeout = match deadline {
                Some(deadline) => self.config.timeout.min(deadline - Instant::now()),
                None => self.config.timeout,
            };
            let (error, retry_after) =
                match self.attempt(request, requirement, attempt, timeout).await {
                    Ok(received) if (200..300).contains(&received.status) => return Ok(received),
                    Ok(received) => {
                        let retry_after = received
                            .headers
                            .get(RETRY_AFTER)
                            .and_then(|v| v.to_str().ok())
                            .and_then(|v| parse_retry_after(v, SystemTime::now()));
                        let request_id = self.header_request_id(&received.headers);
                        let error = self.service.error_format.api_error(
                            received.status,
                            received.body,
                            request_id,
                        );
                        (error, retry_after)
                    }
                    Err(error) => (error, None),
                };
            if !request.idempotent || !error.is_retryable() || attempt >= policy.max_attempts() {
                return Err(error);
            }
            let delay = policy.delay(attempt, retry_after, rand::random::<f64>());
            if deadline.is_some_and(|deadline| Instant::now() + delay >= deadline) {
                return Err(error);
            }
            if let Some(hook) = &self.config.hook {
                hook.on_retry(attempt, &error, delay);
            }
            self.config.sleep.sleep(delay).await;
            attempt += 1;
        }
    }

    /// One attempt within `timeout`: credentials of `requirement` (a
    /// token provider may refresh), sign afresh (new date and nonce), send,
    /// read the body.
    async fn attempt(
        &self,
        request: &Request,
        requirement: &[&'static str],
        attempt: u32,
        timeout: Duration,
    ) -> Result<Received, Error> {
        let mut headers = request.headers.clone();
        let mut query = request.query.clone();
        let applied = self
            .credentials
            .apply(self.service.security_schemes, requirement)
            .await
            .map_err(Error::Credentials)?;
        headers.extend(applied.headers);
        query.extend(applied.query);
        if !applied.cookies.is_empty() {
            add_cookies(&mut headers, &applied.cookies);
        }
        set_default(&mut headers, "user-agent", &self.config.user_agent);
        set_default(&mut headers, "accept", "application/json");
        if let Some(content_type) = &request.content_type {
            set_default(&mut headers, "content-type", content_type);
        }
        let path = wire_path(&format!("{}{}", self.base_path, request.path));
        // Signers take the decoded path and encode it as their vendor's
        // server does, so they sign the path that is sent.
        let decoded_path = percent_decode_str(&path).decode_utf8_lossy();
        let body = request.body.clone().unwrap_or_default();

        let mut signable = SignableRequest {
            method: request.method.as_str(),
            host: &self.host,
            path: &decoded_path,
            query: &query,
            headers: &mut headers,
            body: &body,
        };
        self.signer
            .sign(&mut signable, SystemTime::now())
            .map_err(Error::Signing)?;

        let mut outgoing = OutgoingRequest {
            attempt,
            method: request.method.clone(),
            path,
            query,
            headers,
            body: request.body.clone(),
            host: self.host.clone(),
            secret_names: applied.secret_names,
        };
        if let Some(hook) = &self.config.hook {
            hook.on_request(&mut outgoing);
        }

        let url = self.url(&outgoing, &request.reserved_keys)?;
        let mut builder = self
            .http
            .request(outgoing.method.clone(), url)
            .timeout(timeout)
            .headers(header_map(&outgoing.headers)?);
        if let Some(body) = outgoing.body {
            builder = builder.body(body);
        }
        let response = builder.send().await.map_err(network_error)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = read_body(response, self.config.max_response_bytes)
            .await?
            .ok_or_else(|| Error::ResponseTooLarge {
                status,
                limit: self.config.max_response_bytes,
                request_id: self.header_request_id(&headers),
            })?;

        if let Some(hook) = &self.config.hook {
            let header_list: Vec<(String, String)> = headers
                .iter()
                .map(|(name, value)| {
                    let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                    (name.as_str().to_string(), value)
                })
                .collect();
            hook.on_response(&IncomingResponse {
                attempt,
                status,
                headers: &header_list,
                body: &body,
            });
        }
        Ok(Received {
            status,
            headers,
            body,
        })
    }

    fn url(&self, outgoing: &OutgoingRequest, reserved_keys: &[String]) -> Result<Url, Error> {
        // A hook may have changed the path: escape again what a path
        // cannot hold (a no-op on the transport's own).
        let encoded = wire_path(&outgoing.path);
        let mut url = self.base_url.clone();
        url.set_path(&encoded);
        // URL normalisation resolves `.` and `..` segments; the server
        // would then see a path other than the one signed.
        if url.path() != encoded {
            return Err(Error::invalid_request(
                "path",
                format!(
                    "`{}` contains `.` or `..` segments or empty path parameters",
                    outgoing.path
                ),
            ));
        }
        if !outgoing.query.is_empty() {
            url.set_query(Some(&encode_query(&outgoing.query, reserved_keys)));
        }
        Ok(url)
    }

    fn header_request_id(&self, headers: &HeaderMap) -> Option<String> {
        headers
            .get(self.service.error_format.request_id_header())
            .and_then(|value| value.to_str().ok())
            .map(str::to_string)
    }
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("base_url", &self.base_url.as_str())
            .field("service", &self.service)
            .field("config", &self.config)
            .field("signer", &self.signer)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

/// What no attempt can fix in `request`, refused once before the first.
/// A header value HTTP cannot carry (a line break) is the caller's
/// mistake: named as an invalid request before a signer refuses it.
fn check_request(request: &Request) -> Result<(), Error> {
    if !request.path.starts_with('/') {
        return Err(Error::invalid_request(
            "path",
            format!("must start with `/`, got `{}`", request.path),
        ));
    }
    for (name, value) in &request.headers {
        header_pair(name, value)?;
    }
    Ok(())
}

/// The whole body, or `None` as soon as it is known to exceed `limit`
/// (from `Content-Length`, else while reading).
async fn read_body(mut response: reqwest::Response, limit: usize) -> Result<Option<Bytes>, Error> {
    match response.content_length() {
        Some(length) if length > limit as u64 => return Ok(None),
        // The body cannot outgrow its declared length (hyper stops there).
        Some(_) => return response.bytes().await.map(Some).map_err(network_error),
        None => {}
    }
    let mut chunks: Vec<Bytes> = Vec::new();
    let mut length = 0;
    while let Some(chunk) = response.chunk().await.map_err(network_error)? {
        length += chunk.len();
        if length > limit {
            return Ok(None);
        }
        chunks.push(chunk);
    }
    // One chunk is handed over without a copy.
    Ok(Some(match chunks.len() {
        1 => chunks.swap_remove(0),
        _ => Bytes::from(chunks.concat()),
    }))
}

/// Adds `name=value` cookies to the request's `Cookie` header (one header,
/// as RFC 6265 wants), creating it when the request has none.
fn add_cookies(headers: &mut Vec<(String, String)>, cookies: &[String]) {
    let joined = cookies.join("; ");
    match headers
        .iter_mut()
        .find(|(name, _)| name.eq_ignore_ascii_case("cookie"))
    {
        Some((_, value)) => {
            value.push_str("; ");
            value.push_str(&joined);
        }
        None => headers.push(("cookie".into(), joined)),
    }
}

fn set_default(headers: &mut Vec<(String, String)>, name: &str, value: &str) {
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
        headers.push((name.to_string(), value.to_string()));
    }
}

fn header_map(headers: &[(String, String)]) -> Result<HeaderMap, Error> {
    let mut map = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers {
        let (header_name, header_value) = header_pair(name, value)?;
        map.append(header_name, header_value);
    }
    Ok(map)
}

fn header_pair(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), Error> {
    let header_name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::invalid_request(name, "is not a valid header name"))?;
    // The value is not echoed: it may be a credential.
    let mut header_value = HeaderValue::from_str(value).map_err(|_| {
        Error::invalid_request(
            name,
            "has a header value with characters HTTP does not allow",
        )
    })?;
    header_value.set_sensitive(is_sensitive_header(name));
    Ok((header_name, header_value))
}

/// Classifies a failure of the HTTP client. The URL is dropped from the
/// error because its query may hold a signature or security token.
fn network_error(error: reqwest::Error) -> Error {
    let timed_out = error.is_timeout();
    let source = Box::new(error.without_url());
    if timed_out {
        Error::Timeout { source }
    } else {
        Error::Transport { source }
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::add_cookies;

    #[test]
    fn api_key_cookies_join_the_requests_cookie_header() {
        let mut headers = vec![("Cookie".to_string(), "theme=dark".to_string())];
        add_cookies(&mut headers, &["sid=s1".into(), "k=v".into()]);
        assert_eq!(
            headers,
            [("Cookie".into(), "theme=dark; sid=s1; k=v".into())]
        );
        let mut headers = Vec::new();
        add_cookies(&mut headers, &["sid=s1".into()]);
        assert_eq!(headers, [("cookie".into(), "sid=s1".into())]);
    }
}
