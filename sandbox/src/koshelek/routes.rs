//! The Koshelek Pay route table below `/koshelek/<partner>/`.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, Uri};

use crate::app::Shared;

use super::api::{cancel, checkout, handle, refund, status};

use axum::routing::{get, post};
use axum::Router;

/// The API routes.
pub fn router() -> Router<Shared> {
    Router::new()
        .route(
            "/koshelek/{partner}/checkout",
            post(
                |State(app): State<Shared>,
                 Path(partner): Path<String>,
                 method: Method,
                 uri: Uri,
                 headers: HeaderMap,
                 body: Bytes| async move {
                    handle(&app, &partner, &method, &uri, &headers, &body, checkout)
                },
            ),
        )
        .route(
            "/koshelek/{partner}/transactions/{id}",
            get(
                |State(app): State<Shared>,
                 Path((partner, id)): Path<(String, String)>,
                 method: Method,
                 uri: Uri,
                 headers: HeaderMap,
                 body: Bytes| async move {
                    handle(
                        &app,
                        &partner,
                        &method,
                        &uri,
                        &headers,
                        &body,
                        |app, p, _| status(app, p, &id),
                    )
                },
            ),
        )
        .route(
            "/koshelek/{partner}/transactions/{id}/cancel",
            post(
                |State(app): State<Shared>,
                 Path((partner, id)): Path<(String, String)>,
                 method: Method,
                 uri: Uri,
                 headers: HeaderMap,
                 body: Bytes| async move {
                    handle(
                        &app,
                        &partner,
                        &method,
                        &uri,
                        &headers,
                        &body,
                        |app, p, _| cancel(app, p, &id),
                    )
                },
            ),
        )
        .route(
            "/koshelek/{partner}/transactions/{id}/refund",
            post(
                |State(app): State<Shared>,
                 Path((partner, id)): Path<(String, String)>,
                 method: Method,
                 uri: Uri,
                 headers: HeaderMap,
                 body: Bytes| async move {
                    handle(
                        &app,
                        &partner,
                        &method,
                        &uri,
                        &headers,
                        &body,
                        |app, p, f| refund(app, p, &id, f),
                    )
                },
            ),
        )
        .route(
            "/koshelek/{partner}/pay/{id}",
            get(super::pages::page).post(super::pages::decide),
        )
}
