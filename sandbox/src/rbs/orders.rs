//! The RBS order and its state machine (pure: no I/O; callers send the callbacks it returns).
//!
//! orderStatus: 0 registered, 1 approved (hold), 2 deposited, 3 reversed, 4 refunded,
//! 5 ACS authentication started, 6 declined.

use serde_json::{json, Value};

use crate::cards::{self, Card};
use crate::util;

use super::params::RbsError;

/// Order statuses.
pub mod status {
    /// Registered, not paid.
    pub const REGISTERED: u8 = 0;
    /// Pre-authorized (funds held).
    pub const APPROVED: u8 = 1;
    /// Deposited (paid).
    pub const DEPOSITED: u8 = 2;
    /// Authorization reversed.
    pub const REVERSED: u8 = 3;
    /// Refunded (fully or partially).
    pub const REFUNDED: u8 = 4;
    /// 3-D Secure authentication started.
    pub const ACS: u8 = 5;
    /// Declined.
    pub const DECLINED: u8 = 6;
}

/// A 3-D Secure authentication in progress.
#[derive(Debug, Clone)]
pub struct Pending3ds {
    /// 1 or 2.
    pub version: u8,
    /// 3DS2 transaction id (also used as MD for 3DS1).
    pub trans_id: String,
    /// The card being authenticated.
    pub card: Card,
    /// Whether the ACS challenge passed (None = not answered yet).
    pub passed: Option<bool>,
    /// 3DS2: whether the 3DS Method ran.
    pub method_done: bool,
}

/// One refund.
#[derive(Debug, Clone)]
pub struct Refund {
    /// Amount in minor units.
    pub amount: u64,
    /// Unix ms.
    pub time: u64,
    /// externalRefundId, if given.
    pub external_id: Option<String>,
}

/// One RBS order.
#[derive(Debug, Clone)]
pub struct Order {
    /// orderId / mdOrder.
    pub id: String,
    /// Merchant name.
    pub merchant: String,
    /// orderNumber.
    pub order_number: String,
    /// amount (minor units).
    pub amount: u64,
    /// ISO 4217 numeric.
    pub currency: String,
    /// returnUrl.
    pub return_url: String,
    /// failUrl.
    pub fail_url: Option<String>,
    /// dynamicCallbackUrl.
    pub dynamic_callback_url: Option<String>,
    /// description.
    pub description: String,
    /// language.
    pub language: String,
    /// clientId.
    pub client_id: Option<String>,
    /// email.
    pub email: Option<String>,
    /// jsonParams, as merchantOrderParams.
    pub json_params: Vec<(String, String)>,
    /// registerPreAuth (two-stage).
    pub two_stage: bool,
    /// Unix ms.
    pub created: u64,
    /// Unix ms.
    pub expires: u64,
    /// orderStatus.
    pub status: u8,
    /// actionCode.
    pub action_code: i64,
    /// actionCodeDescription.
    pub action_description: String,
    /// approvedAmount.
    pub approved: u64,
    /// depositedAmount.
    pub deposited: u64,
    /// refundedAmount.
    pub refunded: u64,
    /// The card, once a payment was attempted.
    pub card: Option<Card>,
    /// bindingId (stored credential) used or created.
    pub binding_id: Option<String>,
    /// authDateTime.
    pub auth_time: Option<u64>,
    /// authRefNum.
    pub auth_ref: Option<String>,
    /// 3-D Secure in progress.
    pub three_ds: Option<Pending3ds>,
    /// Refunds made.
    pub refunds: Vec<Refund>,
    /// Extra fields of special orders (SBP QR, templates...), merged into the status answer.
    pub extra: Value,
    /// Fiscal receipts (getReceiptStatus.do).
    pub receipts: Vec<Value>,
}

