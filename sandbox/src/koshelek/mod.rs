//! Koshelek Pay: `/koshelek/<partner>/*`.

pub mod api;
pub mod pages;
pub mod store;

use axum::Router;

use crate::app::Shared;

/// The API routes.
pub fn routes() -> Router<Shared> {
    api::routes::router()
}
