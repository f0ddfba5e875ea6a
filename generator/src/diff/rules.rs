//! Every kind of change `diff` reports: its stable id, what it does to a
//! caller of the HTTP API and what it does to Rust code using the generated
//! crate. Ids follow oasdiff's checker ids where oasdiff has one; the rest
//! (pagination, signing, sensitivity, renames, docs) are taskgen's own.

use serde::Serialize;

/// What a change does to a caller of the HTTP API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ApiImpact {
    /// Callers of the API keep working.
    NonBreaking,
    /// Some callers of the API stop working.
    Breaking,
}

/// What a change does to Rust code using the generated crate: the part of
/// the version to bump. Ordered, so the overall bump is the maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Rust code compiles and behaves as before (docs, bounds, wire details).
    Patch,
    /// Rust code compiles as before; something was added.
    Minor,
    /// Rust code may no longer compile.
    Major,
}

impl Level {
    /// `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Patch => "patch",
            Level::Minor => "minor",
            Level::Major => "major",
        }
    }
}

impl ApiImpact {
    /// `non-breaking` or `breaking`.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiImpact::NonBreaking => "non-breaking",
            ApiImpact::Breaking => "breaking",
        }
    }
}

/// A kind of change with its usual impacts. A few kinds depend on the case
/// (a new enum value is minor for an open enum, major for a closed one; a
/// required flag flip is patch when the Rust field stays an `Option`): the
/// comparison then passes the level it found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable id (`request-parameter-removed`).
    pub id: &'static str,
    /// Its usual impact on callers of the API.
    pub api: ApiImpact,
    /// Its usual impact on Rust code.
    pub rust: Level,
}

use ApiImpact::{Breaking, NonBreaking};
use Level::{Major, Minor, Patch};

const fn rule(id: &'static str, api: ApiImpact, rust: Level) -> Rule {
    Rule { id, api, rust }
}

// Specs and operations.
pub(crate) const SPEC_ADDED: Rule = rule("spec-added", NonBreaking, Minor);
pub(crate) const SPEC_REMOVED: Rule = rule("spec-removed", Breaking, Major);
pub(crate) const ENDPOINT_ADDED: Rule = rule("endpoint-added", NonBreaking, Minor);
pub(crate) const OPERATION_REMOVED: Rule = rule("api-operation-removed", Breaking, Major);
pub(crate) const OPERATION_ID_CHANGED: Rule = rule("api-operation-id-removed", NonBreaking, Major);
pub(crate) const OPERATION_MOVED: Rule = rule("operation-endpoint-changed", Breaking, Patch);
pub(crate) const RPC_CHANGED: Rule = rule("rpc-wire-changed", Breaking, Patch);
pub(crate) const RPC_IDEMPOTENCY_CHANGED: Rule =
    rule("rpc-idempotency-changed", NonBreaking, Patch);

// Request parameters.
pub(crate) const NEW_REQUIRED_PARAMETER: Rule =
    rule("new-required-request-parameter", Breaking, Major);
pub(crate) const NEW_OPTIONAL_PARAMETER: Rule =
    rule("new-optional-request-parameter", NonBreaking, Minor);
pub(crate) const PARAMETER_REMOVED: Rule = rule("request-parameter-removed", Breaking, Major);
pub(crate) const PARAMETER_BECAME_REQUIRED: Rule =
    rule("request-parameter-became-required", Breaking, Major);
pub(crate) const PARAMETER_BECAME_OPTIONAL: Rule =
    rule("request-parameter-became-optional", NonBreaking, Major);
pub(crate) const PARAMETER_TYPE_CHANGED: Rule =
    rule("request-parameter-type-changed", Breaking, Major);
pub(crate) const PARAMETER_ENUM_VALUE_ADDED: Rule =
    rule("request-parameter-enum-value-added", NonBreaking, Minor);
pub(crate) const PARAMETER_ENUM_VALUE_REMOVED: Rule =
    rule("request-parameter-enum-value-removed", Breaking, Major);

// Request bodies and their properties.
pub(crate) const REQUEST_BODY_ADDED: Rule = rule("request-body-added", NonBreaking, Minor);
pub(crate) const REQUEST_BODY_REMOVED: Rule = rule("request-body-removed", Breaking, Major);
pub(crate) const REQUEST_BODY_BECAME_REQUIRED: Rule =
    rule("request-body-became-required", Breaking, Major);
pub(crate) const REQUEST_BODY_BECAME_OPTIONAL: Rule =
    rule("request-body-became-optional", NonBreaking, Major);
