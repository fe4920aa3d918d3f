//! The sans-IO HTTP model shared by the three clients: requests and responses as plain data, the
//! retry policy, idempotency keys, the one URL/form encoder ([`encode`]), the one amount rule ([`amount`]), the one base-URL policy
//! ([`base_url`]) and URL syntax ([`url`]), and the state machines
//! ([`Exchange`], [`Poll`]) that decide what to send, when to wait and when to give up — including
//! that a redirect is never followed (`REDIRECT_REFUSED`) and what an oversized or unreadable
//! answer means. Only the wasm layer performs I/O.

pub mod amount;
pub mod base_url;
pub mod encode;
pub mod endpoint;
pub mod exchange;
pub mod idempotency;
pub mod machine;
pub mod message;
pub mod poll;
pub mod retry;
pub mod script;
pub mod time;
pub mod url;
pub mod whole_number;

pub use exchange::{Exchange, ExchangeResult, Safety};
pub use idempotency::request_id;
pub use machine::{Input, Machine, Step};
pub use message::{HttpRequest, HttpResponse, Method, PendingSignature};
pub use poll::{FailedCall, Poll, PollSchedule, StatusCall};
pub use retry::{Jitter, RetryPolicy, DEFAULT_MAX_RESPONSE_BYTES};
pub use script::run_scripted;
