//! RSASSA-PKCS1-v1_5 signatures (RFC 8017, section 8.2) with SHA-1, SHA-256 or SHA-512, from the
//! `rsa` crate. RBS signs callbacks with SHA-512 (sometimes SHA-256), Mobile Cashier signs
//! webhooks with SHA-1.

use rsa::Pkcs1v15Sign;

use super::digest::{sha1, sha256, sha512};
use super::keys::{PrivateKey, PublicKey};
use crate::error::{Error, ErrorCode, Result};

/// The hash inside a PKCS#1 v1.5 signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HashAlg {
    /// SHA-1 (Mobile Cashier webhooks).
    Sha1,
    /// SHA-256.
    Sha256,
    /// SHA-512 (RBS callbacks, by default).
    Sha512,
}

impl HashAlg {
    /// Parses `sha1`, `sha256`, `sha512` in any case and with or without a dash (`SHA-512`);
    /// anything else is `UNSUPPORTED_ALGORITHM`.
    pub fn parse(name: &str) -> Result<Self> {
        let folded: String = name
            .chars()
            .filter(|c| *c != '-' && *c != '_')
            .collect::<String>()
            .to_ascii_lowercase();
        match folded.as_str() {
            "sha1" => Ok(Self::Sha1),
            "sha256" => Ok(Self::Sha256),
            "sha512" => Ok(Self::Sha512),
            _ => Err(Error::new(
                ErrorCode::UnsupportedAlgorithm,
                format!("hash `{name}` is not supported; use 'sha512', 'sha256' or 'sha1'"),
            )),
        }
    }

    /// `"sha1"`, `"sha256"` or `"sha512"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sha1 => "sha1",
            Self::Sha256 => "sha256",
            Self::Sha512 => "sha512",
        }
    }

    /// The WebCrypto name: `"SHA-1"`, `"SHA-256"` or `"SHA-512"`.
    pub fn webcrypto_name(self) -> &'static str {
        match self {
            Self::Sha1 => "SHA-1",
            Self::Sha256 => "SHA-256",
            Self::Sha512 => "SHA-512",
        }
    }

    /// The digest of `msg`.
    pub fn digest(self, msg: &[u8]) -> Vec<u8> {
        match self {
            Self::Sha1 => sha1(msg).to_vec(),
            Self::Sha256 => sha256(msg).to_vec(),
            Self::Sha512 => sha512(msg).to_vec(),
        }
    }

    /// The `rsa` crate's padding for this hash (its DigestInfo prefix and digest length).
    pub fn padding(self) -> Pkcs1v15Sign {
        match self {
            Self::Sha1 => Pkcs1v15Sign::new::<sha1::Sha1>(),
            Self::Sha256 => Pkcs1v15Sign::new::<sha2::Sha256>(),
            Self::Sha512 => Pkcs1v15Sign::new::<sha2::Sha512>(),
        }
    }
}

/// Verifies a PKCS#1 v1.5 signature over `msg` (hashed here with `hash`).
///
/// A signature whose length differs from the key's modulus length is `MALFORMED_SIGNATURE`; one
/// that does not verify is `SIGNATURE_MISMATCH`.
pub fn verify_pkcs1v15(key: &PublicKey, hash: HashAlg, msg: &[u8], sig: &[u8]) -> Result<()> {
    verify_prehashed(key, hash, &hash.digest(msg), sig)
}

/// Verifies a PKCS#1 v1.5 signature over an already computed digest.
pub fn verify_prehashed(key: &PublicKey, hash: HashAlg, digest: &[u8], sig: &[u8]) -> Result<()> {
    check_signature_len(key, sig)?;
    let padding = hash.padding();
    // Public data only: variable-time square-and-multiply on a fixed-size Montgomery form.
    let valid = padding.hash_len.is_none_or(|len| len == digest.len())
        && key.monty().verify(&padding.prefix, digest, sig);
    valid.then_some(()).ok_or_else(|| {
        Error::new(
            ErrorCode::SignatureMismatch,
            format!(
                "the RSA-{} signature does not match the data and the configured key",
                hash.as_str().to_ascii_uppercase()
            ),
        )
    })
}

/// The `rsa` crate's PKCS#1 v1.5 verification (constant-time windowed exponentiation): the
/// reference `tests/fuzz_verify.rs` compares the fast path with (kassa itself never calls it).
pub fn verify_with_rsa_crate(
    key: &PublicKey,
    padding: Pkcs1v15Sign,
    digest: &[u8],
    sig: &[u8],
) -> bool {
    key.to_rsa()
        .is_ok_and(|k| k.verify(padding, digest, sig).is_ok())
}

