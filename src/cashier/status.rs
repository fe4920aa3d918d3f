//! Mobile Cashier order statuses: the 20 of the reference's "Order Statuses" table, each with its
//! Final flag exactly as the table gives it, and any other name kept as [`OrderStatus::Unknown`].
//!
//! Other renderings of this API call the fast-payment-system status `SBP_ACCEPTED` (SBP is the
//! Russian name of the IPS); it is read as [`OrderStatus::IpsAccepted`].

/// A Mobile Cashier order status.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OrderStatus {
    /// `CREATED` — order created (Final: yes).
    Created,
    /// `DECLINED` — order declined (Final: yes).
    Declined,
    /// `EXPIRED` — order validity time has expired (Final: yes).
    Expired,
    /// `IN_PROCESS` — not determined, clarification is needed (Final: no).
    InProcess,
    /// `PAYOUT_IN_PROGRESS` — not determined, clarification is needed (Final: no).
    PayoutInProgress,
    /// `QRCDATA_IN_PROGRESS` — not determined, clarification is needed (Final: no).
    QrcDataInProgress,
    /// `IPS_ACCEPTED` (also sent as `SBP_ACCEPTED`) — successful payment via IPS (Final: yes).
    IpsAccepted,
    /// `CHARGE_IN_PROGRESS` — fund debit transaction has started (Final: no).
    ChargeInProgress,
    /// `CHARGE_DECLINED` — fund debit has been declined (Final: no).
    ChargeDeclined,
    /// `CHARGED` — funds have been debited (Final: yes).
    Charged,
    /// `QRCDATA_CREATED` — QR code retrieval was successful (Final: no).
    QrcDataCreated,
    /// `PAID` — payout has been made (Final: yes).
    Paid,
    /// `REFUNDED` — order has been refunded (Final: yes).
    Refunded,
    /// `PARTIALLY_REFUNDED` — order has been partially refunded (Final: yes).
    PartiallyRefunded,
    /// `AUTHORIZATION` — hold transaction has started (Final: no).
    Authorization,
    /// `AUTHORIZED` — order has been authorized (Final: yes).
    Authorized,
    /// `VOID_IN_PROGRESS` — hold reversal transaction has started (Final: no).
    VoidInProgress,
    /// `VOID_DECLINED` — hold reversal has been declined (Final: no).
    VoidDeclined,
    /// `VOIDED` — funds have been released (Final: yes).
    Voided,
    /// `PRE_AUTHORIZED_3DS` — awaiting 3-D Secure authentication results (Final: no).
    PreAuthorized3ds,
    /// A status this version of kassa does not know, kept verbatim.
    Unknown(String),
}

/// `(name, status, final)` for every known status, in the reference's table order.
const TABLE: [(&str, OrderStatus, bool); 20] = [
    ("CREATED", OrderStatus::Created, true),
    ("DECLINED", OrderStatus::Declined, true),
    ("EXPIRED", OrderStatus::Expired, true),
    ("IN_PROCESS", OrderStatus::InProcess, false),
    ("PAYOUT_IN_PROGRESS", OrderStatus::PayoutInProgress, false),
    ("QRCDATA_IN_PROGRESS", OrderStatus::QrcDataInProgress, false),
    ("IPS_ACCEPTED", OrderStatus::IpsAccepted, true),
    ("CHARGE_IN_PROGRESS", OrderStatus::ChargeInProgress, false),
    ("CHARGE_DECLINED", OrderStatus::ChargeDeclined, false),
    ("CHARGED", OrderStatus::Charged, true),
    ("QRCDATA_CREATED", OrderStatus::QrcDataCreated, false),
    ("PAID", OrderStatus::Paid, true),
    ("REFUNDED", OrderStatus::Refunded, true),
    ("PARTIALLY_REFUNDED", OrderStatus::PartiallyRefunded, true),
    ("AUTHORIZATION", OrderStatus::Authorization, false),
    ("AUTHORIZED", OrderStatus::Authorized, true),
    ("VOID_IN_PROGRESS", OrderStatus::VoidInProgress, false),
    ("VOID_DECLINED", OrderStatus::VoidDeclined, false),
    ("VOIDED", OrderStatus::Voided, true),
    ("PRE_AUTHORIZED_3DS", OrderStatus::PreAuthorized3ds, false),
];

