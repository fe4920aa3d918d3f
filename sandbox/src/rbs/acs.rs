//! The emulated ACS of 3-D Secure 1 and 2, the 3DS Method endpoint, and the gateway's TermUrl
//! endpoints the ACS returns the buyer to. Every page that receives a form POST reports it
//! (`kassa-received`).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use base64ct::{Base64UrlUnpadded, Encoding};

use crate::cards::ACS_PASSWORD;
use crate::html::{self, auto_post, error_page, escape, field, Received};
use crate::threeds;

use super::orders::Pending3ds;
use super::pages::back;
use super::payment;
use super::state::Rbs;

/// An emulated ACS page: a heading, an intro naming the test code, and a form posting the hidden
/// fields it received back to `action` with the one-time code input `(name, label)`; then the
/// report of what it received.
struct AcsPage {
    heading: &'static str,
    intro: &'static str,
    action: &'static str,
    hidden: [&'static str; 2],
    code: (&'static str, &'static str),
}

/// The 3-D Secure 1 ACS (PaReq, MD, TermUrl in; MD, TermUrl and the password out).
const ACS_V1: AcsPage = AcsPage {
    heading: "3-D Secure (emulated ACS)",
    intro: "Enter the one-time password. Test password:",
    action: "/acs/auth/finish.do",
    hidden: ["MD", "TermUrl"],
    code: ("password", "Password"),
};

/// The 3-D Secure 2 challenge (creq, threeDSSessionData in and out, with the code).
const ACS_V2: AcsPage = AcsPage {
    heading: "3-D Secure 2 challenge (emulated ACS)",
    intro: "Enter the code sent to your phone. Test code:",
    action: "/acs/3ds2/challenge",
    hidden: ["creq", "threeDSSessionData"],
    code: ("code", "Code"),
};

impl AcsPage {
    fn render(&self, req: &Received) -> Response {
        let inputs: String = self
            .hidden
            .iter()
            .map(|name| {
                format!(
                    "<input type=\"hidden\" name=\"{name}\" value=\"{}\">",
                    escape(field(&req.fields, name))
                )
            })
            .collect();
        let (heading, intro, action) = (self.heading, self.intro, self.action);
        let ((name, label), block) = (self.code, req.block());
        let body = format!(
            "<h1>{heading}</h1><p>{intro} <code>{ACS_PASSWORD}</code>; anything else fails.</p>\
<form method=\"post\" action=\"{action}\" id=\"kassa-acs\">{inputs}\
<label for=\"{name}\">{label}</label><input id=\"{name}\" name=\"{name}\" autocomplete=\"one-time-code\">\
<button type=\"submit\" id=\"kassa-acs-submit\">Confirm</button></form>\n<h2 class=\"muted\">Received</h2>{block}"
        );
        html::page("3-D Secure", &body)
    }
}

/// Applies `f` to the pending 3-D Secure authentication `trans_id` (of any order), if any.
fn with_pending(rbs: &Rbs, trans_id: &str, f: impl FnOnce(&mut Pending3ds)) {
    let mut store = rbs.lock();
    if let Some(p) = store
        .orders
        .values_mut()
        .filter_map(|o| o.three_ds.as_mut())
        .find(|p| p.trans_id == trans_id)
    {
        f(p);
    }
}

/// POST /acs/auth/start.do (PaReq, MD, TermUrl): the 3-D Secure 1 ACS page.
pub async fn acs_start(req: Received) -> Response {
    ACS_V1.render(&req)
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
pub async fn term_url(State(rbs): State<Arc<Rbs>>, req: Received) -> Response {
    let fields = &req.fields;
    let Some((md, passed)) = threeds::read_pa_res(field(fields, "PaRes")) else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "3-D Secure",
            "PaRes is missing or not from this ACS.",
        );
    };
    let id = if field(fields, "MD").is_empty() {
        md.clone()
    } else {
        field(fields, "MD").to_string()
    };
    let order = match payment::payable_order(&rbs, &id) {
        Ok(o) if o.three_ds.is_some() && md == id => o,
        _ => return back(&rbs, &id),
    };
    payment::finish_3ds(&rbs, order, passed);
    back(&rbs, &id)
}

/// POST /acs/3ds2/method (threeDSMethodData): the 3DS Method page (loaded in a hidden iframe).
pub async fn three_ds_method(State(rbs): State<Arc<Rbs>>, req: Received) -> Response {
    let data = field(&req.fields, "threeDSMethodData");
    let trans = Base64UrlUnpadded::decode_vec(data.trim_end_matches('='))
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .and_then(|v| v["threeDSServerTransID"].as_str().map(str::to_string));
    if let Some(t) = trans {
        with_pending(&rbs, &t, |p| p.method_done = true);
    }
    html::page("3DS Method", &format!("<h1>3DS Method</h1>{}", req.block()))
}

/// Any request to the 3DS Method notification URL: acknowledged.
pub async fn method_notification(req: Received) -> Response {
    html::page("3DS Method notification", &req.block())
}

/// POST /acs/3ds2/creq (creq, threeDSSessionData): the 3DS2 challenge page.
pub async fn challenge(req: Received) -> Response {
    ACS_V2.render(&req)
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
    with_pending(&rbs, &trans, |p| p.passed = Some(passed));
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
