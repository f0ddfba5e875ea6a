//! The API as Rust will see it. `lower` makes every naming and typing
//! decision and records it here; emitters only walk this, never openapiv3.

use std::collections::HashMap;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::path::PathBuf;
use std::sync::OnceLock;

/// A field or function name as `lower` chose it: a keyword that can be a raw
/// identifier is one (`r#type`). Code takes it whole (its tokens, or the
/// text it derefs to); text that quotes it (a `Debug` label, a doc link,
/// another name built from it) takes [`Name::bare`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(String);

impl Name {
    /// A name as code writes it: `task_id`, or `r#type` (see
    /// [`Name::raw`]).
    pub fn new(code: impl Into<String>) -> Self {
        Name(code.into())
    }

    /// The raw identifier for a keyword: `r#type` for `type`.
    pub fn raw(keyword: &str) -> Self {
        Name(format!("r#{keyword}"))
    }

    /// Whether it is a raw identifier.
    pub fn is_raw(&self) -> bool {
        self.0.starts_with("r#")
    }

    /// Without the raw-identifier prefix: `type`.
    pub fn bare(&self) -> &str {
        self.0.strip_prefix("r#").unwrap_or(&self.0)
    }

    /// The identifier token, raw where the name is.
    pub fn ident(&self) -> proc_macro2::Ident {
        let span = proc_macro2::Span::call_site();
        if self.is_raw() {
            proc_macro2::Ident::new_raw(self.bare(), span)
        } else {
            proc_macro2::Ident::new(&self.0, span)
        }
    }
}

/// As code writes it, so a `Name` reads like the `String` it replaces.
impl Deref for Name {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        &self.0 == other
    }
}

impl quote::ToTokens for Name {
    fn to_tokens(&self, tokens: &mut proc_macro2::TokenStream) {
        self.ident().to_tokens(tokens);
    }
}

/// One spec, lowered: becomes one module of the generated crate.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub spec: PathBuf,
    /// Module name (`aliyun_imm`), from the spec's file name.
    pub module: String,
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// `info.license.name`, when it is an SPDX expression.
    pub license: Option<String>,
    /// `info.contact`: name, email and URL, as one line.
    pub contact: Option<String>,
    /// `info.termsOfService`.
    pub terms_of_service: Option<String>,
    /// Every named type, in a deterministic order: component schemas in
    /// document order, each followed by the inline types found inside it,
    /// then the operations' types.
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    /// Present when the spec has operations: the module then gets a
    /// `Client`.
    pub client: Option<Client>,
    /// What reading the spec changed or left out, for the user to see.
    pub warnings: Vec<crate::SpecError>,
    /// `types` by name, indexed at the first lookup; `types` is not
    /// changed once the API is lowered.
    pub type_index: TypeCache,
}

impl Api {
    /// The type named `name`, if there is one.
    pub fn type_named(&self, name: &str) -> Option<&TypeDef> {
        self.index().get(&self.types, name)
    }

    /// What `ty` stands for once named aliases are followed (see
    /// [`TypeIndex::unalias`]).
    pub fn unalias<'a>(&'a self, ty: &'a TypeRef) -> (&'a TypeRef, Option<&'a TypeKind>) {
        self.index().unalias(&self.types, ty)
    }

    fn index(&self) -> &TypeIndex {
        self.type_index
            .0
            .get_or_init(|| TypeIndex::new(&self.types))
    }
}

/// An [`Api`]'s [`TypeIndex`], made when first needed.
#[derive(Debug, Clone, Default)]
pub struct TypeCache(OnceLock<TypeIndex>);

/// A cache is no part of the API it indexes: two APIs with the same types
/// are equal whether or not either has looked one up.
impl PartialEq for TypeCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// How to reach the API and authenticate.
#[derive(Debug, Clone, PartialEq)]
pub struct Client {
    /// The first server's URL template, with `{region}` and the
    /// `variables` in it; relative (`/api/v1`) or empty (no `servers`) when
    /// the user must give a base URL.
    pub endpoint: String,
    pub default_region: Option<String>,
    /// Server variables other than `region`.
    pub variables: Vec<ServerVariable>,
    pub error_format: ErrorFormat,
    /// Signing schemes in the order the spec's `security` lists them
    /// (`x-taskgen-signing`); when there are any, `schemes` is empty.
    pub auth: Vec<Auth>,
    /// The standard security schemes, in document order.
    pub schemes: Vec<Scheme>,
}

