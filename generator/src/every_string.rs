//! Test inputs: every string up to a length over a few characters, for
//! tests that compare a fast path with the slow one on all short inputs.

/// Every string of at most `max_len` characters of `alphabet`, shortest
/// first, the empty string included.
pub(crate) fn every_string(alphabet: &[char], max_len: usize) -> Vec<String> {
    let mut all = vec![String::new()];
    let mut last = vec![String::new()];
    for _ in 0..max_len {
        last = last
            .iter()
            .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
            .collect();
        all.extend(last.iter().cloned());
    }
    all
}
