//! Koshelek Pay requests and answers: HTTP Basic auth, a per-partner base URL, `storeId` and
//! `terminalId` in every request, JSON both ways, errors as HTTP 422 `{code, details}`.

use std::fmt;

use serde_json::{Map, Value};

use super::postback::basic_auth_header;
use super::response::KoshelekErrorCode;
use crate::error::GatewayDetails;
use crate::http::message::{form_encode_component, join_url};
use crate::http::{HttpRequest, HttpResponse, Method, RetryPolicy};
use crate::{Error, ErrorCode, Result};

/// The reference's test base URL for a partner: `https://api-test.koshelek.app/<partner-name>`.
pub fn test_url(partner: &str) -> String {
    format!("https://api-test.koshelek.app/{partner}/")
}

/// The reference's production base URL for a partner: `https://api.koshelek.app/<partner-name>`.
pub fn production_url(partner: &str) -> String {
    format!("https://api.koshelek.app/{partner}/")
}

/// Picks the base URL: an explicit `baseUrl` wins (checked by
/// [`crate::http::base_url::check_base_url`]); otherwise `partner` with `environment` (`"test"`
/// default, or `"production"`) selects the reference's URL. The partner name must be one plain
/// path segment (letters, digits, `-`, `_`, `.`), else `INVALID_ARGUMENT`. Neither value is ever
/// shown in a message.
pub fn base_url(
    environment: Option<&str>,
    base_url: Option<&str>,
    partner: Option<&str>,
) -> Result<Option<String>> {
    use crate::http::base_url::{check_base_url, Environment};
    let env = crate::http::base_url::environment(environment)?;
    if let Some(u) = base_url.filter(|u| !u.is_empty()) {
        return check_base_url(u, "options.baseUrl").map(Some);
    }
    let Some(p) = partner.filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    let plain = p.len() <= 128
        && p != "."
        && p != ".."
        && p.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.');
    if !plain {
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            "options.partner must be the partner name of the Koshelek URL: letters, digits, '-', '_' and '.', at most 128",
        ));
    }
    Ok(Some(match env {
        Environment::Test => test_url(p),
        Environment::Production => production_url(p),
    }))
}

/// Checks a call's path: relative to the base URL, no `..` segment, no query or fragment
/// markers, no backslash, whitespace or control characters (`INVALID_ARGUMENT`).
pub fn check_path(path: &str) -> Result<()> {
    let bad = |why: &str| {
        Err(Error::new(
            ErrorCode::InvalidArgument,
            format!("path must be relative to the client's baseUrl (e.g. 'checkout'): {why}"),
        ))
    };
    if path.contains("://") || path.starts_with("//") {
        return bad("it is a URL");
    }
    if path.len() > 2048 {
        return bad("it is longer than 2048 bytes");
    }
    if path
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || matches!(c, '\\' | '?' | '#'))
    {
        return bad("it holds whitespace, a control character, '\\', '?' or '#'");
    }
    if path.split('/').any(|seg| seg == ".." || seg == ".") {
        return bad("it has a '.' or '..' segment");
    }
    Ok(())
}

/// The idempotency key of a request body: its `requestId` (the reference: every POST carries
/// one, and a repeat with the same `requestId` returns the first call's result).
pub fn request_id(body: Option<&Map<String, Value>>) -> Option<&str> {
    body?
        .get("requestId")
        .and_then(Value::as_str)
        .filter(|k| !k.trim().is_empty())
}

/// Connection settings of a Koshelek Pay client.
#[derive(Clone)]
pub struct KoshelekConfig {
    /// The partner's API base URL.
    pub base_url: String,
    /// The API login.
    pub login: String,
    /// The API password (secret).
    pub password: String,
    /// The store, sent in every request.
    pub store_id: String,
    /// The terminal, sent in every request.
    pub terminal_id: String,
    /// Timeouts and retries.
    pub policy: RetryPolicy,
}

impl fmt::Debug for KoshelekConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KoshelekConfig")
            .field("base_url", &self.base_url)
            .field("login", &self.login)
            .field("password", &"<redacted>")
            .field("store_id", &self.store_id)
            .field("terminal_id", &self.terminal_id)
            .finish()
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Builds a request to `path` (relative to the base URL). `storeId` and `terminalId` are added
/// to the JSON body (or, for GET, to the query); a body that sets them to other values is
/// `INVALID_ARGUMENT`. Amounts are checked first.
pub fn build(
    config: &KoshelekConfig,
    method: Method,
    path: &str,
    body: Option<&Map<String, Value>>,
) -> Result<HttpRequest> {
    check_path(path)?;
    let mut fields = Map::new();
    fields.insert("storeId".into(), Value::String(config.store_id.clone()));
    fields.insert(
        "terminalId".into(),
        Value::String(config.terminal_id.clone()),
    );
    if let Some(body) = body {
        crate::rbs::api_params::check_amounts(body)?;
        for (k, v) in body {
            if v.is_null() {
                continue;
            }
            if let Some(own) = fields
                .get(k)
                .filter(|_| k == "storeId" || k == "terminalId")
            {
                if text(own) != text(v) {
                    return Err(Error::new(
                        ErrorCode::InvalidArgument,
                        format!(
                            "{k} is set on the KoshelekClient; the request's {k} differs (leave it out)"
                        ),
                    ));
                }
                continue;
            }
            fields.insert(k.clone(), v.clone());
        }
    }
    let mut url = join_url(&config.base_url, path);
    let auth = basic_auth_header(&config.login, &config.password);
    let req = if method == Method::Get {
        for (k, v) in &fields {
            url.push(if url.contains('?') { '&' } else { '?' });
            form_encode_component(k, &mut url);
            url.push('=');
            form_encode_component(&text(v), &mut url);
        }
        HttpRequest::new(method, url, config.policy.timeout_ms)
    } else {
        HttpRequest::new(method, url, config.policy.timeout_ms).body(
            "application/json",
            Value::Object(fields).to_string().into_bytes(),
        )
    };
    Ok(req
        .header("authorization", auth)
        .header("accept", "application/json"))
}

