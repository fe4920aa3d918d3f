//! Koshelek Pay.
//!
//! The same files as every gateway: [`config`] (environments `'test'`/`'production'`, the
//! per-partner base URL resolved once; credentials), [`api`] (typed requests → plain requests),
//! [`response`] (answers → typed results or errors, the error-code table), [`call`] (the call
//! machine and its poller); the postback verifier and typed
//! postback are [`notification`], its failure hints [`diagnose`]. What the gateways share is in
//! [`crate::http`].
pub mod diagnose;
pub mod notification;

pub mod api;
pub mod call;
pub mod config;
pub mod response;

pub use call::KoshelekCall;
pub use config::KoshelekConfig;
pub use response::KoshelekErrorCode;
