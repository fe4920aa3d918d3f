//! Where a Koshelek Pay client connects and with what: the environment presets (`'test'` by
//! default, or `'production'`), the per-partner base URL, and the credentials.
//!
//! The one place Koshelek's base URL is resolved: an explicit `baseUrl` goes through the shared
//! policy ([`crate::http::base_url::check_base_url`]); otherwise the partner name, which must be
//! one plain path segment, picks the reference's URL for the environment.

use std::fmt;

use crate::http::RetryPolicy;
use crate::options::client::{base_url_option, integer_text, string, MAX_STRING_CHARS};
use crate::options::{Options, Plain};
use crate::{Error, ErrorCode, Result};

/// The reference's test base URL for a partner: `https://api-test.koshelek.app/<partner-name>`.
pub fn test_url(partner: &str) -> String {
    format!("https://api-test.koshelek.app/{partner}/")
}

/// The reference's production base URL for a partner: `https://api.koshelek.app/<partner-name>`.
pub fn production_url(partner: &str) -> String {
    format!("https://api.koshelek.app/{partner}/")
}

/// Picks the base URL: an explicit `baseUrl` wins (checked by
/// [`crate::http::base_url::check_base_url`]); otherwise `partner` with `environment` (`"test"`
/// default, or `"production"`) selects the reference's URL. The partner name must be one plain
/// path segment (letters, digits, `-`, `_`, `.`), else `INVALID_ARGUMENT`; neither given is
/// `INVALID_ARGUMENT` too ("baseUrl is required"). Neither value is ever shown in a message.
pub fn base_url(
    environment: Option<&str>,
    base_url: Option<&str>,
    partner: Option<&str>,
) -> Result<String> {
    resolve(environment, base_url, partner)?.ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidArgument,
            "new KoshelekClient({ baseUrl }): baseUrl is required (or partner, with environment 'test' or 'production')",
        )
    })
}

fn resolve(
    environment: Option<&str>,
    base_url: Option<&str>,
    partner: Option<&str>,
) -> Result<Option<String>> {
    use crate::http::base_url::{check_base_url, Environment};
    let env = crate::http::base_url::environment(environment)?;
    if let Some(u) = base_url.filter(|u| !u.is_empty()) {
        return check_base_url(u, "options.baseUrl").map(Some);
    }
    let Some(p) = partner.filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    let plain = p.len() <= 128
        && p != "."
        && p != ".."
        && p.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.');
    if !plain {
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            "options.partner must be the partner name of the Koshelek URL: letters, digits, '-', '_' and '.', at most 128",
        ));
    }
    Ok(Some(match env {
        Environment::Test => test_url(p),
        Environment::Production => production_url(p),
    }))
}

/// Connection settings of a Koshelek Pay client.
#[derive(Clone)]
pub struct KoshelekConfig {
    /// The partner's API base URL.
    pub base_url: String,
    /// The API login.
    pub login: String,
    /// The API password (secret).
    pub password: String,
    /// The store, sent in every body that has one (every call but transaction/status).
    pub store_id: String,
    /// The terminal, sent with the store.
    pub terminal_id: String,
    /// Timeouts and retries.
    pub policy: RetryPolicy,
}

/// Where the `token` header comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// No `token` option: calls that need one are refused before sending.
    Missing,
    /// A fixed value (checked by [`check_token`]).
    Text(String),
    /// A function returning the value or a promise of it, called once per call that needs it
    /// (the wasm layer keeps the function).
    Function,
}

/// The longest `token` header value accepted.
pub const MAX_TOKEN: usize = 4096;

/// Checks a `token` header value: 1 to [`MAX_TOKEN`] visible ASCII characters (no spaces, line
/// breaks or control characters). Never shows the value.
pub fn check_token(token: &str) -> Result<()> {
    if token.is_empty() || token.len() > MAX_TOKEN || !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            format!("options.token must give 1 to {MAX_TOKEN} visible ASCII characters (cashFingerPrint + TOTP)"),
        ));
    }
    Ok(())
}

