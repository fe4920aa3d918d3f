//! The seam between the emulator and the runtime it runs on: the clock, timers, background tasks
//! and outgoing HTTP.
//!
//! Routes, state machines, pages and notifications reach the runtime only through [`Runtime`]
//! (held by `Env`, see `env.rs`); the native binary supplies `Native` (`native.rs`: tokio and
//! reqwest). Another runtime (the JS host of a wasm build) implements the same trait.

use std::future::Future;
use std::pin::Pin;

/// A boxed future the runtime can run in the background.
pub type Task = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// A boxed future yielding `T`.
pub type Pending<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// An outgoing HTTP request (a notification delivery attempt).
#[derive(Debug, Clone)]
pub struct Outgoing {
    /// `GET` or `POST`.
    pub method: String,
    /// Full URL.
    pub url: String,
    /// Headers to send, in order.
    pub headers: Vec<(String, String)>,
    /// Body (sent unless the method is GET).
    pub body: String,
}

/// What the runtime provides.
pub trait Runtime: Send + Sync {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> u64;
    /// Runs `task` in the background.
    fn spawn(&self, task: Task);
    /// A future that completes after `ms` milliseconds.
    fn sleep(&self, ms: u64) -> Pending<()>;
    /// Sends `request` without following redirects: the HTTP status, or a short description
    /// of the network failure ("timeout", "connection refused or unreachable", ...).
    fn send(&self, request: Outgoing) -> Pending<Result<u16, String>>;
}