impl Order {
    /// A just-registered order (status 0) of `merchant` with nothing paid, refunded or bound yet:
    /// the identity, money and URLs given here, every other field at its starting value.
    pub fn registered(
        id: String,
        merchant: String,
        order_number: String,
        amount: u64,
        return_url: String,
        created: u64,
        expires: u64,
    ) -> Self {
        Self {
            id,
            merchant,
            order_number,
            amount,
            currency: "643".into(),
            return_url,
            fail_url: None,
            dynamic_callback_url: None,
            description: String::new(),
            language: "ru".into(),
            client_id: None,
            email: None,
            json_params: Vec::new(),
            two_stage: false,
            created,
            expires,
            status: status::REGISTERED,
            action_code: 0,
            action_description: String::new(),
            approved: 0,
            deposited: 0,
            refunded: 0,
            card: None,
            binding_id: None,
            auth_time: None,
            auth_ref: None,
            three_ds: None,
            refunds: Vec::new(),
            extra: Value::Null,
            receipts: Vec::new(),
        }
    }
}

/// What a callback should say: `operation` and `status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// approved, deposited, reversed, refunded, declinedByTimeout, ...
    pub operation: &'static str,
    /// 1 success, 0 failure.
    pub status: u8,
    /// Extra callback parameters.
    pub extra: Vec<(String, String)>,
}

fn event(operation: &'static str, status: u8) -> Event {
    Event {
        operation,
        status,
        extra: Vec::new(),
    }
}

impl Order {
    /// Whether the order can still be paid.
    pub fn payable(&self) -> bool {
        self.status == status::REGISTERED || self.status == status::ACS
    }

    /// Declines an unpaid order whose lifetime is over; returns the event when it did.
    pub fn expire_if_due(&mut self, now: u64) -> Option<Event> {
        if self.payable() && now >= self.expires {
            self.status = status::DECLINED;
            self.action_code = -2007;
            self.action_description = "Payment session timed out".into();
            self.three_ds = None;
            return Some(event("declinedByTimeout", 0));
        }
        None
    }

    /// Completes a payment attempt with `card`: approved (two-stage) or deposited.
    pub fn pay_success(&mut self, card: Card, now: u64) -> Event {
        self.card = Some(card);
        self.three_ds = None;
        self.auth_time = Some(now);
        self.auth_ref = Some(format!("{:012}", now % 1_000_000_000_000));
        self.action_code = 0;
        self.action_description = String::new();
        self.approved = self.amount;
        if self.two_stage {
            self.status = status::APPROVED;
            event("approved", 1)
        } else {
            self.status = status::DEPOSITED;
            self.deposited = self.amount;
            event("deposited", 1)
        }
    }

    /// A declined payment attempt (issuer decline or failed 3-D Secure).
    pub fn pay_decline(&mut self, card: Card, action_code: i64, why: &str) -> Event {
        self.card = Some(card);
        self.three_ds = None;
        self.status = status::DECLINED;
        self.action_code = action_code;
        self.action_description = why.into();
        event(
            if self.two_stage {
                "approved"
            } else {
                "deposited"
            },
            0,
        )
    }

    /// deposit.do: completes a pre-authorized order (amount 0 = the whole approved amount).
    pub fn deposit(&mut self, amount: u64) -> Result<Event, RbsError> {
        if self.status != status::APPROVED {
            return Err(RbsError::wrong_state(
                "Payment must be in a correct state (approved) for deposit",
            ));
        }
        let amount = if amount == 0 { self.approved } else { amount };
        if amount > self.approved {
            return Err(RbsError::new(
                5,
                "Deposit amount exceeds the approved amount",
            ));
        }
        self.deposited = amount;
        self.status = status::DEPOSITED;
        Ok(event("deposited", 1))
    }

    /// reverse.do: cancels a hold (approved) or a same-day deposited payment without refunds.
    pub fn reverse(&mut self, amount: Option<u64>) -> Result<Event, RbsError> {
        let reversible = self.status == status::APPROVED
            || (self.status == status::DEPOSITED && self.refunded == 0);
        if !reversible {
            return Err(RbsError::wrong_state(
                "Reversal is impossible: the order is not approved or deposited",
            ));
        }
        let full = if self.status == status::APPROVED {
            self.approved
        } else {
            self.deposited
        };
        if let Some(a) = amount {
            if a != 0 && a != full {
                return Err(RbsError::new(
                    5,
                    "Partial reversal is not supported by this merchant; omit amount",
                ));
            }
        }
        self.status = status::REVERSED;
        self.deposited = 0;
        Ok(event("reversed", 1))
    }

