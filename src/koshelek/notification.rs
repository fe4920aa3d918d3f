//! Koshelek Pay postbacks: the transaction status POSTed as JSON to the partner's `postbackUrl`,
//! authenticated with HTTP Basic (RFC 7617) using the `partnerLogin`/`partnerPassword` pair
//! agreed at connection. The body is the object `POST api/v1/merchant/transaction/status`
//! answers (koshelek-pay-api-v1.md §4): [`KoshelekPostback::typed`] gives its fields
//! ([`STATUS_FIELDS`]) as sent, with the whole body and a `dedupeKey`.
//!
//! The credentials are compared in constant time (SHA-256 of each side, compared with `subtle`,
//! so neither content nor length leaks); the JSON body is parsed and fields kassa does not know
//! are kept but never rejected.

use std::fmt;

use serde_json::{Map, Value};
use zeroize::Zeroizing;

use crate::crypto;
use crate::error::{Error, ErrorCode, Result};
use crate::notification::{field_text, json_object, Json};
use crate::rbs::callback::limits::{check_payload_size, DEFAULT_MAX_PAYLOAD_BYTES};

/// Longest `Authorization` header looked at: 8 KiB (longer is `UNAUTHORIZED` before decoding).
pub const MAX_AUTHORIZATION_HEADER: usize = 8192;

/// The `Authorization` header value for HTTP Basic: `Basic base64(login ":" password)`, UTF-8.
pub fn basic_auth_header(login: &str, password: &str) -> String {
    format!(
        "Basic {}",
        crypto::base64_encode(format!("{login}:{password}").as_bytes())
    )
}

/// The fields of the `transaction/status` object (md §3.4), copied from a postback body into
/// its typed form when present.
pub const STATUS_FIELDS: [&str; 9] = [
    "requestId",
    "transactionId",
    "refTransactionId",
    "status",
    "paymentGroup",
    "paymentProvider",
    "slip",
    "refStatus",
    "errorCode",
];

/// A verified Koshelek Pay postback.
#[derive(Debug, Clone, PartialEq)]
pub struct KoshelekPostback {
    /// The whole JSON object.
    pub body: Map<String, Value>,
    /// `transactionId`, as text.
    pub transaction_id: Option<String>,
    /// `status` (or `state`), as sent.
    pub status: Option<String>,
    /// A key that is the same for every retry of one postback:
    /// `koshelek:<transactionId>:<status>`, with `:<refTransactionId>:<refStatus>` appended when
    /// the postback names a cancel or refund (two partial refunds are two events).
    pub dedupe_key: String,
}

impl KoshelekPostback {
    /// Parses a postback body (a JSON object).
    pub fn parse(body: &[u8]) -> Result<Self> {
        let body = json_object(body, "the postback body")?;
        let text = |name: &str| field_text(body.get(name));
        let transaction_id = text("transactionId");
        let status = text("status").or_else(|| text("state"));
        let mut dedupe_key = format!(
            "koshelek:{}:{}",
            transaction_id.as_deref().unwrap_or(""),
            status.as_deref().unwrap_or("")
        );
        if let Some(r) = text("refTransactionId") {
            dedupe_key.push_str(&format!(
                ":{r}:{}",
                text("refStatus").as_deref().unwrap_or("")
            ));
        }
        Ok(Self {
            body,
            transaction_id,
            status,
            dedupe_key,
        })
    }
}

impl KoshelekPostback {
    /// The typed postback as JSON: the `transaction/status` fields present in the body
    /// ([`STATUS_FIELDS`]; `transactionId` and `status` as text), `body` (the whole object) and
    /// `dedupeKey`.
    pub fn typed(&self) -> Value {
        let mut o = Map::new();
        for k in STATUS_FIELDS {
            if let Some(v) = self.body.get(k).filter(|v| !v.is_null()) {
                o.insert(k.to_string(), v.clone());
            }
        }
        if let Some(t) = &self.transaction_id {
            o.insert("transactionId".into(), Value::String(t.clone()));
        }
        if let Some(s) = &self.status {
            o.insert("status".into(), Value::String(s.clone()));
        }
        o.insert("body".into(), Value::Object(self.body.clone()));
        o.insert("dedupeKey".into(), Value::String(self.dedupe_key.clone()));
        Value::Object(o)
    }
}

/// The typed postback as the TypeScript `KoshelekPostback` (src/wasm/types/verify.d.ts):
/// `transactionId` and `status` (as text) when present, `body`, `dedupeKey`, then the other
/// `transaction/status` fields present in the body ([`KoshelekPostback::typed`]).
impl Json for KoshelekPostback {
    fn write_json(&self, out: &mut Vec<u8>) {
        let mut o = Map::new();
        let text = |v: &Option<String>| v.as_ref().map(|t| Value::String(t.clone()));
        for (k, v) in [
            ("transactionId", text(&self.transaction_id)),
            ("status", text(&self.status)),
        ] {
            if let Some(v) = v {
                o.insert(k.into(), v);
            }
        }
        o.insert("body".into(), Value::Object(self.body.clone()));
        o.insert("dedupeKey".into(), Value::String(self.dedupe_key.clone()));
        if let Value::Object(typed) = self.typed() {
            for (k, v) in typed {
                if !o.contains_key(&k) {
                    o.insert(k, v);
                }
            }
        }
        let _ = serde_json::to_writer(out, &o);
    }
}

