//! The options of the notification verifiers and of `signRbsCallback`'s key, read from their
//! [`Plain`] trees. Byte-valued options (`hmacKey`: a string, `Uint8Array` or `ArrayBuffer`) are
//! converted by the wasm layer and handed in; everything else is decided here.

use super::{Max, Options, Plain, Spec};
use zeroize::Zeroizing;

use crate::cashier::notification::WebhookVerifier;
use crate::crypto::{HashAlg, PrivateKey, PublicKey, MAX_KEY_TEXT};
use crate::koshelek::notification::PostbackVerifier;
use crate::rbs::callback::limits::{
    check_key_count, payload_limit, CallbackOptions, MAX_PUBLIC_KEYS,
};
use crate::rbs::callback::{CallbackPublicKey, CallbackSigningKey, CallbackVerifier};
use crate::{Error, ErrorCode, Result};

/// The reader's bounds for verifier options and signing keys (key texts up to
/// [`MAX_KEY_TEXT`] + 1 units: longer is `MALFORMED_KEY` anyway).
pub const fn verifier_spec(names: &'static [&'static str]) -> Spec {
    Spec {
        props: Some(names),
        values: false,
        depth: 3,
        entries: MAX_PUBLIC_KEYS,
        strings: MAX_KEY_TEXT + 1,
        total: 4 * (MAX_PUBLIC_KEYS + 1) * (MAX_KEY_TEXT + 1),
    }
}

/// The options `new RbsCallbackVerifier` reads from its tree (`hmacKey` is read as bytes).
pub const RBS_VERIFIER_OPTIONS: &[&str] = &[
    "publicKeys",
    "maxPayloadBytes",
    "maxParameters",
    "allowSemicolons",
];
/// The options of `new CashierWebhookVerifier`.
pub const CASHIER_VERIFIER_OPTIONS: &[&str] = &["publicKey", "maxPayloadBytes"];
/// The options of `new KoshelekPostbackVerifier`.
pub const KOSHELEK_VERIFIER_OPTIONS: &[&str] = &["login", "password", "maxPayloadBytes"];
/// The fields of `signRbsCallback`'s RSA key (`hmacKey` is read as bytes).
pub const SIGNING_KEY_OPTIONS: &[&str] = &["privateKey", "hash", "passphrase", "alias"];

fn invalid(message: &str) -> Error {
    Error::new(ErrorCode::InvalidArgument, message)
}

/// A key text (PEM or base64 DER); longer than [`MAX_KEY_TEXT`] is `MALFORMED_KEY`, not a string
/// `shape`.
fn key_text(v: &Plain, shape: &str) -> Result<String> {
    match v {
        Plain::Long(_) => Err(Error::new(
            ErrorCode::MalformedKey,
            format!(
                "the key is longer than {MAX_KEY_TEXT} bytes; an RSA key in PEM is a few kilobytes"
            ),
        )),
        v => v.as_text().map(str::to_owned).ok_or_else(|| invalid(shape)),
    }
}

const KEY_ENTRY: &str = "each publicKeys entry is a PEM string or { key: string, alias?, hash? }";

fn public_key(entry: &Plain) -> Result<CallbackPublicKey> {
    if entry.as_text().is_some() || matches!(entry, Plain::Long(_)) {
        return Ok(CallbackPublicKey {
            key: PublicKey::parse(&key_text(entry, KEY_ENTRY)?)?,
            alias: None,
            hash: HashAlg::Sha512,
        });
    }
    let field = |k: &str| match entry.entry(k) {
        Plain::Threw => Err(invalid(
            "a publicKeys entry could not be read (a getter threw)",
        )),
        v => Ok(v),
    };
    if !matches!(entry, Plain::Object { .. }) {
        return Err(invalid(KEY_ENTRY));
    }
    let key = key_text(field("key")?, KEY_ENTRY)?;
    let hash = match field("hash")? {
        v if v.is_absent() => HashAlg::Sha512,
        v => HashAlg::parse(v.as_text().ok_or_else(|| invalid(KEY_ENTRY))?)?,
    };
    let alias = match field("alias")? {
        v if v.is_absent() => None,
        v => Some(super::text(
            v,
            Max::Short(256),
            "publicKeys",
            "alias",
            false,
        )?),
    };
    Ok(CallbackPublicKey {
        key: PublicKey::parse(&key)?,
        alias,
        hash,
    })
}

