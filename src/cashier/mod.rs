//! Mobile Cashier.