impl OrderStatus {
    /// Every known status, in the reference's table order.
    pub fn all() -> impl Iterator<Item = OrderStatus> {
        TABLE.into_iter().map(|(_, s, _)| s)
    }

    /// Reads a status name as the gateway sends it. `SBP_ACCEPTED` is `IpsAccepted`; names are
    /// matched exactly (the gateway sends upper case); anything else is `Unknown`, kept verbatim.
    pub fn parse(name: &str) -> Self {
        if name == "SBP_ACCEPTED" {
            return Self::IpsAccepted;
        }
        TABLE
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, s, _)| s.clone())
            .unwrap_or_else(|| Self::Unknown(name.to_owned()))
    }

    /// The reference's name (`"CHARGED"`, ...), or the unknown name as received.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Unknown(name) => name,
            known => TABLE
                .iter()
                .find(|(_, s, _)| s == known)
                .map(|(n, _, _)| *n)
                .unwrap_or(""),
        }
    }

    /// The Final flag of the reference's table. Unknown statuses are not final (ask the API).
    pub fn is_final(&self) -> bool {
        TABLE
            .iter()
            .find(|(_, s, _)| s == self)
            .is_some_and(|(_, _, f)| *f)
    }

    /// Whether the status is one of the 20 in the reference (or `SBP_ACCEPTED`).
    pub fn is_known(&self) -> bool {
        !matches!(self, Self::Unknown(_))
    }

    /// Money reached the merchant: `CHARGED`, `IPS_ACCEPTED` (incl. `SBP_ACCEPTED`) or, for
    /// payouts, `PAID`.
    pub fn is_paid(&self) -> bool {
        matches!(self, Self::Charged | Self::IpsAccepted | Self::Paid)
    }

    /// The order ended without money reaching the merchant: `DECLINED`, `EXPIRED` or `VOIDED`
    /// (final, not paid, and neither a refund nor a hold nor the initial `CREATED`).
    pub fn is_declined(&self) -> bool {
        matches!(self, Self::Declined | Self::Expired | Self::Voided)
    }
}

/// True when an `orderStatus`/`getOrder` answer carries a status the wait may end on: a final
/// status other than `CREATED`.
///
/// The reference's table marks `CREATED` as final, yet every order starts there and moves on
/// when the buyer pays; a wait that ended at `CREATED` would end at once. So `waitForFinalStatus`
/// ends at a final status other than `CREATED` (or at the deadline, with the last answer in the
/// error).
pub fn is_settled(answer: &serde_json::Value) -> bool {
    super::response::order_status(answer)
        .map(OrderStatus::parse)
        .is_some_and(|s| s.is_final() && s != OrderStatus::Created)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_twenty_round_trip_with_the_table_flags() {
        assert_eq!(OrderStatus::all().count(), 20);
        for s in OrderStatus::all() {
            assert_eq!(OrderStatus::parse(s.as_str()), s);
            assert!(s.is_known());
        }
        let finals: Vec<String> = OrderStatus::all()
            .filter(OrderStatus::is_final)
            .map(|s| s.as_str().to_owned())
            .collect();
        assert_eq!(
            finals,
            [
                "CREATED",
                "DECLINED",
                "EXPIRED",
                "IPS_ACCEPTED",
                "CHARGED",
                "PAID",
                "REFUNDED",
                "PARTIALLY_REFUNDED",
                "AUTHORIZED",
                "VOIDED"
            ]
        );
    }

    #[test]
    fn sbp_alias_and_unknown() {
        assert_eq!(OrderStatus::parse("SBP_ACCEPTED"), OrderStatus::IpsAccepted);
        assert!(OrderStatus::parse("SBP_ACCEPTED").is_paid());
        let u = OrderStatus::parse("NEW_THING");
        assert_eq!(u, OrderStatus::Unknown("NEW_THING".into()));
        assert_eq!(u.as_str(), "NEW_THING");
        assert!(!u.is_final());
        let declined: Vec<String> = OrderStatus::all()
            .filter(OrderStatus::is_declined)
            .map(|s| s.as_str().to_owned())
            .collect();
        assert_eq!(declined, ["DECLINED", "EXPIRED", "VOIDED"]);
        assert!(OrderStatus::all().all(|s| !(s.is_declined() && (s.is_paid() || !s.is_final()))));
        assert_eq!(
            OrderStatus::parse("charged"),
            OrderStatus::Unknown("charged".into())
        );
    }
}
