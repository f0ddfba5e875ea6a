//! Printing on every core. Formatting is most of generation, and one
//! module (`operations` of a spec with thousands of operations) can be most
//! of the output: a thread per module left one core formatting alone for
//! most of the run. So every module's pieces are cut into small chunks that
//! any thread takes as it comes free, and each module's text is its head
//! and its chunks joined in order ([`Printer::append`]), the text one
//! printer would have made.
//!
//! Tokens are not `Send`: a piece moves to its thread as the closure that
//! makes them, and only printed text comes back.

use std::collections::BTreeMap;
use std::sync::Mutex;

use super::layout::Printer;
use super::{print_pieces, Piece, HEADER};

/// Pieces per chunk: small enough that the last chunks to finish are short,
/// large enough that taking one costs nothing beside printing it.
const CHUNK: usize = 16;

/// A text to print: its head (inner docs, imports) printed already, then
/// pieces, each made `up` modules below the spec's module.
pub(super) struct Unprinted<'a> {
    pub(super) head: Printer,
    pub(super) pieces: Vec<Piece<'a>>,
    pub(super) up: usize,
}

/// The texts of `documents`, in their order, printed on as many threads as
/// the machine has cores.
pub(super) fn print(documents: Vec<Unprinted<'_>>) -> Vec<String> {
    let mut heads = Vec::with_capacity(documents.len());
    let mut left = Vec::with_capacity(documents.len());
    let mut jobs = Vec::new();
    for (document, Unprinted { head, pieces, up }) in documents.into_iter().enumerate() {
        let depth = head.depth();
        heads.push(head);
        left.push(pieces.len().div_ceil(CHUNK));
        let mut pieces = pieces.into_iter().peekable();
        while pieces.peek().is_some() {
            let chunk: Vec<_> = pieces.by_ref().take(CHUNK).collect();
            jobs.push((document, depth, up, chunk));
        }
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len())
        .max(1);
    let queue = Mutex::new(jobs.into_iter().enumerate());
    let joined = Mutex::new(Joined {
        texts: heads,
        left,
        next: 0,
        waiting: BTreeMap::new(),
    });
    let work = || {
        // Each lock is held only to take a job or to join text; a panic
        // elsewhere poisons nothing that matters, it goes on in the caller.
        // Not `while let` on the lock: its guard would live through the
        // body, and the threads would print one at a time.
        loop {
            let Some((index, (document, depth, up, chunk))) = lock(&queue).next() else {
                break;
            };
            let mut printer = Printer::new(depth);
            print_pieces(
                &mut printer,
                chunk.into_iter().map(|piece| (piece.make)(up)),
            );
            lock(&joined).add(index, document, printer);
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
    joined.texts.into_iter().map(Printer::finish).collect()
}

/// The texts being joined: each chunk is appended to its text as soon as
/// every chunk before it is, and let go of. Joined only at the end, every
/// chunk's text and the texts they make were alive together when memory
/// peaks, at the end of the run: twice the output.
struct Joined {
    texts: Vec<Printer>,
    /// How many chunks of each text are not appended yet.
    left: Vec<usize>,
    /// The index of the next chunk to append.
    next: usize,
    /// Chunks printed while one before them is not yet, by index.
    waiting: BTreeMap<usize, (usize, Printer)>,
}

impl Joined {
    /// Adds chunk `index` of text `document`, appending what it lets be.
    fn add(&mut self, index: usize, document: usize, printer: Printer) {
        self.waiting.insert(index, (document, printer));
        while let Some((document, printer)) = self.waiting.remove(&self.next) {
            let text = &mut self.texts[document];
            // Room for the chunks left if they are as long as this one,
            // and for the header line `module` puts first.
            text.make_room(&printer, self.left[document], HEADER.len() + 1);
            self.left[document] -= 1;
            text.append(printer);
            self.next += 1;
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

    use super::{print, Joined, Unprinted, CHUNK};
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
        print_pieces(&mut one, (0..count).map(|i| (piece(i).make)(1)));
        let mut head = Printer::new(1);
        print_pieces(
            &mut head,
            [quote!(
                use std::fmt;
            )],
        );
        let texts = print(vec![
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
        ]);
        assert_eq!(texts, [one.finish(), String::new()]);
        // A run crosses the first chunk boundary (16), and the next ones
        // start a paragraph: a join that always (or never) put a blank line
        // between chunks would fail.
        assert!(texts[0].contains("Item15;\n    use std::collections::Item16;"));
        assert!(texts[0].contains("Item31;\n\n    use super::Item32;"));
    }

    /// Chunks finishing out of order join in order, each appended as soon
    /// as those before it are, not at the end.
    #[test]
    fn chunks_join_in_order_as_soon_as_they_can() {
        let printed = |text: &str| {
            let mut printer = Printer::new(0);
            printer.text(text);
            printer
        };
        let mut joined = Joined {
            texts: vec![Printer::new(0), Printer::new(0)],
            left: vec![2, 2],
            next: 0,
            waiting: Default::default(),
        };
        joined.add(1, 0, printed("b\n"));
        joined.add(2, 1, printed("c\n"));
        assert_eq!(joined.waiting.len(), 2, "nothing joins before chunk 0");
        joined.add(0, 0, printed("a\n"));
        assert!(joined.waiting.is_empty(), "0, 1 and 2 join at once");
        joined.add(3, 1, printed("d\n"));
        assert!(joined.waiting.is_empty());
        let texts: Vec<_> = joined.texts.into_iter().map(Printer::finish).collect();
        assert_eq!(texts, ["a\n\nb\n", "c\n\nd\n"]);
    }
}
