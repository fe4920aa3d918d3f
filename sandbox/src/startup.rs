//! The startup JSON line (also served at `GET /__admin/config`).

use serde_json::{json, Value};

use crate::app::App;
use crate::cards;
use crate::keys;

/// Everything a test or the demo needs to talk to this emulator.
pub fn startup_json(app: &App) -> Value {
    let env = &app.env;
    let base = &env.base_url;
    let merchants: Vec<Value> = app
        .rbs
        .lock()
        .merchants
        .iter()
        .map(|m| {
            let mut v = json!({
                "name": m.name,
                "userName": m.user_name,
                "password": m.password,
                "token": m.token,
                "callbacks": m.callbacks,
                "callbackMethod": m.callback_method,
                "callbackUrl": m.callback_url,
                "requiresSignature": m.requires_signature,
            });
            if m.name == "signed" {
                v["requestSigningKey"] = json!(keys::MERCHANT_REQUEST_KEY);
                v["requestSigningCertificate"] = json!(keys::MERCHANT_REQUEST_CERT);
            }
            v
        })
        .collect();
    let k = app.koshelek.lock();
    json!({
        "kassaSandbox": env!("CARGO_PKG_VERSION"),
        "kassa": kassa::version(),
        "baseUrl": base,
        "port": env.port,
        "admin": format!("{base}/__admin"),
        "echo": format!("{base}/echo/"),
        "www": env.config.www.as_ref().map(|_| format!("{base}/")),
        "pkg": env.config.pkg.as_ref().map(|_| format!("{base}/pkg/")),
        "callbackAttempts": env.config.callback_attempts,
        "callbackIntervalMs": env.config.callback_interval_ms,
        "rbs": {
            "baseUrl": format!("{base}/payment/rest/"),
            "paymentBaseUrl": format!("{base}/payment/"),
            "merchants": merchants,
            "hmacKey": keys::RBS_HMAC_KEY,
            "publicKeys": [{ "alias": keys::RBS_CALLBACK_ALIAS, "pem": keys::RBS_CALLBACK_PUB, "hash": "SHA-512" }],
            "testCards": cards::cards_json(),
        },
        "cashier": {
            "baseUrl": format!("{base}/cashier/"),
            "login": crate::cashier::store::LOGIN,
            "password": crate::cashier::store::PASSWORD,
            "tspId": crate::cashier::store::TSP_ID,
            "tspCode": crate::cashier::store::TSP_CODE,
            "paymentDomain": format!("localhost:{}", env.port),
            "paymentUrl": format!("http://payment.localhost:{}/", env.port),
            "publicKey": keys::CASHIER_WEBHOOK_PUB,
        },
        "koshelek": {
            "baseUrl": format!("{base}/koshelek/{}/", k.partner),
            "partner": k.partner,
            "login": k.login,
            "password": k.password,
            "storeId": k.store_id,
            "terminalId": k.terminal_id,
            "partnerLogin": k.partner_login,
            "partnerPassword": k.partner_password,
            "postbackUrl": k.postback_url,
            "v1": {
                "baseUrl": format!("{base}/koshelek/{}/api/v1/merchant/", k.partner),
                "storeIds": std::iter::once(k.store_id.clone()).chain(k.other_stores.iter().cloned()).collect::<Vec<_>>(),
                "sampleTransactionId": crate::koshelek::store::SAMPLE_TRANSACTION_ID,
                "cardSessions": crate::koshelek::v1::CARD_SESSIONS.iter().map(|(prefix, what)| json!({ "prefix": prefix, "behaviour": what })).collect::<Vec<_>>(),
                "otherCardSessions": "new -> pending -> accepted, --settle-ms apart",
                "triggers": crate::koshelek::v1::TRIGGERS,
            },
        },
    })
}
