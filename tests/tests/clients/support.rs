//! Helpers shared by the client tests: credentials, a harness that points a
//! generated client at a loopback mock server, recording `Sleep` and `Hook`
//! implementations, and decoding of what the server recorded.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use percent_encoding::percent_decode_str;
use serde_json::json;
use taskgen_runtime::credentials::{AccessKey, Token};
use taskgen_runtime::sign::{SignableRequest, Signer};
use taskgen_runtime::{
    ClientConfig, Error, Hook, IncomingResponse, OutgoingRequest, RetryPolicy, Sleep, SleepFuture,
};

use crate::mock_server::{MockResponse, MockServer, RecordedRequest};

/// An Alibaba Cloud error body, as IMM sends it.
pub fn imm_error_body(code: &str, message: &str) -> String {
    json!({
        "RequestId": "5F74C5C9-5AC0-49F9-914D-E01589D3****",
        "HostId": "imm.cn-hangzhou.aliyuncs.com",
        "Code": code,
        "Message": message,
        "Recommend": format!("https://api.aliyun.com/troubleshoot?q={code}&product=imm"),
    })
    .to_string()
}

/// A Baidu BCE error body, as VOD sends it.
pub fn bce_error_body(code: &str, message: &str) -> String {
    json!({
        "requestId": "7a64abd6-5fd8-4f42-a795-bb51c8cf5c6a",
        "code": code,
        "message": message,
    })
    .to_string()
}

/// A Huawei Cloud error body, as VIAS sends it.
pub fn vias_error_body(code: &str, message: &str) -> String {
    json!({"error_code": code, "error_msg": message}).to_string()
}

/// Credentials used by every test. The secret parts must never be printed.
pub const ACCESS_KEY_ID: &str = "AKIDtest0001";
pub const ACCESS_KEY_SECRET: &str = "sk-SECRET-5f3a9c1e7b";
pub const SECURITY_TOKEN: &str = "sts-SECRET-token-8d2b";
pub const TOKEN: &str = "MIIT-SECRET-iam-token-4c6e";

pub fn access_key() -> AccessKey {
    AccessKey::new(ACCESS_KEY_ID, ACCESS_KEY_SECRET)
}

pub fn token() -> Token {
    Token::new(TOKEN)
}

/// The retry policy of every harness unless a test says otherwise: a few
/// attempts, small backoff, Retry-After capped at 10 s.
pub fn test_policy() -> RetryPolicy {
    RetryPolicy::new()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(100))
        .with_max_backoff(Duration::from_secs(10))
}

/// Records the delays the transport asks for and returns at once, so no
/// test waits on the clock.
#[derive(Clone, Default)]
pub struct RecordingSleep(Arc<Mutex<Vec<Duration>>>);

impl RecordingSleep {
    pub fn delays(&self) -> Vec<Duration> {
        self.0.lock().unwrap().clone()
    }
}

impl Sleep for RecordingSleep {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        self.0.lock().unwrap().push(duration);
        Box::pin(async {})
    }
}

/// A hook that "logs" everything it is shown, as a careless application
/// would: the `Debug` of every outgoing request and incoming response, and
/// the `Debug` and `Display` of every error it is told about.
#[derive(Clone, Default)]
pub struct LoggingHook {
    printed: Arc<Mutex<Vec<String>>>,
}

impl LoggingHook {
    /// Everything printed so far.
    pub fn log(&self) -> Vec<String> {
        self.printed.lock().unwrap().clone()
    }
}

impl Hook for LoggingHook {
    fn on_request(&self, request: &mut OutgoingRequest) {
        self.printed.lock().unwrap().push(format!("{request:?}"));
    }

    fn on_response(&self, response: &IncomingResponse<'_>) {
        self.printed.lock().unwrap().push(format!("{response:?}"));
    }

    fn on_retry(&self, attempt: u32, error: &Error, delay: Duration) {
        self.printed.lock().unwrap().push(format!(
            "retry {attempt} after {delay:?}: {error:?} / {error}"
        ));
    }
}

/// A client pointed at a mock server, with the sleep and hook it uses.
pub struct Harness<C> {
    pub server: MockServer,
    pub client: C,
    pub sleep: RecordingSleep,
    pub hook: LoggingHook,
}