/// A variable of the server URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerVariable {
    pub name: String,
    pub default: String,
    /// `enum`: the only values allowed (empty: any).
    pub allowed: Vec<String>,
    pub description: Option<String>,
}

/// A standard security scheme (`components/securitySchemes`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheme {
    /// Its name in the spec, as requirements name it.
    pub name: String,
    pub kind: SchemeKind,
    /// The client method that gives its credential (`with_api_key`); a
    /// bearer scheme also gets `provider_setter` for a token provider.
    pub setter: Name,
    pub provider_setter: Option<Name>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    Basic,
    /// `http` bearer, `oauth2`, `openIdConnect` (the spec's `type`).
    Bearer {
        spec_type: String,
    },
    ApiKey {
        location: ParamLocation,
        name: String,
    },
}

/// The vendor's error body shape (runtime `ErrorFormat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorFormat {
    Alibaba,
    Bce,
    Huawei,
    /// Any other API: `code`/`message` when present.
    Generic,
}

/// A signing scheme (`x-taskgen-signing`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    Acs3,
    Bce {
        signed_headers: Vec<String>,
        expiration_seconds: Option<u32>,
    },
    HuaweiAkSk,
    /// A token sent as is in `header`.
    Token {
        header: String,
    },
}

impl Api {
    pub fn summary(&self) -> crate::Summary {
        let count =
            |pred: fn(&TypeKind) -> bool| self.types.iter().filter(|t| pred(&t.kind)).count();
        crate::Summary {
            spec: self.spec.clone(),
            module: self.module.clone(),
            operations: self.operations.len(),
            structs: count(|k| matches!(k, TypeKind::Struct(_))) + self.operations.len(),
            enums: count(|k| matches!(k, TypeKind::Enum(_) | TypeKind::Union(_))),
            warnings: self.warnings.clone(),
        }
    }
}

/// A named Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust identifier (`TaskInfo`).
    pub name: String,
    /// Where the schema is (`#/components/schemas/TaskInfo`).
    pub pointer: String,
    pub doc: Doc,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    Enum(Enum),
    /// `oneOf`/`anyOf`: the first variant that deserializes wins.
    Union(Vec<UnionVariant>),
    /// A schema that is another type under a new name (`$ref` chains,
    /// named arrays and scalars).
    Alias(TypeRef),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties` beside declared properties: a map field
    /// (its Rust name, value type) that collects every undeclared key.
    pub additional: Option<(String, TypeRef)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust identifier, raw (`r#type`) where it is a keyword.
    pub name: Name,
    /// Name on the wire (JSON key, query parameter name).
    pub wire_name: String,
    pub ty: TypeRef,
    /// Present in every valid value (`required`): not wrapped in `Option`.
    pub required: bool,
    /// `nullable: true`: JSON `null` is a valid value.
    pub nullable: bool,
    /// Boxed to break a cycle of directly contained types.
    pub boxed: bool,
    /// Never printed by `Debug` (`x-taskgen-sensitive`, `format: password`).
    pub sensitive: bool,
    pub doc: Doc,
}

