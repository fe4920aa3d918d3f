//! The diagnosis of each kind of damage, on callbacks signed here.
#![allow(clippy::unwrap_used)]
use super::*;
use crate::crypto::PrivateKey;
use crate::rbs::callback::{checksum, sign_callback, CallbackPublicKey, CallbackSigningKey};

const KEY: &[u8] = "демо-ключ 0123".as_bytes();

use crate::rbs::callback::pairs;

fn base() -> Params {
    pairs(&[
        ("mdOrder", "3ff6962a"),
        ("orderNumber", "10747"),
        ("operation", "deposited"),
        ("status", "1"),
        ("amount", "149000"),
        ("description", "Заказ №7 · чай"),
    ])
}

fn hmac() -> CallbackVerifier {
    CallbackVerifier::new(Some(KEY.to_vec()), vec![]).unwrap()
}

/// The hints `core` gives for `input` (asserting the check failed as a mismatch).
fn hints_for(core: &CallbackVerifier, input: &str) -> Vec<Hint> {
    let check = core.check_input(input);
    let d = diagnose_check(core, &check, || core.parse(input)).unwrap();
    assert!(!d.params.is_empty());
    d.hints
}

fn codes(hints: &[Hint]) -> Vec<(&'static str, Option<&str>)> {
    hints
        .iter()
        .map(|h| (h.code.as_str(), h.parameter.as_deref()))
        .collect()
}

fn signed_query() -> String {
    sign_callback(&base(), &CallbackSigningKey::Hmac(KEY.to_vec())).unwrap()
}

#[test]
fn a_verified_callback_is_not_diagnosed_and_not_reparsed() {
    let core = hmac();
    let q = signed_query();
    let check = core.check_input(&q);
    assert!(check.result.is_ok());
    let reparsed = std::cell::Cell::new(false);
    let d = diagnose_check(&core, &check, || {
        reparsed.set(true);
        core.parse(&q)
    });
    assert!(d.is_none() && !reparsed.get());
}

#[test]
fn a_tampered_callback_has_its_parameters_and_no_hint() {
    let core = hmac();
    let q = signed_query().replace("amount=149000", "amount=149001");
    let check = core.check_input(&q);
    let d = diagnose_check(&core, &check, || core.parse(&q)).unwrap();
    assert!(d.hints.is_empty(), "{:?}", d.hints);
    assert_eq!(d.params.len(), 7);
    // Other errors: the parameters, no hints.
    let q = signed_query().replace("checksum=", "x=");
    let check = core.check_input(&q);
    assert_eq!(
        check.result.as_ref().err().unwrap().code(),
        ErrorCode::MissingSignature
    );
    let d = diagnose_check(&core, &check, || core.parse(&q)).unwrap();
    assert!(d.hints.is_empty());
    assert_eq!(d.params.len(), 7);
    // Unparsable input: an empty diagnosis.
    let check = core.check_input("a=%zz");
    assert_eq!(
        diagnose_check(&core, &check, || core.parse("a=%zz")),
        Some(CallbackDiagnosis::default())
    );
}

#[test]
fn reencoded_value() {
    let q = signed_query();
    let value = "Заказ №7 · чай";
    let once = crate::http::encode::form_encode(&pairs(&[("description", value)]));
    let twice = once.replace('%', "%25");
    let hints = hints_for(&hmac(), &q.replace(&once, &twice));
    assert_eq!(codes(&hints), [("REENCODED_VALUE", Some("description"))]);
    assert!(hints[0]
        .message
        .starts_with("Re-encoded: the value of `description`"));
    assert!(!hints[0].message.contains("Заказ"), "no value in a hint");
    // A value with %XX that was signed so: genuine, nothing to diagnose; tampered: no hint.
    let mut p = base();
    p.push(("note".into(), "100%41".into()));
    let q = sign_callback(&p, &CallbackSigningKey::Hmac(KEY.to_vec())).unwrap();
    assert!(hmac().verify_input(&q).is_ok());
    assert!(hints_for(&hmac(), &q.replace("status=1", "status=0")).is_empty());
}

