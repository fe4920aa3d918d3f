//! The platform's WebCrypto (`globalThis.crypto.subtle`), structurally typed, used by the client's
//! RBS request signing (`client/webcrypto_sign.rs`) and by the verifiers' `verifyAsync` paths:
//! [`KeyCache`] runs the core's RSA jobs with it. Each key is imported once
//! (`importKey('spki', ...)`) and cached in the verifier; where WebCrypto is missing or refuses a
//! key or hash, the step is answered by the synchronous RustCrypto path, so the answer never
//! depends on the runtime.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::crypto::HashAlg;

#[wasm_bindgen]
extern "C" {
    /// `SubtleCrypto` (structural): `verify` is bound (the measured `verifyAsync` path); the
    /// other operations go through [`op`].
    pub type Subtle;
    #[wasm_bindgen(method, catch)]
    pub fn verify(
        this: &Subtle,
        algorithm: &JsValue,
        key: &JsValue,
        signature: &js_sys::Uint8Array,
        data: &js_sys::Uint8Array,
    ) -> Result<js_sys::Promise, JsValue>;
}

#[cfg(feature = "entry-verify")]
#[wasm_bindgen(module = "/src/wasm/webcrypto.js")]
extern "C" {
    /// `pending.then(...)` calling `answered` once with the verification's boolean, or
    /// `undefined` when it rejected or answered something else. (`catch`, though it cannot throw:
    /// it makes wasm-bindgen call it through the glue, as the loaders expect of every import.)
    #[wasm_bindgen(catch, js_name = kassaWhenAnswered)]
    fn when_answered(
        pending: &js_sys::Promise,
        answered: JsValue,
    ) -> Result<js_sys::Promise, JsValue>;
}

/// Calls `subtle[method](...args)` now; the future awaits its promise (`Err`: what it rejected
/// with; `undefined` when the call itself threw).
pub fn op(
    subtle: &Subtle,
    method: &str,
    args: &[&JsValue],
) -> impl std::future::Future<Output = Result<JsValue, JsValue>> {
    let started = super::js_read::call_method(subtle, method, args);
    let promise = started.and_then(|p| super::js_read::promise(&p));
    async move { wasm_bindgen_futures::JsFuture::from(promise.map_err(|_| JsValue::UNDEFINED)?).await }
}

/// `globalThis.crypto.subtle`, when the runtime has it.
pub fn subtle() -> Option<Subtle> {
    let get = |o: &JsValue, k: &str| js_sys::Reflect::get(o, &JsValue::from_str(k)).ok();
    let crypto = get(&js_sys::global(), "crypto").filter(JsValue::is_object)?;
    let subtle = get(&crypto, "subtle")?;
    let has_verify = get(&subtle, "verify").is_some_and(|f| f.is_function());
    has_verify.then(|| subtle.unchecked_into())
}

/// Sets `key` on a fresh object (cannot fail for plain objects and fixed names).
pub fn set(obj: &js_sys::Object, key: &str, value: impl Into<JsValue>) {
    let _ = js_sys::Reflect::set(obj, &JsValue::from_str(key), &value.into());
}

/// `{ name: 'RSASSA-PKCS1-v1_5', hash }` for `importKey`, `sign` and `verify`.
pub fn algorithm(hash: HashAlg) -> js_sys::Object {
    let a = js_sys::Object::new();
    set(&a, "name", "RSASSA-PKCS1-v1_5");
    set(&a, "hash", hash.webcrypto_name());
    a
}

/// Imported `CryptoKey`s by the key's index: `None` not tried yet, `Some(None)` refused by
/// WebCrypto (remembered, so it is not offered to `importKey` on every call: the sync path
/// verifies it), `Some(Some(key))` imported.
#[cfg(feature = "entry-verify")]
#[derive(Default)]
pub struct KeyCache {
    slots: std::cell::RefCell<Vec<Option<Option<JsValue>>>>,
    /// `globalThis.crypto.subtle`, looked up at the first async verification (`None` inside:
    /// the runtime has none).
    subtle: std::cell::OnceCell<Option<Subtle>>,
    /// `"RSASSA-PKCS1-v1_5"` as a JS string, made once: `verify` takes the algorithm by name
    /// (the hash is the imported key's).
    algorithm_name: std::cell::OnceCell<JsValue>,
}

/// Building a verifier's result (boxed: one instance of the async paths for the three verifiers).
#[cfg(feature = "entry-verify")]
pub type Work = Box<dyn FnOnce() -> crate::Result<JsValue>>;

/// [`KeyCache::run_then`] as a promise: the first call of a verifier (its key is imported first),
/// and the keys after one that did not verify.
#[cfg(feature = "entry-verify")]
pub fn run_later(
    cache: std::rc::Rc<KeyCache>,
    job: crate::crypto::RsaJob,
    work: Work,
) -> js_sys::Promise {
    use super::error::IntoJs;
    wasm_bindgen_futures::future_to_promise(
        async move { cache.run_then(job, work).await.js()?.js() },
    )
}

