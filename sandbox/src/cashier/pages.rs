//! The payment-form page on `payment.localhost:PORT/{externalOrderId}` ("Payment Form" in the
//! reference): receives the merchant's form POST (successUrl, failUrl, extra fields), takes a test
//! card, and ends on successUrl or failUrl.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Redirect, Response};

use crate::cards;
use crate::html::{self, auto_post, escape, field, Received};

use super::card::{self, CardOutcome};
use super::orders::CashierOrder;
use super::state::Cashier;

fn find(cashier: &Arc<Cashier>, external: &str) -> Option<CashierOrder> {
    super::api::expire_due(cashier);
    cashier.lock().by_external(external).cloned()
}

/// GET or POST `/{externalOrderId}`: the form page (reports what it received).
pub async fn form_page(
    State(cashier): State<Arc<Cashier>>,
    Path(external): Path<String>,
    req: Received,
) -> Response {
    let (fields, received) = (&req.fields, req.block());
    let success = field(fields, "successUrl").to_string();
    let fail = field(fields, "failUrl").to_string();
    let Some(order) = find(&cashier, &external) else {
        return html::page(
            "Payment form",
            &format!("<h1>Payment form</h1><p class=\"error\" id=\"kassa-error\">No order has externalOrderId {}.</p>\n{received}", escape(&external)),
        );
    };
    render(&order, &success, &fail, None, &received)
}

fn render(
    order: &CashierOrder,
    success: &str,
    fail: &str,
    error: Option<&str>,
    received: &str,
) -> Response {
    let payable = order.status == "CREATED";
    let cards_list = cards::test_cards_table();
    let error = html::error_line(error);
    let form = if payable {
        format!(
            "<form method=\"post\" action=\"/{ext}/pay\" id=\"kassa-pay\">\
<input type=\"hidden\" name=\"successUrl\" value=\"{s}\"><input type=\"hidden\" name=\"failUrl\" value=\"{f}\">\
<label for=\"pan\">Card number</label><input id=\"pan\" name=\"pan\" inputmode=\"numeric\" placeholder=\"4111 1111 1111 1111\" required>\
<label for=\"expiry\">Expiry (MM/YY)</label><input id=\"expiry\" name=\"expiry\" placeholder=\"12/30\" required>\
<label for=\"cvc\">CVC</label><input id=\"cvc\" name=\"cvc\" placeholder=\"123\" required>\
<label for=\"holder\">Cardholder</label><input id=\"holder\" name=\"holder\">\
<button type=\"submit\" name=\"action\" value=\"pay\" id=\"kassa-submit\">Pay</button>\
<button type=\"submit\" name=\"action\" value=\"cancel\" class=\"secondary\" formnovalidate id=\"kassa-cancel\">Cancel</button></form>\
{cards_list}",
            ext = escape(order.external_id.as_deref().unwrap_or("")),
            s = escape(success),
            f = escape(fail),
        )
    } else {
        format!(
            "<p id=\"kassa-result\" data-status=\"{s}\">This order is {s}.</p>",
            s = escape(&order.status)
        )
    };
    html::page(
        "Mobile Cashier payment",
        &format!(
            "<h1>Mobile Cashier payment</h1><p class=\"amount\" id=\"kassa-amount\">{}.{:02} ₽</p><p class=\"muted\">Order {}{}</p>{error}{form}\n<h2 class=\"muted\">Received</h2>{received}",
            order.payment_amount / 100,
            order.payment_amount % 100,
            order.id,
            order.description.as_deref().map(|d| format!(" · {}", escape(d))).unwrap_or_default(),
        ),
    )
}

fn finish(order: &CashierOrder, success: &str, fail: &str) -> Response {
    let ok = matches!(order.status.as_str(), "CHARGED" | "AUTHORIZED");
    let target = if ok { success } else { fail };
    if !target.is_empty() {
        return Redirect::to(target).into_response();
    }
    html::page(
        "Mobile Cashier payment",
        &format!(
            "<h1 id=\"kassa-result\" data-status=\"{s}\">{s}</h1><p>Order {}.</p>",
            order.id,
            s = escape(&order.status)
        ),
    )
}

/// POST `/{externalOrderId}/pay`: the card form.
pub async fn pay(
    State(cashier): State<Arc<Cashier>>,
    Path(external): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let fields = html::parse_pairs(&body);
    let (success, fail) = (
        field(&fields, "successUrl").to_string(),
        field(&fields, "failUrl").to_string(),
    );
    let Some(order) = find(&cashier, &external) else {
        return html::page(
            "Payment form",
            "<h1>Payment form</h1><p class=\"error\">Unknown order.</p>",
        );
    };
    if order.status != "CREATED" {
        return finish(&order, &success, &fail);
    }
    if field(&fields, "action") == "cancel" {
        let mut o = order;
        o.set(cashier.env.now_ms(), "DECLINED");
        super::api::save(&cashier, o.clone(), true);
        return finish(&o, &success, &fail);
    }
    let card = match cards::check_card_form(&fields) {
        Ok(c) => c,
        Err(why) => return render(&order, &success, &fail, Some(&why), ""),
    };
    let host = headers
        .get("host")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("payment.localhost")
        .to_string();
    match card::pay(&cashier, order, &card.pan, &card.holder, true, true) {
        CardOutcome::Done(o) => finish(&o, &success, &fail),
        CardOutcome::ThreeDs {
            order,
            acs_url,
            pa_req,
        } => {
            let mut term =
                form_urlencoded::Serializer::new(format!("http://{host}/{external}/3ds?"));
            term.append_pair("successUrl", &success)
                .append_pair("failUrl", &fail);
            auto_post(
                "Redirecting to your bank",
                &acs_url,
                &[
                    ("PaReq", pa_req),
                    ("MD", order.external_id.clone().unwrap_or_default()),
                    ("TermUrl", term.finish()),
                ],
            )
        }
    }
}

/// POST `/{externalOrderId}/3ds?successUrl&failUrl` (PaRes, MD): back from the ACS.
pub async fn three_ds(State(cashier): State<Arc<Cashier>>, uri: Uri, body: Bytes) -> Response {
    let query = html::parse_pairs(uri.query().unwrap_or("").as_bytes());
    let fields = html::parse_pairs(&body);
    match card::finish_3ds(&cashier, field(&fields, "PaRes")) {
        Some(o) => finish(&o, field(&query, "successUrl"), field(&query, "failUrl")),
        None => html::page(
            "3-D Secure",
            "<h1>3-D Secure</h1><p class=\"error\">PaRes is missing or unknown.</p>",
        ),
    }
}
