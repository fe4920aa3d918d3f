//! The RBS payment gateway (VTB and other banks on the same platform).

pub mod api;
pub mod api_call;
pub mod api_params;
pub mod api_response;
pub mod callback;
pub mod forms;
pub mod order_status;
pub mod signing;
pub mod types;

pub use api_call::RbsCall;
pub use order_status::OrderStatus;
