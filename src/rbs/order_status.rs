//! The `orderStatus` of `getOrderStatusExtended`: 0–6, with names, `is_paid` as the reference's
//! rule of thumb defines it ("the order is considered to be payed only if the orderStatus value
//! is 1 or 2"), and which statuses are final for `waitForFinalStatus`.

/// An RBS order status. Unknown numbers are kept, never rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrderStatus {
    /// 0: registered, not paid.
    Registered,
    /// 1: pre-authorized: the amount is held (two-stage payment).
    Approved,
    /// 2: the full amount is authorized and deposited.
    Deposited,
    /// 3: the authorization was reversed.
    Reversed,
    /// 4: refunded.
    Refunded,
    /// 5: authorization through the issuer's ACS (3-D Secure) initiated.
    AcsAuthInitiated,
    /// 6: authorization declined.
    Declined,
    /// A status this version does not know.
    Unknown(i64),
}

impl OrderStatus {
    /// The status for a number.
    pub fn from_code(code: i64) -> Self {
        match code {
            0 => Self::Registered,
            1 => Self::Approved,
            2 => Self::Deposited,
            3 => Self::Reversed,
            4 => Self::Refunded,
            5 => Self::AcsAuthInitiated,
            6 => Self::Declined,
            n => Self::Unknown(n),
        }
    }

    /// The number the gateway sends.
    pub fn code(self) -> i64 {
        match self {
            Self::Registered => 0,
            Self::Approved => 1,
            Self::Deposited => 2,
            Self::Reversed => 3,
            Self::Refunded => 4,
            Self::AcsAuthInitiated => 5,
            Self::Declined => 6,
            Self::Unknown(n) => n,
        }
    }

    /// The upper-case name (`"DEPOSITED"`, `"UNKNOWN"` for unknown numbers).
    pub fn name(self) -> &'static str {
        match self {
            Self::Registered => "REGISTERED",
            Self::Approved => "APPROVED",
            Self::Deposited => "DEPOSITED",
            Self::Reversed => "REVERSED",
            Self::Refunded => "REFUNDED",
            Self::AcsAuthInitiated => "ACS_AUTH_INITIATED",
            Self::Declined => "DECLINED",
            Self::Unknown(_) => "UNKNOWN",
        }
    }

    /// Paid: 1 (held) or 2 (deposited), as the reference defines it.
    pub fn is_paid(self) -> bool {
        matches!(self, Self::Approved | Self::Deposited)
    }

    /// Final for the buyer's payment attempt: everything except registered (0) and 3-D Secure in
    /// progress (5). A held order (1) only moves on when the merchant deposits or reverses it.
    pub fn is_final(self) -> bool {
        !matches!(
            self,
            Self::Registered | Self::AcsAuthInitiated | Self::Unknown(_)
        )
    }
}

/// True when a `getOrderStatusExtended` answer's `orderStatus` is final (the poller's rule).
pub fn is_settled(answer: &serde_json::Value) -> bool {
    answer
        .get("orderStatus")
        .and_then(serde_json::Value::as_i64)
        .is_some_and(|c| OrderStatus::from_code(c).is_final())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_names_and_paid() {
        for c in 0..=6 {
            assert_eq!(OrderStatus::from_code(c).code(), c);
        }
        assert_eq!(OrderStatus::from_code(2).name(), "DEPOSITED");
        let paid: Vec<i64> = (0..=7)
            .filter(|c| OrderStatus::from_code(*c).is_paid())
            .collect();
        assert_eq!(paid, [1, 2]);
        let fin: Vec<i64> = (0..=7)
            .filter(|c| OrderStatus::from_code(*c).is_final())
            .collect();
        assert_eq!(fin, [1, 2, 3, 4, 6]);
        assert_eq!(OrderStatus::from_code(9), OrderStatus::Unknown(9));
    }
}
