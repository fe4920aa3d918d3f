//! Koshelek Pay answers → typed results or errors: 2xx JSON is the result (unknown fields kept),
//! HTTP 422 `{ "code": ..., "details": ... }` is `GATEWAY_ERROR` with the code of the reference's
//! table ([`KoshelekErrorCode`]; unknown codes are kept, never rejected), 401/403 `UNAUTHORIZED`.

use serde_json::{Map, Value};

use crate::error::GatewayDetails;
use crate::http::HttpResponse;
use crate::{Error, ErrorCode, Result};

/// A Koshelek Pay error code.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum KoshelekErrorCode {
    /// `UNKNOWN_SESSION_ID`: the cardSession does not exist or failed validation.
    UnknownSessionId,
    /// `UNKNOWN_TRANSACTION_ID`: the transactionId was not found.
    UnknownTransactionId,
    /// `UNKNOWN_PARTNER_ID`: the merchant was not found.
    UnknownPartnerId,
    /// `WRONG_TRANSACTION_STATE_CHANGE`: the transaction cannot move to the requested state.
    WrongTransactionStateChange,
    /// `PAYMENT_TRANSACTION_IS_NOT_PAID`: the payment transaction has no payment.
    PaymentTransactionIsNotPaid,
    /// `CANCEL_REFUNDING_BY_BANK`: the bank cancelled the refund.
    CancelRefundingByBank,
    /// `TRANSACTION_FOR_SESSION_ID_ALREADY_EXISTS`: the session already has a transaction.
    TransactionForSessionIdAlreadyExists,
    /// `TRANSACTION_FOR_SESSION_ID_ALREADY_PAYED`: the transaction was already processed.
    TransactionForSessionIdAlreadyPayed,
    /// `TRANSACTION_IN_PROCESSING`: the transaction is being processed.
    TransactionInProcessing,
    /// A code this version does not know, as received.
    Unknown(String),
}

const TABLE: [(&str, KoshelekErrorCode, &str); 9] = [
    (
        "UNKNOWN_SESSION_ID",
        KoshelekErrorCode::UnknownSessionId,
        "the cardSession does not exist or failed validation",
    ),
    (
        "UNKNOWN_TRANSACTION_ID",
        KoshelekErrorCode::UnknownTransactionId,
        "the transactionId was not found",
    ),
    (
        "UNKNOWN_PARTNER_ID",
        KoshelekErrorCode::UnknownPartnerId,
        "the merchant was not found",
    ),
    (
        "WRONG_TRANSACTION_STATE_CHANGE",
        KoshelekErrorCode::WrongTransactionStateChange,
        "the transaction cannot move to the requested state",
    ),
    (
        "PAYMENT_TRANSACTION_IS_NOT_PAID",
        KoshelekErrorCode::PaymentTransactionIsNotPaid,
        "the payment transaction has not been paid",
    ),
    (
        "CANCEL_REFUNDING_BY_BANK",
        KoshelekErrorCode::CancelRefundingByBank,
        "the refund was cancelled by the bank",
    ),
    (
        "TRANSACTION_FOR_SESSION_ID_ALREADY_EXISTS",
        KoshelekErrorCode::TransactionForSessionIdAlreadyExists,
        "a transaction already exists for this session",
    ),
    (
        "TRANSACTION_FOR_SESSION_ID_ALREADY_PAYED",
        KoshelekErrorCode::TransactionForSessionIdAlreadyPayed,
        "the transaction has already been processed",
    ),
    (
        "TRANSACTION_IN_PROCESSING",
        KoshelekErrorCode::TransactionInProcessing,
        "the transaction is being processed",
    ),
];

impl KoshelekErrorCode {
    /// Reads a code as the gateway sends it.
    pub fn parse(code: &str) -> Self {
        TABLE
            .iter()
            .find(|(n, _, _)| *n == code)
            .map(|(_, c, _)| c.clone())
            .unwrap_or_else(|| Self::Unknown(code.to_string()))
    }

    /// The code as the gateway sends it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Unknown(s) => s,
            known => TABLE
                .iter()
                .find(|(_, c, _)| c == known)
                .map_or("", |(n, _, _)| n),
        }
    }

    /// The reference's description, in English (`None` for unknown codes).
    pub fn description(&self) -> Option<&'static str> {
        TABLE.iter().find(|(_, c, _)| c == self).map(|(_, _, d)| *d)
    }

    /// Every code of the reference's table.
    pub fn all() -> impl Iterator<Item = KoshelekErrorCode> {
        TABLE.into_iter().map(|(_, c, _)| c)
    }
}

/// A JSON value as text: a string as it is, anything else as JSON.
pub(crate) fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
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

    #[test]
    fn the_nine_codes_round_trip() {
        assert_eq!(KoshelekErrorCode::all().count(), 9);
        for c in KoshelekErrorCode::all() {
            assert_eq!(KoshelekErrorCode::parse(c.as_str()), c);
            assert!(c.description().is_some());
        }
        let u = KoshelekErrorCode::parse("NEW_CODE");
        assert_eq!((u.as_str(), u.description()), ("NEW_CODE", None));
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
