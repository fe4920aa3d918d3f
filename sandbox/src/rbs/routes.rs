//! The RBS route table: the API at the reference's paths (`spec.rs`), the hosted payment
//! page, and the emulated ACS.

use axum::routing::{any, get, post};
use axum::Router;

use std::sync::Arc;

use super::spec::{self, Body, Op, Spec, Style};
use super::state::Rbs;
use super::{acs, api, bindings, direct, pages, receipts, sbp, templates};

/// The endpoints of the reference: see `spec.rs` for the rules each one follows.
const fn spec(
    name: &'static str,
    body: Body,
    mandatory: &'static [&'static str],
    line: u32,
    op: Op,
    style: Style,
) -> Spec {
    Spec {
        name,
        rest: true,
        body,
        mandatory,
        line,
        op,
        style,
    }
}

use Body::{Form, Json};
use Style::{Payment as Pay, Recurrent as Rec, Standard as Std, Template as Tpl};

/// Every endpoint, in the reference's order.
pub const SPECS: &[Spec] = &[
    // lines 202-208.
    spec(
        "register.do",
        Form,
        &["orderNumber", "amount", "returnUrl"],
        190,
        api::register,
        Std,
    ),
    // lines 706-712.
    spec(
        "registerPreAuth.do",
        Form,
        &["orderNumber", "amount", "returnUrl"],
        694,
        api::register_pre_auth,
        Std,
    ),
    // lines 1189-1205: MDORDER, TEXT, language; $PAN/$CVC "Mandatory, if seToken is not passed"
    // and YYYY/MM "either $EXPIRY or YYYY and MM" are conditional (checked by the endpoint).
    spec(
        "paymentorder.do",
        Form,
        &["MDORDER", "TEXT", "language"],
        1174,
        direct::payment_order,
        Pay,
    ),
    // orderId or orderNumber (conditional, line 1742).
    spec(
        "getOrderStatusExtended.do",
        Form,
        &[],
        1738,
        api::get_order_status_extended,
        Std,
    ),
    // lines 2433-2435 (the rest of the Mandatory rows of the section belong to depositItems).
    spec(
        "deposit.do",
        Form,
        &["orderId", "amount"],
        2423,
        api::deposit,
        Std,
    ),
    // line 2609.
    spec("reverse.do", Form, &["orderId"], 2596, api::reverse, Std),
    // lines 2657-2659.
    spec(
        "refund.do",
        Form,
        &["orderId", "amount"],
        2645,
        api::refund,
        Std,
    ),
    // lines 2944-2946: both orderId and orderNumber.
    spec(
        "decline.do",
        Form,
        &["orderId", "orderNumber"],
        2929,
        api::decline,
        Std,
    ),
    // lines 2984-2986.
    spec(
        "processRawSumRefund.do",
        Form,
        &["orderId", "amount"],
        2971,
        api::raw_sum_refund,
        Std,
    ),
    // lines 3116-3118; positionId is Optional (line 3120).
    spec(
        "processRawPositionRefund.do",
        Form,
        &["orderId", "amount"],
        3103,
        api::raw_position_refund,
        Std,
    ),
    // The same endpoint at the URL of its sample (line 3212): the reference contradicts itself.
    spec(
        "processRawPositionOrderRefund.do",
        Form,
        &["orderId", "amount"],
        3212,
        api::raw_position_refund,
        Std,
    ),
    // lines 3236-3250.
    spec(
        "paymentOrderBinding.do",
        Form,
        &["mdOrder", "bindingId", "tii"],
        3226,
        bindings::payment_order_binding,
        Pay,
    ),
    // line 3419.
    spec(
        "getBindings.do",
        Form,
        &["clientId"],
        3413,
        bindings::get_bindings,
        Std,
    ),
    // pan or bindingId (conditional).
    spec(
        "getBindingsByCardOrId.do",
        Form,
        &[],
        3493,
        bindings::get_bindings_by_card_or_id,
        Std,
    ),
    // line 3567.
    spec(
        "unBindCard.do",
        Form,
        &["bindingId"],
        3557,
        bindings::unbind_card,
        Std,
    ),
    // line 3600.
    spec(
        "bindCard.do",
        Form,
        &["bindingId"],
        3590,
        bindings::bind_card,
        Std,
    ),
    // lines 3633-3638.
    spec(
        "extendBinding.do",
        Form,
        &["bindingId", "newExpiry", "language"],
        3623,
        bindings::extend_binding,
        Std,
    ),
    // lines 3672-3681; below /payment/ (line 3662).
    Spec {
        rest: false,
        ..spec(
            "recurrentPayment.do",
            Json,
            &["orderNumber", "bindingId", "amount"],
            3662,
            bindings::recurrent_payment,
            Rec,
        )
    },
    // lines 3893-3900; below /payment/ (line 3883). preAuth is Mandatory in the table (line 3909)
    // but the reference's sample leaves it out (line 4125): optional here (false when absent).
    Spec {
        rest: false,
        ..spec(
            "installmentPayment.do",
            Json,
            &["orderNumber", "bindingId", "amount"],
            3883,
            bindings::installment_payment,
            Std,
        )
    },
    // lines 4224-4230.
    spec(
        "createBindingNoPayment.do",
        Form,
        &["clientId", "cardholderName", "expiryDate", "pan"],
        4214,
        bindings::create_binding_no_payment,
        Std,
    ),
    // line 4290 (the header line 4282 spells "Сontent-type" with a Cyrillic С: read as form).
    spec(
        "sbp/c2b/qr/dynamic/get.do",
        Form,
        &["mdOrder"],
        4280,
        sbp::qr_get,
        Std,
    ),
    // line 4353.
    spec(
        "sbp/c2b/qr/status.do",
        Form,
        &["mdOrder"],
        4343,
        sbp::qr_status,
        Std,
    ),
    // line 4398 (form, but see the module docs: the sample declares JSON).
    spec(
        "sbp/c2b/qr/dynamic/reject.do",
        Form,
        &["mdOrder"],
        4388,
        sbp::qr_reject,
        Std,
    ),
    // line 4431.
    spec(
        "sbp/c2b/getBindings.do",
        Form,
        &["clientId"],
        4425,
        sbp::sbp_get_bindings,
        Std,
    ),
    spec("sbp/c2b/unBind.do", Form, &[], 4499, sbp::sbp_unbind, Std),
    // lines 4547-4549.
    spec(
        "finish3dsPayment.do",
        Form,
        &["mdOrder", "paRes"],
        4537,
        direct::finish_3ds_payment,
        Std,
    ),
    // line 4583 (threeDSServerTransId, or threeDSServerTransID as the samples spell it: checked
    // by the endpoint).
    spec(
        "finish3dsVer2Payment.do",
        Form,
        &[],
        4573,
        direct::finish_3ds_ver2_payment,
        Std,
    ),
    // line 4622.
    spec(
        "3ds/continue.do",
        Form,
        &["mdOrder"],
        4610,
        direct::three_ds_continue,
        Std,
    ),
    // amount is Mandatory in the table (line 4693) but the reference's sample leaves it out
    // (line 4838): optional here (0 when absent).
    spec("verifyCard.do", Form, &[], 4681, bindings::verify_card, Std),
    // line 4881; mdOrder or orderNumber (line 4865, conditional).
    spec(
        "closeOfdReceipt.do",
        Form,
        &["amount"],
        4860,
        receipts::close_ofd_receipt,
        Std,
    ),
    // orderId, orderNumber or uuid (line 5250, conditional). The section prints no
    // Content-Type; its sample is a form body (line 5451).
    spec(
        "getReceiptStatus.do",
        Form,
        &[],
        5248,
        receipts::get_receipt_status,
        Std,
    ),
    // lines 5545, 5717, 5882.
    spec(
        "templates/create.do",
        Json,
        &["template"],
        5535,
        templates::create,
        Tpl,
    ),
    spec(
        "templates/get.do",
        Json,
        &["template"],
        5707,
        templates::get,
        Tpl,
    ),
    spec(
        "templates/update.do",
        Json,
        &["template"],
        5872,
        templates::update,
        Tpl,
    ),
    spec(
        "templates/getList.do",
        Json,
        &[],
        6025,
        templates::get_list,
        Tpl,
    ),
];

/// The RBS routes.
pub fn router() -> Router<Arc<Rbs>> {
    let mut router = Router::new()
        .route("/payment/merchants/sandbox/pay", post(pages::pay))
        .route(
            "/payment/merchants/sandbox/{page}",
            get(pages::merchant_page),
        )
        .route("/payment/acsRedirect.do", get(pages::acs_redirect))
        .route("/payment/rest/finish3ds.do", any(acs::term_url))
        .route(
            "/payment/rest/finish3dsVer2.do",
            post(acs::finish_v2_browser),
        )
        .route("/acs/auth/start.do", any(acs::acs_start))
        .route("/acs/auth/finish.do", post(acs::acs_finish))
        .route("/acs/3ds2/method", any(acs::three_ds_method))
        .route(
            "/acs/3ds2/method-notification",
            any(acs::method_notification),
        )
        .route("/acs/3ds2/creq", any(acs::challenge))
        .route("/acs/3ds2/challenge", post(acs::challenge_submit));
    // Each endpoint at the reference's path only (spec.rs).
    for spec in SPECS {
        router = router.route(&spec::path(spec), api::endpoint(spec));
    }
    router
}
