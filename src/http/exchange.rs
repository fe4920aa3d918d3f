//! [`Exchange`]: one request with its retries, as a sans-IO [`Machine`] (the protocol is in
//! [`super::machine`]). It owns the rule that a redirect is never followed (`REDIRECT_REFUSED`),
//! what an oversized or unreadable answer means, and when a request may be repeated ([`Safety`]).
//! No I/O, no clock, no randomness inside: `now_ms` and a [`Jitter`] seed come from the driver.
//! Gateways compose exchanges into their calls
//! (Mobile Cashier's login-then-call, RBS's status probe after an unknown outcome, polling).

pub use super::machine::{Input, Machine, Step};
use super::message::{HttpRequest, HttpResponse};
use super::retry::{Jitter, RetryPolicy};
use crate::error::GatewayDetails;
use crate::{Error, ErrorCode};

/// Whether a request may be repeated when its outcome is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Safety {
    /// Repeating has no effect at all (reads, status queries): retried on network errors,
    /// timeouts, 429 and 5xx.
    Repeatable,
    /// A change of state that the gateway deduplicates by an idempotency key the request carries
    /// (Mobile Cashier `x-req-id`, Koshelek `requestId`): retried like a read, always with the
    /// same bytes and key. An answer that arrived but cannot be read (too large) is
    /// [`ExchangeResult::Unknown`]: repeating would only fetch it again.
    RepeatableWithKey,
    /// Repeating could move money twice: retried only on 429 (the server refused it unprocessed);
    /// a timeout, network error or 5xx ends the exchange with [`ExchangeResult::Unknown`].
    NotRepeatable,
}

/// How one exchange ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExchangeResult {
    /// The server answered with this response (2xx, 4xx, or a final 5xx after retries of a
    /// repeatable request are used up is reported as `Failed`).
    Answered(HttpResponse),
    /// A request that changes state may or may not have taken effect; the error says why
    /// (`TIMEOUT`, `NETWORK_ERROR`, `MALFORMED_RESPONSE`, `HTTP_ERROR` for 5xx, or
    /// `RESPONSE_TOO_LARGE`). Not-repeatable requests end so at the first lost answer; keyed ones
    /// only when the answer was too large.
    Unknown(Error),
    /// The exchange failed for good (retries used up, a `Retry-After` beyond the limit, a
    /// redirect (`REDIRECT_REFUSED`), or a read's answer too large).
    Failed(Error),
}

/// One request, sent and repeated according to its [`Safety`] and a [`RetryPolicy`]. Every
/// attempt sends the identical request (same body bytes, same `x-req-id`).
#[derive(Debug, Clone)]
pub struct Exchange {
    request: HttpRequest,
    policy: RetryPolicy,
    safety: Safety,
    jitter: Jitter,
    gateway: &'static str,
    retries: u32,
    attempts: u32,
    retry_conflict: bool,
}

impl Exchange {
    /// An exchange that will send `request` (its `timeout_ms` and `max_response_bytes` are set
    /// from the policy).
    pub fn new(
        mut request: HttpRequest,
        policy: RetryPolicy,
        safety: Safety,
        jitter: Jitter,
        gateway: &'static str,
    ) -> Self {
        request.timeout_ms = policy.timeout_ms;
        request.max_response_bytes = policy.max_response_bytes;
        Self {
            request,
            policy,
            safety,
            jitter,
            gateway,
            retries: 0,
            attempts: 0,
            retry_conflict: false,
        }
    }

    /// Also retries HTTP 409 (Mobile Cashier answers it while a request with the same
    /// `x-req-id` is still being processed).
    pub fn retry_on_conflict(mut self) -> Self {
        self.retry_conflict = true;
        self
    }

    /// How many times the request has been sent so far.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The request this exchange sends.
    pub fn request(&self) -> &HttpRequest {
        &self.request
    }

    /// The jitter source, handed on to the next exchange of a composed call.
    pub fn jitter(&self) -> Jitter {
        self.jitter.clone()
    }

    fn details(&self, status: Option<u16>) -> GatewayDetails {
        GatewayDetails {
            gateway: self.gateway,
            http_status: status,
            ..Default::default()
        }
    }

