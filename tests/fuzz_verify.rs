//! Property tests of issue 11 for the notification verifiers, each with `common::fuzz_cases()`
//! cases (10,000 in `make test`, 1,000,000 in `make fuzz`): the callback parameter parsers
//! (URL/query/form/JSON, arbitrary bytes and near-valid structured inputs), the one-pass
//! canonical string and duplicate check against a naive reference, the limits, the Mobile
//! Cashier webhook body handling, the Koshelek `Authorization` parser, the key parsers
//! (PEM/DER/X.509/SPKI/PKCS#1/PKCS#8: random bytes and flipped/truncated/extended valid keys),
//! signature decoding, and sign→verify round trips. Each asserts that nothing panics and that
//! every error carries one of the codes that input may produce.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::HashSet;
use std::sync::OnceLock;

use kassa::cashier::notification::{self as webhook, decode_signature};
use kassa::cashier::notification::{CashierNotification, WebhookVerifier};
use kassa::crypto::{self, base64_encode, HashAlg, PrivateKey, PublicKey};
use kassa::http::encode::form_encode as encode_form;
use kassa::koshelek::notification::{basic_auth_header, PostbackVerifier};
use kassa::rbs::callback::input::{parse_form_limited, parse_json_limited};
use kassa::rbs::callback::{
    parse_callback, sign_callback, CallbackOptions, CallbackPublicKey, CallbackSigningKey,
    CallbackVerifier, ParsedCallback,
};
use kassa::ErrorCode;
use proptest::prelude::*;

const KEY: &[u8] = b"fuzz-hmac-key";

fn config() -> ProptestConfig {
    ProptestConfig::with_cases(common::fuzz_cases())
}

/// Bodies over this many bytes are PAYLOAD_TOO_LARGE in `cashier_webhook_bodies`.
const CASHIER_LIMIT: usize = 250;

/// The default Mobile Cashier verifier (the reference's 4096-bit key), parsed once.
fn cashier_verifier() -> &'static WebhookVerifier {
    static V: OnceLock<WebhookVerifier> = OnceLock::new();
    V.get_or_init(|| WebhookVerifier::with_limit(None, CASHIER_LIMIT).unwrap())
}

fn hmac() -> &'static CallbackVerifier {
    static V: OnceLock<CallbackVerifier> = OnceLock::new();
    V.get_or_init(|| CallbackVerifier::new(Some(KEY.to_vec()), vec![]).unwrap())
}

struct Rsa {
    private: PrivateKey,
    verifier: CallbackVerifier,
    signed: Vec<(String, String)>,
    ders: Vec<(&'static str, Vec<u8>)>,
}

/// One RSA key for every RSA property (parsing and signing it once).
fn rsa() -> &'static Rsa {
    static R: OnceLock<Rsa> = OnceLock::new();
    R.get_or_init(|| {
        let private = PrivateKey::parse(&common::vector("test-key-2048.pkcs8.pem"), None).unwrap();
        let verifier = CallbackVerifier::new(
            None,
            vec![CallbackPublicKey {
                key: private.public_key().unwrap(),
                alias: None,
                hash: HashAlg::Sha512,
            }],
        )
        .unwrap();
        let params = common::pairs(&[
            ("amount", "1500"),
            ("mdOrder", "3ff6962a-7dcc-4283-ab50-a6d7dd3386fe"),
            ("operation", "deposited"),
            ("orderNumber", "10747"),
            ("status", "1"),
        ]);
        let key = CallbackSigningKey::Rsa {
            key: private.clone(),
            hash: HashAlg::Sha512,
            alias: None,
        };
        let signed =
            kassa::rbs::callback::parse_input(&sign_callback(&params, &key).unwrap()).unwrap();
        let der = |file: &str| crypto::pem::decode(&common::vector(file), "k").unwrap().der;
        let ders = vec![
            ("PUBLIC KEY", der("test-key-2048.pub.pem")),
            ("RSA PUBLIC KEY", der("test-key-2048.pkcs1-pub.pem")),
            ("CERTIFICATE", der("test-key-2048.cert.pem")),
            ("PRIVATE KEY", der("test-key-2048.pkcs8.pem")),
            ("RSA PRIVATE KEY", der("test-key-2048.pkcs1.pem")),
        ];
        Rsa {
            private,
            verifier,
            signed,
            ders,
        }
    })
}

