//! Hostile input of each class that once hung or could overflow the stack:
//! alias bombs, deep nesting, `$ref` cycles and chains, huge enums and
//! objects. Each must end quickly in a located error or a generated module,
//! and so must `lint`, `review` and `diff` on it, on the test thread's
//! 2 MiB stack. The sizes are those that took a minute or more before
//! (quadratic or exponential work), so a regression shows as a test that
//! does not finish rather than as a slow one.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use taskgen::{Error, SpecError};

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n";

struct Spec {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

fn spec(name: &str, text: &str) -> Spec {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    Spec { _dir: dir, path }
}

/// Every pass that reads a whole spec, run on it; the generator's result,
/// whose Rust files must parse.
fn every_pass(spec: &Spec) -> taskgen::Result<(taskgen::FileSet, taskgen::Summary)> {
    every_pass_on(&spec.path)
}

fn every_pass_on(path: &Path) -> taskgen::Result<(taskgen::FileSet, taskgen::Summary)> {
    let _ = taskgen::lint::lint_file(path, &taskgen::lint::Config::default());
    let _ = taskgen::review::review(&[path.to_path_buf()], &[]);
    if let Ok(side) = taskgen::diff::Spec::read(path) {
        let other = taskgen::diff::Spec::read(path).unwrap();
        assert!(taskgen::diff::compare(&side, &other).changes.is_empty());
    }
    let generated = taskgen::generate_module(path)?;
    for (file, text) in generated.0.iter() {
        if file.extension().is_some_and(|ext| ext == "rs") {
            if let Err(err) = syn::parse_file(&text) {
                panic!(
                    "{}: {} does not parse: {err}",
                    path.display(),
                    file.display()
                );
            }
        }
    }
    Ok(generated)
}

fn spec_error(spec: &Spec) -> SpecError {
    match every_pass(spec) {
        Err(Error::Spec(err)) => *err,
        Err(other) => panic!("not a spec error: {other}"),
        Ok(_) => panic!("{} generated", spec.path.display()),
    }
}

/// The generated module's types file.
fn types(spec: &Spec) -> String {
    let (files, _) = every_pass(spec).unwrap_or_else(|err| panic!("{err}"));
    files.get("types.rs").unwrap().to_string()
}

fn schemas(body: &str) -> String {
    format!("{HEAD}components:\n  schemas:\n{body}")
}

#[test]
fn yaml_alias_bomb_is_refused() {
    let mut text =
        format!("{HEAD}x-bomb:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = i - 1;
        writeln!(
            text,
            "  a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]"
        )
        .unwrap();
    }
    // Refused quickly by serde_yaml's repetition limit, located at the
    // alias where following aliases passes it (serde_yaml gives no place).
    let err = spec_error(&spec("bomb.yaml", &text));
    assert!(err.message.contains("repetition limit"), "{err}");
    let (line, _) = err.position.expect("located");
    assert!(
        err.excerpt
            .as_ref()
            .map_or("", |excerpt| excerpt.text.as_str())
            .contains("*a"),
        "{line}: {err}"
    );
}

/// `depth` collections inside each other under `x-deep`, in several
/// notations; each is refused where the nesting passes the limit.
#[test]
fn nesting_10000_deep_is_refused_at_its_place() {
    let depth = 10_000;
    let cases = [
        (
            "arrays.json",
            format!(
                "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"T\", \"version\": \"1\"}}, \
                 \"paths\": {{}}, \"x-deep\": {}{}}}",
                "[".repeat(depth),
                "]".repeat(depth)
            ),
        ),
        (
            "objects.json",
            format!(
                "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"T\", \"version\": \"1\"}}, \
                 \"paths\": {{}}, \"x-deep\": {}1{}}}",
                "{\"a\": ".repeat(depth),
                "}".repeat(depth)
            ),
        ),
        (
            "flow.yaml",
            format!("{HEAD}x-deep: {}{}\n", "[".repeat(depth), "]".repeat(depth)),
        ),
        (
            "mappings.yaml",
            (0..depth).fold(format!("{HEAD}x-deep:\n"), |mut text, i| {
                writeln!(text, "{}a:", " ".repeat(i + 1)).unwrap();
                text
            }),
        ),
        // Block sequences nest on one line: `- - - 1`.
        (
            "sequences.yaml",
            format!("{HEAD}x-deep:\n  {}1\n", "- ".repeat(depth)),
        ),
    ];
    for (name, text) in cases {
        let err = spec_error(&spec(name, &text));
        assert!(
            err.message.contains("nested more than 128 levels"),
            "{name}: {err}"
        );
        // Where the reader stopped looking ahead (or the collection itself).
        assert!(
            err.position
                .is_some_and(|(line, _)| line >= 4 || name.ends_with(".json")),
            "{name}: {err}"
        );
    }
}

#[test]
fn arrays_nested_100000_deep_are_refused_without_reading_them_all() {
    let depth = 100_000;
    let text = format!("{HEAD}x-deep: {}{}\n", "[".repeat(depth), "]".repeat(depth));
    let err = spec_error(&spec("deep.yaml", &text));
    assert!(err.message.contains("nested more than 128 levels"), "{err}");
    assert_eq!(err.position.map(|(line, _)| line), Some(4), "{err}");
}

/// The deepest nesting the parsers take still reads.
#[test]
fn nesting_128_deep_is_read() {
    let text = format!("{HEAD}x-deep: {}{}\n", "[".repeat(127), "]".repeat(127));
    every_pass(&spec("deep.yaml", &text)).unwrap();
}

#[test]
fn ref_cycles_through_every_kind_of_schema_end() {
    let cycles = [
        "    A: {allOf: [{$ref: '#/components/schemas/B'}]}\n    B: {allOf: [{$ref: '#/components/schemas/A'}]}\n",
        "    A: {type: array, items: {$ref: '#/components/schemas/B'}}\n    B: {type: array, items: {$ref: '#/components/schemas/A'}}\n",
        "    A: {type: object, additionalProperties: {$ref: '#/components/schemas/A'}}\n",
        "    A: {oneOf: [{$ref: '#/components/schemas/B'}, {type: string}]}\n    B: {oneOf: [{$ref: '#/components/schemas/A'}, {type: integer}]}\n",
        "    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n",
        "    A: {type: object, properties: {x: {$ref: '#/components/schemas/A/properties/y'}, y: {$ref: '#/components/schemas/A/properties/x'}}}\n",
        "    A: {type: object, properties: {next: {allOf: [{$ref: '#/components/schemas/A'}]}}}\n",
    ];
    for body in cycles {
        // Recursion a `Box` or `Vec` breaks generates; a cycle that never
        // reaches a type is refused where it starts.
        if let Err(err) = every_pass(&spec("cycle.yaml", &schemas(body))) {
            let Error::Spec(err) = err else {
                panic!("{body}: {err}")
            };
            assert!(err.position.is_some(), "{body}: {err}");
        }
    }
}

/// `allOf` of two references to the previous schema, 22 deep: read once
/// per schema, not 2^22 times.
#[test]
fn all_of_the_same_schema_twice_nested_22_deep() {
    let mut body = "    S0: {type: object, properties: {a: {type: string}}}\n".to_string();
    for i in 1..=22 {
        let p = i - 1;
        writeln!(
            body,
            "    S{i}: {{allOf: [{{$ref: '#/components/schemas/S{p}'}}, {{$ref: '#/components/schemas/S{p}'}}]}}"
        )
        .unwrap();
    }
    assert!(types(&spec("allof.yaml", &schemas(&body))).contains("pub struct S22 {"));
}

/// Chains of 2,000 schemas (past any stack's depth), each reaching the next (merged, or through a
/// reference outside `components/schemas` that must be followed): either
/// generates or is refused, but without a stack overflow.
#[test]
fn reference_chains_2000_long() {
    let n = 2_000;
    let chains = [
        |i: usize| {
            format!(
                "    S{i}: {{type: object, properties: {{a: {{$ref: '#/components/schemas/S{}'}}}}}}",
                i + 1
            )
        },
        |i: usize| {
            format!(
                "    S{i}: {{allOf: [{{$ref: '#/components/schemas/S{}'}}]}}",
                i + 1
            )
        },
        |i: usize| {
            format!(
                "    S{i}: {{type: object, properties: {{a: {{type: string}}}}, allOf: [{{$ref: '#/components/schemas/S{}'}}, {{type: object}}]}}",
                i + 1
            )
        },
        |i: usize| {
            format!(
                "    S{i}: {{$ref: '#/components/schemas/S{}/items'}}",
                i + 1
            )
        },
        |i: usize| {
            format!(
                "    S{i}: {{type: array, items: {{$ref: '#/components/schemas/S{}/items'}}}}",
                i + 1
            )
        },
    ];
    for chain in chains {
        let mut body = String::new();
        for i in 0..n {
            writeln!(body, "{}", chain(i)).unwrap();
        }
        writeln!(body, "    S{n}: {{type: array, items: {{type: object}}}}").unwrap();
        let spec = spec("chain.yaml", &schemas(&body));
        if let Err(err) = every_pass(&spec) {
            let Error::Spec(err) = err else {
                panic!("{err}")
            };
            assert!(err.position.is_some(), "{err}");
        }
    }
}

/// The `i`th of 10,000 distinct two-letter Chinese words: no ASCII, so
/// each is `Value` or `field` to Rust.
fn han(i: usize) -> String {
    let letter = |n: usize| char::from_u32(0x4e00 + n as u32).unwrap();
    format!("{}{}", letter(i / 100), letter(i % 100))
}

/// 10,000 distinct values, then 10,000 that are all `Value` in Rust.
#[test]
fn enums_of_10000_values_and_of_10000_colliding_names() {
    let values: Vec<String> = (0..10_000).map(|i| format!("v{i}")).collect();
    let body = format!("    E: {{type: string, enum: [{}]}}\n", values.join(", "));
    assert!(types(&spec("enum.yaml", &schemas(&body))).contains("V9999,"));
    let values: Vec<String> = (0..10_000).map(|i| format!("'{}'", han(i))).collect();
    let body = format!("    E: {{type: string, enum: [{}]}}\n", values.join(", "));
    assert!(types(&spec("enum.yaml", &schemas(&body))).contains("Value10000,"));
}

/// 10,000 properties, then 10,000 whose names are all `field` in Rust.
#[test]
fn objects_of_10000_properties() {
    let properties: Vec<String> = (0..10_000)
        .map(|i| format!("p{i}: {{type: string}}"))
        .collect();
    let body = format!(
        "    O: {{type: object, properties: {{{}}}}}\n",
        properties.join(", ")
    );
    assert!(types(&spec("object.yaml", &schemas(&body))).contains("pub p9999: "));
    let properties: Vec<String> = (0..10_000)
        .map(|i| format!("'{}': {{type: string}}", han(i)))
        .collect();
    let body = format!(
        "    O: {{type: object, properties: {{{}}}}}\n",
        properties.join(", ")
    );
    assert!(types(&spec("object.yaml", &schemas(&body))).contains("pub field_10000: "));
}

/// The same, merged from two `allOf` parts that share every property.
#[test]
fn all_of_two_parts_of_10000_properties() {
    let properties: Vec<String> = (0..10_000)
        .map(|i| format!("p{i}: {{type: string}}"))
        .collect();
    let part = format!(
        "{{type: object, properties: {{{}}}}}",
        properties.join(", ")
    );
    let body = format!("    O: {{allOf: [{part}, {part}]}}\n");
    assert!(types(&spec("allof.yaml", &schemas(&body))).contains("pub p9999: "));
}

/// Each input a fuzzer found a crash, hang or bad output with (one a file
/// under `tests/fixtures/fuzz-regressions/`) now ends in a located error
/// or a module that parses.
#[test]
fn fuzz_regressions() {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/fuzz-regressions"
    ));
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|ext| ext == "md") {
            continue;
        }
        if let Err(Error::Spec(err)) = every_pass_on(&path) {
            assert!(err.position.is_some(), "{err}");
        }
        count += 1;
    }
    assert!(count > 0, "no inputs in {}", dir.display());
}
