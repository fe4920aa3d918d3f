//! Mobile Cashier answers: JSON bodies with `success` and `description`; 401 means the token
//! was refused.
//!
//! The card operations (`authorize`, `charge`, `void`, `payoutCard`) are read further
//! ([`card_operation_error`]): the reference's samples of authorize/charge/void (lines 647-660,
//! 686-698, 723-735) answer an envelope `{"Response": {...}, "Order": {...}, "Authorize" |
//! "Charge" | "Void": {...}, "Card": {...}}` whose objects the rendering collapsed, so their
//! fields are kassa's reading: `Response.Code` (also `code`, `ResponseCode`) 0 is success, any
//! other code a failure with `Response.Message` (also `message`, `Description`, `description`);
//! a `Response.Success`/`success` of false is a failure. And whatever the envelope says, an
//! operation whose order (`Order`/`order`) or own section (`Authorize`, `Charge`, `Void`) is in a
//! declined status of the reference's table (lines 15-36: `DECLINED`, `CHARGE_DECLINED`,
//! `VOID_DECLINED`) was declined. Both are `GATEWAY_ERROR` with the gateway's code (the
//! envelope's code, else the status) and the answer in the error's `details`.

use serde_json::{Map, Value};

use crate::error::GatewayDetails;
use crate::http::HttpResponse;
use crate::{Error, ErrorCode, Result};

fn details(status: u16, body: Option<&Map<String, Value>>) -> GatewayDetails {
    let field = |k: &str| {
        body.and_then(|b| b.get(k)).and_then(|v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
    };
    GatewayDetails {
        gateway: "cashier",
        http_status: Some(status),
        error_code: field("code").or_else(|| field("errorCode")),
        error_message: field("description").or_else(|| field("message")),
        details: None,
    }
}

/// Parses an answer of `method`. 2xx with a JSON object (an empty body counts as `{}`) whose
/// `success` is not `false` is `Ok`. The reference's SberPay sample spells it `succes`; both
/// spellings are read.
pub fn parse(method: &str, r: &HttpResponse) -> Result<Value> {
    let parsed: Option<Value> = if r.body.iter().all(u8::is_ascii_whitespace) {
        Some(Value::Object(Map::new()))
    } else {
        serde_json::from_slice(&r.body).ok()
    };
    let obj = parsed.as_ref().and_then(Value::as_object);
    if r.status == 401 {
        return Err(Error::new(
            ErrorCode::Unauthorized,
            format!("Mobile Cashier {method}: HTTP 401: the login/password or the access token was refused; check the cashier's credentials"),
        )
        .with_gateway(details(401, obj)));
    }
    let refused = obj
        .and_then(|o| o.get("success").or_else(|| o.get("succes")))
        .and_then(Value::as_bool)
        == Some(false);
    // A refusal the gateway explains (4xx with success: false) is GATEWAY_ERROR; any other
    // non-2xx is HTTP_ERROR. Both carry the gateway's description.
    let code = match r.status {
        400..=499 if refused => Some(ErrorCode::GatewayError),
        200..=299 => None,
        _ => Some(ErrorCode::HttpError),
    };
    if let Some(code) = code {
        let d = details(r.status, obj);
        let what = d
            .error_message
            .clone()
            .unwrap_or_else(|| "no description".into());
        let message = if code == ErrorCode::GatewayError {
            format!("Mobile Cashier {method} failed (HTTP {}): {what}", r.status)
        } else {
            format!("Mobile Cashier {method}: HTTP {}: {what}", r.status)
        };
        return Err(Error::new(code, message).with_gateway(d));
    }
    let Some(obj) = obj else {
        return Err(Error::new(
            ErrorCode::MalformedResponse,
            format!("Mobile Cashier {method}: the answer is not a JSON object"),
        )
        .with_gateway(details(r.status, None)));
    };
    let success = obj
        .get("success")
        .or_else(|| obj.get("succes"))
        .and_then(Value::as_bool);
    if success == Some(false) {
        let d = details(r.status, Some(obj));
        let what = d
            .error_message
            .clone()
            .unwrap_or_else(|| "no description".into());
        return Err(Error::new(
            ErrorCode::GatewayError,
            format!("Mobile Cashier {method} failed: {what}"),
        )
        .with_gateway(d));
    }
    if CARD_OPERATIONS.contains(&method) {
        if let Some((code, message)) = card_operation_error(obj) {
            return Err(Error::new(
                ErrorCode::GatewayError,
                format!(
                    "Mobile Cashier {method} declined: {}: {}",
                    code.as_deref().unwrap_or("?"),
                    message.as_deref().unwrap_or("no message")
                ),
            )
            .with_gateway(GatewayDetails {
                gateway: "cashier",
                http_status: Some(r.status),
                error_code: code,
                error_message: message,
                details: Some(Value::Object(obj.clone()).to_string()),
            }));
        }
    }
    Ok(Value::Object(obj.clone()))
}

/// The card operations whose answers carry the `Response` envelope or a declined order.
pub const CARD_OPERATIONS: [&str; 4] = ["authorize", "charge", "void", "payoutCard"];

/// The statuses of the reference's table (lines 15-36) that say an operation was declined.
pub const DECLINED_STATUSES: [&str; 3] = ["DECLINED", "CHARGE_DECLINED", "VOID_DECLINED"];

fn field<'a>(o: &'a Map<String, Value>, names: &[&str]) -> Option<&'a Value> {
    names
        .iter()
        .find_map(|n| o.get(*n))
        .filter(|v| !v.is_null())
}

fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Whether an envelope code means success: 0 (a number, or digits that are all zero), or an
/// empty, `OK`, `SUCCESS` or `APPROVED` text.
fn code_is_success(v: &Value) -> bool {
    match v {
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => {
            let t = s.trim();
            if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
                t.bytes().all(|b| b == b'0')
            } else {
                ["", "OK", "SUCCESS", "APPROVED"]
                    .iter()
                    .any(|w| t.eq_ignore_ascii_case(w))
            }
        }
        _ => false,
    }
}

/// The failure a card operation's answer reports, if any: (code, message). See the module docs.
pub fn card_operation_error(obj: &Map<String, Value>) -> Option<(Option<String>, Option<String>)> {
    let envelope = field(obj, &["Response", "response"]).and_then(Value::as_object);
    let message = |o: &Map<String, Value>| {
        field(o, &["Message", "message", "Description", "description"]).and_then(as_text)
    };
    if let Some(env) = envelope {
        let code = field(env, &["Code", "code", "ResponseCode", "responseCode"]);
        let refused = field(env, &["Success", "success"]).and_then(Value::as_bool) == Some(false);
        if refused || code.is_some_and(|c| !code_is_success(c)) {
            return Some((code.and_then(as_text), message(env)));
        }
    }
    let status_of = |o: &Map<String, Value>| {
        field(o, &["Status", "status", "OrderStatus", "orderStatus"])
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    ["Order", "order", "Authorize", "Charge", "Void"]
        .iter()
        .filter_map(|k| obj.get(*k).and_then(Value::as_object))
        .find_map(|o| {
            status_of(o)
                .filter(|s| DECLINED_STATUSES.contains(&s.trim().to_ascii_uppercase().as_str()))
        })
        .map(|status| {
            let why = envelope
                .and_then(message)
                .or_else(|| field(obj, &["description", "Description"]).and_then(as_text))
                .filter(|m| !m.trim().is_empty())
                .unwrap_or_else(|| format!("the order is {status}"));
            (Some(status), Some(why))
        })
}

/// The status string of an order answer (`order.status`, or `status` at the top).
pub fn order_status(v: &Value) -> Option<&str> {
    v.get("order")
        .and_then(|o| o.get("status").or_else(|| o.get("orderStatus")))
        .or_else(|| v.get("status"))
        .and_then(Value::as_str)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reference_samples() {
        // Response samples of the reference ("Authorization", "Creating an order", "SberPay").
        let login = json!({"success": true, "description": "login success", "accessToken": "string",
                           "expiresAccess": "string", "refreshToken": "string", "expiresRefresh": "string"});
        assert_eq!(
            parse("login", &HttpResponse::new(200, login.to_string())).unwrap(),
            login
        );
        let created = json!({"success": true, "description": "", "order": {}});
        assert!(parse("createOrder", &HttpResponse::new(200, created.to_string())).is_ok());
        let sber = json!({"succes": true, "description": "string", "order": {}});
        assert!(parse("sberPay", &HttpResponse::new(200, sber.to_string())).is_ok());
        let form = json!({"id": "string", "externalOrderId": "string"});
        assert_eq!(
            parse(
                "paymentFormOrder",
                &HttpResponse::new(200, form.to_string())
            )
            .unwrap(),
            form
        );
        let banks = json!({"BankList": []});
        assert!(parse("banks", &HttpResponse::new(200, banks.to_string())).is_ok());
    }

    fn card(method: &str, v: Value) -> Result<Value> {
        parse(method, &HttpResponse::new(200, v.to_string()))
    }

    #[test]
    fn card_operations_read_the_response_envelope() {
        let ok = json!({"Response": {"Code": 0, "Message": "Success"}, "Order": {"Status": "AUTHORIZED"},
                        "Authorize": {"Status": "AUTHORIZED"}, "Card": {"MaskedPan": "411111******1111"}});
        assert_eq!(card("authorize", ok.clone()).unwrap(), ok);
        for code in [json!("0"), json!("00"), json!("OK")] {
            assert!(card(
                "charge",
                json!({"Response": {"Code": code}, "Order": {"Status": "CHARGED"}})
            )
            .is_ok());
        }
        // A declined authorization: the envelope's code.
        let e = card(
            "authorize",
            json!({"Response": {"Code": 2, "Message": "Declined by the issuer"},
                                         "Order": {"Status": "DECLINED"}}),
        )
        .unwrap_err();
        assert_eq!(e.code(), ErrorCode::GatewayError);
        let g = e.gateway().unwrap();
        assert_eq!(g.error_code.as_deref(), Some("2"));
        assert_eq!(g.error_message.as_deref(), Some("Declined by the issuer"));
        let d: Value = serde_json::from_str(g.details.as_deref().unwrap()).unwrap();
        assert_eq!(d["Order"]["Status"], "DECLINED");
        // A declined status with a success envelope (or none) is still declined.
        for (method, v, status) in [
            (
                "charge",
                json!({"Response": {"Code": 0}, "Order": {"Status": "CHARGE_DECLINED"}}),
                "CHARGE_DECLINED",
            ),
            (
                "void",
                json!({"Void": {"Status": "VOID_DECLINED"}}),
                "VOID_DECLINED",
            ),
            (
                "payoutCard",
                json!({"success": true, "description": "", "order": {"status": "DECLINED"}}),
                "DECLINED",
            ),
        ] {
            let e = card(method, v).unwrap_err();
            assert_eq!(e.code(), ErrorCode::GatewayError, "{method}");
            assert_eq!(
                e.gateway().unwrap().error_code.as_deref(),
                Some(status),
                "{method}"
            );
        }
        assert_eq!(
            card(
                "void",
                json!({"Response": {"Success": false, "Message": "m"}})
            )
            .unwrap_err()
            .code(),
            ErrorCode::GatewayError
        );
        // The same answers of other methods are not read as card operations; VOIDED is the
        // success of void; 3-D Secure pending is not a decline.
        assert!(card("getOrder", json!({"order": {"status": "DECLINED"}})).is_ok());
        assert!(card(
            "void",
            json!({"Response": {"Code": 0}, "Order": {"Status": "VOIDED"}})
        )
        .is_ok());
        assert!(card(
            "authorize",
            json!({"Response": {"Code": 0}, "Order": {"Status": "PRE_AUTHORIZED_3DS"}})
        )
        .is_ok());
        // payoutCard's printed sample (line 566).
        assert!(card(
            "payoutCard",
            json!({"success": true, "description": "", "order": {}})
        )
        .is_ok());
    }

    #[test]
    fn failures() {
        let e = parse(
            "refund",
            &HttpResponse::new(200, r#"{"success":false,"description":"amount too large"}"#),
        )
        .unwrap_err();
        assert_eq!(e.code(), ErrorCode::GatewayError);
        assert_eq!(
            e.gateway().unwrap().error_message.as_deref(),
            Some("amount too large")
        );
        assert_eq!(
            parse("x", &HttpResponse::new(401, "")).unwrap_err().code(),
            ErrorCode::Unauthorized
        );
        assert_eq!(
            parse("x", &HttpResponse::new(404, "{}"))
                .unwrap_err()
                .code(),
            ErrorCode::HttpError
        );
        assert_eq!(
            parse("x", &HttpResponse::new(200, "<html>"))
                .unwrap_err()
                .code(),
            ErrorCode::MalformedResponse
        );
        assert_eq!(
            order_status(&json!({"order": {"status": "PAID"}})),
            Some("PAID")
        );
    }
}
