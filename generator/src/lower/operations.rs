//! Operations to request structs and response types.

use heck::ToUpperCamelCase;
use openapiv3::{
    MediaType, Operation as OpenApiOperation, Parameter, ParameterSchemaOrContent, PathItem,
    ReferenceOr, RequestBody, Response, StatusCode,
};

use super::extensions::{self, ExampleExt, RpcExt};
use super::names::{
    snake_ident, type_ident, Namer, RESERVED_CLIENT_METHODS, RESERVED_REQUEST_BUILDER_MEMBERS,
};
use super::paths;
use super::schema::{SchemaRef, Schemas};
use crate::error::Result;
use crate::ir::{
    Body, Doc, Example, Field, Operation, Param, ParamEncoding, ParamLocation, Rpc, TypeRef,
};
use crate::load::LoadedSpec;
use crate::pointer;

/// Lowers every operation, in document order (paths, then methods in
/// openapiv3's fixed order).
pub fn lower_operations(spec: &LoadedSpec, schemas: &mut Schemas<'_>) -> Result<Vec<Operation>> {
    check_leading_slashes(spec)?;
    let mut fn_names = Namer::with_reserved(RESERVED_CLIENT_METHODS);
    let mut operations = Vec::new();
    for (path, item) in spec.doc.paths.iter() {
        let path_at = pointer::join("#/paths", path);
        let item: PathItem = schemas.resolve(item, &path_at)?.1;
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

/// openapiv3 drops a path that does not start with `/` without a word;
/// its operations would be missing from the client.
fn check_leading_slashes(spec: &LoadedSpec) -> Result<()> {
    let Some(paths) = spec.raw.get("paths").and_then(|p| p.as_object()) else {
        return Ok(());
    };
    match paths
        .keys()
        .find(|k| !k.starts_with('/') && !k.starts_with("x-"))
    {
        Some(path) => Err(spec
            .error(
                &pointer::join("#/paths", path),
                format!("the path `{path}` does not start with `/`"),
            )
            .with_hint(format!("write `/{path}`"))
            .into()),
        None => Ok(()),
    }
}

/// An operation's success body type, and its error body types by status.
type Responses = (Option<TypeRef>, Vec<(String, TypeRef)>);

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
        let path = self.path(path)?;
        let mut params = self.params(item, operation, &prefix, &path)?;
        let rpc = self.rpc(operation, &mut params)?;
        let example = self.example(operation, &params)?;
        let body = match &operation.request_body {
            Some(body) => self.body(body, &prefix)?,
            None => None,
        };
        let (response, errors) = self.responses(operation, &prefix)?;
        Ok(Operation {
            id_given: operation.operation_id.is_some(),
            id,
            fn_name,
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
            errors,
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
                resolved.push((at, param));
            }
        }
        // Parameter names are also the builder's setter and field names, so
        // they must not take the builder's own (nor the body's).
        let mut names = Namer::with_reserved(RESERVED_REQUEST_BUILDER_MEMBERS);
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
            let location = location(&param);
            if location == ParamLocation::Path {
                self.path_param(&mut field, &at, path)?;
            }
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

    /// A path parameter is one required text segment of the path: one that
    /// is not in the template is refused, one not `required` is required
    /// anyway and one that is an array or object is taken as its text,
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
        if !self.schemas.is_text(&field.ty) {
            self.schemas.warn(
                self.spec
                    .error(at, format!("path parameter `{name}` is not a string, number, boolean or string enum; it is typed as the `String` of its path segment"))
                    .with_hint("give it a scalar schema (for an array in `simple` style: `type: string`, comma-separated)"),
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
            encoding: ParamEncoding::Plain,
        }
    }

    fn body(&mut self, body: &ReferenceOr<RequestBody>, prefix: &str) -> Result<Option<Body>> {
        let at = pointer::join(self.at, "requestBody");
        let (at, body) = self.schemas.resolve(body, &at)?;
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

    /// The success body type and the error body types by status.
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
        let mut success = None;
        let mut errors = Vec::new();
        for (status, response) in entries {
            let at = pointer::join(&responses_at, &status);
            let (at, response): (String, Response) = self.schemas.resolve(response, &at)?;
            let is_success = status.starts_with('2');
            if is_success && success.is_some() {
                continue;
            }
            let Some((schema_at, schema)) = json_schema(&response.content, &at) else {
                if is_success {
                    success = Some(None);
                }
                continue;
            };
            let hint = if is_success {
                format!("{prefix}Response")
            } else {
                format!("{prefix}Error{}", status.to_upper_camel_case())
            };
            let ty = self.schemas.use_schema(schema.into(), &schema_at, &hint)?;
            if is_success {
                success = Some(Some(ty));
            } else {
                errors.push((status, ty));
            }
        }
        Ok((success.flatten(), errors))
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
}