impl<C> Harness<C> {
    /// Starts a mock server answering with `script` (the last response
    /// repeats) and makes a client for it with `make`, after `tweak` has
    /// adjusted the test configuration (base URL, [`test_policy`],
    /// recording sleep, logging hook).
    pub async fn start<E: std::fmt::Debug>(
        script: impl IntoIterator<Item = MockResponse>,
        tweak: impl FnOnce(ClientConfig) -> ClientConfig,
        make: impl FnOnce(ClientConfig) -> Result<C, E>,
    ) -> Self {
        let server = MockServer::start(script).await;
        let sleep = RecordingSleep::default();
        let hook = LoggingHook::default();
        let config = ClientConfig::new()
            .base_url(server.url())
            .retry_policy(test_policy())
            .sleep(sleep.clone())
            .hook(hook.clone());
        let client = make(tweak(config)).expect("client for the mock server");
        Harness {
            server,
            client,
            sleep,
            hook,
        }
    }

    /// The one request the server received.
    pub fn only_request(&self) -> RecordedRequest {
        let requests = self.server.requests();
        assert_eq!(requests.len(), 1, "expected exactly one request");
        requests.into_iter().next().unwrap()
    }
}

/// The decoded path and query pairs of a recorded request target.
pub fn path_and_query(request: &RecordedRequest) -> (String, Vec<(String, String)>) {
    let (path, query) = match request.target.split_once('?') {
        Some((path, query)) => (path, query),
        None => (request.target.as_str(), ""),
    };
    let pairs = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect();
    (decode(path), pairs)
}

fn decode(text: &str) -> String {
    percent_decode_str(text)
        .decode_utf8()
        .expect("percent-encoded UTF-8")
        .into_owned()
}

/// Query pairs from literals, sorted (servers do not care about order).
pub fn sorted_pairs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    pairs.sort();
    pairs
}

/// Checks method, decoded path and the exact multiset of query pairs.
pub fn assert_request_line(
    request: &RecordedRequest,
    method: &str,
    path: &str,
    query: &[(&str, &str)],
) {
    let (seen_path, mut seen_query) = path_and_query(request);
    seen_query.sort();
    assert_eq!(request.method, method, "method of {}", request.target);
    assert_eq!(seen_path, path, "path of {}", request.target);
    assert_eq!(
        seen_query,
        sorted_pairs(query),
        "query of {}",
        request.target
    );
}

/// Asserts `err` is `InvalidRequest` for `parameter` and its message
/// mentions each of `mentions` (the bound, the pattern, ...).
pub fn assert_invalid(err: &Error, parameter: &str, mentions: &[&str]) {
    match err {
        Error::InvalidRequest {
            parameter: seen,
            problem,
        } => {
            assert_eq!(seen, parameter, "{err}");
            for text in mentions {
                assert!(problem.contains(text), "`{problem}` lacks `{text}`");
            }
            let shown = err.to_string();
            assert!(shown.contains(&format!("`{parameter}`")), "{shown}");
        }
        other => panic!("expected InvalidRequest for {parameter}, got {other:?}"),
    }
}

/// Asserts `err` says the required field `field` of `type_name` was not
/// set (named as its setter is, which is how the caller sets it).
pub fn assert_missing(err: &Error, type_name: &str, field: &str) {
    match err {
        Error::Build(missing) => {
            assert_eq!((missing.type_name, missing.field), (type_name, field));
            let shown = err.to_string();
            assert!(shown.contains(&format!("`{field}` is not set")), "{shown}");
        }
        other => panic!("expected Build for {type_name}.{field}, got {other:?}"),
    }
}

/// Asserts `err` is `Api` with these fields.
pub fn assert_api(
    err: &Error,
    status: u16,
    code: &str,
    message: &str,
    request_id: &str,
    body: &str,
) {
    match err {
        Error::Api {
            status: seen_status,
            code: seen_code,
            message: seen_message,
            request_id: seen_request_id,
            body: seen_body,
        } => {
            assert_eq!(*seen_status, status);
            assert_eq!(seen_code.as_deref(), Some(code));
            assert_eq!(seen_message.as_deref(), Some(message));
            assert_eq!(seen_request_id.as_deref(), Some(request_id));
            assert_eq!(&seen_body[..], body.as_bytes());
            let shown = err.to_string();
            for part in [code, message, request_id] {
                assert!(shown.contains(part), "`{shown}` lacks `{part}`");
            }
        }
        other => panic!("expected Api error, got {other:?}"),
    }
}

