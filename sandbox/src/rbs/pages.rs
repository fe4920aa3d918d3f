//! The buyer-facing RBS pages: the hosted payment page at formUrl (and finish.html) and
//! acsRedirect.do, which sends the buyer to the emulated ACS (see `acs.rs`).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use base64ct::{Base64UrlUnpadded, Encoding};
use serde::Deserialize;

use crate::cards;
use crate::html::{self, auto_post, error_page, escape, field};
use crate::threeds;

use super::orders::{status, Order};
use super::payment::{self, Outcome};
use super::state::Rbs;

/// `?mdOrder=` / `?orderId=`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderQuery {
    md_order: Option<String>,
    order_id: Option<String>,
}

fn money(amount: u64, currency: &str) -> String {
    let symbol = match currency {
        "643" => "₽",
        "840" => "$",
        "978" => "€",
        _ => currency,
    };
    format!("{}.{:02} {symbol}", amount / 100, amount % 100)
}

fn load(rbs: &Rbs, id: Option<&str>) -> Result<Order, Box<Response>> {
    payment::expire_due(rbs);
    let Some(id) = id else {
        let r = error_page(
            StatusCode::BAD_REQUEST,
            "Order not found",
            "The link has no mdOrder.",
        );
        return Err(Box::new(r));
    };
    let order = rbs.lock().orders.get(id).cloned();
    order.ok_or_else(|| {
        Box::new(error_page(
            StatusCode::NOT_FOUND,
            "Order not found",
            "No order with this id exists in the sandbox.",
        ))
    })
}

/// GET the hosted payment page (`payment_<lang>.html?mdOrder=`) or `finish.html?orderId=`.
pub async fn merchant_page(
    State(rbs): State<Arc<Rbs>>,
    uri: Uri,
    Query(q): Query<OrderQuery>,
) -> Response {
    let id = q.md_order.or(q.order_id);
    let order = match load(&rbs, id.as_deref()) {
        Ok(o) => o,
        Err(r) => return *r,
    };
    if uri.path().ends_with("/finish.html") || !order.payable() {
        return result_page(&order);
    }
    payment_page(&order, None)
}

fn result_page(order: &Order) -> Response {
    let paid = matches!(order.status, status::APPROVED | status::DEPOSITED);
    let (title, text) = if paid {
        ("Payment successful", "The payment was accepted.")
    } else {
        ("Payment not completed", "The order is not paid.")
    };
    html::page(
        title,
        &format!(
            "<h1 id=\"kassa-result\" data-status=\"{}\">{title}</h1><p>{text} Order {}: {}.</p>\
             <p><a id=\"kassa-back\" href=\"{}\">Return to the store</a></p>",
            order.status,
            escape(&order.order_number),
            escape(order.payment_state()),
            escape(&payment::back_url(order)),
        ),
    )
}

/// The card form.
pub fn payment_page(order: &Order, error: Option<&str>) -> Response {
    let cards_list = cards::test_cards_table();
    let error = html::error_line(error);
    let body = format!(
        "<h1>Payment</h1>\n<p class=\"amount\" id=\"kassa-amount\">{amount}</p>\n<p class=\"muted\">Order {number}{desc}</p>\n{error}\n\
<form method=\"post\" action=\"/payment/merchants/sandbox/pay\" id=\"kassa-pay\">\n\
<input type=\"hidden\" name=\"mdOrder\" value=\"{id}\">\n\
<label for=\"pan\">Card number</label><input id=\"pan\" name=\"pan\" inputmode=\"numeric\" autocomplete=\"cc-number\" placeholder=\"4111 1111 1111 1111\" required>\n\
<label for=\"expiry\">Expiry (MM/YY)</label><input id=\"expiry\" name=\"expiry\" placeholder=\"12/30\" required>\n\
<label for=\"cvc\">CVC</label><input id=\"cvc\" name=\"cvc\" inputmode=\"numeric\" placeholder=\"123\" required>\n\
<label for=\"holder\">Cardholder</label><input id=\"holder\" name=\"holder\" placeholder=\"TEST CARDHOLDER\">\n\
<button type=\"submit\" name=\"action\" value=\"pay\" id=\"kassa-submit\">Pay {amount}</button>\n\
<button type=\"submit\" name=\"action\" value=\"cancel\" class=\"secondary\" formnovalidate id=\"kassa-cancel\">Cancel</button>\n\
</form>\n{cards_list}",
        amount = escape(&money(order.amount, &order.currency)),
        number = escape(&order.order_number),
        desc = if order.description.is_empty() { String::new() } else { format!(" · {}", escape(&order.description)) },
        id = escape(&order.id),
    );
    html::page("Payment", &body)
}

/// POST of the card form.
pub async fn pay(State(rbs): State<Arc<Rbs>>, body: Bytes) -> Response {
    let fields = html::parse_pairs(&body);
    let get = |name: &str| field(&fields, name);
    let order = match load(&rbs, Some(get("mdOrder"))) {
        Ok(o) => o,
        Err(r) => return *r,
    };
    if !order.payable() {
        return result_page(&order);
    }
    if get("action") == "cancel" {
        let mut o = order.clone();
        if o.decline().is_ok() {
            payment::commit(&rbs, o.clone(), None);
        }
        return Redirect::to(&payment::back_url(&o)).into_response();
    }
    let card = match cards::check_card_form(&fields) {
        Ok(c) => c,
        Err(message) => return payment_page(&order, Some(&message)),
    };
    let id = order.id.clone();
    match payment::start(&rbs, order, card) {
        Outcome::Paid | Outcome::Declined => back(&rbs, &id),
        Outcome::ThreeDs1 { .. } | Outcome::ThreeDs2 { .. } => {
            Redirect::to(&format!("/payment/acsRedirect.do?orderId={id}")).into_response()
        }
    }
}

/// Redirects the buyer back to the store (returnUrl or failUrl of order `id`).
pub fn back(rbs: &Rbs, id: &str) -> Response {
    match rbs.lock().orders.get(id) {
        Some(o) => Redirect::to(&payment::back_url(o)).into_response(),
        None => error_page(
            StatusCode::NOT_FOUND,
            "Order not found",
            "The order disappeared (reset?).",
        ),
    }
}

/// GET /payment/acsRedirect.do?orderId=: sends the buyer to the ACS of a pending 3-D Secure.
pub async fn acs_redirect(State(rbs): State<Arc<Rbs>>, Query(q): Query<OrderQuery>) -> Response {
    let order = match load(&rbs, q.order_id.or(q.md_order).as_deref()) {
        Ok(o) => o,
        Err(r) => return *r,
    };
    let Some(pending) = order.three_ds.clone() else {
        return result_page(&order);
    };
    if pending.version == 1 {
        let pa_req = payment::pa_req(&order, &pending.card);
        auto_post(
            "Redirecting to your bank",
            &format!("{}/acs/auth/start.do", rbs.env.base_url),
            &[
                ("PaReq", pa_req),
                ("MD", order.id.clone()),
                (
                    "TermUrl",
                    payment::gateway_url(&rbs, "rest/finish3ds.do?lang=en"),
                ),
            ],
        )
    } else {
        auto_post(
            "Redirecting to your bank",
            &format!("{}/acs/3ds2/creq", rbs.env.base_url),
            &[
                ("creq", threeds::packed_creq(&pending.trans_id)),
                (
                    "threeDSSessionData",
                    Base64UrlUnpadded::encode_string(order.id.as_bytes()),
                ),
            ],
        )
    }
}
