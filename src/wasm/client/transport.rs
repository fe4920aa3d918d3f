//! The only place that performs I/O: sends a core [`HttpRequest`] with the caller's `fetch` (or
//! `globalThis.fetch`) through `fetch_io.js` (always `redirect: 'manual'`, aborted after its
//! timeout, the body read chunk by chunk up to `maxResponseBytes`), sleeps with `setTimeout`,
//! and drives a sans-IO call machine to its end. What the caller's fetch did is reported to the
//! machine as an [`Input`]; the machine decides what it means.

use js_sys::{Array, Function, Promise, Reflect, Uint8Array};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::http::{HttpRequest, HttpResponse, Input, Step};
use crate::options::client::BoxedCall;
use crate::{Error, ErrorCode, Result};

#[wasm_bindgen(module = "/src/wasm/client/fetch_io.js")]
extern "C" {
    /// Sends one request and reads its answer (see fetch_io.js); always resolves.
    #[wasm_bindgen(catch, js_name = kassaSend)]
    fn kassa_send(
        fetch: &Function,
        url: &str,
        method: &str,
        headers: &Array,
        body: &JsValue,
        timeout_ms: f64,
        max_bytes: f64,
    ) -> std::result::Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_name = kassaSleep)]
    fn kassa_sleep(ms: f64) -> std::result::Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_name = kassaRandom)]
    fn kassa_random() -> std::result::Result<Uint8Array, JsValue>;
}

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn text(target: &JsValue, key: &str) -> String {
    get(target, key).as_string().unwrap_or_default()
}

/// The caller's fetch (called as given), else `globalThis.fetch` bound to `globalThis` (some
/// runtimes refuse a fetch called with another `this`).
pub fn fetch_fn(own: Option<&Function>) -> Result<Function> {
    let global = js_sys::global();
    let fetch = get(&global, "fetch").dyn_into::<Function>().ok();
    let bound = || fetch.map(|f| f.bind0(&global));
    own.cloned().or_else(bound).ok_or_else(|| {
        let message =
            "this runtime has no global fetch; pass options.fetch or use a runtime with fetch";
        Error::new(ErrorCode::UnsupportedRuntime, message)
    })
}

/// 32 random bytes from `crypto.getRandomValues` (`Math.random` where Web Crypto is missing:
/// enough for jitter and request-id uniqueness).
pub fn random() -> [u8; 32] {
    let mut out = [0u8; 32];
    if let Some(bytes) = kassa_random().ok().filter(|b| b.length() == 32) {
        bytes.copy_to(&mut out);
    }
    out
}

/// Sends one request and reports what happened as a machine [`Input`].
async fn send(fetch: &Function, req: &HttpRequest) -> Input {
    let pair = |(k, v): &(String, String)| Array::of2(&k.into(), &v.into());
    let headers: Array = req.headers.iter().map(pair).collect();
    let body: JsValue = match req.body.is_empty() {
        true => JsValue::UNDEFINED,
        false => Uint8Array::from(req.body.as_slice()).into(),
    };
    // setTimeout takes at most 2^31-1 ms; the options reader keeps timeoutMs below that.
    let time = req.timeout_ms.min(2_147_483_647) as f64;
    let max = req.max_response_bytes.min(1 << 53) as f64;
    let m = req.method.as_str();
    let sent = kassa_send(fetch, &req.url, m, &headers, &body, time, max);
    let report = match sent {
        Ok(p) => JsFuture::from(p).await.unwrap_or(JsValue::UNDEFINED),
        Err(_) => return Input::NetworkError("the request could not be started".into()),
    };
    let status = get(&report, "status").as_f64().unwrap_or(0.0) as u16;
    match text(&report, "kind").as_str() {
        "response" => {
            let mut out = HttpResponse::new(status, Vec::new());
            let pairs = get(&report, "headers")
                .dyn_into::<Array>()
                .unwrap_or_else(|_| Array::new());
            for pair in pairs.iter() {
                out = out.with_header(&text(&pair, "0"), &text(&pair, "1"));
            }
            if let Some(b) = get(&report, "body").dyn_ref::<Uint8Array>() {
                out.body = b.to_vec();
            }
            Input::Response(out)
        }
        "timeout" => Input::Timeout,
        "tooLarge" => Input::TooLarge { status },
        "malformed" => Input::Malformed(text(&report, "message")),
        "network" => Input::NetworkError(text(&report, "message")),
        _ => Input::NetworkError("fetch failed".into()),
    }
}

/// Runs a call machine to its end: sends what it asks (signed by WebCrypto when it asks),
/// sleeps when it says.
pub async fn drive(mut machine: BoxedCall, fetch: &Function) -> Result<Value> {
    let mut input = Input::Start;
    loop {
        input = match machine.resume(input, js_sys::Date::now().max(0.0) as u64) {
            Step::Send(mut req) => {
                if let Some(pending) = req.pending_signature.take() {
                    let value = super::webcrypto_sign::sign_pending(&pending).await?;
                    req.headers.push((pending.header.to_string(), value));
                }
                send(fetch, &req).await
            }
            Step::Sleep(ms) => {
                if let Ok(p) = kassa_sleep(ms as f64) {
                    let _ = JsFuture::from(p).await;
                }
                Input::Slept
            }
            Step::Done(result) => return result,
        }
    }
}
