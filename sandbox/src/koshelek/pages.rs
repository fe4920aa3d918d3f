//! The page standing in for the Koshelek app: the buyer confirms or declines a checkout.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use crate::html::{self, escape};

use super::state::Koshelek;

/// GET /koshelek/{partner}/pay/{id}
pub async fn page(
    State(koshelek): State<Arc<Koshelek>>,
    Path((_partner, id)): Path<(String, String)>,
) -> Response {
    let t = koshelek.lock().transactions.get(&id).cloned();
    let Some(t) = t else {
        let mut r = html::page(
            "Koshelek",
            "<h1>Koshelek</h1><p class=\"error\">Unknown transaction.</p>",
        );
        *r.status_mut() = StatusCode::NOT_FOUND;
        return r;
    };
    let actions = if t.status == "PENDING" {
        "<form method=\"post\" id=\"kassa-pay\"><button type=\"submit\" name=\"action\" value=\"confirm\" id=\"kassa-submit\">Pay with Koshelek</button> \
<button type=\"submit\" name=\"action\" value=\"decline\" class=\"secondary\" id=\"kassa-cancel\">Decline</button></form>"
            .to_string()
    } else {
        String::new()
    };
    html::page(
        "Koshelek Pay",
        &format!(
            "<h1>Koshelek Pay (emulated app)</h1><p class=\"amount\" id=\"kassa-amount\">{}.{:02} ₽</p>\
<p class=\"muted\">Store {} · terminal {}{}</p><p id=\"kassa-result\" data-status=\"{s}\">Status: {s}</p>{actions}",
            t.amount / 100,
            t.amount % 100,
            escape(&t.store_id),
            escape(&t.terminal_id),
            t.description.as_deref().map(|d| format!(" · {}", escape(d))).unwrap_or_default(),
            s = escape(&t.status),
        ),
    )
}

/// POST /koshelek/{partner}/pay/{id} (action=confirm|decline)
pub async fn decide(
    State(koshelek): State<Arc<Koshelek>>,
    Path((_partner, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let fields = html::parse_pairs(&body);
    let confirm = fields.iter().any(|(k, v)| k == "action" && v == "confirm");
    match super::api::buyer_decides(&koshelek, &id, confirm) {
        Ok(t) => html::page(
            "Koshelek Pay",
            &format!(
                "<h1>Koshelek Pay</h1><p id=\"kassa-result\" data-status=\"{s}\">Status: {s}</p>",
                s = escape(&t.status)
            ),
        ),
        Err(why) => html::page(
            "Koshelek Pay",
            &format!(
                "<h1>Koshelek Pay</h1><p class=\"error\">{}</p>",
                escape(&why)
            ),
        ),
    }
}
