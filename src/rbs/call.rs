//! One RBS call as a sans-IO machine: reads are retried; a mutation whose answer is lost is never
//! repeated blindly.
//!
//! "Lost" means: a timeout, a dropped connection, a 5xx, something that is not an HTTP response,
//! or a 2xx whose body is not a JSON object (a proxy's page reached the client, which proves
//! nothing either way). The machine then asks `getOrderStatusExtended` (by `orderNumber`, else by
//! the order id) and decides from the answer:
//!
//! - the order is proven absent: the gateway's "order not found" answer ([`ORDER_NOT_FOUND`],
//!   errorCode 6, with no `orderStatus`) to a query by the `orderNumber` of a call that creates
//!   the order (register, registerPreAuth, recurrentPayment, installmentPayment; the gateway keeps
//!   `orderNumber` unique per merchant): the first request did not take effect, so it is sent
//!   once more, byte for byte. If that repeat is answered "order number already processed"
//!   ([`DUPLICATE_ORDER_NUMBER`]: the first request landed after all), one more status query
//!   recovers the order id (`recovered: true`) or the call ends `OUTCOME_UNKNOWN`;
//! - the order shows the call's effect (registered; deposited after `deposit`; reversed after
//!   `reverse`; declined after `decline`; paid after `recurrentPayment`/`installmentPayment`): the
//!   call succeeded, and the result is rebuilt from the status with `recovered: true`;
//! - anything else (another errorCode such as 5 "access denied" or 7 "system error",
//!   `success: false`, a status that does not show the effect, a probe that is itself lost or
//!   malformed): `OUTCOME_UNKNOWN`, with the cause and the probe's answer in `details`.
//!
//! An answer larger than `maxResponseBytes` to a mutation is `OUTCOME_UNKNOWN` at once (cause
//! `RESPONSE_TOO_LARGE`): the gateway did answer, so the call may have taken effect; there is no
//! status query and no repeat. A redirect is `REDIRECT_REFUSED` (never followed).

use serde_json::{json, Map, Value};

use super::api::{build, endpoint, Endpoint, Kind};
use super::config::RbsConfig;
use super::order_status::{is_settled, OrderStatus};
use super::response::{is_answer_status, md_order, normalize, parse};
use crate::error::GatewayDetails;
use crate::http::{
    Exchange, ExchangeResult, HttpResponse, Input, Jitter, Machine, Poll, PollSchedule, Safety,
    Step,
};
use crate::options::client::{BoxedCall, Call, Started};
use crate::{Error, ErrorCode, Result};

/// The errorCode with which `getOrderStatusExtended` answers that no order has the number or id
/// asked about ("Order not found"; the emulator and the platform's gateways send it as `"6"`).
pub const ORDER_NOT_FOUND: &str = "6";

/// The errorCodes a repeated order-creating call gets when the order number is taken: `"1"`
/// ("Order number is duplicated, order with given order number is processed already", the
/// reference's register sample) and `"10"` ("Order with this number is already registered in the
/// system.", its recurrentPayment sample).
pub const DUPLICATE_ORDER_NUMBER: [&str; 2] = ["1", "10"];

/// The calls whose absence a status query by `orderNumber` proves: they create the order.
const CREATES_ORDER: [&str; 4] = [
    "register",
    "registerPreAuth",
    "recurrentPayment",
    "installmentPayment",
];

enum Phase {
    Main(Exchange),
    /// The status query after a lost answer (the cause kept for the error).
    Probe(Exchange, Error),
    /// The one repeat after absence was proven.
    Resend(Exchange, Error),
    /// The status query after the repeat was answered "order number already processed".
    Confirm(Exchange, Error),
    Finished,
}

/// A call to one RBS endpoint.
pub struct RbsCall {
    config: RbsConfig,
    endpoint: &'static Endpoint,
    params: Map<String, Value>,
    phase: Phase,
}

/// Which parameter identifies the order of a call, for the status probe.
fn order_key(params: &Map<String, Value>) -> Option<(&'static str, String)> {
    for (param, probe) in [
        ("orderNumber", "orderNumber"),
        ("orderId", "orderId"),
        ("mdOrder", "orderId"),
        ("MDORDER", "orderId"),
    ] {
        if let Some(v) = params.get(param) {
            let s = match v {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => continue,
            };
            if !s.is_empty() {
                return Some((probe, s));
            }
        }
    }
    None
}

