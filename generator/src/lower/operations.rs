//! Operations to request structs and response types.

use std::borrow::Borrow;

use openapiv3::{
    MediaType, Operation as OpenApiOperation, Parameter, ParameterSchemaOrContent, PathItem,
    PathStyle, QueryStyle, ReferenceOr, RequestBody, Response, StatusCode,
};

use super::case;
use super::extensions::{self, ExampleExt, RpcExt};
use super::names::{
    operation_module_ident, operation_prefix, snake_ident, Namer, RESERVED_CLIENT_METHODS,
    RESERVED_OPERATION_MODULES, RESERVED_REQUEST_BUILDER_MEMBERS,
};
use super::pagination::Paginated;
use super::paths;
use super::raw_facts::RawFacts;
use super::schema::{SchemaRef, Schemas};
use crate::error::{Result, SpecError};
use crate::ir::{
    status_variant, Body, BodyKind, Doc, Example, Field, Operation, Param, ParamEncoding,
    ParamLocation, ParamStyle, PropertyEncoding, ResponseBody, Rpc, Success, TypeKind, TypeRef,
};
use crate::load::data::Data;
use crate::load::LoadedSpec;
use crate::pointer;

/// Lowers every operation, in document order (paths, then methods in
/// openapiv3's fixed order), each path item let go of once lowered if
/// `paths` owns them; and their pagination extensions, which
/// [`super::pagination`] reads once every type is known.
pub fn lower_operations<P, I>(
    spec: &LoadedSpec,
    paths: impl IntoIterator<Item = Result<(P, I)>>,
    schemas: &mut Schemas<'_>,
    facts: &RawFacts,
) -> Result<(Vec<Operation>, Paginated)>
where
    P: AsRef<str>,
    I: Borrow<ReferenceOr<PathItem>>,
{
    let mut names = OperationNames {
        methods: Namer::with_reserved(RESERVED_CLIENT_METHODS),
        modules: Namer::with_reserved(RESERVED_OPERATION_MODULES),
    };
    let mut operations = Vec::new();
    let mut paginated = Vec::new();
    for entry in paths {
        let (path, item) = entry?;
        let path = path.as_ref();
        let path_at = pointer::join("#/paths", path);
        let item = schemas.resolve(item.borrow(), &path_at)?.1;
        for (method, operation) in item.iter() {
            let at = pointer::join(&path_at, method);
            let lowered = OperationLowerer {
                spec,
                schemas: &mut *schemas,
                facts,
                at: &at,
            }
            .lower(path, method, &item, operation, &mut names)?;
            if let Some(extension) = operation.extensions.get(extensions::PAGINATION) {
                paginated.push((operations.len(), extension.clone()));
            }
            operations.push(lowered);
        }
    }
    Ok((operations, paginated))
}

/// openapiv3 drops a path that does not start with `/` without a word;
/// its operations would be missing from the client.
pub(super) fn check_leading_slashes<D: Data>(
    data: &D,
    error: &dyn Fn(&str, String) -> SpecError,
) -> Result<()> {
    let Some(mut paths) = data.get("paths").and_then(D::members) else {
        return Ok(());
    };
    match paths.find(|(k, _)| !k.starts_with('/') && !k.starts_with("x-")) {
        Some((path, _)) => Err(error(
            &pointer::join("#/paths", path),
            format!("the path `{path}` does not start with `/`"),
        )
        .with_hint(format!("write `/{path}`"))
        .into()),
        None => Ok(()),
    }
}

/// The names operations take one each: client methods and modules.
struct OperationNames {
    methods: Namer,
    modules: Namer,
}

/// What an operation's responses lower to.
struct Responses {
    success: Success,
    errors: Vec<(String, TypeRef)>,
    error_type: Option<String>,
}

struct OperationLowerer<'s, 'a> {
    spec: &'s LoadedSpec,
    schemas: &'s mut Schemas<'a>,
    facts: &'s RawFacts,
    at: &'s str,
}