/// The codes a callback verification may end with on arbitrary input.
fn callback_code(code: ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::MissingSignature
            | ErrorCode::MalformedSignature
            | ErrorCode::SignatureMismatch
            | ErrorCode::MalformedPayload
            | ErrorCode::DuplicateParameter
            | ErrorCode::AmbiguousParameters
            | ErrorCode::TooManyParameters
            | ErrorCode::PayloadTooLarge
    )
}

/// The naive reference: sort a copy by name, `name;value;` for every covered pair.
fn naive_canonical(pairs: &[(String, String)]) -> String {
    let mut sorted = pairs.to_vec();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    sorted
        .iter()
        .filter(|(n, _)| n != "checksum" && n != "sign_alias")
        .map(|(n, v)| format!("{n};{v};"))
        .collect()
}

fn naive_has_duplicate(pairs: &[(String, String)]) -> bool {
    let mut seen = HashSet::new();
    pairs.iter().any(|(n, _)| !seen.insert(n.clone()))
}

/// Pieces of real callback syntax: names, `=`, `&`, `%XX`, `+`, `;`, JSON punctuation, URLs,
/// multi-byte UTF-8.
const ATOMS: &[&str] = &[
    "mdOrder",
    "status",
    "checksum",
    "sign_alias",
    "=",
    "&",
    ";",
    "+",
    "%",
    "%3B",
    "%D0%97",
    "%FF",
    "%2",
    "?",
    "#",
    "\r\n",
    "{",
    "}",
    "\"",
    ":",
    ",",
    "[1]",
    "null",
    "1e400",
    "-0.5",
    "https://shop.example/cb",
    "/cb",
    "Заказ",
    "\u{1F600}",
    "0",
    "A",
    "F",
    "a",
    "zz",
];

/// Near-valid callback text: atoms in any order.
fn near_valid() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ATOMS), 0..24).prop_map(|v| v.concat())
}

/// Arbitrary text, fast to generate: random bytes read as UTF-8 (invalid sequences become
/// U+FFFD), so every kind of character shows up.
fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(any::<u8>(), 0..max)
        .prop_map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// Characters for names and values: ASCII letters and punctuation, `%`, `+`, `&`, `=`, spaces and
/// multi-byte UTF-8 — never `;` (see `hmac_sign_then_verify...`).
const CHARS: &[char] = &[
    'a',
    'b',
    'Z',
    '0',
    '9',
    '_',
    '-',
    '.',
    ' ',
    '%',
    '+',
    '&',
    '=',
    '?',
    '#',
    '"',
    '\\',
    '/',
    'з',
    'Я',
    '№',
    '€',
    '\u{1F600}',
    '\u{0}',
    '\t',
];

fn chars(min: usize, max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(CHARS), min..max).prop_map(String::from_iter)
}

/// Pairs with names from a tiny alphabet, so that duplicates are common.
fn pair_list() -> impl Strategy<Value = Vec<(String, String)>> {
    let name = prop::sample::select(
        &[
            "",
            "a",
            "b",
            "ab",
            "ba",
            "c",
            "checksum",
            "sign_alias",
            "a;",
        ][..],
    );
    let value = prop::sample::select(&["", "a", "b;", ";", "=", "&", "%", "ab"][..]);
    prop::collection::vec((name, value), 0..12).prop_map(|v| {
        v.into_iter()
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .collect()
    })
}

