//! Checks that a URL is one kassa will put into a form: absolute `https://` (or `http://` to the
//! local machine when the caller allows it), with a plain host and nothing a browser would read
//! differently than a reader does (userinfo, backslashes, whitespace, odd IPv4 spellings).
//!
//! DESIGN: a small strict checker rather than the `url` crate. Measured here: `url` 2 (with its IDNA
//! tables) adds 245 KB raw / 86.6 KB gzipped to a wasm32 release module, more than half of the
//! package's 150 KB budget, while kassa only needs to accept or reject. The checker returns the
//! input unchanged, so what the caller passed is exactly what the form carries.

use crate::text::{
    before, char_start, find_any, find_byte, from, has_byte, rfind_byte, split_at, split_once_byte,
};
use crate::{Error, ErrorCode, Result};

mod host;
pub use host::{check_dns_name, check_host, check_port, is_canonical_ipv4, is_ipv6, is_punycode};

/// The longest URL kassa accepts, in UTF-8 bytes (`PAYLOAD_TOO_LARGE` above it). Gateway, ACS and
/// return URLs are a few hundred bytes; 16 KiB leaves room for long queries and stays far below
/// what browsers and proxies cut (Chromium: 2 MiB; many CDNs: 8-16 KiB).
pub const MAX_URL_BYTES: usize = 16 * 1024;

/// Whether `http://` URLs to the local machine are accepted (for a local gateway emulator).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UrlPolicy {
    /// Accept `http://` when the host is loopback ([`is_local_host`]): `localhost`, `*.localhost`,
    /// `127.0.0.0/8` in dotted-quad form, or `[::1]`.
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

/// How a URL appears in an error message: quoted (control characters escaped), cut after 120
/// characters, and, when it contains `@`, reduced to its scheme and what follows the last `@` up
/// to the path: whatever comes before an `@` may be a user name and password, and is never shown.
pub fn redacted(input: &str) -> String {
    const SHOWN: usize = 120;
    let cut = |s: &str| -> String {
        match char_start(s, SHOWN) {
            Some(i) => format!("{}...", crate::form::escape::Quoted(before(s, i))),
            None => crate::form::escape::Quoted(s).to_string(),
        }
    };
    let Some(at) = rfind_byte(input, b'@') else {
        return cut(input);
    };
    let after = from(input, at + 1);
    let host = before(after, find_any(after, b"/?#\\").unwrap_or(after.len()));
    let scheme = ["https://", "http://"]
        .into_iter()
        .find(|p| {
            input
                .get(..p.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(p))
        })
        .unwrap_or("");
    format!(
        "{} (the part before '@' is not shown: it may hold a password)",
        cut(&format!("{scheme}...@{host}"))
    )
}

fn invalid(what: &str, input: &str, why: &str) -> Error {
    Error::new(
        ErrorCode::InvalidUrl,
        format!(
            "{what} {} is not a valid absolute URL: {why}",
            redacted(input)
        ),
    )
}

/// True for the hosts the `allow_insecure_localhost` exception covers, and the one definition of
/// "loopback" in kassa: `localhost` and `*.localhost` (any ASCII case; browsers resolve them to
/// loopback themselves), every address of `127.0.0.0/8` written as a canonical dotted quad
/// (`127.1.2.3` yes; `127.1`, `0x7f.1`, `2130706433` no), and `[::1]` exactly as written.
pub fn is_local_host(host: &str) -> bool {
    let lower = host.to_ascii_lowercase();
    if lower == "localhost" || lower == "[::1]" {
        return true;
    }
    if let Some(sub) = lower.strip_suffix(".localhost") {
        return check_dns_name(sub).is_ok();
    }
    lower.starts_with("127.") && is_canonical_ipv4(&lower)
}

/// Characters that change how a URL reads without being visible: soft hyphen, zero-width and
/// joiner characters, bidirectional embeddings, overrides and isolates, word joiner and invisible
/// operators, the byte-order mark.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}' | '\u{feff}'
    )
}

