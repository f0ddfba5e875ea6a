//! Huawei Cloud VIAS (`huawei_vias`): `GET /v2/{project_id}/tasks`, with an
//! IAM token in `X-Auth-Token` or SDK-HMAC-SHA256 (AK/SK) signing.

use cloud_task_clients::huawei_vias::{
    AccessKey, Client, ClientConfig, ConfigError, Error, ErrorResponse, ListTasksResponse,
    ListTasksSortDir, ListTasksSourceDataType, TaskInputType, TaskState, TaskStateFilter,
};
use serde_json::json;
use taskgen_runtime::sign::HuaweiAkSkSigner;
use taskgen_tests::SEED_SAMPLES;

use crate::mock_server::{MockResponse, RecordedRequest};
use crate::scenarios::{self, Vendor};
use crate::support::{
    access_key, assert_api, assert_decode, assert_invalid, assert_missing, assert_no_secrets,
    assert_request_line, parse_utc, resign, signature_field, signed_headers_field, token,
    vias_error_body, Harness, ACCESS_KEY_ID, TOKEN,
};

const PROJECT_ID: &str = "0123456789abcdef0123456789abcdef";

/// VIAS with an IAM token (`Client::with_token`).
struct ViasToken;

impl Vendor for ViasToken {
    type Client = Client;
    const REQUEST_ID_HEADER: &'static str = "X-Request-Id";

    fn make(config: ClientConfig) -> Result<Client, ConfigError> {
        Client::with_token(config, token())
    }

    async fn call(client: &Client) -> Result<(), Error> {
        client
            .list_tasks()
            .project_id(PROJECT_ID)
            .send()
            .await
            .map(drop)
    }

    fn ok_body() -> String {
        seed()
    }

    fn error_body(code: &str, message: &str) -> String {
        vias_error_body(code, message)
    }

    fn debug_views(client: &Client) -> Vec<String> {
        let builder = client
            .list_tasks()
            .project_id(PROJECT_ID)
            .task_state(TaskStateFilter::Failed);
        let request = builder.clone().build().unwrap();
        vec![format!("{builder:?}"), format!("{request:?}")]
    }

    fn wire_secrets(request: &RecordedRequest) -> Vec<String> {
        vec![request.header("X-Auth-Token").expect("token").to_string()]
    }
}

/// VIAS with an access key (`Client::with_access_key`).
struct ViasAkSk;

impl Vendor for ViasAkSk {
    type Client = Client;
    const REQUEST_ID_HEADER: &'static str = "X-Request-Id";

    fn make(config: ClientConfig) -> Result<Client, ConfigError> {
        Client::with_access_key(config, access_key())
    }

    async fn call(client: &Client) -> Result<(), Error> {
        ViasToken::call(client).await
    }

    fn ok_body() -> String {
        ViasToken::ok_body()
    }

    fn error_body(code: &str, message: &str) -> String {
        ViasToken::error_body(code, message)
    }

    fn debug_views(client: &Client) -> Vec<String> {
        ViasToken::debug_views(client)
    }

    fn wire_secrets(request: &RecordedRequest) -> Vec<String> {
        let authorization = request.header("authorization").expect("signed");
        vec![signature_field(authorization)]
    }
}

fn seed() -> String {
    SEED_SAMPLES
        .iter()
        .find(|s| s.seed == "004")
        .expect("known seed")
        .text()
}

/// A token client pointed at a new mock server answering with `script`.
async fn vias(script: impl IntoIterator<Item = MockResponse>) -> Harness<Client> {
    Harness::start(script, |c| c, ViasToken::make).await
}

/// An AK/SK client pointed at a new mock server answering with `script`.
async fn vias_aksk(script: impl IntoIterator<Item = MockResponse>) -> Harness<Client> {
    Harness::start(script, |c| c, ViasAkSk::make).await
}

/// Sets every parameter of ListTasks to a valid value, sends it, and
/// returns the query pairs that must arrive.
async fn send_fully_populated(client: &Client) -> Vec<(&'static str, &'static str)> {
    client
        .list_tasks()
        .project_id(PROJECT_ID)
        .source_data_type(ListTasksSourceDataType::AsyncTask)
        .title("视频分析-task_1,a")
        .camera_name("Gate camera #1")
        .task_state(TaskStateFilter::LackOfResources)
        .task_name("qqqq_task")
        .page_size(1000)
        .page(2)
        .sort_dir(ListTasksSortDir::Asc)
        .batch_id("batch-0001_a")
        .video_group_id("vg-01,vg-02")
        .company("huawei,acme")
        .alg_id("3f2b6c1e-9a4d-4c2b-8e1f-0123456789ab")
        .send()
        .await
        .unwrap();
    vec![
        ("source_data_type", "async_task"),
        ("title", "视频分析-task_1,a"),
        ("camera_name", "Gate camera #1"),
        ("task_state", "LACK_OF_RESOURCES"),
        ("task_name", "qqqq_task"),
        ("page_size", "1000"),
        ("page", "2"),
        ("sort_dir", "asc"),
        ("batch_id", "batch-0001_a"),
        ("video_group_id", "vg-01,vg-02"),
        ("company", "huawei,acme"),
        ("alg_id", "3f2b6c1e-9a4d-4c2b-8e1f-0123456789ab"),
    ]
}