/// 1..8 distinct covered parameters with any values but `;`.
fn signable() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::btree_map(chars(1, 9), chars(0, 10), 1..8).prop_map(|m| {
        m.into_iter()
            .filter(|(n, _)| n != "checksum" && n != "sign_alias")
            .collect::<Vec<_>>()
    })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn callback_parsers_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300), ct in prop::sample::select(&["application/json", "application/x-www-form-urlencoded", "text/plain", ""][..])) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let v = hmac();
        for input in [text.clone(), format!("?{text}"), format!("{{{text}}}"), format!("https://x.example/cb?{text}")] {
            let verified = v.verify_input(&input);
            if let Err(e) = &verified {
                prop_assert!(callback_code(e.code()), "{:?}", e);
            }
            let check = v.check_input(&input);
            prop_assert_eq!(check.result.err().map(|e| e.code()), verified.err().map(|e| e.code()));
        }
        if let Err(e) = v.parse_request("https://x.example/cb?a=1", Some(ct), &bytes) {
            prop_assert!(matches!(e.code(), ErrorCode::MalformedPayload | ErrorCode::DuplicateParameter | ErrorCode::MissingSignature | ErrorCode::TooManyParameters), "{:?}", e);
        }
        for r in [parse_form_limited(&text, 256), parse_json_limited(&text, 256)] {
            if let Err(e) = r {
                prop_assert!(matches!(e.code(), ErrorCode::MalformedPayload | ErrorCode::DuplicateParameter | ErrorCode::TooManyParameters), "{:?}", e);
            }
        }
    }

    #[test]
    fn near_valid_inputs_parse_consistently(text in near_valid(), max in 1usize..12) {
        let options = CallbackOptions { max_parameters: max, ..CallbackOptions::default() };
        match parse_callback(&text, &options) {
            Ok(parsed) => {
                prop_assert!(parsed.len() <= max);
                prop_assert!(!naive_has_duplicate(parsed.pairs()));
                prop_assert_eq!(parsed.canonical_string(), naive_canonical(parsed.pairs()));
                // Whatever parses as a form re-encodes to a form that parses the same.
                let again = parse_callback(&encode_form(parsed.pairs()), &options).unwrap();
                prop_assert_eq!(again.pairs(), parsed.pairs());
            }
            Err(e) => prop_assert!(matches!(e.code(), ErrorCode::MalformedPayload | ErrorCode::DuplicateParameter | ErrorCode::TooManyParameters | ErrorCode::MissingSignature), "{:?}", e),
        }
        if let Err(e) = hmac().verify_input(&text) {
            prop_assert!(callback_code(e.code()), "{:?}", e);
        }
    }

    #[test]
    fn one_pass_index_equals_the_naive_reference(pairs in pair_list(), max in 0usize..14) {
        match ParsedCallback::new(pairs.clone(), max) {
            Ok(parsed) => {
                prop_assert!(pairs.len() <= max);
                prop_assert!(!naive_has_duplicate(&pairs));
                prop_assert_eq!(parsed.canonical_string(), naive_canonical(&pairs));
                prop_assert_eq!(parsed.canonical_string(), kassa::rbs::callback::canonical_string(&pairs));
                for (n, v) in &pairs {
                    prop_assert_eq!(parsed.get(n), Some(v.as_str()));
                }
                prop_assert_eq!(parsed.get("zz"), None);
                let ambiguous = pairs.iter().any(|(n, v)| n != "checksum" && n != "sign_alias" && (n.contains(';') || v.contains(';')));
                prop_assert_eq!(parsed.check_unambiguous().is_err(), ambiguous);
                prop_assert_eq!(parsed.pairs(), &pairs[..]);
            }
            Err(e) if pairs.len() > max => prop_assert_eq!(e.code(), ErrorCode::TooManyParameters),
            Err(e) => {
                prop_assert_eq!(e.code(), ErrorCode::DuplicateParameter);
                prop_assert!(naive_has_duplicate(&pairs));
            }
        }
    }

    #[test]
    fn limits_decide_exactly(n in 0usize..40, max in 1usize..40, extra in 0usize..64) {
        let form: String = (0..n).map(|i| format!("p{i}=v&")).collect::<String>() + &"&".repeat(extra);
        let options = CallbackOptions { max_parameters: max, max_payload_bytes: 1 << 20, allow_semicolons: false };
        let r = parse_callback(&form, &options);
        prop_assert_eq!(r.as_ref().err().map(|e| e.code()), (n > max).then_some(ErrorCode::TooManyParameters));
        let limit = form.len().saturating_sub(extra % 3);
        let sized = CallbackOptions { max_payload_bytes: limit.max(1), max_parameters: 100, allow_semicolons: false };
        let r = parse_callback(&form, &sized);
        prop_assert_eq!(r.is_err() && r.err().unwrap().code() == ErrorCode::PayloadTooLarge, form.len() > limit.max(1));
    }

    #[test]
    fn hmac_sign_then_verify_and_every_single_mutation_fails(p in signable(), which in any::<prop::sample::Index>(), kind in 0u8..5, ch in prop::sample::select(&[";", "a", "з", "%", "&", "=", " ", "\u{1F600}"][..])) {
        let key = CallbackSigningKey::Hmac(KEY.to_vec());
        let mut signed = kassa::rbs::callback::parse_input(&sign_callback(&p, &key).unwrap()).unwrap();
        let v = hmac();
        prop_assert!(v.verify_params(signed.clone()).is_ok());
        let covered: Vec<usize> = (0..signed.len()).filter(|i| signed[*i].0 != "checksum").collect();
        let i = covered[which.index(covered.len())];
        match kind {
            0 => signed[i].1.push_str(ch),
            1 => signed[i].0.push_str(ch),
            2 => { signed.remove(i); }
            3 => signed.push((format!("{}x", signed[i].0), String::new())),
            _ => signed[i].1 = format!("{ch}{}", signed[i].1),
        }
        let e = v.verify_params(signed).err();
        prop_assert!(e.is_some(), "a mutated callback verified");
        let code = e.unwrap().code();
        prop_assert!(matches!(code, ErrorCode::SignatureMismatch | ErrorCode::DuplicateParameter | ErrorCode::AmbiguousParameters | ErrorCode::MissingSignature), "{:?}", code);
    }

    #[test]
    fn cashier_webhook_bodies(bytes in prop::collection::vec(any::<u8>(), 0..400), sig in prop::collection::vec(any::<u8>(), 0..520), form in 0u8..4) {
        let header = match form {
            0 => None,
            1 => Some(base64_encode(&sig)),
            2 => Some(String::from_utf8_lossy(&sig).into_owned()),
            _ => Some(format!(" {}\n", base64_encode(&sig).replace('=', ""))),
        };
        let v = cashier_verifier();
        let limit = CASHIER_LIMIT;
        match v.verify(&bytes, header.as_deref()) {
            Ok(_) => prop_assert!(false, "an unsigned body verified"),
            Err(e) if bytes.len() > limit => prop_assert_eq!(e.code(), ErrorCode::PayloadTooLarge),
            Err(e) => prop_assert!(matches!(e.code(), ErrorCode::MissingSignature | ErrorCode::MalformedSignature | ErrorCode::SignatureMismatch), "{:?}", e),
        }
        if let Err(e) = CashierNotification::parse(&bytes) {
            prop_assert_eq!(e.code(), ErrorCode::MalformedPayload);
        }
        if let Err(e) = decode_signature(header.as_deref()) {
            prop_assert!(matches!(e.code(), ErrorCode::MissingSignature | ErrorCode::MalformedSignature));
        }
    }

    #[test]
    fn koshelek_authorization_header(raw in text(80), creds in prop::collection::vec(any::<u8>(), 0..40), scheme in prop::sample::select(&["Basic", "basic", "BASIC", "Bearer", " Basic ", ""][..]), body in prop::collection::vec(any::<u8>(), 0..60)) {
        let v = PostbackVerifier::new("partner", "pä:ss").unwrap();
        if let Err(e) = v.check_authorization(Some(&raw)) {
            prop_assert_eq!(e.code(), ErrorCode::Unauthorized);
        }
        let header = format!("{scheme} {}", base64_encode(&creds));
        let ok = v.check_authorization(Some(&header)).is_ok();
        prop_assert_eq!(ok, scheme.trim().eq_ignore_ascii_case("basic") && creds == "partner:pä:ss".as_bytes());
        let genuine = basic_auth_header("partner", "pä:ss");
        match v.verify(Some(&genuine), &body) {
            Ok(p) => prop_assert!(p.dedupe_key.starts_with("koshelek:")),
            Err(e) => prop_assert_eq!(e.code(), ErrorCode::MalformedPayload),
        }
    }

    #[test]
    fn key_parsers_on_random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400), label in prop::sample::select(&["PUBLIC KEY", "RSA PUBLIC KEY", "CERTIFICATE", "PRIVATE KEY", "RSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "X"][..])) {
        let b64 = base64_encode(&bytes);
        let pem = format!("-----BEGIN {label}-----\n{b64}\n-----END {label}-----\n");
        for text in [b64, pem, String::from_utf8_lossy(&bytes).into_owned()] {
            if let Err(e) = PublicKey::parse(&text) {
                prop_assert!(matches!(e.code(), ErrorCode::MalformedKey | ErrorCode::UnsupportedAlgorithm), "{:?}", e);
            }
            if let Err(e) = PrivateKey::parse(&text, None) {
                prop_assert!(matches!(e.code(), ErrorCode::MalformedKey | ErrorCode::EncryptedKey | ErrorCode::UnsupportedAlgorithm), "{:?}", e);
            }
        }
    }

    #[test]
    fn mutated_valid_keys(which in any::<prop::sample::Index>(), pos in any::<prop::sample::Index>(), byte in any::<u8>(), op in 0u8..3, tail in prop::collection::vec(any::<u8>(), 1..8)) {
        let r = rsa();
        let (label, good) = &r.ders[which.index(r.ders.len())];
        let mut der = good.clone();
        match op {
            0 => { let i = pos.index(der.len()); der[i] ^= byte | 1; }
            1 => der.truncate(pos.index(der.len())),
            _ => der.extend_from_slice(&tail),
        }
        let text = crypto::pem::encode(label, &der);
        if label.contains("PRIVATE") {
            // Private keys are only parsed when the mutation left the DER header intact
            // (a full RSA key check costs milliseconds in a debug build).
            match PrivateKey::parse(&text, None) {
                Ok(k) => prop_assert!((1024..=4096).contains(&k.bits())),
                Err(e) => prop_assert!(matches!(e.code(), ErrorCode::MalformedKey | ErrorCode::UnsupportedAlgorithm), "{:?}", e),
            }
        } else {
            for t in [text, base64_encode(&der)] {
                match PublicKey::parse(&t) {
                    Ok(k) => prop_assert!((1024..=4096).contains(&k.bits())),
                    Err(e) => prop_assert!(matches!(e.code(), ErrorCode::MalformedKey | ErrorCode::UnsupportedAlgorithm), "{:?}", e),
                }
            }
        }
    }

    #[test]
    fn signature_decoding(text in text(120), hexish in prop::collection::vec(prop::sample::select(&['0', '9', 'a', 'F', 'f', ' ', 'g'][..]), 0..130).prop_map(String::from_iter), b64ish in prop::collection::vec(prop::sample::select(&['A', 'z', '0', '+', '/', '=', '\n', ' ', '-'][..]), 0..120).prop_map(String::from_iter)) {
        for t in [&text, &hexish] {
            match crypto::hex_decode(t, "the checksum") {
                Ok(b) => prop_assert_eq!(crypto::hex_upper(&b), t.trim().to_ascii_uppercase()),
                Err(e) => prop_assert_eq!(e.code(), ErrorCode::MalformedSignature),
            }
        }
        for t in [&text, &b64ish] {
            if let Err(e) = crypto::base64_decode(t, "sig") {
                prop_assert_eq!(e.code(), ErrorCode::MalformedSignature);
            }
            if let Err(e) = decode_signature(Some(t)) {
                prop_assert!(matches!(e.code(), ErrorCode::MalformedSignature | ErrorCode::MissingSignature));
            }
        }
        // A checksum that is not hex, or of a size no key has, never verifies.
        let q = format!("mdOrder=1&status=1&checksum={}", encode_form(&[("x".into(), hexish.clone())]).trim_start_matches("x="));
        if let Err(e) = hmac().verify_input(&q) {
            prop_assert!(callback_code(e.code()), "{:?}", e);
        }
    }
}

