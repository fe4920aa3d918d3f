//! The typed RBS callback a handler works with after the checksum was verified.

use super::canonical::{Params, ParsedCallback};
use sha2::Digest;

use crate::crypto;
use crate::notification::{json_string, Json};

/// The event a callback reports (the `operation` parameter). Unknown names are kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Operation {
    /// `approved` — funds were held (two-stage payment).
    Approved,
    /// `deposited` — funds were debited.
    Deposited,
    /// `reversed` — the payment was reversed (cancelled).
    Reversed,
    /// `refunded` — a refund.
    Refunded,
    /// `declinedByTimeout` — the payment was declined because its time ran out.
    DeclinedByTimeout,
    /// `declinedCardpresent` — a card-present payment was declined.
    DeclinedCardpresent,
    /// `bindingCreated` — a stored credential was created.
    BindingCreated,
    /// `bindingActivityChanged` — a stored credential was enabled or disabled.
    BindingActivityChanged,
    /// An operation this version of kassa does not know, passed through verbatim.
    Unknown(String),
}

const OPERATIONS: [(&str, Operation); 8] = [
    ("approved", Operation::Approved),
    ("deposited", Operation::Deposited),
    ("reversed", Operation::Reversed),
    ("refunded", Operation::Refunded),
    ("declinedByTimeout", Operation::DeclinedByTimeout),
    ("declinedCardpresent", Operation::DeclinedCardpresent),
    ("bindingCreated", Operation::BindingCreated),
    ("bindingActivityChanged", Operation::BindingActivityChanged),
];

impl Operation {
    /// Reads the `operation` value. Matching ignores ASCII case (the reference writes the same
    /// events as `deposited` and `DEPOSITED`); anything else is `Unknown`, kept verbatim.
    pub fn parse(name: &str) -> Self {
        OPERATIONS
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, op)| op.clone())
            .unwrap_or_else(|| Self::Unknown(name.to_owned()))
    }

    /// The reference's name (`"deposited"`, `"declinedByTimeout"`, ...), or the unknown name.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Unknown(name) => name,
            known => OPERATIONS
                .iter()
                .find(|(_, op)| op == known)
                .map(|(n, _)| *n)
                .unwrap_or(""),
        }
    }
}

/// A verified RBS callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RbsCallback {
    /// `mdOrder` (or `mdorder`): the order number in the gateway.
    pub md_order: Option<String>,
    /// `orderNumber`: the order number in the merchant's system.
    pub order_number: Option<String>,
    /// `operation`, typed.
    pub operation: Option<Operation>,
    /// `status` as sent (`"1"` success, `"0"` failure).
    pub status: Option<String>,
    /// `status == "1"`.
    pub success: bool,
    /// `amount` in minor units, when present and an integer.
    pub amount: Option<u64>,
    /// Every parameter as received (decoded), in the order received, `checksum` included.
    pub params: Params,
    /// The payment succeeded, exactly as the reference's "Payment status notification" defines
    /// it: `operation` is `approved` or `deposited` and `status` is `1`.
    pub is_payment_success: bool,
    /// A key that is the same for every retry of this notification and differs between
    /// notifications (see [`dedupe_key`]).
    pub dedupe_key: String,
}

impl RbsCallback {
    /// Builds the typed callback from (already verified) parameters.
    pub fn from_params(params: Params) -> Self {
        Self::from_parsed(ParsedCallback::index(params))
    }

    /// Builds the typed callback from an (already verified) parsed callback, reading its sorted
    /// index (no further sorting).
    pub fn from_parsed(parsed: ParsedCallback) -> Self {
        let get = |name: &str| parsed.get(name).map(str::to_owned);
        let md_order = get("mdOrder").or_else(|| get("mdorder"));
        let operation = parsed.get("operation").map(Operation::parse);
        let status = get("status");
        let success = status.as_deref() == Some("1");
        let is_payment_success = success
            && matches!(
                operation,
                Some(Operation::Approved) | Some(Operation::Deposited)
            );
        let amount = parsed.get("amount").and_then(|a| a.parse::<u64>().ok());
        let dedupe_key = dedupe_key_parsed(&parsed);
        let order_number = get("orderNumber");
        Self {
            md_order,
            order_number,
            operation,
            status,
            success,
            amount,
            params: parsed.into_pairs(),
            is_payment_success,
            dedupe_key,
        }
    }
}

