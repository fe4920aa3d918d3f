//! Where a Mobile Cashier client connects and with what: the base URL and the credentials.
//!
//! Mobile Cashier has no environment presets (each merchant has its own domain), so `baseUrl` is
//! required; [`base_url`] is the one place it is checked, by the shared policy
//! ([`crate::http::base_url::check_base_url`]).

use std::fmt;

use crate::http::RetryPolicy;
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

impl fmt::Debug for CashierConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CashierConfig")
            .field("base_url", &self.base_url)
            .field("login", &self.login)
            .field("password", &"<redacted>")
            .finish()
    }
}
