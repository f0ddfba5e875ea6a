//! The rule registry: every rule's stable id, default severity and the text
//! `taskgen lint --explain` prints. Rules are referred to by these statics,
//! so an id is written once.

use std::fmt;

/// How much a diagnostic matters. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; never fails a run.
    Info,
    /// Likely a mistake; fails a run with `--deny warnings`.
    Warning,
    /// A mistake; fails the run.
    Error,
}

impl Severity {
    /// `info`, `warning` or `error`, as printed and as written in `taskgen.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One lint rule.
#[derive(Debug)]
pub struct Rule {
    /// Stable id: `TG01xx` structure, `TG02xx` content, `TG03xx` examples,
    /// `TG04xx` generator-specific.
    pub id: &'static str,
    /// Short kebab-case name.
    pub name: &'static str,
    /// Its severity unless configured otherwise.
    pub severity: Severity,
    /// What the rule reports, one sentence.
    pub summary: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// A YAML fragment the rule reports.
    pub bad: &'static str,
    /// The same fragment fixed.
    pub good: &'static str,
}

macro_rules! rules {
    ($($konst:ident = $id:literal $name:literal $severity:ident {
        summary: $summary:literal,
        why: $why:literal,
        bad: $bad:literal,
        good: $good:literal $(,)?
    })*) => {
        $(
            #[doc = $summary]
            pub static $konst: Rule = Rule {
                id: $id,
                name: $name,
                severity: Severity::$severity,
                summary: $summary,
                why: $why,
                bad: $bad,
                good: $good,
            };
        )*
        /// Every rule, in id order.
        pub static RULES: &[&Rule] = &[$(&$konst),*];
    };
}

rules! {
    INVALID_DOCUMENT = "TG0100" "invalid-document" Error {
        summary: "The document does not read as an OpenAPI 3.0 document (a wrong shape, a value JSON cannot hold).",
        why: "Every tool reading the spec, taskgen included, refuses or misreads it.",
        bad: "paths:\n  /tasks:\n    get:\n      responses: [200]",
        good: "paths:\n  /tasks:\n    get:\n      responses:\n        '200': {description: OK}",
    }
    NOT_OPENAPI_30 = "TG0101" "openapi-version" Error {
        summary: "The document is not OpenAPI 3.0.x or 3.1.x (Swagger 2.0, OpenAPI 3.2, no `openapi` field).",
        why: "taskgen reads OpenAPI 3.0 and 3.1 only; 2.0 and later versions differ in ways that would be misread silently.",
        bad: "openapi: 3.2.0",
        good: "openapi: 3.0.3",
    }
    UNRESOLVED_REF = "TG0102" "unresolved-ref" Error {
        summary: "A `$ref` points outside the document or at nothing.",
        why: "The schema or parameter it names does not exist, so no tool can know its shape.",
        bad: "schema:\n  $ref: '#/components/schemas/Tsak'",
        good: "schema:\n  $ref: '#/components/schemas/Task'",
    }
    DUPLICATE_OPERATION_ID = "TG0103" "duplicate-operation-id" Error {
        summary: "Two operations share an `operationId`.",
        why: "operationIds name the generated methods and request types: two equal ones clash.",
        bad: "/a:\n  get: {operationId: List}\n/b:\n  get: {operationId: List}",
        good: "/a:\n  get: {operationId: ListA}\n/b:\n  get: {operationId: ListB}",
    }
    MISSING_OPERATION_ID = "TG0104" "missing-operation-id" Error {
        summary: "An operation has no `operationId`.",
        why: "The generated method and request type are named after it; without one there is no stable name.",
        bad: "get:\n  responses: {...}",
        good: "get:\n  operationId: ListTasks\n  responses: {...}",
    }
    PATH_PARAMETER_UNDECLARED = "TG0105" "path-parameter-undeclared" Error {
        summary: "A `{name}` in the path has no `in: path` parameter, or an `in: path` parameter is not in the path.",
        why: "The client cannot fill the path template: requests go to a literal `{name}` or drop a value.",
        bad: "/v2/{project_id}/tasks:\n  get:\n    parameters: []",
        good: "/v2/{project_id}/tasks:\n  get:\n    parameters:\n      - {name: project_id, in: path, required: true, schema: {type: string}}",
    }
    PATH_PARAMETER_OPTIONAL = "TG0106" "path-parameter-optional" Error {
        summary: "A path parameter is not `required: true`.",
        why: "OpenAPI requires it: a path cannot have a hole, and the generated field would be an `Option` that must be set.",
        bad: "- {name: id, in: path, schema: {type: string}}",
        good: "- {name: id, in: path, required: true, schema: {type: string}}",
    }
    PARAMETER_WITHOUT_SCHEMA = "TG0107" "parameter-without-schema" Error {
        summary: "A parameter has neither `schema` nor `content`, or both.",
        why: "Its type is unknown (or ambiguous), so no typed field can be generated for it.",
        bad: "- {name: page, in: query}",
        good: "- {name: page, in: query, schema: {type: integer}}",
    }
    DUPLICATE_PARAMETER = "TG0108" "duplicate-parameter" Error {
        summary: "Two parameters of one operation share a name and location.",
        why: "OpenAPI forbids it; which one applies is undefined, and the generated fields would clash.",
        bad: "- {name: page, in: query, schema: {type: integer}}\n- {name: page, in: query, schema: {type: string}}",
        good: "- {name: page, in: query, schema: {type: integer}}",
    }
    DUPLICATE_KEY = "TG0109" "duplicate-key" Error {
        summary: "A mapping sets the same key twice.",
        why: "YAML readers silently keep only the last, so half of what was written is lost.",
        bad: "properties:\n  Status: {type: string}\n  Status: {type: integer}",
        good: "properties:\n  Status: {type: string}",
    }
    MISSING_DESCRIPTION = "TG0201" "missing-description" Warning {
        summary: "An operation, parameter or property has no description.",
        why: "Descriptions become the rustdoc of the generated items; without one a user must read the vendor's page.",
        bad: "- {name: page, in: query, schema: {type: integer}}",
        good: "- name: page\n  in: query\n  description: The 1-based page number.\n  schema: {type: integer}",
    }
    ENUM_WITHOUT_TYPE = "TG0202" "enum-without-type" Warning {
        summary: "A schema has an `enum` but no `type`.",
        why: "The generator cannot tell a string enum from numbers or mixed values, and generic tools guess differently.",
        bad: "enum: [Running, Failed]",
        good: "type: string\nenum: [Running, Failed]",
    }
    DUPLICATE_ENUM_VALUE = "TG0203" "duplicate-enum-value" Error {
        summary: "An `enum` lists the same value twice.",
        why: "Usually a vendor page listing one value twice in place of another one (seed 000's sort fields): a value is missing.",
        bad: "enum: [TaskId, StartTime, StartTime]",
        good: "enum: [TaskId, StartTime, EndTime]",
    }
    ENUM_SPELLING_VARIANTS = "TG0204" "enum-spelling-variants" Warning {
        summary: "Enum values differ only in case or separators and are not declared aliases.",
        why: "A vendor spelling one state two ways gets two Rust variants that mean the same thing; code matching one misses the other.",
        bad: "enum: [Running, RUNNING, Failed]",
        good: "enum: [Running, RUNNING, Failed]\nx-taskgen-enum:\n  open: true\n  aliases: {RUNNING: Running}",
    }
    CONTRADICTORY_BOUNDS = "TG0205" "contradictory-bounds" Error {
        summary: "A lower bound is above its upper bound (minimum/maximum, minLength/maxLength, minItems/maxItems).",
        why: "No value satisfies the schema: the client would refuse every request.",
        bad: "type: integer\nminimum: 100\nmaximum: 1",
        good: "type: integer\nminimum: 1\nmaximum: 100",
    }
    INVALID_DEFAULT = "TG0206" "invalid-default" Error {
        summary: "A `default` does not fit its schema (outside the bounds, not in the enum, wrong type).",
        why: "The generated docs promise a default the server would refuse, or that the types cannot hold.",
        bad: "type: integer\nmaximum: 100\ndefault: 500",
        good: "type: integer\nmaximum: 100\ndefault: 50",
    }
    PATTERN_UNSUPPORTED = "TG0207" "pattern-unsupported" Warning {
        summary: "A `pattern` does not compile in the regex dialect the runtime uses (the Rust `regex` crate: no look-around, no backreferences).",
        why: "The generated client cannot check it and sends values the server may refuse; a broken pattern is a transcription mistake.",
        bad: "pattern: '^(?!-)[a-z-]+$'",
        good: "pattern: '^[a-z][a-z-]*$'",
    }
    PATTERN_PADDED = "TG0208" "pattern-padded" Warning {
        summary: "A `pattern` starts with whitespace or a quote, ends with a quote, or has whitespace after its closing `$`.",
        why: "Copied with its surrounding quotes or spaces from a vendor page, it no longer matches the values it should.",
        bad: "pattern: ' ^[a-z0-9]+$ '",
        good: "pattern: '^[a-z0-9]+$'",
    }
    DESCRIPTION_ENUM_MISMATCH = "TG0209" "description-enum-mismatch" Warning {
        summary: "A description lists values (\"Valid values: ...\", \"Options: ...\") that differ from the `enum`.",
        why: "One of the two is wrong: a value the docs promise is refused by the types, or a value is undocumented.",
        bad: "description: 'Valid values: TaskId, StartTime.'\nenum: [TaskId, StartTime, EndTime]",
        good: "description: 'Valid values: TaskId, StartTime, EndTime.'\nenum: [TaskId, StartTime, EndTime]",
    }
    KEYWORD_TYPE_MISMATCH = "TG0210" "keyword-type-mismatch" Warning {
        summary: "A bound or format keyword does not apply to the schema's `type` (`maximum` on a string, `maxLength` on an integer).",
        why: "The keyword is ignored, so the bound is silently lost; often the `type` itself was transcribed wrong.",
        bad: "type: string\nminimum: 1\nmaximum: 100",
        good: "type: integer\nminimum: 1\nmaximum: 100",
    }
    COPIED_DESCRIPTION = "TG0211" "copied-description" Warning {
        summary: "Two parameters of one operation have the same description.",
        why: "A description copied from its neighbour (a range's start and end) documents the wrong thing.",
        bad: "- {name: beginTime, description: Start of the creation time range.}\n- {name: endTime, description: Start of the creation time range.}",
        good: "- {name: beginTime, description: Start of the creation time range.}\n- {name: endTime, description: End of the creation time range.}",
    }
    EXAMPLE_MISMATCH = "TG0301" "example-mismatch" Error {
        summary: "An example (of a parameter, media type, property or schema) does not validate against its schema.",
        why: "Examples become the generated docs and test data; one that the schema refuses is a wrong value or a wrong schema.",
        bad: "schema: {type: string, enum: [Running, Succeeded]}\nexample: Succeed",
        good: "schema: {type: string, enum: [Running, Succeeded]}\nexample: Succeeded",
    }
    ENUM_VALUE_MISMATCH = "TG0302" "enum-value-mismatch" Error {
        summary: "An `enum` value does not fit the schema it belongs to (wrong type, outside the bounds).",
        why: "The generated enum has a variant no valid value can produce.",
        bad: "type: string\nenum: [low, 2]",
        good: "type: string\nenum: [low, high]",
    }
    RUST_NAME_COLLISION = "TG0401" "rust-name-collision" Warning {
        summary: "Two spec names map to the same Rust name after case conversion (`taskId` and `task_id`).",
        why: "The generator keeps both by suffixing one (`task_id_2`), an unstable, surprising name.",
        bad: "properties:\n  taskId: {type: string}\n  task_id: {type: string}",
        good: "properties:\n  taskId: {type: string}",
    }
    EXTENSION_INVALID = "TG0402" "extension-invalid" Error {
        summary: "An `x-taskgen-*` extension is unknown, malformed or inconsistent with its operation (pagination fields that do not exist or have the wrong type, RPC encodings naming no parameter, aliases of no value).",
        why: "The extensions drive the generated client; `taskgen generate` refuses the spec.",
        bad: "x-taskgen-pagination:\n  style: next-token\n  request: {cursor: Token, page-size: MaxResults}",
        good: "x-taskgen-pagination:\n  style: next-token\n  request: {cursor: NextToken, page-size: MaxResults}",
    }
    SECRET_NOT_SENSITIVE = "TG0403" "secret-not-sensitive" Warning {
        summary: "A property or parameter named like a secret (password, token, secret, key, credential) is not marked `x-taskgen-sensitive`.",
        why: "Its value would be printed by the generated `Debug` and end up in logs.",
        bad: "password: {type: string}",
        good: "password:\n  type: string\n  format: password\n  x-taskgen-sensitive: true",
    }
    UNUSED_COMPONENT = "TG0404" "unused-component" Warning {
        summary: "A component (schema, parameter, response, ...) is never referenced.",
        why: "Dead definitions drift from the API; a generated type nobody uses is noise.",
        bad: "components:\n  schemas:\n    OldTask: {type: object}",
        good: "components:\n  schemas: {}",
    }
    GENERATOR_REFUSES = "TG0405" "generator-refuses" Error {
        summary: "`taskgen generate` refuses the spec for a reason no other rule reports.",
        why: "No client can be generated until it is fixed.",
        bad: "servers: []   # with signing schemes",
        good: "servers:\n  - url: https://imm.cn-hangzhou.aliyuncs.com",
    }
    SUPPRESSION_INVALID = "TG0406" "suppression-invalid" Error {
        summary: "An `x-taskgen-lint` suppression has no reason, names an unknown rule, or is malformed.",
        why: "A silenced diagnostic must say why, so the next reader can tell a decision from a shortcut.",
        bad: "x-taskgen-lint: {allow: [TG0207]}",
        good: "x-taskgen-lint:\n  allow: [TG0207]\n  reason: The vendor's pattern uses look-ahead; the server checks it.",
    }
    GENERATOR_READS_LOOSELY = "TG0407" "generator-reads-loosely" Warning {
        summary: "`taskgen generate` reads part of the spec loosely or not at all, with a warning (an OpenAPI 3.1 construct with no 3.0 form, callbacks, an `allOf` that does not merge, a bound too wide for 64 bits).",
        why: "The generated client does not check or type that part as the spec says.",
        bad: "allOf:\n  - $ref: '#/components/schemas/Pet'\n  - type: string",
        good: "allOf:\n  - $ref: '#/components/schemas/Pet'\n  - $ref: '#/components/schemas/Owner'",
    }
}

/// The rule with this id (`TG0203`) or name (`duplicate-enum-value`).
pub fn find(id_or_name: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|rule| rule.id.eq_ignore_ascii_case(id_or_name) || rule.name == id_or_name)
}

