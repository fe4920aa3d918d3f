//! Mobile Cashier.
pub mod forms;
pub mod status;
pub mod webhook;
