//! Card payments of PayIn orders: authorize (DMS hold or SMS charge, 3-D Secure on the emulated
//! ACS), charge, void, and the shared card logic of the payment-form page.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Map, Value};

use crate::cards::{self, check_card, CardBehaviour};
use crate::html;
use crate::threeds::{self, read_pa_res};
use crate::util::json_text as text;

use super::api::{fail, save, settle_later, Reply};
use super::orders::CashierOrder;
use super::state::Cashier;

/// What paying with a card led to.
pub enum CardOutcome {
    /// The order after the payment (AUTHORIZED, CHARGE_IN_PROGRESS/CHARGED or DECLINED).
    Done(CashierOrder),
    /// 3-D Secure needed: post PaReq/MD/TermUrl to the ACS.
    ThreeDs {
        /// The order (PRE_AUTHORIZED_3DS).
        order: CashierOrder,
        /// ACS URL.
        acs_url: String,
        /// PaReq.
        pa_req: String,
    },
}

/// Pays `order` with a card: `sms` charges at once, otherwise holds (DMS).
/// `charge_now` makes an SMS payment final immediately (the payment page) instead of going
/// through CHARGE_IN_PROGRESS.
pub fn pay(
    cashier: &Arc<Cashier>,
    mut order: CashierOrder,
    pan: &str,
    holder: &str,
    sms: bool,
    charge_now: bool,
) -> CardOutcome {
    let now = cashier.env.now_ms();
    order.masked_pan = Some(cards::mask(pan));
    order.payment_type = Some(if sms { "SMS" } else { "DMS" }.into());
    order.extra.insert("cardholderName".into(), json!(holder));
    match cards::behaviour(pan) {
        CardBehaviour::Decline => {
            order.set(now, "DECLINED");
            save(cashier, order.clone(), true);
            CardOutcome::Done(order)
        }
        CardBehaviour::ThreeDs1 | CardBehaviour::ThreeDs2 => {
            order.set(now, "PRE_AUTHORIZED_3DS");
            save(cashier, order.clone(), true);
            let pa_req = threeds::pa_req(
                &json!({ "orderId": order.id, "amount": order.payment_amount, "pan": cards::mask(pan) }),
            );
            CardOutcome::ThreeDs {
                order,
                acs_url: format!("{}/acs/auth/start.do", cashier.env.base_url),
                pa_req,
            }
        }
        CardBehaviour::Success => CardOutcome::Done(approve(cashier, order, sms, charge_now)),
    }
}

/// A successful authorization: AUTHORIZED (DMS), CHARGED or CHARGE_IN_PROGRESS (SMS).
pub fn approve(
    cashier: &Arc<Cashier>,
    mut order: CashierOrder,
    sms: bool,
    charge_now: bool,
) -> CashierOrder {
    let now = cashier.env.now_ms();
    if !sms {
        order.set(now, "AUTHORIZED");
        save(cashier, order.clone(), true);
    } else if charge_now {
        order.set(now, "CHARGED");
        save(cashier, order.clone(), true);
    } else {
        order.set(now, "CHARGE_IN_PROGRESS");
        save(cashier, order.clone(), true);
        settle_later(cashier, order.id, "CHARGE_IN_PROGRESS", "CHARGED");
    }
    order
}

fn any_of(obj: &Map<String, Value>, names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| text(obj.get(*n)))
}

fn external_order(
    cashier: &Arc<Cashier>,
    body: &Map<String, Value>,
) -> Result<CashierOrder, Reply> {
    super::api::expire_due(cashier);
    // OrderId, as the reference spells it (lines 615, 670, 707).
    let Some(id) = any_of(body, &["OrderId"]) else {
        return Err(card_fail(
            StatusCode::BAD_REQUEST,
            "OrderId (the externalOrderId from /form) is required",
        ));
    };
    let store = cashier.lock();
    store.by_external(&id).cloned().ok_or_else(|| {
        card_fail(
            StatusCode::NOT_FOUND,
            &format!("no order has externalOrderId {id} (call /order/{{id}}/form first)"),
        )
    })
}

fn card_fail(status: StatusCode, message: &str) -> Reply {
    let (s, mut v) = fail(status, message);
    v["Response"] = json!({ "Code": 1, "Message": message });
    (s, v)
}

fn answer(order: &CashierOrder, section: &str, extra: Value) -> Reply {
    let mut v = json!({
        "Response": { "Code": 0, "Message": "Success" },
        "Order": order.to_json(),
    });
    v[section] =
        json!({ "Status": order.status, "Amount": order.payment_amount, "AuthCode": "123456" });
    if let Some(p) = &order.masked_pan {
        v["Card"] = json!({ "MaskedPan": p });
    }
    if let (Value::Object(o), Value::Object(e)) = (&mut v, extra) {
        o.extend(e);
    }
    (StatusCode::OK, v)
}

