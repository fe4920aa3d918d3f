//! Koshelek Pay state: the partner's credentials and stores, payments, availability tasks and
//! remembered answers (`requestId`).

use std::collections::HashMap;

use serde_json::Value;

use crate::cli::Config;

/// Everything the Koshelek Pay emulator remembers.
#[derive(Default)]
pub struct Store {
    /// The partner name in the base path.
    pub partner: String,
    /// API login.
    pub login: String,
    /// API password.
    pub password: String,
    /// The store.
    pub store_id: String,
    /// A terminal id (any non-empty terminalId is accepted; it is per store).
    pub terminal_id: String,
    /// Postback Basic-auth login.
    pub partner_login: String,
    /// Postback Basic-auth password.
    pub partner_password: String,
    /// Where postbacks go.
    pub postback_url: Option<String>,
    /// Stores known besides `store_id` (the reference samples' one).
    pub other_stores: Vec<String>,
    /// Koshelek Pay v1.
    pub v1: V1,
}

impl Store {
    /// The initial state.
    pub fn new(config: &Config, now: u64) -> Store {
        Store {
            other_stores: vec![SAMPLE_STORE_ID.into()],
            v1: V1::fresh(now),
            partner: "sandbox".into(),
            login: "sandbox-partner".into(),
            password: "sandbox-partner-password".into(),
            store_id: "1001".into(),
            terminal_id: "T-01".into(),
            partner_login: "sandbox-postback".into(),
            partner_password: "sandbox-postback-password".into(),
            postback_url: config.merchant_callback_url.clone(),
        }
    }

    /// Whether `store` is a storeId of this partner.
    pub fn store_known(&self, store: &str) -> bool {
        store == self.store_id || self.other_stores.iter().any(|s| s == store)
    }
}

// ---------------------------------------------------------------------------------------------
// Koshelek Pay v1 (`api/v1/merchant/*`, koshelek-pay-api-v1.openapi.yaml).

/// The store of the reference's request samples (`storeId` of every sample of
/// koshelek-pay-api-v1.openapi.yaml, e.g. line 162): known to the emulator beside its own, so the
/// printed samples are accepted as printed.
pub const SAMPLE_STORE_ID: &str = "ac99f4c8-1a8e-4b60-8aeb-fe20220f1b99";

/// The payment transaction of the reference's status/receipt/cancel/refund samples
/// (koshelek-pay-api-v1.openapi.yaml line 567 and on): seeded `accepted` with the items of the
/// checkout sample (line 384), so those samples find it.
pub const SAMPLE_TRANSACTION_ID: &str = "9dcc19d0-9c5a-11ea-ab12-0800200c9a66";

/// One purchased item of a v1 payment (an `Item` of the reference, amounts in kopecks).
#[derive(Debug, Clone)]
pub struct V1Item {
    /// name.
    pub name: String,
    /// article (optional in refund requests: the reference's refund sample has none).
    pub article: Option<String>,
    /// quantity (in the `measure` unit).
    pub quantity: f64,
    /// totalAmount.
    pub total: u64,
    /// measure (`PIECE` when absent).
    pub measure: String,
    /// The quantity refunded so far.
    pub refunded_quantity: f64,
}

/// What the emulated provider decides for a v1 payment (by the test `cardSession`, see
/// `v1::CARD_SESSIONS`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// new -> pending -> accepted.
    Accept,
    /// new -> pending -> rejected with this errorCode.
    Reject(&'static str),
    /// new -> pending, and there it stays (for timeouts and cancels).
    Hold,
}

/// A v1 cancel or refund transaction (`refTransactionId`).
#[derive(Debug, Clone)]
pub struct V1Ref {
    /// refTransactionId.
    pub id: String,
    /// `cancel` or `refund`.
    pub kind: &'static str,
    /// refStatus: new, accepted, rejected.
    pub status: String,
    /// refundAmount (0 for a cancel).
    pub amount: u64,
}

