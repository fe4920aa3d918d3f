//! Stored credentials (bindings): paymentOrderBinding, getBindings, getBindingsByCardOrId,
//! unBindCard, bindCard, extendBinding, createBindingNoPayment, recurrentPayment,
//! installmentPayment, and verifyCard.

use axum::Json;
use serde_json::{json, Value};

use crate::cards::{self, Card, CardBehaviour};
use crate::util;

use super::api::new_order_with;
use super::direct::{outcome_json, own_order};
use super::merchants::Merchant;
use super::orders::status;
use super::params::{success, Params, RbsError, RbsResult};
use super::payment::{self, Outcome};
use super::state::Rbs;
use super::store::Binding;

fn binding(rbs: &Rbs, m: &Merchant, id: &str) -> Result<Binding, RbsError> {
    rbs.lock()
        .bindings
        .get(id)
        .filter(|b| b.merchant == m.name)
        .cloned()
        .ok_or_else(|| RbsError::new(2, "Binding not found"))
}

fn active_binding(rbs: &Rbs, m: &Merchant, id: &str) -> Result<Binding, RbsError> {
    let b = binding(rbs, m, id)?;
    if !b.active {
        return Err(RbsError::new(2, "Binging isn't active"));
    }
    Ok(b)
}

fn card_of(b: &Binding) -> Card {
    Card {
        pan: b.pan.clone(),
        expiry: b.expiry.clone(),
        holder: b.holder.clone(),
    }
}

/// paymentOrderBinding.do: pays a registered order with a stored credential.
pub fn payment_order_binding(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    let id = p.required("mdOrder")?;
    let b = active_binding(rbs, m, p.required("bindingId")?)?;
    let mut order = own_order(rbs, m, id)?;
    match &order.client_id {
        None => return Err(RbsError::new(5, "[clientId] is empty")),
        Some(c) if *c != b.client_id => {
            return Err(RbsError::new(
                5,
                "The binding belongs to another clientId than the order's",
            ))
        }
        Some(_) => {}
    }
    order.binding_id = Some(b.id.clone());
    // Merchant-initiated (tii R, U, I) payments skip 3-D Secure.
    let mit = matches!(p.get("tii"), Some("R" | "U" | "I"));
    let outcome = if mit && cards::behaviour(&b.pan) != CardBehaviour::Decline {
        let e = order.pay_success(card_of(&b), rbs.env.now_ms());
        payment::commit(rbs, order, Some(e));
        Outcome::Paid
    } else {
        payment::start(rbs, order, card_of(&b))
    };
    Ok(Json(outcome_json(rbs, id, &outcome)))
}

fn display(b: &Binding) -> Value {
    json!({
        "bindingId": b.id,
        "maskedPan": cards::mask(&b.pan),
        "expiryDate": b.expiry,
        "paymentWay": "CARD",
        "paymentSystem": "CARD",
        "displayLabel": format!("XXXXXXXXXXXX{}", &b.pan[b.pan.len().saturating_sub(4)..]),
        "bindingCategory": "COMMON",
    })
}

/// getBindings.do: the active stored credentials of a client.
pub fn get_bindings(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    let client = p
        .get("clientId")
        .ok_or_else(|| RbsError::new(5, "[clientId] is empty"))?;
    let show_expired = p.get("showExpired") == Some("true");
    let store = rbs.lock();
    let mut list: Vec<&Binding> = store
        .bindings
        .values()
        .filter(|b| b.merchant == m.name && b.client_id == client && (b.active || show_expired))
        .collect();
    list.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(success(
        json!({ "bindings": list.into_iter().map(display).collect::<Vec<_>>() }),
    ))
}

