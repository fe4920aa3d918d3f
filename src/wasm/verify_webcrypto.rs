//! RSA verification through the platform's WebCrypto for the `verifyAsync` paths. Each key is
//! imported once (`importKey('spki', ...)`) and cached in the verifier. Where WebCrypto is
//! missing or refuses a key or hash, the step is answered by the synchronous RustCrypto path, so
//! the answer never depends on the runtime.

use std::cell::{OnceCell, RefCell};

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::webcrypto::{algorithm, subtle, Subtle};
use crate::crypto::{RsaJob, RsaStep};

/// Imported `CryptoKey`s by the key's index: `None` not tried yet, `Some(None)` refused by
/// WebCrypto (remembered, so it is not offered to `importKey` on every call: the sync path
/// verifies it), `Some(Some(key))` imported.
#[derive(Default)]
pub struct KeyCache {
    slots: RefCell<Vec<Option<Option<JsValue>>>>,
    /// `globalThis.crypto.subtle`, looked up at the first async verification (`None` inside:
    /// the runtime has none).
    subtle: OnceCell<Option<Subtle>>,
    /// `"RSASSA-PKCS1-v1_5"` as a JS string, made once: `verify` takes the algorithm by name
    /// (the hash is the imported key's).
    algorithm_name: OnceCell<JsValue>,
}

impl KeyCache {
    /// Runs a core [`RsaJob`] (the async path): each step answered by WebCrypto, or by the `rsa`
    /// crate where the runtime has no WebCrypto or it refuses the key or hash. The job decides.
    /// `work` (building the result) is done while the platform verifies: right after the first
    /// WebCrypto verification is started, before it is awaited, so it overlaps with the
    /// platform's own RSA work (a worker thread in Node and browsers). Its value is returned when
    /// the job verifies; the job's error comes first otherwise.
    pub async fn run_then<T>(&self, mut job: RsaJob, work: impl FnOnce() -> T) -> crate::Result<T> {
        let platform = self.subtle.get_or_init(subtle);
        // `Err(work)` until it is done, then `Ok(value)`.
        let mut work = Err(work);
        while let Some(step) = job.step() {
            let pending = match platform {
                Some(s) => self.start(s, &step).await,
                None => None,
            };
            work = Ok(work.unwrap_or_else(|f| f()));
            let answer = match pending {
                Some(p) => JsFuture::from(p).await.ok().and_then(|v| v.as_bool()),
                None => None,
            };
            let valid = answer.unwrap_or_else(|| step.verify());
            job.answer(valid);
        }
        job.finish()?;
        Ok(work.unwrap_or_else(|f| f()))
    }

    /// The step's key as WebCrypto imported it (once), `None` when it refused it.
    async fn key(&self, subtle: &Subtle, step: &RsaStep<'_>) -> Option<JsValue> {
        if let Some(known) = self.slots.borrow().get(step.index).cloned().flatten() {
            return known;
        }
        let imported = async {
            let der = js_sys::Uint8Array::from(step.key.to_spki_der().ok()?.as_slice());
            let usages = js_sys::Array::of1(&"verify".into());
            let algorithm = algorithm(step.hash);
            let promise = subtle.import_key("spki", &der, &algorithm, false, &usages);
            JsFuture::from(promise.ok()?).await.ok()
        }
        .await;
        let mut slots = self.slots.borrow_mut();
        if slots.len() <= step.index {
            slots.resize(step.index + 1, None);
        }
        if let Some(slot) = slots.get_mut(step.index) {
            *slot = Some(imported.clone());
        }
        imported
    }

    /// Starts a WebCrypto verification: its promise (of `true`/`false`), or `None` when WebCrypto
    /// cannot be used for this key (the caller then uses the synchronous path).
    async fn start(&self, subtle: &Subtle, step: &RsaStep<'_>) -> Option<js_sys::Promise> {
        let key = self.key(subtle, step).await?;
        let name = self
            .algorithm_name
            .get_or_init(|| JsValue::from_str("RSASSA-PKCS1-v1_5"));
        let signature = js_sys::Uint8Array::from(step.signature);
        let message = js_sys::Uint8Array::from(step.message);
        subtle.verify(name, &key, &signature, &message).ok()
    }
}
