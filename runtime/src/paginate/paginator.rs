//! The paginator builder and its page and item streams.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use super::driver::{Delivered, Driver, Message};
use super::prefetch::Prefetcher;
use super::{PagedOperation, PaginationError, Position};
use crate::Error;

/// Pages through one operation; the [module docs](crate::paginate) give the
/// stop rules. Build it, then take [`Paginator::pages`] or
/// [`Paginator::items`]. Nothing is requested until the stream is polled.
#[derive(Clone)]
pub struct Paginator<Op: PagedOperation> {
    operation: Op,
    page_size: Option<u32>,
    max_pages: Option<usize>,
    prefetch: usize,
    start: Option<Position>,
}

impl<Op: PagedOperation> fmt::Debug for Paginator<Op> {
    /// Leaves out the operation, whose client holds credentials.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginator")
            .field("style", &self.operation.style())
            .field("page_size", &self.page_size)
            .field("max_pages", &self.max_pages)
            .field("prefetch", &self.prefetch)
            .field("start", &self.start)
            .finish_non_exhaustive()
    }
}

impl<Op: PagedOperation> Paginator<Op> {
    /// Pages from the first page, with the server's default page size, no
    /// page limit and no prefetch.
    pub fn new(operation: Op) -> Self {
        Paginator {
            operation,
            page_size: None,
            max_pages: None,
            prefetch: 0,
            start: None,
        }
    }

    /// Asks for `size` items per page: a number, or an `Option` where
    /// `None` leaves the server's default, so an optional setting composes
    /// as `.into_paginator()?.page_size(size)?` without rebinding. Checked
    /// here rather than at the first page, so a bad size fails before any
    /// request: an [`Error::InvalidRequest`] naming the page-size parameter
    /// when the spec's bounds reject it.
    pub fn page_size(mut self, size: impl Into<Option<u32>>) -> Result<Self, Error> {
        let size = size.into();
        if let Some(size) = size {
            self.operation.check_page_size(size)?;
        }
        self.page_size = size;
        Ok(self)
    }

    /// Ends the stream normally after `pages` pages (0: no request at all);
    /// [`Pages::next_position`] then says where to continue.
    pub fn max_pages(mut self, pages: usize) -> Self {
        self.max_pages = Some(pages);
        self
    }

    /// Requests up to `pages` pages ahead on a tokio task while the consumer
    /// works on the current one (0, the default: none; capped at 1024). At
    /// most `pages + 1` pages are held or in flight at once; the pages,
    /// their order and the requests are the same as without prefetch.
    /// Outside a tokio runtime the stream runs without prefetch.
    pub fn prefetch(mut self, pages: usize) -> Self {
        self.prefetch = pages;
        self
    }

    /// Starts at `position` instead of the first page, e.g. the `resume`
    /// of a [`PaginationError::Request`]. A position that does not fit the
    /// operation's style (a cursor for numbered pages, a page number below
    /// the first, or a page number for cursor pages) makes the stream yield
    /// a [`PaginationError::Request`] with an [`Error::InvalidRequest`].
    pub fn resume_from(mut self, position: Position) -> Self {
        self.start = Some(position);
        self
    }

    /// The pages, in order.
    pub fn pages(self) -> Pages<Op> {
        let driver = Driver::new(self.operation, self.page_size, self.start, self.max_pages);
        let next = driver.next_position().cloned();
        let source = match self.prefetch {
            0 => Source::Inline(driver),
            ahead => Source::Unstarted { driver, ahead },
        };
        Pages { source, next }
    }

    /// The items of every page, in order.
    pub fn items(self) -> Items<Op> {
        Items {
            pages: self.pages(),
            current: Vec::new().into_iter(),
            current_at: None,
        }
    }
}

/// The stream of [`Paginator::pages`]. Dropping it cancels any request in
/// flight, prefetches included.
pub struct Pages<Op: PagedOperation> {
    source: Source<Op>,
    /// Where the page after the last one yielded starts.
    next: Option<Position>,
}

