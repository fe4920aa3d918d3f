//! The state shape every gateway shares: its own store behind its own lock, plus the shared
//! [`Env`]. Each gateway names it (`rbs::Rbs`, `cashier::Cashier`, `koshelek::Koshelek`) and adds
//! its own methods; its routes get it as axum state.
//!
//! Lock order: a gateway's store before the log of [`Env`]; no two stores at once; never across
//! an `.await`.

use std::sync::{Arc, Mutex, MutexGuard};

use crate::env::{lock, Env};

/// A gateway's store: how a fresh one (at start and after a reset) looks.
pub trait GatewayStore: Send + 'static {
    /// The store of a just-started emulator.
    fn fresh(env: &Env) -> Self;
}

/// One gateway's state.
pub struct Gateway<S> {
    /// What every gateway shares.
    pub env: Arc<Env>,
    store: Mutex<S>,
}

impl<S: GatewayStore> Gateway<S> {
    /// The gateway with a fresh store.
    pub fn new(env: Arc<Env>) -> Arc<Gateway<S>> {
        let store = Mutex::new(S::fresh(&env));
        Arc::new(Gateway { env, store })
    }

    /// Locks the store (a poisoned lock is taken over: a panicking handler must not stop the
    /// server).
    pub fn lock(&self) -> MutexGuard<'_, S> {
        lock(&self.store)
    }

    /// Replaces the store with a fresh one.
    pub fn reset(&self) {
        let fresh = S::fresh(&self.env);
        *self.lock() = fresh;
    }
}
