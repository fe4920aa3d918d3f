//! Exported primitives: the version and the digests/MACs the gateways are built on.

use wasm_bindgen::prelude::*;

use super::error::{IntoJs, JsResult};
use super::js_read::body_bytes;
use crate::crypto;
use crate::rbs::callback::limits::MAX_PRIMITIVE_INPUT_BYTES;

/// The version of the kassa package.
#[wasm_bindgen]
pub fn version() -> String {
    crate::version().to_owned()
}

/// HMAC-SHA256 of `message` under `key`, as upper-case hex (the form of RBS callback checksums).
/// Strings are taken as UTF-8.
#[wasm_bindgen(js_name = hmacSha256Hex, unchecked_return_type = "string")]
pub fn hmac_sha256_hex(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer")] key: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer")] message: JsValue,
) -> JsResult<String> {
    let key = body_bytes(&key, "key", MAX_PRIMITIVE_INPUT_BYTES).js()?;
    let message = body_bytes(&message, "message", MAX_PRIMITIVE_INPUT_BYTES).js()?;
    Ok(crypto::hex_upper(&crypto::hmac_sha256(&key, &message)))
}

/// SHA-256 of `data` as standard base64 (the form of the RBS `X-Hash` header).
#[wasm_bindgen(js_name = sha256Base64, unchecked_return_type = "string")]
pub fn sha256_base64(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer")] data: JsValue,
) -> JsResult<String> {
    let data = body_bytes(&data, "data", MAX_PRIMITIVE_INPUT_BYTES).js()?;
    Ok(crypto::base64_encode(&crypto::sha256(&data)))
}
