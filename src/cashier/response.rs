//! Mobile Cashier answers: JSON bodies with `success` and `description`; 401 means the token
//! was refused.

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
    Ok(Value::Object(obj.clone()))
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
