//! A Markdown page per API for reviewers (`taskgen review`).
