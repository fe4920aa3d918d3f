//! The Koshelek Pay route table below `/koshelek/<partner>/`: the reference's paths only
//! (`api/v1/merchant/*`, koshelek-pay-api-v1.md §2).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method};
use axum::routing::{any, MethodRouter};
use axum::Router;

use super::state::Koshelek;
use super::v1;

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

/// The API routes: the six POSTs and the availability poll (GET).
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
    router.route(
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
}
