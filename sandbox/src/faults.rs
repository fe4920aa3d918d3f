//! Scripted faults: per endpoint, for the next N requests.

use serde::{Deserialize, Serialize};

/// What to do to a matching request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FaultKind {
    /// Wait `delayMs`, then handle normally.
    #[serde(rename = "delay")]
    Delay,
    /// Answer 429 with `Retry-After: retryAfter` without handling.
    #[serde(rename = "429")]
    TooMany,
    /// Answer 500 without handling.
    #[serde(rename = "500")]
    Internal,
    /// Answer 502 without handling.
    #[serde(rename = "502")]
    BadGateway,
    /// Close the connection without handling (the request never takes effect).
    #[serde(rename = "close_before")]
    CloseBefore,
    /// Handle the request (it takes effect), then close the connection without answering.
    #[serde(rename = "close_after")]
    CloseAfter,
}

impl FaultKind {
    /// The name used in the admin API and the logs.
    pub fn name(self) -> &'static str {
        match self {
            FaultKind::Delay => "delay",
            FaultKind::TooMany => "429",
            FaultKind::Internal => "500",
            FaultKind::BadGateway => "502",
            FaultKind::CloseBefore => "close_before",
            FaultKind::CloseAfter => "close_after",
        }
    }
}

/// One armed fault, as posted to `POST /__admin/faults`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fault {
    /// Which requests: see [`matches`].
    pub endpoint: String,
    /// What happens.
    pub kind: FaultKind,
    /// How many of the next matching requests (default 1).
    #[serde(default = "one")]
    pub count: u32,
    /// For `delay` (default 1000).
    #[serde(default)]
    pub delay_ms: Option<u64>,
    /// For `429`: the Retry-After seconds (default 1).
    #[serde(default)]
    pub retry_after: Option<u64>,
    /// Optional: only this method (GET, POST, ...).
    #[serde(default)]
    pub method: Option<String>,
}

fn one() -> u32 {
    1
}

/// Whether `endpoint` selects a request to `path`:
/// - `"*"` matches everything;
/// - ending in `*`: a path prefix (`"/cashier/*"`);
/// - starting with `/`: the exact path (`"/cashier/order"`), or a prefix if it ends with `/`;
/// - otherwise the last path segments (`"register.do"` matches `/payment/rest/register.do`,
///   `"sbp/c2b/qr/status.do"` matches its full path).
pub fn matches(endpoint: &str, path: &str) -> bool {
    if endpoint == "*" {
        return true;
    }
    if let Some(prefix) = endpoint.strip_suffix('*') {
        return path.starts_with(prefix);
    }
    if endpoint.starts_with('/') {
        return path == endpoint || (endpoint.ends_with('/') && path.starts_with(endpoint));
    }
    path == endpoint || path.ends_with(&format!("/{endpoint}"))
}

/// Takes the first armed fault matching the request (counting it down).
pub fn take(faults: &mut Vec<Fault>, method: &str, path: &str) -> Option<Fault> {
    let index = faults.iter().position(|f| {
        f.count > 0
            && matches(&f.endpoint, path)
            && f.method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
    })?;
    let fault = faults[index].clone();
    faults[index].count -= 1;
    if faults[index].count == 0 {
        faults.remove(index);
    }
    Some(fault)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_matching() {
        assert!(matches("register.do", "/payment/rest/register.do"));
        assert!(!matches("register.do", "/payment/rest/registerPreAuth.do"));
        assert!(matches("/cashier/order", "/cashier/order"));
        assert!(!matches("/cashier/order", "/cashier/order/5"));
        assert!(matches("/cashier/*", "/cashier/order/5"));
        assert!(matches("*", "/x"));
    }

    #[test]
    fn counts_down() {
        let mut faults = vec![Fault {
            endpoint: "register.do".into(),
            kind: FaultKind::Internal,
            count: 2,
            delay_ms: None,
            retry_after: None,
            method: None,
        }];
        assert!(take(&mut faults, "POST", "/payment/rest/register.do").is_some());
        assert!(take(&mut faults, "POST", "/payment/rest/deposit.do").is_none());
        assert!(take(&mut faults, "POST", "/payment/rest/register.do").is_some());
        assert!(take(&mut faults, "POST", "/payment/rest/register.do").is_none());
        assert!(faults.is_empty());
    }
}
