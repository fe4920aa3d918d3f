//! Koshelek Pay.
