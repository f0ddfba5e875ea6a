//! Reads a spec file into an `openapiv3::OpenAPI` and remembers where each
//! node sits in the text, so later stages can report `file:line:col`.
//!
//! INTERFACE (used by `lower`): `load(path) -> Result<LoadedSpec>`,
//! `LoadedSpec { path, doc, raw }` and `LoadedSpec::error(pointer, message)`.
//!
//! Besides parsing, loading refuses what the later stages cannot handle, each
//! time with a located error and a hint: YAML errors, documents that are not
//! OpenAPI 3.0.x, values JSON cannot hold, duplicate keys, `$ref`s that leave
//! the document or lead nowhere, and duplicate `operationId`s.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde_json::Value;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::Marker;

use crate::error::{Error, Result, SpecError};
use crate::pointer;

/// 1-based line and column.
type Position = (usize, usize);

/// A spec read from disk.
pub struct LoadedSpec {
    pub path: PathBuf,
    /// Maps (`paths`, `components.schemas`, ...) keep document order.
    pub doc: openapiv3::OpenAPI,
    /// The same document as plain JSON data (object keys sorted).
    pub raw: Value,
    source: Source,
}

impl LoadedSpec {
    /// An error located at `pointer` (`#/components/schemas/Task`): its
    /// position is that of the node, or of its nearest ancestor in the text
    /// (a node reached through a YAML alias has none of its own).
    pub fn error(&self, pointer: &str, message: impl Into<String>) -> SpecError {
        self.source.error(pointer, message)
    }

    /// Where the node at `pointer` (or its nearest ancestor) starts. For an
    /// object member that is its key, for an array item the item itself.
    pub fn position(&self, pointer: &str) -> Option<(usize, usize)> {
        self.source.position(pointer)
    }
}

/// Leaves out the text and the position map, which are long and private.
impl fmt::Debug for LoadedSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoadedSpec")
            .field("path", &self.path)
            .field("doc", &self.doc)
            .field("raw", &self.raw)
            .finish_non_exhaustive()
    }
}

/// Reads and parses one spec.
pub fn load(path: &Path) -> Result<LoadedSpec> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, "cannot read spec", e))?;
    load_str(path, text)
}

/// Parses spec text as if read from `path` (which only names it in errors).
pub fn load_str(path: &Path, text: impl Into<String>) -> Result<LoadedSpec> {
    let mut source = Source {
        path: path.to_path_buf(),
        text: text.into(),
        positions: HashMap::new(),
    };
    let raw: Value = serde_yaml::from_str(&source.text).map_err(|e| source.yaml_error(&e))?;
    let layout = scan(&source.text);
    source.positions = layout.positions;
    if let Some(problem) = layout.problem {
        return Err(source.problem(problem).into());
    }
    check_json_compatible(&source)?;
    check_version(&source, &raw)?;
    check_refs(&source, &raw)?;
    let doc = parse_openapi(&source, &raw)?;
    check_operation_ids(&source, &raw)?;
    Ok(LoadedSpec {
        path: source.path.clone(),
        doc,
        raw,
        source,
    })
}

/// The text of a spec and where its nodes are.
struct Source {
    path: PathBuf,
    text: String,
    positions: HashMap<String, Position>,
}

impl Source {
    fn position(&self, pointer: &str) -> Option<Position> {
        ancestors(pointer).find_map(|p| self.positions.get(p).copied())
    }

    fn error(&self, pointer: &str, message: impl Into<String>) -> SpecError {
        self.error_at(pointer, self.position(pointer), message)
    }

    fn error_at(
        &self,
        pointer: &str,
        position: Option<Position>,
        message: impl Into<String>,
    ) -> SpecError {
        SpecError {
            file: self.path.clone(),
            position,
            pointer: pointer.to_string(),
            message: message.into(),
            hint: None,
            source_line: position.and_then(|(line, _)| self.line(line)),
        }
    }

    /// Line `number` (1-based), tabs shown as one space so the caret under
    /// it stays aligned.
    fn line(&self, number: usize) -> Option<String> {
        let line = self.text.lines().nth(number.checked_sub(1)?)?;
        Some(line.replace('\t', " "))
    }

    fn yaml_error(&self, err: &serde_yaml::Error) -> SpecError {
        let position = err.location().map(|l| (l.line(), l.column()));
        self.error_at("#", position, format!("cannot parse as YAML: {err}"))
            .with_hint("fix the YAML syntax at this place (JSON is fine too); a YAML linter shows every problem at once")
    }

    fn problem(&self, problem: Problem) -> SpecError {
        match problem {
            Problem::DuplicateKey { pointer, at, first } => self
                .error_at(
                    &pointer,
                    Some(at),
                    format!("duplicate key; it is already set at line {}", first.0),
                )
                .with_hint(
                    "remove or rename one of the two: YAML readers silently keep only the last",
                ),
        }
    }
}

/// `pointer`, then each shorter prefix up to `#`.
fn ancestors(pointer: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(pointer), |p| p.rfind('/').map(|i| &p[..i]))
}

/// The value at `pointer` in `root`, if there is one.
fn resolve<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
    let rest = pointer.strip_prefix('#')?;
    if !rest.is_empty() && !rest.starts_with('/') {
        return None;
    }
    pointer::tokens(pointer).try_fold(root, |node, token| match node {
        Value::Object(map) => map.get(&token),
        Value::Array(items) => items.get(token.parse::<usize>().ok()?),
        _ => None,
    })
}