/// What `taskgen lint --explain RULE` prints.
pub fn explain(rule: &Rule) -> String {
    let indent = |text: &str| {
        text.lines()
            .map(|line| format!("    {line}\n"))
            .collect::<String>()
    };
    format!(
        "{id} ({name}), default severity: {severity}\n\n{summary}\n\nWhy it matters: {why}\n\n\
         Reported:\n\n{bad}\nFixed:\n\n{good}\n\
         Turn it off or re-level it in taskgen.toml (`[lint.rules]` {id} = \"off\"), or on the \
         node with `x-taskgen-lint: {{allow: [{id}], reason: \"...\"}}`.\n",
        id = rule.id,
        name = rule.name,
        severity = rule.severity,
        summary = rule.summary,
        why = rule.why,
        bad = indent(rule.bad),
        good = indent(rule.good),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_names_are_unique_and_well_formed() {
        for (i, rule) in RULES.iter().enumerate() {
            assert!(
                rule.id.len() == 6 && rule.id.starts_with("TG"),
                "{}",
                rule.id
            );
            for other in &RULES[..i] {
                assert!(other.id < rule.id, "{} is out of order", rule.id);
                assert_ne!(other.name, rule.name);
            }
        }
        assert_eq!(find("tg0203").map(|r| r.name), Some("duplicate-enum-value"));
        assert_eq!(find("duplicate-enum-value").map(|r| r.id), Some("TG0203"));
        assert!(find("TG9999").is_none());
    }
}
