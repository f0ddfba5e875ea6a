//! The `request_encoding` fixture's client against a loopback mock server:
//! for each parameter style and location and each request body kind, the
//! exact request line, headers and body the server receives.
//!
//! The values are the OpenAPI Style Examples' `color`: the array
//! `["blue", "black", "brown"]` and the object `{R: 100, G: 200, B: 150}`.
//! A path goes out as written: its literal text and a path style's
//! delimiters (`,` `;` `=` `.`) as they are, each value percent-encoded.
//! The transport percent-encodes query values once, style delimiters
//! included (`,` as `%2C`); `allowReserved` keeps them.

// The fixture module is compiled whole; these tests use part of it.
#![allow(dead_code, unused_imports)]

#[path = "../../runtime/tests/support/mock_server.rs"]
mod mock_server;

#[rustfmt::skip]
#[path = "../fixtures/expected/request_encoding/mod.rs"]
mod request_encoding;

use mock_server::{MockResponse, MockServer, RecordedRequest};
use request_encoding::{Client, ClientConfig, Color, File, FormBodyBody, MultipartBodyBody, Token};

/// A client for a fresh mock server answering `204` (or `response`).
async fn harness(response: MockResponse) -> (MockServer, Client) {
    let server = MockServer::start([response]).await;
    let config = ClientConfig::new().base_url(server.url());
    let client = Client::with_token(config, Token::new("tok")).expect("client");
    (server, client)
}