/// How a status query was answered.
#[derive(Debug)]
pub enum ProbeAnswer {
    /// The order's status (a 2xx JSON object without a business error).
    Status(Value),
    /// The gateway's "order not found" ([`ORDER_NOT_FOUND`], no `orderStatus`, no `success`).
    NotFound,
    /// Anything else: the error it was turned into.
    Other(Error),
}

/// Classifies an answer to `getOrderStatusExtended`. Only the exact "order not found" shape
/// counts as absence: errorCode 6 (string or number), no `orderStatus`, no `success` field, each
/// in either spelling the gateway uses (`ErrorCode`/`OrderStatus` are the legacy ones,
/// `response::normalize`).
pub fn classify_probe(response: &HttpResponse) -> ProbeAnswer {
    match parse("getOrderStatusExtended", response) {
        Ok(v) => ProbeAnswer::Status(v),
        Err(e) => {
            let not_found = is_answer_status(response.status)
                && e.code() == ErrorCode::GatewayError
                && serde_json::from_slice::<Value>(&response.body)
                    .ok()
                    .map(|mut v| {
                        normalize(&mut v);
                        v
                    })
                    .as_ref()
                    .and_then(Value::as_object)
                    .is_some_and(|o| {
                        let code = match o.get("errorCode") {
                            Some(Value::String(s)) => Some(s.trim().to_string()),
                            Some(Value::Number(n)) if n.is_u64() => Some(n.to_string()),
                            _ => None,
                        };
                        code.as_deref() == Some(ORDER_NOT_FOUND)
                            && !o.contains_key("orderStatus")
                            && !o.contains_key("success")
                    });
            if not_found {
                ProbeAnswer::NotFound
            } else {
                ProbeAnswer::Other(e)
            }
        }
    }
}

/// True when a 2xx answer reached the client but is not a JSON object (for a mutation: lost).
fn unreadable_200(r: &HttpResponse) -> bool {
    is_answer_status(r.status)
        && !matches!(
            serde_json::from_slice::<Value>(&r.body),
            Ok(Value::Object(_))
        )
}

fn error_json(e: &Error) -> Value {
    let g = e.gateway();
    json!({
        "code": e.code().as_str(),
        "message": e.message(),
        "httpStatus": g.and_then(|g| g.http_status),
        "errorCode": g.and_then(|g| g.error_code.clone()),
        "errorMessage": g.and_then(|g| g.error_message.clone()),
    })
}

fn malformed_cause(r: &HttpResponse, method: &str) -> Error {
    Error::new(
        ErrorCode::MalformedResponse,
        format!(
            "RBS {method}: HTTP {} with a body that is not a JSON object ({} bytes)",
            r.status,
            r.body.len()
        ),
    )
    .with_gateway(GatewayDetails {
        gateway: "rbs",
        http_status: Some(r.status),
        ..Default::default()
    })
}

impl RbsCall {
    /// Prepares a call of `method` (the JavaScript method name) with `params`. Validation
    /// (amounts, auth parameters) happens here, before any request exists.
    pub fn new(
        config: RbsConfig,
        method: &str,
        params: Map<String, Value>,
        jitter: Jitter,
    ) -> Result<Self> {
        let endpoint = endpoint(method)?;
        let request = build(&config, endpoint, &params)?;
        let safety = match endpoint.kind {
            Kind::Read => Safety::Repeatable,
            Kind::Mutation => Safety::NotRepeatable,
        };
        let main = Exchange::new(request, config.policy, safety, jitter, "rbs");
        Ok(Self {
            config,
            endpoint,
            params,
            phase: Phase::Main(main),
        })
    }

    fn is_mutation(&self) -> bool {
        self.endpoint.kind == Kind::Mutation
    }

