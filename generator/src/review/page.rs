//! The layout of one API's review page: facts about the API, a table of
//! contents, one section per operation (wire, auth, Rust call, paging,
//! parameters, response fields, diagram), then every type with its fields
//! or enum values.

use std::fmt::Write;

use super::markdown::{block, cell, code, text};
use super::mermaid;
use super::rust::{call, named, paginated_call, type_name};
use crate::emit::docs::constraint_lines;
use crate::ir::{
    Api, Auth, Doc, Enum, Field, Operation, PageStyle, Pagination, Param, ParamEncoding,
    ParamLocation, Struct, TypeDef, TypeKind, TypeRef, UnionVariant,
};

/// Builds the page; `out` collects the Markdown.
pub struct Page<'a> {
    api: &'a Api,
    out: String,
}

impl<'a> Page<'a> {
    /// An empty page for `api`.
    pub fn new(api: &'a Api) -> Self {
        Page {
            api,
            out: String::new(),
        }
    }

    /// The whole page, ending in one newline.
    pub fn render(mut self) -> String {
        self.header();
        self.contents();
        self.line("## Operations");
        for op in &self.api.operations {
            self.operation(op);
        }
        self.line("## Types");
        if self.api.types.is_empty() {
            self.line("The spec declares no types.");
        }
        for def in &self.api.types {
            self.type_def(def);
        }
        self.out.truncate(self.out.trim_end().len());
        self.out.push('\n');
        self.out
    }

    /// Appends a line and a blank line: every block stands alone.
    fn line(&mut self, markdown: &str) {
        self.out.push_str(markdown);
        self.out.push_str("\n\n");
    }

    /// A two-column table of facts with an empty header row.
    fn facts(&mut self, rows: &[(&str, String)]) {
        let mut table = String::from("| | |\n|---|---|");
        for (key, value) in rows {
            let _ = write!(table, "\n| {key} | {value} |");
        }
        self.line(&table);
    }

    fn header(&mut self) {
        let api = self.api;
        self.line(&format!("# {}", text(&api.title)));
        let spec = api.spec.file_name().unwrap_or(api.spec.as_os_str());
        let mut rows = vec![
            ("Spec", code(&spec.to_string_lossy())),
            ("Version", code(&api.version)),
            ("Rust module", code(&api.module)),
        ];
        match &api.client {
            Some(client) => {
                let mut endpoint = if client.endpoint.is_empty() {
                    "none in the spec: the user gives a base URL".to_string()
                } else {
                    code(&client.endpoint)
                };
                if let Some(region) = &client.default_region {
                    let _ = write!(endpoint, ", region {} by default", code(region));
                }
                rows.push(("Client", code(&format!("{}::Client", api.module))));
                rows.push(("Endpoint", endpoint));
            }
            None => rows.push((
                "Client",
                "none: the spec names no signing scheme, so the module has types and \
                 request structs only"
                    .into(),
            )),
        }
        rows.push(("Auth", self.auth()));
        let summary = api.summary();
        rows.push((
            "Size",
            format!(
                "{}, {} ({})",
                count(summary.operations, "operation"),
                count(api.types.len(), "type"),
                count(summary.enums, "enum")
            ),
        ));
        self.facts(&rows);
        if let Some(description) = &api.description {
            self.details("Description", description);
        }
    }

    /// The signing schemes every call uses (the generated client signs all
    /// operations alike), or the standard schemes the spec declares.
    fn auth(&self) -> String {
        let Some(client) = &self.api.client else {
            return "none".into();
        };
        if client.auth.is_empty() {
            if client.schemes.is_empty() {
                return "none".into();
            }
            let schemes: Vec<String> = client
                .schemes
                .iter()
                .map(|s| format!("{} (`{}`)", code(&s.name), s.setter.bare()))
                .collect();
            return schemes.join(", ");
        }
        let schemes: Vec<String> = client
            .auth
            .iter()
            .map(|auth| match auth {
                Auth::Acs3 => "ACS3-HMAC-SHA256".into(),
                Auth::Bce {
                    signed_headers,
                    expiration_seconds,
                } => {
                    let headers: Vec<String> = signed_headers.iter().map(|h| code(h)).collect();
                    let mut s = format!("bce-auth-v1, signed headers {}", headers.join(", "));
                    if let Some(seconds) = expiration_seconds {
                        let _ = write!(s, ", valid {seconds} s");
                    }
                    s
                }
                Auth::HuaweiAkSk => "AK/SK SDK-HMAC-SHA256".into(),
                Auth::Token { header } => format!("token in the {} header", code(header)),
            })
            .collect();
        schemes.join(", or ")
    }

