//! `taskgen review` pages: golden output for the shipped specs and a hostile
//! one, the Rust calls they show exist in `generated/`, a 450-operation spec
//! stays navigable with bounded diagrams, and spec text cannot break the
//! page's structure.
//!
//! To accept changed pages: `EXPECTORATE=overwrite cargo test -p
//! taskgen --lib review`.

use std::path::{Path, PathBuf};

use crate::ir::Api;
use crate::review::mermaid::{MAX_CLASSES, MAX_MEMBERS};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("generator/ has a parent folder")
        .to_path_buf()
}

fn spec_paths() -> Vec<PathBuf> {
    crate::find_specs(&[repo_root().join("specs")]).expect("specs/ is readable")
}

fn lower(spec: &Path) -> Api {
    let loaded = crate::load::load(spec)
        .unwrap_or_else(|err| panic!("{} does not load:\n{err}", spec.display()));
    crate::lower::lower(&loaded)
        .unwrap_or_else(|err| panic!("{} does not lower:\n{err}", spec.display()))
}

fn golden(stem: &str) -> PathBuf {
    repo_root()
        .join("tests/fixtures/review")
        .join(format!("{stem}.md"))
}

fn hostile_spec() -> PathBuf {
    repo_root().join("tests/fixtures/review/hostile.yaml")
}

#[test]
fn pages_match_their_golden_files() {
    let mut specs = spec_paths();
    specs.push(hostile_spec());
    for spec in specs {
        let page = crate::review::page(&lower(&spec));
        let stem = spec.file_stem().expect("spec has a name").to_string_lossy();
        expectorate::assert_contents(golden(&stem), &page);
    }
}

#[test]
fn pages_are_deterministic() {
    let specs = spec_paths();
    let first = crate::review::review(&specs, &[]).expect("specs review");
    let second = crate::review::review(&specs, &[]).expect("specs review");
    assert_eq!(first, second);
    assert_eq!(first.matches("\n---\n").count(), specs.len() - 1);
}

/// Each operation's call chain names a method, setters and a `send()`
/// result type that the generated client really has.
#[test]
fn rust_calls_exist_in_the_generated_clients() {
    for spec in spec_paths() {
        let api = lower(&spec);
        let page = crate::review::page(&api);
        let read = |file: &str| {
            let path = repo_root()
                .join("generated/src")
                .join(&api.module)
                .join(file);
            std::fs::read_to_string(path).expect("generated file is readable")
        };
        let client = read("client.rs");
        // The operations' modules name the spec's types `types::Task`; the
        // page, as users read them from the API's root, `Task`.
        let operations = read("operations.rs").replace("types::", "");
        for op in &api.operations {
            let call = crate::review::rust::call(&api, op).expect("specs have clients");
            assert!(
                page.contains(&format!("`{call}`")),
                "{call} not on the page"
            );
            let module = format!("operations::{}::", op.module);
            let method = format!(
                "pub fn {}(&self) -> {module}{}<'_>",
                op.fn_name, op.builder_type
            );
            assert!(client.contains(&method), "{method} not in {}", api.module);
            let response = crate::review::rust::response_type(op);
            let send = format!(
                "pub async fn send(self) -> Result<{}, Error>",
                response.trim_start_matches(&module)
            );
            assert!(operations.contains(&send), "{send} not in {}", api.module);
            for field in op.fields().iter().filter(|f| !f.optional()) {
                let setter = format!("pub fn {}(mut self, value: impl Into<", field.name);
                assert!(
                    operations.contains(&setter),
                    "{setter} not in {}",
                    api.module
                );
                assert!(call.contains(&format!(".{}(..)", field.name)));
            }
        }
    }
}

