//! Checks that a URL is one kassa will put into a form: absolute `https://` (or `http://` to the
//! local machine when the caller allows it), with a plain host and nothing a browser would read
//! differently than a reader does (userinfo, backslashes, whitespace, odd IPv4 spellings).
//!
//! DESIGN: a small strict checker rather than the `url` crate. Measured here: `url` 2 (with its IDNA
//! tables) adds 245 KB raw / 86.6 KB gzipped to a wasm32 release module, more than half of the
//! package's 150 KB budget, while kassa only needs to accept or reject. The checker returns the
//! input unchanged, so what the caller passed is exactly what the form carries.

use crate::{Error, ErrorCode, Result};

/// Whether `http://` URLs to the local machine are accepted (for a local gateway emulator).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UrlPolicy {
    /// Accept `http://` when the host is `localhost`, `*.localhost`, `127.0.0.1` or `[::1]`.
    pub allow_insecure_localhost: bool,
}

/// The parts of a checked URL that callers need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedUrl<'a> {
    /// `"https"` or `"http"` (lower case).
    pub scheme: &'static str,
    /// The host as written (IPv6 literals keep their brackets).
    pub host: &'a str,
    /// Everything after the authority: path, query and fragment (may be empty).
    pub rest: &'a str,
}

fn invalid(what: &str, input: &str, why: &str) -> Error {
    let input = super::Quoted(input);
    // URLs here are gateway/merchant addresses, never secrets, so quoting them helps the caller.
    Error::new(
        ErrorCode::InvalidUrl,
        format!("{what} {input} is not a valid absolute URL: {why}"),
    )
}

/// True for the hosts the `allow_insecure_localhost` exception covers.
pub fn is_local_host(host: &str) -> bool {
    let h = host.to_ascii_lowercase();
    h == "localhost" || h.ends_with(".localhost") || h == "127.0.0.1" || h == "[::1]"
}

/// Checks `input` (named `what` in errors) under `policy`.
///
/// Errors: `INVALID_URL` (not an absolute http(s) URL, userinfo, bad host or port, whitespace,
/// control characters or backslashes), `INSECURE_URL` (http that the policy does not allow).
pub fn check_url<'a>(input: &'a str, what: &str, policy: UrlPolicy) -> Result<CheckedUrl<'a>> {
    if input.is_empty() {
        return Err(invalid(what, input, "it is empty"));
    }
    if let Some(c) = input
        .chars()
        .find(|&c| c.is_control() || c.is_whitespace() || c == '\\')
    {
        return Err(invalid(
            what,
            input,
            &format!("it contains U+{:04X} (whitespace, control characters and backslashes are not allowed)", c as u32),
        ));
    }
    let Some((scheme, after)) = input.split_once(':') else {
        return Err(invalid(
            what,
            input,
            "it has no scheme; pass an absolute https:// URL",
        ));
    };
    let scheme =
        match scheme.to_ascii_lowercase().as_str() {
            "https" => "https",
            "http" => "http",
            _ => return Err(invalid(
                what,
                input,
                "only https:// URLs are allowed (no relative, javascript:, data: or other schemes)",
            )),
        };
    let Some(after) = after.strip_prefix("//") else {
        return Err(invalid(
            what,
            input,
            "the scheme must be followed by //host",
        ));
    };
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let (authority, rest) = after.split_at(end);
    if authority.contains('@') {
        return Err(invalid(
            what,
            input,
            "user name or password (userinfo) in a URL is not allowed",
        ));
    }
    let (host, port) = split_host_port(authority).map_err(|why| invalid(what, input, why))?;
    check_host(host).map_err(|why| invalid(what, input, why))?;
    if let Some(port) = port {
        check_port(port).map_err(|why| invalid(what, input, why))?;
    }
    if scheme == "http" {
        let shown = super::Quoted(input);
        if !policy.allow_insecure_localhost {
            let hint = if is_local_host(host) {
                "; for a local emulator pass allowInsecureLocalhost: true"
            } else {
                ""
            };
            return Err(Error::new(
                ErrorCode::InsecureUrl,
                format!("{what} {shown} is not https{hint}"),
            ));
        }
        if !is_local_host(host) {
            return Err(Error::new(
                ErrorCode::InsecureUrl,
                format!(
                    "{what} {shown} is not https; http is allowed only to localhost, \
                     *.localhost, 127.0.0.1 and [::1]"
                ),
            ));
        }
    }
    Ok(CheckedUrl { scheme, host, rest })
}

/// Splits `host[:port]` / `[v6][:port]`.
fn split_host_port(authority: &str) -> std::result::Result<(&str, Option<&str>), &'static str> {
    if authority.starts_with('[') {
        let Some(close) = authority.find(']') else {
            return Err("the IPv6 address has no closing ]");
        };
        let (host, tail) = authority.split_at(close + 1);
        return match tail {
            "" => Ok((host, None)),
            t => match t.strip_prefix(':') {
                Some(p) => Ok((host, Some(p))),
                None => Err("unexpected text after the IPv6 address"),
            },
        };
    }
    Ok(match authority.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    })
}

/// A port: 1 to 5 decimal digits, 1..=65535.
pub fn check_port(port: &str) -> std::result::Result<(), &'static str> {
    if port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()) {
        return Err("the port must be a number from 1 to 65535");
    }
    match port.parse::<u32>() {
        Ok(1..=65535) => Ok(()),
        _ => Err("the port must be a number from 1 to 65535"),
    }
}

/// A host: an ASCII DNS name, a canonical dotted-quad IPv4 address or a bracketed IPv6 literal.
pub fn check_host(host: &str) -> std::result::Result<(), &'static str> {
    if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        let ok = v6.contains(':')
            && v6
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.');
        return if ok {
            Ok(())
        } else {
            Err("the IPv6 address is malformed")
        };
    }
    check_dns_name(host)?;
    let last = host.rsplit('.').next().unwrap_or(host);
    // Browsers read a host whose last label is numeric (or 0x...) as an IPv4 address, in forms like
    // 2130706433 or 0x7f.1: accept only the canonical a.b.c.d spelling.
    let numeric =
        last.bytes().all(|b| b.is_ascii_digit()) || last.to_ascii_lowercase().starts_with("0x");
    if numeric && !is_canonical_ipv4(host) {
        return Err("a numeric host must be a dotted-quad IPv4 address like 192.0.2.1");
    }
    Ok(())
}

/// Labels of `[A-Za-z0-9_-]`, 1..=63 long, at most 253 in all, no empty label.
pub fn check_dns_name(host: &str) -> std::result::Result<(), &'static str> {
    if host.is_empty() {
        return Err("the host is empty");
    }
    if !host.is_ascii() {
        return Err(
            "the host must be ASCII; write an internationalised domain in punycode (xn--...)",
        );
    }
    if host.len() > 253 {
        return Err("the host is longer than 253 characters");
    }
    for label in host.split('.') {
        if label.is_empty() || label.len() > 63 {
            return Err("every label of the host must be 1 to 63 characters (no empty label, no trailing dot)");
        }
        if !label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err("the host may contain only letters, digits, '-', '_' and '.'");
        }
    }
    Ok(())
}

/// `a.b.c.d`, each 0..=255 without leading zeros.
pub fn is_canonical_ipv4(host: &str) -> bool {
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && p.bytes().all(|b| b.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
                && p.parse::<u16>().is_ok_and(|n| n <= 255)
        })
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