/// The callback as JSON text in the shape of the TypeScript `RbsCallback`
/// (src/wasm/types/verify.d.ts): `mdOrder`, `orderNumber`, `operation`, `status` when present,
/// `success`, `amount` when present, `params` (every parameter, in the order received),
/// `isPaymentSuccess`, `dedupeKey`. Written straight into one buffer sized up front; strings are
/// escaped by serde_json.
impl Json for RbsCallback {
    fn json_capacity(&self) -> usize {
        let params: usize = self.params.iter().map(|(n, v)| n.len() + v.len() + 6).sum();
        let fields = [&self.md_order, &self.order_number, &self.status]
            .iter()
            .filter_map(|f| f.as_ref().map(String::len))
            .sum::<usize>();
        256 + params + fields + self.dedupe_key.len()
    }

    fn write_json(&self, out: &mut Vec<u8>) {
        out.push(b'{');
        let field = |out: &mut Vec<u8>, name: &str| {
            if out.last() != Some(&b'{') {
                out.push(b',');
            }
            json_string(out, name);
            out.push(b':');
        };
        let texts = [
            ("mdOrder", self.md_order.as_deref()),
            ("orderNumber", self.order_number.as_deref()),
            ("operation", self.operation.as_ref().map(Operation::as_str)),
            ("status", self.status.as_deref()),
        ];
        for (name, value) in texts {
            if let Some(v) = value {
                field(out, name);
                json_string(out, v);
            }
        }
        field(out, "success");
        out.extend_from_slice(if self.success { b"true" } else { b"false" });
        if let Some(a) = self.amount {
            field(out, "amount");
            out.extend_from_slice(a.to_string().as_bytes());
        }
        field(out, "params");
        out.push(b'{');
        for (i, (name, value)) in self.params.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            json_string(out, name);
            out.push(b':');
            json_string(out, value);
        }
        out.push(b'}');
        field(out, "isPaymentSuccess");
        out.extend_from_slice(if self.is_payment_success {
            b"true"
        } else {
            b"false"
        });
        field(out, "dedupeKey");
        json_string(out, &self.dedupe_key);
        out.push(b'}');
    }
}

/// A stable key for deduplicating retries: `rbs:<mdOrder or orderNumber>:<operation>:<status>:`
/// followed by 16 hex digits of SHA-256 over the canonical string without
/// `callbackCreationDate` (which may change between attempts). Two refunds of one order with
/// different amounts get different keys; the three retries of one notification get the same.
pub fn dedupe_key(params: &[(String, String)]) -> String {
    dedupe_key_parsed(&ParsedCallback::index(params.to_vec()))
}

