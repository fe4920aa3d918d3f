//! The Koshelek Pay route table below `/koshelek/<partner>/`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, Uri};
use axum::routing::{any, get, on, post, MethodFilter, MethodRouter};
use axum::Router;
use serde_json::{Map, Value};

use super::api::{cancel, checkout, handle, refund, status, KResult};
use super::state::Koshelek;
use super::v1;

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

/// A v1 POST route: `api/v1/merchant/<op>`.
fn v1_route(op: v1::Op) -> MethodRouter<Arc<Koshelek>> {
    any(
        move |State(koshelek): State<Arc<Koshelek>>,
              Path(partner): Path<String>,
              method: Method,
              headers: HeaderMap,
              body: Bytes| async move {
            v1::handle(&koshelek, &partner, op, &method, &headers, &body)
        },
    )
}

/// The API routes: Koshelek Pay v1 (`api/v1/merchant/*`, the reference's paths) and the
/// deprecated invented paths (`checkout`, `transactions/{id}`, `transactions/{id}/cancel`,
/// `transactions/{id}/refund`) that kassa's generic client still uses: to be removed when the
/// client moves to v1.
pub fn router() -> Router<Arc<Koshelek>> {
    let mut router = Router::new();
    for op in [
        v1::Op::Task,
        v1::Op::Checkout,
        v1::Op::Status,
        v1::Op::Receipt,
        v1::Op::Cancel,
        v1::Op::Refund,
    ] {
        router = router.route(
            &format!("/koshelek/{{partner}}/api/v1/merchant/{}", op.path()),
            v1_route(op),
        );
    }
    router
        .route(
            "/koshelek/{partner}/api/v1/merchant/availability-info/{id}",
            any(
                |State(koshelek): State<Arc<Koshelek>>,
                 Path((partner, id)): Path<(String, String)>,
                 method: Method,
                 headers: HeaderMap| async move {
                    v1::poll(&koshelek, &partner, &id, &method, &headers)
                },
            ),
        )
        // Deprecated (invented before the v1 reference arrived).
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
