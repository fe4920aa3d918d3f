//! RBS state: merchants, orders, bindings, templates.

use crate::cli::Config;

use super::merchants::{self, Merchant};

/// Everything the RBS emulator remembers.
#[derive(Default)]
pub struct Store {
    /// Test merchants.
    pub merchants: Vec<Merchant>,
}

impl Store {
    /// The initial state.
    pub fn new(config: &Config) -> Store {
        Store {
            merchants: merchants::defaults(config),
        }
    }
}
