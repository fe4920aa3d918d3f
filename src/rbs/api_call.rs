//! One RBS call as a sans-IO machine: reads are retried; a mutation whose outcome is unknown
//! (timeout, dropped connection, 5xx) is never repeated blindly. The machine asks
//! `getOrderStatusExtended` (by `orderNumber`, else by the order id) and decides from the answer:
//!
//! - the order is not there (a call keyed by `orderNumber`, which the gateway keeps unique): the
//!   first request did not take effect, so it is sent once more;
//! - the order shows the call's effect (registered; deposited after `deposit`; reversed after
//!   `reverse`; declined after `decline`; paid after `recurrentPayment`/`installmentPayment`): the
//!   call succeeded, and the result is rebuilt from the status with `recovered: true`;
//! - otherwise: `OUTCOME_UNKNOWN`, with the cause and the order's status in `details`.

use serde_json::{json, Map, Value};

use super::api::{build, endpoint, Endpoint, Kind};
use super::api_response::{md_order, parse};
use super::order_status::OrderStatus;
use super::types::RbsConfig;
use crate::error::GatewayDetails;
use crate::http::poll::FailedCall;
use crate::http::{
    Exchange, ExchangeResult, Input, Jitter, Machine, Poll, PollSchedule, Safety, StatusCall, Step,
};
use crate::{Error, ErrorCode, Result};

enum Phase {
    Main(Exchange),
    Probe(Exchange, Error),
    Resend(Exchange),
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

    fn probe_or_unknown(&mut self, cause: Error, jitter: Jitter, now_ms: u64) -> Step<Value> {
        let Some((key, value)) = order_key(&self.params) else {
            return Step::Done(Err(unknown(
                self.endpoint.method,
                cause,
                None,
                "no orderNumber or orderId to ask about",
            )));
        };
        let mut q = Map::new();
        q.insert(key.into(), Value::String(value));
        let status_ep = endpoint("getOrderStatusExtended");
        let request = status_ep.and_then(|ep| build(&self.config, ep, &q));
        match request {
            Ok(r) => {
                let mut ex =
                    Exchange::new(r, self.config.policy, Safety::Repeatable, jitter, "rbs");
                let step = ex.resume(Input::Start, now_ms);
                self.phase = Phase::Probe(ex, cause);
                self.map_exchange_step(step)
            }
            Err(e) => Step::Done(Err(e)),
        }
    }

    fn map_exchange_step(&self, step: Step<ExchangeResult>) -> Step<Value> {
        match step {
            Step::Send(r) => Step::Send(r),
            Step::Sleep(ms) => Step::Sleep(ms),
            // Done is handled by the caller; this arm is unreachable in practice.
            Step::Done(_) => Step::Done(Err(Error::new(
                ErrorCode::InvalidArgument,
                "internal: exchange finished early",
            ))),
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
            && matches!(
                self.endpoint.method,
                "register" | "registerPreAuth" | "recurrentPayment" | "installmentPayment"
            )
    }
}

fn unknown(method: &str, cause: Error, status: Option<&Value>, what: &str) -> Error {
    let details = json!({ "cause": cause.code().as_str(), "causeMessage": cause.message(), "orderStatus": status });
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
        let method = self.endpoint.method;
        match &mut self.phase {
            Phase::Main(ex) => match ex.resume(input, now_ms) {
                Step::Done(Ok(ExchangeResult::Answered(r))) => Step::Done(parse(method, &r)),
                Step::Done(Ok(ExchangeResult::Failed(e))) | Step::Done(Err(e)) => {
                    Step::Done(Err(e))
                }
                Step::Done(Ok(ExchangeResult::Unknown(cause))) => {
                    let jitter = ex.jitter();
                    self.probe_or_unknown(cause, jitter, now_ms)
                }
                other => self.map_exchange_step(other),
            },
            Phase::Probe(ex, cause) => match ex.resume(input, now_ms) {
                Step::Done(Ok(ExchangeResult::Answered(r))) => {
                    let cause = cause.clone();
                    let jitter = ex.jitter();
                    match parse("getOrderStatusExtended", &r) {
                        Ok(status) => match self.resolve(&status) {
                            Some(v) => Step::Done(Ok(v)),
                            None => Step::Done(Err(unknown(
                                method,
                                cause,
                                Some(&status),
                                "the order's status does not show whether it did",
                            ))),
                        },
                        Err(e)
                            if e.code() == ErrorCode::GatewayError
                                && self.absent_means_safe_to_resend() =>
                        {
                            match build(&self.config, self.endpoint, &self.params) {
                                Ok(req) => {
                                    let mut ex = Exchange::new(
                                        req,
                                        self.config.policy,
                                        Safety::NotRepeatable,
                                        jitter,
                                        "rbs",
                                    );
                                    let step = ex.resume(Input::Start, now_ms);
                                    self.phase = Phase::Resend(ex);
                                    self.map_exchange_step(step)
                                }
                                Err(e) => Step::Done(Err(e)),
                            }
                        }
                        Err(e) => Step::Done(Err(unknown(
                            method,
                            cause,
                            None,
                            &format!("asking for the order's status failed: {}", e.message()),
                        ))),
                    }
                }
                Step::Done(Ok(ExchangeResult::Failed(e) | ExchangeResult::Unknown(e)))
                | Step::Done(Err(e)) => {
                    let cause = cause.clone();
                    Step::Done(Err(unknown(
                        method,
                        cause,
                        None,
                        &format!("asking for the order's status failed too: {}", e.message()),
                    )))
                }
                other => self.map_exchange_step(other),
            },
            Phase::Resend(ex) => match ex.resume(input, now_ms) {
                Step::Done(Ok(ExchangeResult::Answered(r))) => Step::Done(parse(method, &r)),
                Step::Done(Ok(ExchangeResult::Unknown(cause))) => Step::Done(Err(unknown(
                    method,
                    cause,
                    None,
                    "the order was absent, and the one repeat failed the same way",
                ))),
                Step::Done(Ok(ExchangeResult::Failed(e))) | Step::Done(Err(e)) => {
                    Step::Done(Err(e))
                }
                other => self.map_exchange_step(other),
            },
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
    let mut seed = jitter.clone();
    let make = move || -> StatusCall {
        let mut params = Map::new();
        params.insert("orderId".into(), Value::String(order_id.clone()));
        let sub = Jitter::new(seed.below(u64::MAX));
        match RbsCall::new(config.clone(), "getOrderStatusExtended", params, sub) {
            Ok(call) => Box::new(call),
            Err(e) => Box::new(FailedCall(Some(e))),
        }
    };
    let is_final = |v: &Value| {
        v.get("orderStatus")
            .and_then(Value::as_i64)
            .is_some_and(|c| OrderStatus::from_code(c).is_final())
    };
    Poll::new(
        Box::new(make),
        Box::new(is_final),
        deadline_ms,
        schedule,
        jitter,
        "rbs",
    )
}