#[cfg(feature = "entry-verify")]
impl KeyCache {
    /// Runs a core [`RsaJob`](crate::crypto::RsaJob) (the async path): each step answered by WebCrypto, or by the `rsa`
    /// crate where the runtime has no WebCrypto or it refuses the key or hash. The job decides.
    /// `work` (building the result) is done while the platform verifies: right after the first
    /// WebCrypto verification is started, before it is awaited, so that where the platform
    /// verifies on another thread (Node's thread pool) the two overlap. Chromium and workerd verify
    /// inside the `subtle.verify` call itself (measured: the rsa-async note in bench/notes.mjs),
    /// where the order changes nothing. Its value is returned when the job verifies; the job's
    /// error comes first otherwise.
    pub async fn run_then<T>(
        &self,
        mut job: crate::crypto::RsaJob,
        work: impl FnOnce() -> T,
    ) -> crate::Result<T> {
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
                Some(p) => wasm_bindgen_futures::JsFuture::from(p)
                    .await
                    .ok()
                    .and_then(|v| v.as_bool()),
                None => None,
            };
            let valid = answer.unwrap_or_else(|| step.verify());
            job.answer(valid);
        }
        job.finish()?;
        Ok(work.unwrap_or_else(|f| f()))
    }

    /// `verifyAsync` after a verifier's first call: the job's first WebCrypto verification
    /// started now, synchronously (no task, no future), when the runtime has WebCrypto and it
    /// imported that step's key already; `work` (building the result) runs right after (while
    /// the platform verifies, where it does so on another thread); and the answer is taken by one
    /// callback on the verification's promise. The outcome is [`Self::run_then`]'s: the job
    /// decides, its error first; a `false` with more keys to try continues in `run_then`.
    /// `Err((job, work))` when this path does not apply (the first call imports the key: the
    /// caller runs `run_then`). Measured against the previous driver: the rsa-async note in
    /// bench/notes.mjs.
    pub fn run_then_now(
        self: &std::rc::Rc<Self>,
        job: crate::crypto::RsaJob,
        work: Work,
    ) -> Result<js_sys::Promise, (crate::crypto::RsaJob, Work)> {
        let pending = match self.start_cached(&job) {
            Some(p) => p,
            None => return Err((job, work)),
        };
        let value = work();
        let cache = self.clone();
        let mut job = job;
        let answered = move |answer: JsValue| -> Result<JsValue, JsValue> {
            let valid = answer
                .as_bool()
                .or_else(|| job.step().map(|s| s.verify()))
                .unwrap_or(false);
            job.answer(valid);
            if job.step().is_some() {
                return Ok(run_later(cache, job, Box::new(move || value)).into());
            }
            super::error::IntoJs::js(job.finish())?;
            super::error::IntoJs::js(value)
        };
        let answered = wasm_bindgen::closure::Closure::once_into_js(answered);
        Ok(when_answered(&pending, answered).unwrap_or_else(|e| js_sys::Promise::reject(&e)))
    }

    /// The first step's WebCrypto verification, started now, when the runtime has WebCrypto and
    /// its key is imported already; `None` otherwise.
    fn start_cached(&self, job: &crate::crypto::RsaJob) -> Option<js_sys::Promise> {
        let platform = self.subtle.get_or_init(subtle).as_ref()?;
        let step = job.step()?;
        let slots = self.slots.borrow();
        let key = slots.get(step.index)?.as_ref()?.as_ref()?;
        self.dispatch(platform, key, &step)
    }

    /// The step's key as WebCrypto imported it (once), `None` when it refused it.
    async fn key(&self, subtle: &Subtle, step: &crate::crypto::RsaStep<'_>) -> Option<JsValue> {
        if let Some(known) = self.slots.borrow().get(step.index).cloned().flatten() {
            return known;
        }
        let imported = async {
            let der = js_sys::Uint8Array::from(step.key.to_spki_der().ok()?.as_slice()).into();
            let usages = js_sys::Array::of1(&"verify".into()).into();
            let algorithm = algorithm(step.hash).into();
            let args = [&"spki".into(), &der, &algorithm, &JsValue::FALSE, &usages];
            op(subtle, "importKey", &args).await.ok()
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
    async fn start(
        &self,
        subtle: &Subtle,
        step: &crate::crypto::RsaStep<'_>,
    ) -> Option<js_sys::Promise> {
        let key = self.key(subtle, step).await?;
        self.dispatch(subtle, &key, step)
    }

    /// `subtle.verify` of the step with `key`: its promise, `None` when the call threw. What it
    /// returned is taken as `await` takes it (`Promise.resolve`): a replaced `subtle.verify` that
    /// returns a non-promise or a hostile thenable still gives a promise, and unless that answers
    /// a boolean the step is verified synchronously.
    fn dispatch(
        &self,
        subtle: &Subtle,
        key: &JsValue,
        step: &crate::crypto::RsaStep<'_>,
    ) -> Option<js_sys::Promise> {
        let name = self
            .algorithm_name
            .get_or_init(|| JsValue::from_str("RSASSA-PKCS1-v1_5"));
        let signature = js_sys::Uint8Array::from(step.signature);
        let message = js_sys::Uint8Array::from(step.message);
        let started = subtle.verify(name, key, &signature, &message).ok()?;
        super::js_read::promise(&started).ok()
    }
}