/// `new RbsCallbackVerifier({ hmacKey?, publicKeys?, maxPayloadBytes?, maxParameters?,
/// allowSemicolons? })` from its tree (read with `verifier_spec(RBS_VERIFIER_OPTIONS)`) and the
/// `hmacKey` bytes.
pub fn rbs_verifier(tree: &Plain, hmac_key: Option<Vec<u8>>) -> Result<CallbackVerifier> {
    if !matches!(tree, Plain::Record { .. }) {
        return Err(invalid(
            "new RbsCallbackVerifier({ hmacKey }) or ({ publicKeys: [pem, ...] }) expects an options object",
        ));
    }
    let o = Options::loose(tree, "new RbsCallbackVerifier", RBS_VERIFIER_OPTIONS)?;
    let limits = CallbackOptions::from_js(
        o.number("maxPayloadBytes")?,
        o.number("maxParameters")?,
        o.opt_bool("allowSemicolons")?,
    )?;
    let keys = match o.get("publicKeys")? {
        v if v.is_absent() => Vec::new(),
        Plain::List {
            kind: super::ListKind::Array,
            more: true,
            ..
        } => {
            return Err(check_key_count(MAX_PUBLIC_KEYS + 1)
                .err()
                .unwrap_or_else(|| invalid(KEY_ENTRY)))
        }
        Plain::List {
            kind: super::ListKind::Array,
            items,
            ..
        } => items
            .iter()
            .map(|e| match e {
                Plain::Threw => Err(invalid(
                    "a publicKeys entry could not be read (a getter threw)",
                )),
                e => public_key(e),
            })
            .collect::<Result<_>>()?,
        _ => {
            return Err(invalid(
                "publicKeys must be an array of PEM strings or { key, alias?, hash? }",
            ))
        }
    };
    CallbackVerifier::with_options(hmac_key, keys, limits)
}

/// `new CashierWebhookVerifier({ publicKey?, maxPayloadBytes? })` (or nothing) from its tree.
pub fn cashier_verifier(tree: &Plain) -> Result<WebhookVerifier> {
    let o = Options::loose(tree, "new CashierWebhookVerifier", CASHIER_VERIFIER_OPTIONS)?;
    let limit = payload_limit(o.number("maxPayloadBytes")?)?;
    let key = match o.get("publicKey")? {
        v if v.is_absent() => None,
        v => Some(key_text(v, "publicKey must be a PEM or base64 DER string")?),
    };
    WebhookVerifier::with_limit(key.as_deref(), limit)
}

/// Longest Koshelek login or password read, in bytes (they are a few dozen characters).
const MAX_CREDENTIAL: usize = 4096;

/// `new KoshelekPostbackVerifier({ login, password, maxPayloadBytes? })` from its tree (read with
/// `verifier_spec(KOSHELEK_VERIFIER_OPTIONS)`). Every refusal of the credentials is one message
/// that never echoes a value; the limit is checked first.
pub fn koshelek_verifier(tree: &Plain) -> Result<PostbackVerifier> {
    let refused = || {
        invalid(
            "new KoshelekPostbackVerifier({ login, password }) needs both as strings (the \
             partnerLogin and partnerPassword agreed with Koshelek)",
        )
    };
    let Plain::Record { props, .. } = tree else {
        return Err(refused());
    };
    let prop = |i: usize| props.get(i).unwrap_or(&Plain::Undefined);
    let limit = match prop(2) {
        v if v.is_absent() => None,
        Plain::Number(n) => Some(*n),
        Plain::Threw => return Err(refused()),
        _ => Some(f64::NAN),
    };
    let limit = payload_limit(limit)?;
    let credential = |i: usize| match prop(i) {
        Plain::Text(s) | Plain::Broken(s) if s.len() <= MAX_CREDENTIAL => {
            Ok(Zeroizing::new(s.clone()))
        }
        _ => Err(refused()),
    };
    PostbackVerifier::with_limit(&credential(0)?, &credential(1)?, limit)
}

const KEY_SHAPE: &str =
    "the key must be { hmacKey } or { privateKey: PEM string, hash?, alias?, passphrase? }";

