//! Runs a [`Driver`] ahead of the consumer on a tokio task.
//!
//! The task reserves a slot in a channel of `n` slots before each request
//! and fills it with the result, so requests in flight plus pages waiting
//! never exceed `n`; with the page the consumer is working on, at most
//! `n + 1` pages exist at once. Requests stay sequential (a cursor comes
//! from the previous response), so the pages, their order and the requests
//! made are the same as without prefetch.
//!
//! Each page is handed over one scheduler turn after it is received. Taking
//! it frees a slot and wakes the task; tokio puts a task woken by a worker
//! in that worker's LIFO slot, which no other worker may steal, so a
//! consumer that then works on the page for long without yielding (CPU work
//! in a spawned task) would hold the next request back and make prefetch
//! slower than none. Yielding first lets the task send its request.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::runtime::Handle;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::driver::{Driver, Message};
use super::PagedOperation;

/// The most pages a paginator runs ahead (larger requests are capped).
pub(crate) const MAX_PREFETCH: usize = 1024;

/// The consumer's end: receives the task's pages in order. Dropping it
/// aborts the task, cancelling the request in flight.
pub(crate) struct Prefetcher<Page> {
    receiver: mpsc::Receiver<Message<Page>>,
    task: Option<JoinHandle<()>>,
    /// Received, handed over on the next poll (see the module comment).
    received: Option<Message<Page>>,
}

impl<Page: Send + 'static> Prefetcher<Page> {
    /// Spawns `driver` on `runtime`, running at most `ahead` pages ahead
    /// (clamped to 1..=[`MAX_PREFETCH`]).
    pub(crate) fn spawn<Op>(runtime: &Handle, driver: Driver<Op>, ahead: usize) -> Self
    where
        Op: PagedOperation<Page = Page>,
    {
        let (sender, receiver) = mpsc::channel(ahead.clamp(1, MAX_PREFETCH));
        let task = runtime.spawn(produce(driver, sender));
        Prefetcher {
            receiver,
            task: Some(task),
            received: None,
        }
    }

    /// The next page in order, the error that ends the stream, or `None`.
    pub(crate) fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Message<Page>>> {
        if let Some(message) = self.received.take() {
            return Poll::Ready(Some(message));
        }
        match self.receiver.poll_recv(cx) {
            Poll::Ready(Some(message)) => {
                self.received = Some(message);
                cx.waker().wake_by_ref();
                return Poll::Pending;
            }
            Poll::Pending => return Poll::Pending,
            // Empty, and the task dropped its sender: it returned or panicked.
            Poll::Ready(None) => {}
        }
        let Some(task) = self.task.as_mut() else {
            return Poll::Ready(None);
        };
        match Pin::new(task).poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(result) => {
                self.task = None;
                match result {
                    // A panic in `fetch` reaches the consumer, as it would
                    // without prefetch.
                    Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
                    _ => Poll::Ready(None),
                }
            }
        }
    }
}

impl<Page> Drop for Prefetcher<Page> {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
    }
}

/// The task: one slot reserved per page, then the page (or the error that
/// ends the stream) sent in it. Returns when the pages end or the consumer
/// is gone.
async fn produce<Op: PagedOperation>(
    mut driver: Driver<Op>,
    sender: mpsc::Sender<Message<Op::Page>>,
) {
    loop {
        let Ok(slot) = sender.reserve().await else {
            return;
        };
        match driver.next_page().await {
            Some(message) => slot.send(message),
            None => return,
        }
    }
}
