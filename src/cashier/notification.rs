//! Mobile Cashier webhooks ("Notification Service" in the reference): the verifier, the typed
//! notification and test signing.
//!
//! A webhook is a POST of the order JSON with a `payment-sign` header holding the base64 RSA
//! PKCS#1 v1.5 SHA-1 signature of the raw body bytes. The signature covers the bytes exactly as
//! sent. A body that was parsed and serialised again (`JSON.stringify(await req.json())`,
//! `express.json()`) almost never has the same bytes, so verification fails; when that happens and
//! the body is JSON, the error says so ([`mismatch`]).
//!
//! "The notification format corresponds to the response to the order data request": an object
//! `{ success, description, order: { ... } }`. kassa also accepts a bare order object (some
//! deployments send the order alone). Fields it does not know are kept, never rejected.
//!
//! The one rule of verification is [`WebhookVerifier::prepare`]: size, header, signature length,
//! then an [`RsaJob`] that the synchronous path runs with the `rsa` crate and the async wasm path
//! answers with WebCrypto; both end in the same `Ok` or the same `SIGNATURE_MISMATCH`.

use serde_json::{Map, Value};

use super::status::OrderStatus;
use super::webhook_body;
use crate::crypto::{self, rsa::check_signature_len, HashAlg, PrivateKey, PublicKey, RsaJob};
use crate::error::{Error, ErrorCode, Result};
use crate::notification::{field_text, json_string, object_or_malformed, Json, Link};
use crate::rbs::callback::limits::{check_payload_size, DEFAULT_MAX_PAYLOAD_BYTES};

/// The header that carries the signature.
pub const SIGNATURE_HEADER: &str = "payment-sign";

/// The webhook public key printed in the Mobile Cashier reference ("Notification Service"),
/// RSA 4096 bits. The default key of the verifier.
/// The text is `reference-public-key.pem` beside this file, which scripts/build-pkg.mjs also writes
/// into the npm package's `CASHIER_PUBLIC_KEY` (one copy of the key).
pub const CASHIER_PUBLIC_KEY: &str = include_str!("reference-public-key.pem");

/// Longest `payment-sign` value looked at: 2 KiB (base64 of a 4096-bit signature is 684 bytes).
pub const MAX_SIGNATURE_HEADER: usize = 2048;

/// Signs a webhook body as Mobile Cashier does: base64 of RSA PKCS#1 v1.5 SHA-1 over the bytes.
pub fn sign(body: &[u8], key: &PrivateKey) -> Result<String> {
    let sig = crypto::sign_pkcs1v15(key, HashAlg::Sha1, body)?;
    Ok(crypto::base64_encode(&sig))
}

/// Decodes a `payment-sign` header value into signature bytes.
///
/// Missing or blank is `MISSING_SIGNATURE`; not base64 is `MALFORMED_SIGNATURE`.
/// A header longer than [`MAX_SIGNATURE_HEADER`] is `MALFORMED_SIGNATURE` before decoding.
pub fn decode_signature(payment_sign: Option<&str>) -> Result<Vec<u8>> {
    let value = payment_sign.map(str::trim).unwrap_or("");
    if value.is_empty() {
        return Err(Error::new(
            ErrorCode::MissingSignature,
            "the webhook has no `payment-sign` header; pass request.headers.get('payment-sign')",
        ));
    }
    if value.len() > MAX_SIGNATURE_HEADER {
        return Err(Error::new(
            ErrorCode::MalformedSignature,
            "the `payment-sign` header is far longer than an RSA signature",
        ));
    }
    crypto::base64_decode_public(value, "the `payment-sign` header").map_err(|_| {
        Error::new(
            ErrorCode::MalformedSignature,
            "the `payment-sign` header is not base64; pass the header value exactly as received",
        )
    })
}

/// The RSA check of `body` under `key` (decoded header, length checked): ready to run.
fn job(body: &[u8], payment_sign: Option<&str>, key: &PublicKey) -> Result<RsaJob> {
    let signature = decode_signature(payment_sign)?;
    check_signature_len(key, &signature)?;
    Ok(RsaJob::new(
        [(0, key.clone(), HashAlg::Sha1)],
        signature,
        body.to_vec(),
        mismatch(body),
    ))
}

/// Checks the `payment-sign` signature of the raw `body` against `key`.
pub fn verify_signature(body: &[u8], payment_sign: Option<&str>, key: &PublicKey) -> Result<()> {
    job(body, payment_sign, key)?.run()
}

/// Verifies a webhook (the `payment-sign` signature over the raw body) and parses it. For many
/// webhooks, build a [`WebhookVerifier`] once instead: it keeps the parsed key.
pub fn verify(
    body: &[u8],
    payment_sign: Option<&str>,
    key: &PublicKey,
) -> Result<CashierNotification> {
    verify_signature(body, payment_sign, key)?;
    CashierNotification::parse(body)
}

