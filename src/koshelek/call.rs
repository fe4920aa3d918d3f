//! One Koshelek Pay call as a sans-IO machine. GETs are retried on network errors, timeouts,
//! 429 and 5xx. Other methods are repeated after a lost answer only when their body carries a
//! `requestId` (the reference's idempotency key: a repeat with the same `requestId` returns the
//! first call's result); the repeat sends the same bytes, so the same key. Without a key only a
//! 429 is repeated, and a lost answer is `OUTCOME_UNKNOWN`. A non-GET answered with a 2xx body
//! that is not JSON, or too large to read, is `OUTCOME_UNKNOWN` too: something answered, and
//! that proves nothing about the payment.

use serde_json::{json, Map, Value};

use super::api::{build, request_id};
use super::config::KoshelekConfig;
use super::response::{parse, KoshelekErrorCode};
use crate::error::GatewayDetails;
use crate::http::{
    Exchange, ExchangeResult, Input, Jitter, Machine, Method, Poll, PollSchedule, Safety, Step,
};
use crate::{Error, ErrorCode, Result};

/// A call `request(method, path, body)`.
pub struct KoshelekCall {
    what: String,
    mutation: bool,
    request_id: Option<String>,
    exchange: Exchange,
}

impl KoshelekCall {
    /// Prepares a call (validation happens here, before any request exists).
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
            request_id: key,
            exchange: Exchange::new(request, config.policy, safety, jitter, "koshelek"),
        })
    }

    fn unknown(&self, cause: &Error) -> Error {
        let repeat = match &self.request_id {
            Some(_) => "repeat it with the same requestId to get its result without doing it twice",
            None => "it was not repeated (the body has no requestId); check the transaction's state before trying again",
        };
        Error::new(
            ErrorCode::OutcomeUnknown,
            format!(
                "Koshelek {} may or may not have taken effect ({}: {}); {repeat}",
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
}

impl Machine for KoshelekCall {
    type Output = Value;

    fn resume(&mut self, input: Input, now_ms: u64) -> Step<Value> {
        match self.exchange.resume(input, now_ms) {
            Step::Send(r) => Step::Send(r),
            Step::Sleep(ms) => Step::Sleep(ms),
            Step::Done(Ok(ExchangeResult::Answered(r))) => match parse(&self.what, &r) {
                Err(e) if self.lost(&e) => Step::Done(Err(self.unknown(&e))),
                other => Step::Done(other),
            },
            Step::Done(Ok(ExchangeResult::Unknown(cause))) => Step::Done(Err(self.unknown(&cause))),
            Step::Done(Ok(ExchangeResult::Failed(e))) | Step::Done(Err(e)) if self.lost(&e) => {
                Step::Done(Err(self.unknown(&e)))
            }
            Step::Done(Ok(ExchangeResult::Failed(e))) | Step::Done(Err(e)) => Step::Done(Err(e)),
        }
    }
}

/// States that mean "not decided yet" in a status answer's `status`/`state` field.
const PENDING: [&str; 8] = [
    "NEW",
    "CREATED",
    "PENDING",
    "PROCESSING",
    "IN_PROCESS",
    "IN_PROGRESS",
    "WAITING",
    "STARTED",
];

/// True when a status answer is final: it has a `status` or `state` that is not a pending word.
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
    s.is_some_and(|s| !PENDING.contains(&s.to_ascii_uppercase().as_str()))
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
                Step::Done(Ok(json!({ "status": "PROCESSING" })))
            }
            other => other,
        }
    }
}

/// `waitForFinalStatus(transactionId, { deadline, path })`: polls `GET <path>` (default
/// `transactions/<transactionId>`) until [`is_settled`].
pub fn wait_for_final_status(
    config: KoshelekConfig,
    path: String,
    deadline_ms: u64,
    schedule: PollSchedule,
    jitter: Jitter,
) -> Poll {
    let build =
        move |jitter| KoshelekCall::new(&config, Method::Get, &path, None, jitter).map(StatusQuery);
    Poll::over(build, is_settled, deadline_ms, schedule, jitter, "koshelek")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::http::{run_scripted, HttpResponse, RetryPolicy};

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
        let mut c =
            KoshelekCall::new(&config(), Method::Post, "checkout", None, Jitter::new(1)).unwrap();
        let (steps, r) = run_scripted(&mut c, [Input::Timeout]);
        assert_eq!(steps.len(), 1);
        assert_eq!(r.unwrap_err().code(), ErrorCode::OutcomeUnknown);
        let mut c = KoshelekCall::new(
            &config(),
            Method::Get,
            "transactions/1",
            None,
            Jitter::new(1),
        )
        .unwrap();
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
        let mut c = KoshelekCall::new(
            &config(),
            Method::Post,
            "checkout",
            body.as_object(),
            Jitter::new(1),
        )
        .unwrap();
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
        let mut c = KoshelekCall::new(
            &config(),
            Method::Post,
            "checkout",
            body.as_object(),
            Jitter::new(1),
        )
        .unwrap();
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
            let mut c = KoshelekCall::new(
                &config(),
                Method::Post,
                "checkout",
                body.as_object(),
                Jitter::new(1),
            )
            .unwrap();
            let (steps, r) = run_scripted(&mut c, [input.clone(), input.clone()]);
            assert_eq!(steps.len(), 1, "{input:?}");
            assert_eq!(
                r.unwrap_err().code(),
                ErrorCode::OutcomeUnknown,
                "{input:?}"
            );
        }
        // A redirect is refused, never followed or repeated.
        let mut c =
            KoshelekCall::new(&config(), Method::Post, "checkout", None, Jitter::new(1)).unwrap();
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
        let mut p = wait_for_final_status(
            config(),
            "transactions/1".into(),
            u64::MAX,
            PollSchedule::default(),
            Jitter::new(3),
        );
        let (_, r) = run_scripted(
            &mut p,
            [
                Input::Response(HttpResponse::new(
                    422,
                    r#"{"code":"TRANSACTION_IN_PROCESSING"}"#,
                )),
                Input::Response(HttpResponse::new(200, r#"{"status":"PENDING"}"#)),
                Input::Response(HttpResponse::new(200, r#"{"status":"PAID","x":1}"#)),
            ],
        );
        assert_eq!(r.unwrap()["status"], "PAID");
    }
}
