//! The RBS gateway's state: its [`Store`] (seeded with the reference's sample objects) and the
//! shared `Env`.

use crate::env::Env;
use crate::gateway::{Gateway, GatewayStore};

use super::fixtures;
use super::store::Store;

/// The RBS gateway, handed to its routes as axum state.
pub type Rbs = Gateway<Store>;

impl GatewayStore for Store {
    fn fresh(env: &Env) -> Store {
        let mut store = Store::new(&env.config);
        fixtures::seed(&mut store, env.now_ms());
        store
    }
}