/// The `SIGNATURE_MISMATCH` error for `body`: a message that says what to check (the raw body,
/// the key).
pub fn mismatch(body: &[u8]) -> Error {
    let trimmed = body.trim_ascii_start();
    let looks_json = trimmed.starts_with(b"{") || trimmed.starts_with(b"[");
    let message = if looks_json {
        "the `payment-sign` signature does not match the body. The signature covers the raw \
         body bytes exactly as received: pass `await request.text()` / the raw Buffer \
         (express.raw({ type: '*/*' })), not JSON.stringify of a parsed body, which changes \
         spacing and key order. If the body is raw, check that the verifier has the right \
         public key (the default is the key printed in the Mobile Cashier reference)."
    } else {
        "the `payment-sign` signature does not match the body; check that the body is passed \
         raw, exactly as received, and that the verifier has the right public key"
    };
    Error::new(ErrorCode::SignatureMismatch, message)
}

/// A verified Mobile Cashier webhook.
#[derive(Debug, Clone, PartialEq)]
pub struct CashierNotification {
    /// The order's `id`, as text (the gateway sends a number).
    pub order_id: Option<String>,
    /// The status, typed; `None` when the body carries none.
    pub status: Option<OrderStatus>,
    /// The status name exactly as sent (e.g. `SBP_ACCEPTED` while `status` says `IpsAccepted`).
    pub raw_status: Option<String>,
    /// A key that is the same for every retry of this notification:
    /// `cashier:<order id>:<status as sent>`.
    pub dedupe_key: String,
    /// The verified body's text (valid JSON: it parsed), written verbatim into the JSON result.
    raw_body: String,
    /// The order is the body's `order` member (an object), not the body itself (a bare order).
    wrapped: bool,
}

impl CashierNotification {
    /// Parses a (verified) body. Only the order's `id`, `status` and `orderStatus` are read into
    /// values (src/cashier/webhook_body.rs); [`Self::body`] and [`Self::order`] parse the text
    /// when asked.
    pub fn parse(body: &[u8]) -> Result<Self> {
        let fields = object_or_malformed(
            webhook_body::read(body),
            "the webhook body is signed correctly but",
        )?;
        // serde_json accepted the bytes as one JSON object, so they are UTF-8 (outside strings
        // the grammar is ASCII; inside, and in names, serde_json checks the encoding).
        let raw_body = String::from_utf8_lossy(body).into_owned();
        let wrapped = fields.order.is_some();
        let order = fields.order.unwrap_or(fields.top);
        let text = field_text;
        let raw_status = text(order.status.as_ref()).or_else(|| text(order.order_status.as_ref()));
        let order_id = text(order.id.as_ref());
        let dedupe_key = format!(
            "cashier:{}:{}",
            order_id.as_deref().unwrap_or(""),
            raw_status.as_deref().unwrap_or("")
        );
        Ok(Self {
            status: raw_status.as_deref().map(OrderStatus::parse),
            raw_status,
            order_id,
            dedupe_key,
            raw_body,
            wrapped,
        })
    }

    /// The whole parsed body.
    pub fn body(&self) -> Value {
        serde_json::from_str(&self.raw_body).unwrap_or_default()
    }

    /// The order object (`order` of the body, or the body itself when it is a bare order).
    pub fn order(&self) -> Map<String, Value> {
        let order = match self.body() {
            Value::Object(mut top) if self.wrapped => top.remove("order"),
            body => Some(body),
        };
        match order {
            Some(Value::Object(order)) => order,
            _ => Map::new(),
        }
    }
}

/// `"key":` (the keys are kassa's own ASCII names: nothing to escape).
fn key_colon(out: &mut Vec<u8>, key: &str) {
    out.push(b'"');
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(b"\":");
}

