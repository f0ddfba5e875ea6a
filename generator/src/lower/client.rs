//! Servers and security schemes to the client's endpoint, its vendor
//! signers or standard schemes, and each operation's security
//! requirements.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityRequirement, SecurityScheme};

use super::extensions::{self, SigningExt};
use super::names::{snake_ident, Namer};
use crate::error::Result;
use crate::ir::{
    Auth, Client, ErrorFormat, Name, Operation, ParamLocation, Scheme, SchemeKind, ServerVariable,
};
use crate::load::LoadedSpec;
use crate::pointer;

/// The client description, or `None` when the spec has no operations
/// (such a spec gets types only). A spec whose schemes carry
/// `x-taskgen-signing` gets the vendor's signers; any other gets its
/// standard schemes (each operation's requirements are lowered with the
/// operation, by [`security`]).
/// A scheme taskgen cannot send (an HTTP scheme other than basic or
/// bearer) is left out with a warning in `warnings`: operations that need
/// it fail with `Error::Credentials`.
pub fn lower_client(
    spec: &LoadedSpec,
    operations: &mut [Operation],
    warnings: &mut Vec<crate::SpecError>,
) -> Result<Option<Client>> {
    let signing = signing_schemes(spec)?;
    if signing.is_empty() && operations.is_empty() {
        return Ok(None);
    }
    let (endpoint, default_region, variables) = server(spec, !signing.is_empty())?;
    if signing.is_empty() {
        let schemes = standard_schemes(spec, operations, warnings)?;
        return Ok(Some(Client {
            endpoint,
            default_region,
            variables,
            error_format: ErrorFormat::Generic,
            auth: Vec::new(),
            schemes,
        }));
    }
    // A vendor's signer signs every request; requirements name its schemes.
    for op in operations.iter_mut() {
        op.security.clear();
    }
    let schemes = signing;
    let formats: Vec<ErrorFormat> = schemes.iter().map(|(_, auth)| error_format(auth)).collect();
    if let Some((at, _)) = schemes
        .iter()
        .zip(&formats)
        .find(|(_, f)| **f != formats[0])
        .map(|(s, _)| s)
    {
        return Err(spec
            .error(at, "signing schemes of different vendors in one spec")
            .with_hint("one spec describes one vendor's API")
            .into());
    }
    Ok(Some(Client {
        endpoint,
        default_region,
        variables,
        error_format: formats[0],
        auth: schemes.into_iter().map(|(_, auth)| auth).collect(),
        schemes: Vec::new(),
    }))
}

/// The first server's URL template, its `region` default and its other
/// variables. A signing vendor's spec must name its server; any other
/// may leave it to the user's base URL.
fn server(
    spec: &LoadedSpec,
    signing: bool,
) -> Result<(String, Option<String>, Vec<ServerVariable>)> {
    let Some(server) = spec.doc.servers.first() else {
        if signing {
            return Err(spec
                .error("#", "the spec declares signing schemes but no `servers`")
                .with_hint("add the API's base URL under `servers`")
                .into());
        }
        return Ok((String::new(), None, Vec::new()));
    };
    let mut default_region = None;
    let mut variables = Vec::new();
    for (name, variable) in server.variables.iter().flatten() {
        if name == "region" {
            default_region = Some(variable.default.clone());
        } else if server.url.contains(&format!("{{{name}}}")) {
            variables.push(ServerVariable {
                name: name.clone(),
                default: variable.default.clone(),
                allowed: variable.enumeration.clone(),
                description: variable.description.clone(),
            });
        }
    }
    // A variable the server does not declare has no value to take.
    let mut rest = server.url.as_str();
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let name = after.split('}').next().unwrap_or(after);
        if name != "region" && !variables.iter().any(|v| v.name == name) {
            return Err(spec
                .error(
                    "#/servers/0/url",
                    format!("server variable `{{{name}}}` is not declared under `variables`"),
                )
                .with_hint("declare it with a `default`")
                .into());
        }
        rest = after;
    }
    Ok((server.url.clone(), default_region, variables))
}

