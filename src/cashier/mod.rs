//! Mobile Cashier.
pub mod forms;
pub mod notification;
pub mod status;
pub mod webhook;

pub mod api;
pub mod call;
pub mod response;

pub use call::{CashierCall, CashierConfig, Session, SharedSession};