impl OperationLowerer<'_, '_> {
    fn lower(
        mut self,
        path: &str,
        method: &str,
        item: &PathItem,
        operation: &OpenApiOperation,
        names: &mut OperationNames,
    ) -> Result<Operation> {
        let id = operation
            .operation_id
            .clone()
            .unwrap_or_else(|| format!("{method}_{path}"));
        let fn_name = names.methods.claim_name(&snake_ident(&id));
        let module = names.modules.claim(&operation_module_ident(&id));
        let prefix = operation_prefix(&id);
        // The operation's items live in its own module, each a fixed suffix
        // of its name: no schema and no other operation can take them.
        let request_type = format!("{prefix}Request");
        let builder_type = format!("{prefix}Builder");
        let path = self.path(path)?;
        let mut params = self.params(item, operation, &prefix, &path)?;
        let rpc = self.rpc(operation, &mut params)?;
        let example = self.example(operation, &params)?;
        let body = match &operation.request_body {
            Some(body) => self.body(body, &prefix)?,
            None => None,
        };
        let responses = self.responses(operation, &prefix)?;
        let idempotent = extensions::read::<bool>(
            self.spec,
            &operation.extensions,
            extensions::IDEMPOTENT,
            self.at,
        )?;
        let response = match &responses.success {
            Success::One(ResponseBody::Json { ty, .. }) => Some(ty.clone()),
            _ => None,
        };
        let accept = accept(&responses.success);
        Ok(Operation {
            id_given: operation.operation_id.is_some(),
            id,
            fn_name,
            module,
            request_type,
            builder_type,
            method: method.to_uppercase(),
            path,
            pointer: self.at.to_string(),
            doc: Doc {
                summary: operation.summary.clone(),
                description: operation.description.clone(),
                deprecated: operation.deprecated,
                ..Doc::default()
            },
            params,
            body,
            response,
            success: responses.success,
            errors: responses.errors,
            error_type: responses.error_type,
            errors_as: None,
            security: super::client::security(self.spec, operation.security.as_deref(), self.at)?,
            idempotent,
            accept,
            rpc,
            example,
            pagination: None,
        })
    }

    /// `x-taskgen-rpc`: checked against the operation; the parameters it
    /// names in `encoding` are sent as JSON text.
    fn rpc(&self, operation: &OpenApiOperation, params: &mut [Param]) -> Result<Option<Rpc>> {
        let Some(ext) =
            extensions::read::<RpcExt>(self.spec, &operation.extensions, extensions::RPC, self.at)?
        else {
            return Ok(None);
        };
        let at = pointer::join(self.at, extensions::RPC);
        let method = ext.method.to_uppercase();
        if method != "GET" && method != "POST" {
            return Err(self
                .spec
                .error(
                    &pointer::join(&at, "method"),
                    format!("RPC method must be GET or POST, not `{}`", ext.method),
                )
                .into());
        }
        let encoding_at = pointer::join(&at, "encoding");
        for (name, encoding) in &ext.encoding {
            let here = pointer::join(&encoding_at, name);
            if encoding != "json" {
                return Err(self
                    .spec
                    .error(&here, format!("unknown encoding `{encoding}`"))
                    .with_hint("the only encoding is `json`")
                    .into());
            }
            let Some(param) = params
                .iter_mut()
                .find(|p| &p.field.wire_name == name && p.location == ParamLocation::Query)
            else {
                return Err(self
                    .spec
                    .error(
                        &here,
                        format!("`{name}` is not a query parameter of this operation"),
                    )
                    .into());
            };
            param.encoding = ParamEncoding::Json;
        }
        Ok(Some(Rpc {
            action: ext.action,
            version: ext.version,
            method,
            path: ext.path,
            idempotent: ext.idempotent,
        }))
    }

    /// `x-taskgen-example`: every parameter it names must exist.
    fn example(&self, operation: &OpenApiOperation, params: &[Param]) -> Result<Option<Example>> {
        let Some(ext) = extensions::read::<ExampleExt>(
            self.spec,
            &operation.extensions,
            extensions::EXAMPLE,
            self.at,
        )?
        else {
            return Ok(None);
        };
        let at = pointer::join(self.at, extensions::EXAMPLE);
        // The name ends a file name (`<module>_<name>.rs`), never an
        // identifier: a keyword is fine, `r#type` is not.
        let wanted = snake_ident(&ext.name).bare().trim_matches('_').to_string();
        if wanted != ext.name {
            return Err(self
                .spec
                .error(
                    &pointer::join(&at, "name"),
                    format!("`{}` is not a snake_case file name", ext.name),
                )
                .with_hint(match wanted.is_empty() {
                    true => "use lowercase ASCII letters, digits and `_`".to_string(),
                    false => format!("use `{wanted}`"),
                })
                .into());
        }
        let field = |section: &str, wire: &str| {
            params
                .iter()
                .find(|p| p.field.wire_name == wire)
                .map(|p| p.field.name.clone())
                .ok_or_else(|| -> crate::Error {
                    self.spec
                        .error(
                            &pointer::join(&pointer::join(&at, section), wire),
                            format!("`{wire}` is not a parameter of this operation"),
                        )
                        .into()
                })
        };
        let mut fixed = Vec::new();
        for (wire, value) in &ext.params {
            fixed.push((field("params", wire)?, value.clone()));
        }
        let mut env = Vec::new();
        for (wire, var) in &ext.env {
            env.push((field("env", wire)?, var.clone()));
        }
        Ok(Some(Example {
            name: ext.name,
            summary: ext.summary,
            params: fixed,
            env,
        }))
    }

    /// The path, if its template is well formed.
    fn path(&self, path: &str) -> Result<String> {
        match paths::variables(path) {
            Ok(_) => Ok(path.to_string()),
            Err(message) => Err(self
                .spec
                .error(&self.path_at(), message)
                .with_hint("write each path parameter as `{name}`")
                .into()),
        }
    }

