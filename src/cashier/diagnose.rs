//! Why a Mobile Cashier webhook does not verify: after a failed check, the usual damage to the
//! `payment-sign` header and to the body is undone one kind at a time, and each repair that makes
//! the signature verify with the configured key becomes a [`Hint`]:
//!
//! - `SIGNATURE_ENCODING`: the header lost its `+` (URL or form decoding made them spaces), was
//!   wrapped (spaces or line breaks inside), or is base64url (`-`, `_`);
//! - `RESERIALISED_BODY`: the signature matches another rendering of the body — JSON parsed and
//!   serialised again (compact, pretty-printed with 2 or 4 spaces, non-ASCII text such as
//!   Cyrillic as `\uXXXX` escapes), a line break added or removed at the end, line endings
//!   changed between LF and CRLF. Key order is kept (the signed order is the only one that can
//!   verify), so these are exactly the renderings `JSON.stringify(JSON.parse(body))`-like code
//!   produces from the signed bytes.
//!
//! Bounded: nothing runs for a verified webhook or for another error than `SIGNATURE_MISMATCH` /
//! `MALFORMED_SIGNATURE`; bodies over [`MAX_DIAGNOSED_BODY`] get the header repairs only. At most
//! 3 + 10 RSA verifications.

use super::notification::verify_signature;
use super::notification::{
    CashierNotification, WebhookVerifier, MAX_SIGNATURE_HEADER, SIGNATURE_HEADER,
};
use crate::crypto::RsaJob;
use crate::diagnose::{Hint, HintCode};
use crate::error::{ErrorCode, Result};
use crate::notification::{check_body, BodyVerifier, JsonText, Verifier};

/// Largest body whose re-renderings are tried, in bytes (64 KiB; a webhook is about 1 KiB).
pub const MAX_DIAGNOSED_BODY: usize = 64 * 1024;

/// Verifies like [`WebhookVerifier::verify`] and, when that fails, adds the hints.
pub fn check(
    core: &WebhookVerifier,
    body: &[u8],
    payment_sign: Option<&str>,
) -> (Result<CashierNotification>, Vec<Hint>) {
    let outcome = core.verify(body, payment_sign);
    let hints = match &outcome {
        Ok(_) => Vec::new(),
        Err(e) => match e.code() {
            ErrorCode::SignatureMismatch | ErrorCode::MalformedSignature => {
                hints(core, body, payment_sign.unwrap_or(""), e.code())
            }
            _ => Vec::new(),
        },
    };
    (outcome, hints)
}

fn hints(core: &WebhookVerifier, body: &[u8], sign: &str, code: ErrorCode) -> Vec<Hint> {
    let verifies = |body: &[u8], sign: &str| verify_signature(body, Some(sign), core.key()).is_ok();
    let repairs = [
        (
            sign.replace(' ', "+"),
            "The payment-sign lost its `+` characters (it went through URL or form decoding, \
             which turns + into spaces).",
        ),
        (
            sign.split_whitespace().collect::<String>(),
            "The payment-sign has spaces or line breaks in it (wrapped when it was copied).",
        ),
        (
            sign.replace('-', "+").replace('_', "/"),
            "The payment-sign is base64url; the gateway sends standard base64 (+ and /).",
        ),
    ];
    let mut out: Vec<Hint> = Vec::new();
    for (repaired, why) in &repairs {
        if repaired != sign && verifies(body, repaired) && !out.iter().any(|h| h.message == *why) {
            out.push(Hint::new(HintCode::SignatureEncoding, *why));
            break;
        }
    }
    if !out.is_empty() || code != ErrorCode::SignatureMismatch || body.len() > MAX_DIAGNOSED_BODY {
        return out;
    }
    let Ok(text) = std::str::from_utf8(body) else {
        return out;
    };
    for (variant, why) in renderings(text) {
        if verifies(variant.as_bytes(), sign) {
            out.push(Hint::new(
                HintCode::ReserialisedBody,
                format!(
                    "Re-encoded body: the signature matches a different rendering of this body — \
                     {why} after it was signed. Verify the raw request body exactly as received \
                     (await request.text() before any JSON parsing)."
                ),
            ));
            break;
        }
    }
    out
}

