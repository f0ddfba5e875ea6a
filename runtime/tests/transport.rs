//! The HTTP layer against a scripted server on 127.0.0.1: decoding, vendor
//! error bodies, retries, timeouts, hooks and redaction.

mod support;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use serde::Deserialize;
use support::mock_server::{MockResponse, MockServer};
use taskgen_runtime::credentials::{AccessKey, Token};
use taskgen_runtime::sign::{Acs3Signer, SignError, SignableRequest, Signer, TokenSigner};
use taskgen_runtime::{
    path_param, ClientConfig, Error, ErrorFormat, Hook, IncomingResponse, Method, OutgoingRequest,
    Request, RetryPolicy, Service, Sleep, SleepFuture, Transport, DEFAULT_USER_AGENT,
};

const IMM: Service = Service::new("https://imm.{region}.aliyuncs.com", ErrorFormat::Alibaba);
const VOD: Service = Service::new("https://vod.{region}.baidubce.com", ErrorFormat::Bce);
const VIAS: Service = Service::new(
    "https://vias.{region}.myhuaweicloud.com",
    ErrorFormat::Huawei,
);

/// Signs with a counter, so the server can tell attempts apart and a test
/// can see that every attempt was signed again.
#[derive(Debug, Default)]
struct CountingSigner {
    count: AtomicU32,
}

impl Signer for CountingSigner {
    fn sign(&self, request: &mut SignableRequest<'_>, _now: SystemTime) -> Result<(), SignError> {
        let n = self.count.fetch_add(1, Ordering::SeqCst) + 1;
        request
            .headers
            .push(("Authorization".into(), format!("test-signature-{n}")));
        Ok(())
    }
}

/// Records the delays the transport asks for and returns at once.
#[derive(Clone, Default)]
struct RecordingSleep(Arc<Mutex<Vec<Duration>>>);

impl RecordingSleep {
    fn delays(&self) -> Vec<Duration> {
        self.0.lock().unwrap().clone()
    }
}

impl Sleep for RecordingSleep {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        self.0.lock().unwrap().push(duration);
        Box::pin(async {})
    }
}

/// Keeps what the hook saw, as values and as `Debug` text.
#[derive(Clone, Default)]
struct RecordingHook {
    requests: Arc<Mutex<Vec<OutgoingRequest>>>,
    printed: Arc<Mutex<Vec<String>>>,
    retries: Arc<Mutex<Vec<(u32, Duration)>>>,
    add_header: Option<(&'static str, &'static str)>,
}

impl Hook for RecordingHook {
    fn on_request(&self, request: &mut OutgoingRequest) {
        if let Some((name, value)) = self.add_header {
            request.headers.push((name.into(), value.into()));
        }
        self.printed.lock().unwrap().push(format!("{request:?}"));
        self.requests.lock().unwrap().push(request.clone());
    }

    fn on_response(&self, response: &IncomingResponse<'_>) {
        self.printed.lock().unwrap().push(format!("{response:?}"));
    }

    fn on_retry(&self, attempt: u32, error: &Error, delay: Duration) {
        self.printed.lock().unwrap().push(format!("{error:?}"));
        self.retries.lock().unwrap().push((attempt, delay));
    }
}

fn policy() -> RetryPolicy {
    RetryPolicy::new()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(100))
        .with_max_backoff(Duration::from_secs(5))
}

/// A transport to `server` with the counting signer and a recording sleep.
fn transport(
    server: &MockServer,
    service: Service,
    retry: RetryPolicy,
) -> (Transport, RecordingSleep) {
    let sleep = RecordingSleep::default();
    let config = ClientConfig::new()
        .base_url(server.url())
        .retry_policy(retry)
        .sleep(sleep.clone());
    let transport = Transport::new(config, service, Arc::new(CountingSigner::default())).unwrap();
    (transport, sleep)
}

/// An IMM call as ACS3 signing wants it: operation and version in headers,
/// parameters in the query, `POST` yet a read.
fn list_tasks() -> Request {
    Request::new(Method::POST, "/")
        .header("x-acs-action", "ListTasks")
        .header("x-acs-version", "2020-09-30")
        .query("ProjectName", "demo")
        .query("MaxResults", "10")
        .idempotent(true)
}

