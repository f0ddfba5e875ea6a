//! Printing on every core. Formatting is most of generation, and one
//! module (`operations` of a spec with thousands of operations) can be most
//! of the output: a thread per module left one core formatting alone for
//! most of the run. So every module's pieces are cut into small chunks that
//! any thread takes as it comes free, and each module's text is its head
//! and its chunks joined in order ([`Printer::append`]), the text one
//! printer would have made. The joined text goes on to its [`Sink`] as it
//! grows, so a packed file's text is never whole in memory.
//!
//! Tokens are not `Send`: a piece moves to its thread as the closure that
//! makes them, and only printed text comes back.

use std::collections::BTreeMap;
use std::sync::Mutex;

use super::layout::Printer;
use super::Piece;
use crate::fileset::Packed;

/// Pieces per chunk: small enough that the last chunks to finish are short,
/// large enough that taking one costs nothing beside printing it.
const CHUNK: usize = 16;

/// How much joined text waits before it goes on to its sink: a block as
/// large as packs well.
const FLUSH: usize = Packed::BLOCK;

/// Where a printed text goes, in order, as it is joined.
pub(super) trait Sink: Send {
    fn push(&mut self, text: &str);
}

impl Sink for String {
    fn push(&mut self, text: &str) {
        self.push_str(text);
    }
}

impl Sink for Packed {
    fn push(&mut self, text: &str) {
        Packed::push(self, text);
    }
}

/// A text to print: its head (inner docs, imports) printed already, then
/// pieces, each made `up` modules below the spec's module.
pub(super) struct Unprinted<'a> {
    pub(super) head: Printer,
    pub(super) pieces: Vec<Piece<'a>>,
    pub(super) up: usize,
}

/// The texts of `documents`, in their order, printed on as many threads as
/// the machine has cores, each into a sink that `start` makes (which may
/// hold a first line, and may pack the text as it comes).
pub(super) fn print<S: Sink>(documents: Vec<Unprinted<'_>>, start: impl Fn() -> S) -> Vec<S> {
    let mut heads = Vec::with_capacity(documents.len());
    let mut left = Vec::with_capacity(documents.len());
    let mut jobs = Vec::new();
    for (document, Unprinted { head, pieces, up }) in documents.into_iter().enumerate() {
        let depth = head.depth();
        heads.push(head);
        left.push(pieces.len().div_ceil(CHUNK));
        let mut pieces = pieces.into_iter().peekable();
        for number in 0.. {
            if pieces.peek().is_none() {
                break;
            }
            let chunk: Vec<_> = pieces.by_ref().take(CHUNK).collect();
            jobs.push((document, number, depth, up, chunk));
        }
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len())
        .max(1);
    let queue = Mutex::new(jobs.into_iter());
    let mut sinks: Vec<_> = heads.iter().map(|_| start()).collect();
    // Documents without pieces are whole already.
    for (document, head) in heads.iter_mut().enumerate() {
        if left[document] == 0 {
            head.flush(|text| sinks[document].push(text));
        }
    }
    let joined = Mutex::new(Joined {
        next: vec![0; heads.len()],
        texts: heads,
        left,
        waiting: BTreeMap::new(),
        sinks,
    });
    let work = || {
        // Each lock is held only to take a job or to join text; a panic
        // elsewhere poisons nothing that matters, it goes on in the caller.
        // Not `while let` on the lock: its guard would live through the
        // body, and the threads would print one at a time.
        loop {
            let Some((document, number, depth, up, chunk)) = lock(&queue).next() else {
                break;
            };
            let mut printer = Printer::new(depth);
            for piece in chunk {
                piece.print(up, &mut printer);
            }
            lock(&joined).add(document, number, printer);
        }
    };
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        work();
        for helper in helpers {
            if let Err(panic) = helper.join() {
                std::panic::resume_unwind(panic);
            }
        }
    });
    let joined = joined
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    debug_assert!(joined.waiting.is_empty());
    joined.sinks
}

/// The texts being joined: each chunk is appended to its text as soon as
/// every chunk before it in that text is, and let go of, and the text goes
/// on to its sink every [`FLUSH`] bytes. Joined only at the end, every
/// chunk's text and the texts they make were alive together when memory
/// peaks, at the end of the run: twice the output. In one order across
/// texts, a slow chunk (a client of a thousand methods, in one piece) held
/// back those of every text after it.
struct Joined<S> {
    /// The end of each text, not yet in its sink.
    texts: Vec<Printer>,
    /// How many chunks of each text are not appended yet.
    left: Vec<usize>,
    /// The number of each text's next chunk to append.
    next: Vec<usize>,
    /// Chunks printed while one before them is not yet, by text and number.
    waiting: BTreeMap<(usize, usize), Printer>,
    sinks: Vec<S>,
}

