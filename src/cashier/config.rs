//! Where a Mobile Cashier client connects and with what: the base URL and the credentials.
//!
//! Mobile Cashier has no environment presets (each merchant has its own domain), so `baseUrl` is
//! required; [`base_url`] is the one place it is checked, by the shared policy
//! ([`crate::http::base_url::check_base_url`]).

use std::fmt;

use crate::http::RetryPolicy;
use crate::options::client::{base_url_option, required};
use crate::options::{Options, Plain};
use crate::Result;

/// Checks the client's `baseUrl` with the shared base-URL policy (`INVALID_URL`,
/// `INSECURE_URL`; the value is never shown).
pub fn base_url(input: &str) -> Result<String> {
    crate::http::base_url::check_base_url(input, "options.baseUrl")
}

/// Connection settings of a Mobile Cashier client.
#[derive(Clone)]
pub struct CashierConfig {
    /// The API base URL.
    pub base_url: String,
    /// The cashier's login (email).
    pub login: String,
    /// The cashier's password (secret).
    pub password: String,
    /// Timeouts and retries.
    pub policy: RetryPolicy,
}

impl CashierConfig {
    /// The options `new CashierClient` reads besides the shared ones.
    pub const OPTIONS: &'static [&'static str] = &["baseUrl", "login", "password"];

    /// `new CashierClient(options)` (read with `client_spec(Some(Self::OPTIONS))`) with the shared
    /// `policy`: `baseUrl` (required, checked by [`base_url`]), `login` and `password`.
    pub fn from_options(tree: &Plain, policy: RetryPolicy) -> Result<Self> {
        let o = Options::loose(tree, "new CashierClient", Self::OPTIONS)?;
        let class = "CashierClient";
        Ok(Self {
            base_url: base_url_option(&o, "baseUrl")
                .and_then(|_| base_url(&required(&o, "baseUrl", class)?))?,
            login: required(&o, "login", class)?,
            password: required(&o, "password", class)?,
            policy,
        })
    }
}

impl fmt::Debug for CashierConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CashierConfig")
            .field("base_url", &self.base_url)
            .field("login", &self.login)
            .field("password", &"<redacted>")
            .finish()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn options_are_checked_in_order() {
        let t = |s: &str| Plain::Text(s.into());
        let record = Plain::record;
        let policy = RetryPolicy::default();
        let ok = record(vec![t("https://mc.example/api"), t("l"), t("p")]);
        let c = CashierConfig::from_options(&ok, policy).unwrap();
        assert_eq!((c.login.as_str(), c.password.as_str()), ("l", "p"));
        let code = |props| {
            CashierConfig::from_options(&record(props), policy)
                .err()
                .unwrap()
                .code()
        };
        assert_eq!(code(vec![]), ErrorCode::InvalidArgument);
        assert_eq!(
            code(vec![t("http://mc.example/"), t("l"), t("p")]),
            ErrorCode::InsecureUrl
        );
        assert_eq!(
            code(vec![t("https://mc.example/"), t(""), t("p")]),
            ErrorCode::InvalidArgument
        );
        assert_eq!(
            code(vec![t("https://mc.example/"), t("l"), Plain::Threw]),
            ErrorCode::InvalidArgument
        );
    }
}