    fn status_exchange(&self, jitter: Jitter) -> Result<Option<Exchange>> {
        let Some((key, value)) = order_key(&self.params) else {
            return Ok(None);
        };
        let mut q = Map::new();
        q.insert(key.into(), Value::String(value));
        let r = build(&self.config, endpoint("getOrderStatusExtended")?, &q)?;
        Ok(Some(Exchange::new(
            r,
            self.config.policy,
            Safety::Repeatable,
            jitter,
            "rbs",
        )))
    }

    fn done(&mut self, r: Result<Value>) -> Step<Value> {
        self.phase = Phase::Finished;
        Step::Done(r)
    }

    fn unknown(
        &mut self,
        cause: &Error,
        status: Option<&Value>,
        probe: Option<Value>,
        what: &str,
    ) -> Step<Value> {
        let e = unknown(self.endpoint.method, cause, status, probe, what);
        self.done(Err(e))
    }

    fn probe_or_unknown(&mut self, cause: Error, jitter: Jitter, now_ms: u64) -> Step<Value> {
        match self.status_exchange(jitter) {
            Ok(Some(mut ex)) => {
                let step = ex.resume(Input::Start, now_ms);
                self.phase = Phase::Probe(ex, cause);
                step.pass_on()
            }
            Ok(None) => self.unknown(
                &cause,
                None,
                None,
                "there is no orderNumber or orderId to ask about",
            ),
            Err(e) => self.unknown(
                &cause,
                None,
                Some(error_json(&e)),
                "the status query could not be built",
            ),
        }
    }

    fn resolve(&self, status: &Value) -> Option<Value> {
        let code = status
            .get("orderStatus")
            .and_then(Value::as_i64)
            .map(OrderStatus::from_code);
        let recovered = |mut v: Value| {
            if let Some(o) = v.as_object_mut() {
                o.insert("recovered".into(), Value::Bool(true));
            }
            v
        };
        match self.endpoint.method {
            "register" | "registerPreAuth" => {
                let id = md_order(status)?;
                Some(recovered(json!({ "orderId": id })))
            }
            "recurrentPayment" | "installmentPayment" => {
                let id = md_order(status)?;
                code.filter(|c| c.is_final())?;
                Some(recovered(
                    json!({ "success": true, "data": { "orderId": id }, "orderStatus": status }),
                ))
            }
            "deposit" if code == Some(OrderStatus::Deposited) => {
                Some(recovered(json!({ "errorCode": "0" })))
            }
            "reverse" if code == Some(OrderStatus::Reversed) => {
                Some(recovered(json!({ "errorCode": "0" })))
            }
            "decline" if code == Some(OrderStatus::Declined) => {
                Some(recovered(json!({ "errorCode": "0" })))
            }
            _ => None,
        }
    }

    /// Whether a "not found" answer to the probe proves the first request had no effect.
    fn absent_means_safe_to_resend(&self) -> bool {
        order_key(&self.params).is_some_and(|(k, _)| k == "orderNumber")
            && CREATES_ORDER.contains(&self.endpoint.method)
    }

    fn on_main(&mut self, step: Step<ExchangeResult>, jitter: Jitter, now_ms: u64) -> Step<Value> {
        let method = self.endpoint.method;
        match step {
            Step::Done(Ok(ExchangeResult::Answered(r))) if self.is_mutation() && unreadable_200(&r) => {
                self.probe_or_unknown(malformed_cause(&r, method), jitter, now_ms)
            }
            Step::Done(Ok(ExchangeResult::Answered(r))) => self.done(parse(method, &r)),
            Step::Done(Ok(ExchangeResult::Unknown(cause)))
                if cause.code() == ErrorCode::ResponseTooLarge =>
            {
                self.unknown(&cause, None, None, "the gateway answered, so it may have; the answer was not read and no status query was made")
            }
            Step::Done(Ok(ExchangeResult::Unknown(cause))) => {
                self.probe_or_unknown(cause, jitter, now_ms)
            }
            Step::Done(Ok(ExchangeResult::Failed(e))) | Step::Done(Err(e)) => self.done(Err(e)),
            other => other.pass_on(),
        }
    }

