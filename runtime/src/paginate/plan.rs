//! The stop rules: given what a page says, where the next page starts, or
//! that there is none. Pure, so each rule is tested without a stream.

use std::collections::HashSet;

use super::{PageInfo, PaginationError, Position, Style};
use crate::Error;

/// A paginator's progress: the next position, the cursors already
/// requested, and the page size in force.
#[derive(Debug)]
pub(crate) struct Plan {
    style: Style,
    /// Where the next page starts.
    position: Position,
    /// Page-number style: the requested page size, or the first page's
    /// length once it arrived when none was requested.
    size_in_force: Option<u64>,
    /// Every cursor requested so far (the loop guard).
    seen: HashSet<String>,
    /// Pages fetched so far.
    fetched: usize,
    max_pages: Option<usize>,
    /// A page follows, at `position` (false once the listing is complete
    /// or paging broke).
    more: bool,
}

impl Plan {
    /// Starts at `position` (checked by [`check_start`]).
    pub(crate) fn new(
        style: Style,
        position: Position,
        page_size: Option<u32>,
        max_pages: Option<usize>,
    ) -> Self {
        let mut seen = HashSet::new();
        if let Position::Cursor(Some(cursor)) = &position {
            seen.insert(cursor.clone());
        }
        Plan {
            style,
            position,
            size_in_force: page_size.map(u64::from),
            seen,
            fetched: 0,
            max_pages,
            more: true,
        }
    }

    /// Where the next page starts.
    pub(crate) fn position(&self) -> &Position {
        &self.position
    }

    /// Where the next page starts, if one follows: after `max_pages`, the
    /// page that would have come next; `None` once the listing is complete
    /// or the server's paging broke.
    pub(crate) fn next(&self) -> Option<&Position> {
        self.more.then_some(&self.position)
    }

    /// Whether `max_pages` pages were fetched.
    fn exhausted(&self) -> bool {
        self.max_pages.is_some_and(|max| self.fetched >= max)
    }

    /// Records the page fetched at [`Plan::position`]. `Ok(true)`: another
    /// page follows, at the new [`Plan::position`]; `Ok(false)`: this was
    /// the last page (stop rule, or `max_pages`, which ends the stream
    /// normally whatever the page says, keeping [`Plan::next`] when the
    /// rules give one).
    pub(crate) fn advance(&mut self, info: &PageInfo) -> Result<bool, PaginationError> {
        self.fetched = self.fetched.saturating_add(1);
        self.more = false;
        let next = match self.following(info) {
            Ok(Some(next)) => next,
            Ok(None) => return Ok(false),
            Err(_) if self.exhausted() => return Ok(false),
            Err(error) => return Err(error),
        };
        if let Position::Cursor(Some(cursor)) = &next {
            if !self.seen.insert(cursor.clone()) {
                if self.exhausted() {
                    return Ok(false);
                }
                return Err(PaginationError::Repeated {
                    cursor: cursor.clone(),
                    page: self.fetched,
                });
            }
        }
        self.position = next;
        self.more = true;
        Ok(!self.exhausted())
    }

    /// The position after the page just fetched, by the style's stop rule
    /// (`None`: it was the last).
    fn following(&mut self, info: &PageInfo) -> Result<Option<Position>, PaginationError> {
        Ok(match (self.style, &self.position) {
            (Style::NextToken, _) => next_token(info).map(|c| Position::Cursor(Some(c))),
            (Style::Marker, _) => {
                next_marker(info, self.fetched)?.map(|c| Position::Cursor(Some(c)))
            }
            (Style::PageNumber { first_page }, Position::Page(page)) => {
                let size = *self.size_in_force.get_or_insert(info.items as u64);
                next_page(*page, first_page, size, info).map(Position::Page)
            }
            // Rejected by `check_start`; numbered pages never lead to a cursor.
            (Style::PageNumber { .. }, Position::Cursor(_)) => None,
        })
    }
}

