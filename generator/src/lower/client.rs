//! Servers and security schemes to the client's endpoint and signers.

use openapiv3::{ReferenceOr, SecurityScheme};

use super::extensions::{self, SigningExt};
use crate::error::Result;
use crate::ir::{Auth, Client, ErrorFormat};
use crate::load::LoadedSpec;
use crate::pointer;

/// The client description, or `None` when the spec names no signing
/// scheme (such a spec gets types only).
pub fn lower_client(spec: &LoadedSpec) -> Result<Option<Client>> {
    let schemes = signing_schemes(spec)?;
    if schemes.is_empty() {
        return Ok(None);
    }
    let Some(server) = spec.doc.servers.first() else {
        return Err(spec
            .error("#", "the spec declares signing schemes but no `servers`")
            .with_hint("add the API's base URL under `servers`")
            .into());
    };
    let mut endpoint = server.url.clone();
    let mut default_region = None;
    for (name, variable) in server.variables.iter().flatten() {
        if name == "region" {
            default_region = Some(variable.default.clone());
        } else {
            endpoint = endpoint.replace(&format!("{{{name}}}"), &variable.default);
        }
    }
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
        error_format: formats[0],
        auth: schemes.into_iter().map(|(_, auth)| auth).collect(),
    }))
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
