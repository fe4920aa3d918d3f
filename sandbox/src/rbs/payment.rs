//! Paying an order with a card: shared by the hosted page, paymentorder.do and the 3-D Secure
//! pages and endpoints. Sends the callbacks the state changes produce.

use base64ct::{Base64UrlUnpadded, Encoding};
use serde_json::{json, Value};

use crate::app::{now_ms, Shared};
use crate::util;

use super::callbacks;
use super::cards::{self, CardBehaviour};
use super::orders::{status, Card, Event, Order, Pending3ds};
use super::params::RbsError;
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
pub fn gateway_url(app: &Shared, path: &str) -> String {
    format!("{}/payment/{path}", app.base_url)
}

/// The hosted payment page of an order.
pub fn form_url(app: &Shared, order: &Order) -> String {
    gateway_url(
        app,
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

/// Parses `YYYYMM`, `MM/YY`, `MM/YYYY` into `YYYYMM`.
pub fn parse_expiry(text: &str) -> Option<String> {
    let t = text.trim();
    if !t.is_ascii() {
        return None;
    }
    let (y, m) = if let Some((m, y)) = t.split_once('/') {
        let y = if y.trim().len() == 2 {
            format!("20{}", y.trim())
        } else {
            y.trim().to_string()
        };
        (y, m.trim().to_string())
    } else if t.len() == 6 {
        (t[..4].to_string(), t[4..].to_string())
    } else {
        return None;
    };
    let (yn, mn) = (y.parse::<u32>().ok()?, m.parse::<u32>().ok()?);
    if !(1..=12).contains(&mn) || !(2000..=2099).contains(&yn) {
        return None;
    }
    Some(format!("{yn:04}{mn:02}"))
}

/// Checks the card fields the way the payment page does. Returns the card or a message.
pub fn check_card(pan: &str, expiry: &str, cvc: &str, holder: &str) -> Result<Card, String> {
    let pan: String = pan.chars().filter(|c| !c.is_whitespace()).collect();
    if !cards::luhn_ok(&pan) {
        return Err(
            "The card number is not valid (12-19 digits with a correct check digit).".into(),
        );
    }
    let expiry = parse_expiry(expiry).ok_or("The expiry date must be MM/YY.")?;
    if cvc.len() != 3 || !cvc.bytes().all(|b| b.is_ascii_digit()) {
        return Err("The CVC must be 3 digits.".into());
    }
    let holder = if holder.trim().is_empty() {
        "CARDHOLDER".to_string()
    } else {
        holder.trim().to_uppercase()
    };
    Ok(Card {
        pan,
        expiry,
        holder,
    })
}

/// Applies a finished state change: stores the order, creates a binding, sends the callback.
pub fn commit(app: &Shared, order: Order, event: Option<Event>) {
    let mut order = order;
    let mut created_binding = None;
    let merchant = {
        let mut inner = app.lock();
        if matches!(order.status, status::APPROVED | status::DEPOSITED)
            && order.binding_id.is_none()
        {
            if let (Some(client), Some(card)) = (order.client_id.clone(), order.card.clone()) {
                let id = util::uuid();
                created_binding = Some((id.clone(), cards::mask(&card.pan)));
                inner.rbs.bindings.insert(
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
            order
                .receipts
                .push(super::receipts::receipt(&order, order.deposited));
        }
        inner.rbs.orders.insert(order.id.clone(), order.clone());
        inner.rbs.merchant(&order.merchant).cloned()
    };
    let Some(m) = merchant else {
        return;
    };
    if let Some(e) = event {
        callbacks::send(app, &m, &order, &e);
    }
    if let Some((binding, masked)) = created_binding {
        callbacks::send_binding_created(app, &m, &order, &binding, &masked);
    }
}

/// Loads an order that can still be paid (after applying expiry).
pub fn payable_order(app: &Shared, id: &str) -> Result<Order, RbsError> {
    expire_due(app);
    let inner = app.lock();
    let order = inner
        .rbs
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
pub fn expire_due(app: &Shared) {
    let due = app.lock().rbs.expire_due(now_ms());
    for (m, o, e) in due {
        callbacks::send(app, &m, &o, &e);
    }
}

/// Starts paying `order` with `card`.
pub fn start(app: &Shared, mut order: Order, card: Card) -> Outcome {
    match cards::behaviour(&card.pan) {
        CardBehaviour::Success => {
            let e = order.pay_success(card, now_ms());
            commit(app, order, Some(e));
            Outcome::Paid
        }
        CardBehaviour::Decline => {
            let e = order.pay_decline(card, 116, "Insufficient funds");
            commit(app, order, Some(e));
            Outcome::Declined
        }
        CardBehaviour::ThreeDs1 => {
            let md = order.id.clone();
            let pa_req = kassa::crypto::base64_encode(
                json!({ "orderId": order.id, "amount": order.amount, "currency": order.currency, "pan": cards::mask(&card.pan) })
                    .to_string()
                    .as_bytes(),
            );
            order.status = status::ACS;
            order.three_ds = Some(Pending3ds {
                version: 1,
                trans_id: md.clone(),
                card,
                passed: None,
                method_done: false,
            });
            commit(app, order, None);
            Outcome::ThreeDs1 {
                acs_url: format!("{}/acs/auth/start.do", app.base_url),
                pa_req,
                term_url: gateway_url(app, "rest/finish3ds.do?lang=en"),
            }
        }
        CardBehaviour::ThreeDs2 => {
            let trans_id = util::uuid();
            order.status = status::ACS;
            order.three_ds = Some(Pending3ds {
                version: 2,
                trans_id: trans_id.clone(),
                card,
                passed: None,
                method_done: false,
            });
            commit(app, order, None);
            Outcome::ThreeDs2 { trans_id }
        }
    }
}

/// The 3DS2 fields of the first paymentorder.do answer (3DS Method).
pub fn three_ds2_method_fields(app: &Shared, trans_id: &str) -> Value {
    let data = json!({
        "threeDSMethodNotificationURL": format!("{}/acs/3ds2/method-notification", app.base_url),
        "threeDSServerTransID": trans_id,
    });
    json!({
        "is3DSVer2": true,
        "threeDSServerTransId": trans_id,
        "threeDSMethodURL": format!("{}/acs/3ds2/method", app.base_url),
        "threeDSMethodURLServer": format!("{}/acs/3ds2/gather?threeDSServerTransID={trans_id}", app.base_url),
        "threeDSMethodDataPacked": Base64UrlUnpadded::encode_string(data.to_string().as_bytes()),
    })
}

/// The packed CReq of a pending 3DS2 authentication.
pub fn packed_creq(trans_id: &str) -> String {
    let creq = json!({
        "threeDSServerTransID": trans_id,
        "messageType": "CReq",
        "messageVersion": "2.1.0",
        "acsTransID": trans_id,
        "challengeWindowSize": "05",
    });
    Base64UrlUnpadded::encode_string(creq.to_string().as_bytes())
}

/// Decodes a packed CReq back to its threeDSServerTransID.
pub fn creq_trans_id(creq: &str) -> Option<String> {
    let bytes = Base64UrlUnpadded::decode_vec(creq.trim().trim_end_matches('=')).ok()?;
    let v: Value = serde_json::from_slice(&bytes).ok()?;
    v["threeDSServerTransID"].as_str().map(str::to_string)
}

/// The order with a pending 3DS2 authentication `trans_id`.
pub fn order_by_trans_id(app: &Shared, trans_id: &str) -> Option<Order> {
    let inner = app.lock();
    inner
        .rbs
        .orders
        .values()
        .find(|o| o.three_ds.as_ref().is_some_and(|t| t.trans_id == trans_id))
        .cloned()
}

/// Ends a pending 3-D Secure authentication: paid when it passed, declined otherwise.
pub fn finish_3ds(app: &Shared, mut order: Order, passed: bool) -> Outcome {
    let Some(pending) = order.three_ds.take() else {
        return Outcome::Declined;
    };
    if passed {
        let e = order.pay_success(pending.card, now_ms());
        commit(app, order, Some(e));
        Outcome::Paid
    } else {
        let e = order.pay_decline(
            pending.card,
            -2006,
            "Unsuccessful 3-D Secure authentication",
        );
        commit(app, order, Some(e));
        Outcome::Declined
    }
}

/// PaRes of the emulated ACS: base64 JSON `{"md", "transStatus": "Y"|"N"}`.
pub fn make_pa_res(md: &str, passed: bool) -> String {
    kassa::crypto::base64_encode(
        json!({ "md": md, "transStatus": if passed { "Y" } else { "N" } })
            .to_string()
            .as_bytes(),
    )
}

/// Reads a PaRes: (md, passed).
pub fn read_pa_res(pa_res: &str) -> Option<(String, bool)> {
    let bytes = kassa::crypto::base64_decode(pa_res.trim(), "PaRes").ok()?;
    let v: Value = serde_json::from_slice(&bytes).ok()?;
    Some((v["md"].as_str()?.to_string(), v["transStatus"] == "Y"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn expiry_formats() {
        assert_eq!(parse_expiry("12/30").as_deref(), Some("203012"));
        assert_eq!(parse_expiry("203012").as_deref(), Some("203012"));
        assert_eq!(parse_expiry("13/30"), None);
        assert_eq!(parse_expiry("x"), None);
        assert_eq!(parse_expiry("ЯЯЯ"), None);
        assert_eq!(parse_expiry("Я/ЯЯ"), None);
    }

    #[test]
    fn pa_res_and_creq_round_trip() {
        assert_eq!(
            read_pa_res(&make_pa_res("m", true)),
            Some(("m".into(), true))
        );
        assert_eq!(read_pa_res("eJzFV2uTokoS%"), None);
        assert_eq!(creq_trans_id(&packed_creq("t-1")).as_deref(), Some("t-1"));
    }
}
