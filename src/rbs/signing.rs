//! Optional RBS request signing ("API request signature" section of the reference).
//!
//! `X-Hash` is the base64 of SHA-256 over the exact body bytes sent. `X-Signature` is what the
//! reference's Java example computes: `Signature.getInstance("SHA256withRSA")` updated with the
//! 32 hash bytes — so the RSA PKCS#1 v1.5 signature (SHA-256 DigestInfo) is made over the *hash*
//! as the message, i.e. over SHA-256(SHA-256(body)). Base64-encoded.

use std::fmt;
use std::sync::Arc;

use crate::crypto::keys::PrivateKey;
use crate::crypto::rsa::{sign_pkcs1v15, HashAlg};
use crate::crypto::{base64_encode, sha256};
use crate::Result;

/// Adds `X-Hash` and `X-Signature` to RBS requests. Holds the private key; Debug never shows it.
/// The RSA private-key operation is `rsa` 0.10's constant-time implementation.
#[derive(Clone)]
pub struct RequestSigner {
    key: Arc<PrivateKey>,
}

impl RequestSigner {
    /// A signer from a PEM private key: PKCS#8, PKCS#1, or encrypted PKCS#8 with `passphrase`.
    /// A legacy OpenSSL-encrypted PEM (`Proc-Type: 4,ENCRYPTED`) is `ENCRYPTED_KEY`, naming the
    /// `openssl pkcs8 -topk8` command that converts it.
    pub fn from_pem(pem: &str, passphrase: Option<&str>) -> Result<Self> {
        Ok(Self::new(PrivateKey::parse(pem, passphrase)?))
    }

    /// A signer from a parsed key.
    pub fn new(key: PrivateKey) -> Self {
        Self { key: Arc::new(key) }
    }

    /// The `X-Hash` value of a body: base64(SHA-256(body)).
    pub fn x_hash(body: &[u8]) -> String {
        base64_encode(&sha256(body))
    }

    /// The `X-Signature` value of a body: base64 of SHA256withRSA over the 32 hash bytes.
    pub fn x_signature(&self, body: &[u8]) -> Result<String> {
        Ok(base64_encode(&sign_pkcs1v15(
            &self.key,
            HashAlg::Sha256,
            &sha256(body),
        )?))
    }

    /// The two headers for `body`, exactly the bytes that will be sent.
    pub fn headers(&self, body: &[u8]) -> Result<[(&'static str, String); 2]> {
        Ok([
            ("X-Hash", Self::x_hash(body)),
            ("X-Signature", self.x_signature(body)?),
        ])
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
    use crate::crypto::keys::PublicKey;
    use crate::crypto::rsa::verify_pkcs1v15;
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
        let [(hn, hv), (sn, sv)] = s.headers(BODY.as_bytes()).unwrap();
        assert_eq!((hn, sn), ("X-Hash", "X-Signature"));
        assert_eq!(hv, RequestSigner::x_hash(BODY.as_bytes()));
        assert_eq!(
            sv,
            include_str!("../../tests/vectors/rbs/signing/body.x-signature.b64")
        );
        // What a gateway checks: SHA256withRSA over the hash bytes, with the public key.
        let public: PublicKey = PrivateKey::parse(KEY, None).unwrap().public_key();
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