pub(crate) const REQUEST_BODY_TYPE_CHANGED: Rule =
    rule("request-body-type-changed", Breaking, Major);
pub(crate) const NEW_REQUIRED_PROPERTY: Rule =
    rule("new-required-request-property", Breaking, Major);
pub(crate) const NEW_OPTIONAL_PROPERTY: Rule =
    rule("new-optional-request-property", NonBreaking, Minor);
pub(crate) const REQUEST_PROPERTY_REMOVED: Rule = rule("request-property-removed", Breaking, Major);
pub(crate) const REQUEST_PROPERTY_BECAME_REQUIRED: Rule =
    rule("request-property-became-required", Breaking, Major);
pub(crate) const REQUEST_PROPERTY_BECAME_OPTIONAL: Rule =
    rule("request-property-became-optional", NonBreaking, Major);
pub(crate) const REQUEST_PROPERTY_TYPE_CHANGED: Rule =
    rule("request-property-type-changed", Breaking, Major);
pub(crate) const REQUEST_PROPERTY_ENUM_VALUE_ADDED: Rule =
    rule("request-property-enum-value-added", NonBreaking, Minor);
pub(crate) const REQUEST_PROPERTY_ENUM_VALUE_REMOVED: Rule =
    rule("request-property-enum-value-removed", Breaking, Major);

// Bounds on request values (parameters and properties alike): the client
// checks them before sending, so Rust code compiles as before.
pub(crate) const MAX_DECREASED: Rule = rule("request-parameter-max-decreased", Breaking, Patch);
pub(crate) const MAX_INCREASED: Rule = rule("request-parameter-max-increased", NonBreaking, Patch);
pub(crate) const MIN_INCREASED: Rule = rule("request-parameter-min-increased", Breaking, Patch);
pub(crate) const MIN_DECREASED: Rule = rule("request-parameter-min-decreased", NonBreaking, Patch);
pub(crate) const MAX_LENGTH_DECREASED: Rule =
    rule("request-parameter-max-length-decreased", Breaking, Patch);
pub(crate) const MAX_LENGTH_INCREASED: Rule =
    rule("request-parameter-max-length-increased", NonBreaking, Patch);
pub(crate) const MIN_LENGTH_INCREASED: Rule =
    rule("request-parameter-min-length-increased", Breaking, Patch);
pub(crate) const MIN_LENGTH_DECREASED: Rule =
    rule("request-parameter-min-length-decreased", NonBreaking, Patch);
pub(crate) const MAX_ITEMS_DECREASED: Rule =
    rule("request-parameter-max-items-decreased", Breaking, Patch);
pub(crate) const MAX_ITEMS_INCREASED: Rule =
    rule("request-parameter-max-items-increased", NonBreaking, Patch);
pub(crate) const MIN_ITEMS_INCREASED: Rule =
    rule("request-parameter-min-items-increased", Breaking, Patch);
pub(crate) const MIN_ITEMS_DECREASED: Rule =
    rule("request-parameter-min-items-decreased", NonBreaking, Patch);
pub(crate) const PATTERN_ADDED: Rule = rule("request-parameter-pattern-added", Breaking, Patch);
pub(crate) const PATTERN_CHANGED: Rule = rule("request-parameter-pattern-changed", Breaking, Patch);
pub(crate) const PATTERN_REMOVED: Rule =
    rule("request-parameter-pattern-removed", NonBreaking, Patch);

// Responses.
pub(crate) const RESPONSE_BODY_ADDED: Rule = rule("response-body-added", NonBreaking, Major);
pub(crate) const RESPONSE_BODY_REMOVED: Rule = rule("response-body-removed", Breaking, Major);
pub(crate) const RESPONSE_BODY_TYPE_CHANGED: Rule =
    rule("response-body-type-changed", Breaking, Major);
pub(crate) const RESPONSE_PROPERTY_REMOVED: Rule =
    rule("response-property-removed", Breaking, Major);
pub(crate) const RESPONSE_OPTIONAL_PROPERTY_ADDED: Rule =
    rule("response-optional-property-added", NonBreaking, Minor);
pub(crate) const RESPONSE_REQUIRED_PROPERTY_ADDED: Rule =
    rule("response-required-property-added", NonBreaking, Minor);
pub(crate) const RESPONSE_PROPERTY_BECAME_OPTIONAL: Rule =
    rule("response-property-became-optional", Breaking, Major);
pub(crate) const RESPONSE_PROPERTY_BECAME_REQUIRED: Rule =
    rule("response-property-became-required", NonBreaking, Major);
