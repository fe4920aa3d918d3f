//! The fetch-based API clients for JavaScript: `RbsClient`, `CashierClient`, `KoshelekClient`.
//! They convert arguments, build a core call machine and let [`transport::drive`] run it.

mod cashier;
mod koshelek;
mod options;
mod rbs;
mod transport;
mod webcrypto_sign;

use std::future::Future;

use js_sys::{Function, Promise};
use serde_json::Value;
use wasm_bindgen_futures::future_to_promise;

use crate::http::Machine;

/// A promise of a core result: resolves with the JSON value, rejects with a `KassaError`.
fn promise(fut: impl Future<Output = crate::Result<Value>> + 'static) -> Promise {
    future_to_promise(async move {
        fut.await
            .map(|v| options::to_js(&v))
            .map_err(super::error::to_js)
    })
}

/// A promise that rejects at once (bad arguments).
fn promise_err(e: crate::Error) -> Promise {
    Promise::reject(&super::error::to_js(e))
}

/// Runs a core call machine (a call or a status poll) through the caller's `fetch` or the
/// global one: the promise of its result. Every client method ends here.
fn send<M>(own_fetch: Option<&Function>, machine: crate::Result<M>) -> Promise
where
    M: Machine<Output = Value> + 'static,
{
    let fetch = transport::fetch_fn(own_fetch);
    promise(async move {
        let fetch = fetch?;
        let mut machine = machine?;
        transport::drive(&mut machine, &fetch).await
    })
}