fn only(server: &MockServer) -> RecordedRequest {
    let mut requests = server.requests();
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

fn colors() -> Vec<String> {
    ["blue", "black", "brown"].map(String::from).to_vec()
}

fn rgb() -> Color {
    Color::builder().r(100).g(200).b(150).build().unwrap()
}

/// Sends one call (an expression on `client`) and returns what the server
/// received.
macro_rules! received {
    ($client:ident => $call:expr) => {
        received!(MockResponse::new(204), $client => $call)
    };
    ($response:expr, $client:ident => $call:expr) => {{
        let (server, $client) = harness($response).await;
        $call.send().await.expect("call succeeds");
        only(&server)
    }};
}

/// The request line as sent: method and target, exactly.
fn line(request: &RecordedRequest) -> String {
    format!("{} {}", request.method, request.target)
}

#[tokio::test]
async fn path_styles() {
    let ok = MockResponse::json(200, r#"{"R":1,"G":2,"B":3}"#);
    let cases = [
        (
            line(&received!(ok, client => client.path_simple().color(colors()))),
            "GET /path/simple/blue,black,brown",
        ),
        (
            line(&received!(client => client.path_simple_explode().color(rgb()))),
            "GET /path/simple-explode/R=100,G=200,B=150",
        ),
        (
            line(&received!(client => client.path_label().color(colors()))),
            "GET /path/label/.blue,black,brown",
        ),
        (
            line(&received!(client => client.path_label_explode().color(rgb()))),
            "GET /path/label-explode/.R=100.G=200.B=150",
        ),
        (
            line(&received!(client => client.path_matrix().color("blue"))),
            "GET /path/matrix/;color=blue",
        ),
        (
            line(&received!(client => client.path_matrix_explode().color(colors()))),
            "GET /path/matrix-explode/;color=blue;color=black;color=brown",
        ),
    ];
    for (got, expected) in cases {
        assert_eq!(got, expected);
    }
}

/// The template's `:` goes out as written (a router matches it
/// literally); the same characters in a value are percent-encoded.
#[tokio::test]
async fn literal_path_text_is_sent_as_written_and_values_encoded() {
    let request = received!(client => client.path_literal_text().id("a:b@c,d"));
    assert_eq!(line(&request), "POST /path/literal/a%3Ab%40c%2Cd:cancel");
    // A template's `#fragment` is not part of the request.
    let request = received!(client => client.path_fragment().id("x"));
    assert_eq!(line(&request), "DELETE /path/fragment/x");
    let ok = MockResponse::json(200, r#"{"R":1,"G":2,"B":3}"#);
    let colors = vec!["a,b".to_string(), "c;d".to_string()];
    let value = received!(ok, client => client.path_simple().color(colors));
    assert_eq!(line(&value), "GET /path/simple/a%2Cb,c%3Bd");
}

#[tokio::test]
async fn a_nullable_path_parameter_is_sent_or_refused_when_unset() {
    // A path has no holes: lower makes the parameter required and not null.
    let request = received!(client => client.path_nullable().id("a b"));
    assert_eq!(line(&request), "GET /path/nullable/a%20b");
    let (server, client) = harness(MockResponse::new(204)).await;
    let err = client.path_nullable().send().await.unwrap_err();
    assert!(err.to_string().contains("`id` is not set"), "{err}");
    assert_eq!(server.request_count(), 0);
}

#[tokio::test]
async fn query_form_exploded_and_not() {
    let request = received!(client => client
        .query_form()
        .color(colors())
        .shades(colors())
        .rgb(rgb())
        .packed(rgb()));
    assert_eq!(
        line(&request),
        "GET /query/form?color=blue&color=black&color=brown\
         &shades=blue%2Cblack%2Cbrown&R=100&G=200&B=150&packed=R%2C100%2CG%2C200%2CB%2C150"
    );
    // Unset optional parameters are left out.
    let request = received!(client => client.query_form().color(Vec::<String>::new()));
    assert_eq!(line(&request), "GET /query/form");
}

#[tokio::test]
async fn query_delimited_and_deep_object() {
    let request = received!(client => client.query_delimited().spaced(colors()).piped(rgb()));
    assert_eq!(
        line(&request),
        "GET /query/delimited?spaced=blue%20black%20brown&piped=R%7C100%7CG%7C200%7CB%7C150"
    );
    let request = received!(client => client.query_deep_object().color(rgb()));
    assert_eq!(
        line(&request),
        "GET /query/deep?color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150"
    );
}

#[tokio::test]
async fn query_allow_reserved() {
    let request = received!(client => client
        .query_reserved()
        .next("/a/b:c?d,e&f")
        .plain("/a/b:c?d,e&f"));
    assert_eq!(
        line(&request),
        "GET /query/reserved?next=/a/b:c?d,e%26f&plain=%2Fa%2Fb%3Ac%3Fd%2Ce%26f"
    );
}

#[tokio::test]
async fn header_and_cookie() {
    let request = received!(client => client.header_simple().x_colors(colors()).x_color(rgb()));
    assert_eq!(line(&request), "GET /header");
    assert_eq!(request.header("X-Colors"), Some("blue,black,brown"));
    assert_eq!(request.header("X-Color"), Some("R=100,G=200,B=150"));

    let request = received!(client => client.cookie_form().session("s1").colors(colors()));
    assert_eq!(line(&request), "GET /cookie");
    assert_eq!(
        request.header("Cookie"),
        Some("session=s1; colors=blue,black,brown")
    );
    let cookies = request
        .headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("cookie"))
        .count();
    assert_eq!(cookies, 1, "one Cookie header");
}

#[tokio::test]
async fn json_body_is_chosen_over_binary() {
    let request = received!(client => client.json_body().body(rgb()));
    assert_eq!(line(&request), "POST /bodies/json");
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.body, br#"{"R":100,"G":200,"B":150}"#);
}

#[tokio::test]
async fn a_required_body_left_unset_is_refused_before_sending() {
    let (server, client) = harness(MockResponse::new(204)).await;
    let err = client.json_body().send().await.unwrap_err();
    assert!(err.to_string().contains("`body` is not set"), "{err}");
    assert_eq!(server.request_count(), 0);
}

#[tokio::test]
async fn form_body_with_encoding() {
    let body = FormBodyBody::builder()
        .name("Jo Doe")
        .tags(vec!["a".to_string(), "b&c".to_string()])
        .color(rgb())
        .build()
        .unwrap();
    let request = received!(client => client.form_body().body(body));
    assert_eq!(line(&request), "POST /bodies/form");
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8(request.body).unwrap(),
        "name=Jo+Doe&tags=a&tags=b%26c&color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150"
    );
}

#[tokio::test]
async fn multipart_body_with_files() {
    let body = MultipartBodyBody::builder()
        .id(42)
        .tags(vec!["x".to_string(), "y".to_string()])
        .color(rgb())
        .photo(File::new(&b"\x89PNG"[..]).with_file_name("me.png"))
        .attachments(vec![
            File::new(&b"%PDF"[..])
                .with_file_name("a.pdf")
                .with_content_type("application/pdf"),
            File::new(&b"raw"[..]),
        ])
        .build()
        .unwrap();
    let request = received!(client => client.multipart_body().body(body));
    assert_eq!(line(&request), "POST /bodies/multipart");
    let content_type = request.header("content-type").unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("multipart content type with a boundary");
    let part = |head: &str, data: &[u8]| {
        let mut part =
            format!("--{boundary}\r\ncontent-disposition: form-data; {head}\r\n\r\n").into_bytes();
        part.extend_from_slice(data);
        part.extend_from_slice(b"\r\n");
        part
    };
    let text = "content-type: text/plain; charset=utf-8";
    let expected: Vec<u8> = [
        part(&format!("name=\"id\"\r\n{text}"), b"42"),
        part(&format!("name=\"tags\"\r\n{text}"), b"x"),
        part(&format!("name=\"tags\"\r\n{text}"), b"y"),
        part(
            "name=\"color\"\r\ncontent-type: application/json",
            br#"{"R":100,"G":200,"B":150}"#,
        ),
        part(
            "name=\"photo\"; filename=\"me.png\"\r\ncontent-type: image/png",
            b"\x89PNG",
        ),
        part(
            "name=\"attachments\"; filename=\"a.pdf\"\r\ncontent-type: application/pdf",
            b"%PDF",
        ),
        part(
            "name=\"attachments\"; filename=\"attachments\"\r\ncontent-type: application/octet-stream",
            b"raw",
        ),
        format!("--{boundary}--\r\n").into_bytes(),
    ]
    .concat();
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        String::from_utf8_lossy(&expected)
    );
    assert_eq!(request.body, expected);
}

#[tokio::test]
async fn text_body() {
    let request = received!(client => client.text_body().body("hello, wörld"));
    assert_eq!(line(&request), "PUT /bodies/text");
    assert_eq!(request.header("content-type"), Some("text/plain"));
    assert_eq!(request.body, "hello, wörld".as_bytes());
}

#[tokio::test]
async fn binary_body_takes_the_first_media_type_unless_the_file_says_otherwise() {
    let request = received!(client => client.binary_body().body(vec![0u8, 1, 2]));
    assert_eq!(line(&request), "PUT /bodies/binary");
    assert_eq!(request.header("content-type"), Some("image/png"));
    assert_eq!(request.body, [0u8, 1, 2]);

    let jpeg = File::new(vec![0xffu8, 0xd8]).with_content_type("image/jpeg");
    let request = received!(client => client.binary_body().body(jpeg));
    assert_eq!(request.header("content-type"), Some("image/jpeg"));
    assert_eq!(request.body, [0xffu8, 0xd8]);

    // The body is optional: none sent, and no content type.
    let request = received!(client => client.binary_body());
    assert_eq!(request.header("content-type"), None);
    assert!(request.body.is_empty());
}
