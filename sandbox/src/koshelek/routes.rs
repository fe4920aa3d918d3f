//! The Koshelek Pay route table below `/koshelek/<partner>/`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, Uri};
use axum::routing::{get, on, post, MethodFilter, MethodRouter};
use axum::Router;
use serde_json::{Map, Value};

use super::api::{cancel, checkout, handle, refund, status, KResult};
use super::state::Koshelek;

/// An operation on one transaction: the gateway, partner, transaction id, request fields.
type TransactionOp = fn(&Arc<Koshelek>, &str, &str, &Map<String, Value>) -> KResult;

/// A `/transactions/{id}...` route: the common partner, auth and body checks, then `op`.
fn transaction(filter: MethodFilter, op: TransactionOp) -> MethodRouter<Arc<Koshelek>> {
    on(
        filter,
        move |State(koshelek): State<Arc<Koshelek>>,
              Path((partner, id)): Path<(String, String)>,
              method: Method,
              uri: Uri,
              headers: HeaderMap,
              body: Bytes| async move {
            handle(
                &koshelek,
                &partner,
                &method,
                &uri,
                &headers,
                &body,
                |koshelek, p, f| op(koshelek, p, &id, f),
            )
        },
    )
}

/// The API routes.
pub fn router() -> Router<Arc<Koshelek>> {
    Router::new()
        .route(
            "/koshelek/{partner}/checkout",
            post(
                |State(koshelek): State<Arc<Koshelek>>,
                 Path(partner): Path<String>,
                 method: Method,
                 uri: Uri,
                 headers: HeaderMap,
                 body: Bytes| async move {
                    handle(
                        &koshelek, &partner, &method, &uri, &headers, &body, checkout,
                    )
                },
            ),
        )
        .route(
            "/koshelek/{partner}/transactions/{id}",
            transaction(MethodFilter::GET, |koshelek, p, id, _| {
                status(koshelek, p, id)
            }),
        )
        .route(
            "/koshelek/{partner}/transactions/{id}/cancel",
            transaction(MethodFilter::POST, |koshelek, p, id, _| {
                cancel(koshelek, p, id)
            }),
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
