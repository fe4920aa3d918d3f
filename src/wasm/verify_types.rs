//! The TypeScript types of the verifiers, and the conversions of the core's verified values into
//! plain JavaScript objects of those shapes.

use wasm_bindgen::prelude::*;

use crate::cashier::notification::CashierNotification;
use crate::koshelek::notification::KoshelekPostback;
use crate::rbs::callback::model::json_string;
use crate::rbs::callback::RbsCallback;
use crate::Error;

/// Sets `key` on a fresh object (cannot fail for plain objects and fixed names).
pub fn set(obj: &js_sys::Object, key: &str, value: impl Into<JsValue>) {
    let _ = js_sys::Reflect::set(obj, &JsValue::from_str(key), &value.into());
}

fn set_opt(obj: &js_sys::Object, key: &str, value: Option<&str>) {
    if let Some(v) = value {
        set(obj, key, v);
    }
}

/// Parses JSON text made by serde_json into a JS value (own properties only, `__proto__` safe).
fn json_to_js(value: &serde_json::Value) -> JsValue {
    let text = value.to_string();
    js_sys::JSON::parse(&text).unwrap_or(JsValue::NULL)
}

/// `RbsCallback` as a JS object: its JSON text ([`RbsCallback::to_json`], written straight into
/// one buffer) parsed once by `JSON.parse`, one boundary crossing instead of one per field
/// (bench/). `JSON.parse` defines own data properties, so a parameter named `__proto__` stays data.
pub fn rbs_callback(cb: &RbsCallback) -> JsValue {
    parse_json_text(&cb.to_json())
}

/// A successful RBS `check` result, `{ valid: true, callback, canonical }`, in one crossing too.
pub fn rbs_check_ok(cb: &RbsCallback, canonical: Option<&str>) -> JsValue {
    let extra = canonical.map_or(0, |c| c.len() + 16);
    let mut out = Vec::with_capacity(cb.json_capacity() + extra + 32);
    out.extend_from_slice(br#"{"valid":true,"callback":"#);
    cb.write_json(&mut out);
    if let Some(c) = canonical {
        out.extend_from_slice(br#","canonical":"#);
        json_string(&mut out, c);
    }
    out.push(b'}');
    parse_json_text(std::str::from_utf8(&out).unwrap_or("null"))
}

fn parse_json_text(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap_or(JsValue::NULL)
}

/// `CashierNotification` as a JS object: one JSON text (the order and body borrowed, not copied)
/// parsed once, like [`rbs_callback`].
pub fn cashier_notification(n: &CashierNotification) -> JsValue {
    let status = n.status.as_ref();
    let view = CashierJson {
        order_id: n.order_id.as_deref(),
        status: status.map(|s| s.as_str()),
        raw_status: n.raw_status.as_deref(),
        is_final: status.is_some_and(|s| s.is_final()),
        is_known_status: status.is_some_and(|s| s.is_known()),
        is_paid: status.is_some_and(|s| s.is_paid()),
        order: &n.order,
        body: &n.body,
        dedupe_key: &n.dedupe_key,
    };
    serde_json::to_string(&view)
        .map(|text| parse_json_text(&text))
        .unwrap_or(JsValue::NULL)
}

/// The JSON shape of `CashierNotification` (src/wasm/types/verify.d.ts), borrowed.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct CashierJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    order_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    raw_status: Option<&'a str>,
    is_final: bool,
    is_known_status: bool,
    is_paid: bool,
    order: &'a serde_json::Map<String, serde_json::Value>,
    body: &'a serde_json::Value,
    dedupe_key: &'a str,
}

/// `KoshelekPostback` as a JS object.
pub fn koshelek_postback(p: &KoshelekPostback) -> JsValue {
    let o = js_sys::Object::new();
    set_opt(&o, "transactionId", p.transaction_id.as_deref());
    set_opt(&o, "status", p.status.as_deref());
    set(
        &o,
        "body",
        json_to_js(&serde_json::Value::Object(p.body.clone())),
    );
    set(&o, "dedupeKey", p.dedupe_key.as_str());
    o.into()
}

/// A `check` result: `{ valid: true, [field]: value, ...extra }` or `{ valid: false, code, reason }`.
pub fn check_result(
    outcome: Result<JsValue, Error>,
    field: &str,
    canonical: Option<&str>,
) -> js_sys::Object {
    let o = js_sys::Object::new();
    match outcome {
        Ok(value) => {
            set(&o, "valid", true);
            set(&o, field, value);
        }
        Err(e) => {
            set(&o, "valid", false);
            set(&o, "code", e.code().as_str());
            set(&o, "reason", e.message());
        }
    }
    set_opt(&o, "canonical", canonical);
    o
}

// --- Diagnosis of failed checks (issue 12, item 6) ---

/// Adds `hints` (and, for RBS, `parameters` as `[name, value]` pairs) to a failed check result;
/// `None` adds nothing (the check passed).
pub fn add_diagnosis(
    o: &js_sys::Object,
    hints: Option<&[crate::diagnose::Hint]>,
    parameters: Option<&[(String, String)]>,
) {
    use serde_json::Value;
    if let Some(hints) = hints {
        let list = hints
            .iter()
            .map(|h| {
                let mut m = serde_json::Map::new();
                m.insert("code".into(), Value::from(h.code.as_str()));
                m.insert("message".into(), Value::from(h.message.as_str()));
                if let Some(p) = &h.parameter {
                    m.insert("parameter".into(), Value::from(p.as_str()));
                }
                Value::Object(m)
            })
            .collect();
        set(o, "hints", json_to_js(&Value::Array(list)));
    }
    if let Some(params) = parameters {
        let list = params
            .iter()
            .map(|(n, v)| Value::Array(vec![Value::from(n.as_str()), Value::from(v.as_str())]))
            .collect();
        set(o, "parameters", json_to_js(&Value::Array(list)));
    }
}
