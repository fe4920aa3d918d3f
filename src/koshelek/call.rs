//! Koshelek Pay calls as sans-IO machines.
//!
//! [`KoshelekCall`] is one request with its retries. A typed call ([`KoshelekCall::endpoint`])
//! always carries its `requestId` (the caller's or a fresh one, see
//! [`super::api::call_request_id`]); the reference makes it the idempotency key ("a repeat with
//! the same requestId returns the first call's result"), so a POST is repeated after a lost
//! answer (timeout, dropped connection, 5xx, 429) with the same bytes and the same key, and only
//! when the retries are used up is it `OUTCOME_UNKNOWN` naming the key to repeat with. The answer
//! is returned with its `requestId` (added when the gateway's answer has none, as the receipt's
//! empty 200). A 200 that is a refusal is `GATEWAY_ERROR` ([`super::response::rejected`]).
//!
//! The escape hatch ([`KoshelekCall::new`]): GETs are retried on network errors, timeouts, 429
//! and 5xx; other methods are repeated after a lost answer only when their body carries a
//! `requestId`. Without a key only a 429 is repeated, and a lost answer is `OUTCOME_UNKNOWN`. A
//! non-GET answered with a 2xx body that is not JSON, or too large to read, is `OUTCOME_UNKNOWN`
//! too: something answered, and that proves nothing about the payment.
//!
//! [`AvailabilityInfo`] is `availabilityInfo`: the task, and for a 201 the reference's polling
//! (wait `timeout`, then GET every `pollingTimeout` until `computationComplete`) within a
//! deadline. [`wait_for_final_status`] follows the reference's polling rules for
//! transaction/status.

use serde_json::{json, Map, Value};

use super::api::call_request_id;
use super::api::{build, build_endpoint, request_id, Endpoint};
use super::config::{token_value, KoshelekConfig, Token};
use super::response::{parse, rejected, KoshelekErrorCode, PAYMENT_STATUSES};
use crate::error::GatewayDetails;
use crate::http::whole_number::whole_number;
use crate::http::{
    Exchange, ExchangeResult, Input, Jitter, Machine, Method, Poll, PollSchedule, Safety, Step,
};
use crate::options::client::{string_arg, BoxedCall, Call, Started};
use crate::options::Plain;
use crate::{Error, ErrorCode, Result};

/// One Koshelek Pay call: a typed endpoint or `request(method, path, body)`.
pub struct KoshelekCall {
    what: String,
    mutation: bool,
    typed: bool,
    request_id: Option<String>,
    http_status: Option<u16>,
    location: Option<String>,
    exchange: Exchange,
}

impl KoshelekCall {
    /// `request(method, path, body)`, the escape hatch (validation happens here, before any
    /// request exists).
    pub fn new(
        config: &KoshelekConfig,
        method: Method,
        path: &str,
        body: Option<&Map<String, Value>>,
        jitter: Jitter,
    ) -> Result<Self> {
        let request = build(config, method, path, body)?;
        let key = request_id(body).map(str::to_string);
        let safety = match (method, &key) {
            (Method::Get, _) => Safety::Repeatable,
            (_, Some(_)) => Safety::RepeatableWithKey,
            (_, None) => Safety::NotRepeatable,
        };
        Ok(Self {
            what: format!("{} {path}", method.as_str()),
            mutation: method != Method::Get,
            typed: false,
            request_id: key,
            http_status: None,
            location: None,
            exchange: Exchange::new(request, config.policy, safety, jitter, "koshelek"),
        })
    }

    /// A typed call of `endpoint` with `body` (see [`build_endpoint`]), keyed by `request_id`
    /// (POSTs) and sending `token` where the reference requires it.
    pub fn endpoint(
        config: &KoshelekConfig,
        endpoint: Endpoint,
        body: &Map<String, Value>,
        request_id: String,
        token: Option<&str>,
        jitter: Jitter,
    ) -> Result<Self> {
        let info = endpoint.info();
        let request = build_endpoint(config, endpoint, body, &request_id, token)?;
        let get = info.method == Method::Get;
        // Reads change nothing: repeated like any read, and a lost answer is that failure, not
        // OUTCOME_UNKNOWN. The others are keyed by their requestId.
        let read = matches!(
            endpoint,
            Endpoint::AvailabilityTask | Endpoint::AvailabilityPoll | Endpoint::TransactionStatus
        );
        let safety = if read {
            Safety::Repeatable
        } else {
            Safety::RepeatableWithKey
        };
        Ok(Self {
            what: info.client_method.to_string(),
            mutation: !read,
            typed: true,
            request_id: (!get).then_some(request_id),
            http_status: None,
            location: None,
            exchange: Exchange::new(request, config.policy, safety, jitter, "koshelek"),
        })
    }

