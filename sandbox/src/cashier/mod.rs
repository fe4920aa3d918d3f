//! Mobile Cashier: `/cashier/*` and the payment form at `payment.localhost:PORT`.

pub mod store;

use axum::Router;

use crate::app::Shared;

/// The API routes.
pub fn routes() -> Router<Shared> {
    Router::new()
}

/// The payment-form host's routes.
pub fn payment_routes() -> Router<Shared> {
    Router::new()
}
