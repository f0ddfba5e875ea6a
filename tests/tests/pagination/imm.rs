//! Alibaba Cloud IMM `ListTasks`: next-token style. `NextToken` and
//! `MaxResults` (0 < n <= 100) in the query of `POST /`; the response's
//! `NextToken` continues, absent or `""` ends; items in `Tasks`.

use std::ops::Range;

use cloud_task_clients::aliyun_imm::operations::list_tasks::ListTasksPages;
use cloud_task_clients::aliyun_imm::{
    Client, ClientConfig, ConfigError, Paginator, Position, SortOrder, TaskStatus, TaskType,
};
use serde_json::{json, Map, Value};

use crate::api::{
    assert_page_requests, chunks, cursor_pair, drain_ok, harness, ids, pairs, Api, CursorApi,
    ItemOf, ScriptedPage,
};
use crate::mock_server::MockResponse;
use crate::scenarios;
use crate::support::{access_key, imm_error_body};

pub struct Imm;

impl Api for Imm {
    type Client = Client;
    type Op = ListTasksPages;

    const METHOD: &'static str = "POST";
    const SIZE_PARAM: &'static str = "MaxResults";
    const MIN_SIZE: u32 = 1;
    const MAX_SIZE: u32 = 100;

    fn make(config: ClientConfig) -> Result<Client, ConfigError> {
        Client::with_access_key(config, access_key())
    }

    fn paginator(client: &Client) -> Paginator<ListTasksPages> {
        client
            .list_tasks()
            .project_name("immtest")
            .status(TaskStatus::Failed)
            .task_types(vec![
                TaskType::VideoLabelClassification,
                TaskType::OfficeConversion,
            ])
            .order(SortOrder::Des)
            .into_paginator()
            .expect("a valid request")
    }

    fn path() -> String {
        "/".to_string()
    }

    fn filters() -> Vec<(String, String)> {
        pairs(&[
            ("Action", "ListTasks"),
            ("Version", "2020-09-30"),
            ("ProjectName", "immtest"),
            ("Status", "Failed"),
            (
                "TaskTypes",
                r#"["VideoLabelClassification","OfficeConversion"]"#,
            ),
            ("Order", "DES"),
        ])
    }

    fn position_pair(position: &Position) -> Option<(String, String)> {
        cursor_pair("NextToken", position)
    }

    fn id(index: usize) -> String {
        format!("VideoLabelClassification-{index:04}-c2b277b9")
    }

    fn item_id(item: &ItemOf<Self>) -> String {
        item.task_id.clone().expect("TaskId")
    }

    fn listing(total: usize, size: u32) -> Vec<ScriptedPage> {
        let chunks = chunks(total, size);
        let last = chunks.len() - 1;
        chunks
            .into_iter()
            .enumerate()
            .map(|(page, items)| {
                let next = (page < last).then(|| token(page + 1));
                ScriptedPage {
                    position: Position::Cursor((page > 0).then(|| token(page))),
                    response: Self::cursor_page(items.clone(), next.as_deref()),
                    items,
                }
            })
            .collect()
    }

    fn error_body(code: &str, message: &str) -> String {
        imm_error_body(code, message)
    }
}

impl CursorApi for Imm {
    fn cursor_page(items: Range<usize>, next: Option<&str>) -> MockResponse {
        MockResponse::json(200, &body(items, next))
    }
}

/// The token that leads to page `page` (0-based): base64-like, so `+`, `/`
/// and `=` must survive query encoding.
fn token(page: usize) -> String {
    format!("MTIzNDU2Nzg6aW1tdGVzdA+{page}/cGFnZQ==")
}

/// A `ListTasks` body with `items` and `next` as `NextToken` (absent when
/// `None`).
fn body(items: Range<usize>, next: Option<&str>) -> String {
    let tasks: Vec<Value> = items
        .clone()
        .map(|index| {
            json!({
                "TaskId": Imm::id(index),
                "TaskType": "VideoLabelClassification",
                "Status": "Failed",
                "Code": "InvalidParameter",
                "Message": "The media is invalid.",
                "StartTime": "2021-12-24T03:01:41.662060377+08:00",
                "EndTime": "2021-12-24T03:01:49.480109219+08:00",
                "Progress": 100,
            })
        })
        .collect();
    let mut body = Map::new();
    body.insert("RequestId".into(), json!(format!("req-{}", items.start)));
    body.insert("ProjectName".into(), json!("immtest"));
    body.insert("MaxResults".into(), json!(items.len().to_string()));
    body.insert("Tasks".into(), Value::Array(tasks));
    if let Some(next) = next {
        body.insert("NextToken".into(), json!(next));
    }
    Value::Object(body).to_string()
}

every_item_once! { Imm;
    no_items_at_min_size: 0, 1;
    no_items_at_middle_size: 0, 7;
    no_items_at_max_size: 0, 100;
    one_item_at_min_size: 1, 1;
    one_item_at_middle_size: 1, 7;
    one_item_at_max_size: 1, 100;
    two_items_at_min_size: 2, 1;
    two_items_at_middle_size: 2, 7;
    two_items_at_max_size: 2, 100;
    thousand_items_at_min_size: 1000, 1;
    thousand_items_at_middle_size: 1000, 7;
    thousand_items_at_max_size: 1000, 100;
}

shared_scenarios!(Imm);

#[tokio::test]
async fn cursor_cycle_is_repeated() {
    scenarios::cursor_cycle_is_repeated::<Imm>().await;
}

#[tokio::test]
async fn huge_page_size_names_the_parameter() {
    scenarios::huge_page_size_names_the_parameter::<Imm>().await;
}

/// `NextToken: ""` ends paging like an absent token: two requests, though
/// the server would serve a third page.
#[tokio::test]
async fn empty_next_token_ends_paging() {
    let h = harness::<Imm>(
        [
            Imm::cursor_page(0..2, Some("dG9rZW4tMg==")),
            Imm::cursor_page(2..4, Some("")),
            Imm::cursor_page(4..6, None),
        ],
        |c| c,
    )
    .await;

    let paginator = Imm::paginator(&h.client).page_size(2).unwrap();
    let seen = drain_ok::<Imm>(paginator.items()).await;

    assert_eq!(seen, ids::<Imm>(0..4));
    let expected = [
        Position::Cursor(None),
        Position::Cursor(Some("dG9rZW4tMg==".to_string())),
    ];
    assert_page_requests::<Imm>(&h.server.requests(), &expected, 2);
}

/// The token decides, not the page's length: an empty page with a token
/// is followed.
#[tokio::test]
async fn empty_page_with_a_token_continues() {
    let h = harness::<Imm>(
        [
            Imm::cursor_page(0..2, Some("t2")),
            Imm::cursor_page(2..2, Some("t3")),
            Imm::cursor_page(2..3, None),
        ],
        |c| c,
    )
    .await;

    let paginator = Imm::paginator(&h.client).page_size(2).unwrap();
    let seen = drain_ok::<Imm>(paginator.items()).await;

    assert_eq!(seen, ids::<Imm>(0..3));
    let cursor = |c: &str| Position::Cursor(Some(c.to_string()));
    let expected = [Position::Cursor(None), cursor("t2"), cursor("t3")];
    assert_page_requests::<Imm>(&h.server.requests(), &expected, 2);
}
