//! The three output formats: `human` (like rustc), `json` (an array of
//! diagnostics) and `sarif` (SARIF 2.1.0, for code-scanning UIs).

use std::fmt::Write as _;

use serde_json::{json, Value};

use super::rules::{Severity, RULES};
use super::Diagnostic;

/// Like rustc: `severity[rule]: message`, ` --> file:line:col`, the line
/// with a caret under the column, `= help: ...` and the JSON pointer.
pub fn human(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let _ = writeln!(out, "{}[{}]: {}", d.severity, d.rule.id, d.message);
        let gutter = d.position.map_or(1, |(line, _)| line.to_string().len());
        let pad = " ".repeat(gutter);
        match d.position {
            Some((line, column)) => {
                let _ = writeln!(out, "{pad}--> {}:{line}:{column}", d.file.display());
                if let Some((shown, caret)) = &d.excerpt {
                    let _ = writeln!(out, "{pad} |");
                    let _ = writeln!(out, "{line} | {shown}");
                    let _ = writeln!(out, "{pad} | {}^", " ".repeat(caret - 1));
                }
            }
            None => {
                let _ = writeln!(out, "{pad}--> {}", d.file.display());
            }
        }
        let _ = writeln!(out, "{pad} = at: {}", d.pointer);
        if let Some(help) = &d.help {
            let _ = writeln!(out, "{pad} = help: {help}");
        }
        out.push('\n');
    }
    out
}

/// `N errors, M warnings, K infos` (only the non-zero counts; `no problems`).
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let parts: Vec<String> = [Severity::Error, Severity::Warning, Severity::Info]
        .iter()
        .filter_map(|&severity| {
            let n = diagnostics
                .iter()
                .filter(|d| d.severity == severity)
                .count();
            let noun = severity.as_str();
            (n > 0).then(|| format!("{n} {noun}{}", if n == 1 { "" } else { "s" }))
        })
        .collect();
    if parts.is_empty() {
        "no problems".into()
    } else {
        parts.join(", ")
    }
}

/// An array of `{rule, severity, file, line, column, pointer, message,
/// help}` objects; `line` and `column` are `null` when the place is not in
/// the text.
pub fn json(diagnostics: &[Diagnostic]) -> String {
    let items: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            json!({
                "rule": d.rule.id,
                "severity": d.severity.as_str(),
                "file": slashed(d),
                "line": d.position.map(|p| p.0),
                "column": d.position.map(|p| p.1),
                "pointer": d.pointer,
                "message": d.message,
                "help": d.help,
            })
        })
        .collect();
    pretty(&Value::Array(items))
}

/// One SARIF 2.1.0 run: every rule in the driver, one result per
/// diagnostic, located by file, line and column, with the JSON pointer as
/// its logical location.
pub fn sarif(diagnostics: &[Diagnostic]) -> String {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|rule| {
            json!({
                "id": rule.id,
                "name": rule.name,
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": rule.why},
                "help": {"text": format!("Reported:\n{}\n\nFixed:\n{}", rule.bad, rule.good)},
                "defaultConfiguration": {"level": level(rule.severity)},
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let index = RULES.iter().position(|r| r.id == d.rule.id);
            let mut physical = json!({"artifactLocation": {"uri": slashed(d)}});
            if let Some((line, column)) = d.position {
                physical["region"] = json!({"startLine": line, "startColumn": column});
            }
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text = format!("{text}\nhelp: {help}");
            }
            json!({
                "ruleId": d.rule.id,
                "ruleIndex": index,
                "level": level(d.severity),
                "message": {"text": text},
                "locations": [{
                    "physicalLocation": physical,
                    "logicalLocations": [{"fullyQualifiedName": d.pointer, "kind": "element"}],
                }],
            })
        })
        .collect();
    pretty(&json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "taskgen",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    }))
}

/// SARIF's names for the severities.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The file with `/` separators, as SARIF URIs and stable goldens want.
fn slashed(d: &Diagnostic) -> String {
    d.file.to_string_lossy().replace('\\', "/")
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}
