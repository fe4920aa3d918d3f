//! Building valid signed test notifications: `signRbsCallback` and `signCashierWebhook`.

use wasm_bindgen::prelude::*;

use super::convert;
use super::error::{IntoJs, JsResult};
use super::verify_input::{body_bytes, rbs_params};
use crate::cashier::webhook;
use crate::crypto::{HashAlg, PrivateKey};
use crate::rbs::callback::{sign_callback, CallbackSigningKey};
use crate::{Error, ErrorCode, Result};

fn signing_key(key: &JsValue) -> Result<CallbackSigningKey> {
    let get = |k: &str| js_sys::Reflect::get(key, &k.into()).unwrap_or(JsValue::UNDEFINED);
    if !key.is_object() {
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            "the key must be { hmacKey } or { privateKey, hash?, alias?, passphrase? }",
        ));
    }
    let hmac = get("hmacKey");
    if !hmac.is_undefined() {
        return Ok(CallbackSigningKey::Hmac(convert::bytes(&hmac, "hmacKey")?));
    }
    let pem = get("privateKey").as_string().ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidArgument,
            "the key must be { hmacKey } or { privateKey: PEM string, hash?, alias?, passphrase? }",
        )
    })?;
    let hash = match get("hash").as_string() {
        Some(h) => HashAlg::parse(&h)?,
        None => HashAlg::Sha512,
    };
    let passphrase = get("passphrase").as_string();
    Ok(CallbackSigningKey::Rsa {
        key: PrivateKey::parse(&pem, passphrase.as_deref())?,
        hash,
        alias: get("alias").as_string(),
    })
}

/// Signs callback parameters as the RBS gateway does and returns the query string it would send
/// (the parameters, then `checksum`, then `sign_alias` for RSA keys with an alias).
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
#[wasm_bindgen(js_name = signCashierWebhook)]
pub fn sign_cashier_webhook(
    #[wasm_bindgen(unchecked_param_type = "NotificationBody")] body: JsValue,
    #[wasm_bindgen(js_name = privateKey)] private_key: String,
    passphrase: Option<String>,
) -> JsResult<String> {
    let body = body_bytes(&body, "the webhook body").js()?;
    let key = PrivateKey::parse(&private_key, passphrase.as_deref()).js()?;
    webhook::sign(&body, &key).js()
}
