//! Alibaba Cloud IMM (`aliyun_imm`): RPC style, `POST /` with `Action` and
//! `Version` in the query, ACS3-HMAC-SHA256 signing.

use cloud_task_clients::aliyun_imm::{
    AccessKey, BatchState, Client, ClientConfig, ConfigError, Error, FastFailPolicyAction,
    ListBatchesSort, ListTasksSort, SortOrder, TaskStatus, TaskType, TimeRange,
};
use serde_json::json;
use taskgen_runtime::sign::{Acs3Signer, FixedNonce};
use taskgen_tests::SEED_SAMPLES;

use crate::mock_server::{MockResponse, RecordedRequest};
use crate::scenarios::{self, Vendor};
use crate::support::{
    access_key, assert_api, assert_decode, assert_invalid, assert_missing, assert_request_line,
    imm_error_body, parse_utc, resign, signature_field, signed_headers_field, Harness,
    ACCESS_KEY_ID, SECURITY_TOKEN,
};

struct Imm;

impl Vendor for Imm {
    type Client = Client;
    const REQUEST_ID_HEADER: &'static str = "x-acs-request-id";

    /// STS credentials, so the security token is on the wire too.
    fn make(config: ClientConfig) -> Result<Client, ConfigError> {
        Client::with_access_key(config, access_key().with_security_token(SECURITY_TOKEN))
    }

    async fn call(client: &Client) -> Result<(), Error> {
        client
            .list_tasks()
            .project_name("immtest")
            .send()
            .await
            .map(drop)
    }

    fn ok_body() -> String {
        seed("000")
    }

    fn error_body(code: &str, message: &str) -> String {
        imm_error_body(code, message)
    }

    fn debug_views(client: &Client) -> Vec<String> {
        let builder = client
            .list_tasks()
            .project_name("immtest")
            .task_types(vec![TaskType::OfficeConversion]);
        let request = builder.clone().build().unwrap();
        let get = client
            .get_task()
            .project_name("immtest")
            .task_type(TaskType::FileCompression)
            .task_id("t-1");
        let batches = client.list_batches().project_name("immtest");
        vec![
            format!("{builder:?}"),
            format!("{request:?}"),
            format!("{get:?}"),
            format!("{:?}", get.clone().build().unwrap()),
            format!("{batches:?}"),
            format!("{:?}", batches.clone().build().unwrap()),
        ]
    }

    fn wire_secrets(request: &RecordedRequest) -> Vec<String> {
        let authorization = request.header("authorization").expect("signed");
        vec![
            signature_field(authorization),
            request
                .header("x-acs-security-token")
                .expect("STS token sent")
                .to_string(),
        ]
    }
}

fn seed(number: &str) -> String {
    SEED_SAMPLES
        .iter()
        .find(|s| s.seed == number)
        .expect("known seed")
        .text()
}

/// A client with STS credentials pointed at a new mock server answering
/// with `script`.
async fn imm(script: impl IntoIterator<Item = MockResponse>) -> Harness<Client> {
    Harness::start(script, |c| c, Imm::make).await
}

