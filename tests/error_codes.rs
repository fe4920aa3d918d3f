//! One or more negative cases for every error code a verifier can give, checking the code and
//! that the message says what to check.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used)]

mod common;

use common::{fields, vector};
use kassa::cashier::notification::WebhookVerifier;
use kassa::crypto::{HashAlg, PrivateKey, PublicKey};
use kassa::koshelek::notification::{basic_auth_header, PostbackVerifier};
use kassa::rbs::callback::{CallbackPublicKey, CallbackVerifier};
use kassa::{Error, ErrorCode};

fn hmac() -> CallbackVerifier {
    let key = fields("rbs-hmac-java.txt")["key"].clone();
    CallbackVerifier::new(Some(key.into_bytes()), vec![]).unwrap()
}

fn rsa() -> CallbackVerifier {
    let key = PublicKey::parse(&vector("rbs-rsa-php.pem")).unwrap();
    let keys = vec![CallbackPublicKey {
        key,
        alias: None,
        hash: HashAlg::Sha512,
    }];
    CallbackVerifier::new(None, keys).unwrap()
}

fn code<T: std::fmt::Debug>(r: Result<T, Error>, expected: ErrorCode, hint: &str) {
    let e = r.err().unwrap();
    assert_eq!(e.code(), expected, "{}", e.message());
    assert!(
        e.message().contains(hint),
        "`{}` should mention `{hint}`",
        e.message()
    );
}

#[test]
fn missing_signature() {
    code(
        hmac().verify_input("mdOrder=1&status=1"),
        ErrorCode::MissingSignature,
        "checksum",
    );
    code(
        hmac().verify_input("mdOrder=1&checksum="),
        ErrorCode::MissingSignature,
        "checksum",
    );
    code(
        hmac().verify_input("https://shop.example/cb"),
        ErrorCode::MissingSignature,
        "query",
    );
    let cashier = WebhookVerifier::new(None).unwrap();
    code(
        cashier.verify(b"{}", None),
        ErrorCode::MissingSignature,
        "payment-sign",
    );
}

#[test]
fn malformed_signature() {
    code(
        hmac().verify_input("a=1&checksum=XYZ"),
        ErrorCode::MalformedSignature,
        "hex",
    );
    code(
        hmac().verify_input("a=1&checksum=ABC"),
        ErrorCode::MalformedSignature,
        "hex",
    );
    // An RSA-length checksum at an HMAC-only verifier.
    let long = "AB".repeat(256);
    code(
        hmac().verify_input(&format!("a=1&checksum={long}")),
        ErrorCode::MalformedSignature,
        "publicKeys",
    );
    // A 1024-bit signature at a 2048-bit key.
    let short = "AB".repeat(128);
    code(
        rsa().verify_input(&format!("a=1&checksum={short}")),
        ErrorCode::MalformedSignature,
        "2048",
    );
    let cashier = WebhookVerifier::new(None).unwrap();
    code(
        cashier.verify(b"{}", Some("***")),
        ErrorCode::MalformedSignature,
        "base64",
    );
}

#[test]
fn signature_mismatch() {
    let v = fields("rbs-hmac-java.txt");
    let forged = v["query"].replace("status=1", "status=0");
    code(
        hmac().verify_input(&forged),
        ErrorCode::SignatureMismatch,
        "hmacKey",
    );
    let padded =
        CallbackVerifier::new(Some(b" ooc7slpvc61k7sf7ma7p4hrefr\n".to_vec()), vec![]).unwrap();
    code(
        padded.verify_input(&v["query"]),
        ErrorCode::SignatureMismatch,
        "whitespace",
    );
    // An HMAC checksum at an RSA-only verifier.
    code(
        rsa().verify_input(&v["query"]),
        ErrorCode::SignatureMismatch,
        "hmacKey",
    );
    let php = fields("rbs-rsa-php.txt");
    code(
        rsa().verify_input(&php["query"].replace("deposited", "approved")),
        ErrorCode::SignatureMismatch,
        "public key",
    );
    // Mobile Cashier: a body re-serialised after parsing.
    let public = vector("test-key-2048.pub.pem");
    let cashier = WebhookVerifier::new(Some(&public)).unwrap();
    let body = vector("cashier-webhook-body.json");
    let reserialised =
        serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(&body).unwrap())
            .unwrap();
    code(
        cashier.verify(
            reserialised.as_bytes(),
            Some(&vector("cashier-webhook-body.sig")),
        ),
        ErrorCode::SignatureMismatch,
        "raw body",
    );
}

