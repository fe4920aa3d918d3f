//! The one rule for the API clients' base URLs, the environment presets' selector, and the host a
//! redirect pointed to (the only part of it an error may show).
//!
//! A base URL is where credentials go (RBS sends `userName`/`password` in the body, Mobile Cashier
//! its login, Koshelek HTTP Basic), so it is held to more than a form URL:
//! - `https:` only, except loopback hosts (`127.0.0.0/8`, `[::1]`, `localhost`, `*.localhost`),
//!   which may be `http:` for tests and the local emulator; any other `http:` is `INSECURE_URL`;
//! - no userinfo (`user:pass@host`), query or fragment, whitespace, control characters or
//!   backslashes: `INVALID_URL`;
//! - the syntax (scheme, host, port) is [`crate::http::url::check_url`]'s.
//!
//! Messages never show the value: a base URL may carry credentials (which is refused) and it is an
//! option value, which kassa never echoes.

use crate::http::url::{check_url, UrlPolicy};
use crate::text::{
    after_last, find_any, find_byte, has_byte, split_at, split_once, split_once_byte,
    trim_start_byte,
};
use crate::{Error, ErrorCode, Result};

/// The longest base URL accepted, in bytes.
pub const MAX_BASE_URL_LEN: usize = 2048;

/// What every rejected base URL is told to be.
const SHAPE: &str =
    "it must be an absolute https:// URL without user name, password, query or fragment \
                     (http:// only to loopback: 127.0.0.0/8, [::1], localhost, *.localhost)";

fn invalid(what: &str, why: &str) -> Error {
    Error::new(
        ErrorCode::InvalidUrl,
        format!("{what} is not accepted: {why}; {SHAPE}"),
    )
}

/// The loopback hosts that may be reached over plain `http:`: the one definition of loopback,
/// [`crate::http::url::is_local_host`] (the forms' `allowInsecureLocalhost` uses the same).
pub use crate::http::url::is_local_host as is_loopback_host;

/// Checks a client's base URL option (named `what` in messages, e.g. `"options.baseUrl"`) and
/// returns it unchanged: [`check_base_url_with`], loopback `http:` allowed (the clients' documented
/// rule: tests and the local emulator).
pub fn check_base_url(input: &str, what: &str) -> Result<String> {
    check_base_url_with(
        input,
        what,
        UrlPolicy {
            allow_insecure_localhost: true,
        },
    )
}

/// The one base-URL rule, for the clients and for the forms' base URLs (`rbsAcsRedirectUrl`'s
/// `baseUrl`, the Mobile Cashier form's `https://payment.{domain}/`). Errors: `INVALID_URL`
/// (longer than [`MAX_BASE_URL_LEN`], syntax, userinfo, query, fragment, characters),
/// `INSECURE_URL` (`http:` to a host that is not loopback, or to loopback without
/// `policy.allow_insecure_localhost`).
pub fn check_base_url_with(input: &str, what: &str, policy: UrlPolicy) -> Result<String> {
    if input.is_empty() {
        return Err(invalid(what, "it is empty"));
    }
    if input.len() > MAX_BASE_URL_LEN {
        return Err(invalid(
            what,
            &format!("it is longer than {MAX_BASE_URL_LEN} bytes"),
        ));
    }
    if input
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
    {
        return Err(invalid(
            what,
            "it contains whitespace, a control character or a backslash",
        ));
    }
    let (scheme, after) =
        split_once(input, "://").ok_or_else(|| invalid(what, "it is not an absolute URL"))?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return Err(invalid(what, "its scheme is not https"));
    }
    let end = find_any(after, b"/?#").unwrap_or(after.len());
    let (authority, rest) = split_at(after, end);
    if has_byte(authority, b'@') {
        return Err(invalid(
            what,
            "it carries a user name or password (userinfo); pass credentials as options, never in the URL",
        ));
    }
    if has_byte(rest, b'?') || has_byte(rest, b'#') {
        return Err(invalid(what, "it has a query or a fragment"));
    }
    // The syntax check is the form module's; the scheme rule is applied below, here, so that the
    // loopback exception is the same for every client.
    let checked = check_url(
        input,
        what,
        UrlPolicy {
            allow_insecure_localhost: true,
        },
    );
    let host = match checked {
        Ok(c) => c.host.to_string(),
        Err(e) if e.code() == ErrorCode::InsecureUrl => authority_host(authority).to_string(),
        Err(_) => return Err(invalid(what, "its host or port is malformed")),
    };
    if scheme == "http" && !is_loopback_host(&host) {
        return Err(Error::new(
            ErrorCode::InsecureUrl,
            format!(
                "{what} is not accepted: it is http:// to a host that is not loopback; {SHAPE}"
            ),
        ));
    }
    if scheme == "http" && !policy.allow_insecure_localhost {
        return Err(Error::new(
            ErrorCode::InsecureUrl,
            format!(
                "{what} is not accepted: it is http://; for a local emulator pass \
                 allowInsecureLocalhost: true"
            ),
        ));
    }
    Ok(input.to_string())
}

