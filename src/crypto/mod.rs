//! Cryptographic building blocks, all from RustCrypto crates: digests, HMAC, constant-time
//! comparison and the text encodings signatures travel in.
//!
//! Nothing here is hand-rolled cryptography; these functions only choose and combine RustCrypto
//! primitives the way the three gateways need them.

pub mod compare;
pub mod digest;
pub mod encoding;
pub mod mac;
pub mod platform_key;

pub use compare::{ct_eq, ct_eq_hex_ignore_case};
pub use digest::{sha1, sha256, sha512};
pub use encoding::{
    base64_decode, base64_decode_public, base64_encode, hex_decode, hex_lower, hex_upper,
};
pub use mac::hmac_sha256;
pub mod key_rules;
pub mod keys;
pub mod pem;
pub mod rsa;
pub mod rsa_job;
pub mod rsa_public;

pub use keys::{PrivateKey, PublicKey};
pub use pem::MAX_KEY_TEXT;
pub use rsa::{sign_pkcs1v15, verify_pkcs1v15, HashAlg};
pub use rsa_job::{RsaJob, RsaStep};

/// A file of `tests/vectors/` as text, for the unit tests (tests/vectors/README.md names each
/// file's source).
#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) fn test_vector(name: &str) -> String {
    let dir = env!("CARGO_MANIFEST_DIR");
    std::fs::read_to_string(format!("{dir}/tests/vectors/{name}")).unwrap()
}
