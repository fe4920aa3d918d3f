//! The native runtime: tokio timers and tasks, reqwest for outgoing notifications, the system
//! clock. The only module besides `main.rs` and `server.rs` that names tokio or reqwest.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::runtime::{File, Outgoing, Pending, Runtime, Task};

/// [`Runtime`] on a tokio runtime (must be called from inside one).
pub struct Native {
    http: reqwest::Client,
}

impl Native {
    /// A runtime whose HTTP client uses no proxy, follows no redirects and gives up after 10 s.
    pub fn new() -> Native {
        let http = reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_else(|_| reqwest::Client::new());
        Native { http }
    }
}

impl Runtime for Native {
    fn now_ms(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0)
    }

    fn spawn(&self, task: Task) {
        tokio::spawn(task);
    }

    fn sleep(&self, ms: u64) -> Pending<()> {
        Box::pin(tokio::time::sleep(Duration::from_millis(ms)))
    }

    fn send(&self, request: Outgoing) -> Pending<Result<u16, String>> {
        let method = if request.method == "GET" {
            reqwest::Method::GET
        } else {
            reqwest::Method::POST
        };
        let mut builder = self.http.request(method, &request.url);
        for (k, v) in &request.headers {
            builder = builder.header(k, v);
        }
        if request.method != "GET" {
            builder = builder.body(request.body);
        }
        Box::pin(async move {
            match builder.send().await {
                Ok(response) => Ok(response.status().as_u16()),
                Err(e) => Err(describe(&e)),
            }
        })
    }

    fn log(&self, line: &str) {
        eprintln!("{line}");
    }

    fn file(&self, path: &std::path::Path) -> File {
        if path.is_dir() {
            return File::Dir;
        }
        match std::fs::read(path) {
            Ok(bytes) => File::Found(bytes),
            Err(_) => File::Missing,
        }
    }
}

fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timeout".into()
    } else if e.is_connect() {
        "connection refused or unreachable".into()
    } else if e.is_builder() {
        "invalid URL".into()
    } else {
        "connection failed".into()
    }
}
