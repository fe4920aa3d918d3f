//! The API clients' options and call arguments, read from their [`Plain`] trees: the options
//! every client shares (`fetch`, `timeoutMs`, `maxRetries`, `maxResponseBytes`,
//! `dangerouslyAllowBrowser`), the RBS client's configuration, and one call path for every
//! method of the three clients: [`dispatch::Client::start`] asks an [`Arguments`] reader for each argument
//! in the form it needs (an id, a JSON body, one option of an options object) and answers a boxed
//! call machine, or asks for the Koshelek `token` first ([`Started::WithToken`]). Messages name
//! the option or argument, never its value (it may be a secret).

use serde_json::{Map, Value};

pub mod dispatch;

use super::{Max, Options, Plain, Spec};
use crate::http::whole_number::whole_number;
use crate::http::{Jitter, Machine, RetryPolicy};
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
        Plain::Text(s) if s.len() <= 20 => whole_number(s).map(|n| n as f64),
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

/// A call machine behind one pointer type: one driver serves every method.
pub type BoxedCall = Box<dyn Machine<Output = Value>>;

/// The rest of a call once the `token()` function's value is known.
pub type AfterToken = Box<dyn FnOnce(&Plain) -> Result<BoxedCall>>;

/// What a method call starts.
pub enum Started {
    /// The call machine, ready to drive.
    Call(BoxedCall),
    /// The call, once the caller's `token()` function was called and awaited: its value (or
    /// [`Plain::Threw`] when it threw or its promise rejected) is handed to the continuation.
    WithToken(AfterToken),
}

/// Why a call's object argument could not be read as JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyError {
    /// A revoked Proxy (`Array.isArray` threw).
    Unreadable,
    /// Not an object, or an array.
    NotObject,
    /// `JSON.stringify` threw (a BigInt, a cycle, a throwing getter or Proxy).
    NoJson,
    /// Its JSON is longer than [`MAX_REQUEST_JSON_CHARS`].
    TooLarge,
    /// Its JSON nests deeper than the parser reads.
    TooDeep,
    /// It is no plain object as JSON (a `toJSON` answering something else).
    NotPlain,
}

/// The largest call object accepted, as JSON text in UTF-16 units.
pub const MAX_REQUEST_JSON_CHARS: usize = 4 << 20;

impl BodyError {
    /// The error for argument `what` (e.g. `RbsClient.register(request)`).
    pub fn error(self, what: &str) -> Error {
        invalid(match self {
            BodyError::Unreadable => format!("{what} could not be read (a revoked Proxy?)"),
            BodyError::NotObject => format!("{what} must be an object"),
            BodyError::NoJson => format!(
                "{what} cannot be turned into JSON: it holds a BigInt, a cycle, or a getter or Proxy that throws"
            ),
            BodyError::TooLarge => {
                format!("{what} is larger than {MAX_REQUEST_JSON_CHARS} characters as JSON")
            }
            BodyError::TooDeep => {
                format!("{what} cannot be read as JSON (nested more than 128 levels deep?)")
            }
            BodyError::NotPlain => format!("{what} must be a plain object"),
        })
    }
}

/// A method's arguments, each read in the form the core asks for (the wasm layer reads JS
/// values; a native caller or a test hands over trees).
pub trait Arguments {
    /// Argument `i` as a tree (absent: `Undefined`).
    fn value(&mut self, i: usize) -> Plain;
    /// Argument `i` as a JSON object (`undefined`/`null`: `{}`).
    fn object(&mut self, i: usize) -> std::result::Result<Map<String, Value>, BodyError>;
    /// `args[i][key]` as a tree (`Threw` when reading it threw; `Undefined` when `args[i]` is
    /// no object). With `date`, a `Date` is its epoch milliseconds (`Date.prototype.getTime`)
    /// and another object is `Unread`.
    fn option(&mut self, i: usize, key: &str, date: bool) -> Plain;
}

