//! The RBS client's `X-Signature`, made with the platform's WebCrypto: kassa never signs a
//! request with the `rsa` crate (see `crate::crypto::platform_key`).

use js_sys::{Array, Object, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::crypto::platform_key::{wrong_passphrase, EncryptedPkcs8, Pkcs8RsaKey, PlatformKey};
use crate::crypto::{base64_encode, HashAlg};
use crate::http::PendingSignature;
use crate::wasm::webcrypto::{algorithm, set, subtle, Subtle};
use crate::{Error, ErrorCode, Result};

/// Awaits a WebCrypto operation (`Err`: its exception, thrown or rejected).
async fn done(op: std::result::Result<Promise, JsValue>) -> std::result::Result<JsValue, JsValue> {
    JsFuture::from(op?).await
}

/// An algorithm object `{ name, ...fields }`.
fn algo(name: &str, fields: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    set(&o, "name", name);
    for (k, v) in fields {
        set(&o, k, v);
    }
    o
}

fn bytes(b: &[u8]) -> Uint8Array {
    Uint8Array::from(b)
}

fn usage(u: &str) -> Array {
    Array::of1(&u.into())
}

/// Makes a [`PendingSignature`] with WebCrypto (RSASSA-PKCS1-v1_5, SHA-256) and returns the
/// base64 header value. The PKCS#8 key is imported for this signature only (not extractable).
pub async fn sign_pending(pending: &PendingSignature) -> Result<String> {
    let subtle = subtle().ok_or_else(|| {
        Error::new(
            ErrorCode::UnsupportedRuntime,
            "RBS request signing needs WebCrypto (globalThis.crypto.subtle), which this runtime \
             does not have (browsers only expose it on https pages and localhost)",
        )
    })?;
    let decrypted;
    let key = match pending.key.as_ref() {
        PlatformKey::Pkcs8(k) => k,
        PlatformKey::Encrypted(e) => {
            decrypted = decrypt_pkcs8(&subtle, e).await?;
            &decrypted
        }
    };
    let rsa = algorithm(HashAlg::Sha256);
    let import = subtle.import_key("pkcs8", &bytes(key.der()), &rsa, false, &usage("sign"));
    let signature = match done(import).await {
        Ok(key) => done(subtle.sign(&rsa, &key, &bytes(&pending.message)))
            .await
            .map_err(|e| ("sign", e)),
        Err(e) => Err(("import the signing key", e)),
    };
    let signature = signature.map_err(|(what, e)| {
        let detail = e.dyn_ref::<js_sys::Error>().map(js_sys::Error::message);
        let (header, detail) = (pending.header, String::from(detail.unwrap_or_default()));
        let message = format!("WebCrypto could not {what} for {header}: {detail}");
        Error::new(ErrorCode::UnsupportedRuntime, message)
    })?;
    Ok(base64_encode(&Uint8Array::new(&signature).to_vec()))
}

/// Decrypts a PBES2 `ENCRYPTED PRIVATE KEY` with WebCrypto: PBKDF2 (`deriveBits`) for the AES
/// key, AES-CBC (`decrypt`, which also removes the padding) for the PKCS#8 bytes. Any failure
/// after the parameters were accepted means a wrong passphrase: `ENCRYPTED_KEY`.
async fn decrypt_pkcs8(subtle: &Subtle, e: &EncryptedPkcs8) -> Result<Pkcs8RsaKey> {
    let plain = async {
        let pass = bytes(e.passphrase.as_bytes());
        let base = subtle.import_key(
            "raw",
            &pass,
            &algo("PBKDF2", &[]),
            false,
            &usage("deriveBits"),
        );
        let salt = bytes(&e.salt).into();
        let params = [
            ("salt", salt),
            ("iterations", e.iterations.into()),
            ("hash", e.prf_hash.into()),
        ];
        let bits = subtle.derive_bits(
            &algo("PBKDF2", &params),
            &done(base).await?,
            e.aes_bits.into(),
        );
        let aes_key = Uint8Array::new(&done(bits).await?);
        let aes = subtle.import_key(
            "raw",
            &aes_key,
            &algo("AES-CBC", &[]),
            false,
            &usage("decrypt"),
        );
        let cbc = algo("AES-CBC", &[("iv", bytes(&e.iv).into())]);
        done(subtle.decrypt(&cbc, &done(aes).await?, &bytes(&e.ciphertext))).await
    };
    let plain = plain.await.map_err(|_| wrong_passphrase())?;
    EncryptedPkcs8::decrypted(&zeroize::Zeroizing::new(Uint8Array::new(&plain).to_vec()))
}
