//! The RBS route table: the API below `/payment/rest/` (and `/payment/`), the hosted payment
//! page, and the emulated ACS.

use axum::routing::{any, get, post};
use axum::Router;

use std::sync::Arc;

use super::state::Rbs;
use super::{acs, api, bindings, direct, pages, receipts, sbp, templates};

use api::Style::{Payment as Pay, Recurrent as Rec, Standard as Std, Template as Tpl};

/// (endpoint name below `/payment/rest/`, operation, error style). Each is also served below
/// `/payment/` (the reference puts recurrentPayment.do and installmentPayment.do there).
const ENDPOINTS: &[(&str, api::Op, api::Style)] = &[
    ("register.do", api::register, Std),
    ("registerPreAuth.do", api::register_pre_auth, Std),
    (
        "getOrderStatusExtended.do",
        api::get_order_status_extended,
        Std,
    ),
    ("deposit.do", api::deposit, Std),
    ("reverse.do", api::reverse, Std),
    ("refund.do", api::refund, Std),
    ("decline.do", api::decline, Std),
    ("processRawSumRefund.do", api::raw_sum_refund, Std),
    ("processRawPositionRefund.do", api::raw_position_refund, Std),
    (
        "processRawPositionOrderRefund.do",
        api::raw_position_refund,
        Std,
    ),
    ("paymentorder.do", direct::payment_order, Pay),
    ("paymentOrder.do", direct::payment_order, Pay),
    (
        "paymentOrderBinding.do",
        bindings::payment_order_binding,
        Pay,
    ),
    ("getBindings.do", bindings::get_bindings, Std),
    (
        "getBindingsByCardOrId.do",
        bindings::get_bindings_by_card_or_id,
        Std,
    ),
    ("unBindCard.do", bindings::unbind_card, Std),
    ("bindCard.do", bindings::bind_card, Std),
    ("extendBinding.do", bindings::extend_binding, Std),
    ("recurrentPayment.do", bindings::recurrent_payment, Rec),
    ("installmentPayment.do", bindings::installment_payment, Std),
    (
        "createBindingNoPayment.do",
        bindings::create_binding_no_payment,
        Std,
    ),
    ("verifyCard.do", bindings::verify_card, Std),
    ("sbp/c2b/qr/dynamic/get.do", sbp::qr_get, Std),
    ("sbp/c2b/qr/status.do", sbp::qr_status, Std),
    ("sbp/c2b/qr/dynamic/reject.do", sbp::qr_reject, Std),
    ("sbp/c2b/getBindings.do", sbp::sbp_get_bindings, Std),
    ("sbp/c2b/unBind.do", sbp::sbp_unbind, Std),
    ("finish3dsPayment.do", direct::finish_3ds_payment, Std),
    (
        "finish3dsVer2Payment.do",
        direct::finish_3ds_ver2_payment,
        Std,
    ),
    ("3ds/continue.do", direct::three_ds_continue, Std),
    ("closeOfdReceipt.do", receipts::close_ofd_receipt, Std),
    ("getReceiptStatus.do", receipts::get_receipt_status, Std),
    ("templates/create.do", templates::create, Tpl),
    ("templates/get.do", templates::get, Tpl),
    ("templates/update.do", templates::update, Tpl),
    ("templates/getList.do", templates::get_list, Tpl),
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
    for (name, op, style) in ENDPOINTS {
        router = router
            .route(&format!("/payment/rest/{name}"), api::endpoint(*op, *style))
            .route(&format!("/payment/{name}"), api::endpoint(*op, *style));
    }
    router
}
