//! The platform's WebCrypto (`globalThis.crypto.subtle`), structurally typed: used by the
//! verifiers' `verifyAsync` paths (`verify_webcrypto.rs`) and by the client's RBS request
//! signing (`client/webcrypto_sign.rs`).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::crypto::HashAlg;

#[wasm_bindgen]
extern "C" {
    /// `SubtleCrypto` (structural).
    pub type Subtle;
    #[wasm_bindgen(method, catch, js_name = importKey)]
    pub fn import_key(
        this: &Subtle,
        format: &str,
        key: &js_sys::Uint8Array,
        algorithm: &js_sys::Object,
        extractable: bool,
        usages: &js_sys::Array,
    ) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(method, catch, js_name = deriveBits)]
    pub fn derive_bits(
        this: &Subtle,
        algorithm: &js_sys::Object,
        key: &JsValue,
        length: u32,
    ) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(method, catch)]
    pub fn decrypt(
        this: &Subtle,
        algorithm: &js_sys::Object,
        key: &JsValue,
        data: &js_sys::Uint8Array,
    ) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(method, catch)]
    pub fn sign(
        this: &Subtle,
        algorithm: &js_sys::Object,
        key: &JsValue,
        data: &js_sys::Uint8Array,
    ) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(method, catch)]
    pub fn verify(
        this: &Subtle,
        algorithm: &JsValue,
        key: &JsValue,
        signature: &js_sys::Uint8Array,
        data: &js_sys::Uint8Array,
    ) -> Result<js_sys::Promise, JsValue>;
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