    /// The call's `requestId` (typed POSTs, or the escape hatch's body's).
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The HTTP status of the answer, once there was one.
    pub fn http_status(&self) -> Option<u16> {
        self.http_status
    }

    /// The answer's `Location` header (the availability task's 201 names the poll URL there).
    pub fn location(&self) -> Option<&str> {
        self.location.as_deref()
    }

    fn unknown(&self, cause: &Error) -> Error {
        let repeat = match &self.request_id {
            Some(_) => "repeat it with the same requestId to get its result without doing it twice",
            None => "it was not repeated (the body has no requestId); check the transaction's state before trying again",
        };
        let key = self
            .request_id
            .as_deref()
            .map(|k| format!(" (requestId {k})"))
            .unwrap_or_default();
        Error::new(
            ErrorCode::OutcomeUnknown,
            format!(
                "Koshelek {}{key} may or may not have taken effect ({}: {}); {repeat}",
                self.what,
                cause.code(),
                cause.message()
            ),
        )
        .with_gateway(GatewayDetails {
            gateway: "koshelek",
            http_status: cause.gateway().and_then(|g| g.http_status),
            details: Some(
                json!({
                    "cause": cause.code().as_str(),
                    "causeMessage": cause.message(),
                    "requestId": self.request_id,
                })
                .to_string(),
            ),
            ..Default::default()
        })
    }

    /// Whether a failure after the exchange means "the answer was lost" for a mutation.
    fn lost(&self, e: &Error) -> bool {
        self.mutation && crate::http::exchange::is_lost_answer(e)
    }

    /// A typed call's answer: a refusal is `GATEWAY_ERROR`; else the answer with its
    /// `requestId`.
    fn typed_answer(&self, mut v: Value, status: u16) -> Result<Value> {
        if !self.typed {
            return Ok(v);
        }
        if let Some(e) = rejected(&self.what, &v, status) {
            return Err(e);
        }
        if let (Some(k), Some(o)) = (&self.request_id, v.as_object_mut()) {
            o.entry("requestId").or_insert_with(|| json!(k));
        }
        Ok(v)
    }
}

impl Machine for KoshelekCall {
    type Output = Value;

    fn resume(&mut self, input: Input, now_ms: u64) -> Step<Value> {
        match self.exchange.resume(input, now_ms) {
            Step::Send(r) => Step::Send(r),
            Step::Sleep(ms) => Step::Sleep(ms),
            Step::Done(Ok(ExchangeResult::Answered(r))) => {
                self.http_status = Some(r.status);
                self.location = r.header("location").map(str::to_string);
                match parse(&self.what, &r) {
                    Err(e) if self.lost(&e) => Step::Done(Err(self.unknown(&e))),
                    Ok(v) => Step::Done(self.typed_answer(v, r.status)),
                    other => Step::Done(other),
                }
            }
            Step::Done(Ok(ExchangeResult::Unknown(cause))) => Step::Done(Err(self.unknown(&cause))),
            Step::Done(Ok(ExchangeResult::Failed(e))) | Step::Done(Err(e)) if self.lost(&e) => {
                Step::Done(Err(self.unknown(&e)))
            }
            Step::Done(Ok(ExchangeResult::Failed(e))) | Step::Done(Err(e)) => Step::Done(Err(e)),
        }
    }
}

// ----- availabilityInfo ---------------------------------------------------------------------

