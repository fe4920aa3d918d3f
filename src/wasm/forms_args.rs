//! Reading the option objects of the form builders, defensively: whatever JavaScript hands over
//! (wrong types, getters or Proxy traps that throw, revoked Proxies, Symbols, BigInts, cyclic or
//! endless iterables, huge strings, lone surrogates) ends in a `crate::Error` with a code, never in
//! an exception through wasm frames or a trap.
//!
//! - Every read goes through [`super::js_read`] (`catch` imports only: `Reflect.get`,
//!   `Reflect.ownKeys`, `Array.isArray`, the iteration protocol through `Reflect.apply`); a throw
//!   becomes `INVALID_ARGUMENT` naming the option (its value and the exception's text are not
//!   echoed).
//! - Strings are measured before they are copied into wasm memory: a JS string's `length` (UTF-16
//!   units) is at most its UTF-8 byte length, so a string longer than a limit in units is over it
//!   in bytes too and is refused without copying (`PAYLOAD_TOO_LARGE` for URLs and field data,
//!   with the limits of the core). Strings with lone surrogates are `INVALID_ARGUMENT`: the browser
//!   would send U+FFFD in their place, not what the caller wrote.
//! - Unknown option keys are refused (a typo such as `successURL` must not be silently ignored).
//! - `fields` is an array of `[name, value]` pairs, any other iterable of such pairs (a `Map`,
//!   `URLSearchParams`, a generator), or a plain object of strings. Counting stops at the field
//!   limit (`TOO_MANY_PARAMETERS`), so an endless iterator ends too.

use js_sys::{JsString, Object};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::js_read::{iterate, own_enumerable_keys, prop, prop_key, try_is_array};
use crate::form::{MAX_FIELDS, MAX_FORM_BYTES};
use crate::http::url::MAX_URL_BYTES;
use crate::{Error, ErrorCode, Result};

fn bad(msg: String) -> Error {
    Error::new(ErrorCode::InvalidArgument, msg)
}

/// How long a string may be, and the error above it.
#[derive(Debug, Clone, Copy)]
pub enum Max {
    /// A URL: [`MAX_URL_BYTES`], `PAYLOAD_TOO_LARGE`.
    Url,
    /// Form data (a field name or value, `paReq`, `creq`...): [`MAX_FORM_BYTES`],
    /// `PAYLOAD_TOO_LARGE`.
    Data,
    /// A short option (nonce, target, label, environment): this many bytes, `INVALID_ARGUMENT`.
    Short(usize),
}

impl Max {
    fn bytes(self) -> usize {
        match self {
            Max::Url => MAX_URL_BYTES,
            Max::Data => MAX_FORM_BYTES,
            Max::Short(n) => n,
        }
    }

    fn error(self, what: &str, key: &str) -> Error {
        let n = self.bytes();
        match self {
            Max::Short(_) => bad(format!("{what}: {key} is longer than {n} bytes")),
            _ => Error::new(
                ErrorCode::PayloadTooLarge,
                format!("{what}: {key} is longer than {n} bytes, the most kassa accepts there"),
            ),
        }
    }
}

/// The bytes of field names and values read so far, against [`MAX_FORM_BYTES`].
#[derive(Debug, Default)]
pub struct Budget {
    used: usize,
}

impl Budget {
    fn take(&mut self, units: usize, what: &str) -> Result<()> {
        self.used = self.used.saturating_add(units);
        if self.used > MAX_FORM_BYTES {
            return Err(Error::new(
                ErrorCode::PayloadTooLarge,
                format!(
                    "{what}: the form's field names and values are longer than {MAX_FORM_BYTES} \
                     bytes, the most kassa builds"
                ),
            ));
        }
        Ok(())
    }
}

/// `value` as a Rust string if it is a JS string no longer than `max` (checked before copying),
/// without lone surrogates. `None` if it is not a string at all.
fn js_string(
    value: &JsValue,
    max: Max,
    what: &str,
    key: &str,
    budget: Option<&mut Budget>,
) -> Result<Option<String>> {
    if !value.is_string() {
        return Ok(None);
    }
    let js: &JsString = value.unchecked_ref();
    let units = js.length() as usize;
    if units > max.bytes() {
        return Err(max.error(what, key));
    }
    if let Some(b) = budget {
        b.take(units, what)?;
    }
    let Some(s) = value.as_string() else {
        return Ok(None);
    };
    if s.len() > max.bytes() {
        return Err(max.error(what, key));
    }
    // Lone surrogates arrive as U+FFFD; only then is the JS string looked at unit by unit.
    if s.contains('\u{fffd}') && !js.is_valid_utf16() {
        return Err(bad(format!(
            "{what}: {key} contains a lone surrogate (broken UTF-16); a form would send U+FFFD \
             in its place"
        )));
    }
    Ok(Some(s))
}

/// Reads `obj[key]` (a `catch` call: getters and Proxy traps may throw).
fn get(obj: &JsValue, key: &str, what: &str) -> Result<JsValue> {
    prop(obj, key).map_err(|_| bad(format!("{what}: reading {key} threw an exception")))
}

/// `obj[i]`.
fn get_index(obj: &JsValue, i: usize, what: &str, key: &str) -> Result<JsValue> {
    prop_key(obj, &JsValue::from(i as f64))
        .map_err(|_| bad(format!("{what}: reading {key}[{i}] threw an exception")))
}

/// The own enumerable string keys (what `Object.keys` lists), at most `MAX_FIELDS + 1`.
fn keys_of(value: &JsValue, what: &str) -> Result<Vec<JsValue>> {
    own_enumerable_keys(value, MAX_FIELDS).map_err(|_| {
        bad(format!(
            "{what}: the object's keys cannot be read (its keys threw; a revoked Proxy?)"
        ))
    })
}

