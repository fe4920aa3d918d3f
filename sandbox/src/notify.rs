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
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::cli::Config;
    use crate::runtime::fake::Fake;

    fn notification(url: &str) -> Notification {
        Notification {
            id: 0,
            gateway: "rbs".into(),
            merchant: "hmac".into(),
            order_id: "o-1".into(),
            method: "POST".into(),
            url: url.into(),
            headers: vec![("content-type".into(), "text/plain".into())],
            body: "a=1".into(),
            params: Vec::new(),
            attempts: Vec::new(),
            delivered: false,
        }
    }

    #[test]
    fn retries_through_the_runtime_until_200() {
        let fake = Arc::new(Fake::default());
        // Answers are popped from the end: refused, then 500, then 200.
        *fake.answers.lock().unwrap() = vec![Ok(200), Ok(500), Err("refused".into())];
        let env = Env::new(Config::default(), 1, fake.clone());
        let id = send(&env, notification("http://127.0.0.1:9/cb"), 5);
        fake.run();
        let sent = fake.sent.lock().unwrap();
        assert_eq!(sent.len(), 3);
        assert_eq!(
            (sent[0].method.as_str(), sent[0].body.as_str()),
            ("POST", "a=1")
        );
        let log = env.log();
        let n = &log.notifications[0];
        assert_eq!(n.id, id);
        assert!(n.delivered);
        let statuses: Vec<Option<u16>> = n.attempts.iter().map(|a| a.status).collect();
        assert_eq!(statuses, vec![None, Some(500), Some(200)]);
        assert_eq!(n.attempts[0].error.as_deref(), Some("refused"));
        // Two pauses of --callback-interval-ms between the three attempts.
        assert_eq!(
            n.attempts[2].time,
            2 * Config::default().callback_interval_ms
        );
    }

    #[test]
    fn never_sends_to_other_hosts() {
        let fake = Arc::new(Fake::default());
        let env = Env::new(Config::default(), 1, fake.clone());
        send(&env, notification("https://merchant.example/cb"), 2);
        fake.run();
        assert!(fake.sent.lock().unwrap().is_empty());
        let log = env.log();
        let attempts = &log.notifications[0].attempts;
        assert_eq!(attempts.len(), 2);
        assert!(attempts
            .iter()
            .all(|a| a.status.is_none() && a.error.is_some()));
        assert!(!log.notifications[0].delivered);
    }

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
