//! The Koshelek Pay route table below `/koshelek/<partner>/`.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, Uri};

use crate::app::Shared;

use super::api::{cancel, checkout, handle, refund, status, KResult};

use axum::routing::{get, on, post, MethodFilter, MethodRouter};
use axum::Router;
use serde_json::{Map, Value};

/// An operation on one transaction: app, partner, transaction id, request fields.
type TransactionOp = fn(&Shared, &str, &str, &Map<String, Value>) -> KResult;

/// A `/transactions/{id}...` route: the common partner, auth and body checks, then `op`.
fn transaction(filter: MethodFilter, op: TransactionOp) -> MethodRouter<Shared> {
    on(
        filter,
        move |State(app): State<Shared>,
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
                |app, p, f| op(app, p, &id, f),
            )
        },
    )
}

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
            transaction(MethodFilter::GET, |app, p, id, _| status(app, p, id)),
        )
        .route(
            "/koshelek/{partner}/transactions/{id}/cancel",
            transaction(MethodFilter::POST, |app, p, id, _| cancel(app, p, id)),
        )
        .route(
            "/koshelek/{partner}/transactions/{id}/refund",
            transaction(MethodFilter::POST, refund),
        )
        .route(
            "/koshelek/{partner}/pay/{id}",
            get(super::pages::page).post(super::pages::decide),
        )
}
