//! Operations to request structs and response types.

use heck::ToUpperCamelCase;
use openapiv3::{
    MediaType, Operation as OpenApiOperation, Parameter, ParameterSchemaOrContent, PathItem,
    ReferenceOr, RequestBody, Response, StatusCode,
};

use super::extensions::{self, ExampleExt, RpcExt};
use super::names::{snake_ident, type_ident, Namer};
use super::schema::{SchemaRef, Schemas};
use crate::error::Result;
use crate::ir::{
    status_variant, Body, Doc, Example, Operation, Param, ParamEncoding, ParamLocation,
    ResponseBody, Rpc, Success, TypeRef,
};
use crate::load::LoadedSpec;
use crate::pointer;

/// Lowers every operation, in document order (paths, then methods in
/// openapiv3's fixed order).
pub fn lower_operations(spec: &LoadedSpec, schemas: &mut Schemas<'_>) -> Result<Vec<Operation>> {
    let mut fn_names = Namer::new();
    let mut operations = Vec::new();
    for (path, item) in spec.doc.paths.iter() {
        let path_at = pointer::join("#/paths", path);
        let item: PathItem = match item {
            ReferenceOr::Item(item) => item.clone(),
            ReferenceOr::Reference { reference } => schemas.follow(reference, &path_at)?.1,
        };
        for (method, operation) in item.iter() {
            let at = pointer::join(&path_at, method);
            let lowered = OperationLowerer {
                spec,
                schemas: &mut *schemas,
                at: &at,
            }
            .lower(path, method, &item, operation, &mut fn_names)?;
            operations.push(lowered);
        }
    }
    Ok(operations)
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
    at: &'s str,
}