    /// Long spec text, folded so the page stays scannable.
    fn details(&mut self, summary: &str, raw: &str) {
        let body = block(raw);
        if !body.is_empty() {
            self.line(&format!(
                "<details><summary>{summary}</summary>\n\n{body}\n\n</details>"
            ));
        }
    }

    fn contents(&mut self) {
        self.line("## Contents");
        if self.api.operations.is_empty() {
            self.line("The spec declares no operations.");
        }
        let mut table = String::from(
            "| Operation | Wire | Rust method | Paging | Summary |\n|---|---|---|---|---|",
        );
        for op in &self.api.operations {
            let paging = op
                .pagination
                .as_ref()
                .map_or(String::new(), |p| style_name(p.style).to_string());
            let _ = write!(
                table,
                "\n| [{}](#{}) | {} | {} | {} | {} |",
                text(&op.id),
                self.op_anchor(op),
                code(&op.wire_call()),
                code(&op.fn_name),
                paging,
                op.doc.summary.as_deref().map(text).unwrap_or_default(),
            );
        }
        if !self.api.operations.is_empty() {
            self.line(&table);
        }
        if !self.api.types.is_empty() {
            let links: Vec<String> = self
                .api
                .types
                .iter()
                .map(|def| format!("[{}](#{})", code(&def.name), self.type_anchor(&def.name)))
                .collect();
            self.line(&format!("Types: {}", links.join(", ")));
        }
    }

    /// Anchors are `<a name>` tags, not heading slugs: GitHub strips `id`
    /// attributes but keeps `name`, and a slug would depend on spec text.
    /// They are made of Rust identifiers, lowercased so no renderer's case
    /// folding can break a link.
    fn op_anchor(&self, op: &Operation) -> String {
        format!("{}-op-{}", self.api.module, op.fn_name.bare())
    }

    fn type_anchor(&self, name: &str) -> String {
        format!("{}-type-{}", self.api.module, name.to_lowercase())
    }

    /// A type use, linked to its section when it names a type.
    fn type_link(&self, ty: &TypeRef) -> String {
        match named(ty) {
            Some(name) => format!("[{}](#{})", code(&type_name(ty)), self.type_anchor(name)),
            None => code(&type_name(ty)),
        }
    }

    fn operation(&mut self, op: &Operation) {
        self.line(&format!("<a name=\"{}\"></a>", self.op_anchor(op)));
        self.line(&format!("### {}", text(&op.id)));
        if let Some(summary) = &op.doc.summary {
            self.line(&text(summary));
        }
        let auth = match &self.api.client {
            Some(client) if client.auth.is_empty() => op_security(op),
            _ => self.auth(),
        };
        let mut rows = vec![("Wire", self.wire_fact(op)), ("Auth", auth)];
        if let Some(call) = call(self.api, op) {
            rows.push(("Rust", code(&call)));
        }
        rows.push(("Request", self.request_fact(op)));
        if let Some(p) = &op.pagination {
            rows.push(("Paging", self.paging(p)));
        }
        if let Some(call) = paginated_call(self.api, op) {
            rows.push(("All items", code(&call)));
        }
        if !op.errors.is_empty() {
            let errors: Vec<String> = op
                .errors
                .iter()
                .map(|(status, ty)| format!("{} {}", code(status), self.type_link(ty)))
                .collect();
            rows.push(("Errors", errors.join(", ")));
        }
        if op.doc.deprecated {
            rows.push(("Deprecated", "yes".into()));
        }
        self.facts(&rows);
        if let Some(description) = &op.doc.description {
            if op.doc.summary.as_deref() != Some(description) {
                self.details("Description", description);
            }
        }
        self.parameters(op);
        self.response(op);
    }

    fn wire_fact(&self, op: &Operation) -> String {
        match &op.rpc {
            Some(rpc) => {
                let retried = if rpc.idempotent {
                    "idempotent, retried"
                } else {
                    "not retried"
                };
                format!(
                    "{} (RPC action {}, {retried}; spec path {})",
                    code(&op.wire_call()),
                    code(&rpc.action),
                    code(&op.path)
                )
            }
            None => code(&op.wire_call()),
        }
    }

    fn request_fact(&self, op: &Operation) -> String {
        let request = code(&format!("operations::{}::{}", op.module, op.request_type));
        match &self.api.client {
            Some(_) => format!("{request}, built by {}", code(&op.builder_type)),
            None => request,
        }
    }