    /// The pointer of the operation's path item.
    fn path_at(&self) -> String {
        self.at
            .rsplit_once('/')
            .map_or(self.at, |(parent, _)| parent)
            .to_string()
    }

    /// Path-level parameters, overridden by operation-level ones with the
    /// same name and location, and checked against the path template.
    fn params(
        &mut self,
        item: &PathItem,
        operation: &OpenApiOperation,
        prefix: &str,
        path: &str,
    ) -> Result<Vec<Param>> {
        let path_at = self.path_at();
        let mut resolved: Vec<(String, Parameter)> = Vec::new();
        let sources = [
            (&item.parameters, path_at),
            (&operation.parameters, self.at.to_string()),
        ];
        for (list, base) in sources {
            for (i, param) in list.iter().enumerate() {
                let at = pointer::join(&pointer::join(&base, "parameters"), &i.to_string());
                let (at, param) = self.schemas.resolve(param, &at)?;
                let data = param.parameter_data_ref();
                let same = |(_, p): &(String, Parameter)| {
                    p.parameter_data_ref().name == data.name && location(p) == location(&param)
                };
                resolved.retain(|entry| !same(entry));
                resolved.push((at, param.into_owned()));
            }
        }
        // Parameter names are also the builder's setter and field names, so
        // they must not take the builder's own (nor the body's).
        let mut names = Namer::with_reserved(RESERVED_REQUEST_BUILDER_MEMBERS);
        let mut params = Vec::new();
        for (at, param) in resolved {
            let data = param.parameter_data_ref();
            if location(&param) == ParamLocation::Header && is_reserved_header(&data.name) {
                self.schemas.warn(self.spec.error(
                    &at,
                    format!(
                        "header parameter `{}` is ignored: OpenAPI 3.0 says so, as the body's media type, the response decoding and the security scheme set it",
                        data.name
                    ),
                ));
                continue;
            }
            let hint = format!("{prefix}{}", case::upper_camel(&data.name));
            let (schema, schema_at, encoding) = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => (
                    SchemaRef::from(schema),
                    pointer::join(&at, "schema"),
                    style(&param),
                ),
                ParameterSchemaOrContent::Content(content) => {
                    let Some((media, media_type)) = content.first() else {
                        return Err(self.spec.error(&at, "parameter `content` is empty").into());
                    };
                    let Some(schema) = &media_type.schema else {
                        return Err(self
                            .spec
                            .error(&at, "parameter `content` has no `schema`")
                            .into());
                    };
                    let schema_at = pointer::join(
                        &pointer::join(&pointer::join(&at, "content"), media),
                        "schema",
                    );
                    (SchemaRef::from(schema), schema_at, ParamEncoding::Json)
                }
            };
            let mut field = self.schemas.field(&data.name, schema, &schema_at, &hint)?;
            field.name = names.claim_name(&field.name);
            field.required = data.required;
            field.sensitive |= extensions::is_sensitive(self.spec, &data.extensions, &at)?;
            if data.description.is_some() {
                field.doc.description = data.description.clone();
            }
            if let Some(example) = &data.example {
                field.doc.example = Some(example.to_string());
            }
            field.doc.deprecated |= data.deprecated.unwrap_or(false);
            let location = location(&param);
            if location == ParamLocation::Path {
                self.path_param(&mut field, &at, path)?;
            }
            let encoding = self.check_style(encoding, location, &field.ty, &at);
            params.push(Param {
                field,
                location,
                encoding,
            });
        }
        for name in paths::variables(path).unwrap_or_default() {
            let declared = params
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.field.wire_name == name);
            if !declared {
                params.push(self.undeclared_path_param(name, &mut names));
            }
        }
        Ok(params)
    }

    /// A path parameter fills a required segment of the path (arrays and
    /// objects by its style): one that is not in the template is refused,
    /// one not `required` is required anyway and a file is taken as text,
    /// each with a warning.
    fn path_param(&mut self, field: &mut Field, at: &str, path: &str) -> Result<()> {
        let name = &field.wire_name;
        if !paths::variables(path)
            .unwrap_or_default()
            .contains(&name.as_str())
        {
            return Err(self
                .spec
                .error(
                    at,
                    format!("path parameter `{name}` does not appear in the path `{path}`"),
                )
                .with_hint(format!(
                    "write `{{{name}}}` into the path, or make it a query parameter"
                ))
                .into());
        }
        if !field.required || field.nullable {
            let what = if field.required {
                "is `nullable`"
            } else {
                "is not `required: true`"
            };
            self.schemas.warn(
                self.spec
                    .error(at, format!("path parameter `{name}` {what}; it is required and not null, as every path parameter"))
                    .with_hint("write `required: true` and no `nullable`: a path has no holes"),
            );
            field.required = true;
            field.nullable = false;
        }
        if field.ty == TypeRef::Binary {
            self.schemas.warn(
                self.spec
                    .error(at, format!("path parameter `{name}` is a file (`format: binary`); it is typed as the `String` of its path segment"))
                    .with_hint("give it a string, number, boolean, array or object schema"),
            );
            field.ty = TypeRef::String;
        }
        Ok(())
    }

    /// A `{name}` of the template no parameter declares: without one the
    /// request would go to a literal `{name}`, so it gets a required
    /// `String` parameter, with a warning.
    fn undeclared_path_param(&mut self, name: &str, names: &mut Namer) -> Param {
        let path_at = self.path_at();
        self.schemas.warn(
            self.spec
                .error(&path_at, format!("the path has `{{{name}}}` but no `in: path` parameter `{name}`; a required string parameter is generated for it"))
                .with_hint(format!("add `- {{name: {name}, in: path, required: true, schema: {{type: string}}}}` to `parameters`")),
        );
        let mut field = Field {
            name: names.claim_name(&snake_ident(name)),
            wire_name: name.to_string(),
            ty: TypeRef::String,
            required: true,
            nullable: false,
            boxed: false,
            sensitive: false,
            doc: Doc::default(),
        };
        field.doc.description = Some(format!("The `{{{name}}}` segment of the path."));
        Param {
            field,
            location: ParamLocation::Path,
            encoding: ParamEncoding::Style {
                style: ParamStyle::Simple,
                explode: false,
                allow_reserved: false,
            },
        }
    }

    /// A style that cannot write the parameter's type (`deepObject` on a
    /// string, `pipeDelimited` on a number) is the location's default
    /// style instead, with a warning.
    fn check_style(
        &mut self,
        encoding: ParamEncoding,
        location: ParamLocation,
        ty: &TypeRef,
        at: &str,
    ) -> ParamEncoding {
        let ParamEncoding::Style { style, .. } = encoding else {
            return encoding;
        };
        let shape = shape(self.schemas.unalias(ty));
        let fits = match style {
            ParamStyle::DeepObject => matches!(shape, Shape::Object | Shape::Unknown),
            ParamStyle::SpaceDelimited | ParamStyle::PipeDelimited => shape != Shape::Scalar,
            _ => true,
        };
        if fits {
            return encoding;
        }
        let fallback = default_style(location);
        self.schemas.warn(
            self.spec
                .error(
                    &pointer::join(at, "style"),
                    format!(
                        "style `{}` cannot write a {}; sent with style `{}` instead",
                        style.as_str(),
                        shape.noun(),
                        fallback.as_str()
                    ),
                )
                .with_hint("`deepObject` takes objects, `spaceDelimited` and `pipeDelimited` arrays or objects"),
        );
        ParamEncoding::Style {
            style: fallback,
            explode: fallback == ParamStyle::Form,
            allow_reserved: false,
        }
    }

    /// The body as the first media type taskgen can send, in the order of
    /// [`BodyKind`] (JSON, form, multipart, text, binary); `None` (with a
    /// warning) when no media type can be sent.
    fn body(&mut self, body: &ReferenceOr<RequestBody>, prefix: &str) -> Result<Option<Body>> {
        let at = pointer::join(self.at, "requestBody");
        let (at, body) = self.schemas.resolve(body, &at)?;
        let chosen = body
            .content
            .iter()
            .filter_map(|(media, media_type)| {
                let kind = body_kind(media)?;
                // Form and multipart bodies are built from a schema's
                // properties, and JSON needs a type: without a schema
                // they cannot be sent.
                let needs_schema =
                    matches!(kind, BodyKind::Json | BodyKind::Form | BodyKind::Multipart);
                (!needs_schema || media_type.schema.is_some()).then_some((kind, media, media_type))
            })
            .min_by_key(|(kind, _, _)| *kind);
        let Some((kind, media, media_type)) = chosen else {
            if !body.content.is_empty() {
                self.schemas.warn(self.spec.error(
                    &pointer::join(&at, "content"),
                    "no media type of this request body can be sent (JSON, form and multipart need a `schema`); the operation has no body",
                ));
            }
            return Ok(None);
        };
        let media_at = pointer::join(&pointer::join(&at, "content"), media);
        let ty = match (kind, &media_type.schema) {
            (BodyKind::Text, _) => TypeRef::String,
            (BodyKind::Binary, _) => TypeRef::Binary,
            (_, Some(schema)) => self.schemas.use_schema(
                schema.into(),
                &pointer::join(&media_at, "schema"),
                &format!("{prefix}Body"),
            )?,
            (_, None) => return Ok(None),
        };
        let encoding = self.encodings(media_type, &media_at);
        Ok(Some(Body {
            ty,
            required: body.required,
            media_type: media.clone(),
            kind,
            encoding,
            doc: Doc {
                description: Some(
                    body.description
                        .clone()
                        .unwrap_or_else(|| "The request body.".into()),
                ),
                ..Doc::default()
            },
        }))
    }

    /// The media type's `encoding` entries. `explode` is the one the
    /// document writes ([`RawFacts`]), else the style's default.
    fn encodings(&self, media_type: &MediaType, media_at: &str) -> Vec<(String, PropertyEncoding)> {
        let encoding_at = pointer::join(media_at, "encoding");
        media_type
            .encoding
            .iter()
            .map(|(property, encoding)| {
                let style = encoding
                    .style
                    .as_ref()
                    .map_or(ParamStyle::Form, query_style);
                let explode_at = pointer::join(&pointer::join(&encoding_at, property), "explode");
                let explode = self
                    .facts
                    .explode(&explode_at)
                    .unwrap_or(style == ParamStyle::Form);
                let encoding = PropertyEncoding {
                    style,
                    explode,
                    content_type: encoding.content_type.clone(),
                };
                (property.clone(), encoding)
            })
            .collect()
    }

    /// The success value (one body, or an enum when 2xx responses carry
    /// different bodies) and the error body types by status.
    fn responses(&mut self, operation: &OpenApiOperation, prefix: &str) -> Result<Responses> {
        let responses_at = pointer::join(self.at, "responses");
        let mut entries: Vec<(String, &ReferenceOr<Response>)> = operation
            .responses
            .responses
            .iter()
            .map(|(status, response)| (status_key(status), response))
            .collect();
        if let Some(default) = &operation.responses.default {
            entries.push(("default".into(), default));
        }
        let mut successes = Vec::new();
        let mut failures = Vec::new();
        for (status, response) in entries {
            let at = pointer::join(&responses_at, &status);
            let (at, response) = self.schemas.resolve(response, &at)?;
            match status.as_bytes().first() {
                Some(b'2') => successes.push((status, at, response)),
                // 1xx and 3xx are the HTTP client's business.
                Some(b'4' | b'5') | Some(b'd') => failures.push((status, at, response)),
                _ => {}
            }
        }
        // Distinct bodies need an enum, named before the bodies so that an
        // inline body is named after its variant.
        let shapes: Vec<String> = successes
            .iter()
            .enumerate()
            .map(|(i, (_, at, response))| body_shape(&response.content, at, i))
            .collect();
        let several = shapes.iter().any(|shape| *shape != shapes[0]);
        let enum_name = several.then(|| format!("{prefix}Response"));
        let mut variants = Vec::new();
        for (status, at, response) in &successes {
            let hint = match &enum_name {
                Some(name) => format!("{name}{}", status_variant(status)),
                None => format!("{prefix}Response"),
            };
            let body = self.response_body(&response.content, at, &hint)?;
            variants.push((status.clone(), body));
            if enum_name.is_none() {
                break;
            }
        }
        let success = match enum_name {
            Some(name) => Success::Enum { name, variants },
            None => Success::One(variants.pop().map_or(ResponseBody::Empty, |(_, body)| body)),
        };
        let failures: Vec<_> = failures
            .iter()
            .filter_map(|(status, at, response)| {
                json_schema(&response.content, at).map(|found| (status, found))
            })
            .collect();
        let error_type = (!failures.is_empty()).then(|| format!("{prefix}Error"));
        let mut errors = Vec::new();
        for (status, (schema_at, schema)) in failures {
            let hint = format!("{prefix}Error{}", case::upper_camel(status));
            let ty = self.schemas.use_schema(schema.into(), &schema_at, &hint)?;
            errors.push((status.clone(), ty));
        }
        Ok(Responses {
            success,
            errors,
            error_type,
        })
    }

    /// How a response's content is decoded: JSON (the spec's schema, any
    /// value without one), text, bytes, or nothing.
    fn response_body(
        &mut self,
        content: &indexmap::IndexMap<String, MediaType>,
        at: &str,
        hint: &str,
    ) -> Result<ResponseBody> {
        let first = |kind: fn(&str) -> bool| {
            content
                .keys()
                .find(|media| kind(media))
                .cloned()
                .unwrap_or_default()
        };
        if let Some((schema_at, schema)) = json_schema(content, at) {
            let ty = self.schemas.use_schema(schema.into(), &schema_at, hint)?;
            let media = first(is_json);
            return Ok(ResponseBody::Json { ty, media });
        }
        Ok(match media_kind(content) {
            MediaKind::Json => ResponseBody::Json {
                ty: TypeRef::Json,
                media: first(is_json),
            },
            MediaKind::Text => ResponseBody::Text {
                media: first(is_text),
            },
            MediaKind::Bytes => ResponseBody::Bytes {
                media: first(|media| !is_text(media)),
            },
            MediaKind::None => ResponseBody::Empty,
        })
    }
}

