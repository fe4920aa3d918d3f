//! `RbsCallbackVerifier`: RBS callback checksums (HMAC-SHA256 and RSA) from JavaScript.

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::error::{to_js, IntoJs, JsResult};
use super::verify_input::{rbs_params, read_request};
use super::verify_types::{check_result, rbs_callback};
use super::verify_webcrypto::{subtle, KeyCache};
use crate::crypto::{self, HashAlg, PublicKey};
use crate::rbs::callback::{
    canonical_string, params, parse_input, CallbackPublicKey, CallbackVerifier, Params, Prepared,
    RbsCallback,
};
use crate::{Error, ErrorCode, Result};

struct Inner {
    core: CallbackVerifier,
    cache: KeyCache,
}

/// Verifies RBS callback notifications. Keys are parsed once, in the constructor.
#[wasm_bindgen]
pub struct RbsCallbackVerifier {
    inner: Rc<Inner>,
}

fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn invalid(message: &str) -> Error {
    Error::new(ErrorCode::InvalidArgument, message)
}

fn parse_options(options: &JsValue) -> Result<CallbackVerifier> {
    if !options.is_object() {
        return Err(invalid(
            "new RbsCallbackVerifier({ hmacKey }) or ({ publicKeys: [pem, ...] }) expects an options object",
        ));
    }
    let hmac = get(options, "hmacKey");
    let hmac_key = if hmac.is_undefined() || hmac.is_null() {
        None
    } else {
        Some(super::convert::bytes(&hmac, "hmacKey")?)
    };
    let mut keys = Vec::new();
    let list = get(options, "publicKeys");
    if !list.is_undefined() && !list.is_null() {
        if !js_sys::Array::is_array(&list) {
            return Err(invalid(
                "publicKeys must be an array of PEM strings or { key, alias?, hash? }",
            ));
        }
        for entry in js_sys::Array::from(&list).iter() {
            keys.push(parse_key(&entry)?);
        }
    }
    CallbackVerifier::new(hmac_key, keys)
}

fn parse_key(entry: &JsValue) -> Result<CallbackPublicKey> {
    if let Some(pem) = entry.as_string() {
        return Ok(CallbackPublicKey {
            key: PublicKey::parse(&pem)?,
            alias: None,
            hash: HashAlg::Sha512,
        });
    }
    let key = get(entry, "key").as_string().ok_or_else(|| {
        invalid("each publicKeys entry is a PEM string or { key: string, alias?, hash? }")
    })?;
    let hash = match get(entry, "hash").as_string() {
        Some(h) => HashAlg::parse(&h)?,
        None => HashAlg::Sha512,
    };
    Ok(CallbackPublicKey {
        key: PublicKey::parse(&key)?,
        alias: get(entry, "alias").as_string(),
        hash,
    })
}

/// The async path: HMAC and all checks without RSA in wasm, RSA through WebCrypto when present.
async fn verify_async(inner: Rc<Inner>, params: Params) -> JsResult<JsValue> {
    let job = match inner.core.prepare(&params).js()? {
        Prepared::Verified => return Ok(rbs_callback(&RbsCallback::from_params(params))),
        Prepared::Rsa(job) => job,
    };
    let platform = subtle();
    for &i in &job.candidates {
        let Some(k) = inner.core.public_keys().get(i) else {
            continue;
        };
        let answer = match &platform {
            Some(s) => {
                inner
                    .cache
                    .verify(s, i, &k.key, k.hash, &job.signature, &job.message)
                    .await
            }
            None => None,
        };
        let ok = match answer {
            Some(ok) => ok,
            None => crypto::verify_pkcs1v15(&k.key, k.hash, &job.message, &job.signature).is_ok(),
        };
        if ok {
            return Ok(rbs_callback(&RbsCallback::from_params(params)));
        }
    }
    Err(to_js(inner.core.rsa_mismatch(&job)))
}

fn rejected(err: Error) -> js_sys::Promise {
    js_sys::Promise::reject(&to_js(err))
}

#[wasm_bindgen]
impl RbsCallbackVerifier {
    /// `new RbsCallbackVerifier({ hmacKey?, publicKeys? })`. Throws `KassaError` (MALFORMED_KEY,
    /// UNSUPPORTED_ALGORITHM, INVALID_ARGUMENT) when a key cannot be used.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "RbsCallbackVerifierOptions")] options: JsValue,
    ) -> JsResult<RbsCallbackVerifier> {
        let core = parse_options(&options).js()?;
        Ok(Self {
            inner: Rc::new(Inner {
                core,
                cache: KeyCache::default(),
            }),
        })
    }

    /// Verifies the checksum synchronously and returns the callback; throws `KassaError`.
    #[wasm_bindgen(unchecked_return_type = "RbsCallback")]
    pub fn verify(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RbsCallbackInput")] input: JsValue,
    ) -> JsResult<JsValue> {
        let params = rbs_params(&input).js()?;
        let cb = self.inner.core.verify_params(params).js()?;
        Ok(rbs_callback(&cb))
    }

    /// Like `verify`, but never throws: `{ valid, code?, reason?, callback?, canonical? }`.
    #[wasm_bindgen(unchecked_return_type = "RbsCallbackCheck")]
    pub fn check(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RbsCallbackInput")] input: JsValue,
    ) -> JsValue {
        let params = match rbs_params(&input) {
            Ok(p) => p,
            Err(e) => return check_result(Err(e), "callback", None).into(),
        };
        let check = self.inner.core.check_params(params);
        let outcome = check.result.map(|cb| rbs_callback(&cb));
        check_result(outcome, "callback", check.canonical.as_deref()).into()
    }

    /// Verifies with RSA through WebCrypto where the runtime has it (else the wasm path).
    #[wasm_bindgen(js_name = verifyAsync, unchecked_return_type = "Promise<RbsCallback>")]
    pub fn verify_async(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RbsCallbackInput")] input: JsValue,
    ) -> js_sys::Promise {
        match rbs_params(&input) {
            Ok(params) => future_to_promise(verify_async(self.inner.clone(), params)),
            Err(e) => rejected(e),
        }
    }

    /// Verifies a Fetch API `Request` (GET: the URL's query; POST: the form or JSON body). Reads
    /// a clone, so the handler can still read the body.
    #[wasm_bindgen(js_name = verifyRequest, unchecked_return_type = "Promise<RbsCallback>")]
    pub fn verify_request(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Request")] request: JsValue,
    ) -> js_sys::Promise {
        let inner = self.inner.clone();
        future_to_promise(async move {
            let parts = read_request(&request, "content-type").await.js()?;
            let body = String::from_utf8(parts.body).map_err(|_| {
                to_js(Error::new(
                    ErrorCode::MalformedPayload,
                    "the callback body is not UTF-8 text",
                ))
            })?;
            let content_type = parts.header.unwrap_or_default().to_ascii_lowercase();
            let params = if body.trim().is_empty() {
                parse_input(&parts.url)
            } else if content_type.contains("json") {
                params::parse_json(&body)
            } else if content_type.contains("x-www-form-urlencoded") {
                params::parse_form(body.trim())
            } else {
                parse_input(body.trim_start_matches('?'))
            }
            .js()?;
            verify_async(inner, params).await
        })
    }

    /// The string the checksum covers, for comparing with what the bank computed.
    #[wasm_bindgen(js_name = canonicalString)]
    pub fn canonical_string(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RbsCallbackInput")] input: JsValue,
    ) -> JsResult<String> {
        Ok(canonical_string(&rbs_params(&input).js()?))
    }
}
