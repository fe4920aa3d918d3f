//! Reading JavaScript values without ever letting JavaScript throw through wasm frames (an
//! exception unwinding wasm frames leaves wasm-bindgen's shadow stack unrestored and, repeated,
//! poisons the instance). Every read goes through an import declared `catch` (`Reflect.get/apply`,
//! `Array.isArray`, `Promise.resolve`), never a structural getter, a trusted `instanceof`-based
//! `dyn_ref`, `Object.entries`, `JSON.stringify` or `String(value)`; typed arrays and buffers are
//! sized by `read.js` through the realm-independent intrinsic getters, before anything is copied.
//! Objects and option records go through the one tree reader ([`super::read`]); here are single
//! property reads, method calls, strings measured before the copy, bodies and key bytes.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::crypto::MAX_KEY_TEXT;
use crate::notification::{body_refused, hmac_key_error};
use crate::rbs::callback::limits::check_payload_size;
use crate::{Error, ErrorCode, Result};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = get)]
    fn reflect_get(target: &JsValue, key: &JsValue) -> std::result::Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = apply)]
    fn reflect_apply(
        target: &JsValue,
        this: &JsValue,
        args: &js_sys::Array,
    ) -> std::result::Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn array_is_array(value: &JsValue) -> std::result::Result<bool, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Promise, js_name = resolve)]
    fn promise_resolve(value: &JsValue) -> std::result::Result<js_sys::Promise, JsValue>;
}

/// A property read that threw (getter, Proxy trap, revoked Proxy).
#[derive(Debug, Clone, Copy)]
pub struct Threw;

type Caught<T> = std::result::Result<T, Threw>;

/// `value[key]` for objects and functions (`undefined` for primitives); `Err` if reading threw.
pub fn prop(value: &JsValue, key: &str) -> Caught<JsValue> {
    if !value.is_object() && !value.is_function() {
        return Ok(JsValue::UNDEFINED);
    }
    reflect_get(value, &JsValue::from_str(key)).map_err(|_| Threw)
}

/// Calls `f` with `this` and `args`; `Err` if `f` is not a function or it threw.
pub fn call(f: &JsValue, this: &JsValue, args: &[&JsValue]) -> Caught<JsValue> {
    if !f.is_function() {
        return Err(Threw);
    }
    let list: js_sys::Array = args.iter().collect();
    reflect_apply(f, this, &list).map_err(|_| Threw)
}

/// Calls the method `name` of `value`; `Err` if it is missing, not a function or threw.
pub fn call_method(value: &JsValue, name: &str, args: &[&JsValue]) -> Caught<JsValue> {
    call(&prop(value, name)?, value, args)
}

/// `Array.isArray(value)`; `Err` when it threw (a revoked Proxy), for callers that report it.
pub fn try_is_array(value: &JsValue) -> Caught<bool> {
    array_is_array(value).map_err(|_| Threw)
}

/// `Promise.resolve(value)`, `Err` when that threw synchronously.
pub fn promise(value: &JsValue) -> Caught<js_sys::Promise> {
    promise_resolve(value).map_err(|_| Threw)
}

/// The UTF-16 length of a JS string (never above its UTF-8 byte length); `None` if not a string.
pub fn string_len(value: &JsValue) -> Option<usize> {
    value
        .is_string()
        .then(|| value.unchecked_ref::<js_sys::JsString>().length() as usize)
}

/// A JS string, copying at most `cap + 1` UTF-16 units (so a caller that refuses anything longer
/// than `cap` still sees that it was longer); `None` if not a string. Lone surrogates become
/// U+FFFD, as every UTF-8 encoder writes them.
pub fn string_capped(value: &JsValue, cap: usize) -> Option<String> {
    let len = string_len(value)?;
    if len <= cap {
        return value.as_string();
    }
    let end = u32::try_from(cap.saturating_add(1)).unwrap_or(u32::MAX);
    value
        .unchecked_ref::<js_sys::JsString>()
        .slice(0, end)
        .as_string()
}

