//! Catching a dependency's panic on untrusted input without its message.
//!
//! openapiv3 and jsonschema panic on a few inputs (an `expect` in
//! `ReferenceOr`, schemas jsonschema does not expect). taskgen catches those
//! panics and reports a located error, but the default panic hook would
//! still print `thread 'main' panicked at ...` on stderr, which reads as a
//! crash of taskgen. The hook installed here stays silent for a panic inside
//! [`catch`] on the same thread and hands every other panic (taskgen's own
//! bugs, the user's code in a build script) to the hook that was there
//! before.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static CATCHING: Cell<bool> = const { Cell::new(false) };
}

/// `f()`, or `None` if it panicked; the panic prints nothing. Use it only
/// around code that reads untrusted input and leaves no state of ours
/// half-changed when it unwinds.
pub(crate) fn catch<R>(f: impl FnOnce() -> R) -> Option<R> {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !CATCHING.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let outer = CATCHING.with(|catching| catching.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    CATCHING.with(|catching| catching.set(outer));
    result.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_none_and_a_value_passes_through() {
        assert_eq!(catch(|| 7), Some(7));
        assert_eq!(catch(|| -> u8 { panic!("a dependency's expect") }), None);
        // Nested: the inner catch restores the outer state, not `false`.
        assert_eq!(
            catch(|| catch(|| -> u8 { panic!("inner") }).is_none()),
            Some(true)
        );
    }

    /// Run again as a child process, whose stderr (with `--nocapture`) shows
    /// what the hook printed.
    #[test]
    fn a_caught_panic_prints_nothing() {
        if std::env::var_os("TASKGEN_QUIET_PANIC_CHILD").is_some() {
            assert_eq!(
                catch(|| -> u8 { panic!("message that must not leak") }),
                None
            );
            return;
        }
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "quiet_panic::tests::a_caught_panic_prints_nothing",
            ])
            .args(["--nocapture", "--test-threads=1"])
            .env("TASKGEN_QUIET_PANIC_CHILD", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert!(!stderr.contains("must not leak"), "{stderr}");
    }
}
