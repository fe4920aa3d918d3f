//! Koshelek Pay: `/koshelek/<partner>/*`.

pub mod store;

use axum::Router;

use crate::app::Shared;

/// The API routes.
pub fn routes() -> Router<Shared> {
    Router::new()
}
