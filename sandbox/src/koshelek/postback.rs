//! Koshelek Pay postbacks: POST of the `transaction/status` object with the partner's Basic auth
//! (`kassa::koshelek::notification::basic_auth_header`), retried like RBS callbacks.

use crate::log::Notification;
use crate::notify;

use super::state::Koshelek;

/// Sends the v1 postback of payment `id`: its `transaction/status` object (`body`), POSTed to the
/// partner's `postbackUrl` (agreed at onboarding: the emulator's `--merchant-callback-url`, or
/// `POST /__admin/koshelek/config`) with HTTP Basic auth `partnerLogin:partnerPassword`
/// (koshelek-pay-api-v1.md §4; the method is not stated there: POST, like every other call),
/// retried like the other gateways' notifications.
pub fn send_v1(
    koshelek: &Koshelek,
    partner: &str,
    id: &str,
    body: &serde_json::Value,
    status: &str,
) {
    let (url, login, password) = {
        let store = koshelek.lock();
        (
            store.postback_url.clone(),
            store.partner_login.clone(),
            store.partner_password.clone(),
        )
    };
    let Some(url) = url else {
        return;
    };
    notify::send(
        &koshelek.env,
        Notification {
            id: 0,
            gateway: "koshelek".into(),
            merchant: partner.into(),
            order_id: id.into(),
            method: "POST".into(),
            url,
            headers: vec![
                ("content-type".into(), "application/json".into()),
                (
                    "authorization".into(),
                    kassa::koshelek::notification::basic_auth_header(&login, &password),
                ),
            ],
            body: body.to_string(),
            params: vec![
                ("status".into(), status.into()),
                ("api".into(), "v1".into()),
            ],
            attempts: Vec::new(),
            delivered: false,
        },
        koshelek.env.config.callback_attempts,
    );
}
