//! Key import (`kassa::crypto::keys`): every form a key comes in gives the same key, the
//! references' own keys parse, encrypted keys need their passphrase, and wrong kinds of keys or
//! garbage are refused with MALFORMED_KEY — without echoing key material.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used)]

mod common;

use common::vector;
use kassa::crypto::{PrivateKey, PublicKey};
use kassa::ErrorCode;

#[test]
fn public_key_forms_all_give_the_same_key() {
    let spki = PublicKey::parse(&vector("test-key-2048.pub.pem")).unwrap();
    assert_eq!(spki.bits(), 2048);
    let pkcs1 = PublicKey::parse(&vector("test-key-2048.pkcs1-pub.pem")).unwrap();
    let cert = PublicKey::parse(&vector("test-key-2048.cert.pem")).unwrap();
    let private = PrivateKey::parse(&vector("test-key-2048.pkcs8.pem"), None).unwrap();
    assert_eq!(spki, pkcs1);
    assert_eq!(spki, cert);
    assert_eq!(spki, private.public_key().unwrap());
    // Bare base64 of the SPKI DER, and the PEM written back.
    let der = spki.to_spki_der().unwrap();
    let bare = kassa::crypto::base64_encode(&der);
    assert_eq!(PublicKey::parse(&bare).unwrap(), spki);
    assert_eq!(PublicKey::parse(&spki.to_pem().unwrap()).unwrap(), spki);
    assert_eq!(spki.to_pem().unwrap(), vector("test-key-2048.pub.pem"));
}

#[test]
fn reference_keys_parse() {
    // RBS reference, Java example: bare base64 of a DER certificate (expired 2018; dates are
    // deliberately not checked).
    let java = PublicKey::parse(&vector("rbs-rsa-java-cert.b64")).unwrap();
    assert_eq!(java.bits(), 1024);
    let php = PublicKey::parse(&vector("rbs-rsa-php.pem")).unwrap();
    assert_eq!(php.bits(), 2048);
    let cashier = PublicKey::parse(&vector("cashier-public-key.pem")).unwrap();
    assert_eq!(cashier.bits(), 4096);
}

#[test]
fn private_key_forms() {
    let pkcs8 = PrivateKey::parse(&vector("test-key-2048.pkcs8.pem"), None).unwrap();
    let pkcs1 = PrivateKey::parse(&vector("test-key-2048.pkcs1.pem"), None).unwrap();
    assert_eq!(pkcs8.public_key().unwrap(), pkcs1.public_key().unwrap());
    for file in ["test-key-2048.encrypted.pem", "test-key-2048.scrypt.pem"] {
        let enc = PrivateKey::parse(&vector(file), Some("correct-horse")).unwrap();
        assert_eq!(
            enc.public_key().unwrap(),
            pkcs8.public_key().unwrap(),
            "{file}"
        );
        let none = PrivateKey::parse(&vector(file), None).err().unwrap();
        assert_eq!(none.code(), ErrorCode::EncryptedKey);
        let wrong = PrivateKey::parse(&vector(file), Some("wrong"))
            .err()
            .unwrap();
        assert_eq!(wrong.code(), ErrorCode::EncryptedKey);
    }
    let legacy = PrivateKey::parse(&vector("test-key-2048.legacy-encrypted.pem"), Some("x"));
    let legacy = legacy.err().unwrap();
    assert_eq!(legacy.code(), ErrorCode::EncryptedKey);
    assert!(
        legacy.message().contains("openssl pkcs8 -topk8"),
        "{}",
        legacy.message()
    );
    // Debug never shows key material.
    assert_eq!(format!("{pkcs8:?}"), "PrivateKey(RSA-2048, redacted)");
}

#[test]
fn wrong_kinds_and_garbage_are_malformed_key() {
    let private_pem = vector("test-key-2048.pkcs8.pem");
    let e = PublicKey::parse(&private_pem).err().unwrap();
    assert_eq!(e.code(), ErrorCode::MalformedKey);
    assert!(e.message().contains("-pubout"));
    let e = PrivateKey::parse(&vector("test-key-2048.pub.pem"), None)
        .err()
        .unwrap();
    assert_eq!(e.code(), ErrorCode::MalformedKey);
    for bad in [
        "",
        "hello",
        "AAAA",
        "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
    ] {
        assert_eq!(
            PublicKey::parse(bad).err().unwrap().code(),
            ErrorCode::MalformedKey
        );
        assert_eq!(
            PrivateKey::parse(bad, None).err().unwrap().code(),
            ErrorCode::MalformedKey
        );
    }
    // Secrets never reach messages: the base64 body of the private key is not echoed.
    let body_line = private_pem.lines().nth(1).unwrap();
    assert!(!e.message().contains(body_line));
}

#[test]
fn private_key_wraps_the_one_private_key_parser() {
    // Moved from crypto/platform_key.rs: the same key the rsa-based type reads.
    let p1 = kassa::crypto::platform_key::Pkcs8RsaKey::from_pem(
        &vector("test-key-2048.pkcs1.pem"),
        None,
    )
    .unwrap();
    let parsed = PrivateKey::parse(&vector("test-key-2048.pkcs8.pem"), None).unwrap();
    assert_eq!(parsed.bits(), p1.bits());
    // One parser, one answer: an EC or garbage PRIVATE KEY gets the same code from both.
    let garbage = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----";
    assert_eq!(
        PrivateKey::parse(garbage, None).err().unwrap().code(),
        kassa::crypto::platform_key::Pkcs8RsaKey::from_pem(garbage, None)
            .err()
            .unwrap()
            .code()
    );
}
