//! [`JsRuntime`]: the [`Runtime`] of the wasm build, backed by a JS host object that the
//! package's loader makes (`sandbox/npm/sandbox.mjs`, `host`): its clock, `setTimeout`, a
//! caller-given `fetch` for notifications, a log sink and (for `npx kassa-sandbox --www`) file
//! reads. Every host call is a `catch` import: a throwing host degrades, it never aborts.
//!
//! Timers are entries of [`Timers`] on the host clock plus what `advance(ms)` added; the host's
//! `schedule(ms)` calls `fireDue()` back after `ms` real milliseconds (or never, with manual
//! timers), and `advance` fires them early.

use js_sys::{Array, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::local::Local;
use crate::runtime::{File, Outgoing, Pending, Runtime, Task};
use crate::timers::Timers;

#[wasm_bindgen]
extern "C" {
    /// The JS host (see the module documentation).
    pub type Host;
    #[wasm_bindgen(method, catch)]
    fn now(this: &Host) -> Result<f64, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn schedule(this: &Host, ms: f64) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch)]
    fn deliver(
        this: &Host,
        method: &str,
        url: &str,
        headers: Array,
        body: &str,
    ) -> Result<Promise, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn log(this: &Host, line: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = readFile)]
    fn read_file(this: &Host, path: &str) -> Result<JsValue, JsValue>;
}

/// The wasm build's runtime.
pub struct JsRuntime {
    host: Local<Host>,
    /// The pending timers and the advanced offset.
    pub timers: Timers,
}

impl JsRuntime {
    /// A runtime on `host`.
    pub fn new(host: Host) -> JsRuntime {
        JsRuntime {
            host: Local(host),
            timers: Timers::default(),
        }
    }

    /// Fires the timers due by the clock now; how many.
    pub fn fire_due(&self) -> usize {
        self.timers.fire_due(self.now_ms())
    }
}

impl Runtime for JsRuntime {
    fn now_ms(&self) -> u64 {
        let host = self.host.0.now().ok().and_then(|v| {
            (v.is_finite() && v >= 0.0).then_some(v.min(9_007_199_254_740_991.0) as u64)
        });
        host.unwrap_or(0).saturating_add(self.timers.offset())
    }

    fn spawn(&self, task: Task) {
        wasm_bindgen_futures::spawn_local(task);
    }

    fn sleep(&self, ms: u64) -> Pending<()> {
        let sleep = self.timers.sleep(self.now_ms().saturating_add(ms));
        // setTimeout takes at most 2^31-1 ms (24.8 days); a longer timer fires on `advance`.
        let _ = self.host.0.schedule(ms.min(2_147_483_647) as f64);
        Box::pin(sleep)
    }

    fn send(&self, request: Outgoing) -> Pending<Result<u16, String>> {
        let headers = Array::new();
        for (k, v) in &request.headers {
            headers.push(&JsValue::from_str(k));
            headers.push(&JsValue::from_str(v));
        }
        let promise =
            match self
                .host
                .0
                .deliver(&request.method, &request.url, headers, &request.body)
            {
                Ok(p) => p,
                Err(e) => return Box::pin(std::future::ready(Err(describe(&e)))),
            };
        let future = JsFuture::from(promise);
        Box::pin(Local(Box::pin(async move {
            match future.await {
                Ok(status) => match status.as_f64() {
                    Some(s) if (100.0..1000.0).contains(&s) => Ok(s as u16),
                    _ => Err("the deliver function answered no HTTP status".to_string()),
                },
                Err(e) => Err(describe(&e)),
            }
        })))
    }

    fn log(&self, line: &str) {
        let _ = self.host.0.log(line);
    }

    fn file(&self, path: &std::path::Path) -> File {
        let Some(path) = path.to_str() else {
            return File::Missing;
        };
        match self.host.0.read_file(path) {
            Ok(v) if v.as_string().as_deref() == Some("dir") => File::Dir,
            Ok(v) => match v.dyn_into::<Uint8Array>() {
                Ok(bytes) => File::Found(bytes.to_vec()),
                Err(_) => File::Missing,
            },
            Err(_) => File::Missing,
        }
    }
}

/// A short description of a failed delivery: the host's message (a string, or an Error's
/// `message`), at most 200 characters.
fn describe(e: &JsValue) -> String {
    let message = e.as_string().or_else(|| {
        js_sys::Reflect::get(e, &JsValue::from_str("message"))
            .ok()
            .and_then(|m| m.as_string())
    });
    let mut message = message.unwrap_or_else(|| "connection failed".to_string());
    if let Some((i, _)) = message.char_indices().nth(200) {
        message.truncate(i);
    }
    message
}
