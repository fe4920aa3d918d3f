//! The RBS payment gateway (VTB and other banks on the same platform).

pub mod api;
pub mod api_params;
pub mod call;
pub mod callback;
pub mod config;
pub mod forms;
pub mod order_status;
pub mod response;
pub mod signing;

pub use call::RbsCall;
pub use order_status::OrderStatus;