/// A v1 payment transaction.
#[derive(Debug, Clone)]
pub struct V1Payment {
    /// transactionId.
    pub id: String,
    /// The checkout's requestId (echoed in postbacks).
    pub request_id: String,
    /// storeId.
    pub store_id: String,
    /// terminalId.
    pub terminal_id: String,
    /// cardSession.
    pub card_session: String,
    /// checkoutInvoice.orderId.
    pub order_id: String,
    /// checkoutInvoice.totalAmount.
    pub total: u64,
    /// checkoutInvoice.items.
    pub items: Vec<V1Item>,
    /// paymentMethods[0].type: SBP or DOLYAME.
    pub payment_type: String,
    /// new, pending, accepted, rejected, canceled, refunding, refunded, partial_refunded.
    pub status: String,
    /// errorCode of a rejected payment.
    pub error_code: Option<String>,
    /// Refunded so far.
    pub refunded: u64,
    /// What happens next.
    pub outcome: Outcome,
    /// Cancels and refunds, oldest first.
    pub refs: Vec<V1Ref>,
    /// Receipts sent (`invoice` objects).
    pub receipts: Vec<Value>,
    /// Unix ms of the bank operation (the slip's operationDateTime).
    pub operated: u64,
}

/// A v1 availability task (`availabilityInfoId`) of the deprecated asynchronous flow.
#[derive(Debug, Clone)]
pub struct V1Availability {
    /// When the answer is ready (Unix ms).
    pub ready: u64,
    /// The finished answer (`koshelekPayIsDefault`, `paymentTypeAvailabilityInfoList`).
    pub result: Value,
    /// GETs so far.
    pub polls: u32,
}

/// A remembered v1 answer, replayed for a repeat of the same requestId (the reference's
/// idempotency rule, koshelek-pay-api-v1.openapi.yaml line 1392).
#[derive(Debug, Clone)]
pub struct V1Replay {
    /// The path of the first call.
    pub path: &'static str,
    /// Its JSON body (compared as JSON, not as text).
    pub body: Value,
    /// HTTP status of the answer.
    pub status: u16,
    /// The answer's body (`None`: empty, the receipt's 200).
    pub answer: Option<Value>,
    /// The answer's Location header (201 of availability-info/task).
    pub location: Option<String>,
}

/// The v1 part of the store.
#[derive(Debug, Clone, Default)]
pub struct V1 {
    /// Payments by transactionId.
    pub payments: HashMap<String, V1Payment>,
    /// Availability tasks by availabilityInfoId.
    pub availability: HashMap<String, V1Availability>,
    /// Answers by requestId.
    pub replays: HashMap<String, V1Replay>,
}

impl V1 {
    /// The v1 state of a fresh emulator: the reference's sample transaction, accepted.
    pub fn fresh(now: u64) -> V1 {
        let item = |name: &str, article: &str, total: u64| V1Item {
            name: name.into(),
            article: Some(article.into()),
            quantity: 1.0,
            total,
            measure: "PIECE".into(),
            refunded_quantity: 0.0,
        };
        let sample = V1Payment {
            id: SAMPLE_TRANSACTION_ID.into(),
            request_id: "4ee64eb1-0012-4cd0-aefe-966d48ea7b71".into(),
            store_id: SAMPLE_STORE_ID.into(),
            terminal_id: "mip9e26ay3z2s0oh".into(),
            card_session: "SAMPLE0".into(),
            order_id: "12345".into(),
            total: 14245,
            items: vec![
                item("Товар 1", "1111111", 1900),
                item("Товар 2", "2222222", 12345),
            ],
            payment_type: "SBP".into(),
            status: "accepted".into(),
            error_code: None,
            refunded: 0,
            outcome: Outcome::Accept,
            refs: Vec::new(),
            receipts: Vec::new(),
            operated: now,
        };
        let mut payments = HashMap::new();
        payments.insert(sample.id.clone(), sample);
        V1 {
            payments,
            ..V1::default()
        }
    }
}
