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
