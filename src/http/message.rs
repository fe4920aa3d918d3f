//! Plain HTTP requests and responses: what a client asks the transport to send and what came back.
//!
//! Debug output never shows header values or bodies: RBS sends the password in the body, Mobile
//! Cashier a bearer token and Koshelek Basic credentials in headers.

use std::fmt;

/// The default `maxResponseBytes`: 10 MiB (gateway answers are a few KB; a list of templates or
/// orders stays far below).
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 10 * 1024 * 1024;

/// The HTTP method of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`: a read; never carries a body.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `PATCH`.
    Patch,
    /// `DELETE`.
    Delete,
}

impl Method {
    /// The method name as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }

    /// Parses a method name (case-insensitive).
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s.to_ascii_uppercase().as_str() {
            "GET" => Self::Get,
            "POST" => Self::Post,
            "PUT" => Self::Put,
            "PATCH" => Self::Patch,
            "DELETE" => Self::Delete,
            _ => return None,
        })
    }
}

/// A request ready to send: the transport sends exactly these bytes, nothing else.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The absolute URL, query string included.
    pub url: String,
    /// Header names and values, in order.
    pub headers: Vec<(String, String)>,
    /// The exact body bytes (empty for `GET`).
    pub body: Vec<u8>,
    /// How long the transport waits for the answer before aborting, in milliseconds.
    pub timeout_ms: u64,
    /// The largest answer body the transport reads, in bytes: it refuses a larger
    /// `Content-Length` at once and cancels the stream as soon as the total passes this, and
    /// reports [`crate::http::Input::TooLarge`].
    pub max_response_bytes: u64,
    /// A header the transport must add by signing with the platform's crypto before sending
    /// (RBS `X-Signature`); see [`PendingSignature`].
    pub pending_signature: Option<PendingSignature>,
}

/// A signature the sans-IO core cannot make itself: the transport signs `message` with `key`
/// (RSASSA-PKCS1-v1_5 with SHA-256, through WebCrypto) and adds the base64 result as `header`.
///
/// DESIGN: merchant private keys are never used with the `rsa` crate's private-key arithmetic
/// (see [`crate::crypto::platform_key`]); the core only says what to sign.
#[derive(Clone)]
pub struct PendingSignature {
    /// The header to add, e.g. `X-Signature`.
    pub header: &'static str,
    /// The bytes to sign (for RBS: the 32 bytes of SHA-256 over the body).
    pub message: Vec<u8>,
    /// The signing key, shared by every request of a client.
    pub key: std::sync::Arc<crate::crypto::platform_key::PlatformKey>,
}

impl PartialEq for PendingSignature {
    fn eq(&self, other: &Self) -> bool {
        self.header == other.header
            && self.message == other.message
            && std::sync::Arc::ptr_eq(&self.key, &other.key)
    }
}

impl Eq for PendingSignature {}

impl fmt::Debug for PendingSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingSignature")
            .field("header", &self.header)
            .field("message_len", &self.message.len())
            .finish()
    }
}

impl HttpRequest {
    /// A request without headers or body.
    pub fn new(method: Method, url: impl Into<String>, timeout_ms: u64) -> Self {
        Self {
            method,
            url: url.into(),
            headers: Vec::new(),
            body: Vec::new(),
            timeout_ms,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            pending_signature: None,
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    /// Sets the body and its content type.
    pub fn body(mut self, content_type: &str, body: Vec<u8>) -> Self {
        self.headers
            .push(("content-type".to_string(), content_type.to_string()));
        self.body = body;
        self
    }

    /// The first value of a header (case-insensitive name).
    pub fn header_value(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

// Values and bodies may hold secrets (passwords, tokens): Debug shows only their shape.
impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &names)
            .field("body_len", &self.body.len())
            .field("timeout_ms", &self.timeout_ms)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish()
    }
}

/// An answer from the server.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The HTTP status code.
    pub status: u16,
    /// Header names (lower case) and values.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A response with a status and a body, no headers.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// Adds a header.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers
            .push((name.to_ascii_lowercase(), value.to_string()));
        self
    }

    /// The first value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("body_len", &self.body.len())
            .finish()
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Percent-encodes a form field name or value as `application/x-www-form-urlencoded` does
/// (space as `+`, unreserved `*-._` and alphanumerics kept, everything else `%XX` of UTF-8).
pub fn form_encode_component(s: &str, out: &mut String) {
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 15) as usize] as char);
            }
        }
    }
}

/// Encodes name/value pairs as an `application/x-www-form-urlencoded` string, in order.
pub fn form_encode(pairs: &[(String, String)]) -> String {
    let mut out = String::new();
    for (i, (n, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        form_encode_component(n, &mut out);
        out.push('=');
        form_encode_component(v, &mut out);
    }
    out
}

/// Joins a base URL and a relative path with exactly one `/` between them.
pub fn join_url(base: &str, path: &str) -> String {
    format!(
        "{}/{}",
        base.trim_end_matches('/'),
        path.trim_start_matches('/')
    )
}

/// Percent-encodes one URL path segment (everything but unreserved characters).
pub fn path_segment(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_encoding_matches_url_search_params() {
        // Expected strings are what `new URLSearchParams([...]).toString()` prints in Node 20.
        let pairs = vec![
            ("returnUrl".to_string(), "https://a.b/c?d=e&f".to_string()),
            ("jsonParams".to_string(), r#"{"k":"в ы"}"#.to_string()),
            ("x".to_string(), "*-._~!'()".to_string()),
        ];
        assert_eq!(
            form_encode(&pairs),
            "returnUrl=https%3A%2F%2Fa.b%2Fc%3Fd%3De%26f&jsonParams=%7B%22k%22%3A%22%D0%B2+%D1%8B%22%7D&x=*-._%7E%21%27%28%29"
        );
    }

    #[test]
    fn debug_hides_header_values_and_bodies() {
        let r = HttpRequest::new(Method::Post, "https://h/x", 1000)
            .header("authorization", "Bearer SECRET-TOKEN")
            .body("text/plain", b"password=SECRET-PW".to_vec());
        let d = format!("{r:?}");
        assert!(!d.contains("SECRET"), "{d}");
        assert!(
            d.contains("authorization") && d.contains("body_len: 18"),
            "{d}"
        );
    }

    #[test]
    fn url_helpers() {
        assert_eq!(join_url("https://h/p/", "/a.do"), "https://h/p/a.do");
        assert_eq!(join_url("https://h/p", "a.do"), "https://h/p/a.do");
        assert_eq!(path_segment("a b/c"), "a%20b%2Fc");
        assert_eq!(Method::parse("post"), Some(Method::Post));
        assert_eq!(Method::parse("TRACE"), None);
    }
}
