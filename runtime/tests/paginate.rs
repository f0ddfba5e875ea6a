//! The paginator against an in-memory operation (no HTTP) that scripts
//! pages for each style: stop rules, the loop guard, errors and resuming,
//! and prefetch bounds.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use futures_util::{FutureExt, Stream, StreamExt};
use taskgen_runtime::paginate::{
    BoxFuture, PageInfo, PagedOperation, PaginationError, Paginator, Position, Style,
};
use taskgen_runtime::{check_maximum, check_minimum, Error};

// ---------------------------------------------------------------------------
// The fake operation.

/// What the fake server answers for one page.
#[derive(Debug, Clone, Default)]
struct Reply {
    ids: Vec<u32>,
    next: Option<String>,
    truncated: Option<bool>,
    total: Option<u64>,
}

/// One fetch: the position and the page size asked for.
type Request = (Position, Option<u32>);

type Respond = dyn Fn(&Position, Option<u32>) -> Option<Reply> + Send + Sync;

/// Counts pages alive (fetch started, page or one of its items not yet
/// dropped) and fetches in flight, with their maxima.
#[derive(Debug, Default)]
struct Gauge {
    held: AtomicUsize,
    max_held: AtomicUsize,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
}

impl Gauge {
    fn enter(count: &AtomicUsize, max: &AtomicUsize) {
        let now = count.fetch_add(1, Ordering::SeqCst) + 1;
        max.fetch_max(now, Ordering::SeqCst);
    }
}

/// One page alive; shared by the page and its items.
struct Held(Arc<Gauge>);

impl Held {
    fn new(gauge: &Arc<Gauge>) -> Arc<Self> {
        Gauge::enter(&gauge.held, &gauge.max_held);
        Arc::new(Held(gauge.clone()))
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        self.0.held.fetch_sub(1, Ordering::SeqCst);
    }
}

/// One fetch in flight; dropped when it completes or is cancelled.
struct InFlight(Arc<Gauge>);