/// How long `availabilityInfo` waits for a 201's result when the caller gives no deadline
/// (inferred: the reference gives no limit for the task; 30 s is its limit for a payment's
/// status).
pub const DEFAULT_AVAILABILITY_WAIT_MS: u64 = 30_000;
/// The pause between polls when an unfinished answer has no `pollingTimeout`, and the shortest
/// pause kassa makes whatever it says (so a `0` cannot make a busy loop).
pub const DEFAULT_POLLING_TIMEOUT_MS: u64 = 250;
/// The shortest pause between availability polls.
pub const MIN_POLLING_TIMEOUT_MS: u64 = 100;
/// The longest pause honoured (`timeout`/`pollingTimeout`); the deadline cuts it shorter.
pub const MAX_POLLING_TIMEOUT_MS: u64 = 60_000;

/// A pause the gateway asked for (milliseconds; the reference states ms for `pollingTimeout`
/// and no unit for `timeout`: read as ms, like its example `350`; a string must be a whole number,
/// `crate::http::whole_number`).
fn pause_of(v: Option<&Value>, default: u64, min: u64) -> u64 {
    v.and_then(|v| {
        v.as_f64()
            .or_else(|| v.as_str().and_then(whole_number).map(|n| n as f64))
    })
    .filter(|n| n.is_finite() && *n >= 0.0)
    .map_or(default, |n| n as u64)
    .clamp(min, MAX_POLLING_TIMEOUT_MS)
}

enum Stage {
    Task(KoshelekCall),
    Waiting,
    Polling(KoshelekCall),
    Done,
}

/// `availabilityInfo(req, { deadline })`: POST availability-info/task; a 200 is the answer; a
/// 201 (`availabilityInfoId`, `timeout`) is followed by GET availability-info/{id} after
/// `timeout` ms, then every `pollingTimeout` ms until `computationComplete` is `true` — built
/// from the base URL and the id, not from the `Location` header (kassa sends its credentials to
/// no address the answer names). At the deadline (default [`DEFAULT_AVAILABILITY_WAIT_MS`]
/// after the start) `TIMEOUT` with the last answer. The answer carries the task's `requestId`
/// (and, after polling, `availabilityInfoId`).
pub struct AvailabilityInfo {
    config: KoshelekConfig,
    stage: Stage,
    request_id: String,
    deadline_ms: Option<u64>,
    id: String,
    polls: u32,
    last: Option<Value>,
    jitter: Jitter,
}

impl AvailabilityInfo {
    /// Prepares the call (the task's request is built and checked here).
    pub fn new(
        config: &KoshelekConfig,
        body: &Map<String, Value>,
        request_id: String,
        token: Option<&str>,
        deadline_ms: Option<u64>,
        jitter: Jitter,
    ) -> Result<Self> {
        let task = KoshelekCall::endpoint(
            config,
            Endpoint::AvailabilityTask,
            body,
            request_id.clone(),
            token,
            jitter.clone(),
        )?;
        Ok(Self {
            config: config.clone(),
            stage: Stage::Task(task),
            request_id,
            deadline_ms,
            id: String::new(),
            polls: 0,
            last: None,
            jitter,
        })
    }

    fn timeout(&mut self) -> Step<Value> {
        self.stage = Stage::Done;
        Step::Done(Err(Error::new(
            ErrorCode::Timeout,
            format!(
                "Koshelek availabilityInfo (requestId {}): availabilityInfoId {} was not computed before the deadline after {} polls{}",
                self.request_id,
                self.id,
                self.polls,
                if self.last.is_some() { "; the last answer is in details" } else { "" }
            ),
        )
        .with_gateway(GatewayDetails {
            gateway: "koshelek",
            details: self.last.as_ref().map(Value::to_string),
            ..Default::default()
        })))
    }

    fn sleep(&mut self, ms: u64, now_ms: u64) -> Step<Value> {
        let deadline = self.deadline_ms.unwrap_or(u64::MAX);
        if now_ms >= deadline {
            return self.timeout();
        }
        self.stage = Stage::Waiting;
        Step::Sleep(ms.min(deadline - now_ms))
    }

    fn with_ids(&self, mut v: Value) -> Value {
        if let Some(o) = v.as_object_mut() {
            o.entry("requestId")
                .or_insert_with(|| json!(self.request_id));
            if !self.id.is_empty() {
                o.entry("availabilityInfoId")
                    .or_insert_with(|| json!(self.id));
            }
        }
        v
    }