/// The ACS3 headers of a request, and a signature the server can verify:
/// signing the recorded request again at its `x-acs-date` with its nonce
/// gives the same `Authorization`.
fn assert_signed(request: &RecordedRequest, action: &str) {
    assert_eq!(request.header("x-acs-action"), Some(action));
    assert_eq!(request.header("x-acs-version"), Some("2020-09-30"));
    assert_eq!(request.header("x-acs-security-token"), Some(SECURITY_TOKEN));
    let authorization = request.header("authorization").expect("Authorization");
    let prefix = format!("ACS3-HMAC-SHA256 Credential={ACCESS_KEY_ID},SignedHeaders=");
    assert!(authorization.starts_with(&prefix), "{authorization}");
    let signed = signed_headers_field(authorization);
    for name in [
        "host",
        "x-acs-action",
        "x-acs-version",
        "x-acs-date",
        "x-acs-signature-nonce",
        "x-acs-content-sha256",
        "x-acs-security-token",
    ] {
        assert!(signed.iter().any(|s| s == name), "{name} not signed");
    }
    let nonce = request.header("x-acs-signature-nonce").expect("nonce");
    let date = request.header("x-acs-date").expect("x-acs-date");
    let signer = Acs3Signer::new(access_key().with_security_token(SECURITY_TOKEN))
        .with_nonce_source(FixedNonce(nonce.to_string()));
    assert_eq!(
        resign(&signer, request, &signed, parse_utc(date)),
        authorization,
        "signature does not verify"
    );
    let wrong_key = Acs3Signer::new(
        AccessKey::new(ACCESS_KEY_ID, "another-secret").with_security_token(SECURITY_TOKEN),
    )
    .with_nonce_source(FixedNonce(nonce.to_string()));
    assert_ne!(
        resign(&wrong_key, request, &signed, parse_utc(date)),
        authorization,
        "the check above depends on the secret"
    );
    assert!(request.body.is_empty(), "parameters go in the query");
}

// ---- 1. fully populated requests -------------------------------------

