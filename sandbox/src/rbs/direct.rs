//! Direct payments with card data: paymentorder.do (3-D Secure 1, 2, external 3DS), and the
//! 3-D Secure API endpoints finish3dsPayment.do, finish3dsVer2Payment.do and 3ds/continue.do.

use axum::Json;
use serde_json::{json, Value};

use crate::cards::{self, CardBehaviour};
use crate::threeds;

use super::merchants::Merchant;
use super::orders::Order;
use super::params::{Params, RbsError, RbsResult};
use super::payment::{self, Outcome};
use super::state::Rbs;

const INFO: &str = "Your order is proceeded, redirecting...";
const DECLINED: &str =
    "Operation declined. Please check the data and available balance of the account.";

/// The answer of paymentorder.do / 3ds continue for an outcome.
pub fn outcome_json(rbs: &Rbs, order_id: &str, outcome: &Outcome) -> Value {
    let order = rbs.lock().orders.get(order_id).cloned();
    let back = order.as_ref().map(payment::back_url).unwrap_or_default();
    match outcome {
        Outcome::Paid => json!({
            "redirect": payment::gateway_url(rbs, &format!("merchants/sandbox/finish.html?orderId={order_id}&lang=en")),
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
            let mut v = payment::three_ds2_method_fields(rbs, trans_id);
            v["errorCode"] = json!(0);
            v
        }
    }
}

fn challenge_json(rbs: &Rbs, trans_id: &str) -> Value {
    json!({
        "info": INFO,
        "errorCode": 0,
        "acsUrl": format!("{}/acs/3ds2/creq", rbs.env.base_url),
        "is3DSVer2": true,
        "packedCReq": threeds::packed_creq(trans_id),
    })
}

/// A payable order of this merchant.
pub fn own_order(rbs: &Rbs, m: &Merchant, id: &str) -> Result<Order, RbsError> {
    let order = payment::payable_order(rbs, id)?;
    if order.merchant != m.name {
        return Err(RbsError::order_not_found());
    }
    Ok(order)
}

/// paymentorder.do: pays with card data (3-D Secure 1 or 2 when the card needs it).
pub fn payment_order(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    let id = p
        .get("MDORDER")
        .ok_or_else(|| RbsError::new(4, "[MDORDER] is empty"))?;
    let order = own_order(rbs, m, id)?;
    if let Some(pending) = &order.three_ds {
        let again = p.get_any(&["threeDSServerTransID", "threeDSServerTransId"]);
        if pending.version == 2 && again == Some(pending.trans_id.as_str()) {
            return Ok(Json(challenge_json(rbs, &pending.trans_id)));
        }
    }
    // $PAN and $CVC: "Mandatory, if seToken is not passed" (lines 1191-1193); the emulator has no
    // seToken decryption, so they are needed.
    if p.get("seToken").is_some() {
        return Err(RbsError::new(
            5,
            "[seToken] is not supported by the emulator: pass the card data",
        ));
    }
    let pan = p.required("$PAN")?;
    let cvc = p.required("$CVC")?;
    let expiry = match p.get("$EXPIRY") {
        Some(e) => e.to_string(),
        None => format!("{}{:0>2}", p.required("YYYY")?, p.required("MM")?),
    };
    let card = cards::check_card(pan, &expiry, cvc, p.get("TEXT").unwrap_or(""))
        .map_err(|message| RbsError::new(5, &message))?;
    // External 3-D Secure: the merchant's own 3DS server already authenticated (eci/cavv in
    // jsonParams, as in the reference's "external 3DS Server" sample): no challenge here.
    let external_3ds = p
        .object("jsonParams")?
        .is_some_and(|j| j.contains_key("cavv") || j.contains_key("eci"));
    let needs_3ds = matches!(
        cards::behaviour(&card.pan),
        CardBehaviour::ThreeDs1 | CardBehaviour::ThreeDs2
    );
    let outcome = if external_3ds && needs_3ds {
        let mut order = order;
        let event = order.pay_success(card, rbs.env.now_ms());
        payment::commit(rbs, order, Some(event));
        Outcome::Paid
    } else {
        payment::start(rbs, order, card)
    };
    Ok(Json(outcome_json(rbs, id, &outcome)))
}

/// finish3dsPayment.do: completes a 3-D Secure 1 payment with the ACS's PaRes.
pub fn finish_3ds_payment(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    let id = p.required("mdOrder")?;
    let pa_res = p.required("paRes")?;
    let order = own_order(rbs, m, id)?;
    let (md, passed) = threeds::read_pa_res(pa_res)
        .ok_or_else(|| RbsError::new(5, "[paRes] is wrong: not a PaRes of this ACS"))?;
    if md != order.id || order.three_ds.as_ref().map(|t| t.version) != Some(1) {
        return Err(RbsError::wrong_state(
            "No 3-D Secure 1 authentication is pending for this order",
        ));
    }
    payment::finish_3ds(rbs, order, passed);
    let back = rbs
        .lock()
        .orders
        .get(id)
        .map(payment::back_url)
        .unwrap_or_default();
    Ok(Json(json!({ "redirect": back, "errorCode": 0 })))
}

/// finish3dsVer2Payment.do: completes a 3DS2 payment after the challenge.
pub fn finish_3ds_ver2_payment(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    let trans = p
        .get_any(&["threeDSServerTransId", "threeDSServerTransID"])
        .ok_or_else(|| RbsError::new(4, "[threeDSServerTransId] is empty"))?;
    let order = payment::order_by_trans_id(rbs, trans)
        .filter(|o| o.merchant == m.name)
        .ok_or_else(RbsError::order_not_found)?;
    finish_v2(rbs, order)
}

fn finish_v2(rbs: &Rbs, order: Order) -> RbsResult {
    let passed = order
        .three_ds
        .as_ref()
        .and_then(|t| t.passed)
        .ok_or_else(|| {
            RbsError::wrong_state("The 3-D Secure 2 challenge has not been completed yet")
        })?;
    let id = order.id.clone();
    let outcome = payment::finish_3ds(rbs, order, passed);
    let back = rbs
        .lock()
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
pub fn three_ds_continue(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    let id = p.required("mdOrder")?;
    let order = own_order(rbs, m, id)?;
    let Some(pending) = order.three_ds.clone().filter(|t| t.version == 2) else {
        return Err(RbsError::wrong_state(
            "No 3-D Secure 2 authentication is pending for this order",
        ));
    };
    if pending.passed.is_some() {
        let mut v = finish_v2(rbs, order)?.0;
        v["info"] = json!(INFO);
        return Ok(Json(v));
    }
    Ok(Json(challenge_json(rbs, &pending.trans_id)))
}
