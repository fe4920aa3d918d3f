//! The RBS payment gateway: `/payment/rest/*.do`, the hosted payment page, ACS pages, callbacks.

pub mod cards;
pub mod merchants;
pub mod store;

use axum::Router;

use crate::app::Shared;

/// The RBS routes.
pub fn routes() -> Router<Shared> {
    Router::new()
}