/// The host of an authority `host[:port]` / `[v6][:port]` (no userinfo).
fn authority_host(authority: &str) -> &str {
    if authority.starts_with('[') {
        return find_byte(authority, b']')
            .and_then(|i| authority.get(..=i))
            .unwrap_or(authority);
    }
    split_once_byte(authority, b':').map_or(authority, |(host, _)| host)
}

/// The two environments a gateway's presets cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    /// `'test'` (the default).
    Test,
    /// `'production'`.
    Production,
}

/// Reads the `environment` option: absent = `Test`; anything but `'test'`/`'production'` is
/// `INVALID_ARGUMENT` (the value is not shown).
pub fn environment(value: Option<&str>) -> Result<Environment> {
    match value {
        None | Some("test") => Ok(Environment::Test),
        Some("production") => Ok(Environment::Production),
        Some(_) => Err(Error::new(
            ErrorCode::InvalidArgument,
            "options.environment must be 'test' or 'production'",
        )),
    }
}

/// The host (and port) a redirect's `Location` names, for the `REDIRECT_REFUSED` message: never
/// its path, query, fragment or userinfo. A relative `Location` names the request's own host;
/// none at all (a browser's opaque redirect) is "hidden by the runtime".
pub fn redirect_target_host(location: Option<&str>, request_url: &str) -> String {
    let Some(loc) = location.map(str::trim).filter(|l| !l.is_empty()) else {
        return "a target hidden by the runtime".into();
    };
    let absolute = |u: &str| -> Option<String> {
        let (scheme, after) = split_once(u, "://")?;
        if scheme.is_empty()
            || !scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
        {
            return None;
        }
        Some(after.to_string())
    };
    let after = match absolute(loc) {
        Some(a) => a,
        None if loc.starts_with("//") => trim_start_byte(loc, b'/').to_string(),
        // Relative: the same host as the request.
        None => absolute(request_url).unwrap_or_default(),
    };
    let end = find_any(&after, b"/?#\\").unwrap_or(after.len());
    let authority = after.get(..end).unwrap_or("");
    let host = after_last(authority, b'@');
    let clean = !host.is_empty()
        && host.len() <= 260
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._:[]".contains(&b));
    if clean {
        format!("host {host}")
    } else {
        "a host that cannot be shown".into()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn code(u: &str) -> Option<ErrorCode> {
        check_base_url(u, "options.baseUrl").err().map(|e| e.code())
    }

    #[test]
    fn forms_opt_in_to_loopback_http() {
        let strict = UrlPolicy {
            allow_insecure_localhost: false,
        };
        let with = |u: &str| {
            check_base_url_with(u, "baseUrl", strict)
                .err()
                .map(|e| e.code())
        };
        assert_eq!(with("https://gw.example/payment/"), None);
        assert_eq!(with("http://127.0.0.1:5000/"), Some(ErrorCode::InsecureUrl));
        assert_eq!(with("http://gw.example/"), Some(ErrorCode::InsecureUrl));
        assert_eq!(code("http://127.0.0.1:5000/"), None);
        let long = format!("https://gw.example/{}", "a".repeat(MAX_BASE_URL_LEN));
        assert_eq!(with(&long), Some(ErrorCode::InvalidUrl));
    }

    #[test]
    fn https_and_loopback_http_only() {
        for ok in [
            "https://vtb.rbsuat.com/payment/rest/",
            "https://gw.example:8443/api",
            "http://127.0.0.1:8787/payment/rest/",
            "http://127.1.2.3/x",
            "http://localhost:9/",
            "http://sandbox.localhost/",
            "http://[::1]:8080/",
            "HTTPS://GW.EXAMPLE/",
        ] {
            assert_eq!(code(ok), None, "{ok}");
        }
        for (bad, want) in [
            ("http://gw.example/", ErrorCode::InsecureUrl),
            ("http://10.0.0.1/", ErrorCode::InsecureUrl),
            ("http://127.0.0.1.evil.example/", ErrorCode::InsecureUrl),
            ("http://localhost.evil.example/", ErrorCode::InsecureUrl),
            ("https://user:pass@gw.example/", ErrorCode::InvalidUrl),
            ("http://u@127.0.0.1/", ErrorCode::InvalidUrl),
            ("https://gw.example/?a=b", ErrorCode::InvalidUrl),
            ("https://gw.example/#f", ErrorCode::InvalidUrl),
            ("https://gw.example/a b", ErrorCode::InvalidUrl),
            ("https://gw.example\\@evil/", ErrorCode::InvalidUrl),
            ("ftp://gw.example/", ErrorCode::InvalidUrl),
            ("javascript://x", ErrorCode::InvalidUrl),
            ("gw.example", ErrorCode::InvalidUrl),
            ("", ErrorCode::InvalidUrl),
            ("http://0x7f.1/", ErrorCode::InvalidUrl),
            ("http://2130706433/", ErrorCode::InvalidUrl),
            ("http://127.0.0.1:99999/", ErrorCode::InvalidUrl),
        ] {
            assert_eq!(code(bad), Some(want), "{bad}");
        }
    }

    #[test]
    fn messages_never_show_the_value() {
        for bad in [
            "https://shop-api:S3CRET-pw@gw.example/",
            "http://S3CRET.example/",
            "https://gw.example/?token=S3CRET",
            "ftp://S3CRET/",
        ] {
            let e = check_base_url(bad, "options.baseUrl").unwrap_err();
            assert!(!e.message().contains("S3CRET"), "{}", e.message());
            assert!(
                e.message().starts_with("options.baseUrl"),
                "{}",
                e.message()
            );
        }
    }

    #[test]
    fn environments() {
        assert_eq!(environment(None).unwrap(), Environment::Test);
        assert_eq!(
            environment(Some("production")).unwrap(),
            Environment::Production
        );
        let e = environment(Some("prod-S3CRET")).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidArgument);
        assert!(!e.message().contains("S3CRET"));
    }

    #[test]
    fn redirect_hosts_show_no_path_query_or_userinfo() {
        let req = "https://gw.example/payment/rest/register.do";
        assert_eq!(
            redirect_target_host(Some("https://u:p@evil.example:8443/steal?password=x"), req),
            "host evil.example:8443"
        );
        assert_eq!(
            redirect_target_host(Some("/elsewhere?x=1"), req),
            "host gw.example"
        );
        assert_eq!(
            redirect_target_host(Some("//other.example/p"), req),
            "host other.example"
        );
        assert_eq!(
            redirect_target_host(None, req),
            "a target hidden by the runtime"
        );
        assert_eq!(
            redirect_target_host(Some("https://ev<il>/"), req),
            "a host that cannot be shown"
        );
    }
}
