//! Mobile Cashier.
pub mod forms;
pub mod notification;
pub mod status;
pub mod webhook;

pub mod api;
pub mod call;
pub mod config;
pub mod response;
pub mod session;

pub use call::CashierCall;
pub use config::CashierConfig;
pub use session::{Session, SharedSession, REFRESH_MARGIN_MS};