    fn retry_or(
        &mut self,
        response: Option<&HttpResponse>,
        now_ms: u64,
        end: Error,
    ) -> Step<ExchangeResult> {
        if self.retries < self.policy.max_retries {
            if let Some(ms) =
                self.policy
                    .delay_after(response, self.retries, now_ms, &mut self.jitter)
            {
                return Step::Sleep(ms);
            }
        }
        Step::Done(Ok(ExchangeResult::Failed(end)))
    }
}

/// The request URL as messages show it: without its query (Koshelek GETs carry ids there).
fn shown(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}

impl Exchange {
    fn lost(
        &mut self,
        response: Option<&HttpResponse>,
        now_ms: u64,
        err: Error,
    ) -> Step<ExchangeResult> {
        match self.safety {
            Safety::Repeatable | Safety::RepeatableWithKey => self.retry_or(response, now_ms, err),
            Safety::NotRepeatable => Step::Done(Ok(ExchangeResult::Unknown(err))),
        }
    }
}

impl Machine for Exchange {
    type Output = ExchangeResult;

    fn resume(&mut self, input: Input, now_ms: u64) -> Step<ExchangeResult> {
        let url = shown(&self.request.url).to_string();
        match input {
            Input::Start => {
                self.attempts += 1;
                Step::Send(self.request.clone())
            }
            Input::Slept => {
                self.retries += 1;
                self.attempts += 1;
                Step::Send(self.request.clone())
            }
            Input::Response(r) if r.status == 0 || (300..400).contains(&r.status) => {
                // Never followed: the transport sends with redirect: 'manual', and a browser's
                // opaque redirect arrives as status 0 without headers.
                let target = super::base_url::redirect_target_host(r.header("location"), &url);
                let status = if r.status == 0 {
                    "an opaque redirect".to_string()
                } else {
                    format!("HTTP {}", r.status)
                };
                let err = Error::new(
                    ErrorCode::RedirectRefused,
                    format!(
                        "{url} answered {status} redirecting to {target}; kassa never follows redirects, so nothing was sent there. \
                         Check the client's baseUrl: it must be the gateway's API address itself"
                    ),
                )
                .with_gateway(self.details(Some(r.status)));
                Step::Done(Ok(ExchangeResult::Failed(err)))
            }
            Input::Response(r) if r.status == 429 => {
                let err = Error::new(
                    ErrorCode::RateLimited,
                    format!(
                        "{url} answered 429 Too Many Requests {} time(s); slow down or raise maxRetries",
                        self.attempts
                    ),
                )
                .with_gateway(self.details(Some(429)));
                self.retry_or(Some(&r), now_ms, err)
            }
            Input::Response(r) if r.status >= 500 => {
                let err = Error::new(
                    ErrorCode::HttpError,
                    format!("{url} answered HTTP {} (a server-side failure)", r.status),
                )
                .with_gateway(self.details(Some(r.status)));
                self.lost(Some(&r), now_ms, err)
            }
            Input::Response(r) if r.status == 409 && self.retry_conflict => {
                let err = Error::new(
                    ErrorCode::HttpError,
                    format!("{url} answered 409: the same request is still being processed"),
                )
                .with_gateway(self.details(Some(409)));
                self.retry_or(Some(&r), now_ms, err)
            }
            Input::Response(r) => Step::Done(Ok(ExchangeResult::Answered(r))),
            Input::TooLarge { status } => {
                let err = Error::new(
                    ErrorCode::ResponseTooLarge,
                    format!(
                        "{url} answered HTTP {status} with more than {} bytes (maxResponseBytes); reading stopped there",
                        self.request.max_response_bytes
                    ),
                )
                .with_gateway(self.details(Some(status)));
                match self.safety {
                    Safety::Repeatable => Step::Done(Ok(ExchangeResult::Failed(err))),
                    Safety::RepeatableWithKey | Safety::NotRepeatable => {
                        Step::Done(Ok(ExchangeResult::Unknown(err)))
                    }
                }
            }
            Input::Timeout | Input::NetworkError(_) | Input::Malformed(_) => {
                let err = match &input {
                    Input::NetworkError(m) => Error::new(
                        ErrorCode::NetworkError,
                        format!("request to {url} failed without an answer: {m}"),
                    ),
                    Input::Malformed(m) => Error::new(
                        ErrorCode::MalformedResponse,
                        format!("request to {url} got something that is not an HTTP response: {m}"),
                    ),
                    _ => Error::new(
                        ErrorCode::Timeout,
                        format!(
                            "no answer from {url} within {} ms (timeoutMs)",
                            self.request.timeout_ms
                        ),
                    ),
                }
                .with_gateway(self.details(None));
                self.lost(None, now_ms, err)
            }
        }
    }
}