    /// refund.do: full or partial refunds, never more than was deposited in total.
    pub fn refund(
        &mut self,
        amount: u64,
        external_id: Option<String>,
        now: u64,
    ) -> Result<Event, RbsError> {
        if self.status != status::DEPOSITED && self.status != status::REFUNDED {
            return Err(RbsError::wrong_state(
                "Payment must be in a correct state (deposited) for refund",
            ));
        }
        if amount == 0 {
            return Err(RbsError::new(
                5,
                "Wrong amount: the refund amount must be positive",
            ));
        }
        let left = self.deposited - self.refunded;
        if amount > left {
            return Err(RbsError::new(
                7,
                &format!("Refund amount {amount} exceeds the amount left to refund ({left})"),
            ));
        }
        self.refunded += amount;
        self.status = status::REFUNDED;
        self.refunds.push(Refund {
            amount,
            time: now,
            external_id: external_id.clone(),
        });
        let mut e = event("refunded", 1);
        e.extra
            .push(("operationRefundedAmount".into(), amount.to_string()));
        if let Some(id) = external_id {
            e.extra.push(("externalRefundId".into(), id));
        }
        Ok(e)
    }

    /// decline.do: only an unpaid order.
    pub fn decline(&mut self) -> Result<(), RbsError> {
        if !self.payable() {
            return Err(RbsError::wrong_state(
                "Order is in a wrong state: only an unpaid order can be declined",
            ));
        }
        self.status = status::DECLINED;
        self.action_code = -2010;
        self.action_description = "Order declined by the merchant".into();
        self.three_ds = None;
        Ok(())
    }

    /// Adds a fiscal receipt of `amount` made at `now` (status 1: registered by the fiscal
    /// operator) and returns it.
    pub fn push_receipt(&mut self, amount: u64, now: u64) -> &mut Value {
        let n = (self.receipts.len() + 1).to_string();
        self.receipts.push(json!({
            "receiptStatus": 1,
            "uuid": util::uuid(),
            "shift_number": "1",
            "fiscal_receipt_number": n,
            "receipt_date_time": now,
            "fn_number": "9999078900006364",
            "ecr_registration_number": "1234567890023481",
            "fiscal_document_number": n,
            "fiscal_document_attribute": "3713381819",
            "amount_total": amount,
        }));
        let last = self.receipts.len() - 1;
        &mut self.receipts[last]
    }