fn token_error() -> Error {
    Error::new(
        ErrorCode::InvalidArgument,
        "options.token must be a string or a function returning a string (or a Promise of one): cashFingerPrint + TOTP",
    )
}

/// The value the caller's `token()` gave (`Threw`: it threw or its promise rejected).
pub fn token_value(v: &Plain) -> Result<String> {
    match v {
        Plain::Threw => Err(Error::new(
            ErrorCode::InvalidArgument,
            "options.token() threw or its Promise rejected",
        )),
        Plain::Long(_) => Err(Error::new(
            ErrorCode::InvalidArgument,
            format!("options.token() is longer than {MAX_STRING_CHARS} characters"),
        )),
        Plain::Text(s) | Plain::Broken(s) => Ok(s.clone()),
        _ => Err(token_error()),
    }
}

impl KoshelekConfig {
    /// The options `new KoshelekClient` reads besides the shared ones.
    pub const OPTIONS: &'static [&'static str] = &[
        "environment",
        "baseUrl",
        "partner",
        "login",
        "password",
        "storeId",
        "terminalId",
        "token",
    ];

    /// `new KoshelekClient(options)` (read with `client_spec(Some(Self::OPTIONS))`) with the
    /// shared `policy`: the base URL ([`base_url`]), the credentials (`storeId` and `terminalId`
    /// may be integers), and the `token`: a string or a function.
    pub fn from_options(tree: &Plain, policy: RetryPolicy) -> Result<(Self, Token)> {
        let o = Options::loose(tree, "new KoshelekClient", Self::OPTIONS)?;
        let base_url = base_url(
            string(&o, "environment")?.as_deref(),
            base_url_option(&o, "baseUrl")?.as_deref(),
            string(&o, "partner")?.as_deref(),
        )?;
        let required = |key: &str| {
            let v = match o.get(key)? {
                Plain::Number(n) if key.ends_with("Id") => integer_text(*n),
                _ => string(&o, key)?,
            };
            v.filter(|s| !s.is_empty()).ok_or_else(|| {
                Error::new(
                    ErrorCode::InvalidArgument,
                    format!("new KoshelekClient({{ {key} }}): {key} is required"),
                )
            })
        };
        let config = Self {
            base_url,
            login: required("login")?,
            password: required("password")?,
            store_id: required("storeId")?,
            terminal_id: required("terminalId")?,
            policy,
        };
        let token = match o.get("token")? {
            v if v.is_absent() => Token::Missing,
            Plain::Function => Token::Function,
            Plain::Text(_) | Plain::Broken(_) | Plain::Long(_) => {
                let t = string(&o, "token")?.unwrap_or_default();
                check_token(&t)?;
                Token::Text(t)
            }
            _ => return Err(token_error()),
        };
        Ok((config, token))
    }
}

impl fmt::Debug for KoshelekConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KoshelekConfig")
            .field("base_url", &self.base_url)
            .field("login", &self.login)
            .field("password", &"<redacted>")
            .field("store_id", &self.store_id)
            .field("terminal_id", &self.terminal_id)
            .finish()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn base_url_from_partner_or_explicit_and_required() {
        assert_eq!(
            base_url(None, None, Some("shop")).unwrap(),
            "https://api-test.koshelek.app/shop/"
        );
        assert_eq!(
            base_url(Some("production"), None, Some("shop")).unwrap(),
            "https://api.koshelek.app/shop/"
        );
        assert_eq!(
            base_url(None, Some("https://k.test/p/"), Some("shop")).unwrap(),
            "https://k.test/p/"
        );
        for (b, p) in [
            (None, None),
            (Some(""), Some("")),
            (None, Some("a/b")),
            (None, Some("..")),
        ] {
            assert_eq!(
                base_url(None, b, p).unwrap_err().code(),
                ErrorCode::InvalidArgument
            );
        }
        assert!(base_url(None, None, None)
            .unwrap_err()
            .message()
            .contains("baseUrl is required"));
        assert!(base_url(Some("staging"), None, Some("shop")).is_err());
    }
}
