//! What the three notification verifiers share (RBS callbacks, Mobile Cashier webhooks, Koshelek
//! postbacks): [`Verifier`], the one pattern the wasm classes drive (`verify`, `check`,
//! `verifyAsync`, `verifyRequest`), and the JSON text of their results and `check()` answers in
//! the shapes of `src/wasm/types/verify.d.ts`, which the wasm layer hands to one `JSON.parse`
//! (one boundary crossing; `JSON.parse` defines own data properties, so a `__proto__` key stays
//! data).

use crate::crypto::RsaJob;
use crate::diagnose::Hint;
use crate::{Error, Result};

/// A value with a JSON text in its TypeScript shape.
pub trait Json {
    /// Appends the JSON text to `out`.
    fn write_json(&self, out: &mut Vec<u8>);

    /// An upper bound of the text's length when no string needs escaping (the buffer's size).
    fn json_capacity(&self) -> usize {
        256
    }

    /// The JSON text.
    fn to_json(&self) -> String {
        let mut out = Vec::with_capacity(self.json_capacity());
        self.write_json(&mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// A member the text holds as `null` because it is another member's value (see [`Link`]).
    fn json_link(&self) -> Option<Link> {
        None
    }

    /// The JSON text with its link.
    fn to_json_text(&self) -> JsonText {
        JsonText {
            text: self.to_json(),
            link: self.json_link(),
        }
    }
}

/// A member of an answer that is the very value of another member (or of a member of it), not a
/// copy: a Mobile Cashier notification's `order` is its `body` (a bare order) or `body.order`.
/// JSON text cannot say so, and parsing the same text twice would cost (the body is most of the
/// answer), so the text holds `null` there, keeping the member's place in the key order, and the
/// wasm layer sets it after its one `JSON.parse` (src/wasm/verify.rs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    /// The member of the answer that holds the object with the link (`check()` answers hold the
    /// notification under `notification`); `None`: the answer is that object.
    pub within: Option<&'static str>,
    /// The member written as `null`.
    pub member: &'static str,
    /// Where its value is, from the same object.
    pub path: &'static [&'static str],
}

/// An answer's JSON text and the [`Link`] to set after parsing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonText {
    /// The text `JSON.parse` reads.
    pub text: String,
    /// The member to set after parsing.
    pub link: Option<Link>,
}

impl JsonText {
    /// The answer as a `serde_json` value with its link set (what `JSON.parse` and the wasm
    /// layer give in JavaScript); for tests and native callers.
    pub fn to_value(&self) -> serde_json::Value {
        let mut value: serde_json::Value = serde_json::from_str(&self.text).unwrap_or_default();
        if let Some(link) = self.link {
            let object = match link.within {
                Some(within) => value.get_mut(within),
                None => Some(&mut value),
            };
            if let Some(object) = object {
                let linked = link
                    .path
                    .iter()
                    .try_fold(&*object, |v, name| v.get(name))
                    .cloned();
                if let (Some(linked), Some(slot)) = (linked, object.get_mut(link.member)) {
                    *slot = linked;
                }
            }
        }
        value
    }
}

/// A verified notification body as a JSON object; `MALFORMED_PAYLOAD` otherwise, the message
/// starting with `what` ("the postback body", ...).
pub fn json_object(body: &[u8], what: &str) -> Result<serde_json::Map<String, serde_json::Value>> {
    object_or_malformed(
        serde_json::from_slice(body).map(|v| match v {
            serde_json::Value::Object(top) => Some(top),
            _ => None,
        }),
        what,
    )
}

/// What a body parser gave, as [`json_object`] answers it: `Some` (an object), `None` (JSON, but
/// not an object) or the parser's error, the message starting with `what`.
pub fn object_or_malformed<T>(parsed: serde_json::Result<Option<T>>, what: &str) -> Result<T> {
    let malformed = |m: String| Error::new(crate::ErrorCode::MalformedPayload, m);
    match parsed {
        Ok(Some(top)) => Ok(top),
        Ok(None) => Err(malformed(format!("{what} is not a JSON object"))),
        Err(e) => Err(malformed(format!("{what} is not JSON ({e})"))),
    }
}

