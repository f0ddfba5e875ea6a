//! JSON pointers (RFC 6901) in the `#/a/b` fragment form used in messages.

/// Appends one reference token to a pointer, escaping `~` and `/`.
pub fn join(base: &str, token: &str) -> String {
    format!("{base}/{}", token.replace('~', "~0").replace('/', "~1"))
}

/// The unescaped tokens of a `#/a/b` pointer.
pub fn tokens(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer
        .trim_start_matches('#')
        .split('/')
        .skip(1)
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
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
}
