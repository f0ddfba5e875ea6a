//! Where a YAML alias bomb goes off. `serde_yaml` refuses a document whose
//! aliases, each replaying its anchor's content (aliases included), are
//! followed more than 100 times per event of the document, but says
//! neither where nor which alias: this pass, run only after that refusal,
//! counts the same way over the `yaml-rust2` events and finds the alias at
//! which the count passes the limit.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser};

use super::positions::Position;

/// `serde_yaml`'s limit: aliases followed per event of the document.
const JUMPS_PER_EVENT: u64 = 100;

/// The position of the alias at which following aliases passes
/// `serde_yaml`'s repetition limit, or, when the count here stays under it
/// (a text `yaml-rust2` reads differently), of the alias that expands most.
pub(super) fn bomb_position(text: &str) -> Option<Position> {
    let mut parser = Parser::new_from_str(text);
    // Per anchor, the aliases followed when its content is replayed.
    let mut inside: HashMap<usize, u64> = HashMap::new();
    // Open collections: their anchor and the aliases followed in them.
    let mut open: Vec<(usize, u64)> = Vec::new();
    // Every alias: where it is and how many aliases it follows, itself included.
    let mut aliases: Vec<(Position, u64)> = Vec::new();
    let mut events: u64 = 0;
    while let Ok((event, mark)) = parser.next_token() {
        events += 1;
        match event {
            Event::Alias(id) => {
                let jumps = inside.get(&id).copied().unwrap_or(0).saturating_add(1);
                if let Some((_, count)) = open.last_mut() {
                    *count = count.saturating_add(jumps);
                }
                aliases.push(((mark.line(), mark.col() + 1), jumps));
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                open.push((anchor, 0));
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let Some((anchor, count)) = open.pop() else {
                    break;
                };
                if anchor != 0 {
                    inside.insert(anchor, count);
                }
                if let Some((_, outer)) = open.last_mut() {
                    *outer = outer.saturating_add(count);
                }
            }
            Event::StreamEnd => break,
            _ => {}
        }
    }
    let limit = events.saturating_mul(JUMPS_PER_EVENT);
    let mut followed: u64 = 0;
    let passing = aliases.iter().find(|(_, jumps)| {
        followed = followed.saturating_add(*jumps);
        followed > limit
    });
    passing
        .or_else(|| aliases.iter().max_by_key(|(_, jumps)| *jumps))
        .map(|(at, _)| *at)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Nine aliases of the previous anchor per level: 9^level replays.
    fn bomb(levels: usize) -> String {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..levels {
            let alias = format!("*a{}", i - 1);
            text += &format!("a{i}: &a{i} [{}]\n", vec![alias; 9].join(", "));
        }
        text
    }

    #[test]
    fn finds_the_alias_that_passes_serde_yamls_limit() {
        let text = bomb(10);
        let err = serde_yaml::from_str::<serde_yaml::Value>(&text).unwrap_err();
        assert!(err.to_string().contains("repetition limit"), "{err}");
        // An alias of `a{k}` follows 1 + 9 + ... + 9^k aliases: lines 2-5
        // follow 8,298 in all, the first alias on line 6 another 7,381,
        // past the limit of about 12,500 (100 per event).
        assert_eq!(bomb_position(&text), Some((6, 10)));
    }

    #[test]
    fn without_aliases_there_is_no_position() {
        assert_eq!(bomb_position("a: [1, 2]\nb: {c: d}\n"), None);
    }

    #[test]
    fn an_anchor_reused_in_a_small_document_points_at_its_largest_alias() {
        let text = "a: &a [x]\nb: &b [*a, *a]\nc: [*b]\n";
        assert_eq!(bomb_position(text), Some((3, 5)));
    }
}
