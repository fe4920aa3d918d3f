//! Koshelek Pay answers → typed results or errors: 2xx JSON is the result (unknown fields kept),
//! HTTP 422 `{ "code": ..., "details": ... }` is `GATEWAY_ERROR` with the code of the reference's
//! table ([`KoshelekErrorCode`]; unknown codes are kept, never rejected), 401/403 `UNAUTHORIZED`.
//! A 200 of a typed call whose `status` (or, for cancel and refund, `refStatus`) is `rejected`
//! and that carries an `errorCode` is `GATEWAY_ERROR` too ([`rejected`]: the reference's "200
//! with a business error"), with the whole answer as its `details`.
//!
//! The statuses ([`PAYMENT_STATUSES`], [`REF_STATUSES`]) and which of them are final, with where
//! each finality comes from: the reference states it, or kassa infers it.

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
    /// `NOT_ENOUGH_LIMIT_TO_PAY` (200, payment): the limit for the operation is exceeded.
    NotEnoughLimitToPay,
    /// `TOTAL_AMOUNT_IS_TOO_SMALL` (200, payment): below the limit (4 roubles).
    TotalAmountIsTooSmall,
    /// `TERMINAL_STATE_OF_PAYMENT_TRANSACTION` (200, refund): cancelled or rejected before the
    /// debit, or already fully refunded.
    TerminalStateOfPaymentTransaction,
    /// `PAYMENT_TRANSACTION_IS_BEING_REFUNDED_ALREADY` (200, refund): another operation is
    /// unfinished; wait for it (its `refTransactionId`).
    PaymentTransactionIsBeingRefundedAlready,
    /// `REQUESTED_REFUND_AMOUNT_IS_GREATER_THAN_AVAILABLE` (200, refund).
    RequestedRefundAmountIsGreaterThanAvailable,
    /// `EXTERNAL_PROVIDER_ERROR` (200, refund): the payment provider's generic error.
    ExternalProviderError,
    /// `UNEXPECTED_REFUND_AMOUNT_LEFT_FROM_EXTERNAL_PROVIDER` (200, refund; the reference repeats
    /// another code's text for it).
    UnexpectedRefundAmountLeftFromExternalProvider,
    /// A code this version does not know, as received.
    Unknown(String),
}

/// The reference's codes: the nine of HTTP 422 `code`, then the seven more of a 200's
/// `errorCode` (`PAYMENT_TRANSACTION_IS_NOT_PAID` is in both lists).
const TABLE: [(&str, KoshelekErrorCode, &str); 16] = [
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
    (
        "NOT_ENOUGH_LIMIT_TO_PAY",
        KoshelekErrorCode::NotEnoughLimitToPay,
        "the limit for the operation is exceeded",
    ),
    (
        "TOTAL_AMOUNT_IS_TOO_SMALL",
        KoshelekErrorCode::TotalAmountIsTooSmall,
        "the amount is below the limit (4 roubles)",
    ),
    (
        "TERMINAL_STATE_OF_PAYMENT_TRANSACTION",
        KoshelekErrorCode::TerminalStateOfPaymentTransaction,
        "the payment was cancelled or rejected before the debit, or is already fully refunded",
    ),
    (
        "PAYMENT_TRANSACTION_IS_BEING_REFUNDED_ALREADY",
        KoshelekErrorCode::PaymentTransactionIsBeingRefundedAlready,
        "another operation on the payment is unfinished: wait for it (its refTransactionId)",
    ),
    (
        "REQUESTED_REFUND_AMOUNT_IS_GREATER_THAN_AVAILABLE",
        KoshelekErrorCode::RequestedRefundAmountIsGreaterThanAvailable,
        "the refund amount is greater than what is left of the payment",
    ),
    (
        "EXTERNAL_PROVIDER_ERROR",
        KoshelekErrorCode::ExternalProviderError,
        "the payment provider failed (its generic error)",
    ),
    (
        "UNEXPECTED_REFUND_AMOUNT_LEFT_FROM_EXTERNAL_PROVIDER",
        KoshelekErrorCode::UnexpectedRefundAmountLeftFromExternalProvider,
        "the provider reports an unexpected amount left to refund",
    ),
];

/// Whether a status's finality is stated by the reference or inferred by kassa.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The reference says so (koshelek-pay-api-v1.md §6: the wording of
    /// `TERMINAL_STATE_OF_PAYMENT_TRANSACTION` names it a terminal state).
    Reference,
    /// Inferred by kassa from the status's name and the scenarios (md §6 marks these).
    Inferred,
}

/// One status value: its name, whether it is final, and where that comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusInfo {
    /// The value as the gateway sends it.
    pub name: &'static str,
    /// Whether `waitForFinalStatus` stops at it.
    pub is_final: bool,
    /// Where the finality comes from.
    pub source: Source,
}

const fn status(name: &'static str, is_final: bool, source: Source) -> StatusInfo {
    StatusInfo {
        name,
        is_final,
        source,
    }
}

