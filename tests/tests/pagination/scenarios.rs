//! Paging behaviour every style shares, written once against [`Api`] and
//! run for each API from its own module.

use std::time::Duration;

use taskgen_runtime::paginate::{PagedOperation, PaginationError, Position};
use taskgen_runtime::Error;

use crate::api::{
    assert_page_requests, drain, drain_in_place, drain_ok, harness, ids, next, positions,
    responses, Api, CursorApi, Tracker,
};
use crate::mock_server::MockResponse;
use crate::support::assert_invalid;

/// A page size at which five pages hold a few items each.
fn small_size<A: Api>() -> u32 {
    A::MIN_SIZE.max(3)
}

fn usize_of(size: u32) -> usize {
    usize::try_from(size).unwrap()
}

/// Items `0..total` at page size `size`, with the builder's filters: every
/// item once and in order, one request per scripted page (none after the
/// last), each carrying the filters, the page size and its position.
pub async fn every_item_once<A: Api>(total: usize, size: u32) {
    let pages = A::listing(total, size);
    let h = harness::<A>(responses(&pages), |c| c).await;

    let paginator = A::paginator(&h.client)
        .page_size(size)
        .expect("size in bounds");
    let seen = drain_ok::<A>(paginator.items()).await;

    assert_eq!(seen, ids::<A>(0..total));
    assert_page_requests::<A>(&h.server.requests(), &positions(&pages), size);
    assert!(h.sleep.delays().is_empty());
}

/// `max_pages(2)` of five pages: two requests, their items, then the end
/// (no error), and `next_position()` is page 3's, from which a new
/// paginator lists the rest. `max_pages(0)`: no request at all. A limit at
/// or above the page count changes nothing.
pub async fn max_pages_stops<A: Api>() {
    let size = small_size::<A>();
    let total = 4 * usize_of(size) + 2;
    let pages = A::listing(total, size);
    assert_eq!(pages.len(), 5);

    let h = harness::<A>(responses(&pages), |c| c).await;
    let paginator = A::paginator(&h.client).page_size(size).unwrap();
    let mut items = paginator.max_pages(2).items();
    let (seen, error) = drain_in_place::<A>(&mut items).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(seen, ids::<A>(0..2 * usize_of(size)));
    assert_page_requests::<A>(&h.server.requests(), &positions(&pages[..2]), size);
    let resume = items.next_position().cloned();
    assert_eq!(resume.as_ref(), Some(&pages[2].position));

    let paginator = A::paginator(&h.client).page_size(size).unwrap();
    let seen = drain_ok::<A>(paginator.max_pages(0).items()).await;
    assert!(seen.is_empty(), "{seen:?}");
    assert_eq!(h.server.request_count(), 2, "max_pages(0) sends nothing");

    let paginator = A::paginator(&h.client).page_size(size).unwrap();
    let rest = drain_ok::<A>(paginator.resume_from(resume.unwrap()).items()).await;
    assert_eq!(rest, ids::<A>(2 * usize_of(size)..total));
    assert_page_requests::<A>(&h.server.requests(), &positions(&pages), size);

    for limit in [5, 6] {
        let h = harness::<A>(responses(&pages), |c| c).await;
        let paginator = A::paginator(&h.client).page_size(size).unwrap();
        let seen = drain_ok::<A>(paginator.max_pages(limit).items()).await;
        assert_eq!(seen, ids::<A>(0..total), "max_pages({limit})");
        assert_page_requests::<A>(&h.server.requests(), &positions(&pages), size);
    }
}

/// A 503 for page 3, then success: the client's policy retries it (one
/// recorded backoff, no real wait) and no item is lost or repeated.
pub async fn server_error_on_page_3_is_retried<A: Api>() {
    let size = small_size::<A>();
    let total = 4 * usize_of(size) + 2;
    let pages = A::listing(total, size);
    let mut script = responses(&pages);
    let unavailable = A::error_body("InternalError", "The backend is unavailable.");
    script.insert(2, MockResponse::json(503, &unavailable));
    let h = harness::<A>(script, |c| c).await;

    let paginator = A::paginator(&h.client).page_size(size).unwrap();
    let seen = drain_ok::<A>(paginator.items()).await;

    assert_eq!(seen, ids::<A>(0..total));
    let mut expected = positions(&pages);
    expected.insert(2, pages[2].position.clone());
    assert_page_requests::<A>(&h.server.requests(), &expected, size);
    assert_eq!(h.sleep.delays().len(), 1, "{:?}", h.sleep.delays());
}

