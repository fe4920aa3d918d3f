//! X-Hash / X-Signature request signing (the reference's "API request signature"), checked for
//! merchants with a certificate configured.

use axum::http::HeaderMap;

use super::merchants::Merchant;
use super::params::RbsError;

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// Checks the request signature when the merchant requires one.
///
/// X-Hash must be the base64 SHA-256 of the exact body bytes; X-Signature the base64
/// SHA256withRSA signature over those 32 hash bytes (the reference's Java example), checked
/// against the merchant's certificate.
pub fn check(merchant: &Merchant, headers: &HeaderMap, body: &[u8]) -> Result<(), RbsError> {
    let Some(cert) = merchant.certificate.as_deref() else {
        return Ok(());
    };
    let x_hash = header(headers, "x-hash").ok_or_else(|| {
        RbsError::new(
            5,
            "Access denied: this merchant signs its requests; the X-Hash header is missing",
        )
    })?;
    let x_signature = header(headers, "x-signature").ok_or_else(|| {
        RbsError::new(
            5,
            "Access denied: this merchant signs its requests; the X-Signature header is missing",
        )
    })?;
    let hash = kassa::crypto::sha256(body);
    let expected = kassa::crypto::base64_encode(&hash);
    if !kassa::crypto::ct_eq(expected.as_bytes(), x_hash.as_bytes()) {
        return Err(RbsError::new(
            5,
            "Access denied: X-Hash is not the base64 SHA-256 of the request body as received (was the body re-encoded after hashing?)",
        ));
    }
    let signature = kassa::crypto::base64_decode(x_signature, "X-Signature")
        .map_err(|_| RbsError::new(5, "Access denied: X-Signature is not base64"))?;
    if !verify(cert, &hash, &signature) {
        return Err(RbsError::new(
            5,
            "Access denied: X-Signature does not verify with the merchant's certificate (SHA256withRSA over the 32 X-Hash bytes)",
        ));
    }
    Ok(())
}

fn verify(cert: &str, hash: &[u8], signature: &[u8]) -> bool {
    use kassa::crypto::{verify_pkcs1v15, HashAlg, PublicKey};
    match PublicKey::parse(cert) {
        Ok(key) => verify_pkcs1v15(&key, HashAlg::Sha256, hash, signature).is_ok(),
        Err(_) => false,
    }
}
