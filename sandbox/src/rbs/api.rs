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
use super::payment::{self, Outcome};
use super::signature;

/// An RBS API operation: runs after parsing, expiry and authentication.
pub type Op = fn(&Shared, &Merchant, &Params) -> RbsResult;

/// Wraps an operation as a route accepting GET and POST (form or JSON).
pub fn endpoint(op: Op) -> MethodRouter<Shared> {
    any(
        move |State(app): State<Shared>,
              method: Method,
              uri: Uri,
              headers: HeaderMap,
              body: Bytes| async move { run(&app, op, &method, &uri, &headers, &body) },
    )
}

fn run(
    app: &Shared,
    op: Op,
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
        Err(message) => return RbsError::new(5, &message).into_response(),
    };
    payment::expire_due(app);
    let merchant = match app.lock().rbs.authenticate(&params) {
        Ok(m) => m,
        Err(e) => return e.into_response(),
    };
    if let Err(e) = signature::check(&merchant, headers, body) {
        return e.into_response();
    }
    match op(app, &merchant, &params) {
        Ok(json) => json.into_response(),
        Err(e) => e.into_response(),
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
    let return_url = p.required("returnUrl")?;
    let currency = p.get("currency").unwrap_or("643");
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RbsError::new(
            3,
            "Unknown currency: [currency] must be an ISO 4217 numeric code",
        ));
    }
    let json_params: Vec<(String, String)> = p
        .object("jsonParams")?
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

/// decline.do
pub fn decline(app: &Shared, m: &Merchant, p: &Params) -> RbsResult {
    mutate(app, m, p, &["orderId"], |o| o.decline().map(|_| None))?;
    Ok(success(json!({})))
}

const INFO: &str = "Your order is proceeded, redirecting...";
const DECLINED: &str =
    "Operation declined. Please check the data and available balance of the account.";

/// The answer of paymentorder.do / 3ds continue for an outcome.
pub fn outcome_json(app: &Shared, order_id: &str, outcome: &Outcome) -> Value {
    let order = app.lock().rbs.orders.get(order_id).cloned();
    let back = order.as_ref().map(payment::back_url).unwrap_or_default();
    match outcome {
        Outcome::Paid => json!({
            "redirect": payment::gateway_url(app, &format!("merchants/sandbox/finish.html?orderId={order_id}&lang=en")),
            "info": INFO,
            "errorCode": 0,
        }),
        Outcome::Declined => json!({
            "redirect": back,
            "info": INFO,
            "error": DECLINED,
            "errorCode": 0,
            "errorTypeName": "DATA_INPUT_ERROR",
            "processingErrorType": "CLIENT_ERROR",
            "errorMessage": DECLINED,
        }),
        Outcome::ThreeDs1 {
            acs_url,
            pa_req,
            term_url,
            ..
        } => json!({
            "info": INFO,
            "errorCode": 0,
            "acsUrl": acs_url,
            "paReq": pa_req,
            "termUrl": term_url,
        }),
        Outcome::ThreeDs2 { trans_id } => {
            let mut v = payment::three_ds2_method_fields(app, trans_id);
            v["errorCode"] = json!(0);
            v
        }
    }
}

fn challenge_json(app: &Shared, trans_id: &str) -> Value {
    json!({
        "info": INFO,
        "errorCode": 0,
        "acsUrl": format!("{}/acs/3ds2/creq", app.base_url),
        "is3DSVer2": true,
        "packedCReq": payment::packed_creq(trans_id),
    })
}

fn own_order(app: &Shared, m: &Merchant, id: &str) -> Result<Order, RbsError> {
    let order = payment::payable_order(app, id)?;
    if order.merchant != m.name {
        return Err(RbsError::order_not_found());
    }
    Ok(order)
}

