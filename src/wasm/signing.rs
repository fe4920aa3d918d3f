//! Building valid signed test notifications: `signRbsCallback` and `signCashierWebhook`.
//! Every argument is a `JsValue` read through the checked readers (`js_read`).

use wasm_bindgen::prelude::*;

use super::convert;
use super::error::{IntoJs, JsResult};
use super::js_read::{body_bytes, prop, string_capped};
use super::verify_input::rbs_params;
use crate::cashier::notification as webhook;
use crate::crypto::{HashAlg, PrivateKey, MAX_KEY_TEXT};
use crate::rbs::callback::limits::MAX_PRIMITIVE_INPUT_BYTES;
use crate::rbs::callback::{sign_callback, CallbackSigningKey};
use crate::{Error, ErrorCode, Result};

fn invalid(message: &str) -> Error {
    Error::new(ErrorCode::InvalidArgument, message)
}

const KEY_SHAPE: &str =
    "the key must be { hmacKey } or { privateKey: PEM string, hash?, alias?, passphrase? }";

/// An optional string field: absent/null/undefined is `None`, a string is itself (at most
/// `cap + 1` units copied), anything else is `INVALID_ARGUMENT` with `message`.
fn optional(value: &JsValue, cap: usize, message: &str) -> Result<Option<String>> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    string_capped(value, cap)
        .map(Some)
        .ok_or_else(|| invalid(message))
}

fn signing_key(key: &JsValue) -> Result<CallbackSigningKey> {
    if !key.is_object() {
        return Err(invalid(KEY_SHAPE));
    }
    let get = |k: &str| prop(key, k).map_err(|_| invalid("the key object could not be read"));
    let hmac = get("hmacKey")?;
    if !hmac.is_undefined() {
        return Ok(CallbackSigningKey::Hmac(convert::key_bytes(
            &hmac, "hmacKey",
        )?));
    }
    let pem = optional(&get("privateKey")?, MAX_KEY_TEXT, KEY_SHAPE)?
        .ok_or_else(|| invalid(KEY_SHAPE))?;
    let hash = match optional(&get("hash")?, 16, KEY_SHAPE)? {
        Some(h) => HashAlg::parse(&h)?,
        None => HashAlg::Sha512,
    };
    let passphrase = optional(&get("passphrase")?, 1024, KEY_SHAPE)?;
    let alias = optional(&get("alias")?, 256, KEY_SHAPE)?;
    Ok(CallbackSigningKey::Rsa {
        key: PrivateKey::parse(&pem, passphrase.as_deref())?,
        hash,
        alias,
    })
}

/// Signs callback parameters as the RBS gateway does and returns the query string it would send
/// (the parameters, then `checksum`, then `sign_alias` for RSA keys with an alias). Parameters
/// are read as the verifier reads them (same kinds, same limits).
#[wasm_bindgen(js_name = signRbsCallback)]
pub fn sign_rbs_callback(
    #[wasm_bindgen(unchecked_param_type = "RbsCallbackInput")] params: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RbsCallbackSigningKey")] key: JsValue,
) -> JsResult<String> {
    let params = rbs_params(&params).js()?;
    let key = signing_key(&key).js()?;
    sign_callback(&params, &key).js()
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
    let pem = string_capped(&private_key, MAX_KEY_TEXT)
        .ok_or_else(|| invalid("privateKey must be a PEM string"))
        .js()?;
    let passphrase = optional(
        &passphrase,
        1024,
        "the passphrase must be a string (or omitted)",
    )
    .js()?;
    let key = PrivateKey::parse(&pem, passphrase.as_deref()).js()?;
    webhook::sign(&body, &key).js()
}
