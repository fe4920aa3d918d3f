//! Koshelek Pay over real HTTP: Basic auth, per-partner path, storeId/terminalId, the checkout
//! flow and its reference error codes, postbacks with Basic auth.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use common::Sandbox;
use serde_json::{json, Value};

struct K<'a> {
    sb: &'a Sandbox,
    auth: String,
}

impl<'a> K<'a> {
    fn new(sb: &'a Sandbox) -> K<'a> {
        let k = &sb.info["koshelek"];
        K {
            sb,
            auth: kassa::koshelek::notification::basic_auth_header(
                k["login"].as_str().unwrap(),
                k["password"].as_str().unwrap(),
            ),
        }
    }

    fn base(&self) -> String {
        self.sb.info["koshelek"]["baseUrl"]
            .as_str()
            .unwrap()
            .to_string()
    }

    fn ids(&self) -> Value {
        let k = &self.sb.info["koshelek"];
        json!({"storeId": k["storeId"], "terminalId": k["terminalId"]})
    }

    async fn post(&self, path: &str, extra: Value) -> (u16, Value) {
        let mut body = self.ids();
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        let r = self
            .sb
            .http
            .post(format!("{}{path}", self.base()))
            .header("authorization", &self.auth)
            .json(&body)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.json().await.unwrap())
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        let k = &self.sb.info["koshelek"];
        let url = format!(
            "{}{path}?storeId={}&terminalId={}",
            self.base(),
            k["storeId"].as_str().unwrap(),
            k["terminalId"].as_str().unwrap()
        );
        let r = self
            .sb
            .http
            .get(url)
            .header("authorization", &self.auth)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.json().await.unwrap())
    }

    async fn wait(&self, id: &str, want: &str) {
        for _ in 0..200 {
            let (s, v) = self.get(&format!("transactions/{id}")).await;
            if s == 200 && v["status"] == want {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{id} never reached {want}");
    }
}

#[tokio::test]
async fn auth_partner_and_store_checks() {
    let sb = Sandbox::start(&[]);
    let k = K::new(&sb);
    let r = sb
        .http
        .post(format!("{}checkout", k.base()))
        .json(&k.ids())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert!(r.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .starts_with("Basic"));
    let wrong = kassa::koshelek::notification::basic_auth_header("sandbox-partner", "nope");
    let r = sb
        .http
        .post(format!("{}checkout", k.base()))
        .header("authorization", wrong)
        .json(&k.ids())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = sb
        .http
        .post(sb.url("/koshelek/other-partner/checkout"))
        .header("authorization", &k.auth)
        .json(&k.ids())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(
        r.json::<Value>().await.unwrap()["code"],
        "UNKNOWN_PARTNER_ID"
    );
    let r = sb
        .http
        .post(format!("{}checkout", k.base()))
        .header("authorization", &k.auth)
        .json(&json!({"terminalId": "T-01"}))
        .send()
        .await
        .unwrap();
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["code"], "VALIDATION_ERROR");
    assert!(v["details"].as_str().unwrap().contains("storeId"));
    let (s, v) = k.post("checkout", json!({"storeId": "999"})).await;
    assert_eq!((s, v["code"].as_str()), (422, Some("UNKNOWN_PARTNER_ID")));
    let (s, v) = k.post("checkout", json!({"terminalId": null})).await;
    assert_eq!((s, v["code"].as_str()), (422, Some("VALIDATION_ERROR")));
    let r = sb
        .http
        .post(format!("{}checkout", k.base()))
        .header("authorization", &k.auth)
        .body("{nope")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
}

