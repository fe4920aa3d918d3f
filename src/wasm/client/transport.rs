//! The only place that performs I/O: sends a core [`HttpRequest`] with the caller's `fetch` (or
//! `globalThis.fetch`) through `fetch_io.js` (always `redirect: 'manual'`, aborted with an
//! `AbortController` after its timeout, the body read chunk by chunk up to `maxResponseBytes`),
//! sleeps with `setTimeout`, and drives a sans-IO [`Machine`] to its end. What the caller's fetch
//! did is reported to the machine as an [`Input`]; the machine decides what it means.

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::http::{HttpRequest, HttpResponse, Input, Machine, Step};
use crate::{Error, ErrorCode, Result};

fn global() -> Object {
    js_sys::global()
}

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn global_fn(name: &str) -> Result<Function> {
    get(&global(), name).dyn_into::<Function>().map_err(|_| {
        Error::new(
            ErrorCode::UnsupportedRuntime,
            format!("this runtime has no global {name}; pass options.fetch or use a runtime with {name}"),
        )
    })
}

/// The fetch function to use: the caller's (called as given), else `globalThis.fetch` bound to
/// `globalThis` (some runtimes refuse a fetch called with another `this`).
pub fn fetch_fn(own: Option<&Function>) -> Result<Function> {
    match own {
        Some(f) => Ok(f.clone()),
        None => Ok(global_fn("fetch")?.bind0(&global())),
    }
}

/// Milliseconds since the epoch (`Date.now()`).
pub fn now_ms() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}

/// 16 random bytes from `crypto.getRandomValues` (falls back to `Math.random`, which is enough
/// for jitter and idempotency-key uniqueness where Web Crypto is missing).
pub fn random16() -> [u8; 16] {
    let buf = Uint8Array::new_with_length(16);
    let crypto = get(&global(), "crypto");
    let grv = get(&crypto, "getRandomValues").dyn_into::<Function>().ok();
    let filled = grv.is_some_and(|f| f.call1(&crypto, &buf).is_ok());
    let mut out = [0u8; 16];
    if filled {
        buf.copy_to(&mut out);
    } else {
        for b in &mut out {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    out
}

/// A seed for jitter.
pub fn seed() -> u64 {
    let r = random16();
    u64::from_le_bytes([r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]])
}

fn set_timeout(f: &Function, ms: u64) -> JsValue {
    global_fn("setTimeout")
        .and_then(|st| {
            st.call2(&JsValue::NULL, f, &JsValue::from_f64(ms as f64))
                .map_err(|_| Error::new(ErrorCode::UnsupportedRuntime, "setTimeout failed"))
        })
        .unwrap_or(JsValue::UNDEFINED)
}

/// Waits `ms` milliseconds.
pub async fn sleep(ms: u64) {
    let promise = Promise::new(&mut |resolve, _| {
        set_timeout(&resolve, ms);
    });
    let _ = JsFuture::from(promise).await;
}

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
}

fn text(v: &JsValue) -> String {
    v.as_string().unwrap_or_default()
}

/// Sends one request and reports what happened as a machine [`Input`].
pub async fn send(fetch: &Function, req: &HttpRequest) -> Input {
    let headers = Array::new();
    for (k, v) in &req.headers {
        headers.push(&Array::of2(&JsValue::from_str(k), &JsValue::from_str(v)));
    }
    let body: JsValue = if req.body.is_empty() {
        JsValue::UNDEFINED
    } else {
        Uint8Array::from(req.body.as_slice()).into()
    };
    // setTimeout takes at most 2^31-1 ms; the options reader keeps timeoutMs below that.
    let timeout = req.timeout_ms.min(2_147_483_647) as f64;
    let max = req.max_response_bytes.min(1 << 53) as f64;
    let promise = match kassa_send(
        fetch,
        &req.url,
        req.method.as_str(),
        &headers,
        &body,
        timeout,
        max,
    ) {
        Ok(p) => p,
        Err(_) => return Input::NetworkError("the request could not be started".into()),
    };
    let report = match JsFuture::from(promise).await {
        Ok(r) => r,
        Err(_) => return Input::NetworkError("fetch failed".into()),
    };
    let status = || get(&report, "status").as_f64().unwrap_or(0.0) as u16;
    match text(&get(&report, "kind")).as_str() {
        "response" => {
            let mut out = HttpResponse::new(status(), Vec::new());
            let hs = get(&report, "headers");
            if let Some(list) = hs.dyn_ref::<Array>() {
                for pair in list.iter() {
                    let name = text(&Reflect::get_u32(&pair, 0).unwrap_or(JsValue::UNDEFINED));
                    let value = text(&Reflect::get_u32(&pair, 1).unwrap_or(JsValue::UNDEFINED));
                    out = out.with_header(&name, &value);
                }
            }
            if let Some(b) = get(&report, "body").dyn_ref::<Uint8Array>() {
                out.body = b.to_vec();
            }
            Input::Response(out)
        }
        "timeout" => Input::Timeout,
        "tooLarge" => Input::TooLarge { status: status() },
        "malformed" => Input::Malformed(text(&get(&report, "message"))),
        _ => Input::NetworkError(text(&get(&report, "message"))),
    }
}

/// Runs a machine to its end: sends what it asks, sleeps when it says.
pub async fn drive<M: Machine<Output = Value> + ?Sized>(
    machine: &mut M,
    fetch: &Function,
) -> Result<Value> {
    let mut input = Input::Start;
    loop {
        match machine.resume(input, now_ms()) {
            Step::Send(mut req) => {
                if let Some(pending) = req.pending_signature.take() {
                    let value = super::webcrypto_sign::sign_pending(&pending).await?;
                    req.headers.push((pending.header.to_string(), value));
                }
                input = send(fetch, &req).await
            }
            Step::Sleep(ms) => {
                sleep(ms).await;
                input = Input::Slept;
            }
            Step::Done(result) => return result,
        }
    }
}
