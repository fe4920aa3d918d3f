//! The RBS endpoints of the order life cycle: register, registerPreAuth, getOrderStatusExtended,
//! deposit, reverse, refund, decline, paymentorder and the 3-D Secure finish endpoints.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{any, MethodRouter};
use serde_json::json;

use crate::util;

use super::merchants::Merchant;
use super::orders::{Event, Order};
use super::params::{success, Params, RbsError, RbsResult};
use super::payment;
use super::signature;
use super::state::Rbs;

/// An RBS API operation: runs after parsing, expiry and authentication.
pub type Op = fn(&Rbs, &Merchant, &Params) -> RbsResult;

/// How an endpoint reports errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `{"errorCode": "N", "errorMessage"}` (most endpoints).
    Standard,
    /// recurrentPayment.do: `{"error": {"code", "description", "message"}, "success": false}`.
    Recurrent,
    /// templates/*.do: `{"status": "FAIL", "error": {"code", "description", "message"}}`.
    Template,
    /// paymentorder.do, paymentOrderBinding.do: `{"error", "errorCode": N, "is3DSVer2": false, "errorMessage"}`.
    Payment,
}

impl Style {
    /// The error answer in this style.
    pub fn error(self, e: RbsError) -> Response {
        match self {
            Style::Standard => e.into_response(),
            Style::Recurrent => Json(json!({
                "error": { "code": e.code.to_string(), "description": e.message, "message": e.message },
                "success": false,
            }))
            .into_response(),
            Style::Payment => Json(json!({
                "error": e.message,
                "errorCode": e.code,
                "is3DSVer2": false,
                "errorMessage": e.message,
            }))
            .into_response(),
            Style::Template => Json(json!({
                "status": "FAIL",
                "error": { "code": e.code.to_string(), "description": e.message, "message": e.message },
            }))
            .into_response(),
        }
    }
}

/// Wraps an operation as a route accepting GET and POST (form or JSON).
pub fn endpoint(op: Op, style: Style) -> MethodRouter<Arc<Rbs>> {
    any(
        move |State(rbs): State<Arc<Rbs>>,
              method: Method,
              uri: Uri,
              headers: HeaderMap,
              body: Bytes| async move { run(&rbs, op, style, &method, &uri, &headers, &body) },
    )
}

fn run(
    rbs: &Rbs,
    op: Op,
    style: Style,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    if method != Method::GET && method != Method::POST {
        return (StatusCode::METHOD_NOT_ALLOWED, "use POST").into_response();
    }
    let params = match Params::parse(method, uri.query(), headers, body) {
        Ok(p) => p,
        Err(message) => return style.error(RbsError::new(5, &message)),
    };
    payment::expire_due(rbs);
    let merchant = match rbs.lock().authenticate(&params) {
        Ok(m) => m,
        Err(e) => return style.error(e),
    };
    if let Err(e) = signature::check(&merchant, headers, body) {
        return style.error(e);
    }
    match op(rbs, &merchant, &params) {
        Ok(json) => json.into_response(),
        Err(e) => style.error(e),
    }
}

/// register.do
pub fn register(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    register_order(rbs, m, p, false)
}

/// registerPreAuth.do
pub fn register_pre_auth(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    register_order(rbs, m, p, true)
}

/// Builds and stores a new order from register-style parameters (also used by other endpoints).
pub fn new_order(rbs: &Rbs, m: &Merchant, p: &Params, two_stage: bool) -> Result<Order, RbsError> {
    new_order_with(rbs, m, p, two_stage, true)
}

