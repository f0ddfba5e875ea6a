//! Spec text into Markdown that shows it as written. Spec text is untrusted:
//! a description must not open a table row, a heading, a link or raw HTML
//! (`<script>`) in the page a reviewer reads. So only three constructs of
//! the spec's CommonMark survive, each rebuilt here rather than copied:
//! inline code spans, fenced code blocks and bullet or numbered list items.
//! Every other character Markdown or HTML reads as syntax is escaped, and
//! the spec's line breaks inside a paragraph become spaces.

use std::collections::{HashMap, VecDeque};

use crate::emit::docs;

/// Spec text for a heading or a table cell, on one line: paragraphs and
/// list items are joined by `<br>`, a code block becomes a code span.
pub fn text(raw: &str) -> String {
    let parts: Vec<String> = blocks(raw)
        .iter()
        .map(|block| match block {
            Block::Paragraph(p) => inline(p, Context::Cell),
            Block::Item(marker, p) => format!("{marker} {}", inline(p, Context::Cell)),
            Block::Code(lines) => code(&lines.join(" ")),
        })
        .collect();
    parts.join("<br>")
}

/// Spec text as Markdown blocks separated by blank lines (not for tables).
pub fn block(raw: &str) -> String {
    let mut out = String::new();
    let mut previous_item = false;
    for block in blocks(raw) {
        let is_item = matches!(block, Block::Item(..));
        if !out.is_empty() {
            out.push_str(if is_item && previous_item {
                "\n"
            } else {
                "\n\n"
            });
        }
        match block {
            Block::Paragraph(p) => out.push_str(&inline(&p, Context::Block)),
            Block::Item(marker, p) => {
                out.push_str(&format!("{marker} {}", inline(&p, Context::Block)));
            }
            Block::Code(lines) => out.push_str(&fenced(&lines)),
        }
        previous_item = is_item;
    }
    out
}

/// An inline code span safe inside a table cell: the fence is longer than
/// any backtick run in the text, and `|` is escaped, which GitHub requires
/// even inside code in a table (it renders as a plain `|`).
pub fn code(raw: &str) -> String {
    if raw.is_empty() {
        return "(empty)".into();
    }
    cell(&docs::code(raw))
}

/// Markdown this module made (code spans, facts) fit for a table cell.
pub fn cell(markdown: &str) -> String {
    markdown.replace('|', "\\|").replace('\n', " ")
}

/// Where inline text goes: a table cell must also escape `|` in code.
#[derive(Clone, Copy, PartialEq)]
enum Context {
    Cell,
    Block,
}

#[derive(Debug, PartialEq)]
enum Block {
    /// Lines of one paragraph, joined by spaces.
    Paragraph(String),
    /// A list item: its marker as the page writes it (`-` or `3.`).
    Item(String, String),
    /// The lines of a fenced code block.
    Code(Vec<String>),
}

/// The spec text's paragraphs, list items and fenced code blocks.
fn blocks(raw: &str) -> Vec<Block> {
    let normalized = raw.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = Vec::new();
    let mut paragraph: Option<Block> = None;
    let mut fence: Option<(String, Vec<String>)> = None;
    for line in normalized.split('\n') {
        let trimmed = line.trim();
        if let Some((open, lines)) = &mut fence {
            if trimmed.starts_with(open.as_str()) && trimmed.trim_matches(['`', '~']).is_empty() {
                out.push(Block::Code(std::mem::take(lines)));
                fence = None;
            } else {
                lines.push(line.trim_end().to_string());
            }
            continue;
        }
        if let Some(open) = fence_opening(trimmed) {
            out.extend(paragraph.take());
            fence = Some((open, Vec::new()));
        } else if trimmed.is_empty() {
            out.extend(paragraph.take());
        } else if let Some((marker, rest)) = list_item(trimmed) {
            out.extend(paragraph.take());
            paragraph = Some(Block::Item(marker, rest.to_string()));
        } else {
            match &mut paragraph {
                Some(Block::Paragraph(p) | Block::Item(_, p)) => {
                    p.push(' ');
                    p.push_str(trimmed);
                }
                _ => paragraph = Some(Block::Paragraph(trimmed.to_string())),
            }
        }
    }
    out.extend(paragraph);
    // An unclosed fence runs to the end, as in CommonMark.
    out.extend(fence.map(|(_, lines)| Block::Code(lines)));
    out
}

/// The fence a line opens (```` ``` ```` or `~~~`, at least three).
fn fence_opening(line: &str) -> Option<String> {
    let first = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let run: String = line.chars().take_while(|c| *c == first).collect();
    (run.len() >= 3).then_some(run)
}