#[tokio::test]
async fn checkout_flow_postback_and_reference_errors() {
    let sb = Sandbox::start(&["--settle-ms", "150"]);
    let k = K::new(&sb);
    let hook = sb.url("/echo/koshelek-postback");
    // Unknown session.
    let (s, v) = k
        .post("checkout", json!({"cardSession": "forged", "amount": 1000}))
        .await;
    assert_eq!((s, v["code"].as_str()), (422, Some("UNKNOWN_SESSION_ID")));
    let session: Value = sb.admin_post("/koshelek/sessions", json!({})).await;
    let session = session["cardSession"].as_str().unwrap().to_string();
    let (s, v) = k
        .post(
            "checkout",
            json!({"cardSession": session, "amount": 15000, "orderId": "A-1", "postbackUrl": hook}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["status"], "PENDING");
    let id = v["transactionId"].as_str().unwrap().to_string();
    // A second checkout for the same session.
    let (_, v) = k
        .post("checkout", json!({"cardSession": session, "amount": 15000}))
        .await;
    assert_eq!(v["code"], "TRANSACTION_FOR_SESSION_ID_ALREADY_EXISTS");
    // Refund before payment.
    assert_eq!(
        k.post(&format!("transactions/{id}/refund"), json!({}))
            .await
            .1["code"],
        "PAYMENT_TRANSACTION_IS_NOT_PAID"
    );
    // The buyer confirms on the page: PROCESSING (TRANSACTION_IN_PROCESSING), then PAID.
    let page = sb
        .http
        .get(sb.url(&format!("/koshelek/sandbox/pay/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("150.00 ₽"));
    sb.post_form(
        sb.url(&format!("/koshelek/sandbox/pay/{id}")),
        "action=confirm",
    )
    .await;
    let (s, v) = k.get(&format!("transactions/{id}")).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (422, Some("TRANSACTION_IN_PROCESSING"))
    );
    k.wait(&id, "PAID").await;
    let (_, v) = k
        .post("checkout", json!({"cardSession": session, "amount": 1}))
        .await;
    assert_eq!(v["code"], "TRANSACTION_FOR_SESSION_ID_ALREADY_PAYED");
    assert_eq!(
        k.post(&format!("transactions/{id}/cancel"), json!({}))
            .await
            .1["code"],
        "WRONG_TRANSACTION_STATE_CHANGE"
    );
    // Refunds: the bank-cancel trigger, partial, too much, the rest.
    assert_eq!(
        k.post(&format!("transactions/{id}/refund"), json!({"amount": 13}))
            .await
            .1["code"],
        "CANCEL_REFUNDING_BY_BANK"
    );
    let (s, v) = k
        .post(
            &format!("transactions/{id}/refund"),
            json!({"amount": 5000}),
        )
        .await;
    assert_eq!(
        (s, v["status"].as_str(), v["refundedAmount"].as_u64()),
        (200, Some("PARTIALLY_REFUNDED"), Some(5000))
    );
    assert_eq!(
        k.post(
            &format!("transactions/{id}/refund"),
            json!({"amount": 10001})
        )
        .await
        .1["code"],
        "WRONG_TRANSACTION_STATE_CHANGE"
    );
    let (_, v) = k
        .post(&format!("transactions/{id}/refund"), json!({}))
        .await;
    assert_eq!(v["status"], "REFUNDED");
    assert_eq!(
        k.get("transactions/nope").await.1["code"],
        "UNKNOWN_TRANSACTION_ID"
    );
    // Postbacks: PAID, PARTIALLY_REFUNDED, REFUNDED, each with the partner's Basic auth.
    sb.wait_notifications(|l| l.len() == 3 && l.iter().all(|n| n["delivered"] == true))
        .await;
    let got = sb.admin_get("/requests?path=/echo/koshelek-postback").await;
    let expected_auth = kassa::koshelek::notification::basic_auth_header(
        sb.info["koshelek"]["partnerLogin"].as_str().unwrap(),
        sb.info["koshelek"]["partnerPassword"].as_str().unwrap(),
    );
    let verifier = kassa::koshelek::notification::PostbackVerifier::new(
        sb.info["koshelek"]["partnerLogin"].as_str().unwrap(),
        sb.info["koshelek"]["partnerPassword"].as_str().unwrap(),
    )
    .unwrap();
    let mut statuses = Vec::new();
    for r in got["requests"].as_array().unwrap() {
        assert!(r["headers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h[0] == "authorization" && h[1] == json!(expected_auth)));
        let auth = r["headers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h[0] == "authorization")
            .unwrap()[1]
            .as_str()
            .unwrap()
            .to_string();
        let p = verifier
            .verify(Some(&auth), r["body"].as_str().unwrap().as_bytes())
            .unwrap();
        assert_eq!(p.transaction_id.as_deref(), Some(id.as_str()));
        assert!(verifier
            .verify(
                Some("Basic c2FuZGJveDp3cm9uZw=="),
                r["body"].as_str().unwrap().as_bytes()
            )
            .is_err());
        let v: Value = serde_json::from_str(r["body"].as_str().unwrap()).unwrap();
        assert_eq!(v["transactionId"], json!(id));
        statuses.push(v["status"].as_str().unwrap().to_string());
    }
    assert_eq!(statuses, ["PAID", "PARTIALLY_REFUNDED", "REFUNDED"]);
}

#[tokio::test]
async fn cancel_decline_and_new_checkout_after() {
    let sb = Sandbox::start(&["--settle-ms", "50"]);
    let k = K::new(&sb);
    let (_, v) = k
        .post(
            "checkout",
            json!({"cardSession": "test-session-1", "amount": 700}),
        )
        .await;
    let id = v["transactionId"].as_str().unwrap().to_string();
    let (_, v) = k
        .post(&format!("transactions/{id}/cancel"), json!({}))
        .await;
    assert_eq!(v["status"], "CANCELLED");
    assert_eq!(
        k.post(&format!("transactions/{id}/cancel"), json!({}))
            .await
            .1["code"],
        "WRONG_TRANSACTION_STATE_CHANGE"
    );
    // A cancelled session may check out again; the buyer declines via the admin API.
    let (_, v) = k
        .post(
            "checkout",
            json!({"cardSession": "test-session-1", "amount": 700}),
        )
        .await;
    let id = v["transactionId"].as_str().unwrap().to_string();
    sb.admin_post(
        &format!("/koshelek/transactions/{id}/pay"),
        json!({"decline": true}),
    )
    .await;
    k.wait(&id, "DECLINED").await;
    assert_eq!(
        k.post(&format!("transactions/{id}/refund"), json!({}))
            .await
            .1["code"],
        "PAYMENT_TRANSACTION_IS_NOT_PAID"
    );
    assert_eq!(
        k.post(
            "checkout",
            json!({"cardSession": "test-session-2", "amount": 0})
        )
        .await
        .1["code"],
        "VALIDATION_ERROR"
    );
}
