//! The notification verifier classes (`RbsCallbackVerifier`, `CashierWebhookVerifier`,
//! `KoshelekPostbackVerifier`). Each method reads its arguments and drives the core's
//! [`Verifier`] the same way; every answer is the core's JSON text, parsed once.

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::error::{to_js, IntoJs, JsResult};
use super::js_read::{body_bytes, hmac_key, optional_string};
use super::read::{rbs_parsed, read};
use super::request::read_request;
use super::webcrypto::{run_later, KeyCache, Work};
use crate::cashier::notification::WebhookVerifier;
use crate::koshelek::notification::PostbackVerifier;
use crate::notification::{BodyVerifier, Json, JsonText, Link, Verifier};
use crate::options::verifiers::*;
use crate::rbs::callback::{CallbackVerifier, ParsedCallback};
use crate::Result;

/// An answer made by the core as a JavaScript value: its JSON text parsed once (`JSON.parse`:
/// own data properties only), then its [`Link`] set.
fn parse(answer: &JsonText) -> JsValue {
    let value = js_sys::JSON::parse(&answer.text).unwrap_or(JsValue::NULL);
    if let Some(link) = answer.link {
        // Cannot fail: every member on the way is an own data property of the object
        // `JSON.parse` just made (the core wrote them), so no getter, setter or proxy runs.
        let _ = set_link(&value, link);
    }
    value
}

/// Sets `link.member` of the linked object to the value at `link.path` from it.
fn set_link(answer: &JsValue, link: Link) -> std::result::Result<(), JsValue> {
    use js_sys::Reflect;
    let object = match link.within {
        Some(within) => Reflect::get(answer, &within.into())?,
        None => answer.clone(),
    };
    let mut value = object.clone();
    for name in link.path {
        value = Reflect::get(&value, &(*name).into())?;
    }
    Reflect::set(&object, &link.member.into(), &value).map(drop)
}

/// A verified notification as a JavaScript value.
fn answer<T: Json>(notification: &T) -> JsValue {
    parse(&notification.to_json_text())
}

/// A core verifier with its keys as WebCrypto imported them (for the async path), shared by the
/// JS object and its pending promises.
struct Shared<V> {
    core: V,
    cache: Rc<KeyCache>,
}

type Inner<V> = Rc<Shared<V>>;

fn shared<V>(core: Result<V>) -> JsResult<Inner<V>> {
    let cache = Rc::new(KeyCache::default());
    core.js().map(|core| Rc::new(Shared { core, cache }))
}

/// Building the result of a verified notification (boxed: one instance of the async paths for
/// the three verifiers).
fn work<V: Verifier + 'static>(inner: &Inner<V>, args: V::Args) -> Work {
    let inner = inner.clone();
    Box::new(move || inner.core.finish(args).map(|n| answer(&n)))
}

/// `verifyAsync`: the core's checks now; then, when the verifier has its WebCrypto key already,
/// the verification started at once ([`KeyCache::run_then_now`]), else the async path
/// ([`KeyCache::run_then`]). Every error is a rejection, never a throw.
fn verify_async<V: Verifier + 'static>(inner: &Inner<V>, args: Result<V::Args>) -> js_sys::Promise {
    let reject = |e| js_sys::Promise::reject(&to_js(e));
    let args = match args {
        Ok(args) => args,
        Err(e) => return reject(e),
    };
    let job = match inner.core.prepare(&args) {
        Ok(Some(job)) => job,
        Ok(None) => {
            return match inner.core.finish(args) {
                Ok(n) => js_sys::Promise::resolve(&answer(&n)),
                Err(e) => reject(e),
            }
        }
        Err(e) => return reject(e),
    };
    match inner.cache.run_then_now(job, work(inner, args)) {
        Ok(promise) => promise,
        Err((job, work)) => run_later(inner.cache.clone(), job, work),
    }
}

/// `verifyRequest`: the URL, the verifier's header and the body of a clone of the `Request`.
fn verify_request<V: Verifier + 'static>(inner: &Inner<V>, request: JsValue) -> js_sys::Promise {
    let inner = inner.clone();
    future_to_promise(async move {
        let limit = inner.core.max_payload_bytes();
        let read = read_request(&request, V::HEADER, limit, V::BODY).await;
        let (url, header, body) = read.js()?;
        let args = inner.core.request_args(&url, header, body);
        // The same path as `verifyAsync` from here (a verifyRequest is not a hot path).
        wasm_bindgen_futures::JsFuture::from(verify_async(&inner, args)).await
    })
}

/// A body and a header argument, in the verifier's order.
fn body_args<V: BodyVerifier>(core: &V, body: &JsValue, header: &JsValue) -> Result<V::Args> {
    let header = || optional_string(header, V::HEADER_ARG, V::HEADER.1);
    let body = || body_bytes(body, V::BODY, core.max_payload_bytes());
    Ok(if V::HEADER_FIRST {
        let h = header()?;
        (body()?, h)
    } else {
        (body()?, header()?)
    })
}

