//! The seam between the emulator and the runtime it runs on: the clock, timers, background tasks,
//! outgoing HTTP, log lines and the demo's static files.
//!
//! Routes, state machines, pages and notifications reach the runtime only through [`Runtime`]
//! (held by `Env`, see `env.rs`); the native binary supplies `Native` (`native.rs`: tokio and
//! reqwest), the wasm build `JsRuntime` (`wasm/runtime.rs`: the JS host's clock, `setTimeout`,
//! a caller-given `fetch`).
//!
//! The futures are `Send` because the native runtime may move them between threads. On wasm32
//! (one thread) the JS-backed ones are made `Send` by `wasm::local::Local`, which says why that
//! is sound there.

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

/// What reading a static file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum File {
    /// The file's bytes.
    Found(Vec<u8>),
    /// The path is a directory.
    Dir,
    /// Nothing readable there.
    Missing,
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
    /// Writes one log line (the native binary: stderr).
    fn log(&self, line: &str);
    /// Reads a file of `--www` / `--pkg`.
    fn file(&self, path: &std::path::Path) -> File;
}

/// A runtime for unit tests, without tokio.
#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub mod fake {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::Mutex;
    use std::task::{Context, Poll, Waker};

    use super::{File, Outgoing, Pending, Runtime, Task};

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
        fn log(&self, _line: &str) {}
        fn file(&self, _path: &std::path::Path) -> File {
            File::Missing
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
