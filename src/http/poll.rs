//! `waitForFinalStatus`: polls a status call with backoff until the answer is final or the
//! deadline passes (the references say notifications may never arrive).
//!
//! The one status poller of the three gateways: each gateway supplies only how to build one status
//! call and which answers are final ([`Poll::over`]); the schedule, the per-round jitter, which
//! failures of one query do not end the wait, and the `TIMEOUT` with the last answer live here.

use serde_json::Value;

use super::machine::{Input, Machine, Step};
use super::retry::Jitter;
use crate::error::GatewayDetails;
use crate::{Error, ErrorCode, Result};

/// A status call, boxed so that each gateway can supply its own machine.
pub type StatusCall = Box<dyn Machine<Output = Value>>;

/// How often to poll: the first pause, doubling up to the cap, with jitter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PollSchedule {
    /// The first pause between polls, in milliseconds.
    pub first_ms: u64,
    /// The longest pause between polls, in milliseconds.
    pub max_ms: u64,
}

impl Default for PollSchedule {
    fn default() -> Self {
        Self {
            first_ms: 1_000,
            max_ms: 15_000,
        }
    }
}

/// Polls until `is_final` holds for an answer, or fails with `TIMEOUT` at `deadline_ms`
/// (epoch ms) carrying the last answer in its details.
pub struct Poll {
    make: Box<dyn FnMut() -> StatusCall>,
    is_final: Box<dyn Fn(&Value) -> bool>,
    deadline_ms: u64,
    schedule: PollSchedule,
    jitter: Jitter,
    gateway: &'static str,
    current: Option<StatusCall>,
    polls: u32,
    last: Option<Value>,
}

impl Poll {
    /// A poller. `make` builds one status call; `is_final` decides on its answer.
    pub fn new(
        make: Box<dyn FnMut() -> StatusCall>,
        is_final: Box<dyn Fn(&Value) -> bool>,
        deadline_ms: u64,
        schedule: PollSchedule,
        jitter: Jitter,
        gateway: &'static str,
    ) -> Self {
        Self {
            make,
            is_final,
            deadline_ms,
            schedule,
            jitter,
            gateway,
            current: None,
            polls: 0,
            last: None,
        }
    }

    /// The poller every gateway's `wait_for_final_status` uses: `build` makes one round's status
    /// call from its own jitter (drawn from the poll's, so rounds differ and a seed replays); a
    /// call that cannot be built ends the wait with its error; `is_final` decides on an answer.
    pub fn over<M>(
        mut build: impl FnMut(Jitter) -> Result<M> + 'static,
        is_final: impl Fn(&Value) -> bool + 'static,
        deadline_ms: u64,
        schedule: PollSchedule,
        jitter: Jitter,
        gateway: &'static str,
    ) -> Self
    where
        M: Machine<Output = Value> + 'static,
    {
        let mut seed = jitter.clone();
        let make = move || -> StatusCall {
            match build(Jitter::new(seed.below(u64::MAX))) {
                Ok(call) => Box::new(call),
                Err(e) => Box::new(FailedCall(Some(e))),
            }
        };
        Self::new(
            Box::new(make),
            Box::new(is_final),
            deadline_ms,
            schedule,
            jitter,
            gateway,
        )
    }

    fn timeout(&self) -> Step<Value> {
        let last = self.last.as_ref().map(Value::to_string);
        Step::Done(Err(Error::new(
            ErrorCode::Timeout,
            format!(
                "no final status before the deadline after {} status queries{}",
                self.polls,
                if last.is_some() {
                    "; the last answer is in details"
                } else {
                    ""
                }
            ),
        )
        .with_gateway(GatewayDetails {
            gateway: self.gateway,
            details: last,
            ..Default::default()
        })))
    }

    fn pause(&mut self, now_ms: u64) -> Step<Value> {
        if now_ms >= self.deadline_ms {
            return self.timeout();
        }
        let cap = self
            .schedule
            .first_ms
            .saturating_mul(1u64 << self.polls.saturating_sub(1).min(20))
            .min(self.schedule.max_ms);
        let wait = cap / 2 + self.jitter.below(cap - cap / 2 + 1);
        Step::Sleep(wait.min(self.deadline_ms - now_ms))
    }

