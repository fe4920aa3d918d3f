//! Signing callbacks as the gateway does (for tests, emulators and the `signRbsCallback` helper
//! that builds valid test notifications), over the one canonical string of [`super::canonical`].

use std::fmt;

use super::canonical::{canonical_string, check_unique, CHECKSUM, SIGN_ALIAS};
use crate::crypto::{self, HashAlg, PrivateKey};
use crate::error::Result;
use crate::http::encode::form_encode;

/// The key a callback is signed with.
// One key lives for the whole program: the size difference between variants does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Clone)]
pub enum CallbackSigningKey {
    /// The shared HMAC-SHA256 key (symmetric checksums).
    Hmac(Vec<u8>),
    /// An RSA private key (asymmetric checksums), the hash (SHA-512 in every known deployment)
    /// and the `sign_alias` to send, if any.
    Rsa {
        /// The private key.
        key: PrivateKey,
        /// The hash inside the PKCS#1 v1.5 signature.
        hash: HashAlg,
        /// The key name sent as `sign_alias`.
        alias: Option<String>,
    },
}

impl fmt::Debug for CallbackSigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Hmac(k) => write!(f, "Hmac({} bytes, redacted)", k.len()),
            Self::Rsa { key, hash, alias } => f
                .debug_struct("Rsa")
                .field("key", key)
                .field("hash", hash)
                .field("alias", alias)
                .finish(),
        }
    }
}

/// The upper-case hex checksum of `params` under `key`, as RBS computes it.
pub fn checksum(params: &[(String, String)], key: &CallbackSigningKey) -> Result<String> {
    let canonical = canonical_string(params);
    let raw = match key {
        CallbackSigningKey::Hmac(secret) => {
            crypto::hmac_sha256(secret, canonical.as_bytes()).to_vec()
        }
        CallbackSigningKey::Rsa { key, hash, .. } => {
            crypto::sign_pkcs1v15(key, *hash, canonical.as_bytes())?
        }
    };
    Ok(crypto::hex_upper(&raw))
}

/// Signs callback parameters the way the gateway does and returns the query string it would
/// send: the parameters in the given order (any `checksum` left out; any `sign_alias` replaced
/// when the key has an alias), then `checksum`, then `sign_alias` for RSA keys with an alias.
/// Names that occur twice are `DUPLICATE_PARAMETER`.
pub fn sign_callback(params: &[(String, String)], key: &CallbackSigningKey) -> Result<String> {
    check_unique(params)?;
    let alias = match key {
        CallbackSigningKey::Rsa { alias, .. } => alias.clone(),
        CallbackSigningKey::Hmac(_) => None,
    };
    let mut out: Vec<(String, String)> = params
        .iter()
        .filter(|(n, _)| n != CHECKSUM && !(alias.is_some() && n == SIGN_ALIAS))
        .cloned()
        .collect();
    out.push((CHECKSUM.to_owned(), checksum(params, key)?));
    if let Some(alias) = alias {
        out.push((SIGN_ALIAS.to_owned(), alias));
    }
    Ok(form_encode(&out))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::rbs::callback::parse_input;

    use crate::rbs::callback::pairs;

    // RBS reference, Java "Symmetric cryptography" example (tests/vectors/rbs-hmac-java.txt).
    #[test]
    fn hmac_signing_reproduces_the_reference_checksum() {
        let p = pairs(&[
            ("mdOrder", "06cf5599-3f17-7c86-bdbc-bd7d00a8b38b"),
            ("operation", "approved"),
            ("orderNumber", "2003"),
            ("status", "1"),
        ]);
        let key = CallbackSigningKey::Hmac(b"ooc7slpvc61k7sf7ma7p4hrefr".to_vec());
        let q = sign_callback(&p, &key).unwrap();
        assert!(q.ends_with(
            "&checksum=EAF2FB72CAB99FD5067F4BA493DD84F4D79C1589FDE8ED29622F0F07215AA972"
        ));
        assert_eq!(format!("{key:?}"), "Hmac(26 bytes, redacted)");
    }

    #[test]
    fn rsa_signing_appends_alias_and_duplicates_fail() {
        let pem = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/vectors/test-key-2048.pkcs8.pem"
        ))
        .unwrap();
        let key = CallbackSigningKey::Rsa {
            key: PrivateKey::parse(&pem, None).unwrap(),
            hash: HashAlg::Sha512,
            alias: Some("key 2".into()),
        };
        let q = sign_callback(&pairs(&[("mdOrder", "1"), ("sign_alias", "old")]), &key).unwrap();
        let back = parse_input(&q).unwrap();
        assert_eq!(back[0], ("mdOrder".into(), "1".into()));
        assert_eq!(back[1].0, "checksum");
        assert_eq!(back[1].1.len(), 512);
        assert_eq!(back[2], ("sign_alias".into(), "key 2".into()));
        let e = sign_callback(&pairs(&[("a", "1"), ("a", "2")]), &key)
            .err()
            .unwrap();
        assert_eq!(e.code(), crate::ErrorCode::DuplicateParameter);
    }
}
