//! Baidu AI Cloud VOD (`baidu_vod`): `GET /v2/tasks`, bce-auth-v1 signing
//! over `host` and `x-bce-date`, 1800 s validity.

use cloud_task_clients::baidu_vod::{
    AccessKey, Client, ClientConfig, ConfigError, Error, TaskStatus, TaskType,
};
use taskgen_runtime::sign::BceSigner;
use taskgen_runtime::DEFAULT_USER_AGENT;
use taskgen_tests::SEED_SAMPLES;

use crate::mock_server::{MockResponse, RecordedRequest};
use crate::scenarios::{self, Vendor};
use crate::support::{
    access_key, assert_api, assert_invalid, assert_request_line, bce_error_body, parse_utc, resign,
    Harness, ACCESS_KEY_ID,
};

struct Vod;

impl Vendor for Vod {
    type Client = Client;
    const REQUEST_ID_HEADER: &'static str = "x-bce-request-id";

    fn make(config: ClientConfig) -> Result<Client, ConfigError> {
        Client::with_access_key(config, access_key())
    }

    async fn call(client: &Client) -> Result<(), Error> {
        client.list_tasks().max_size(10).send().await.map(drop)
    }

    fn ok_body() -> String {
        seed()
    }

    fn error_body(code: &str, message: &str) -> String {
        bce_error_body(code, message)
    }

    fn debug_views(client: &Client) -> Vec<String> {
        let builder = client
            .list_tasks()
            .status(TaskStatus::Failed)
            .x_bce_request_id("6bae5cb3-97d1-4b1a-b8b6-0ad577c1d481");
        let request = builder.clone().build().unwrap();
        vec![format!("{builder:?}"), format!("{request:?}")]
    }

    fn wire_secrets(request: &RecordedRequest) -> Vec<String> {
        let authorization = request.header("authorization").expect("signed");
        let signature = authorization.rsplit('/').next().unwrap();
        vec![signature.to_string()]
    }
}

fn seed() -> String {
    SEED_SAMPLES
        .iter()
        .find(|s| s.seed == "003")
        .expect("known seed")
        .text()
}

/// A client with an access key pointed at a new mock server answering
/// with `script`.
async fn vod(script: impl IntoIterator<Item = MockResponse>) -> Harness<Client> {
    Harness::start(script, |c| c, Vod::make).await
}

/// `authorization` is `bce-auth-v1/{ak}/{x-bce-date}/1800/host;x-bce-date/{sig}`
/// and the signature verifies: signing the recorded request again at its
/// `x-bce-date` gives the same value.
fn assert_signed(request: &RecordedRequest) {
    let date = request.header("x-bce-date").expect("x-bce-date");
    let authorization = request.header("authorization").expect("authorization");
    let prefix = format!("bce-auth-v1/{ACCESS_KEY_ID}/{date}/1800/host;x-bce-date/");
    assert!(authorization.starts_with(&prefix), "{authorization}");
    let signature = &authorization[prefix.len()..];
    assert_eq!(signature.len(), 64, "{authorization}");
    let signer = BceSigner::new(access_key())
        .with_signed_headers(["host", "x-bce-date"])
        .with_expiration_seconds(1800);
    let every_header: Vec<String> = request.headers.iter().map(|(n, _)| n.clone()).collect();
    assert_eq!(
        resign(&signer, request, &every_header, parse_utc(date)),
        authorization,
        "signature does not verify"
    );
    let wrong_key = BceSigner::new(AccessKey::new(ACCESS_KEY_ID, "another-secret"))
        .with_signed_headers(["host", "x-bce-date"]);
    assert_ne!(
        resign(&wrong_key, request, &every_header, parse_utc(date)),
        authorization,
        "the check above depends on the secret"
    );
    assert!(request.body.is_empty());
}

// ---- 1. fully populated request --------------------------------------

#[tokio::test]
async fn list_tasks_sends_every_parameter() {
    let h = vod([MockResponse::json(200, &seed())]).await;

    h.client
        .list_tasks()
        .marker("tsk-emeq6k7m52p8d2u0")
        .max_size(100)
        .task_id("tsk-emeqb9c1kmdd7rns")
        .media_id("mda-emcventhizk2yfbz")
        .status(TaskStatus::Failed)
        .begin_time("2024-12-05T06:08:41Z")
        .end_time("2024-12-05T06:08:43Z")
        .x_bce_request_id("6bae5cb3-97d1-4b1a-b8b6-0ad577c1d481")
        .send()
        .await
        .unwrap();

    let seen = h.only_request();
    assert_request_line(
        &seen,
        "GET",
        "/v2/tasks",
        &[
            ("marker", "tsk-emeq6k7m52p8d2u0"),
            ("maxSize", "100"),
            ("taskId", "tsk-emeqb9c1kmdd7rns"),
            ("mediaId", "mda-emcventhizk2yfbz"),
            ("status", "FAILED"),
            ("beginTime", "2024-12-05T06:08:41Z"),
            ("endTime", "2024-12-05T06:08:43Z"),
        ],
    );
    assert_eq!(
        seen.header("x-bce-request-id"),
        Some("6bae5cb3-97d1-4b1a-b8b6-0ad577c1d481"),
        "the header parameter is a header"
    );
    assert_eq!(seen.header("user-agent"), Some(DEFAULT_USER_AGENT));
    assert_eq!(seen.header("accept"), Some("application/json"));
    assert_signed(&seen);
}

#[tokio::test]
async fn list_tasks_without_parameters_has_no_query() {
    let h = vod([MockResponse::json(200, &seed())]).await;
    h.client.list_tasks().send().await.unwrap();
    let seen = h.only_request();
    assert_eq!(seen.target, "/v2/tasks");
    assert_eq!(seen.header("x-bce-request-id"), None);
    assert_signed(&seen);
}

