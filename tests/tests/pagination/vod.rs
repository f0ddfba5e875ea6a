//! Baidu VOD `ListTasks`: marker style. `marker` and `maxSize` (1..=100)
//! in the query of `GET /v2/tasks`; the response's `isTruncated` says
//! whether `nextMarker` continues (`false` wins over a marker; `true`
//! without one is an error); items in `data`.

use std::ops::Range;

use cloud_task_clients::baidu_vod::operations::list_tasks::ListTasksPages;
use cloud_task_clients::baidu_vod::{
    Client, ClientConfig, ConfigError, PaginationError, Paginator, Position, TaskStatus,
};
use serde_json::{json, Map, Value};

use crate::api::{
    assert_page_requests, chunks, cursor_pair, drain, drain_ok, harness, ids, pairs, Api,
    CursorApi, ItemOf, ScriptedPage,
};
use crate::mock_server::MockResponse;
use crate::scenarios;
use crate::support::{access_key, bce_error_body};

pub struct Vod;

impl Api for Vod {
    type Client = Client;
    type Op = ListTasksPages;

    const METHOD: &'static str = "GET";
    const SIZE_PARAM: &'static str = "maxSize";
    const MIN_SIZE: u32 = 1;
    const MAX_SIZE: u32 = 100;

    fn make(config: ClientConfig) -> Result<Client, ConfigError> {
        Client::with_access_key(config, access_key())
    }

    fn paginator(client: &Client) -> Paginator<ListTasksPages> {
        client
            .list_tasks()
            .status(TaskStatus::Failed)
            .begin_time("2024-12-05T06:08:41Z")
            .end_time("2024-12-12T06:08:41Z")
            .into_paginator()
            .expect("a valid request")
    }

    fn path() -> String {
        "/v2/tasks".to_string()
    }

    fn filters() -> Vec<(String, String)> {
        pairs(&[
            ("status", "FAILED"),
            ("beginTime", "2024-12-05T06:08:41Z"),
            ("endTime", "2024-12-12T06:08:41Z"),
        ])
    }

    fn position_pair(position: &Position) -> Option<(String, String)> {
        cursor_pair("marker", position)
    }

    fn id(index: usize) -> String {
        format!("tsk-{index:016}")
    }

    fn item_id(item: &ItemOf<Self>) -> String {
        item.task_id.clone().expect("taskId")
    }

    /// As the vendor does: each `nextMarker` is the id of the next page's
    /// first task; the last page has `isTruncated: false` and no marker.
    fn listing(total: usize, size: u32) -> Vec<ScriptedPage> {
        let chunks = chunks(total, size);
        let last = chunks.len() - 1;
        let starts: Vec<usize> = chunks.iter().map(|items| items.start).collect();
        chunks
            .into_iter()
            .enumerate()
            .map(|(page, items)| {
                let marker = (page > 0).then(|| Self::id(starts[page]));
                let next = (page < last).then(|| Self::id(starts[page + 1]));
                let truncated = page < last;
                let response = body(items.clone(), marker.as_deref(), next.as_deref(), truncated);
                ScriptedPage {
                    position: Position::Cursor(marker),
                    items,
                    response,
                }
            })
            .collect()
    }

    fn error_body(code: &str, message: &str) -> String {
        bce_error_body(code, message)
    }
}

impl CursorApi for Vod {
    fn cursor_page(items: Range<usize>, next: Option<&str>) -> MockResponse {
        body(items, None, next, next.is_some())
    }
}

/// A `ListTasks` response with `items`; `marker` and `nextMarker` absent
/// when `None`.
fn body(
    items: Range<usize>,
    marker: Option<&str>,
    next: Option<&str>,
    truncated: bool,
) -> MockResponse {
    let data: Vec<Value> = items
        .clone()
        .map(|index| {
            json!({
                "taskId": Vod::id(index),
                "mediaId": format!("mda-{index:016}"),
                "type": "WORKFLOW",
                "status": "FAILED",
                "createTime": "2024-12-05T06:08:41Z",
                "finishTime": "2024-12-05T06:08:43Z",
            })
        })
        .collect();
    let mut body = Map::new();
    if let Some(marker) = marker {
        body.insert("marker".into(), json!(marker));
    }
    body.insert("isTruncated".into(), json!(truncated));
    if let Some(next) = next {
        body.insert("nextMarker".into(), json!(next));
    }
    body.insert("data".into(), Value::Array(data));
    MockResponse::json(200, &Value::Object(body).to_string())
}

every_item_once! { Vod;
    no_items_at_min_size: 0, 1;
    no_items_at_middle_size: 0, 10;
    no_items_at_max_size: 0, 100;
    one_item_at_min_size: 1, 1;
    one_item_at_middle_size: 1, 10;
    one_item_at_max_size: 1, 100;
    two_items_at_min_size: 2, 1;
    two_items_at_middle_size: 2, 10;
    two_items_at_max_size: 2, 100;
    thousand_items_at_min_size: 1000, 1;
    thousand_items_at_middle_size: 1000, 10;
    thousand_items_at_max_size: 1000, 100;
}

shared_scenarios!(Vod);

#[tokio::test]
async fn cursor_cycle_is_repeated() {
    scenarios::cursor_cycle_is_repeated::<Vod>().await;
}

#[tokio::test]
async fn huge_page_size_names_the_parameter() {
    scenarios::huge_page_size_names_the_parameter::<Vod>().await;
}

/// `isTruncated: false` wins over a non-empty `nextMarker` (as in the
/// seed's sample): paging ends though the server would serve more.
#[tokio::test]
async fn not_truncated_ends_paging_despite_a_marker() {
    let h = harness::<Vod>(
        [
            body(0..2, None, Some("tsk-m2"), true),
            body(2..4, Some("tsk-m2"), Some("tsk-emeq6k7m52p8d2u0"), false),
            body(4..6, Some("tsk-emeq6k7m52p8d2u0"), None, false),
        ],
        |c| c,
    )
    .await;

    let paginator = Vod::paginator(&h.client).page_size(2).unwrap();
    let seen = drain_ok::<Vod>(paginator.items()).await;

    assert_eq!(seen, ids::<Vod>(0..4));
    let expected = [
        Position::Cursor(None),
        Position::Cursor(Some("tsk-m2".to_string())),
    ];
    assert_page_requests::<Vod>(&h.server.requests(), &expected, 2);
}

/// `isTruncated: true` with an empty or absent `nextMarker`: the page's
/// items, then `TruncatedWithoutMarker` naming the page (no resume
/// position), and no further request.
#[tokio::test]
async fn truncated_without_marker_is_an_error_after_the_items() {
    for last_marker in [Some(""), None] {
        let h = harness::<Vod>(
            [
                body(0..2, None, Some("tsk-m2"), true),
                body(2..4, Some("tsk-m2"), last_marker, true),
                body(4..6, None, None, false),
            ],
            |c| c,
        )
        .await;

        let paginator = Vod::paginator(&h.client).page_size(2).unwrap();
        let (seen, error) = drain::<Vod>(paginator.items()).await;

        assert_eq!(seen, ids::<Vod>(0..4), "nextMarker {last_marker:?}");
        let error = error.expect("an error after page 2");
        assert!(
            matches!(error, PaginationError::TruncatedWithoutMarker { page: 2 }),
            "nextMarker {last_marker:?}: {error:?}"
        );
        assert_eq!(error.resume(), None);
        let expected = [
            Position::Cursor(None),
            Position::Cursor(Some("tsk-m2".to_string())),
        ];
        assert_page_requests::<Vod>(&h.server.requests(), &expected, 2);
    }
}
