//! Fiscal receipts: closeOfdReceipt.do and getReceiptStatus.do.

use axum::Json;
use serde_json::{json, Value};

use crate::app::{now_ms, Shared};

use super::merchants::Merchant;
use super::orders::{status, Order};
use super::params::{success, Params, RbsError, RbsResult};

/// A receipt of `amount` for `order` (status 1: registered by the fiscal operator).
pub fn receipt(order: &Order, amount: u64) -> Value {
    let n = order.receipts.len() + 1;
    json!({
        "receiptStatus": 1,
        "uuid": crate::util::uuid(),
        "shift_number": "1",
        "fiscal_receipt_number": n.to_string(),
        "receipt_date_time": now_ms(),
        "fn_number": "9999078900006364",
        "ecr_registration_number": "1234567890023481",
        "fiscal_document_number": n.to_string(),
        "fiscal_document_attribute": "3713381819",
        "amount_total": amount,
    })
}

fn order_id(app: &Shared, m: &Merchant, p: &Params) -> Result<String, RbsError> {
    app.lock().rbs.find_id(m, p, &["mdOrder", "orderId"])
}

/// closeOfdReceipt.do {mdOrder | orderNumber, amount?, orderBundle?, additionalOfdParams?}
pub fn close_ofd_receipt(app: &Shared, m: &Merchant, p: &Params) -> RbsResult {
    let id = order_id(app, m, p)?;
    p.object("orderBundle")?;
    p.object("additionalOfdParams")?;
    let amount = p.amount("amount")?;
    let mut inner = app.lock();
    let order = inner
        .rbs
        .orders
        .get_mut(&id)
        .ok_or_else(RbsError::order_not_found)?;
    let paid = matches!(order.status, status::DEPOSITED | status::REFUNDED)
        && order.refunded < order.deposited;
    if !paid {
        return Err(RbsError::wrong_state(
            "A closing receipt needs a deposited order that is not fully refunded",
        ));
    }
    let r = receipt(order, amount.unwrap_or(order.deposited));
    order.receipts.push(r);
    Ok(Json(json!({ "success": true })))
}

/// getReceiptStatus.do {orderId | orderNumber | uuid}
pub fn get_receipt_status(app: &Shared, m: &Merchant, p: &Params) -> RbsResult {
    let inner = app.lock();
    let (order, uuid) = match (
        p.get_any(&["orderId", "mdOrder"]).or(p.get("orderNumber")),
        p.get("uuid"),
    ) {
        (None, Some(uuid)) => {
            let o = inner
                .rbs
                .orders
                .values()
                .find(|o| o.merchant == m.name && o.receipts.iter().any(|r| r["uuid"] == uuid))
                .ok_or_else(|| RbsError::new(6, "Receipt not found"))?;
            (o, Some(uuid))
        }
        _ => {
            let id = inner.rbs.find_id(m, p, &["orderId", "mdOrder"])?;
            (
                inner
                    .rbs
                    .orders
                    .get(&id)
                    .ok_or_else(RbsError::order_not_found)?,
                p.get("uuid"),
            )
        }
    };
    let receipts: Vec<Value> = order
        .receipts
        .iter()
        .filter(|r| uuid.is_none_or(|u| r["uuid"] == u))
        .cloned()
        .collect();
    Ok(success(
        json!({ "orderNumber": order.order_number, "orderId": order.id, "receipt": receipts }),
    ))
}
