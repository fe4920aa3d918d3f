//! The wasm build's exports, used by the npm package `kassa-sandbox` (sandbox/npm/): `SandboxCore`
//! (one emulator: requests in, responses out, its timers) and `parseArgs` (the native binary's flag
//! parser, for `npx kassa-sandbox`). Converts only: every decision is in the shared code
//! ([`Emulator`], the pipeline, the gateways).
//!
//! Requests and responses cross as plain values (method, URL, a flat `[name, value, ...]` header
//! list, body bytes); `sandbox/npm/sandbox.mjs` turns them into `Request`/`Response` objects and
//! Node's `http` messages.

mod local;
mod runtime;

use std::cell::Cell;
use std::sync::Arc;

use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

use crate::cli;
use crate::emulator::{Answer, Emulator, Plain};
use runtime::{Host, JsRuntime};

/// One emulator in a JS runtime.
#[wasm_bindgen]
pub struct SandboxCore {
    emulator: Arc<Emulator>,
    runtime: Arc<JsRuntime>,
    closed: Cell<bool>,
}

/// The flags of `npx kassa-sandbox`, parsed by the native binary's parser: a JSON text,
/// `{"port": N}`, or `{"error": "...", "exitCode": 0 | 2}` (0 for `--help`).
#[wasm_bindgen(js_name = parseArgs)]
pub fn parse_args(args: Vec<String>) -> String {
    match cli::parse(args) {
        Ok(config) => serde_json::json!({ "port": config.port }).to_string(),
        Err(message) => {
            let code = if message == cli::USAGE { 0 } else { 2 };
            serde_json::json!({ "error": message, "exitCode": code }).to_string()
        }
    }
}

#[wasm_bindgen]
impl SandboxCore {
    /// An emulator configured by `args` (the native binary's flags) that calls itself
    /// `http://127.0.0.1:port`, on `host`.
    #[wasm_bindgen(constructor)]
    pub fn new(args: Vec<String>, port: u16, host: Host) -> Result<SandboxCore, JsError> {
        let config = cli::parse(args).map_err(|m| JsError::new(&m))?;
        let runtime = Arc::new(JsRuntime::new(host));
        let emulator = Emulator::start(config, port, runtime.clone());
        Ok(SandboxCore {
            emulator,
            runtime,
            closed: Cell::new(false),
        })
    }

    /// The startup line (JSON text), as the native binary prints it.
    pub fn config(&self) -> String {
        self.emulator.startup_line()
    }

    /// Handles one request; resolves to `{status, headers: [name, value, ...], body: Uint8Array}`,
    /// or `{closed: true}` when a fault drops the connection; rejects (an `Error`) when the request
    /// cannot be read or the sandbox is closed.
    pub fn handle(
        &self,
        method: String,
        url: String,
        headers: Vec<String>,
        body: Vec<u8>,
    ) -> Promise {
        let emulator = self.emulator.clone();
        let closed = self.closed.get();
        wasm_bindgen_futures::future_to_promise(async move {
            if closed {
                return Err(JsError::new("kassa-sandbox: this sandbox is closed").into());
            }
            let mut pairs = Vec::with_capacity(headers.len() / 2);
            let mut it = headers.into_iter();
            while let (Some(k), Some(v)) = (it.next(), it.next()) {
                pairs.push((k, v));
            }
            let plain = Plain {
                method,
                url,
                headers: pairs,
                body,
            };
            let answer = emulator
                .handle_plain(plain)
                .await
                .map_err(|m| JsValue::from(JsError::new(&m)))?;
            Ok(to_js(answer))
        })
    }

    /// Milliseconds since the epoch on the sandbox's clock (the host's clock plus `advanceClock`).
    pub fn now(&self) -> f64 {
        use crate::runtime::Runtime;
        self.runtime.now_ms() as f64
    }

    /// Fires the timers due now; how many fired.
    #[wasm_bindgen(js_name = fireDue)]
    pub fn fire_due(&self) -> u32 {
        if self.closed.get() {
            return 0;
        }
        self.runtime.fire_due().min(u32::MAX as usize) as u32
    }

    /// Moves the sandbox's clock forward (fires nothing; see `fireDue`).
    #[wasm_bindgen(js_name = advanceClock)]
    pub fn advance_clock(&self, ms: f64) {
        if ms.is_finite() && ms > 0.0 {
            self.runtime
                .timers
                .advance(ms.min(9_007_199_254_740_991.0) as u64);
        }
    }

    /// The earliest pending timer's deadline (on the sandbox's clock), if any.
    #[wasm_bindgen(js_name = nextDeadline)]
    pub fn next_deadline(&self) -> Option<f64> {
        self.runtime.timers.next_deadline().map(|d| d as f64)
    }

    /// Stops: pending timers never fire, further requests are refused.
    pub fn close(&self) {
        self.closed.set(true);
        self.runtime.timers.clear();
    }
}

fn to_js(answer: Answer) -> JsValue {
    let out = Object::new();
    let set = |k: &str, v: &JsValue| {
        let _ = Reflect::set(&out, &JsValue::from_str(k), v);
    };
    match answer {
        Answer::Response {
            status,
            headers,
            body,
        } => {
            set("status", &JsValue::from(status));
            let list = Array::new();
            for (k, v) in headers {
                list.push(&JsValue::from(k));
                list.push(&JsValue::from(v));
            }
            set("headers", &list);
            set("body", &Uint8Array::from(body.as_slice()));
        }
        Answer::Closed => set("closed", &JsValue::TRUE),
    }
    out.into()
}
