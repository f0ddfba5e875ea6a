//! The output of a run: file contents keyed by path relative to the output
//! folder, kept sorted so runs are deterministic.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Files to write, by path relative to the output folder (the generated
/// crate's root for [`crate::generate`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileSet {
    files: BTreeMap<PathBuf, String>,
}

impl FileSet {
    /// No files.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds or replaces a file; `path` is relative to the output folder.
    pub fn insert(&mut self, path: impl Into<PathBuf>, contents: impl Into<String>) {
        self.files.insert(path.into(), contents.into());
    }

    /// Adds every file of `other` under the folder `prefix`.
    pub fn extend_under(&mut self, prefix: &Path, other: FileSet) {
        for (path, contents) in other.files {
            self.files.insert(prefix.join(path), contents);
        }
    }

    /// The contents of the file at `path`, if there is one.
    pub fn get(&self, path: impl AsRef<Path>) -> Option<&str> {
        self.files.get(path.as_ref()).map(String::as_str)
    }

    /// Every file with its contents, sorted by path.
    pub fn iter(&self) -> impl Iterator<Item = (&Path, &str)> {
        self.files.iter().map(|(p, c)| (p.as_path(), c.as_str()))
    }

    /// The number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there are no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}
