//! The API clients' options, read from their [`Plain`] trees: the options every client shares
//! (`fetch`, `timeoutMs`, `maxRetries`, `maxResponseBytes`, `dangerouslyAllowBrowser`), the RBS
//! client's configuration and call arguments (ids). Messages name the option, never its value
//! (it may be a secret).

use super::{Max, Options, Plain, Spec};
use crate::http::RetryPolicy;
use crate::rbs::config::{base_url, Auth, RbsConfig};
use crate::rbs::signing::RequestSigner;
use crate::rbs::OrderStatus;
use crate::{Error, ErrorCode, Result};

/// The longest string option or argument accepted, in UTF-16 units (PEM keys are a few KB).
pub const MAX_STRING_CHARS: usize = 1 << 20;
/// The longest `timeoutMs` (what `setTimeout` can wait: 2^31 - 1 ms, about 24.8 days).
pub const MAX_TIMEOUT_MS: u64 = 2_147_483_647;

/// The options every client reads.
pub const COMMON_OPTIONS: &[&str] = &[
    "dangerouslyAllowBrowser",
    "fetch",
    "timeoutMs",
    "maxRetries",
    "maxResponseBytes",
];
/// The RBS client's own options.
pub const RBS_CLIENT_OPTIONS: &[&str] = &[
    "environment",
    "baseUrl",
    "userName",
    "password",
    "token",
    "signer",
];

/// The reader's bounds for a client's options object (or one call argument, with no names).
pub const fn client_spec(names: Option<&'static [&'static str]>) -> Spec {
    Spec {
        props: names,
        values: false,
        depth: 2,
        entries: 64,
        strings: MAX_STRING_CHARS,
        total: 8 * MAX_STRING_CHARS,
    }
}

fn invalid(message: String) -> Error {
    Error::new(ErrorCode::InvalidArgument, message)
}

fn integer(o: &Options, key: &str, min: u64, max: u64) -> Result<Option<u64>> {
    match o.get(key)? {
        v if v.is_absent() => Ok(None),
        Plain::Number(n) if n.fract() == 0.0 && *n >= min as f64 && *n <= max as f64 => {
            Ok(Some(*n as u64))
        }
        _ => Err(invalid(format!(
            "options.{key} must be an integer from {min} to {max}"
        ))),
    }
}

/// The shared options of `new {class}(options)` (read with `client_spec(Some(COMMON_OPTIONS))`):
/// the retry policy; `SECRETS_IN_BROWSER` in a browser page (`in_browser`) unless
/// `dangerouslyAllowBrowser: true`; `fetch` must be a function when given (the wasm layer takes
/// it).
pub fn common(tree: &Plain, class: &str, in_browser: bool) -> Result<RetryPolicy> {
    if !matches!(tree, Plain::Record { .. }) {
        return Err(invalid(format!(
            "new {class}(options): options must be an object"
        )));
    }
    let o = Options::loose(tree, class, COMMON_OPTIONS)?;
    let allow = matches!(o.get("dangerouslyAllowBrowser")?, Plain::Bool(true));
    if !allow && in_browser {
        return Err(Error::new(
            ErrorCode::SecretsInBrowser,
            format!(
                "new {class}() was called in a browser page: its credentials would be visible to every visitor. \
                 Call the gateway from your server or edge worker; if you really mean it, pass dangerouslyAllowBrowser: true"
            ),
        ));
    }
    if !matches!(
        o.get("fetch")?,
        Plain::Function | Plain::Undefined | Plain::Null
    ) {
        return Err(invalid("options.fetch must be a function".into()));
    }
    let mut policy = RetryPolicy::default();
    if let Some(t) = integer(&o, "timeoutMs", 1, MAX_TIMEOUT_MS)? {
        policy.timeout_ms = t;
    }
    if let Some(r) = integer(&o, "maxRetries", 0, 1 << 53)? {
        policy.max_retries = r.min(20) as u32;
    }
    if let Some(m) = integer(&o, "maxResponseBytes", 1, 1 << 53)? {
        policy.max_response_bytes = m;
    }
    Ok(policy)
}

/// An optional string option of a client (`INVALID_ARGUMENT` when not a string).
pub fn string(o: &Options, key: &str) -> Result<Option<String>> {
    let max = Max::Short(MAX_STRING_CHARS);
    o.opt_string(key, max)
        .map_err(|_| invalid(format!("options.{key} must be a string")))
}

/// A base-URL option: a string of at most 2,048 bytes (`INVALID_URL` above: the base-URL rule's
/// own limit, [`crate::http::base_url::MAX_BASE_URL_LEN`]).
pub fn base_url_option(o: &Options, key: &str) -> Result<Option<String>> {
    o.opt_string(key, Max::BaseUrl)
}

/// A required, non-empty string option of `new {class}(...)`.
pub fn required(o: &Options, key: &str, class: &str) -> Result<String> {
    string(o, key)?
        .filter(|s| !s.is_empty())
        .ok_or_else(|| invalid(format!("new {class}({{ {key} }}): {key} is required")))
}

