//! The RBS client's `X-Signature`, made with the platform's WebCrypto: kassa never signs a
//! request with the `rsa` crate (see `crate::crypto::platform_key`).

use js_sys::{Array, Object, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::crypto::platform_key::{wrong_passphrase, EncryptedPkcs8, Pkcs8RsaKey, PlatformKey};
use crate::crypto::{base64_encode, HashAlg};
use crate::http::PendingSignature;
use crate::wasm::webcrypto::{algorithm, op, set, subtle, Subtle};
use crate::{Error, ErrorCode, Result};

/// An algorithm object `{ name, ...fields }`.
fn algo(name: &str, fields: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    set(&o, "name", name);
    for (k, v) in fields {
        set(&o, k, v);
    }
    o.into()
}

fn bytes(b: &[u8]) -> JsValue {
    Uint8Array::from(b).into()
}

fn usage(u: &str) -> JsValue {
    Array::of1(&u.into()).into()
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
    let (rsa, der): (JsValue, _) = (algorithm(HashAlg::Sha256).into(), bytes(key.der()));
    let import = [&"pkcs8".into(), &der, &rsa, &JsValue::FALSE, &usage("sign")];
    let signature = match op(&subtle, "importKey", &import).await {
        Ok(key) => op(&subtle, "sign", &[&rsa, &key, &bytes(&pending.message)])
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
        let (raw, no) = (JsValue::from("raw"), JsValue::FALSE);
        let (pass, pbkdf2) = (bytes(e.passphrase.as_bytes()), algo("PBKDF2", &[]));
        let base = op(
            subtle,
            "importKey",
            &[&raw, &pass, &pbkdf2, &no, &usage("deriveBits")],
        );
        let salt = bytes(&e.salt);
        let params = [
            ("salt", salt),
            ("iterations", e.iterations.into()),
            ("hash", e.prf_hash.into()),
        ];
        let (pbkdf2, bits) = (algo("PBKDF2", &params), JsValue::from(e.aes_bits));
        let aes_key = op(subtle, "deriveBits", &[&pbkdf2, &base.await?, &bits]).await?;
        let (aes_key, cbc) = (Uint8Array::new(&aes_key).into(), algo("AES-CBC", &[]));
        let aes = op(
            subtle,
            "importKey",
            &[&raw, &aes_key, &cbc, &no, &usage("decrypt")],
        );
        let (cbc, aes) = (algo("AES-CBC", &[("iv", bytes(&e.iv))]), aes.await?);
        op(subtle, "decrypt", &[&cbc, &aes, &bytes(&e.ciphertext)]).await
    };
    let plain = plain.await.map_err(|_| wrong_passphrase())?;
    EncryptedPkcs8::decrypted(&zeroize::Zeroizing::new(Uint8Array::new(&plain).to_vec()))
}
