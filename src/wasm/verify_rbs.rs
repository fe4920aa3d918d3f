//! `RbsCallbackVerifier`: RBS callback checksums (HMAC-SHA256 and RSA) from JavaScript.

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::convert;
use super::error::{to_js, IntoJs, JsResult};
use super::read::read;
use super::verify_input::{rbs_parsed, read_request, Shared};
use super::verify_types::{add_diagnosis, check_result, rbs_callback, rbs_check_ok};
use crate::options::verifiers::{rbs_verifier, verifier_spec, RBS_VERIFIER_OPTIONS};
use crate::rbs::callback::diagnose::diagnose_check;
use crate::rbs::callback::{CallbackVerifier, ParsedCallback, Prepared, RbsCallback};
use crate::{Error, Result};

type Inner = Shared<CallbackVerifier>;

/// Verifies RBS callback notifications. Keys are parsed once, in the constructor.
#[wasm_bindgen]
pub struct RbsCallbackVerifier {
    inner: Rc<Inner>,
}

/// Reads `{ hmacKey?, publicKeys?, maxPayloadBytes?, maxParameters?, allowSemicolons? }`.
fn parse_options(options: &JsValue) -> Result<CallbackVerifier> {
    let hmac_key = convert::hmac_key(options)?;
    rbs_verifier(
        &read(options, &verifier_spec(RBS_VERIFIER_OPTIONS)),
        hmac_key,
    )
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
            inner: Shared::new(core),
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