fn dedupe_key_parsed(parsed: &ParsedCallback) -> String {
    let order = parsed
        .get("mdOrder")
        .or_else(|| parsed.get("mdorder"))
        .or_else(|| parsed.get("orderNumber"))
        .unwrap_or("");
    // SHA-256 over the pieces of the canonical string as they come: no string is built for it.
    let mut sha = sha2::Sha256::new();
    parsed.canonical_pieces(Some("callbackCreationDate"), |p| sha.update(p.as_bytes()));
    let digest = sha.finalize();
    let hex = crypto::hex_lower(digest.get(..8).unwrap_or(&[]));
    format!(
        "rbs:{order}:{}:{}:{hex}",
        parsed.get("operation").unwrap_or(""),
        parsed.get("status").unwrap_or(""),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::rbs::callback::parse_input;

    #[test]
    fn payment_success_exactly_as_the_reference_defines_it() {
        let cases = [
            ("approved", "1", true),
            ("approved", "0", false),
            ("deposited", "1", true),
            ("deposited", "0", false),
            ("DEPOSITED", "1", true),
            ("refunded", "1", false),
            ("reversed", "1", false),
            ("declinedByTimeout", "1", false),
            ("bindingCreated", "1", false),
            ("somethingNew", "1", false),
        ];
        for (op, status, expected) in cases {
            let p = parse_input(&format!("mdOrder=m&operation={op}&status={status}")).unwrap();
            let cb = RbsCallback::from_params(p);
            assert_eq!(cb.is_payment_success, expected, "{op} {status}");
            assert_eq!(cb.success, status == "1");
        }
    }

    #[test]
    fn fields_and_unknown_operations() {
        let p =
            parse_input("mdorder=m-1&orderNumber=77&operation=newThing&amount=1500&checksum=AA")
                .unwrap();
        let cb = RbsCallback::from_params(p.clone());
        assert_eq!(cb.md_order.as_deref(), Some("m-1"));
        assert_eq!(cb.order_number.as_deref(), Some("77"));
        assert_eq!(cb.operation, Some(Operation::Unknown("newThing".into())));
        assert_eq!(cb.operation.as_ref().unwrap().as_str(), "newThing");
        assert_eq!(cb.amount, Some(1500));
        assert_eq!(cb.status, None);
        assert!(!cb.success);
        assert_eq!(cb.params, p);
        for (name, op) in OPERATIONS {
            assert_eq!(Operation::parse(name), op);
            assert_eq!(op.as_str(), name);
        }
    }

    #[test]
    fn json_text_has_the_typescript_shape_and_escapes_everything() {
        let p = parse_input(
            "mdOrder=m%22%5C&operation=deposited&status=1&amount=1500&x%0A=%E2%80%A8%01&checksum=AA",
        )
        .unwrap();
        let cb = RbsCallback::from_params(p.clone());
        let got: serde_json::Value = serde_json::from_str(&cb.to_json()).unwrap();
        let params: serde_json::Map<String, serde_json::Value> = p
            .iter()
            .map(|(n, v)| (n.clone(), serde_json::Value::from(v.as_str())))
            .collect();
        let want = serde_json::json!({
            "mdOrder": "m\"\\",
            "operation": "deposited",
            "status": "1",
            "success": true,
            "amount": 1500,
            "params": params,
            "isPaymentSuccess": true,
            "dedupeKey": cb.dedupe_key,
        });
        assert_eq!(got, want);
        // Member order as documented, `params` in the order received.
        let text = cb.to_json();
        assert!(text.starts_with(r#"{"mdOrder":"m\"\\","operation":"deposited","status":"1","success":true,"amount":1500,"params":{"mdOrder""#), "{text}");
        assert!(text.len() <= cb.json_capacity() + 16);
        // Absent fields are left out; a bare callback is still an object.
        let bare = RbsCallback::from_params(vec![]);
        assert_eq!(
            bare.to_json(),
            format!(
                r#"{{"success":false,"params":{{}},"isPaymentSuccess":false,"dedupeKey":"{}"}}"#,
                bare.dedupe_key
            )
        );
    }

    #[test]
    fn dedupe_key_is_stable_across_retries_and_distinct_otherwise() {
        let a = "mdOrder=m&operation=refunded&status=1&amount=100&callbackCreationDate=Mon+Jan+31+21%3A46%3A52+UTC+2022";
        let retry = "operation=refunded&callbackCreationDate=Mon+Jan+31+21%3A47%3A22+UTC+2022&mdOrder=m&status=1&amount=100";
        let other = "mdOrder=m&operation=refunded&status=1&amount=200";
        let key = |q: &str| dedupe_key(&parse_input(q).unwrap());
        assert_eq!(key(a), key(retry));
        assert_ne!(key(a), key(other));
        assert!(key(a).starts_with("rbs:m:refunded:1:"), "{}", key(a));
        assert_eq!(key(a).len(), "rbs:m:refunded:1:".len() + 16);
        // Its documented meaning: 16 hex digits of SHA-256 over the canonical string without
        // callbackCreationDate.
        let parsed = ParsedCallback::index(parse_input(a).unwrap());
        let text = parsed.canonical_without(Some("callbackCreationDate"));
        assert_eq!(text, "amount;100;mdOrder;m;operation;refunded;status;1;");
        let digest = crypto::hex_lower(&crypto::sha256(text.as_bytes()));
        assert_eq!(key(a), format!("rbs:m:refunded:1:{}", &digest[..16]));
    }
}