/// Whether paging can start at `position`: a cursor for the cursor styles,
/// a page number from the first page on for numbered pages.
pub(crate) fn check_start(style: Style, position: &Position) -> Result<(), Error> {
    match (style, position) {
        (Style::NextToken | Style::Marker, Position::Cursor(_)) => Ok(()),
        (Style::PageNumber { first_page }, Position::Page(page)) if *page >= first_page => Ok(()),
        (Style::PageNumber { first_page }, Position::Page(page)) => Err(Error::invalid_request(
            "page",
            format!("must be at least {first_page} (the first page), got {page}"),
        )),
        (Style::PageNumber { .. }, Position::Cursor(_)) => Err(Error::invalid_request(
            "page",
            format!("this operation pages by number; cannot resume from {position}"),
        )),
        (Style::NextToken | Style::Marker, Position::Page(_)) => Err(Error::invalid_request(
            "cursor",
            format!("this operation pages by cursor; cannot resume from {position}"),
        )),
    }
}

/// The cursor, unless absent or empty.
fn non_empty(cursor: Option<&String>) -> Option<String> {
    cursor.filter(|c| !c.is_empty()).cloned()
}

/// `token-absent-or-empty`.
fn next_token(info: &PageInfo) -> Option<String> {
    non_empty(info.next_cursor.as_ref())
}

/// `not-truncated`: `truncated: false` wins over a marker; `truncated:
/// true` needs one; without `truncated`, the marker decides.
fn next_marker(info: &PageInfo, page: usize) -> Result<Option<String>, PaginationError> {
    match (info.truncated, non_empty(info.next_cursor.as_ref())) {
        (Some(false), _) => Ok(None),
        (Some(true), None) => Err(PaginationError::TruncatedWithoutMarker { page }),
        (Some(true) | None, marker) => Ok(marker),
    }
}

