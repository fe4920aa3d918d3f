//! Gateway-specific admin actions: the payer pays (SBP, IPS, SberPay), tokens,
//! sessions, merchant settings, and the order listings tests count with.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Response};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::app::Shared;

/// The Mobile Cashier payer pays a registered QR (IPS) or a SberPay order.
pub async fn cashier_pay(
    State(app): State<Shared>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Response {
    let (status, body) = crate::cashier::methods::payer_pays(&app.cashier, &id);
    (status, Json(body)).into_response()
}

/// Every Mobile Cashier token issued so far stops working (to test re-login on 401).
pub async fn cashier_expire_tokens(State(app): State<Shared>) -> Json<Value> {
    let now = app.env.now_ms();
    app.cashier.lock().tokens_valid_after = now;
    Json(json!({ "tokensValidAfter": now }))
}

/// The SBP payer pays a dynamic QR code: `{"qrId"}` (or `{"mdOrder"}`: its live QR).
pub async fn rbs_sbp_pay(State(app): State<Shared>, body: axum::body::Bytes) -> Response {
    let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let qr = match (v["qrId"].as_str(), v["mdOrder"].as_str()) {
        (Some(q), _) => Some(q.to_string()),
        (None, Some(md)) => app
            .rbs
            .lock()
            .qrs
            .values()
            .find(|q| q.order_id == md && q.status == "STARTED")
            .map(|q| q.id.clone()),
        _ => None,
    };
    let Some(qr) = qr else {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({ "error": "pass {\"qrId\"} or {\"mdOrder\"} of a STARTED QR code" })),
        )
            .into_response();
    };
    match crate::rbs::sbp::payer_pays(&app.rbs, &qr) {
        Ok(v) => Json(v).into_response(),
        Err(why) => (StatusCode::BAD_REQUEST, Json(json!({ "error": why }))).into_response(),
    }
}

/// Changes a test merchant: `{"callbackUrl"?, "callbackMethod"?: "GET"|"POST", "callbacks"?: "none"|"hmac"|"rsa"}`.
pub async fn rbs_merchant(
    State(app): State<Shared>,
    axum::extract::Path(name): axum::extract::Path<String>,
    body: axum::body::Bytes,
) -> Response {
    use crate::rbs::merchants::CallbackMode;
    let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let mode = match v["callbacks"].as_str() {
        None => None,
        Some("none") => Some(CallbackMode::None),
        Some("hmac") => Some(CallbackMode::Hmac),
        Some("rsa") => Some(CallbackMode::Rsa),
        Some(other) => {
            let e = format!("callbacks must be none, hmac or rsa, not {other}");
            return (StatusCode::BAD_REQUEST, Json(json!({ "error": e }))).into_response();
        }
    };
    let method = match v["callbackMethod"].as_str() {
        None => None,
        Some(m) if m.eq_ignore_ascii_case("GET") || m.eq_ignore_ascii_case("POST") => {
            Some(m.to_ascii_uppercase())
        }
        Some(other) => {
            let e = format!("callbackMethod must be GET or POST, not {other}");
            return (StatusCode::BAD_REQUEST, Json(json!({ "error": e }))).into_response();
        }
    };
    let mut store = app.rbs.lock();
    let Some(m) = store.merchants.iter_mut().find(|m| m.name == name) else {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({ "error": format!("no merchant named {name}") })),
        )
            .into_response();
    };
    if let Some(url) = v.get("callbackUrl") {
        m.callback_url = url.as_str().map(str::to_string);
    }
    if let Some(mode) = mode {
        m.callbacks = mode;
    }
    if let Some(method) = method {
        m.callback_method = method;
    }
    Json(json!({ "name": m.name, "callbackUrl": m.callback_url, "callbackMethod": m.callback_method, "callbacks": m.callbacks })).into_response()
}

/// Changes the Koshelek Pay default postback URL: `{"postbackUrl": "..." | null}`.
pub async fn koshelek_config(State(app): State<Shared>, body: axum::body::Bytes) -> Json<Value> {
    let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let mut store = app.koshelek.lock();
    if let Some(url) = v.get("postbackUrl") {
        store.postback_url = url.as_str().map(str::to_string);
    }
    Json(json!({ "postbackUrl": store.postback_url }))
}

/// Filters of the order listings.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct OrderQuery {
    /// RBS: merchant name (hmac, rsa, plain, reference, signed, ...).
    merchant: Option<String>,
    /// RBS: orderNumber; Mobile Cashier: merchantOrderId; Koshelek: orderId.
    order_number: Option<String>,
}

/// Every RBS order (oldest first) with its merchant, for tests that count orders.
pub async fn rbs_orders(State(app): State<Shared>, Query(q): Query<OrderQuery>) -> Json<Value> {
    let store = app.rbs.lock();
    let mut list: Vec<&crate::rbs::orders::Order> = store
        .orders
        .values()
        .filter(|o| q.merchant.as_deref().is_none_or(|m| o.merchant == m))
        .filter(|o| {
            q.order_number
                .as_deref()
                .is_none_or(|n| o.order_number == n)
        })
        .collect();
    list.sort_by(|a, b| a.created.cmp(&b.created).then(a.id.cmp(&b.id)));
    let orders: Vec<Value> = list
        .iter()
        .map(|o| {
            let mut v = o.status_json();
            v["orderId"] = json!(o.id);
            v["merchant"] = json!(o.merchant);
            v
        })
        .collect();
    Json(json!({ "count": orders.len(), "orders": orders }))
}

/// Every Mobile Cashier order (oldest first).
pub async fn cashier_orders(State(app): State<Shared>, Query(q): Query<OrderQuery>) -> Json<Value> {
    let store = app.cashier.lock();
    let mut list: Vec<&crate::cashier::orders::CashierOrder> = store
        .orders
        .values()
        .filter(|o| {
            q.order_number
                .as_deref()
                .is_none_or(|n| o.merchant_order_id.as_deref() == Some(n))
        })
        .collect();
    list.sort_by_key(|o| o.id);
    let orders: Vec<Value> = list.iter().map(|o| o.to_json()).collect();
    Json(json!({ "count": orders.len(), "orders": orders }))
}

/// Every Koshelek Pay v1 payment (its `transaction/status` object plus the emulator's view).
pub async fn koshelek_v1_transactions(State(app): State<Shared>) -> Json<Value> {
    let store = app.koshelek.lock();
    let list: Vec<Value> = store
        .v1
        .payments
        .values()
        .map(crate::koshelek::v1::payment_json)
        .collect();
    Json(json!({ "transactions": list }))
}
