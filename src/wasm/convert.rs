//! Argument conversion shared by the exported functions: JS strings, `Uint8Array`s and
//! `ArrayBuffer`s become bytes; anything else is an `INVALID_ARGUMENT` error naming the argument.

use wasm_bindgen::{JsCast, JsValue};

use crate::{Error, ErrorCode, Result};

/// Bytes from a `string` (UTF-8), `Uint8Array` or `ArrayBuffer`.
pub fn bytes(value: &JsValue, what: &str) -> Result<Vec<u8>> {
    if let Some(s) = value.as_string() {
        return Ok(s.into_bytes());
    }
    if let Some(a) = value.dyn_ref::<js_sys::Uint8Array>() {
        return Ok(a.to_vec());
    }
    if let Some(b) = value.dyn_ref::<js_sys::ArrayBuffer>() {
        return Ok(js_sys::Uint8Array::new(b).to_vec());
    }
    Err(Error::new(
        ErrorCode::InvalidArgument,
        format!("{what} must be a string, a Uint8Array or an ArrayBuffer"),
    ))
}