/// `signRbsCallback`'s key from its tree (read with `verifier_spec(SIGNING_KEY_OPTIONS)`); the
/// `hmacKey` bytes when the key object has one.
pub fn signing_key(tree: &Plain, hmac_key: Option<Vec<u8>>) -> Result<CallbackSigningKey> {
    if !matches!(tree, Plain::Record { .. }) {
        return Err(invalid(KEY_SHAPE));
    }
    if let Some(key) = hmac_key {
        return Ok(CallbackSigningKey::Hmac(key));
    }
    let o = Options::loose(tree, "signRbsCallback", SIGNING_KEY_OPTIONS)?;
    let optional = |k: &str, max: usize| match o.get(k)? {
        v if v.is_absent() => Ok(None),
        v => super::text(v, Max::Short(max), "signRbsCallback", k, false)
            .map(Some)
            .map_err(|_| invalid(KEY_SHAPE)),
    };
    let pem = match o.get("privateKey")? {
        v if v.is_absent() => return Err(invalid(KEY_SHAPE)),
        v => key_text(v, KEY_SHAPE)?,
    };
    let hash = match optional("hash", 64)? {
        Some(h) => HashAlg::parse(&h)?,
        None => HashAlg::Sha512,
    };
    let passphrase = optional("passphrase", 1024)?;
    let alias = optional("alias", 256)?;
    Ok(CallbackSigningKey::Rsa {
        key: PrivateKey::parse(&pem, passphrase.as_deref())?,
        hash,
        alias,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use Plain as P;

    #[test]
    fn rbs_verifier_options() {
        assert!(rbs_verifier(&P::record(vec![]), Some(b"k".to_vec())).is_ok());
        let code = |tree: &Plain| {
            rbs_verifier(tree, Some(b"k".to_vec()))
                .err()
                .unwrap()
                .code()
        };
        assert_eq!(code(&Plain::Undefined), ErrorCode::InvalidArgument);
        assert_eq!(
            code(&P::record(vec![Plain::Text("pem".into())])),
            ErrorCode::InvalidArgument
        );
        let many = Plain::List {
            kind: super::super::ListKind::Array,
            items: vec![],
            more: true,
        };
        assert_eq!(code(&P::record(vec![many])), ErrorCode::TooManyKeys);
        let long = Plain::List {
            kind: super::super::ListKind::Array,
            items: vec![Plain::Long(1 << 20)],
            more: false,
        };
        assert_eq!(code(&P::record(vec![long])), ErrorCode::MalformedKey);
        let size = P::record(vec![Plain::Undefined, Plain::Text("1".into())]);
        assert_eq!(code(&size), ErrorCode::InvalidArgument);
        let semi = P::record(vec![
            Plain::Undefined,
            Plain::Undefined,
            Plain::Undefined,
            Plain::Number(1.0),
        ]);
        assert_eq!(code(&semi), ErrorCode::InvalidArgument);
        let threw = P::record(vec![Plain::Threw]);
        assert_eq!(code(&threw), ErrorCode::InvalidArgument);
    }

    #[test]
    fn cashier_verifier_and_signing_key() {
        assert!(cashier_verifier(&Plain::Undefined).is_ok());
        let code = |r: Result<WebhookVerifier>| r.err().unwrap().code();
        assert_eq!(
            code(cashier_verifier(&Plain::Number(1.0))),
            ErrorCode::InvalidArgument
        );
        assert_eq!(
            code(cashier_verifier(&P::record(vec![Plain::Number(1.0)]))),
            ErrorCode::InvalidArgument
        );
        assert_eq!(
            code(cashier_verifier(&P::record(vec![Plain::Long(1 << 20)]))),
            ErrorCode::MalformedKey
        );
        assert!(matches!(
            signing_key(&P::record(vec![]), Some(vec![1])),
            Ok(CallbackSigningKey::Hmac(_))
        ));
        let e = signing_key(&Plain::Text("k".into()), None).err().unwrap();
        assert_eq!(e.code(), ErrorCode::InvalidArgument);
        let e = signing_key(&P::record(vec![Plain::Number(1.0)]), None)
            .err()
            .unwrap();
        assert_eq!(e.code(), ErrorCode::InvalidArgument);
        let e = signing_key(&P::record(vec![Plain::Long(1 << 20)]), None)
            .err()
            .unwrap();
        assert_eq!(e.code(), ErrorCode::MalformedKey);
    }

    #[test]
    fn koshelek_verifier_options() {
        let t = |s: &str| Plain::Text(s.into());
        assert!(koshelek_verifier(&P::record(vec![t("l"), t("p")])).is_ok());
        let limited = koshelek_verifier(&P::record(vec![t("l"), t("p"), Plain::Number(10.0)]));
        assert_eq!(limited.unwrap().max_payload_bytes(), 10);
        let code = |tree: Plain| koshelek_verifier(&tree).err().unwrap();
        for bad in [
            Plain::Undefined,
            t("l:p"),
            P::record(vec![t("l")]),
            P::record(vec![t("l"), Plain::Number(1.0)]),
            P::record(vec![t("l"), Plain::Threw]),
            P::record(vec![t("l"), Plain::Long(5000)]),
            P::record(vec![t("l"), t(&"p".repeat(MAX_CREDENTIAL + 1))]),
            P::record(vec![t("l"), t("p"), Plain::Threw]),
        ] {
            let e = code(bad);
            assert_eq!(e.code(), ErrorCode::InvalidArgument);
            assert!(
                e.message().contains("needs both as strings"),
                "{}",
                e.message()
            );
        }
        assert!(
            koshelek_verifier(&P::record(vec![t("l"), t(&"p".repeat(MAX_CREDENTIAL))])).is_ok()
        );
        // The limit is checked first, with its own message.
        let e = code(P::record(vec![Plain::Undefined, Plain::Undefined, t("1")]));
        assert!(e.message().contains("maxPayloadBytes"), "{}", e.message());
        // Empty credentials are the core's refusal.
        let e = code(P::record(vec![t(""), t("p")]));
        assert!(e.message().contains("partnerLogin and partnerPassword"));
    }
}