// ---------------------------------------------------------------------------
// Positions: one pass over the YAML events.

/// What the YAML pass found wrong that `serde_yaml` lets through.
#[derive(Debug, PartialEq)]
enum Problem {
    /// `serde_yaml` keeps the last of two equal keys without a word.
    DuplicateKey {
        pointer: String,
        at: Position,
        first: Position,
    },
}

#[derive(Debug, Default)]
struct Layout {
    positions: HashMap<String, Position>,
    problem: Option<Problem>,
}

/// An open collection while walking events. A pointer of `None` means the
/// node has no JSON pointer (it is, or is inside, a non-scalar key).
enum Frame {
    Map {
        pointer: Option<String>,
        /// `None` while a key is expected; then the pointer of the entry
        /// whose value comes next.
        entry: Option<Option<String>>,
        /// Keys seen so far, to catch duplicates.
        keys: HashMap<String, Position>,
        /// Whether the map's own position is final. The parser places a
        /// block mapping's start after its first key, so maps that are array
        /// items or the root take the position of their first key instead.
        placed: bool,
    },
    Seq {
        pointer: Option<String>,
        next: usize,
    },
}

/// The kinds of event that start a node.
#[derive(Clone, Copy)]
enum Node<'a> {
    Scalar(&'a str),
    Alias,
    Map,
    Seq,
}

/// Maps every node of the (first) document to its position. Best effort: a
/// text that `yaml-rust2` cannot read (while `serde_yaml` could) just gets
/// fewer positions.
fn scan(text: &str) -> Layout {
    let mut walker = Walker::default();
    let mut parser = Parser::new_from_str(text);
    while let Ok((event, mark)) = parser.next_token() {
        let node = match &event {
            Event::Scalar(value, ..) => Node::Scalar(value),
            Event::Alias(_) => Node::Alias,
            Event::MappingStart(..) => Node::Map,
            Event::SequenceStart(..) => Node::Seq,
            Event::MappingEnd | Event::SequenceEnd => {
                walker.stack.pop();
                continue;
            }
            Event::DocumentEnd | Event::StreamEnd => break,
            _ => continue,
        };
        if let Err(problem) = walker.node(node, mark) {
            return Layout {
                positions: walker.positions,
                problem: Some(problem),
            };
        }
    }
    Layout {
        positions: walker.positions,
        problem: None,
    }
}

#[derive(Default)]
struct Walker {
    stack: Vec<Frame>,
    positions: HashMap<String, Position>,
}

impl Walker {
    fn node(&mut self, node: Node, mark: Marker) -> std::result::Result<(), Problem> {
        let at = (mark.line(), mark.col() + 1);
        match self.stack.last_mut() {
            None => self.item(node, Some("#".into()), at),
            Some(Frame::Seq { pointer, next }) => {
                let item = pointer
                    .as_deref()
                    .map(|p| pointer::join(p, &next.to_string()));
                *next += 1;
                self.item(node, item, at);
            }
            Some(Frame::Map {
                entry: entry @ Some(_),
                ..
            }) => {
                // The value of an entry sits at its key, already recorded.
                let value = entry.take().flatten();
                self.open(node, value, true);
            }
            Some(Frame::Map { entry: None, .. }) => return self.key(node, at),
        }
        Ok(())
    }

    /// The root or an array item: recorded at its own position.
    fn item(&mut self, node: Node, pointer: Option<String>, at: Position) {
        if let Some(pointer) = &pointer {
            self.positions.insert(pointer.clone(), at);
        }
        self.open(node, pointer, false);
    }

    /// A key of the innermost map: records the entry at the key.
    fn key(&mut self, node: Node, at: Position) -> std::result::Result<(), Problem> {
        let Some(Frame::Map {
            pointer,
            entry,
            keys,
            placed,
        }) = self.stack.last_mut()
        else {
            return Ok(());
        };
        if !*placed {
            if let Some(map) = pointer {
                self.positions.insert(map.clone(), at);
            }
            *placed = true;
        }
        let Node::Scalar(key) = node else {
            // A non-scalar key has no pointer, nor has its value.
            *entry = Some(None);
            if let Node::Map | Node::Seq = node {
                self.push(node, None, true);
            }
            return Ok(());
        };
        let child = pointer.as_deref().map(|p| pointer::join(p, key));
        if let Some(first) = keys.insert(key.to_string(), at) {
            let pointer = child.unwrap_or_else(|| "#".into());
            return Err(Problem::DuplicateKey { pointer, at, first });
        }
        if let Some(child) = &child {
            self.positions.insert(child.clone(), at);
        }
        *entry = Some(child);
        Ok(())
    }

    /// Enters a value node whose position is recorded (if it has one).
    fn open(&mut self, node: Node, pointer: Option<String>, placed: bool) {
        if let Node::Map | Node::Seq = node {
            self.push(node, pointer, placed);
        }
    }

    fn push(&mut self, node: Node, pointer: Option<String>, placed: bool) {
        let frame = match node {
            Node::Seq => Frame::Seq { pointer, next: 0 },
            _ => Frame::Map {
                pointer,
                entry: None,
                keys: HashMap::new(),
                placed,
            },
        };
        self.stack.push(frame);
    }
}

// ---------------------------------------------------------------------------
// Refusals.