impl Json for CashierNotification {
    /// The `CashierNotification` of src/wasm/types/verify.d.ts: `orderId`, `status` and
    /// `rawStatus` when present, the status flags, `order`, `body`, `dedupeKey`. `body` is the
    /// received text itself rather than serde_json writing its parsed value again: `JSON.parse`
    /// reads the same object from either (key order, a repeated key's last value, every escape),
    /// numbers included, which come out exactly as the sender wrote them. `order` is written as
    /// `null` and linked to `body` or `body.order` ([`Self::json_link`]), so the body is parsed
    /// once. Measured in Node on the bench's bare order: writing the value again was about 2 µs
    /// of the 31 µs `verifyAsync` then added; parsing the body a second time for `order`, 1.8 µs.
    fn write_json(&self, out: &mut Vec<u8>) {
        let status = self.status.as_ref();
        out.push(b'{');
        let texts = [
            ("orderId", self.order_id.as_deref()),
            ("status", status.map(|s| s.as_str())),
            ("rawStatus", self.raw_status.as_deref()),
        ];
        for (key, value) in texts {
            if let Some(value) = value {
                key_colon(out, key);
                json_string(out, value);
                out.push(b',');
            }
        }
        let flags = [
            status.is_some_and(|s| s.is_final()),
            status.is_some_and(|s| s.is_known()),
            status.is_some_and(|s| s.is_paid()),
        ];
        for (key, flag) in ["isFinal", "isKnownStatus", "isPaid"]
            .into_iter()
            .zip(flags)
        {
            key_colon(out, key);
            out.extend_from_slice(if flag { b"true," } else { b"false," });
        }
        out.extend_from_slice(br#""order":null,"body":"#);
        out.extend_from_slice(self.raw_body.as_bytes());
        out.extend_from_slice(br#","dedupeKey":"#);
        json_string(out, &self.dedupe_key);
        out.push(b'}');
    }

    fn json_capacity(&self) -> usize {
        256 + self.raw_body.len() + self.dedupe_key.len()
    }

    /// `order` is `body.order` when the body wraps the order, else `body` itself.
    fn json_link(&self) -> Option<Link> {
        Some(Link {
            within: None,
            member: "order",
            path: if self.wrapped {
                &["body", "order"]
            } else {
                &["body"]
            },
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

    /// Every check that needs no RSA arithmetic (size, header, signature length) and the
    /// [`RsaJob`] that decides the rest.
    pub fn prepare(&self, body: &[u8], payment_sign: Option<&str>) -> Result<RsaJob> {
        self.check_size(body.len())?;
        job(body, payment_sign, &self.key)
    }

    /// Verifies `payment-sign` over the raw body and parses the notification.
    pub fn verify(&self, body: &[u8], payment_sign: Option<&str>) -> Result<CashierNotification> {
        self.prepare(body, payment_sign)?.run()?;
        CashierNotification::parse(body)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    use crate::crypto::test_vector as vector;

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
        assert_eq!(n.order()["description"], "Заказ №77");
        assert_eq!(n.dedupe_key, "cashier:1042:CHARGED");
        let json = n.to_json_text().to_value();
        let keys = crate::notification::json_keys(&json);
        assert_eq!(
            keys,
            [
                "orderId",
                "status",
                "rawStatus",
                "isFinal",
                "isKnownStatus",
                "isPaid",
                "order",
                "body",
                "dedupeKey"
            ]
        );
        assert_eq!(json["status"], "CHARGED");
        assert_eq!(
            (json["isFinal"].clone(), json["isPaid"].clone()),
            (true.into(), true.into())
        );
        assert_eq!(json["order"], Value::Object(n.order()));
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
        // Absent fields are left out of the JSON; the flags are false.
        // `order` is linked to `body.order` (the body is in the text once).
        assert_eq!(
            n.to_json(),
            r#"{"orderId":"7","isFinal":false,"isKnownStatus":false,"isPaid":false,"order":null,"body":{"order":{"id":7}},"dedupeKey":"cashier:7:"}"#
        );
        assert_eq!(n.json_link().unwrap().path, ["body", "order"]);
        assert_eq!(
            n.to_json_text().to_value()["order"],
            serde_json::json!({ "id": 7 })
        );
        let bare = CashierNotification::parse(br#"{"id":8}"#).unwrap();
        assert_eq!(bare.json_link().unwrap().path, ["body"]);
        for bad in [&b"not json"[..], b"[1]", b"\"x\""] {
            let e = CashierNotification::parse(bad).err().unwrap();
            assert_eq!(e.code(), ErrorCode::MalformedPayload);
        }
    }

    /// What `JSON.parse` of the result must give: the fields, `order` and `body` as parsed.
    fn expected_result(n: &CashierNotification) -> Value {
        let mut m = Map::new();
        if let Some(id) = &n.order_id {
            m.insert("orderId".into(), id.clone().into());
        }
        if let Some(s) = &n.status {
            m.insert("status".into(), s.as_str().into());
        }
        if let Some(r) = &n.raw_status {
            m.insert("rawStatus".into(), r.clone().into());
        }
        let s = n.status.as_ref();
        m.insert("isFinal".into(), s.is_some_and(|s| s.is_final()).into());
        m.insert(
            "isKnownStatus".into(),
            s.is_some_and(|s| s.is_known()).into(),
        );
        m.insert("isPaid".into(), s.is_some_and(|s| s.is_paid()).into());
        m.insert("order".into(), Value::Object(n.order()));
        m.insert("body".into(), n.body());
        m.insert("dedupeKey".into(), n.dedupe_key.clone().into());
        Value::Object(m)
    }

    #[test]
    fn the_result_embeds_the_received_body_and_reads_as_its_parsed_value() {
        for body in [
            r#"{"order":{"id":7,"status":"PAID"}}"#,
            r#"{"id":5,"status":"SBP_ACCEPTED","x":{}}"#,
            "{ \"order\" : { \"id\" : 8 ,\n\t\"status\":\"CHARGED\" } , \"extra\": [1, 2.50, -0, 1e2, 12345678901234567890] }\n",
            r#"{"id":"a\"b\\c\/d\u00e9\n","status":"CHARGED","description":"Заказ №1 😀"}"#,
            r#"{"id":1,"id":2,"status":"CREATED","status":"PAID"}"#,
            r#"{"order":{"id":1},"order":{"id":2,"status":"REFUNDED"}}"#,
            r#"{"order":"not an object","id":3}"#,
            r#"{}"#,
            r#"{"order":{}}"#,
        ] {
            let n = CashierNotification::parse(body.as_bytes()).unwrap();
            let got = n.to_json_text().to_value();
            assert_eq!(got, expected_result(&n), "{body}");
            let keys = crate::notification::json_keys(&got);
            let expected = expected_result(&n);
            let ours = crate::notification::json_keys(&expected);
            assert_eq!(keys, ours, "{body}: key order");
        }
    }

    /// A JSON object of random values (floats exact in binary and decimal, so that a nested
    /// order written again by serde_json reads back the same).
    #[cfg(not(target_arch = "wasm32"))]
    fn object() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            (-1_000_000i64..1_000_000).prop_map(|n| Value::from(n as f64 / 8.0)),
            ".{0,12}".prop_map(Value::from),
            prop::sample::select(vec!["PAID", "CHARGED", "SBP_ACCEPTED", "CREATED"])
                .prop_map(Value::from),
        ];
        let tree = leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::vec(("[a-z]{0,4}|id|status", inner), 0..5)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        });
        prop::collection::vec(("[a-z]{0,4}|id|status|orderStatus", tree), 0..6)
            .prop_map(|kv| Value::Object(kv.into_iter().collect()))
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn random_bodies_read_as_their_parsed_value(v in object(), pretty in proptest::bool::ANY, nest in proptest::bool::ANY) {
            let v = if nest { serde_json::json!({ "order": v, "event": "x" }) } else { v };
            let body = if pretty { serde_json::to_string_pretty(&v) } else { serde_json::to_string(&v) }.unwrap();
            let n = CashierNotification::parse(body.as_bytes()).unwrap();
            let got = n.to_json_text().to_value();
            proptest::prop_assert_eq!(got, expected_result(&n));
        }
    }

    #[test]
    fn default_key_is_the_reference_key() {
        assert_eq!(CASHIER_PUBLIC_KEY, vector("cashier-public-key.pem"));
        assert_eq!(PublicKey::parse(CASHIER_PUBLIC_KEY).unwrap().bits(), 4096);
    }

    #[test]
    fn openssl_signed_body_verifies_and_reserialised_body_is_explained() {
        let body = vector("cashier-webhook-body.json");
        let sig = vector("cashier-webhook-body.sig");
        let private = PrivateKey::parse(&vector("test-key-2048.pkcs8.pem"), None).unwrap();
        let public = private.public_key().unwrap();
        verify_signature(body.as_bytes(), Some(&sig), &public).unwrap();
        let n = verify(body.as_bytes(), Some(&sig), &public).unwrap();
        assert_eq!(n.raw_status.as_deref(), Some("CHARGED"));
        assert_eq!(sign(body.as_bytes(), &private).unwrap(), sig);
        // Re-serialised with different spacing: same JSON, different bytes.
        let pretty = body.replace(",", ", ");
        let e = verify_signature(pretty.as_bytes(), Some(&sig), &public)
            .err()
            .unwrap();
        assert_eq!(e.code(), ErrorCode::SignatureMismatch);
        assert!(e.message().contains("raw body"), "{}", e.message());
        // The reference key did not sign it.
        let reference = PublicKey::parse(CASHIER_PUBLIC_KEY).unwrap();
        let e = verify_signature(body.as_bytes(), Some(&sig), &reference)
            .err()
            .unwrap();
        assert_eq!(e.code(), ErrorCode::MalformedSignature); // 256-byte sig for a 512-byte key
    }

    #[test]
    fn missing_and_malformed_headers() {
        let key = PublicKey::parse(CASHIER_PUBLIC_KEY).unwrap();
        for missing in [None, Some(""), Some("  ")] {
            let e = verify_signature(b"{}", missing, &key).err().unwrap();
            assert_eq!(e.code(), ErrorCode::MissingSignature);
        }
        let e = verify_signature(b"{}", Some("not base64!"), &key)
            .err()
            .unwrap();
        assert_eq!(e.code(), ErrorCode::MalformedSignature);
    }
}