/// `- text`, `* text`, `+ text` or `12. text`: the page's marker and text.
fn list_item(line: &str) -> Option<(String, &str)> {
    if let Some(rest) = line.strip_prefix(['-', '*', '+']) {
        return rest
            .strip_prefix(' ')
            .map(|rest| ("-".to_string(), rest.trim()));
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 9 {
        return None;
    }
    let rest = line[digits..].strip_prefix(['.', ')'])?.strip_prefix(' ')?;
    Some((format!("{}.", &line[..digits]), rest.trim()))
}

/// A fenced block whose fence no line inside can close.
fn fenced(lines: &[String]) -> String {
    let longest = lines
        .iter()
        .flat_map(|l| l.split(|c| c != '`').map(str::len))
        .max()
        .unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}text\n{}\n{fence}", lines.join("\n"))
}

/// One paragraph: code spans kept, everything else escaped. A code span
/// runs from a backtick run to the next run of the same length; runs are
/// indexed by length first, so hostile text full of unmatched backticks
/// costs linear time, not a rescan of the rest per run.
fn inline(text: &str, context: Context) -> String {
    let runs = backtick_runs(text);
    let mut next_of_len: HashMap<usize, VecDeque<usize>> = HashMap::new();
    for (i, &(_, len)) in runs.iter().enumerate() {
        next_of_len.entry(len).or_default().push_back(i);
    }
    let mut out = String::with_capacity(text.len());
    let mut done = 0; // bytes of `text` already written
    let mut i = 0;
    while i < runs.len() {
        let (start, len) = runs[i];
        let same = next_of_len.get_mut(&len).expect("every run is indexed");
        while same.front().is_some_and(|&j| j <= i) {
            same.pop_front();
        }
        out.push_str(&escape(&text[done..start], done == 0));
        match same.pop_front() {
            Some(j) => {
                let content = text[start + len..runs[j].0].trim();
                let span = docs::code(content);
                out.push_str(&match context {
                    Context::Cell => cell(&span),
                    Context::Block => span,
                });
                done = runs[j].0 + len;
                i = j + 1;
            }
            None => {
                out.push_str(&"\\`".repeat(len));
                done = start + len;
                i += 1;
            }
        }
    }
    out.push_str(&escape(&text[done..], done == 0));
    out
}

/// Every run of backticks in `text`: its byte offset and length.
fn backtick_runs(text: &str) -> Vec<(usize, usize)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (at, c) in text.char_indices() {
        if c != '`' {
            continue;
        }
        match runs.last_mut() {
            Some((start, len)) if *start + *len == at => *len += 1,
            _ => runs.push((at, 1)),
        }
    }
    runs
}

/// Plain text with Markdown and HTML syntax escaped. `at_line_start`: the
/// text begins a line, where `-`, `+` and `1.` would start a list.
fn escape(text: &str, at_line_start: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '$' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' if i == 0 && at_line_start => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    if at_line_start {
        let digits = out.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && out[digits..].starts_with(['.', ')']) {
            out.insert(digits, '\\');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_and_table_syntax_are_inert() {
        assert_eq!(
            text("a | b <script>alert(1)</script> & c"),
            "a \\| b &lt;script&gt;alert(1)&lt;/script&gt; &amp; c"
        );
        assert_eq!(
            text("[x](javascript:y) *em*"),
            "\\[x\\](javascript:y) \\*em\\*"
        );
    }

    #[test]
    fn line_structure_cannot_open_blocks() {
        assert_eq!(text("# title\nnext"), "\\# title next");
        assert_eq!(text("first\n\nsecond"), "first<br>second");
        assert_eq!(
            block("2024) A year\n\n    indented"),
            "2024. A year\n\nindented"
        );
        assert_eq!(text("1234567890. big"), "1234567890\\. big");
        assert_eq!(block("-x"), "\\-x");
    }

    #[test]
    fn list_items_and_code_blocks_are_rebuilt() {
        assert_eq!(
            block("Values:\n- `A`: one\n  more\n* B <b>\n\n```json\n{\"a\": \"`|`\"}\n```"),
            "Values:\n\n- `A`: one more\n- B &lt;b&gt;\n\n```text\n{\"a\": \"`|`\"}\n```"
        );
        assert_eq!(text("- a\n```\nx | y\n```"), "- a<br>`x \\| y`");
    }

    #[test]
    fn unmatched_backticks_of_every_length_stay_text() {
        let hostile: String = (1..300).map(|n| format!("{} x", "`".repeat(n))).collect();
        let escaped = text(&hostile);
        assert_eq!(escaped.matches("\\`").count(), 299 * 300 / 2);
        assert_eq!(text("`a` `` b `` `c"), "`a` `b` \\`c");
    }

    #[test]
    fn code_spans_survive_backticks_and_pipes() {
        assert_eq!(text("use `a|b` or ``c`d``"), "use `a\\|b` or ``c`d``");
        assert_eq!(block("use `a|b`"), "use `a|b`");
        assert_eq!(text("a lone ` tick"), "a lone \\` tick");
        assert_eq!(code("`x`"), "`` `x` ``");
        assert_eq!(code("two\nlines"), "`two lines`");
        assert_eq!(code(""), "(empty)");
    }
}
