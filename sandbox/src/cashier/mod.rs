//! Mobile Cashier: `/cashier/*` and the payment form at `payment.localhost:PORT`.

pub mod api;
pub mod auth;
pub mod card;
pub mod methods;
pub mod order_api;
pub mod orders;
pub mod pages;
pub mod routes;
pub mod store;
pub mod webhook;

use axum::routing::{any, post};
use axum::Router;

use crate::app::Shared;

/// The API routes.
pub fn routes() -> Router<Shared> {
    routes::router()
}

/// The payment-form host's routes.
pub fn payment_routes() -> Router<Shared> {
    Router::new()
        .route("/{external}", any(pages::form_page))
        .route("/{external}/pay", post(pages::pay))
        .route("/{external}/3ds", post(pages::three_ds))
}
