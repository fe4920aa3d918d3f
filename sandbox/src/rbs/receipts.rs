//! Fiscal receipts: closeOfdReceipt.do and getReceiptStatus.do.

use axum::Json;
use serde_json::{json, Value};

use super::merchants::Merchant;
use super::orders::status;
use super::params::{success, Params, RbsError, RbsResult};
use super::state::Rbs;

/// closeOfdReceipt.do names the order by mdOrder or orderNumber ("The request must contain either
/// mdOrder, or orderNumber", line 4865); orderId is not one of its names.
fn order_id(rbs: &Rbs, m: &Merchant, p: &Params) -> Result<String, RbsError> {
    if p.get("mdOrder").is_none() && p.get("orderNumber").is_none() {
        return Err(RbsError::new(
            4,
            "[mdOrder] or [orderNumber] is empty: the request must contain either (orderId is not a parameter of closeOfdReceipt.do)",
        ));
    }
    rbs.lock().find_id(m, p, &["mdOrder"])
}

/// closeOfdReceipt.do {mdOrder | orderNumber, amount?, orderBundle?, additionalOfdParams?}
pub fn close_ofd_receipt(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    let id = order_id(rbs, m, p)?;
    p.object("orderBundle")?;
    p.object("additionalOfdParams")?;
    let amount = p.amount("amount")?;
    let now = rbs.env.now_ms();
    let mut store = rbs.lock();
    let order = store
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
    order.push_receipt(amount.unwrap_or(order.deposited), now);
    Ok(Json(json!({ "success": true })))
}

/// getReceiptStatus.do {orderId | orderNumber | uuid}
pub fn get_receipt_status(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    let store = rbs.lock();
    let (order, uuid) = match (
        // orderId or orderNumber, or the receipt's uuid (line 5249).
        p.get("orderId").or(p.get("orderNumber")),
        p.get("uuid"),
    ) {
        (None, Some(uuid)) => {
            let o = store
                .orders
                .values()
                .find(|o| o.merchant == m.name && o.receipts.iter().any(|r| r["uuid"] == uuid))
                .ok_or_else(|| RbsError::new(6, "Receipt not found"))?;
            (o, Some(uuid))
        }
        _ => {
            let id = store.find_id(m, p, &["orderId"])?;
            (
                store
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
