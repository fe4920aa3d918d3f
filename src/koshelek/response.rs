//! The error codes of Koshelek Pay's HTTP 422 answers (`{ "code": ..., "details": ... }`), as the
//! reference's table lists them. Unknown codes are kept, never rejected.

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

#[cfg(test)]
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
}
