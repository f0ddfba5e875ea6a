//! Request bodies other than JSON: files and binary bodies ([`File`]),
//! `multipart/form-data` ([`Multipart`]) and
//! `application/x-www-form-urlencoded` ([`form_urlencoded`]). Each is
//! encoded into bytes once, before sending, so retries resend and signers
//! hash exactly what goes on the wire.

use std::fmt;

use bytes::{BufMut, Bytes, BytesMut};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::Error;

/// The content of a file or binary body (`format: binary`): bytes, with
/// the file name and content type a multipart part or a binary body is
/// sent with (defaults: the field's name, the spec's media type or
/// `application/octet-stream`).
///
/// ```
/// use taskgen_runtime::File;
/// let file = File::new(b"%PDF-1.7".to_vec())
///     .with_file_name("report.pdf")
///     .with_content_type("application/pdf");
/// assert_eq!(file.bytes().len(), 8);
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct File {
    bytes: Bytes,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl File {
    /// A file of these bytes, without a name or content type.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        File {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// Sets the file name sent in a multipart part.
    pub fn with_file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// Sets the content type, instead of the spec's.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The content.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The file name, if set.
    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The content type, if set.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }
}

impl From<Vec<u8>> for File {
    fn from(bytes: Vec<u8>) -> Self {
        File::new(bytes)
    }
}

impl From<Bytes> for File {
    fn from(bytes: Bytes) -> Self {
        File::new(bytes)
    }
}

impl From<&'static [u8]> for File {
    fn from(bytes: &'static [u8]) -> Self {
        File::new(bytes)
    }
}

impl From<String> for File {
    fn from(text: String) -> Self {
        File::new(text)
    }
}

/// Files may hold anything: print the size and labels only.
impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("File")
            .field("bytes", &format_args!("<{} bytes>", self.bytes.len()))
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// In JSON (a `format: binary` property of a JSON body) a file is a
/// string: its bytes as UTF-8 text, or an array of bytes when they are not.
impl Serialize for File {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match std::str::from_utf8(&self.bytes) {
            Ok(text) => serializer.serialize_str(text),
            Err(_) => serializer.serialize_bytes(&self.bytes),
        }
    }
}

/// Reads what [`File`]'s `Serialize` writes: a string or bytes.
impl<'de> Deserialize<'de> for File {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Content {
            Text(String),
            Bytes(Vec<u8>),
        }
        Ok(match Content::deserialize(deserializer)? {
            Content::Text(text) => File::from(text),
            Content::Bytes(bytes) => File::from(bytes),
        })
    }
}

/// A `multipart/form-data` body (RFC 7578) under construction: text, JSON
/// and file parts in the order added.
///
/// ```
/// use taskgen_runtime::{File, Multipart};
/// let (content_type, body) = Multipart::with_boundary("XyZ")
///     .text("id", "42")
///     .file("photo", &File::new(&b"\x89PNG"[..]).with_file_name("a.png"), "image/png")
///     .finish();
/// assert_eq!(content_type, "multipart/form-data; boundary=XyZ");
/// assert!(body.starts_with(b"--XyZ\r\ncontent-disposition: form-data; name=\"id\"\r\n"));
/// ```
#[derive(Clone)]
pub struct Multipart {
    boundary: String,
    body: BytesMut,
}

impl Default for Multipart {
    fn default() -> Self {
        Self::new()
    }
}

impl Multipart {
    /// A body with a random boundary (128 bits: no file will contain it).
    pub fn new() -> Self {
        let boundary = format!(
            "taskgen-{:016x}{:016x}",
            rand::random::<u64>(),
            rand::random::<u64>()
        );
        Self::with_boundary(boundary)
    }

    /// A body with a fixed boundary, for byte-exact tests.
    pub fn with_boundary(boundary: impl Into<String>) -> Self {
        Multipart {
            boundary: boundary.into(),
            body: BytesMut::new(),
        }
    }

    /// Adds a `text/plain` part.
    pub fn text(self, name: &str, value: impl Into<String>) -> Self {
        self.part(
            name,
            None,
            "text/plain; charset=utf-8",
            value.into().as_bytes(),
        )
    }

    /// Adds an `application/json` part (objects and arrays of objects).
    pub fn json<T: Serialize + ?Sized>(self, name: &str, value: &T) -> Result<Self, Error> {
        let json = serde_json::to_vec(value)
            .map_err(|err| Error::invalid_request(name, format!("cannot be serialized: {err}")))?;
        Ok(self.part(name, None, "application/json", &json))
    }

