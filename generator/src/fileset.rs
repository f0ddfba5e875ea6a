//! The output of a run: file contents keyed by path relative to the output
//! folder, kept sorted so runs are deterministic.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Files to write, by path relative to the output folder (the generated
/// crate's root for [`crate::generate`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileSet {
    files: BTreeMap<PathBuf, Packed>,
}

/// A file's contents, compressed: the output of the largest specs is many
/// times the spec, and all of it, held until written, was most of the peak
/// of memory. Generated Rust compresses about fivefold with LZ4, at a few
/// milliseconds per megabyte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Packed(Vec<u8>);

impl Packed {
    pub fn new(text: &str) -> Self {
        let mut bytes = lz4_flex::compress_prepend_size(text.as_bytes());
        // Made as large as the text, in case it does not compress.
        bytes.shrink_to_fit();
        Packed(bytes)
    }

    /// The text packed.
    pub fn text(&self) -> String {
        // Made above from a `str`: it unpacks to one.
        let bytes = lz4_flex::decompress_size_prepended(&self.0).expect("packed by `new`");
        String::from_utf8(bytes).expect("packed from a `str`")
    }
}

impl FileSet {
    /// No files.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds or replaces a file; `path` is relative to the output folder.
    pub fn insert(&mut self, path: impl Into<PathBuf>, contents: impl AsRef<str>) {
        self.insert_packed(path, Packed::new(contents.as_ref()));
    }

    /// Adds or replaces a file, packed already.
    pub(crate) fn insert_packed(&mut self, path: impl Into<PathBuf>, contents: Packed) {
        self.files.insert(path.into(), contents);
    }

    /// Adds every file of `other` under the folder `prefix`.
    pub fn extend_under(&mut self, prefix: &Path, other: FileSet) {
        for (path, contents) in other.files {
            self.files.insert(prefix.join(path), contents);
        }
    }

    /// The contents of the file at `path`, if there is one.
    pub fn get(&self, path: impl AsRef<Path>) -> Option<String> {
        self.files.get(path.as_ref()).map(Packed::text)
    }

    /// Every file's path, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.files.keys().map(PathBuf::as_path)
    }

    /// Every file with its contents, sorted by path, each unpacked as the
    /// iterator reaches it.
    pub fn iter(&self) -> impl Iterator<Item = (&Path, String)> {
        self.files.iter().map(|(p, c)| (p.as_path(), c.text()))
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
