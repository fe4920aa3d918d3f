//! Property tests: parameter order never matters; changing any name, value or the checksum makes
//! verification fail; and every parser (query/form/JSON input, PEM/DER keys, webhook and postback
//! bodies, Basic credentials) returns a result with an expected code — it never panics.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;

use kassa::cashier::notification::CashierNotification;
use kassa::crypto::{base64_encode, HashAlg, PrivateKey, PublicKey};
use kassa::http::encode::form_encode as encode_form;
use kassa::koshelek::notification::{KoshelekPostback, PostbackVerifier};
use kassa::rbs::callback::{
    parse_input, sign_callback, CallbackPublicKey, CallbackSigningKey, CallbackVerifier,
};
use kassa::ErrorCode;
use proptest::prelude::*;

const KEY: &[u8] = b"prop-test-key";

/// 1..8 distinct parameter names (never checksum/sign_alias) with any Unicode values but `;`
/// (which the verifier refuses by default as AMBIGUOUS_PARAMETERS), empty too.
fn params() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::btree_map("[a-zA-Z][a-zA-Z0-9_]{0,11}", "[^;\\p{C}]{0,12}", 1..8).prop_map(
        |m: BTreeMap<String, String>| {
            m.into_iter()
                .filter(|(n, _)| n != "checksum" && n != "sign_alias")
                .collect()
        },
    )
}

fn hmac_verifier() -> CallbackVerifier {
    CallbackVerifier::new(Some(KEY.to_vec()), vec![]).unwrap()
}