pub(crate) const RESPONSE_PROPERTY_BECAME_NULLABLE: Rule =
    rule("response-property-became-nullable", Breaking, Major);
pub(crate) const RESPONSE_PROPERTY_BECAME_NOT_NULLABLE: Rule =
    rule("response-property-became-not-nullable", NonBreaking, Major);
pub(crate) const RESPONSE_PROPERTY_TYPE_CHANGED: Rule =
    rule("response-property-type-changed", Breaking, Major);
pub(crate) const RESPONSE_ENUM_VALUE_ADDED: Rule =
    rule("response-property-enum-value-added", NonBreaking, Minor);
pub(crate) const RESPONSE_ENUM_VALUE_REMOVED: Rule =
    rule("response-property-enum-value-removed", NonBreaking, Major);

// Types as Rust sees them.
pub(crate) const SCHEMA_ADDED: Rule = rule("schema-added", NonBreaking, Minor);
pub(crate) const SCHEMA_REMOVED: Rule = rule("schema-removed", NonBreaking, Major);
pub(crate) const SCHEMA_RENAMED: Rule = rule("schema-renamed", NonBreaking, Major);
pub(crate) const ENUM_BECAME_OPEN: Rule = rule("enum-became-open", NonBreaking, Major);
pub(crate) const ENUM_BECAME_CLOSED: Rule = rule("enum-became-closed", Breaking, Major);
pub(crate) const ENUM_VARIANT_RENAMED: Rule = rule("enum-variant-renamed", NonBreaking, Major);
pub(crate) const FIELD_BECAME_SENSITIVE: Rule = rule("field-became-sensitive", NonBreaking, Patch);
pub(crate) const FIELD_NO_LONGER_SENSITIVE: Rule =
    rule("field-no-longer-sensitive", NonBreaking, Patch);
pub(crate) const DOC_CHANGED: Rule = rule("doc-changed", NonBreaking, Patch);

// Paging and the client.
pub(crate) const PAGINATION_ADDED: Rule = rule("pagination-added", NonBreaking, Minor);
pub(crate) const PAGINATION_REMOVED: Rule = rule("pagination-removed", Breaking, Major);
pub(crate) const PAGINATION_STYLE_CHANGED: Rule = rule("pagination-style-changed", Breaking, Patch);
pub(crate) const PAGINATION_STOP_RULE_CHANGED: Rule =
    rule("pagination-stop-rule-changed", NonBreaking, Patch);
pub(crate) const CLIENT_ADDED: Rule = rule("client-added", NonBreaking, Minor);
pub(crate) const CLIENT_REMOVED: Rule = rule("client-removed", Breaking, Major);
pub(crate) const SIGNING_SCHEME_CHANGED: Rule = rule("signing-scheme-changed", Breaking, Major);
pub(crate) const ENDPOINT_URL_CHANGED: Rule = rule("endpoint-url-changed", Breaking, Patch);
pub(crate) const ERROR_FORMAT_CHANGED: Rule = rule("error-format-changed", NonBreaking, Patch);

// Security schemes (each a `with_*` method of the client) and requirements.
pub(crate) const SECURITY_SCHEME_ADDED: Rule =
    rule("api-security-component-added", NonBreaking, Minor);
pub(crate) const SECURITY_SCHEME_REMOVED: Rule =
    rule("api-security-component-removed", Breaking, Major);
pub(crate) const SECURITY_SCHEME_CHANGED: Rule =
    rule("api-security-component-changed", Breaking, Patch);
pub(crate) const API_SECURITY_REQUIRED: Rule = rule("api-security-required", Breaking, Patch);
pub(crate) const API_SECURITY_NO_LONGER_REQUIRED: Rule =
    rule("api-security-no-longer-required", NonBreaking, Patch);
pub(crate) const API_SECURITY_ADDED: Rule = rule("api-security-added", NonBreaking, Patch);
pub(crate) const API_SECURITY_REMOVED: Rule = rule("api-security-removed", Breaking, Patch);

// Responses by status (variants of `#[non_exhaustive]` enums).
pub(crate) const RESPONSE_SUCCESS_STATUS_ADDED: Rule =
    rule("response-success-status-added", NonBreaking, Minor);
pub(crate) const RESPONSE_SUCCESS_STATUS_REMOVED: Rule =
    rule("response-success-status-removed", Breaking, Major);
pub(crate) const RESPONSE_NON_SUCCESS_STATUS_ADDED: Rule =
    rule("response-non-success-status-added", NonBreaking, Minor);
