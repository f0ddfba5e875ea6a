//! Paging on a spec of no vendor here (`tests/fixtures/paging_any_api.yaml`,
//! Google-style `pageToken`/`pageSize`/`nextPageToken`, and numbered pages
//! without a page-size parameter): the fixture's expected module, compiled
//! here, pages through a loopback mock server three pages long.

// Only the paginated operations of the module are used here.
#![allow(dead_code, unused_imports)]

#[allow(dead_code)]
#[path = "../../runtime/tests/support/mock_server.rs"]
mod mock_server;

#[rustfmt::skip]
#[path = "../fixtures/expected/paging_any_api/mod.rs"]
mod paging_any_api;

use futures_util::StreamExt;
use mock_server::{MockResponse, MockServer, RecordedRequest};
use paging_any_api::{Client, ClientConfig, Token};

fn client(server: &MockServer) -> Client {
    let config = ClientConfig::new().base_url(server.url());
    Client::with_token(config, Token::new("secret-token")).expect("a client")
}

/// The query pairs of a recorded request, in order (the values here need
/// no decoding).
fn query(request: &RecordedRequest) -> Vec<(String, String)> {
    let query = request.target.split_once('?').map_or("", |(_, q)| q);
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (k.to_string(), v.to_string())
        })
        .collect()
}

fn pair(k: &str, v: &str) -> (String, String) {
    (k.to_string(), v.to_string())
}

#[tokio::test]
async fn next_token_pages_until_the_token_is_gone() {
    let server = MockServer::start([
        MockResponse::json(
            200,
            r#"{"notes":[{"id":"n1"},{"id":"n2"}],"nextPageToken":"t2"}"#,
        ),
        MockResponse::json(
            200,
            r#"{"notes":[{"id":"n3"},{"id":"n4"}],"nextPageToken":"t3"}"#,
        ),
        MockResponse::json(200, r#"{"notes":[{"id":"n5"}],"nextPageToken":""}"#),
    ])
    .await;
    let client = client(&server);
    let items: Vec<_> = client
        .list_notes()
        .label("work")
        .into_paginator()
        .expect("a valid request")
        .page_size(2)
        .expect("within the spec's bounds")
        .items()
        .collect()
        .await;
    let ids: Vec<String> = items
        .into_iter()
        .map(|note| note.expect("a decoded note").id)
        .collect();
    assert_eq!(ids, ["n1", "n2", "n3", "n4", "n5"]);
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let size = pair("pageSize", "2");
    let label = pair("label", "work");
    assert_eq!(query(&requests[0]), [label.clone(), size.clone()]);
    for (request, token) in requests[1..].iter().zip(["t2", "t3"]) {
        let sent = query(request);
        assert!(sent.contains(&pair("pageToken", token)), "{sent:?}");
        assert!(sent.contains(&label) && sent.contains(&size), "{sent:?}");
        assert!(request.target.starts_with("/v1/notes?"));
        assert_eq!(request.header("authorization"), Some("secret-token"));
    }
    // The spec caps `pageSize` at 50.
    let refused = client.list_notes().into_paginator().unwrap().page_size(51);
    assert!(refused.is_err());
}

#[tokio::test]
async fn numbered_pages_without_a_page_size_stop_on_a_short_page() {
    let server = MockServer::start([
        MockResponse::json(200, r#"{"tags":["a","b"]}"#),
        MockResponse::json(200, r#"{"tags":["c","d"]}"#),
        MockResponse::json(200, r#"{"tags":["e"]}"#),
    ])
    .await;
    let client = client(&server);
    let paginator = client
        .list_tags()
        .into_paginator()
        .expect("a valid request");
    let tags: Vec<String> = paginator
        .items()
        .map(|tag| tag.expect("a decoded tag"))
        .collect()
        .await;
    assert_eq!(tags, ["a", "b", "c", "d", "e"]);
    let pages: Vec<_> = server.requests().iter().map(query).collect();
    assert_eq!(
        pages,
        [
            [pair("page", "1")],
            [pair("page", "2")],
            [pair("page", "3")]
        ]
    );
    // No page-size parameter: asking for a size is refused, not ignored.
    let sized = client.list_tags().into_paginator().unwrap().page_size(10);
    let err = sized.expect_err("refused").to_string();
    assert!(err.contains("no page size parameter"), "{err}");
}