// ---- 2. seed sample response -----------------------------------------

#[tokio::test]
async fn list_tasks_parses_the_seed_sample() {
    let h = vod([MockResponse::json(200, &seed())]).await;

    let response = h
        .client
        .list_tasks()
        .status(TaskStatus::Failed)
        .max_size(10)
        .send()
        .await
        .unwrap();

    assert_eq!(response.is_truncated, Some(false));
    assert_eq!(response.marker.as_deref(), Some("tsk-emeqb9c1kmdd7rns"));
    assert_eq!(
        response.next_marker.as_deref(),
        Some("tsk-emeq6k7m52p8d2u0")
    );
    let data = response.data.expect("data");
    assert_eq!(data.len(), 2);
    assert_eq!(data[0].task_id.as_deref(), Some("tsk-emeqb9c1kmdd7rns"));
    assert_eq!(data[0].media_id.as_deref(), Some("mda-emcventhizk2yfbz"));
    assert_eq!(data[0].r#type, Some(TaskType::Workflow));
    assert_eq!(data[1].r#type, Some(TaskType::Preset));
    assert_eq!(data[1].status, Some(TaskStatus::Failed));
    assert_eq!(data[1].finish_time.as_deref(), Some("2024-12-05T06:08:37Z"));
}

// ---- 3. vendor error body --------------------------------------------

#[tokio::test]
async fn list_tasks_error_body_is_an_api_error() {
    let body = r#"{"requestId":"7a64abd6-5fd8-4f42-a795-bb51c8cf5c6a","code":"AccessDenied","message":"Access denied."}"#;
    let h = vod([MockResponse::json(403, body)]).await;

    let err = h.client.list_tasks().send().await.unwrap_err();

    assert_api(
        &err,
        403,
        "AccessDenied",
        "Access denied.",
        "7a64abd6-5fd8-4f42-a795-bb51c8cf5c6a",
        body,
    );
    assert_eq!(h.server.request_count(), 1, "403 is not retried");
}

#[tokio::test]
async fn error_request_id_falls_back_to_the_header() {
    let body = r#"{"code":"MediaException.MediaNotFound","message":"Media not found with mda-jdekywp8pek91e0n"}"#;
    let h = vod([MockResponse::json(404, body).header("x-bce-request-id", "hdr-req-1")]).await;

    let err = h.client.list_tasks().send().await.unwrap_err();

    assert_api(
        &err,
        404,
        "MediaException.MediaNotFound",
        "Media not found with mda-jdekywp8pek91e0n",
        "hdr-req-1",
        body,
    );
}

// ---- 4. validation before sending ------------------------------------

#[tokio::test]
async fn max_size_out_of_range_is_refused_before_sending() {
    let h = vod([MockResponse::json(200, &seed())]).await;

    let err = h.client.list_tasks().max_size(0).send().await.unwrap_err();
    assert_invalid(&err, "maxSize", &["at least 1", "got 0"]);
    let err = h
        .client
        .list_tasks()
        .max_size(101)
        .send()
        .await
        .unwrap_err();
    assert_invalid(&err, "maxSize", &["at most 100", "got 101"]);
    assert_eq!(h.server.request_count(), 0);

    for size in [1, 100] {
        h.client.list_tasks().max_size(size).build().unwrap();
    }
}

#[tokio::test]
async fn header_parameter_with_control_characters_is_refused_before_sending() {
    let h = vod([MockResponse::json(200, &seed())]).await;

    let err = h
        .client
        .list_tasks()
        .x_bce_request_id("req-1\r\nx-injected: 1")
        .send()
        .await
        .unwrap_err();

    assert_invalid(
        &err,
        "x-bce-request-id",
        &["characters HTTP does not allow"],
    );
    assert!(!err.is_retryable());
    assert_eq!(h.server.request_count(), 0);
}

// ---- 5. retries -------------------------------------------------------

#[tokio::test]
async fn retries_a_server_error_then_succeeds() {
    scenarios::retries_a_server_error_then_succeeds::<Vod>().await;
}

#[tokio::test]
async fn stops_after_max_attempts() {
    scenarios::stops_after_max_attempts::<Vod>().await;
}

#[tokio::test]
async fn honours_retry_after_capped_by_the_policy() {
    scenarios::honours_retry_after_capped_by_the_policy::<Vod>().await;
}

#[tokio::test]
async fn does_not_retry_a_client_error() {
    scenarios::does_not_retry_a_client_error::<Vod>().await;
}

#[tokio::test]
async fn retries_request_rate_limit_exceeded_with_400() {
    scenarios::retries_a_throttling_code::<Vod>(400, "RequestRateLimitExceeded").await;
}

// ---- 6. timeout -------------------------------------------------------

#[tokio::test]
async fn times_out() {
    scenarios::times_out::<Vod>().await;
}

// ---- 7. undecodable bodies --------------------------------------------

#[tokio::test]
async fn malformed_json_is_a_decode_error() {
    scenarios::malformed_json_is_a_decode_error::<Vod>().await;
}

#[tokio::test]
async fn truncated_json_is_a_decode_error() {
    scenarios::truncated_json_is_a_decode_error::<Vod>().await;
}

#[tokio::test]
async fn oversized_body_is_refused() {
    scenarios::oversized_body_is_refused::<Vod>().await;
}

#[tokio::test]
async fn cut_off_body_is_a_transport_error() {
    scenarios::cut_off_body_is_a_transport_error::<Vod>().await;
}

// ---- 8. secrets -------------------------------------------------------

#[tokio::test]
async fn never_prints_secrets() {
    scenarios::never_prints_secrets::<Vod>().await;
}
