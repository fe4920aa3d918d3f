//! How an RBS call's parameters are put on the wire: form fields (object parameters as JSON
//! text, arrays of plain values as repeated fields) or a JSON object; null values left out, an
//! explicit empty string sent (the reference, line 6: "an empty value should be passed"); amounts
//! checked (which parameters are amounts is here, the rule in `http::amount`).

use serde_json::{Map, Value};

use super::config::RbsConfig;
use crate::Result;

pub use crate::http::amount::is_amount_key;

/// Checks every amount parameter of `params` ([`is_amount_key`]) by the one amount rule,
/// [`crate::http::amount::check_amount`].
pub fn check_amounts(params: &Map<String, Value>) -> Result<()> {
    crate::http::amount::check_amounts(params, is_amount_key)
}

fn is_empty(v: &Value) -> bool {
    v.is_null()
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The form fields of a call, auth first, in the caller's order, null values left out.
pub fn form_fields(config: &RbsConfig, params: &Map<String, Value>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = config
        .auth
        .params()
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    for (k, v) in params {
        if is_empty(v) {
            continue;
        }
        match v {
            Value::Array(items) if items.iter().all(|i| scalar(i).is_some() || is_empty(i)) => {
                for i in items.iter().filter(|i| !is_empty(i)) {
                    if let Some(s) = scalar(i) {
                        out.push((k.clone(), s));
                    }
                }
            }
            Value::Array(_) | Value::Object(_) => out.push((k.clone(), v.to_string())),
            other => {
                if let Some(s) = scalar(other) {
                    out.push((k.clone(), s));
                }
            }
        }
    }
    out
}

/// The JSON body of a call: auth first, then the parameters, null values left out.
pub fn json_body(config: &RbsConfig, params: &Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for (k, v) in config.auth.params() {
        out.insert(k.to_string(), Value::String(v.to_string()));
    }
    for (k, v) in params {
        if !is_empty(v) {
            out.insert(k.clone(), v.clone());
        }
    }
    out
}
