//! Koshelek Pay.
pub mod postback;
