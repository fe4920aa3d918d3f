//! The RBS payment gateway: `/payment/rest/*.do`, the hosted payment page, ACS pages, callbacks.

pub mod api;
pub mod callbacks;
pub mod cards;
pub mod merchants;
pub mod orders;
pub mod pages;
pub mod params;
pub mod payment;
pub mod signature;
pub mod store;

use axum::routing::{any, get, post};
use axum::Router;

use crate::app::Shared;

/// (endpoint name below `/payment/rest/`, operation). Each is also served below `/payment/`
/// (the reference puts recurrentPayment.do and installmentPayment.do there).
const ENDPOINTS: &[(&str, api::Op)] = &[
    ("register.do", api::register),
    ("registerPreAuth.do", api::register_pre_auth),
    ("getOrderStatusExtended.do", api::get_order_status_extended),
    ("deposit.do", api::deposit),
    ("reverse.do", api::reverse),
    ("refund.do", api::refund),
    ("decline.do", api::decline),
    ("paymentorder.do", api::payment_order),
    ("paymentOrder.do", api::payment_order),
    ("finish3dsPayment.do", api::finish_3ds_payment),
    ("finish3dsVer2Payment.do", api::finish_3ds_ver2_payment),
    ("3ds/continue.do", api::three_ds_continue),
];

/// The RBS routes.
pub fn routes() -> Router<Shared> {
    let mut router = Router::new()
        .route("/payment/merchants/sandbox/pay", post(pages::pay))
        .route(
            "/payment/merchants/sandbox/{page}",
            get(pages::merchant_page),
        )
        .route("/payment/acsRedirect.do", get(pages::acs_redirect))
        .route("/payment/rest/finish3ds.do", any(pages::term_url))
        .route(
            "/payment/rest/finish3dsVer2.do",
            post(pages::finish_v2_browser),
        )
        .route("/acs/auth/start.do", any(pages::acs_start))
        .route("/acs/auth/finish.do", post(pages::acs_finish))
        .route("/acs/3ds2/method", any(pages::three_ds_method))
        .route(
            "/acs/3ds2/method-notification",
            any(pages::method_notification),
        )
        .route("/acs/3ds2/creq", any(pages::challenge))
        .route("/acs/3ds2/challenge", post(pages::challenge_submit));
    for (name, op) in ENDPOINTS {
        router = router
            .route(&format!("/payment/rest/{name}"), api::endpoint(*op))
            .route(&format!("/payment/{name}"), api::endpoint(*op));
    }
    router
}

/// Declines expired orders every 250 ms (sending their declinedByTimeout callbacks).
pub async fn expiry_sweeper(app: Shared) {
    loop {
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        payment::expire_due(&app);
        crate::cashier::api::expire_due(&app);
    }
}
