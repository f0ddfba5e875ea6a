//! Huawei VIAS `ListTasks`: page-number style. `page` (from 1) and
//! `page_size` (5..=1000) in the query of `GET /v2/{project_id}/tasks`;
//! items in `tasks`. Stop rule `past-total` on `count`, with the
//! full-page rule: `count` equal to a full page's length may be a per-page
//! count (the seed's reading), so the next page is requested.

use std::ops::Range;

use cloud_task_clients::huawei_vias::operations::list_tasks::ListTasksPages;
use cloud_task_clients::huawei_vias::{
    Client, ClientConfig, ConfigError, ListTasksSortDir, Paginator, Position, TaskStateFilter,
};
use serde_json::{json, Map, Value};

use crate::api::{
    assert_page_requests, chunks, drain_ok, harness, ids, pairs, Api, ItemOf, ScriptedPage,
};
use crate::mock_server::MockResponse;
use crate::scenarios;
use crate::support::{token, vias_error_body};

const PROJECT_ID: &str = "0123456789abcdef0123456789abcdef";

pub struct Vias;

impl Api for Vias {
    type Client = Client;
    type Op = ListTasksPages;

    const METHOD: &'static str = "GET";
    const SIZE_PARAM: &'static str = "page_size";
    const MIN_SIZE: u32 = 5;
    const MAX_SIZE: u32 = 1000;

    fn make(config: ClientConfig) -> Result<Client, ConfigError> {
        Client::with_token(config, token())
    }

    fn paginator(client: &Client) -> Paginator<ListTasksPages> {
        client
            .list_tasks()
            .project_id(PROJECT_ID)
            .task_state(TaskStateFilter::Failed)
            .sort_dir(ListTasksSortDir::Asc)
            .into_paginator()
            .expect("a valid request")
    }

    fn path() -> String {
        format!("/v2/{PROJECT_ID}/tasks")
    }

    fn filters() -> Vec<(String, String)> {
        pairs(&[("task_state", "FAILED"), ("sort_dir", "asc")])
    }

    fn position_pair(position: &Position) -> Option<(String, String)> {
        match position {
            Position::Page(page) => Some(("page".to_string(), page.to_string())),
            Position::Cursor(cursor) => panic!("VIAS pages by number, not cursor {cursor:?}"),
        }
    }

    fn id(index: usize) -> String {
        format!("{index:08x}0d30488ead6dad661382abcd")
    }

    fn item_id(item: &ItemOf<Self>) -> String {
        item.id.clone().expect("id")
    }

    /// `count` is the total on every page. When the total is exactly one
    /// full page, the full-page rule asks for page 2, which is empty.
    fn listing(total: usize, size: u32) -> Vec<ScriptedPage> {
        let mut pages = chunks(total, size);
        if total > 0 && total == usize::try_from(size).unwrap() {
            pages.push(total..total);
        }
        let count = i64::try_from(total).unwrap();
        (1..)
            .zip(pages)
            .map(|(page, items)| ScriptedPage {
                position: Position::Page(page),
                response: body(items.clone(), Some(count), page, size),
                items,
            })
            .collect()
    }

    fn error_body(code: &str, message: &str) -> String {
        vias_error_body(code, message)
    }
}

/// A `ListTasks` response with `items` on page `page`; `count` absent when
/// `None`.
fn body(items: Range<usize>, count: Option<i64>, page: u64, size: u32) -> MockResponse {
    let tasks: Vec<Value> = items
        .map(|index| {
            json!({
                "id": Vias::id(index),
                "name": format!("task_{index}"),
                "service_id": "c3e4b9e2-1f4a-4b8e-9d6f-2a7c5e8b1d3f",
                "created_at": "1686034773024",
                "state": "FAILED",
                "video_source_name": "url_test",
                "title": "testwjh",
                "type": "0",
            })
        })
        .collect();
    let mut body = Map::new();
    if let Some(count) = count {
        body.insert("count".into(), json!(count));
    }
    body.insert("tasks".into(), Value::Array(tasks));
    body.insert("page".into(), json!(page));
    body.insert("page_size".into(), json!(size));
    MockResponse::json(200, &Value::Object(body).to_string())
}