/// Asserts `err` is `Decode` keeping the raw body and the request id.
pub fn assert_decode(err: &Error, status: u16, body: &str, request_id: Option<&str>) {
    match err {
        Error::Decode {
            status: seen_status,
            body: seen_body,
            request_id: seen_request_id,
            ..
        } => {
            assert_eq!(*seen_status, status);
            assert_eq!(&seen_body[..], body.as_bytes(), "raw body kept");
            assert_eq!(seen_request_id.as_deref(), request_id);
        }
        other => panic!("expected Decode error, got {other:?}"),
    }
}

/// The value after `Signature=` in an `Authorization` header (ACS3 and
/// Huawei AK/SK), up to the next `,` or the end.
pub fn signature_field(authorization: &str) -> String {
    let start = authorization
        .find("Signature=")
        .unwrap_or_else(|| panic!("no Signature= in {authorization}"))
        + "Signature=".len();
    authorization[start..]
        .split(',')
        .next()
        .unwrap()
        .trim()
        .to_string()
}

/// The value after `SignedHeaders=` (ACS3 and Huawei AK/SK), as names.
pub fn signed_headers_field(authorization: &str) -> Vec<String> {
    let start = authorization
        .find("SignedHeaders=")
        .unwrap_or_else(|| panic!("no SignedHeaders= in {authorization}"))
        + "SignedHeaders=".len();
    authorization[start..]
        .split(',')
        .next()
        .unwrap()
        .trim()
        .split(';')
        .map(str::to_string)
        .collect()
}

/// Signs the request the server recorded again with `signer` at `at`,
/// giving it only the headers in `headers` (by name, any case), and
/// returns the `Authorization` it computes: equal to the one received if
/// the server could verify the signature.
pub fn resign(
    signer: &dyn Signer,
    request: &RecordedRequest,
    headers: &[String],
    at: SystemTime,
) -> String {
    let (path, query) = path_and_query(request);
    let mut kept: Vec<(String, String)> = request
        .headers
        .iter()
        .filter(|(name, _)| headers.iter().any(|h| h.eq_ignore_ascii_case(name)))
        .filter(|(name, _)| !name.eq_ignore_ascii_case("authorization"))
        .cloned()
        .collect();
    let host = request.header("host").expect("host header").to_string();
    let mut signable = SignableRequest {
        method: &request.method,
        host: &host,
        path: &path,
        query: &query,
        headers: &mut kept,
        body: &request.body,
    };
    signer.sign(&mut signable, at).expect("signs again");
    kept.iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("authorization"))
        .map(|(_, value)| value.clone())
        .expect("signer set Authorization")
}

/// Parses a UTC timestamp as the signers write it: `2024-03-24T13:08:44Z`
/// (ACS3, BCE) or `20240324T130844Z` (Huawei).
pub fn parse_utc(text: &str) -> SystemTime {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    assert_eq!(digits.len(), 14, "timestamp {text}");
    let number = |range: std::ops::Range<usize>| digits[range].parse::<i64>().unwrap();
    let days = days_from_civil(number(0..4), number(4..6), number(6..8));
    let seconds = days * 86_400 + number(8..10) * 3600 + number(10..12) * 60 + number(12..14);
    UNIX_EPOCH + Duration::from_secs(u64::try_from(seconds).expect("after 1970"))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
/// algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Asserts none of `secrets` occurs in any of `texts`.
pub fn assert_no_secrets(what: &str, texts: &[String], secrets: &[String]) {
    for text in texts {
        for secret in secrets {
            assert!(
                !text.contains(secret.as_str()),
                "{what} shows secret `{secret}`: {text}"
            );
        }
    }
}

#[test]
fn parse_utc_reads_both_formats() {
    let at = parse_utc("2024-03-24T13:08:44Z");
    assert_eq!(at, parse_utc("20240324T130844Z"));
    assert_eq!(
        at.duration_since(UNIX_EPOCH).unwrap().as_secs(),
        1_711_285_724
    );
    assert_eq!(parse_utc("1970-01-01T00:00:00Z"), UNIX_EPOCH);
}
