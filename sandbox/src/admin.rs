//! `/__admin/*`: what went over the wire, scripted faults, reset.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::admin_gateways::*;
use crate::app::Shared;
use crate::faults::Fault;
use crate::startup;
use crate::util::to_value;

/// The admin routes (mounted at `/__admin`).
pub fn router() -> Router<Shared> {
    Router::new()
        .route("/", get(config))
        .route("/config", get(config))
        .route("/requests", get(requests).delete(clear_requests))
        .route(
            "/notifications",
            get(notifications).delete(clear_notifications),
        )
        .route(
            "/faults",
            get(list_faults).post(add_faults).delete(clear_faults),
        )
        .route("/reset", post(reset))
        .route("/cashier/orders/{id}/pay", post(cashier_pay))
        .route("/cashier/expire-tokens", post(cashier_expire_tokens))
        .route("/rbs/sbp/pay", post(rbs_sbp_pay))
        .route("/rbs/orders", get(rbs_orders))
        .route("/cashier/orders", get(cashier_orders))
        .route("/koshelek/v1/transactions", get(koshelek_v1_transactions))
        .route("/rbs/merchants/{name}", post(rbs_merchant))
        .route("/koshelek/config", post(koshelek_config))
}

/// Filters of the log listings.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct LogQuery {
    /// Only entries with an id greater than this.
    since: Option<u64>,
    /// Requests: only paths containing this text.
    path: Option<String>,
    /// Notifications: only this gateway (rbs, cashier, koshelek).
    gateway: Option<String>,
    /// Notifications: only this order.
    order_id: Option<String>,
}

async fn config(State(app): State<Shared>) -> Json<Value> {
    Json(startup::startup_json(&app))
}

async fn requests(State(app): State<Shared>, Query(q): Query<LogQuery>) -> Json<Value> {
    let log = app.env.log();
    let list: Vec<Value> = log
        .requests
        .iter()
        .filter(|r| q.since.is_none_or(|s| r.id > s))
        .filter(|r| q.path.as_deref().is_none_or(|p| r.path.contains(p)))
        .map(to_value)
        .collect();
    Json(json!({ "requests": list }))
}

async fn clear_requests(State(app): State<Shared>) -> StatusCode {
    app.env.log().requests.clear();
    StatusCode::NO_CONTENT
}

async fn notifications(State(app): State<Shared>, Query(q): Query<LogQuery>) -> Json<Value> {
    let log = app.env.log();
    let list: Vec<Value> = log
        .notifications
        .iter()
        .filter(|n| q.since.is_none_or(|s| n.id > s))
        .filter(|n| q.gateway.as_deref().is_none_or(|g| n.gateway == g))
        .filter(|n| q.order_id.as_deref().is_none_or(|o| n.order_id == o))
        .map(to_value)
        .collect();
    Json(json!({ "notifications": list }))
}

async fn clear_notifications(State(app): State<Shared>) -> StatusCode {
    app.env.log().notifications.clear();
    StatusCode::NO_CONTENT
}

async fn list_faults(State(app): State<Shared>) -> Json<Value> {
    let faults = app.env.faults();
    Json(json!({ "faults": to_value(&*faults) }))
}

async fn add_faults(State(app): State<Shared>, body: axum::body::Bytes) -> Response {
    let parsed: Result<Vec<Fault>, _> = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Array(items)) => items.into_iter().map(serde_json::from_value).collect(),
        Ok(item) => serde_json::from_value(item).map(|f| vec![f]),
        Err(e) => Err(e),
    };
    match parsed {
        Ok(faults) => {
            let mut armed = app.env.faults();
            armed.extend(faults);
            (StatusCode::OK, Json(json!({ "faults": to_value(&*armed) }))).into_response()
        }
        Err(e) => (
            StatusCode::BAD_REQUEST,
            Json(json!({
                "error": format!("expected {{\"endpoint\", \"kind\": delay|429|500|502|close_before|close_after, \"count\"?, \"delayMs\"?, \"retryAfter\"?}}: {e}")
            })),
        )
            .into_response(),
    }
}

async fn clear_faults(State(app): State<Shared>) -> StatusCode {
    app.env.faults().clear();
    StatusCode::NO_CONTENT
}

async fn reset(State(app): State<Shared>) -> Json<Value> {
    app.reset();
    Json(json!({ "reset": true }))
}