/// The standard schemes, in document order, each with the client
/// method(s) that give its credential: `with_basic`, `with_bearer_token`
/// and `with_token_provider`, `with_api_key`, suffixed with the scheme's
/// name when two schemes would share one (unless the name already says it:
/// scheme `api_key` keeps `with_api_key`).
fn standard_schemes(
    spec: &LoadedSpec,
    operations: &[Operation],
    warnings: &mut Vec<crate::SpecError>,
) -> Result<Vec<Scheme>> {
    let Some(components) = &spec.doc.components else {
        return Ok(Vec::new());
    };
    let mut kinds = Vec::new();
    for (name, scheme) in &components.security_schemes {
        let at = pointer::join("#/components/securitySchemes", name);
        let ReferenceOr::Item(scheme) = scheme else {
            return Err(spec
                .error(&at, "a security scheme `$ref` is not supported")
                .with_hint("write the scheme here")
                .into());
        };
        let (kind, description) = match scheme {
            SecurityScheme::HTTP {
                scheme: http,
                description,
                ..
            } => match http.to_ascii_lowercase().as_str() {
                "basic" => (SchemeKind::Basic, description),
                "bearer" => (
                    SchemeKind::Bearer {
                        spec_type: "http bearer".into(),
                    },
                    description,
                ),
                other => {
                    warnings.push(
                        spec.error(
                            &pointer::join(&at, "scheme"),
                            format!(
                                "HTTP authentication scheme `{other}` is not supported: \
                                 operations that need it fail with `Error::Credentials`"
                            ),
                        )
                        .with_hint("taskgen sends `basic` and `bearer`"),
                    );
                    continue;
                }
            },
            SecurityScheme::APIKey {
                location,
                name,
                description,
                ..
            } => (
                SchemeKind::ApiKey {
                    location: match location {
                        APIKeyLocation::Header => ParamLocation::Header,
                        APIKeyLocation::Query => ParamLocation::Query,
                        APIKeyLocation::Cookie => ParamLocation::Cookie,
                    },
                    name: name.clone(),
                },
                description,
            ),
            SecurityScheme::OAuth2 { description, .. } => (
                SchemeKind::Bearer {
                    spec_type: "oauth2".into(),
                },
                description,
            ),
            SecurityScheme::OpenIDConnect { description, .. } => (
                SchemeKind::Bearer {
                    spec_type: "openIdConnect".into(),
                },
                description,
            ),
        };
        kinds.push((name.clone(), kind, description.clone()));
    }
    // Setters live beside the operations' methods.
    let mut names = Namer::new();
    for reserved in ["new", "from_env"] {
        names.claim(reserved);
    }
    for op in operations {
        names.claim(&op.fn_name);
    }
    let family = |kind: &SchemeKind| match kind {
        SchemeKind::Basic => 0,
        SchemeKind::Bearer { .. } => 1,
        SchemeKind::ApiKey { .. } => 2,
    };
    let mut schemes = Vec::new();
    for (name, kind, description) in &kinds {
        let shared = kinds
            .iter()
            .filter(|(_, k, _)| family(k) == family(kind))
            .count()
            > 1;
        let scheme = snake_ident(name).bare().to_string();
        let primary = match kind {
            SchemeKind::Basic => "with_basic",
            SchemeKind::Bearer { .. } => "with_bearer_token",
            SchemeKind::ApiKey { .. } => "with_api_key",
        };
        // `api_key` is `with_api_key`, not `with_api_key_api_key`.
        let named = format!("{primary}_").contains(&format!("_{scheme}_"));
        let suffix = if shared && !named {
            format!("_{scheme}")
        } else {
            String::new()
        };
        let mut claim = |base: &str| names.claim_name(&Name::new(format!("{base}{suffix}")));
        let (setter, provider_setter) = match kind {
            SchemeKind::Bearer { .. } => (claim(primary), Some(claim("with_token_provider"))),
            _ => (claim(primary), None),
        };
        schemes.push(Scheme {
            name: name.clone(),
            kind: kind.clone(),
            setter,
            provider_setter,
            description: description.clone(),
        });
    }
    Ok(schemes)
}

