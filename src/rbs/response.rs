//! Turning an RBS answer into a result, as the reference means its answers.
//!
//! - **Which answers are answers**: any 2xx with a JSON object body (the reference documents 200;
//!   a 2xx other than 200 from a proxy or a newer gateway is still the gateway's JSON answer).
//! - **Read before judged** ([`normalize`]): answers seen in real deployments differ from the
//!   reference's tables; the client reads them into the reference's shape, keeping what arrived:
//!   - capitalised legacy keys (`ErrorCode`, `ErrorMessage`, `OrderStatus`, `OrderNumber`,
//!     `Amount`, ...: the older `getOrderStatus.do` spelling) also appear under the reference's
//!     lower-camel name when that name is absent;
//!   - 3-D Secure names the reference spells two ways (tables: `threeDSServerTransId`,
//!     `threeDSMethodUrl`, `threeDSMethodUrlServer`, lines 1413-1417; samples:
//!     `threeDSServerTransID`, `threeDSMethodURL`, `threeDSMethodURLServer`, lines 1458-1465):
//!     **the table's spelling is the typed one**, filled from either; the other stays as sent;
//!   - fields the reference types as strings but deployments send as numbers ([`AS_STRING`]:
//!     `errorCode`, `currency`, `terminalId`, `bindingId`, ...) become strings, and fields typed
//!     as integers but sent as strings of digits ([`AS_NUMBER`]: `orderStatus`, `actionCode`,
//!     amounts, dates) become numbers, at every level of the answer.
//! - **Which answers are failures** ([`business_error`]), in this order: `success` (a boolean)
//!   decides when present (the reference: "If both parameters are present, success overrides
//!   errorCode", line 34); templates' `status: "FAIL"`; a non-zero `errorCode`, except the
//!   answers the reference documents as successes with a non-zero code ([`SUCCESS_CODES`]); and
//!   an `errorCode` of 0 (or none) with a failure's marks: an `error` text (or an `error` object
//!   with a `code` or `message`, the JSON endpoints' shape), a `processingErrorType` other than
//!   `NO_ERROR`, or an `errorTypeName` (the reference's
//!   3ds/continue failures, lines 4662-4680: `errorCode: 0`, `error`, `errorTypeName`,
//!   `processingErrorType`; the payment endpoints' tables, lines 3340-3349: `error` "if response
//!   returned an error", `errorTypeName` "mandatory for unsuccessful payments"). A failure is
//!   `GATEWAY_ERROR` with the gateway's code and message, and the failure's fields (`error`,
//!   `processingErrorType`, `errorTypeName`, `displayErrorMessage`, `redirect`) and the whole answer
//!   in the error's `details`.

use serde_json::{Map, Value};

use crate::error::GatewayDetails;
use crate::http::HttpResponse;
use crate::{Error, ErrorCode, Result};

/// Answers the reference documents as successes although their `errorCode` is not 0: (JavaScript
/// method, errorCode, reference line). `sbp/c2b/unBind.do`: "Response example (success)" is
/// `{"error":"Stored credential deactivated","errorCode":2,...}` (line 4530). Every other success
/// sample of the reference carries `errorCode` 0 or none (tests/rbs_reference_samples.rs holds
/// this list equal to the samples).
pub const SUCCESS_CODES: &[(&str, &str, u32)] = &[("sbpUnBind", "2", 4530)];

/// Fields the reference types as strings, read as strings when a number arrives.
pub const AS_STRING: &[&str] = &[
    "errorCode",
    "currency",
    "terminalId",
    "bindingId",
    "orderNumber",
    "clientId",
    "orderId",
    "mdOrder",
    "authRefNum",
    "approvalCode",
    "bankCountryCode",
    "expiryDate",
    "expiration",
];

/// Fields the reference types as integers, read as numbers when a string of digits arrives.
pub const AS_NUMBER: &[&str] = &[
    "orderStatus",
    "actionCode",
    "amount",
    "approvedAmount",
    "depositedAmount",
    "refundedAmount",
    "feeAmount",
    "totalAmount",
    "depositAmount",
    "date",
    "authDateTime",
    "terminalDateTime",
];

/// The 3-D Secure names the reference spells two ways: (typed spelling, the other spelling).
pub const THREE_DS_SPELLINGS: [(&str, &str); 3] = [
    ("threeDSServerTransId", "threeDSServerTransID"),
    ("threeDSMethodUrl", "threeDSMethodURL"),
    ("threeDSMethodUrlServer", "threeDSMethodURLServer"),
];

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

