//! The emulated ACS of 3-D Secure 1 and 2, the 3DS Method endpoint, and the gateway's TermUrl
//! endpoints the ACS returns the buyer to. Every page that receives a form POST reports it
//! (`kassa-received`).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use base64ct::{Base64UrlUnpadded, Encoding};

use crate::cards::ACS_PASSWORD;
use crate::html::{self, auto_post, error_page, escape, field};
use crate::threeds;

use super::pages::back;
use super::payment;
use super::state::Rbs;

fn received(
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> (Vec<(String, String)>, String) {
    let fields = html::received_fields(method, uri.query(), headers, body);
    let json = html::received_json(method, uri.path(), headers, &fields);
    (fields.clone(), html::received_block(&json))
}

/// POST /acs/auth/start.do (PaReq, MD, TermUrl): the 3-D Secure 1 ACS page.
pub async fn acs_start(method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let (fields, block) = received(&method, &uri, &headers, &body);
    let body = format!(
        "<h1>3-D Secure (emulated ACS)</h1><p>Enter the one-time password. Test password: <code>{ACS_PASSWORD}</code>; anything else fails.</p>\
<form method=\"post\" action=\"/acs/auth/finish.do\" id=\"kassa-acs\">\
<input type=\"hidden\" name=\"MD\" value=\"{md}\"><input type=\"hidden\" name=\"TermUrl\" value=\"{term}\">\
<label for=\"password\">Password</label><input id=\"password\" name=\"password\" autocomplete=\"one-time-code\">\
<button type=\"submit\" id=\"kassa-acs-submit\">Confirm</button></form>\n<h2 class=\"muted\">Received</h2>{block}",
        md = escape(field(&fields, "MD")),
        term = escape(field(&fields, "TermUrl")),
    );
    html::page("3-D Secure", &body)
}

/// POST /acs/auth/finish.do: the ACS answers with PaRes to TermUrl.
pub async fn acs_finish(body: Bytes) -> Response {
    let fields = html::parse_pairs(&body);
    let md = field(&fields, "MD").to_string();
    let term = field(&fields, "TermUrl").to_string();
    if term.is_empty() {
        return error_page(
            StatusCode::BAD_REQUEST,
            "3-D Secure",
            "TermUrl is missing: the ACS does not know where to return.",
        );
    }
    let passed = field(&fields, "password") == ACS_PASSWORD;
    auto_post(
        "Returning to the store",
        &term,
        &[("PaRes", threeds::make_pa_res(&md, passed)), ("MD", md)],
    )
}

/// POST /payment/rest/finish3ds.do (PaRes, MD): the gateway's TermUrl; redirects to the store.
pub async fn term_url(
    State(rbs): State<Arc<Rbs>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let fields = html::received_fields(&method, uri.query(), &headers, &body);
    let Some((md, passed)) = threeds::read_pa_res(field(&fields, "PaRes")) else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "3-D Secure",
            "PaRes is missing or not from this ACS.",
        );
    };
    let id = if field(&fields, "MD").is_empty() {
        md.clone()
    } else {
        field(&fields, "MD").to_string()
    };
    let order = match payment::payable_order(&rbs, &id) {
        Ok(o) if o.three_ds.is_some() && md == id => o,
        _ => return back(&rbs, &id),
    };
    payment::finish_3ds(&rbs, order, passed);
    back(&rbs, &id)
}

/// POST /acs/3ds2/method (threeDSMethodData): the 3DS Method page (loaded in a hidden iframe).
pub async fn three_ds_method(
    State(rbs): State<Arc<Rbs>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (fields, block) = received(&method, &uri, &headers, &body);
    let data = field(&fields, "threeDSMethodData");
    let trans = Base64UrlUnpadded::decode_vec(data.trim_end_matches('='))
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .and_then(|v| v["threeDSServerTransID"].as_str().map(str::to_string));
    if let Some(t) = trans {
        let mut store = rbs.lock();
        if let Some(o) = store
            .orders
            .values_mut()
            .find(|o| o.three_ds.as_ref().is_some_and(|p| p.trans_id == t))
        {
            if let Some(p) = o.three_ds.as_mut() {
                p.method_done = true;
            }
        }
    }
    html::page("3DS Method", &format!("<h1>3DS Method</h1>{block}"))
}