    fn after_task(
        &mut self,
        v: Value,
        status: Option<u16>,
        location: Option<String>,
        now_ms: u64,
    ) -> Step<Value> {
        if status != Some(201) {
            self.stage = Stage::Done;
            return Step::Done(Ok(self.with_ids(v)));
        }
        // The body's id; else the last segment of `Location` when it is a plain id (only the id
        // is taken: the URL polled is always the base URL's).
        let from_location = location.and_then(|l| {
            let last = l.split(['?', '#']).next()?.rsplit('/').next()?.to_string();
            let plain = last
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            (plain && !last.is_empty()).then_some(Value::String(last))
        });
        let id = v
            .get("availabilityInfoId")
            .or(from_location.as_ref())
            .map(super::response::text)
            .filter(|s| !s.is_empty() && s.len() <= 256);
        let Some(id) = id else {
            self.stage = Stage::Done;
            return Step::Done(Err(Error::new(
                ErrorCode::MalformedResponse,
                "Koshelek availabilityInfo: the 201 answer has no availabilityInfoId to poll",
            )
            .with_gateway(GatewayDetails {
                gateway: "koshelek",
                http_status: Some(201),
                details: Some(v.to_string()),
                ..Default::default()
            })));
        };
        self.id = id;
        let wait = pause_of(v.get("timeout"), 0, 0);
        self.last = Some(v);
        self.sleep(wait, now_ms)
    }

    fn after_poll(&mut self, v: Value, now_ms: u64) -> Step<Value> {
        if v.get("computationComplete").and_then(Value::as_bool) == Some(true) {
            self.stage = Stage::Done;
            return Step::Done(Ok(self.with_ids(v)));
        }
        let wait = pause_of(
            v.get("pollingTimeout"),
            DEFAULT_POLLING_TIMEOUT_MS,
            MIN_POLLING_TIMEOUT_MS,
        );
        self.last = Some(v);
        self.sleep(wait, now_ms)
    }

    fn start_poll(&mut self, now_ms: u64) -> Step<Value> {
        if self.deadline_ms.is_some_and(|d| now_ms >= d) {
            return self.timeout();
        }
        self.polls += 1;
        let body: Map<String, Value> = [("availabilityInfoId".to_string(), json!(self.id))]
            .into_iter()
            .collect();
        let jitter = Jitter::new(self.jitter.below(u64::MAX));
        match KoshelekCall::endpoint(
            &self.config,
            Endpoint::AvailabilityPoll,
            &body,
            self.request_id.clone(),
            None,
            jitter,
        ) {
            Ok(mut call) => {
                let step = call.resume(Input::Start, now_ms);
                self.stage = Stage::Polling(call);
                self.forward(step, now_ms)
            }
            Err(e) => {
                self.stage = Stage::Done;
                Step::Done(Err(e))
            }
        }
    }

    fn forward(&mut self, step: Step<Value>, now_ms: u64) -> Step<Value> {
        match (step, &self.stage) {
            (Step::Done(Ok(v)), Stage::Task(call)) => {
                let (status, location) = (call.http_status(), call.location().map(str::to_string));
                self.after_task(v, status, location, now_ms)
            }
            (Step::Done(Ok(v)), _) => self.after_poll(v, now_ms),
            (Step::Done(Err(e)), _) => {
                self.stage = Stage::Done;
                Step::Done(Err(e))
            }
            (other, _) => other.pass_on(),
        }
    }
}

impl Machine for AvailabilityInfo {
    type Output = Value;

    fn resume(&mut self, input: Input, now_ms: u64) -> Step<Value> {
        if self.deadline_ms.is_none() {
            self.deadline_ms = Some(now_ms.saturating_add(DEFAULT_AVAILABILITY_WAIT_MS));
        }
        let step = match &mut self.stage {
            Stage::Task(call) | Stage::Polling(call) => call.resume(input, now_ms),
            Stage::Waiting => return self.start_poll(now_ms),
            Stage::Done => {
                return Step::Done(Err(Error::new(
                    ErrorCode::Internal,
                    "internal: availabilityInfo resumed after its end",
                )))
            }
        };
        self.forward(step, now_ms)
    }
}

