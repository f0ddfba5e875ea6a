//! What a user chooses when creating a client: where to send requests,
//! timeouts, retries, and hooks.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use url::Url;

use crate::error::ErrorFormat;
use crate::hook::Hook;
use crate::retry::{RetryPolicy, Sleep, TokioSleep};

/// The user agent sent unless [`ClientConfig::user_agent`] says otherwise.
pub const DEFAULT_USER_AGENT: &str = concat!("taskgen/", env!("CARGO_PKG_VERSION"));

/// What the generated code knows about a service from its spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    /// Endpoint from the spec's first `servers` entry, with `{region}` and
    /// the other server variables where their values go, e.g.
    /// `https://imm.{region}.aliyuncs.com`. A relative URL (`/api/v1`) or
    /// `""` (no `servers`) needs [`ClientConfig::base_url`].
    pub endpoint: &'static str,
    /// The `region` server variable's default, if the spec gives one.
    pub default_region: Option<&'static str>,
    /// The server variables other than `region`.
    pub variables: &'static [ServerVariable],
    /// How the service's error bodies look.
    pub error_format: ErrorFormat,
    /// The standard security schemes the spec declares (`components/securitySchemes`).
    pub security_schemes: &'static [crate::auth::SecurityScheme],
}

/// A variable of the server URL (OpenAPI `servers[].variables`) other than
/// `region`: set with [`ClientConfig::server_variable`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerVariable {
    /// The name between braces in the endpoint.
    pub name: &'static str,
    /// The value used when the configuration sets none.
    pub default: &'static str,
    /// The values the spec allows (`enum`); empty when any value goes.
    pub allowed: &'static [&'static str],
}

impl Service {
    /// A service at `endpoint` (a URL template; `{region}` is filled from
    /// the client's configuration) whose error bodies look like
    /// `error_format`.
    pub const fn new(endpoint: &'static str, error_format: ErrorFormat) -> Self {
        Service {
            endpoint,
            default_region: None,
            variables: &[],
            error_format,
            security_schemes: &[],
        }
    }

    /// The server variables other than `region`, with their defaults.
    pub const fn with_variables(mut self, variables: &'static [ServerVariable]) -> Self {
        self.variables = variables;
        self
    }

    /// The standard security schemes requests may use.
    pub const fn with_security_schemes(
        mut self,
        schemes: &'static [crate::auth::SecurityScheme],
    ) -> Self {
        self.security_schemes = schemes;
        self
    }

    /// The region used when the configuration sets none.
    pub const fn with_default_region(mut self, region: &'static str) -> Self {
        self.default_region = Some(region);
        self
    }
}

/// Client settings, builder style:
///
/// ```
/// use std::time::Duration;
/// use taskgen_runtime::{ClientConfig, RetryPolicy};
///
/// let config = ClientConfig::new()
///     .region("cn-hangzhou")
///     .timeout(Duration::from_secs(10))
///     .retry_policy(RetryPolicy::new().with_max_attempts(5));
/// ```
#[derive(Clone)]
pub struct ClientConfig {
    pub(crate) region: Option<String>,
    pub(crate) endpoint: Option<String>,
    pub(crate) base_url: Option<String>,
    pub(crate) variables: Vec<(String, String)>,
    pub(crate) connect_timeout: Duration,
    pub(crate) timeout: Duration,
    pub(crate) user_agent: String,
    pub(crate) retry: RetryPolicy,
    pub(crate) hook: Option<Arc<dyn Hook>>,
    pub(crate) sleep: Arc<dyn Sleep>,
    pub(crate) max_response_bytes: usize,
    pub(crate) deadline: Option<Duration>,
}

/// The default [`ClientConfig::max_response_bytes`]: 32 MiB, far above any
/// page these APIs return, far below what would exhaust memory.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;

impl Default for ClientConfig {
    /// No region, connect timeout 10 s, total timeout 60 s per attempt,
    /// [`DEFAULT_USER_AGENT`], [`RetryPolicy::default`], no hook,
    /// [`DEFAULT_MAX_RESPONSE_BYTES`].
    fn default() -> Self {
        ClientConfig {
            region: None,
            endpoint: None,
            base_url: None,
            variables: Vec::new(),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(60),
            user_agent: DEFAULT_USER_AGENT.to_string(),
            retry: RetryPolicy::default(),
            hook: None,
            sleep: Arc::new(TokioSleep),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            deadline: None,
        }
    }
}

