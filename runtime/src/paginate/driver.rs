//! Fetches pages one after another, as the [`Plan`] says.

use std::task::{Context, Poll};

use super::plan::{check_start, Plan};
use super::{BoxFuture, PagedOperation, PaginationError, Position};
use crate::Error;

/// A page, and where the page after it starts (`None`: the listing is
/// complete).
pub(crate) struct Delivered<Page> {
    pub(crate) page: Page,
    pub(crate) next: Option<Position>,
}

/// What the driver yields: a page, or the error that ends the stream.
pub(crate) type Message<Page> = Result<Delivered<Page>, PaginationError>;

/// The sequential page loop: one request at a time, each at the position
/// the previous page gave. Both the inline stream and the prefetch task
/// run it.
pub(crate) struct Driver<Op: PagedOperation> {
    operation: Op,
    page_size: Option<u32>,
    plan: Plan,
    state: State<Op::Page>,
}

enum State<Page> {
    /// The next page is due at the plan's position.
    Ready,
    Fetching(BoxFuture<'static, Result<Page, Error>>),
    /// The page before was delivered; this error comes next, then the end.
    Failing(PaginationError),
    Done,
}

impl<Op: PagedOperation> Driver<Op> {
    /// Starts at `start` (or the first page); a start that does not fit
    /// the style is yielded as a failed request for it, nothing sent.
    pub(crate) fn new(
        operation: Op,
        page_size: Option<u32>,
        start: Option<Position>,
        max_pages: Option<usize>,
    ) -> Self {
        let style = operation.style();
        let position = start.unwrap_or_else(|| style.first_position());
        let state = match check_start(style, &position) {
            Err(source) => State::Failing(PaginationError::Request {
                source: Box::new(source),
                resume: position.clone(),
            }),
            Ok(()) if max_pages == Some(0) => State::Done,
            Ok(()) => State::Ready,
        };
        Driver {
            operation,
            page_size,
            plan: Plan::new(style, position, page_size, max_pages),
            state,
        }
    }

    /// Where the next page starts (see [`Plan::next`]).
    pub(crate) fn next_position(&self) -> Option<&Position> {
        self.plan.next()
    }

    /// The next page, the error that ends the stream, or `None` at the end.
    /// Dropping the driver mid-fetch cancels the request.
    pub(crate) fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Message<Op::Page>>> {
        loop {
            match &mut self.state {
                State::Ready => {
                    let position = self.plan.position().clone();
                    self.state = State::Fetching(self.operation.fetch(position, self.page_size));
                }
                State::Fetching(fetch) => {
                    let result = match fetch.as_mut().poll(cx) {
                        Poll::Ready(result) => result,
                        Poll::Pending => return Poll::Pending,
                    };
                    return Poll::Ready(Some(self.finish_fetch(result)));
                }
                State::Failing(_) => {
                    return match std::mem::replace(&mut self.state, State::Done) {
                        State::Failing(error) => Poll::Ready(Some(Err(error))),
                        _ => Poll::Ready(None),
                    };
                }
                State::Done => return Poll::Ready(None),
            }
        }
    }

    /// The next page (or end), as a future.
    pub(crate) async fn next_page(&mut self) -> Option<Message<Op::Page>> {
        std::future::poll_fn(|cx| self.poll_page(cx)).await
    }

    fn finish_fetch(&mut self, result: Result<Op::Page, Error>) -> Message<Op::Page> {
        match result {
            Ok(page) => {
                self.state = match self.plan.advance(&Op::info(&page)) {
                    Ok(true) => State::Ready,
                    Ok(false) => State::Done,
                    Err(error) => State::Failing(error),
                };
                let next = self.plan.next().cloned();
                Ok(Delivered { page, next })
            }
            Err(source) => {
                self.state = State::Done;
                Err(PaginationError::Request {
                    source: Box::new(source),
                    resume: self.plan.position().clone(),
                })
            }
        }
    }
}