    /// Style, the fields paging reads and writes, and the stop rule.
    fn paging(&self, p: &Pagination) -> String {
        let wire = |f: &crate::ir::PagingField| code(&f.wire_name);
        let mut parts = vec![format!("**{}**", style_name(p.style))];
        match p.style {
            PageStyle::PageNumber { first_page } => {
                parts.push(format!(
                    "page number in {} from {first_page}",
                    wire(&p.position)
                ));
            }
            PageStyle::NextToken | PageStyle::Marker => {
                parts.push(format!("cursor in {}", wire(&p.position)));
            }
        }
        if let Some(size) = &p.page_size {
            parts.push(format!("page size in {}", wire(size)));
        }
        parts.push(format!(
            "items in {} ({})",
            wire(&p.items),
            self.type_link(&p.item_type)
        ));
        if let Some(next) = &p.next_cursor {
            parts.push(format!("next cursor from {}", wire(next)));
        }
        let stop = match p.style {
            PageStyle::NextToken => format!(
                "stops when {} is absent or empty (`token-absent-or-empty`)",
                p.next_cursor.as_ref().map_or("the token".into(), wire)
            ),
            PageStyle::Marker => format!(
                "stops when {} is false (`not-truncated`)",
                p.truncated.as_ref().map_or("truncated".into(), wire)
            ),
            PageStyle::PageNumber { .. } => match &p.total {
                Some(total) => format!(
                    "stops after ceil({} / page size) pages, or on a short or empty page \
                     (`past-total`)",
                    wire(total)
                ),
                None => "stops on a short or empty page (`past-total`)".into(),
            },
        };
        parts.push(stop);
        parts.join("; ")
    }

    fn parameters(&mut self, op: &Operation) {
        if op.params.is_empty() && op.body.is_none() {
            self.line("No parameters.");
            return;
        }
        let mut table = String::from(
            "| Parameter | In | Rust | Type | Required | Bounds | Default | Description |\n\
             |---|---|---|---|---|---|---|---|",
        );
        for param in &op.params {
            table.push_str(&self.field_row(&param.field, Some(location(param))));
        }
        if let Some(body) = &op.body {
            let _ = write!(
                table,
                "\n| (body) | body | `body` | {} | {} | | | {} |",
                self.type_link(&body.ty),
                if body.required { "yes" } else { "no" },
                doc_text(&body.doc),
            );
        }
        self.line(&table);
    }

    fn response(&mut self, op: &Operation) {
        let Some(response) = &op.response else {
            self.line("Response: no JSON body.");
            return;
        };
        self.line(&format!("Response: {}", self.type_link(response)));
        if let Some(TypeKind::Struct(s)) = named(response)
            .and_then(|name| self.api.type_named(name))
            .map(|def| &def.kind)
        {
            self.fields(s);
        }
        if let Some(diagram) = mermaid::diagram(self.api, response) {
            self.line(&diagram.block);
            if diagram.shown < diagram.reached {
                self.line(&format!(
                    "The diagram shows the {} types nearest the response of the {} it \
                     reaches; all are listed under Types.",
                    diagram.shown, diagram.reached
                ));
            }
        }
    }

    fn fields(&mut self, s: &Struct) {
        let mut table = String::from(
            "| Field | Rust | Type | Required | Bounds | Default | Description |\n\
             |---|---|---|---|---|---|---|",
        );
        for f in &s.fields {
            table.push_str(&self.field_row(f, None));
        }
        if let Some((name, ty)) = &s.additional {
            let _ = write!(
                table,
                "\n| (other keys) | {} | {} | no | | | every key not declared above |",
                code(name),
                self.type_link(&TypeRef::Map(Box::new(ty.clone()))),
            );
        }
        if s.fields.is_empty() && s.additional.is_none() {
            self.line("No fields.");
        } else {
            self.line(&table);
        }
    }

    /// A parameter's (with its location) or a struct field's table row.
    fn field_row(&self, f: &Field, location: Option<&str>) -> String {
        let mut cells = vec![code(&f.wire_name)];
        cells.extend(location.map(str::to_string));
        cells.extend([
            code(&f.name),
            self.type_link(&f.ty),
            required(f).to_string(),
            bounds(&f.doc),
            f.doc.default.as_deref().map(code).unwrap_or_default(),
            description(f),
        ]);
        format!("\n| {} |", cells.join(" | "))
    }