/// Verifies postbacks against the partner credentials.
#[derive(Clone)]
pub struct PostbackVerifier {
    login_hash: [u8; 32],
    password_hash: [u8; 32],
    /// Whether the configured login or password has whitespace around it (a copy-paste slip).
    padded: bool,
    max_payload_bytes: usize,
}

impl PostbackVerifier {
    /// A verifier for `partnerLogin` / `partnerPassword`. Empty values are `INVALID_ARGUMENT`.
    pub fn new(login: &str, password: &str) -> Result<Self> {
        Self::with_limit(login, password, DEFAULT_MAX_PAYLOAD_BYTES)
    }

    /// [`Self::new`] refusing bodies over `max_payload_bytes` (`PAYLOAD_TOO_LARGE`).
    pub fn with_limit(login: &str, password: &str, max_payload_bytes: usize) -> Result<Self> {
        if login.is_empty() || password.is_empty() {
            return Err(Error::new(
                ErrorCode::InvalidArgument,
                "give the verifier the partnerLogin and partnerPassword agreed with Koshelek",
            ));
        }
        Ok(Self {
            login_hash: crypto::sha256(login.as_bytes()),
            password_hash: crypto::sha256(password.as_bytes()),
            padded: login.trim() != login || password.trim() != password,
            max_payload_bytes,
        })
    }

    /// The largest body accepted, in bytes.
    pub fn max_payload_bytes(&self) -> usize {
        self.max_payload_bytes
    }

    /// `PAYLOAD_TOO_LARGE` for a body (length in bytes) over the limit; called by the wasm layer
    /// before the body is copied.
    pub fn check_size(&self, len: usize) -> Result<()> {
        check_payload_size(len, self.max_payload_bytes, "the postback body")
    }

    /// Checks the `Authorization` header; every failure is `UNAUTHORIZED` with what to check.
    pub fn check_authorization(&self, authorization: Option<&str>) -> Result<()> {
        let (decoded, colon) = decode_basic(authorization)?;
        let (login, password) = decoded.split_at(colon);
        let (login_ok, password_ok) = self.matches(login, password.get(1..).unwrap_or(&[]));
        if login_ok & password_ok {
            return Ok(());
        }
        let mut message = String::from(
            "the postback's Basic credentials do not match the partnerLogin/partnerPassword",
        );
        if self.padded {
            message
                .push_str(" (the configured login or password has whitespace around it: trim it)");
        }
        Err(unauthorized(message))
    }

    /// Whether `login` and `password` are the configured ones, each compared in constant time
    /// (SHA-256 of both sides); also used by the diagnosis of a failed check.
    pub(crate) fn matches(&self, login: &[u8], password: &[u8]) -> (bool, bool) {
        (
            crypto::ct_eq(&crypto::sha256(login), &self.login_hash),
            crypto::ct_eq(&crypto::sha256(password), &self.password_hash),
        )
    }

    /// Checks the credentials, then parses the body.
    ///
    /// A body over the size limit is `PAYLOAD_TOO_LARGE` first, whatever the credentials.
    pub fn verify(&self, authorization: Option<&str>, body: &[u8]) -> Result<KoshelekPostback> {
        self.check_size(body.len())?;
        self.check_authorization(authorization)?;
        KoshelekPostback::parse(body)
    }
}

impl fmt::Debug for PostbackVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PostbackVerifier(credentials redacted)")
    }
}

/// The decoded `login:password` bytes of an `Authorization: Basic` header and the index of the
/// first `:`; every failure is `UNAUTHORIZED` with what to check.
pub(crate) fn decode_basic(authorization: Option<&str>) -> Result<(Zeroizing<Vec<u8>>, usize)> {
    let header = authorization.map(str::trim).unwrap_or("");
    if header.is_empty() {
        return Err(unauthorized(
            "the postback has no Authorization header; pass request.headers.get('authorization')",
        ));
    }
    if header.len() > MAX_AUTHORIZATION_HEADER {
        return Err(unauthorized(
            "the Authorization header is far longer than any Basic credentials",
        ));
    }
    let (scheme, token) = header.split_once(' ').unwrap_or((header, ""));
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(unauthorized(
            "the Authorization header is not `Basic base64(login:password)` (HTTP Basic)",
        ));
    }
    let decoded = Zeroizing::new(
        crypto::base64_decode(token.trim(), "the Basic credentials")
            .map_err(|_| unauthorized("the Basic credentials are not base64"))?,
    );
    let colon = decoded.iter().position(|b| *b == b':').ok_or_else(|| {
        unauthorized("the Basic credentials have no `:` between login and password")
    })?;
    Ok((decoded, colon))
}