/// A 400 with an ordinary (not throttling) code for page 3: the items of
/// pages 1 and 2, then `PaginationError::Request` with page 3's position
/// as `resume`, then the end; no retry. A new paginator started there
/// delivers the rest, nothing lost or repeated.
pub async fn persistent_error_on_page_3_resumes<A: Api>() {
    let size = small_size::<A>();
    let total = 4 * usize_of(size) + 2;
    let pages = A::listing(total, size);
    let mut script = responses(&pages);
    let invalid = A::error_body("InvalidParameter", "The parameter is invalid.");
    script.insert(2, MockResponse::json(400, &invalid));
    let h = harness::<A>(script, |c| c).await;

    let paginator = A::paginator(&h.client).page_size(size).unwrap();
    let (seen, error) = drain::<A>(paginator.items()).await;

    assert_eq!(seen, ids::<A>(0..2 * usize_of(size)));
    let error = error.expect("an error after page 2");
    let resume = match &error {
        PaginationError::Request { source, resume } => {
            assert!(
                matches!(**source, Error::Api { status: 400, .. }),
                "{source:?}"
            );
            assert_eq!(source.code(), Some("InvalidParameter"));
            resume.clone()
        }
        other => panic!("expected a failed request, got {other:?}"),
    };
    assert_eq!(resume, pages[2].position);
    assert_eq!(error.resume(), Some(&resume));
    let message = error.to_string();
    assert!(
        message.starts_with(&format!("could not fetch the page at {resume}: "))
            && message.contains(
                "the service returned HTTP 400 Bad Request: InvalidParameter: The parameter is invalid."
            ),
        "the status and the vendor's code and message are in Display: {message}"
    );
    assert_eq!(h.server.request_count(), 3, "a 400 is not retried");
    assert!(h.sleep.delays().is_empty());

    let paginator = A::paginator(&h.client).page_size(size).unwrap();
    let rest = drain_ok::<A>(paginator.resume_from(resume).items()).await;

    assert_eq!(rest, ids::<A>(2 * usize_of(size)..total));
    let mut expected = positions(&pages);
    expected.insert(2, pages[2].position.clone());
    assert_page_requests::<A>(&h.server.requests(), &expected, size);
}

/// `prefetch(1)` gives the same items in the same order, from the same
/// requests, as no prefetch; and at most prefetch + 1 = 2 pages are held
/// or in flight at once.
///
/// The bound is observed without timing. The consumer takes pages one by
/// one; holding page k it waits (through a [`Tracker`] hook) until the
/// response for page k + 1 has arrived, so the prefetcher has gone as far
/// ahead as it may. On a current-thread runtime the consumer only runs
/// once the prefetch task has yielded, and between receiving a response
/// and starting the next request that task never yields (decode, hand the
/// page over, reserve the next slot, sign, call the hook): so at that
/// moment it has either started page k + 2 (too far ahead) or is waiting
/// for a free slot. Exactly k + 1 requests started is the bound, reached.
/// The hook also records, as each request starts, how many pages are alive
/// (started and not yet dropped by the consumer): never more than 2.
pub async fn prefetch_keeps_items_and_bounds_pages<A: Api>() {
    let size = small_size::<A>();
    let total = 5 * usize_of(size) + 1;
    let pages = A::listing(total, size);
    let count = pages.len();
    assert_eq!(count, 6);

    let h = harness::<A>(responses(&pages), |c| c).await;
    let plain = drain_ok::<A>(A::paginator(&h.client).page_size(size).unwrap().items()).await;
    assert_eq!(plain, ids::<A>(0..total));
    assert_page_requests::<A>(&h.server.requests(), &positions(&pages), size);

    let h = harness::<A>(responses(&pages), |c| c).await;
    let paginator = A::paginator(&h.client).page_size(size).unwrap();
    let prefetched = drain_ok::<A>(paginator.prefetch(1).items()).await;
    assert_eq!(prefetched, plain);
    assert_page_requests::<A>(&h.server.requests(), &positions(&pages), size);

    let tracker = Tracker::default();
    let h = harness::<A>(responses(&pages), |c| c.hook(tracker.clone())).await;
    let paginator = A::paginator(&h.client).page_size(size).unwrap();
    let mut stream = paginator.prefetch(1).pages();
    let mut seen = Vec::new();
    let mut received = 0;
    while let Some(page) = next(&mut stream).await {
        let page = page.expect("a page");
        received += 1;
        if received < count {
            // A hang guard, not a timing assertion.
            tokio::time::timeout(
                Duration::from_secs(60),
                tracker.responses_reach(received + 1),
            )
            .await
            .unwrap_or_else(|_| {
                panic!(
                    "page {} was never fetched ahead while page {received} was held",
                    received + 1
                )
            });
        }
        assert_eq!(
            tracker.started(),
            count.min(received + 1),
            "requests started while page {received} is held"
        );
        let items = <A::Op as PagedOperation>::into_items(page);
        let on_page: Vec<String> = items.iter().map(A::item_id).collect();
        assert_eq!(
            on_page,
            ids::<A>(pages[received - 1].items.clone()),
            "page {received}"
        );
        seen.extend(on_page);
        tracker.finished(received);
    }
    assert_eq!(received, count);
    assert_eq!(seen, plain);
    assert_eq!(tracker.max_alive(), 2, "pages alive at once");
    assert_page_requests::<A>(&h.server.requests(), &positions(&pages), size);
}

