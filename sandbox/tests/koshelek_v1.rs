//! Koshelek Pay v1 (`api/v1/merchant/*`, koshelek-pay-api-v1.openapi.yaml) over real HTTP: the
//! seven endpoints, Basic auth, the token header, storeId/terminalId, requestId idempotency, the
//! state machine by test cardSession, cancel before completion, refunds by items, postbacks.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use common::Sandbox;
use serde_json::{json, Value};

struct K<'a> {
    sb: &'a Sandbox,
    auth: String,
    n: std::cell::Cell<u32>,
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
            n: std::cell::Cell::new(0),
        }
    }

    fn url(&self, path: &str) -> String {
        format!(
            "{}{path}",
            self.sb.info["koshelek"]["v1"]["baseUrl"].as_str().unwrap()
        )
    }

    fn request_id(&self) -> String {
        self.n.set(self.n.get() + 1);
        format!("req-{}-{}", self.n.get(), std::process::id())
    }

    /// The body with requestId, storeId and terminalId filled in (unless given).
    fn body(&self, extra: Value) -> Value {
        let k = &self.sb.info["koshelek"];
        let mut body = json!({
            "requestId": self.request_id(),
            "storeId": k["storeId"],
            "terminalId": k["terminalId"],
        });
        for (key, v) in extra.as_object().unwrap() {
            body[key] = v.clone();
        }
        body
    }

    async fn raw(&self, path: &str, body: &Value, token: bool) -> (u16, Value) {
        let mut req = self
            .sb
            .http
            .post(self.url(path))
            .header("authorization", &self.auth)
            .header("content-type", "application/json")
            .body(body.to_string());
        if token {
            req = req.header("token", "c2FuZGJveA==123456");
        }
        let r = req.send().await.unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        (
            status,
            if text.is_empty() {
                Value::Null
            } else {
                serde_json::from_str(&text).unwrap()
            },
        )
    }

    /// POSTs `body` to `path` with the `authorization` header `auth` and a token; the answer.
    async fn send_as(&self, path: &str, auth: &str, body: &Value) -> reqwest::Response {
        self.sb
            .http
            .post(self.url(path))
            .header("authorization", auth)
            .header("content-type", "application/json")
            .header("token", "t")
            .body(body.to_string())
            .send()
            .await
            .unwrap()
    }

    async fn post(&self, path: &str, extra: Value) -> (u16, Value) {
        let body = self.body(extra);
        let token = matches!(
            path,
            "availability-info/task" | "checkout" | "transaction/refund"
        );
        self.raw(path, &body, token).await
    }

    /// Polls transaction/status until `status` is `want` (at most ~10 s).
    async fn wait(&self, id: &str, want: &str) -> Value {
        for _ in 0..200 {
            let (code, v) = self
                .raw(
                    "transaction/status",
                    &json!({"requestId": self.request_id(), "transactionId": id}),
                    false,
                )
                .await;
            assert!(
                code == 200 || v["code"] == "TRANSACTION_IN_PROCESSING",
                "{v}"
            );
            if v["status"] == want {
                return v;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{id} never reached {want}");
    }

    async fn checkout(&self, session: &str, total: u64) -> (u16, Value) {
        self.post("checkout", checkout_body(session, total)).await
    }

    /// A checkout of `session` (total 14245); its transactionId.
    async fn start(&self, session: &str) -> String {
        let (_, v) = self.checkout(session, 14245).await;
        v["transactionId"].as_str().unwrap().to_string()
    }

    /// POST transaction/cancel of transaction `id`.
    async fn cancel(&self, id: &str) -> (u16, Value) {
        self.post("transaction/cancel", json!({"transactionId": id}))
            .await
    }
}

/// Asserts a 200 refund/cancel answer with `refStatus` and the payment's `status`; its body.
fn assert_ref(answer: (u16, Value), ref_status: &str, status: &str) -> Value {
    let (code, v) = answer;
    assert_eq!(code, 200, "{v}");
    assert_eq!(v["refStatus"], ref_status, "{v}");
    assert_eq!(v["status"], status, "{v}");
    v
}

fn items() -> Value {
    json!([
        {"name": "Товар 1", "article": "1111111", "price": 10000, "quantity": 1, "totalAmount": 1900,
         "discountAmount": 100, "subTotalAmount": 2000, "tax": "vat10"},
        {"name": "Товар 2", "article": "2222222", "price": 12345, "quantity": 2, "totalAmount": 12345,
         "tax": "vat20"}
    ])
}

fn checkout_body(session: &str, total: u64) -> Value {
    json!({
        "cardSession": session,
        "checkoutInvoice": {"orderId": "ord-1", "totalAmount": total, "items": items()},
        "user": {"loyaltyId": "000022"},
        "paymentMethods": [{"type": "SBP"}],
    })
}

#[tokio::test]
async fn availability_sync_and_async_polling() {
    let sb = Sandbox::start(&[]);
    let k = K::new(&sb);
    let invoice = json!({"orderId": "o", "totalAmount": 14245, "items": items()});
    // cardsession (the task's spelling) and cardSession both work.
    for field in ["cardsession", "cardSession"] {
        let (code, v) = k
            .post(
                "availability-info/task",
                json!({field: "A1B2C3", "checkoutInvoice": invoice, "user": {"loyaltyId": "1"}}),
            )
            .await;
        assert_eq!(code, 200, "{v}");
        assert_eq!(v["koshelekPayIsDefault"], true);
        assert_eq!(
            v["paymentTypeAvailabilityInfoList"][0]["paymentType"],
            "SBP"
        );
        assert_eq!(v["paymentTypeAvailabilityInfoList"][1]["available"], true);
    }
    let (_, v) = k
        .post(
            "availability-info/task",
            json!({"cardsession": "NODOLYAME1", "checkoutInvoice": invoice, "user": {"loyaltyId": "1"}}),
        )
        .await;
    assert_eq!(v["paymentTypeAvailabilityInfoList"][1]["available"], false);
    // The deprecated asynchronous flow: 201, Location, then polls.
    let body = k.body(
        json!({"cardsession": "ASYNC1", "checkoutInvoice": invoice, "user": {"loyaltyId": "1"}}),
    );
    let r = k.send_as("availability-info/task", &k.auth, &body).await;
    assert_eq!(r.status(), 201);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    let v: Value = r.json().await.unwrap();
    let id = v["availabilityInfoId"].as_str().unwrap().to_string();
    assert_eq!(v["timeout"], 350);
    assert_eq!(location, format!("/api/v1/merchant/availability-info/{id}"));
    let poll = || async {
        sb.http
            .get(k.url(&format!("availability-info/{id}")))
            .header("authorization", &k.auth)
            .send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()
    };
    let first = poll().await;
    assert_eq!(first["computationComplete"], false, "{first}");
    assert_eq!(first["pollingTimeout"], 250);
    assert!(first.get("paymentTypeAvailabilityInfoList").is_none());
    tokio::time::sleep(Duration::from_millis(650)).await;
    let done = poll().await;
    assert_eq!(done["computationComplete"], true, "{done}");
    assert_eq!(done["availabilityInfoId"], id.as_str());
    assert_eq!(
        done["paymentTypeAvailabilityInfoList"][0]["available"],
        true
    );
    // Unknown id; POST on the poll.
    let r = sb
        .http
        .get(k.url("availability-info/nope"))
        .header("authorization", &k.auth)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let r = sb
        .http
        .post(k.url(&format!("availability-info/{id}")))
        .header("authorization", &k.auth)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
}

#[tokio::test]
async fn checkout_to_accepted_with_postbacks() {
    let sb = Sandbox::start(&["--settle-ms", "150"]);
    let k = K::new(&sb);
    let hook = sb.url("/echo/koshelek-v1");
    sb.admin_post("/koshelek/config", json!({"postbackUrl": hook}))
        .await;
    let (code, v) = k.checkout("A1G97N", 14245).await;
    assert_eq!(code, 200, "{v}");
    assert_eq!(v["status"], "new");
    assert!(v["requestId"].is_string());
    let id = v["transactionId"].as_str().unwrap().to_string();
    assert_eq!(v["slip"]["paymentTransactionId"], id.as_str());
    assert_eq!(v["slip"]["totalAmount"], 14245);
    let s = k.wait(&id, "accepted").await;
    assert_eq!(s["paymentGroup"], "SBP");
    assert!(s["slip"]["qrcId"].is_string());
    assert!(s.get("errorCode").is_none());
    // A second checkout of the same session: already paid.
    common::assert_error(
        &k.checkout("A1G97N", 14245).await,
        422,
        "TRANSACTION_FOR_SESSION_ID_ALREADY_PAYED",
    );
    // Postbacks: pending, then accepted, each the status object, with the partner's Basic auth.
    let list = sb.wait_delivered(2).await;
    let got = sb.admin_get("/requests?path=/echo/koshelek-v1").await;
    let reqs = got["requests"].as_array().unwrap();
    assert_eq!(reqs.len(), 2, "{got}");
    let k_info = &sb.info["koshelek"];
    let auth = kassa::koshelek::notification::basic_auth_header(
        k_info["partnerLogin"].as_str().unwrap(),
        k_info["partnerPassword"].as_str().unwrap(),
    );
    let mut statuses = Vec::new();
    for r in reqs {
        assert!(r["headers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h[0] == "authorization" && h[1] == json!(auth)));
        let body: Value = serde_json::from_str(r["body"].as_str().unwrap()).unwrap();
        assert_eq!(body["transactionId"], id.as_str());
        assert!(body["paymentProvider"].is_string());
        statuses.push(body["status"].as_str().unwrap().to_string());
    }
    assert_eq!(statuses, ["pending", "accepted"]);
    assert_eq!(list[0]["gateway"], "koshelek");
}

#[tokio::test]
async fn rejected_answers_are_200_with_a_business_error_code() {
    let sb = Sandbox::start(&["--settle-ms", "100"]);
    let k = K::new(&sb);
    // Below 4 roubles: rejected at once.
    let (code, v) = k.checkout("SMALL1", 399).await;
    assert_eq!(code, 200);
    assert_eq!(v["status"], "rejected");
    assert_eq!(v["errorCode"], "TOTAL_AMOUNT_IS_TOO_SMALL");
    // The limit: rejected by the provider after pending.
    let (_, v) = k.checkout("LIMIT1", 14245).await;
    let id = v["transactionId"].as_str().unwrap();
    let s = k.wait(id, "rejected").await;
    assert_eq!(s["errorCode"], "NOT_ENOUGH_LIMIT_TO_PAY");
    let (_, v) = k.checkout("PROVIDER1", 14245).await;
    let s = k
        .wait(v["transactionId"].as_str().unwrap(), "rejected")
        .await;
    assert_eq!(s["errorCode"], "EXTERNAL_PROVIDER_ERROR");
    // BUSY: the status query answers TRANSACTION_IN_PROCESSING until the payment is final.
    let (_, v) = k.checkout("BUSY1", 14245).await;
    let id = v["transactionId"].as_str().unwrap();
    common::assert_error(
        &k.post("transaction/status", json!({"transactionId": id}))
            .await,
        422,
        "TRANSACTION_IN_PROCESSING",
    );
    k.wait(id, "accepted").await;
    // Unknown session.
    common::assert_error(
        &k.checkout("000000", 14245).await,
        422,
        "UNKNOWN_SESSION_ID",
    );
    common::assert_error(
        &k.checkout("with-hyphens", 14245).await,
        422,
        "UNKNOWN_SESSION_ID",
    );
}

#[tokio::test]
async fn cancel_only_before_completion() {
    let sb = Sandbox::start(&["--settle-ms", "100"]);
    let k = K::new(&sb);
    let id = k.start("HOLD1").await;
    k.wait(&id, "pending").await;
    // An existing unfinished transaction blocks a second checkout of the session.
    common::assert_error(
        &k.checkout("HOLD1", 14245).await,
        422,
        "TRANSACTION_FOR_SESSION_ID_ALREADY_EXISTS",
    );
    let c = assert_ref(k.cancel(&id).await, "accepted", "canceled");
    let ref_id = c["refTransactionId"].as_str().unwrap().to_string();
    // Status by refTransactionId.
    let (code, s) = k
        .raw(
            "transaction/status",
            &json!({"requestId": k.request_id(), "refTransactionId": ref_id}),
            false,
        )
        .await;
    assert_eq!(code, 200);
    assert_eq!(s["transactionId"], id.as_str());
    assert_eq!(s["refStatus"], "accepted");
    assert_eq!(s["status"], "canceled");
    // A completed payment cannot be cancelled (refund instead).
    let done = k.start("DONE1").await;
    k.wait(&done, "accepted").await;
    assert_ref(k.cancel(&done).await, "rejected", "accepted");
    common::assert_error(
        &k.cancel("00000000-0000-0000-0000-000000000000").await,
        422,
        "UNKNOWN_TRANSACTION_ID",
    );
}

#[tokio::test]
async fn refunds_by_items_full_partial_and_refused() {
    let sb = Sandbox::start(&["--settle-ms", "50"]);
    let k = K::new(&sb);
    let id = k.start("REFUND1").await;
    // Not paid yet.
    let item1 = json!({"name": "Товар 1", "price": 10000, "quantity": 1, "totalAmount": 1900, "tax": "vat10"});
    let (code, r) = k
        .post(
            "transaction/refund",
            json!({"transactionId": id, "refundAmount": 1900, "items": [item1]}),
        )
        .await;
    assert_eq!(code, 200);
    assert_eq!(
        (r["refStatus"].as_str(), r["errorCode"].as_str()),
        (Some("rejected"), Some("PAYMENT_TRANSACTION_IS_NOT_PAID"))
    );
    k.wait(&id, "accepted").await;
    // Partial: one item (no article: the reference's refund sample has none).
    let r = assert_ref(
        k.post(
            "transaction/refund",
            json!({"transactionId": id, "refundAmount": 1900, "items": [item1]}),
        )
        .await,
        "accepted",
        "partial_refunded",
    );
    assert!(r["slip"]["refundTransactionId"].is_string());
    // The same item again: its quantity is used up.
    let (_, r) = k
        .post(
            "transaction/refund",
            json!({"transactionId": id, "refundAmount": 1900, "items": [item1]}),
        )
        .await;
    assert_eq!(
        r["errorCode"],
        "REQUESTED_REFUND_AMOUNT_IS_GREATER_THAN_AVAILABLE"
    );
    // More than is left.
    let big = json!({"name": "Товар 2", "price": 12345, "quantity": 1, "totalAmount": 13000, "tax": "vat20"});
    let (_, r) = k
        .post(
            "transaction/refund",
            json!({"transactionId": id, "refundAmount": 13000, "items": [big]}),
        )
        .await;
    assert_eq!(
        r["errorCode"],
        "REQUESTED_REFUND_AMOUNT_IS_GREATER_THAN_AVAILABLE"
    );
    // An item the payment does not have.
    let other =
        json!({"name": "Другое", "price": 1, "quantity": 1, "totalAmount": 100, "tax": "none"});
    common::assert_error(
        &k.post(
            "transaction/refund",
            json!({"transactionId": id, "refundAmount": 100, "items": [other]}),
        )
        .await,
        422,
        "WRONG_TRANSACTION_STATE_CHANGE",
    );
    // refundAmount must be the items' sum.
    let (code, _) = k
        .post(
            "transaction/refund",
            json!({"transactionId": id, "refundAmount": 500, "items": [item1]}),
        )
        .await;
    assert_eq!(code, 400);
    // The bank trigger (13 kopecks).
    let thirteen =
        json!({"name": "Товар 2", "price": 13, "quantity": 1, "totalAmount": 13, "tax": "vat20"});
    common::assert_error(
        &k.post(
            "transaction/refund",
            json!({"transactionId": id, "refundAmount": 13, "items": [thirteen]}),
        )
        .await,
        422,
        "CANCEL_REFUNDING_BY_BANK",
    );
    // The rest: refunded in full.
    let rest = json!({"name": "Товар 2", "article": "2222222", "price": 12345, "quantity": 2, "totalAmount": 12345, "tax": "vat20"});
    let (_, r) = k
        .post(
            "transaction/refund",
            json!({"transactionId": id, "refundAmount": 12345, "items": [rest]}),
        )
        .await;
    assert_eq!(r["refStatus"], "accepted", "{r}");
    assert_eq!(r["status"], "refunded");
    // Nothing left.
    let (_, r) = k
        .post(
            "transaction/refund",
            json!({"transactionId": id, "refundAmount": 1900, "items": [item1]}),
        )
        .await;
    assert_eq!(r["errorCode"], "TERMINAL_STATE_OF_PAYMENT_TRANSACTION");
    // A full refund in one call of the reference's sample transaction.
    let sample = sb.info["koshelek"]["v1"]["sampleTransactionId"]
        .as_str()
        .unwrap();
    let (_, r) = k
        .post(
            "transaction/refund",
            json!({"storeId": "ac99f4c8-1a8e-4b60-8aeb-fe20220f1b99", "transactionId": sample,
                   "refundAmount": 14245, "items": [item1, {"name": "Товар 2", "price": 12345, "quantity": 1, "totalAmount": 12345, "tax": "vat20"}]}),
        )
        .await;
    assert_eq!(r["status"], "refunded", "{r}");
}

#[tokio::test]
async fn request_id_idempotency() {
    let sb = Sandbox::start(&["--settle-ms", "5000"]);
    let k = K::new(&sb);
    let body = k.body(checkout_body("IDEM1", 14245));
    let (c1, a1) = k.raw("checkout", &body, true).await;
    let (c2, a2) = k.raw("checkout", &body, true).await;
    assert_eq!((c1, c2), (200, 200));
    assert_eq!(
        a1, a2,
        "the same requestId and body: the first answer again"
    );
    let list = sb.admin_get("/koshelek/v1/transactions").await;
    let count = list["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["cardSession"] == "IDEM1")
        .count();
    assert_eq!(count, 1, "no second effect");
    // Key order and whitespace do not matter (compared as JSON).
    let reordered: Value =
        serde_json::from_str(&serde_json::to_string_pretty(&body).unwrap()).unwrap();
    let (_, a3) = k.raw("checkout", &reordered, true).await;
    assert_eq!(a3, a1);
    // The same requestId with another body, or on another endpoint: refused.
    let mut changed = body.clone();
    changed["checkoutInvoice"]["totalAmount"] = json!(14246);
    common::assert_error(
        &k.raw("checkout", &changed, true).await,
        409,
        "REQUEST_ID_REUSED",
    );
    let (code, _) = k
        .raw(
            "transaction/status",
            &json!({"requestId": body["requestId"], "transactionId": a1["transactionId"]}),
            false,
        )
        .await;
    assert_eq!(code, 409);
    // A 422 is an answer too: replayed.
    let bad = k.body(json!({"transactionId": "00000000-0000-0000-0000-000000000000"}));
    let (c1, e1) = k.raw("transaction/cancel", &bad, false).await;
    let (c2, e2) = k.raw("transaction/cancel", &bad, false).await;
    assert_eq!((c1, c2), (422, 422));
    assert_eq!(e1, e2);
}

#[tokio::test]
async fn auth_token_store_and_mandatory_fields() {
    let sb = Sandbox::start(&[]);
    let k = K::new(&sb);
    let body = k.body(checkout_body("AUTH1", 14245));
    // No token on checkout.
    common::assert_error(
        &k.raw("checkout", &body, false).await,
        400,
        "VALIDATION_ERROR",
    );
    // Wrong Basic auth.
    let r = k
        .send_as(
            "checkout",
            &kassa::koshelek::notification::basic_auth_header("sandbox-partner", "nope"),
            &body,
        )
        .await;
    assert_eq!(r.status(), 401);
    assert!(r.headers().contains_key("www-authenticate"));
    // Unknown store.
    let mut other = body.clone();
    other["storeId"] = json!("nope");
    common::assert_error(
        &k.raw("checkout", &other, true).await,
        422,
        "UNKNOWN_PARTNER_ID",
    );
    // Missing terminalId, missing paymentMethods, missing item tax.
    for path in [
        "/terminalId",
        "/paymentMethods",
        "/checkoutInvoice/items/0/tax",
        "/user",
    ] {
        let mut b = k.body(checkout_body("AUTH2", 14245));
        let (parent, key) = path.rsplit_once('/').unwrap();
        let target = if parent.is_empty() {
            &mut b
        } else {
            b.pointer_mut(parent).unwrap()
        };
        target.as_object_mut().unwrap().remove(key);
        let (code, e) = k.raw("checkout", &b, true).await;
        assert_eq!(
            (code, e["code"].as_str()),
            (400, Some("VALIDATION_ERROR")),
            "{path}: {e}"
        );
    }
    // No requestId.
    let mut b = body.clone();
    b.as_object_mut().unwrap().remove("requestId");
    let (code, _) = k.raw("checkout", &b, true).await;
    assert_eq!(code, 400);
    // Status needs no token and no storeId.
    let (code, _) = k
        .raw(
            "transaction/status",
            &json!({"requestId": k.request_id(), "transactionId": sb.info["koshelek"]["v1"]["sampleTransactionId"]}),
            false,
        )
        .await;
    assert_eq!(code, 200);
}

#[tokio::test]
async fn receipt_of_a_paid_transaction() {
    let sb = Sandbox::start(&[]);
    let k = K::new(&sb);
    let sample = sb.info["koshelek"]["v1"]["sampleTransactionId"]
        .as_str()
        .unwrap();
    let invoice = json!({
        "orderId": "12345", "receiptId": "6789", "merchantName": "ООО", "merchantAddress": "СПб",
        "inn": "001234567891", "dateTime": "2020-05-20T20:50:00+03:00", "shift": "5", "cashier": "Иванов",
        "receiptType": "debit", "totalAmount": "14245", "QR": "t=1", "items": items(),
    });
    let r = sb
        .http
        .post(k.url("transaction/receipt"))
        .header("authorization", &k.auth)
        .header("content-type", "application/json")
        .body(
            k.body(json!({"transactionId": sample, "invoice": invoice}))
                .to_string(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.text().await.unwrap(), "", "the reference: an empty body");
    let mut bad = invoice.clone();
    bad["inn"] = json!("123");
    let (code, _) = k
        .post(
            "transaction/receipt",
            json!({"transactionId": sample, "invoice": bad}),
        )
        .await;
    assert_eq!(code, 400);
    common::assert_error(
        &k.post(
            "transaction/receipt",
            json!({"transactionId": "nope", "invoice": invoice}),
        )
        .await,
        422,
        "UNKNOWN_TRANSACTION_ID",
    );
}