#[test]
fn plus_read_as_space() {
    let p = pairs(&[
        ("amount", "5"),
        ("description", "a+b"),
        ("mdOrder", "x"),
        ("status", "1"),
    ]);
    let sum = checksum(&p, &CallbackSigningKey::Hmac(KEY.to_vec())).unwrap();
    let q = format!("amount=5&description=a+b&mdOrder=x&status=1&checksum={sum}");
    assert_eq!(
        codes(&hints_for(&hmac(), &q)),
        [("REENCODED_VALUE", Some("description"))]
    );
    assert!(hints_for(&hmac(), &q)
        .iter()
        .all(|h| h.message.contains("`+` was read as a space")));
    // A real space that was tampered with: no hint.
    let q = format!("amount=6&description=a+b&mdOrder=x&status=1&checksum={sum}");
    assert!(hints_for(&hmac(), &q).is_empty());
}

#[test]
fn added_parameter() {
    let hints = hints_for(&hmac(), &format!("{}&utm_source=mail", signed_query()));
    assert_eq!(codes(&hints), [("ADDED_PARAMETER", Some("utm_source"))]);
    assert!(hints[0].message.contains("did not sign: `utm_source`"));
    // Two added: no single removal helps.
    assert!(hints_for(&hmac(), &format!("{}&a=1&b=2", signed_query())).is_empty());
    // More than the bound: not diagnosed.
    let mut q = format!("{}&utm_source=mail", signed_query());
    for i in 0..MAX_DIAGNOSED_PARAMETERS {
        q.push_str(&format!("&p{i}=1"));
    }
    assert!(hints_for(&hmac(), &q).is_empty());
}

#[test]
fn key_whitespace_and_unsorted_sender() {
    let padded = CallbackVerifier::new(
        Some(b" \xd0\xb4\xd0\xb5\xd0\xbc\xd0\xbe-\xd0\xba\xd0\xbb\xd1\x8e\xd1\x87 0123\n".to_vec()),
        vec![],
    )
    .unwrap();
    let hints = hints_for(&padded, &signed_query());
    assert_eq!(codes(&hints), [("KEY_WHITESPACE", None)]);
    assert!(!hints[0].message.contains("0123"), "no key in a hint");
    // A padded key that is simply the wrong key: no hint.
    let wrong = CallbackVerifier::new(Some(b" other ".to_vec()), vec![]).unwrap();
    assert!(hints_for(&wrong, &signed_query()).is_empty());

    let p = pairs(&[("status", "1"), ("amount", "5"), ("mdOrder", "x")]);
    let text: String = p.iter().map(|(n, v)| format!("{n};{v};")).collect();
    let sum = crypto::hex_upper(&crypto::hmac_sha256(KEY, text.as_bytes()));
    let q = format!("status=1&amount=5&mdOrder=x&checksum={sum}");
    assert_eq!(
        codes(&hints_for(&hmac(), &q)),
        [("UNSORTED_PARAMETERS", None)]
    );
    // Sent sorted and tampered: no hint.
    let q = format!("amount=5&mdOrder=x&status=0&checksum={sum}");
    assert!(hints_for(&hmac(), &q).is_empty());
}

use crate::crypto::test_vector as vector;

#[test]
fn wrong_hash() {
    let private = PrivateKey::parse(&vector("test-key-2048.pkcs8.pem"), None).unwrap();
    let public = private.public_key().unwrap();
    let verifier = |hash| {
        let key = CallbackPublicKey {
            key: public.clone(),
            alias: None,
            hash,
        };
        CallbackVerifier::new(None, vec![key]).unwrap()
    };
    let sign = |hash| {
        let key = CallbackSigningKey::Rsa {
            key: private.clone(),
            hash,
            alias: None,
        };
        sign_callback(&base(), &key).unwrap()
    };
    let q = sign(HashAlg::Sha256);
    let hints = hints_for(&verifier(HashAlg::Sha512), &q);
    assert_eq!(codes(&hints), [("WRONG_HASH", None)]);
    assert!(
        hints[0].message.contains("SHA256, not SHA512"),
        "{}",
        hints[0].message
    );
    let hints = hints_for(&verifier(HashAlg::Sha256), &sign(HashAlg::Sha1));
    assert!(hints[0].message.contains("SHA1, not SHA256"));
    // Another key altogether: no hint; an added parameter is found with RSA too.
    assert!(hints_for(
        &verifier(HashAlg::Sha512),
        &q.replace("status=1", "status=0")
    )
    .is_empty());
    let hints = hints_for(
        &verifier(HashAlg::Sha512),
        &format!("{}&route=x", sign(HashAlg::Sha512)),
    );
    assert_eq!(codes(&hints), [("ADDED_PARAMETER", Some("route"))]);
}