/// `new RbsClient(options)` (read with `client_spec(Some(RBS_CLIENT_OPTIONS))`) with the shared
/// `policy`: the base URL (environment preset or `baseUrl`), the credentials, the request signer.
pub fn rbs_config(tree: &Plain, policy: RetryPolicy) -> Result<RbsConfig> {
    let o = Options::loose(tree, "new RbsClient", RBS_CLIENT_OPTIONS)?;
    let base = base_url(
        string(&o, "environment")?.as_deref(),
        base_url_option(&o, "baseUrl")?.as_deref(),
    )?;
    let auth = Auth::from_options(
        string(&o, "userName")?,
        string(&o, "password")?,
        string(&o, "token")?,
    )?;
    let signer = match o.get("signer")? {
        v if v.is_absent() => None,
        v => {
            let field = |k: &str| match v.entry(k) {
                Plain::Threw => Err(invalid(format!("options.signer.{k} could not be read"))),
                Plain::Undefined | Plain::Null => Ok(None),
                s => super::text(s, Max::Short(MAX_STRING_CHARS), "options.signer", k, false)
                    .map(Some),
            };
            let pem = field("privateKey")?.unwrap_or_default();
            Some(RequestSigner::from_pem(
                &pem,
                field("passphrase")?.as_deref(),
            )?)
        }
    };
    Ok(RbsConfig {
        base_url: base,
        auth,
        policy,
        signer,
    })
}

/// An `orderStatus` argument: an integer (a number, or a string of digits as some answers send
/// it); anything else is `INVALID_ARGUMENT`.
pub fn order_status(v: &Plain) -> Result<OrderStatus> {
    let n = match v {
        Plain::Number(n) => Some(*n),
        Plain::Text(s) if s.len() <= 20 => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    match n {
        Some(n) if n.is_finite() && n.fract() == 0.0 && n.abs() < 9.0e15 => {
            Ok(OrderStatus::from_code(n as i64))
        }
        _ => Err(invalid(
            "orderStatus must be an integer (0-6 are the known statuses)".into(),
        )),
    }
}

/// An id argument: a non-empty string of at most 1024 characters, or a non-negative integer.
pub fn id(v: &Plain, what: &str) -> Result<String> {
    match v {
        Plain::Text(s) | Plain::Broken(s) if !s.is_empty() && s.len() <= 1024 => Ok(s.clone()),
        Plain::Number(n) if *n >= 0.0 && n.fract() == 0.0 && *n < 9.0e15 => {
            Ok((*n as u64).to_string())
        }
        _ => Err(invalid(format!(
            "{what} must be a non-empty string (at most 1024 characters) or a non-negative integer"
        ))),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use Plain as P;

    #[test]
    fn common_options() {
        let p = common(&P::record(vec![]), "C", false).unwrap();
        assert_eq!(p.max_retries, RetryPolicy::default().max_retries);
        let code = |tree: Plain, browser: bool| common(&tree, "C", browser).err().unwrap().code();
        assert_eq!(code(Plain::Undefined, false), ErrorCode::InvalidArgument);
        assert_eq!(code(P::record(vec![]), true), ErrorCode::SecretsInBrowser);
        assert!(common(&P::record(vec![Plain::Bool(true)]), "C", true).is_ok());
        let fetch = P::record(vec![Plain::Undefined, Plain::Text("f".into())]);
        assert_eq!(code(fetch, false), ErrorCode::InvalidArgument);
        for bad in [0.0, -1.0, 1.5, f64::NAN, 2f64.powi(40)] {
            let t = P::record(vec![Plain::Undefined, Plain::Undefined, Plain::Number(bad)]);
            assert_eq!(code(t, false), ErrorCode::InvalidArgument, "{bad}");
        }
        let ok = P::record(vec![
            Plain::Undefined,
            Plain::Function,
            Plain::Number(5.0),
            Plain::Number(99.0),
        ]);
        let p = common(&ok, "C", false).unwrap();
        assert_eq!((p.timeout_ms, p.max_retries), (5, 20));
        assert_eq!(
            code(P::record(vec![Plain::Threw]), false),
            ErrorCode::InvalidArgument
        );
    }

    #[test]
    fn rbs_config_and_ids() {
        let t = |s: &str| Plain::Text(s.into());
        let c = rbs_config(
            &P::record(vec![
                Plain::Undefined,
                Plain::Undefined,
                Plain::Undefined,
                Plain::Undefined,
                t("tok"),
            ]),
            RetryPolicy::default(),
        )
        .unwrap();
        assert_eq!(c.auth, Auth::Token("tok".into()));
        let e = rbs_config(&P::record(vec![t("nope")]), RetryPolicy::default())
            .err()
            .unwrap();
        assert_eq!(e.code(), ErrorCode::InvalidArgument);
        let e = rbs_config(&P::record(vec![Plain::Number(1.0)]), RetryPolicy::default())
            .err()
            .unwrap();
        assert_eq!(e.message(), "options.environment must be a string");
        assert_eq!(id(&t("o-1"), "x").unwrap(), "o-1");
        assert_eq!(id(&Plain::Number(42.0), "x").unwrap(), "42");
        for bad in [
            t(""),
            Plain::Number(-1.0),
            Plain::Number(0.5),
            Plain::Null,
            Plain::Long(1 << 21),
        ] {
            assert_eq!(
                id(&bad, "x").err().unwrap().code(),
                ErrorCode::InvalidArgument
            );
        }
    }
}
