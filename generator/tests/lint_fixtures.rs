//! Every spec under `tests/fixtures/lint/` holds one defect (or none) and
//! says in its first line which rules must report it; the diagnostics
//! (rule, line:column, pointer) are checked in beside it as `NAME.expected`.
//! `EXPECTORATE=overwrite cargo test -p taskgen --test lint_fixtures`
//! accepts changed diagnostics.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use taskgen::lint::{lint_file, Config};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/lint")
}

fn fixtures() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .expect("tests/fixtures/lint is readable")
        .map(|entry| entry.expect("fixture entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    found.sort();
    found
}

/// The rules a fixture's first line names: `# ... Expected rules: TG0203.`
fn expected_rules(path: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(path).expect("fixture is readable");
    let first = text.lines().next().unwrap_or_default();
    let (_, rules) = first
        .split_once("Expected rules: ")
        .unwrap_or_else(|| panic!("{}: first line names no expected rules", path.display()));
    rules
        .trim_end_matches('.')
        .split_whitespace()
        .filter(|rule| *rule != "none")
        .map(str::to_string)
        .collect()
}

#[test]
fn each_fixture_reports_exactly_its_defect() {
    let fixtures = fixtures();
    let defects = fixtures
        .iter()
        .filter(|f| !expected_rules(f).is_empty())
        .count();
    assert!(defects >= 30, "only {defects} defect fixtures");
    assert!(fixtures.iter().any(|f| f.ends_with("clean.yaml")));
    let mut failures = Vec::new();
    for fixture in &fixtures {
        let diagnostics = lint_file(fixture, &Config::default())
            .unwrap_or_else(|e| panic!("{}: {e}", fixture.display()));
        let found: BTreeSet<String> = diagnostics.iter().map(|d| d.rule.id.to_string()).collect();
        let expected = expected_rules(fixture);
        if found != expected {
            failures.push(format!(
                "{}: expected {expected:?}, found {found:?}",
                fixture.display()
            ));
        }
        let listing: String = diagnostics
            .iter()
            .map(|d| {
                let (line, column) = d.position.unwrap_or((0, 0));
                format!("{} {line}:{column} {}\n", d.rule.id, d.pointer)
            })
            .collect();
        expectorate::assert_contents(fixture.with_extension("expected"), &listing);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