/// getBindingsByCardOrId.do: every stored credential of a card (by pan or bindingId).
pub fn get_bindings_by_card_or_id(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    let store = rbs.lock();
    let pan = match (p.get("pan"), p.get("bindingId")) {
        (Some(pan), _) => pan.to_string(),
        (None, Some(id)) => store
            .bindings
            .get(id)
            .filter(|b| b.merchant == m.name)
            .map(|b| b.pan.clone())
            .ok_or_else(|| RbsError::new(2, "Binding not found"))?,
        (None, None) => return Err(RbsError::new(4, "[pan] or [bindingId] is empty")),
    };
    let mut list: Vec<&Binding> = store
        .bindings
        .values()
        .filter(|b| b.merchant == m.name && b.pan == pan)
        .collect();
    list.sort_by(|a, b| a.id.cmp(&b.id));
    let bindings: Vec<Value> = list
        .into_iter()
        .map(|b| json!({ "bindingId": b.id, "maskedPan": cards::mask(&b.pan), "expiryDate": b.expiry, "clientId": b.client_id }))
        .collect();
    Ok(success(json!({ "bindings": bindings })))
}

fn set_active(rbs: &Rbs, m: &Merchant, p: &Params, active: bool) -> RbsResult {
    let b = binding(rbs, m, p.required("bindingId")?)?;
    if b.active == active {
        let why = if active {
            "Binging is active"
        } else {
            "Binging isn't active"
        };
        return Err(RbsError::new(2, why));
    }
    if let Some(x) = rbs.lock().bindings.get_mut(&b.id) {
        x.active = active;
    }
    super::callbacks::send_binding_activity(rbs, m, &b.id, active);
    Ok(success(json!({})))
}

/// unBindCard.do
pub fn unbind_card(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    set_active(rbs, m, p, false)
}

/// bindCard.do
pub fn bind_card(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    set_active(rbs, m, p, true)
}

/// extendBinding.do {bindingId, newExpiry: YYYYMM}
pub fn extend_binding(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    let b = binding(rbs, m, p.required("bindingId")?)?;
    let expiry = cards::parse_expiry(p.required("newExpiry")?)
        .ok_or_else(|| RbsError::new(5, "[newExpiry] is wrong: expected YYYYMM"))?;
    if let Some(x) = rbs.lock().bindings.get_mut(&b.id) {
        x.expiry = expiry;
    }
    Ok(success(json!({})))
}

/// createBindingNoPayment.do {clientId, pan, expiryDate, cardholderName}
pub fn create_binding_no_payment(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    let client = p
        .get("clientId")
        .ok_or_else(|| RbsError::new(5, "[clientId] is empty"))?;
    let card = cards::check_card(
        p.required("pan")?,
        p.required("expiryDate")?,
        "000",
        p.get("cardholderName").unwrap_or(""),
    )
    .map_err(|why| RbsError::new(5, &why))?;
    let b = Binding {
        id: util::uuid(),
        merchant: m.name.clone(),
        client_id: client.to_string(),
        pan: card.pan,
        expiry: card.expiry,
        active: true,
        holder: card.holder,
    };
    rbs.lock().bindings.insert(b.id.clone(), b.clone());
    Ok(Json(json!({
        "maskedPan": cards::mask(&b.pan),
        "expiryDate": b.expiry,
        "cardholderName": b.holder,
        "clientId": b.client_id,
        "bindingId": b.id,
        "errorCode": 0,
        "error": false,
    })))
}

/// Registers an order and pays it at once with a binding (merchant-initiated, no 3-D Secure).
fn register_and_pay(rbs: &Rbs, m: &Merchant, p: &Params) -> Result<String, RbsError> {
    let b = active_binding(rbs, m, p.required("bindingId")?)?;
    let mut order = new_order_with(rbs, m, p, false, false)?;
    order.client_id = order.client_id.or(Some(b.client_id.clone()));
    order.binding_id = Some(b.id.clone());
    let id = order.id.clone();
    let e = if cards::behaviour(&b.pan) == CardBehaviour::Decline {
        order.pay_decline(card_of(&b), 116, "Insufficient funds")
    } else {
        order.pay_success(card_of(&b), rbs.env.now_ms())
    };
    payment::commit(rbs, order, Some(e));
    Ok(id)
}