/// Runs a paginator at page size 5 against `script`, each entry `(items,
/// count)` for pages 1, 2, ...; asserts the items `0..total` arrive from
/// exactly `requests` requests (pages 1..=requests).
async fn run_counts(script: &[(Range<usize>, Option<i64>)], total: usize, requests: u64) {
    let responses = (1..)
        .zip(script)
        .map(|(page, (items, count))| body(items.clone(), *count, page, 5));
    let h = harness::<Vias>(responses, |c| c).await;

    let paginator = Vias::paginator(&h.client).page_size(5).unwrap();
    let seen = drain_ok::<Vias>(paginator.items()).await;

    assert_eq!(seen, ids::<Vias>(0..total), "{script:?}");
    let expected: Vec<Position> = (1..=requests).map(Position::Page).collect();
    assert_page_requests::<Vias>(&h.server.requests(), &expected, 5);
}

every_item_once! { Vias;
    no_items_at_min_size: 0, 5;
    no_items_at_middle_size: 0, 64;
    no_items_at_max_size: 0, 1000;
    one_item_at_min_size: 1, 5;
    one_item_at_middle_size: 1, 64;
    one_item_at_max_size: 1, 1000;
    two_items_at_min_size: 2, 5;
    two_items_at_middle_size: 2, 64;
    two_items_at_max_size: 2, 1000;
    thousand_items_at_min_size: 1000, 5;
    thousand_items_at_middle_size: 1000, 64;
    thousand_items_at_max_size: 1000, 1000;
}

shared_scenarios!(Vias);

#[tokio::test]
async fn huge_page_size_names_the_parameter() {
    scenarios::huge_page_size_names_the_parameter::<Vias>().await;
}

/// Tasks added while paging: `count` 10 then 12. The latest count is used,
/// so page 3 is requested (with 10 it would not be) and paging ends on
/// its short page.
#[tokio::test]
async fn count_growing_between_pages_is_followed() {
    run_counts(
        &[(0..5, Some(10)), (5..10, Some(12)), (10..12, Some(12))],
        12,
        3,
    )
    .await;
}

/// Tasks removed while paging: `count` 20 then 10. Page 2 reaches the new
/// total (2 * 5 >= 10), so page 3 is not requested, though the server
/// would serve it.
#[tokio::test]
async fn count_shrinking_between_pages_ends_paging() {
    run_counts(
        &[(0..5, Some(20)), (5..10, Some(10)), (10..15, Some(10))],
        10,
        2,
    )
    .await;
}

/// The seed's reading of `count` ("records on the current page"): every
/// full page has `count` equal to its length. Nothing is lost: paging goes
/// on to the short page, or to the empty page after the last full one.
#[tokio::test]
async fn count_as_the_page_length_loses_nothing() {
    run_counts(
        &[(0..5, Some(5)), (5..10, Some(5)), (10..12, Some(2))],
        12,
        3,
    )
    .await;
    run_counts(
        &[(0..5, Some(5)), (5..10, Some(5)), (10..10, Some(0))],
        10,
        3,
    )
    .await;
}

/// `count` as the total, equal to one full page: the full-page rule
/// costs exactly one more request (an empty page 2), then stops.
#[tokio::test]
async fn count_equal_to_one_full_page_costs_one_request() {
    run_counts(&[(0..5, Some(5)), (5..5, Some(5))], 5, 2).await;
}

/// Without `count`, paging ends on a short or empty page.
#[tokio::test]
async fn no_count_ends_on_a_short_or_empty_page() {
    run_counts(&[(0..5, None), (5..10, None), (10..13, None)], 13, 3).await;
    run_counts(&[(0..5, None), (5..10, None), (10..10, None)], 10, 3).await;
}

/// A `page` set on the builder is where paging starts (page 2 of 3).
#[tokio::test]
async fn builder_page_is_the_start() {
    let pages = Vias::listing(12, 5);
    let h = harness::<Vias>(pages[1..].iter().map(|page| page.response.clone()), |c| c).await;

    let paginator = h
        .client
        .list_tasks()
        .project_id(PROJECT_ID)
        .task_state(TaskStateFilter::Failed)
        .sort_dir(ListTasksSortDir::Asc)
        .page(2)
        .into_paginator()
        .unwrap()
        .page_size(5)
        .unwrap();
    let seen = drain_ok::<Vias>(paginator.items()).await;

    assert_eq!(seen, ids::<Vias>(5..12));
    let expected = [Position::Page(2), Position::Page(3)];
    assert_page_requests::<Vias>(&h.server.requests(), &expected, 5);
}