// ----- waitForFinalStatus -------------------------------------------------------------------

/// Pending words of status answers besides the reference's non-final statuses (kept from the
/// emulator's and other integrations' older vocabularies; compared case-insensitively).
const LEGACY_PENDING: [&str; 6] = [
    "CREATED",
    "PROCESSING",
    "IN_PROCESS",
    "IN_PROGRESS",
    "WAITING",
    "STARTED",
];

/// True when a status answer is final: it has a `status` (or `state`) that is not a pending
/// value — not one of the reference's non-final statuses ([`PAYMENT_STATUSES`]: `new`,
/// `pending`, `refunding`, `none`), not empty (the reference: empty when the transaction is not
/// found) and not an older pending word. A value kassa does not know counts as final, so a new
/// status ends the wait and reaches the caller instead of running into the deadline.
pub fn is_settled(answer: &Value) -> bool {
    let s = answer
        .get("status")
        .or_else(|| answer.get("state"))
        .or_else(|| {
            answer
                .get("transaction")
                .and_then(|t| t.get("status").or_else(|| t.get("state")))
        })
        .and_then(Value::as_str);
    s.is_some_and(|s| {
        !s.is_empty()
            && !PAYMENT_STATUSES
                .iter()
                .any(|p| !p.is_final && p.name.eq_ignore_ascii_case(s))
            && !LEGACY_PENDING.iter().any(|p| p.eq_ignore_ascii_case(s))
    })
}

/// A status query whose `TRANSACTION_IN_PROCESSING` answer counts as "not final yet".
struct StatusQuery(KoshelekCall);

impl Machine for StatusQuery {
    type Output = Value;
    fn resume(&mut self, input: Input, now_ms: u64) -> Step<Value> {
        match self.0.resume(input, now_ms) {
            Step::Done(Err(e))
                if e.gateway()
                    .and_then(|g| g.error_code.as_deref())
                    .map(KoshelekErrorCode::parse)
                    == Some(KoshelekErrorCode::TransactionInProcessing) =>
            {
                Step::Done(Ok(json!({ "code": "TRANSACTION_IN_PROCESSING" })))
            }
            other => other,
        }
    }
}

/// The reference's polling rules for transaction/status (md §3.4): the first query 250 to 500
/// ms after the start, then at most one every 250 ms (kassa's pauses: 250–500, 500–1000, then
/// 1000–2000 ms); the cash desk waits at most 30 s, then cancels.
pub const FIRST_QUERY_MS: (u64, u64) = (250, 500);
/// The pause schedule between status queries (each pause at least half of its cap: ≥ 250 ms).
pub const STATUS_SCHEDULE: PollSchedule = PollSchedule {
    first_ms: 500,
    max_ms: 2_000,
};
/// The shortest backoff before a retry of one status query (so a retry is never sooner than
/// 250 ms either: [`crate::http::RetryPolicy::backoff_ms`] waits at least half of it).
pub const MIN_STATUS_RETRY_MS: u64 = 500;

/// The `requestId` of status query number `n` of a wait: a UUID from SHA-256 of the wait's
/// random seed and `n`. Each query is a new request (a repeated requestId would get the first
/// query's answer back forever); its retries keep it.
pub fn query_request_id(seed: &[u8; 16], n: u64) -> String {
    let mut input = seed.to_vec();
    input.extend_from_slice(&n.to_le_bytes());
    let digest = crate::crypto::sha256(&input);
    let mut random = [0u8; 16];
    random.copy_from_slice(&digest[..16]);
    crate::http::request_id(random)
}

/// `waitForFinalStatus(transactionId, { deadline })`: transaction/status queries following the
/// reference's rules ([`FIRST_QUERY_MS`], [`STATUS_SCHEDULE`]) until [`is_settled`]; at the
/// deadline `TIMEOUT`, whose message says that the reference expects a cancel now. A rejected
/// payment with an `errorCode` ends the wait with `GATEWAY_ERROR` (the reference's 200 refusal).
pub struct WaitForFinalStatus {
    first: u64,
    started: bool,
    deadline_ms: u64,
    transaction_id: String,
    poll: Poll,
}

