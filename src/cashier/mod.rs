//! Mobile Cashier.
//!
//! The same files as every gateway: [`config`] (the base URL, checked once; credentials),
//! [`api`] (typed requests → plain requests: the endpoint table), [`response`] (answers → typed
//! results or errors), [`call`] (the call machine and its poller) with its login [`session`],
//! [`forms`] (the payment form), [`status`] (order statuses and when a wait ends); the webhook
//! verifier, typed notification and test signing are [`notification`], its failure hints
//! [`diagnose`]. What the gateways share is in [`crate::http`].
pub mod diagnose;
pub mod forms;
pub mod notification;
pub mod status;
mod webhook_body;

pub mod api;
pub mod call;
pub mod config;
pub mod response;
pub mod session;

pub use call::CashierCall;
pub use config::CashierConfig;
pub use session::{Session, SharedSession, REFRESH_MARGIN_MS};
