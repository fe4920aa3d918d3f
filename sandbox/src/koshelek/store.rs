//! Koshelek Pay state.

use crate::cli::Config;

/// Everything the Koshelek Pay emulator remembers.
#[derive(Default)]
pub struct Store {
    /// The partner name in the base path.
    pub partner: String,
    /// API login.
    pub login: String,
    /// API password.
    pub password: String,
    /// The store.
    pub store_id: String,
    /// A terminal id (any non-empty terminalId is accepted; it is per store).
    pub terminal_id: String,
    /// Postback Basic-auth login.
    pub partner_login: String,
    /// Postback Basic-auth password.
    pub partner_password: String,
    /// Where postbacks go.
    pub postback_url: Option<String>,
}

impl Store {
    /// The initial state.
    pub fn new(config: &Config) -> Store {
        Store {
            partner: "sandbox".into(),
            login: "sandbox-partner".into(),
            password: "sandbox-partner-password".into(),
            store_id: "1001".into(),
            terminal_id: "T-01".into(),
            partner_login: "sandbox-postback".into(),
            partner_password: "sandbox-postback-password".into(),
            postback_url: config.merchant_callback_url.clone(),
        }
    }
}