/// `MALFORMED_SIGNATURE` when `sig` is not exactly as long as `key`'s modulus: checked before
/// any arithmetic (and before an RSA job is handed to the platform's crypto).
pub fn check_signature_len(key: &PublicKey, sig: &[u8]) -> Result<()> {
    let expected = key.bits() / 8;
    if sig.len() != expected {
        return Err(Error::new(
            ErrorCode::MalformedSignature,
            format!(
                "the RSA signature is {} bytes, but the {}-bit key makes {expected}-byte \
                 signatures; check that the right key is configured and the signature was not cut",
                sig.len(),
                key.bits()
            ),
        ));
    }
    Ok(())
}

/// Signs `msg` (hashed here with `hash`) with PKCS#1 v1.5. Deterministic.
pub fn sign_pkcs1v15(key: &PrivateKey, hash: HashAlg, msg: &[u8]) -> Result<Vec<u8>> {
    sign_prehashed(key, hash, &hash.digest(msg))
}

/// Signs an already computed digest with PKCS#1 v1.5.
pub fn sign_prehashed(key: &PrivateKey, hash: HashAlg, digest: &[u8]) -> Result<Vec<u8>> {
    key.as_rsa().sign(hash.padding(), digest).map_err(|_| {
        Error::new(
            ErrorCode::MalformedKey,
            "the private key could not sign (is it a consistent RSA key?)",
        )
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::crypto::{base64_decode, hex_decode};

    use crate::crypto::test_vector as vector;

    // The two RSA SHA-512 examples of the RBS reference (see tests/vectors/README.md).
    #[test]
    fn rbs_reference_signatures_verify() {
        let msg = b"amount;35000099;mdOrder;12b59da8-f68f-7c8d-12b5-9da8000826ea;operation;deposited;status;1;";
        for (key_file, txt) in [
            ("rbs-rsa-java-cert.b64", "rbs-rsa-java.txt"),
            ("rbs-rsa-php.pem", "rbs-rsa-php.txt"),
        ] {
            let key = PublicKey::parse(&vector(key_file)).unwrap();
            let text = vector(txt);
            let hex = text
                .lines()
                .find_map(|l| l.strip_prefix("checksum: "))
                .unwrap();
            let sig = hex_decode(hex, "checksum").unwrap();
            verify_pkcs1v15(&key, HashAlg::Sha512, msg, &sig).unwrap();
            let e = verify_pkcs1v15(&key, HashAlg::Sha256, msg, &sig)
                .err()
                .unwrap();
            assert_eq!(e.code(), ErrorCode::SignatureMismatch);
            let e = verify_pkcs1v15(&key, HashAlg::Sha512, b"amount;1;", &sig)
                .err()
                .unwrap();
            assert_eq!(e.code(), ErrorCode::SignatureMismatch);
            let e = verify_pkcs1v15(&key, HashAlg::Sha512, msg, &sig[1..])
                .err()
                .unwrap();
            assert_eq!(e.code(), ErrorCode::MalformedSignature);
        }
    }

    // A signature made by `openssl dgst -sha1 -sign` (tests/vectors/README.md).
    #[test]
    fn openssl_sha1_signature_verifies_and_kassa_signs_identically() {
        let body = vector("cashier-webhook-body.json");
        let sig = base64_decode(&vector("cashier-webhook-body.sig"), "sig").unwrap();
        let private = PrivateKey::parse(&vector("test-key-2048.pkcs8.pem"), None).unwrap();
        verify_pkcs1v15(
            &private.public_key().unwrap(),
            HashAlg::Sha1,
            body.as_bytes(),
            &sig,
        )
        .unwrap();
        // PKCS#1 v1.5 is deterministic: kassa's signature equals openssl's byte for byte.
        let ours = sign_pkcs1v15(&private, HashAlg::Sha1, body.as_bytes()).unwrap();
        assert_eq!(ours, sig);
    }

    #[test]
    fn sign_verify_round_trip_every_hash() {
        let private = PrivateKey::parse(&vector("test-key-2048.pkcs1.pem"), None).unwrap();
        for hash in [HashAlg::Sha1, HashAlg::Sha256, HashAlg::Sha512] {
            let sig = sign_pkcs1v15(&private, hash, "оплата".as_bytes()).unwrap();
            verify_pkcs1v15(
                &private.public_key().unwrap(),
                hash,
                "оплата".as_bytes(),
                &sig,
            )
            .unwrap();
            let digest = hash.digest(b"x");
            let sig = sign_prehashed(&private, hash, &digest).unwrap();
            verify_prehashed(&private.public_key().unwrap(), hash, &digest, &sig).unwrap();
        }
    }

    #[test]
    fn hash_names() {
        assert_eq!(HashAlg::parse("SHA-512").unwrap(), HashAlg::Sha512);
        assert_eq!(HashAlg::parse("sha256").unwrap(), HashAlg::Sha256);
        assert_eq!(HashAlg::parse("Sha1").unwrap().webcrypto_name(), "SHA-1");
        let e = HashAlg::parse("md5").err().unwrap();
        assert_eq!(e.code(), ErrorCode::UnsupportedAlgorithm);
    }
}