fn is_zero(v: &Value) -> bool {
    match v {
        Value::String(s) => s.trim().is_empty() || s.trim() == "0",
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::Null => true,
        _ => false,
    }
}

/// The lower-camel name of a capitalised legacy key (`ErrorCode` → `errorCode`), or `None` for
/// names that are not capitalised words (`MDORDER`, `TEXT`, `errorCode`).
fn legacy_name(key: &str) -> Option<String> {
    let mut chars = key.chars();
    let first = chars.next()?;
    let second = chars.next()?;
    (first.is_ascii_uppercase() && second.is_ascii_lowercase())
        .then(|| format!("{}{}", first.to_ascii_lowercase(), &key[1..]))
}

fn digits_to_number(s: &str) -> Option<Value> {
    let t = s.trim();
    let body = t.strip_prefix('-').unwrap_or(t);
    if body.is_empty() || body.len() > 18 || !body.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse::<i64>().ok().map(Value::from)
}

/// Reads an answer into the reference's shape (see the module docs): legacy capitalised keys,
/// both 3-D Secure spellings, string/number fields. Only adds or retypes; never removes a key.
pub fn normalize(value: &mut Value) {
    match value {
        Value::Object(o) => {
            let aliases: Vec<(String, Value)> = o
                .iter()
                .filter_map(|(k, v)| legacy_name(k).map(|n| (n, v.clone())))
                .filter(|(n, _)| !o.contains_key(n))
                .collect();
            for (k, v) in aliases {
                o.insert(k, v);
            }
            for (typed, other) in THREE_DS_SPELLINGS {
                if !o.contains_key(typed) {
                    if let Some(v) = o.get(other).cloned() {
                        o.insert(typed.into(), v);
                    }
                }
            }
            for (k, v) in o.iter_mut() {
                let name = legacy_name(k).unwrap_or_else(|| k.clone());
                if AS_STRING.contains(&name.as_str()) {
                    if let Value::Number(n) = v {
                        *v = Value::String(n.to_string());
                    }
                } else if AS_NUMBER.contains(&name.as_str()) {
                    if let Some(n) = v.as_str().and_then(digits_to_number) {
                        *v = n;
                    }
                }
                normalize(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(normalize),
        _ => {}
    }
}

/// A failure's marks on an answer whose `errorCode` is 0 or absent (see the module docs).
fn failure_marks(body: &Map<String, Value>) -> bool {
    let non_empty = |k: &str| {
        body.get(k)
            .and_then(Value::as_str)
            .is_some_and(|s| !s.trim().is_empty())
    };
    non_empty("error")
        || body
            .get("error")
            .and_then(Value::as_object)
            .is_some_and(|e| e.contains_key("code") || e.contains_key("message"))
        || non_empty("errorTypeName")
        || body
            .get("processingErrorType")
            .and_then(Value::as_str)
            .is_some_and(|s| !s.trim().is_empty() && s.trim() != "NO_ERROR")
}

/// The business error in an answer body of `method` (a JavaScript method name), if there is
/// one: (errorCode, message). See the module docs for the rules.
pub fn business_error(
    method: &str,
    body: &Map<String, Value>,
) -> Option<(Option<String>, Option<String>)> {
    let nested = body.get("error").and_then(Value::as_object);
    let message = || {
        text(nested.and_then(|e| e.get("message").or_else(|| e.get("description"))))
            .or_else(|| text(body.get("errorMessage")))
            .or_else(|| {
                body.get("error")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .or_else(|| text(body.get("displayErrorMessage")))
    };
    let from_nested = || {
        (
            text(nested.and_then(|e| e.get("code"))).or_else(|| text(body.get("errorCode"))),
            message(),
        )
    };
    if let Some(success) = body.get("success").and_then(Value::as_bool) {
        return (!success).then(from_nested);
    }
    if body.get("status").and_then(Value::as_str) == Some("FAIL") {
        return Some(from_nested());
    }
    match body.get("errorCode") {
        Some(code) if !is_zero(code) => {
            let code = text(Some(code));
            let documented = SUCCESS_CODES
                .iter()
                .any(|(m, c, _)| *m == method && code.as_deref().map(str::trim) == Some(*c));
            (!documented).then(|| (code, message()))
        }
        code => failure_marks(body).then(|| {
            let nested_code = text(nested.and_then(|e| e.get("code")));
            (
                nested_code
                    .or_else(|| text(code))
                    .or_else(|| Some("0".into())),
                message(),
            )
        }),
    }
}

/// The failure's own fields and the whole answer, for the error's `details`.
fn failure_details(body: &Map<String, Value>) -> String {
    let mut d = Map::new();
    for k in [
        "error",
        "processingErrorType",
        "errorTypeName",
        "displayErrorMessage",
        "redirect",
    ] {
        if let Some(v) = body.get(k) {
            d.insert(k.into(), v.clone());
        }
    }
    d.insert("answer".into(), Value::Object(body.clone()));
    Value::Object(d).to_string()
}

/// Whether an HTTP status is an answer's (2xx).
pub fn is_answer_status(status: u16) -> bool {
    (200..300).contains(&status)
}

/// Parses an RBS answer of `method`: a 2xx with a JSON object and no business error is `Ok`,
/// read into the reference's shape ([`normalize`]).
pub fn parse(method: &str, response: &HttpResponse) -> Result<Value> {
    let details = |code: Option<String>, message: Option<String>| GatewayDetails {
        gateway: "rbs",
        http_status: Some(response.status),
        error_code: code,
        error_message: message,
        details: None,
    };
    if !is_answer_status(response.status) {
        let hint = match response.status {
            400 => "the gateway reports an internal error (400)",
            401 | 403 => "the gateway refused the request: check credentials and request signing",
            404 => "the URL does not exist: check baseUrl (it should end in /payment/rest/)",
            _ => "unexpected HTTP status",
        };
        // A JSON body with the gateway's own code and message is kept on the error.
        let (code, message) = serde_json::from_slice::<Value>(&response.body)
            .ok()
            .filter(Value::is_object)
            .map(|mut v| {
                normalize(&mut v);
                (text(v.get("errorCode")), text(v.get("errorMessage")))
            })
            .unwrap_or_default();
        return Err(Error::new(
            ErrorCode::HttpError,
            format!("RBS {method}: HTTP {}: {hint}", response.status),
        )
        .with_gateway(details(code, message)));
    }
    let mut value: Value = serde_json::from_slice(&response.body).map_err(|e| {
        Error::new(
            ErrorCode::MalformedResponse,
            format!("RBS {method}: the answer is not JSON ({e})"),
        )
        .with_gateway(details(None, None))
    })?;
    if !value.is_object() {
        return Err(Error::new(
            ErrorCode::MalformedResponse,
            format!("RBS {method}: the answer is not a JSON object"),
        )
        .with_gateway(details(None, None)));
    }
    normalize(&mut value);
    let Some(obj) = value.as_object() else {
        return Ok(value);
    };
    if let Some((code, message)) = business_error(method, obj) {
        let shown = message.clone().unwrap_or_else(|| "no errorMessage".into());
        return Err(Error::new(
            ErrorCode::GatewayError,
            format!(
                "RBS {method} failed: errorCode {}: {shown}",
                code.as_deref().unwrap_or("?")
            ),
        )
        .with_gateway(GatewayDetails {
            details: Some(failure_details(obj)),
            ..details(code, message)
        }));
    }
    Ok(value)
}

/// The gateway's order id in a `getOrderStatusExtended` answer (`attributes[name=mdOrder]`, or
/// `orderId`/`mdOrder` when an answer carries them at the top). Items without `value` are skipped.
pub fn md_order(status: &Value) -> Option<String> {
    status
        .get("attributes")
        .and_then(Value::as_array)
        .and_then(|a| {
            a.iter().find(|p| {
                p.get("name").and_then(Value::as_str) == Some("mdOrder")
                    && p.get("value").and_then(Value::as_str).is_some()
            })
        })
        .and_then(|p| p.get("value"))
        .and_then(Value::as_str)
        .or_else(|| status.get("orderId").and_then(Value::as_str))
        .or_else(|| status.get("mdOrder").and_then(Value::as_str))
        .map(str::to_string)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn ok(body: &str) -> Result<Value> {
        parse("x", &HttpResponse::new(200, body))
    }

    #[test]
    fn error_code_as_string_or_number() {
        for body in [
            r#"{"errorCode":"5","errorMessage":"Access denied"}"#,
            r#"{"errorCode":5,"errorMessage":"Access denied"}"#,
            r#"{"ErrorCode":"5","ErrorMessage":"Access denied"}"#,
        ] {
            let e = ok(body).unwrap_err();
            assert_eq!(e.code(), ErrorCode::GatewayError);
            let g = e.gateway().unwrap();
            assert_eq!(g.error_code.as_deref(), Some("5"));
            assert_eq!(g.error_message.as_deref(), Some("Access denied"));
            assert_eq!(g.http_status, Some(200));
        }
        assert!(ok(r#"{"errorCode":"0","errorMessage":"Success"}"#).is_ok());
        assert!(ok(r#"{"errorCode":0}"#).is_ok());
    }

    #[test]
    fn success_overrides_error_code() {
        assert!(ok(r#"{"success":true,"errorCode":"7"}"#).is_ok());
        let e = ok(r#"{"success":false,"errorCode":"0"}"#).unwrap_err();
        assert_eq!(e.code(), ErrorCode::GatewayError);
        let e = ok(r#"{"success":false,"error":{"code":"10","description":"d","message":"Order with this number is already registered in the system."}}"#).unwrap_err();
        assert_eq!(e.gateway().unwrap().error_code.as_deref(), Some("10"));
        let e =
            ok(r#"{"status":"FAIL","error":{"code":"1","message":"bad template"}}"#).unwrap_err();
        assert_eq!(
            e.gateway().unwrap().error_message.as_deref(),
            Some("bad template")
        );
    }

    #[test]
    fn failures_with_error_code_zero() {
        // The reference's 3ds/continue failure (line 4662), a declined paymentOrderBinding.
        let body = r#"{"redirect":"https://m/fail","error":"Error 3-D Secure authorization.","errorCode":0,"is3DSVer2":true,"errorTypeName":"TDS_UNKNOWN_ARES_STATUS","processingErrorType":"MANDATORY_3DSECURE","errorMessage":"Error 3-D Secure authorization."}"#;
        let e = parse("continue3ds", &HttpResponse::new(200, body)).unwrap_err();
        assert_eq!(e.code(), ErrorCode::GatewayError);
        let g = e.gateway().unwrap();
        assert_eq!(g.error_code.as_deref(), Some("0"));
        assert_eq!(
            g.error_message.as_deref(),
            Some("Error 3-D Secure authorization.")
        );
        let d: Value = serde_json::from_str(g.details.as_deref().unwrap()).unwrap();
        assert_eq!(d["processingErrorType"], "MANDATORY_3DSECURE");
        assert_eq!(d["errorTypeName"], "TDS_UNKNOWN_ARES_STATUS");
        assert_eq!(d["redirect"], "https://m/fail");
        assert_eq!(d["answer"]["is3DSVer2"], true);
        for body in [
            r#"{"error":"Operation declined"}"#,
            r#"{"errorCode":"0","processingErrorType":"CLIENT_ERROR"}"#,
            r#"{"errorTypeName":"DATA_INPUT_ERROR"}"#,
        ] {
            let e = parse("paymentOrderBinding", &HttpResponse::new(200, body)).unwrap_err();
            assert_eq!(e.code(), ErrorCode::GatewayError, "{body}");
        }
        // Not failures: `error: false` (createBindingNoPayment, line 4269), NO_ERROR (line 3398).
        assert!(ok(r#"{"errorCode":0,"error":false}"#).is_ok());
        assert!(ok(r#"{"errorCode":0,"processingErrorType":"NO_ERROR"}"#).is_ok());
        assert!(ok(r#"{"errorCode":0,"error":""}"#).is_ok());
        // The JSON endpoints' error object without `success`/`status`.
        let e = ok(r#"{"error":{"code":"5","message":"Access denied"}}"#).unwrap_err();
        assert_eq!(e.gateway().unwrap().error_code.as_deref(), Some("5"));
        assert_eq!(
            e.gateway().unwrap().error_message.as_deref(),
            Some("Access denied")
        );
    }

    #[test]
    fn documented_successes_with_a_non_zero_code() {
        let body = r#"{"error":"Stored credential deactivated","errorCode":2,"is3DSVer2":false,"errorMessage":"Stored credential deactivated"}"#;
        let v = parse("sbpUnBind", &HttpResponse::new(200, body)).unwrap();
        assert_eq!(v["errorCode"], "2");
        // The same code of another endpoint is an error (unBindCard, line 3586).
        let e = parse("unBindCard", &HttpResponse::new(200, body)).unwrap_err();
        assert_eq!(e.gateway().unwrap().error_code.as_deref(), Some("2"));
        let e = parse(
            "sbpUnBind",
            &HttpResponse::new(200, r#"{"errorCode":5,"errorMessage":"Access denied"}"#),
        )
        .unwrap_err();
        assert_eq!(e.code(), ErrorCode::GatewayError);
    }

    #[test]
    fn answers_of_real_deployments_are_read() {
        let v = ok(r#"{"ErrorCode":"0","ErrorMessage":"Success","OrderStatus":"2","OrderNumber":1234,"Amount":"12300","currency":643,"terminalId":123456,"actionCode":"0","bindingInfo":{"bindingId":77},"merchantOrderParams":[{"name":"x"}],"paymentAmountInfo":{"approvedAmount":"100","depositedAmount":100}}"#).unwrap();
        assert_eq!(v["errorCode"], "0");
        assert_eq!(v["errorMessage"], "Success");
        assert_eq!(v["orderStatus"], 2);
        assert_eq!(v["OrderStatus"], 2, "the key as sent stays, retyped");
        assert_eq!(v["orderNumber"], "1234");
        assert_eq!(v["amount"], 12300);
        assert_eq!(v["currency"], "643");
        assert_eq!(v["terminalId"], "123456");
        assert_eq!(v["actionCode"], 0);
        assert_eq!(v["bindingInfo"]["bindingId"], "77");
        assert_eq!(v["paymentAmountInfo"]["approvedAmount"], 100);
        assert_eq!(v["merchantOrderParams"][0]["name"], "x");
        assert!(crate::rbs::order_status::is_settled(&v));
        // Lower-camel keys win when both arrive; all-capital names are not legacy keys.
        let v = ok(r#"{"errorCode":"0","ErrorCode":"9","MDORDER":"a"}"#).unwrap();
        assert_eq!(v["errorCode"], "0");
        assert!(v.get("mDORDER").is_none());
        // Non-digit strings stay strings; "12.5" is not an integer.
        let v = ok(r#"{"amount":"12.5","actionCode":"x"}"#).unwrap();
        assert_eq!(v["amount"], "12.5");
        assert_eq!(v["actionCode"], "x");
    }

    #[test]
    fn both_three_ds_spellings_fill_the_typed_fields() {
        let v = ok(r#"{"errorCode":0,"is3DSVer2":true,"threeDSServerTransID":"t","threeDSMethodURL":"https://a","threeDSMethodURLServer":"https://s"}"#).unwrap();
        assert_eq!(v["threeDSServerTransId"], "t");
        assert_eq!(v["threeDSMethodUrl"], "https://a");
        assert_eq!(v["threeDSMethodUrlServer"], "https://s");
        assert_eq!(v["threeDSMethodURL"], "https://a");
        let v = ok(r#"{"threeDSServerTransId":"t","threeDSMethodUrl":"u"}"#).unwrap();
        assert_eq!(v["threeDSServerTransId"], "t");
        assert_eq!(v["threeDSMethodUrl"], "u");
    }

    #[test]
    fn http_and_shape_errors() {
        let e = parse("register", &HttpResponse::new(404, "")).unwrap_err();
        assert_eq!(
            (e.code(), e.gateway().unwrap().http_status),
            (ErrorCode::HttpError, Some(404))
        );
        assert_eq!(
            ok("<html>").unwrap_err().code(),
            ErrorCode::MalformedResponse
        );
        assert_eq!(ok("[1]").unwrap_err().code(), ErrorCode::MalformedResponse);
        // Any 2xx with a JSON object is an answer.
        for status in [201, 202, 203, 299] {
            let v = parse(
                "register",
                &HttpResponse::new(status, r#"{"orderId":"x","formUrl":"https://f"}"#),
            )
            .unwrap();
            assert_eq!(v["orderId"], "x");
        }
        // A non-2xx keeps the gateway's code and message when its body carries them.
        let e = parse(
            "register",
            &HttpResponse::new(400, r#"{"ErrorCode":"7","ErrorMessage":"System error"}"#),
        )
        .unwrap_err();
        assert_eq!(e.code(), ErrorCode::HttpError);
        assert_eq!(e.gateway().unwrap().error_code.as_deref(), Some("7"));
        assert_eq!(
            e.gateway().unwrap().error_message.as_deref(),
            Some("System error")
        );
        let e = parse("register", &HttpResponse::new(204, "")).unwrap_err();
        assert_eq!(e.code(), ErrorCode::MalformedResponse);
    }
}