/// An operation's requirements: its own `security` (`own`, the operation
/// at `op_at`), else the spec's; an empty requirement (`{}`) means none is
/// needed. Every scheme named must be declared.
pub fn security(
    spec: &LoadedSpec,
    own: Option<&[SecurityRequirement]>,
    op_at: &str,
) -> Result<Vec<Vec<String>>> {
    let (requirements, at): (&[SecurityRequirement], String) = match own {
        Some(own) => (own, pointer::join(op_at, "security")),
        None => (
            spec.doc.security.as_deref().unwrap_or_default(),
            "#/security".into(),
        ),
    };
    let empty = Default::default();
    let declared = spec
        .doc
        .components
        .as_ref()
        .map_or(&empty, |c| &c.security_schemes);
    let mut out = Vec::new();
    for (i, requirement) in requirements.iter().enumerate() {
        let mut names = Vec::new();
        for name in requirement.keys() {
            if !declared.contains_key(name) {
                return Err(spec
                    .error(
                        &pointer::join(&pointer::join(&at, &i.to_string()), name),
                        format!("security scheme `{name}` is not declared"),
                    )
                    .with_hint("declare it under `components/securitySchemes`")
                    .into());
            }
            names.push(name.clone());
        }
        out.push(names);
    }
    Ok(out)
}

/// Schemes with `x-taskgen-signing`, those the top-level `security` names
/// first (in its order), then the rest in document order.
fn signing_schemes(spec: &LoadedSpec) -> Result<Vec<(String, Auth)>> {
    let Some(components) = &spec.doc.components else {
        return Ok(Vec::new());
    };
    let mut names: Vec<&String> = spec
        .doc
        .security
        .iter()
        .flatten()
        .flat_map(|requirement| requirement.keys())
        .collect();
    names.extend(components.security_schemes.keys());
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for name in names {
        if seen.contains(&name) {
            continue;
        }
        seen.push(name);
        let Some(ReferenceOr::Item(scheme)) = components.security_schemes.get(name) else {
            continue;
        };
        let at = pointer::join("#/components/securitySchemes", name);
        if let Some(auth) = signing(spec, scheme, &at)? {
            out.push((at, auth));
        }
    }
    Ok(out)
}

fn signing(spec: &LoadedSpec, scheme: &SecurityScheme, at: &str) -> Result<Option<Auth>> {
    let (extensions, header) = match scheme {
        SecurityScheme::APIKey {
            extensions, name, ..
        } => (extensions, Some(name)),
        SecurityScheme::HTTP { extensions, .. }
        | SecurityScheme::OAuth2 { extensions, .. }
        | SecurityScheme::OpenIDConnect { extensions, .. } => (extensions, None),
    };
    let Some(ext) = extensions::read::<SigningExt>(spec, extensions, extensions::SIGNING, at)?
    else {
        return Ok(None);
    };
    let ext_at = pointer::join(at, extensions::SIGNING);
    let auth = match ext.scheme.as_str() {
        "ACS3-HMAC-SHA256" => Auth::Acs3,
        "bce-auth-v1" => Auth::Bce {
            signed_headers: ext.signed_headers,
            expiration_seconds: ext.expiration_seconds,
        },
        "SDK-HMAC-SHA256" => Auth::HuaweiAkSk,
        "token" => match header {
            Some(header) => Auth::Token {
                header: header.clone(),
            },
            None => {
                return Err(spec
                    .error(
                        at,
                        "a `token` scheme must be an `apiKey` scheme naming its header",
                    )
                    .into())
            }
        },
        other => {
            return Err(spec
                .error(
                    &pointer::join(&ext_at, "scheme"),
                    format!("unknown signing scheme `{other}`"),
                )
                .with_hint("use ACS3-HMAC-SHA256, bce-auth-v1, SDK-HMAC-SHA256 or token")
                .into())
        }
    };
    Ok(Some(auth))
}

