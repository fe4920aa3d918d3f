//! The only place that performs I/O: sends a core [`HttpRequest`] with the caller's `fetch` (or
//! `globalThis.fetch`), aborts it with an `AbortController` after its timeout, sleeps with
//! `setTimeout`, and drives a sans-IO [`Machine`] to its end.

use std::cell::Cell;
use std::rc::Rc;

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

fn clear_timeout(handle: &JsValue) {
    if let Ok(ct) = global_fn("clearTimeout") {
        let _ = ct.call1(&JsValue::NULL, handle);
    }
}

/// Waits `ms` milliseconds.
pub async fn sleep(ms: u64) {
    let promise = Promise::new(&mut |resolve, _| {
        set_timeout(&resolve, ms);
    });
    let _ = JsFuture::from(promise).await;
}

fn error_text(e: &JsValue) -> String {
    let msg = get(e, "message").as_string();
    let cause = get(&get(e, "cause"), "code").as_string();
    match (msg, cause) {
        (Some(m), Some(c)) => format!("{m} ({c})"),
        (Some(m), None) => m,
        _ => "fetch failed".into(),
    }
}

/// Sends one request and reports what happened as a machine [`Input`].
pub async fn send(fetch: &Function, req: &HttpRequest) -> Input {
    match try_send(fetch, req).await {
        Ok(r) => r,
        Err(e) => Input::NetworkError(e.message().to_string()),
    }
}

async fn try_send(fetch: &Function, req: &HttpRequest) -> Result<Input> {
    let ctor = global_fn("AbortController")?;
    let controller = Reflect::construct(&ctor, &Array::new()).map_err(|_| {
        Error::new(
            ErrorCode::UnsupportedRuntime,
            "AbortController could not be created",
        )
    })?;
    let timed_out = Rc::new(Cell::new(false));
    let abort = {
        let controller = controller.clone();
        let timed_out = timed_out.clone();
        Closure::once_into_js(move || {
            timed_out.set(true);
            if let Ok(f) = get(&controller, "abort").dyn_into::<Function>() {
                let _ = f.call0(&controller);
            }
        })
    };
    let timer = abort
        .dyn_ref::<Function>()
        .map(|f| set_timeout(f, req.timeout_ms))
        .unwrap_or(JsValue::UNDEFINED);

    let init = Object::new();
    let headers = Array::new();
    for (k, v) in &req.headers {
        headers.push(&Array::of2(&JsValue::from_str(k), &JsValue::from_str(v)));
    }
    let set = |k: &str, v: &JsValue| {
        let _ = Reflect::set(&init, &JsValue::from_str(k), v);
    };
    set("method", &JsValue::from_str(req.method.as_str()));
    set("headers", &headers);
    if !req.body.is_empty() {
        set("body", &Uint8Array::from(req.body.as_slice()));
    }
    set("signal", &get(&controller, "signal"));

    let outcome = read(fetch, &req.url, &init).await;
    clear_timeout(&timer);
    match outcome {
        Ok(r) => Ok(Input::Response(r)),
        Err(_) if timed_out.get() => Ok(Input::Timeout),
        Err(e) => Ok(Input::NetworkError(error_text(&e))),
    }
}

async fn read(
    fetch: &Function,
    url: &str,
    init: &Object,
) -> std::result::Result<HttpResponse, JsValue> {
    let promise = fetch.call2(&JsValue::UNDEFINED, &JsValue::from_str(url), init)?;
    let response = JsFuture::from(Promise::resolve(&promise)).await?;
    let status = get(&response, "status").as_f64().unwrap_or(0.0) as u16;
    let mut out = HttpResponse::new(status, Vec::new());
    let headers = get(&response, "headers");
    if let Ok(h_get) = get(&headers, "get").dyn_into::<Function>() {
        for name in ["retry-after", "content-type"] {
            if let Some(v) = h_get.call1(&headers, &JsValue::from_str(name))?.as_string() {
                out = out.with_header(name, &v);
            }
        }
    }
    let array_buffer = get(&response, "arrayBuffer").dyn_into::<Function>()?;
    let buf = JsFuture::from(Promise::resolve(&array_buffer.call0(&response)?)).await?;
    out.body = Uint8Array::new(&buf).to_vec();
    Ok(out)
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
                    let value = crate::wasm::verify_webcrypto::sign_pending(&pending).await?;
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