#[tokio::test]
async fn list_tasks_sends_every_parameter() {
    let h = imm([MockResponse::json(200, &seed("000"))]).await;

    h.client
        .list_tasks()
        .project_name("test-project")
        .task_types(vec![
            TaskType::OfficeConversion,
            TaskType::VideoLabelClassification,
        ])
        .next_token("MTIzNDU2Nzg6aW1tdGVzdA==")
        .max_results(100)
        .tag_selector("test=val1")
        .sort(ListTasksSort::StartTime)
        .order(SortOrder::Des)
        .status(TaskStatus::Failed)
        .start_time_range(
            TimeRange::builder()
                .start("2016-12-31T00:00:00+08:00")
                .end("2017-01-01T00:00:00+08:00")
                .build()
                .unwrap(),
        )
        .end_time_range(
            TimeRange::builder()
                .start("2017-01-02T00:00:00+08:00")
                .build()
                .unwrap(),
        )
        .request_definition(true)
        .send()
        .await
        .unwrap();

    let seen = h.only_request();
    assert_request_line(
        &seen,
        "POST",
        "/",
        &[
            ("Action", "ListTasks"),
            ("Version", "2020-09-30"),
            ("ProjectName", "test-project"),
            (
                "TaskTypes",
                r#"["OfficeConversion","VideoLabelClassification"]"#,
            ),
            ("NextToken", "MTIzNDU2Nzg6aW1tdGVzdA=="),
            ("MaxResults", "100"),
            ("TagSelector", "test=val1"),
            ("Sort", "StartTime"),
            ("Order", "DES"),
            ("Status", "Failed"),
            (
                "StartTimeRange",
                r#"{"Start":"2016-12-31T00:00:00+08:00","End":"2017-01-01T00:00:00+08:00"}"#,
            ),
            ("EndTimeRange", r#"{"Start":"2017-01-02T00:00:00+08:00"}"#),
            ("RequestDefinition", "true"),
        ],
    );
    assert_signed(&seen, "ListTasks");
}

#[tokio::test]
async fn get_task_sends_every_parameter() {
    let h = imm([MockResponse::json(200, &seed("001"))]).await;

    h.client
        .get_task()
        .project_name("immtest")
        .task_type(TaskType::ImageToPdf)
        .task_id("c2b277b9-0d30-4882-ad6d-ad661382****")
        .request_definition(false)
        .send()
        .await
        .unwrap();

    let seen = h.only_request();
    assert_request_line(
        &seen,
        "POST",
        "/",
        &[
            ("Action", "GetTask"),
            ("Version", "2020-09-30"),
            ("ProjectName", "immtest"),
            ("TaskType", "ImageToPDF"),
            ("TaskId", "c2b277b9-0d30-4882-ad6d-ad661382****"),
            ("RequestDefinition", "false"),
        ],
    );
    assert_signed(&seen, "GetTask");
}

#[tokio::test]
async fn list_batches_sends_every_parameter() {
    let h = imm([MockResponse::json(200, &seed("002"))]).await;

    h.client
        .list_batches()
        .project_name("test-project")
        .state(BatchState::Suspended)
        .sort(ListBatchesSort::UpdateTime)
        .order(SortOrder::Asc)
        .tag_selector("test=val1")
        .next_token("MTIzNDU2Nzg6aW1tdGVzdA==")
        .max_results(0)
        .send()
        .await
        .unwrap();

    let seen = h.only_request();
    assert_request_line(
        &seen,
        "POST",
        "/",
        &[
            ("Action", "ListBatches"),
            ("Version", "2020-09-30"),
            ("ProjectName", "test-project"),
            ("State", "Suspended"),
            ("Sort", "UpdateTime"),
            ("Order", "ASC"),
            ("TagSelector", "test=val1"),
            ("NextToken", "MTIzNDU2Nzg6aW1tdGVzdA=="),
            ("MaxResults", "0"),
        ],
    );
    assert_signed(&seen, "ListBatches");
}

#[tokio::test]
async fn client_new_uses_the_given_signer() {
    let signer = Acs3Signer::new(access_key().with_security_token(SECURITY_TOKEN))
        .with_nonce_source(FixedNonce("fixed-nonce-0001".into()));
    let h = Harness::start(
        [MockResponse::json(200, &seed("002"))],
        |c| c,
        |config| Client::new(config, std::sync::Arc::new(signer)),
    )
    .await;

    h.client
        .list_batches()
        .project_name("p")
        .send()
        .await
        .unwrap();

    let seen = h.only_request();
    assert_eq!(
        seen.header("x-acs-signature-nonce"),
        Some("fixed-nonce-0001")
    );
    assert_signed(&seen, "ListBatches");
}

#[tokio::test]
async fn unknown_enum_values_are_sent_as_given() {
    let h = imm([MockResponse::json(200, &seed("000"))]).await;

    h.client
        .list_tasks()
        .project_name("p")
        .task_types(vec![TaskType::from("NewTaskType2031")])
        .status(TaskStatus::from("Cancelled"))
        .send()
        .await
        .unwrap();

    assert_request_line(
        &h.only_request(),
        "POST",
        "/",
        &[
            ("Action", "ListTasks"),
            ("Version", "2020-09-30"),
            ("ProjectName", "p"),
            ("TaskTypes", r#"["NewTaskType2031"]"#),
            ("Status", "Cancelled"),
        ],
    );
}

// ---- 2. seed sample responses ----------------------------------------

#[tokio::test]
async fn list_tasks_parses_the_seed_sample() {
    let h = imm([MockResponse::json(200, &seed("000"))]).await;

    let response = h
        .client
        .list_tasks()
        .project_name("immtest")
        .send()
        .await
        .unwrap();

    assert_eq!(
        response.request_id.as_deref(),
        Some("9847E7D0-A9A3-0053-84C6-BA16FFFA726E")
    );
    assert_eq!(response.project_name.as_deref(), Some("immtest"));
    assert_eq!(response.max_results.as_deref(), Some("1"));
    let tasks = response.tasks.expect("Tasks");
    assert_eq!(tasks.len(), 1);
    let task = &tasks[0];
    assert_eq!(task.status, Some(TaskStatus::Running));
    assert_eq!(task.task_type, Some(TaskType::VideoLabelClassification));
    assert_eq!(
        task.task_id.as_deref(),
        Some("c2b277b9-0d30-4882-ad6d-ad661382****")
    );
    assert_eq!(task.progress, Some(0));
    let tags = task.tags.as_ref().expect("Tags");
    assert_eq!(tags["test"], json!("test"));
    assert_eq!(tags["test2"], json!(1));
}

#[tokio::test]
async fn get_task_parses_the_seed_sample() {
    let h = imm([MockResponse::json(200, &seed("001"))]).await;

    let response = h
        .client
        .get_task()
        .project_name("immtest")
        .task_type(TaskType::VideoLabelClassification)
        .task_id("c2b277b9-0d30-4882-ad6d-ad661382****")
        .send()
        .await
        .unwrap();

    assert_eq!(
        response.event_id.as_deref(),
        Some("2F6-1Bz99Xi93EnRpNEyLudILJm****")
    );
    assert_eq!(response.status, Some(TaskStatus::Running));
    assert_eq!(response.code.as_deref(), Some("ResourceNotFound"));
    assert_eq!(response.progress, Some(100));
    assert_eq!(response.tags.as_ref().expect("Tags")["test"], json!("val1"));
    assert!(response
        .task_request_definition
        .as_deref()
        .expect("TaskRequestDefinition")
        .contains("\"CompressedFormat\":\"zip\""));
}

#[tokio::test]
async fn list_batches_parses_the_seed_sample() {
    let h = imm([MockResponse::json(200, &seed("002"))]).await;

    let response = h
        .client
        .list_batches()
        .project_name("test-project")
        .send()
        .await
        .unwrap();

    assert_eq!(
        response.request_id.as_deref(),
        Some("FEDC9B1F-30F2-4C1F-8ED2-B7860187****")
    );
    let batches = response.batches.expect("Batches");
    assert_eq!(batches.len(), 1);
    let batch = &batches[0];
    assert_eq!(
        batch.id.as_deref(),
        Some("trigger-9f72636a-0f0c-4baf-ae78-38b27bfe****")
    );
    assert_eq!(batch.state, Some(BatchState::Succeeded));
    let oss = batch.input.as_ref().and_then(|i| i.oss.as_ref()).unwrap();
    assert_eq!(oss.bucket.as_deref(), Some("test-bucket"));
    let action = &batch.actions.as_ref().unwrap()[0];
    assert_eq!(action.name.as_deref(), Some("doc/convert"));
    assert_eq!(
        action.fast_fail_policy.as_ref().unwrap().action,
        Some(FastFailPolicyAction::Abort)
    );
    assert_eq!(batch.statistic.as_ref().unwrap().submit_success, Some(10));
    let rocket_mq = batch
        .notification
        .as_ref()
        .and_then(|n| n.rocket_mq.as_ref())
        .unwrap();
    assert_eq!(
        rocket_mq.instance_id.as_deref(),
        Some("MQ_INST_11111111111_BYcNy2Nc")
    );
}

// ---- 3. vendor error bodies ------------------------------------------

const ERROR_BODY: &str = r#"{"RequestId":"5F74C5C9-5AC0-49F9-914D-E01589D3****","HostId":"imm.cn-hangzhou.aliyuncs.com","Code":"ResourceNotFound","Message":"The specified resource project is not found.","Recommend":"https://api.aliyun.com/troubleshoot?q=ResourceNotFound&product=imm"}"#;

fn assert_resource_not_found(err: &Error) {
    assert_api(
        err,
        404,
        "ResourceNotFound",
        "The specified resource project is not found.",
        "5F74C5C9-5AC0-49F9-914D-E01589D3****",
        ERROR_BODY,
    );
    // The raw body keeps the fields `Error` has no place for.
    let body: cloud_task_clients::aliyun_imm::ErrorResponse =
        serde_json::from_slice(err.body().unwrap()).unwrap();
    assert_eq!(
        body.host_id.as_deref(),
        Some("imm.cn-hangzhou.aliyuncs.com")
    );
    assert!(body.recommend.unwrap().contains("q=ResourceNotFound"));
}

#[tokio::test]
async fn list_tasks_error_body_is_an_api_error() {
    let h = imm([MockResponse::json(404, ERROR_BODY)]).await;
    let err = h
        .client
        .list_tasks()
        .project_name("missing")
        .send()
        .await
        .unwrap_err();
    assert_resource_not_found(&err);
    assert_eq!(h.server.request_count(), 1, "404 is not retried");
}

#[tokio::test]
async fn get_task_error_body_is_an_api_error() {
    let h = imm([MockResponse::json(404, ERROR_BODY)]).await;
    let err = h
        .client
        .get_task()
        .project_name("missing")
        .task_type(TaskType::MediaConvert)
        .task_id("t-1")
        .send()
        .await
        .unwrap_err();
    assert_resource_not_found(&err);
    assert_eq!(h.server.request_count(), 1, "404 is not retried");
}

#[tokio::test]
async fn list_batches_error_body_is_an_api_error() {
    let h = imm([MockResponse::json(404, ERROR_BODY)]).await;
    let err = h
        .client
        .list_batches()
        .project_name("missing")
        .send()
        .await
        .unwrap_err();
    assert_resource_not_found(&err);
    assert_eq!(h.server.request_count(), 1, "404 is not retried");
}

// ---- 4. validation before sending ------------------------------------

#[tokio::test]
async fn missing_required_parameters_are_refused_before_sending() {
    let h = imm([MockResponse::json(200, &seed("000"))]).await;
    let c = &h.client;

    let err = c.list_tasks().max_results(10).send().await.unwrap_err();
    assert_missing(&err, "ListTasksRequest", "project_name");
    let err = c.list_batches().send().await.unwrap_err();
    assert_missing(&err, "ListBatchesRequest", "project_name");
    let err = c
        .get_task()
        .task_type(TaskType::MediaConvert)
        .task_id("t-1")
        .send()
        .await
        .unwrap_err();
    assert_missing(&err, "GetTaskRequest", "project_name");
    let err = c
        .get_task()
        .project_name("p")
        .task_id("t-1")
        .send()
        .await
        .unwrap_err();
    assert_missing(&err, "GetTaskRequest", "task_type");
    let err = c
        .get_task()
        .project_name("p")
        .task_type(TaskType::MediaConvert)
        .send()
        .await
        .unwrap_err();
    assert_missing(&err, "GetTaskRequest", "task_id");

    assert_eq!(h.server.request_count(), 0);
}

#[tokio::test]
async fn max_results_out_of_range_is_refused_before_sending() {
    let h = imm([MockResponse::json(200, &seed("000"))]).await;
    let c = &h.client;

    // ListTasks: (0, 100].
    let err = c
        .list_tasks()
        .project_name("p")
        .max_results(0)
        .send()
        .await
        .unwrap_err();
    assert_invalid(&err, "MaxResults", &["greater than 0", "got 0"]);
    let err = c
        .list_tasks()
        .project_name("p")
        .max_results(101)
        .send()
        .await
        .unwrap_err();
    assert_invalid(&err, "MaxResults", &["at most 100", "got 101"]);
    // ListBatches: [0, 100].
    let err = c
        .list_batches()
        .project_name("p")
        .max_results(-1)
        .send()
        .await
        .unwrap_err();
    assert_invalid(&err, "MaxResults", &["at least 0", "got -1"]);
    let err = c
        .list_batches()
        .project_name("p")
        .max_results(101)
        .send()
        .await
        .unwrap_err();
    assert_invalid(&err, "MaxResults", &["at most 100", "got 101"]);
    assert_eq!(h.server.request_count(), 0);

    // The bounds themselves are valid.
    for max in [1, 100] {
        c.list_tasks()
            .project_name("p")
            .max_results(max)
            .build()
            .unwrap();
    }
    for max in [0, 100] {
        c.list_batches()
            .project_name("p")
            .max_results(max)
            .build()
            .unwrap();
    }
}

// ---- 5. retries -------------------------------------------------------

#[tokio::test]
async fn retries_a_server_error_then_succeeds() {
    scenarios::retries_a_server_error_then_succeeds::<Imm>().await;
}

#[tokio::test]
async fn stops_after_max_attempts() {
    scenarios::stops_after_max_attempts::<Imm>().await;
}

#[tokio::test]
async fn every_attempt_is_signed_afresh() {
    let h = imm([
        MockResponse::new(503),
        MockResponse::json(200, &seed("001")),
    ])
    .await;

    h.client
        .get_task()
        .project_name("immtest")
        .task_type(TaskType::FaceClustering)
        .task_id("t-1")
        .send()
        .await
        .unwrap();

    let requests = h.server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_signed(request, "GetTask");
    }
    assert_ne!(
        requests[0].header("x-acs-signature-nonce"),
        requests[1].header("x-acs-signature-nonce"),
        "a nonce is never reused"
    );
}

#[tokio::test]
async fn honours_retry_after_capped_by_the_policy() {
    scenarios::honours_retry_after_capped_by_the_policy::<Imm>().await;
}

#[tokio::test]
async fn does_not_retry_a_client_error() {
    scenarios::does_not_retry_a_client_error::<Imm>().await;
}

#[tokio::test]
async fn retries_throttling_user_with_400() {
    scenarios::retries_a_throttling_code::<Imm>(400, "Throttling.User").await;
}

// ---- 6. timeout -------------------------------------------------------

#[tokio::test]
async fn times_out() {
    scenarios::times_out::<Imm>().await;
}

// ---- 7. undecodable bodies --------------------------------------------

#[tokio::test]
async fn malformed_json_is_a_decode_error() {
    scenarios::malformed_json_is_a_decode_error::<Imm>().await;
}

#[tokio::test]
async fn truncated_json_is_a_decode_error() {
    scenarios::truncated_json_is_a_decode_error::<Imm>().await;
}

#[tokio::test]
async fn oversized_body_is_refused() {
    scenarios::oversized_body_is_refused::<Imm>().await;
}

#[tokio::test]
async fn cut_off_body_is_a_transport_error() {
    scenarios::cut_off_body_is_a_transport_error::<Imm>().await;
}

#[tokio::test]
async fn wrong_shape_is_a_decode_error_with_the_body_request_id() {
    let body = r#"{"RequestId":"req-in-body","Tasks":"not a list"}"#;
    let h = imm([MockResponse::json(200, body)]).await;
    let err = Imm::call(&h.client).await.unwrap_err();
    assert_decode(&err, 200, body, Some("req-in-body"));
}

// ---- 8. secrets -------------------------------------------------------

#[tokio::test]
async fn never_prints_secrets() {
    scenarios::never_prints_secrets::<Imm>().await;
}

/// `GetTask` and `ListBatches` declare `ListTasks`'s error bodies, so their
/// `<Op>Error` is an alias of `ListTasksError`: one enum, and `from_error`
/// through any of the three names.
#[tokio::test]
async fn operations_with_the_same_error_bodies_share_one_error_enum() {
    use cloud_task_clients::aliyun_imm::operations::{
        get_task::GetTaskError, list_batches::ListBatchesError, list_tasks::ListTasksError,
    };
    let h = imm([MockResponse::json(
        404,
        &imm_error_body("ResourceNotFound", "The task does not exist."),
    )])
    .await;
    let err = h
        .client
        .get_task()
        .project_name("p")
        .task_type(TaskType::MediaConvert)
        .task_id("t-1")
        .send()
        .await
        .unwrap_err();
    let typed: Option<ListTasksError> = GetTaskError::from_error(&err);
    let Some(ListBatchesError::ClientError(body)) = typed else {
        panic!("expected ClientError, got {typed:?}");
    };
    assert_eq!(body.code.as_deref(), Some("ResourceNotFound"));
}
