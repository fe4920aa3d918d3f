//! Building valid signed test notifications: `signRbsCallback` and `signCashierWebhook`.
//! Every argument is a `JsValue`: key objects through the one reader (`read.rs`), bodies and key
//! texts through `js_read`; what they mean is decided by `crate::options::verifiers`.

use wasm_bindgen::prelude::*;

use super::error::{IntoJs, JsResult};
use super::js_read::{body_bytes, hmac_key, optional_string, string_capped};
use super::read::{rbs_parsed, read};
use crate::cashier::notification as webhook;
use crate::crypto::{PrivateKey, MAX_KEY_TEXT};
use crate::options::verifiers::{signing_key, verifier_spec, SIGNING_KEY_OPTIONS};
use crate::rbs::callback::limits::{CallbackOptions, MAX_PRIMITIVE_INPUT_BYTES};
use crate::rbs::callback::sign_callback;
use crate::{Error, ErrorCode};

/// Signs callback parameters as the RBS gateway does and returns the query string it would send
/// (the parameters, then `checksum`, then `sign_alias` for RSA keys with an alias). Parameters
/// are read as the verifier reads them (same kinds, same limits).
#[wasm_bindgen(js_name = signRbsCallback)]
pub fn sign_rbs_callback(
    #[wasm_bindgen(unchecked_param_type = "RbsCallbackInput")] params: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RbsCallbackSigningKey")] key: JsValue,
) -> JsResult<String> {
    let params = rbs_parsed(&params, &CallbackOptions::default()).js()?;
    let hmac_key = hmac_key(&key).js()?;
    let tree = read(&key, &verifier_spec(SIGNING_KEY_OPTIONS));
    let key = signing_key(&tree, hmac_key).js()?;
    sign_callback(params.pairs(), &key).js()
}

/// Signs a webhook body as Mobile Cashier does: base64 RSA-SHA1 over the bytes — the value of
/// the `payment-sign` header.
#[wasm_bindgen(js_name = signCashierWebhook, unchecked_return_type = "string")]
pub fn sign_cashier_webhook(
    #[wasm_bindgen(unchecked_param_type = "NotificationBody")] body: JsValue,
    #[wasm_bindgen(js_name = privateKey, unchecked_param_type = "string")] private_key: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string")] passphrase: JsValue,
) -> JsResult<String> {
    let body = body_bytes(&body, "the webhook body", MAX_PRIMITIVE_INPUT_BYTES).js()?;
    let not_pem = || {
        Error::new(
            ErrorCode::InvalidArgument,
            "privateKey must be a PEM string",
        )
    };
    let pem = string_capped(&private_key, MAX_KEY_TEXT)
        .ok_or_else(not_pem)
        .js()?;
    let passphrase = optional_string(&passphrase, "the passphrase", 1024).js()?;
    let key = PrivateKey::parse(&pem, passphrase.as_deref()).js()?;
    webhook::sign(&body, &key).js()
}
