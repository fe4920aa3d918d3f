//! Mobile Cashier: `/cashier/*` and the payment form at `payment.localhost:PORT`.
//!
//! Layout: [`state`] (the gateway's state: [`store::Store`] behind its lock and the shared
//! `Env`), [`routes`] (both route tables), `api` (request handling, idempotency, auth, saving and
//! settling orders), one file per group of endpoints (`order_api`, `methods`, `card`), the pure
//! order (`orders`), tokens (`auth`), webhooks (`webhook`) and the payment-form pages (`pages`).
//! Nothing here imports another gateway or the composition root; the expiry timer is ticked
//! from `app.rs` through [`expire_due`].

pub mod api;
pub mod auth;
pub mod card;
pub mod methods;
pub mod order_api;
pub mod orders;
pub mod pages;
pub mod routes;
pub mod state;
pub mod store;
pub mod webhook;

pub use api::expire_due;
pub use routes::{payment_router, router};
pub use state::Cashier;
