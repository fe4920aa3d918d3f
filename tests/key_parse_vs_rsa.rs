//! kassa reads public keys with the `pkcs1` and `spki` crates and applies the `rsa` crate's key
//! checks itself (`kassa::crypto::keys`), so `kassa/verify` does not link the `rsa` crate's key
//! type. These properties hold the two equal: for PKCS#1 and SPKI keys with any modulus and
//! exponent (odd, even, too small or large, exponents 0 to 2^64 and beyond, leading zeros) and for
//! damaged DER, kassa accepts exactly the keys the `rsa` crate accepts within kassa's size range
//! (1024 to 4096 bits), with the same modulus and the same SPKI DER (what WebCrypto imports), and
//! refuses every other one with MALFORMED_KEY.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used)]

use der::asn1::{AnyRef, BitStringRef, ObjectIdentifier, UintRef};
use der::Encode;
use kassa::crypto::{base64_encode, PublicKey};
use kassa::ErrorCode;
use proptest::prelude::*;
use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::pkcs8::{DecodePublicKey, EncodePublicKey};
use rsa::traits::PublicKeyParts;

const RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
const EC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");

fn pem(label: &str, der: &[u8]) -> String {
    let b64 = base64_encode(der);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        lines.join("\n")
    )
}

fn pkcs1_der(n: &[u8], e: &[u8]) -> Vec<u8> {
    rsa::pkcs1::RsaPublicKey {
        modulus: UintRef::new(n).unwrap(),
        public_exponent: UintRef::new(e).unwrap(),
    }
    .to_der()
    .unwrap()
}

fn spki_der(oid: ObjectIdentifier, parameters: Option<AnyRef<'_>>, key: &[u8]) -> Vec<u8> {
    spki::SubjectPublicKeyInfo::<AnyRef<'_>, BitStringRef<'_>> {
        algorithm: spki::AlgorithmIdentifier { oid, parameters },
        subject_public_key: BitStringRef::from_bytes(key).unwrap(),
    }
    .to_der()
    .unwrap()
}

/// The `rsa` crate's answer, restricted to kassa's size range (what kassa answered when it read
/// keys as `rsa::RsaPublicKey`).
fn reference(key: Result<rsa::RsaPublicKey, ()>) -> Option<rsa::RsaPublicKey> {
    key.ok().filter(|k| (1024..=4096).contains(&(k.size() * 8)))
}

/// kassa's answer equals the reference: both refuse (kassa with MALFORMED_KEY), or both accept
/// the same key with the same SPKI DER.
fn agree(ours: Result<PublicKey, kassa::Error>, theirs: Option<rsa::RsaPublicKey>) {
    match (ours, theirs) {
        (Ok(k), Some(r)) => {
            assert_eq!(k.modulus(), r.n().to_be_bytes_trimmed_vartime().as_ref());
            assert_eq!(k.bits(), r.size() * 8);
            assert_eq!(
                k.to_spki_der().unwrap(),
                r.to_public_key_der().unwrap().as_bytes()
            );
            assert_eq!(k.to_rsa().unwrap(), r);
        }
        (Err(e), None) => assert_eq!(e.code(), ErrorCode::MalformedKey, "{e}"),
        (Ok(k), None) => panic!("kassa accepts {k:?}, the rsa crate refuses it"),
        (Err(e), Some(r)) => panic!("kassa refuses ({e}) a key the rsa crate accepts: {r:?}"),
    }
}

fn check_pkcs1(der: &[u8]) {
    let ours = PublicKey::parse(&pem("RSA PUBLIC KEY", der));
    agree(
        ours,
        reference(rsa::RsaPublicKey::from_pkcs1_der(der).map_err(|_| ())),
    );
}

fn check_spki(der: &[u8]) {
    let ours = PublicKey::parse(&pem("PUBLIC KEY", der));
    let theirs = reference(rsa::RsaPublicKey::from_public_key_der(der).map_err(|_| ()));
    // A well-formed SPKI of another algorithm is UNSUPPORTED_ALGORITHM in kassa, a refusal too.
    match ours {
        Err(e) if e.code() == ErrorCode::UnsupportedAlgorithm => assert!(theirs.is_none()),
        ours => agree(ours, theirs),
    }
}

