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

/// A runtime for unit tests, without tokio.
#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub mod fake {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::Mutex;
    use std::task::{Context, Poll, Waker};

    use super::{Outgoing, Pending, Runtime, Task};

    /// Sleeping advances a manual clock, tasks are queued and run by [`Fake::run`], sends are
    /// recorded and answered from a script (popped from its end; 200 when empty).
    #[derive(Default)]
    pub struct Fake {
        now: AtomicU64,
        tasks: Mutex<Vec<Task>>,
        /// Every request sent, in order.
        pub sent: Mutex<Vec<Outgoing>>,
        /// The answers still to give, last first.
        pub answers: Mutex<Vec<Result<u16, String>>>,
    }

    impl Runtime for Fake {
        fn now_ms(&self) -> u64 {
            self.now.load(Ordering::Relaxed)
        }
        fn spawn(&self, task: Task) {
            self.tasks.lock().unwrap().push(task);
        }
        fn sleep(&self, ms: u64) -> Pending<()> {
            self.advance(ms);
            Box::pin(std::future::ready(()))
        }
        fn send(&self, request: Outgoing) -> Pending<Result<u16, String>> {
            self.sent.lock().unwrap().push(request);
            let answer = self.answers.lock().unwrap().pop().unwrap_or(Ok(200));
            Box::pin(std::future::ready(answer))
        }
    }

    impl Fake {
        /// Moves the clock forward.
        pub fn advance(&self, ms: u64) {
            self.now.fetch_add(ms, Ordering::Relaxed);
        }

        /// Runs every queued task to completion (they never wait on anything real).
        pub fn run(&self) {
            let tasks = std::mem::take(&mut *self.tasks.lock().unwrap());
            let mut cx = Context::from_waker(Waker::noop());
            for mut task in tasks {
                assert!(matches!(task.as_mut().poll(&mut cx), Poll::Ready(())));
            }
        }
    }
}
