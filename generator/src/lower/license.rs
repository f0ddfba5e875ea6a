//! The crate license a spec declares: `info.license.name` when it reads as
//! an SPDX expression, which is what cargo's `license` field takes. Names
//! like "Apache 2.0" or "Proprietary" would make cargo warn, so they are
//! dropped rather than guessed at.

use openapiv3::Info;

/// `info.license.name`, if it is an SPDX expression.
pub fn spdx_license(info: &Info) -> Option<String> {
    let name = info.license.as_ref()?.name.trim();
    is_spdx_expression(name).then(|| name.to_string())
}

/// Whether `text` is license identifiers (`MIT`, `Apache-2.0`,
/// `LicenseRef-x`, `GPL-2.0+`) joined by `AND`, `OR` or `WITH`, with
/// balanced parentheses. The identifiers are not checked against the SPDX
/// list, which changes.
fn is_spdx_expression(text: &str) -> bool {
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return false,
            ')' => depth -= 1,
            _ => {}
        }
    }
    let spaced = text.replace(['(', ')'], " ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let identifier = |t: &str| {
        t.starts_with(|c: char| c.is_ascii_alphanumeric())
            && t.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
            && !matches!(t, "AND" | "OR" | "WITH")
    };
    depth == 0
        && tokens.len() % 2 == 1
        && tokens.iter().enumerate().all(|(i, t)| {
            if i % 2 == 0 {
                identifier(t)
            } else {
                matches!(*t, "AND" | "OR" | "WITH")
            }
        })
}

#[cfg(test)]
mod tests {
    use super::is_spdx_expression;

    #[test]
    fn spdx_expressions_are_told_from_license_prose() {
        for valid in [
            "MIT",
            "MIT OR Apache-2.0",
            "(MIT OR Apache-2.0) AND BSD-3-Clause",
            "GPL-2.0+ WITH Classpath-exception-2.0",
            "LicenseRef-Vendor",
        ] {
            assert!(is_spdx_expression(valid), "{valid}");
        }
        for invalid in [
            "Apache 2.0",
            "",
            "MIT OR",
            "OR MIT",
            "(MIT",
            "MIT)",
            "MIT/Apache-2.0",
            "MIT AND OR Apache-2.0",
        ] {
            assert!(!is_spdx_expression(invalid), "{invalid}");
        }
    }
}
