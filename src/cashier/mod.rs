//! Mobile Cashier.
pub mod diagnose;
pub mod forms;
pub mod notification;
pub mod status;

pub mod api;
pub mod api_call;
pub mod api_response;
pub mod api_wait;

pub use api_call::{CashierCall, CashierConfig, Session, SharedSession};
