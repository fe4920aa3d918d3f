//! Optional RBS request signing ("API request signature" section of the reference).
//!
//! `X-Hash` is the base64 of SHA-256 over the exact body bytes sent. `X-Signature` is what the
//! reference's Java example computes: `Signature.getInstance("SHA256withRSA")` updated with the
//! 32 hash bytes — so the RSA PKCS#1 v1.5 signature (SHA-256 DigestInfo) is made over the *hash*
//! as the message, i.e. over SHA-256(SHA-256(body)). Base64-encoded.

use std::fmt;
use std::sync::Arc;

use crate::crypto::{base64_encode, sha256};
use crate::Result;

/// Signs the hash bytes with SHA256withRSA; returns the raw signature.
type SignFn = dyn Fn(&[u8]) -> Result<Vec<u8>> + Send + Sync;

/// Adds `X-Hash` and `X-Signature` to RBS requests. Holds the private key; Debug never shows it.
#[derive(Clone)]
pub struct RequestSigner {
    sign: Arc<SignFn>,
}

impl RequestSigner {
    /// A signer from a function that makes an RSA PKCS#1 v1.5 SHA-256 signature of its input.
    pub fn from_fn(sign: impl Fn(&[u8]) -> Result<Vec<u8>> + Send + Sync + 'static) -> Self {
        Self {
            sign: Arc::new(sign),
        }
    }

    /// The `X-Hash` value of a body: base64(SHA-256(body)).
    pub fn x_hash(body: &[u8]) -> String {
        base64_encode(&sha256(body))
    }

    /// The two headers for `body`, exactly the bytes that will be sent.
    pub fn headers(&self, body: &[u8]) -> Result<[(&'static str, String); 2]> {
        let hash = sha256(body);
        let signature = (self.sign)(&hash)?;
        Ok([
            ("X-Hash", base64_encode(&hash)),
            ("X-Signature", base64_encode(&signature)),
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

    #[test]
    fn x_hash_of_the_reference_example() {
        // The reference's "Calculating a hash and a signature" example: body and X-Hash header.
        let body = b"amount=10000&password=gcjgcW1&returnUrl=http&userName=signature-api";
        assert_eq!(
            RequestSigner::x_hash(body),
            "eYkMUF+xaYJhsETTIGsctl6DBNZha1ITN8muCcWQtZk="
        );
    }

    #[test]
    fn signature_is_made_over_the_hash_bytes() {
        let s = RequestSigner::from_fn(|m| Ok(m.to_vec()));
        let [(hn, hv), (sn, sv)] = s.headers(b"a=1").unwrap();
        assert_eq!((hn, sn), ("X-Hash", "X-Signature"));
        assert_eq!(hv, sv, "the signed message is the 32 hash bytes");
        assert_eq!(format!("{s:?}"), "RequestSigner(<private key redacted>)");
    }
}
