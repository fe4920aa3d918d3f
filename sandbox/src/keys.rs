//! The fixed test keys under `sandbox/keys/` (test-only; see the README there).

/// RSA 2048 private key the emulator signs RBS callbacks with.
pub const RBS_CALLBACK_KEY: &str = include_str!("../keys/rbs-callback-2048.key.pem");
/// Its public key, published in the startup line.
pub const RBS_CALLBACK_PUB: &str = include_str!("../keys/rbs-callback-2048.pub.pem");
/// The `sign_alias` of RSA-signed RBS callbacks.
pub const RBS_CALLBACK_ALIAS: &str = "sandbox-2024";
/// RSA 4096 private key the emulator signs Mobile Cashier webhooks with.
pub const CASHIER_WEBHOOK_KEY: &str = include_str!("../keys/cashier-webhook-4096.key.pem");
/// Its public key, published in the startup line.
pub const CASHIER_WEBHOOK_PUB: &str = include_str!("../keys/cashier-webhook-4096.pub.pem");
/// The "signed" test merchant's request-signing private key (published so tests can sign).
pub const MERCHANT_REQUEST_KEY: &str = include_str!("../keys/merchant-request-2048.key.pem");
/// The certificate the emulator checks that merchant's X-Signature with.
pub const MERCHANT_REQUEST_CERT: &str = include_str!("../keys/merchant-request-2048.cert.pem");
/// Public key of the RBS reference's own request-signing example.
pub const REFERENCE_SIGNATURE_PUB: &str = include_str!("../keys/reference-signature-api.pub.pem");
/// The HMAC key of the RBS merchants with symmetric callbacks.
pub const RBS_HMAC_KEY: &str = "kassa-sandbox-hmac-key-0123456789abcdef";

use std::sync::OnceLock;

use kassa::crypto::{HashAlg, PrivateKey};
use kassa::rbs::callback::CallbackSigningKey;

/// The RBS callback signing key for a mode (parsed once).
pub fn rbs_rsa_key() -> Option<&'static CallbackSigningKey> {
    static KEY: OnceLock<Option<CallbackSigningKey>> = OnceLock::new();
    KEY.get_or_init(|| {
        PrivateKey::parse(RBS_CALLBACK_KEY, None)
            .ok()
            .map(|key| CallbackSigningKey::Rsa {
                key,
                hash: HashAlg::Sha512,
                alias: Some(RBS_CALLBACK_ALIAS.to_string()),
            })
    })
    .as_ref()
}

/// The HMAC callback key.
pub fn rbs_hmac_key() -> CallbackSigningKey {
    CallbackSigningKey::Hmac(RBS_HMAC_KEY.as_bytes().to_vec())
}

/// The Mobile Cashier webhook key (parsed once).
pub fn cashier_key() -> Option<&'static PrivateKey> {
    static KEY: OnceLock<Option<PrivateKey>> = OnceLock::new();
    KEY.get_or_init(|| PrivateKey::parse(CASHIER_WEBHOOK_KEY, None).ok())
        .as_ref()
}
