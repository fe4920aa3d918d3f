//! The RBS test merchants.

use serde::Serialize;

use crate::cli::Config;
use crate::keys;

/// How a merchant's callbacks are signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CallbackMode {
    /// No checksum.
    None,
    /// HMAC-SHA256, upper-case hex.
    Hmac,
    /// RSA-SHA512 with `sign_alias`.
    Rsa,
}

/// One test merchant (API account).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Merchant {
    /// Short name used in the docs and admin endpoints.
    pub name: String,
    /// API login.
    pub user_name: String,
    /// API password.
    pub password: String,
    /// Alternative auth token.
    pub token: String,
    /// Callback signing.
    pub callbacks: CallbackMode,
    /// "GET" or "POST".
    pub callback_method: String,
    /// The merchant's configured callback URL (a register's dynamicCallbackUrl wins).
    pub callback_url: Option<String>,
    /// PEM certificate: when set, X-Hash and X-Signature are required and checked.
    #[serde(skip)]
    pub certificate: Option<String>,
    /// Whether request signing is required.
    pub requires_signature: bool,
}

fn merchant(
    name: &str,
    user: &str,
    password: &str,
    mode: CallbackMode,
    method: &str,
    config: &Config,
) -> Merchant {
    Merchant {
        name: name.into(),
        user_name: user.into(),
        password: password.into(),
        token: format!("sandbox-token-{name}"),
        callbacks: mode,
        callback_method: method.into(),
        callback_url: config.merchant_callback_url.clone(),
        certificate: None,
        requires_signature: false,
    }
}

/// The merchants every emulator starts with.
pub fn defaults(config: &Config) -> Vec<Merchant> {
    let mut signed = merchant(
        "signed",
        "sandbox-signed-api",
        "sandbox-signed",
        CallbackMode::Hmac,
        "POST",
        config,
    );
    signed.certificate = Some(keys::MERCHANT_REQUEST_CERT.to_string());
    signed.requires_signature = true;
    let mut reference_signed = merchant(
        "reference-signature",
        "signature-api",
        "gcjgcW1",
        CallbackMode::None,
        "GET",
        config,
    );
    reference_signed.certificate = Some(keys::REFERENCE_SIGNATURE_PUB.to_string());
    reference_signed.requires_signature = true;
    vec![
        merchant(
            "hmac",
            "sandbox-hmac-api",
            "sandbox-hmac",
            CallbackMode::Hmac,
            "GET",
            config,
        ),
        merchant(
            "rsa",
            "sandbox-rsa-api",
            "sandbox-rsa",
            CallbackMode::Rsa,
            "POST",
            config,
        ),
        merchant(
            "plain",
            "sandbox-plain-api",
            "sandbox-plain",
            CallbackMode::None,
            "GET",
            config,
        ),
        merchant(
            "reference",
            "test_user",
            "test_user_password",
            CallbackMode::Hmac,
            "GET",
            config,
        ),
        signed,
        reference_signed,
        // The credentials of the reference's 3ds/continue.do sample (line 4643).
        merchant(
            "reference-3ds",
            "test-user",
            "test-password",
            CallbackMode::None,
            "GET",
            config,
        ),
        // The credentials of the reference's getReceiptStatus.do sample.
        merchant(
            "receipts-example",
            "login-api",
            "password",
            CallbackMode::None,
            "GET",
            config,
        ),
    ]
}
