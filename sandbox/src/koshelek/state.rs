//! The Koshelek Pay gateway's state: its [`Store`] (the partner account, no transactions at
//! start) and the shared `Env`.

use crate::env::Env;
use crate::gateway::{Gateway, GatewayStore};

use super::store::Store;

/// The Koshelek Pay gateway, handed to its routes as axum state.
pub type Koshelek = Gateway<Store>;

impl GatewayStore for Store {
    fn fresh(env: &Env) -> Store {
        Store::new(&env.config, env.now_ms())
    }
}

impl Koshelek {
    /// The buyer-facing page of transaction `id` of `partner`.
    pub fn payment_url(&self, partner: &str, id: &str) -> String {
        format!("{}/koshelek/{partner}/pay/{id}", self.env.base_url)
    }
}