impl InFlight {
    fn new(gauge: &Arc<Gauge>) -> Self {
        Gauge::enter(&gauge.in_flight, &gauge.max_in_flight);
        InFlight(gauge.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

struct Page {
    items: Vec<Item>,
    reply: Reply,
    _held: Arc<Held>,
}

struct Item {
    id: u32,
    _held: Arc<Held>,
}

#[derive(Clone)]
struct Fake {
    style: Style,
    respond: Arc<Respond>,
    /// Every fetch, in order: position and page size.
    requests: Arc<Mutex<Vec<Request>>>,
    gauge: Arc<Gauge>,
    /// Fetches yield once before answering, as a network would.
    latency: bool,
    /// The next fetch of this position fails (after the client's retries).
    fail_once: Arc<Mutex<Option<Position>>>,
    /// Fetches of this position never complete.
    hang_at: Option<Position>,
}

impl Fake {
    fn new(
        style: Style,
        respond: impl Fn(&Position, Option<u32>) -> Option<Reply> + Send + Sync + 'static,
    ) -> Self {
        Fake {
            style,
            respond: Arc::new(respond),
            requests: Arc::default(),
            gauge: Arc::default(),
            latency: true,
            fail_once: Arc::default(),
            hang_at: None,
        }
    }

    /// Answers from a fixed table; a position not in it is a 404.
    fn scripted(style: Style, pages: Vec<(Position, Reply)>) -> Self {
        let pages: HashMap<Position, Reply> = pages.into_iter().collect();
        Fake::new(style, move |position, _| pages.get(position).cloned())
    }

    /// Cursor pages of `ids` in chunks of `size`, linked by cursors `c1`,
    /// `c2`, ...; the last page's next cursor is `last`. Marker style sets
    /// `truncated` on every page.
    fn cursors(style: Style, ids: &[u32], size: usize, last: Option<&str>) -> Self {
        let chunks = chunks(ids, size);
        let count = chunks.len();
        let pages = chunks
            .into_iter()
            .enumerate()
            .map(|(k, ids)| {
                let more = k + 1 < count;
                let reply = Reply {
                    ids,
                    next: if more {
                        Some(format!("c{}", k + 1))
                    } else {
                        last.map(str::to_string)
                    },
                    truncated: (style == Style::Marker).then_some(more),
                    total: None,
                };
                (cursor_at(k), reply)
            })
            .collect();
        Fake::scripted(style, pages)
    }

    /// Numbered pages of `ids`, sliced by the requested page size or
    /// `default_size`; pages past the end are empty. `count` fills `total`.
    fn numbered(first_page: u64, ids: Vec<u32>, default_size: usize, count: Count) -> Self {
        Fake::new(Style::PageNumber { first_page }, move |position, size| {
            let Position::Page(page) = position else {
                return None;
            };
            let size = size.map_or(default_size, |s| s as usize);
            let skip = usize::try_from(page.checked_sub(first_page)?)
                .ok()?
                .saturating_mul(size);
            let page_ids: Vec<u32> = ids.iter().skip(skip).take(size).copied().collect();
            let total = match count {
                Count::Absent => None,
                Count::Total => Some(ids.len() as u64),
                Count::OnThisPage => Some(page_ids.len() as u64),
            };
            Some(Reply {
                ids: page_ids,
                total,
                ..Reply::default()
            })
        })
    }

    fn without_latency(mut self) -> Self {
        self.latency = false;
        self
    }

    fn failing_once_at(self, position: Position) -> Self {
        *self.fail_once.lock().unwrap() = Some(position);
        self
    }

    fn hanging_at(mut self, position: Position) -> Self {
        self.hang_at = Some(position);
        self
    }

    fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }

    fn positions(&self) -> Vec<Position> {
        self.requests()
            .into_iter()
            .map(|(position, _)| position)
            .collect()
    }
}

#[derive(Debug, Clone, Copy)]
enum Count {
    Absent,
    /// `total` is the number of items in all pages.
    Total,
    /// `total` is the number of items on this page (the VIAS seed's reading).
    OnThisPage,
}

fn service_unavailable() -> Error {
    Error::Api {
        status: 503,
        code: Some("ServiceUnavailable".into()),
        message: None,
        request_id: Some("req-1".into()),
        body: bytes::Bytes::new(),
    }
}

impl PagedOperation for Fake {
    type Page = Page;
    type Item = Item;

    fn style(&self) -> Style {
        self.style
    }

    fn check_page_size(&self, size: u32) -> Result<(), Error> {
        check_minimum("MaxResults", size, 1, false)?;
        check_maximum("MaxResults", size, 100, false)
    }

    fn fetch(
        &self,
        position: Position,
        page_size: Option<u32>,
    ) -> BoxFuture<'static, Result<Page, Error>> {
        let fake = self.clone();
        Box::pin(async move {
            fake.requests
                .lock()
                .unwrap()
                .push((position.clone(), page_size));
            let held = Held::new(&fake.gauge);
            let _in_flight = InFlight::new(&fake.gauge);
            if fake.latency {
                tokio::task::yield_now().await;
            }
            if fake.hang_at.as_ref() == Some(&position) {
                std::future::pending::<()>().await;
            }
            {
                let mut fail = fake.fail_once.lock().unwrap();
                if fail.as_ref() == Some(&position) {
                    *fail = None;
                    return Err(service_unavailable());
                }
            }
            let Some(reply) = (fake.respond)(&position, page_size) else {
                return Err(Error::Api {
                    status: 404,
                    code: Some(format!("no page scripted at {position}")),
                    message: None,
                    request_id: None,
                    body: bytes::Bytes::new(),
                });
            };
            let items = reply
                .ids
                .iter()
                .map(|&id| Item {
                    id,
                    _held: held.clone(),
                })
                .collect();
            Ok(Page {
                items,
                reply,
                _held: held,
            })
        })
    }

    fn info(page: &Page) -> PageInfo {
        PageInfo {
            items: page.items.len(),
            next_cursor: page.reply.next.clone(),
            truncated: page.reply.truncated,
            total: page.reply.total,
        }
    }

    fn into_items(page: Page) -> Vec<Item> {
        page.items
    }
}

// ---------------------------------------------------------------------------
// Helpers.

fn ids(n: u32) -> Vec<u32> {
    (0..n).collect()
}

/// `ids` in pages of `size`; no ids is one empty page.
fn chunks(ids: &[u32], size: usize) -> Vec<Vec<u32>> {
    if ids.is_empty() {
        return vec![Vec::new()];
    }
    ids.chunks(size).map(<[u32]>::to_vec).collect()
}

/// The cursor of page `k` (0-based) in [`Fake::cursors`].
fn cursor_at(k: usize) -> Position {
    match k {
        0 => Position::Cursor(None),
        k => Position::Cursor(Some(format!("c{k}"))),
    }
}

fn cursor(c: &str) -> Position {
    Position::Cursor(Some(c.to_string()))
}

fn reply(ids: std::ops::Range<u32>, next: Option<&str>, truncated: Option<bool>) -> Reply {
    Reply {
        ids: ids.collect(),
        next: next.map(str::to_string),
        truncated,
        total: None,
    }
}

/// Reads the stream to its end: the item ids, then the error if one came.
/// Checks that an error is the last thing the stream yields.
async fn drain<S>(mut stream: S) -> (Vec<u32>, Option<PaginationError>)
where
    S: Stream<Item = Result<Item, PaginationError>> + Unpin,
{
    let mut got = Vec::new();
    while let Some(next) = stream.next().await {
        match next {
            Ok(item) => got.push(item.id),
            Err(error) => {
                assert!(
                    stream.next().await.is_none(),
                    "the stream must end after an error"
                );
                return (got, Some(error));
            }
        }
    }
    (got, None)
}

/// All items, failing the test on an error.
async fn all_items(paginator: Paginator<Fake>) -> Vec<u32> {
    let (got, error) = drain(paginator.items()).await;
    if let Some(error) = error {
        panic!("unexpected error: {error:?}");
    }
    got
}

/// The size cases: (number of items, page size).
const SIZES: &[(u32, u32)] = &[
    (0, 1),
    (0, 10),
    (1, 1),
    (1, 10),
    (2, 1),
    (2, 2),
    (2, 10),
    (1000, 1),
    (1000, 7),
    (1000, 100),
];

fn pages_needed(n: u32, size: u32) -> usize {
    n.div_ceil(size).max(1) as usize
}

// ---------------------------------------------------------------------------
// next-token

#[tokio::test]
async fn next_token_delivers_each_item_once_in_order() {
    for &(n, size) in SIZES {
        let fake = Fake::cursors(Style::NextToken, &ids(n), size as usize, None);
        let got = all_items(Paginator::new(fake.clone()).page_size(size).unwrap()).await;
        assert_eq!(got, ids(n), "{n} items, pages of {size}");
        let expected: Vec<_> = (0..pages_needed(n, size))
            .map(|k| (cursor_at(k), Some(size)))
            .collect();
        assert_eq!(fake.requests(), expected, "{n} items, pages of {size}");
    }
}

#[tokio::test]
async fn imm_empty_next_token_stops() {
    for &(n, size) in SIZES {
        let fake = Fake::cursors(Style::NextToken, &ids(n), size as usize, Some(""));
        let got = all_items(Paginator::new(fake.clone()).page_size(size).unwrap()).await;
        assert_eq!(got, ids(n));
        assert_eq!(fake.requests().len(), pages_needed(n, size));
    }
}

#[tokio::test]
async fn next_token_ignores_truncated_and_empty_pages() {
    // An empty page with a token is not the end; `truncated` means nothing here.
    let fake = Fake::scripted(
        Style::NextToken,
        vec![
            (Position::Cursor(None), reply(0..0, Some("A"), Some(false))),
            (cursor("A"), reply(0..3, None, Some(true))),
        ],
    );
    assert_eq!(all_items(Paginator::new(fake.clone())).await, [0, 1, 2]);
    assert_eq!(fake.positions(), [Position::Cursor(None), cursor("A")]);
}

// ---------------------------------------------------------------------------
// marker

#[tokio::test]
async fn marker_delivers_each_item_once_in_order() {
    for &(n, size) in SIZES {
        let fake = Fake::cursors(Style::Marker, &ids(n), size as usize, None);
        let got = all_items(Paginator::new(fake.clone()).page_size(size).unwrap()).await;
        assert_eq!(got, ids(n), "{n} items, pages of {size}");
        assert_eq!(
            fake.requests().len(),
            pages_needed(n, size),
            "{n} items, pages of {size}"
        );
    }
}

#[tokio::test]
async fn vod_not_truncated_stops_despite_a_marker() {
    let fake = Fake::scripted(
        Style::Marker,
        vec![
            (Position::Cursor(None), reply(0..2, Some("m1"), Some(false))),
            (cursor("m1"), reply(2..4, None, Some(false))),
        ],
    );
    assert_eq!(all_items(Paginator::new(fake.clone())).await, [0, 1]);
    assert_eq!(fake.positions(), [Position::Cursor(None)]);
}

#[tokio::test]
async fn truncated_without_marker_is_an_error_after_the_page() {
    for marker in [Some(""), None] {
        let fake = Fake::scripted(
            Style::Marker,
            vec![
                (Position::Cursor(None), reply(0..2, Some("m1"), Some(true))),
                (cursor("m1"), reply(2..4, marker, Some(true))),
            ],
        );
        let (got, error) = drain(Paginator::new(fake.clone()).items()).await;
        assert_eq!(got, [0, 1, 2, 3]);
        assert!(
            matches!(
                error,
                Some(PaginationError::TruncatedWithoutMarker { page: 2 })
            ),
            "{error:?}"
        );
        assert_eq!(fake.requests().len(), 2);
    }
}

#[tokio::test]
async fn marker_without_truncated_follows_the_marker() {
    let fake = Fake::scripted(
        Style::Marker,
        vec![
            (Position::Cursor(None), reply(0..2, Some("m1"), None)),
            (cursor("m1"), reply(2..3, Some(""), None)),
        ],
    );
    assert_eq!(all_items(Paginator::new(fake.clone())).await, [0, 1, 2]);
    assert_eq!(fake.positions(), [Position::Cursor(None), cursor("m1")]);
}

// ---------------------------------------------------------------------------
// page-number

#[tokio::test]
async fn page_number_delivers_each_item_once_in_order() {
    // (items, page size, requests): the last page is short or reaches
    // `total`, or (full page, total == its length) one empty page follows.
    let cases = [
        (0, 10, 1),
        (1, 1, 2), // full page with total 1 == its length: one more
        (1, 10, 1),
        (2, 1, 2),
        (2, 2, 2),
        (2, 10, 1),
        (1000, 1, 1000),
        (1000, 7, 143),
        (1000, 100, 10),
    ];
    for (n, size, requests) in cases {
        let fake = Fake::numbered(1, ids(n), 20, Count::Total);
        let got = all_items(Paginator::new(fake.clone()).page_size(size).unwrap()).await;
        assert_eq!(got, ids(n), "{n} items, pages of {size}");
        let expected: Vec<_> = (1..=requests)
            .map(|p| (Position::Page(p), Some(size)))
            .collect();
        assert_eq!(fake.requests(), expected, "{n} items, pages of {size}");
    }
}

#[tokio::test]
async fn page_number_without_total_stops_on_a_short_or_empty_page() {
    for (n, size, requests) in [(0, 10, 1), (25, 10, 3), (30, 10, 4), (1000, 100, 11)] {
        let fake = Fake::numbered(1, ids(n), 20, Count::Absent);
        let got = all_items(Paginator::new(fake.clone()).page_size(size).unwrap()).await;
        assert_eq!(got, ids(n), "{n} items, pages of {size}");
        assert_eq!(
            fake.requests().len(),
            requests,
            "{n} items, pages of {size}"
        );
    }
}

#[tokio::test]
async fn page_number_counts_from_the_first_page() {
    let fake = Fake::numbered(0, ids(25), 20, Count::Total);
    let got = all_items(Paginator::new(fake.clone()).page_size(10).unwrap()).await;
    assert_eq!(got, ids(25));
    assert_eq!(fake.positions(), [0, 1, 2].map(Position::Page));
}

#[tokio::test]
async fn page_size_in_force_defaults_to_the_first_page_length() {
    // No size requested; the server pages by 20.
    let fake = Fake::numbered(1, ids(45), 20, Count::Absent);
    assert_eq!(all_items(Paginator::new(fake.clone())).await, ids(45));
    assert_eq!(
        fake.requests(),
        [1, 2, 3].map(|p| (Position::Page(p), None)),
        "the short third page ends it"
    );
}

#[tokio::test]
async fn vias_count_on_this_page_loses_no_items() {
    // The seed's reading: `count` is the number of records on the page.
    for (n, requests) in [(250, 3), (300, 4), (0, 1), (100, 2)] {
        let fake = Fake::numbered(1, ids(n), 20, Count::OnThisPage);
        let got = all_items(Paginator::new(fake.clone()).page_size(100).unwrap()).await;
        assert_eq!(got, ids(n), "{n} items");
        assert_eq!(fake.requests().len(), requests, "{n} items");
    }
}

#[tokio::test]
async fn full_page_with_count_equal_to_its_items_fetches_one_more_page() {
    let fake = Fake::numbered(1, ids(100), 20, Count::Total);
    let got = all_items(Paginator::new(fake.clone()).page_size(100).unwrap()).await;
    assert_eq!(got, ids(100));
    assert_eq!(fake.positions(), [Position::Page(1), Position::Page(2)]);
}

#[tokio::test]
async fn vias_count_changing_between_pages_uses_the_latest() {
    let page = |p: u64, ids: std::ops::Range<u32>, count: u64| {
        let reply = Reply {
            ids: ids.collect(),
            total: Some(count),
            ..Reply::default()
        };
        (Position::Page(p), reply)
    };
    let style = Style::PageNumber { first_page: 1 };

    // Tasks were created while paging: 150, then 250.
    let growing = Fake::scripted(
        style,
        vec![
            page(1, 0..100, 150),
            page(2, 100..200, 250),
            page(3, 200..250, 250),
        ],
    );
    let got = all_items(Paginator::new(growing.clone()).page_size(100).unwrap()).await;
    assert_eq!(got, ids(250));
    assert_eq!(growing.requests().len(), 3);

    // Tasks were deleted: 250, then 150; 2 pages of 100 reach 150.
    let shrinking = Fake::scripted(
        style,
        vec![
            page(1, 0..100, 250),
            page(2, 100..200, 150),
            page(3, 200..250, 150),
        ],
    );
    let got = all_items(Paginator::new(shrinking.clone()).page_size(100).unwrap()).await;
    assert_eq!(got, ids(200));
    assert_eq!(
        shrinking.positions(),
        [Position::Page(1), Position::Page(2)]
    );
}

// ---------------------------------------------------------------------------
// Loop guard and max_pages

#[tokio::test]
async fn cycle_a_b_a_is_repeated() {
    for style in [Style::NextToken, Style::Marker] {
        let truncated = (style == Style::Marker).then_some(true);
        let fake = Fake::scripted(
            style,
            vec![
                (Position::Cursor(None), reply(0..1, Some("A"), truncated)),
                (cursor("A"), reply(1..2, Some("B"), truncated)),
                (cursor("B"), reply(2..3, Some("A"), truncated)),
            ],
        );
        let (got, error) = drain(Paginator::new(fake.clone()).items()).await;
        assert_eq!(got, [0, 1, 2]);
        assert!(
            matches!(&error, Some(PaginationError::Repeated { cursor, page: 3 }) if cursor == "A"),
            "{error:?}"
        );
        assert_eq!(
            fake.positions(),
            [Position::Cursor(None), cursor("A"), cursor("B")]
        );
    }
}

#[tokio::test]
async fn resumed_cursor_coming_back_is_repeated() {
    let fake = Fake::scripted(
        Style::NextToken,
        vec![(cursor("A"), reply(0..1, Some("A"), None))],
    );
    let (got, error) = drain(Paginator::new(fake).resume_from(cursor("A")).items()).await;
    assert_eq!(got, [0]);
    assert!(
        matches!(error, Some(PaginationError::Repeated { page: 1, .. })),
        "{error:?}"
    );
}

#[tokio::test]
async fn max_pages_ends_the_stream_normally() {
    let fake = Fake::cursors(Style::NextToken, &ids(50), 5, None);
    let got = all_items(Paginator::new(fake.clone()).max_pages(3)).await;
    assert_eq!(got, ids(15));
    assert_eq!(fake.requests().len(), 3);

    let fake = Fake::numbered(1, ids(50), 5, Count::Total);
    let got = all_items(Paginator::new(fake.clone()).max_pages(3)).await;
    assert_eq!(got, ids(15));
    assert_eq!(fake.requests().len(), 3);

    let fake = Fake::cursors(Style::Marker, &ids(50), 5, None);
    assert_eq!(
        all_items(Paginator::new(fake.clone()).max_pages(0)).await,
        ids(0)
    );
    assert!(fake.requests().is_empty());

    // More pages allowed than exist: the stop rule ends it.
    let fake = Fake::cursors(Style::Marker, &ids(50), 5, None);
    assert_eq!(
        all_items(Paginator::new(fake.clone()).max_pages(99)).await,
        ids(50)
    );
    assert_eq!(fake.requests().len(), 10);
}

/// `max_pages(3)` then a new paginator from `next_position()`: every item
/// exactly once, for each style, with and without prefetch, from `pages()`
/// and from `items()`.
#[tokio::test]
async fn max_pages_then_next_position_continues_without_loss_or_repeat() {
    for prefetch in [0, 1] {
        let fakes = [
            (
                Fake::cursors(Style::NextToken, &ids(47), 5, Some("")),
                cursor("c3"),
            ),
            (
                Fake::cursors(Style::Marker, &ids(47), 5, None),
                cursor("c3"),
            ),
            (
                Fake::numbered(1, ids(47), 5, Count::Total),
                Position::Page(4),
            ),
        ];
        for (fake, fourth) in fakes {
            let first = Paginator::new(fake.clone()).max_pages(3).prefetch(prefetch);

            let mut pages = first.clone().pages();
            let mut got = Vec::new();
            while let Some(page) = pages.next().await {
                got.extend(page.unwrap().items.iter().map(|item| item.id));
            }
            assert_eq!(got, ids(15));
            assert_eq!(pages.next_position(), Some(&fourth), "{:?}", fake.style);

            let mut items = first.items();
            assert_eq!(items.next_position(), Some(&fake.style.first_position()));
            let (got, error) = drain(&mut items).await;
            assert!(error.is_none(), "{error:?}");
            assert_eq!(got, ids(15));
            assert_eq!(items.next_position(), Some(&fourth));

            let rest = Paginator::new(fake.clone()).prefetch(prefetch);
            let mut rest = rest.resume_from(fourth.clone()).items();
            let (got, error) = drain(&mut rest).await;
            assert!(error.is_none(), "{error:?}");
            assert_eq!(got, (15..47).collect::<Vec<_>>());
            assert_eq!(rest.next_position(), None, "the listing is complete");
        }
    }
}

/// While a page's items remain, `Items::next_position` is that page's
/// start; after a failed page, the error's `resume`.
#[tokio::test]
async fn items_next_position_mid_page_and_after_an_error() {
    let fake = Fake::cursors(Style::NextToken, &ids(30), 10, None).failing_once_at(cursor("c2"));
    let mut items = Paginator::new(fake).items();
    for expected in 0..12 {
        assert_eq!(items.next().await.unwrap().unwrap().id, expected);
    }
    assert_eq!(
        items.next_position(),
        Some(&cursor("c1")),
        "page 2 is half read"
    );
    let (got, error) = drain(&mut items).await;
    assert_eq!(got, (12..20).collect::<Vec<_>>());
    assert_eq!(error.unwrap().resume(), Some(&cursor("c2")));
    assert_eq!(items.next_position(), Some(&cursor("c2")));
}

// ---------------------------------------------------------------------------
// Errors and resuming

async fn fail_on_page_3_then_resume(fake: Fake, third: Position, prefetch: usize) {
    let fake = fake.failing_once_at(third.clone());
    let paginator = Paginator::new(fake.clone()).page_size(10).unwrap();

    let (got, error) = drain(paginator.clone().prefetch(prefetch).items()).await;
    assert_eq!(got, ids(20), "pages 1 and 2 come before the error");
    let Some(error) = error else {
        panic!("the failure on page 3 must be reported");
    };
    let Some(resume) = error.resume().cloned() else {
        panic!("a failed request has a resume position: {error:?}");
    };
    assert_eq!(resume, third);
    let PaginationError::Request { source, .. } = &error else {
        panic!("expected a request error: {error:?}");
    };
    assert_eq!(source.status(), Some(503));

    let rest = all_items(paginator.resume_from(resume).prefetch(prefetch)).await;
    assert_eq!(rest, (20..45).collect::<Vec<_>>());
    let positions = fake.positions();
    assert_eq!(
        positions.iter().filter(|p| **p == third).count(),
        2,
        "{positions:?}"
    );
}

#[tokio::test]
async fn failure_on_page_3_delivers_pages_1_2_then_resumes() {
    for prefetch in [0, 1] {
        let next_token = Fake::cursors(Style::NextToken, &ids(45), 10, None);
        fail_on_page_3_then_resume(next_token, cursor("c2"), prefetch).await;
        let marker = Fake::cursors(Style::Marker, &ids(45), 10, None);
        fail_on_page_3_then_resume(marker, cursor("c2"), prefetch).await;
        let numbered = Fake::numbered(1, ids(45), 20, Count::Total);
        fail_on_page_3_then_resume(numbered, Position::Page(3), prefetch).await;
    }
}

#[tokio::test]
async fn resume_position_of_the_wrong_kind_fails_without_a_request() {
    let numbered = Fake::numbered(1, ids(5), 20, Count::Total);
    for start in [cursor("c1"), Position::Page(0)] {
        let (got, error) = drain(
            Paginator::new(numbered.clone())
                .resume_from(start.clone())
                .items(),
        )
        .await;
        assert!(got.is_empty());
        assert!(
            matches!(&error, Some(PaginationError::Request { source, resume })
                if matches!(**source, Error::InvalidRequest { .. }) && *resume == start),
            "{error:?}"
        );
    }
    let tokens = Fake::cursors(Style::NextToken, &ids(5), 10, None);
    let (_, error) = drain(
        Paginator::new(tokens.clone())
            .resume_from(Position::Page(1))
            .items(),
    )
    .await;
    assert!(
        matches!(error, Some(PaginationError::Request { .. })),
        "{error:?}"
    );
    assert!(numbered.requests().is_empty() && tokens.requests().is_empty());
}

#[tokio::test]
async fn page_size_out_of_bounds_is_rejected() {
    let fake = Fake::cursors(Style::NextToken, &ids(5), 10, None);
    for size in [0, 101, u32::MAX] {
        let Err(error) = Paginator::new(fake.clone()).page_size(size) else {
            panic!("page size {size} must be rejected");
        };
        assert!(
            matches!(&error, Error::InvalidRequest { parameter, .. } if parameter == "MaxResults"),
            "{error:?}"
        );
    }
    for size in [1, 100] {
        assert!(Paginator::new(fake.clone()).page_size(size).is_ok());
    }
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn optional_page_size_composes_and_none_keeps_the_server_default() {
    let fake = Fake::numbered(1, ids(5), 10, Count::Absent).without_latency();
    for (size, sent) in [(Some(2), Some(2)), (None, None)] {
        let (got, error) = drain(
            Paginator::new(fake.clone())
                .page_size(size)
                .unwrap()
                .max_pages(1)
                .items(),
        )
        .await;
        assert!(error.is_none(), "{error:?}");
        assert_eq!(got.len(), sent.map_or(5, |n| n as usize));
        assert_eq!(fake.requests().last().unwrap().1, sent);
    }
    // `None` after a size clears it rather than keeping the earlier one.
    let (got, _) = drain(
        Paginator::new(fake.clone())
            .page_size(3)
            .and_then(|p| p.page_size(None))
            .unwrap()
            .items(),
    )
    .await;
    assert_eq!(got, ids(5));
    assert_eq!(fake.requests().last().unwrap().1, None);
    let Err(error) = Paginator::new(fake.clone()).page_size(Some(0)) else {
        panic!("Some(0) is out of bounds");
    };
    assert!(
        matches!(&error, Error::InvalidRequest { parameter, .. } if parameter == "MaxResults"),
        "{error:?}"
    );
}

#[test]
fn errors_say_what_happened() {
    let request = PaginationError::Request {
        source: Box::new(service_unavailable()),
        resume: cursor("c2"),
    };
    assert_eq!(
        request.to_string(),
        "could not fetch the page at cursor `c2`: the service returned HTTP 503 Service \
         Unavailable: ServiceUnavailable (request id req-1)"
    );
    assert!(
        std::error::Error::source(&request).is_none(),
        "the cause is in Display; a source would print it twice"
    );
    let forbidden = PaginationError::Request {
        source: Box::new(Error::Api {
            status: 403,
            code: Some("AccessDenied".into()),
            message: Some("You are not authorized to do this action.".into()),
            request_id: None,
            body: bytes::Bytes::new(),
        }),
        resume: Position::Cursor(None),
    };
    assert_eq!(
        forbidden.to_string(),
        "could not fetch the page at the first page: the service returned HTTP 403 Forbidden: \
         AccessDenied: You are not authorized to do this action."
    );
    let repeated = PaginationError::Repeated {
        cursor: "A".into(),
        page: 3,
    };
    assert_eq!(
        repeated.to_string(),
        "page 3 points back to cursor `A`, which was already requested: the service is paging in a loop"
    );
    assert_eq!(repeated.resume(), None);
    assert_eq!(
        PaginationError::TruncatedWithoutMarker { page: 2 }.to_string(),
        "page 2 says more pages follow but has no next marker"
    );
    assert_eq!(Position::Cursor(None).to_string(), "the first page");
    assert_eq!(Position::Page(4).to_string(), "page 4");
}

// ---------------------------------------------------------------------------
// Streams of pages

#[tokio::test]
async fn pages_stream_yields_whole_pages() {
    let fake = Fake::cursors(Style::Marker, &ids(25), 10, None);
    let pages: Vec<Vec<u32>> = Paginator::new(fake)
        .pages()
        .map(|page| match page {
            Ok(page) => page.items.iter().map(|item| item.id).collect(),
            Err(error) => panic!("{error:?}"),
        })
        .collect()
        .await;
    assert_eq!(pages, [ids(10), (10..20).collect(), (20..25).collect()]);
}

#[test]
fn streams_are_send_and_unpin() {
    fn check<T: Send + Unpin + 'static>(_: &T) {}
    let paginator = Paginator::new(Fake::cursors(Style::NextToken, &ids(1), 1, None));
    check(&paginator.clone().pages());
    check(&paginator.items());
}

// ---------------------------------------------------------------------------
// Prefetch

#[tokio::test]
async fn prefetch_yields_the_same_items_and_requests() {
    let fakes = || {
        [
            Fake::cursors(Style::NextToken, &ids(1000), 7, Some("")),
            Fake::cursors(Style::Marker, &ids(1000), 100, None),
            Fake::numbered(1, ids(1000), 20, Count::OnThisPage),
            Fake::numbered(1, ids(0), 20, Count::Total),
        ]
    };
    for (plain, ahead) in fakes().into_iter().zip(fakes()) {
        let expected = all_items(Paginator::new(plain.clone())).await;
        for prefetch in [1, 2, 5] {
            ahead.requests.lock().unwrap().clear();
            let got = all_items(Paginator::new(ahead.clone()).prefetch(prefetch)).await;
            assert_eq!(got, expected, "prefetch({prefetch})");
            assert_eq!(ahead.requests(), plain.requests(), "prefetch({prefetch})");
        }
    }
}

/// Consumes every item slowly (yielding to the runtime between items) and
/// returns the gauge's maxima: (pages held or in flight, fetches in flight).
async fn slow_consumer_maxima(prefetch: usize) -> (usize, usize) {
    let fake = Fake::cursors(Style::NextToken, &ids(100), 10, None);
    let mut items = Paginator::new(fake.clone()).prefetch(prefetch).items();
    let mut got = Vec::new();
    while let Some(item) = items.next().await {
        let item = item.unwrap();
        for _ in 0..20 {
            tokio::task::yield_now().await;
        }
        got.push(item.id);
    }
    assert_eq!(got, ids(100));
    assert_eq!(
        fake.gauge.held.load(Ordering::SeqCst),
        0,
        "every page was dropped"
    );
    (
        fake.gauge.max_held.load(Ordering::SeqCst),
        fake.gauge.max_in_flight.load(Ordering::SeqCst),
    )
}

#[tokio::test]
async fn prefetch_one_holds_at_most_two_pages() {
    // Without prefetch, the next page is requested only when asked for.
    assert_eq!(slow_consumer_maxima(0).await, (1, 1));
    // With prefetch(1) the next page is requested while the consumer works
    // on the current one (so 2 are alive at some point), never more.
    assert_eq!(slow_consumer_maxima(1).await, (2, 1));
    // prefetch(n): n + 1 at most; requests stay sequential.
    assert_eq!(slow_consumer_maxima(3).await, (4, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn prefetch_bound_holds_on_a_multi_thread_runtime() {
    let (held, in_flight) = slow_consumer_maxima(1).await;
    assert!(held <= 2, "{held} pages held");
    assert_eq!(in_flight, 1);
}

/// A consumer spawned on a worker that works on each page without yielding
/// (CPU work) must not hold the prefetch request back: tokio puts the task
/// woken when a page is taken in that worker's LIFO slot, out of other
/// workers' reach, unless the paginator yields first. The consumer blocks
/// on page 1 until page 2 has been requested; without the hand-over yield
/// it gives up after 10 s and the test fails.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prefetch_runs_while_a_spawned_consumer_blocks() {
    let fake = Fake::cursors(Style::NextToken, &ids(30), 10, None);
    let requests = fake.requests.clone();
    let consumer = tokio::spawn(async move {
        let mut pages = Paginator::new(fake).prefetch(1).pages();
        pages.next().await.unwrap().unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while requests.lock().unwrap().len() < 2 {
            if std::time::Instant::now() > deadline {
                return false;
            }
            std::thread::yield_now();
        }
        true
    });
    assert!(
        consumer.await.unwrap(),
        "page 2 was not requested while the consumer held page 1"
    );
}

/// Yields to the runtime until `done` holds (at most 10,000 times).
async fn yield_until(mut done: impl FnMut() -> bool) -> bool {
    for _ in 0..10_000 {
        if done() {
            return true;
        }
        tokio::task::yield_now().await;
    }
    done()
}

#[tokio::test]
async fn dropping_the_stream_cancels_prefetched_requests() {
    let fake = Fake::cursors(Style::NextToken, &ids(30), 10, None).hanging_at(cursor("c1"));
    let mut items = Paginator::new(fake.clone()).prefetch(1).items();
    let first = items.next().await.unwrap().unwrap();
    assert_eq!(first.id, 0);
    let gauge = fake.gauge.clone();
    assert!(
        yield_until(|| gauge.in_flight.load(Ordering::SeqCst) == 1).await,
        "page 2 is prefetched"
    );
    drop(items);
    drop(first);
    assert!(
        yield_until(|| gauge.in_flight.load(Ordering::SeqCst) == 0).await,
        "dropping the stream cancels the request in flight"
    );
    assert!(yield_until(|| gauge.held.load(Ordering::SeqCst) == 0).await);
    assert_eq!(fake.positions(), [Position::Cursor(None), cursor("c1")]);
}

#[test]
fn prefetch_outside_a_tokio_runtime_runs_inline() {
    let fake = Fake::cursors(Style::NextToken, &ids(25), 10, None).without_latency();
    let items = Paginator::new(fake.clone()).prefetch(2).items();
    let got: Option<Vec<u32>> = items
        .map(|item| item.map(|item| item.id).ok())
        .collect::<Vec<_>>()
        .now_or_never()
        .and_then(|items| items.into_iter().collect());
    assert_eq!(got, Some(ids(25)));
    assert_eq!(fake.requests().len(), 3);
}
