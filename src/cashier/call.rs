//! One Mobile Cashier call as a sans-IO machine: log in when there is no access token or it
//! expires within a minute, send the call with its `x-req-id` (the same for every retry; POSTs
//! are retried on network errors, timeouts, 429 and 5xx because the gateway deduplicates by that
//! key for 60 minutes), and on a 401 log in once more and resend (the same `x-req-id`).
//!
//! Every repeat of a POST carries its one key; GETs carry none and are reads. When a POST's
//! answer stays lost after the retries (timeouts, dropped connections, 5xx), or arrives but cannot
//! be read (a 2xx body that is not JSON, or larger than `maxResponseBytes`), the call ends in
//! `OUTCOME_UNKNOWN` with the `requestId` in `details`: repeating the call with that `requestId`
//! within 60 minutes returns the first answer without doing it twice.

use serde_json::{json, Map, Value};

use super::api::{build, endpoint, Endpoint};
use super::config::CashierConfig;
use super::response::parse;
use super::session::SharedSession;
use super::status::is_settled;
use crate::http::{
    Exchange, ExchangeResult, HttpRequest, Input, Jitter, Machine, Method, Poll, PollSchedule,
    Safety, Step,
};
use crate::options::client::{BoxedCall, Call, Started};
use crate::{Error, ErrorCode, Result};

enum Phase {
    Idle,
    Login(Exchange),
    Main(Exchange),
}

/// A call to one Mobile Cashier endpoint.
pub struct CashierCall {
    config: CashierConfig,
    endpoint: &'static Endpoint,
    request: HttpRequest,
    request_id: Option<String>,
    session: SharedSession,
    jitter: Jitter,
    relogged: bool,
    phase: Phase,
}