/// Checks `input` (named `what` in errors) under `policy`.
///
/// Accepted: `https://host[:port][/path][?query][#fragment]` (scheme in any ASCII case), and
/// `http://` the same way when `policy.allow_insecure_localhost` is set and the host
/// [`is_local_host`]. The host is an ASCII DNS name (write IDNs in punycode), a canonical
/// dotted-quad IPv4 address or a bracketed IPv6 address without zone id.
///
/// Errors: `PAYLOAD_TOO_LARGE` (longer than [`MAX_URL_BYTES`]), `INVALID_URL` (not an absolute
/// http(s) URL: other schemes such as `javascript:`, `data:`, `vbscript:`, relative and
/// scheme-relative `//host` URLs, userinfo `user:pass@`, a bad host or port, whitespace, control or
/// invisible characters, backslashes), `INSECURE_URL` (http that the policy does not allow).
/// Messages show the URL through [`redacted`], never its userinfo.
pub fn check_url<'a>(input: &'a str, what: &str, policy: UrlPolicy) -> Result<CheckedUrl<'a>> {
    if input.len() > MAX_URL_BYTES {
        return Err(Error::new(
            ErrorCode::PayloadTooLarge,
            format!(
                "{what} is {} bytes long; kassa accepts URLs of at most {MAX_URL_BYTES} bytes",
                input.len()
            ),
        ));
    }
    if input.is_empty() {
        return Err(invalid(what, input, "it is empty"));
    }
    if let Some(c) = input
        .chars()
        .find(|&c| c.is_control() || c.is_whitespace() || c == '\\' || is_invisible(c))
    {
        return Err(invalid(
            what,
            input,
            &format!("it contains U+{:04X} (whitespace, control and invisible characters and backslashes are not allowed)", c as u32),
        ));
    }
    let Some((scheme, after)) = split_once_byte(input, b':') else {
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
    let end = find_any(after, b"/?#").unwrap_or(after.len());
    let (authority, rest) = split_at(after, end);
    if has_byte(authority, b'@') {
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
        let shown = redacted(input);
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
                    "{what} {shown} is not https; http is allowed only to loopback hosts: \
                     localhost, *.localhost, 127.0.0.0/8 (dotted quad) and [::1]"
                ),
            ));
        }
    }
    Ok(CheckedUrl { scheme, host, rest })
}

/// Splits `host[:port]` / `[v6][:port]`.
fn split_host_port(authority: &str) -> std::result::Result<(&str, Option<&str>), &'static str> {
    if authority.starts_with('[') {
        let Some(close) = find_byte(authority, b']') else {
            return Err("the IPv6 address has no closing ]");
        };
        let (host, tail) = split_at(authority, close + 1);
        return match tail {
            "" => Ok((host, None)),
            t => match t.strip_prefix(':') {
                Some(p) => Ok((host, Some(p))),
                None => Err("unexpected text after the IPv6 address"),
            },
        };
    }
    Ok(match split_once_byte(authority, b':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punycode() {
        // RFC 3492 section 7.1 samples and real domains.
        for ok in [
            "e1afmkfd",                 // пример
            "p1ai",                     // рф
            "pple-43d",                 // аpple (Cyrillic а)
            "egbpdaj6bu4bxfgehfvwxn",   // RFC 3492 (A) Arabic
            "ihqwcrb4cv8a8dqg056pqjye", // (B) Chinese
            "bcher-kva",                // bücher
        ] {
            assert!(is_punycode(ok), "{ok}");
        }
        for bad in [
            "",
            "abc-",
            "-",
            "99999999999",
            "zzzzzzzzzzzzzzzzzzzz",
            "a!b",
            "ü",
        ] {
            assert!(!is_punycode(bad), "{bad}");
        }
        assert!(check_dns_name("xn--e1afmkfd.xn--p1ai").is_ok());
        assert!(check_dns_name("XN--E1AFMKFD.xn--p1ai").is_ok());
        assert!(check_dns_name("xn--").is_err());
        assert!(check_dns_name("shop.xn--abc-").is_err());
        assert!(check_dns_name("xn-abc.example").is_ok());
    }
}
