//! Mobile Cashier state.

/// The cashier's login.
pub const LOGIN: &str = "cashier@sandbox.test";
/// The cashier's password.
pub const PASSWORD: &str = "Sandbox123";
/// The shop id.
pub const TSP_ID: u64 = 1;
/// The shop code (for /form).
pub const TSP_CODE: &str = "sandbox-shop";

/// Everything the Mobile Cashier emulator remembers.
#[derive(Default)]
pub struct Store {}
