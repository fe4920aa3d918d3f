//! Reading the clients' option objects and call arguments, and the secrets-in-a-browser check.

use js_sys::{Function, Reflect};
use serde_json::{Map, Value};
use wasm_bindgen::{JsCast, JsValue};

use crate::http::RetryPolicy;
use crate::{Error, ErrorCode, Result};

/// A property of an options object (`undefined` when absent or when `obj` is not an object).
pub fn prop(obj: &JsValue, key: &str) -> JsValue {
    if obj.is_object() {
        Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

/// An optional string option; a non-string is `INVALID_ARGUMENT` (the value is never shown: it
/// may be a secret).
pub fn string(obj: &JsValue, key: &str) -> Result<Option<String>> {
    let v = prop(obj, key);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    if let Some(n) = v.as_f64() {
        if key.ends_with("Id") && n.fract() == 0.0 {
            return Ok(Some(format!("{n}")));
        }
    }
    v.as_string().map(Some).ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidArgument,
            format!("options.{key} must be a string"),
        )
    })
}

/// A required string option.
pub fn required(obj: &JsValue, key: &str, class: &str) -> Result<String> {
    string(obj, key)?.filter(|s| !s.is_empty()).ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidArgument,
            format!("new {class}({{ {key} }}): {key} is required"),
        )
    })
}

fn non_negative_int(obj: &JsValue, key: &str) -> Result<Option<u64>> {
    let v = prop(obj, key);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    match v.as_f64() {
        Some(n) if n >= 0.0 && n.fract() == 0.0 && n < 9.0e15 => Ok(Some(n as u64)),
        _ => Err(Error::new(
            ErrorCode::InvalidArgument,
            format!("options.{key} must be a non-negative integer"),
        )),
    }
}

/// The options every client shares: `fetch`, `timeoutMs`, `maxRetries`.
pub struct Common {
    /// The caller's fetch, if given.
    pub fetch: Option<Function>,
    /// Timeouts and retries.
    pub policy: RetryPolicy,
}

/// Reads `fetch`, `timeoutMs`, `maxRetries`, and refuses to hold secrets in a browser page
/// unless `dangerouslyAllowBrowser: true`.
pub fn common(options: &JsValue, class: &str) -> Result<Common> {
    if !options.is_object() {
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            format!("new {class}(options): options must be an object"),
        ));
    }
    let allow = prop(options, "dangerouslyAllowBrowser")
        .as_bool()
        .unwrap_or(false);
    if !allow && in_browser_window() {
        return Err(Error::new(
            ErrorCode::SecretsInBrowser,
            format!(
                "new {class}() was called in a browser page: its credentials would be visible to every visitor. \
                 Call the gateway from your server or edge worker; if you really mean it, pass dangerouslyAllowBrowser: true"
            ),
        ));
    }
    let fetch = prop(options, "fetch");
    let fetch = if fetch.is_undefined() || fetch.is_null() {
        None
    } else {
        Some(fetch.dyn_into::<Function>().map_err(|_| {
            Error::new(
                ErrorCode::InvalidArgument,
                "options.fetch must be a function",
            )
        })?)
    };
    let mut policy = RetryPolicy::default();
    if let Some(t) = non_negative_int(options, "timeoutMs")? {
        if t == 0 {
            return Err(Error::new(
                ErrorCode::InvalidArgument,
                "options.timeoutMs must be at least 1",
            ));
        }
        policy.timeout_ms = t;
    }
    if let Some(r) = non_negative_int(options, "maxRetries")? {
        policy.max_retries = r.min(20) as u32;
    }
    Ok(Common { fetch, policy })
}

/// True in a browser page (a `window` and a `document`), false in workers, Node, Deno, edge.
pub fn in_browser_window() -> bool {
    let g: JsValue = js_sys::global().into();
    let has = |k: &str| {
        Reflect::get(&g, &JsValue::from_str(k))
            .map(|v| !v.is_undefined())
            .unwrap_or(false)
    };
    has("window") && has("document")
}

/// A call's object argument as JSON (`undefined`/`null` = `{}`).
pub fn object(value: &JsValue, what: &str) -> Result<Map<String, Value>> {
    if value.is_undefined() || value.is_null() {
        return Ok(Map::new());
    }
    if !value.is_object() || js_sys::Array::is_array(value) {
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            format!("{what} must be an object"),
        ));
    }
    let text = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidArgument,
                format!("{what} cannot be turned into JSON (BigInt or a cycle?)"),
            )
        })?;
    match serde_json::from_str(&text) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(Error::new(
            ErrorCode::InvalidArgument,
            format!("{what} must be a plain object"),
        )),
    }
}

/// A JSON value as a JS value.
pub fn to_js(value: &Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL)
}

/// An id argument (string, or an integer number).
pub fn id(value: &JsValue, what: &str) -> Result<String> {
    if let Some(s) = value.as_string().filter(|s| !s.is_empty()) {
        return Ok(s);
    }
    match value.as_f64() {
        Some(n) if n >= 0.0 && n.fract() == 0.0 => Ok(format!("{n}")),
        _ => Err(Error::new(
            ErrorCode::InvalidArgument,
            format!("{what} must be a non-empty string or an integer"),
        )),
    }
}

/// `{ deadline }` of `waitForFinalStatus`: a `Date` or epoch milliseconds.
pub fn deadline(options: &JsValue) -> Result<u64> {
    let d = prop(options, "deadline");
    let ms = if let Some(date) = d.dyn_ref::<js_sys::Date>() {
        Some(date.get_time())
    } else {
        d.as_f64()
    };
    match ms {
        Some(n) if n.is_finite() && n >= 0.0 => Ok(n as u64),
        _ => Err(Error::new(
            ErrorCode::InvalidArgument,
            "waitForFinalStatus needs { deadline }: a Date or epoch milliseconds (e.g. Date.now() + 15 * 60_000)",
        )),
    }
}
