//! Argument conversion shared by the exported functions: JS strings, `Uint8Array`s and
//! `ArrayBuffer`s become bytes (through [`super::js_read::body_bytes`], which never lets JS
//! throw through wasm and checks the size before copying); anything else is an
//! `INVALID_ARGUMENT` error naming the argument.

use wasm_bindgen::JsValue;

use super::js_read::{body_bytes, prop};
use crate::crypto::MAX_KEY_TEXT;
use crate::rbs::callback::limits::MAX_PRIMITIVE_INPUT_BYTES;
use crate::{Error, ErrorCode, Result};

/// Bytes from a `string` (UTF-8), `Uint8Array` or `ArrayBuffer`, at most 64 MiB
/// (`PAYLOAD_TOO_LARGE` above, decided before the copy).
pub fn bytes(value: &JsValue, what: &str) -> Result<Vec<u8>> {
    body_bytes(value, what, MAX_PRIMITIVE_INPUT_BYTES)
}

/// Key bytes (an HMAC key): like [`bytes`], but longer than 64 KiB is `MALFORMED_KEY`.
pub fn key_bytes(value: &JsValue, what: &str) -> Result<Vec<u8>> {
    body_bytes(value, what, MAX_KEY_TEXT).map_err(|e| {
        if e.code() == ErrorCode::PayloadTooLarge {
            Error::new(
                ErrorCode::MalformedKey,
                format!("{what} is longer than {MAX_KEY_TEXT} bytes; a key is a few dozen"),
            )
        } else {
            e
        }
    })
}

/// The `hmacKey` of an options object as key bytes (`None` when absent or not an object).
pub fn hmac_key(options: &JsValue) -> Result<Option<Vec<u8>>> {
    let v = prop(options, "hmacKey").map_err(|_| {
        Error::new(
            ErrorCode::InvalidArgument,
            "hmacKey could not be read (a getter threw)",
        )
    })?;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    key_bytes(&v, "hmacKey").map(Some)
}
