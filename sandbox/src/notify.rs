//! Sending notifications with retries, recording every attempt in the notification log.
//! Delivery goes through the runtime seam of [`Env`] (timers and outgoing HTTP).

use std::sync::Arc;

use crate::env::Env;
use crate::log::{Attempt, Notification};
use crate::runtime::Outgoing;

/// Logs `notification` and delivers it in the background: up to `attempts` tries,
/// `--callback-interval-ms` apart, stopping at the first HTTP 200. Returns its id.
pub fn send(env: &Arc<Env>, mut notification: Notification, attempts: u32) -> u64 {
    let id = {
        // The id is taken under the log's lock so the log stays in id order.
        let mut log = env.log();
        let id = env.next_id();
        notification.id = id;
        log.notifications.push(notification.clone());
        id
    };
    let interval = env.config.callback_interval_ms;
    let task_env = env.clone();
    env.spawn(async move {
        let env = task_env;
        for attempt in 0..attempts.max(1) {
            if attempt > 0 {
                env.sleep(interval).await;
            }
            let ok = try_once(&env, id, &notification).await;
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

async fn try_once(env: &Env, id: u64, n: &Notification) -> bool {
    if !is_loopback_url(&n.url) {
        let attempt = Attempt {
            time: env.now_ms(),
            status: None,
            error: Some(
                "not sent: the sandbox only calls loopback URLs (127.0.0.1, localhost)".into(),
            ),
        };
        env.log().push_attempt(id, attempt, false);
        return false;
    }
    let request = Outgoing {
        method: n.method.clone(),
        url: n.url.clone(),
        headers: n.headers.clone(),
        body: n.body.clone(),
    };
    let (status, error) = match env.send(request).await {
        Ok(status) => (Some(status), None),
        Err(e) => (None, Some(e)),
    };
    let delivered = status == Some(200);
    let attempt = Attempt {
        time: env.now_ms(),
        status,
        error,
    };
    env.log().push_attempt(id, attempt, delivered);
    delivered
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
