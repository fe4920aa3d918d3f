//! The sans-IO protocol every call machine speaks: the driver (the wasm layer, or a test) feeds
//! [`Input`]s and performs the [`Step`]s it is given — send this request, sleep this long — until
//! the machine is done.
//!
//! It also owns the one step forwarder, [`Step::pass_on`]: a machine that drives an inner one
//! (RBS's status probe, Mobile Cashier's login-then-call, the poller) hands the inner machine's
//! sends and sleeps to the driver unchanged and handles its end itself.
//!
//! This module depends on the request/response model only, so that the exchange, the poller and
//! the test driver (`script.rs`) all depend on it and never on each other.

use super::message::{HttpRequest, HttpResponse};
use crate::{Error, ErrorCode, Result};

/// What happened since the last [`Step`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// The first call: nothing has happened yet.
    Start,
    /// The request of the last [`Step::Send`] got an answer (any HTTP status).
    Response(HttpResponse),
    /// The request of the last [`Step::Send`] was aborted after its timeout.
    Timeout,
    /// The request failed without an answer (DNS, refused or dropped connection, a body that
    /// broke off midway). The text is the runtime's message, kept for the error.
    NetworkError(String),
    /// Something answered, but not with a readable HTTP response (the caller's `fetch` gave back
    /// something that is not a `Response`, or its getters threw). The text says what was wrong.
    Malformed(String),
    /// The answer (HTTP `status`) was larger than the request's `max_response_bytes`: reading
    /// stopped there (refused by `Content-Length`, or the stream was cancelled at the limit).
    TooLarge {
        /// The HTTP status of the oversized answer.
        status: u16,
    },
    /// The sleep of the last [`Step::Sleep`] has ended.
    Slept,
}

/// What the driver must do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step<T> {
    /// Send this request (with its `timeout_ms`) and report the result.
    Send(HttpRequest),
    /// Wait this many milliseconds, then report [`Input::Slept`].
    Sleep(u64),
    /// Finished.
    Done(Result<T>),
}

/// A sans-IO state machine that the driver runs to completion.
pub trait Machine {
    /// What the machine produces.
    type Output;
    /// Advances the machine with what happened; `now_ms` is the driver's clock (epoch ms).
    fn resume(&mut self, input: Input, now_ms: u64) -> Step<Self::Output>;
}

impl<T> Step<T> {
    /// An inner machine's `Send` or `Sleep` as the outer machine's step. The caller handles the
    /// inner `Done` before it forwards; one reaching here is a bug of kassa (`INTERNAL_ERROR`).
    pub fn pass_on<U>(self) -> Step<U> {
        match self {
            Step::Send(r) => Step::Send(r),
            Step::Sleep(ms) => Step::Sleep(ms),
            Step::Done(_) => Step::Done(Err(Error::new(
                ErrorCode::Internal,
                "internal: an inner call finished where its caller handles the end",
            ))),
        }
    }
}