/// One call of `{class}.{method}`: its arguments, read on demand, and the random bytes the
/// driver drew for it (request ids, jitter).
pub struct Call<'a> {
    /// The class (`RbsClient`).
    pub class: &'static str,
    /// The method (`getOrder`).
    pub method: &'a str,
    args: &'a mut dyn Arguments,
    /// 16 random bytes for fresh request ids.
    pub random: [u8; 16],
    seed: u64,
}

impl<'a> Call<'a> {
    /// A call with `random` (32 random bytes: request ids, then the jitter's seed).
    pub fn new(
        class: &'static str,
        method: &'a str,
        args: &'a mut dyn Arguments,
        random: [u8; 32],
    ) -> Self {
        let (ids, rest) = random.split_at(16);
        let mut seed = [0u8; 8];
        seed.copy_from_slice(&rest[..8]);
        let mut r = [0u8; 16];
        r.copy_from_slice(ids);
        Self {
            class,
            method,
            args,
            random: r,
            seed: u64::from_le_bytes(seed),
        }
    }

    /// The jitter of the call's retries and polls.
    pub fn jitter(&self) -> Jitter {
        Jitter::new(self.seed)
    }

    fn what(&self, args: &str) -> String {
        format!("{}.{}({args})", self.class, self.method)
    }

    /// Argument `i`, an id named by the argument list `args` (`"id"`, `"id, tspCode"`).
    pub fn id(&mut self, i: usize, args: &str) -> Result<String> {
        let v = self.args.value(i);
        id(&v, &self.what(args))
    }

    /// Argument `i` as a tree.
    pub fn value(&mut self, i: usize) -> Plain {
        self.args.value(i)
    }

    /// Argument `i`, a JSON object named by the argument list `args` (`"request"`).
    pub fn body(&mut self, i: usize, args: &str) -> Result<Map<String, Value>> {
        let what = self.what(args);
        self.args.object(i).map_err(|e| e.error(&what))
    }

    /// `{ deadline }` of argument `i`: a `Date` or epoch milliseconds; `None` when absent and
    /// not `required`.
    pub fn deadline(&mut self, i: usize, required: bool) -> Result<Option<u64>> {
        match self.args.option(i, "deadline", true) {
            Plain::Threw => Err(unreadable("deadline")),
            v if v.is_absent() && !required => Ok(None),
            Plain::Number(n) if n.is_finite() && n >= 0.0 => Ok(Some(n as u64)),
            _ => Err(invalid(
                "waitForFinalStatus needs { deadline }: a Date or epoch milliseconds (e.g. Date.now() + 15 * 60_000)".into(),
            )),
        }
    }

    /// `{ requestId }` of argument `i` (a string, or an integer as its digits); a fresh UUID
    /// when absent or empty.
    pub fn request_id(&mut self, i: Option<usize>) -> Result<String> {
        let v = match i {
            Some(i) => self.args.option(i, "requestId", false),
            None => Plain::Undefined,
        };
        let given = match v {
            Plain::Threw => return Err(unreadable("requestId")),
            Plain::Number(n) => integer_text(n),
            v => string_arg(&v, "options.requestId")?,
        };
        Ok(given
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| crate::http::request_id(self.random)))
    }
}

fn unreadable(key: &str) -> Error {
    invalid(format!(
        "options.{key} could not be read (its getter or a Proxy threw)"
    ))
}

/// An integer number as its digits (`None` for another number).
pub fn integer_text(n: f64) -> Option<String> {
    (n.is_finite() && n.fract() == 0.0 && n.abs() < 9.0e15).then(|| (n as i64).to_string())
}

/// A string argument named `what` (absent: `None`), at most [`MAX_STRING_CHARS`] long.
pub fn string_arg(v: &Plain, what: &str) -> Result<Option<String>> {
    match v {
        v if v.is_absent() => Ok(None),
        Plain::Text(s) | Plain::Broken(s) => Ok(Some(s.clone())),
        Plain::Long(_) => Err(invalid(format!(
            "{what} is longer than {MAX_STRING_CHARS} characters"
        ))),
        _ => Err(invalid(format!("{what} must be a string"))),
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
