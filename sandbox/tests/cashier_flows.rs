//! Mobile Cashier over real HTTP: login and tokens, orders and fees, list filters, the payment
//! form on payment.localhost, authorize/charge/void, refunds, IPS/SberPay/payouts, webhooks
//! verified with kassa, x-req-id replay.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use common::{form, form_owned, Sandbox};
use serde_json::{json, Value};

struct Cashier<'a> {
    sb: &'a Sandbox,
    token: String,
}

impl<'a> Cashier<'a> {
    /// The login answer for the startup line's credentials.
    async fn login_answer(sb: &Sandbox) -> Value {
        let c = &sb.info["cashier"];
        let body = json!({"login": c["login"], "password": c["password"]});
        sb.post_json(sb.url("/cashier/public/login"), &body).await
    }

    async fn login(sb: &'a Sandbox) -> Cashier<'a> {
        let v = Cashier::login_answer(sb).await;
        Cashier {
            sb,
            token: v["accessToken"].as_str().unwrap().to_string(),
        }
    }

    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let r = self
            .sb
            .http
            .post(self.sb.url(&format!("/cashier/{path}")))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.json().await.unwrap())
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        let r = self
            .sb
            .http
            .get(self.sb.url(&format!("/cashier/{path}")))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.json().await.unwrap())
    }

    async fn create(&self, extra: Value) -> Value {
        let mut body = json!({"orderAmount": 10000, "orderCurrency": "RUB", "tspId": 1, "description": "test"});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        let (s, v) = self.post("order", body).await;
        assert_eq!(s, 200, "{v}");
        v["order"].clone()
    }

    async fn status(&self, id: &Value) -> String {
        self.get(&format!("order/{id}/status")).await.1["order"]["status"]
            .as_str()
            .unwrap()
            .to_string()
    }

    async fn wait_status(&self, id: &Value, want: &str) {
        for _ in 0..200 {
            if self.status(id).await == want {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("order {id} never reached {want}");
    }

    /// POST order/{id}/refund with `body`.
    async fn refund(&self, id: &Value, body: Value) -> (u16, Value) {
        self.post(&format!("order/{id}/refund"), body).await
    }

    /// A new order (the defaults of [`Cashier::create`]) and its externalOrderId on the form.
    async fn open(&self) -> (Value, String) {
        let o = self.create(json!({})).await;
        let ext = self.external(&o["id"]).await;
        (o, ext)
    }

    /// POST `op` (charge, void) on form order `ext`: a 200 whose `{key}.Status` is `expected`.
    async fn assert_card_op(&self, op: &str, ext: &str, key: &str, expected: &str) {
        let (s, v) = self.post(op, json!({"OrderId": ext})).await;
        assert_eq!((s, v[key]["Status"].as_str()), (200, Some(expected)), "{v}");
    }

    async fn external(&self, id: &Value) -> String {
        let (s, v) = self
            .post(&format!("order/{id}/form/sandbox-shop"), json!({}))
            .await;
        assert_eq!(s, 200);
        assert_eq!(v["id"], json!(id.to_string()));
        v["externalOrderId"].as_str().unwrap().to_string()
    }
}

/// POSTs form `pairs` to `path` on the payment-form host `host` (the buyer's browser).
async fn post_to_form_host(
    sb: &Sandbox,
    host: &str,
    path: &str,
    pairs: &[(&str, &str)],
) -> reqwest::Response {
    sb.http
        .post(sb.url(path))
        .header("host", host)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form(pairs))
        .send()
        .await
        .unwrap()
}

/// The HTTP status of GET /cashier/orders with bearer `token`.
async fn orders_status(sb: &Sandbox, token: &str) -> reqwest::StatusCode {
    let r = sb.http.get(sb.url("/cashier/orders")).bearer_auth(token);
    r.send().await.unwrap().status()
}

