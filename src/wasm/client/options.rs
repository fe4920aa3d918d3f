//! Reading the clients' option objects and call arguments, and the secrets-in-a-browser check.
//!
//! Every argument arrives as a `JsValue` and goes through one of these readers, which never throw
//! and never trap whatever they are given: property reads go through [`super::super::js_read`] (a
//! throwing getter or a revoked Proxy is `INVALID_ARGUMENT`), type checks use `typeof`, and objects become JSON
//! through a `catch`-declared `JSON.stringify` (a cycle or a BigInt is `INVALID_ARGUMENT`). Messages
//! name the option, never its value (it may be a secret).

use js_sys::{Function, JsString};
use serde_json::{Map, Value};
use wasm_bindgen::{JsCast, JsValue};

use super::super::js_read::{self, call, try_is_array};

use crate::http::RetryPolicy;
use crate::{Error, ErrorCode, Result};

/// The longest string option or argument accepted, in UTF-16 units (PEM keys are a few KB).
pub const MAX_STRING_CHARS: u32 = 1 << 20;
/// The largest call object accepted, as JSON text in UTF-16 units.
pub const MAX_REQUEST_JSON_CHARS: u32 = 4 << 20;
/// The longest `timeoutMs` (what `setTimeout` can wait: 2^31 - 1 ms, about 24.8 days).
pub const MAX_TIMEOUT_MS: u64 = 2_147_483_647;

fn invalid(message: String) -> Error {
    Error::new(ErrorCode::InvalidArgument, message)
}

/// A property of an options object: `undefined` when absent or when `obj` is `undefined`/`null`
/// or a primitive; `INVALID_ARGUMENT` when reading it throws (a getter, a revoked Proxy).
pub fn prop(obj: &JsValue, key: &str) -> Result<JsValue> {
    js_read::prop(obj, key).map_err(|_| {
        invalid(format!(
            "options.{key} could not be read (its getter or a Proxy threw)"
        ))
    })
}

/// A string argument (`what` names it), copied only when within [`MAX_STRING_CHARS`].
pub fn checked_string(v: &JsValue, what: &str) -> Result<String> {
    if !v.is_string() {
        return Err(invalid(format!("{what} must be a string")));
    }
    if v.unchecked_ref::<JsString>().length() > MAX_STRING_CHARS {
        return Err(invalid(format!(
            "{what} is longer than {MAX_STRING_CHARS} characters"
        )));
    }
    v.as_string()
        .ok_or_else(|| invalid(format!("{what} must be a string")))
}

/// An optional string option; a non-string is `INVALID_ARGUMENT` (the value is never shown: it
/// may be a secret).
pub fn string(obj: &JsValue, key: &str) -> Result<Option<String>> {
    let v = prop(obj, key)?;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    if let Some(n) = v.as_f64() {
        if key.ends_with("Id") && n.is_finite() && n.fract() == 0.0 && n.abs() < 9.0e15 {
            return Ok(Some((n as i64).to_string()));
        }
    }
    checked_string(&v, &format!("options.{key}")).map(Some)
}

/// A required string option.
pub fn required(obj: &JsValue, key: &str, class: &str) -> Result<String> {
    string(obj, key)?
        .filter(|s| !s.is_empty())
        .ok_or_else(|| invalid(format!("new {class}({{ {key} }}): {key} is required")))
}

fn integer(obj: &JsValue, key: &str, min: u64, max: u64) -> Result<Option<u64>> {
    let v = prop(obj, key)?;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    match v.as_f64() {
        Some(n) if n.is_finite() && n.fract() == 0.0 && n >= min as f64 && n <= max as f64 => {
            Ok(Some(n as u64))
        }
        _ => Err(invalid(format!(
            "options.{key} must be an integer from {min} to {max}"
        ))),
    }
}

/// The options every client shares: `fetch`, `timeoutMs`, `maxRetries`, `maxResponseBytes`.
pub struct Common {
    /// The caller's fetch, if given.
    pub fetch: Option<Function>,
    /// Timeouts, retries and the response size limit.
    pub policy: RetryPolicy,
}