/// The options object of `what`, checked to hold only `allowed` keys.
pub fn options(value: &JsValue, what: &str, allowed: &[&str]) -> Result<JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Object::new().into());
    }
    // `is_object` rather than `instanceof Object`, so objects from another realm (an iframe) work.
    if !value.is_object() {
        return Err(bad(format!("{what} takes an options object")));
    }
    for key in keys_of(value, what)? {
        // Object.keys gives strings; anything else is impossible, and is refused like a bad key.
        let key = js_string(&key, Max::Short(256), what, "an option name", None)?;
        let key = key.unwrap_or_default();
        if !allowed.contains(&key.as_str()) {
            return Err(bad(format!(
                "{what}: unknown option {}; the options are {}",
                crate::form::Quoted(crate::form::short(&key)),
                allowed.join(", ")
            )));
        }
    }
    Ok(value.clone())
}

/// An optional string property (`undefined` and `null` mean absent).
pub fn opt_string(obj: &JsValue, key: &str, what: &str, max: Max) -> Result<Option<String>> {
    let v = get(obj, key, what)?;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    js_string(&v, max, what, key, None)?
        .map(Some)
        .ok_or_else(|| bad(format!("{what}: {key} must be a string")))
}

/// A required string property.
pub fn string(obj: &JsValue, key: &str, what: &str, max: Max) -> Result<String> {
    opt_string(obj, key, what, max)?.ok_or_else(|| bad(format!("{what}: {key} is required")))
}

/// An optional boolean property (absent is `false`).
pub fn flag(obj: &JsValue, key: &str, what: &str) -> Result<bool> {
    let v = get(obj, key, what)?;
    if v.is_undefined() || v.is_null() {
        return Ok(false);
    }
    v.as_bool()
        .ok_or_else(|| bad(format!("{what}: {key} must be a boolean")))
}

fn too_many(what: &str) -> Error {
    Error::new(
        ErrorCode::TooManyParameters,
        format!("{what}: fields has more than {MAX_FIELDS} entries, the most kassa builds"),
    )
}

/// A length property as a count (a non-negative integer), or the shape error.
fn length_of(v: &JsValue, what: &str, shape: &dyn Fn() -> Error) -> Result<usize> {
    let n = get(v, "length", what)?.as_f64().ok_or_else(shape)?;
    if !(n >= 0.0 && n.fract() == 0.0) {
        return Err(shape());
    }
    // Saturates for huge values, which the caller compares with MAX_FIELDS.
    Ok(if n > usize::MAX as f64 {
        usize::MAX
    } else {
        n as usize
    })
}

fn is_array(v: &JsValue, what: &str) -> Result<bool> {
    try_is_array(v).map_err(|_| bad(format!("{what}: fields cannot be read (a revoked Proxy?)")))
}

/// One `[name, value]` pair.
fn pair(
    v: &JsValue,
    what: &str,
    budget: &mut Budget,
    shape: &dyn Fn() -> Error,
) -> Result<(String, String)> {
    if !v.is_object() || !is_array(v, what)? || length_of(v, what, shape)? != 2 {
        return Err(shape());
    }
    let item = |i: usize, key: &str, budget: &mut Budget| -> Result<String> {
        let x = get_index(v, i, what, "a field's pair")?;
        js_string(&x, Max::Data, what, key, Some(budget))?.ok_or_else(shape)
    };
    Ok((item(0, "name", budget)?, item(1, "value", budget)?))
}

/// `fields`: `Array<[string, string]>` (order kept), any other iterable of pairs (`Map`,
/// `URLSearchParams`, ...; iteration order) or `Record<string, string>` (own enumerable keys in
/// JavaScript's property order).
pub fn fields(obj: &JsValue, key: &str, what: &str) -> Result<Vec<(String, String)>> {
    let v = get(obj, key, what)?;
    if v.is_undefined() || v.is_null() {
        return Ok(Vec::new());
    }
    let shape = || {
        bad(format!(
            "{what}: {key} must be an array (or other iterable) of [name, value] string pairs, \
             or an object of strings"
        ))
    };
    if !v.is_object() {
        return Err(shape());
    }
    let mut budget = Budget::default();
    let mut out = Vec::new();
    if is_array(&v, what)? {
        let n = length_of(&v, what, &shape)?;
        if n > MAX_FIELDS {
            return Err(too_many(what));
        }
        for i in 0..n {
            let item = get_index(&v, i, what, key)?;
            out.push(pair(&item, what, &mut budget, &shape)?);
        }
        return Ok(out);
    }
    let iterated = iterate(&v, MAX_FIELDS, |item| {
        out.push(pair(&item, what, &mut budget, &shape)?);
        Ok(())
    })
    .map_err(|_| bad(format!("{what}: iterating {key} threw an exception")))?;
    match iterated {
        Some(Ok(true)) => return Ok(out),
        Some(Ok(false)) => return Err(too_many(what)),
        Some(Err(e)) => return Err(e),
        None => {}
    }
    let keys = keys_of(&v, what)?;
    if keys.len() > MAX_FIELDS {
        return Err(too_many(what));
    }
    for name in keys {
        let name_s = js_string(&name, Max::Data, what, "a field name", Some(&mut budget))?
            .ok_or_else(shape)?;
        let value = prop_key(&v, &name).map_err(|_| {
            bad(format!(
                "{what}: reading a field of {key} threw an exception"
            ))
        })?;
        let value = js_string(&value, Max::Data, what, "a field value", Some(&mut budget))?
            .ok_or_else(shape)?;
        out.push((name_s, value));
    }
    Ok(out)
}
