//! Generic pagination for list operations (`x-taskgen-pagination` in
//! `specs/README.md`).
//!
//! Generated code implements [`PagedOperation`] once per paginated
//! operation: how to request one page, and what a response says about
//! paging ([`PageInfo`], filled from the spec's named response fields). A
//! [`Paginator`] turns it into a stream of pages or of items, applying the
//! stop rule of the operation's [`Style`]:
//!
//! | style | the last page is the one where |
//! |---|---|
//! | [`Style::NextToken`] | the next cursor is absent or `""` |
//! | [`Style::Marker`] | `truncated` is `Some(false)` (even with a non-empty marker); with `truncated` absent, the marker is absent or `""`. `Some(true)` without a marker is [`PaginationError::TruncatedWithoutMarker`] |
//! | [`Style::PageNumber`] | the page is empty; or short (fewer items than the page size in force: the requested size, else the first page's length); or `total` is known and `pages * page size >= total`, unless the page is full and `total` equals its length (VIAS `count` may mean "records on this page": the next page is requested and will be short or empty) |
//!
//! Every style also ends with [`PaginationError::Repeated`] when a cursor
//! the paginator already requested comes back, so a looping server cannot
//! make it page forever.
//!
//! Errors come after every item fetched before them, and end the stream. A
//! failed request ([`PaginationError::Request`]) carries the position of the
//! page that failed: a new paginator started there with
//! [`Paginator::resume_from`] continues without losing or repeating items.
//! [`Pages::next_position`] gives that position at any time, e.g. after
//! [`Paginator::max_pages`] ended the stream.
//!
//! ```
//! use taskgen_runtime::paginate::{BoxFuture, PageInfo, PagedOperation, Paginator, Position, Style};
//! use taskgen_runtime::Error;
//!
//! /// Pages of `[1, 2]`, `[3]`, linked by the token `"2"`.
//! #[derive(Clone)]
//! struct ListNumbers;
//!
//! struct NumbersPage {
//!     numbers: Vec<u32>,
//!     next_token: Option<String>,
//! }
//!
//! impl PagedOperation for ListNumbers {
//!     type Page = NumbersPage;
//!     type Item = u32;
//!
//!     fn style(&self) -> Style {
//!         Style::NextToken
//!     }
//!
//!     fn check_page_size(&self, size: u32) -> Result<(), Error> {
//!         taskgen_runtime::check_maximum("MaxResults", size, 100, false)
//!     }
//!
//!     fn fetch(&self, position: Position, _size: Option<u32>) -> BoxFuture<'static, Result<NumbersPage, Error>> {
//!         let page = match position {
//!             Position::Cursor(None) => NumbersPage { numbers: vec![1, 2], next_token: Some("2".into()) },
//!             _ => NumbersPage { numbers: vec![3], next_token: None },
//!         };
//!         Box::pin(async move { Ok(page) })
//!     }
//!
//!     fn info(page: &NumbersPage) -> PageInfo {
//!         PageInfo { items: page.numbers.len(), next_cursor: page.next_token.clone(), ..PageInfo::default() }
//!     }
//!
//!     fn into_items(page: NumbersPage) -> Vec<u32> {
//!         page.numbers
//!     }
//! }
//!
//! # async fn run() -> Result<(), taskgen_runtime::PaginationError> {
//! use futures_util::TryStreamExt;
//! let numbers: Vec<u32> = Paginator::new(ListNumbers).items().try_collect().await?;
//! assert_eq!(numbers, [1, 2, 3]);
//! # Ok(())
//! # }
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(run()).unwrap();
//! ```

mod driver;
mod error;
mod paginator;
mod plan;
mod prefetch;

use std::fmt;

pub use futures_core::future::BoxFuture;

pub use error::PaginationError;
pub use paginator::{Items, Pages, Paginator};

use crate::Error;

/// How an operation pages (the spec's `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    /// Opaque continuation token (IMM `NextToken`); stop rule
    /// `token-absent-or-empty`.
    NextToken,
    /// Marker plus a "more follows" flag (VOD `nextMarker`, `isTruncated`);
    /// stop rule `not-truncated`.
    Marker,
    /// Numbered pages (VIAS `page`, `count`); stop rule `past-total`.
    PageNumber {
        /// Number of the first page (the spec's `first-page`, usually 1).
        first_page: u64,
    },
}

impl Style {
    /// Where paging starts when no position is given.
    pub fn first_position(self) -> Position {
        match self {
            Style::NextToken | Style::Marker => Position::Cursor(None),
            Style::PageNumber { first_page } => Position::Page(first_page),
        }
    }
}

/// Where a page starts: the cursor (token or marker; `None` = first page)
/// or the page number.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Position {
    /// A page found by the token or marker the previous page returned.
    Cursor(Option<String>),
    /// A page found by its number.
    Page(u64),
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Position::Cursor(None) => f.write_str("the first page"),
            Position::Cursor(Some(cursor)) => write!(f, "cursor `{cursor}`"),
            Position::Page(page) => write!(f, "page {page}"),
        }
    }
}

/// What a response says about paging; generated code fills it from the
/// spec's named response fields (absent fields are `None`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageInfo {
    /// Number of items on this page (`response.items`).
    pub items: usize,
    /// The next token or marker (`response.next-cursor`).
    pub next_cursor: Option<String>,
    /// Whether more pages follow (`response.truncated`).
    pub truncated: Option<bool>,
    /// Total number of items (`response.total`); may change between pages.
    pub total: Option<u64>,
}

/// One paginated operation with its request. Implemented by generated code;
/// cheap to clone (holds a client and the request).
pub trait PagedOperation: Clone + Send + Sync + 'static {
    /// One decoded response.
    type Page: Send + 'static;
    /// One element of a page's items array.
    type Item: Send + 'static;

    /// The operation's paging style.
    fn style(&self) -> Style;

    /// Checks a page size against the spec's bounds for the page-size
    /// parameter ([`Error::InvalidRequest`] when out of bounds).
    fn check_page_size(&self, size: u32) -> Result<(), Error>;

    /// Requests the page at `position`, with `page_size` in the page-size
    /// parameter when given. Retries happen inside, per the client's retry
    /// policy. Dropping the future cancels the request.
    fn fetch(
        &self,
        position: Position,
        page_size: Option<u32>,
    ) -> BoxFuture<'static, Result<Self::Page, Error>>;

    /// What `page` says about paging.
    fn info(page: &Self::Page) -> PageInfo;

    /// The page's items, in order.
    fn into_items(page: Self::Page) -> Vec<Self::Item>;
}
