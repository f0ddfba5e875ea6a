//! JSON pointers (RFC 6901) in the `#/a/b` fragment form used in messages.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

/// Appends one reference token to a pointer, escaping `~` and `/`.
pub fn join(base: &str, token: &str) -> String {
    let mut pointer = String::with_capacity(base.len() + token.len() + 1);
    pointer.push_str(base);
    push(&mut pointer, token);
    pointer
}

/// [`join`] in place, for a walk that reuses one buffer.
pub fn push(pointer: &mut String, token: &str) {
    pointer.push('/');
    if !token.contains(['~', '/']) {
        pointer.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// [`push`] of an array index, without making its text apart.
pub fn push_index(pointer: &mut String, index: usize) {
    use std::fmt::Write;
    let _ = write!(pointer, "/{index}");
}

/// A step from a JSON node to a child: a member's key or an item's index.
/// A walk over JSON data keeps a stack of these and makes a pointer
/// ([`of_steps`]) only for what it reports.
#[derive(Clone, Copy)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// The pointer of the node `steps` lead to from the root.
pub fn of_steps(steps: &[Step<'_>]) -> String {
    let mut at = String::from("#");
    for step in steps {
        match step {
            Step::Key(key) => push(&mut at, key),
            Step::Index(i) => push_index(&mut at, *i),
        }
    }
    at
}

/// The unescaped tokens of a `#/a/b` pointer.
pub fn tokens(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer
        .trim_start_matches('#')
        .split('/')
        .skip(1)
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
}

/// The pointer a local `$ref` names. A `$ref` is a URI reference, so its
/// fragment is percent-encoded: `#/paths/~1a~1%7Bid%7D` names the path
/// `/a/{id}`. A fragment that does not decode to UTF-8 stays as written.
pub fn from_ref(reference: &str) -> Cow<'_, str> {
    match percent_decode_str(reference).decode_utf8() {
        Ok(decoded) => decoded,
        Err(_) => Cow::Borrowed(reference),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_unescapes_tokens() {
        let pointer = join(&join("#/paths", "/v2/{id}~x"), "get");
        assert_eq!(pointer, "#/paths/~1v2~1{id}~0x/get");
        assert_eq!(
            tokens(&pointer).collect::<Vec<_>>(),
            ["paths", "/v2/{id}~x", "get"]
        );
    }

    #[test]
    fn indexes_and_steps_make_the_pointers_keys_do() {
        let mut pointer = String::from("#/tags");
        push_index(&mut pointer, 12);
        assert_eq!(pointer, join("#/tags", "12"));
        let steps = [Step::Key("a/b"), Step::Index(0), Step::Key("~")];
        assert_eq!(of_steps(&steps), "#/a~1b/0/~0");
    }

    #[test]
    fn refs_are_percent_decoded() {
        let pointer = from_ref("#/paths/~1a~1%7Bid%7D/get");
        assert_eq!(tokens(&pointer).nth(1).unwrap(), "/a/{id}");
        assert_eq!(
            from_ref("#/components/schemas/T%FFsk"),
            "#/components/schemas/T%FFsk"
        );
    }
}
