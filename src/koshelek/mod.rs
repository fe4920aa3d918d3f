//! Koshelek Pay.
pub mod postback;

pub mod api;
pub mod call;
pub mod config;
pub mod response;

pub use call::KoshelekCall;
pub use config::KoshelekConfig;
pub use response::KoshelekErrorCode;
