//! Paying an order with a card: shared by the hosted page, paymentorder.do and the 3-D Secure
//! pages and endpoints. Sends the callbacks the state changes produce.

use base64ct::{Base64UrlUnpadded, Encoding};
use serde_json::{json, Value};

use crate::cards::{self, Card, CardBehaviour};
use crate::threeds;
use crate::util;

use super::callbacks;
use super::orders::{status, Event, Order, Pending3ds};
use super::params::RbsError;
use super::state::Rbs;
use super::store::Binding;

/// What a payment attempt led to.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Approved or deposited.
    Paid,
    /// Declined by the issuer.
    Declined,
    /// 3-D Secure 1: post PaReq/MD/TermUrl to acsUrl.
    ThreeDs1 {
        /// ACS page.
        acs_url: String,
        /// PaReq.
        pa_req: String,
        /// Where the ACS posts PaRes.
        term_url: String,
    },
    /// 3-D Secure 2: run the 3DS Method, then the challenge.
    ThreeDs2 {
        /// threeDSServerTransId.
        trans_id: String,
    },
}

/// The gateway's URL for `path` (below `/payment/`).
pub fn gateway_url(rbs: &Rbs, path: &str) -> String {
    format!("{}/payment/{path}", rbs.env.base_url)
}

/// The hosted payment page of an order.
pub fn form_url(rbs: &Rbs, order: &Order) -> String {
    gateway_url(
        rbs,
        &format!(
            "merchants/sandbox/payment_{}.html?mdOrder={}",
            order.language, order.id
        ),
    )
}

/// returnUrl (paid) or failUrl (otherwise, returnUrl when none) with `orderId` and `lang` appended.
pub fn back_url(order: &Order) -> String {
    let paid = matches!(order.status, status::APPROVED | status::DEPOSITED);
    let base = if paid {
        order.return_url.clone()
    } else {
        order
            .fail_url
            .clone()
            .unwrap_or_else(|| order.return_url.clone())
    };
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}orderId={}&lang={}", order.id, order.language)
}

/// The PaReq of a 3-D Secure 1 payment of `order` with `card`.
pub fn pa_req(order: &Order, card: &Card) -> String {
    threeds::pa_req(&json!({
        "orderId": order.id,
        "amount": order.amount,
        "currency": order.currency,
        "pan": cards::mask(&card.pan),
    }))
}

/// Applies a finished state change: stores the order, creates a binding, sends the callback.
pub fn commit(rbs: &Rbs, order: Order, event: Option<Event>) {
    let mut order = order;
    let mut created_binding = None;
    let merchant = {
        let mut store = rbs.lock();
        if matches!(order.status, status::APPROVED | status::DEPOSITED)
            && order.binding_id.is_none()
        {
            if let (Some(client), Some(card)) = (order.client_id.clone(), order.card.clone()) {
                let id = util::uuid();
                created_binding = Some((id.clone(), cards::mask(&card.pan)));
                store.bindings.insert(
                    id.clone(),
                    Binding {
                        id: id.clone(),
                        merchant: order.merchant.clone(),
                        client_id: client,
                        pan: card.pan,
                        expiry: card.expiry,
                        active: true,
                        holder: card.holder,
                    },
                );
                order.binding_id = Some(id);
            }
        }
        if order.status == status::DEPOSITED && order.receipts.is_empty() {
            order.push_receipt(order.deposited, rbs.env.now_ms());
        }
        store.orders.insert(order.id.clone(), order.clone());
        store.merchant(&order.merchant).cloned()
    };
    let Some(m) = merchant else {
        return;
    };
    if let Some(e) = event {
        callbacks::send(rbs, &m, &order, &e);
    }
    if let Some((binding, masked)) = created_binding {
        callbacks::send_binding_created(rbs, &m, &order, &binding, &masked);
    }
}

