//! The RBS client's `X-Signature`, made with the platform's WebCrypto: kassa never signs a
//! request with the `rsa` crate (see `crate::crypto::platform_key`).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::crypto::platform_key::{wrong_passphrase, EncryptedPkcs8, Pkcs8RsaKey, PlatformKey};
use crate::crypto::HashAlg;
use crate::http::PendingSignature;
use crate::wasm::webcrypto::{algorithm, set, subtle, Subtle};

/// Makes a [`PendingSignature`] with WebCrypto (RSASSA-PKCS1-v1_5, SHA-256) and returns the
/// base64 header value. The PKCS#8 key is imported for this signature only (not extractable).
pub async fn sign_pending(pending: &PendingSignature) -> crate::Result<String> {
    let failed = |what: &str, e: JsValue| {
        let detail = e
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_default();
        crate::Error::new(
            crate::ErrorCode::UnsupportedRuntime,
            format!(
                "WebCrypto could not {what} for {}: {detail}",
                pending.header
            ),
        )
    };
    let subtle = subtle().ok_or_else(|| {
        crate::Error::new(
            crate::ErrorCode::UnsupportedRuntime,
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
    let algo = algorithm(HashAlg::Sha256);
    let usages = js_sys::Array::of1(&"sign".into());
    let der = js_sys::Uint8Array::from(key.der());
    let import = subtle
        .import_key("pkcs8", &der, &algo, false, &usages)
        .map_err(|e| failed("import the signing key", e))?;
    let key = JsFuture::from(import)
        .await
        .map_err(|e| failed("import the signing key", e))?;
    let data = js_sys::Uint8Array::from(pending.message.as_slice());
    let signing = subtle
        .sign(&algo, &key, &data)
        .map_err(|e| failed("sign", e))?;
    let signature = JsFuture::from(signing)
        .await
        .map_err(|e| failed("sign", e))?;
    Ok(crate::crypto::base64_encode(
        &js_sys::Uint8Array::new(&signature).to_vec(),
    ))
}

/// Decrypts a PBES2 `ENCRYPTED PRIVATE KEY` with WebCrypto: PBKDF2 (`deriveBits`) for the AES
/// key, AES-CBC (`decrypt`, which also removes the padding) for the PKCS#8 bytes. Any failure
/// after the parameters were accepted means a wrong passphrase: `ENCRYPTED_KEY`.
async fn decrypt_pkcs8(subtle: &Subtle, e: &EncryptedPkcs8) -> crate::Result<Pkcs8RsaKey> {
    let wrong = |_| wrong_passphrase();
    let name = |n: &str| {
        let o = js_sys::Object::new();
        set(&o, "name", n);
        o
    };
    let pass = js_sys::Uint8Array::from(e.passphrase.as_bytes());
    let usages = js_sys::Array::of1(&"deriveBits".into());
    let base = JsFuture::from(
        subtle
            .import_key("raw", &pass, &name("PBKDF2"), false, &usages)
            .map_err(wrong)?,
    )
    .await
    .map_err(wrong)?;
    let pbkdf2 = name("PBKDF2");
    set(&pbkdf2, "salt", js_sys::Uint8Array::from(e.salt.as_slice()));
    set(&pbkdf2, "iterations", e.iterations);
    set(&pbkdf2, "hash", e.prf_hash);
    let bits = JsFuture::from(
        subtle
            .derive_bits(&pbkdf2, &base, u32::from(e.aes_bits))
            .map_err(wrong)?,
    )
    .await
    .map_err(wrong)?;
    let usages = js_sys::Array::of1(&"decrypt".into());
    let aes = JsFuture::from(
        subtle
            .import_key(
                "raw",
                &js_sys::Uint8Array::new(&bits),
                &name("AES-CBC"),
                false,
                &usages,
            )
            .map_err(wrong)?,
    )
    .await
    .map_err(wrong)?;
    let cbc = name("AES-CBC");
    set(&cbc, "iv", js_sys::Uint8Array::from(e.iv.as_slice()));
    let plain = JsFuture::from(
        subtle
            .decrypt(
                &cbc,
                &aes,
                &js_sys::Uint8Array::from(e.ciphertext.as_slice()),
            )
            .map_err(wrong)?,
    )
    .await
    .map_err(wrong)?;
    let plain = zeroize::Zeroizing::new(js_sys::Uint8Array::new(&plain).to_vec());
    EncryptedPkcs8::decrypted(&plain)
}
