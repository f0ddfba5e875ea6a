//! A Markdown page per API for reviewers (`taskgen review`): what each
//! operation sends and returns, with the Rust names and calls the generated
//! client offers, so a reviewer reads this instead of the YAML.
//!
//! Everything comes from the IR, where every naming and typing decision
//! already lives; spec text is escaped (`markdown`), diagrams hold only
//! Rust identifiers and are bounded per operation (`mermaid`). The output
//! depends on nothing but the spec, so it can be checked in and diffed.

pub(crate) mod markdown;
pub(crate) mod mermaid;
mod page;
pub(crate) mod rust;
#[cfg(test)]
mod tests;

use std::path::PathBuf;

use crate::error::Result;
use crate::ir::Api;

/// The review page of one API.
pub(crate) fn page(api: &Api) -> String {
    page::Page::new(api).render()
}

/// The pages of several specs, in order, separated by a rule, each as the
/// `overlays` (Overlay 1.0 files, applied in order) leave it: the API that
/// `generate` with the same overlays turns into code. Every spec is read
/// even if an earlier one fails, so all errors are reported at once.
pub fn review(specs: &[PathBuf], overlays: &[PathBuf]) -> Result<String> {
    let apis = crate::lower_all(specs, overlays)?;
    let pages: Vec<String> = apis.iter().map(page).collect();
    Ok(pages.join("\n---\n\n"))
}
