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

/// The re-split attack on the canonical string `name;value;` (README, "Verifying
/// notifications"): a genuine, correctly signed callback for a *declined* order whose
/// `orderNumber` holds `;` is re-split by an attacker into parameters with the very same
/// canonical string — so the same checksum — that say `status=1`.
#[test]
fn resplit_attack_is_refused_by_default() {
    use kassa::rbs::callback::{sign_callback, CallbackOptions, CallbackSigningKey};
    let key = b"merchant-hmac-key".to_vec();
    let genuine = common::pairs(&[
        ("amount", "100"),
        ("mdOrder", "m-1"),
        ("operation", "deposited"),
        ("orderNumber", "42;status;1;zzz"),
        ("status", "0"),
    ]);
    let signed =
        parse_input(&sign_callback(&genuine, &CallbackSigningKey::Hmac(key.clone())).unwrap())
            .unwrap();
    let checksum = signed
        .iter()
        .find(|(n, _)| n == "checksum")
        .unwrap()
        .1
        .clone();
    // The attacker keeps the checksum and re-splits `orderNumber;42;status;1;zzz;status;0;`.
    let forged = common::pairs(&[
        ("amount", "100"),
        ("mdOrder", "m-1"),
        ("operation", "deposited"),
        ("orderNumber", "42"),
        ("status", "1"),
        ("zzz", "status;0"),
        ("checksum", &checksum),
    ]);
    assert_eq!(canonical_string(&forged), canonical_string(&signed));

    // Without the rule (allowSemicolons: true) the forgery verifies as a successful payment.
    let lax = CallbackOptions {
        allow_semicolons: true,
        ..CallbackOptions::default()
    };
    let permissive = CallbackVerifier::with_options(Some(key.clone()), vec![], lax).unwrap();
    let cb = permissive.verify_params(forged.clone()).unwrap();
    assert_eq!(cb.status.as_deref(), Some("1"));
    assert!(cb.is_payment_success);
    // ... and the genuine one still verifies, as declined, for a merchant who opted in.
    let cb = permissive.verify_params(signed.clone()).unwrap();
    assert_eq!(cb.status.as_deref(), Some("0"));
    assert!(!cb.is_payment_success);

    // By default both are AMBIGUOUS_PARAMETERS, naming the parameter and never a value.
    let strict = CallbackVerifier::new(Some(key), vec![]).unwrap();
    let e = strict.verify_params(forged).err().unwrap();
    assert_eq!(e.code(), ErrorCode::AmbiguousParameters);
    assert!(e.message().contains("`zzz`"), "{}", e.message());
    assert!(!e.message().contains("status;0"), "{}", e.message());
    let e = strict.verify_params(signed.clone()).err().unwrap();
    assert_eq!(e.code(), ErrorCode::AmbiguousParameters);
    assert!(e.message().contains("`orderNumber`") && e.message().contains("its value"));
    assert!(!e.message().contains("42;"), "{}", e.message());
    // A `;` in a name is named escaped; `checksum` and `sign_alias` are not covered.
    let odd = common::pairs(&[
        ("mdOrder", "m-1"),
        ("a;b", "1"),
        ("sign_alias", "x;y"),
        ("checksum", &checksum),
    ]);
    let e = strict.verify_params(odd).err().unwrap();
    assert_eq!(e.code(), ErrorCode::AmbiguousParameters);
    assert!(e.message().contains("`a%3Bb`") && e.message().contains("its name"));
    let check = strict.check_params(signed);
    assert_eq!(
        check.result.err().map(|e| e.code()),
        Some(ErrorCode::AmbiguousParameters)
    );
    assert!(check.canonical.is_some());
}

#[test]
fn limits_are_refused_early_with_their_codes() {
    use kassa::rbs::callback::CallbackOptions;
    let v = fields("rbs-hmac-java.txt");
    let key = v["key"].as_bytes().to_vec();
    let default = CallbackVerifier::new(Some(key.clone()), vec![]).unwrap();
    // 1 MiB by default: one byte more is PAYLOAD_TOO_LARGE, whatever the content.
    let big = format!("{}&{}", v["query"], "a".repeat(1 << 20));
    assert_eq!(
        default.verify_input(&big).err().unwrap().code(),
        ErrorCode::PayloadTooLarge
    );
    // Ten million `&` never become pairs: the limit is met at parameter 257.
    let start = std::time::Instant::now();
    let options = CallbackOptions {
        max_payload_bytes: 64 << 20,
        ..CallbackOptions::default()
    };
    let roomy = CallbackVerifier::with_options(Some(key.clone()), vec![], options).unwrap();
    let amps = "a&".repeat(10_000_000);
    assert_eq!(
        roomy.verify_input(&amps).err().unwrap().code(),
        ErrorCode::TooManyParameters
    );
    let json = format!(
        "{{{}}}",
        (0..1000)
            .map(|i| format!("\"p{i}\":1"))
            .collect::<Vec<_>>()
            .join(",")
    );
    assert_eq!(
        roomy.verify_input(&json).err().unwrap().code(),
        ErrorCode::TooManyParameters
    );
    assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    // Exactly at the limits passes the limits (and then fails on the checksum).
    let tight = CallbackOptions {
        max_payload_bytes: v["query"].len(),
        max_parameters: parse_input(&v["query"]).unwrap().len(),
        allow_semicolons: false,
    };
    let exact = CallbackVerifier::with_options(Some(key.clone()), vec![], tight).unwrap();
    assert!(exact.verify_input(&v["query"]).is_ok());
    let more = format!("{}&x=1", v["query"]);
    assert_eq!(
        exact.verify_input(&more).err().unwrap().code(),
        ErrorCode::PayloadTooLarge
    );
    let fewer = CallbackOptions {
        max_parameters: tight.max_parameters - 1,
        ..tight
    };
    let e = CallbackVerifier::with_options(Some(key.clone()), vec![], fewer)
        .unwrap()
        .verify_input(&v["query"])
        .err()
        .unwrap();
    assert_eq!(e.code(), ErrorCode::TooManyParameters);
    // At most 16 public keys.
    let pk = PublicKey::parse(&vector("test-key-2048.pub.pem")).unwrap();
    let keys = |n: usize| {
        (0..n)
            .map(|_| CallbackPublicKey {
                key: pk.clone(),
                alias: None,
                hash: HashAlg::Sha512,
            })
            .collect::<Vec<_>>()
    };
    assert!(CallbackVerifier::new(None, keys(16)).is_ok());
    assert_eq!(
        CallbackVerifier::new(None, keys(17)).err().unwrap().code(),
        ErrorCode::TooManyKeys
    );
    // A key text over 64 KiB is MALFORMED_KEY before it is parsed.
    let huge = format!(
        "{}\n{}",
        vector("test-key-2048.pub.pem"),
        " ".repeat(64 * 1024)
    );
    assert_eq!(
        PublicKey::parse(&huge).err().unwrap().code(),
        ErrorCode::MalformedKey
    );
}
