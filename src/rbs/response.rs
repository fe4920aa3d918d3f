//! Turning an RBS answer into a result: JSON objects whose business errors (HTTP 200 with a
//! non-zero `errorCode`, `success: false`, or templates' `status: "FAIL"`) become
//! `GATEWAY_ERROR` carrying the gateway's code and message.

use serde_json::{Map, Value};

use crate::error::GatewayDetails;
use crate::http::HttpResponse;
use crate::{Error, ErrorCode, Result};

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

/// The business error in an answer body, if there is one. The reference: success is `success`
/// being true or `errorCode` being 0; when both are present, `success` decides.
pub fn business_error(body: &Map<String, Value>) -> Option<(Option<String>, Option<String>)> {
    let nested = body.get("error").and_then(Value::as_object);
    let from_nested = || {
        (
            text(nested.and_then(|e| e.get("code"))).or_else(|| text(body.get("errorCode"))),
            text(nested.and_then(|e| e.get("message").or_else(|| e.get("description"))))
                .or_else(|| text(body.get("errorMessage"))),
        )
    };
    if let Some(success) = body.get("success").and_then(Value::as_bool) {
        return (!success).then(from_nested);
    }
    if body.get("status").and_then(Value::as_str) == Some("FAIL") {
        return Some(from_nested());
    }
    match body.get("errorCode") {
        Some(code) if !is_zero(code) => Some((text(Some(code)), text(body.get("errorMessage")))),
        _ => None,
    }
}

/// Parses an RBS answer: HTTP 200 with a JSON object and no business error is `Ok`.
pub fn parse(method: &str, response: &HttpResponse) -> Result<Value> {
    let details = |code: Option<String>, message: Option<String>| GatewayDetails {
        gateway: "rbs",
        http_status: Some(response.status),
        error_code: code,
        error_message: message,
        details: None,
    };
    if response.status != 200 {
        let hint = match response.status {
            400 => "the gateway reports an internal error (400)",
            401 | 403 => "the gateway refused the request: check credentials and request signing",
            404 => "the URL does not exist: check baseUrl (it should end in /payment/rest/)",
            _ => "unexpected HTTP status",
        };
        return Err(Error::new(
            ErrorCode::HttpError,
            format!("RBS {method}: HTTP {}: {hint}", response.status),
        )
        .with_gateway(details(None, None)));
    }
    let value: Value = serde_json::from_slice(&response.body).map_err(|e| {
        Error::new(
            ErrorCode::MalformedResponse,
            format!("RBS {method}: the answer is not JSON ({e})"),
        )
        .with_gateway(details(None, None))
    })?;
    let Some(obj) = value.as_object() else {
        return Err(Error::new(
            ErrorCode::MalformedResponse,
            format!("RBS {method}: the answer is not a JSON object"),
        )
        .with_gateway(details(None, None)));
    };
    if let Some((code, message)) = business_error(obj) {
        let shown = message.clone().unwrap_or_else(|| "no errorMessage".into());
        return Err(Error::new(
            ErrorCode::GatewayError,
            format!(
                "RBS {method} failed: errorCode {}: {shown}",
                code.as_deref().unwrap_or("?")
            ),
        )
        .with_gateway(details(code, message)));
    }
    Ok(value)
}

/// The gateway's order id in a `getOrderStatusExtended` answer (`attributes[name=mdOrder]`, or
/// `orderId`/`mdOrder` when an answer carries them at the top).
pub fn md_order(status: &Value) -> Option<String> {
    status
        .get("attributes")
        .and_then(Value::as_array)
        .and_then(|a| {
            a.iter()
                .find(|p| p.get("name").and_then(Value::as_str) == Some("mdOrder"))
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
    }
}