/// Refuses what YAML data can hold and JSON data cannot: `.inf`, `.nan`
/// (`serde_json` turns them into `null`) and duplicate keys (it keeps the
/// last). openapiv3 also reaches an `expect` on them. `scan` reports
/// duplicate keys at a better place, but only when `yaml-rust2` can read the
/// text; `serde_yaml::Value` always refuses them.
fn check_json_compatible(source: &Source) -> Result<()> {
    let value: serde_yaml::Value =
        serde_yaml::from_str(&source.text).map_err(|e| source.yaml_error(&e))?;
    let Some((pointer, number)) = non_finite(&value, "#".into()) else {
        return Ok(());
    };
    let text = match number {
        n if n.is_nan() => ".nan",
        n if n > 0.0 => ".inf",
        _ => "-.inf",
    };
    Err(source
        .error(&pointer, format!("`{text}` is not a number JSON can hold"))
        .with_hint(format!(
            "quote it (`'{text}'`) if you meant text, or write a finite number"
        ))
        .into())
}

/// The first infinite or NaN number in `value`, with its pointer.
fn non_finite(value: &serde_yaml::Value, at: String) -> Option<(String, f64)> {
    use serde_yaml::Value as Yaml;
    match value {
        Yaml::Number(n) => n.as_f64().filter(|f| !f.is_finite()).map(|f| (at, f)),
        Yaml::Sequence(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| non_finite(item, pointer::join(&at, &i.to_string()))),
        Yaml::Mapping(map) => map.iter().find_map(|(key, child)| {
            let token = match key {
                Yaml::String(s) => s.clone(),
                Yaml::Number(n) => n.to_string(),
                Yaml::Bool(b) => b.to_string(),
                _ => String::new(),
            };
            non_finite(child, pointer::join(&at, &token))
        }),
        Yaml::Tagged(tagged) => non_finite(&tagged.value, at),
        Yaml::Null | Yaml::Bool(_) | Yaml::String(_) => None,
    }
}

const DOWNGRADE_HINT: &str = "set `openapi: 3.0.3` and replace what is new in 3.1: \
    `type: [T, 'null']` by `nullable: true`, `const` by a one-value `enum`, \
    `examples` lists in schemas by `example`";

const CONVERT_HINT: &str = "convert it to OpenAPI 3.0 first (for example with `swagger2openapi`, \
    or the Swagger Editor's Edit > Convert to OpenAPI 3), then set `openapi: 3.0.3`";

/// Only OpenAPI 3.0.x is read: 2.0 and 3.1 differ in ways that would be
/// misread silently.
fn check_version(source: &Source, raw: &Value) -> Result<()> {
    let Value::Object(root) = raw else {
        let message = match raw {
            Value::Null => "the document is empty".to_string(),
            other => format!("the document is {}, not a mapping", kind(other)),
        };
        return Err(source
            .error("#", message)
            .with_hint("an OpenAPI document is a mapping that starts with `openapi: 3.0.3`")
            .into());
    };
    if let Some(swagger) = root.get("swagger") {
        let message = format!(
            "Swagger {} documents are not supported; taskgen reads OpenAPI 3.0.x",
            scalar(swagger)
        );
        return Err(source
            .error("#/swagger", message)
            .with_hint(CONVERT_HINT)
            .into());
    }
    let Some(version) = root.get("openapi") else {
        return Err(source
            .error("#", "missing `openapi` version field")
            .with_hint("start the document with `openapi: 3.0.3`")
            .into());
    };
    let Value::String(version) = version else {
        let message = format!(
            "`openapi` must be a version string such as `3.0.3`, not {}",
            kind(version)
        );
        return Err(source
            .error("#/openapi", message)
            .with_hint("write the full version: `openapi: 3.0.3`")
            .into());
    };
    if is_3_0(version) {
        return Ok(());
    }
    let not_supported = format!("OpenAPI {version} is not supported; taskgen reads OpenAPI 3.0.x");
    let (message, hint) = if version.starts_with("3.1") {
        (not_supported, DOWNGRADE_HINT)
    } else if version.starts_with('2') {
        (not_supported, CONVERT_HINT)
    } else {
        let message =
            format!("unsupported OpenAPI version `{version}`; taskgen reads OpenAPI 3.0.x");
        (
            message,
            "write the document in OpenAPI 3.0 and set `openapi: 3.0.3`",
        )
    };
    Err(source.error("#/openapi", message).with_hint(hint).into())
}

/// `3.0.<patch>`.
fn is_3_0(version: &str) -> bool {
    version
        .strip_prefix("3.0.")
        .is_some_and(|patch| !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit()))
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Keys whose members are named by the user, not by the OpenAPI format: a
/// member there called `example` or `x-foo` is an ordinary member.
const NAMED_MAPS: &[&str] = &[
    "properties",
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "paths",
    "content",
    "encoding",
    "variables",
    "mapping",
];

/// Keys whose values are free-form data, where `$ref` means nothing.
fn is_free_form(container: Option<&str>, key: &str) -> bool {
    let named = container.is_some_and(|c| NAMED_MAPS.contains(&c));
    !named && (matches!(key, "example" | "default" | "enum" | "value") || key.starts_with("x-"))
}

