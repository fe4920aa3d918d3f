//! RBS state: merchants, orders, bindings, templates; authentication.

use std::collections::HashMap;

use serde_json::Value;

use crate::cli::Config;

use super::merchants::{self, Merchant};
use super::orders::{Event, Order};
use super::params::{Params, RbsError};

/// A stored credential (binding).
#[derive(Debug, Clone)]
pub struct Binding {
    /// bindingId.
    pub id: String,
    /// Merchant name.
    pub merchant: String,
    /// clientId.
    pub client_id: String,
    /// Card number.
    pub pan: String,
    /// `YYYYMM`.
    pub expiry: String,
    /// Whether it can be used.
    pub active: bool,
    /// Cardholder name.
    pub holder: String,
}

/// An SBP (faster payments) subscription binding.
#[derive(Debug, Clone)]
pub struct SbpBinding {
    /// bindingId.
    pub id: String,
    /// Merchant name.
    pub merchant: String,
    /// clientId.
    pub client_id: String,
    /// displayLabel.
    pub label: String,
    /// The payer's bank (memberId).
    pub member_id: String,
    /// Whether it can be used.
    pub active: bool,
}

/// A dynamic SBP QR code.
#[derive(Debug, Clone)]
pub struct Qr {
    /// qrId.
    pub id: String,
    /// The order it pays.
    pub order_id: String,
    /// STARTED, ACCEPTED, REJECTED, REJECTED_BY_USER.
    pub status: String,
}

/// Everything the RBS emulator remembers.
#[derive(Default)]
pub struct Store {
    /// Test merchants.
    pub merchants: Vec<Merchant>,
    /// Orders by id.
    pub orders: HashMap<String, Order>,
    /// (merchant, orderNumber) -> order id.
    pub numbers: HashMap<(String, String), String>,
    /// Bindings by id.
    pub bindings: HashMap<String, Binding>,
    /// Payment-link templates by id.
    pub templates: HashMap<String, Value>,
    /// SBP QR codes by qrId.
    pub qrs: HashMap<String, Qr>,
    /// SBP bindings by id.
    pub sbp_bindings: HashMap<String, SbpBinding>,
    /// No unpaid order expires before this time (Unix ms): expiry scans are skipped until then.
    pub next_expiry: u64,
}

impl Store {
    /// The test merchants and nothing else (`fixtures::seed` adds the reference's samples).
    pub fn new(config: &Config) -> Store {
        Store {
            merchants: merchants::defaults(config),
            ..Default::default()
        }
    }

    /// The merchant named by `userName`+`password` or `token`; `username` too when
    /// `lower_case_ok` (templates/*.do, whose samples spell it so: see `spec.rs`).
    pub fn authenticate(&self, params: &Params, lower_case_ok: bool) -> Result<Merchant, RbsError> {
        if let Some(token) = params.get("token") {
            return self
                .merchants
                .iter()
                .find(|m| kassa::crypto::ct_eq(m.token.as_bytes(), token.as_bytes()))
                .cloned()
                .ok_or_else(RbsError::access_denied);
        }
        let names: &[&str] = if lower_case_ok {
            &["userName", "username"]
        } else {
            &["userName"]
        };
        let user = params.get_any(names).ok_or_else(RbsError::access_denied)?;
        let password = params.get("password").ok_or_else(RbsError::access_denied)?;
        self.merchants
            .iter()
            .find(|m| {
                m.user_name == user
                    && kassa::crypto::ct_eq(m.password.as_bytes(), password.as_bytes())
            })
            .cloned()
            .ok_or_else(RbsError::access_denied)
    }

    /// A merchant by name.
    pub fn merchant(&self, name: &str) -> Option<&Merchant> {
        self.merchants.iter().find(|m| m.name == name)
    }

    /// Adds a new order.
    pub fn insert(&mut self, order: Order) {
        self.next_expiry = self.next_expiry.min(order.expires);
        self.numbers.insert(
            (order.merchant.clone(), order.order_number.clone()),
            order.id.clone(),
        );
        self.orders.insert(order.id.clone(), order);
    }

    /// The id of the merchant's order named by `orderId` (or `orderNumber`); errorCode 6 otherwise.
    pub fn find_id(
        &self,
        merchant: &Merchant,
        params: &Params,
        id_names: &[&str],
    ) -> Result<String, RbsError> {
        let id = match params.get_any(id_names) {
            Some(id) => id.to_string(),
            None => match params.get("orderNumber") {
                Some(n) => self
                    .numbers
                    .get(&(merchant.name.clone(), n.to_string()))
                    .cloned()
                    .ok_or_else(RbsError::order_not_found)?,
                None => {
                    return Err(RbsError::new(
                        4,
                        &format!("[{}] is empty", id_names.first().unwrap_or(&"orderId")),
                    ))
                }
            },
        };
        match self.orders.get(&id) {
            Some(o) if o.merchant == merchant.name => Ok(id),
            _ => Err(RbsError::order_not_found()),
        }
    }

    /// Declines every unpaid order whose lifetime is over; returns (merchant, order, event) to notify.
    pub fn expire_due(&mut self, now: u64) -> Vec<(Merchant, Order, Event)> {
        let mut out = Vec::new();
        if now < self.next_expiry {
            return out;
        }
        self.next_expiry = u64::MAX;
        for order in self.orders.values_mut() {
            if let Some(event) = order.expire_if_due(now) {
                expired_one(&mut out, &self.merchants, order, event);
            } else if order.payable() {
                self.next_expiry = self.next_expiry.min(order.expires);
            }
        }
        out
    }
}

fn expired_one(
    out: &mut Vec<(Merchant, Order, Event)>,
    merchants: &[Merchant],
    order: &Order,
    event: Event,
) {
    if let Some(m) = merchants.iter().find(|m| m.name == order.merchant) {
        out.push((m.clone(), order.clone(), event));
    }
}
