//! What the shared scenarios need to know about one paginated API, and
//! helpers to drive its streams and check what the server received.

use std::future::poll_fn;
use std::ops::Range;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Poll, Waker};

// The tests crate cannot name `futures_core::Stream` otherwise: the runtime
// does not re-export it. Only `Stream::poll_next` is used.
use futures_util::Stream;
use taskgen_runtime::paginate::{Items, PagedOperation, PaginationError, Paginator, Position};
use taskgen_runtime::{ClientConfig, ConfigError, Hook, IncomingResponse, OutgoingRequest};

use crate::mock_server::{MockResponse, RecordedRequest};
use crate::support::{path_and_query, Harness};

/// The item type of an API's paginated operation.
pub type ItemOf<A> = <<A as Api>::Op as PagedOperation>::Item;

/// One paginated list operation of a generated client.
pub trait Api {
    type Client;
    type Op: PagedOperation;

    /// HTTP method of every page request.
    const METHOD: &'static str;
    /// Wire name of the page-size parameter.
    const SIZE_PARAM: &'static str;
    /// The spec's bounds for the page size (inclusive).
    const MIN_SIZE: u32;
    const MAX_SIZE: u32;

    /// A client for `config`, with the test credentials.
    fn make(config: ClientConfig) -> Result<Self::Client, ConfigError>;

    /// The operation's paginator, with filters set on the builder (they
    /// must come back on every page's request: [`Api::filters`]).
    fn paginator(client: &Self::Client) -> Paginator<Self::Op>;

    /// Decoded path of every page request.
    fn path() -> String;

    /// Query pairs every page request carries, whatever the page: the
    /// builder's filters (and fixed protocol parameters).
    fn filters() -> Vec<(String, String)>;

    /// The query pair that asks for the page at `position` (none for a
    /// cursor style's first page).
    fn position_pair(position: &Position) -> Option<(String, String)>;

    /// The id the server gives item number `index` (0-based, in order).
    fn id(index: usize) -> String;

    /// The id of a decoded item.
    fn item_id(item: &ItemOf<Self>) -> String;

    /// A well-behaved server listing items `0..total` at page size `size`:
    /// every page it serves, in order, with the position it is requested at.
    fn listing(total: usize, size: u32) -> Vec<ScriptedPage>;

    /// An error body in the vendor's format.
    fn error_body(code: &str, message: &str) -> String;
}

/// A cursor-style API (next-token or marker).
pub trait CursorApi: Api {
    /// A page of `items` that says "continue at `next`" (`None`: last page).
    fn cursor_page(items: Range<usize>, next: Option<&str>) -> MockResponse;
}

/// Owned query pairs.
pub fn pairs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The query pair of a cursor style: `name=cursor`, none on the first page.
pub fn cursor_pair(name: &str, position: &Position) -> Option<(String, String)> {
    match position {
        Position::Cursor(cursor) => cursor.clone().map(|c| (name.to_string(), c)),
        Position::Page(page) => panic!("{name} pages by cursor, not page {page}"),
    }
}

/// One page a scripted server serves.
#[derive(Debug, Clone)]
pub struct ScriptedPage {
    /// Where the paginator must request it.
    pub position: Position,
    /// The items on it.
    pub items: Range<usize>,
    pub response: MockResponse,
}

/// A client of `A` pointed at a new mock server answering with `script`
/// (the last response repeats), after `tweak` adjusted the configuration.
pub async fn harness<A: Api>(
    script: impl IntoIterator<Item = MockResponse>,
    tweak: impl FnOnce(ClientConfig) -> ClientConfig,
) -> Harness<A::Client> {
    Harness::start(script, tweak, A::make).await
}

/// The responses of `pages`, in order.
pub fn responses(pages: &[ScriptedPage]) -> Vec<MockResponse> {
    pages.iter().map(|page| page.response.clone()).collect()
}

/// The positions of `pages`, in order.
pub fn positions(pages: &[ScriptedPage]) -> Vec<Position> {
    pages.iter().map(|page| page.position.clone()).collect()
}

/// The ids of items `range`.
pub fn ids<A: Api>(range: Range<usize>) -> Vec<String> {
    range.map(A::id).collect()
}

/// `total` items in pages of `size`; one empty page when there are none.
pub fn chunks(total: usize, size: u32) -> Vec<Range<usize>> {
    let size = usize::try_from(size).unwrap();
    if total == 0 {
        return std::iter::once(0..0).collect();
    }
    (0..total)
        .step_by(size)
        .map(|start| start..total.min(start + size))
        .collect()
}

