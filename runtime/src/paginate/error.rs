//! Why a paginator stopped early.

use std::fmt;

use super::Position;
use crate::error::Causes;
use crate::Error;

/// Why a page stream ended with an error. Every item fetched before the
/// error was delivered first; the stream ends after it.
///
/// Like [`Error`], `Display` carries the whole cause (e.g. `could not fetch
/// the page at the first page: the service returned HTTP 403 Forbidden:
/// AccessDenied: ...`) and `source()` is `None`.
#[derive(Debug)]
#[non_exhaustive]
pub enum PaginationError {
    /// A page request failed (after the client's retries). Every earlier
    /// item was delivered; a paginator started at `resume` (see
    /// [`Paginator::resume_from`](super::Paginator::resume_from)) continues
    /// with the failed page.
    Request {
        /// Why the page failed. Boxed to keep this error small (clippy's
        /// `result_large_err`); its methods work through the box.
        source: Box<Error>,
        /// Where a new paginator continues: the failed page.
        resume: Position,
    },

    /// A cursor the paginator already requested came back: the server is
    /// looping. `page` counts the pages this paginator fetched (1-based)
    /// and names the one that returned `cursor`.
    Repeated {
        /// The cursor that came back.
        cursor: String,
        /// The page that returned it.
        page: usize,
    },

    /// Marker style: page `page` (1-based, counting the pages this paginator
    /// fetched) says more pages follow but carries no next marker.
    TruncatedWithoutMarker {
        /// The page without a marker.
        page: usize,
    },
}

impl fmt::Display for PaginationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PaginationError::Request { source, resume } => write!(
                f,
                "could not fetch the page at {resume}: {}",
                Causes(&**source)
            ),
            PaginationError::Repeated { cursor, page } => write!(
                f,
                "page {page} points back to cursor `{cursor}`, which was already requested: \
                 the service is paging in a loop"
            ),
            PaginationError::TruncatedWithoutMarker { page } => write!(
                f,
                "page {page} says more pages follow but has no next marker"
            ),
        }
    }
}

/// `source()` is `None`: `Display` already says everything.
impl std::error::Error for PaginationError {}

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