enum Source<Op: PagedOperation> {
    /// Fetched when polled.
    Inline(Driver<Op>),
    /// Prefetch, started at the first poll (inside the consumer's runtime).
    Unstarted {
        driver: Driver<Op>,
        ahead: usize,
    },
    Prefetching(Prefetcher<Op::Page>),
    /// Only while switching from `Unstarted`.
    Switching,
}

// Nothing is pinned in place: the fetch futures are boxed.
impl<Op: PagedOperation> Unpin for Pages<Op> {}

impl<Op: PagedOperation> Pages<Op> {
    /// Where the first page not yet yielded starts: a new paginator
    /// started there with [`Paginator::resume_from`] continues without
    /// losing or repeating a page (e.g. after [`Paginator::max_pages`]
    /// ended this stream, or to checkpoint a long listing). After a
    /// [`PaginationError::Request`] it is that error's `resume`. `None`
    /// once the listing is complete, or when the server's paging broke
    /// ([`PaginationError::Repeated`], [`PaginationError::TruncatedWithoutMarker`]).
    pub fn next_position(&self) -> Option<&Position> {
        self.next.as_ref()
    }

    /// The next page with the position it started at, or the error that
    /// ends the stream.
    fn poll_page(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<PageAt<Op>, PaginationError>>> {
        let message = match self.poll_message(cx) {
            Poll::Ready(Some(message)) => message,
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Pending => return Poll::Pending,
        };
        Poll::Ready(Some(match message {
            Ok(Delivered { page, next }) => Ok((page, std::mem::replace(&mut self.next, next))),
            Err(error) => {
                self.next = error.resume().cloned();
                Err(error)
            }
        }))
    }

    fn poll_message(&mut self, cx: &mut Context<'_>) -> Poll<Option<Message<Op::Page>>> {
        if let Source::Unstarted { .. } = self.source {
            if let Source::Unstarted { driver, ahead } =
                std::mem::replace(&mut self.source, Source::Switching)
            {
                // Spawn inside the runtime polling us; outside one, run inline.
                self.source = match tokio::runtime::Handle::try_current() {
                    Ok(runtime) => Source::Prefetching(Prefetcher::spawn(&runtime, driver, ahead)),
                    Err(_) => Source::Inline(driver),
                };
            }
        }
        match &mut self.source {
            Source::Inline(driver) => driver.poll_page(cx),
            Source::Prefetching(prefetcher) => prefetcher.poll_page(cx),
            Source::Unstarted { .. } | Source::Switching => Poll::Ready(None),
        }
    }
}

/// A page and the position it started at.
type PageAt<Op> = (<Op as PagedOperation>::Page, Option<Position>);

impl<Op: PagedOperation> Stream for Pages<Op> {
    type Item = Result<Op::Page, PaginationError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut()
            .poll_page(cx)
            .map(|polled| polled.map(|result| result.map(|(page, _)| page)))
    }
}

/// The stream of [`Paginator::items`]. Dropping it cancels any request in
/// flight, prefetches included.
pub struct Items<Op: PagedOperation> {
    pages: Pages<Op>,
    /// The rest of the current page.
    current: std::vec::IntoIter<Op::Item>,
    /// Where the current page started (read only while `current` has
    /// items).
    current_at: Option<Position>,
}

impl<Op: PagedOperation> Unpin for Items<Op> {}

impl<Op: PagedOperation> Items<Op> {
    /// [`Pages::next_position`] once every item of the pages fetched so
    /// far was yielded, as after the stream ended. While items of a page
    /// remain, the position of that page: resuming there yields its items
    /// again, those already yielded included.
    pub fn next_position(&self) -> Option<&Position> {
        if self.current.len() == 0 {
            self.pages.next_position()
        } else {
            self.current_at.as_ref()
        }
    }
}

impl<Op: PagedOperation> Stream for Items<Op> {
    type Item = Result<Op::Item, PaginationError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.current.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match this.pages.poll_page(cx) {
                Poll::Ready(Some(Ok((page, at)))) => {
                    this.current = Op::into_items(page).into_iter();
                    this.current_at = at;
                }
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}
