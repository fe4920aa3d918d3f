//! Koshelek Pay postbacks: POST of the transaction JSON with the partner's Basic auth
//! (`kassa::koshelek::postback::basic_auth_header`), retried like RBS callbacks.

use crate::log::Notification;
use crate::notify;

use super::state::Koshelek;
use super::store::Transaction;

/// Sends the postback of `t`'s current status (when it has a postbackUrl), with the partner's
/// Basic auth.
pub fn send(koshelek: &Koshelek, partner: &str, t: &Transaction) {
    let Some(url) = t.postback_url.clone() else {
        return;
    };
    let (login, password) = {
        let store = koshelek.lock();
        (store.partner_login.clone(), store.partner_password.clone())
    };
    let body = t.to_json(&koshelek.payment_url(partner, &t.id)).to_string();
    notify::send(
        &koshelek.env,
        Notification {
            id: 0,
            gateway: "koshelek".into(),
            merchant: partner.into(),
            order_id: t.id.clone(),
            method: "POST".into(),
            url,
            headers: vec![
                ("content-type".into(), "application/json".into()),
                (
                    "authorization".into(),
                    kassa::koshelek::postback::basic_auth_header(&login, &password),
                ),
            ],
            body,
            params: vec![("status".into(), t.status.clone())],
            attempts: Vec::new(),
            delivered: false,
        },
        koshelek.env.config.callback_attempts,
    );
}
