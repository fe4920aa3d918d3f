//! The RBS endpoints of the order life cycle: register, registerPreAuth, getOrderStatusExtended,
//! deposit, reverse, refund, decline, paymentorder and the 3-D Secure finish endpoints.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{any, MethodRouter};
use serde_json::{json, Value};

use crate::app::{now_ms, Shared};
use crate::util;

use super::merchants::Merchant;
use super::orders::{status, Event, Order};
use super::params::{success, Params, RbsError, RbsResult};
use super::payment;
use super::signature;

/// An RBS API operation: runs after parsing, expiry and authentication.
pub type Op = fn(&Shared, &Merchant, &Params) -> RbsResult;

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
pub fn endpoint(op: Op, style: Style) -> MethodRouter<Shared> {
    any(
        move |State(app): State<Shared>,
              method: Method,
              uri: Uri,
              headers: HeaderMap,
              body: Bytes| async move { run(&app, op, style, &method, &uri, &headers, &body) },
    )
}

fn run(
    app: &Shared,
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
    payment::expire_due(app);
    let merchant = match app.lock().rbs.authenticate(&params) {
        Ok(m) => m,
        Err(e) => return style.error(e),
    };
    if let Err(e) = signature::check(&merchant, headers, body) {
        return style.error(e);
    }
    match op(app, &merchant, &params) {
        Ok(json) => json.into_response(),
        Err(e) => style.error(e),
    }
}

/// register.do
pub fn register(app: &Shared, m: &Merchant, p: &Params) -> RbsResult {
    register_order(app, m, p, false)
}

/// registerPreAuth.do
pub fn register_pre_auth(app: &Shared, m: &Merchant, p: &Params) -> RbsResult {
    register_order(app, m, p, true)
}

/// Builds and stores a new order from register-style parameters (also used by other endpoints).
pub fn new_order(
    app: &Shared,
    m: &Merchant,
    p: &Params,
    two_stage: bool,
) -> Result<Order, RbsError> {
    new_order_with(app, m, p, two_stage, true)
}

/// [`new_order`], with `returnUrl` optional when `needs_return_url` is false (recurrent payments).
pub fn new_order_with(
    app: &Shared,
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
    let now = now_ms();
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
    if app
        .lock()
        .rbs
        .numbers
        .contains_key(&(m.name.clone(), order_number.to_string()))
    {
        return Err(RbsError::new(
            1,
            "Order number is duplicated, order with given order number is processed already",
        ));
    }
    let order = Order {
        id: util::uuid(),
        merchant: m.name.clone(),
        order_number: order_number.to_string(),
        amount,
        currency: currency.to_string(),
        return_url: return_url.to_string(),
        fail_url: p.get("failUrl").map(str::to_string),
        dynamic_callback_url: p.get("dynamicCallbackUrl").map(str::to_string),
        description: p.get("description").unwrap_or("").to_string(),
        language: p.get("language").unwrap_or("ru").to_string(),
        client_id: p.get("clientId").map(str::to_string),
        email: p.get("email").map(str::to_string),
        json_params,
        two_stage,
        created: now,
        expires,
        status: status::REGISTERED,
        action_code: 0,
        action_description: String::new(),
        approved: 0,
        deposited: 0,
        refunded: 0,
        card: None,
        binding_id: None,
        auth_time: None,
        auth_ref: None,
        three_ds: None,
        refunds: Vec::new(),
        extra: Value::Null,
        receipts: Vec::new(),
    };
    let mut inner = app.lock();
    // Re-checked under the same lock as the insert: two concurrent registers cannot both win.
    if inner
        .rbs
        .numbers
        .contains_key(&(m.name.clone(), order.order_number.clone()))
    {
        return Err(RbsError::new(
            1,
            "Order number is duplicated, order with given order number is processed already",
        ));
    }
    inner.rbs.insert(order.clone());
    Ok(order)
}

fn register_order(app: &Shared, m: &Merchant, p: &Params, two_stage: bool) -> RbsResult {
    let order = new_order(app, m, p, two_stage)?;
    Ok(Json(
        json!({ "orderId": order.id, "formUrl": payment::form_url(app, &order) }),
    ))
}

/// getOrderStatusExtended.do
pub fn get_order_status_extended(app: &Shared, m: &Merchant, p: &Params) -> RbsResult {
    let inner = app.lock();
    let id = inner.rbs.find_id(m, p, &["orderId"])?;
    let order = inner
        .rbs
        .orders
        .get(&id)
        .ok_or_else(RbsError::order_not_found)?;
    Ok(Json(order.status_json()))
}

/// Changes one of the merchant's orders with `f` and sends the callback it produces.
pub fn mutate(
    app: &Shared,
    m: &Merchant,
    p: &Params,
    id_names: &[&str],
    f: impl FnOnce(&mut Order) -> Result<Option<Event>, RbsError>,
) -> Result<Order, RbsError> {
    let mut order = {
        let inner = app.lock();
        let id = inner.rbs.find_id(m, p, id_names)?;
        inner
            .rbs
            .orders
            .get(&id)
            .cloned()
            .ok_or_else(RbsError::order_not_found)?
    };
    let event = f(&mut order)?;
    payment::commit(app, order.clone(), event);
    Ok(order)
}

/// deposit.do
pub fn deposit(app: &Shared, m: &Merchant, p: &Params) -> RbsResult {
    let amount = p
        .amount("amount")?
        .ok_or_else(|| RbsError::new(4, "[amount] is empty"))?;
    mutate(app, m, p, &["orderId"], |o| o.deposit(amount).map(Some))?;
    Ok(success(json!({})))
}

/// reverse.do
pub fn reverse(app: &Shared, m: &Merchant, p: &Params) -> RbsResult {
    let amount = p.amount("amount")?;
    mutate(app, m, p, &["orderId"], |o| o.reverse(amount).map(Some))?;
    Ok(success(json!({})))
}

/// refund.do
pub fn refund(app: &Shared, m: &Merchant, p: &Params) -> RbsResult {
    let amount = p
        .amount("amount")?
        .ok_or_else(|| RbsError::new(4, "[amount] is empty"))?;
    let external = p.get("externalRefundId").map(str::to_string);
    mutate(app, m, p, &["orderId"], |o| {
        o.refund(amount, external, now_ms()).map(Some)
    })?;
    Ok(success(json!({})))
}

/// processRawSumRefund.do: a refund of a free amount (the same limits as refund.do).
pub fn raw_sum_refund(app: &Shared, m: &Merchant, p: &Params) -> RbsResult {
    refund(app, m, p)
}

/// processRawPositionRefund.do (the sample calls it processRawPositionOrderRefund.do): a refund
/// of one cart position.
pub fn raw_position_refund(app: &Shared, m: &Merchant, p: &Params) -> RbsResult {
    p.required("positionId")?;
    refund(app, m, p)
}

/// decline.do
pub fn decline(app: &Shared, m: &Merchant, p: &Params) -> RbsResult {
    mutate(app, m, p, &["orderId"], |o| o.decline().map(|_| None))?;
    Ok(success(json!({})))
}
