//! [`Local`]: a value that is not `Send` — a JS value, or a future awaiting a JS promise —
//! declared `Send` and `Sync`, so the wasm runtime can hand it through the [`Runtime`] seam,
//! whose futures are `Send` for the native (multi-threaded tokio) runtime.
//!
//! # Why this is sound here
//! `wasm32-unknown-unknown` without the `atomics` target feature has exactly one thread: there
//! is no other thread a `Local` could be sent to or shared with, so `Send`/`Sync` promise nothing
//! that can be broken (the same reasoning as the `send_wrapper` crate, whose run-time thread
//! check can never fail there). A build with `atomics` (wasm threads) would break that premise,
//! so it does not compile.
//!
//! [`Runtime`]: crate::runtime::Runtime

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

#[cfg(target_feature = "atomics")]
compile_error!("kassa-sandbox's wasm glue assumes one thread (wasm/local.rs): build without the atomics feature");

/// A single-threaded value, `Send` and `Sync` by the argument above.
pub struct Local<T>(pub T);

// SAFETY: wasm32 without atomics has one thread (see the module documentation).
unsafe impl<T> Send for Local<T> {}
// SAFETY: as above.
unsafe impl<T> Sync for Local<T> {}

impl<F: Future + Unpin> Future for Local<F> {
    type Output = F::Output;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        Pin::new(&mut self.0).poll(cx)
    }
}