/// The renderings of `body` that the signed bytes may have had, each with what changed since.
fn renderings(body: &str) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = Vec::new();
    let mut add = |text: String, why: &'static str| {
        if text != body && !out.iter().any(|(t, _)| *t == text) {
            out.push((text, why));
        }
    };
    let without_break = body
        .strip_suffix('\n')
        .map(|b| b.strip_suffix('\r').unwrap_or(b));
    if let Some(b) = without_break {
        add(b.to_owned(), "a line break was added at its end");
    }
    add(format!("{body}\n"), "its final line break was removed");
    add(format!("{body}\r\n"), "its final line break was removed");
    add(
        body.replace("\r\n", "\n"),
        "its line endings were changed from LF to CRLF",
    );
    add(
        body.replace("\r\n", "\n").replace('\n', "\r\n"),
        "its line endings were changed from CRLF to LF",
    );
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(body) {
        let compact = value.to_string();
        add(escape_non_ascii(&compact), "it was parsed and re-serialised, which decoded its `\\u` escapes (non-ASCII text such as Cyrillic was sent escaped)");
        add(
            compact,
            "it was parsed and re-serialised (pretty-printed or spaced differently)",
        );
        for indent in [&b"  "[..], b"    "] {
            if let Some(pretty) = pretty(&value, indent) {
                add(
                    pretty,
                    "it was parsed and re-serialised (JSON.stringify writes it compact)",
                );
            }
        }
    }
    out
}

fn pretty(value: &serde_json::Value, indent: &[u8]) -> Option<String> {
    use serde::Serialize;
    let mut buf = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(indent);
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, formatter);
    value.serialize(&mut ser).ok()?;
    String::from_utf8(buf).ok()
}

/// JSON text with every non-ASCII character as `\uXXXX` (UTF-16, lower-case hex), as PHP's
/// `json_encode` and Python's `json.dumps` write it by default. Outside strings JSON text is
/// ASCII, so escaping character by character is exact.
fn escape_non_ascii(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        }
    }
    out
}

// The verifier glue of the npm package (`crate::notification::Verifier`) lives beside the
// diagnosis its `check` runs, so `notification` does not import `diagnose`.

impl Verifier for WebhookVerifier {
    type Args = (Vec<u8>, Option<String>);
    type Output = CashierNotification;
    const FIELD: &'static str = "notification";
    const HEADER: (&'static str, usize) = (SIGNATURE_HEADER, MAX_SIGNATURE_HEADER);
    const BODY: &'static str = "the webhook body";

    fn max_payload_bytes(&self) -> usize {
        WebhookVerifier::max_payload_bytes(self)
    }

    fn request_args(&self, _: &str, sign: Option<String>, body: Vec<u8>) -> Result<Self::Args> {
        Ok((body, sign))
    }

    fn verify(&self, (body, sign): Self::Args) -> Result<CashierNotification> {
        WebhookVerifier::verify(self, &body, sign.as_deref())
    }

    fn check(&self, read: impl Fn() -> Result<Self::Args>) -> JsonText {
        check_body(Self::FIELD, read(), |b, s| check(self, b, s))
    }

    fn prepare(&self, (body, sign): &Self::Args) -> Result<Option<RsaJob>> {
        WebhookVerifier::prepare(self, body, sign.as_deref()).map(Some)
    }

    fn finish(&self, (body, _): Self::Args) -> Result<CashierNotification> {
        CashierNotification::parse(&body)
    }
}

impl BodyVerifier for WebhookVerifier {
    const HEADER_ARG: &'static str = "paymentSign (the `payment-sign` header)";
    const HEADER_FIRST: bool = false;
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::cashier::notification::sign;
    use crate::crypto::PrivateKey;

    use crate::crypto::test_vector as vector;

    fn setup() -> (WebhookVerifier, PrivateKey) {
        let private = PrivateKey::parse(&vector("test-key-2048.pkcs8.pem"), None).unwrap();
        (
            WebhookVerifier::new(Some(&vector("test-key-2048.pub.pem"))).unwrap(),
            private,
        )
    }

    fn codes(hints: &[Hint]) -> Vec<&'static str> {
        hints.iter().map(|h| h.code.as_str()).collect()
    }

    const BODY: &str = r#"{"success":true,"description":"","order":{"id":7,"status":"CHARGED","description":"Заказ"}}"#;

