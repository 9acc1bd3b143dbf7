//! The connection under the HTTP layer. When the HTTP/1 codec cannot read a request (a
//! malformed request line, more than 96 headers, a head over 128 KiB) it answers on its own
//! with an empty 400 or 431 and closes; [`Shaped`] sees that response go out and writes it in
//! the API's one error shape instead. Nothing the application answers is touched: its errors
//! always have a body.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::http::StatusCode;
use actix_web::rt::net::TcpStream;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use crate::error::ApiError;

/// A connection whose codec-made error responses get a JSON body.
#[derive(Debug)]
pub struct Shaped<T> {
    io: T,
    /// A replacement being written: its bytes, how many went out, and the length of the
    /// response it stands for (reported as written when it is all out).
    pending: Option<(Vec<u8>, usize, usize)>,
}

impl<T> Shaped<T> {
    pub fn new(io: T) -> Self {
        Self { io, pending: None }
    }
}

/// The stream as the server accepts it, with its peer's address.
pub fn accept(io: TcpStream) -> (Shaped<TcpStream>, Option<std::net::SocketAddr>) {
    let peer = io.peer_addr().ok();
    let _ = io.set_nodelay(true);
    (Shaped::new(io), peer)
}

/// The JSON response for a bodiless 400 or 431 head the codec wrote; `None` for anything
/// else.
fn replacement(buf: &[u8]) -> Option<Vec<u8>> {
    let status = if buf.starts_with(b"HTTP/1.1 400 ") || buf.starts_with(b"HTTP/1.0 400 ") {
        StatusCode::BAD_REQUEST
    } else if buf.starts_with(b"HTTP/1.1 431 ") || buf.starts_with(b"HTTP/1.0 431 ") {
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE
    } else {
        return None;
    };
    let head = std::str::from_utf8(buf).ok()?;
    // The whole write is one head with no body.
    let head = head.strip_suffix("\r\n\r\n")?;
    if head.contains("\r\n\r\n") {
        return None;
    }
    let mut lines = head.split("\r\n");
    let status_line = lines.next()?;
    let mut headers = Vec::new();
    let mut empty = false;
    for line in lines {
        let (name, value) = line.split_once(':')?;
        if name.eq_ignore_ascii_case("content-length") {
            empty = value.trim() == "0";
        } else if !name.eq_ignore_ascii_case("content-type") {
            headers.push(line);
        }
    }
    if !empty {
        return None;
    }
    let body = serde_json::to_vec(&ApiError::of_status(status).body()).ok()?;
    let mut out = format!("{status_line}\r\n");
    for h in headers {
        out.push_str(h);
        out.push_str("\r\n");
    }
    out.push_str(&format!(
        "content-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    ));
    let mut out = out.into_bytes();
    out.extend_from_slice(&body);
    Some(out)
}

impl<T: AsyncRead + Unpin> AsyncRead for Shaped<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Shaped<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        if this.pending.is_none() {
            match replacement(buf) {
                Some(bytes) => this.pending = Some((bytes, 0, buf.len())),
                None => return Pin::new(&mut this.io).poll_write(cx, buf),
            }
        }
        while let Some((bytes, sent, stands_for)) = this.pending.as_mut() {
            if *sent == bytes.len() {
                let n = *stands_for;
                this.pending = None;
                return Poll::Ready(Ok(n));
            }
            match Pin::new(&mut this.io).poll_write(cx, &bytes[*sent..]) {
                Poll::Ready(Ok(0)) => {
                    return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
                }
                Poll::Ready(Ok(n)) => *sent += n,
                other => return other,
            }
        }
        Poll::Ready(Ok(0))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_bodiless_codec_error_is_replaced() {
        let codec = b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\nconnection: close\r\ndate: x\r\n\r\n";
        let out = String::from_utf8(replacement(codec).expect("replaced")).expect("utf-8");
        let (head, body) = out.split_once("\r\n\r\n").expect("head and body");
        assert!(head.starts_with("HTTP/1.1 431 "));
        assert!(head.contains("connection: close"));
        assert!(head.contains("content-type: application/json"));
        assert!(head.contains(&format!("content-length: {}", body.len())));
        let v: serde_json::Value = serde_json::from_str(body).expect("json");
        assert_eq!(v["error"]["code"], "headers_too_large");
        // The application's own errors carry a body and pass untouched.
        let app = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 52\r\ncontent-type: application/json\r\n\r\n";
        assert!(replacement(app).is_none());
        assert!(replacement(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n").is_none());
    }
}