/// The payment `status` values (md §6). Final: `rejected`, `canceled`, `refunded` (the
/// reference's terminal states), `accepted` and `partial_refunded` (inferred: the payment is
/// completed; refunds may follow). Not final: `new`, `pending`, `refunding` (inferred), `none`
/// (only in cancel/refund answers, meaning not described: inferred not final).
pub const PAYMENT_STATUSES: [StatusInfo; 9] = [
    status("new", false, Source::Inferred),
    status("pending", false, Source::Inferred),
    status("accepted", true, Source::Inferred),
    status("rejected", true, Source::Reference),
    status("canceled", true, Source::Reference),
    status("refunding", false, Source::Inferred),
    status("refunded", true, Source::Reference),
    status("partial_refunded", true, Source::Inferred),
    status("none", false, Source::Inferred),
];

/// The cancel/refund `refStatus` values: `new` (not decided), `accepted`, `rejected` (both
/// final, inferred: the reference gives no table).
pub const REF_STATUSES: [StatusInfo; 3] = [
    status("new", false, Source::Inferred),
    status("accepted", true, Source::Inferred),
    status("rejected", true, Source::Inferred),
];

/// The errorCode of a 200 whose `status` or `refStatus` is `rejected` (`None` otherwise).
fn rejected_code(answer: &Value) -> Option<&str> {
    let is_rejected = |k: &str| {
        answer
            .get(k)
            .and_then(Value::as_str)
            .is_some_and(|s| s.eq_ignore_ascii_case("rejected"))
    };
    if !(is_rejected("status") || is_rejected("refStatus")) {
        return None;
    }
    answer
        .get("errorCode")
        .and_then(Value::as_str)
        .filter(|c| !c.is_empty())
}

/// A 200 answer that is a refusal: `status` (or `refStatus`) `rejected` with an `errorCode` is
/// `GATEWAY_ERROR` with that code, the reference's meaning, and the whole answer as `details`
/// (its `transactionId`, `slip`, `requestId`). A rejection without `errorCode` (a declined
/// cancel) stays an answer: read its `refStatus`.
pub fn rejected(what: &str, answer: &Value, http_status: u16) -> Option<Error> {
    let code = rejected_code(answer)?;
    let meaning = KoshelekErrorCode::parse(code)
        .description()
        .unwrap_or("see details");
    Some(
        Error::new(
            ErrorCode::GatewayError,
            format!("Koshelek {what} was rejected: {code}: {meaning}"),
        )
        .with_gateway(GatewayDetails {
            gateway: "koshelek",
            http_status: Some(http_status),
            error_code: Some(code.to_string()),
            error_message: Some(meaning.to_string()),
            details: Some(answer.to_string()),
        }),
    )
}

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
        // Any other status: HTTP_ERROR, with a JSON body's `code`/`details` when it has them (the
        // reference defines none for these statuses; kept so the caller sees what was said).
        s => {
            let code = json.as_ref().and_then(|v| v.get("code")).map(text);
            let details = json.as_ref().and_then(|v| v.get("details")).map(text);
            let said = code
                .as_deref()
                .map(|c| format!(": {c}"))
                .unwrap_or_default();
            Err(Error::new(
                ErrorCode::HttpError,
                format!("Koshelek {what}: HTTP {s}{said}"),
            )
            .with_gateway(GatewayDetails {
                error_code: code,
                error_message: details.clone(),
                details,
                ..base
            }))
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_sixteen_codes_round_trip() {
        assert_eq!(KoshelekErrorCode::all().count(), 16);
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
        let e = parse(
            "x",
            &HttpResponse::new(
                400,
                r#"{"code":"VALIDATION_ERROR","details":"cardSession is required"}"#,
            ),
        )
        .unwrap_err();
        assert_eq!(e.code(), ErrorCode::HttpError);
        assert_eq!(
            e.gateway().unwrap().error_code.as_deref(),
            Some("VALIDATION_ERROR")
        );
        let ok = parse(
            "x",
            &HttpResponse::new(200, r#"{"transactionId":"t","newField":{"a":1}}"#),
        )
        .unwrap();
        assert_eq!(ok["transactionId"], "t");
    }

    #[test]
    fn rejected_answers_with_an_error_code_are_gateway_errors() {
        let a = serde_json::json!({"status": "rejected", "errorCode": "NOT_ENOUGH_LIMIT_TO_PAY", "transactionId": "t"});
        let e = rejected("checkout", &a, 200).unwrap();
        assert_eq!(e.code(), ErrorCode::GatewayError);
        let g = e.gateway().unwrap();
        assert_eq!(g.error_code.as_deref(), Some("NOT_ENOUGH_LIMIT_TO_PAY"));
        assert_eq!(g.http_status, Some(200));
        let d: Value = serde_json::from_str(g.details.as_deref().unwrap()).unwrap();
        assert_eq!(d["transactionId"], "t");
        let refund = serde_json::json!({"status": "accepted", "refStatus": "rejected", "errorCode": "EXTERNAL_PROVIDER_ERROR"});
        assert!(rejected("refund", &refund, 200).is_some());
        for fine in [
            serde_json::json!({"status": "rejected"}),
            serde_json::json!({"status": "accepted", "errorCode": "X"}),
            serde_json::json!({"refStatus": "rejected", "errorCode": ""}),
        ] {
            assert!(rejected("x", &fine, 200).is_none(), "{fine}");
        }
        assert_eq!(PAYMENT_STATUSES.iter().filter(|s| s.is_final).count(), 5);
    }
}
