//! Mobile Cashier.
pub mod forms;