#[derive(Debug, Deserialize, PartialEq)]
struct TaskList {
    #[serde(rename = "RequestId")]
    request_id: String,
    #[serde(rename = "Tasks")]
    tasks: Vec<Task>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Task {
    #[serde(rename = "TaskId")]
    task_id: String,
}

#[tokio::test]
async fn success_decodes_json() {
    let server = MockServer::start([MockResponse::json(
        200,
        r#"{"RequestId":"req-1","Tasks":[{"TaskId":"t-1"},{"TaskId":"t-2"}]}"#,
    )])
    .await;
    let (transport, _) = transport(&server, IMM, policy());

    let list: TaskList = transport.send(list_tasks()).await.unwrap();

    assert_eq!(list.request_id, "req-1");
    assert_eq!(list.tasks.len(), 2);
    let seen = server.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].method, "POST");
    assert_eq!(seen[0].target, "/?ProjectName=demo&MaxResults=10");
    assert_eq!(seen[0].header("x-acs-action"), Some("ListTasks"));
    assert_eq!(seen[0].header("user-agent"), Some(DEFAULT_USER_AGENT));
    assert_eq!(seen[0].header("accept"), Some("application/json"));
    assert_eq!(seen[0].header("authorization"), Some("test-signature-1"));
}

#[tokio::test]
async fn empty_success_body_decodes_as_unit() {
    let server = MockServer::start([MockResponse::new(204)]).await;
    let (transport, _) = transport(&server, VOD, policy());
    let () = transport
        .send(Request::new(Method::DELETE, "/v2/tasks/t-1"))
        .await
        .unwrap();
}