impl Field {
    /// Whether the Rust field is an `Option`.
    pub fn optional(&self) -> bool {
        !self.required || self.nullable
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Enum {
    pub variants: Vec<Variant>,
    /// Open enums keep values they do not know in this catch-all variant
    /// (usually `Unknown`); closed ones reject them.
    pub unknown_variant: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Variant {
    /// Rust identifier (`Running`, `V0`, `Plus1`).
    pub name: String,
    /// Canonical wire spelling.
    pub value: String,
    /// Other spellings that parse to this variant.
    pub aliases: Vec<String>,
    pub doc: Option<String>,
    /// Not confirmed by a vendor document (`x-taskgen-enum.unconfirmed`).
    pub unconfirmed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub name: String,
    pub ty: TypeRef,
    pub boxed: bool,
}

/// A use of a type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    String,
    Bool,
    Int(IntWidth),
    Float(FloatWidth),
    /// Any JSON value.
    Json,
    Vec(Box<TypeRef>),
    /// A JSON object with string keys.
    Map(Box<TypeRef>),
    /// A type from `Api::types`, by Rust name.
    Named(String),
    /// Bytes of a file (`type: string, format: binary`): the runtime's
    /// `File`, a multipart file part or a binary body.
    Binary,
}

/// How a type use is written out: by the generated code, by messages and
/// review pages, or in a Mermaid class diagram.
pub struct Notation {
    open: &'static str,
    close: &'static str,
    /// The map type up to its value type (`BTreeMap<String, `).
    map: &'static str,
    json: &'static str,
    binary: &'static str,
}

impl Notation {
    /// As the generated code writes it (`std::collections::BTreeMap<..>`).
    pub const CODE: Notation = Notation {
        open: "<",
        close: ">",
        map: "std::collections::BTreeMap<String, ",
        json: "serde_json::Value",
        binary: "taskgen_runtime::File",
    };

    /// As a reader of the generated code names it (`BTreeMap<..>`, `File`).
    pub const SHORT: Notation = Notation {
        map: "BTreeMap<String, ",
        binary: "File",
        ..Notation::CODE
    };

    /// In a Mermaid class diagram (`Vec~TaskInfo~`). Mermaid does not
    /// accept a comma inside generics, so a map is `Map~V~` (its keys are
    /// always `String`).
    pub const MERMAID: Notation = Notation {
        open: "~",
        close: "~",
        map: "Map~",
        json: "Value",
        binary: "File",
    };
}

impl TypeRef {
    /// The type use written in `notation`, named types under `scope`
    /// (`types::`).
    pub fn spelled(&self, notation: &Notation, scope: &str) -> String {
        match self {
            TypeRef::String => "String".into(),
            TypeRef::Bool => "bool".into(),
            TypeRef::Int(IntWidth::I32) => "i32".into(),
            TypeRef::Int(IntWidth::I64) => "i64".into(),
            TypeRef::Int(IntWidth::U32) => "u32".into(),
            TypeRef::Int(IntWidth::U64) => "u64".into(),
            TypeRef::Float(FloatWidth::F32) => "f32".into(),
            TypeRef::Float(FloatWidth::F64) => "f64".into(),
            TypeRef::Json => notation.json.into(),
            TypeRef::Binary => notation.binary.into(),
            TypeRef::Vec(inner) => format!(
                "Vec{}{}{}",
                notation.open,
                inner.spelled(notation, scope),
                notation.close
            ),
            TypeRef::Map(inner) => format!(
                "{}{}{}",
                notation.map,
                inner.spelled(notation, scope),
                notation.close
            ),
            TypeRef::Named(name) => format!("{scope}{name}"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IntWidth {
    I32,
    I64,
    U32,
    U64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FloatWidth {
    F32,
    F64,
}

/// What rustdoc says about an item: the spec's text plus its facts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Doc {
    pub summary: Option<String>,
    pub description: Option<String>,
    /// JSON text of the spec's `example`.
    pub example: Option<String>,
    /// JSON text of the spec's `default`.
    pub default: Option<String>,
    pub constraints: Bounds,
    pub deprecated: bool,
}

/// [`Constraints`], out of line when there are any: most values have none,
/// and inline they were more than half of a [`Field`] (200 of 384 bytes),
/// of which a large spec holds tens of thousands at generation's peak.
#[derive(Debug, Clone, Default)]
pub struct Bounds(Option<Box<Constraints>>);

impl From<Constraints> for Bounds {
    fn from(constraints: Constraints) -> Self {
        Bounds((constraints != NO_CONSTRAINTS).then(|| Box::new(constraints)))
    }
}

const NO_CONSTRAINTS: Constraints = Constraints {
    minimum: None,
    exclusive_minimum: false,
    maximum: None,
    exclusive_maximum: false,
    min_length: None,
    max_length: None,
    pattern: None,
    format: None,
    min_items: None,
    max_items: None,
    min_properties: None,
    max_properties: None,
};

/// None at all.
impl Default for Constraints {
    fn default() -> Self {
        NO_CONSTRAINTS
    }
}

impl Deref for Bounds {
    type Target = Constraints;

    fn deref(&self) -> &Constraints {
        self.0.as_deref().unwrap_or(&NO_CONSTRAINTS)
    }
}

impl DerefMut for Bounds {
    fn deref_mut(&mut self) -> &mut Constraints {
        self.0.get_or_insert_with(Box::default)
    }
}

/// Equal when the constraints are, boxed or not.
impl PartialEq for Bounds {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for Bounds {}

/// Bounds a value must meet, from the spec (docs now, validation in `send`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constraints {
    /// Numeric bounds as written in the spec (JSON number text).
    pub minimum: Option<String>,
    pub exclusive_minimum: bool,
    pub maximum: Option<String>,
    pub exclusive_maximum: bool,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub pattern: Option<String>,
    /// A string's `format` (`uuid`, `date-time`).
    pub format: Option<String>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    pub min_properties: Option<usize>,
    pub max_properties: Option<usize>,
}

/// One API operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The spec's `operationId` (or one derived from method and path).
    pub id: String,
    /// `id` is the spec's, so docs may name it (a derived one reads badly).
    pub id_given: bool,
    /// Rust method name (`list_tasks`).
    pub fn_name: Name,
    /// Its module in `operations` (`list_tasks`), which holds the items
    /// below: unique in the API, never a keyword.
    pub module: String,
    /// Name of the request struct (`ListTasksRequest`).
    pub request_type: String,
    /// Name of the client's request builder (`ListTasksBuilder`).
    pub builder_type: String,
    pub method: String,
    /// Path template as in the spec (`/v2/{project_id}/tasks`).
    pub path: String,
    pub pointer: String,
    pub doc: Doc,
    pub params: Vec<Param>,
    /// Request body, if any.
    pub body: Option<Body>,
    /// Success body type, if the success response is one JSON body.
    pub response: Option<TypeRef>,
    /// What `send` returns: one body, or an enum by 2xx status.
    pub success: Success,
    /// Error bodies by status (`400`, `4XX`, `default`).
    pub errors: Vec<(String, TypeRef)>,
    /// The enum of `errors` (`<Operation>Error`), when there are any.
    pub error_type: Option<String>,
    /// The module and error enum of the first operation with the same
    /// `errors`, of which `error_type` is then an alias (see
    /// `lower::share_error_enums`).
    pub errors_as: Option<(String, String)>,
    /// Security requirements, each a list of scheme names applied
    /// together (the operation's `security`, else the spec's); empty: no
    /// authentication. Only for standard schemes (`Client::schemes`).
    pub security: Vec<Vec<String>>,
    /// `x-taskgen-idempotent`: retry (or not) whatever the method says.
    pub idempotent: Option<bool>,
    /// The `Accept` the request sends: the success bodies' media types as
    /// the spec writes them (`application/vnd.github+json`, `*/*`); `None`
    /// for plain JSON, the transport's default.
    pub accept: Option<String>,
    /// RPC wire protocol (`x-taskgen-rpc`).
    pub rpc: Option<Rpc>,
    /// Example program to generate (`x-taskgen-example`).
    pub example: Option<Example>,
    /// How the operation pages (`x-taskgen-pagination`).
    pub pagination: Option<Pagination>,
}

/// What a successful call returns.
#[derive(Debug, Clone, PartialEq)]
pub enum Success {
    /// Every 2xx response has this body (or there is one).
    One(ResponseBody),
    /// 2xx responses with different bodies: an enum `name` with one
    /// variant per status, named by [`status_variant`].
    Enum {
        name: String,
        variants: Vec<(String, ResponseBody)>,
    },
}

impl Success {
    /// Every body a successful call may carry.
    pub fn bodies(&self) -> Vec<&ResponseBody> {
        match self {
            Success::One(body) => vec![body],
            Success::Enum { variants, .. } => variants.iter().map(|(_, body)| body).collect(),
        }
    }
}

/// A response body as the client decodes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseBody {
    /// No content: `()`, whatever the server sends.
    Empty,
    /// JSON (`application/json`, `+json`, `*/*`). `media` is the type as
    /// the spec writes it, asked for in `Accept`.
    Json { ty: TypeRef, media: String },
    /// `text/*`: a `String`. `media` is the type asked for (`Accept`).
    Text { media: String },
    /// Any other media type: bytes.
    Bytes { media: String },
}

/// The variant of a response enum for a status key (`200`, `4XX`,
/// `default`): the reason phrase where HTTP has a common one (`NotFound`),
/// else `Status418`; ranges are `Success`, `ClientError`, `ServerError`.
/// Distinct keys give distinct names.
pub fn status_variant(status: &str) -> String {
    let name = match status {
        "default" => "Default",
        "1XX" => "Informational",
        "2XX" => "Success",
        "3XX" => "Redirection",
        "4XX" => "ClientError",
        "5XX" => "ServerError",
        "200" => "Ok",
        "201" => "Created",
        "202" => "Accepted",
        "203" => "NonAuthoritativeInformation",
        "204" => "NoContent",
        "205" => "ResetContent",
        "206" => "PartialContent",
        "400" => "BadRequest",
        "401" => "Unauthorized",
        "402" => "PaymentRequired",
        "403" => "Forbidden",
        "404" => "NotFound",
        "405" => "MethodNotAllowed",
        "406" => "NotAcceptable",
        "408" => "RequestTimeout",
        "409" => "Conflict",
        "410" => "Gone",
        "412" => "PreconditionFailed",
        "413" => "PayloadTooLarge",
        "415" => "UnsupportedMediaType",
        "422" => "UnprocessableEntity",
        "429" => "TooManyRequests",
        "500" => "InternalServerError",
        "501" => "NotImplemented",
        "502" => "BadGateway",
        "503" => "ServiceUnavailable",
        "504" => "GatewayTimeout",
        other => return format!("Status{other}"),
    };
    name.to_string()
}

/// A paginated operation, checked against its parameters and response.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    pub style: PageStyle,
    /// Name of the generated `PagedOperation` type (`ListTasksPages`).
    pub pages_type: String,
    /// Request field carrying the cursor (token, marker) or page number.
    pub position: PagingField,
    /// Request field capping the page length, if the operation has one.
    pub page_size: Option<PagingField>,
    /// Response field holding the page's items.
    pub items: PagingField,
    /// The items' element type.
    pub item_type: TypeRef,
    pub next_cursor: Option<PagingField>,
    pub truncated: Option<PagingField>,
    pub total: Option<PagingField>,
}

/// A field of a request or response struct that paging reads or writes.
#[derive(Debug, Clone, PartialEq)]
pub struct PagingField {
    /// Rust field name.
    pub name: Name,
    /// Name on the wire, used in errors the user sees.
    pub wire_name: String,
    pub ty: TypeRef,
    /// The Rust field is an `Option`.
    pub optional: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageStyle {
    NextToken,
    Marker,
    PageNumber { first_page: u64 },
}

impl Operation {
    /// The call as sent: `GET /v2/tasks`, or for an RPC operation
    /// `POST /?Action=ListTasks&Version=2020-09-30`.
    pub fn wire_call(&self) -> String {
        match &self.rpc {
            Some(rpc) => format!(
                "{} {}?Action={}&Version={}",
                rpc.method, rpc.path, rpc.action, rpc.version
            ),
            None => format!("{} {}", self.method, self.path),
        }
    }

    /// The request's fields: every parameter, then the body as `body`.
    pub fn fields(&self) -> Vec<Field> {
        let mut fields: Vec<Field> = self.params.iter().map(|p| p.field.clone()).collect();
        if let Some(body) = &self.body {
            fields.push(Field {
                name: Name::new("body"),
                wire_name: "body".into(),
                ty: body.ty.clone(),
                required: body.required,
                nullable: false,
                boxed: false,
                sensitive: false,
                doc: body.doc.clone(),
            });
        }
        fields
    }
}

/// What an RPC-style call really sends (`x-taskgen-rpc`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rpc {
    pub action: String,
    pub version: String,
    pub method: String,
    pub path: String,
    /// The call only reads, so it may be retried.
    pub idempotent: bool,
}

/// A runnable example calling one operation (`x-taskgen-example`).
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// File stem under `examples/`: the module name, `_`, the spec's name.
    pub name: String,
    pub summary: String,
    /// Parameter (Rust field name) set to a fixed value: JSON from the spec.
    pub params: Vec<(Name, serde_json::Value)>,
    /// Parameter (Rust field name) read from an environment variable.
    pub env: Vec<(Name, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub field: Field,
    pub location: ParamLocation,
    /// How a non-scalar value is written into its one parameter.
    pub encoding: ParamEncoding,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamEncoding {
    /// By OpenAPI `style` and `explode` (defaults by location filled in);
    /// `allow_reserved` only for query parameters.
    Style {
        style: ParamStyle,
        explode: bool,
        allow_reserved: bool,
    },
    /// Compact JSON text (`content: application/json`, or the RPC
    /// extension's `json`).
    Json,
}

/// An OpenAPI parameter `style` (runtime `ParamStyle`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    Simple,
    Label,
    Matrix,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

impl ParamStyle {
    /// The spec's spelling (`spaceDelimited`).
    pub fn as_str(self) -> &'static str {
        match self {
            ParamStyle::Simple => "simple",
            ParamStyle::Label => "label",
            ParamStyle::Matrix => "matrix",
            ParamStyle::Form => "form",
            ParamStyle::SpaceDelimited => "spaceDelimited",
            ParamStyle::PipeDelimited => "pipeDelimited",
            ParamStyle::DeepObject => "deepObject",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub ty: TypeRef,
    pub required: bool,
    pub doc: Doc,
    /// The media type sent (`application/json`, `image/png`).
    pub media_type: String,
    pub kind: BodyKind,
    /// Per property (wire name), how a form or multipart body writes it
    /// (the media type's `encoding`); properties not listed take defaults.
    pub encoding: Vec<(String, PropertyEncoding)>,
}

/// How a request body is encoded, chosen from its media types in this
/// order when it offers several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum BodyKind {
    /// `application/json`, `*+json`, `*/*`: the body type as JSON.
    Json,
    /// `application/x-www-form-urlencoded`: properties as form pairs.
    Form,
    /// `multipart/form-data`: properties as parts, `Binary` ones as files.
    Multipart,
    /// `text/*`: a `String`.
    Text,
    /// Any other media type: a `File`'s bytes.
    Binary,
}

/// One property's `encoding` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertyEncoding {
    /// Form bodies: `style` and `explode` (default `form`, exploded).
    pub style: ParamStyle,
    pub explode: bool,
    /// Multipart bodies: the part's `Content-Type`.
    pub content_type: Option<String>,
}

/// Where each of a list of types is, by name. A spec has thousands of
/// types, and one is looked up for every parameter, body and field that
/// names one: found by a scan, that was ec2.json's largest cost after
/// printing (7% of generation's CPU time).
#[derive(Debug, Clone, Default)]
pub struct TypeIndex(HashMap<String, usize>);

impl TypeIndex {
    /// The index of `types`.
    pub fn new(types: &[TypeDef]) -> Self {
        let mut index = TypeIndex::default();
        for (slot, def) in types.iter().enumerate() {
            index.add(&def.name, slot);
        }
        index
    }

    /// Records that the type `name` is at `slot` of the list.
    pub fn add(&mut self, name: &str, slot: usize) {
        self.0.insert(name.to_string(), slot);
    }

    /// The type `name` of `types`, the list indexed.
    pub fn get<'a>(&self, types: &'a [TypeDef], name: &str) -> Option<&'a TypeDef> {
        self.0.get(name).and_then(|&slot| types.get(slot))
    }

    /// What `ty` stands for once named aliases are followed: that type,
    /// and the definition of the named type it ends at (a struct, enum or
    /// union; `None` for an unnamed type or an unknown name).
    pub fn unalias<'a>(
        &self,
        types: &'a [TypeDef],
        mut ty: &'a TypeRef,
    ) -> (&'a TypeRef, Option<&'a TypeKind>) {
        // A chain longer than the list of types goes round in a circle.
        for _ in 0..=types.len() {
            let TypeRef::Named(name) = ty else {
                return (ty, None);
            };
            match self.get(types, name).map(|t| &t.kind) {
                Some(TypeKind::Alias(inner)) => ty = inner,
                kind => return (ty, kind),
            }
        }
        (ty, None)
    }
}

