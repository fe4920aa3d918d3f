//! Sending notifications with retries, recording every attempt in the notification log.

use std::time::Duration;

use crate::app::{now_ms, Attempt, Notification, Shared};

/// Logs `notification` and delivers it in the background: up to `attempts` tries,
/// `interval_ms` apart, stopping at the first HTTP 200. Returns its id.
pub fn send(app: &Shared, mut notification: Notification, attempts: u32) -> u64 {
    let id = {
        let mut inner = app.lock();
        let id = inner.next_id();
        notification.id = id;
        inner.notifications.push(notification.clone());
        id
    };
    let app = app.clone();
    let interval = Duration::from_millis(app.config.callback_interval_ms);
    tokio::spawn(async move {
        for attempt in 0..attempts.max(1) {
            if attempt > 0 {
                tokio::time::sleep(interval).await;
            }
            let ok = try_once(&app, id, &notification).await;
            if ok {
                break;
            }
        }
    });
    id
}

/// Whether `url` is http(s) to a loopback host: the sandbox never calls anything else (tests and
/// the demo must not reach the internet; a merchant URL like https://mybestmerchantreturnurl.com
/// from a reference sample is recorded but not called).
pub fn is_loopback_url(url: &str) -> bool {
    let Some(rest) = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
    else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        host_port.split(':').next().unwrap_or("")
    }
    .to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "::1"
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

async fn try_once(app: &Shared, id: u64, n: &Notification) -> bool {
    if !is_loopback_url(&n.url) {
        let mut inner = app.lock();
        if let Some(entry) = inner.notifications.iter_mut().find(|x| x.id == id) {
            entry.attempts.push(Attempt {
                time: now_ms(),
                status: None,
                error: Some(
                    "not sent: the sandbox only calls loopback URLs (127.0.0.1, localhost)".into(),
                ),
            });
        }
        return false;
    }
    let method = if n.method == "GET" {
        reqwest::Method::GET
    } else {
        reqwest::Method::POST
    };
    let mut request = app.http.request(method, &n.url);
    for (k, v) in &n.headers {
        request = request.header(k, v);
    }
    if n.method != "GET" {
        request = request.body(n.body.clone());
    }
    let (status, error) = match request.send().await {
        Ok(response) => (Some(response.status().as_u16()), None),
        Err(e) => (None, Some(describe(&e))),
    };
    let delivered = status == Some(200);
    let mut inner = app.lock();
    if let Some(entry) = inner.notifications.iter_mut().find(|x| x.id == id) {
        entry.attempts.push(Attempt {
            time: now_ms(),
            status,
            error,
        });
        entry.delivered |= delivered;
    }
    delivered
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback() {
        assert!(is_loopback_url("http://127.0.0.1:8787/cb"));
        assert!(is_loopback_url("http://localhost/cb?x=1"));
        assert!(is_loopback_url("http://merchant.localhost:1/"));
        assert!(is_loopback_url("http://[::1]:80/"));
        assert!(!is_loopback_url(
            "https://mybestmerchantreturnurl.com/callback/"
        ));
        assert!(!is_loopback_url("http://127.0.0.1.evil.test/"));
        assert!(!is_loopback_url("http://localhost@evil.test/"));
        assert!(!is_loopback_url("callback.com"));
    }
}
