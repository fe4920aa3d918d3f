//! Mobile Cashier.
pub mod status;
pub mod webhook;