/// A notification field as text: a string as sent, a number in its JSON form, else `None`.
pub fn field_text(value: Option<&serde_json::Value>) -> Option<String> {
    match value {
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

/// What a body argument (a notification body, a key) may be, when it is none of them; `kind` is
/// what it is instead when that is known (a typed array of another element type, a DataView, a
/// detached buffer).
pub fn body_refused(what: &str, kind: Option<&str>) -> Error {
    const KINDS: &str =
        "a string, a Uint8Array (or Buffer) or an ArrayBuffer holding the raw bytes";
    let message = match kind {
        Some(kind) => format!("{what} is {kind}; it must be {KINDS}"),
        None => format!("{what} must be {KINDS}"),
    };
    Error::new(crate::ErrorCode::InvalidArgument, message)
}

/// An `hmacKey` read as a body with the key-text limit: over the limit it is `MALFORMED_KEY` (a
/// key is a few dozen bytes), other errors stay.
pub fn hmac_key_error(e: Error) -> Error {
    match e.code() {
        crate::ErrorCode::PayloadTooLarge => Error::new(
            crate::ErrorCode::MalformedKey,
            format!(
                "hmacKey is longer than {} bytes; a key is a few dozen",
                crate::crypto::MAX_KEY_TEXT
            ),
        ),
        _ => e,
    }
}

/// `text` as a quoted, escaped JSON string, byte for byte as serde_json writes it (`"`, `\\` and
/// the short escapes `\b \f \n \r \t` by name, other control characters as `\u00xx`, everything
/// else as it is; `tests::json_string_is_serde_jsons` holds the two equal). Written here rather
/// than through `serde_json::to_writer`, whose `io::Write` layers cost more than the scan: on the
/// RBS HMAC callback's `verify()` answer (30 strings, 700 bytes) serde_json's escaping was 12% of
/// the call in Node, 2.4 of 19.7 µs.
pub fn json_string(out: &mut Vec<u8>, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape = match b {
            b'"' => b'"',
            b'\\' => b'\\',
            0x08 => b'b',
            0x0c => b'f',
            b'\n' => b'n',
            b'\r' => b'r',
            b'\t' => b't',
            0..=0x1f => b'u',
            _ => continue,
        };
        out.extend_from_slice(bytes.get(run..i).unwrap_or_default());
        out.extend_from_slice(&[b'\\', escape]);
        if escape == b'u' {
            let hex = |n: u8| HEX.get(usize::from(n)).copied().unwrap_or(b'0');
            out.extend_from_slice(&[b'0', b'0', hex(b >> 4), hex(b & 0xf)]);
        }
        run = i + 1;
    }
    out.extend_from_slice(bytes.get(run..).unwrap_or_default());
    out.push(b'"');
}

impl Json for Hint {
    /// `{ code, message, parameter? }` (`CheckHint`).
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(br#"{"code":"#);
        json_string(out, self.code.as_str());
        out.extend_from_slice(br#","message":"#);
        json_string(out, &self.message);
        if let Some(p) = &self.parameter {
            out.extend_from_slice(br#","parameter":"#);
            json_string(out, p);
        }
        out.push(b'}');
    }
}

/// The JSON text of a `check()` answer: `{ valid: true, <field>: value, canonical? }`, or
/// `{ valid: false, code, reason, canonical?, hints, parameters? }` (every failed check has its
/// `hints`, possibly none; RBS checks also the `parameters` as parsed, as `[name, value]` pairs).
pub fn check_json<T: Json>(
    field: &'static str,
    outcome: &Result<T>,
    canonical: Option<&str>,
    hints: &[Hint],
    parameters: Option<&[(String, String)]>,
) -> JsonText {
    let size = canonical.map_or(0, |c| c.len() + 16);
    let link = outcome
        .as_ref()
        .ok()
        .and_then(Json::json_link)
        .map(|l| Link {
            within: Some(field),
            ..l
        });
    let mut out = match outcome {
        Ok(value) => {
            let mut out = Vec::with_capacity(value.json_capacity() + size + 32);
            out.extend_from_slice(br#"{"valid":true,""#);
            out.extend_from_slice(field.as_bytes());
            out.extend_from_slice(br#"":"#);
            value.write_json(&mut out);
            out
        }
        Err(e) => failure(e),
    };
    if let Some(c) = canonical {
        out.extend_from_slice(br#","canonical":"#);
        json_string(&mut out, c);
    }
    if outcome.is_err() {
        out.extend_from_slice(br#","hints":["#);
        for (i, h) in hints.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            h.write_json(&mut out);
        }
        out.push(b']');
        if let Some(params) = parameters {
            out.extend_from_slice(br#","parameters":["#);
            for (i, (name, value)) in params.iter().enumerate() {
                out.extend_from_slice(if i > 0 { b",[" } else { b"[" });
                json_string(&mut out, name);
                out.push(b',');
                json_string(&mut out, value);
                out.push(b']');
            }
            out.push(b']');
        }
    }
    out.push(b'}');
    JsonText {
        text: String::from_utf8(out).unwrap_or_default(),
        link,
    }
}

/// The `check()` answer of a [`BodyVerifier`]: `diagnose` (the gateway's check with hints) runs
/// on the arguments `read` gave; arguments that could not be read are a failure without hints.
pub fn check_body<T: Json>(
    field: &'static str,
    read: Result<(Vec<u8>, Option<String>)>,
    diagnose: impl FnOnce(&[u8], Option<&str>) -> (Result<T>, Vec<Hint>),
) -> JsonText {
    let (outcome, hints) = match read {
        Ok((body, header)) => diagnose(&body, header.as_deref()),
        Err(e) => (Err(e), Vec::new()),
    };
    check_json(field, &outcome, None, &hints, None)
}

fn failure(e: &Error) -> Vec<u8> {
    let mut out = Vec::with_capacity(e.message().len() + 64);
    out.extend_from_slice(br#"{"valid":false,"code":"#);
    json_string(&mut out, e.code().as_str());
    out.extend_from_slice(br#","reason":"#);
    json_string(&mut out, e.message());
    out
}

/// A notification verifier as the wasm classes drive it: arguments read into [`Self::Args`]
/// (callback parameters, or a body and a header), the synchronous `verify` and `check`, the
/// asynchronous path whose RSA job the platform's WebCrypto may answer, and what `verifyRequest`
/// reads from a Fetch `Request`.
pub trait Verifier {
    /// The arguments, as read from JavaScript (owned: a pending promise keeps them).
    type Args: 'static;
    /// The verified notification.
    type Output: Json;
    /// The member of a successful `check()` answer that holds the notification.
    const FIELD: &'static str;
    /// The header `verifyRequest` reads, and its longest value looked at.
    const HEADER: (&'static str, usize);
    /// What the body is called in errors.
    const BODY: &'static str;

    /// The largest body (or callback) accepted, in bytes.
    fn max_payload_bytes(&self) -> usize;
    /// The arguments from what `verifyRequest` read: the URL, the header, the body bytes.
    fn request_args(&self, url: &str, header: Option<String>, body: Vec<u8>) -> Result<Self::Args>;
    /// Verifies the notification.
    fn verify(&self, args: Self::Args) -> Result<Self::Output>;
    /// The `check()` answer's JSON text; `read` gives the arguments (called again for the
    /// diagnosis of a failed check where it needs them).
    fn check(&self, read: impl Fn() -> Result<Self::Args>) -> JsonText;
    /// Every check that needs no RSA arithmetic, and the RSA job left to do (`None`: nothing).
    fn prepare(&self, args: &Self::Args) -> Result<Option<RsaJob>>;
    /// The notification, once [`Self::prepare`]'s job (if any) verified.
    fn finish(&self, args: Self::Args) -> Result<Self::Output>;
}

/// A verifier whose arguments are a raw body and one header value (Mobile Cashier, Koshelek).
pub trait BodyVerifier: Verifier<Args = (Vec<u8>, Option<String>)> {
    /// The header argument's name in errors.
    const HEADER_ARG: &'static str;
    /// Whether the header argument is read (and refused) before the body.
    const HEADER_FIRST: bool;
}

/// The keys of a JSON object, in order (tests of the result shapes).
#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) fn json_keys(value: &serde_json::Value) -> Vec<&str> {
    value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::diagnose::HintCode;
    use crate::ErrorCode;
    use serde_json::{json, Value};

    #[test]
    fn refused_bodies_and_long_hmac_keys() {
        let e = body_refused("the webhook body", Some("a detached buffer"));
        assert_eq!(e.code(), ErrorCode::InvalidArgument);
        assert!(e
            .message()
            .starts_with("the webhook body is a detached buffer; it must be a string"));
        let e = body_refused("hmacKey", None);
        assert!(e
            .message()
            .starts_with("hmacKey must be a string, a Uint8Array"));
        let long = hmac_key_error(Error::new(ErrorCode::PayloadTooLarge, "x"));
        assert_eq!(long.code(), ErrorCode::MalformedKey);
        assert!(long.message().contains("65536 bytes"));
        let other = hmac_key_error(Error::new(ErrorCode::InvalidArgument, "y"));
        assert_eq!(
            (other.code(), other.message()),
            (ErrorCode::InvalidArgument, "y")
        );
    }

    struct N;
    impl Json for N {
        fn write_json(&self, out: &mut Vec<u8>) {
            out.extend_from_slice(b"{\"n\":1}");
        }
    }

    fn parse(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn json_string_is_serde_jsons() {
        let mut all: String = (0u8..0x80).map(char::from).collect();
        all.push_str("é€😀\u{2028}\u{ffff}");
        for text in ["", "plain", "\"\\\"", "a\u{0}b\u{1f}\u{7f}", all.as_str()] {
            let mut out = Vec::new();
            json_string(&mut out, text);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(text).unwrap()
            );
        }
    }

    // proptest runs natively only (it does not build for wasm32-unknown-unknown).
    #[cfg(not(target_arch = "wasm32"))]
    mod json_string_property {
        use super::super::json_string;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(3000))]
            #[test]
            fn same_text_as_serde_json(text in any::<String>(), ascii in "[\\x00-\\x7f]{0,64}") {
                for t in [&text, &ascii] {
                    let mut out = Vec::new();
                    json_string(&mut out, t);
                    prop_assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(t).unwrap());
                }
            }
        }
    }

    #[test]
    fn check_answers_have_the_typescript_shapes() {
        let ok = check_json("callback", &Ok(N), Some("a;1;"), &[], Some(&[]));
        assert_eq!(
            ok.text,
            r#"{"valid":true,"callback":{"n":1},"canonical":"a;1;"}"#
        );
        assert_eq!(ok.link, None);
        let ok = check_json("notification", &Ok(N), None, &[], None);
        assert_eq!(
            parse(&ok.text),
            json!({ "valid": true, "notification": { "n": 1 } })
        );
        let e = Err::<N, _>(Error::new(ErrorCode::SignatureMismatch, "bad \"sum\""));
        assert_eq!(
            parse(&check_json("postback", &e, None, &[], None).text),
            json!({ "valid": false, "code": "SIGNATURE_MISMATCH", "reason": "bad \"sum\"", "hints": [] })
        );
        let hints = [
            Hint::new(HintCode::WrongHash, "m"),
            Hint::about(HintCode::AddedParameter, "x", "n"),
        ];
        let params = [("a".to_owned(), "1".to_owned()), ("b".into(), "\n".into())];
        let text = check_json("callback", &e, Some("c"), &hints, Some(&params));
        assert_eq!(
            text.text,
            r#"{"valid":false,"code":"SIGNATURE_MISMATCH","reason":"bad \"sum\"","canonical":"c","hints":[{"code":"WRONG_HASH","message":"m"},{"code":"ADDED_PARAMETER","message":"n","parameter":"x"}],"parameters":[["a","1"],["b","\n"]]}"#
        );
        let none = check_json("callback", &e, None, &[], Some(&[])).text;
        assert!(none.ends_with(r#""hints":[],"parameters":[]}"#), "{none}");
    }

    /// An answer with a linked member: `{ a: null, b: { c: [1] } }` where `a` is `b.c`.
    struct Linked;

    impl Json for Linked {
        fn write_json(&self, out: &mut Vec<u8>) {
            out.extend_from_slice(br#"{"a":null,"b":{"c":[1]}}"#);
        }

        fn json_link(&self) -> Option<Link> {
            Some(Link {
                within: None,
                member: "a",
                path: &["b", "c"],
            })
        }
    }

    #[test]
    fn links_are_kept_for_the_wasm_layer_and_set_by_to_value() {
        let direct = Linked.to_json_text();
        assert_eq!(direct.to_value(), json!({ "a": [1], "b": { "c": [1] } }));
        assert_eq!(json_keys(&direct.to_value()), ["a", "b"]);
        let checked = check_json("notification", &Ok(Linked), None, &[], None);
        let link = checked.link.unwrap();
        assert_eq!((link.within, link.member), (Some("notification"), "a"));
        assert_eq!(
            checked.to_value(),
            json!({ "valid": true, "notification": { "a": [1], "b": { "c": [1] } } })
        );
        // A failed check has nothing to link.
        let e = Err::<Linked, _>(Error::new(ErrorCode::SignatureMismatch, "x"));
        assert_eq!(check_json("notification", &e, None, &[], None).link, None);
    }
}