/// The order's status and refunded amount in an answer.
fn refund_state(v: &Value) -> (Option<&str>, Option<u64>) {
    (
        v["order"]["status"].as_str(),
        v["order"]["refundedAmount"].as_u64(),
    )
}

#[tokio::test]
async fn login_refresh_and_token_checks() {
    let sb = Sandbox::start(&[]);
    // The reference's login sample is accepted as printed; a wrong password is 401.
    let r = sb
        .post_json_response(
            "/cashier/public/login",
            &json!({"login": "mail@email.com", "password": "Password123"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let r = sb
        .post_json_response(
            "/cashier/public/login",
            &json!({"login": "mail@email.com", "password": "Password124"}),
        )
        .await;
    assert_eq!(r.status(), 401);
    assert_eq!(r.json::<Value>().await.unwrap()["success"], false);
    let v = Cashier::login_answer(&sb).await;
    assert_eq!(v["success"], true);
    assert_eq!(v["description"], "login success");
    for k in [
        "accessToken",
        "expiresAccess",
        "refreshToken",
        "expiresRefresh",
    ] {
        assert!(v[k].is_string(), "{k}");
    }
    assert_eq!(
        v["accessToken"].as_str().unwrap().split('.').count(),
        3,
        "a JWT"
    );
    // No token, a bad token: 401.
    let r = sb.post_json_response("/cashier/order", &json!({})).await;
    assert_eq!(r.status(), 401);
    assert_eq!(orders_status(&sb, "x.y.z").await, 401);
    // Refresh gives a working access token; the access token is not a refresh token.
    let refreshed: Value = sb
        .post_json(
            sb.url("/cashier/public/refresh"),
            &json!({"refreshToken": v["refreshToken"]}),
        )
        .await;
    assert_eq!(refreshed["success"], true);
    let r = sb
        .post_json_response(
            "/cashier/public/refresh",
            &json!({"refreshToken": v["accessToken"]}),
        )
        .await;
    assert_eq!(r.status(), 401);
    assert_eq!(
        orders_status(&sb, refreshed["accessToken"].as_str().unwrap()).await,
        200
    );
    // Revoked by the admin: 401 until the next login.
    sb.admin_post("/cashier/expire-tokens", json!({})).await;
    assert_eq!(
        orders_status(&sb, refreshed["accessToken"].as_str().unwrap()).await,
        401
    );
    let cashier = Cashier::login(&sb).await;
    assert_eq!(cashier.get("orders").await.0, 200);
}

#[tokio::test]
async fn access_tokens_expire() {
    let sb = Sandbox::start(&["--access-ttl-secs", "1"]);
    let cashier = Cashier::login(&sb).await;
    assert_eq!(cashier.get("orders").await.0, 200);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let (s, v) = cashier.get("orders").await;
    assert_eq!(s, 401);
    assert!(v["description"].as_str().unwrap().contains("expired"));
}

#[tokio::test]
async fn create_order_sample_fees_validation_and_listing() {
    let sb = Sandbox::start(&[]);
    let cashier = Cashier::login(&sb).await;
    // The reference's request sample.
    let (s, v) = cashier.post("order", json!({"merchantOrderId": "merchantOrderId", "orderAmount": 100, "orderCurrency": "EUR", "tspId": 1, "description": "comment", "callbackUrl": "callback.com"})).await;
    assert_eq!(s, 200);
    assert_eq!(
        (v["success"].as_bool(), v["description"].as_str()),
        (Some(true), Some(""))
    );
    let o = &v["order"];
    assert_eq!(
        (
            o["status"].as_str(),
            o["type"].as_str(),
            o["merchantOrderId"].as_str()
        ),
        (Some("CREATED"), Some("PayIn"), Some("merchantOrderId"))
    );
    // 100 euro cents = 100 RUB at the sandbox rate; the 3 % fee goes on top.
    assert_eq!(
        (
            o["orderAmount"].as_u64(),
            o["paymentAmount"].as_u64(),
            o["feeAmount"].as_u64()
        ),
        (Some(100), Some(10300), Some(300))
    );
    // paymentAmount: the buyer pays exactly that; the fee is deducted.
    let o = cashier.create(json!({"orderAmount": null, "paymentAmount": 10000, "orderCurrency": "EUR", "type": "PayIn"})).await;
    assert_eq!(
        (
            o["orderAmount"].as_u64(),
            o["paymentAmount"].as_u64(),
            o["feeAmount"].as_u64()
        ),
        (Some(97), Some(10000), Some(300))
    );
    // Validation.
    for bad in [
        json!({"orderCurrency": "RUB", "tspId": 1}),
        json!({"orderAmount": 1, "tspId": 1}),
        json!({"orderAmount": 1, "orderCurrency": "GBP", "tspId": 1}),
        json!({"orderAmount": 1, "orderCurrency": "RUB"}),
        json!({"orderAmount": 1, "orderCurrency": "RUB", "tspId": 7}),
        json!({"orderAmount": -1, "orderCurrency": "RUB", "tspId": 1}),
        json!({"orderAmount": "100", "orderCurrency": "RUB", "tspId": 1}),
        json!({"orderAmount": 1, "orderCurrency": "RUB", "tspId": 1, "type": "Other"}),
    ] {
        let (s, v) = cashier.post("order", bad.clone()).await;
        assert_eq!((s, v["success"].as_bool()), (400, Some(false)), "{bad}");
    }
    let r = sb
        .http
        .post(sb.url("/cashier/order"))
        .bearer_auth(&cashier.token)
        .header("content-type", "application/json")
        .body("{oops")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    // Listing: newest first, paging, filters.
    for _ in 0..3 {
        cashier.create(json!({})).await;
    }
    let (_, all) = cashier.get("orders").await;
    assert_eq!(all["meta"], json!({"total": 5, "limit": 30, "offset": 0}));
    let ids: Vec<u64> = all["orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_u64().unwrap())
        .collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]));
    let (_, page) = cashier.get("orders?limit=2&offset=1").await;
    assert_eq!(
        page["orders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["id"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        ids[1..3]
    );
    assert_eq!(
        cashier.get("orders?status=CHARGED").await.1["meta"]["total"],
        0
    );
    assert_eq!(
        cashier.get("orders?tspId=1&status=CREATED").await.1["meta"]["total"],
        5
    );
    assert_eq!(
        cashier.get("orders?dateFrom=2999-01-01T00:00:00Z").await.1["meta"]["total"],
        0
    );
    assert_eq!(
        cashier.get("orders?dateTo=2999-01-01T00:00:00Z").await.1["meta"]["total"],
        5
    );
    assert_eq!(cashier.get("orders?dateFrom=yesterday").await.0, 400);
    assert_eq!(cashier.get("order/999999").await.0, 404);
}

#[tokio::test]
async fn payment_form_on_the_payment_host_and_signed_webhooks() {
    let sb = Sandbox::start(&[]);
    let cashier = Cashier::login(&sb).await;
    let hook = sb.url("/echo/cashier-hook");
    let host = format!(
        "payment.{}",
        sb.info["cashier"]["paymentDomain"].as_str().unwrap()
    );
    for (pan, expected, back) in [
        ("4111111111111111", "CHARGED", "https://shop.test/ok"),
        ("4000000000000002", "DECLINED", "https://shop.test/fail"),
    ] {
        let order = cashier.create(json!({"callbackUrl": hook})).await;
        let ext = cashier.external(&order["id"]).await;
        // The merchant's form POST (as cashierPaymentForm builds it), Cyrillic extra field included.
        let r = post_to_form_host(
            &sb,
            &host,
            &format!("/{ext}"),
            &[
                ("successUrl", "https://shop.test/ok"),
                ("failUrl", "https://shop.test/fail"),
                ("note", "Привет"),
            ],
        )
        .await;
        let html = r.text().await.unwrap();
        let got = common::received(&html);
        assert_eq!(got["host"], json!(host));
        assert_eq!(got["path"], json!(format!("/{ext}")));
        assert_eq!(
            common::pairs(&got["fields"]),
            vec![
                ("successUrl".to_string(), "https://shop.test/ok".to_string()),
                ("failUrl".into(), "https://shop.test/fail".into()),
                ("note".into(), "Привет".into())
            ]
        );
        assert!(html.contains("103.00 ₽"));
        // Pay.
        let r = post_to_form_host(
            &sb,
            &host,
            &format!("/{ext}/pay"),
            &[
                ("successUrl", "https://shop.test/ok"),
                ("failUrl", "https://shop.test/fail"),
                ("pan", pan),
                ("expiry", "12/30"),
                ("cvc", "123"),
                ("action", "pay"),
            ],
        )
        .await;
        assert_eq!(r.status(), 303);
        assert_eq!(r.headers()["location"], back);
        assert_eq!(cashier.status(&order["id"]).await, expected);
    }
    // The same path on the main host is not the payment form.
    assert_eq!(
        sb.http.post(sb.url("/abc")).send().await.unwrap().status(),
        404
    );
    // Webhooks: one per order, POST JSON, payment-sign verified by kassa with the published key.
    let key =
        kassa::crypto::PublicKey::parse(sb.info["cashier"]["publicKey"].as_str().unwrap()).unwrap();
    assert_eq!(key.bits(), 4096);
    sb.wait_delivered(2).await;
    let received = sb.admin_get("/requests?path=/echo/cashier-hook").await;
    let received = received["requests"].as_array().unwrap();
    assert_eq!(received.len(), 2);
    let verifier = kassa::cashier::notification::WebhookVerifier::new(Some(
        sb.info["cashier"]["publicKey"].as_str().unwrap(),
    ))
    .unwrap();
    let mut statuses = Vec::new();
    for r in received {
        let body = r["body"].as_str().unwrap();
        let sign = r["headers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h[0] == "payment-sign")
            .unwrap()[1]
            .as_str()
            .unwrap();
        kassa::cashier::notification::verify_signature(body.as_bytes(), Some(sign), &key).unwrap();
        assert!(kassa::cashier::notification::verify_signature(
            body.replace("CHARGED", "REFUNDED")
                .replace("DECLINED", "CHARGED")
                .as_bytes(),
            Some(sign),
            &key
        )
        .is_err());
        let n = verifier.verify(body.as_bytes(), Some(sign)).unwrap();
        assert!(n.order_id.is_some());
        assert!(verifier
            .verify(
                body.replace("\"success\":true", "\"success\":false")
                    .as_bytes(),
                Some(sign)
            )
            .is_err());
        let v: Value = serde_json::from_str(body).unwrap();
        assert_eq!(v["success"], true);
        statuses.push(v["order"]["status"].as_str().unwrap().to_string());
    }
    statuses.sort();
    assert_eq!(statuses, ["CHARGED", "DECLINED"]);
}

#[tokio::test]
async fn refunds_full_partial_and_never_more() {
    let sb = Sandbox::start(&[]);
    let cashier = Cashier::login(&sb).await;
    let order = cashier.create(json!({})).await;
    let id = &order["id"];
    assert_eq!(
        cashier.refund(id, json!({"amount": 300})).await.0,
        400,
        "not paid yet"
    );
    let ext = cashier.external(id).await;
    let (s, v) = cashier.post("authorize", json!({"OrderId": ext, "PaymentType": "SMS", "Card": {"Pan": "4111111111111111", "ExpDate": "12/30", "Cvv": "123"}})).await;
    assert_eq!(s, 200, "{v}");
    cashier.wait_status(id, "CHARGED").await;
    // The reference's refund sample: {"amount": 300}.
    let (s, v) = cashier.refund(id, json!({"amount": 300})).await;
    assert_eq!(s, 200);
    assert_eq!(refund_state(&v), (Some("PARTIALLY_REFUNDED"), Some(300)));
    assert_eq!(cashier.refund(id, json!({"amount": 10001})).await.0, 400);
    let (s, v) = cashier.refund(id, json!({})).await;
    assert_eq!(s, 200);
    assert_eq!(refund_state(&v), (Some("REFUNDED"), Some(10300)));
    assert_eq!(cashier.refund(id, json!({"amount": 1})).await.0, 400);
}

#[tokio::test]
async fn authorize_charge_void_transitions() {
    let sb = Sandbox::start(&["--settle-ms", "100"]);
    let cashier = Cashier::login(&sb).await;
    let card = json!({"Pan": "4111111111111111", "ExpDate": "12/30", "Cvv": "123", "Holder": "IVAN IVANOV"});
    // DMS: AUTHORIZED, then charge -> CHARGE_IN_PROGRESS -> CHARGED; void is refused afterwards.
    let (o, ext) = cashier.open().await;
    assert_eq!(
        cashier.post("charge", json!({"OrderId": ext})).await.0,
        400,
        "nothing authorized"
    );
    let (s, v) = cashier
        .post("authorize", json!({"OrderId": ext, "Card": card}))
        .await;
    assert_eq!(s, 200);
    assert_eq!(v["Authorize"]["Status"], "AUTHORIZED");
    assert_eq!(v["Order"]["status"], "AUTHORIZED");
    assert_eq!(v["Card"]["MaskedPan"], "411111**1111");
    assert_eq!(
        cashier
            .post("authorize", json!({"OrderId": ext, "Card": card}))
            .await
            .0,
        400,
        "already authorized"
    );
    cashier
        .assert_card_op("charge", &ext, "Charge", "CHARGE_IN_PROGRESS")
        .await;
    cashier.wait_status(&o["id"], "CHARGED").await;
    assert_eq!(cashier.post("void", json!({"OrderId": ext})).await.0, 400);
    // DMS then void -> VOIDED.
    let (o, ext) = cashier.open().await;
    cashier
        .post("authorize", json!({"OrderId": ext, "Card": card}))
        .await;
    cashier
        .assert_card_op("void", &ext, "Void", "VOID_IN_PROGRESS")
        .await;
    cashier.wait_status(&o["id"], "VOIDED").await;
    assert_eq!(cashier.post("charge", json!({"OrderId": ext})).await.0, 400);
    // A declined card.
    let (_, ext) = cashier.open().await;
    let (_, v) = cashier.post("authorize", json!({"OrderId": ext, "Card": {"Pan": "4000000000000002", "ExpDate": "12/30", "Cvv": "123"}})).await;
    assert_eq!(
        (
            v["Order"]["status"].as_str(),
            v["Response"]["Code"].as_i64()
        ),
        (Some("DECLINED"), Some(2))
    );
    // 3-D Secure: PRE_AUTHORIZED_3DS, the ACS, then AUTHORIZED.
    let (o, ext) = cashier.open().await;
    let (_, v) = cashier.post("authorize", json!({"OrderId": ext, "Card": {"Pan": "5555555555555599", "ExpDate": "12/30", "Cvv": "123"}})).await;
    assert_eq!(v["Order"]["status"], "PRE_AUTHORIZED_3DS");
    let tds = &v["ThreeDS"];
    let html = sb
        .post_form_text(
            sb.url("/acs/auth/finish.do"),
            form(&[
                ("MD", tds["MD"].as_str().unwrap()),
                ("TermUrl", tds["TermUrl"].as_str().unwrap()),
                ("password", "12345678"),
            ]),
        )
        .await;
    let fields = common::hidden_fields(&html);
    let r = sb
        .post_form(common::form_action(&html), form_owned(&fields))
        .await;
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("data-status=\"AUTHORIZED\""));
    assert_eq!(cashier.status(&o["id"]).await, "AUTHORIZED");
    // Unknown OrderId, missing card.
    assert_eq!(
        cashier
            .post("authorize", json!({"OrderId": "nope", "Card": card}))
            .await
            .0,
        404
    );
    let (o, ext) = cashier.open().await;
    assert_eq!(
        cashier.post("authorize", json!({"OrderId": ext})).await.0,
        400
    );
    assert_eq!(
        cashier
            .post(&format!("order/{}/form/wrong-shop", o["id"]), json!({}))
            .await
            .0,
        400
    );
}

#[tokio::test]
async fn ips_sberpay_and_payouts() {
    let sb = Sandbox::start(&["--settle-ms", "50"]);
    let cashier = Cashier::login(&sb).await;
    // qrcData, then the payer pays.
    let o = cashier.create(json!({})).await;
    let (s, v) = cashier
        .post(&format!("order/{}/qrcData", o["id"]), json!({}))
        .await;
    assert_eq!(
        (s, v["order"]["status"].as_str()),
        (200, Some("QRCDATA_CREATED"))
    );
    assert!(v["order"]["qrcData"]["payload"]
        .as_str()
        .unwrap()
        .starts_with("https://qr.nspk.ru/"));
    let paid = sb
        .admin_post(&format!("/cashier/orders/{}/pay", o["id"]), json!({}))
        .await;
    assert_eq!(paid["order"]["status"], "IPS_ACCEPTED");
    // SberPay answers with "succes", as the reference's sample does.
    let o = cashier.create(json!({})).await;
    let (s, v) = cashier.post(&format!("order/{}/sberPay", o["id"]), json!({"deepLink": "android-app://ru.testbankmobile/main", "phoneNumber": "+79876543210"})).await;
    assert_eq!((s, v["succes"].as_bool()), (200, Some(true)));
    assert_eq!(v["order"]["status"], "IN_PROCESS");
    // Banks.
    let (s, v) = cashier.get("banks").await;
    assert_eq!(s, 200);
    assert!(!v["BankList"].as_array().unwrap().is_empty());
    // Payouts need PayOut orders.
    let payin = cashier.create(json!({})).await;
    assert_eq!(
        cashier
            .post(
                &format!("order/{}/payout/card", payin["id"]),
                json!({"pan": 4189732800687140u64})
            )
            .await
            .0,
        400
    );
    let o = cashier.create(json!({"type": "PayOut"})).await;
    // The reference's card payout sample (numbers, not strings).
    let (s, v) = cashier
        .post(
            &format!("order/{}/payout/card", o["id"]),
            json!({"pan": 4189732800687140u64, "holder": "Ivan Ivanov", "phone": 79998887766u64}),
        )
        .await;
    assert_eq!(
        (s, v["order"]["status"].as_str()),
        (200, Some("IN_PROCESS")),
        "{v}"
    );
    cashier.wait_status(&o["id"], "PAID").await;
    let o = cashier.create(json!({"type": "PayOut"})).await;
    assert_eq!(
        cashier
            .post(
                &format!("order/{}/payout/ips", o["id"]),
                json!({"accountNumber": 79011234567u64, "bankId": 999})
            )
            .await
            .0,
        400
    );
    let (s, v) = cashier.post(&format!("order/{}/payout/ips", o["id"]), json!({"accountNumber": 79011234567u64, "bankId": 100000000001u64, "firstName": "Ivanov", "lastName": "Ivan", "middleName": "Ivanovich"})).await;
    assert_eq!(
        (s, v["order"]["status"].as_str()),
        (200, Some("PAYOUT_IN_PROGRESS"))
    );
    cashier.wait_status(&o["id"], "PAID").await;
}

#[tokio::test]
async fn x_req_id_replays_the_first_answer_and_survives_close_after() {
    let sb = Sandbox::start(&[]);
    let cashier = Cashier::login(&sb).await;
    let body = json!({"orderAmount": 500, "orderCurrency": "RUB", "tspId": 1});
    let send = |id: &'static str| {
        let req = sb
            .http
            .post(sb.url("/cashier/order"))
            .bearer_auth(&cashier.token)
            .header("x-req-id", id)
            .json(&body);
        async move { req.send().await }
    };
    let first = send("req-1").await.unwrap().text().await.unwrap();
    let r = send("req-1").await.unwrap();
    assert_eq!(r.headers()["x-idempotent-replay"], "true");
    assert_eq!(
        r.text().await.unwrap(),
        first,
        "byte-identical first answer"
    );
    assert_eq!(
        cashier.get("orders").await.1["meta"]["total"],
        1,
        "not processed again"
    );
    // The connection is closed after the order was created: the retry with the same x-req-id
    // gets that order, and exactly one order exists.
    sb.fault("/cashier/order", "close_after", 1).await;
    assert!(send("req-2").await.is_err());
    let v: Value = send("req-2").await.unwrap().json().await.unwrap();
    assert_eq!(cashier.get("orders").await.1["meta"]["total"], 2);
    assert_eq!(
        cashier.get("orders").await.1["orders"][0]["id"],
        v["order"]["id"]
    );
    // close_before: nothing happened, so the retry creates it once.
    sb.fault("/cashier/order", "close_before", 1).await;
    assert!(send("req-3").await.is_err());
    assert_eq!(send("req-3").await.unwrap().status(), 200);
    assert_eq!(cashier.get("orders").await.1["meta"]["total"], 3);
    // A new x-req-id is a new order; an error answer is replayed too.
    send("req-4").await.unwrap();
    assert_eq!(cashier.get("orders").await.1["meta"]["total"], 4);
    let bad = |id: &'static str| {
        sb.http
            .post(sb.url("/cashier/order"))
            .bearer_auth(&cashier.token)
            .header("x-req-id", id)
            .json(&json!({}))
            .send()
    };
    let a = bad("req-5").await.unwrap().text().await.unwrap();
    let b = bad("req-5").await.unwrap().text().await.unwrap();
    assert_eq!(a, b);
}

