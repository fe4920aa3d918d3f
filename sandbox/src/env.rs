//! What every gateway shares: the configuration, the base URL, the request and notification
//! log, the armed faults, the id counter, and the runtime (clock, timers, outgoing HTTP).
//!
//! One [`Env`] per emulator process, built by the composition root (`app.rs`) and handed to each
//! gateway's state as an `Arc`. It knows no gateway.
//!
//! # Locks
//! The log and the faults each have their own mutex; the id counter is atomic. Lock order: a
//! gateway's store may be held while taking the log (never the reverse), no two gateway stores
//! are held at once, and no lock is ever held across an `.await`. Today every caller takes the
//! log with no other lock held.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::cli::Config;
use crate::faults::Fault;
use crate::log::Log;
use crate::runtime::{File, Outgoing, Runtime};

/// The shared context of one emulator process.
pub struct Env {
    /// Command-line configuration.
    pub config: Config,
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// The bound port.
    pub port: u16,
    runtime: Arc<dyn Runtime>,
    log: Mutex<Log>,
    faults: Mutex<Vec<Fault>>,
    next_id: AtomicU64,
}

/// Locks a mutex, taking over a poisoned one (a panicking handler must not stop the server).
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl Env {
    /// The context of a server bound to `port`.
    pub fn new(config: Config, port: u16, runtime: Arc<dyn Runtime>) -> Arc<Env> {
        Arc::new(Env {
            config,
            base_url: format!("http://127.0.0.1:{port}"),
            port,
            runtime,
            log: Mutex::new(Log::default()),
            faults: Mutex::new(Vec::new()),
            next_id: AtomicU64::new(0),
        })
    }

    /// A process-wide increasing number (request ids, notification ids, ...).
    pub fn next_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Milliseconds since the Unix epoch, by the runtime's clock.
    pub fn now_ms(&self) -> u64 {
        self.runtime.now_ms()
    }

    /// The request and notification log.
    pub fn log(&self) -> MutexGuard<'_, Log> {
        lock(&self.log)
    }

    /// The armed faults.
    pub fn faults(&self) -> MutexGuard<'_, Vec<Fault>> {
        lock(&self.faults)
    }

    /// Runs `task` in the background.
    pub fn spawn(&self, task: impl Future<Output = ()> + Send + 'static) {
        self.runtime.spawn(Box::pin(task));
    }

    /// Completes after `ms` milliseconds.
    pub async fn sleep(&self, ms: u64) {
        self.runtime.sleep(ms).await
    }

    /// Runs `f` once, `ms` milliseconds from now.
    pub fn after(&self, ms: u64, f: impl FnOnce() + Send + 'static) {
        let sleep = self.runtime.sleep(ms);
        self.spawn(async move {
            sleep.await;
            f();
        });
    }

    /// Writes a log line (unless `--quiet`).
    pub fn log_line(&self, line: &str) {
        if !self.config.quiet {
            self.runtime.log(line);
        }
    }

    /// Reads a static file (`--www`, `--pkg`).
    pub fn file(&self, path: &std::path::Path) -> File {
        self.runtime.file(path)
    }

    /// Sends an outgoing HTTP request: its status, or what failed.
    pub async fn send(&self, request: Outgoing) -> Result<u16, String> {
        self.runtime.send(request).await
    }
}