    /// Adds a file part: the file's own content type, else
    /// `default_content_type`; its file name, else `name`.
    pub fn file(self, name: &str, file: &File, default_content_type: &str) -> Self {
        let file_name = file.file_name().unwrap_or(name);
        let content_type = file.content_type().unwrap_or(default_content_type);
        self.part(name, Some(file_name), content_type, file.bytes())
    }

    fn part(
        mut self,
        name: &str,
        file_name: Option<&str>,
        content_type: &str,
        data: &[u8],
    ) -> Self {
        let mut head = format!(
            "--{}\r\ncontent-disposition: form-data; name=\"{}\"",
            self.boundary,
            quoted(name)
        );
        if let Some(file_name) = file_name {
            head.push_str(&format!("; filename=\"{}\"", quoted(file_name)));
        }
        head.push_str(&format!("\r\ncontent-type: {content_type}\r\n\r\n"));
        self.body.put_slice(head.as_bytes());
        self.body.put_slice(data);
        self.body.put_slice(b"\r\n");
        self
    }

    /// The `Content-Type` header value and the encoded body.
    pub fn finish(mut self) -> (String, Bytes) {
        self.body
            .put_slice(format!("--{}--\r\n", self.boundary).as_bytes());
        (
            format!("multipart/form-data; boundary={}", self.boundary),
            self.body.freeze(),
        )
    }
}

/// A name inside a quoted header parameter, escaped as browsers do
/// (HTML's multipart/form-data encoding): `"` and line breaks
/// percent-encoded so a name cannot end the header early.
fn quoted(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// `application/x-www-form-urlencoded` text of `pairs`, in order (spaces as
/// `+`, everything but `*-._` and alphanumerics percent-encoded).
///
/// ```
/// let pairs = [("name".to_string(), "a b&c".to_string())];
/// assert_eq!(taskgen_runtime::form_urlencoded(&pairs), "name=a+b%26c");
/// ```
pub fn form_urlencoded(pairs: &[(String, String)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_is_byte_exact() {
        let photo = File::new(&b"\x89PNG\r\n"[..]).with_file_name("me \"1\".png");
        let (content_type, body) = Multipart::with_boundary("b0undary")
            .text("id", "42")
            .json("address", &serde_json::json!({"city": "Oslo"}))
            .unwrap()
            .file("photo", &photo, "application/octet-stream")
            .file("raw", &File::new(vec![0u8, 1]), "image/png")
            .finish();
        assert_eq!(content_type, "multipart/form-data; boundary=b0undary");
        let expected: &[u8] = b"--b0undary\r\n\
content-disposition: form-data; name=\"id\"\r\n\
content-type: text/plain; charset=utf-8\r\n\r\n\
42\r\n\
--b0undary\r\n\
content-disposition: form-data; name=\"address\"\r\n\
content-type: application/json\r\n\r\n\
{\"city\":\"Oslo\"}\r\n\
--b0undary\r\n\
content-disposition: form-data; name=\"photo\"; filename=\"me %221%22.png\"\r\n\
content-type: application/octet-stream\r\n\r\n\
\x89PNG\r\n\r\n\
--b0undary\r\n\
content-disposition: form-data; name=\"raw\"; filename=\"raw\"\r\n\
content-type: image/png\r\n\r\n\
\x00\x01\r\n\
--b0undary--\r\n";
        assert_eq!(&body[..], expected);
    }

    #[test]
    fn random_boundaries_differ() {
        let (a, _) = Multipart::new().finish();
        let (b, _) = Multipart::new().finish();
        assert_ne!(a, b);
        assert!(a.starts_with("multipart/form-data; boundary=taskgen-"));
    }

    #[test]
    fn form_encoding_escapes_delimiters() {
        let pairs = [
            ("q".to_string(), "a+b=c&d é".to_string()),
            ("tags".to_string(), "x".to_string()),
            ("tags".to_string(), "y".to_string()),
        ];
        assert_eq!(
            form_urlencoded(&pairs),
            "q=a%2Bb%3Dc%26d+%C3%A9&tags=x&tags=y"
        );
    }

    #[test]
    fn a_file_in_json_is_a_string() {
        let file = File::from("hello".to_string());
        assert_eq!(serde_json::to_string(&file).unwrap(), "\"hello\"");
        let back: File = serde_json::from_str("\"hello\"").unwrap();
        assert_eq!(back, file);
        assert_eq!(
            format!("{:?}", File::from(vec![1u8; 3])),
            "File { bytes: <3 bytes>, file_name: None, content_type: None }"
        );
    }
}