/// `past-total`, with the full-page rule. `size` is the page size in force.
fn next_page(page: u64, first_page: u64, size: u64, info: &PageInfo) -> Option<u64> {
    let items = info.items as u64;
    if items == 0 || items < size {
        return None;
    }
    if let Some(total) = info.total {
        // Pages up to and including this one, counted from the first page.
        let pages = page.saturating_sub(first_page).saturating_add(1);
        let past_total = pages.saturating_mul(size) >= total;
        // The page is full here: if `total` is its length, `total` may be a
        // per-page count, and stopping could drop the remaining pages.
        let ambiguous = total == items;
        if past_total && !ambiguous {
            return None;
        }
    }
    page.checked_add(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(
        items: usize,
        next: Option<&str>,
        truncated: Option<bool>,
        total: Option<u64>,
    ) -> PageInfo {
        PageInfo {
            items,
            next_cursor: next.map(str::to_string),
            truncated,
            total,
        }
    }

    #[test]
    fn token_absent_or_empty_stops() {
        assert_eq!(next_token(&info(5, None, None, None)), None);
        assert_eq!(next_token(&info(5, Some(""), None, None)), None);
        assert_eq!(
            next_token(&info(0, Some("t"), None, None)),
            Some("t".into())
        );
    }

    #[test]
    fn marker_rules() {
        let next = |truncated, marker| next_marker(&info(1, marker, truncated, None), 4);
        assert_eq!(next(Some(false), Some("m")).ok(), Some(None));
        assert_eq!(next(Some(true), Some("m")).ok(), Some(Some("m".into())));
        assert!(matches!(
            next(Some(true), Some("")),
            Err(PaginationError::TruncatedWithoutMarker { page: 4 })
        ));
        assert!(matches!(
            next(Some(true), None),
            Err(PaginationError::TruncatedWithoutMarker { page: 4 })
        ));
        assert_eq!(next(None, Some("m")).ok(), Some(Some("m".into())));
        assert_eq!(next(None, Some("")).ok(), Some(None));
        assert_eq!(next(None, None).ok(), Some(None));
    }

    #[test]
    fn page_number_rules() {
        let next = |page, items, total| next_page(page, 1, 10, &info(items, None, None, total));
        assert_eq!(next(1, 0, None), None, "empty");
        assert_eq!(next(1, 9, None), None, "short");
        assert_eq!(next(1, 10, None), Some(2), "full, no total");
        assert_eq!(next(2, 10, Some(25)), Some(3), "20 < 25");
        assert_eq!(next(3, 10, Some(25)), None, "30 >= 25");
        assert_eq!(next(2, 10, Some(20)), None, "20 >= 20");
        assert_eq!(next(2, 10, Some(10)), Some(3), "full page, total == items");
        assert_eq!(next(1, 10, Some(10)), Some(2), "full page, total == items");
        assert_eq!(
            next(u64::MAX, 10, None),
            None,
            "no page after the last number"
        );
        // Counting starts at the first page.
        assert_eq!(
            next_page(0, 0, 10, &info(10, None, None, Some(15))),
            Some(1)
        );
        assert_eq!(next_page(1, 0, 10, &info(10, None, None, Some(15))), None);
    }

    #[test]
    fn repeated_cursor_is_an_error_even_if_not_the_last() {
        let mut plan = Plan::new(Style::NextToken, Position::Cursor(None), None, None);
        assert!(plan.advance(&info(1, Some("A"), None, None)).unwrap());
        assert!(plan.advance(&info(1, Some("B"), None, None)).unwrap());
        let err = plan.advance(&info(1, Some("A"), None, None)).unwrap_err();
        assert!(matches!(err, PaginationError::Repeated { ref cursor, page: 3 } if cursor == "A"));
    }

    #[test]
    fn resumed_cursor_counts_as_requested() {
        let start = Position::Cursor(Some("A".into()));
        let mut plan = Plan::new(Style::Marker, start, None, None);
        assert!(plan.advance(&info(1, Some("A"), Some(true), None)).is_err());
    }

    #[test]
    fn page_size_in_force_defaults_to_first_page_length() {
        let style = Style::PageNumber { first_page: 1 };
        let mut plan = Plan::new(style, Position::Page(1), None, None);
        assert!(plan.advance(&info(20, None, None, None)).unwrap());
        assert_eq!(plan.position(), &Position::Page(2));
        assert!(!plan.advance(&info(19, None, None, None)).unwrap());
    }

    #[test]
    fn max_pages_ends_normally_whatever_the_page_says() {
        let mut plan = Plan::new(Style::Marker, Position::Cursor(None), None, Some(1));
        assert!(!plan.advance(&info(1, None, Some(true), None)).unwrap());
        assert!(plan.exhausted());
        assert_eq!(plan.next(), None, "no marker to continue from");
    }

    #[test]
    fn max_pages_keeps_the_next_position() {
        let mut plan = Plan::new(Style::NextToken, Position::Cursor(None), None, Some(2));
        assert_eq!(plan.next(), Some(&Position::Cursor(None)));
        assert!(plan.advance(&info(1, Some("A"), None, None)).unwrap());
        assert!(!plan.advance(&info(1, Some("B"), None, None)).unwrap());
        assert_eq!(plan.next(), Some(&Position::Cursor(Some("B".into()))));

        let numbered = Style::PageNumber { first_page: 1 };
        let mut plan = Plan::new(numbered, Position::Page(1), Some(10), Some(1));
        assert!(!plan.advance(&info(10, None, None, Some(25))).unwrap());
        assert_eq!(plan.next(), Some(&Position::Page(2)));
    }

    #[test]
    fn the_last_page_leaves_no_next_position() {
        let mut plan = Plan::new(Style::NextToken, Position::Cursor(None), None, Some(1));
        assert!(!plan.advance(&info(1, Some(""), None, None)).unwrap());
        assert_eq!(plan.next(), None);
        let mut plan = Plan::new(Style::NextToken, Position::Cursor(None), None, None);
        assert!(plan.advance(&info(1, Some("A"), None, None)).unwrap());
        assert!(plan.advance(&info(1, Some("A"), None, None)).is_err());
        assert_eq!(
            plan.next(),
            None,
            "a looping server leaves nothing to trust"
        );
    }

    #[test]
    fn start_must_fit_the_style() {
        let numbered = Style::PageNumber { first_page: 1 };
        assert!(check_start(numbered, &Position::Page(0)).is_err());
        assert!(check_start(numbered, &Position::Cursor(None)).is_err());
        assert!(check_start(Style::NextToken, &Position::Page(1)).is_err());
        assert!(check_start(numbered, &Position::Page(3)).is_ok());
        assert!(check_start(Style::Marker, &Position::Cursor(Some("m".into()))).is_ok());
    }
}
