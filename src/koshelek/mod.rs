//! Koshelek Pay.
pub mod diagnose;
pub mod notification;

pub mod api;
pub mod api_call;
pub mod errors;

pub use api::KoshelekConfig;
pub use api_call::KoshelekCall;
pub use errors::KoshelekErrorCode;