/// What a response carries, as far as telling bodies apart goes: the same
/// `$ref` or media kind is the same body; an inline schema is its own.
fn body_shape(content: &indexmap::IndexMap<String, MediaType>, at: &str, index: usize) -> String {
    match json_schema(content, at) {
        Some((_, ReferenceOr::Reference { reference })) => reference.clone(),
        Some((_, ReferenceOr::Item(_))) => format!("inline {index}"),
        None => format!("{:?}", media_kind(content)),
    }
}

#[derive(Debug)]
enum MediaKind {
    Json,
    Text,
    Bytes,
    None,
}

/// The kind of body a response's media types give, JSON first.
fn media_kind(content: &indexmap::IndexMap<String, MediaType>) -> MediaKind {
    if content.keys().any(|media| is_json(media)) {
        MediaKind::Json
    } else if content.keys().any(|media| is_text(media)) {
        MediaKind::Text
    } else if content.is_empty() {
        MediaKind::None
    } else {
        MediaKind::Bytes
    }
}

fn status_key(status: &StatusCode) -> String {
    match status {
        StatusCode::Code(code) => code.to_string(),
        StatusCode::Range(range) => format!("{range}XX"),
    }
}

/// A parameter's `style`, `explode` and `allowReserved`, defaults filled
/// in. The loader already refused a style the location does not allow
/// (openapiv3 types styles per location).
fn style(param: &Parameter) -> ParamEncoding {
    let (style, allow_reserved) = match param {
        Parameter::Query {
            style,
            allow_reserved,
            ..
        } => (query_style(style), *allow_reserved),
        Parameter::Path { style, .. } => (
            match style {
                PathStyle::Simple => ParamStyle::Simple,
                PathStyle::Label => ParamStyle::Label,
                PathStyle::Matrix => ParamStyle::Matrix,
            },
            false,
        ),
        Parameter::Header { .. } => (ParamStyle::Simple, false),
        Parameter::Cookie { .. } => (ParamStyle::Form, false),
    };
    ParamEncoding::Style {
        style,
        explode: param
            .parameter_data_ref()
            .explode
            .unwrap_or(style == ParamStyle::Form),
        allow_reserved,
    }
}