impl ClientConfig {
    /// The defaults: no region, the service's endpoint, the default
    /// timeouts, user agent, retry policy and response size limit.
    pub fn new() -> Self {
        Self::default()
    }

    /// The region substituted for `{region}` in the endpoint.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Replaces the spec's endpoint template (e.g. a VPC endpoint);
    /// `{region}` is still substituted.
    pub fn endpoint(mut self, template: impl Into<String>) -> Self {
        self.endpoint = Some(template.into());
        self
    }

    /// Sends every request to this URL (`http` or `https`, optionally with
    /// a path prefix), ignoring region and endpoint. For tests and proxies,
    /// and required when the spec's server URL is relative (`/api/v1`,
    /// joined to this URL's path) or the spec has no `servers`.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The value of server variable `name` (`{name}` in the endpoint),
    /// instead of the spec's default; `region` is [`ClientConfig::region`].
    pub fn server_variable(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        self.variables.retain(|(n, _)| *n != name);
        self.variables.push((name, value.into()));
        self
    }

    /// Time allowed to establish a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for one attempt, from connecting until the whole
    /// response body is read. Each retry gets this time again; see
    /// [`ClientConfig::deadline`] to bound a whole call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Time allowed for a whole call, retries and the waits between them
    /// included (default: none). An attempt gets at most the time left
    /// (a late one ends as [`Error::Timeout`](crate::Error::Timeout)), and
    /// no retry is made whose wait would end past the deadline: the last
    /// error is returned instead.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The `User-Agent` header sent with every request.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// When and how often failed requests are retried.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Observes (or alters) every attempt; see [`Hook`].
    pub fn hook(mut self, hook: impl Hook + 'static) -> Self {
        self.hook = Some(Arc::new(hook));
        self
    }

    /// The largest response body read; a larger one (by its
    /// `Content-Length`, or as it arrives) fails with
    /// [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge) without
    /// being read further, so a faulty or hostile server cannot exhaust
    /// memory.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Replaces how the transport waits between attempts (tests record the
    /// delays instead of waiting).
    pub fn sleep(mut self, sleep: impl Sleep + 'static) -> Self {
        self.sleep = Arc::new(sleep);
        self
    }

    /// The base URL requests to `service` go to.
    pub fn resolve_base_url(&self, service: &Service) -> Result<Url, ConfigError> {
        let template = self.endpoint.as_deref().unwrap_or(service.endpoint);
        let relative = !template.contains("://");
        let url = match &self.base_url {
            // A relative server URL is relative to where the API is served.
            Some(base) if relative && !template.is_empty() => {
                let path = self.expand_endpoint(template, service)?;
                format!(
                    "{}/{}",
                    base.trim_end_matches('/'),
                    path.trim_start_matches('/')
                )
            }
            Some(base) => base.clone(),
            None if relative => {
                return Err(ConfigError::MissingBaseUrl {
                    server: template.to_string(),
                })
            }
            None => self.expand_endpoint(template, service)?,
        };
        let parsed = Url::parse(&url).map_err(|source| ConfigError::InvalidUrl {
            url: url.clone(),
            source,
        })?;
        if !matches!(parsed.scheme(), "http" | "https")
            || parsed.host_str().is_none()
            || parsed.query().is_some()
            || parsed.fragment().is_some()
            || !parsed.username().is_empty()
            || parsed.password().is_some()
        {
            return Err(ConfigError::UnsupportedUrl { url });
        }
        Ok(parsed)
    }
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("base_url", &self.base_url)
            .field("variables", &self.variables)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("hook", &self.hook.as_ref().map(|_| "<hook>"))
            .field("max_response_bytes", &self.max_response_bytes)
            .field("deadline", &self.deadline)
            .finish_non_exhaustive()
    }
}