/// A modulus: `len` bytes (so about `len * 8` bits), top byte `top`, last byte odd or even, and
/// sometimes a leading zero byte (which DER strips; `UintRef` writes it minimal).
fn modulus() -> impl Strategy<Value = Vec<u8>> {
    let len = prop_oneof![
        1usize..=4,
        126usize..=130,
        254usize..=258,
        382usize..=386,
        510usize..=514,
        1022usize..=1026,
    ];
    (len, any::<u8>(), any::<bool>(), any::<u64>()).prop_map(|(len, top, odd, seed)| {
        let mut n: Vec<u8> = (0..len)
            .map(|i| (seed.wrapping_mul(i as u64 + 1) >> 13) as u8)
            .collect();
        if let Some(first) = n.first_mut() {
            *first = top;
        }
        if let Some(last) = n.last_mut() {
            *last = if odd { *last | 1 } else { *last & !1 };
        }
        n
    })
}

/// An exponent: the usual ones, the edges of the `rsa` crate's range (3 to 2^33 - 1), zero,
/// even ones and longer than 64 bits.
fn exponent() -> impl Strategy<Value = Vec<u8>> {
    let fixed = |e: u64| e.to_be_bytes().to_vec();
    prop_oneof![
        Just(fixed(65537)),
        Just(fixed(3)),
        Just(fixed(1)),
        Just(fixed(2)),
        Just(fixed(0)),
        Just(fixed(17)),
        Just(fixed((1 << 33) - 1)),
        Just(fixed((1 << 33) + 1)),
        Just(fixed(1 << 33)),
        Just(fixed(u64::MAX)),
        any::<u64>().prop_map(fixed),
        prop::collection::vec(any::<u8>(), 1..12),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn pkcs1_keys_are_accepted_exactly_as_the_rsa_crate_accepts_them(n in modulus(), e in exponent()) {
        let der = pkcs1_der(&n, &e);
        check_pkcs1(&der);
        check_spki(&spki_der(RSA, Some(AnyRef::NULL), &der));
    }

    #[test]
    fn damaged_der_is_refused_alike(n in modulus(), e in exponent(), at in any::<usize>(), byte in any::<u8>(), cut in any::<bool>()) {
        let mut der = pkcs1_der(&n, &e);
        let at = at % der.len();
        if cut { der.truncate(at) } else { der[at] = byte }
        check_pkcs1(&der);
        let mut spki = spki_der(RSA, Some(AnyRef::NULL), &pkcs1_der(&n, &e));
        let at2 = at % spki.len();
        if cut { spki.truncate(at2) } else { spki[at2] = byte }
        check_spki(&spki);
    }
}

#[test]
fn spki_algorithm_identifiers_follow_the_rsa_crate() {
    let n: Vec<u8> = std::iter::once(0xC5)
        .chain((1..255).map(|i| i as u8))
        .chain([0x01])
        .collect();
    let key = pkcs1_der(&n, &65537u32.to_be_bytes());
    let null = Some(AnyRef::NULL);
    let octets = Some(AnyRef::new(der::Tag::OctetString, &[1, 2]).unwrap());
    // rsaEncryption needs NULL parameters; RSASSA-PSS needs none.
    for (oid, parameters, accepted) in [
        (RSA, null, true),
        (RSA, None, false),
        (RSA, octets, false),
        (PSS, None, true),
        (PSS, null, false),
    ] {
        let der = spki_der(oid, parameters, &key);
        check_spki(&der);
        assert_eq!(PublicKey::parse(&pem("PUBLIC KEY", &der)).is_ok(), accepted);
    }
    // Another algorithm is named.
    let ec = PublicKey::parse(&pem("PUBLIC KEY", &spki_der(EC, null, &key)))
        .err()
        .unwrap();
    assert_eq!(ec.code(), ErrorCode::UnsupportedAlgorithm);
    assert!(ec.message().contains("1.2.840.10045.2.1"), "{ec}");
    // A PSS key is written for WebCrypto as rsaEncryption, as the rsa crate wrote it.
    let pss = PublicKey::parse(&pem("PUBLIC KEY", &spki_der(PSS, None, &key))).unwrap();
    assert_eq!(pss.to_spki_der().unwrap(), spki_der(RSA, null, &key));
}

#[test]
fn sizes_are_named_and_the_range_is_exact() {
    let key = |bits: usize| {
        let mut n = vec![0xFFu8; bits.div_ceil(8)];
        n[0] = 0xFF >> ((8 - bits % 8) % 8);
        pkcs1_der(&n, &65537u32.to_be_bytes())
    };
    for (bits, ok) in [
        (1016, false),
        (1023, false),
        (1024, true),
        (2047, true),
        (4096, true),
        (4097, false),
        (8192, false),
    ] {
        let parsed = PublicKey::parse(&pem("RSA PUBLIC KEY", &key(bits)));
        assert_eq!(parsed.is_ok(), ok, "{bits} bits");
        if let Err(e) = parsed {
            assert!(e.message().contains(&format!("{bits} bits")), "{e}");
        }
        check_pkcs1(&key(bits));
    }
}