/// Reads `fetch`, `timeoutMs`, `maxRetries`, `maxResponseBytes`, and refuses to hold secrets in a
/// browser page unless `dangerouslyAllowBrowser: true`.
pub fn common(options: &JsValue, class: &str) -> Result<Common> {
    if !options.is_object() {
        return Err(invalid(format!(
            "new {class}(options): options must be an object"
        )));
    }
    let allow = prop(options, "dangerouslyAllowBrowser")?.as_bool() == Some(true);
    if !allow && in_browser_window() {
        return Err(Error::new(
            ErrorCode::SecretsInBrowser,
            format!(
                "new {class}() was called in a browser page: its credentials would be visible to every visitor. \
                 Call the gateway from your server or edge worker; if you really mean it, pass dangerouslyAllowBrowser: true"
            ),
        ));
    }
    let fetch = prop(options, "fetch")?;
    let fetch = if fetch.is_undefined() || fetch.is_null() {
        None
    } else if fetch.is_function() {
        Some(fetch.unchecked_into::<Function>())
    } else {
        return Err(invalid("options.fetch must be a function".into()));
    };
    let mut policy = RetryPolicy::default();
    if let Some(t) = integer(options, "timeoutMs", 1, MAX_TIMEOUT_MS)? {
        policy.timeout_ms = t;
    }
    if let Some(r) = integer(options, "maxRetries", 0, 1 << 53)? {
        policy.max_retries = r.min(20) as u32;
    }
    if let Some(m) = integer(options, "maxResponseBytes", 1, 1 << 53)? {
        policy.max_response_bytes = m;
    }
    Ok(Common { fetch, policy })
}

/// True in a browser page (a `window` and a `document`), false in workers, Node, Deno, edge.
pub fn in_browser_window() -> bool {
    let g: JsValue = js_sys::global().into();
    let has = |k: &str| js_read::prop(&g, k).is_ok_and(|v| !v.is_undefined());
    has("window") && has("document")
}

/// A call's object argument as JSON (`undefined`/`null` = `{}`).
pub fn object(value: &JsValue, what: &str) -> Result<Map<String, Value>> {
    if value.is_undefined() || value.is_null() {
        return Ok(Map::new());
    }
    if !value.is_object()
        || try_is_array(value)
            .map_err(|_| invalid(format!("{what} could not be read (a revoked Proxy?)")))?
    {
        return Err(invalid(format!("{what} must be an object")));
    }
    let text = js_sys::JSON::stringify(value).map_err(|_| {
        invalid(format!(
            "{what} cannot be turned into JSON: it holds a BigInt, a cycle, or a getter or Proxy that throws"
        ))
    })?;
    let text: JsValue = text.into();
    if !text.is_string() {
        return Err(invalid(format!("{what} must be a plain object")));
    }
    if text.unchecked_ref::<JsString>().length() > MAX_REQUEST_JSON_CHARS {
        return Err(invalid(format!(
            "{what} is larger than {MAX_REQUEST_JSON_CHARS} characters as JSON"
        )));
    }
    match text.as_string().map(|t| serde_json::from_str(&t)) {
        Some(Ok(Value::Object(m))) => Ok(m),
        Some(Err(_)) => Err(invalid(format!(
            "{what} cannot be read as JSON (nested more than 128 levels deep?)"
        ))),
        _ => Err(invalid(format!("{what} must be a plain object"))),
    }
}

/// A JSON value as a JS value.
pub fn to_js(value: &Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL)
}

/// An id argument (a non-empty string of at most 1024 characters, or a non-negative integer).
pub fn id(value: &JsValue, what: &str) -> Result<String> {
    if value.is_string() {
        let s = checked_string(value, what)?;
        if !s.is_empty() && s.len() <= 1024 {
            return Ok(s);
        }
    }
    match value.as_f64() {
        Some(n) if n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n < 9.0e15 => {
            Ok((n as u64).to_string())
        }
        _ => Err(invalid(format!(
            "{what} must be a non-empty string (at most 1024 characters) or a non-negative integer"
        ))),
    }
}

/// The epoch milliseconds of a real `Date` (`Date.prototype.getTime` applied through `Reflect`,
/// so a Proxy or an impostor is `None`, not an exception).
fn date_ms(d: &JsValue) -> Option<f64> {
    let probe: JsValue = js_sys::Date::new_0().into();
    let get_time = js_read::prop(&probe, "getTime").ok()?;
    call(&get_time, d, &[]).ok()?.as_f64()
}

/// `{ deadline }` of `waitForFinalStatus`: a `Date` or epoch milliseconds.
pub fn deadline(options: &JsValue) -> Result<u64> {
    let d = prop(options, "deadline")?;
    let ms = if d.is_object() {
        date_ms(&d)
    } else {
        d.as_f64()
    };
    match ms {
        Some(n) if n.is_finite() && n >= 0.0 => Ok(n as u64),
        _ => Err(invalid(
            "waitForFinalStatus needs { deadline }: a Date or epoch milliseconds (e.g. Date.now() + 15 * 60_000)".into(),
        )),
    }
}
