//! RSA through the platform's WebCrypto (`globalThis.crypto.subtle`): verification for the
//! `verifyAsync` paths, and signing for the client's RBS `X-Signature` ([`sign_pending`]), which
//! kassa never makes with the `rsa` crate (see `crate::crypto::platform_key`). For verification, Each key is imported once (`importKey('spki', ...)`) and cached in the
//! verifier. Where WebCrypto is missing or refuses a key or hash, the caller falls back to the
//! synchronous RustCrypto path, so the answer never depends on the runtime.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::verify_types::set;
use crate::crypto::platform_key::{wrong_passphrase, EncryptedPkcs8, Pkcs8RsaKey, PlatformKey};
use crate::crypto::{HashAlg, PublicKey, RsaJob};
use crate::http::PendingSignature;

#[wasm_bindgen]
extern "C" {
    /// `SubtleCrypto` (structural).
    pub type Subtle;
    #[wasm_bindgen(method, catch, js_name = importKey)]
    fn import_key(
        this: &Subtle,
        format: &str,
        key: &js_sys::Uint8Array,
        algorithm: &js_sys::Object,
        extractable: bool,
        usages: &js_sys::Array,
    ) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(method, catch, js_name = deriveBits)]
    fn derive_bits(
        this: &Subtle,
        algorithm: &js_sys::Object,
        key: &JsValue,
        length: u32,
    ) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn decrypt(
        this: &Subtle,
        algorithm: &js_sys::Object,
        key: &JsValue,
        data: &js_sys::Uint8Array,
    ) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn sign(
        this: &Subtle,
        algorithm: &js_sys::Object,
        key: &JsValue,
        data: &js_sys::Uint8Array,
    ) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn verify(
        this: &Subtle,
        algorithm: &JsValue,
        key: &JsValue,
        signature: &js_sys::Uint8Array,
        data: &js_sys::Uint8Array,
    ) -> Result<js_sys::Promise, JsValue>;
}

/// `globalThis.crypto.subtle`, when the runtime has it.
pub fn subtle() -> Option<Subtle> {
    let global = js_sys::global();
    let crypto = js_sys::Reflect::get(&global, &"crypto".into()).ok()?;
    if !crypto.is_object() {
        return None;
    }
    let subtle = js_sys::Reflect::get(&crypto, &"subtle".into()).ok()?;
    let has_verify = js_sys::Reflect::get(&subtle, &"verify".into())
        .ok()
        .is_some_and(|f| f.is_function());
    has_verify.then(|| subtle.unchecked_into())
}

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

/// Imported `CryptoKey`s, one slot per configured key. A key WebCrypto refused is remembered as
/// `Failed`, so it is not offered to `importKey` again on every call (the sync path verifies it).
#[derive(Default)]
pub struct KeyCache {
    slots: RefCell<Vec<Slot>>,
    /// `globalThis.crypto.subtle`, looked up at the first async verification (`None` inside:
    /// the runtime has none).
    subtle: std::cell::OnceCell<Option<Subtle>>,
    /// `"RSASSA-PKCS1-v1_5"` as a JS string, made once: `verify` takes the algorithm by name
    /// (the hash is the imported key's).
    algorithm_name: std::cell::OnceCell<JsValue>,
}

#[derive(Clone)]
enum Slot {
    Empty,
    Ready(JsValue),
    Failed,
}

/// [`KeyCache::run_then`]'s work: not done yet, or its value.
enum Work<F, T> {
    Pending(F),
    Done(T),
}

impl<F: FnOnce() -> T, T> Work<F, T> {
    /// Does the work if it is still pending.
    fn run(self) -> Self {
        match self {
            Self::Pending(f) => Self::Done(f()),
            done => done,
        }
    }

    /// Its value, doing the work now if it is still pending.
    fn value(self) -> T {
        match self {
            Self::Pending(f) => f(),
            Self::Done(t) => t,
        }
    }
}

fn algorithm(hash: HashAlg) -> js_sys::Object {
    let a = js_sys::Object::new();
    set(&a, "name", "RSASSA-PKCS1-v1_5");
    set(&a, "hash", hash.webcrypto_name());
    a
}

impl KeyCache {
    /// Runs a core [`RsaJob`] (the async path): each step answered by WebCrypto, or by the `rsa`
    /// crate where the runtime has no WebCrypto or it refuses the key or hash. The job decides.
    /// `work` (building the result) is done while the platform verifies: right
    /// after the first WebCrypto verification is started, before it is awaited, so it overlaps
    /// with the platform's own RSA work (a worker thread in Node and browsers). Its value is
    /// returned when the job verifies; the job's error comes first otherwise.
    pub async fn run_then<T>(&self, mut job: RsaJob, work: impl FnOnce() -> T) -> crate::Result<T> {
        let platform = self.subtle.get_or_init(subtle);
        let mut work = Work::Pending(work);
        while let Some(step) = job.step() {
            let pending = match &platform {
                Some(s) => {
                    self.start(
                        s,
                        step.index,
                        step.key,
                        step.hash,
                        step.signature,
                        step.message,
                    )
                    .await
                }
                None => None,
            };
            work = work.run();
            let answer = match pending {
                Some(p) => JsFuture::from(p).await.ok().and_then(|v| v.as_bool()),
                None => None,
            };
            let valid = answer.unwrap_or_else(|| step.verify());
            job.answer(valid);
        }
        job.finish()?;
        Ok(work.value())
    }

    async fn key(
        &self,
        subtle: &Subtle,
        index: usize,
        key: &PublicKey,
        hash: HashAlg,
    ) -> Option<JsValue> {
        let cached = self
            .slots
            .borrow()
            .get(index)
            .cloned()
            .unwrap_or(Slot::Empty);
        match cached {
            Slot::Ready(k) => return Some(k),
            Slot::Failed => return None,
            Slot::Empty => {}
        }
        let imported = async {
            let der = key.to_spki_der().ok()?;
            let usages = js_sys::Array::of1(&"verify".into());
            let promise = subtle
                .import_key(
                    "spki",
                    &js_sys::Uint8Array::from(der.as_slice()),
                    &algorithm(hash),
                    false,
                    &usages,
                )
                .ok()?;
            JsFuture::from(promise).await.ok()
        }
        .await;
        let mut slots = self.slots.borrow_mut();
        if slots.len() <= index {
            slots.resize(index + 1, Slot::Empty);
        }
        slots[index] = match &imported {
            Some(k) => Slot::Ready(k.clone()),
            None => Slot::Failed,
        };
        imported
    }

    /// Starts a WebCrypto verification: its promise (of `true`/`false`), or `None` when WebCrypto
    /// cannot be used for this key (the caller then uses the synchronous path).
    async fn start(
        &self,
        subtle: &Subtle,
        index: usize,
        key: &PublicKey,
        hash: HashAlg,
        signature: &[u8],
        message: &[u8],
    ) -> Option<js_sys::Promise> {
        let crypto_key = self.key(subtle, index, key, hash).await?;
        let name = self
            .algorithm_name
            .get_or_init(|| JsValue::from_str("RSASSA-PKCS1-v1_5"));
        subtle
            .verify(
                name,
                &crypto_key,
                &js_sys::Uint8Array::from(signature),
                &js_sys::Uint8Array::from(message),
            )
            .ok()
    }
}
