//! The Mobile Cashier route table (paths as kassa's client uses them, below `/cashier/`).

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Method};
use serde_json::{Map, Value};

use crate::app::Shared;

use super::api::{handle, login, refresh, text};
use super::card;
use super::methods::{banks, form, payout_card, payout_ips, qrc_data, sber_pay};
use super::order_api::{create, get, list, refund};
use axum::routing::{get as get_route, post};
use axum::Router;

macro_rules! plain {
    ($auth:expr, $f:expr) => {
        |State(app): State<Shared>, method: Method, headers: HeaderMap, body: Bytes| async move {
            handle(&app, &method, &headers, &body, $auth, $f)
        }
    };
}

macro_rules! with_id {
    ($auth:expr, $f:expr) => {
        |State(app): State<Shared>,
         Path(id): Path<String>,
         method: Method,
         headers: HeaderMap,
         body: Bytes| async move {
            handle(&app, &method, &headers, &body, $auth, |app, b| {
                $f(app, &id, b)
            })
        }
    };
}

/// The API routes.
pub fn router() -> Router<Shared> {
    Router::new()
        .route("/cashier/public/login", post(plain!(false, login)))
        .route("/cashier/public/refresh", post(plain!(false, refresh)))
        .route(
            "/cashier/orders",
            get_route(
                |State(app): State<Shared>,
                 method: Method,
                 headers: HeaderMap,
                 Query(q): Query<Map<String, Value>>| async move {
                    handle(&app, &method, &headers, b"", true, |app, _| list(app, &q))
                },
            ),
        )
        .route("/cashier/order", post(plain!(true, create)))
        .route(
            "/cashier/order/{id}",
            get_route(with_id!(true, |app, id: &str, _b| get(app, id))),
        )
        .route(
            "/cashier/order/{id}/status",
            get_route(with_id!(false, |app, id: &str, _b| get(app, id))),
        )
        .route("/cashier/order/{id}/refund", post(with_id!(true, refund)))
        .route(
            "/cashier/order/{id}/qrcData",
            post(with_id!(true, |app, id: &str, _b| qrc_data(app, id))),
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
                |State(app): State<Shared>,
                 Path((id, tsp)): Path<(String, String)>,
                 method: Method,
                 headers: HeaderMap,
                 body: Bytes| async move {
                    handle(&app, &method, &headers, &body, false, |app, _| {
                        form(app, &id, Some(&tsp))
                    })
                },
            ),
        )
        .route(
            "/cashier/order/{id}/form",
            post(
                |State(app): State<Shared>,
                 Path(id): Path<String>,
                 Query(q): Query<Map<String, Value>>,
                 method: Method,
                 headers: HeaderMap,
                 body: Bytes| async move {
                    handle(&app, &method, &headers, &body, false, |app, b| {
                        let code = text(q.get("tspCode")).or_else(|| text(b.get("tspCode")));
                        form(app, &id, code.as_deref())
                    })
                },
            ),
        )
        .route(
            "/cashier/banks",
            get_route(plain!(false, |_app, _b| banks())),
        )
        .route("/cashier/authorize", post(plain!(false, card::authorize)))
        .route("/cashier/charge", post(plain!(false, card::charge)))
        .route("/cashier/void", post(plain!(false, card::void)))
        .route("/cashier/3ds/term", post(card::term_url))
}