    /// paymentState of paymentAmountInfo.
    pub fn payment_state(&self) -> &'static str {
        match self.status {
            status::REGISTERED => "CREATED",
            status::APPROVED => "APPROVED",
            status::DEPOSITED => "DEPOSITED",
            status::REVERSED => "REVERSED",
            status::REFUNDED => "REFUNDED",
            status::ACS => "STARTED",
            _ => "DECLINED",
        }
    }

    /// The getOrderStatusExtended.do answer.
    pub fn status_json(&self) -> Value {
        let mut v = json!({
            "errorCode": "0",
            "errorMessage": "Success",
            "orderNumber": self.order_number,
            "orderStatus": self.status,
            "actionCode": self.action_code,
            "actionCodeDescription": self.action_description,
            "amount": self.amount,
            "currency": self.currency,
            "date": self.created,
            "orderDescription": self.description,
            "merchantOrderParams": self.json_params.iter().map(|(n, v)| json!({"name": n, "value": v})).collect::<Vec<_>>(),
            "transactionAttributes": [],
            "attributes": [{ "name": "mdOrder", "value": self.id }],
            "terminalId": "123456",
            "paymentAmountInfo": {
                "paymentState": self.payment_state(),
                "approvedAmount": self.approved,
                "depositedAmount": self.deposited,
                "refundedAmount": self.refunded,
                "feeAmount": 0,
                "totalAmount": self.amount,
            },
            "bankInfo": { "bankCountryCode": "RU", "bankCountryName": "Russia" },
        });
        if let Some(card) = &self.card {
            let masked = cards::mask(&card.pan);
            v["cardAuthInfo"] = json!({
                "maskedPan": masked,
                "expiration": card.expiry,
                "cardholderName": card.holder,
                "approvalCode": if self.auth_time.is_some() { "123456" } else { "" },
                "pan": masked,
            });
        }
        if let Some(t) = self.auth_time {
            v["authDateTime"] = json!(t);
        }
        if let Some(r) = &self.auth_ref {
            v["authRefNum"] = json!(r);
        }
        if let Some(email) = &self.email {
            v["payerData"] = json!({ "email": email });
        }
        if let (Some(client), Some(binding)) = (&self.client_id, &self.binding_id) {
            v["bindingInfo"] = json!({ "clientId": client, "bindingId": binding });
        }
        if !self.refunds.is_empty() {
            v["refunds"] = Value::Array(
                self.refunds
                    .iter()
                    .map(|r| json!({ "amount": r.amount, "date": r.time, "externalRefundId": r.external_id }))
                    .collect(),
            );
        }
        if let Value::Object(extra) = &self.extra {
            for (k, x) in extra {
                v[k] = x.clone();
            }
        }
        v
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub mod tests {
    use super::*;

    /// A registered order for tests.
    pub fn order(two_stage: bool) -> Order {
        Order {
            language: "en".into(),
            two_stage,
            ..Order::registered(
                "id".into(),
                "hmac".into(),
                "n1".into(),
                1000,
                "https://m.test/ok".into(),
                0,
                1000,
            )
        }
    }

    fn card() -> Card {
        Card {
            pan: "4111111111111111".into(),
            expiry: "203012".into(),
            holder: "T".into(),
        }
    }

    #[test]
    fn one_stage_pay_then_partial_refunds_never_exceed() {
        let mut o = order(false);
        assert!(o.deposit(0).is_err());
        assert!(o.refund(1, None, 0).is_err(), "nothing paid yet");
        assert_eq!(o.pay_success(card(), 1).operation, "deposited");
        assert_eq!(o.status, status::DEPOSITED);
        assert!(o.decline().is_err());
        o.refund(300, None, 2).unwrap();
        assert_eq!(o.status, status::REFUNDED);
        assert_eq!(o.refund(701, None, 3).unwrap_err().code, 7);
        o.refund(700, None, 3).unwrap();
        assert_eq!(o.refunded, 1000);
        assert!(o.refund(1, None, 4).is_err());
    }

    #[test]
    fn two_stage_deposit_and_reverse() {
        let mut o = order(true);
        assert_eq!(o.pay_success(card(), 1).operation, "approved");
        assert!(o.refund(1, None, 0).is_err(), "approved is not deposited");
        assert_eq!(o.deposit(1001).unwrap_err().code, 5);
        o.deposit(800).unwrap();
        assert_eq!((o.status, o.deposited), (status::DEPOSITED, 800));
        assert!(o.deposit(0).is_err());
        let mut o = order(true);
        o.pay_success(card(), 1);
        o.reverse(None).unwrap();
        assert_eq!(o.status, status::REVERSED);
        assert!(o.reverse(None).is_err());
        assert!(o.deposit(0).is_err());
    }

    #[test]
    fn decline_and_expiry_only_unpaid() {
        let mut o = order(false);
        assert!(o.expire_if_due(999).is_none());
        assert_eq!(
            o.expire_if_due(1000).unwrap().operation,
            "declinedByTimeout"
        );
        assert_eq!(o.status, status::DECLINED);
        assert!(o.decline().is_err());
        let mut o = order(false);
        o.decline().unwrap();
        assert_eq!(o.status, status::DECLINED);
        let mut o = order(false);
        o.pay_success(card(), 1);
        assert!(o.expire_if_due(5000).is_none());
    }
}
