//! Koshelek Pay.
pub mod postback;

pub mod api;
pub mod call;
pub mod response;

pub use api::KoshelekConfig;
pub use call::KoshelekCall;
pub use response::KoshelekErrorCode;
