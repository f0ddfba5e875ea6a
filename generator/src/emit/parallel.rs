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
use super::{Piece, HEADER};

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
/// the machine has cores, each given to `finish` as soon as it is whole
/// (which may pack it, so that finished texts do not wait whole).
pub(super) fn print<T: Send>(
    documents: Vec<Unprinted<'_>>,
    finish: impl Fn(String) -> T + Sync,
) -> Vec<T> {
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
    let mut finished: Vec<Option<T>> = std::iter::repeat_with(|| None).take(heads.len()).collect();
    // Documents without pieces are whole already.
    for (document, head) in heads.iter_mut().enumerate() {
        if left[document] == 0 {
            finished[document] = Some(finish(std::mem::replace(head, Printer::new(0)).finish()));
        }
    }
    let joined = Mutex::new(Joined {
        next: vec![0; heads.len()],
        texts: heads,
        left,
        waiting: BTreeMap::new(),
        finished,
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
            // Finished outside the lock: packing a text takes a while.
            let whole = lock(&joined).add(document, number, printer);
            if let Some(text) = whole {
                let text = finish(text);
                lock(&joined).finished[document] = Some(text);
            }
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
    let finished = joined.finished.into_iter().flatten();
    finished.collect()
}

/// The texts being joined: each chunk is appended to its text as soon as
/// every chunk before it in that text is, and let go of. Joined only at
/// the end, every chunk's text and the texts they make were alive together
/// when memory peaks, at the end of the run: twice the output. In one
/// order across texts, a slow chunk (a client of a thousand methods, in one
/// piece) held back those of every text after it.
struct Joined<T> {
    texts: Vec<Printer>,
    /// How many chunks of each text are not appended yet.
    left: Vec<usize>,
    /// The number of each text's next chunk to append.
    next: Vec<usize>,
    /// Chunks printed while one before them is not yet, by text and number.
    waiting: BTreeMap<(usize, usize), Printer>,
    /// Each text finished, once whole.
    finished: Vec<Option<T>>,
}

impl<T> Joined<T> {
    /// Adds chunk `number` of text `document`, appending what it lets be;
    /// the text, if that makes it whole, is taken out.
    fn add(&mut self, document: usize, number: usize, printer: Printer) -> Option<String> {
        self.waiting.insert((document, number), printer);
        let text = &mut self.texts[document];
        while let Some(printer) = self.waiting.remove(&(document, self.next[document])) {
            // Room for the chunks left if they are as long as this one,
            // and for the header line `module` puts first.
            text.make_room(&printer, self.left[document], HEADER.len() + 1);
            self.left[document] -= 1;
            text.append(printer);
            self.next[document] += 1;
        }
        (self.left[document] == 0).then(|| std::mem::replace(text, Printer::new(0)).finish())
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
            |text| text,
        );
        assert_eq!(texts, [one.finish(), String::new()]);
        // A run crosses the first chunk boundary (16), and the next ones
        // start a paragraph: a join that always (or never) put a blank line
        // between chunks would fail.
        assert!(texts[0].contains("Item15;\n    use std::collections::Item16;"));
        assert!(texts[0].contains("Item31;\n\n    use super::Item32;"));
    }

    /// Chunks finishing out of order join in order, each appended as soon
    /// as those before it in its text are, not at the end, and not after
    /// those of another text.
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
            next: vec![0, 0],
            waiting: Default::default(),
            finished: vec![None::<()>, None],
        };
        assert_eq!(joined.add(0, 1, printed("b\n")), None);
        assert_eq!(joined.waiting.len(), 1, "nothing joins before chunk 0");
        assert_eq!(joined.add(1, 0, printed("c\n")), None);
        assert!(joined.waiting.len() == 1, "text 1 does not wait for text 0");
        assert_eq!(
            joined.add(1, 1, printed("d\n")).as_deref(),
            Some("c\n\nd\n")
        );
        assert_eq!(
            joined.add(0, 0, printed("a\n")).as_deref(),
            Some("a\n\nb\n")
        );
        assert!(joined.waiting.is_empty());
    }
}
