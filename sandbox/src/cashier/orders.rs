//! The Mobile Cashier order: amounts and fee, its JSON, and the status transitions of the
//! reference's status table.

use serde_json::{json, Value};

use crate::util::iso_datetime_z as iso;

/// The fee the emulator charges on every order: 3 % of the payment amount.
pub const FEE_PERCENT: u64 = 3;

/// RUB kopecks per 100 minor units of each currency the reference lists (fixed test rates).
pub fn rate(currency: &str) -> Option<u64> {
    Some(match currency {
        "RUB" => 100,
        "USD" => 9000,
        "EUR" => 10000,
        "AED" => 2450,
        "THB" => 250,
        "TRY" => 280,
        _ => return None,
    })
}

fn div_round(a: u64, b: u64) -> u64 {
    (a + b / 2) / b
}

/// The amounts of an order: (orderAmount, paymentAmount in RUB kopecks, fee in RUB kopecks).
///
/// With `orderAmount`: converted to RUB, the fee added on top (the buyer pays orderAmount + fee).
/// With `paymentAmount`: the buyer pays exactly that; the fee is deducted and the rest converted
/// back to the order currency.
pub fn amounts(
    order_amount: Option<u64>,
    payment_amount: Option<u64>,
    currency_rate: u64,
) -> (u64, u64, u64) {
    match (order_amount, payment_amount) {
        (Some(order), _) => {
            let rub = div_round(order.saturating_mul(currency_rate), 100);
            let fee = div_round(rub.saturating_mul(FEE_PERCENT), 100);
            (order, rub + fee, fee)
        }
        (None, Some(payment)) => {
            let fee = div_round(payment.saturating_mul(FEE_PERCENT), 100);
            let net = payment - fee;
            (net.saturating_mul(100) / currency_rate.max(1), payment, fee)
        }
        (None, None) => (0, 0, 0),
    }
}

/// One Mobile Cashier order.
#[derive(Debug, Clone)]
pub struct CashierOrder {
    /// Numeric id.
    pub id: u64,
    /// Set by the /form method.
    pub external_id: Option<String>,
    /// merchantOrderId.
    pub merchant_order_id: Option<String>,
    /// PayIn or PayOut.
    pub kind: String,
    /// Current status (reference table).
    pub status: String,
    /// tspId.
    pub tsp_id: u64,
    /// orderAmount (order currency minor units).
    pub order_amount: u64,
    /// orderCurrency.
    pub order_currency: String,
    /// paymentAmount (RUB kopecks).
    pub payment_amount: u64,
    /// Fee (RUB kopecks).
    pub fee_amount: u64,
    /// Refunded so far (RUB kopecks).
    pub refunded_amount: u64,
    /// description.
    pub description: Option<String>,
    /// callbackUrl.
    pub callback_url: Option<String>,
    /// Unix ms.
    pub created: u64,
    /// Unix ms.
    pub updated: u64,
    /// Unix ms.
    pub expires: u64,
    /// Card used (masked).
    pub masked_pan: Option<String>,
    /// PayIn by card: SMS (charge at once) or DMS (hold).
    pub payment_type: Option<String>,
    /// Extra objects (qrcData, sberPay, payout).
    pub extra: serde_json::Map<String, Value>,
}

/// Statuses from which nothing moves any more except by refund.
pub fn is_paid(status: &str) -> bool {
    matches!(status, "CHARGED" | "IPS_ACCEPTED" | "PARTIALLY_REFUNDED")
}

