//! Reading the clients' option objects and call arguments. Option objects and ids go through the
//! one reader into core trees (`crate::options::client` decides); `fetch` stays a JS function;
//! call bodies become JSON through a `catch`-declared `JSON.stringify` (a cycle or a BigInt is
//! `INVALID_ARGUMENT`). Messages name the option, never its value (it may be a secret).

use js_sys::{Function, JsString};
use serde_json::{Map, Value};
use wasm_bindgen::{JsCast, JsValue};

use super::super::js_read::{self, call, try_is_array};
use super::super::read::read;
use crate::http::RetryPolicy;
use crate::options::client::{self as core, client_spec, COMMON_OPTIONS};
use crate::options::Plain;
use crate::{Error, ErrorCode, Result};

/// The longest string option or argument accepted, in UTF-16 units (PEM keys are a few KB).
pub const MAX_STRING_CHARS: u32 = core::MAX_STRING_CHARS as u32;
/// The largest call object accepted, as JSON text in UTF-16 units.
pub const MAX_REQUEST_JSON_CHARS: u32 = 4 << 20;

fn invalid(message: String) -> Error {
    Error::new(ErrorCode::InvalidArgument, message)
}

/// A client's options object read for the option names `names`.
pub fn tree(options: &JsValue, names: &'static [&'static str]) -> Plain {
    read(options, &client_spec(Some(names)))
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

/// The options every client shares: `fetch`, `timeoutMs`, `maxRetries`, `maxResponseBytes`.
pub struct Common {
    /// The caller's fetch, if given.
    pub fetch: Option<Function>,
    /// Timeouts, retries and the response size limit.
    pub policy: RetryPolicy,
}

/// Reads `fetch`, `timeoutMs`, `maxRetries`, `maxResponseBytes`, and refuses to hold secrets in a
/// browser page unless `dangerouslyAllowBrowser: true` (the rules: `options::client::common`).
pub fn common(options: &JsValue, class: &str) -> Result<Common> {
    let policy = core::common(&tree(options, COMMON_OPTIONS), class, in_browser_window())?;
    let fetch = js_read::prop(options, "fetch").ok();
    Ok(Common {
        fetch: fetch.and_then(|f| f.dyn_into::<Function>().ok()),
        policy,
    })
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
    core::id(&read(value, &client_spec(None)), what)
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
