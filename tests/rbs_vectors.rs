//! The RBS reference's own callback vectors (tests/vectors/README.md names each source), verified
//! end to end through `CallbackVerifier` in every input form.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used)]

mod common;

use common::{fields, vector};
use kassa::crypto::{HashAlg, PublicKey};
use kassa::rbs::callback::{
    canonical_string, parse_input, CallbackPublicKey, CallbackVerifier, Operation,
};
use kassa::ErrorCode;

fn rsa_verifier(key_file: &str, alias: Option<&str>) -> CallbackVerifier {
    let key = PublicKey::parse(&vector(key_file)).unwrap();
    let keys = vec![CallbackPublicKey {
        key,
        alias: alias.map(str::to_owned),
        hash: HashAlg::Sha512,
    }];
    CallbackVerifier::new(None, keys).unwrap()
}

/// The same callback as a URL, a `?query`, a form body and a JSON body.
fn forms(query: &str) -> Vec<String> {
    let params = parse_input(query).unwrap();
    let json = format!(
        "{{{}}}",
        params
            .iter()
            .map(|(n, v)| format!("{n:?}:{v:?}"))
            .collect::<Vec<_>>()
            .join(",")
    );
    vec![
        format!("https://merchant.example/callback/?{query}"),
        format!("?{query}"),
        query.to_owned(),
        json,
    ]
}

#[test]
fn hmac_vector_from_the_java_example() {
    let v = fields("rbs-hmac-java.txt");
    let verifier = CallbackVerifier::new(Some(v["key"].as_bytes().to_vec()), vec![]).unwrap();
    for input in forms(&v["query"]) {
        let cb = verifier.verify_input(&input).unwrap();
        assert_eq!(
            cb.md_order.as_deref(),
            Some("06cf5599-3f17-7c86-bdbc-bd7d00a8b38b")
        );
        assert_eq!(cb.operation, Some(Operation::Approved));
        assert!(cb.is_payment_success);
        let check = verifier.check_input(&input);
        assert_eq!(check.canonical.as_deref(), Some(v["canonical"].as_str()));
    }
    // Lower-case hex is accepted too.
    let lower = v["query"].replace(&v["checksum"], &v["checksum"].to_lowercase());
    assert!(verifier.verify_input(&lower).is_ok());
    // A different key fails.
    let other =
        CallbackVerifier::new(Some(b"ooc7slpvc61k7sf7ma7p4hrefR".to_vec()), vec![]).unwrap();
    let e = other.verify_input(&v["query"]).err().unwrap();
    assert_eq!(e.code(), ErrorCode::SignatureMismatch);
}

#[test]
fn rsa_vectors_from_the_java_and_php_examples() {
    for (txt, alias) in [
        ("rbs-rsa-java.txt", Some("SHA-256 with RSA")),
        ("rbs-rsa-php.txt", None),
    ] {
        let v = fields(txt);
        let verifier = rsa_verifier(&v["key-file"], alias);
        for input in forms(&v["query"]) {
            let check = verifier.check_input(&input);
            assert_eq!(
                check.canonical.as_deref(),
                Some(v["canonical"].as_str()),
                "{txt}"
            );
            let cb = check.result.unwrap();
            assert_eq!(cb.amount, Some(35000099));
            assert_eq!(cb.operation, Some(Operation::Deposited));
            assert!(cb.is_payment_success, "{txt}");
        }
        assert_eq!(
            canonical_string(&parse_input(&v["query"]).unwrap()),
            v["canonical"]
        );
        // Changing the amount breaks it.
        let forged = v["query"].replace("35000099", "35000098");
        let e = verifier.verify_input(&forged).err().unwrap();
        assert_eq!(e.code(), ErrorCode::SignatureMismatch, "{txt}");
    }
}

#[test]
fn key_rotation_by_sign_alias_and_by_trying_every_key() {
    let java = fields("rbs-rsa-java.txt");
    let php = fields("rbs-rsa-php.txt");
    let key = |file: &str, alias: &str| CallbackPublicKey {
        key: PublicKey::parse(&vector(file)).unwrap(),
        alias: Some(alias.to_owned()),
        hash: HashAlg::Sha512,
    };
    let both = CallbackVerifier::new(
        None,
        vec![
            key("rbs-rsa-php.pem", "current"),
            key("rbs-rsa-java-cert.b64", "SHA-256 with RSA"),
        ],
    )
    .unwrap();
    // The Java callback names its key; the PHP one names none, so every key is tried.
    assert!(both.verify_input(&java["query"]).is_ok());
    assert!(both.verify_input(&php["query"]).is_ok());
    // An alias that names the wrong configured key fails, even though the other key would match.
    let misnamed = php["query"].clone() + "&sign_alias=SHA-256+with+RSA";
    let e = both.verify_input(&misnamed).err().unwrap();
    assert_eq!(e.code(), ErrorCode::MalformedSignature); // 2048-bit checksum, 1024-bit key
                                                         // A per-key hash that is wrong fails.
    let wrong_hash = CallbackVerifier::new(
        None,
        vec![CallbackPublicKey {
            hash: HashAlg::Sha256,
            ..key("rbs-rsa-php.pem", "x")
        }],
    )
    .unwrap();
    let e = wrong_hash.verify_input(&php["query"]).err().unwrap();
    assert_eq!(e.code(), ErrorCode::SignatureMismatch);
}