// ---- 1. fully populated request --------------------------------------

#[tokio::test]
async fn list_tasks_sends_every_parameter_with_a_token() {
    let h = vias([MockResponse::json(200, &seed())]).await;

    let query = send_fully_populated(&h.client).await;

    let seen = h.only_request();
    assert_request_line(&seen, "GET", &format!("/v2/{PROJECT_ID}/tasks"), &query);
    assert_eq!(seen.header("X-Auth-Token"), Some(TOKEN));
    assert_eq!(seen.header("Authorization"), None);
    assert_eq!(seen.header("X-Sdk-Date"), None);
    assert!(seen.body.is_empty());
}

#[tokio::test]
async fn list_tasks_sends_every_parameter_signed_with_an_access_key() {
    let h = vias_aksk([MockResponse::json(200, &seed())]).await;

    let query = send_fully_populated(&h.client).await;

    let seen = h.only_request();
    assert_request_line(&seen, "GET", &format!("/v2/{PROJECT_ID}/tasks"), &query);
    assert_eq!(seen.header("X-Auth-Token"), None);
    assert!(seen.header("X-Sdk-Date").is_some());
    let authorization = seen.header("Authorization").expect("Authorization");
    let prefix = format!("SDK-HMAC-SHA256 Access={ACCESS_KEY_ID}, SignedHeaders=");
    assert!(authorization.starts_with(&prefix), "{authorization}");
    let signed = signed_headers_field(authorization);
    for name in ["host", "x-sdk-date"] {
        assert!(signed.iter().any(|s| s == name), "{name} not signed");
    }
    assert_verifies(&seen);
}

/// Signing the recorded request again at its `X-Sdk-Date`, over the
/// headers its `SignedHeaders` lists, gives the same `Authorization`: the
/// server can verify it.
fn assert_verifies(seen: &RecordedRequest) {
    let date = seen.header("X-Sdk-Date").expect("X-Sdk-Date");
    let authorization = seen.header("Authorization").expect("Authorization");
    let signed = signed_headers_field(authorization);
    let signer = HuaweiAkSkSigner::new(access_key());
    assert_eq!(
        resign(&signer, seen, &signed, parse_utc(date)),
        authorization,
        "signature does not verify"
    );
    let wrong_key = HuaweiAkSkSigner::new(AccessKey::new(ACCESS_KEY_ID, "another-secret"));
    assert_ne!(
        resign(&wrong_key, seen, &signed, parse_utc(date)),
        authorization,
        "the check above depends on the secret"
    );
}

#[tokio::test]
async fn path_parameter_is_percent_encoded_and_signed_as_sent() {
    let h = vias_aksk([MockResponse::json(200, &seed())]).await;

    h.client
        .list_tasks()
        .project_id("proj ü%")
        .task_name("a+b c")
        .send()
        .await
        .unwrap();

    let seen = h.only_request();
    assert_eq!(
        seen.target,
        "/v2/proj%20%C3%BC%25/tasks?task_name=a%2Bb%20c"
    );
    assert_verifies(&seen);
}

// ---- 2. seed sample response -----------------------------------------

#[tokio::test]
async fn list_tasks_parses_the_seed_sample() {
    let h = vias([MockResponse::json(200, &seed())]).await;

    let response = h
        .client
        .list_tasks()
        .project_id(PROJECT_ID)
        .page(1)
        .page_size(10)
        .send()
        .await
        .unwrap();

    assert_eq!(response.count, Some(2));
    assert_eq!(response.page, Some(1));
    assert_eq!(response.page_size, Some(10));
    let tasks = response.tasks.expect("tasks");
    assert_eq!(tasks.len(), 2);
    assert_eq!(tasks[0].name.as_deref(), Some("qqqq_task"));
    assert_eq!(tasks[0].state, Some(TaskState::Pending));
    assert_eq!(tasks[0].created_at.as_deref(), Some("1686034773024"));
    assert_eq!(tasks[0].video_source_name.as_deref(), Some("url_test"));
    assert_eq!(tasks[1].state, Some(TaskState::Stopped));
    assert_eq!(tasks[1].title.as_deref(), Some("alg_test"));
}