// RSA arithmetic costs milliseconds per operation in a debug build: the RSA round trips run a
// tenth (verify) and a hundredth (sign) of the cases, so that `make test` stays fast; `make fuzz`
// still runs 100,000 and 10,000 of them.
proptest! {
    #![proptest_config(ProptestConfig::with_cases((common::fuzz_cases() / 10).max(32)))]

    #[test]
    fn rsa_single_mutations_never_verify(which in any::<prop::sample::Index>(), byte in any::<u8>(), on_value in any::<bool>()) {
        let r = rsa();
        prop_assert!(r.verifier.verify_params(r.signed.clone()).is_ok());
        let mut m = r.signed.clone();
        let covered: Vec<usize> = (0..m.len()).filter(|i| m[*i].0 != "checksum").collect();
        let i = covered[which.index(covered.len())];
        let c = char::from(b'!' + byte % 90);
        if on_value { m[i].1.push(c) } else { m[i].0.insert(0, c) }
        let code = r.verifier.verify_params(m).err().map(|e| e.code());
        prop_assert!(matches!(code, Some(ErrorCode::SignatureMismatch | ErrorCode::AmbiguousParameters | ErrorCode::DuplicateParameter)), "{:?}", code);
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases((common::fuzz_cases() / 100).max(32)))]

    #[test]
    fn cashier_sign_verify_round_trip(body in prop::collection::vec(any::<u8>(), 0..200), pos in any::<prop::sample::Index>(), flip in 1u8..=255) {
        let r = rsa();
        let sig = webhook::sign(&body, &r.private).unwrap();
        let public = r.private.public_key().unwrap();
        prop_assert!(webhook::verify_signature(&body, Some(&sig), &public).is_ok());
        if !body.is_empty() {
            let mut m = body.clone();
            let i = pos.index(m.len());
            m[i] ^= flip;
            let e = webhook::verify_signature(&m, Some(&sig), &public).err().unwrap();
            prop_assert_eq!(e.code(), ErrorCode::SignatureMismatch);
        }
    }
}

