//! Reading the option objects of the form builders, defensively: whatever JavaScript hands over
//! (wrong types, getters or Proxy traps that throw, revoked Proxies, Symbols, BigInts, cyclic or
//! endless iterables, huge strings, lone surrogates) ends in a `crate::Error` with a code, never in
//! an exception through wasm frames or a trap.
//!
//! - Every read goes through a `catch` import (`Reflect.get`, `Object.keys`, `Array.isArray`,
//!   iterator calls); a throw becomes `INVALID_ARGUMENT` naming the option (its value and the
//!   exception's text are not echoed).
//! - Strings are measured before they are copied into wasm memory: a JS string's `length` (UTF-16
//!   units) is at most its UTF-8 byte length, so a string longer than a limit in units is over it
//!   in bytes too and is refused without copying (`PAYLOAD_TOO_LARGE` for URLs and field data,
//!   with the limits of the core). Strings with lone surrogates are `INVALID_ARGUMENT`: the browser
//!   would send U+FFFD in their place, not what the caller wrote.
//! - Unknown option keys are refused (a typo such as `successURL` must not be silently ignored).
//! - `fields` is an array of `[name, value]` pairs, any other iterable of such pairs (a `Map`,
//!   `URLSearchParams`, a generator), or a plain object of strings. Counting stops at the field
//!   limit (`TOO_MANY_PARAMETERS`), so an endless iterator ends too.

use js_sys::{Array, Function, JsString, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::form::{MAX_FIELDS, MAX_FORM_BYTES};
use crate::http::url::MAX_URL_BYTES;
use crate::{Error, ErrorCode, Result};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn object_keys(value: &JsValue) -> std::result::Result<Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn array_is_array(value: &JsValue) -> std::result::Result<bool, JsValue>;
}

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
    Reflect::get(obj, &JsValue::from_str(key))
        .map_err(|_| bad(format!("{what}: reading {key} threw an exception")))
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
    let keys = object_keys(value).map_err(|_| {
        bad(format!(
            "{what}: the options object cannot be read (its keys threw; a revoked Proxy?)"
        ))
    })?;
    for key in keys.iter() {
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
    array_is_array(v).map_err(|_| bad(format!("{what}: fields cannot be read (a revoked Proxy?)")))
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
    let item = |i: u32, key: &str, budget: &mut Budget| -> Result<String> {
        let x = Reflect::get_u32(v, i).map_err(|_| {
            bad(format!(
                "{what}: reading a field's {key} threw an exception"
            ))
        })?;
        js_string(&x, Max::Data, what, key, Some(budget))?.ok_or_else(shape)
    };
    Ok((item(0, "name", budget)?, item(1, "value", budget)?))
}

/// Runs `body` on each value of the iterator `iter` (from `value[Symbol.iterator]()`), at most
/// [`MAX_FIELDS`] of them; closes the iterator (`return()`) when stopping early.
fn each_iterated(
    iter: &JsValue,
    what: &str,
    mut body: impl FnMut(&JsValue) -> Result<()>,
) -> Result<()> {
    let threw = || bad(format!("{what}: iterating fields threw an exception"));
    let next = get(iter, "next", what)?;
    if !next.is_function() {
        return Err(threw());
    }
    let next: &Function = next.unchecked_ref();
    let close = || {
        if let Ok(ret) = Reflect::get(iter, &JsValue::from_str("return")) {
            if ret.is_function() {
                let _ = ret.unchecked_ref::<Function>().call0(iter);
            }
        }
    };
    let mut count = 0usize;
    loop {
        let step = next.call0(iter).map_err(|_| threw())?;
        if !step.is_object() {
            return Err(threw());
        }
        if get(&step, "done", what)?.is_truthy() {
            return Ok(());
        }
        count += 1;
        if count > MAX_FIELDS {
            close();
            return Err(too_many(what));
        }
        let value = get(&step, "value", what)?;
        if let Err(e) = body(&value) {
            close();
            return Err(e);
        }
    }
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
        for i in 0..n as u32 {
            let item = Reflect::get_u32(&v, i)
                .map_err(|_| bad(format!("{what}: reading {key}[{i}] threw an exception")))?;
            out.push(pair(&item, what, &mut budget, &shape)?);
        }
        return Ok(out);
    }
    let iterator = Reflect::get(&v, &js_sys::Symbol::iterator().into()).map_err(|_| {
        bad(format!(
            "{what}: reading {key}[Symbol.iterator] threw an exception"
        ))
    })?;
    if iterator.is_function() {
        let iter = iterator
            .unchecked_ref::<Function>()
            .call0(&v)
            .map_err(|_| bad(format!("{what}: iterating {key} threw an exception")))?;
        if !iter.is_object() {
            return Err(shape());
        }
        each_iterated(&iter, what, |item| {
            out.push(pair(item, what, &mut budget, &shape)?);
            Ok(())
        })?;
        return Ok(out);
    }
    let keys = object_keys(&v).map_err(|_| {
        bad(format!(
            "{what}: the keys of {key} cannot be read (a revoked Proxy?)"
        ))
    })?;
    if keys.length() as usize > MAX_FIELDS {
        return Err(too_many(what));
    }
    for name in keys.iter() {
        let name_s = js_string(&name, Max::Data, what, "a field name", Some(&mut budget))?
            .ok_or_else(shape)?;
        let value = Reflect::get(&v, &name).map_err(|_| {
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
