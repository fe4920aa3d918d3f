//! RSA verification through the platform's WebCrypto for the `verifyAsync` paths. Each key is
//! imported once (`importKey('spki', ...)`) and cached in the verifier. Where WebCrypto is
//! missing or refuses a key or hash, the caller falls back to the synchronous RustCrypto path, so
//! the answer never depends on the runtime.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::webcrypto::{algorithm, subtle, Subtle};
use crate::crypto::{HashAlg, PublicKey, RsaJob};

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