/// The name of a struct's builder, in the module's own `builders` module:
/// `<Type>Builder`. Type names are unique in a module and the builders have
/// that module to themselves, so no two builders share a name and none can
/// clash with a type of the spec (a schema may well be called `FooBuilder`).
pub fn builder_name(type_name: &str) -> String {
    format!("{type_name}Builder")
}

#[cfg(test)]
mod tests {
    use super::{
        Bounds, Constraints, Doc, Enum, Field, Name, TypeDef, TypeIndex, TypeKind, TypeRef,
    };

    fn def(name: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: name.into(),
            pointer: String::new(),
            doc: Doc::default(),
            kind,
        }
    }

    /// Aliases are followed by name to the type they end at, through a
    /// chain; an unknown name, an unnamed type and a circle of aliases end
    /// where they are, without a kind.
    #[test]
    fn unalias_follows_aliases_by_name() {
        let named = |name: &str| TypeRef::Named(name.into());
        let status = TypeKind::Enum(Enum {
            variants: Vec::new(),
            unknown_variant: None,
        });
        let types = [
            def("Status", status.clone()),
            def("Code", TypeKind::Alias(named("Status"))),
            def("Again", TypeKind::Alias(named("Code"))),
            def(
                "Ids",
                TypeKind::Alias(TypeRef::Vec(Box::new(TypeRef::String))),
            ),
            def("Loop", TypeKind::Alias(named("Round"))),
            def("Round", TypeKind::Alias(named("Loop"))),
        ];
        let index = TypeIndex::new(&types);
        let again = named("Again");
        assert_eq!(
            index.unalias(&types, &again),
            (&named("Status"), Some(&status))
        );
        let ids = named("Ids");
        let (ty, kind) = index.unalias(&types, &ids);
        assert_eq!((ty, kind), (&TypeRef::Vec(Box::new(TypeRef::String)), None));
        for ty in [named("Missing"), TypeRef::String, named("Loop")] {
            assert_eq!(index.unalias(&types, &ty).1, None, "{ty:?}");
        }
        assert_eq!(
            index.get(&types, "Ids").map(|d| &d.name),
            Some(&"Ids".to_string())
        );
    }

    #[test]
    fn a_name_knows_whether_it_is_raw() {
        let keyword = Name::raw("type");
        assert_eq!(keyword, "r#type");
        assert!(keyword.is_raw());
        assert_eq!(keyword.bare(), "type");
        assert_eq!(quote::quote!(#keyword).to_string(), "r#type");
        let plain = Name::new("task_id");
        assert!(!plain.is_raw());
        assert_eq!(plain.bare(), "task_id");
        assert_eq!(plain.ident().to_string(), "task_id");
    }

    #[test]
    fn bounds_box_only_constraints_there_are() {
        let none = Bounds::from(Constraints::default());
        assert!(none.0.is_none());
        assert_eq!(*none, Constraints::default());
        let some = Bounds::from(Constraints {
            min_length: Some(1),
            ..Constraints::default()
        });
        assert_eq!(some.min_length, Some(1));
        assert_ne!(some, none);
        let mut written = Bounds::from(Constraints::default());
        written.min_length = Some(1);
        assert_eq!(written, some);
        written.min_length = None;
        assert_eq!(written, none, "boxed or not, no constraints are equal");
        assert!(
            std::mem::size_of::<Field>() < 200,
            "a field holds its bounds out of line"
        );
    }
}
