//! Koshelek Pay state: the partner's credentials, card sessions and transactions.

use std::collections::{HashMap, HashSet};

use serde_json::{json, Value};

use crate::cli::Config;

/// One checkout transaction.
#[derive(Debug, Clone)]
pub struct Transaction {
    /// transactionId.
    pub id: String,
    /// storeId.
    pub store_id: String,
    /// terminalId.
    pub terminal_id: String,
    /// cardSession.
    pub card_session: String,
    /// Amount in kopecks.
    pub amount: u64,
    /// Refunded so far.
    pub refunded: u64,
    /// The partner's order id.
    pub order_id: Option<String>,
    /// description.
    pub description: Option<String>,
    /// PENDING, PROCESSING, PAID, DECLINED, CANCELLED, PARTIALLY_REFUNDED, REFUNDED.
    pub status: String,
    /// Where its postbacks go.
    pub postback_url: Option<String>,
    /// Unix ms.
    pub created: u64,
    /// Unix ms.
    pub updated: u64,
}

impl Transaction {
    /// The JSON every answer and postback carries.
    pub fn to_json(&self, payment_url: &str) -> Value {
        json!({
            "transactionId": self.id,
            "status": self.status,
            "amount": self.amount,
            "refundedAmount": self.refunded,
            "currency": "RUB",
            "storeId": self.store_id,
            "terminalId": self.terminal_id,
            "cardSession": self.card_session,
            "orderId": self.order_id,
            "description": self.description,
            "createdAt": crate::util::iso_datetime_z(self.created),
            "updatedAt": crate::util::iso_datetime_z(self.updated),
            "paymentUrl": payment_url,
        })
    }
}

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
    /// Sessions made by the admin endpoint.
    pub sessions: HashSet<String>,
    /// Transactions by id.
    pub transactions: HashMap<String, Transaction>,
}

impl Store {
    /// The initial state.
    pub fn new(config: &Config) -> Store {
        Store {
            partner: "sandbox".into(),
            login: "sandbox-partner".into(),
            password: "sandbox-partner-password".into(),
            store_id: "1001".into(),
            terminal_id: "T-01".into(),
            partner_login: "sandbox-postback".into(),
            partner_password: "sandbox-postback-password".into(),
            postback_url: config.merchant_callback_url.clone(),
            ..Default::default()
        }
    }

    /// Whether a cardSession is one the emulated app handed out.
    pub fn session_known(&self, session: &str) -> bool {
        session.starts_with("test-session-") || self.sessions.contains(session)
    }
}
