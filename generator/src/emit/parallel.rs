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
    let mut jobs = Vec::new();
    for (document, Unprinted { head, pieces, up }) in documents.into_iter().enumerate() {
        let depth = head.depth();
        heads.push(head);
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
    let work = || {
        let mut done = Vec::new();
        // The lock is held only to take a job; a panic elsewhere poisons
        // nothing that matters, it goes on in the caller.
        while let Some((index, (document, depth, up, chunk))) = next(&queue) {
            let mut printer = Printer::new(depth);
            print_pieces(
                &mut printer,
                chunk.into_iter().map(|piece| (piece.make)(up)),
            );
            done.push((index, document, printer));
        }
        done
    };
    let mut printed = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut printed = work();
        for helper in helpers {
            printed.extend(
                helper
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        printed
    });
    printed.sort_unstable_by_key(|(index, _, _)| *index);
    // Each text grows once, to its size (a blank line at most before each
    // chunk) and the header line `module` puts first: grown by doubling,
    // the largest would hold its old and new buffers at once, beside the
    // chunks not yet joined, at the end of the run, when memory peaks.
    let mut sizes = vec![HEADER.len() + 1; heads.len()];
    for (_, document, printer) in &printed {
        sizes[*document] += printer.text_len() + 1;
    }
    for (head, size) in heads.iter_mut().zip(sizes) {
        head.reserve(size);
    }
    for (_, document, printer) in printed {
        heads[document].append(printer);
    }
    heads.into_iter().map(Printer::finish).collect()
}

fn next<T: Iterator>(queue: &Mutex<T>) -> Option<T::Item> {
    queue
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .next()
}

#[cfg(test)]
mod tests {
    use quote::{format_ident, quote};

    use super::{print, Unprinted, CHUNK};
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
}
