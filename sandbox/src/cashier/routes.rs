//! The Mobile Cashier route tables: the API below `/cashier/` and the payment-form host.
//!
//! The reference (`mobile-cashier-api.txt`, OpenAPI 1.1.7 rendered as text) prints the paths of
//! two operations only (`POST /public/login`, line 11; `POST /order`, line 604) and the payment
//! form's `https://payment.{domain}/{ExternalOrderID}` (line 78); the other paths are the ones
//! kassa chose from the reference's wording (the table with the reasons is docs/cashier-paths.md).
//! Methods: "Requests are sent in JSON format using the POST method" (line 11), but the order
//! list takes "query Parameters" (line 158) and the status is checked "via get" (line 70): the
//! reads (orders, order/{id}, order/{id}/status, banks) accept GET (kassa's choice) and POST
//! (line 11); everything else is POST only. `public/refresh` is the emulator's own (the reference
//! returns a refreshToken, line 148, but prints no call that takes it; kassa does not use it).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Method};
use axum::response::Response;
use axum::routing::{any, get as get_route, post};
use axum::Router;
use serde_json::{Map, Value};

use super::api::{handle, login, refresh};
use super::card;
use super::methods::{banks, form, payout_card, payout_ips, qrc_data, sber_pay};
use super::order_api::{create, get, list, refund};
use super::pages;
use super::state::Cashier;

macro_rules! plain {
    ($auth:expr, $f:expr) => {
        |State(cashier): State<Arc<Cashier>>, method: Method, headers: HeaderMap, body: Bytes| async move {
            handle(&cashier, &method, &headers, &body, $auth, $f)
        }
    };
}

macro_rules! with_id {
    ($auth:expr, $f:expr) => {
        |State(cashier): State<Arc<Cashier>>,
         Path(id): Path<String>,
         method: Method,
         headers: HeaderMap,
         body: Bytes| async move {
            handle(&cashier, &method, &headers, &body, $auth, |cashier, b| {
                $f(cashier, &id, b)
            })
        }
    };
}

/// GET or POST `/cashier/orders`: the order list, filtered by the query.
async fn list_orders(
    State(cashier): State<Arc<Cashier>>,
    method: Method,
    headers: HeaderMap,
    Query(q): Query<Map<String, Value>>,
) -> Response {
    handle(&cashier, &method, &headers, b"", true, |cashier, _| {
        list(cashier, &q)
    })
}

/// The API routes.
pub fn router() -> Router<Arc<Cashier>> {
    Router::new()
        .route("/cashier/public/login", post(plain!(false, login)))
        .route("/cashier/public/refresh", post(plain!(false, refresh)))
        .route("/cashier/orders", get_route(list_orders).post(list_orders))
        .route("/cashier/order", post(plain!(true, create)))
        .route(
            "/cashier/order/{id}",
            get_route(with_id!(true, |cashier, id: &str, _b| get(cashier, id)))
                .post(with_id!(true, |cashier, id: &str, _b| get(cashier, id))),
        )
        .route(
            "/cashier/order/{id}/status",
            get_route(with_id!(false, |cashier, id: &str, _b| get(cashier, id)))
                .post(with_id!(false, |cashier, id: &str, _b| get(cashier, id))),
        )
        .route("/cashier/order/{id}/refund", post(with_id!(true, refund)))
        .route(
            "/cashier/order/{id}/qrcData",
            post(with_id!(true, |cashier, id: &str, _b| qrc_data(
                cashier, id
            ))),
        )
        .route(
            "/cashier/order/{id}/payout/ips",
            post(with_id!(true, payout_ips)),
        )
        .route(
            "/cashier/order/{id}/payout/card",
            post(with_id!(true, payout_card)),
        )
        .route(
            "/cashier/order/{id}/sberPay",
            post(with_id!(true, sber_pay)),
        )
        .route(
            "/cashier/order/{id}/form/{tsp}",
            post(
                |State(cashier): State<Arc<Cashier>>,
                 Path((id, tsp)): Path<(String, String)>,
                 method: Method,
                 headers: HeaderMap,
                 body: Bytes| async move {
                    handle(&cashier, &method, &headers, &body, false, |cashier, _| {
                        form(cashier, &id, Some(&tsp))
                    })
                },
            ),
        )
        .route(
            "/cashier/banks",
            get_route(plain!(false, |_app, _b| banks())).post(plain!(false, |_app, _b| banks())),
        )
        .route("/cashier/authorize", post(plain!(false, card::authorize)))
        .route("/cashier/charge", post(plain!(false, card::charge)))
        .route("/cashier/void", post(plain!(false, card::void)))
        .route("/cashier/3ds/term", post(card::term_url))
}

/// The payment-form host's routes (`payment.localhost:PORT`).
pub fn payment_router() -> Router<Arc<Cashier>> {
    Router::new()
        .route("/{external}", any(pages::form_page))
        .route("/{external}/pay", post(pages::pay))
        .route("/{external}/3ds", post(pages::three_ds))
}