#[wasm_bindgen(module = "/src/wasm/read.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = kassaBytes)]
    fn kassa_bytes(value: &JsValue) -> std::result::Result<js_sys::Array, JsValue>;
}

/// What a body-like value is, with its size in bytes, found without copying anything.
pub enum BytesSource {
    /// A JS string of this many UTF-16 units.
    Text(usize),
    /// A `Uint8Array` (any realm, Node's Buffer too) or an `ArrayBuffer`/`SharedArrayBuffer`, as
    /// a fresh `Uint8Array` view of this many bytes.
    Bytes(js_sys::Uint8Array, usize),
    /// A typed array of another element type, a DataView, or a detached buffer.
    Unsupported(&'static str),
    /// Anything else.
    Other,
}

/// Classifies a body-like value and sizes it, reading only intrinsic slots (`read.js`).
pub fn bytes_source(value: &JsValue) -> BytesSource {
    let Ok(found) = kassa_bytes(value) else {
        return BytesSource::Other;
    };
    let len = found
        .get(1)
        .as_f64()
        .filter(|n| *n >= 0.0)
        .map(|n| n as usize);
    match (found.get(0).as_f64(), len) {
        (Some(0.0), Some(n)) => BytesSource::Text(n),
        (Some(1.0), Some(n)) => BytesSource::Bytes(found.get(2).unchecked_into(), n),
        (Some(2.0), _) => {
            BytesSource::Unsupported("a typed array of another element type or a DataView")
        }
        (Some(3.0), _) => BytesSource::Unsupported("a detached buffer"),
        _ => BytesSource::Other,
    }
}

/// A body's bytes: a string (UTF-8), a `Uint8Array` (Node's Buffer too, any realm), an
/// `ArrayBuffer` or a `SharedArrayBuffer`. `PAYLOAD_TOO_LARGE` when it is larger than `limit`,
/// decided before the copy: a string by its UTF-16 length, bytes by `byteLength`. Other typed
/// arrays, DataViews and detached buffers are `INVALID_ARGUMENT`.
pub fn body_bytes(value: &JsValue, what: &str, limit: usize) -> Result<Vec<u8>> {
    match bytes_source(value) {
        BytesSource::Text(units) => {
            check_payload_size(units, limit, what)?;
            let text = value.as_string().unwrap_or_default();
            check_payload_size(text.len(), limit, what)?;
            Ok(text.into_bytes())
        }
        BytesSource::Bytes(view, len) => {
            check_payload_size(len, limit, what)?;
            Ok(view.to_vec())
        }
        BytesSource::Unsupported(kind) => Err(body_refused(what, Some(kind))),
        BytesSource::Other => Err(body_refused(what, None)),
    }
}

/// An optional string argument (a header value): a string (at most `cap + 1` UTF-16 units
/// copied, so the core can refuse a longer one by its length), or null/undefined for "absent".
pub fn optional_string(value: &JsValue, what: &str, cap: usize) -> Result<Option<String>> {
    if value.is_null() || value.is_undefined() {
        return Ok(None);
    }
    let refused = || format!("{what} must be a string (or null when absent)");
    let text = string_capped(value, cap);
    text.map(Some)
        .ok_or_else(|| Error::new(ErrorCode::InvalidArgument, refused()))
}

/// The `hmacKey` of an options object as bytes (`None` when absent or not an object), like
/// [`body_bytes`] (longer than [`MAX_KEY_TEXT`] bytes: [`hmac_key_error`]).
pub fn hmac_key(options: &JsValue) -> Result<Option<Vec<u8>>> {
    let invalid = |m: &str| Error::new(ErrorCode::InvalidArgument, m);
    let v = prop(options, "hmacKey")
        .map_err(|_| invalid("hmacKey could not be read (a getter threw)"))?;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    body_bytes(&v, "hmacKey", MAX_KEY_TEXT)
        .map(Some)
        .map_err(hmac_key_error)
}
