//! Why a paginator stopped early.

use super::Position;
use crate::Error;

/// Why a page stream ended with an error. Every item fetched before the
/// error was delivered first; the stream ends after it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PaginationError {
    /// A page request failed (after the client's retries). Every earlier
    /// item was delivered; a paginator started at `resume` (see
    /// [`Paginator::resume_from`](super::Paginator::resume_from)) continues
    /// with the failed page. `source` is boxed to keep this error small
    /// (clippy's `result_large_err`); its methods work through the box.
    #[error("could not fetch the page at {resume}")]
    Request {
        source: Box<Error>,
        resume: Position,
    },

    /// A cursor the paginator already requested came back: the server is
    /// looping. `page` counts the pages this paginator fetched (1-based)
    /// and names the one that returned `cursor`.
    #[error("page {page} points back to cursor `{cursor}`, which was already requested: the service is paging in a loop")]
    Repeated { cursor: String, page: usize },

    /// Marker style: page `page` (1-based, counting the pages this paginator
    /// fetched) says more pages follow but carries no next marker.
    #[error("page {page} says more pages follow but has no next marker")]
    TruncatedWithoutMarker { page: usize },
}

impl PaginationError {
    /// Where a new paginator can continue: the failed page for
    /// [`PaginationError::Request`]; `None` otherwise (the server's paging
    /// is broken, so there is no position to trust).
    pub fn resume(&self) -> Option<&Position> {
        match self {
            PaginationError::Request { resume, .. } => Some(resume),
            PaginationError::Repeated { .. } | PaginationError::TruncatedWithoutMarker { .. } => {
                None
            }
        }
    }
}
