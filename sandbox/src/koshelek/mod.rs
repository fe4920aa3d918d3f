//! Koshelek Pay: `/koshelek/<partner>/*`.

pub mod api;
pub mod pages;
pub mod routes;
pub mod store;

use axum::Router;

use crate::app::Shared;

/// The API routes.
pub fn routes() -> Router<Shared> {
    routes::router()
}
