//! The Mobile Cashier webhook verifier and the typed notification.
//!
//! "The notification format corresponds to the response to the order data request": an object
//! `{ success, description, order: { ... } }`. kassa also accepts a bare order object (some
//! deployments send the order alone). Fields it does not know are kept, never rejected.

use serde_json::{Map, Value};

use super::status::OrderStatus;
use super::webhook::{verify_signature, CASHIER_PUBLIC_KEY};
use crate::crypto::PublicKey;
use crate::error::{Error, ErrorCode, Result};
use crate::rbs::callback::limits::{check_payload_size, DEFAULT_MAX_PAYLOAD_BYTES};

/// A verified Mobile Cashier webhook.
#[derive(Debug, Clone, PartialEq)]
pub struct CashierNotification {
    /// The order object (`order` of the body, or the body itself when it is a bare order).
    pub order: Map<String, Value>,
    /// The whole parsed body.
    pub body: Value,
    /// The order's `id`, as text (the gateway sends a number).
    pub order_id: Option<String>,
    /// The status, typed; `None` when the body carries none.
    pub status: Option<OrderStatus>,
    /// The status name exactly as sent (e.g. `SBP_ACCEPTED` while `status` says `IpsAccepted`).
    pub raw_status: Option<String>,
    /// A key that is the same for every retry of this notification:
    /// `cashier:<order id>:<status as sent>`.
    pub dedupe_key: String,
}

impl CashierNotification {
    /// Parses a (verified) body.
    pub fn parse(body: &[u8]) -> Result<Self> {
        let body: Value = serde_json::from_slice(body).map_err(|e| {
            Error::new(
                ErrorCode::MalformedPayload,
                format!("the webhook body is signed correctly but is not JSON ({e})"),
            )
        })?;
        let order = match &body {
            Value::Object(top) => match top.get("order") {
                Some(Value::Object(order)) => order.clone(),
                _ => top.clone(),
            },
            _ => {
                return Err(Error::new(
                    ErrorCode::MalformedPayload,
                    "the webhook body is signed correctly but is not a JSON object",
                ))
            }
        };
        let text = |v: Option<&Value>| match v {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let raw_status = text(order.get("status")).or_else(|| text(order.get("orderStatus")));
        let order_id = text(order.get("id"));
        let dedupe_key = format!(
            "cashier:{}:{}",
            order_id.as_deref().unwrap_or(""),
            raw_status.as_deref().unwrap_or("")
        );
        Ok(Self {
            status: raw_status.as_deref().map(OrderStatus::parse),
            raw_status,
            order_id,
            order,
            body,
            dedupe_key,
        })
    }
}

/// Verifies Mobile Cashier webhooks against one public key (by default the reference's key).
#[derive(Debug, Clone)]
pub struct WebhookVerifier {
    key: PublicKey,
    max_payload_bytes: usize,
}

impl WebhookVerifier {
    /// A verifier with `public_key` (PEM or base64 DER), or [`CASHIER_PUBLIC_KEY`] when `None`,
    /// refusing bodies over 1 MiB.
    pub fn new(public_key: Option<&str>) -> Result<Self> {
        Self::with_limit(public_key, DEFAULT_MAX_PAYLOAD_BYTES)
    }

    /// [`Self::new`] refusing bodies over `max_payload_bytes` (`PAYLOAD_TOO_LARGE`).
    pub fn with_limit(public_key: Option<&str>, max_payload_bytes: usize) -> Result<Self> {
        Ok(Self {
            key: PublicKey::parse(public_key.unwrap_or(CASHIER_PUBLIC_KEY))?,
            max_payload_bytes,
        })
    }

    /// The largest body accepted, in bytes.
    pub fn max_payload_bytes(&self) -> usize {
        self.max_payload_bytes
    }

    /// `PAYLOAD_TOO_LARGE` for a body (length in bytes) over the limit; called before anything
    /// else, and by the wasm layer before the body is copied.
    pub fn check_size(&self, len: usize) -> Result<()> {
        check_payload_size(len, self.max_payload_bytes, "the webhook body")
    }

    /// The configured key.
    pub fn key(&self) -> &PublicKey {
        &self.key
    }

    /// Verifies `payment-sign` over the raw body and parses the notification.
    pub fn verify(&self, body: &[u8], payment_sign: Option<&str>) -> Result<CashierNotification> {
        self.check_size(body.len())?;
        verify_signature(body, payment_sign, &self.key)?;
        CashierNotification::parse(body)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn vector(name: &str) -> String {
        let dir = env!("CARGO_MANIFEST_DIR");
        std::fs::read_to_string(format!("{dir}/tests/vectors/{name}")).unwrap()
    }

    #[test]
    fn verifies_the_openssl_signed_vector() {
        let public = vector("test-key-2048.pub.pem");
        let v = WebhookVerifier::new(Some(&public)).unwrap();
        let body = vector("cashier-webhook-body.json");
        let n = v
            .verify(body.as_bytes(), Some(&vector("cashier-webhook-body.sig")))
            .unwrap();
        assert_eq!(n.status, Some(OrderStatus::Charged));
        assert!(n.status.as_ref().unwrap().is_final());
        assert_eq!(n.order_id.as_deref(), Some("1042"));
        assert_eq!(n.order["description"], "Заказ №77");
        assert_eq!(n.dedupe_key, "cashier:1042:CHARGED");
        // The default verifier uses the reference key, which did not sign this body.
        let default = WebhookVerifier::new(None).unwrap();
        assert_eq!(default.key().bits(), 4096);
    }

    #[test]
    fn bare_orders_unknown_statuses_and_non_json() {
        let n = CashierNotification::parse(br#"{"id":5,"status":"SBP_ACCEPTED","x":{}}"#).unwrap();
        assert_eq!(n.status, Some(OrderStatus::IpsAccepted));
        assert_eq!(n.raw_status.as_deref(), Some("SBP_ACCEPTED"));
        let n = CashierNotification::parse(br#"{"order":{"id":6,"status":"LATER"}}"#).unwrap();
        assert_eq!(n.status, Some(OrderStatus::Unknown("LATER".into())));
        let n = CashierNotification::parse(br#"{"order":{"id":7}}"#).unwrap();
        assert_eq!(n.status, None);
        for bad in [&b"not json"[..], b"[1]", b"\"x\""] {
            let e = CashierNotification::parse(bad).err().unwrap();
            assert_eq!(e.code(), ErrorCode::MalformedPayload);
        }
    }
}