/// The next element of `stream`.
pub async fn next<S: Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
    poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx)).await
}

/// Drains an item stream: the ids of the items up to the end or the first
/// error, and that error. Checks that the stream ends after an error.
pub async fn drain<A: Api>(mut items: Items<A::Op>) -> (Vec<String>, Option<PaginationError>) {
    drain_in_place::<A>(&mut items).await
}

/// [`drain`], keeping the stream (for its `next_position`).
pub async fn drain_in_place<A: Api>(
    items: &mut Items<A::Op>,
) -> (Vec<String>, Option<PaginationError>) {
    let mut seen = Vec::new();
    while let Some(item) = next(items).await {
        match item {
            Ok(item) => seen.push(A::item_id(&item)),
            Err(error) => {
                assert!(
                    next(items).await.is_none(),
                    "the stream goes on after {error:?}"
                );
                return (seen, Some(error));
            }
        }
    }
    (seen, None)
}

/// Drains an item stream that must end without an error.
pub async fn drain_ok<A: Api>(items: Items<A::Op>) -> Vec<String> {
    let (seen, error) = drain::<A>(items).await;
    if let Some(error) = error {
        panic!("paging failed after {} items: {error:?}", seen.len());
    }
    seen
}

/// Asserts the server received exactly one page request per position, in
/// order, each with the method, the path, the filters, the page size and
/// the position's parameter, and nothing else in the query.
pub fn assert_page_requests<A: Api>(
    requests: &[RecordedRequest],
    positions: &[Position],
    size: u32,
) {
    let targets: Vec<&str> = requests.iter().map(|r| r.target.as_str()).collect();
    assert_eq!(
        requests.len(),
        positions.len(),
        "requests {targets:#?}, expected at {positions:?}"
    );
    for (number, (request, position)) in (1..).zip(requests.iter().zip(positions)) {
        let (path, mut query) = path_and_query(request);
        query.sort();
        let mut expected = A::filters();
        expected.push((A::SIZE_PARAM.to_string(), size.to_string()));
        expected.extend(A::position_pair(position));
        expected.sort();
        assert_eq!(
            request.method,
            A::METHOD,
            "request {number}: {}",
            request.target
        );
        assert_eq!(path, A::path(), "request {number}: {}", request.target);
        assert_eq!(
            query, expected,
            "request {number} (for {position}): {}",
            request.target
        );
    }
}

/// A hook that counts page requests started and responses received, and
/// the most pages ever alive: requests started minus pages the consumer is
/// done with, taken as each request starts (a page is alive from its
/// request until the consumer drops it, whether in flight, waiting in the
/// prefetcher or held). The consumer reports the pages it is done with
/// with [`Tracker::finished`].
#[derive(Clone, Default)]
pub struct Tracker(Arc<Mutex<Tracked>>);

#[derive(Default)]
struct Tracked {
    started: usize,
    responses: usize,
    finished: usize,
    max_alive: usize,
    waiting: Vec<Waker>,
}

impl Tracker {
    /// The consumer has dropped its first `pages` pages.
    pub fn finished(&self, pages: usize) {
        self.0.lock().unwrap().finished = pages;
    }

    /// Requests started so far.
    pub fn started(&self) -> usize {
        self.0.lock().unwrap().started
    }

    /// The most pages ever alive at once.
    pub fn max_alive(&self) -> usize {
        self.0.lock().unwrap().max_alive
    }

    /// Waits until `count` responses were received.
    pub async fn responses_reach(&self, count: usize) {
        poll_fn(|cx| {
            let mut tracked = self.0.lock().unwrap();
            if tracked.responses >= count {
                Poll::Ready(())
            } else {
                tracked.waiting.push(cx.waker().clone());
                Poll::Pending
            }
        })
        .await;
    }
}

impl Hook for Tracker {
    fn on_request(&self, _request: &mut OutgoingRequest) {
        let mut tracked = self.0.lock().unwrap();
        tracked.started += 1;
        let alive = tracked.started.saturating_sub(tracked.finished);
        tracked.max_alive = tracked.max_alive.max(alive);
    }

    fn on_response(&self, _response: &IncomingResponse<'_>) {
        let mut tracked = self.0.lock().unwrap();
        tracked.responses += 1;
        for waker in tracked.waiting.drain(..) {
            waker.wake();
        }
    }
}