/// Any request to the 3DS Method notification URL: acknowledged.
pub async fn method_notification(
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (_, block) = received(&method, &uri, &headers, &body);
    html::page("3DS Method notification", &block)
}

/// POST /acs/3ds2/creq (creq, threeDSSessionData): the 3DS2 challenge page.
pub async fn challenge(method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let (fields, block) = received(&method, &uri, &headers, &body);
    let body = format!(
        "<h1>3-D Secure 2 challenge (emulated ACS)</h1><p>Enter the code sent to your phone. Test code: <code>{ACS_PASSWORD}</code>; anything else fails.</p>\
<form method=\"post\" action=\"/acs/3ds2/challenge\" id=\"kassa-acs\">\
<input type=\"hidden\" name=\"creq\" value=\"{creq}\"><input type=\"hidden\" name=\"threeDSSessionData\" value=\"{sd}\">\
<label for=\"code\">Code</label><input id=\"code\" name=\"code\" autocomplete=\"one-time-code\">\
<button type=\"submit\" id=\"kassa-acs-submit\">Confirm</button></form>\n<h2 class=\"muted\">Received</h2>{block}",
        creq = escape(field(&fields, "creq")),
        sd = escape(field(&fields, "threeDSSessionData")),
    );
    html::page("3-D Secure", &body)
}

/// POST /acs/3ds2/challenge: records the result and posts the CRes to the gateway.
pub async fn challenge_submit(State(rbs): State<Arc<Rbs>>, body: Bytes) -> Response {
    let fields = html::parse_pairs(&body);
    let Some(trans) = threeds::creq_trans_id(field(&fields, "creq")) else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "3-D Secure",
            "creq is missing or not from this 3DS server.",
        );
    };
    let passed = field(&fields, "code") == ACS_PASSWORD;
    {
        let mut store = rbs.lock();
        if let Some(o) = store
            .orders
            .values_mut()
            .find(|o| o.three_ds.as_ref().is_some_and(|p| p.trans_id == trans))
        {
            if let Some(p) = o.three_ds.as_mut() {
                p.passed = Some(passed);
            }
        }
    }
    let cres = serde_json::json!({ "threeDSServerTransID": trans, "transStatus": if passed { "Y" } else { "N" }, "messageType": "CRes" });
    auto_post(
        "Returning to the store",
        &payment::gateway_url(&rbs, "rest/finish3dsVer2.do"),
        &[
            (
                "cres",
                Base64UrlUnpadded::encode_string(cres.to_string().as_bytes()),
            ),
            (
                "threeDSSessionData",
                field(&fields, "threeDSSessionData").to_string(),
            ),
        ],
    )
}

/// POST /payment/rest/finish3dsVer2.do (cres): the gateway completes the 3DS2 payment and
/// redirects to the store.
pub async fn finish_v2_browser(State(rbs): State<Arc<Rbs>>, body: Bytes) -> Response {
    let fields = html::parse_pairs(&body);
    let Some(trans) = threeds::creq_trans_id(field(&fields, "cres")) else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "3-D Secure",
            "cres is missing or not from this ACS.",
        );
    };
    let Some(order) = payment::order_by_trans_id(&rbs, &trans) else {
        return error_page(
            StatusCode::NOT_FOUND,
            "3-D Secure",
            "No pending 3-D Secure authentication has this id.",
        );
    };
    let id = order.id.clone();
    let passed = order
        .three_ds
        .as_ref()
        .and_then(|t| t.passed)
        .unwrap_or(false);
    payment::finish_3ds(&rbs, order, passed);
    back(&rbs, &id)
}
