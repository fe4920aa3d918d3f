//! SBP (faster payments) by dynamic QR code: qr/dynamic/get, qr/status, qr/dynamic/reject,
//! c2b/getBindings, c2b/unBind, and the "payer pays" admin action.

use axum::Json;
use serde_json::{json, Value};

use crate::cards::Card;

use super::direct::own_order;
use super::merchants::Merchant;
use super::params::{Params, RbsError, RbsResult};
use super::payment;
use super::state::Rbs;
use super::store::Qr;

fn payload(qr_id: &str, amount: u64) -> String {
    format!("https://qr.nspk.ru/{qr_id}?type=02&bank=100000000008&sum={amount}&cur=RUB&crc=0000")
}

/// sbp/c2b/qr/dynamic/get.do {mdOrder, qrFormat?, qrHeight?, qrWidth?}
pub fn qr_get(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    let order = own_order(rbs, m, p.required("mdOrder")?)?;
    let mut store = rbs.lock();
    // One live QR per order: asking again returns it.
    if let Some(qr) = store
        .qrs
        .values()
        .find(|q| q.order_id == order.id && q.status == "STARTED")
    {
        return Ok(Json(
            json!({ "qrId": qr.id, "payload": payload(&qr.id, order.amount), "qrStatus": qr.status }),
        ));
    }
    let id = crate::util::uuid().replace('-', "");
    store.qrs.insert(
        id.clone(),
        Qr {
            id: id.clone(),
            order_id: order.id.clone(),
            status: "STARTED".into(),
        },
    );
    Ok(Json(
        json!({ "qrId": id, "payload": payload(&id, order.amount), "qrStatus": "STARTED" }),
    ))
}

fn qr_of(rbs: &Rbs, m: &Merchant, p: &Params) -> Result<Qr, RbsError> {
    let store = rbs.lock();
    let qr = match p.get("qrId") {
        Some(id) => store.qrs.get(id).cloned(),
        None => {
            let md = p.required("mdOrder")?;
            store
                .qrs
                .values()
                .filter(|q| q.order_id == md)
                .max_by_key(|q| q.status == "STARTED")
                .cloned()
        }
    }
    .ok_or_else(|| RbsError::new(6, "QR code not found"))?;
    let owner = store.orders.get(&qr.order_id).map(|o| o.merchant.clone());
    if owner.as_deref() != Some(m.name.as_str()) {
        return Err(RbsError::new(6, "QR code not found"));
    }
    Ok(qr)
}

/// sbp/c2b/qr/status.do {mdOrder, qrId}
pub fn qr_status(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    let qr = qr_of(rbs, m, p)?;
    let state = rbs
        .lock()
        .orders
        .get(&qr.order_id)
        .map(|o| o.payment_state())
        .unwrap_or("CREATED");
    Ok(Json(
        json!({ "qrType": "DYNAMIC", "qrStatus": qr.status, "transactionState": state }),
    ))
}

/// sbp/c2b/qr/dynamic/reject.do {mdOrder, qrId}
pub fn qr_reject(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    let qr = qr_of(rbs, m, p)?;
    let mut store = rbs.lock();
    let rejected = qr.status == "STARTED";
    if rejected {
        if let Some(q) = store.qrs.get_mut(&qr.id) {
            q.status = "REJECTED_BY_USER".into();
        }
    }
    Ok(Json(json!({ "rejected": rejected })))
}

/// The payer pays a STARTED QR: the order is deposited (callbacks sent), the QR ACCEPTED.
pub fn payer_pays(rbs: &Rbs, qr_id: &str) -> Result<Value, String> {
    let qr = rbs.lock().qrs.get(qr_id).cloned().ok_or("unknown qrId")?;
    if qr.status != "STARTED" {
        return Err(format!("the QR code is {}", qr.status));
    }
    let order = payment::payable_order(rbs, &qr.order_id).map_err(|e| e.message)?;
    let mut order = order;
    let e = order.pay_success(
        Card {
            pan: "SBP".into(),
            expiry: String::new(),
            holder: "SBP PAYER".into(),
        },
        rbs.env.now_ms(),
    );
    order.card = None;
    payment::commit(rbs, order, Some(e));
    if let Some(q) = rbs.lock().qrs.get_mut(qr_id) {
        q.status = "ACCEPTED".into();
    }
    Ok(json!({ "qrId": qr_id, "qrStatus": "ACCEPTED", "orderId": qr.order_id }))
}

/// sbp/c2b/getBindings.do {clientId, bindingId?, showDisabled?}
pub fn sbp_get_bindings(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    let Some(client) = p.get("clientId") else {
        return Ok(Json(
            json!({ "errorMessage": "clientId is not specified", "errorCode": "5", "bindings": [] }),
        ));
    };
    let show_disabled = p.get("showDisabled") == Some("true");
    let store = rbs.lock();
    let mut list: Vec<Value> = store
        .sbp_bindings
        .values()
        .filter(|b| b.merchant == m.name && b.client_id == client && (b.active || show_disabled))
        .map(|b| {
            json!({
                "bindingId": b.id,
                "clientId": b.client_id,
                "displayLabel": b.label,
                "memberId": b.member_id,
                "active": b.active,
            })
        })
        .collect();
    list.sort_by(|a, b| a["bindingId"].as_str().cmp(&b["bindingId"].as_str()));
    Ok(Json(json!({ "bindings": list })))
}

/// sbp/c2b/unBind.do {bindingId}: answers as the reference's "success" example does.
pub fn sbp_unbind(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    let id = p.required("bindingId")?;
    let mut store = rbs.lock();
    match store
        .sbp_bindings
        .get_mut(id)
        .filter(|b| b.merchant == m.name)
    {
        Some(b) if b.active => {
            b.active = false;
            let text = "Stored credential deactivated";
            Ok(Json(
                json!({ "error": text, "errorCode": 2, "is3DSVer2": false, "errorMessage": text }),
            ))
        }
        Some(_) => Err(RbsError::new(2, "Stored credential is already deactivated")),
        None => Err(RbsError::access_denied()),
    }
}