fn unauthorized(message: impl Into<String>) -> Error {
    Error::new(ErrorCode::Unauthorized, message)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    // RFC 7617, section 2: "Aladdin" / "open sesame".
    #[test]
    fn rfc7617_example() {
        assert_eq!(
            basic_auth_header("Aladdin", "open sesame"),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
    }

    #[test]
    fn genuine_postbacks_pass_and_everything_else_is_unauthorized() {
        let v = PostbackVerifier::new("partner", "pä:ss").unwrap();
        let body = br#"{"transactionId":"t-1","status":"PAID","amount":1000,"newField":[1]}"#;
        let ok = v
            .verify(Some(&basic_auth_header("partner", "pä:ss")), body)
            .unwrap();
        assert_eq!(ok.transaction_id.as_deref(), Some("t-1"));
        assert_eq!(ok.status.as_deref(), Some("PAID"));
        assert_eq!(ok.body["amount"], 1000);
        assert_eq!(ok.dedupe_key, "koshelek:t-1:PAID");
        // Scheme case and surrounding spaces do not matter.
        let lower = basic_auth_header("partner", "pä:ss").replace("Basic", "basic");
        assert!(v.verify(Some(&format!("  {lower} ")), body).is_ok());
        for bad in [
            None,
            Some(""),
            Some("Bearer abc"),
            Some("Basic !!!"),
            Some("Basic cGFydG5lcg=="), // "partner", no colon
        ] {
            let e = v.verify(bad, body).err().unwrap();
            assert_eq!(e.code(), ErrorCode::Unauthorized, "{bad:?}");
        }
        for (login, password) in [("partner", "pä:s"), ("Partner", "pä:ss"), ("partner", "")] {
            let e = v
                .verify(Some(&basic_auth_header(login, password)), body)
                .err()
                .unwrap();
            assert_eq!(e.code(), ErrorCode::Unauthorized);
            assert!(!e.message().contains("pä"), "no secret in messages");
        }
        assert_eq!(format!("{v:?}"), "PostbackVerifier(credentials redacted)");
    }

    #[test]
    fn the_typed_postback_is_the_status_object() {
        let body = br#"{"requestId":"r","transactionId":"t","refTransactionId":"x","status":"partial_refunded","refStatus":"accepted","paymentGroup":"SBP","paymentProvider":"SBP","slip":{"id":"s"},"more":1}"#;
        let p = KoshelekPostback::parse(body).unwrap();
        assert_eq!(p.dedupe_key, "koshelek:t:partial_refunded:x:accepted");
        let t = p.typed();
        assert_eq!(t["refStatus"], "accepted");
        assert_eq!(t["slip"]["id"], "s");
        assert_eq!(t["body"]["more"], 1);
        assert!(t.get("more").is_none());
        assert!(t.get("errorCode").is_none());
        // The JSON: transactionId, status, body, dedupeKey, then the other status fields.
        let json: Value = serde_json::from_str(&p.to_json()).unwrap();
        let keys = crate::notification::json_keys(&json);
        assert_eq!(
            keys,
            [
                "transactionId",
                "status",
                "body",
                "dedupeKey",
                "requestId",
                "refTransactionId",
                "paymentGroup",
                "paymentProvider",
                "slip",
                "refStatus"
            ]
        );
        assert_eq!(json["slip"]["id"], "s");
        assert_eq!(json["body"]["more"], 1);
        // `state` stands in for `status`; numbers are text; a non-text id is kept as sent, last.
        let p = KoshelekPostback::parse(
            br#"{"transactionId":true,"state":"PAID","requestId":7,"errorCode":null}"#,
        )
        .unwrap();
        assert_eq!(
            p.to_json(),
            format!(
                r#"{{"status":"PAID","body":{{"transactionId":true,"state":"PAID","requestId":7,"errorCode":null}},"dedupeKey":"{}","requestId":7,"transactionId":true}}"#,
                p.dedupe_key
            )
        );
    }

    #[test]
    fn bodies() {
        let v = PostbackVerifier::new("a", "b").unwrap();
        let auth = basic_auth_header("a", "b");
        for bad in [&b"nope"[..], b"[]", b""] {
            let e = v.verify(Some(&auth), bad).err().unwrap();
            assert_eq!(e.code(), ErrorCode::MalformedPayload);
        }
        // Credentials are checked first: a bad body with bad credentials is UNAUTHORIZED.
        let e = v.verify(None, b"nope").err().unwrap();
        assert_eq!(e.code(), ErrorCode::Unauthorized);
        assert_eq!(
            PostbackVerifier::new("", "b").err().unwrap().code(),
            ErrorCode::InvalidArgument
        );
    }
}