/// Header parameters OpenAPI 3.0 says to ignore ("Parameter Object",
/// `name`): a `Content-Type` parameter would replace a multipart body's
/// boundary, for one.
fn is_reserved_header(name: &str) -> bool {
    ["accept", "content-type", "authorization"]
        .iter()
        .any(|reserved| reserved.eq_ignore_ascii_case(name))
}

fn query_style(style: &QueryStyle) -> ParamStyle {
    match style {
        QueryStyle::Form => ParamStyle::Form,
        QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
        QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
        QueryStyle::DeepObject => ParamStyle::DeepObject,
    }
}

fn default_style(location: ParamLocation) -> ParamStyle {
    match location {
        ParamLocation::Path | ParamLocation::Header => ParamStyle::Simple,
        ParamLocation::Query | ParamLocation::Cookie => ParamStyle::Form,
    }
}

/// What a style sees of a parameter's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Scalar,
    Array,
    Object,
    /// Any JSON value, or a union: known only at run time.
    Unknown,
}

impl Shape {
    fn noun(self) -> &'static str {
        match self {
            Shape::Scalar => "scalar",
            Shape::Array => "array",
            Shape::Object => "object",
            Shape::Unknown => "value",
        }
    }
}

/// The shape of a type, once its aliases are followed.
fn shape(unaliased: (&TypeRef, Option<&TypeKind>)) -> Shape {
    match unaliased {
        (TypeRef::Vec(_), _) => Shape::Array,
        (TypeRef::Map(_), _) | (_, Some(TypeKind::Struct(_))) => Shape::Object,
        (_, Some(TypeKind::Enum(_))) => Shape::Scalar,
        (TypeRef::Json | TypeRef::Named(_), _) => Shape::Unknown,
        (
            TypeRef::String | TypeRef::Bool | TypeRef::Int(_) | TypeRef::Float(_) | TypeRef::Binary,
            _,
        ) => Shape::Scalar,
    }
}

