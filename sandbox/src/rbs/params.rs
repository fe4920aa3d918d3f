//! Request parameters of the RBS API (form body or JSON body), and the error shape.

use axum::response::{IntoResponse, Json, Response};
use serde_json::{json, Map, Value};

use crate::html;

/// The body an endpoint takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `application/json`.
    Json,
}

impl Body {
    /// The media type.
    pub fn media_type(self) -> &'static str {
        match self {
            Body::Form => "application/x-www-form-urlencoded",
            Body::Json => "application/json",
        }
    }
}

/// The parameters of one request, in order.
#[derive(Debug, Clone, Default)]
pub struct Params {
    /// Name/value pairs (JSON objects and arrays kept as JSON text).
    pub pairs: Vec<(String, String)>,
    /// The body when it was a JSON object.
    pub json: Option<Map<String, Value>>,
}

impl Params {
    /// Reads the body as the endpoint takes it (the Content-Type was checked before): a form, or a
    /// JSON object. The query string is never read (reference line 97: "All the request
    /// parameters are included into the request body (not into the URL)").
    pub fn parse(body_kind: Body, body: &[u8]) -> Result<Params, String> {
        if body_kind == Body::Form {
            return Ok(Params {
                pairs: html::parse_pairs(body),
                json: None,
            });
        }
        let value: Value = serde_json::from_slice(body)
            .map_err(|e| format!("The request body is not valid JSON: {e}"))?;
        let Value::Object(map) = value else {
            return Err("The request body must be a JSON object".into());
        };
        let pairs = map
            .iter()
            .map(|(k, v)| {
                let text = match v {
                    Value::String(s) => s.clone(),
                    Value::Null => String::new(),
                    other => other.to_string(),
                };
                (k.clone(), text)
            })
            .collect();
        Ok(Params {
            pairs,
            json: Some(map),
        })
    }

    /// Whether `name` is present (even with an empty value).
    pub fn has(&self, name: &str) -> bool {
        self.pairs.iter().any(|(k, _)| k == name)
    }

    /// The first value of `name`, if present and not empty.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, v)| k == name && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// The first value of any of `names` (parameter names differ in case between endpoints).
    pub fn get_any(&self, names: &[&str]) -> Option<&str> {
        names.iter().find_map(|n| self.get(n))
    }

    /// A JSON-object parameter (`jsonParams`, `orderBundle`, ...), given as JSON text or a JSON object.
    pub fn object(&self, name: &str) -> Result<Option<Map<String, Value>>, RbsError> {
        if let Some(Value::Object(m)) = self.json.as_ref().and_then(|j| j.get(name)) {
            return Ok(Some(m.clone()));
        }
        match self.get(name) {
            None => Ok(None),
            Some(text) => match serde_json::from_str::<Value>(text) {
                Ok(Value::Object(m)) => Ok(Some(m)),
                _ => Err(RbsError::new(
                    5,
                    &format!("[{name}] is wrong: expected a JSON object"),
                )),
            },
        }
    }

    /// A non-negative integer amount in minor units.
    pub fn amount(&self, name: &str) -> Result<Option<u64>, RbsError> {
        match self.get(name) {
            None => Ok(None),
            Some(text) => text
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|a| *a <= 999_999_999_999)
                .map(Some)
                .ok_or_else(|| {
                    RbsError::new(
                        5,
                        &format!("[{name}] is wrong: expected an integer amount in minor units"),
                    )
                }),
        }
    }

    /// A required value, or errorCode 4 "[name] is empty".
    pub fn required(&self, name: &str) -> Result<&str, RbsError> {
        self.get(name)
            .ok_or_else(|| RbsError::new(4, &format!("[{name}] is empty")))
    }
}

/// A business error: HTTP 200 with errorCode and errorMessage.
#[derive(Debug, Clone)]
pub struct RbsError {
    /// errorCode (sent as a string, as the reference's examples mostly do).
    pub code: u32,
    /// errorMessage.
    pub message: String,
}

impl RbsError {
    /// Creates one.
    pub fn new(code: u32, message: &str) -> RbsError {
        RbsError {
            code,
            message: message.to_string(),
        }
    }

    /// errorCode 5 "Access denied".
    pub fn access_denied() -> RbsError {
        RbsError::new(5, "Access denied")
    }

    /// errorCode 6 "Order not found".
    pub fn order_not_found() -> RbsError {
        RbsError::new(6, "Order not found")
    }

    /// errorCode 7: the order's state does not allow the operation.
    pub fn wrong_state(what: &str) -> RbsError {
        RbsError::new(7, what)
    }
}

impl IntoResponse for RbsError {
    fn into_response(self) -> Response {
        Json(json!({ "errorCode": self.code.to_string(), "errorMessage": self.message }))
            .into_response()
    }
}

/// What a handler returns: a JSON success or an RBS business error.
pub type RbsResult = Result<Json<Value>, RbsError>;

/// `{"errorCode": 0, "errorMessage": "Success"}`: errorCode a number, as the reference prints the
/// success answers of deposit.do, reverse.do, refund.do, decline.do and processRaw*Refund.do
/// (lines 2592, 2641, 2925, 2967, 3099, 3220).
pub fn success_numeric() -> Json<Value> {
    Json(json!({ "errorCode": 0, "errorMessage": "Success" }))
}

/// `{"errorCode": "0", "errorMessage": "Success"}` plus `extra`.
pub fn success(extra: Value) -> Json<Value> {
    let mut out = json!({ "errorCode": "0", "errorMessage": "Success" });
    if let (Value::Object(o), Value::Object(e)) = (&mut out, extra) {
        o.extend(e);
    }
    Json(out)
}
