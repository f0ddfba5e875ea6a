//! Behaviour every generated client shares (retries, timeouts, decoding,
//! redaction), written once against [`Vendor`] and run for each vendor
//! from its own module.

use std::time::Duration;

use taskgen_runtime::{ClientConfig, ConfigError, Error, RetryPolicy};

use crate::mock_server::{MockResponse, RecordedRequest};
use crate::support::{
    access_key, assert_decode, assert_no_secrets, test_policy, token, Harness, ACCESS_KEY_SECRET,
    SECURITY_TOKEN, TOKEN,
};

/// What the shared scenarios need to know about one vendor's client.
pub trait Vendor {
    type Client: std::fmt::Debug;

    /// Response header the vendor puts its request id in.
    const REQUEST_ID_HEADER: &'static str;

    /// A client for `config`, with the test credentials.
    fn make(config: ClientConfig) -> Result<Self::Client, ConfigError>;

    /// Sends a small valid request and decodes the typed response.
    async fn call(client: &Self::Client) -> Result<(), Error>;

    /// A success body [`Vendor::call`] decodes (a seed sample).
    fn ok_body() -> String;

    /// An error body in the vendor's format.
    fn error_body(code: &str, message: &str) -> String;

    /// `Debug` output of the client's builders and built requests.
    fn debug_views(client: &Self::Client) -> Vec<String>;

    /// Credential values that went on the wire in `request` (signatures,
    /// tokens); never empty.
    fn wire_secrets(request: &RecordedRequest) -> Vec<String>;
}

async fn harness<V: Vendor>(
    script: impl IntoIterator<Item = MockResponse>,
    tweak: impl FnOnce(ClientConfig) -> ClientConfig,
) -> Harness<V::Client> {
    Harness::start(script, tweak, V::make).await
}

fn assert_within_backoff(delays: &[Duration], policy: &RetryPolicy) {
    for (retry, delay) in (1..).zip(delays) {
        assert!(
            *delay <= policy.backoff_ceiling(retry),
            "delay {delay:?} before retry {retry} exceeds {:?}",
            policy.backoff_ceiling(retry)
        );
    }
}

/// 503 (empty gateway body), then 200: success after 2 requests and one
/// backoff within the policy's first ceiling.
pub async fn retries_a_server_error_then_succeeds<V: Vendor>() {
    let h = harness::<V>(
        [
            MockResponse::new(503),
            MockResponse::json(200, &V::ok_body()),
        ],
        |c| c,
    )
    .await;

    V::call(&h.client)
        .await
        .expect("the second attempt succeeds");

    assert_eq!(h.server.request_count(), 2);
    let delays = h.sleep.delays();
    assert_eq!(delays.len(), 1, "{delays:?}");
    assert_within_backoff(&delays, &test_policy());
}

/// 503 forever: exactly `max_attempts` requests, then the last error.
pub async fn stops_after_max_attempts<V: Vendor>() {
    let policy = test_policy().with_max_attempts(4);
    let body = V::error_body("InternalError", "The backend is unavailable.");
    let h = harness::<V>([MockResponse::json(503, &body)], |c| {
        c.retry_policy(policy.clone())
    })
    .await;

    let err = V::call(&h.client).await.unwrap_err();

    assert!(matches!(err, Error::Api { status: 503, .. }), "{err:?}");
    assert_eq!(err.code(), Some("InternalError"));
    assert_eq!(h.server.request_count(), 4);
    let delays = h.sleep.delays();
    assert_eq!(delays.len(), 3, "{delays:?}");
    assert_within_backoff(&delays, &policy);
}

/// 429 with `Retry-After: 2` waits 2 s; a `Retry-After` beyond the
/// policy's maximum backoff (10 s) is capped to it.
pub async fn honours_retry_after_capped_by_the_policy<V: Vendor>() {
    let h = harness::<V>(
        [
            MockResponse::new(429).header("Retry-After", "2"),
            MockResponse::new(429).header("Retry-After", "3600"),
            MockResponse::json(200, &V::ok_body()),
        ],
        |c| c,
    )
    .await;

    V::call(&h.client)
        .await
        .expect("the third attempt succeeds");

    assert_eq!(h.server.request_count(), 3);
    assert_eq!(
        h.sleep.delays(),
        [Duration::from_secs(2), Duration::from_secs(10)]
    );
}

/// 400 with an ordinary error code: one request, no sleep.
pub async fn does_not_retry_a_client_error<V: Vendor>() {
    let body = V::error_body("InvalidParameter", "The parameter is invalid.");
    let h = harness::<V>([MockResponse::json(400, &body)], |c| c).await;

    let err = V::call(&h.client).await.unwrap_err();

    assert!(matches!(err, Error::Api { status: 400, .. }), "{err:?}");
    assert_eq!(err.code(), Some("InvalidParameter"));
    assert!(!err.is_retryable());
    assert_eq!(h.server.request_count(), 1);
    assert!(h.sleep.delays().is_empty());
}

/// A throttling error code is retried even with a status that is not.
pub async fn retries_a_throttling_code<V: Vendor>(status: u16, code: &str) {
    let body = V::error_body(code, "Request was denied due to flow control.");
    let h = harness::<V>(
        [
            MockResponse::json(status, &body),
            MockResponse::json(200, &V::ok_body()),
        ],
        |c| c,
    )
    .await;

    V::call(&h.client)
        .await
        .unwrap_or_else(|err| panic!("{code} with {status} should be retried: {err:?}"));

    assert_eq!(h.server.request_count(), 2);
    assert_eq!(h.sleep.delays().len(), 1);
}

