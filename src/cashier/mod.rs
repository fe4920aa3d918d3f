//! Mobile Cashier.
pub mod notification;
pub mod status;
pub mod webhook;