fn to_json(p: &[(String, String)]) -> String {
    let members: Vec<String> = p
        .iter()
        .map(|(n, v)| format!("{}:{}", serde_json::json!(n), serde_json::json!(v)))
        .collect();
    format!("{{{}}}", members.join(","))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn order_never_matters(p in params().prop_filter("non-empty", |p| !p.is_empty()), seed in any::<u64>()) {
        let signed = parse_input(&sign_callback(&p, &CallbackSigningKey::Hmac(KEY.to_vec())).unwrap()).unwrap();
        // Rotate and reverse by the seed: any order must verify, as query, form or JSON.
        let mut shuffled = signed.clone();
        let len = shuffled.len();
        shuffled.rotate_left((seed as usize) % len);
        if seed % 2 == 0 { shuffled.reverse(); }
        let v = hmac_verifier();
        let query = format!("?{}", encode_form(&shuffled));
        prop_assert!(v.verify_input(&query).is_ok());
        prop_assert!(v.verify_input(&to_json(&shuffled)).is_ok());
        let cb = v.verify_params(shuffled).unwrap();
        prop_assert_eq!(cb.params.len(), signed.len());
    }

    #[test]
    fn changing_any_name_value_or_checksum_fails(p in params().prop_filter("non-empty", |p| !p.is_empty()), which in any::<prop::sample::Index>(), part in 0u8..3) {
        let mut signed = parse_input(&sign_callback(&p, &CallbackSigningKey::Hmac(KEY.to_vec())).unwrap()).unwrap();
        let i = which.index(signed.len());
        let is_checksum = signed[i].0 == "checksum";
        match part {
            0 if !is_checksum => signed[i].0.push('x'),
            1 if !is_checksum => signed[i].1.push('x'),
            _ => {
                let c = signed.iter_mut().find(|(n, _)| n == "checksum").unwrap();
                let first = if c.1.starts_with('0') { "1" } else { "0" };
                c.1.replace_range(0..1, first);
            }
        }
        let e = hmac_verifier().verify_params(signed).err().unwrap();
        prop_assert!(matches!(e.code(), ErrorCode::SignatureMismatch | ErrorCode::DuplicateParameter), "{:?}", e);
    }

    #[test]
    fn callback_input_parsers_never_panic(text in "\\PC{0,200}", bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let v = hmac_verifier();
        for input in [text.clone(), String::from_utf8_lossy(&bytes).into_owned(), format!("?{text}"), format!("{{{text}}}")] {
            if let Err(e) = v.verify_input(&input) {
                prop_assert!(matches!(e.code(),
                    ErrorCode::MissingSignature | ErrorCode::MalformedSignature | ErrorCode::SignatureMismatch
                    | ErrorCode::MalformedPayload | ErrorCode::DuplicateParameter
                    | ErrorCode::AmbiguousParameters | ErrorCode::TooManyParameters), "{:?}", e);
            }
            let check = v.check_input(&input);
            prop_assert_eq!(check.result.is_ok(), v.verify_input(&input).is_ok());
        }
    }

    #[test]
    fn form_like_inputs_never_panic(pieces in prop::collection::vec(("[a-z%+=&]{0,6}", "[%0-9A-Fa-fz+=&]{0,8}"), 0..10)) {
        let text: String = pieces.iter().map(|(a, b)| format!("{a}={b}&")).collect();
        match parse_input(&text) {
            // Whatever parses, re-encodes to a form that parses to the same pairs.
            Ok(p) => prop_assert_eq!(parse_input(&encode_form(&p)).unwrap(), p),
            Err(e) => prop_assert!(matches!(e.code(), ErrorCode::MalformedPayload | ErrorCode::DuplicateParameter)),
        }
    }

    #[test]
    fn key_parsers_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600), label in "(PUBLIC KEY|RSA PUBLIC KEY|CERTIFICATE|PRIVATE KEY|RSA PRIVATE KEY|ENCRYPTED PRIVATE KEY|X)") {
        let b64 = base64_encode(&bytes);
        let pem = format!("-----BEGIN {label}-----\n{b64}\n-----END {label}-----\n");
        for text in [b64.clone(), pem.clone(), String::from_utf8_lossy(&bytes).into_owned()] {
            if let Err(e) = PublicKey::parse(&text) {
                prop_assert!(matches!(e.code(), ErrorCode::MalformedKey | ErrorCode::UnsupportedAlgorithm), "{:?}", e);
            }
            if let Err(e) = PrivateKey::parse(&text, Some("x")) {
                prop_assert!(matches!(e.code(), ErrorCode::MalformedKey | ErrorCode::EncryptedKey), "{:?}", e);
            }
        }
    }

    #[test]
    fn mutated_der_keys_never_panic(pos in any::<prop::sample::Index>(), byte in any::<u8>(), cut in any::<prop::sample::Index>()) {
        let good = PublicKey::parse(&common::vector("test-key-2048.pub.pem")).unwrap().to_spki_der().unwrap();
        let mut der = good.clone();
        der[pos.index(good.len())] = byte;
        der.truncate(cut.index(good.len()) + 1);
        if let Ok(k) = PublicKey::parse(&base64_encode(&der)) {
            prop_assert!((1024..=4096).contains(&k.bits()));
        }
        let cert = common::vector("test-key-2048.cert.pem");
        let mut cert_der = kassa::crypto::pem::decode(&cert, "c").unwrap().der;
        let n = cert_der.len();
        cert_der[pos.index(n)] ^= byte | 1;
        let _ = PublicKey::parse(&base64_encode(&cert_der)).map(|k| k.bits());
    }

    #[test]
    fn body_and_credential_parsers_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300), header in "\\PC{0,60}") {
        if let Err(e) = CashierNotification::parse(&bytes) { prop_assert_eq!(e.code(), ErrorCode::MalformedPayload); }
        if let Err(e) = KoshelekPostback::parse(&bytes) { prop_assert_eq!(e.code(), ErrorCode::MalformedPayload); }
        let v = PostbackVerifier::new("l", "p").unwrap();
        if let Err(e) = v.check_authorization(Some(&header)) { prop_assert_eq!(e.code(), ErrorCode::Unauthorized); }
        let basic = format!("Basic {}", base64_encode(&bytes));
        prop_assert_eq!(v.check_authorization(Some(&basic)).is_ok(), bytes == b"l:p");
    }
}

proptest! {
    // RSA signing is slow in debug builds: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn rsa_order_never_matters_and_value_changes_fail(p in params().prop_filter("non-empty", |p| !p.is_empty()), which in any::<prop::sample::Index>()) {
        let private = PrivateKey::parse(&common::vector("test-key-2048.pkcs8.pem"), None).unwrap();
        let key = CallbackSigningKey::Rsa { key: private.clone(), hash: HashAlg::Sha512, alias: Some("k".into()) };
        let mut signed = parse_input(&sign_callback(&p, &key).unwrap()).unwrap();
        signed.reverse();
        let v = CallbackVerifier::new(None, vec![CallbackPublicKey { key: private.public_key().unwrap(), alias: Some("k".into()), hash: HashAlg::Sha512 }]).unwrap();
        prop_assert!(v.verify_params(signed.clone()).is_ok());
        let i = which.index(p.len());
        let name = &p[i].0;
        let target = signed.iter_mut().find(|(n, _)| n == name).unwrap();
        target.1.push('1');
        prop_assert_eq!(v.verify_params(signed).err().unwrap().code(), ErrorCode::SignatureMismatch);
    }
}