/// Every `$ref` must point into this document, at something that exists:
/// `lower` reads one self-contained file.
fn check_refs(source: &Source, raw: &Value) -> Result<()> {
    let mut refs = Vec::new();
    collect_refs(raw, "#", None, &mut refs);
    let mut problems: Vec<SpecError> = refs
        .into_iter()
        .filter_map(|(at, target)| ref_problem(source, raw, &at, target))
        .collect();
    // The first in the text, whatever the order of the JSON object keys.
    problems.sort_by_key(|e| (e.position.is_none(), e.position));
    match problems.into_iter().next() {
        Some(err) => Err(err.into()),
        None => Ok(()),
    }
}

/// Pointers of `$ref` members (`.../$ref`) with their targets.
fn collect_refs<'a>(
    node: &'a Value,
    at: &str,
    key: Option<&str>,
    out: &mut Vec<(String, &'a str)>,
) {
    match node {
        Value::Object(map) => {
            let named = key.is_some_and(|k| NAMED_MAPS.contains(&k));
            if let (false, Some(Value::String(target))) = (named, map.get("$ref")) {
                out.push((pointer::join(at, "$ref"), target));
            }
            for (child_key, child) in map {
                if !is_free_form(key, child_key) {
                    collect_refs(child, &pointer::join(at, child_key), Some(child_key), out);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect_refs(item, &pointer::join(at, &i.to_string()), None, out);
            }
        }
        _ => {}
    }
}

fn ref_problem(source: &Source, raw: &Value, at: &str, target: &str) -> Option<SpecError> {
    if !target.starts_with("#/") {
        let message = if target.starts_with('#') {
            format!("`$ref: {target}` is not a JSON pointer into this document")
        } else {
            format!("`$ref: {target}` points outside this document")
        };
        return Some(source.error(at, message).with_hint(
            "taskgen reads one self-contained file: copy the definition under `#/components/...` \
             and refer to it as `#/components/schemas/Name`",
        ));
    }
    if resolve(raw, target).is_some() {
        return None;
    }
    let found = ancestors(target)
        .skip(1)
        .find(|p| resolve(raw, p).is_some())
        .unwrap_or("#");
    let missing = target.get(found.len() + 1..).unwrap_or(target);
    Some(
        source
            .error(
                at,
                format!("`$ref` target `{target}` does not exist: `{found}` has no `{missing}`"),
            )
            .with_hint("fix the name in the `$ref`, or add the definition it names"),
    )
}

/// Deserializes the typed document from the text, whose scalars `serde_yaml`
/// reads leniently (`version: 1.0` is fine) and whose maps keep document
/// order. A failure is located by re-reading the JSON data.
fn parse_openapi(source: &Source, raw: &Value) -> Result<openapiv3::OpenAPI> {
    // openapiv3's `ReferenceOr` panics (an `expect`) on a few inputs:
    // `check_json_compatible` refuses the known ones first, this catches any
    // other.
    let parsed = std::panic::catch_unwind(|| {
        let de = serde_yaml::Deserializer::from_str(&source.text);
        serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(de)
    });
    let failure = match parsed {
        Ok(Ok(doc)) => return Ok(doc),
        Ok(Err(err)) => Some(err),
        Err(_) => None,
    };
    // The JSON data gives clean messages, but is stricter than the text
    // (`1.0` is no string there): its failure counts only inside the place
    // where reading the text failed.
    let strict = typed::<openapiv3::OpenAPI>(raw);
    let (pointer, message) = match (failure, strict) {
        (Some(err), strict) => {
            let at = path_pointer("#", err.path());
            match strict {
                Some((path, message)) if ancestors(&path).any(|p| p == at) => {
                    drill(raw, path, message)
                }
                _ => drill(raw, at, bare_message(&err)),
            }
        }
        (None, Some((path, message))) => drill(raw, path, message),
        (None, None) => ("#".into(), "openapiv3 could not read this document".into()),
    };
    Err(typed_error(source, pointer, message).into())
}

/// The message of a `serde_yaml` error without the path before it and the
/// location after it, which the report shows its own way.
fn bare_message(err: &serde_path_to_error::Error<serde_yaml::Error>) -> String {
    let full = err.inner().to_string();
    let path = format!("{}: ", err.path());
    let message = full.strip_prefix(&path).unwrap_or(&full);
    let located = message.rfind(" at line ").filter(|&i| {
        message
            .get(i..)
            .is_some_and(|tail| tail.contains(" column "))
    });
    match located {
        Some(i) => message.get(..i).unwrap_or(message).to_string(),
        None => message.to_string(),
    }
}

fn typed_error(source: &Source, pointer: String, message: String) -> SpecError {
    let message = friendlier(&pointer, message);
    source
        .error(&pointer, format!("not a valid OpenAPI 3.0 document: {message}"))
        .with_hint("compare this place with the OpenAPI 3.0.3 specification: https://spec.openapis.org/oas/v3.0.3")
}

/// Replaces the jargon of serde and openapiv3's type names.
fn friendlier(pointer: &str, message: String) -> String {
    if message.contains("did not match any variant of untagged enum") {
        return match kind_at(pointer) {
            Some(Kind::Each(_)) | None => "this value has the wrong shape here".into(),
            Some(kind) => format!("this is not a valid {} (nor a `$ref`)", kind.name()),
        };
    }
    if message.contains("enum ParameterSchemaOrContent") {
        return "a parameter needs either `schema` or `content`".into();
    }
    // "expected struct AnySchema" and the like.
    match message.split_once("expected struct ") {
        Some((before, name)) => {
            let name = name.trim_start_matches("Any");
            format!("{before}expected a {name} object")
        }
        None => message,
    }
}

/// The pointer of a `serde_path_to_error` path under `base`.
fn path_pointer(base: &str, path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = base.to_string();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer = pointer::join(&pointer, &index.to_string()),
            Segment::Map { key } => pointer = pointer::join(&pointer, key),
            Segment::Enum { .. } => {}
            Segment::Unknown => break,
        }
    }
    pointer
}

