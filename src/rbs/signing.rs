//! Optional RBS request signing ("API request signature" section of the reference).
//!
//! `X-Hash` is the base64 of SHA-256 over the exact body bytes sent. `X-Signature` is what the
//! reference's Java example computes: `Signature.getInstance("SHA256withRSA")` updated with the
//! 32 hash bytes — so the RSA PKCS#1 v1.5 signature (SHA-256 DigestInfo) is made over the *hash*
//! as the message, i.e. over SHA-256(SHA-256(body)). Base64-encoded.
//!
//! DESIGN: the signature is made by the platform (WebCrypto's `crypto.subtle.sign`, in the wasm
//! transport), never by the `rsa` crate's private-key arithmetic, which RustSec lists as open to
//! timing attacks (RUSTSEC-2023-0071, no patched release). This module only checks the key and
//! says what to sign: [`RequestSigner::prepare`] gives the `X-Hash` header and a
//! [`PendingSignature`] over the 32 hash bytes.

use std::fmt;
use std::sync::Arc;

use crate::crypto::platform_key::PlatformKey;
use crate::crypto::{base64_encode, sha256};
use crate::http::PendingSignature;
use crate::Result;

/// Adds `X-Hash` and asks for `X-Signature` on RBS requests. Holds the private key (PKCS#8 DER,
/// zeroized on drop); Debug never shows it.
#[derive(Clone)]
pub struct RequestSigner {
    key: Arc<PlatformKey>,
}

impl RequestSigner {
    /// A signer from a PEM private key: PKCS#8, PKCS#1, or encrypted PKCS#8 with `passphrase`
    /// (PBES2; in the WebAssembly build WebCrypto decrypts it, with PBKDF2 and AES-CBC, when the
    /// first request is signed, so a wrong passphrase surfaces there). A legacy OpenSSL-encrypted
    /// PEM (`Proc-Type: 4,ENCRYPTED`) is `ENCRYPTED_KEY`, naming the `openssl pkcs8 -topk8`
    /// command that converts it.
    pub fn from_pem(pem: &str, passphrase: Option<&str>) -> Result<Self> {
        Ok(Self::new(PlatformKey::from_pem(pem, passphrase)?))
    }

    /// A signer from a parsed key.
    pub fn new(key: PlatformKey) -> Self {
        Self { key: Arc::new(key) }
    }

    /// The `X-Hash` value of a body: base64(SHA-256(body)).
    pub fn x_hash(body: &[u8]) -> String {
        base64_encode(&sha256(body))
    }

    /// For `body`, exactly the bytes that will be sent: the `X-Hash` header value and the
    /// `X-Signature` the transport must make — SHA256withRSA over the 32 hash bytes.
    pub fn prepare(&self, body: &[u8]) -> (String, PendingSignature) {
        let hash = sha256(body);
        (
            base64_encode(&hash),
            PendingSignature {
                header: "X-Signature",
                message: hash.to_vec(),
                key: self.key.clone(),
            },
        )
    }
}

impl fmt::Debug for RequestSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RequestSigner(<private key redacted>)")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::crypto::keys::{PrivateKey, PublicKey};
    use crate::crypto::rsa::{verify_pkcs1v15, HashAlg};
    use crate::ErrorCode;

    const BODY: &str = include_str!("../../tests/vectors/rbs/signing/body.txt");
    const KEY: &str = include_str!("../../tests/vectors/rbs/signing/python-example-key.pkcs8.pem");
    const LEGACY: &str =
        include_str!("../../tests/vectors/rbs/signing/reference-key.legacy-encrypted.pem");

    #[test]
    fn x_hash_of_the_reference_example() {
        assert_eq!(
            RequestSigner::x_hash(BODY.as_bytes()),
            include_str!("../../tests/vectors/rbs/signing/body.x-hash.b64")
        );
    }

    #[test]
    fn x_signature_matches_openssl_over_the_hash_bytes() {
        let s = RequestSigner::from_pem(KEY, None).unwrap();
        let (hv, pending) = s.prepare(BODY.as_bytes());
        assert_eq!(hv, RequestSigner::x_hash(BODY.as_bytes()));
        assert_eq!(pending.header, "X-Signature");
        assert_eq!(pending.message, sha256(BODY.as_bytes()).to_vec());
        // What the platform computes (checked here with rsa, in this test only): SHA256withRSA
        // over the pending message equals OpenSSL's signature of the hash bytes.
        let private = PrivateKey::parse(KEY, None).unwrap();
        let sv = crate::crypto::base64_encode(
            &crate::crypto::rsa::sign_pkcs1v15(&private, HashAlg::Sha256, &pending.message)
                .unwrap(),
        );
        assert_eq!(
            sv,
            include_str!("../../tests/vectors/rbs/signing/body.x-signature.b64")
        );
        // What a gateway checks: SHA256withRSA over the hash bytes, with the public key.
        let public: PublicKey = PrivateKey::parse(KEY, None).unwrap().public_key().unwrap();
        let sig = crate::crypto::base64_decode(&sv, "X-Signature").unwrap();
        assert!(verify_pkcs1v15(&public, HashAlg::Sha256, &sha256(BODY.as_bytes()), &sig).is_ok());
        assert!(verify_pkcs1v15(&public, HashAlg::Sha256, BODY.as_bytes(), &sig).is_err());
        assert_eq!(format!("{s:?}"), "RequestSigner(<private key redacted>)");
    }

    #[test]
    fn legacy_encrypted_reference_key_names_the_conversion() {
        let e = RequestSigner::from_pem(LEGACY, Some("12345")).unwrap_err();
        assert_eq!(e.code(), ErrorCode::EncryptedKey);
        assert!(
            e.message().contains("openssl pkcs8 -topk8"),
            "{}",
            e.message()
        );
    }
}