/// Parses an answer: 200 with JSON is `Ok` (unknown fields are kept, never an error); 422 is
/// `GATEWAY_ERROR` with the reference's code and `details`; 401 is `UNAUTHORIZED`.
pub fn parse(what: &str, r: &HttpResponse) -> Result<Value> {
    let json: Option<Value> = serde_json::from_slice(&r.body).ok();
    let base = GatewayDetails {
        gateway: "koshelek",
        http_status: Some(r.status),
        ..Default::default()
    };
    match r.status {
        200..=299 => match json {
            Some(v) => Ok(v),
            None if r.body.iter().all(u8::is_ascii_whitespace) => Ok(Value::Object(Map::new())),
            None => Err(Error::new(
                ErrorCode::MalformedResponse,
                format!("Koshelek {what}: the answer is not JSON"),
            )
            .with_gateway(base)),
        },
        422 => {
            let code = json.as_ref().and_then(|v| v.get("code")).map(text);
            let details = json.as_ref().and_then(|v| v.get("details")).map(text);
            let parsed = code.as_deref().map(KoshelekErrorCode::parse);
            let meaning = parsed
                .as_ref()
                .and_then(KoshelekErrorCode::description)
                .unwrap_or("see details");
            Err(Error::new(
                ErrorCode::GatewayError,
                format!(
                    "Koshelek {what} failed: {}: {meaning}",
                    code.as_deref().unwrap_or("no code")
                ),
            )
            .with_gateway(GatewayDetails {
                error_code: code,
                error_message: details.clone(),
                details,
                ..base
            }))
        }
        401 | 403 => Err(Error::new(
            ErrorCode::Unauthorized,
            format!(
                "Koshelek {what}: HTTP {}: check login and password (HTTP Basic)",
                r.status
            ),
        )
        .with_gateway(base)),
        s => Err(
            Error::new(ErrorCode::HttpError, format!("Koshelek {what}: HTTP {s}"))
                .with_gateway(base),
        ),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn config() -> KoshelekConfig {
        KoshelekConfig {
            base_url: test_url("name"),
            login: "partner".into(),
            password: "SECRET-pw".into(),
            store_id: "1001".into(),
            terminal_id: "T-01".into(),
            policy: RetryPolicy::default(),
        }
    }

    #[test]
    fn every_request_carries_store_terminal_and_basic_auth() {
        let body = json!({"cardSession": "s-1", "amount": 1000, "comment": null});
        let r = build(&config(), Method::Post, "checkout", body.as_object()).unwrap();
        assert_eq!(r.url, "https://api-test.koshelek.app/name/checkout");
        let sent: Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(
            sent,
            json!({"storeId": "1001", "terminalId": "T-01", "cardSession": "s-1", "amount": 1000})
        );
        assert_eq!(
            r.header_value("authorization"),
            Some(basic_auth_header("partner", "SECRET-pw").as_str())
        );
        assert_eq!(r.header_value("content-type"), Some("application/json"));
        let g = build(&config(), Method::Get, "transactions/7", None).unwrap();
        assert_eq!(
            g.url,
            "https://api-test.koshelek.app/name/transactions/7?storeId=1001&terminalId=T-01"
        );
        assert!(!format!("{:?} {:?}", config(), r).contains("SECRET"));
        assert_eq!(production_url("name"), "https://api.koshelek.app/name/");
    }

    #[test]
    fn conflicting_ids_bad_amounts_and_urls_are_rejected() {
        let b = json!({"storeId": "other"});
        assert_eq!(
            build(&config(), Method::Post, "x", b.as_object())
                .unwrap_err()
                .code(),
            ErrorCode::InvalidArgument
        );
        let b = json!({"storeId": "1001"});
        assert!(build(&config(), Method::Post, "x", b.as_object()).is_ok());
        let b = json!({"amount": 1.5});
        assert_eq!(
            build(&config(), Method::Post, "x", b.as_object())
                .unwrap_err()
                .code(),
            ErrorCode::InvalidAmount
        );
        assert!(build(&config(), Method::Post, "https://evil/x", None).is_err());
    }

    #[test]
    fn errors_422_carry_the_code_and_details() {
        let r = HttpResponse::new(
            422,
            r#"{"code":"TRANSACTION_IN_PROCESSING","details":"Транзакция в обработке.","extra":1}"#,
        );
        let e = parse("checkout", &r).unwrap_err();
        assert_eq!(e.code(), ErrorCode::GatewayError);
        let g = e.gateway().unwrap();
        assert_eq!(g.error_code.as_deref(), Some("TRANSACTION_IN_PROCESSING"));
        assert_eq!(g.details.as_deref(), Some("Транзакция в обработке."));
        assert!(e.message().contains("being processed"));
        let e = parse(
            "x",
            &HttpResponse::new(422, r#"{"code":"UNKNOWN_SESSION_ID"}"#),
        )
        .unwrap_err();
        assert_eq!(e.gateway().unwrap().details, None, "details is optional");
        assert_eq!(
            parse("x", &HttpResponse::new(401, "")).unwrap_err().code(),
            ErrorCode::Unauthorized
        );
        let ok = parse(
            "x",
            &HttpResponse::new(200, r#"{"transactionId":"t","newField":{"a":1}}"#),
        )
        .unwrap();
        assert_eq!(ok["transactionId"], "t");
    }
}