/// How a body of this media type is sent; `None` for those taskgen cannot
/// write (`multipart/mixed`, other multipart kinds).
fn body_kind(media: &str) -> Option<BodyKind> {
    let essence = media_essence(media);
    Some(if is_json(media) {
        BodyKind::Json
    } else if essence == "application/x-www-form-urlencoded" {
        BodyKind::Form
    } else if essence == "multipart/form-data" {
        BodyKind::Multipart
    } else if essence.starts_with("multipart/") {
        return None;
    } else if essence.starts_with("text/") {
        BodyKind::Text
    } else {
        BodyKind::Binary
    })
}

fn location(param: &Parameter) -> ParamLocation {
    match param {
        Parameter::Query { .. } => ParamLocation::Query,
        Parameter::Header { .. } => ParamLocation::Header,
        Parameter::Path { .. } => ParamLocation::Path,
        Parameter::Cookie { .. } => ParamLocation::Cookie,
    }
}

/// The schema of the JSON media type in `content`, with its pointer.
fn json_schema<'c>(
    content: &'c indexmap::IndexMap<String, MediaType>,
    at: &str,
) -> Option<(String, &'c ReferenceOr<openapiv3::Schema>)> {
    let (media, media_type) = content.iter().find(|(media, _)| is_json(media))?;
    let schema = media_type.schema.as_ref()?;
    Some((
        pointer::join(
            &pointer::join(&pointer::join(at, "content"), media),
            "schema",
        ),
        schema,
    ))
}