/// Where deserializing `node` as `T` fails: the path and message.
fn typed<T: DeserializeOwned>(node: &Value) -> Option<(String, String)> {
    // See `parse_openapi` for why this catches panics.
    match std::panic::catch_unwind(|| serde_path_to_error::deserialize::<_, T>(node)) {
        Ok(Ok(_)) => None,
        Ok(Err(err)) => Some((path_pointer("#", err.path()), err.inner().to_string())),
        Err(_) => Some(("#".into(), "openapiv3 could not read this value".into())),
    }
}

/// The OpenAPI objects that sit behind untagged enums and flattened maps,
/// where serde loses the path: re-reading the node as its type finds it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    PathItem,
    Parameter,
    RequestBody,
    Response,
    Header,
    Schema,
    Example,
    Link,
    SecurityScheme,
    MediaType,
    /// Every member (or item) is of that kind.
    Each(&'static Kind),
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::PathItem => "Path Item object",
            Kind::Parameter => "Parameter object",
            Kind::RequestBody => "Request Body object",
            Kind::Response => "Response object",
            Kind::Header => "Header object",
            Kind::Schema => "Schema object",
            Kind::Example => "Example object",
            Kind::Link => "Link object",
            Kind::SecurityScheme => "Security Scheme object",
            Kind::MediaType => "Media Type object",
            Kind::Each(kind) => kind.name(),
        }
    }

    /// The first failure inside `node`, relative to it.
    fn check(self, node: &Value) -> Option<(String, String)> {
        if node.get("$ref").is_some() {
            return None;
        }
        match self {
            Kind::PathItem => typed::<openapiv3::PathItem>(node),
            // `Parameter` is tagged by `in` and loses the path inside.
            Kind::Parameter => typed::<openapiv3::Parameter>(node)
                .map(|err| deeper(err, typed::<openapiv3::ParameterData>(node))),
            Kind::RequestBody => typed::<openapiv3::RequestBody>(node),
            Kind::Response => typed::<openapiv3::Response>(node),
            Kind::Header => typed::<openapiv3::Header>(node),
            Kind::Schema => check_schema(node),
            Kind::Example => typed::<openapiv3::Example>(node),
            Kind::Link => typed::<openapiv3::Link>(node),
            Kind::SecurityScheme => typed::<openapiv3::SecurityScheme>(node),
            Kind::MediaType => typed::<openapiv3::MediaType>(node),
            Kind::Each(kind) => check_each(*kind, node),
        }
    }
}

/// `found`, unless it lacks a path and `alternative` has one.
fn deeper(found: (String, String), alternative: Option<(String, String)>) -> (String, String) {
    match alternative {
        Some(alternative) if found.0 == "#" && alternative.0 != "#" => alternative,
        _ => found,
    }
}

/// A schema's `type`-specific part is read without a path too: reading it
/// as the type its `type` names finds the offending keyword.
fn check_schema(node: &Value) -> Option<(String, String)> {
    use openapiv3::{ArrayType, BooleanType, IntegerType, NumberType, ObjectType, StringType};
    let err = typed::<openapiv3::Schema>(node)?;
    let by_type = match node.get("type").and_then(Value::as_str) {
        Some("string") => typed::<StringType>(node),
        Some("number") => typed::<NumberType>(node),
        Some("integer") => typed::<IntegerType>(node),
        Some("object") => typed::<ObjectType>(node),
        Some("array") => typed::<ArrayType>(node),
        Some("boolean") => typed::<BooleanType>(node),
        _ => None,
    };
    // `AnySchema` has every keyword, for one that does not fit the type.
    // `SchemaData` has the keywords every schema may have.
    let any = || typed::<openapiv3::AnySchema>(node);
    let data = || typed::<openapiv3::SchemaData>(node);
    Some(by_type.or_else(any).or_else(data).unwrap_or(err))
}

fn check_each(kind: Kind, node: &Value) -> Option<(String, String)> {
    let children: Vec<(String, &Value)> = match node {
        Value::Object(map) => map
            .iter()
            .filter(|(key, _)| !key.starts_with("x-"))
            .map(|(key, child)| (key.clone(), child))
            .collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, child)| (i.to_string(), child))
            .collect(),
        _ => return None,
    };
    children.into_iter().find_map(|(token, child)| {
        let (path, message) = kind.check(child)?;
        let suffix = path.strip_prefix('#').unwrap_or(&path);
        Some((format!("{}{suffix}", pointer::join("#", &token)), message))
    })
}

