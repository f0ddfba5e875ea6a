//! End-to-end pagination of the generated clients (`cloud_task_clients`):
//! each list operation's `into_paginator()` against a loopback mock server
//! scripted in the operation's paging style (`x-taskgen-pagination` in
//! `specs/README.md`):
//!
//! | API | style | request | response |
//! |---|---|---|---|
//! | IMM `ListTasks` | next-token | `NextToken`, `MaxResults` | `NextToken`, `Tasks` |
//! | VOD `ListTasks` | marker | `marker`, `maxSize` | `nextMarker`, `isTruncated`, `data` |
//! | VIAS `ListTasks` | page-number | `page`, `page_size` | `count`, `tasks` |
//!
//! Every item exactly once and in order, the number of requests, the
//! filters repeated on every page, each style's stop rule, loop detection,
//! `max_pages`, retries, resuming after an error, prefetch and page-size
//! bounds.
//!
//! Every test talks only to servers it starts on 127.0.0.1 and never waits
//! on the clock: retry delays are recorded by the `Sleep` of
//! `clients/support.rs`, and the prefetch bound is observed through a
//! `Hook` (requests started against pages received), not through timing.
//!
//! Layout: `pagination/api.rs` (what a scenario needs to know about one
//! API, stream and request helpers), `pagination/scenarios.rs` (behaviour
//! every style shares, run from each API's module), and one module per API.

/// The runtime's scripted HTTP server, shared rather than copied; its
/// delay and cut-off responses are not used here.
#[allow(dead_code)]
#[path = "../../runtime/tests/support/mock_server.rs"]
mod mock_server;

/// The client tests' harness (recording `Sleep`, query decoding, error
/// assertions), shared rather than copied; not every helper is used here.
#[allow(dead_code)]
#[path = "clients/support.rs"]
mod support;

#[path = "pagination/api.rs"]
mod api;
#[path = "pagination/scenarios.rs"]
mod scenarios;

/// One test per `(name: items, page size)`: every item exactly once, in
/// order, with the expected requests ([`scenarios::every_item_once`]).
macro_rules! every_item_once {
    ($api:ty; $($name:ident: $total:expr, $size:expr;)*) => {
        $(
            #[tokio::test]
            async fn $name() {
                crate::scenarios::every_item_once::<$api>($total, $size).await;
            }
        )*
    };
}

/// The scenarios every paging style shares, one test each.
macro_rules! shared_scenarios {
    ($api:ty) => {
        #[tokio::test]
        async fn max_pages_stops_early() {
            crate::scenarios::max_pages_stops::<$api>().await;
        }

        #[tokio::test]
        async fn server_error_on_page_3_is_retried() {
            crate::scenarios::server_error_on_page_3_is_retried::<$api>().await;
        }

        #[tokio::test]
        async fn persistent_error_on_page_3_resumes() {
            crate::scenarios::persistent_error_on_page_3_resumes::<$api>().await;
        }

        // `current_thread` (also the default) makes the prefetch bound
        // deterministic; see the scenario.
        #[tokio::test(flavor = "current_thread")]
        async fn prefetch_keeps_items_and_bounds_pages() {
            crate::scenarios::prefetch_keeps_items_and_bounds_pages::<$api>().await;
        }

        #[tokio::test]
        async fn page_size_outside_bounds_is_rejected() {
            crate::scenarios::page_size_outside_bounds_is_rejected::<$api>().await;
        }
    };
}

/// `specs/aliyun-imm.yaml` ListTasks: next-token.
#[path = "pagination/imm.rs"]
mod imm;
/// `specs/huawei-vias.yaml` ListTasks: page-number.
#[path = "pagination/vias.rs"]
mod vias;
/// `specs/baidu-vod.yaml` ListTasks: marker.
#[path = "pagination/vod.rs"]
mod vod;