/// `verify`, `check` and `verifyRequest` of a verifier class, whose `args` reads `($arg, ...)`.
/// Every method's TypeScript is in `types/verifiers.d.ts` (merged into the class).
macro_rules! methods {
    ($class:ident($($arg:ident),*)) => {
        #[wasm_bindgen]
        impl $class {
            /// The verified notification; throws `KassaError`.
            #[wasm_bindgen(skip_typescript)]
            pub fn verify(&self, $($arg: JsValue),*) -> JsResult<JsValue> {
                let args = self.args($(&$arg),*).js()?;
                Ok(answer(&Verifier::verify(&self.0.core, args).js()?))
            }

            /// Like `verify`, but never throws.
            #[wasm_bindgen(skip_typescript)]
            pub fn check(&self, $($arg: JsValue),*) -> JsValue {
                parse(&self.0.core.check(|| self.args($(&$arg),*)))
            }

            /// Verifies a Fetch API `Request`, read from a clone (the handler can still read it).
            #[wasm_bindgen(skip_typescript, js_name = verifyRequest)]
            pub fn verify_request(&self, request: JsValue) -> js_sys::Promise {
                verify_request(&self.0, request)
            }
        }
    };
}

/// Verifies RBS callback notifications. Keys are parsed once, in the constructor.
#[wasm_bindgen]
pub struct RbsCallbackVerifier(Inner<CallbackVerifier>);

methods!(RbsCallbackVerifier(input));

#[wasm_bindgen]
impl RbsCallbackVerifier {
    fn args(&self, input: &JsValue) -> Result<ParsedCallback> {
        rbs_parsed(input, self.0.core.options())
    }

    /// `new RbsCallbackVerifier({ hmacKey?, publicKeys?, maxPayloadBytes?, maxParameters?,
    /// allowSemicolons? })`. Throws `KassaError` (MALFORMED_KEY, UNSUPPORTED_ALGORITHM,
    /// TOO_MANY_KEYS, INVALID_ARGUMENT) when a key or an option cannot be used.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "RbsCallbackVerifierOptions")] options: JsValue,
    ) -> JsResult<RbsCallbackVerifier> {
        let spec = verifier_spec(RBS_VERIFIER_OPTIONS);
        let core = hmac_key(&options).and_then(|k| rbs_verifier(&read(&options, &spec), k));
        shared(core).map(Self)
    }

    /// `verifyAsync`: RSA through WebCrypto where the runtime has it (else the wasm path).
    #[wasm_bindgen(skip_typescript, js_name = verifyAsync)]
    pub fn verify_async(&self, input: JsValue) -> js_sys::Promise {
        verify_async(&self.0, self.args(&input))
    }

    /// `canonicalString`: the string the checksum covers.
    #[wasm_bindgen(skip_typescript, js_name = canonicalString)]
    pub fn canonical_string(&self, input: JsValue) -> JsResult<String> {
        Ok(self.args(&input).js()?.canonical_string())
    }
}

/// Verifies Mobile Cashier webhooks. The key is parsed once, in the constructor.
#[wasm_bindgen]
pub struct CashierWebhookVerifier(Inner<WebhookVerifier>);

methods!(CashierWebhookVerifier(body, payment_sign));

#[wasm_bindgen]
impl CashierWebhookVerifier {
    fn args(&self, body: &JsValue, sign: &JsValue) -> Result<(Vec<u8>, Option<String>)> {
        body_args(&self.0.core, body, sign)
    }

    /// `new CashierWebhookVerifier({ publicKey?, maxPayloadBytes? })`; the default key is
    /// `CASHIER_PUBLIC_KEY`, the default limit 1 MiB.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "CashierWebhookVerifierOptions")]
        options: JsValue,
    ) -> JsResult<CashierWebhookVerifier> {
        let tree = read(&options, &verifier_spec(CASHIER_VERIFIER_OPTIONS));
        shared(cashier_verifier(&tree)).map(Self)
    }

    /// `verifyAsync`: RSA through WebCrypto where the runtime has it (else the wasm path).
    #[wasm_bindgen(skip_typescript, js_name = verifyAsync)]
    pub fn verify_async(&self, body: JsValue, payment_sign: JsValue) -> js_sys::Promise {
        verify_async(&self.0, self.args(&body, &payment_sign))
    }
}

/// Verifies Koshelek Pay postbacks against partnerLogin/partnerPassword.
#[wasm_bindgen]
pub struct KoshelekPostbackVerifier(Inner<PostbackVerifier>);

methods!(KoshelekPostbackVerifier(authorization, body));

#[wasm_bindgen]
impl KoshelekPostbackVerifier {
    fn args(&self, authorization: &JsValue, body: &JsValue) -> Result<(Vec<u8>, Option<String>)> {
        body_args(&self.0.core, body, authorization)
    }

    /// `new KoshelekPostbackVerifier({ login, password })`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "KoshelekPostbackVerifierOptions")] options: JsValue,
    ) -> JsResult<KoshelekPostbackVerifier> {
        let tree = read(&options, &verifier_spec(KOSHELEK_VERIFIER_OPTIONS));
        shared(koshelek_verifier(&tree)).map(Self)
    }
}