/// POST /authorize {OrderId, Card | Token | Encrypted, PaymentType?}
pub fn authorize(cashier: &Arc<Cashier>, body: &Map<String, Value>) -> Reply {
    let order = match external_order(cashier, body) {
        Ok(o) => o,
        Err(e) => return e,
    };
    if order.kind != "PayIn" || order.status != "CREATED" {
        return card_fail(
            StatusCode::BAD_REQUEST,
            &format!("authorize is not possible in status {}", order.status),
        );
    }
    let sms = match any_of(body, &["PaymentType"]).as_deref() {
        None | Some("DMS") => false,
        Some("SMS") => true,
        Some(other) => {
            return card_fail(
                StatusCode::BAD_REQUEST,
                &format!("PaymentType must be SMS or DMS, not {other}"),
            )
        }
    };
    // `Card` (the request sample, line 643); the reference collapses the card object's fields
    // ("Auth-request-card (object)", line 611), so the emulator reads the usual spellings of them.
    let (pan, holder) = if let Some(Value::Object(card)) = body.get("Card") {
        let pan = any_of(card, &["Pan", "PAN", "pan", "CardNumber", "number"]).unwrap_or_default();
        let expiry =
            any_of(card, &["ExpDate", "Expiry", "expiry", "expDate"]).unwrap_or_else(|| {
                format!(
                    "{}/{}",
                    any_of(card, &["ExpMonth", "expMonth", "Month"]).unwrap_or_default(),
                    any_of(card, &["ExpYear", "expYear", "Year"]).unwrap_or_default()
                )
            });
        let cvc = any_of(card, &["Cvv", "CVV", "cvv", "Cvc", "CVC", "cvc"]).unwrap_or_default();
        let holder =
            any_of(card, &["Holder", "holder", "CardHolder", "cardholderName"]).unwrap_or_default();
        match check_card(&pan, &expiry, &cvc, &holder) {
            Ok(c) => (c.pan, c.holder),
            Err(why) => return card_fail(StatusCode::BAD_REQUEST, &why),
        }
    } else if body.contains_key("Token") || body.contains_key("Encrypted") {
        ("4111111111111111".to_string(), "TOKEN HOLDER".to_string())
    } else {
        return card_fail(
            StatusCode::BAD_REQUEST,
            "Card, Token or Encrypted is required",
        );
    };
    match pay(cashier, order, &pan, &holder, sms, false) {
        CardOutcome::Done(o) if o.status == "DECLINED" => {
            let (s, mut v) = answer(&o, "Authorize", json!({}));
            v["Response"] = json!({ "Code": 2, "Message": "Declined by the issuer" });
            (s, v)
        }
        CardOutcome::Done(o) => answer(&o, "Authorize", json!({})),
        CardOutcome::ThreeDs {
            order,
            acs_url,
            pa_req,
        } => {
            let external = order.external_id.clone().unwrap_or_default();
            answer(
                &order,
                "Authorize",
                json!({ "ThreeDS": { "AcsUrl": acs_url, "PaReq": pa_req, "MD": external, "TermUrl": format!("{}/cashier/3ds/term", cashier.env.base_url) } }),
            )
        }
    }
}

/// POST /charge {OrderId}: AUTHORIZED -> CHARGE_IN_PROGRESS -> CHARGED.
pub fn charge(cashier: &Arc<Cashier>, body: &Map<String, Value>) -> Reply {
    transition(
        cashier,
        body,
        "charge",
        "CHARGE_IN_PROGRESS",
        "CHARGED",
        "Charge",
    )
}

/// POST /void {OrderId}: AUTHORIZED -> VOID_IN_PROGRESS -> VOIDED.
pub fn void(cashier: &Arc<Cashier>, body: &Map<String, Value>) -> Reply {
    transition(cashier, body, "void", "VOID_IN_PROGRESS", "VOIDED", "Void")
}

fn transition(
    cashier: &Arc<Cashier>,
    body: &Map<String, Value>,
    what: &str,
    during: &'static str,
    to: &'static str,
    section: &str,
) -> Reply {
    let mut order = match external_order(cashier, body) {
        Ok(o) => o,
        Err(e) => return e,
    };
    if order.status != "AUTHORIZED" {
        return card_fail(
            StatusCode::BAD_REQUEST,
            &format!(
                "{what} needs an AUTHORIZED order; this one is {}",
                order.status
            ),
        );
    }
    order.set(cashier.env.now_ms(), during);
    save(cashier, order.clone(), true);
    settle_later(cashier, order.id, during, to);
    answer(&order, section, json!({}))
}

/// Completes a 3-D Secure authentication of a PayIn order from the ACS's PaRes.
pub fn finish_3ds(cashier: &Arc<Cashier>, pa_res: &str) -> Option<CashierOrder> {
    let (external, passed) = read_pa_res(pa_res)?;
    let order = cashier.lock().by_external(&external).cloned()?;
    if order.status != "PRE_AUTHORIZED_3DS" {
        return Some(order);
    }
    let sms = order.payment_type.as_deref() == Some("SMS");
    if passed {
        Some(approve(cashier, order, sms, true))
    } else {
        let mut o = order;
        o.set(cashier.env.now_ms(), "DECLINED");
        save(cashier, o.clone(), true);
        Some(o)
    }
}

/// POST /cashier/3ds/term (PaRes, MD): the TermUrl of authorize's 3-D Secure.
pub async fn term_url(State(cashier): State<Arc<Cashier>>, body: Bytes) -> Response {
    let fields = html::parse_pairs(&body);
    let pa_res = fields
        .iter()
        .find(|(k, _)| k == "PaRes")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    match finish_3ds(&cashier, pa_res) {
        Some(o) => html::page(
            "3-D Secure finished",
            &format!(
                "<h1 id=\"kassa-result\" data-status=\"{s}\">{s}</h1><p>Order {}.</p>",
                o.id,
                s = html::escape(&o.status)
            ),
        ),
        None => {
            let mut r = html::page(
                "3-D Secure",
                "<h1>3-D Secure</h1><p class=\"error\">PaRes is missing or unknown.</p>",
            );
            *r.status_mut() = StatusCode::BAD_REQUEST;
            r
        }
    }
}
