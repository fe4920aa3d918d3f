//! Mobile Cashier state: orders, token revocation, the x-req-id cache.

use std::collections::{HashMap, HashSet};

use super::orders::CashierOrder;

/// The cashier's login.
pub const LOGIN: &str = "cashier@sandbox.test";
/// The cashier's password.
pub const PASSWORD: &str = "Sandbox123";
/// The shop id.
pub const TSP_ID: u64 = 1;
/// The login of the reference's own login sample (mobile-cashier-api.txt line 134): accepted too,
/// so the sample can be sent as printed.
pub const SAMPLE_LOGIN: &str = "mail@email.com";
/// Its password.
pub const SAMPLE_PASSWORD: &str = "Password123";
/// The shop code (for /form).
pub const TSP_CODE: &str = "sandbox-shop";
/// How long a response is kept for its x-req-id (the reference: 60 minutes).
pub const IDEMPOTENCY_MS: u64 = 60 * 60 * 1000;

/// A stored first response.
#[derive(Debug, Clone)]
pub struct Stored {
    /// When it was stored (Unix ms).
    pub time: u64,
    /// HTTP status.
    pub status: u16,
    /// JSON body.
    pub body: String,
}

/// Everything the Mobile Cashier emulator remembers.
#[derive(Default)]
pub struct Store {
    /// Orders by id.
    pub orders: HashMap<u64, CashierOrder>,
    /// The last order id handed out.
    pub last_id: u64,
    /// Tokens issued before this time (Unix ms) are refused (admin "expire tokens").
    pub tokens_valid_after: u64,
    /// x-req-id -> first response.
    pub replies: HashMap<String, Stored>,
    /// x-req-ids being processed.
    pub in_flight: HashSet<String>,
    /// No open order expires before this time (Unix ms): expiry scans are skipped until then.
    pub next_expiry: u64,
}

impl Store {
    /// The next order id (starting at 1001).
    pub fn next_order_id(&mut self) -> u64 {
        self.last_id = self.last_id.max(1000) + 1;
        self.last_id
    }

    /// The order with this externalOrderId.
    pub fn by_external(&self, external: &str) -> Option<&CashierOrder> {
        self.orders
            .values()
            .find(|o| o.external_id.as_deref() == Some(external))
    }
}