/// paymentorder.do: pays with card data (3-D Secure 1 or 2 when the card needs it).
pub fn payment_order(app: &Shared, m: &Merchant, p: &Params) -> RbsResult {
    let id = p
        .get_any(&["MDORDER", "mdOrder", "orderId"])
        .ok_or_else(|| RbsError::new(4, "[MDORDER] is empty"))?;
    let order = own_order(app, m, id)?;
    if let Some(pending) = &order.three_ds {
        let again = p.get_any(&["threeDSServerTransID", "threeDSServerTransId"]);
        if pending.version == 2 && again == Some(pending.trans_id.as_str()) {
            return Ok(Json(challenge_json(app, &pending.trans_id)));
        }
    }
    let pan = p.required("$PAN")?;
    let cvc = p.required("$CVC")?;
    let expiry = match p.get("$EXPIRY") {
        Some(e) => e.to_string(),
        None => format!("{}{:0>2}", p.required("YYYY")?, p.required("MM")?),
    };
    let card = payment::check_card(pan, &expiry, cvc, p.get("TEXT").unwrap_or(""))
        .map_err(|message| RbsError::new(5, &message))?;
    let outcome = payment::start(app, order, card, false);
    Ok(Json(outcome_json(app, id, &outcome)))
}

/// finish3dsPayment.do: completes a 3-D Secure 1 payment with the ACS's PaRes.
pub fn finish_3ds_payment(app: &Shared, m: &Merchant, p: &Params) -> RbsResult {
    let id = p.required("mdOrder")?;
    let pa_res = p
        .get_any(&["paRes", "PaRes"])
        .ok_or_else(|| RbsError::new(4, "[paRes] is empty"))?;
    let order = own_order(app, m, id)?;
    let (md, passed) = payment::read_pa_res(pa_res)
        .ok_or_else(|| RbsError::new(5, "[paRes] is wrong: not a PaRes of this ACS"))?;
    if md != order.id || order.three_ds.as_ref().map(|t| t.version) != Some(1) {
        return Err(RbsError::wrong_state(
            "No 3-D Secure 1 authentication is pending for this order",
        ));
    }
    payment::finish_3ds(app, order, passed);
    let back = app
        .lock()
        .rbs
        .orders
        .get(id)
        .map(payment::back_url)
        .unwrap_or_default();
    Ok(Json(json!({ "redirect": back, "errorCode": 0 })))
}

/// finish3dsVer2Payment.do: completes a 3DS2 payment after the challenge.
pub fn finish_3ds_ver2_payment(app: &Shared, m: &Merchant, p: &Params) -> RbsResult {
    let trans = p
        .get_any(&["threeDSServerTransId", "threeDSServerTransID"])
        .ok_or_else(|| RbsError::new(4, "[threeDSServerTransId] is empty"))?;
    let order = payment::order_by_trans_id(app, trans)
        .filter(|o| o.merchant == m.name)
        .ok_or_else(RbsError::order_not_found)?;
    finish_v2(app, order)
}

fn finish_v2(app: &Shared, order: Order) -> RbsResult {
    let passed = order
        .three_ds
        .as_ref()
        .and_then(|t| t.passed)
        .ok_or_else(|| {
            RbsError::wrong_state("The 3-D Secure 2 challenge has not been completed yet")
        })?;
    let id = order.id.clone();
    let outcome = payment::finish_3ds(app, order, passed);
    let back = app
        .lock()
        .rbs
        .orders
        .get(&id)
        .map(payment::back_url)
        .unwrap_or_default();
    let mut v = json!({ "redirect": back, "errorCode": 0, "is3DSVer2": true });
    if matches!(outcome, Outcome::Declined) {
        v["error"] = json!(DECLINED);
        v["errorMessage"] = json!(DECLINED);
        v["errorTypeName"] = json!("DATA_INPUT_ERROR");
        v["processingErrorType"] = json!("CLIENT_ERROR");
    }
    Ok(Json(v))
}

/// 3ds/continue.do: after the 3DS Method, the challenge (or the result when it already ran).
pub fn three_ds_continue(app: &Shared, m: &Merchant, p: &Params) -> RbsResult {
    let id = p.required("mdOrder")?;
    let order = own_order(app, m, id)?;
    let Some(pending) = order.three_ds.clone().filter(|t| t.version == 2) else {
        return Err(RbsError::wrong_state(
            "No 3-D Secure 2 authentication is pending for this order",
        ));
    };
    if pending.passed.is_some() {
        let mut v = finish_v2(app, order)?.0;
        v["info"] = json!(INFO);
        return Ok(Json(v));
    }
    Ok(Json(challenge_json(app, &pending.trans_id)))
}
