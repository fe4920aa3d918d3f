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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn method_names() {
        assert_eq!(Method::parse("post"), Some(Method::Post));
        assert_eq!(Method::parse("TRACE"), None);
    }
}