impl CashierCall {
    /// Prepares a call. `id` and `tsp_code` fill path parameters; `body` is the call's object;
    /// `request_id` is the call's `x-req-id` (used for POSTs, also by every retry).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        config: CashierConfig,
        session: SharedSession,
        method: &str,
        id: Option<&str>,
        tsp_code: Option<&str>,
        body: &Map<String, Value>,
        request_id: String,
        jitter: Jitter,
    ) -> Result<Self> {
        let endpoint = endpoint(method)?;
        let body = if method == "login" {
            let mut b = Map::new();
            b.insert("login".into(), Value::String(config.login.clone()));
            b.insert("password".into(), Value::String(config.password.clone()));
            b
        } else {
            body.clone()
        };
        let mut request = build(
            &config.base_url,
            endpoint,
            id,
            tsp_code,
            &body,
            config.policy.timeout_ms,
        )?;
        let request_id = (endpoint.http != Method::Get).then_some(request_id);
        if let Some(k) = &request_id {
            check_request_id(k)?;
        }
        if let Some(k) = &request_id {
            request = request.header("x-req-id", k.clone());
        }
        Ok(Self {
            config,
            endpoint,
            request,
            request_id,
            session,
            jitter,
            relogged: false,
            phase: Phase::Idle,
        })
    }

    /// The `x-req-id` of this call (POSTs only).
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    fn exchange(&self, request: HttpRequest) -> Exchange {
        let safety = if request.header_value("x-req-id").is_some() {
            Safety::RepeatableWithKey
        } else {
            Safety::Repeatable
        };
        Exchange::new(
            request,
            self.config.policy,
            safety,
            self.jitter.clone(),
            "cashier",
        )
        .retry_on_conflict()
    }

    /// A call that changes state (every POST but `login`).
    fn mutation(&self) -> bool {
        self.request_id.is_some() && self.endpoint.method != "login"
    }

    fn start_login(&mut self, now_ms: u64) -> Step<Value> {
        let login = endpoint("login").and_then(|ep| {
            let mut b = Map::new();
            b.insert("login".into(), Value::String(self.config.login.clone()));
            b.insert(
                "password".into(),
                Value::String(self.config.password.clone()),
            );
            build(
                &self.config.base_url,
                ep,
                None,
                None,
                &b,
                self.config.policy.timeout_ms,
            )
        });
        match login {
            Ok(req) => {
                let mut ex = self.exchange(req);
                let step = ex.resume(Input::Start, now_ms);
                self.phase = Phase::Login(ex);
                step.pass_on()
            }
            Err(e) => Step::Done(Err(e)),
        }
    }

    fn start_main(&mut self, now_ms: u64) -> Step<Value> {
        let mut req = self.request.clone();
        if self.endpoint.auth {
            if let Some(t) = self.session.borrow().token(now_ms) {
                req = req.header("authorization", format!("Bearer {t}"));
            }
        }
        let mut ex = self.exchange(req);
        let step = ex.resume(Input::Start, now_ms);
        self.phase = Phase::Main(ex);
        step.pass_on()
    }

    fn with_request_id(&self, mut v: Value) -> Value {
        if let (Some(k), Some(o)) = (&self.request_id, v.as_object_mut()) {
            o.insert("requestId".into(), Value::String(k.clone()));
        }
        v
    }

    fn failed(&self, e: Error) -> Error {
        let lost = crate::http::exchange::is_lost_answer(&e);
        if let (true, true, Some(k)) = (lost, self.mutation(), &self.request_id) {
            return Error::new(
                ErrorCode::OutcomeUnknown,
                format!(
                    "Mobile Cashier {} may or may not have taken effect ({}: {}); repeat the call with requestId {k} within 60 minutes to get its answer without doing it twice",
                    self.endpoint.method,
                    e.code(),
                    e.message()
                ),
            )
            .with_gateway(crate::error::GatewayDetails {
                gateway: "cashier",
                http_status: e.gateway().and_then(|g| g.http_status),
                details: Some(
                    json!({ "cause": e.code().as_str(), "causeMessage": e.message(), "requestId": k })
                        .to_string(),
                ),
                ..Default::default()
            });
        }
        match (&self.request_id, e.gateway().cloned()) {
            (Some(k), g) => {
                let mut g = g.unwrap_or(crate::error::GatewayDetails {
                    gateway: "cashier",
                    ..Default::default()
                });
                // The requestId joins the gateway's own details (a declined card operation's
                // answer), or is the details.
                let mut d = g
                    .details
                    .as_deref()
                    .and_then(|d| serde_json::from_str::<serde_json::Value>(d).ok())
                    .filter(serde_json::Value::is_object)
                    .unwrap_or_else(|| json!({}));
                d["requestId"] = json!(k);
                g.details = Some(d.to_string());
                let msg = format!("{} (x-req-id {k}: repeat the call with this requestId within 60 minutes to get its answer without doing it twice)", e.message());
                Error::new(e.code(), msg).with_gateway(g)
            }
            _ => e,
        }
    }
}

/// `waitForFinalStatus(orderId, { deadline })`: polls `orderStatus` (a GET, so no `x-req-id`),
/// sharing the client's session, until [`is_settled`] (a final status other than `CREATED`).
pub fn wait_for_final_status(
    config: CashierConfig,
    session: SharedSession,
    order_id: String,
    deadline_ms: u64,
    schedule: PollSchedule,
    jitter: Jitter,
) -> Poll {
    let build = move |jitter| {
        CashierCall::new(
            config.clone(),
            session.clone(),
            "orderStatus",
            Some(&order_id),
            None,
            &Map::new(),
            String::new(),
            jitter,
        )
    };
    Poll::over(build, is_settled, deadline_ms, schedule, jitter, "cashier")
}