/// Loads an order that can still be paid (after applying expiry).
pub fn payable_order(rbs: &Rbs, id: &str) -> Result<Order, RbsError> {
    expire_due(rbs);
    let store = rbs.lock();
    let order = store
        .orders
        .get(id)
        .cloned()
        .ok_or_else(RbsError::order_not_found)?;
    if !order.payable() {
        return Err(RbsError::wrong_state(
            "The order is not in a payable state (already paid, declined or expired)",
        ));
    }
    Ok(order)
}

/// Declines orders whose lifetime is over and sends their callbacks.
pub fn expire_due(rbs: &Rbs) {
    let due = rbs.lock().expire_due(rbs.env.now_ms());
    for (m, o, e) in due {
        callbacks::send(rbs, &m, &o, &e);
    }
}

/// Starts paying `order` with `card`.
pub fn start(rbs: &Rbs, mut order: Order, card: Card) -> Outcome {
    match cards::behaviour(&card.pan) {
        CardBehaviour::Success => {
            let e = order.pay_success(card, rbs.env.now_ms());
            commit(rbs, order, Some(e));
            Outcome::Paid
        }
        CardBehaviour::Decline => {
            let e = order.pay_decline(card, 116, "Insufficient funds");
            commit(rbs, order, Some(e));
            Outcome::Declined
        }
        CardBehaviour::ThreeDs1 => {
            let md = order.id.clone();
            let pa_req = pa_req(&order, &card);
            await_3ds(&mut order, 1, md, card);
            commit(rbs, order, None);
            Outcome::ThreeDs1 {
                acs_url: format!("{}/acs/auth/start.do", rbs.env.base_url),
                pa_req,
                term_url: gateway_url(rbs, "rest/finish3ds.do?lang=en"),
            }
        }
        CardBehaviour::ThreeDs2 => {
            let trans_id = util::uuid();
            await_3ds(&mut order, 2, trans_id.clone(), card);
            commit(rbs, order, None);
            Outcome::ThreeDs2 { trans_id }
        }
    }
}

/// Puts `order` on the ACS: a pending 3-D Secure `version` authentication `trans_id` of `card`.
fn await_3ds(order: &mut Order, version: u8, trans_id: String, card: Card) {
    order.status = status::ACS;
    order.three_ds = Some(Pending3ds {
        version,
        trans_id,
        card,
        passed: None,
        method_done: false,
    });
}

/// The 3DS2 fields of the first paymentorder.do answer (3DS Method).
pub fn three_ds2_method_fields(rbs: &Rbs, trans_id: &str) -> Value {
    let data = json!({
        "threeDSMethodNotificationURL": format!("{}/acs/3ds2/method-notification", rbs.env.base_url),
        "threeDSServerTransID": trans_id,
    });
    json!({
        "is3DSVer2": true,
        "threeDSServerTransId": trans_id,
        "threeDSMethodURL": format!("{}/acs/3ds2/method", rbs.env.base_url),
        "threeDSMethodURLServer": format!("{}/acs/3ds2/gather?threeDSServerTransID={trans_id}", rbs.env.base_url),
        "threeDSMethodDataPacked": Base64UrlUnpadded::encode_string(data.to_string().as_bytes()),
    })
}

/// The order with a pending 3DS2 authentication `trans_id`.
pub fn order_by_trans_id(rbs: &Rbs, trans_id: &str) -> Option<Order> {
    let store = rbs.lock();
    store
        .orders
        .values()
        .find(|o| o.three_ds.as_ref().is_some_and(|t| t.trans_id == trans_id))
        .cloned()
}

/// Ends a pending 3-D Secure authentication: paid when it passed, declined otherwise.
pub fn finish_3ds(rbs: &Rbs, mut order: Order, passed: bool) -> Outcome {
    let Some(pending) = order.three_ds.take() else {
        return Outcome::Declined;
    };
    if passed {
        let e = order.pay_success(pending.card, rbs.env.now_ms());
        commit(rbs, order, Some(e));
        Outcome::Paid
    } else {
        let e = order.pay_decline(
            pending.card,
            -2006,
            "Unsuccessful 3-D Secure authentication",
        );
        commit(rbs, order, Some(e));
        Outcome::Declined
    }
}