/// The kind of object expected at `pointer`, from its last tokens.
fn kind_at(pointer: &str) -> Option<Kind> {
    let tokens: Vec<String> = pointer::tokens(pointer).collect();
    let last = tokens.last().map(String::as_str);
    let parent = tokens
        .len()
        .checked_sub(2)
        .and_then(|i| tokens.get(i))
        .map(String::as_str);
    if parent == Some("properties") {
        return Some(Kind::Schema);
    }
    if tokens.len() == 2 && parent == Some("paths") {
        return Some(Kind::PathItem);
    }
    let by_parent = match parent {
        Some("schemas" | "allOf" | "oneOf" | "anyOf") => Some(Kind::Schema),
        Some("parameters") => Some(Kind::Parameter),
        Some("responses") => Some(Kind::Response),
        Some("headers") => Some(Kind::Header),
        Some("examples") => Some(Kind::Example),
        Some("links") => Some(Kind::Link),
        Some("requestBodies") => Some(Kind::RequestBody),
        Some("securitySchemes") => Some(Kind::SecurityScheme),
        Some("content") => Some(Kind::MediaType),
        _ => None,
    };
    by_parent.or(match last {
        Some("schema" | "items" | "not" | "additionalProperties") => Some(Kind::Schema),
        Some("requestBody") => Some(Kind::RequestBody),
        Some("paths") if tokens.len() == 1 => Some(Kind::Each(&Kind::PathItem)),
        Some("responses") => Some(Kind::Each(&Kind::Response)),
        Some("parameters") => Some(Kind::Each(&Kind::Parameter)),
        Some("properties" | "schemas" | "allOf" | "oneOf" | "anyOf") => {
            Some(Kind::Each(&Kind::Schema))
        }
        Some("content") => Some(Kind::Each(&Kind::MediaType)),
        _ => None,
    })
}

/// Follows a failure down through the objects where serde lost the path.
fn drill(raw: &Value, mut pointer: String, mut message: String) -> (String, String) {
    // Each step goes deeper into a finite document; the bound is a guard.
    for _ in 0..64 {
        let Some(kind) = kind_at(&pointer) else { break };
        let Some(node) = resolve(raw, &pointer) else {
            break;
        };
        let Some((path, inner)) = kind.check(node) else {
            break;
        };
        let suffix = path.strip_prefix('#').unwrap_or(&path).to_string();
        message = inner;
        if !suffix.is_empty() {
            pointer.push_str(&suffix);
            continue;
        }
        // The node's own reader lost the path (a flattened or tagged
        // object): a member that is itself broken is the better place.
        match broken_member(&pointer, node) {
            Some(member) => pointer = member,
            None => break,
        }
    }
    (pointer, message)
}