/// `CashierClient.{method}(...)`: the arguments of each method (ids, a body, `{ requestId }`,
/// `{ deadline }`) in the order they are checked, then the call machine.
pub fn start(config: &CashierConfig, session: &SharedSession, call: &mut Call) -> Result<Started> {
    let jitter = call.jitter();
    if call.method == "waitForFinalStatus" {
        let order_id = call.id(0, "id")?;
        let deadline = call.deadline(1, true)?.unwrap_or_default();
        let poll = wait_for_final_status(
            config.clone(),
            session.clone(),
            order_id,
            deadline,
            PollSchedule::default(),
            jitter,
        );
        return Ok(Started::Call(Box::new(poll)));
    }
    let none = Map::new;
    // (id, tspCode, body, the position of the options argument)
    let (id, tsp_code, body, options) = match call.method {
        "login" | "banks" => (None, None, none(), None),
        "listOrders" => (None, None, call.body(0, "body")?, None),
        "getOrder" | "orderStatus" => (Some(call.id(0, "id")?), None, none(), None),
        "qrcData" => (Some(call.id(0, "id")?), None, none(), Some(1)),
        "paymentFormOrder" => {
            let id = call.id(0, "id")?;
            (Some(id), Some(call.id(1, "id, tspCode")?), none(), Some(2))
        }
        "refund" | "payoutIps" | "sberPay" | "payoutCard" => {
            let id = call.id(0, "id")?;
            (Some(id), None, call.body(1, "id, body")?, Some(2))
        }
        _ => (None, None, call.body(0, "body")?, Some(1)),
    };
    let request_id = call.request_id(options)?;
    let machine: BoxedCall = Box::new(CashierCall::new(
        config.clone(),
        session.clone(),
        call.method,
        id.as_deref(),
        tsp_code.as_deref(),
        &body,
        request_id,
        jitter,
    )?);
    Ok(Started::Call(machine))
}

/// An `x-req-id` must be a header-safe token: 1 to 128 visible ASCII characters.
pub fn check_request_id(key: &str) -> Result<()> {
    if key.is_empty() || key.len() > 128 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            "requestId must be 1 to 128 visible ASCII characters (it is sent as the x-req-id header)",
        ));
    }
    Ok(())
}

impl Machine for CashierCall {
    type Output = Value;

    fn resume(&mut self, input: Input, now_ms: u64) -> Step<Value> {
        let method = self.endpoint.method;
        match &mut self.phase {
            Phase::Idle => {
                let has_token = self.session.borrow().token(now_ms).is_some();
                if self.endpoint.auth && !has_token {
                    self.start_login(now_ms)
                } else {
                    self.start_main(now_ms)
                }
            }
            Phase::Login(ex) => match ex.resume(input, now_ms) {
                Step::Done(Ok(ExchangeResult::Answered(r))) => {
                    let answer = parse("login", &r)
                        .and_then(|v| self.session.borrow_mut().update(&v, now_ms));
                    match answer {
                        Ok(()) => self.start_main(now_ms),
                        Err(e) => Step::Done(Err(e)),
                    }
                }
                Step::Done(Ok(ExchangeResult::Failed(e) | ExchangeResult::Unknown(e)))
                | Step::Done(Err(e)) => Step::Done(Err(e)),
                other => other.pass_on(),
            },
            Phase::Main(ex) => match ex.resume(input, now_ms) {
                Step::Done(Ok(ExchangeResult::Answered(r)))
                    if r.status == 401 && self.endpoint.auth && !self.relogged =>
                {
                    self.relogged = true;
                    self.session.borrow_mut().clear();
                    self.start_login(now_ms)
                }
                Step::Done(Ok(ExchangeResult::Answered(r))) => {
                    let result = parse(method, &r);
                    if method == "login" {
                        if let Ok(v) = &result {
                            if let Err(e) = self.session.borrow_mut().update(v, now_ms) {
                                return Step::Done(Err(e));
                            }
                        }
                    }
                    Step::Done(
                        result
                            .map(|v| self.with_request_id(v))
                            .map_err(|e| self.failed(e)),
                    )
                }
                Step::Done(Ok(ExchangeResult::Failed(e) | ExchangeResult::Unknown(e)))
                | Step::Done(Err(e)) => Step::Done(Err(self.failed(e))),
                other => other.pass_on(),
            },
        }
    }
}