impl CashierOrder {
    /// The `order` object of every answer and of the webhooks.
    pub fn to_json(&self) -> Value {
        let mut v = json!({
            "id": self.id,
            "externalOrderId": self.external_id,
            "merchantOrderId": self.merchant_order_id,
            "type": self.kind,
            "status": self.status,
            "tspId": self.tsp_id,
            "orderAmount": self.order_amount,
            "orderCurrency": self.order_currency,
            "paymentAmount": self.payment_amount,
            "paymentCurrency": "RUB",
            "feeAmount": self.fee_amount,
            "refundedAmount": self.refunded_amount,
            "description": self.description,
            "callbackUrl": self.callback_url,
            "createdAt": iso(self.created),
            "updatedAt": iso(self.updated),
            "expiresAt": iso(self.expires),
            "maskedPan": self.masked_pan,
            "paymentType": self.payment_type,
        });
        if let Value::Object(o) = &mut v {
            for (k, x) in &self.extra {
                o.insert(k.clone(), x.clone());
            }
        }
        v
    }

    /// Expires a CREATED (or QR-registered) order whose lifetime is over.
    pub fn expire_if_due(&mut self, now: u64) -> bool {
        if matches!(self.status.as_str(), "CREATED" | "QRCDATA_CREATED") && now >= self.expires {
            self.set(now, "EXPIRED");
            return true;
        }
        false
    }

    /// Changes the status.
    pub fn set(&mut self, now: u64, status: &str) {
        self.status = status.to_string();
        self.updated = now;
    }

    /// A refund of `amount` kopecks (the rest when None). Returns the error text when refused.
    pub fn refund(&mut self, amount: Option<u64>, now: u64) -> Result<(), String> {
        if self.kind != "PayIn" || !is_paid(&self.status) {
            return Err(format!(
                "order {} cannot be refunded in status {}",
                self.id, self.status
            ));
        }
        let left = self.payment_amount - self.refunded_amount;
        let amount = amount.unwrap_or(left);
        if amount == 0 {
            return Err("refund amount must be positive".into());
        }
        if amount > left {
            return Err(format!(
                "refund amount {amount} exceeds the amount left to refund ({left})"
            ));
        }
        self.refunded_amount += amount;
        let status = if self.refunded_amount == self.payment_amount {
            "REFUNDED"
        } else {
            "PARTIALLY_REFUNDED"
        };
        self.set(now, status);
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn fee_on_top_or_deducted() {
        // orderAmount 100 EUR cents = 100 RUB = 10000 kopecks, fee 3 % = 300: pay 10300.
        assert_eq!(
            amounts(Some(100), None, rate("EUR").unwrap()),
            (100, 10300, 300)
        );
        // paymentAmount 10000 kopecks: fee 300 deducted, 9700 kopecks = 97 EUR cents.
        assert_eq!(
            amounts(None, Some(10000), rate("EUR").unwrap()),
            (97, 10000, 300)
        );
        assert_eq!(
            amounts(Some(10000), None, rate("RUB").unwrap()),
            (10000, 10300, 300)
        );
        assert!(rate("GBP").is_none());
    }

    fn order() -> CashierOrder {
        CashierOrder {
            id: 1,
            external_id: None,
            merchant_order_id: None,
            kind: "PayIn".into(),
            status: "CHARGED".into(),
            tsp_id: 1,
            order_amount: 100,
            order_currency: "RUB".into(),
            payment_amount: 1000,
            fee_amount: 30,
            refunded_amount: 0,
            description: None,
            callback_url: None,
            created: 0,
            updated: 0,
            expires: 10,
            masked_pan: None,
            payment_type: None,
            extra: Default::default(),
        }
    }

    #[test]
    fn refunds_never_exceed() {
        let mut o = order();
        o.refund(Some(400), 1).unwrap();
        assert_eq!(o.status, "PARTIALLY_REFUNDED");
        assert!(o.refund(Some(601), 1).is_err());
        o.refund(None, 1).unwrap();
        assert_eq!((o.status.as_str(), o.refunded_amount), ("REFUNDED", 1000));
        assert!(o.refund(None, 1).is_err());
        let mut o = order();
        o.status = "CREATED".into();
        assert!(o.refund(None, 1).is_err());
        assert!(o.expire_if_due(10));
        assert_eq!(o.status, "EXPIRED");
    }
}