// ---- 3. vendor error body --------------------------------------------

#[tokio::test]
async fn list_tasks_error_body_is_an_api_error() {
    let body = r#"{"error_code":"VIAS.0005","error_msg":"Invalid parameter.","detail":"page_size is out of range","params":["page_size"],"reason":"bad request","advice":"Check the parameter."}"#;
    let h = vias([MockResponse::json(400, body).header("X-Request-Id", "d3f1c2a0b9e8")]).await;

    let err = h
        .client
        .list_tasks()
        .project_id(PROJECT_ID)
        .send()
        .await
        .unwrap_err();

    assert_api(
        &err,
        400,
        "VIAS.0005",
        "Invalid parameter.",
        "d3f1c2a0b9e8",
        body,
    );
    assert_eq!(h.server.request_count(), 1, "400 is not retried");
    let parsed: ErrorResponse = serde_json::from_slice(err.body().unwrap()).unwrap();
    assert_eq!(parsed.params, Some(vec!["page_size".to_string()]));
    assert_eq!(parsed.advice.as_deref(), Some("Check the parameter."));
}

// ---- 4. validation before sending ------------------------------------

#[tokio::test]
async fn invalid_parameters_are_refused_before_sending() {
    let h = vias([MockResponse::json(200, &seed())]).await;
    let list = || h.client.list_tasks().project_id(PROJECT_ID);

    let err = h.client.list_tasks().page(1).send().await.unwrap_err();
    assert_missing(&err, "ListTasksRequest", "project_id");

    let err = list().page_size(4).send().await.unwrap_err();
    assert_invalid(&err, "page_size", &["at least 5", "got 4"]);
    let err = list().page_size(1001).send().await.unwrap_err();
    assert_invalid(&err, "page_size", &["at most 1000", "got 1001"]);

    let err = list()
        .camera_name("c".repeat(256))
        .send()
        .await
        .unwrap_err();
    assert_invalid(&err, "camera_name", &["at most 255 characters", "got 256"]);
    let err = list().task_name("n".repeat(1025)).send().await.unwrap_err();
    assert_invalid(&err, "task_name", &["at most 1024 characters"]);
    let err = list().video_group_id("vg1").send().await.unwrap_err();
    assert_invalid(&err, "video_group_id", &["at least 4 characters"]);

    // "AB" breaks both minLength 4 and the pattern's {4,36}.
    let err = list().batch_id("AB").send().await.unwrap_err();
    assert_invalid(&err, "batch_id", &["4"]);
    // Long enough, but upper case is outside the pattern.
    let err = list().batch_id("ABCD").send().await.unwrap_err();
    assert_invalid(&err, "batch_id", &["^[a-z0-9-_]{4,36}$", "got `ABCD`"]);
    let err = list().title("bad title!").send().await.unwrap_err();
    assert_invalid(&err, "title", &["pattern", "got `bad title!`"]);
    let err = list().title("x").send().await.unwrap_err();
    assert_invalid(&err, "title", &["at least 2 characters"]);
    let err = list()
        .alg_id("3f2b6c1e-9a4d-5c2b-8e1f-0123456789ab")
        .send()
        .await
        .unwrap_err();
    assert_invalid(&err, "alg_id", &["pattern"]);

    assert_eq!(h.server.request_count(), 0);

    // Values on the bounds are valid.
    list().page_size(5).build().unwrap();
    list().camera_name("c".repeat(255)).build().unwrap();
    list().batch_id("a".repeat(36)).build().unwrap();
    list().title("任务").build().unwrap();
}

#[tokio::test]
async fn path_parameters_that_change_the_path_are_refused_before_sending() {
    let h = vias([MockResponse::json(200, &seed())]).await;

    let err = h
        .client
        .list_tasks()
        .project_id("p1/../other")
        .send()
        .await
        .unwrap_err();
    assert_invalid(&err, "project_id", &["must not contain `/`"]);
    for (value, problem) in [
        ("..", "must not be `..`"),
        (".", "must not be `.`"),
        ("", "must not be empty"),
    ] {
        let err = h
            .client
            .list_tasks()
            .project_id(value)
            .send()
            .await
            .unwrap_err();
        assert_invalid(&err, "project_id", &[problem]);
    }
    assert_eq!(h.server.request_count(), 0);
}

// ---- 5. retries -------------------------------------------------------

#[tokio::test]
async fn retries_a_server_error_then_succeeds() {
    scenarios::retries_a_server_error_then_succeeds::<ViasToken>().await;
}

