//! SBP (faster payments) by dynamic QR code: qr/dynamic/get, qr/status, qr/dynamic/reject,
//! c2b/getBindings, c2b/unBind, and the "payer pays" admin action.

use axum::Json;
use serde_json::{json, Value};

use crate::app::{now_ms, Shared};

use super::direct::own_order;
use super::merchants::Merchant;
use super::orders::Card;
use super::params::{Params, RbsError, RbsResult};
use super::payment;
use super::store::Qr;

fn payload(qr_id: &str, amount: u64) -> String {
    format!("https://qr.nspk.ru/{qr_id}?type=02&bank=100000000008&sum={amount}&cur=RUB&crc=0000")
}

/// sbp/c2b/qr/dynamic/get.do {mdOrder, qrFormat?, qrHeight?, qrWidth?}
pub fn qr_get(app: &Shared, m: &Merchant, p: &Params) -> RbsResult {
    let order = own_order(app, m, p.required("mdOrder")?)?;
    let mut inner = app.lock();
    // One live QR per order: asking again returns it.
    if let Some(qr) = inner
        .rbs
        .qrs
        .values()
        .find(|q| q.order_id == order.id && q.status == "STARTED")
    {
        return Ok(Json(
            json!({ "qrId": qr.id, "payload": payload(&qr.id, order.amount), "qrStatus": qr.status }),
        ));
    }
    let id = crate::util::uuid().replace('-', "");
    inner.rbs.qrs.insert(
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

fn qr_of(app: &Shared, m: &Merchant, p: &Params) -> Result<Qr, RbsError> {
    let inner = app.lock();
    let qr = match p.get("qrId") {
        Some(id) => inner.rbs.qrs.get(id).cloned(),
        None => {
            let md = p.required("mdOrder")?;
            inner
                .rbs
                .qrs
                .values()
                .filter(|q| q.order_id == md)
                .max_by_key(|q| q.status == "STARTED")
                .cloned()
        }
    }
    .ok_or_else(|| RbsError::new(6, "QR code not found"))?;
    let owner = inner
        .rbs
        .orders
        .get(&qr.order_id)
        .map(|o| o.merchant.clone());
    if owner.as_deref() != Some(m.name.as_str()) {
        return Err(RbsError::new(6, "QR code not found"));
    }
    Ok(qr)
}

/// sbp/c2b/qr/status.do {mdOrder, qrId}
pub fn qr_status(app: &Shared, m: &Merchant, p: &Params) -> RbsResult {
    let qr = qr_of(app, m, p)?;
    let state = app
        .lock()
        .rbs
        .orders
        .get(&qr.order_id)
        .map(|o| o.payment_state())
        .unwrap_or("CREATED");
    Ok(Json(
        json!({ "qrType": "DYNAMIC", "qrStatus": qr.status, "transactionState": state }),
    ))
}

/// sbp/c2b/qr/dynamic/reject.do {mdOrder, qrId}
pub fn qr_reject(app: &Shared, m: &Merchant, p: &Params) -> RbsResult {
    let qr = qr_of(app, m, p)?;
    let mut inner = app.lock();
    let rejected = qr.status == "STARTED";
    if rejected {
        if let Some(q) = inner.rbs.qrs.get_mut(&qr.id) {
            q.status = "REJECTED_BY_USER".into();
        }
    }
    Ok(Json(json!({ "rejected": rejected })))
}

/// The payer pays a STARTED QR: the order is deposited (callbacks sent), the QR ACCEPTED.
pub fn payer_pays(app: &Shared, qr_id: &str) -> Result<Value, String> {
    let qr = app
        .lock()
        .rbs
        .qrs
        .get(qr_id)
        .cloned()
        .ok_or("unknown qrId")?;
    if qr.status != "STARTED" {
        return Err(format!("the QR code is {}", qr.status));
    }
    let order = payment::payable_order(app, &qr.order_id).map_err(|e| e.message)?;
    let mut order = order;
    let e = order.pay_success(
        Card {
            pan: "SBP".into(),
            expiry: String::new(),
            holder: "SBP PAYER".into(),
        },
        now_ms(),
    );
    order.card = None;
    payment::commit(app, order, Some(e));
    if let Some(q) = app.lock().rbs.qrs.get_mut(qr_id) {
        q.status = "ACCEPTED".into();
    }
    Ok(json!({ "qrId": qr_id, "qrStatus": "ACCEPTED", "orderId": qr.order_id }))
}

/// sbp/c2b/getBindings.do {clientId, bindingId?, showDisabled?}
pub fn sbp_get_bindings(app: &Shared, m: &Merchant, p: &Params) -> RbsResult {
    let Some(client) = p.get("clientId") else {
        return Ok(Json(
            json!({ "errorMessage": "clientId is not specified", "errorCode": "5", "bindings": [] }),
        ));
    };
    let show_disabled = p.get("showDisabled") == Some("true");
    let inner = app.lock();
    let mut list: Vec<Value> = inner
        .rbs
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
pub fn sbp_unbind(app: &Shared, m: &Merchant, p: &Params) -> RbsResult {
    let id = p.required("bindingId")?;
    let mut inner = app.lock();
    match inner
        .rbs
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
