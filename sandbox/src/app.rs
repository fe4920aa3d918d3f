//! The shared state of one emulator process: configuration, logs, faults and every gateway's orders.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;
use serde_json::Value;

use crate::cli::Config;
use crate::faults::Fault;
use crate::{cashier, koshelek, rbs};

/// Shared handle passed to every handler.
pub type Shared = Arc<App>;

/// One emulator process.
pub struct App {
    /// Command-line configuration.
    pub config: Config,
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// The bound port.
    pub port: u16,
    /// The HTTP client notifications are sent with.
    pub http: reqwest::Client,
    inner: Mutex<Inner>,
}

/// Mutable state, behind one mutex (never held across an `.await`).
#[derive(Default)]
pub struct Inner {
    /// Every request received, oldest first.
    pub requests: Vec<RequestRecord>,
    /// Every notification sent (with its attempts).
    pub notifications: Vec<Notification>,
    /// Armed faults.
    pub faults: Vec<Fault>,
    /// RBS merchants, orders, bindings, templates.
    pub rbs: rbs::store::Store,
    /// Mobile Cashier orders, tokens, idempotency cache.
    pub cashier: cashier::store::Store,
    /// Koshelek Pay transactions.
    pub koshelek: koshelek::store::Store,
    next_id: u64,
}

impl Inner {
    /// A process-wide increasing number (request ids, notification ids, ...).
    pub fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }
}

/// One received request, as the admin endpoint lists it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestRecord {
    /// Sequence number.
    pub id: u64,
    /// Milliseconds since the Unix epoch.
    pub time: u64,
    /// HTTP method.
    pub method: String,
    /// Path without the query.
    pub path: String,
    /// Raw query string ("" when none).
    pub query: String,
    /// Host header.
    pub host: String,
    /// Headers in the order received.
    pub headers: Vec<(String, String)>,
    /// Body, decoded as UTF-8 (lossy).
    pub body: String,
    /// Response status (0 while in flight or when the connection was closed by a fault).
    pub status: u16,
    /// The fault applied, if any.
    pub fault: Option<String>,
}

/// One notification (RBS callback, Mobile Cashier webhook, Koshelek postback).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Notification {
    /// Sequence number.
    pub id: u64,
    /// "rbs" | "cashier" | "koshelek".
    pub gateway: String,
    /// Merchant name (RBS) or login.
    pub merchant: String,
    /// The order it is about.
    pub order_id: String,
    /// GET or POST.
    pub method: String,
    /// Full URL called (for GET it includes the query).
    pub url: String,
    /// Headers sent.
    pub headers: Vec<(String, String)>,
    /// Body sent ("" for GET).
    pub body: String,
    /// The notification's parameters (RBS: the signed name/value pairs incl. checksum).
    pub params: Vec<(String, String)>,
    /// Each attempt.
    pub attempts: Vec<Attempt>,
    /// True once a 200 came back.
    pub delivered: bool,
}

/// One delivery attempt.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Attempt {
    /// Milliseconds since the Unix epoch.
    pub time: u64,
    /// HTTP status received, if any.
    pub status: Option<u16>,
    /// Network error, if any.
    pub error: Option<String>,
}

impl App {
    /// Creates the state for a server bound to `port`.
    pub fn new(config: Config, port: u16) -> Shared {
        let base_url = format!("http://127.0.0.1:{port}");
        let http = reqwest::Client::builder()
            .no_proxy()
            .timeout(std::time::Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_else(|_| reqwest::Client::new());
        let inner = Inner {
            rbs: rbs::store::Store::new(&config),
            koshelek: koshelek::store::Store::new(&config),
            ..Default::default()
        };
        Arc::new(App {
            config,
            base_url,
            port,
            http,
            inner: Mutex::new(inner),
        })
    }

    /// Locks the state (a poisoned lock is taken over: a panicking handler must not stop the server).
    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Forgets every request, notification, fault and order; merchants return to their defaults.
    pub fn reset(&self) {
        let mut inner = self.lock();
        let next = inner.next_id;
        *inner = Inner::default();
        inner.next_id = next;
        inner.rbs = rbs::store::Store::new(&self.config);
        inner.koshelek = koshelek::store::Store::new(&self.config);
    }
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// Serializes a value for a log, falling back to `null`.
pub fn to_value<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}