/// The first member of `node` that is an OpenAPI object and fails to read.
fn broken_member(at: &str, node: &Value) -> Option<String> {
    let members = node
        .as_object()?
        .iter()
        .filter(|(key, _)| !key.starts_with("x-"));
    members
        .map(|(key, child)| (pointer::join(at, key), child))
        .find(|(member, child)| kind_at(member).is_some_and(|kind| kind.check(child).is_some()))
        .map(|(member, _)| member)
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// `operationId`s name the generated methods: two equal ones would clash.
fn check_operation_ids(source: &Source, raw: &Value) -> Result<()> {
    let mut ids: Vec<(Option<Position>, String, &str)> = Vec::new();
    let paths = raw
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten();
    for (path, item) in paths {
        for method in METHODS {
            let Some(Value::String(id)) = item.get(*method).and_then(|op| op.get("operationId"))
            else {
                continue;
            };
            let at = pointer::join(
                &pointer::join(&pointer::join("#/paths", path), method),
                "operationId",
            );
            ids.push((source.position(&at), at, id));
        }
    }
    // Document order, whatever the order of the JSON object keys.
    ids.sort_by_key(|(position, ..)| (position.is_none(), *position));
    let mut first: HashMap<&str, &str> = HashMap::new();
    for (_, at, id) in &ids {
        if let Some(earlier) = first.insert(id, at.as_str()) {
            let line = source
                .position(earlier)
                .map(|(l, _)| format!(" (line {l})"))
                .unwrap_or_default();
            return Err(source
                .error(
                    at,
                    format!("duplicate operationId `{id}`: already used at {earlier}{line}"),
                )
                .with_hint("operationIds name the generated methods and must be unique: rename one")
                .into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "\
openapi: 3.0.3
info:
  title: T
  version: '1'
paths:
  /v2/tasks:
    get:
      operationId: ListTasks
      parameters:
        - name: marker
          in: query
          schema:
            type: string
        - $ref: '#/components/parameters/MaxSize'
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Task'
components:
  parameters:
    MaxSize:
      name: maxSize
      in: query
      schema: {type: integer, minimum: 1}
  schemas:
    Task:
      type: object
      properties:
        id: {type: string, example: {$ref: not-a-ref}}
";

    fn load_text(text: &str) -> Result<LoadedSpec> {
        load_str(Path::new("spec.yaml"), text)
    }

    fn spec_error(text: &str) -> SpecError {
        match load_text(text) {
            Err(Error::Spec(err)) => *err,
            Err(other) => panic!("expected a spec error, got {other}"),
            Ok(_) => panic!("expected an error, the spec loaded"),
        }
    }

    /// `MINIMAL` with `from` replaced by `to` (which must occur).
    fn edited(from: &str, to: &str) -> String {
        assert!(MINIMAL.contains(from), "{from:?} not in MINIMAL");
        MINIMAL.replacen(from, to, 1)
    }

    #[test]
    fn loads_a_valid_spec_keeping_document_order() {
        let spec = load_text(MINIMAL).unwrap();
        assert_eq!(spec.doc.paths.paths.len(), 1);
        assert_eq!(spec.raw["info"]["title"], "T");
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /b: {}\n  /a: {}\n";
        let keys: Vec<_> = load_text(text)
            .unwrap()
            .doc
            .paths
            .paths
            .keys()
            .cloned()
            .collect();
        assert_eq!(keys, ["/b", "/a"]);
    }

    #[test]
    fn positions_of_keys_items_and_root() {
        let spec = load_text(MINIMAL).unwrap();
        assert_eq!(spec.position("#"), Some((1, 1)));
        assert_eq!(spec.position("#/info/version"), Some((4, 3)));
        assert_eq!(spec.position("#/paths/~1v2~1tasks/get"), Some((7, 5)));
        // An array item that is a mapping sits at its first key.
        assert_eq!(
            spec.position("#/paths/~1v2~1tasks/get/parameters/0"),
            Some((10, 11))
        );
        assert_eq!(
            spec.position("#/paths/~1v2~1tasks/get/parameters/1"),
            Some((14, 11))
        );
        assert_eq!(
            spec.position("#/paths/~1v2~1tasks/get/responses/200"),
            Some((16, 9))
        );
        let schema = "#/paths/~1v2~1tasks/get/responses/200/content/application~1json/schema/$ref";
        assert_eq!(spec.position(schema), Some((21, 17)));
        // Flow mappings are mapped too.
        assert_eq!(
            spec.position("#/components/parameters/MaxSize/schema/minimum"),
            Some((27, 31))
        );
    }

    #[test]
    fn positions_in_json_text() {
        let text = r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
 "paths": {"/a": {"get": {"responses": {"200": {"description": "OK"}}}}}}"#;
        let spec = load_text(text).unwrap();
        assert_eq!(spec.position("#/info/version"), Some((1, 45)));
        assert_eq!(
            spec.position("#/paths/~1a/get/responses/200/description"),
            Some((2, 49))
        );
    }

    #[test]
    fn error_falls_back_to_the_nearest_ancestor_and_shows_the_line() {
        let spec = load_text(MINIMAL).unwrap();
        let err = spec.error("#/paths/~1v2~1tasks/get/x-missing/deeper", "boom");
        assert_eq!(err.position, Some((7, 5)));
        assert_eq!(err.source_line.as_deref(), Some("    get:"));
        assert_eq!(err.pointer, "#/paths/~1v2~1tasks/get/x-missing/deeper");
        assert_eq!(err.message, "boom");
        let rendered = err.to_string();
        assert!(
            rendered.starts_with("spec.yaml:7:5: #/paths/~1v2~1tasks/get/x-missing/deeper: boom"),
            "{rendered}"
        );
    }

    #[test]
    fn refuses_yaml_syntax_errors_at_their_place() {
        let err = spec_error("openapi: 3.0.3\ninfo:\n  title: [T\n  version: '1'\n");
        assert_eq!(err.pointer, "#");
        assert!(
            err.message.starts_with("cannot parse as YAML"),
            "{}",
            err.message
        );
        assert!(
            err.position.is_some_and(|(line, _)| line >= 3),
            "{:?}",
            err.position
        );
        assert!(err.hint.is_some());
    }

    #[test]
    fn refuses_documents_that_are_not_mappings() {
        let err = spec_error("- openapi\n- 3.0.3\n");
        assert_eq!((err.pointer.as_str(), err.position), ("#", Some((1, 1))));
        assert!(
            err.message.contains("is a list, not a mapping"),
            "{}",
            err.message
        );
        let err = spec_error("# nothing but a comment\n");
        assert!(err.message.contains("empty"), "{}", err.message);
    }

    #[test]
    fn refuses_swagger_2() {
        let err = spec_error("swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\n");
        assert_eq!(
            (err.pointer.as_str(), err.position),
            ("#/swagger", Some((1, 1)))
        );
        assert!(err.message.contains("Swagger 2.0"), "{}", err.message);
        assert!(err.hint.unwrap().contains("convert"));
    }

    #[test]
    fn refuses_openapi_3_1_and_other_versions() {
        let err = spec_error(&edited("openapi: 3.0.3", "openapi: 3.1.0"));
        assert_eq!(
            (err.pointer.as_str(), err.position),
            ("#/openapi", Some((1, 1)))
        );
        assert!(
            err.message.contains("3.1.0 is not supported"),
            "{}",
            err.message
        );
        assert!(err.hint.unwrap().contains("nullable"));
        for version in ["4.0.0", "3.0", "'3.0.x'", "2.0"] {
            let err = spec_error(&edited("openapi: 3.0.3", &format!("openapi: {version}")));
            assert_eq!(err.pointer, "#/openapi", "{version}");
        }
    }

    #[test]
    fn refuses_a_missing_openapi_field() {
        let err = spec_error(&edited("openapi: 3.0.3\n", "# no version\n"));
        assert_eq!((err.pointer.as_str(), err.position), ("#", Some((2, 1))));
        assert!(err.message.contains("missing `openapi`"), "{}", err.message);
        assert!(err.hint.unwrap().contains("openapi: 3.0.3"));
    }

    #[test]
    fn refuses_external_refs() {
        let err = spec_error(&edited(
            "'#/components/schemas/Task'",
            "'common.yaml#/Task'",
        ));
        let at = "#/paths/~1v2~1tasks/get/responses/200/content/application~1json/schema/$ref";
        assert_eq!((err.pointer.as_str(), err.position), (at, Some((21, 17))));
        assert!(
            err.message.contains("common.yaml#/Task` points outside"),
            "{}",
            err.message
        );
        assert_eq!(
            err.source_line.as_deref(),
            Some("                $ref: 'common.yaml#/Task'")
        );
        assert!(err.hint.is_some());
    }

    #[test]
    fn refuses_unresolved_refs_at_the_ref() {
        let err = spec_error(&edited(
            "'#/components/parameters/MaxSize'",
            "'#/components/parameters/MaxSise'",
        ));
        assert_eq!(err.pointer, "#/paths/~1v2~1tasks/get/parameters/1/$ref");
        assert_eq!(err.position, Some((14, 11)));
        assert!(
            err.message
                .contains("`#/components/parameters/MaxSise` does not exist"),
            "{}",
            err.message
        );
        assert!(
            err.message
                .contains("`#/components/parameters` has no `MaxSise`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn ignores_ref_keys_inside_examples_and_extensions() {
        // MINIMAL has `example: {$ref: not-a-ref}`; a property may be named `$ref` too.
        let text = edited("        id:", "        $ref: {type: string}\n        id:");
        let text = text.replacen(
            "      type: object",
            "      type: object\n      x-data: {$ref: nowhere}",
            1,
        );
        load_text(&text).unwrap();
    }

    #[test]
    fn refuses_duplicate_operation_ids_at_the_second() {
        // `/b` comes first in the text but sorts after `/a`.
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /b:\n    get:\n      operationId: Same\n      responses: {}\n  /a:\n    post:\n      operationId: Same\n      responses: {}\n";
        let err = spec_error(text);
        assert_eq!(
            (err.pointer.as_str(), err.position),
            ("#/paths/~1a/post/operationId", Some((10, 7)))
        );
        assert!(
            err.message
                .contains("already used at #/paths/~1b/get/operationId (line 6)"),
            "{}",
            err.message
        );
    }

    #[test]
    fn refuses_duplicate_keys() {
        let err = spec_error(&edited("  version: '1'\n", "  version: '1'\n  title: U\n"));
        assert_eq!(
            (err.pointer.as_str(), err.position),
            ("#/info/title", Some((5, 3)))
        );
        assert!(err.message.contains("line 3"), "{}", err.message);
    }

    #[test]
    fn refuses_non_finite_numbers_instead_of_crashing() {
        let err = spec_error(&edited("minimum: 1}", "minimum: .inf}"));
        assert_eq!(
            err.pointer,
            "#/components/parameters/MaxSize/schema/minimum"
        );
        assert!(err.message.contains("`.inf`"), "{}", err.message);
        load_text(&edited(
            "minimum: 1}",
            "minimum: 1}\n      description: '.nan'",
        ))
        .unwrap();
    }

    #[test]
    fn locates_typed_errors_behind_untagged_enums() {
        let err = spec_error(&edited(
            "in: query\n          schema",
            "in: querx\n          schema",
        ));
        assert_eq!(err.pointer, "#/paths/~1v2~1tasks/get/parameters/0/in");
        assert_eq!(err.position, Some((11, 11)));
        assert!(
            err.message.contains("unknown variant `querx`"),
            "{}",
            err.message
        );

        let err = spec_error(&edited("minimum: 1}", "minimum: one}"));
        assert_eq!(
            err.pointer,
            "#/components/parameters/MaxSize/schema/minimum"
        );
        assert!(err.message.contains("invalid type"), "{}", err.message);

        let err = spec_error(&edited("          description: OK\n", ""));
        assert_eq!(err.pointer, "#/paths/~1v2~1tasks/get/responses/200");
        assert!(
            err.message.contains("missing field `description`"),
            "{}",
            err.message
        );

        // The text reads `version: 1.0` leniently; that is no reason to
        // report it instead of the real problem.
        let text = edited("  version: '1'", "  version: 1.0");
        let err =
            spec_error(&text.replacen("in: query\n", "in: query\n          required: 7\n", 1));
        assert_eq!(err.pointer, "#/paths/~1v2~1tasks/get/parameters/0/required");
        assert!(
            err.message.contains("invalid type: integer `7`"),
            "{}",
            err.message
        );

        let err = spec_error(&edited(
            "type: integer, minimum: 1",
            "type: integer, maxLength: x",
        ));
        assert_eq!(
            err.pointer,
            "#/components/parameters/MaxSize/schema/maxLength"
        );

        let err = spec_error(&edited(
            "      type: object\n",
            "      allOf: [{type: object, required: yes}]\n",
        ));
        assert_eq!(err.pointer, "#/components/schemas/Task/allOf/0/required");

        let err = spec_error(&edited("  title: T\n", ""));
        assert_eq!(
            (err.pointer.as_str(), err.position),
            ("#/info", Some((2, 1)))
        );
        assert!(
            err.message.contains("missing field `title`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn never_panics_on_mangled_specs() {
        // A deterministic walk over small edits of a valid spec.
        let pieces = [
            "", ":", "- ", "{", "]", "'", "$ref: x", "\n  ", ".inf", "&a ", "*a", "? ", "~", "\t",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..1500 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut text: Vec<char> = MINIMAL.chars().collect();
            let at = (seed % text.len() as u64) as usize;
            let cut = ((seed >> 20) % 4) as usize;
            let piece = pieces[((seed >> 32) % pieces.len() as u64) as usize];
            text.splice(at..(at + cut).min(text.len()), piece.chars());
            let _ = load_text(&text.into_iter().collect::<String>());
        }
    }
}
