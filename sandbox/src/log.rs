//! What went over the wire: every request received and every notification sent (with its
//! delivery attempts), as the admin endpoints list them.

use serde::Serialize;

/// The request log keeps at most this many entries (the oldest tenth is dropped when full).
const MAX_LOGGED: usize = 50_000;

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

/// The request and notification logs.
#[derive(Debug, Default)]
pub struct Log {
    /// Every request received, oldest first.
    pub requests: Vec<RequestRecord>,
    /// Every notification sent (with its attempts), oldest first.
    pub notifications: Vec<Notification>,
}

impl Log {
    /// Appends a request, dropping the oldest tenth when the log is full.
    pub fn push_request(&mut self, record: RequestRecord) {
        if self.requests.len() >= MAX_LOGGED {
            self.requests.drain(..MAX_LOGGED / 10);
        }
        self.requests.push(record);
    }

    /// Sets the response status of request `id`.
    pub fn set_status(&mut self, id: u64, status: u16) {
        if let Some(r) = self.requests.iter_mut().rev().find(|r| r.id == id) {
            r.status = status;
        }
    }

    /// Records a delivery attempt of notification `id` (`delivered` once a 200 came back).
    pub fn push_attempt(&mut self, id: u64, attempt: Attempt, delivered: bool) {
        if let Some(entry) = self.notifications.iter_mut().find(|x| x.id == id) {
            entry.attempts.push(attempt);
            entry.delivered |= delivered;
        }
    }

    /// Forgets every request and notification.
    pub fn clear(&mut self) {
        self.requests.clear();
        self.notifications.clear();
    }
}
