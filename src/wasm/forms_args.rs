//! Reading the option objects of the form builders: own string/boolean properties, unknown keys
//! rejected (a typo such as `successURL` must not be silently ignored), and `fields` as either an
//! array of `[name, value]` pairs or a plain object of strings.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::{Error, ErrorCode, Result};

fn bad(msg: String) -> Error {
    Error::new(ErrorCode::InvalidArgument, msg)
}

/// The options object of `what`, checked to hold only `allowed` keys.
pub fn options(value: &JsValue, what: &str, allowed: &[&str]) -> Result<Object> {
    if value.is_undefined() || value.is_null() {
        return Ok(Object::new());
    }
    // `is_object` rather than `instanceof Object`, so objects from another realm (an iframe) work.
    if !value.is_object() {
        return Err(bad(format!("{what} takes an options object")));
    }
    let obj: &Object = value.unchecked_ref();
    for key in Object::keys(obj).iter() {
        let key = key.as_string().unwrap_or_default();
        if !allowed.contains(&key.as_str()) {
            return Err(bad(format!(
                "{what}: unknown option {}; the options are {}",
                crate::form::Quoted(&key),
                allowed.join(", ")
            )));
        }
    }
    Ok(obj.clone())
}

fn get(obj: &Object, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// An optional string property (`undefined` and `null` mean absent).
pub fn opt_string(obj: &Object, key: &str, what: &str) -> Result<Option<String>> {
    let v = get(obj, key);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_string()
        .map(Some)
        .ok_or_else(|| bad(format!("{what}: {key} must be a string")))
}

/// A required string property.
pub fn string(obj: &Object, key: &str, what: &str) -> Result<String> {
    opt_string(obj, key, what)?.ok_or_else(|| bad(format!("{what}: {key} is required")))
}

/// An optional boolean property (absent is `false`).
pub fn flag(obj: &Object, key: &str, what: &str) -> Result<bool> {
    let v = get(obj, key);
    if v.is_undefined() || v.is_null() {
        return Ok(false);
    }
    v.as_bool()
        .ok_or_else(|| bad(format!("{what}: {key} must be a boolean")))
}

/// `fields`: `Array<[string, string]>` (order kept) or `Record<string, string>` (own keys in
/// JavaScript's property order).
pub fn fields(obj: &Object, key: &str, what: &str) -> Result<Vec<(String, String)>> {
    let v = get(obj, key);
    if v.is_undefined() || v.is_null() {
        return Ok(Vec::new());
    }
    let shape = || {
        bad(format!(
            "{what}: {key} must be an array of [name, value] string pairs or an object of strings"
        ))
    };
    if Array::is_array(&v) {
        let mut out = Vec::new();
        for pair in Array::from(&v).iter() {
            if !Array::is_array(&pair) {
                return Err(shape());
            }
            let pair = Array::from(&pair);
            if pair.length() != 2 {
                return Err(shape());
            }
            match (pair.get(0).as_string(), pair.get(1).as_string()) {
                (Some(n), Some(val)) => out.push((n, val)),
                _ => return Err(shape()),
            }
        }
        return Ok(out);
    }
    if !v.is_object() {
        return Err(shape());
    }
    let record: &Object = v.unchecked_ref();
    let mut out = Vec::new();
    for entry in Object::entries(record).iter() {
        let entry = Array::from(&entry);
        match (entry.get(0).as_string(), entry.get(1).as_string()) {
            (Some(n), Some(val)) => out.push((n, val)),
            _ => return Err(shape()),
        }
    }
    Ok(out)
}
