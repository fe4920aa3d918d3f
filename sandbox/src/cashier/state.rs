//! The Mobile Cashier gateway's state: its [`Store`] (no orders at start) and the shared `Env`.

use crate::env::Env;
use crate::gateway::{Gateway, GatewayStore};

use super::store::Store;

/// The Mobile Cashier gateway, handed to its routes as axum state.
pub type Cashier = Gateway<Store>;

impl GatewayStore for Store {
    fn fresh(_env: &Env) -> Store {
        Store::default()
    }
}
