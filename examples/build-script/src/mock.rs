//! A loopback server standing in for the vendor: it answers one request
//! with a canned JSON body and hands back the request it received.

use std::io::{self, Read, Write};
use std::net::TcpListener;
use std::thread::JoinHandle;
use std::time::Duration;

/// A server on `127.0.0.1` waiting for one request.
pub struct Mock {
    /// `http://127.0.0.1:<port>`, for `ClientConfig::base_url`.
    pub base_url: String,
    request: JoinHandle<io::Result<String>>,
}

impl Mock {
    /// Starts a server that answers its first request with `200 OK` and
    /// `body` as JSON.
    pub fn serve_once(body: &'static str) -> io::Result<Mock> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let base_url = format!("http://{}", listener.local_addr()?);
        let request = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept()?;
            // A client that stops sending fails the call instead of hanging it.
            stream.set_read_timeout(Some(Duration::from_secs(10)))?;
            let request = read_head(&mut stream)?;
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            )?;
            Ok(request)
        });
        Ok(Mock { base_url, request })
    }

    /// The request line and headers the server received.
    pub fn request(self) -> io::Result<String> {
        self.request
            .join()
            .map_err(|_| io::Error::other("the mock server panicked"))?
    }
}

/// Reads up to the blank line that ends a request's headers (the example's
/// requests have no body).
fn read_head(stream: &mut impl Read) -> io::Result<String> {
    let mut head = Vec::new();
    let mut byte = [0; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte)? == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "connection closed before the end of the request headers",
            ));
        }
        head.push(byte[0]);
    }
    Ok(String::from_utf8_lossy(&head).into_owned())
}