/// The `Accept` of a request: the media types of its success bodies as the
/// spec writes them, or `None` when that is plain JSON.
fn accept(success: &Success) -> Option<String> {
    let mut media: Vec<&str> = Vec::new();
    for body in success.bodies() {
        let this = match body {
            ResponseBody::Json { media, .. }
            | ResponseBody::Text { media }
            | ResponseBody::Bytes { media } => media.trim(),
            ResponseBody::Empty => continue,
        };
        if !media.contains(&this) {
            media.push(this);
        }
    }
    let plain_json = media.iter().all(|m| media_essence(m) == "application/json");
    (!plain_json).then(|| media.join(", "))
}

fn is_text(media: &str) -> bool {
    media.trim().to_ascii_lowercase().starts_with("text/")
}

fn is_json(media: &str) -> bool {
    let essence = media_essence(media);
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

/// `type/subtype` of a media type, lower case, without parameters.
fn media_essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::ir::Api;
    use crate::{load, lower};

    fn lowered(text: &str) -> Api {
        lower::lower(&load::load_str(Path::new("spec.yaml"), text).unwrap()).unwrap()
    }

    #[test]
    fn a_schema_and_the_request_struct_keep_their_names() {
        let api = lowered(
            "\
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /events:
    get:
      operationId: GetAuditEvents
      responses: {'200': {description: OK}}
    put:
      operationId: PutAuditEvents
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/PutAuditEventsRequest'}
      responses: {'200': {description: OK}}
components:
  schemas:
    PutAuditEventsRequest:
      type: object
      properties:
        events: {type: array, items: {type: string}}
",
        );
        let requests: Vec<&str> = api
            .operations
            .iter()
            .map(|op| op.request_type.as_str())
            .collect();
        // The request struct is in the operation's module, beside no schema.
        assert_eq!(requests, ["GetAuditEventsRequest", "PutAuditEventsRequest"]);
        assert_eq!(api.operations[1].module, "put_audit_events");
        assert!(api.types.iter().any(|t| t.name == "PutAuditEventsRequest"));
    }

    fn spec_with(operation: &str) -> String {
        spec_at("/items/{id}", operation)
    }

    fn spec_at(path: &str, operation: &str) -> String {
        format!(
            "\
openapi: 3.0.3
info: {{title: T, version: '1'}}
paths:
  {path}:
    post:
{operation}
      responses: {{'200': {{description: OK}}}}
"
        )
    }

    #[test]
    fn styles_default_by_location_and_keep_what_the_spec_says() {
        use crate::ir::{ParamEncoding, ParamStyle};
        let api = lowered(&spec_at(
            "/items/{id}/{pos}",
            "      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: tags, in: query, schema: {type: array, items: {type: string}}}
        - {name: ids, in: query, explode: false, allowReserved: true, schema: {type: array, items: {type: string}}}
        - {name: ids2, in: query, style: pipeDelimited, schema: {type: array, items: {type: string}}}
        - {name: X-Trace, in: header, explode: true, schema: {type: array, items: {type: string}}}
        - {name: session, in: cookie, schema: {type: string}}
        - {name: pos, in: path, required: true, style: matrix, schema: {type: string}}",
        ));
        let styles: Vec<ParamEncoding> = api.operations[0]
            .params
            .iter()
            .map(|p| p.encoding)
            .collect();
        let style = |style, explode, allow_reserved| ParamEncoding::Style {
            style,
            explode,
            allow_reserved,
        };
        assert_eq!(
            styles,
            [
                style(ParamStyle::Simple, false, false),
                style(ParamStyle::Form, true, false),
                style(ParamStyle::Form, false, true),
                style(ParamStyle::PipeDelimited, false, false),
                style(ParamStyle::Simple, true, false),
                style(ParamStyle::Form, true, false),
                style(ParamStyle::Matrix, false, false),
            ]
        );
    }

    #[test]
    fn a_style_the_location_does_not_allow_is_a_located_error() {
        let text = spec_with(
            "      parameters:
        - {name: id, in: path, required: true, style: deepObject, schema: {type: object}}",
        );
        let err = load::load_str(Path::new("spec.yaml"), text)
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("spec.yaml:7:") && err.contains("deepObject"),
            "{err}"
        );
    }

    #[test]
    fn a_style_that_cannot_write_the_type_falls_back_with_a_warning() {
        use crate::ir::{ParamEncoding, ParamStyle};
        let api = lowered(&spec_with(
            "      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: q, in: query, style: deepObject, schema: {type: string}}",
        ));
        assert_eq!(
            api.operations[0].params[1].encoding,
            ParamEncoding::Style {
                style: ParamStyle::Form,
                explode: true,
                allow_reserved: false
            }
        );
        let warning = api.warnings[0].to_string();
        assert!(
            warning.contains("spec.yaml:8:")
                && warning.contains("style `deepObject` cannot write a scalar"),
            "{warning}"
        );
    }

    #[test]
    fn the_body_media_type_is_chosen_in_a_fixed_order() {
        use crate::ir::{BodyKind, TypeRef};
        let body = |content: &str| {
            let api = lowered(&spec_with(&format!(
                "      requestBody:\n        required: true\n        content:\n{content}"
            )));
            api.operations[0].body.clone()
        };
        let object = "{type: object, properties: {a: {type: string}}}";
        let chosen = body(&format!(
            "          application/octet-stream: {{}}\n          text/plain: {{}}\n          multipart/form-data: {{schema: {object}}}\n          application/x-www-form-urlencoded: {{schema: {object}}}\n"
        ))
        .unwrap();
        assert_eq!(
            (chosen.kind, chosen.media_type.as_str()),
            (BodyKind::Form, "application/x-www-form-urlencoded")
        );
        assert!(chosen.required);
        let chosen = body("          image/png: {}\n          text/csv: {}\n").unwrap();
        assert_eq!((chosen.kind, chosen.ty), (BodyKind::Text, TypeRef::String));
        let chosen =
            body("          image/png: {schema: {type: string, format: binary}}\n").unwrap();
        assert_eq!(
            (chosen.kind, chosen.ty),
            (BodyKind::Binary, TypeRef::Binary)
        );
        // Multipart without a schema cannot be sent: no body, and a warning.
        let api = lowered(&spec_with(
            "      requestBody:\n        content:\n          multipart/form-data: {}\n",
        ));
        assert!(api.operations[0].body.is_none());
        assert!(api
            .warnings
            .iter()
            .any(|w| w.to_string().contains("no media type")));
    }

    #[test]
    fn form_encoding_explode_defaults_to_true_for_form() {
        let api = lowered(&spec_with(
            "      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {a: {type: array, items: {type: string}}, b: {type: array, items: {type: string}}}}
            encoding:
              a: {style: form}
              b: {style: pipeDelimited, explode: false}",
        ));
        let encoding = &api.operations[0].body.as_ref().unwrap().encoding;
        let explodes: Vec<(&str, bool)> = encoding
            .iter()
            .map(|(name, e)| (name.as_str(), e.explode))
            .collect();
        assert_eq!(explodes, [("a", true), ("b", false)]);
    }

    #[test]
    fn accept_content_type_and_authorization_header_parameters_are_ignored() {
        let api = lowered(&spec_with(
            "      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: content-type, in: header, required: true, schema: {type: string}}
        - {name: Accept, in: header, schema: {type: string}}
        - {name: Authorization, in: header, schema: {type: string}}
        - {name: X-Trace, in: header, schema: {type: string}}",
        ));
        let names: Vec<&str> = api.operations[0]
            .params
            .iter()
            .map(|p| p.field.wire_name.as_str())
            .collect();
        assert_eq!(names, ["id", "X-Trace"]);
        assert_eq!(api.warnings.len(), 3);
        assert!(
            api.warnings[0].to_string().contains("spec.yaml:8:"),
            "{}",
            api.warnings[0]
        );
    }

    #[test]
    fn success_bodies_become_one_type_or_an_enum_by_status() {
        use crate::ir::{ResponseBody, Success, TypeRef};
        let api = lowered(
            "\
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /pets:
    get:
      operationId: same
      responses:
        '200': {description: a, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
        '203': {description: b, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
        '404': {description: c, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
    post:
      operationId: different
      responses:
        '200': {description: a, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
        '202': {description: b, content: {application/json: {schema: {type: object}}}}
        '204': {description: c}
    put:
      operationId: text
      responses:
        '200': {description: a, content: {text/csv: {}}}
components:
  schemas:
    Pet: {type: object, properties: {name: {type: string}}}
",
        );
        let pet = TypeRef::Named("Pet".into());
        // openapiv3's method order: get, put, post.
        let [same, text, different] = &api.operations[..] else {
            panic!("three operations");
        };
        assert_eq!(
            same.success,
            Success::One(ResponseBody::Json {
                ty: pet.clone(),
                media: "application/json".into()
            })
        );
        assert_eq!(same.response, Some(pet.clone()));
        assert_eq!(same.error_type.as_deref(), Some("SameError"));
        let Success::Enum { name, variants } = &different.success else {
            panic!("{:?}", different.success);
        };
        assert_eq!(name, "DifferentResponse");
        let statuses: Vec<&str> = variants.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(statuses, ["200", "202", "204"]);
        assert_eq!(variants[2].1, ResponseBody::Empty);
        assert_eq!(different.error_type, None);
        assert_eq!(
            text.success,
            Success::One(ResponseBody::Text {
                media: "text/csv".into()
            })
        );
    }
}
