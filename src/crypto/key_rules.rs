//! The rules every key parser of kassa applies, in one place: the accepted RSA sizes (1024 to
//! 4096 bits) and the errors for malformed and encrypted keys, each naming the command that fixes
//! the key. Key material never reaches a message.

use crate::error::{Error, ErrorCode, Result};

/// Smallest accepted modulus, in bits.
pub const MIN_BITS: usize = 1024;
/// Largest accepted modulus, in bits.
pub const MAX_BITS: usize = 4096;

/// `MALFORMED_KEY` unless `bits` is within [`MIN_BITS`]..=[`MAX_BITS`].
pub(crate) fn check_bits(bits: usize) -> Result<()> {
    if (MIN_BITS..=MAX_BITS).contains(&bits) {
        Ok(())
    } else {
        Err(size_error(bits))
    }
}

/// `MALFORMED_KEY` naming a key's size outside the accepted range.
pub(crate) fn size_error(bits: usize) -> Error {
    malformed(format!(
        "the RSA key has {bits} bits; kassa accepts {MIN_BITS} to {MAX_BITS}"
    ))
}

/// `MALFORMED_KEY` with `message` (which must never contain key material).
pub(crate) fn malformed(message: impl Into<String>) -> Error {
    Error::new(ErrorCode::MalformedKey, message)
}

/// `ENCRYPTED_KEY` for an encrypted key given without its passphrase.
pub(crate) fn passphrase_missing() -> Error {
    Error::new(
        ErrorCode::EncryptedKey,
        "the private key is encrypted (ENCRYPTED PRIVATE KEY): pass its passphrase",
    )
}

/// `ENCRYPTED_KEY` for a legacy OpenSSL-encrypted PEM, naming the command that converts it.
pub(crate) fn legacy_encrypted_error() -> Error {
    Error::new(
        ErrorCode::EncryptedKey,
        "this key is encrypted in the legacy OpenSSL format (Proc-Type: 4,ENCRYPTED), which kassa \
         does not read; convert it to encrypted PKCS#8 with `openssl pkcs8 -topk8 -v2 aes-256-cbc \
         -in old.pem -out new.pem` and pass the passphrase",
    )
}

/// `ENCRYPTED_KEY` for a PKCS#8 key that did not decrypt.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn encrypted_key_error() -> Error {
    Error::new(
        ErrorCode::EncryptedKey,
        "the private key could not be decrypted: the passphrase is wrong or the cipher is not \
         supported (PBES2 with PBKDF2 or scrypt and AES-CBC are; re-encrypt with `openssl pkcs8 \
         -topk8 -v2 aes-256-cbc`)",
    )
}

/// `ENCRYPTED_KEY` in the WebAssembly build, which leaves the PBES2 ciphers out (see Cargo.toml).
#[cfg(target_arch = "wasm32")]
pub(crate) fn wasm_encrypted_unsupported_error() -> Error {
    Error::new(
        ErrorCode::EncryptedKey,
        "encrypted private keys (ENCRYPTED PRIVATE KEY) are not decrypted in the WebAssembly \
         build; decrypt it first with `openssl pkcs8 -in encrypted.pem -out plain.pem` (or \
         node:crypto's createPrivateKey(...).export({ type: 'pkcs8', format: 'pem' })) and pass \
         the plain PEM",
    )
}