    fn on_probe(
        &mut self,
        step: Step<ExchangeResult>,
        cause: Error,
        jitter: Jitter,
        now_ms: u64,
    ) -> Step<Value> {
        match step {
            Step::Done(Ok(ExchangeResult::Answered(r))) => match classify_probe(&r) {
                ProbeAnswer::Status(status) => match self.resolve(&status) {
                    Some(v) => self.done(Ok(v)),
                    None => self.unknown(&cause, Some(&status), None, "the order's status does not show whether it did"),
                },
                ProbeAnswer::NotFound if self.absent_means_safe_to_resend() => {
                    match build(&self.config, self.endpoint, &self.params) {
                        Ok(req) => {
                            let mut ex = Exchange::new(req, self.config.policy, Safety::NotRepeatable, jitter, "rbs");
                            let step = ex.resume(Input::Start, now_ms);
                            self.phase = Phase::Resend(ex, cause);
                            step.pass_on()
                        }
                        Err(e) => self.done(Err(e)),
                    }
                }
                ProbeAnswer::NotFound => self.unknown(
                    &cause,
                    None,
                    Some(json!({ "code": "GATEWAY_ERROR", "errorCode": ORDER_NOT_FOUND, "notFound": true })),
                    "the status query found no order, which does not prove this call had no effect",
                ),
                ProbeAnswer::Other(e) => self.unknown(
                    &cause,
                    None,
                    Some(error_json(&e)),
                    "the status query did not prove the order absent or show the call's effect",
                ),
            },
            Step::Done(Ok(ExchangeResult::Failed(e) | ExchangeResult::Unknown(e))) | Step::Done(Err(e)) => {
                self.unknown(&cause, None, Some(error_json(&e)), "the status query failed too")
            }
            other => other.pass_on(),
        }
    }

    fn on_resend(
        &mut self,
        step: Step<ExchangeResult>,
        first: Error,
        jitter: Jitter,
        now_ms: u64,
    ) -> Step<Value> {
        let method = self.endpoint.method;
        match step {
            Step::Done(Ok(ExchangeResult::Answered(r))) if unreadable_200(&r) => self.unknown(
                &malformed_cause(&r, method),
                None,
                Some(json!({ "notFound": true, "firstCause": first.code().as_str() })),
                "the order was absent, and the one repeat's answer was not readable",
            ),
            Step::Done(Ok(ExchangeResult::Answered(r))) => match parse(method, &r) {
                Err(e) if is_duplicate(&e) => match self.status_exchange(jitter) {
                    Ok(Some(mut ex)) => {
                        let step = ex.resume(Input::Start, now_ms);
                        self.phase = Phase::Confirm(ex, e);
                        step.pass_on()
                    }
                    _ => self.unknown(
                        &e,
                        None,
                        None,
                        "the repeat was answered 'order number already processed'",
                    ),
                },
                other => self.done(other),
            },
            Step::Done(Ok(ExchangeResult::Unknown(cause))) => self.unknown(
                &cause,
                None,
                Some(json!({ "notFound": true, "firstCause": first.code().as_str() })),
                "the order was absent, and the one repeat was lost too",
            ),
            Step::Done(Ok(ExchangeResult::Failed(e))) | Step::Done(Err(e)) => self.done(Err(e)),
            other => other.pass_on(),
        }
    }

    fn on_confirm(&mut self, step: Step<ExchangeResult>, dup: Error) -> Step<Value> {
        match step {
            Step::Done(Ok(ExchangeResult::Answered(r))) => match classify_probe(&r) {
                ProbeAnswer::Status(status) => match self.resolve(&status) {
                    Some(v) => self.done(Ok(v)),
                    None => self.unknown(&dup, Some(&status), None, "the repeat was answered 'order number already processed' and the status does not show this call's order"),
                },
                ProbeAnswer::NotFound => self.unknown(
                    &dup,
                    None,
                    Some(json!({ "code": "GATEWAY_ERROR", "errorCode": ORDER_NOT_FOUND, "notFound": true })),
                    "the repeat was answered 'order number already processed' yet the order is not found",
                ),
                ProbeAnswer::Other(e) => self.unknown(&dup, None, Some(error_json(&e)), "the repeat was answered 'order number already processed' and the status query did not show the order"),
            },
            Step::Done(Ok(ExchangeResult::Failed(e) | ExchangeResult::Unknown(e))) | Step::Done(Err(e)) => {
                self.unknown(&dup, None, Some(error_json(&e)), "the repeat was answered 'order number already processed' and the status query failed")
            }
            other => other.pass_on(),
        }
    }
}

