//! `RbsCallbackVerifier`: RBS callback checksums (HMAC-SHA256 and RSA) from JavaScript.

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::convert;
use super::error::{to_js, IntoJs, JsResult};
use super::js_read::{bool_option, is_array, number_option, prop, string_capped};
use super::verify_input::{rbs_parsed, read_request};
use super::verify_types::{add_diagnosis, check_result, rbs_callback, rbs_check_ok};
use super::verify_webcrypto::KeyCache;
use crate::crypto::{self, HashAlg, PublicKey};
use crate::rbs::callback::diagnose::diagnose_check;
use crate::rbs::callback::limits::{check_key_count, CallbackOptions};
use crate::rbs::callback::{
    CallbackPublicKey, CallbackVerifier, ParsedCallback, Prepared, RbsCallback,
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

fn invalid(message: &str) -> Error {
    Error::new(ErrorCode::InvalidArgument, message)
}

fn unreadable_options() -> Error {
    invalid("the RbsCallbackVerifier options could not be read (a getter or Proxy trap threw)")
}

/// Reads `{ hmacKey?, publicKeys?, maxPayloadBytes?, maxParameters?, allowSemicolons? }`.
fn parse_options(options: &JsValue) -> Result<CallbackVerifier> {
    if !options.is_object() {
        return Err(invalid(
            "new RbsCallbackVerifier({ hmacKey }) or ({ publicKeys: [pem, ...] }) expects an options object",
        ));
    }
    let get = |key: &str| prop(options, key).map_err(|_| unreadable_options());
    let limits = CallbackOptions::from_js(
        number_option(options, "maxPayloadBytes").map_err(|_| unreadable_options())?,
        number_option(options, "maxParameters").map_err(|_| unreadable_options())?,
        bool_option(options, "allowSemicolons")
            .map_err(|_| invalid("`allowSemicolons` must be true or false"))?,
    )?;
    let hmac = get("hmacKey")?;
    let hmac_key = if hmac.is_undefined() || hmac.is_null() {
        None
    } else {
        Some(convert::key_bytes(&hmac, "hmacKey")?)
    };
    let mut keys = Vec::new();
    let list = get("publicKeys")?;
    if !list.is_undefined() && !list.is_null() {
        if !is_array(&list) {
            return Err(invalid(
                "publicKeys must be an array of PEM strings or { key, alias?, hash? }",
            ));
        }
        let length = prop(&list, "length")
            .map_err(|_| unreadable_options())?
            .as_f64()
            .unwrap_or(0.0);
        check_key_count(if length > 0.0 { length as usize } else { 0 })?;
        for i in 0..(length as u32) {
            let entry = prop(&list, &i.to_string()).map_err(|_| unreadable_options())?;
            keys.push(parse_key(&entry)?);
        }
    }
    CallbackVerifier::with_options(hmac_key, keys, limits)
}

fn key_entry_error() -> Error {
    invalid("each publicKeys entry is a PEM string or { key: string, alias?, hash? }")
}

/// A key text: at most `MAX_KEY_TEXT + 1` units are copied; the core refuses anything longer.
fn key_text(value: &JsValue) -> Option<String> {
    string_capped(value, crypto::MAX_KEY_TEXT)
}

fn parse_key(entry: &JsValue) -> Result<CallbackPublicKey> {
    if let Some(pem) = key_text(entry) {
        return Ok(CallbackPublicKey {
            key: PublicKey::parse(&pem)?,
            alias: None,
            hash: HashAlg::Sha512,
        });
    }
    let get = |key: &str| prop(entry, key).map_err(|_| unreadable_options());
    let key = key_text(&get("key")?).ok_or_else(key_entry_error)?;
    let hash = get("hash")?;
    let hash = if hash.is_undefined() || hash.is_null() {
        HashAlg::Sha512
    } else {
        HashAlg::parse(&string_capped(&hash, 16).ok_or_else(key_entry_error)?)?
    };
    let alias = get("alias")?;
    let alias = if alias.is_undefined() || alias.is_null() {
        None
    } else {
        Some(string_capped(&alias, 256).ok_or_else(key_entry_error)?)
    };
    Ok(CallbackPublicKey {
        key: PublicKey::parse(&key)?,
        alias,
        hash,
    })
}

/// The async path: the core's checks, then its RSA job answered by WebCrypto where present.
async fn verify_async(inner: Rc<Inner>, params: ParsedCallback) -> JsResult<JsValue> {
    let result = |params| rbs_callback(&RbsCallback::from_parsed(params));
    match inner.core.prepare(&params).js()? {
        // The result is built while WebCrypto verifies (returned only if it verifies).
        Prepared::Rsa(job) => inner.cache.run_then(job, || result(params)).await.js(),
        Prepared::Verified => Ok(result(params)),
    }
}

fn rejected(err: Error) -> js_sys::Promise {
    js_sys::Promise::reject(&to_js(err))
}

#[wasm_bindgen]
impl RbsCallbackVerifier {
    fn parsed(&self, input: &JsValue) -> Result<ParsedCallback> {
        rbs_parsed(input, self.inner.core.options())
    }

    /// `new RbsCallbackVerifier({ hmacKey?, publicKeys?, maxPayloadBytes?, maxParameters?,
    /// allowSemicolons? })`. Throws `KassaError` (MALFORMED_KEY, UNSUPPORTED_ALGORITHM,
    /// TOO_MANY_KEYS, INVALID_ARGUMENT) when a key or an option cannot be used.
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
        let parsed = self.parsed(&input).js()?;
        let cb = self.inner.core.verify_parsed(parsed).js()?;
        Ok(rbs_callback(&cb))
    }

    /// Like `verify`, but never throws: `{ valid, code?, reason?, callback?, canonical? }`.
    #[wasm_bindgen(unchecked_return_type = "RbsCallbackCheck")]
    pub fn check(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RbsCallbackInput")] input: JsValue,
    ) -> JsValue {
        let check = self.inner.core.check_parsed(self.parsed(&input));
        if let Ok(cb) = &check.result {
            // The hot path: the whole result in one boundary crossing.
            return rbs_check_ok(cb, check.canonical.as_deref());
        }
        let diagnosis = diagnose_check(&self.inner.core, &check, || self.parsed(&input));
        let outcome = check.result.map(|cb| rbs_callback(&cb));
        let o = check_result(outcome, "callback", check.canonical.as_deref());
        if let Some(d) = diagnosis {
            add_diagnosis(&o, Some(&d.hints), Some(&d.params));
        }
        o.into()
    }

    /// Verifies with RSA through WebCrypto where the runtime has it (else the wasm path).
    #[wasm_bindgen(js_name = verifyAsync, unchecked_return_type = "Promise<RbsCallback>")]
    pub fn verify_async(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RbsCallbackInput")] input: JsValue,
    ) -> js_sys::Promise {
        match self.parsed(&input) {
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
            let limit = inner.core.options().max_payload_bytes;
            let parts = read_request(&request, "content-type", 256, limit, "the callback")
                .await
                .js()?;
            let params = inner
                .core
                .parse_request(&parts.url, parts.header.as_deref(), &parts.body)
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
        Ok(self.parsed(&input).js()?.canonical_string())
    }
}