impl ClientConfig {
    /// Substitutes `{region}` and the service's other variables; refuses a
    /// variable the service does not declare, and values that could move
    /// the request to another host: a region must be a host-name label,
    /// other values may hold `/` only in the path.
    fn expand_endpoint(&self, template: &str, service: &Service) -> Result<String, ConfigError> {
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let close = after
                .find('}')
                .ok_or_else(|| ConfigError::UnknownVariable {
                    template: template.to_string(),
                    variable: after.to_string(),
                })?;
            let variable = &after[..close];
            let in_path = out
                .split_once("://")
                .is_some_and(|(_, rest)| rest.contains('/'))
                || !out.contains("://");
            out.push_str(&self.variable_value(template, variable, service, in_path)?);
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    fn variable_value(
        &self,
        template: &str,
        variable: &str,
        service: &Service,
        in_path: bool,
    ) -> Result<String, ConfigError> {
        if variable == "region" {
            let region = self
                .region
                .as_deref()
                .or(service.default_region)
                .ok_or_else(|| ConfigError::MissingRegion {
                    template: template.to_string(),
                })?;
            let label_ok = !region.is_empty()
                && region.len() <= 63
                && region
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-');
            if !label_ok {
                return Err(ConfigError::InvalidRegion {
                    region: region.to_string(),
                });
            }
            return Ok(region.to_string());
        }
        let Some(declared) = service.variables.iter().find(|v| v.name == variable) else {
            return Err(ConfigError::UnknownVariable {
                template: template.to_string(),
                variable: variable.to_string(),
            });
        };
        let value = self
            .variables
            .iter()
            .find(|(name, _)| name == variable)
            .map_or(declared.default, |(_, value)| value.as_str());
        let allowed = declared.allowed.is_empty() || declared.allowed.contains(&value);
        let safe = value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b) || (in_path && b == b'/'));
        if !allowed || !safe || (!in_path && value.is_empty()) {
            return Err(ConfigError::InvalidVariable {
                variable: variable.to_string(),
                value: value.to_string(),
                allowed: declared.allowed.iter().map(|v| v.to_string()).collect(),
            });
        }
        Ok(value.to_string())
    }
}

/// A client could not be created from its configuration.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The endpoint has `{region}` and neither the configuration nor the
    /// service gives one.
    #[error("endpoint `{template}` needs a region: call `ClientConfig::region`")]
    MissingRegion {
        /// The endpoint template.
        template: String,
    },
    #[error(
        "region `{region}` is not valid: use letters, digits and `-` only (e.g. `cn-hangzhou`)"
    )]
    /// The region has characters a host name cannot.
    InvalidRegion {
        /// The region as configured.
        region: String,
    },
    /// The endpoint template has a variable the service does not declare.
    #[error("endpoint `{template}` has variable `{{{variable}}}`, which the API's servers do not declare")]
    UnknownVariable {
        /// The endpoint template.
        template: String,
        /// The unknown variable's name.
        variable: String,
    },
    /// The spec's server URL is relative (or there is none), so the client
    /// cannot know the host.
    #[error("the API's server URL `{server}` is relative: call `ClientConfig::base_url` with the URL the API is served at")]
    MissingBaseUrl {
        /// The spec's server URL (`""` when the spec has none).
        server: String,
    },
    /// A server variable's value is not one the spec allows, or has
    /// characters that could change the host.
    #[error("server variable `{variable}` cannot be `{value}`{}", allowed_suffix(.allowed))]
    InvalidVariable {
        /// The variable's name.
        variable: String,
        /// The value as configured.
        value: String,
        /// The values the spec allows (empty: any of letters, digits, `-._~`).
        allowed: Vec<String>,
    },
    /// The base URL (or the filled-in endpoint) does not parse.
    #[error("`{url}` is not a valid URL")]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// Why it does not parse.
        #[source]
        source: url::ParseError,
    },
    #[error("`{url}` is not usable as a base URL: it needs http or https and a host, and no credentials, query or fragment")]
    /// The URL parses but cannot be a base URL.
    UnsupportedUrl {
        /// The URL as given.
        url: String,
    },
    /// The HTTP client could not be built (e.g. no TLS backend).
    #[error("could not create the HTTP client")]
    HttpClient {
        /// The HTTP client's error.
        #[source]
        source: crate::error::BoxError,
    },
}

