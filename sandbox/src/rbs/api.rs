//! The RBS endpoints of the order life cycle: register, registerPreAuth, getOrderStatusExtended,
//! deposit, reverse, refund, decline, paymentorder and the 3-D Secure finish endpoints.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{any, MethodRouter};
use serde_json::json;

use crate::util;

use super::merchants::Merchant;
use super::orders::{Event, Order};
use super::params::{success_numeric, Params, RbsError, RbsResult};
use super::payment;
use super::signature;
use super::spec::{self, Body, Spec};

use super::state::Rbs;

/// Wraps an endpoint of the reference as a route with its checks (see `spec.rs`): POST only,
/// the section's Content-Type, the body only, the Mandatory parameters, then authentication,
/// the request signature and the operation.
pub fn endpoint(spec: &'static Spec) -> MethodRouter<Arc<Rbs>> {
    any(
        move |State(rbs): State<Arc<Rbs>>, method: Method, headers: HeaderMap, body: Bytes| async move {
            run(&rbs, spec, &method, &headers, &body)
        },
    )
}

fn run(rbs: &Rbs, spec: &Spec, method: &Method, headers: &HeaderMap, body: &[u8]) -> Response {
    let style = spec.style;
    if method != Method::POST {
        let mut r = (
            StatusCode::METHOD_NOT_ALLOWED,
            Json(json!({
                "errorCode": "5",
                "errorMessage": format!("{} accepts POST only (reference line 3: send requests as POST with attributes in the body)", spec.name),
            })),
        )
            .into_response();
        r.headers_mut()
            .insert(axum::http::header::ALLOW, HeaderValue::from_static("POST"));
        return r;
    }
    let declared = crate::html::content_type(headers).to_ascii_lowercase();
    let declared = declared.split(';').next().unwrap_or("").trim().to_string();
    let wanted = spec.body.media_type();
    let as_form_anyway = spec.body == Body::Form
        && declared == Body::Json.media_type()
        && spec::form_declared_json_ok(spec);
    if declared != wanted && !as_form_anyway {
        let mut r = style.error(RbsError::new(
            5,
            &format!(
                "Content-Type must be {wanted} for {} (reference line {})",
                spec.name, spec.line
            ),
        ));
        *r.status_mut() = StatusCode::UNSUPPORTED_MEDIA_TYPE;
        return r;
    }
    let params = match Params::parse(spec.body, body) {
        Ok(p) => p,
        Err(message) => return style.error(RbsError::new(5, &message)),
    };
    payment::expire_due(rbs);
    let merchant = match rbs
        .lock()
        .authenticate(&params, spec::lower_case_username_ok(spec))
    {
        Ok(m) => m,
        Err(e) => return style.error(e),
    };
    if let Err(e) = signature::check(&merchant, headers, body) {
        return style.error(e);
    }
    // After authentication: an unknown caller learns nothing of the parameters.
    if let Some(missing) = spec.mandatory.iter().find(|name| !params.has(name)) {
        return style.error(RbsError::new(
            4,
            &format!(
                "[{missing}] is missing: it is Mandatory (pass an empty value when there is none)"
            ),
        ));
    }
    match (spec.op)(rbs, &merchant, &params) {
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
    Ok(success_numeric())
}

/// reverse.do
pub fn reverse(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    let amount = p.amount("amount")?;
    mutate(rbs, m, p, &["orderId"], |o| o.reverse(amount).map(Some))?;
    Ok(success_numeric())
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
    Ok(success_numeric())
}

/// processRawSumRefund.do: a refund of a free amount (the same limits as refund.do).
pub fn raw_sum_refund(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    refund(rbs, m, p)
}

/// processRawPositionRefund.do (the sample calls it processRawPositionOrderRefund.do): a refund
/// of one cart position; positionId is Optional (line 3120), as the refund of an arbitrary amount.
pub fn raw_position_refund(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    refund(rbs, m, p)
}

/// decline.do
pub fn decline(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    mutate(rbs, m, p, &["orderId"], |o| o.decline().map(|_| None))?;
    Ok(success_numeric())
}