/// Builds the wait: `seed` gives each query its own `requestId` ([`query_request_id`]).
pub fn wait_for_final_status(
    config: &KoshelekConfig,
    transaction_id: &str,
    deadline_ms: u64,
    seed: [u8; 16],
    mut jitter: Jitter,
) -> WaitForFinalStatus {
    let mut config = config.clone();
    config.policy.base_delay_ms = config.policy.base_delay_ms.max(MIN_STATUS_RETRY_MS);
    let (lo, hi) = FIRST_QUERY_MS;
    let first = lo + jitter.below(hi - lo + 1);
    let body: Map<String, Value> = [("transactionId".to_string(), json!(transaction_id))]
        .into_iter()
        .collect();
    let mut n = 0u64;
    let build = move |jitter| {
        n += 1;
        KoshelekCall::endpoint(
            &config,
            Endpoint::TransactionStatus,
            &body,
            query_request_id(&seed, n),
            None,
            jitter,
        )
        .map(StatusQuery)
    };
    let poll = Poll::over(
        build,
        is_settled,
        deadline_ms,
        STATUS_SCHEDULE,
        jitter,
        "koshelek",
    );
    WaitForFinalStatus {
        first,
        started: false,
        deadline_ms,
        transaction_id: transaction_id.to_string(),
        poll,
    }
}

impl WaitForFinalStatus {
    fn timeout_says_cancel(&self, e: Error) -> Error {
        if e.code() != ErrorCode::Timeout || e.gateway().is_some_and(|g| g.http_status.is_some()) {
            return e;
        }
        let message = format!(
            "Koshelek transaction {}: {}. The reference expects the cash desk to cancel the payment now (KoshelekClient.cancel({{ transactionId }})) and to stop polling",
            self.transaction_id,
            e.message()
        );
        match e.gateway().cloned() {
            Some(g) => Error::new(ErrorCode::Timeout, message).with_gateway(g),
            None => Error::new(ErrorCode::Timeout, message),
        }
    }
}

impl Machine for WaitForFinalStatus {
    type Output = Value;

    fn resume(&mut self, input: Input, now_ms: u64) -> Step<Value> {
        let input = if self.started {
            input
        } else {
            // The first query waits 250–500 ms (never past the deadline).
            let wait = self.first.min(self.deadline_ms.saturating_sub(now_ms));
            if input == Input::Start && wait > 0 {
                return Step::Sleep(wait);
            }
            self.started = true;
            Input::Start
        };
        match self.poll.resume(input, now_ms) {
            Step::Done(Err(e)) => Step::Done(Err(self.timeout_says_cancel(e))),
            other => other,
        }
    }
}

/// Builds a call with the `token` (if any).
type Build = dyn FnOnce(Option<&str>) -> Result<BoxedCall>;