/// A server slower than the configured timeout: `Error::Timeout` (retried
/// as the policy says, since a timeout is transient).
pub async fn times_out<V: Vendor>() {
    let slow = MockResponse::json(200, &V::ok_body()).delay(Duration::from_secs(30));
    let h = harness::<V>([slow], |c| {
        c.timeout(Duration::from_millis(200))
            .retry_policy(test_policy().with_max_attempts(2))
    })
    .await;

    let err = V::call(&h.client).await.unwrap_err();

    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert_eq!(h.sleep.delays().len(), 1, "one retry, then give up");
}

/// A 200 whose body is not JSON: `Error::Decode` with the raw body and the
/// request id header; not retried.
pub async fn malformed_json_is_a_decode_error<V: Vendor>() {
    let body = r#"{"tasks": [1, 2,, 3], <html>"#;
    let h = harness::<V>(
        [MockResponse::json(200, body).header(V::REQUEST_ID_HEADER, "req-malformed-1")],
        |c| c,
    )
    .await;

    let err = V::call(&h.client).await.unwrap_err();

    assert_decode(&err, 200, body, Some("req-malformed-1"));
    assert!(!err.is_retryable());
    assert_eq!(h.server.request_count(), 1);
}

/// A 200 whose JSON stops halfway (complete HTTP framing): `Error::Decode`
/// keeping what arrived; the request id comes from the header if sent.
pub async fn truncated_json_is_a_decode_error<V: Vendor>() {
    let full = V::ok_body();
    let half = &full[..full.len() / 2];
    let h = harness::<V>(
        [
            MockResponse::json(200, half).header(V::REQUEST_ID_HEADER, "req-truncated-1"),
            MockResponse::json(200, half),
        ],
        |c| c,
    )
    .await;

    let err = V::call(&h.client).await.unwrap_err();
    assert_decode(&err, 200, half, Some("req-truncated-1"));

    let err = V::call(&h.client).await.unwrap_err();
    assert_decode(&err, 200, half, None);
    assert_eq!(h.server.request_count(), 2, "decode errors are not retried");
}

/// The seed sample under a limit one byte short of it: refused as
/// `Error::ResponseTooLarge`, by its `Content-Length` and, sent without
/// one, while reading; not retried. At its exact size it decodes.
pub async fn oversized_body_is_refused<V: Vendor>() {
    let body = V::ok_body();
    let h = harness::<V>(
        [
            MockResponse::json(200, &body).header(V::REQUEST_ID_HEADER, "req-big-1"),
            MockResponse::json(200, &body).unframed(),
        ],
        |c| c.max_response_bytes(body.len() - 1),
    )
    .await;
    for request_id in [Some("req-big-1"), None] {
        let err = V::call(&h.client).await.unwrap_err();
        let Error::ResponseTooLarge {
            status: 200,
            limit,
            request_id: seen,
        } = &err
        else {
            panic!("expected ResponseTooLarge, got {err:?}");
        };
        assert_eq!((*limit, seen.as_deref()), (body.len() - 1, request_id));
    }
    assert_eq!(h.server.request_count(), 2, "not retried");

    let h = harness::<V>([MockResponse::json(200, &body).unframed()], |c| {
        c.max_response_bytes(body.len())
    })
    .await;
    V::call(&h.client)
        .await
        .expect("a body at the limit decodes");
}

/// A body cut off below its `Content-Length` is a network failure, not a
/// decode error: `Error::Transport`, retried.
pub async fn cut_off_body_is_a_transport_error<V: Vendor>() {
    let full = V::ok_body();
    let cut = MockResponse::json(200, &full[..10]).cut_off_at_declared(full.len());
    let h = harness::<V>([cut, MockResponse::json(200, &full)], |c| c).await;

    V::call(&h.client)
        .await
        .expect("the retry gets the whole body");
    assert_eq!(h.server.request_count(), 2);

    let h = harness::<V>(
        [MockResponse::json(200, &full[..10]).cut_off_at_declared(full.len())],
        |c| c.retry_policy(RetryPolicy::disabled()),
    )
    .await;
    let err = V::call(&h.client).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
}

/// No secret (access key secret, STS token, IAM token, signatures) in the
/// `Debug` of the client, its builders and requests, the credentials, or
/// anything a logging hook prints over a retried call.
pub async fn never_prints_secrets<V: Vendor>() {
    let body = V::error_body("InternalError", "The backend is unavailable.");
    let h = harness::<V>(
        [
            MockResponse::json(503, &body),
            MockResponse::json(200, &V::ok_body()),
        ],
        |c| c,
    )
    .await;

    V::call(&h.client)
        .await
        .expect("the second attempt succeeds");

    let mut secrets: Vec<String> = [ACCESS_KEY_SECRET, SECURITY_TOKEN, TOKEN]
        .map(String::from)
        .to_vec();
    let requests = h.server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        let on_wire = V::wire_secrets(request);
        assert!(
            !on_wire.is_empty() && on_wire.iter().all(|s| s.len() >= 16),
            "{on_wire:?}"
        );
        secrets.extend(on_wire);
    }

    let logged = h.hook.log();
    // Two requests, two responses, one retry.
    assert_eq!(logged.len(), 5, "{logged:#?}");
    assert!(
        logged
            .iter()
            .any(|line| line.contains(r#"("Authorization", <redacted>)"#)
                || line.contains(r#"("X-Auth-Token", <redacted>)"#)),
        "{logged:#?}"
    );
    assert_no_secrets("the logging hook", &logged, &secrets);

    let mut shown = vec![
        format!("{:?}", h.client),
        format!("{:?}", access_key().with_security_token(SECURITY_TOKEN)),
        format!("{:?}", token()),
    ];
    shown.extend(V::debug_views(&h.client));
    assert!(shown[0].contains("<redacted>"), "{}", shown[0]);
    assert_no_secrets("Debug output", &shown, &secrets);
}
