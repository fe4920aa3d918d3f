//! Mobile Cashier webhooks: POST of the order JSON with `payment-sign` (kassa's own
//! `kassa::cashier::notification::sign`, RSA-SHA1 with the emulator's 4096-bit key), retried until 200.

use std::sync::Arc;

use serde_json::json;

use crate::keys;
use crate::log::Notification;
use crate::notify;

use super::orders::CashierOrder;
use super::state::Cashier;

/// The webhook body: the same shape as the order-data answer.
pub fn body(order: &CashierOrder) -> String {
    json!({ "success": true, "description": "", "order": order.to_json() }).to_string()
}

/// Sends the webhook for the order's current status (when it has a callbackUrl).
pub fn send(cashier: &Arc<Cashier>, order: &CashierOrder) {
    let Some(url) = order.callback_url.clone() else {
        return;
    };
    let body = body(order);
    let mut headers = vec![("content-type".to_string(), "application/json".to_string())];
    if let Some(key) = keys::cashier_key() {
        if let Ok(sig) = kassa::cashier::notification::sign(body.as_bytes(), key) {
            headers.push(("payment-sign".to_string(), sig));
        }
    }
    notify::send(
        &cashier.env,
        Notification {
            id: 0,
            gateway: "cashier".into(),
            merchant: super::store::LOGIN.into(),
            order_id: order.id.to_string(),
            method: "POST".into(),
            url,
            headers,
            body,
            params: vec![("status".into(), order.status.clone())],
            attempts: Vec::new(),
            delivered: false,
        },
        cashier.env.config.webhook_attempts,
    );
}