fn error_format(auth: &Auth) -> ErrorFormat {
    match auth {
        Auth::Acs3 => ErrorFormat::Alibaba,
        Auth::Bce { .. } => ErrorFormat::Bce,
        Auth::HuaweiAkSk | Auth::Token { .. } => ErrorFormat::Huawei,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::ir::Api;
    use crate::{load, lower};

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n";

    fn lowered(rest: &str) -> Result<Api, String> {
        let spec = load::load_str(Path::new("spec.yaml"), format!("{HEAD}{rest}")).unwrap();
        lower::lower(&spec).map_err(|err| err.to_string())
    }

    const OPS: &str = "\
paths:
  /a:
    get:
      operationId: getA
      responses: {'204': {description: none}}
";

    #[test]
    fn setters_are_suffixed_only_when_two_schemes_share_one() {
        let api = lowered(&format!(
            "{OPS}components:
  securitySchemes:
    api_key: {{type: apiKey, in: header, name: X-Key}}
    session: {{type: apiKey, in: cookie, name: sid}}
    login: {{type: http, scheme: basic}}
"
        ))
        .unwrap();
        let client = api.client.unwrap();
        let setters: Vec<&str> = client.schemes.iter().map(|s| s.setter.bare()).collect();
        assert_eq!(
            setters,
            ["with_api_key", "with_api_key_session", "with_basic"]
        );
        assert!(client.auth.is_empty());
    }

    #[test]
    fn requirements_are_the_operations_own_or_the_specs() {
        let api = lowered(
            "security: [{key: []}]
paths:
  /a:
    get:
      operationId: inherits
      responses: {'204': {description: none}}
    post:
      operationId: none
      security: []
      responses: {'204': {description: none}}
    put:
      operationId: both
      security: [{key: [], bearer: []}, {}]
      responses: {'204': {description: none}}
components:
  securitySchemes:
    key: {type: apiKey, in: query, name: k}
    bearer: {type: http, scheme: bearer}
",
        )
        .unwrap();
        let security: Vec<_> = api
            .operations
            .iter()
            .map(|op| op.security.clone())
            .collect();
        assert_eq!(
            security,
            [
                // openapiv3's method order: get, put, post.
                vec![vec!["key".to_string()]],
                vec![vec!["key".to_string(), "bearer".to_string()], vec![]],
                vec![],
            ]
        );
    }

    #[test]
    fn undeclared_schemes_and_variables_are_errors_unknown_http_schemes_warnings() {
        let err = lowered(&format!("security: [{{nope: []}}]\n{OPS}")).unwrap_err();
        assert!(
            err.contains("#/security/0/nope") && err.contains("`nope` is not declared"),
            "{err}"
        );
        let api = lowered(&format!(
            "{OPS}components:\n  securitySchemes:\n    d: {{type: http, scheme: digest}}\n"
        ))
        .unwrap();
        assert!(api.client.unwrap().schemes.is_empty());
        let warning = api.warnings[0].to_string();
        assert!(warning.contains("`digest` is not supported"), "{warning}");
        let err = lowered(&format!(
            "servers: [{{url: 'https://{{zone}}.example.com'}}]\n{OPS}"
        ))
        .unwrap_err();
        assert!(
            err.contains("#/servers/0/url") && err.contains("`{zone}`"),
            "{err}"
        );
    }

    #[test]
    fn a_spec_without_operations_has_no_client() {
        assert!(lowered("paths: {}\n").unwrap().client.is_none());
        let api = lowered(OPS).unwrap();
        assert_eq!(api.client.unwrap().endpoint, "");
    }
}
