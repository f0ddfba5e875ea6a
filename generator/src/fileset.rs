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
///
/// A file is packed in blocks, as it is printed ([`Packed::push`]), so that
/// its whole text never waits in memory, nor a buffer as large for packing
/// it: a module of a few megabytes, and the buffer, were the peak.
#[derive(Debug, Clone, Default)]
pub(crate) struct Packed(Vec<Box<[u8]>>);

impl Packed {
    /// The size of a block that packs about as well as the whole text
    /// would: LZ4 looks back 64 KB at most.
    pub const BLOCK: usize = 64 * 1024;

    /// `text` packed in blocks of [`Packed::BLOCK`] bytes (or a few more,
    /// to end on a character), never through a buffer as large as it.
    pub fn new(text: &str) -> Self {
        let mut packed = Packed::default();
        let mut rest = text;
        while !rest.is_empty() {
            let mut end = Self::BLOCK.min(rest.len());
            while !rest.is_char_boundary(end) {
                end += 1;
            }
            let (block, after) = rest.split_at(end);
            packed.push(block);
            rest = after;
        }
        packed
    }

    /// Packs `text` as the file's next block.
    pub fn push(&mut self, text: &str) {
        if !text.is_empty() {
            // Made as large as the text, in case it does not compress:
            // boxed, it is cut to its size.
            let block = lz4_flex::compress_prepend_size(text.as_bytes());
            self.0.push(block.into_boxed_slice());
        }
    }

    /// The text packed.
    pub fn text(&self) -> String {
        let size = self.blocks().map(|(size, _)| size).sum();
        let mut bytes = Vec::with_capacity(size);
        self.write_to(&mut bytes).expect("a `Vec` takes every byte");
        // Packed by `push` from `str`s: the blocks join into one.
        String::from_utf8(bytes).expect("packed from `str`s")
    }

    /// Writes the text packed to `out`, a block at a time: unpacked whole,
    /// the largest file was the peak of writing the output.
    pub fn write_to(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        let mut buffer = Vec::new();
        for (size, packed) in self.blocks() {
            buffer.resize(size, 0);
            lz4_flex::decompress_into(packed, &mut buffer).expect("packed by `push`");
            out.write_all(&buffer)?;
        }
        Ok(())
    }

    /// Each block's size unpacked, and its packed bytes.
    fn blocks(&self) -> impl Iterator<Item = (usize, &[u8])> {
        self.0.iter().map(|block| {
            // Made by `push`: it starts with its size.
            lz4_flex::block::uncompressed_size(block).expect("packed by `push`")
        })
    }
}

/// Equal when the texts are: how a text was cut into blocks is no part of
/// it.
impl PartialEq for Packed {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0 || self.text() == other.text()
    }
}

impl Eq for Packed {}

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

    /// Every file with its contents packed, sorted by path.
    pub(crate) fn packed(&self) -> impl Iterator<Item = (&Path, &Packed)> {
        self.files.iter().map(|(p, c)| (p.as_path(), c))
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

#[cfg(test)]
mod tests {
    use super::Packed;

    #[test]
    fn a_text_packed_in_blocks_unpacks_whole_and_equals_it_packed_at_once() {
        let text = "fn ä() {}\n".repeat(10_000);
        let mut blocks = Packed::default();
        for part in [&text[..7], "", &text[7..70_000], &text[70_000..]] {
            blocks.push(part);
        }
        assert_eq!(blocks.0.len(), 3, "an empty text adds no block");
        assert_eq!(blocks.text(), text);
        let whole = Packed::new(&text);
        assert_eq!(whole.0.len(), text.len().div_ceil(Packed::BLOCK));
        assert_eq!(blocks, whole);
        // A block ends on a character, past the size if it must.
        let text = "x".repeat(Packed::BLOCK - 1) + "äy";
        assert_eq!(Packed::new(&text).text(), text);
        assert_ne!(blocks, Packed::new(&text[1..]));
        assert_eq!(Packed::default().text(), "");
    }
}