/// True when a call's failure leaves its outcome unknown — the answer was lost (timeout, dropped
/// connection, 5xx) or arrived unreadable (not JSON, over `maxResponseBytes`) — so that a mutation
/// ends in `OUTCOME_UNKNOWN` rather than in this error. The one rule for Mobile Cashier and
/// Koshelek Pay; RBS probes the order instead (see `rbs::call`).
pub fn is_lost_answer(e: &Error) -> bool {
    match e.code() {
        ErrorCode::Timeout
        | ErrorCode::NetworkError
        | ErrorCode::MalformedResponse
        | ErrorCode::ResponseTooLarge => true,
        ErrorCode::HttpError => e
            .gateway()
            .and_then(|g| g.http_status)
            .is_some_and(|s| s >= 500),
        _ => false,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::http::message::Method;
    use crate::http::script::run_scripted;

    fn ex(safety: Safety) -> Exchange {
        let req = HttpRequest::new(Method::Post, "https://gw/x", 0).header("x-req-id", "K1");
        Exchange::new(req, RetryPolicy::default(), safety, Jitter::new(3), "rbs")
    }

    fn sends(steps: &[Step<()>]) -> Vec<&HttpRequest> {
        steps
            .iter()
            .filter_map(|s| match s {
                Step::Send(r) => Some(r),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn repeatable_retries_network_5xx_and_timeout_with_same_request() {
        let mut e = ex(Safety::Repeatable);
        let (steps, r) = run_scripted(
            &mut e,
            [
                Input::NetworkError("reset".into()),
                Input::Response(HttpResponse::new(502, "")),
                Input::Timeout,
                Input::Response(HttpResponse::new(200, "{}")),
            ],
        );
        assert_eq!(
            r.unwrap(),
            ExchangeResult::Answered(HttpResponse::new(200, "{}"))
        );
        let s = sends(&steps);
        assert_eq!(s.len(), 4);
        assert!(s.iter().all(|r| r.header_value("x-req-id") == Some("K1")));
        assert!(s.iter().all(|r| r.timeout_ms == 30_000));
        assert_eq!(
            steps.iter().filter(|s| matches!(s, Step::Sleep(_))).count(),
            3
        );
    }

    #[test]
    fn repeatable_gives_up_after_max_retries() {
        let mut e = ex(Safety::Repeatable);
        let (steps, r) = run_scripted(&mut e, std::iter::repeat_with(|| Input::Timeout).take(10));
        assert_eq!(sends(&steps).len(), 4);
        match r.unwrap() {
            ExchangeResult::Failed(e) => assert_eq!(e.code(), ErrorCode::Timeout),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn not_repeatable_stops_at_the_first_unknown_outcome() {
        for input in [
            Input::Timeout,
            Input::NetworkError("closed".into()),
            Input::Response(HttpResponse::new(500, "")),
        ] {
            let mut e = ex(Safety::NotRepeatable);
            let (steps, r) = run_scripted(&mut e, [input.clone()]);
            assert_eq!(sends(&steps).len(), 1, "{input:?}");
            assert!(
                matches!(r.unwrap(), ExchangeResult::Unknown(_)),
                "{input:?}"
            );
        }
    }

    #[test]
    fn rate_limit_honours_retry_after_even_when_not_repeatable() {
        let mut e = ex(Safety::NotRepeatable);
        let (steps, r) = run_scripted(
            &mut e,
            [
                Input::Response(HttpResponse::new(429, "").with_header("Retry-After", "2")),
                Input::Response(HttpResponse::new(200, "ok")),
            ],
        );
        assert_eq!(steps[1], Step::Sleep(2000));
        assert!(matches!(r.unwrap(), ExchangeResult::Answered(_)));
    }

    #[test]
    fn answers_with_4xx_are_handed_back() {
        let mut e = ex(Safety::Repeatable);
        let (_, r) = run_scripted(&mut e, [Input::Response(HttpResponse::new(401, "no"))]);
        assert_eq!(
            r.unwrap(),
            ExchangeResult::Answered(HttpResponse::new(401, "no"))
        );
    }
}