pub(crate) const RESPONSE_NON_SUCCESS_STATUS_REMOVED: Rule =
    rule("response-non-success-status-removed", NonBreaking, Major);

/// Every rule, in the order the README's table lists them.
pub const ALL: &[Rule] = &[
    SPEC_ADDED,
    SPEC_REMOVED,
    ENDPOINT_ADDED,
    OPERATION_REMOVED,
    OPERATION_ID_CHANGED,
    OPERATION_MOVED,
    RPC_CHANGED,
    RPC_IDEMPOTENCY_CHANGED,
    NEW_REQUIRED_PARAMETER,
    NEW_OPTIONAL_PARAMETER,
    PARAMETER_REMOVED,
    PARAMETER_BECAME_REQUIRED,
    PARAMETER_BECAME_OPTIONAL,
    PARAMETER_TYPE_CHANGED,
    PARAMETER_ENUM_VALUE_ADDED,
    PARAMETER_ENUM_VALUE_REMOVED,
    REQUEST_BODY_ADDED,
    REQUEST_BODY_REMOVED,
    REQUEST_BODY_BECAME_REQUIRED,
    REQUEST_BODY_BECAME_OPTIONAL,
    REQUEST_BODY_TYPE_CHANGED,
    NEW_REQUIRED_PROPERTY,
    NEW_OPTIONAL_PROPERTY,
    REQUEST_PROPERTY_REMOVED,
    REQUEST_PROPERTY_BECAME_REQUIRED,
    REQUEST_PROPERTY_BECAME_OPTIONAL,
    REQUEST_PROPERTY_TYPE_CHANGED,
    REQUEST_PROPERTY_ENUM_VALUE_ADDED,
    REQUEST_PROPERTY_ENUM_VALUE_REMOVED,
    MAX_DECREASED,
    MAX_INCREASED,
    MIN_INCREASED,
    MIN_DECREASED,
    MAX_LENGTH_DECREASED,
    MAX_LENGTH_INCREASED,
    MIN_LENGTH_INCREASED,
    MIN_LENGTH_DECREASED,
    MAX_ITEMS_DECREASED,
    MAX_ITEMS_INCREASED,
    MIN_ITEMS_INCREASED,
    MIN_ITEMS_DECREASED,
    PATTERN_ADDED,
    PATTERN_CHANGED,
    PATTERN_REMOVED,
    RESPONSE_BODY_ADDED,
    RESPONSE_BODY_REMOVED,
    RESPONSE_BODY_TYPE_CHANGED,
    RESPONSE_PROPERTY_REMOVED,
    RESPONSE_OPTIONAL_PROPERTY_ADDED,
    RESPONSE_REQUIRED_PROPERTY_ADDED,
    RESPONSE_PROPERTY_BECAME_OPTIONAL,
    RESPONSE_PROPERTY_BECAME_REQUIRED,
    RESPONSE_PROPERTY_BECAME_NULLABLE,
    RESPONSE_PROPERTY_BECAME_NOT_NULLABLE,
    RESPONSE_PROPERTY_TYPE_CHANGED,
    RESPONSE_ENUM_VALUE_ADDED,
    RESPONSE_ENUM_VALUE_REMOVED,
    SCHEMA_ADDED,
    SCHEMA_REMOVED,
    SCHEMA_RENAMED,
    ENUM_BECAME_OPEN,
    ENUM_BECAME_CLOSED,
    ENUM_VARIANT_RENAMED,
    FIELD_BECAME_SENSITIVE,
    FIELD_NO_LONGER_SENSITIVE,
    DOC_CHANGED,
    PAGINATION_ADDED,
    PAGINATION_REMOVED,
    PAGINATION_STYLE_CHANGED,
    PAGINATION_STOP_RULE_CHANGED,
    CLIENT_ADDED,
    CLIENT_REMOVED,
    SIGNING_SCHEME_CHANGED,
    ENDPOINT_URL_CHANGED,
    ERROR_FORMAT_CHANGED,
    SECURITY_SCHEME_ADDED,
    SECURITY_SCHEME_REMOVED,
    SECURITY_SCHEME_CHANGED,
    API_SECURITY_REQUIRED,
    API_SECURITY_NO_LONGER_REQUIRED,
    API_SECURITY_ADDED,
    API_SECURITY_REMOVED,
    RESPONSE_SUCCESS_STATUS_ADDED,
    RESPONSE_SUCCESS_STATUS_REMOVED,
    RESPONSE_NON_SUCCESS_STATUS_ADDED,
    RESPONSE_NON_SUCCESS_STATUS_REMOVED,
];