    fn start_call(&mut self, now_ms: u64) -> Step<Value> {
        self.polls += 1;
        let mut call = (self.make)();
        let step = call.resume(Input::Start, now_ms);
        self.current = Some(call);
        self.after(step, now_ms)
    }

    fn after(&mut self, step: Step<Value>, now_ms: u64) -> Step<Value> {
        match step {
            Step::Done(Ok(v)) => {
                self.current = None;
                if (self.is_final)(&v) {
                    return Step::Done(Ok(v));
                }
                self.last = Some(v);
                self.pause(now_ms)
            }
            Step::Done(Err(e)) => {
                self.current = None;
                match e.code() {
                    // Transient failures of one query do not end the wait.
                    ErrorCode::Timeout
                    | ErrorCode::NetworkError
                    | ErrorCode::HttpError
                    | ErrorCode::RateLimited => self.pause(now_ms),
                    _ => Step::Done(Err(e)),
                }
            }
            other => other,
        }
    }
}

impl Machine for Poll {
    type Output = Value;

    fn resume(&mut self, input: Input, now_ms: u64) -> Step<Value> {
        match (self.current.as_mut(), input) {
            (Some(call), input) => {
                let step = call.resume(input, now_ms);
                self.after(step, now_ms)
            }
            (None, Input::Start) => self.start_call(now_ms),
            (None, _) if now_ms >= self.deadline_ms => self.timeout(),
            (None, _) => self.start_call(now_ms),
        }
    }
}

/// A machine that fails at once (a status call that could not even be built).
pub struct FailedCall(pub Option<Error>);

impl Machine for FailedCall {
    type Output = Value;
    fn resume(&mut self, _: Input, _: u64) -> Step<Value> {
        Step::Done(Err(self.0.take().unwrap_or_else(|| {
            Error::new(ErrorCode::Internal, "internal: failed twice")
        })))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::http::script::run_scripted;

    /// A status call that answers the next value of a shared script.
    struct Fixed(Result<Value>);
    impl Machine for Fixed {
        type Output = Value;
        fn resume(&mut self, _: Input, _: u64) -> Step<Value> {
            Step::Done(self.0.clone())
        }
    }

    fn poll(answers: Vec<Result<Value>>, deadline: u64) -> Poll {
        let mut it = answers.into_iter();
        Poll::new(
            Box::new(move || {
                Box::new(Fixed(it.next().unwrap_or(Ok(Value::from(0))))) as StatusCall
            }),
            Box::new(|v| v.as_i64() == Some(2)),
            deadline,
            PollSchedule::default(),
            Jitter::new(9),
            "rbs",
        )
    }

    #[test]
    fn polls_with_growing_pauses_until_final() {
        let net = Err(Error::new(ErrorCode::NetworkError, "x"));
        let mut p = poll(
            vec![Ok(0.into()), net, Ok(5.into()), Ok(2.into())],
            u64::MAX,
        );
        let (steps, r) = run_scripted(&mut p, []);
        assert_eq!(r.unwrap(), Value::from(2));
        let sleeps: Vec<u64> = steps
            .iter()
            .map(|s| match s {
                Step::Sleep(ms) => *ms,
                _ => 0,
            })
            .collect();
        assert_eq!(sleeps.len(), 3);
        assert!((500..=1000).contains(&sleeps[0]));
        assert!((1000..=2000).contains(&sleeps[1]));
        assert!((2000..=4000).contains(&sleeps[2]));
    }

    #[test]
    fn deadline_ends_with_timeout_and_last_answer() {
        let mut p = poll(vec![], 1_000_000 + 5_000);
        let (steps, r) = run_scripted(&mut p, []);
        let e = r.unwrap_err();
        assert_eq!(e.code(), ErrorCode::Timeout);
        assert_eq!(e.gateway().unwrap().details.as_deref(), Some("0"));
        let slept: u64 = steps
            .iter()
            .map(|s| if let Step::Sleep(ms) = s { *ms } else { 0 })
            .sum();
        assert_eq!(slept, 5_000, "never sleeps past the deadline");
    }

    #[test]
    fn gateway_errors_end_the_wait() {
        let err = Err(Error::new(ErrorCode::GatewayError, "order not found"));
        let mut p = poll(vec![err], u64::MAX);
        let (_, r) = run_scripted(&mut p, []);
        assert_eq!(r.unwrap_err().code(), ErrorCode::GatewayError);
    }
}