    fn type_def(&mut self, def: &TypeDef) {
        self.line(&format!("<a name=\"{}\"></a>", self.type_anchor(&def.name)));
        let kind = match &def.kind {
            TypeKind::Struct(_) => "struct",
            TypeKind::Enum(_) => "enum",
            TypeKind::Union(_) => "untagged enum",
            TypeKind::Alias(_) => "type alias",
        };
        self.line(&format!("### {} ({kind})", text(&def.name)));
        let described = doc_text(&def.doc);
        if !described.is_empty() {
            self.line(&described);
        }
        match &def.kind {
            TypeKind::Struct(s) => self.fields(s),
            TypeKind::Enum(e) => self.variants(e),
            TypeKind::Union(variants) => self.union(variants),
            TypeKind::Alias(ty) => {
                let target = self.type_link(ty);
                self.line(&format!("Same as {target}."));
            }
        }
    }

    fn variants(&mut self, e: &Enum) {
        self.line(&match &e.unknown_variant {
            Some(unknown) => format!(
                "Open: a value not listed here is kept in {} and sent back unchanged.",
                code(&format!("{unknown}(..)"))
            ),
            None => "Closed: a value not listed here is an error.".into(),
        });
        let mut table =
            String::from("| Value | Rust variant | Aliases | Meaning |\n|---|---|---|---|");
        for v in &e.variants {
            let aliases: Vec<String> = v.aliases.iter().map(|a| code(a)).collect();
            let mut meaning = v.doc.as_deref().map(text).unwrap_or_default();
            if v.unconfirmed {
                meaning = format!("(unconfirmed) {meaning}").trim_end().to_string();
            }
            let _ = write!(
                table,
                "\n| {} | {} | {} | {} |",
                code(&v.value),
                code(&v.name),
                aliases.join(", "),
                meaning,
            );
        }
        self.line(&table);
    }

    fn union(&mut self, variants: &[UnionVariant]) {
        let mut table = String::from(
            "The first variant the value fits is chosen.\n\n| Rust variant | Type |\n|---|---|",
        );
        for v in variants {
            let _ = write!(table, "\n| {} | {} |", code(&v.name), self.type_link(&v.ty));
        }
        self.line(&table);
    }
}

/// `1 operation`, `3 operations`.
fn count(n: usize, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        _ => format!("{n} {noun}s"),
    }
}

fn style_name(style: PageStyle) -> &'static str {
    match style {
        PageStyle::NextToken => "next-token",
        PageStyle::Marker => "marker",
        PageStyle::PageNumber { .. } => "page-number",
    }
}

fn location(param: &Param) -> &'static str {
    match (param.location, param.encoding) {
        (ParamLocation::Path, _) => "path",
        (ParamLocation::Query, ParamEncoding::Style { .. }) => "query",
        (ParamLocation::Query, ParamEncoding::Json) => "query, JSON",
        (ParamLocation::Header, _) => "header",
        (ParamLocation::Cookie, _) => "cookie",
    }
}

fn required(f: &Field) -> &'static str {
    match (f.required, f.nullable) {
        (true, false) => "yes",
        (true, true) => "yes, may be null",
        (false, _) => "no",
    }
}

fn bounds(doc: &Doc) -> String {
    cell(&constraint_lines(&doc.constraints).join("; "))
}

/// A field's description with the flags a reviewer must not miss.
fn description(f: &Field) -> String {
    let mut parts = Vec::new();
    if f.sensitive {
        parts.push("**Sensitive** (redacted in `Debug`).".to_string());
    }
    let described = doc_text(&f.doc);
    if !described.is_empty() {
        parts.push(described);
    }
    parts.join(" ")
}

/// Summary and description, escaped for a cell; deprecation first.
fn doc_text(doc: &Doc) -> String {
    let mut parts = Vec::new();
    if doc.deprecated {
        parts.push("**Deprecated.**".to_string());
    }
    for raw in [&doc.summary, &doc.description].into_iter().flatten() {
        let escaped = text(raw);
        if !escaped.is_empty() && !parts.contains(&escaped) {
            parts.push(escaped);
        }
    }
    parts.join("<br>")
}

/// An operation's security requirements: the schemes of each, joined by
/// "and", the alternatives by "or".
fn op_security(op: &Operation) -> String {
    if op.security.is_empty() || op.security.iter().any(Vec::is_empty) {
        return "none".into();
    }
    let alternatives: Vec<String> = op
        .security
        .iter()
        .map(|r| r.iter().map(|s| code(s)).collect::<Vec<_>>().join(" and "))
        .collect();
    alternatives.join(", or ")
}