impl OperationLowerer<'_, '_> {
    fn lower(
        mut self,
        path: &str,
        method: &str,
        item: &PathItem,
        operation: &OpenApiOperation,
        fn_names: &mut Namer,
    ) -> Result<Operation> {
        let id = operation
            .operation_id
            .clone()
            .unwrap_or_else(|| format!("{method}_{path}"));
        let fn_name = fn_names.claim_name(&snake_ident(&id));
        let prefix = type_ident(&id);
        // Component schemas were named first, so a schema keeps its spec
        // name and the request struct takes the suffix: an operation
        // `PutAuditEvents` whose body schema is `PutAuditEventsRequest` gets
        // `PutAuditEventsRequest2`. A module per operation would remove the
        // clash; until then the suffix depends only on the spec.
        let request_type = self.schemas.namer.claim(&format!("{prefix}Request"));
        let builder_type = self.schemas.namer.claim(&format!("{prefix}Builder"));
        let mut params = self.params(item, operation, &prefix)?;
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
            Success::One(ResponseBody::Json(ty)) => Some(ty.clone()),
            _ => None,
        };
        Ok(Operation {
            id_given: operation.operation_id.is_some(),
            id,
            fn_name,
            request_type,
            builder_type,
            method: method.to_uppercase(),
            path: path.to_string(),
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
            security: super::client::security(self.spec, operation.security.as_deref(), self.at)?,
            idempotent,
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
        if snake_ident(&ext.name) != ext.name {
            return Err(self
                .spec
                .error(
                    &pointer::join(&at, "name"),
                    format!("`{}` is not a snake_case file name", ext.name),
                )
                .with_hint(format!("use `{}`", snake_ident(&ext.name)))
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

    /// Path-level parameters, overridden by operation-level ones with the
    /// same name and location.
    fn params(
        &mut self,
        item: &PathItem,
        operation: &OpenApiOperation,
        prefix: &str,
    ) -> Result<Vec<Param>> {
        let path_at = self
            .at
            .rsplit_once('/')
            .map_or(self.at, |(parent, _)| parent)
            .to_string();
        let mut resolved: Vec<(String, Parameter)> = Vec::new();
        let sources = [
            (&item.parameters, path_at),
            (&operation.parameters, self.at.to_string()),
        ];
        for (list, base) in sources {
            for (i, param) in list.iter().enumerate() {
                let at = pointer::join(&pointer::join(&base, "parameters"), &i.to_string());
                let (at, param) = self.resolve(param, at)?;
                let data = param.parameter_data_ref();
                let same = |(_, p): &(String, Parameter)| {
                    p.parameter_data_ref().name == data.name && location(p) == location(&param)
                };
                resolved.retain(|entry| !same(entry));
                resolved.push((at, param));
            }
        }
        // Parameter names are also the builder's setter and field names, so
        // they must not take the builder's own (nor the body's).
        let mut names = Namer::new();
        for reserved in ["client", "new", "build", "send", "body"] {
            names.claim(reserved);
        }
        let mut params = Vec::new();
        for (at, param) in resolved {
            let data = param.parameter_data_ref();
            let hint = format!("{prefix}{}", data.name.to_upper_camel_case());
            let (schema, schema_at, encoding) = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => (
                    SchemaRef::from(schema),
                    pointer::join(&at, "schema"),
                    ParamEncoding::Plain,
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
            params.push(Param {
                field,
                location: location(&param),
                encoding,
            });
        }
        Ok(params)
    }

    fn resolve(&self, param: &ReferenceOr<Parameter>, at: String) -> Result<(String, Parameter)> {
        let mut current = (at, param.clone());
        for _ in 0..32 {
            match current.1 {
                ReferenceOr::Item(param) => return Ok((current.0, param)),
                ReferenceOr::Reference { reference } => {
                    current = self.schemas.follow(&reference, &current.0)?;
                }
            }
        }
        Err(self
            .spec
            .error(&current.0, "parameter `$ref` chain is too long or circular")
            .into())
    }

    fn body(&mut self, body: &ReferenceOr<RequestBody>, prefix: &str) -> Result<Option<Body>> {
        let at = pointer::join(self.at, "requestBody");
        let (at, body) = match body {
            ReferenceOr::Item(body) => (at, body.clone()),
            ReferenceOr::Reference { reference } => self.schemas.follow(reference, &at)?,
        };
        let Some((schema_at, schema)) = json_schema(&body.content, &at) else {
            return Ok(None);
        };
        let ty = self
            .schemas
            .use_schema(schema.into(), &schema_at, &format!("{prefix}Body"))?;
        Ok(Some(Body {
            ty,
            required: body.required,
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
            let (at, response): (String, Response) = match response {
                ReferenceOr::Item(response) => (at, response.clone()),
                ReferenceOr::Reference { reference } => self.schemas.follow(reference, &at)?,
            };
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
        let enum_name = several.then(|| self.schemas.namer.claim(&format!("{prefix}Response")));
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
        let error_type =
            (!failures.is_empty()).then(|| self.schemas.namer.claim(&format!("{prefix}Error")));
        let mut errors = Vec::new();
        for (status, (schema_at, schema)) in failures {
            let hint = format!("{prefix}Error{}", status.to_upper_camel_case());
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
        if let Some((schema_at, schema)) = json_schema(content, at) {
            let ty = self.schemas.use_schema(schema.into(), &schema_at, hint)?;
            return Ok(ResponseBody::Json(ty));
        }
        let first = |text: bool| {
            content
                .keys()
                .find(|media| is_text(media) == text)
                .cloned()
                .unwrap_or_default()
        };
        Ok(match media_kind(content) {
            MediaKind::Json => ResponseBody::Json(TypeRef::Json),
            MediaKind::Text => ResponseBody::Text { media: first(true) },
            MediaKind::Bytes => ResponseBody::Bytes {
                media: first(false),
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

fn is_text(media: &str) -> bool {
    media.trim().to_ascii_lowercase().starts_with("text/")
}

fn is_json(media: &str) -> bool {
    let essence = media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
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
    fn a_schema_keeps_its_name_and_the_request_struct_is_suffixed() {
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
        assert_eq!(
            requests,
            ["GetAuditEventsRequest", "PutAuditEventsRequest2"]
        );
        assert!(api.types.iter().any(|t| t.name == "PutAuditEventsRequest"));
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
        assert_eq!(same.success, Success::One(ResponseBody::Json(pet.clone())));
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