/// [`new_order`], with `returnUrl` optional when `needs_return_url` is false (recurrent payments).
pub fn new_order_with(
    rbs: &Rbs,
    m: &Merchant,
    p: &Params,
    two_stage: bool,
    needs_return_url: bool,
) -> Result<Order, RbsError> {
    let order_number = p.required("orderNumber")?;
    if order_number.chars().count() > 36 {
        return Err(RbsError::new(
            1,
            "[orderNumber] is wrong: at most 36 characters",
        ));
    }
    let amount = p
        .amount("amount")?
        .ok_or_else(|| RbsError::new(4, "[amount] is empty"))?;
    let return_url = if needs_return_url {
        p.required("returnUrl")?
    } else {
        p.get("returnUrl").unwrap_or("")
    };
    let currency = p.get("currency").unwrap_or("643");
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RbsError::new(
            3,
            "Unknown currency: [currency] must be an ISO 4217 numeric code",
        ));
    }
    let json_params: Vec<(String, String)> = p
        .object("jsonParams")?
        .or(p.object("additionalParameters")?)
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| {
            (
                k,
                v.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| v.to_string()),
            )
        })
        .collect();
    p.object("orderBundle")?;
    let now = rbs.env.now_ms();
    let expires = match p.get("expirationDate") {
        Some(d) => util::parse_iso_datetime(d).ok_or_else(|| {
            RbsError::new(5, "[expirationDate] is wrong: expected yyyy-MM-ddTHH:mm:ss")
        })?,
        None => {
            let secs = match p.get("sessionTimeoutSecs") {
                Some(s) => s
                    .parse::<u64>()
                    .ok()
                    .filter(|s| (1..=999_999_999).contains(s))
                    .ok_or_else(|| RbsError::new(5, "[sessionTimeoutSecs] is wrong"))?,
                None => 1200,
            };
            now + secs * 1000
        }
    };
    if rbs
        .lock()
        .numbers
        .contains_key(&(m.name.clone(), order_number.to_string()))
    {
        return Err(RbsError::new(
            1,
            "Order number is duplicated, order with given order number is processed already",
        ));
    }
    let order = Order {
        currency: currency.to_string(),
        fail_url: p.get("failUrl").map(str::to_string),
        dynamic_callback_url: p.get("dynamicCallbackUrl").map(str::to_string),
        description: p.get("description").unwrap_or("").to_string(),
        language: p.get("language").unwrap_or("ru").to_string(),
        client_id: p.get("clientId").map(str::to_string),
        email: p.get("email").map(str::to_string),
        json_params,
        two_stage,
        ..Order::registered(
            util::uuid(),
            m.name.clone(),
            order_number.to_string(),
            amount,
            return_url.to_string(),
            now,
            expires,
        )
    };
    let mut store = rbs.lock();
    // Re-checked under the same lock as the insert: two concurrent registers cannot both win.
    if store
        .numbers
        .contains_key(&(m.name.clone(), order.order_number.clone()))
    {
        return Err(RbsError::new(
            1,
            "Order number is duplicated, order with given order number is processed already",
        ));
    }
    store.insert(order.clone());
    Ok(order)
}

fn register_order(rbs: &Rbs, m: &Merchant, p: &Params, two_stage: bool) -> RbsResult {
    let order = new_order(rbs, m, p, two_stage)?;
    Ok(Json(
        json!({ "orderId": order.id, "formUrl": payment::form_url(rbs, &order) }),
    ))
}

/// getOrderStatusExtended.do
pub fn get_order_status_extended(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    let store = rbs.lock();
    let id = store.find_id(m, p, &["orderId"])?;
    let order = store
        .orders
        .get(&id)
        .ok_or_else(RbsError::order_not_found)?;
    Ok(Json(order.status_json()))
}

/// Changes one of the merchant's orders with `f` and sends the callback it produces.
pub fn mutate(
    rbs: &Rbs,
    m: &Merchant,
    p: &Params,
    id_names: &[&str],
    f: impl FnOnce(&mut Order) -> Result<Option<Event>, RbsError>,
) -> Result<Order, RbsError> {
    let mut order = {
        let store = rbs.lock();
        let id = store.find_id(m, p, id_names)?;
        store
            .orders
            .get(&id)
            .cloned()
            .ok_or_else(RbsError::order_not_found)?
    };
    let event = f(&mut order)?;
    payment::commit(rbs, order.clone(), event);
    Ok(order)
}

/// deposit.do
pub fn deposit(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    let amount = p
        .amount("amount")?
        .ok_or_else(|| RbsError::new(4, "[amount] is empty"))?;
    mutate(rbs, m, p, &["orderId"], |o| o.deposit(amount).map(Some))?;
    Ok(success(json!({})))
}

/// reverse.do
pub fn reverse(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    let amount = p.amount("amount")?;
    mutate(rbs, m, p, &["orderId"], |o| o.reverse(amount).map(Some))?;
    Ok(success(json!({})))
}

/// refund.do
pub fn refund(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    let amount = p
        .amount("amount")?
        .ok_or_else(|| RbsError::new(4, "[amount] is empty"))?;
    let external = p.get("externalRefundId").map(str::to_string);
    mutate(rbs, m, p, &["orderId"], |o| {
        o.refund(amount, external, rbs.env.now_ms()).map(Some)
    })?;
    Ok(success(json!({})))
}

/// processRawSumRefund.do: a refund of a free amount (the same limits as refund.do).
pub fn raw_sum_refund(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    refund(rbs, m, p)
}

/// processRawPositionRefund.do (the sample calls it processRawPositionOrderRefund.do): a refund
/// of one cart position.
pub fn raw_position_refund(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    p.required("positionId")?;
    refund(rbs, m, p)
}

/// decline.do
pub fn decline(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    mutate(rbs, m, p, &["orderId"], |o| o.decline().map(|_| None))?;
    Ok(success(json!({})))
}
