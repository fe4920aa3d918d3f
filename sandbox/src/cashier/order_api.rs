//! Mobile Cashier orders: create (fees), get, list (filters, paging), refund.

use std::sync::Arc;

use axum::http::StatusCode;
use serde_json::{json, Map, Value};

use crate::util::json_text as text;

use super::api::{amount, expire_due, fail, find, ok, save, Reply};
use super::orders::{self, CashierOrder};
use super::state::Cashier;
use super::store;

/// POST /order
pub fn create(cashier: &Arc<Cashier>, body: &Map<String, Value>) -> Reply {
    let kind = text(body.get("type")).unwrap_or_else(|| "PayIn".into());
    if kind != "PayIn" && kind != "PayOut" {
        return fail(StatusCode::BAD_REQUEST, "type must be PayIn or PayOut");
    }
    let (order_amount, payment_amount) =
        match (amount(body, "orderAmount"), amount(body, "paymentAmount")) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(e), _) | (_, Err(e)) => return e,
        };
    if order_amount.is_none() && payment_amount.is_none() {
        return fail(
            StatusCode::BAD_REQUEST,
            "orderAmount or paymentAmount is required (kopecks)",
        );
    }
    if order_amount == Some(0) || payment_amount == Some(0) {
        return fail(StatusCode::BAD_REQUEST, "the amount must be positive");
    }
    let Some(currency) = text(body.get("orderCurrency")) else {
        return fail(
            StatusCode::BAD_REQUEST,
            "orderCurrency is required (USD, EUR, AED, THB, RUB, TRY)",
        );
    };
    let Some(rate) = orders::rate(&currency) else {
        return fail(
            StatusCode::BAD_REQUEST,
            format!("orderCurrency {currency} is not available (USD, EUR, AED, THB, RUB, TRY)"),
        );
    };
    match body.get("tspId").and_then(|v| {
        v.as_u64()
            .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
    }) {
        Some(store::TSP_ID) => {}
        Some(other) => return fail(StatusCode::BAD_REQUEST, format!("unknown tspId {other}")),
        None => return fail(StatusCode::BAD_REQUEST, "tspId is required"),
    }
    let (order_amount, payment_amount, fee) = orders::amounts(order_amount, payment_amount, rate);
    let now = cashier.env.now_ms();
    let lifetime = body
        .get("lifetimeSecs")
        .and_then(Value::as_u64)
        .unwrap_or(1800);
    let mut store = cashier.lock();
    let id = store.next_order_id();
    let order = CashierOrder {
        id,
        external_id: None,
        merchant_order_id: text(body.get("merchantOrderId")),
        kind,
        status: "CREATED".into(),
        tsp_id: store::TSP_ID,
        order_amount,
        order_currency: currency,
        payment_amount,
        fee_amount: fee,
        refunded_amount: 0,
        description: text(body.get("description")),
        callback_url: text(body.get("callbackUrl")),
        created: now,
        updated: now,
        expires: now + lifetime * 1000,
        masked_pan: None,
        payment_type: None,
        extra: Map::new(),
    };
    store.next_expiry = store.next_expiry.min(order.expires);
    store.orders.insert(id, order.clone());
    ok(&order, "")
}

/// GET /order/{id}
pub fn get(cashier: &Arc<Cashier>, id: &str) -> Reply {
    match find(cashier, id) {
        Ok(o) => ok(&o, ""),
        Err(e) => e,
    }
}

/// GET /orders?tspId&dateFrom&dateTo&status&limit&offset
pub fn list(cashier: &Arc<Cashier>, q: &Map<String, Value>) -> Reply {
    expire_due(cashier);
    let get = |k: &str| text(q.get(k));
    let limit = match get("limit").map(|l| l.parse::<usize>()) {
        None => 30,
        Some(Ok(l)) => l,
        Some(Err(_)) => return fail(StatusCode::BAD_REQUEST, "limit must be a number"),
    };
    let offset = match get("offset").map(|l| l.parse::<usize>()) {
        None => 0,
        Some(Ok(l)) => l,
        Some(Err(_)) => return fail(StatusCode::BAD_REQUEST, "offset must be a number"),
    };
    let date = |k: &str| -> Result<Option<u64>, Reply> {
        match get(k) {
            None => Ok(None),
            Some(d) => crate::util::parse_iso_datetime(&d)
                .map(Some)
                .ok_or_else(|| {
                    fail(
                        StatusCode::BAD_REQUEST,
                        format!("{k} must be a date-time like 2024-01-31T00:00:00Z"),
                    )
                }),
        }
    };
    let (from, to) = match (date("dateFrom"), date("dateTo")) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return e,
    };
    let tsp = get("tspId");
    let status = get("status");
    let store = cashier.lock();
    let mut all: Vec<&CashierOrder> = store
        .orders
        .values()
        .filter(|o| tsp.as_deref().is_none_or(|t| t == o.tsp_id.to_string()))
        .filter(|o| status.as_deref().is_none_or(|s| s == o.status))
        .filter(|o| from.is_none_or(|f| o.created >= f))
        .filter(|o| to.is_none_or(|t| o.created <= t))
        .collect();
    all.sort_by_key(|o| std::cmp::Reverse(o.id));
    let total = all.len();
    let page: Vec<Value> = all
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(CashierOrder::to_json)
        .collect();
    (
        StatusCode::OK,
        json!({ "success": true, "description": "", "orders": page, "meta": { "total": total, "limit": limit, "offset": offset } }),
    )
}

/// POST /order/{id}/refund {amount?}
pub fn refund(cashier: &Arc<Cashier>, id: &str, body: &Map<String, Value>) -> Reply {
    let mut o = match find(cashier, id) {
        Ok(o) => o,
        Err(e) => return e,
    };
    let a = match amount(body, "amount") {
        Ok(a) => a,
        Err(e) => return e,
    };
    if let Err(why) = o.refund(a, cashier.env.now_ms()) {
        return fail(StatusCode::BAD_REQUEST, why);
    }
    save(cashier, o.clone(), true);
    ok(&o, "refund accepted")
}
