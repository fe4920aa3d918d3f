//! The one encoder of what goes into a URL or a form body, for every gateway and every form:
//! - [`form_encode_component`] / [`form_encode`]: `application/x-www-form-urlencoded` exactly as
//!   `URLSearchParams` writes it (space as `+`, `*-._` and alphanumerics kept), for RBS request
//!   bodies, query strings of the clients, and the RBS callback test signer's query;
//! - [`percent_encode_component`]: RFC 3986 unreserved characters kept, everything else `%XX`,
//!   so the result is one path segment or one query value whatever it holds (Mobile Cashier's
//!   order path, Koshelek's transaction path, the forms' order ids);
//! - [`join_url`]: a base URL and a relative path with exactly one `/` between them.
//!
//! Decoding (callbacks) is the verifiers' business; this module only writes.

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

/// Percent-encodes everything but the RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`), so
/// the result is one path segment or one query value whatever `s` holds.
pub fn percent_encode_component(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
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
    fn url_helpers() {
        assert_eq!(join_url("https://h/p/", "/a.do"), "https://h/p/a.do");
        assert_eq!(join_url("https://h/p", "a.do"), "https://h/p/a.do");
        assert_eq!(percent_encode_component("a b/c"), "a%20b%2Fc");
    }
}