fn is_duplicate(e: &Error) -> bool {
    e.code() == ErrorCode::GatewayError
        && e.gateway()
            .and_then(|g| g.error_code.as_deref())
            .is_some_and(|c| DUPLICATE_ORDER_NUMBER.contains(&c.trim()))
}

fn unknown(
    method: &str,
    cause: &Error,
    status: Option<&Value>,
    probe: Option<Value>,
    what: &str,
) -> Error {
    let details = json!({
        "cause": cause.code().as_str(),
        "causeMessage": cause.message(),
        "orderStatus": status,
        "probe": probe,
    });
    Error::new(
        ErrorCode::OutcomeUnknown,
        format!(
            "RBS {method} may or may not have taken effect ({}: {}); {what}. Do not repeat it blindly: check the order with getOrderStatusExtended",
            cause.code(),
            cause.message()
        ),
    )
    .with_gateway(GatewayDetails {
        gateway: "rbs",
        http_status: cause.gateway().and_then(|g| g.http_status),
        details: Some(details.to_string()),
        ..Default::default()
    })
}

impl Machine for RbsCall {
    type Output = Value;

    fn resume(&mut self, input: Input, now_ms: u64) -> Step<Value> {
        match std::mem::replace(&mut self.phase, Phase::Finished) {
            Phase::Main(mut ex) => {
                let step = ex.resume(input, now_ms);
                let jitter = ex.jitter();
                self.phase = Phase::Main(ex);
                self.on_main(step, jitter, now_ms)
            }
            Phase::Probe(mut ex, cause) => {
                let step = ex.resume(input, now_ms);
                let jitter = ex.jitter();
                self.phase = Phase::Probe(ex, cause.clone());
                self.on_probe(step, cause, jitter, now_ms)
            }
            Phase::Resend(mut ex, first) => {
                let step = ex.resume(input, now_ms);
                let jitter = ex.jitter();
                self.phase = Phase::Resend(ex, first.clone());
                self.on_resend(step, first, jitter, now_ms)
            }
            Phase::Confirm(mut ex, dup) => {
                let step = ex.resume(input, now_ms);
                self.phase = Phase::Confirm(ex, dup.clone());
                self.on_confirm(step, dup)
            }
            Phase::Finished => Step::Done(Err(Error::new(
                ErrorCode::Internal,
                "internal: the RBS call was resumed after it finished",
            ))),
        }
    }
}

/// `waitForFinalStatus(orderId, { deadline })`: polls `getOrderStatusExtended` by `orderId` until
/// the status is final ([`OrderStatus::is_final`]).
pub fn wait_for_final_status(
    config: RbsConfig,
    order_id: String,
    deadline_ms: u64,
    schedule: PollSchedule,
    jitter: Jitter,
) -> Poll {
    let build = move |jitter| {
        let mut params = Map::new();
        params.insert("orderId".into(), Value::String(order_id.clone()));
        RbsCall::new(config.clone(), "getOrderStatusExtended", params, jitter)
    };
    Poll::over(build, is_settled, deadline_ms, schedule, jitter, "rbs")
}

/// `RbsClient.{method}(...)`: `waitForFinalStatus(orderId, { deadline })`, or a call of the
/// endpoint named `method` with its `request` object.
pub fn start(config: &RbsConfig, call: &mut Call) -> Result<Started> {
    let jitter = call.jitter();
    let machine: BoxedCall = if call.method == "waitForFinalStatus" {
        let order_id = call.id(0, "orderId")?;
        let deadline = call.deadline(1, true)?.unwrap_or_default();
        let schedule = PollSchedule::default();
        Box::new(wait_for_final_status(
            config.clone(),
            order_id,
            deadline,
            schedule,
            jitter,
        ))
    } else {
        let params = call.body(0, "request")?;
        Box::new(RbsCall::new(config.clone(), call.method, params, jitter)?)
    };
    Ok(Started::Call(machine))
}
