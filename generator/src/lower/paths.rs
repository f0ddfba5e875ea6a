//! Path templates (`/v2/{project_id}/tasks`) checked against the path
//! parameters that fill them. `taskgen lint` (TG0105, TG0106) reads
//! templates with the same [`variables`], so the linter and the generator
//! agree on what a template holds.

/// The `{name}`s of a path template, in order, or why it is no template:
/// every `{` must be closed by a `}` before the next `{`, and hold a name.
pub fn variables(path: &str) -> Result<Vec<&str>, String> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err(format!("`}}` without a `{{` in the path `{path}`"));
        }
        let after = &rest[open + 1..];
        let close = after
            .find(['{', '}'])
            .filter(|&i| after[i..].starts_with('}'))
            .ok_or_else(|| format!("`{{` without a `}}` in the path `{path}`"))?;
        let name = &after[..close];
        if name.is_empty() {
            return Err(format!("`{{}}` names no parameter in the path `{path}`"));
        }
        names.push(name);
        rest = &after[close + 1..];
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::variables;

    #[test]
    fn finds_the_names_of_a_template() {
        assert_eq!(
            variables("/v2/{project_id}/tasks/{id}"),
            Ok(vec!["project_id", "id"])
        );
        assert_eq!(variables("/a/{b}.{c}"), Ok(vec!["b", "c"]));
        assert_eq!(variables("/#Action=ListTasks"), Ok(vec![]));
    }

    #[test]
    fn refuses_unbalanced_and_empty_braces() {
        for path in ["/a/{b", "/a/b}", "/a/{b{c}}", "/a/{}"] {
            assert!(variables(path).is_err(), "{path}");
        }
    }
}