#[test]
fn malformed_key_encrypted_key_and_unsupported_algorithm() {
    code(
        PublicKey::parse("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"),
        ErrorCode::MalformedKey,
        "SubjectPublicKeyInfo",
    );
    code(
        WebhookVerifier::new(Some("not a key")),
        ErrorCode::MalformedKey,
        "PEM",
    );
    code(
        PublicKey::parse(&vector("test-key-2048.pkcs8.pem")),
        ErrorCode::MalformedKey,
        "-pubout",
    );
    code(
        PublicKey::parse(&vector("test-ec-p256.pub.pem")),
        ErrorCode::UnsupportedAlgorithm,
        "not RSA",
    );
    code(
        HashAlg::parse("md5"),
        ErrorCode::UnsupportedAlgorithm,
        "sha512",
    );
    code(
        PrivateKey::parse(&vector("test-key-2048.encrypted.pem"), None),
        ErrorCode::EncryptedKey,
        "passphrase",
    );
    code(
        PrivateKey::parse(
            &vector("test-key-2048.legacy-encrypted.pem"),
            Some("correct-horse"),
        ),
        ErrorCode::EncryptedKey,
        "openssl pkcs8 -topk8",
    );
}

#[test]
fn malformed_payload_and_duplicate_parameter() {
    code(
        hmac().verify_input("a=%ZZ&checksum=00"),
        ErrorCode::MalformedPayload,
        "hex digits",
    );
    code(
        hmac().verify_input("{\"a\": [1]}"),
        ErrorCode::MalformedPayload,
        "plain values",
    );
    code(
        hmac().verify_input("{broken"),
        ErrorCode::MalformedPayload,
        "JSON",
    );
    code(
        hmac().verify_input("status=0&status=1&checksum=00"),
        ErrorCode::DuplicateParameter,
        "status",
    );
    code(
        hmac().verify_input("{\"status\":\"0\",\"status\":\"1\"}"),
        ErrorCode::DuplicateParameter,
        "status",
    );
    let check = hmac().check_input("status=0&status=1");
    assert_eq!(
        check.result.err().unwrap().code(),
        ErrorCode::DuplicateParameter
    );
    assert_eq!(check.canonical, None);
    let koshelek = PostbackVerifier::new("l", "p").unwrap();
    code(
        koshelek.verify(Some(&basic_auth_header("l", "p")), b"<xml/>"),
        ErrorCode::MalformedPayload,
        "JSON",
    );
}

#[test]
fn unauthorized_and_invalid_argument() {
    let koshelek = PostbackVerifier::new("partner", "secret").unwrap();
    code(
        koshelek.verify(None, b"{}"),
        ErrorCode::Unauthorized,
        "Authorization",
    );
    code(
        koshelek.verify(Some(&basic_auth_header("partner", "Secret")), b"{}"),
        ErrorCode::Unauthorized,
        "partnerLogin",
    );
    code(
        CallbackVerifier::new(None, vec![]),
        ErrorCode::InvalidArgument,
        "hmacKey",
    );
    code(
        PostbackVerifier::new("", "x"),
        ErrorCode::InvalidArgument,
        "partnerLogin",
    );
}

#[test]
fn limits_and_ambiguity_have_their_codes_and_say_what_to_do() {
    use kassa::rbs::callback::limits::size_option;
    use kassa::rbs::callback::CallbackOptions;
    let tiny = CallbackOptions {
        max_payload_bytes: 16,
        max_parameters: 2,
        allow_semicolons: false,
    };
    let key = fields("rbs-hmac-java.txt")["key"].clone().into_bytes();
    let v = CallbackVerifier::with_options(Some(key), vec![], tiny).unwrap();
    code(
        v.verify_input("mdOrder=123456789012345"),
        ErrorCode::PayloadTooLarge,
        "maxPayloadBytes",
    );
    code(
        v.verify_input("a=1&b=2&c=3"),
        ErrorCode::TooManyParameters,
        "maxParameters",
    );
    code(
        hmac().verify_input("orderNumber=a%3Bb&checksum=00"),
        ErrorCode::AmbiguousParameters,
        "allowSemicolons",
    );
    let pk = PublicKey::parse(&vector("rbs-rsa-php.pem")).unwrap();
    let many: Vec<CallbackPublicKey> = (0..17)
        .map(|_| CallbackPublicKey {
            key: pk.clone(),
            alias: None,
            hash: HashAlg::Sha512,
        })
        .collect();
    code(
        CallbackVerifier::new(None, many),
        ErrorCode::TooManyKeys,
        "rotation",
    );
    code(
        WebhookVerifier::with_limit(None, 4)
            .unwrap()
            .verify(b"{\"a\":1}", Some("AAAA")),
        ErrorCode::PayloadTooLarge,
        "maxPayloadBytes",
    );
    code(
        PostbackVerifier::with_limit("l", "p", 4)
            .unwrap()
            .verify(None, b"{\"a\":1}"),
        ErrorCode::PayloadTooLarge,
        "maxPayloadBytes",
    );
    code(
        size_option("maxParameters", Some(-1.0), 256, 100_000),
        ErrorCode::InvalidArgument,
        "maxParameters",
    );
    code(
        PublicKey::parse(&"A".repeat(70_000)),
        ErrorCode::MalformedKey,
        "longer than",
    );
}