/// A synthetic spec of `operations` operations: each returns its own
/// response holding a long chain of nested objects, a wide object and an
/// enum of many values, so every diagram has more to draw than it may.
fn large_spec(operations: usize) -> String {
    let mut spec = String::from("openapi: 3.0.3\ninfo:\n  title: Large\n  version: '1'\npaths:\n");
    for i in 0..operations {
        spec.push_str(&format!(
            "  /things{i}:\n    get:\n      operationId: GetThing{i}\n      summary: Thing {i}.\n      \
             parameters:\n        - name: id\n          in: query\n          required: true\n          \
             schema:\n            type: string\n      responses:\n        '200':\n          \
             description: OK\n          content:\n            application/json:\n              \
             schema:\n                type: object\n                properties:\n                  \
             chain:\n                    $ref: '#/components/schemas/Level0'\n                  \
             wide:\n                    $ref: '#/components/schemas/Wide'\n"
        ));
    }
    spec.push_str("components:\n  schemas:\n");
    for level in 0..30 {
        spec.push_str(&format!(
            "    Level{level}:\n      type: object\n      properties:\n        \
             next:\n          $ref: '#/components/schemas/Level{}'\n        \
             state:\n          type: string\n          enum: [{}]\n",
            level + 1,
            (0..40)
                .map(|v| format!("s{level}v{v}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    spec.push_str(
        "    Level30:\n      type: object\n    Wide:\n      type: object\n      properties:\n",
    );
    for field in 0..60 {
        spec.push_str(&format!("        field{field}:\n          type: integer\n"));
    }
    spec
}

#[test]
fn a_450_operation_spec_has_contents_and_one_bounded_diagram_per_operation() {
    const OPERATIONS: usize = 450;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("review-large.yaml");
    std::fs::write(&path, large_spec(OPERATIONS)).expect("write the large spec");
    let api = lower(&path);
    assert_eq!(api.operations.len(), OPERATIONS);
    let page = crate::review::page(&api);

    let contents = section(&page, "## Contents", "## Operations");
    for op in &api.operations {
        let anchor = format!("review_large-op-{}", op.fn_name);
        assert!(
            contents.contains(&format!("(#{anchor})")),
            "{anchor} not in contents"
        );
        assert!(
            page.contains(&format!("<a name=\"{anchor}\"></a>")),
            "{anchor} has no section"
        );
    }

    let diagrams: Vec<&str> = page
        .split("```mermaid\n")
        .skip(1)
        .map(|rest| rest.split("\n```").next().expect("diagram ends"))
        .collect();
    assert_eq!(diagrams.len(), OPERATIONS, "one diagram per operation");
    for diagram in &diagrams {
        let classes = diagram.matches("\n    class ").count();
        assert_eq!(
            classes, MAX_CLASSES,
            "each response reaches more types than drawn"
        );
        // A class block: its line, an annotation, members, `... N more`, `}`.
        let bound = 1 + MAX_CLASSES * (MAX_MEMBERS + 4) + MAX_CLASSES * MAX_MEMBERS;
        assert!(
            diagram.lines().count() <= bound,
            "diagram over {bound} lines"
        );
        assert!(diagram.contains("... 48 more"), "the wide type is cut");
        check_mermaid(diagram);
    }
    // The response, 31 levels, their 30 enums and the wide type.
    let note = format!("The diagram shows the {MAX_CLASSES} types nearest the response of the 63");
    assert_eq!(page.matches(&note).count(), OPERATIONS);
}

/// The text between two headings.
fn section<'a>(page: &'a str, start: &str, end: &str) -> &'a str {
    let from = page.find(start).expect("start heading");
    let to = page[from..].find(end).expect("end heading") + from;
    &page[from..to]
}

/// A diagram holds only Mermaid syntax and Rust identifiers: generics use
/// `~`, angle brackets only in `<<annotation>>` and `-->` arrows, and no
/// commas (Mermaid rejects them inside generics).
fn check_mermaid(diagram: &str) {
    for line in diagram.lines().skip(1) {
        let line = line.trim();
        let plain = line
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " _~+{}.:-<>".contains(c));
        let angles_ok = !line.contains(['<', '>'])
            || (line.starts_with("<<") && line.ends_with(">>"))
            || line.split(" --> ").count() == 2;
        assert!(plain && angles_ok, "not a plain Mermaid line: {line:?}");
    }
}

/// Every row of every table has as many unescaped `|` as its header, so no
/// spec text opened or closed a cell.
fn check_tables(page: &str) {
    let mut header_pipes = None;
    for line in page.lines() {
        if !line.starts_with('|') {
            header_pipes = None;
            continue;
        }
        let pipes = unescaped_pipes(line);
        let expected = *header_pipes.get_or_insert(pipes);
        assert_eq!(pipes, expected, "row has a stray cell:\n{line}");
    }
}

/// Every in-page link leads to an anchor the page has.
fn check_links(page: &str) {
    for target in page.split("](#").skip(1) {
        let anchor = target.split(')').next().expect("link closes");
        assert!(
            page.contains(&format!("<a name=\"{anchor}\"></a>")),
            "link to missing anchor #{anchor}"
        );
    }
}

fn unescaped_pipes(line: &str) -> usize {
    let mut count = 0;
    let mut escaped = false;
    for c in line.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => count += 1,
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
    }
    count
}

#[test]
fn hostile_spec_text_cannot_break_the_page() {
    let page = crate::review::page(&lower(&hostile_spec()));
    check_tables(&page);
    check_links(&page);
    for tag in ["<script", "<img", "<b>", "</details><"] {
        assert!(!page.contains(tag), "raw {tag} on the page");
    }
    assert!(page.contains("&lt;script&gt;alert('escape details')"));
    // Only the page's own headings start a line with `#`.
    for line in page.lines().filter(|l| l.starts_with('#')) {
        assert!(
            [
                "# Hostile",
                "## ",
                "### GetItem",
                "### Item",
                "### GetItemMode"
            ]
            .iter()
            .any(|ours| line.starts_with(ours)),
            "spec text made a heading: {line}"
        );
    }
    assert!(!page.contains("[link]("), "spec text made a link");
    assert!(page.contains("\\[link\\](javascript:alert(1))"));
    // A two-line parameter description stays in its row.
    assert!(page.contains("An id with a \\`tick and \\| pipe and a second line |"));
    // A code span whose text has backticks and pipes.
    assert!(page.contains("Pattern: ``^(a\\|b)`+$``"));
    // The enum values, each in a code span that shows it exactly.
    for value in ["`x\\|y`", "`` `z` ``", "`<w>`", "(empty)"] {
        assert!(page.contains(&format!("| {value} |")), "{value} not shown");
    }
}

#[test]
fn shipped_pages_have_well_formed_tables_links_and_diagrams() {
    for spec in spec_paths() {
        let api = lower(&spec);
        let page = crate::review::page(&api);
        check_tables(&page);
        check_links(&page);
        let diagrams = page.matches("```mermaid\n").count();
        let responses = api
            .operations
            .iter()
            .filter(|op| op.response.is_some())
            .count();
        assert_eq!(diagrams, responses, "{}", spec.display());
    }
}