/// The fast RSA verification path (src/crypto/rsa_public.rs) and the `rsa` crate's: fixed keys of
/// every `Uint` width and several exponents (tests/fixtures/rsa), each with signatures made once.
struct FastPathKey {
    public: PublicKey,
    /// (hash, message, signature)
    signed: Vec<(HashAlg, Vec<u8>, Vec<u8>)>,
}

fn fast_path_keys() -> &'static [FastPathKey] {
    static K: OnceLock<Vec<FastPathKey>> = OnceLock::new();
    K.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests");
        let files = [
            "vectors/test-key-2048.pkcs8.pem",
            "fixtures/rsa/fuzz-rsa-1024-e65537.pem",
            "fixtures/rsa/fuzz-rsa-1536-e65537.pem",
            "fixtures/rsa/fuzz-rsa-3072-e3.pem",
            "fixtures/rsa/fuzz-rsa-4096-e17.pem",
        ];
        files
            .iter()
            .map(|f| {
                let pem = std::fs::read_to_string(format!("{dir}/{f}")).unwrap();
                let private = PrivateKey::parse(&pem, None).unwrap();
                let signed = [HashAlg::Sha1, HashAlg::Sha256, HashAlg::Sha512]
                    .into_iter()
                    .enumerate()
                    .map(|(i, hash)| {
                        let msg = format!("amount;{i}00;mdOrder;m-{f};").into_bytes();
                        let sig = crypto::sign_pkcs1v15(&private, hash, &msg).unwrap();
                        (hash, msg, sig)
                    })
                    .collect();
                FastPathKey {
                    public: private.public_key().unwrap(),
                    signed,
                }
            })
            .collect()
    })
}