fn status_of(rbs: &Rbs, id: &str) -> Value {
    rbs.lock()
        .orders
        .get(id)
        .map(|o| o.status_json())
        .unwrap_or(Value::Null)
}

/// recurrentPayment.do (JSON): `{"success": true, "data": {"orderId"}, "orderStatus": {...}}`.
pub fn recurrent_payment(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    let id = register_and_pay(rbs, m, p).map_err(|e| {
        if e.code == 1 {
            RbsError::new(
                10,
                "Order with this number is already registered in the system.",
            )
        } else {
            e
        }
    })?;
    Ok(Json(
        json!({ "success": true, "data": { "orderId": id }, "orderStatus": status_of(rbs, &id) }),
    ))
}

/// installmentPayment.do (JSON): `{"errorCode": 0, "errorMessage", "orderId", "orderStatus"}`.
pub fn installment_payment(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    let id = register_and_pay(rbs, m, p)?;
    Ok(Json(
        // `error: false`, as the reference's answer prints it (line 4142).
        json!({ "errorCode": 0, "error": false, "errorMessage": "Success", "orderId": id, "orderStatus": status_of(rbs, &id) }),
    ))
}

/// verifyCard.do: a zero-amount (or reversed) check of a card (pan + expiry; cvc as given:
/// "determined by payment type", line 4697) or of a binding (bindingId). pan, cvc and expiry are
/// Optional in the table (lines 4695-4701; expiry "Mandatory, if neither seToken nor bindingId is
/// passed"); amount is Mandatory (line 4693) but the reference's sample has none (line 4838): 0
/// when absent.
pub fn verify_card(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    let holder = p.get("cardholderName").unwrap_or("");
    let card = if let Some(pan) = p.get("pan") {
        let expiry = p.get("expiry").ok_or_else(|| {
            RbsError::new(
                4,
                "[expiry] is empty: Mandatory if neither seToken nor bindingId is passed",
            )
        })?;
        // Without a cvc the card is checked with a placeholder (its presence depends on the
        // payment type).
        cards::check_card(pan, expiry, p.get("cvc").unwrap_or("000"), holder)
            .map_err(|why| RbsError::new(5, &why))?
    } else if let Some(binding) = p.get("bindingId") {
        card_of(&active_binding(rbs, m, binding)?)
    } else if p.get("seToken").is_some() {
        return Err(RbsError::new(
            5,
            "[seToken] is not supported by the emulator: pass pan and expiry, or bindingId",
        ));
    } else {
        return Err(RbsError::new(
            4,
            "[pan] is empty: pass pan and expiry, bindingId or seToken",
        ));
    };
    let amount = p.amount("amount")?.unwrap_or(0);
    let currency = p.get("currency").unwrap_or("643").to_string();
    let number = format!("verify-{}", &util::uuid()[..8]);
    let params = Params {
        pairs: vec![
            ("orderNumber".into(), number.clone()),
            ("amount".into(), amount.to_string()),
            ("currency".into(), currency.clone()),
        ],
        json: None,
    };
    let mut order = new_order_with(rbs, m, &params, false, false)?;
    let now = rbs.env.now_ms();
    let declined = cards::behaviour(&card.pan) == CardBehaviour::Decline;
    if declined {
        order.pay_decline(card, 116, "Insufficient funds");
    } else {
        order.pay_success(card, now);
        order.status = status::REVERSED;
        order.deposited = 0;
    }
    let id = order.id.clone();
    let (action, description) = (order.action_code, order.action_description.clone());
    payment::commit(rbs, order, None);
    Ok(success(json!({
        "orderId": id,
        "orderNumber": number,
        "rrn": format!("{:012}", now % 1_000_000_000_000),
        "authCode": if declined { "" } else { "123456" },
        "actionCode": action,
        "actionCodeDescription": description,
        "time": now,
        "eci": "07",
        "amount": amount,
        "currency": currency,
    })))
}