    #[test]
    fn genuine_and_tampered_have_no_hints() {
        let (v, key) = setup();
        let s = sign(BODY.as_bytes(), &key).unwrap();
        let (ok, hints) = check(&v, BODY.as_bytes(), Some(&s));
        assert!(ok.is_ok() && hints.is_empty());
        let (bad, hints) = check(&v, BODY.replace("CHARGED", "REFUNDED").as_bytes(), Some(&s));
        assert_eq!(bad.err().unwrap().code(), ErrorCode::SignatureMismatch);
        assert!(hints.is_empty());
        let (missing, hints) = check(&v, BODY.as_bytes(), None);
        assert_eq!(missing.err().unwrap().code(), ErrorCode::MissingSignature);
        assert!(hints.is_empty());
    }

    #[test]
    fn the_openssl_vector_pretty_printed_is_reserialised() {
        let (v, _) = setup();
        let body = vector("cashier-webhook-body.json");
        let sig = vector("cashier-webhook-body.sig");
        let value: serde_json::Value = serde_json::from_str(&body).unwrap();
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        let (_, hints) = check(&v, pretty.as_bytes(), Some(sig.trim()));
        assert_eq!(codes(&hints), ["RESERIALISED_BODY"]);
        assert!(hints[0].message.contains("re-serialised"));
    }

    #[test]
    fn reserialised_bodies() {
        let (v, key) = setup();
        let pretty4 = pretty(&serde_json::from_str(BODY).unwrap(), b"    ").unwrap();
        let escaped = escape_non_ascii(BODY);
        assert!(escaped.contains(r"\u0417\u0430"));
        // (signed bytes, received bytes, what the hint says)
        for (signed, received, why) in [
            (BODY.to_owned(), pretty4.clone(), "(pretty-printed"),
            (pretty4.clone(), BODY.to_owned(), "writes it compact"),
            (
                escaped.clone(),
                BODY.to_owned(),
                "decoded its `\\u` escapes",
            ),
            (BODY.to_owned(), format!("{BODY}\n"), "line break was added"),
            (
                format!("{BODY}\r\n"),
                BODY.to_owned(),
                "final line break was removed",
            ),
            (
                "{\n\"a\": 1\n}".to_owned(),
                "{\r\n\"a\": 1\r\n}".to_owned(),
                "from LF to CRLF",
            ),
            (
                "{\r\n\"a\": 1\r\n}".to_owned(),
                "{\n\"a\": 1\n}".to_owned(),
                "from CRLF to LF",
            ),
        ] {
            let s = sign(signed.as_bytes(), &key).unwrap();
            let (outcome, hints) = check(&v, received.as_bytes(), Some(&s));
            assert_eq!(outcome.err().unwrap().code(), ErrorCode::SignatureMismatch);
            assert_eq!(codes(&hints), ["RESERIALISED_BODY"], "{why}");
            assert!(
                hints[0].message.contains(why),
                "{why}: {}",
                hints[0].message
            );
        }
        // Too large to diagnose: no body hint.
        let big = format!("{{\"pad\":\"{}\"}}", "x".repeat(MAX_DIAGNOSED_BODY));
        let s = sign(big.as_bytes(), &key).unwrap();
        let (_, hints) = check(&v, format!("{big}\n").as_bytes(), Some(&s));
        assert!(hints.is_empty());
    }

    #[test]
    fn mangled_signatures() {
        let (v, key) = setup();
        // A body whose signature has a `+`, a `/` and is long enough to wrap.
        let (body, s) = (0..500)
            .map(|i| {
                let b = BODY.replace("\"id\":7", &format!("\"id\":{i}"));
                let s = sign(b.as_bytes(), &key).unwrap();
                (b, s)
            })
            .find(|(_, s)| s.contains('+') && s.contains('/'))
            .unwrap();
        let url = s.replace('+', "-").replace('/', "_");
        for (mangled, why) in [(s.replace('+', " "), "lost its `+`"), (url, "base64url")] {
            let (outcome, hints) = check(&v, body.as_bytes(), Some(&mangled));
            assert!(outcome.is_err());
            assert_eq!(codes(&hints), ["SIGNATURE_ENCODING"], "{why}");
            assert!(hints[0].message.contains(why), "{why}");
        }
        // A wrapped header already verifies (base64 decoding skips the line break).
        let (outcome, hints) = check(
            &v,
            body.as_bytes(),
            Some(&format!("{}\n{}", &s[..64], &s[64..])),
        );
        assert!(outcome.is_ok() && hints.is_empty());
    }
}