#[tokio::test]
async fn path_and_query_are_encoded_and_json_body_sent() {
    let server = MockServer::start([MockResponse::json(200, "{}")]).await;
    let sleep = RecordingSleep::default();
    let config = ClientConfig::new()
        .base_url(format!("{}/gateway/", server.url()))
        .user_agent("my-app/1.0")
        .sleep(sleep);
    let transport = Transport::new(config, VIAS, Arc::new(CountingSigner::default())).unwrap();
    let request = Request::new(Method::POST, "/v2/proj ü/tasks")
        .query("TaskTypes", r#"["FileCompression","MediaConvert"]"#)
        .query("tag", "a+b c")
        .query("tag", "")
        .json_body(&serde_json::json!({"name": "x"}))
        .unwrap();

    let _: serde_json::Value = transport.send(request).await.unwrap();

    let seen = &server.requests()[0];
    assert_eq!(
        seen.target,
        "/gateway/v2/proj%20%C3%BC/tasks\
         ?TaskTypes=%5B%22FileCompression%22%2C%22MediaConvert%22%5D&tag=a%2Bb%20c&tag="
    );
    assert_eq!(seen.header("content-type"), Some("application/json"));
    assert_eq!(seen.header("user-agent"), Some("my-app/1.0"));
    assert_eq!(seen.body, br#"{"name":"x"}"#);
}

/// Records the path each signing saw.
#[derive(Debug, Default)]
struct PathSigner(Mutex<Vec<String>>);

impl Signer for PathSigner {
    fn sign(&self, request: &mut SignableRequest<'_>, _now: SystemTime) -> Result<(), SignError> {
        self.0.lock().unwrap().push(request.path.to_string());
        Ok(())
    }
}

/// A template's `:`, `@` and sub-delims reach the server as written (a
/// router matches them literally), a parameter value encoded; the signer
/// is given the decode of exactly that path.
#[tokio::test]
async fn literal_path_text_goes_out_as_written_and_is_what_is_signed() {
    let server = MockServer::start([MockResponse::json(200, "{}")]).await;
    let signer = Arc::new(PathSigner::default());
    let config = ClientConfig::new().base_url(format!("{}/base%20dir/", server.url()));
    let transport = Transport::new(config, VIAS, signer.clone()).unwrap();
    let id = path_param("id", "t:1 ü").unwrap();
    let path = format!("/v1/tasks/{id}:cancel;a=b,c@d!$&'()*+");

    let _: serde_json::Value = transport
        .send(Request::new(Method::POST, path))
        .await
        .unwrap();

    assert_eq!(
        server.requests()[0].target,
        "/base%20dir/v1/tasks/t%3A1%20%C3%BC:cancel;a=b,c@d!$&'()*+"
    );
    assert_eq!(
        signer.0.lock().unwrap().as_slice(),
        ["/base dir/v1/tasks/t:1 ü:cancel;a=b,c@d!$&'()*+"]
    );
}

#[tokio::test]
async fn alibaba_error_body_becomes_api_error() {
    let server = MockServer::start([MockResponse::json(
        400,
        r#"{"RequestId":"5EB3-ALI","HostId":"imm.cn-hangzhou.aliyuncs.com","Code":"InvalidParameter","Message":"MaxResults is invalid","Recommend":"https://api.aliyun.com/troubleshoot?q=InvalidParameter"}"#,
    )])
    .await;
    let (transport, _) = transport(&server, IMM, policy());

    let err = transport.send::<TaskList>(list_tasks()).await.unwrap_err();

    match &err {
        Error::Api {
            status,
            code,
            message,
            request_id,
            body,
        } => {
            assert_eq!(*status, 400);
            assert_eq!(code.as_deref(), Some("InvalidParameter"));
            assert_eq!(message.as_deref(), Some("MaxResults is invalid"));
            assert_eq!(request_id.as_deref(), Some("5EB3-ALI"));
            assert!(body.starts_with(b"{\"RequestId\""));
        }
        other => panic!("expected Api, got {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "the service returned HTTP 400 Bad Request: InvalidParameter: MaxResults is invalid (request id 5EB3-ALI)"
    );
    assert_eq!(server.request_count(), 1, "a 400 is not retried");
}

#[tokio::test]
async fn bce_error_body_becomes_api_error() {
    let server = MockServer::start([MockResponse::json(
        403,
        r#"{"requestId":"bce-req-9","code":"AccessDenied","message":"Access denied."}"#,
    )
    .header("x-bce-request-id", "bce-req-9")])
    .await;
    let (transport, _) = transport(&server, VOD, policy());

    let err = transport
        .send::<serde_json::Value>(Request::new(Method::GET, "/v2/tasks"))
        .await
        .unwrap_err();

    assert!(matches!(err, Error::Api { status: 403, .. }), "{err:?}");
    assert_eq!(err.code(), Some("AccessDenied"));
    assert_eq!(err.request_id(), Some("bce-req-9"));
    assert!(matches!(&err, Error::Api { message: Some(m), .. } if m == "Access denied."));
    assert_eq!(server.request_count(), 1, "a 403 is not retried");
}

#[tokio::test]
async fn huawei_error_body_becomes_api_error_with_header_request_id() {
    let server = MockServer::start([MockResponse::json(
        404,
        r#"{"error_code":"VIAS.0404","error_msg":"task not found"}"#,
    )
    .header("X-Request-Id", "hw-req-7")])
    .await;
    let (transport, _) = transport(&server, VIAS, policy());

    let err = transport
        .send::<serde_json::Value>(Request::new(Method::GET, "/v2/p1/tasks"))
        .await
        .unwrap_err();

    assert_eq!(err.status(), Some(404));
    assert_eq!(err.code(), Some("VIAS.0404"));
    assert!(matches!(&err, Error::Api { message: Some(m), .. } if m == "task not found"));
    assert_eq!(err.request_id(), Some("hw-req-7"));
    assert_eq!(server.request_count(), 1, "a 404 is not retried");
}

#[tokio::test]
async fn retries_503_then_succeeds_and_signs_each_attempt() {
    let server = MockServer::start([
        MockResponse::json(503, r#"{"Code":"ServiceUnavailable","Message":"busy"}"#),
        MockResponse::json(200, r#"{"RequestId":"ok","Tasks":[]}"#),
    ])
    .await;
    let (transport, sleep) = transport(&server, IMM, policy());

    let list: TaskList = transport.send(list_tasks()).await.unwrap();

    assert_eq!(list.request_id, "ok");
    let seen = server.requests();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].header("authorization"), Some("test-signature-1"));
    assert_eq!(seen[1].header("authorization"), Some("test-signature-2"));
    let delays = sleep.delays();
    assert_eq!(delays.len(), 1);
    assert!(delays[0] <= policy().backoff_ceiling(1), "{delays:?}");
}

#[tokio::test]
async fn stops_after_max_attempts_with_the_last_error() {
    let server = MockServer::start((1..=4).map(|n| {
        MockResponse::json(
            503,
            &format!(r#"{{"requestId":"r{n}","code":"ServiceUnavailable","message":"down"}}"#),
        )
    }))
    .await;
    let retry = policy().with_max_attempts(4);
    let (transport, sleep) = transport(&server, VOD, retry.clone());

    let err = transport
        .send::<serde_json::Value>(Request::new(Method::GET, "/v2/tasks"))
        .await
        .unwrap_err();

    assert_eq!(server.request_count(), 4);
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.request_id(), Some("r4"), "the last attempt's error");
    let delays = sleep.delays();
    assert_eq!(delays.len(), 3);
    for (i, delay) in delays.iter().enumerate() {
        let retry_number = i as u32 + 1;
        assert!(
            *delay <= retry.backoff_ceiling(retry_number),
            "retry {retry_number}: {delay:?}"
        );
    }
    assert_eq!(
        (1..=3)
            .map(|n| retry.backoff_ceiling(n))
            .collect::<Vec<_>>(),
        [100, 200, 400].map(Duration::from_millis),
        "exponential ceilings"
    );
}

#[tokio::test]
async fn retry_after_seconds_is_honoured_and_capped() {
    let server = MockServer::start([
        MockResponse::json(429, r#"{"code":"TooManyRequests","message":"slow down"}"#)
            .header("Retry-After", "3"),
        MockResponse::json(429, r#"{"code":"TooManyRequests","message":"slow down"}"#)
            .header("Retry-After", "3600"),
        MockResponse::json(200, "{}"),
    ])
    .await;
    let hook = RecordingHook::default();
    let sleep = RecordingSleep::default();
    let config = ClientConfig::new()
        .base_url(server.url())
        .retry_policy(policy())
        .hook(hook.clone())
        .sleep(sleep.clone());
    let transport = Transport::new(config, VOD, Arc::new(CountingSigner::default())).unwrap();

    let _: serde_json::Value = transport
        .send(Request::new(Method::GET, "/v2/tasks"))
        .await
        .unwrap();

    assert_eq!(server.request_count(), 3);
    let expected = [Duration::from_secs(3), policy().max_backoff()];
    assert_eq!(sleep.delays(), expected);
    assert_eq!(
        *hook.retries.lock().unwrap(),
        [(1, expected[0]), (2, expected[1])]
    );
}

#[tokio::test]
async fn retry_after_http_date_is_honoured() {
    let at = SystemTime::now() + Duration::from_secs(4);
    let server = MockServer::start([
        MockResponse::json(503, "{}").header("Retry-After", &httpdate::fmt_http_date(at)),
        MockResponse::json(200, "{}"),
    ])
    .await;
    let (transport, sleep) = transport(&server, VOD, policy());

    let _: serde_json::Value = transport
        .send(Request::new(Method::GET, "/v2/tasks"))
        .await
        .unwrap();

    let delays = sleep.delays();
    assert_eq!(delays.len(), 1);
    // HTTP dates have whole seconds: the delay is the date minus now.
    assert!(
        delays[0] > Duration::from_secs(1) && delays[0] <= Duration::from_secs(4),
        "{delays:?}"
    );
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    for (status, body) in [
        (400, r#"{"Code":"InvalidParameter","Message":"bad"}"#),
        (
            401,
            r#"{"Code":"InvalidAccessKeyId.NotFound","Message":"no"}"#,
        ),
        (403, r#"{"Code":"Forbidden.RAM","Message":"denied"}"#),
        (404, r#"{"Code":"ResourceNotFound","Message":"gone"}"#),
    ] {
        let server = MockServer::start([MockResponse::json(status, body)]).await;
        let (transport, sleep) = transport(&server, IMM, policy());
        let err = transport.send::<TaskList>(list_tasks()).await.unwrap_err();
        assert_eq!(err.status(), Some(status));
        assert!(!err.is_retryable());
        assert_eq!(server.request_count(), 1, "HTTP {status}");
        assert!(sleep.delays().is_empty());
    }
}

#[tokio::test]
async fn throttling_codes_are_retried_whatever_the_status() {
    let cases = [
        (
            IMM,
            400,
            r#"{"Code":"Throttling.User","Message":"Request was denied due to user flow control."}"#,
        ),
        (
            VOD,
            400,
            r#"{"code":"RequestRateLimitExceeded","message":"rate"}"#,
        ),
        (
            VIAS,
            400,
            r#"{"error_code":"APIGW.0308","error_msg":"The throttling threshold has been reached"}"#,
        ),
        (
            VIAS,
            403,
            r#"{"error_code":"VIAS.Throttled","error_msg":"slow"}"#,
        ),
    ];
    for (service, status, body) in cases {
        let server = MockServer::start([
            MockResponse::json(status, body),
            MockResponse::json(200, "{}"),
        ])
        .await;
        let (transport, sleep) = transport(&server, service, policy());
        let request = Request::new(Method::GET, "/v2/tasks");
        let _: serde_json::Value = transport.send(request).await.unwrap();
        assert_eq!(server.request_count(), 2, "{body}");
        assert_eq!(sleep.delays().len(), 1);
    }
}

#[tokio::test]
async fn non_idempotent_requests_are_not_retried() {
    let server = MockServer::start([MockResponse::json(503, "{}")]).await;
    let (transport, _) = transport(&server, VOD, policy());
    let err = transport
        .send::<serde_json::Value>(Request::new(Method::POST, "/v2/tasks"))
        .await
        .unwrap_err();
    assert!(err.is_retryable());
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn retries_disabled_means_one_attempt() {
    let server = MockServer::start([MockResponse::json(503, "{}")]).await;
    let (transport, sleep) = transport(&server, VOD, RetryPolicy::disabled());
    let err = transport
        .send::<serde_json::Value>(Request::new(Method::GET, "/v2/tasks"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.request_count(), 1);
    assert!(sleep.delays().is_empty());
}

#[tokio::test]
async fn slow_server_times_out() {
    let server =
        MockServer::start([MockResponse::json(200, "{}").delay(Duration::from_secs(5))]).await;
    let config = ClientConfig::new()
        .base_url(server.url())
        .timeout(Duration::from_millis(200))
        .retry_policy(policy().with_max_attempts(2))
        .sleep(RecordingSleep::default());
    let transport = Transport::new(config, VOD, Arc::new(CountingSigner::default())).unwrap();

    let err = transport
        .send::<serde_json::Value>(Request::new(Method::GET, "/v2/tasks"))
        .await
        .unwrap_err();

    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(err.is_retryable());
    assert_eq!(server.request_count(), 2, "timeouts are retried");
}

/// With a deadline, no retry is made whose wait would end past it (the
/// server's `Retry-After: 5` against 1 s: the 503 is returned, nothing
/// waited); with room left the same retry happens.
#[tokio::test]
async fn deadline_stops_retries_that_would_end_past_it() {
    for (deadline, attempts) in [(Duration::from_secs(1), 1), (Duration::from_secs(60), 2)] {
        let server = MockServer::start([
            MockResponse::json(503, "{}").header("retry-after", "5"),
            MockResponse::json(200, "{}"),
        ])
        .await;
        let sleep = RecordingSleep::default();
        let config = ClientConfig::new()
            .base_url(server.url())
            .retry_policy(policy())
            .sleep(sleep.clone())
            .deadline(deadline);
        let transport = Transport::new(config, VOD, Arc::new(CountingSigner::default())).unwrap();

        let result = transport
            .send::<serde_json::Value>(Request::new(Method::GET, "/v2/tasks").idempotent(true))
            .await;

        assert_eq!(server.request_count(), attempts, "deadline {deadline:?}");
        if attempts == 1 {
            assert_eq!(result.unwrap_err().status(), Some(503));
            assert!(sleep.delays().is_empty());
        } else {
            result.unwrap();
            assert_eq!(sleep.delays(), [Duration::from_secs(5)]);
        }
    }
}

/// An attempt gets at most the time left before the deadline, however
/// long `timeout` allows: a response the server holds back ends as a
/// timeout, not retried since no time is left.
#[tokio::test]
async fn deadline_bounds_an_attempt() {
    let server =
        MockServer::start([MockResponse::json(200, "{}").delay(Duration::from_secs(5))]).await;
    let config = ClientConfig::new()
        .base_url(server.url())
        .timeout(Duration::from_secs(60))
        .deadline(Duration::from_millis(300))
        .retry_policy(policy())
        .sleep(RecordingSleep::default());
    let transport = Transport::new(config, VOD, Arc::new(CountingSigner::default())).unwrap();

    let err = transport
        .send::<serde_json::Value>(Request::new(Method::GET, "/v2/tasks").idempotent(true))
        .await
        .unwrap_err();

    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn connection_refused_is_a_retried_transport_error() {
    // Bind then drop: the port is free and nothing listens on it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let sleep = RecordingSleep::default();
    let config = ClientConfig::new()
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry_policy(policy())
        .sleep(sleep.clone());
    let transport = Transport::new(config, VOD, Arc::new(CountingSigner::default())).unwrap();

    let request = Request::new(Method::GET, "/v2/tasks").query("SecurityToken", "STS-SECRET");
    let err = transport
        .send::<serde_json::Value>(request)
        .await
        .unwrap_err();

    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(sleep.delays().len(), 2, "3 attempts");
    // The HTTP client's error names the URL; ours must not (its query may
    // carry a token).
    let printed = format!("{err:?} {err}");
    assert!(!printed.contains("STS-SECRET"), "{printed}");
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_keeping_body_and_request_id() {
    let body = r#"{"RequestId": "x", "Tasks": [oops]}"#;
    let server =
        MockServer::start([MockResponse::json(200, body).header("x-acs-request-id", "acs-1")])
            .await;
    let (transport, sleep) = transport(&server, IMM, policy());

    let err = transport.send::<TaskList>(list_tasks()).await.unwrap_err();

    match &err {
        Error::Decode {
            status,
            body: raw,
            request_id,
            ..
        } => {
            assert_eq!(*status, 200);
            assert_eq!(&raw[..], body.as_bytes());
            assert_eq!(request_id.as_deref(), Some("acs-1"));
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    assert!(!err.is_retryable(), "a malformed 200 will not improve");
    assert!(sleep.delays().is_empty());
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_keeping_body_and_request_id() {
    let body = r#"{"RequestId":"req-9","Tasks":[{"TaskId":"t-1"},{"Task"#;
    let server = MockServer::start([MockResponse::json(200, body)]).await;
    let (transport, _) = transport(&server, IMM, policy());

    let err = transport.send::<TaskList>(list_tasks()).await.unwrap_err();

    assert!(
        matches!(&err, Error::Decode { source, .. } if source.is_eof()),
        "{err:?}"
    );
    assert_eq!(err.body().map(|b| &b[..]), Some(body.as_bytes()));
    assert_eq!(
        err.request_id(),
        None,
        "no header and the body does not parse"
    );
}

#[tokio::test]
async fn decode_error_of_wrong_shape_finds_request_id_in_body() {
    let body = r#"{"requestId":"bce-5","data":"not a list"}"#;
    let server = MockServer::start([MockResponse::json(200, body)]).await;
    let (transport, _) = transport(&server, VOD, policy());
    let err = transport
        .send::<Vec<String>>(Request::new(Method::GET, "/v2/tasks"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert_eq!(err.request_id(), Some("bce-5"));
}

#[tokio::test]
async fn malformed_error_body_is_a_decode_error_judged_by_status() {
    let server = MockServer::start([
        MockResponse::new(502)
            .header("content-type", "text/html")
            .header("X-Request-Id", "hw-gw")
            .body("<html>Bad Gateway</html>"),
        MockResponse::new(400).body("<html>Bad Request</html>"),
    ])
    .await;
    let (transport, _) = transport(&server, VIAS, policy());
    let err = transport
        .send::<serde_json::Value>(Request::new(Method::GET, "/v2/p/tasks"))
        .await
        .unwrap_err();
    assert_eq!(server.request_count(), 2, "the 502 page was retried");
    assert!(matches!(err, Error::Decode { status: 400, .. }), "{err:?}");
    assert_eq!(
        err.body().map(|b| &b[..]),
        Some(&b"<html>Bad Request</html>"[..])
    );
}

/// A body over `max_response_bytes` is refused, whether its
/// `Content-Length` says so or it only shows while reading; one under the
/// limit arriving without a length decodes.
#[tokio::test]
async fn response_over_the_size_limit_is_refused() {
    let big = format!(
        r#"{{"RequestId": "x", "Tasks": [], "Pad": "{}"}}"#,
        "a".repeat(5_000)
    );
    let small = r#"{"RequestId": "r", "Tasks": [{"TaskId": "t"}]}"#;
    let server = MockServer::start([
        MockResponse::json(200, &big).header("x-acs-request-id", "acs-big"),
        MockResponse::json(200, &big).unframed(),
        MockResponse::json(200, small).unframed(),
    ])
    .await;
    let config = ClientConfig::new()
        .base_url(server.url())
        .retry_policy(policy())
        .max_response_bytes(1_000);
    let transport = Transport::new(config, IMM, Arc::new(CountingSigner::default())).unwrap();

    for expected_id in [Some("acs-big"), None] {
        let err = transport.send::<TaskList>(list_tasks()).await.unwrap_err();
        match &err {
            Error::ResponseTooLarge {
                status,
                limit,
                request_id,
            } => {
                assert_eq!((*status, *limit), (200, 1_000));
                assert_eq!(request_id.as_deref(), expected_id);
            }
            other => panic!("expected ResponseTooLarge, got {other:?}"),
        }
        assert!(!err.is_retryable());
        assert!(
            err.to_string().contains("larger than the 1000-byte limit"),
            "{err}"
        );
    }
    let list = transport.send::<TaskList>(list_tasks()).await.unwrap();
    assert_eq!(
        list.tasks,
        [Task {
            task_id: "t".into()
        }]
    );
    assert_eq!(
        server.request_count(),
        3,
        "an oversized body is not retried"
    );
}

#[tokio::test]
async fn body_cut_off_mid_transfer_is_a_transport_error() {
    let server = MockServer::start([
        MockResponse::json(200, r#"{"RequestId":"req","Ta"#).cut_off_at_declared(500)
    ])
    .await;
    let (transport, sleep) = transport(&server, IMM, RetryPolicy::disabled());
    let err = transport.send::<TaskList>(list_tasks()).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(err.is_retryable());
    assert!(sleep.delays().is_empty());
}

#[tokio::test]
async fn hook_sees_method_path_query_and_headers_and_may_add_headers() {
    let server =
        MockServer::start([MockResponse::json(200, r#"{"RequestId":"r","Tasks":[]}"#)]).await;
    let hook = RecordingHook {
        add_header: Some(("x-test-trace", "trace-1")),
        ..RecordingHook::default()
    };
    let config = ClientConfig::new()
        .base_url(server.url())
        .hook(hook.clone());
    let transport = Transport::new(config, IMM, Arc::new(CountingSigner::default())).unwrap();

    let request = list_tasks()
        .query("TaskTypes", r#"["FileCompression"]"#)
        .query("TaskTypes", r#"["MediaConvert"]"#);
    let _: TaskList = transport.send(request).await.unwrap();

    let requests = hook.requests.lock().unwrap();
    assert_eq!(requests.len(), 1);
    let seen = &requests[0];
    assert_eq!(seen.attempt, 1);
    assert_eq!(seen.method, Method::POST);
    assert_eq!(seen.path, "/");
    assert_eq!(seen.host(), server.url().trim_start_matches("http://"));
    let query: Vec<(&str, &str)> = seen
        .query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        query,
        [
            ("ProjectName", "demo"),
            ("MaxResults", "10"),
            ("TaskTypes", r#"["FileCompression"]"#),
            ("TaskTypes", r#"["MediaConvert"]"#),
        ]
    );
    assert_eq!(seen.header("x-acs-action"), Some("ListTasks"));
    assert_eq!(seen.header("authorization"), Some("test-signature-1"));
    assert_eq!(seen.header("User-Agent"), Some(DEFAULT_USER_AGENT));
    assert_eq!(
        server.requests()[0].header("x-test-trace"),
        Some("trace-1"),
        "a header added by the hook is sent"
    );
}

#[tokio::test]
async fn debug_output_never_shows_credentials() {
    const SECRET: &str = "SECRET-KEY-VALUE";
    const STS_TOKEN: &str = "STS-TOKEN-VALUE";
    const IAM_TOKEN: &str = "IAM-TOKEN-VALUE";
    let server = MockServer::start([
        MockResponse::json(503, r#"{"Code":"ServiceUnavailable"}"#),
        MockResponse::json(400, r#"{"Code":"InvalidParameter"}"#),
    ])
    .await;
    let hook = RecordingHook::default();
    let acs3 = Acs3Signer::new(AccessKey::new("AKID", SECRET).with_security_token(STS_TOKEN));
    let config = ClientConfig::new()
        .base_url(server.url())
        .hook(hook.clone())
        .sleep(RecordingSleep::default());
    let alibaba = Transport::new(config.clone(), IMM, Arc::new(acs3)).unwrap();
    let request = list_tasks()
        .query("SecurityToken", STS_TOKEN)
        .header("X-Auth-Token", IAM_TOKEN);
    let request_debug = format!("{request:?}");

    let err = alibaba.send::<TaskList>(request).await.unwrap_err();

    let huawei = Transport::new(
        config.clone(),
        VIAS,
        Arc::new(TokenSigner::huawei(Token::new(IAM_TOKEN))),
    )
    .unwrap();
    let seen = server.requests();
    assert_eq!(seen.len(), 2);
    assert!(seen[0]
        .header("authorization")
        .unwrap()
        .starts_with("ACS3-HMAC-SHA256 "));
    assert_eq!(seen[0].header("x-acs-security-token"), Some(STS_TOKEN));

    let mut printed = hook.printed.lock().unwrap().clone();
    assert!(
        printed.len() >= 5,
        "2 requests, 2 responses, 1 retry: {printed:?}"
    );
    printed.extend([
        request_debug,
        format!("{config:?}"),
        format!("{alibaba:?}"),
        format!("{huawei:?}"),
        format!("{err:?}"),
        err.to_string(),
    ]);
    for text in &printed {
        for secret in [SECRET, STS_TOKEN, IAM_TOKEN] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
    let outgoing = &printed[0];
    assert!(outgoing.contains("<redacted>"), "{outgoing}");
    assert!(outgoing.contains("ListTasks"), "{outgoing}");
    assert!(outgoing.contains("x-acs-date"), "{outgoing}");
}

#[tokio::test]
async fn invalid_requests_fail_before_any_io() {
    let server = MockServer::start([MockResponse::json(200, "{}")]).await;
    let (transport, _) = transport(&server, VOD, policy());
    for request in [
        Request::new(Method::GET, "v2/tasks"),
        Request::new(Method::GET, "/v2/../admin"),
        Request::new(Method::GET, "/v2/tasks").header("bad header", "x"),
        Request::new(Method::GET, "/v2/tasks").header("x-ok", "line\nbreak"),
    ] {
        let err = transport
            .send::<serde_json::Value>(request)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    }
    assert_eq!(server.request_count(), 0);
}

#[tokio::test]
async fn signing_errors_are_reported_and_not_retried() {
    let server = MockServer::start([MockResponse::json(200, "{}")]).await;
    let signer = TokenSigner::huawei(Token::new("bad\ntoken"));
    let config = ClientConfig::new().base_url(server.url());
    let transport = Transport::new(config, VIAS, Arc::new(signer)).unwrap();
    let err = transport
        .send::<serde_json::Value>(Request::new(Method::GET, "/v2/p/tasks"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Signing(_)), "{err:?}");
    assert!(!err.is_retryable());
    assert_eq!(server.request_count(), 0);
}

#[test]
fn region_selects_the_endpoint() {
    let signer: Arc<dyn Signer> = Arc::new(CountingSigner::default());
    let transport = Transport::new(
        ClientConfig::new().region("cn-north-4"),
        VIAS,
        signer.clone(),
    )
    .unwrap();
    assert_eq!(
        transport.base_url().as_str(),
        "https://vias.cn-north-4.myhuaweicloud.com/"
    );
    let err = Transport::new(ClientConfig::new(), VIAS, signer).unwrap_err();
    assert!(err.to_string().contains("needs a region"), "{err}");
}