fn allowed_suffix(allowed: &[String]) -> String {
    if allowed.is_empty() {
        ": use letters, digits and `-._~`".into()
    } else {
        format!(": one of `{}`", allowed.join("`, `"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IMM: Service = Service::new("https://imm.{region}.aliyuncs.com", ErrorFormat::Alibaba);

    #[test]
    fn region_fills_the_template() {
        let url = ClientConfig::new()
            .region("cn-hangzhou")
            .resolve_base_url(&IMM)
            .unwrap();
        assert_eq!(url.as_str(), "https://imm.cn-hangzhou.aliyuncs.com/");
    }

    #[test]
    fn default_region_and_endpoint_override() {
        let vod = Service::new("https://vod.{region}.baidubce.com", ErrorFormat::Bce)
            .with_default_region("bj");
        let config = ClientConfig::new();
        assert_eq!(
            config.resolve_base_url(&vod).unwrap().as_str(),
            "https://vod.bj.baidubce.com/"
        );
        let config = config
            .endpoint("https://vod-vpc.{region}.example.com")
            .region("gz");
        assert_eq!(
            config.resolve_base_url(&vod).unwrap().as_str(),
            "https://vod-vpc.gz.example.com/"
        );
    }

    #[test]
    fn base_url_wins() {
        let url = ClientConfig::new()
            .region("cn-hangzhou")
            .base_url("http://127.0.0.1:8080/prefix")
            .resolve_base_url(&IMM)
            .unwrap();
        assert_eq!(url.as_str(), "http://127.0.0.1:8080/prefix");
    }

    #[test]
    fn refuses_bad_regions_and_templates() {
        let err = ClientConfig::new().resolve_base_url(&IMM).unwrap_err();
        assert!(matches!(err, ConfigError::MissingRegion { .. }), "{err}");
        for region in ["evil.com/x", "a@b", "", "cn hangzhou"] {
            let err = ClientConfig::new()
                .region(region)
                .resolve_base_url(&IMM)
                .unwrap_err();
            assert!(matches!(err, ConfigError::InvalidRegion { .. }), "{region}");
        }
        let err = ClientConfig::new()
            .endpoint("https://{zone}.example.com")
            .resolve_base_url(&IMM)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "endpoint `https://{zone}.example.com` has variable `{zone}`, which the API's servers do not declare"
        );
        for url in ["ftp://x", "http://u:p@h/", "http://h/?a=1", "not a url"] {
            assert!(
                ClientConfig::new()
                    .base_url(url)
                    .resolve_base_url(&IMM)
                    .is_err(),
                "{url}"
            );
        }
    }

    const PETS: Service = Service::new(
        "https://{env}.example.com:{port}/{base}",
        ErrorFormat::Generic,
    )
    .with_variables(&[
        ServerVariable {
            name: "env",
            default: "api",
            allowed: &["api", "sandbox"],
        },
        ServerVariable {
            name: "port",
            default: "443",
            allowed: &[],
        },
        ServerVariable {
            name: "base",
            default: "v1",
            allowed: &[],
        },
    ]);

    #[test]
    fn server_variables_have_defaults_and_can_be_set() {
        let url = ClientConfig::new().resolve_base_url(&PETS).unwrap();
        assert_eq!(url.as_str(), "https://api.example.com/v1");
        let url = ClientConfig::new()
            .server_variable("env", "sandbox")
            .server_variable("port", "8443")
            .server_variable("base", "v2/beta")
            .resolve_base_url(&PETS)
            .unwrap();
        assert_eq!(url.as_str(), "https://sandbox.example.com:8443/v2/beta");
    }

    #[test]
    fn server_variables_outside_the_spec_are_refused() {
        let err = ClientConfig::new()
            .server_variable("env", "prod")
            .resolve_base_url(&PETS)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "server variable `env` cannot be `prod`: one of `api`, `sandbox`"
        );
        // A value in the host cannot add a path or move to another host.
        for port in ["1/x", "1@evil.com", ""] {
            let err = ClientConfig::new()
                .server_variable("port", port)
                .resolve_base_url(&PETS)
                .unwrap_err();
            assert!(matches!(err, ConfigError::InvalidVariable { .. }), "{port}");
        }
    }

    #[test]
    fn a_relative_server_needs_a_base_url_and_is_joined_to_it() {
        let relative = Service::new("/api/v1", ErrorFormat::Generic);
        let err = ClientConfig::new().resolve_base_url(&relative).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the API's server URL `/api/v1` is relative: call `ClientConfig::base_url` with the URL the API is served at"
        );
        let url = ClientConfig::new()
            .base_url("http://127.0.0.1:8080/")
            .resolve_base_url(&relative)
            .unwrap();
        assert_eq!(url.as_str(), "http://127.0.0.1:8080/api/v1");
        let none = Service::new("", ErrorFormat::Generic);
        assert!(matches!(
            ClientConfig::new().resolve_base_url(&none).unwrap_err(),
            ConfigError::MissingBaseUrl { .. }
        ));
        let url = ClientConfig::new()
            .base_url("http://127.0.0.1:8080/x")
            .resolve_base_url(&none)
            .unwrap();
        assert_eq!(url.as_str(), "http://127.0.0.1:8080/x");
    }
}