#[tokio::test]
async fn stops_after_max_attempts() {
    scenarios::stops_after_max_attempts::<ViasToken>().await;
}

#[tokio::test]
async fn honours_retry_after_capped_by_the_policy() {
    scenarios::honours_retry_after_capped_by_the_policy::<ViasToken>().await;
}

#[tokio::test]
async fn does_not_retry_a_client_error() {
    scenarios::does_not_retry_a_client_error::<ViasToken>().await;
}

#[tokio::test]
async fn retries_apigw_0308_flow_control() {
    scenarios::retries_a_throttling_code::<ViasToken>(400, "APIGW.0308").await;
    scenarios::retries_a_throttling_code::<ViasToken>(429, "APIGW.0308").await;
}

// ---- 6. timeout -------------------------------------------------------

#[tokio::test]
async fn times_out() {
    scenarios::times_out::<ViasToken>().await;
}

// ---- 7. undecodable bodies --------------------------------------------

#[tokio::test]
async fn malformed_json_is_a_decode_error() {
    scenarios::malformed_json_is_a_decode_error::<ViasToken>().await;
}

#[tokio::test]
async fn truncated_json_is_a_decode_error() {
    scenarios::truncated_json_is_a_decode_error::<ViasToken>().await;
}

#[tokio::test]
async fn oversized_body_is_refused() {
    scenarios::oversized_body_is_refused::<ViasToken>().await;
}

#[tokio::test]
async fn cut_off_body_is_a_transport_error() {
    scenarios::cut_off_body_is_a_transport_error::<ViasToken>().await;
}

// ---- 8. secrets -------------------------------------------------------

#[tokio::test]
async fn never_prints_secrets_with_a_token() {
    scenarios::never_prints_secrets::<ViasToken>().await;
}

#[tokio::test]
async fn never_prints_secrets_with_an_access_key() {
    scenarios::never_prints_secrets::<ViasAkSk>().await;
}

#[tokio::test]
async fn vcn_password_prints_as_redacted() {
    const PASSWORD: &str = "vcn-SECRET-password-77";
    let body = json!({
        "count": 1,
        "tasks": [{
            "id": "t-vcn-1",
            "name": "gate",
            "input": {
                "type": "vcn",
                "vcn": {
                    "ip": "192.168.0.10",
                    "port": 9000,
                    "username": "admin",
                    "password": PASSWORD,
                },
            },
        }],
        "page": 1,
        "page_size": 10,
    })
    .to_string();
    let h = vias([MockResponse::json(200, &body)]).await;

    let response: ListTasksResponse = h
        .client
        .list_tasks()
        .project_id(PROJECT_ID)
        .send()
        .await
        .unwrap();

    let task = &response.tasks.as_ref().unwrap()[0];
    let input = task.input.as_ref().unwrap();
    assert_eq!(input.r#type, Some(TaskInputType::Vcn));
    let vcn = input.vcn.as_ref().unwrap();
    assert_eq!(vcn.password.as_deref(), Some(PASSWORD), "value kept");
    assert_eq!(vcn.username.as_deref(), Some("admin"));

    let shown = vec![
        format!("{response:?}"),
        format!("{response:#?}"),
        format!("{vcn:?}"),
    ];
    assert!(
        shown[2].contains("password: Some(<redacted>)"),
        "{}",
        shown[2]
    );
    assert!(shown[2].contains("192.168.0.10"), "{}", shown[2]);
    assert_no_secrets("Debug of the response", &shown, &[PASSWORD.to_string()]);
    assert_no_secrets("the logging hook", &h.hook.log(), &[PASSWORD.to_string()]);
}

/// The password must not leak through the error either when a response
/// holding it fails to decode: like `OutgoingRequest` and
/// `IncomingResponse`, `Error` prints only the body's size.
#[tokio::test]
async fn vcn_password_in_an_undecodable_response_is_not_printed() {
    const PASSWORD: &str = "vcn-SECRET-password-77";
    // `count` is not an integer, so the body does not decode.
    let body = json!({
        "count": "one",
        "tasks": [{"id": "t-1", "input": {"type": "vcn", "vcn": {"password": PASSWORD}}}],
    })
    .to_string();
    let h = vias([MockResponse::json(200, &body)]).await;

    let err = h
        .client
        .list_tasks()
        .project_id(PROJECT_ID)
        .send()
        .await
        .unwrap_err();

    // The raw body stays available to the caller ...
    assert_decode(&err, 200, &body, None);
    // ... but printing the error must not show the secret in it.
    assert_no_secrets(
        "the decode error",
        &[format!("{err:?}"), format!("{err:#?}"), err.to_string()],
        &[PASSWORD.to_string()],
    );
}