#[tokio::test]
async fn webhooks_retry_until_200() {
    let sb = Sandbox::start(&[]);
    let cashier = Cashier::login(&sb).await;
    sb.fault("/echo/hook", "500", 2).await;
    let o = cashier
        .create(json!({"callbackUrl": sb.url("/echo/hook")}))
        .await;
    let (_, v) = cashier
        .post(&format!("order/{}/qrcData", o["id"]), json!({}))
        .await;
    assert_eq!(v["order"]["status"], "QRCDATA_CREATED");
    let l = sb
        .wait_notifications(|l| l.len() == 1 && l[0]["delivered"] == true)
        .await;
    let statuses = common::attempt_statuses(&l[0]);
    assert_eq!(statuses, [json!(500), json!(500), json!(200)]);
}

#[tokio::test]
async fn orders_expire_with_a_webhook() {
    let sb = Sandbox::start(&[]);
    let cashier = Cashier::login(&sb).await;
    let o = cashier
        .create(json!({"lifetimeSecs": 1, "callbackUrl": sb.url("/echo/exp")}))
        .await;
    cashier.wait_status(&o["id"], "EXPIRED").await;
    let l = sb
        .wait_notifications(|l| l.len() == 1 && l[0]["delivered"] == true)
        .await;
    assert!(l[0]["body"].as_str().unwrap().contains("\"EXPIRED\""));
    let ext = cashier
        .post(&format!("order/{}/form/sandbox-shop", o["id"]), json!({}))
        .await;
    assert_eq!(ext.0, 400, "an expired order gets no payment form");
}