/// `.page_size(n)` refuses sizes outside the spec's bounds with
/// `InvalidRequest` for the page-size parameter, and accepts the bounds;
/// nothing is sent.
pub async fn page_size_outside_bounds_is_rejected<A: Api>() {
    let h = harness::<A>(responses(&A::listing(3, A::MIN_SIZE)), |c| c).await;

    let below = A::MIN_SIZE - 1;
    let err = A::paginator(&h.client).page_size(below).unwrap_err();
    assert_invalid(&err, A::SIZE_PARAM, &[&format!("got {below}")]);
    let above = A::MAX_SIZE + 1;
    let err = A::paginator(&h.client).page_size(above).unwrap_err();
    let bound = format!("at most {}", A::MAX_SIZE);
    assert_invalid(&err, A::SIZE_PARAM, &[&bound, &format!("got {above}")]);
    for size in [A::MIN_SIZE, A::MAX_SIZE] {
        A::paginator(&h.client)
            .page_size(size)
            .unwrap_or_else(|err| panic!("page size {size} is in bounds: {err:?}"));
    }

    assert_eq!(h.server.request_count(), 0);
}

/// `.page_size(u32::MAX)` (beyond the parameter's integer type, not just
/// the spec's bound) is refused like any size above the bound: naming the
/// page-size parameter by its wire name, as every other validation error
/// does.
pub async fn huge_page_size_names_the_parameter<A: Api>() {
    let h = harness::<A>(responses(&A::listing(3, A::MIN_SIZE)), |c| c).await;

    let err = A::paginator(&h.client).page_size(u32::MAX).unwrap_err();

    match &err {
        Error::InvalidRequest { parameter, .. } => {
            assert_eq!(parameter, A::SIZE_PARAM, "{err}");
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert_eq!(h.server.request_count(), 0);
}

/// A server whose cursors go A, B, A: the items of the three pages, then
/// `PaginationError::Repeated` for `A` on page 3 (no resume position), and
/// no fourth request. A page pointing at its own cursor is caught too.
pub async fn cursor_cycle_is_repeated<A: CursorApi>() {
    let script = [
        A::cursor_page(0..2, Some("A")),
        A::cursor_page(2..4, Some("B")),
        A::cursor_page(4..6, Some("A")),
        A::cursor_page(6..8, None),
    ];
    let h = harness::<A>(script, |c| c).await;

    let paginator = A::paginator(&h.client).page_size(2).unwrap();
    let (seen, error) = drain::<A>(paginator.items()).await;

    assert_eq!(seen, ids::<A>(0..6));
    let error = error.expect("a loop error");
    assert!(
        matches!(&error, PaginationError::Repeated { cursor, page: 3 } if cursor == "A"),
        "{error:?}"
    );
    assert_eq!(error.resume(), None);
    let cursor = |c: &str| Position::Cursor(Some(c.to_string()));
    let expected = [Position::Cursor(None), cursor("A"), cursor("B")];
    assert_page_requests::<A>(&h.server.requests(), &expected, 2);

    let script = [
        A::cursor_page(0..2, Some("A")),
        A::cursor_page(2..4, Some("A")),
        A::cursor_page(4..6, None),
    ];
    let h = harness::<A>(script, |c| c).await;
    let paginator = A::paginator(&h.client).page_size(2).unwrap();
    let (seen, error) = drain::<A>(paginator.items()).await;
    assert_eq!(seen, ids::<A>(0..4));
    let error = error.expect("a loop error");
    assert!(
        matches!(&error, PaginationError::Repeated { cursor, page: 2 } if cursor == "A"),
        "{error:?}"
    );
    let expected = [Position::Cursor(None), cursor("A")];
    assert_page_requests::<A>(&h.server.requests(), &expected, 2);
}