/// Both answers for one (key, hash, message, signature).
fn both_paths(key: &PublicKey, hash: HashAlg, msg: &[u8], sig: &[u8]) -> (bool, bool) {
    let digest = hash.digest(msg);
    let fast = crypto::rsa::verify_prehashed(key, hash, &digest, sig).is_ok();
    let reference = sig.len() == key.bits() / 8
        && crypto::rsa::verify_with_rsa_crate(key, hash.padding(), &digest, sig);
    (fast, reference)
}

#[test]
fn edge_signatures_agree_with_the_rsa_crate() {
    for k in fast_path_keys() {
        let len = k.public.bits() / 8;
        let n = k.public.modulus().to_vec();
        let mut n_minus_1 = n.clone();
        *n_minus_1.last_mut().unwrap() -= 1; // n is odd
        let mut n_plus_1 = n.clone();
        *n_plus_1.last_mut().unwrap() += 1; // n is odd, so its last byte is below 0xff
        let mut one = vec![0u8; len];
        *one.last_mut().unwrap() = 1;
        for (hash, msg, sig) in &k.signed {
            assert_eq!(both_paths(&k.public, *hash, msg, sig), (true, true));
            for edge in [
                n.clone(),
                n_minus_1.clone(),
                n_plus_1.clone(),
                vec![0u8; len],
                one.clone(),
                vec![0xff; len],
            ] {
                let (fast, reference) = both_paths(&k.public, *hash, msg, &edge);
                assert_eq!((fast, reference), (false, false), "{:?}", k.public);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases((common::fuzz_cases() / 20).max(64)))]

    /// Genuine, corrupted and random signatures over genuine and other messages: the fast path
    /// says exactly what the `rsa` crate says.
    #[test]
    fn the_fast_rsa_path_agrees_with_the_rsa_crate(
        key in any::<prop::sample::Index>(),
        which in any::<prop::sample::Index>(),
        mutation in 0u8..6,
        pos in any::<prop::sample::Index>(),
        flip in 1u8..=255,
        other in prop::collection::vec(any::<u8>(), 0..64),
    ) {
        let keys = fast_path_keys();
        let k = &keys[key.index(keys.len())];
        let (hash, msg, sig) = &k.signed[which.index(k.signed.len())];
        let mut sig = sig.clone();
        let mut msg = msg.clone();
        let mut hash = *hash;
        match mutation {
            0 => {}
            1 => { let i = pos.index(sig.len()); sig[i] ^= flip; }
            2 => { let i = pos.index(msg.len()); msg[i] ^= flip; }
            3 => msg = other,
            4 => {
                // random bytes as the signature (most are below n)
                let mut r = other.repeat(sig.len() / other.len().max(1) + 1);
                r.resize(sig.len(), flip);
                sig = r;
            }
            _ => hash = [HashAlg::Sha1, HashAlg::Sha256, HashAlg::Sha512][pos.index(3)],
        }
        let (fast, reference) = both_paths(&k.public, hash, &msg, &sig);
        prop_assert_eq!(fast, reference);
        if mutation == 0 {
            prop_assert!(fast);
        }
    }
}