impl<S: Sink> Joined<S> {
    /// Adds chunk `number` of text `document`, appending what it lets be,
    /// and passes the text on to its sink once it is [`FLUSH`] bytes long
    /// or whole.
    fn add(&mut self, document: usize, number: usize, printer: Printer) {
        self.waiting.insert((document, number), printer);
        let text = &mut self.texts[document];
        while let Some(printer) = self.waiting.remove(&(document, self.next[document])) {
            self.left[document] -= 1;
            text.append(printer);
            self.next[document] += 1;
        }
        // Passed on under the lock: a block packs in a fraction of a
        // millisecond, and the sink takes the blocks in order.
        let whole = self.left[document] == 0;
        if whole || text.pending() >= FLUSH {
            text.flush(|text| self.sinks[document].push(text));
        }
        if whole {
            // Its buffer let go of.
            *text = Printer::new(0);
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use quote::{format_ident, quote};

    use super::{print, Joined, Sink, Unprinted, CHUNK, FLUSH};
    use crate::emit::layout::Printer;
    use crate::emit::{print_pieces, Piece};

    /// Pieces that print as runs of `use` lines (no blank line between
    /// them) and items (a blank line before each), crossing chunks.
    fn piece(index: usize) -> Piece<'static> {
        Piece::new("piece", move |_| {
            let name = format_ident!("Item{index}");
            match index % 5 {
                0 | 1 => quote!(use std::collections::#name;),
                2 => quote!(use super::#name;),
                _ => quote!(pub struct #name;),
            }
        })
    }

    #[test]
    fn chunks_printed_apart_join_as_one_printer_prints_them() {
        let count = CHUNK * 3 + 7;
        let mut one = Printer::new(1);
        print_pieces(
            &mut one,
            [quote!(
                use std::fmt;
            )],
        );
        for i in 0..count {
            piece(i).print(1, &mut one);
        }
        let mut head = Printer::new(1);
        print_pieces(
            &mut head,
            [quote!(
                use std::fmt;
            )],
        );
        let texts = print(
            vec![
                Unprinted {
                    head,
                    pieces: (0..count).map(piece).collect(),
                    up: 1,
                },
                Unprinted {
                    head: Printer::new(0),
                    pieces: Vec::new(),
                    up: 1,
                },
            ],
            String::new,
        );
        assert_eq!(texts, [one.finish(), String::new()]);
        // A run crosses the first chunk boundary (16), and the next ones
        // start a paragraph: a join that always (or never) put a blank line
        // between chunks would fail.
        assert!(texts[0].contains("Item15;\n    use std::collections::Item16;"));
        assert!(texts[0].contains("Item31;\n\n    use super::Item32;"));
    }

    fn printed(text: &str) -> Printer {
        let mut printer = Printer::new(0);
        printer.text(text);
        printer
    }

    /// Chunks finishing out of order join in order, each appended as soon
    /// as those before it in its text are, not at the end, and not after
    /// those of another text; a text reaches its sink once whole.
    #[test]
    fn chunks_join_in_order_as_soon_as_they_can() {
        let mut joined = Joined {
            texts: vec![Printer::new(0), Printer::new(0)],
            left: vec![2, 2],
            next: vec![0, 0],
            waiting: Default::default(),
            sinks: vec![String::new(), String::new()],
        };
        joined.add(0, 1, printed("b\n"));
        assert_eq!(joined.waiting.len(), 1, "nothing joins before chunk 0");
        joined.add(1, 0, printed("c\n"));
        assert!(joined.waiting.len() == 1, "text 1 does not wait for text 0");
        assert_eq!(
            joined.texts[1].pending(),
            2,
            "a short text waits for its end"
        );
        assert_eq!(joined.sinks, ["", ""]);
        joined.add(1, 1, printed("d\n"));
        assert_eq!(joined.sinks, ["", "c\n\nd\n"]);
        joined.add(0, 0, printed("a\n"));
        assert_eq!(joined.sinks, ["a\n\nb\n", "c\n\nd\n"]);
        assert!(joined.waiting.is_empty());
    }

    /// A long text goes on to its sink in blocks as it is joined, each of
    /// `FLUSH` bytes or more, not whole at its end: a packed file's text is
    /// never whole in memory.
    #[test]
    fn a_long_text_reaches_its_sink_in_blocks_as_it_is_joined() {
        struct Blocks(Vec<String>);
        impl Sink for Blocks {
            fn push(&mut self, text: &str) {
                self.0.push(text.to_string());
            }
        }
        let chunk = "x".repeat(FLUSH / 2 + 1) + "\n";
        let mut joined = Joined {
            texts: vec![Printer::new(0)],
            left: vec![5],
            next: vec![0],
            waiting: Default::default(),
            sinks: vec![Blocks(Vec::new())],
        };
        for number in 0..5 {
            joined.add(0, number, printed(&chunk));
        }
        let blocks = &joined.sinks[0].0;
        assert_eq!(blocks.len(), 3, "two blocks of two chunks, then the last");
        assert!(blocks[..2].iter().all(|block| block.len() >= FLUSH));
        assert_eq!(blocks.concat(), [chunk.as_str(); 5].join("\n"));
        assert_eq!(joined.texts[0].pending(), 0);
    }
}
