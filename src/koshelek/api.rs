//! Koshelek Pay requests: typed calls → plain requests. HTTP Basic auth, `storeId` and
//! `terminalId` in every request (a body that sets them differently is refused), JSON bodies,
//! GET parameters in the query, and the rule for a call's path ([`check_path`]). The base URL is
//! [`super::config`]'s; answers are read in [`super::response`].

use serde_json::{Map, Value};

use super::config::KoshelekConfig;
use super::notification::basic_auth_header;
use super::response::text;
use crate::http::encode::{form_encode_component, join_url};
use crate::http::{HttpRequest, Method};
use crate::{Error, ErrorCode, Result};

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

/// The path `waitForFinalStatus` polls: the caller's `path` (checked by [`check_path`]), or
/// `transactions/<id>` with the id as one path segment.
pub fn status_path(transaction_id: &str, path: Option<&str>) -> Result<String> {
    let path = match path {
        Some(p) => p.to_owned(),
        None => format!(
            "transactions/{}",
            crate::http::encode::percent_encode_component(transaction_id)
        ),
    };
    check_path(&path)?;
    Ok(path)
}

/// The idempotency key of a request body: its `requestId` (the reference: every POST carries
/// one, and a repeat with the same `requestId` returns the first call's result).
pub fn request_id(body: Option<&Map<String, Value>>) -> Option<&str> {
    body?
        .get("requestId")
        .and_then(Value::as_str)
        .filter(|k| !k.trim().is_empty())
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
        crate::http::amount::check_amounts(body, crate::http::amount::is_amount_key)?;
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::http::RetryPolicy;
    use crate::koshelek::config::{production_url, test_url};
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
    fn status_path_defaults_to_the_transaction_and_checks_a_given_one() {
        assert_eq!(
            status_path("t 1/2", None).unwrap(),
            "transactions/t%201%2F2"
        );
        assert_eq!(status_path("x", Some("v1/tx/9")).unwrap(), "v1/tx/9");
        let e = status_path("x", Some("../admin")).err().unwrap();
        assert_eq!(e.code(), ErrorCode::InvalidArgument);
    }
}