/// `KoshelekClient.{method}(...)`: `request(method, path, body?)`, `waitForFinalStatus`,
/// `availabilityInfo(req, { deadline }?)` or a typed call with its `req`; the `token` is asked
/// for ([`Started::WithToken`]) only where the reference requires it and it is a function.
pub fn start(config: &KoshelekConfig, token: &Token, call: &mut Call) -> Result<Started> {
    let jitter = call.jitter();
    let endpoint = match call.method {
        "request" => {
            let method = match call.value(0) {
                Plain::Text(m) if m.len() <= 10 => Method::parse(&m),
                _ => None,
            };
            let method = method.ok_or_else(|| {
                Error::new(
                    ErrorCode::InvalidArgument,
                    "method must be GET, POST, PUT, PATCH or DELETE",
                )
            })?;
            let what = "KoshelekClient.request(method, path): path";
            let path = string_arg(&call.value(1), what)?.ok_or_else(|| {
                Error::new(
                    ErrorCode::InvalidArgument,
                    format!("{what} must be a string"),
                )
            })?;
            let body = call.body(2, "method, path, body")?;
            let c = KoshelekCall::new(config, method, &path, Some(&body), jitter)?;
            return Ok(Started::Call(Box::new(c)));
        }
        "waitForFinalStatus" => {
            let id = call.id(0, "transactionId")?;
            let deadline = call.deadline(1, true)?.unwrap_or_default();
            let wait = wait_for_final_status(config, &id, deadline, call.random, jitter);
            return Ok(Started::Call(Box::new(wait)));
        }
        "availabilityInfo" => Endpoint::AvailabilityTask,
        "checkout" => Endpoint::Checkout,
        "transactionStatus" => Endpoint::TransactionStatus,
        "receipt" => Endpoint::Receipt,
        "cancel" => Endpoint::Cancel,
        _ => Endpoint::Refund,
    };
    let body = call.body(0, "req")?;
    let request_id = call_request_id(&body, call.random)?;
    let config = config.clone();
    let build: Box<Build> = if endpoint == Endpoint::AvailabilityTask {
        let deadline = call.deadline(1, false)?;
        Box::new(move |t| {
            let c = AvailabilityInfo::new(&config, &body, request_id, t, deadline, jitter)?;
            Ok(Box::new(c) as BoxedCall)
        })
    } else {
        Box::new(move |t| {
            let c = KoshelekCall::endpoint(&config, endpoint, &body, request_id, t, jitter)?;
            Ok(Box::new(c) as BoxedCall)
        })
    };
    match token {
        Token::Function if endpoint.info().token => Ok(Started::WithToken(Box::new(move |v| {
            build(Some(&token_value(v)?))
        }))),
        Token::Text(t) if endpoint.info().token => build(Some(t)).map(Started::Call),
        _ => build(None).map(Started::Call),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::http::{run_scripted, HttpResponse, RetryPolicy};

    #[test]
    fn pauses_the_gateway_asks_for_numbers_or_whole_number_strings_else_the_default() {
        use serde_json::json;
        let pause = |v: Value| pause_of(Some(&v), 250, 100);
        assert_eq!(pause(json!(350)), 350);
        assert_eq!(pause(json!(350.7)), 350);
        assert_eq!(pause(json!("350")), 350);
        assert_eq!(pause(json!(" 350.0 ")), 350);
        assert_eq!(pause(json!(5)), 100, "raised to the minimum");
        assert_eq!(pause(json!(1e300)), MAX_POLLING_TIMEOUT_MS, "capped");
        assert_eq!(
            pause(json!("99999999999999999999999")),
            250,
            "beyond i64: the default"
        );
        for bad in [
            json!("350.5"),
            json!("3.5e2"),
            json!(""),
            json!("x"),
            json!(-1),
            json!("-1"),
            json!(null),
            json!(true),
            json!([350]),
            json!({"ms": 350}),
            json!("x".repeat(100_000)),
        ] {
            assert_eq!(pause(bad.clone()), 250, "{bad}");
        }
        assert_eq!(pause_of(None, 250, 100), 250);
    }

    /// A call of the escape hatch with the test config.
    fn call(method: Method, path: &str, body: Option<&Map<String, Value>>) -> KoshelekCall {
        KoshelekCall::new(&config(), method, path, body, Jitter::new(1)).unwrap()
    }

    fn config() -> KoshelekConfig {
        KoshelekConfig {
            base_url: "https://k.test/p/".into(),
            login: "l".into(),
            password: "p".into(),
            store_id: "1".into(),
            terminal_id: "t".into(),
            policy: RetryPolicy::default(),
        }
    }

    #[test]
    fn posts_are_not_repeated_on_unknown_outcome_but_gets_are() {
        let mut c = call(Method::Post, "checkout", None);
        let (steps, r) = run_scripted(&mut c, [Input::Timeout]);
        assert_eq!(steps.len(), 1);
        assert_eq!(r.unwrap_err().code(), ErrorCode::OutcomeUnknown);
        let mut c = call(Method::Get, "transactions/1", None);
        let (steps, r) = run_scripted(
            &mut c,
            [
                Input::Timeout,
                Input::Response(HttpResponse::new(200, "{}")),
            ],
        );
        assert_eq!(steps.len(), 3);
        assert!(r.is_ok());
    }

    #[test]
    fn posts_with_a_request_id_are_repeated_with_the_same_key_and_bytes() {
        let body = json!({"requestId": "ab182f20-9c5a-11ea-ab12-0800200c9a66", "amount": 100});
        let mut c = call(Method::Post, "checkout", body.as_object());
        let (steps, r) = run_scripted(
            &mut c,
            [
                Input::Timeout,
                Input::NetworkError("reset".into()),
                Input::Response(HttpResponse::new(502, "")),
                Input::Response(HttpResponse::new(200, r#"{"transactionId":"t"}"#)),
            ],
        );
        assert_eq!(r.unwrap()["transactionId"], "t");
        let sent: Vec<_> = steps
            .iter()
            .filter_map(|s| if let Step::Send(r) = s { Some(r) } else { None })
            .collect();
        assert_eq!(sent.len(), 4);
        assert!(sent.iter().all(|r| r.body == sent[0].body));
        let first: Value = serde_json::from_slice(&sent[0].body).unwrap();
        assert_eq!(first["requestId"], "ab182f20-9c5a-11ea-ab12-0800200c9a66");

        // Retries used up: OUTCOME_UNKNOWN naming the key.
        let mut c = call(Method::Post, "checkout", body.as_object());
        let (steps, r) = run_scripted(&mut c, std::iter::repeat_with(|| Input::Timeout).take(9));
        assert_eq!(
            steps.iter().filter(|s| matches!(s, Step::Send(_))).count(),
            4
        );
        let e = r.unwrap_err();
        assert_eq!(e.code(), ErrorCode::OutcomeUnknown);
        let d: Value =
            serde_json::from_str(e.gateway().unwrap().details.as_deref().unwrap()).unwrap();
        assert_eq!(d["requestId"], "ab182f20-9c5a-11ea-ab12-0800200c9a66");
        assert_eq!(d["cause"], "TIMEOUT");
    }

    #[test]
    fn posts_without_a_key_are_never_repeated_after_a_lost_or_unreadable_answer() {
        for input in [
            Input::Timeout,
            Input::NetworkError("reset".into()),
            Input::Response(HttpResponse::new(500, "")),
            Input::Response(HttpResponse::new(200, "<html>proxy</html>")),
            Input::Malformed("not a Response".into()),
            Input::TooLarge { status: 200 },
        ] {
            let body = json!({"amount": 100});
            let mut c = call(Method::Post, "checkout", body.as_object());
            let (steps, r) = run_scripted(&mut c, [input.clone(), input.clone()]);
            assert_eq!(steps.len(), 1, "{input:?}");
            assert_eq!(
                r.unwrap_err().code(),
                ErrorCode::OutcomeUnknown,
                "{input:?}"
            );
        }
        // A redirect is refused, never followed or repeated.
        let mut c = call(Method::Post, "checkout", None);
        let (steps, r) = run_scripted(
            &mut c,
            [Input::Response(
                HttpResponse::new(302, "").with_header("location", "https://evil.example/x?y"),
            )],
        );
        assert_eq!(steps.len(), 1);
        assert_eq!(r.unwrap_err().code(), ErrorCode::RedirectRefused);
    }

    #[test]
    fn wait_treats_in_processing_as_pending() {
        let mut p = wait_for_final_status(&config(), "t-1", u64::MAX, [7; 16], Jitter::new(3));
        let (steps, r) = run_scripted(
            &mut p,
            [
                Input::Response(HttpResponse::new(
                    422,
                    r#"{"code":"TRANSACTION_IN_PROCESSING"}"#,
                )),
                Input::Response(HttpResponse::new(200, r#"{"status":"pending"}"#)),
                Input::Response(HttpResponse::new(200, r#"{"status":"accepted","x":1}"#)),
            ],
        );
        assert_eq!(r.unwrap()["status"], "accepted");
        let ids: Vec<String> = steps
            .iter()
            .filter_map(|s| match s {
                Step::Send(r) => Some(
                    serde_json::from_slice::<Value>(&r.body).unwrap()["requestId"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                ),
                _ => None,
            })
            .collect();
        assert_eq!(ids.len(), 3);
        assert!(
            ids[0] != ids[1] && ids[1] != ids[2],
            "one requestId per query"
        );
    }
}
