//! RBS stored credentials, recurrent payments, SBP QR (status changes when the payer pays),
//! receipts and templates over real HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::rbs::Rbs;
use common::{form, Sandbox};
use serde_json::{json, Value};

async fn paid_order_with_client(rbs: &Rbs<'_>, number: &str, client: &str) -> String {
    let id = rbs.register(number, "1000", &[("clientId", client)]).await;
    rbs.pay_hosted(&id, "4111111111111111").await;
    id
}

/// The qrStatus and transactionState of QR `qr_id` of order `id` (sbp/c2b/qr/status.do).
async fn qr_state(rbs: &Rbs<'_>, id: &str, qr_id: &str) -> (String, String) {
    let s = rbs
        .call("sbp/c2b/qr/status.do", &[("mdOrder", id), ("qrId", qr_id)])
        .await;
    let text = |k: &str| s[k].as_str().unwrap_or("absent").to_string();
    (text("qrStatus"), text("transactionState"))
}

#[tokio::test]
async fn a_paid_order_with_a_client_creates_a_usable_binding() {
    let sb = Sandbox::start(&[]);
    let rbs = Rbs::merchant(&sb, "hmac");
    let first = paid_order_with_client(&rbs, "b-1", "client-7").await;
    let status = rbs
        .call("getOrderStatusExtended.do", &[("orderId", &first)])
        .await;
    let binding = status["bindingInfo"]["bindingId"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(status["bindingInfo"]["clientId"], "client-7");
    let list = rbs
        .call("getBindings.do", &[("clientId", "client-7")])
        .await;
    assert_eq!(list["bindings"][0]["bindingId"], json!(binding));
    // clientId is Mandatory (reference line 3419).
    assert_eq!(rbs.call("getBindings.do", &[]).await["errorCode"], "4");
    // paymentOrderBinding on a new order of the same client.
    let second = rbs
        .register("b-2", "500", &[("clientId", "client-7")])
        .await;
    let v = rbs
        .call(
            "paymentOrderBinding.do",
            &[("mdOrder", &second), ("bindingId", &binding), ("tii", "F")],
        )
        .await;
    assert_eq!(v["errorCode"], 0, "{v}");
    assert_eq!(
        rbs.call("getOrderStatusExtended.do", &[("orderId", &second)])
            .await["orderStatus"],
        2
    );
    // Another client's order cannot use it; an order without clientId gets the reference's error.
    let third = rbs.register("b-3", "500", &[]).await;
    let v = rbs
        .call(
            "paymentOrderBinding.do",
            &[("mdOrder", &third), ("bindingId", &binding), ("tii", "F")],
        )
        .await;
    assert_eq!(
        (v["errorCode"].as_i64(), v["errorMessage"].as_str()),
        (Some(5), Some("[clientId] is empty"))
    );
    // Deactivate: unusable; twice is the reference's error; re-activate.
    assert_eq!(
        rbs.call("unBindCard.do", &[("bindingId", &binding)]).await["errorCode"],
        "0"
    );
    assert_eq!(
        rbs.call("unBindCard.do", &[("bindingId", &binding)]).await["errorMessage"],
        "Binging isn't active"
    );
    let v = rbs
        .json_call(
            "recurrentPayment.do",
            json!({"orderNumber": "r-1", "amount": 700, "bindingId": binding}),
        )
        .await;
    assert_eq!(v["success"], false);
    assert_eq!(
        rbs.call("bindCard.do", &[("bindingId", &binding)]).await["errorCode"],
        "0"
    );
    assert_eq!(
        rbs.call("bindCard.do", &[("bindingId", &binding)]).await["errorMessage"],
        "Binging is active"
    );
    // Recurrent and installment payments register and pay in one call.
    let v = rbs.json_call("recurrentPayment.do", json!({"orderNumber": "r-1", "amount": 700, "bindingId": binding, "additionalParameters": {"a": "b"}})).await;
    assert_eq!(
        (
            v["success"].as_bool(),
            v["orderStatus"]["orderStatus"].as_u64()
        ),
        (Some(true), Some(2))
    );
    let v = rbs
        .json_call(
            "recurrentPayment.do",
            json!({"orderNumber": "r-1", "amount": 700, "bindingId": binding}),
        )
        .await;
    assert_eq!(v["error"]["code"], "10", "a duplicate order number");
    let v = rbs
        .json_call(
            "installmentPayment.do",
            json!({"orderNumber": "i-1", "amount": 900, "bindingId": binding}),
        )
        .await;
    assert_eq!(
        (v["errorCode"].as_i64(), v["orderStatus"]["amount"].as_u64()),
        (Some(0), Some(900))
    );
    // Extend, by card, and without payment.
    assert_eq!(
        rbs.call(
            "extendBinding.do",
            &[
                ("bindingId", &binding),
                ("newExpiry", "203501"),
                ("language", "en")
            ]
        )
        .await["errorCode"],
        "0"
    );
    assert_eq!(
        rbs.call(
            "extendBinding.do",
            &[
                ("bindingId", &binding),
                ("newExpiry", "13/35"),
                ("language", "en")
            ]
        )
        .await["errorCode"],
        "5"
    );
    let v = rbs
        .call("getBindingsByCardOrId.do", &[("bindingId", &binding)])
        .await;
    assert_eq!(v["bindings"][0]["expiryDate"], "203501");
    let v = rbs
        .call(
            "createBindingNoPayment.do",
            &[
                ("clientId", "client-8"),
                ("pan", "4111111111111111"),
                ("expiryDate", "203012"),
                // Mandatory (reference line 4226).
                ("cardholderName", "TEST CARDHOLDER"),
            ],
        )
        .await;
    assert_eq!(v["error"], false);
    assert_eq!(
        rbs.call("getBindingsByCardOrId.do", &[("pan", "4111111111111111")])
            .await["bindings"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn sbp_qr_status_changes_when_the_payer_pays() {
    let sb = Sandbox::start(&[]);
    let rbs = Rbs::merchant(&sb, "hmac");
    let id = rbs
        .register(
            "q-1",
            "1500",
            &[("dynamicCallbackUrl", &sb.url("/echo/sbp"))],
        )
        .await;
    let qr = rbs
        .call(
            "sbp/c2b/qr/dynamic/get.do",
            &[("mdOrder", &id), ("qrFormat", "matrix")],
        )
        .await;
    let qr_id = qr["qrId"].as_str().unwrap().to_string();
    assert!(qr["payload"].as_str().unwrap().contains("sum=1500"));
    assert_eq!(
        qr_state(&rbs, &id, &qr_id).await,
        ("STARTED".into(), "CREATED".into())
    );
    sb.admin_post("/rbs/sbp/pay", json!({"qrId": qr_id})).await;
    assert_eq!(
        qr_state(&rbs, &id, &qr_id).await,
        ("ACCEPTED".into(), "DEPOSITED".into())
    );
    assert_eq!(
        rbs.call("getOrderStatusExtended.do", &[("orderId", &id)])
            .await["orderStatus"],
        2
    );
    assert_eq!(
        rbs.call(
            "sbp/c2b/qr/dynamic/reject.do",
            &[("mdOrder", &id), ("qrId", &qr_id)]
        )
        .await["rejected"],
        false
    );
    sb.wait_notifications(|l| {
        l.iter()
            .any(|n| n["orderId"] == json!(id) && n["delivered"] == true)
    })
    .await;
    // Rejected by the payer: a new QR is STARTED again; paying a rejected one fails.
    let id = rbs.register("q-2", "100", &[]).await;
    let qr = rbs
        .call("sbp/c2b/qr/dynamic/get.do", &[("mdOrder", &id)])
        .await;
    let qr_id = qr["qrId"].as_str().unwrap().to_string();
    assert_eq!(
        rbs.call(
            "sbp/c2b/qr/dynamic/reject.do",
            &[("mdOrder", &id), ("qrId", &qr_id)]
        )
        .await["rejected"],
        true
    );
    let r = sb
        .post_json_response("/__admin/rbs/sbp/pay", &json!({"qrId": qr_id}))
        .await;
    assert_eq!(r.status(), 400);
    assert_eq!(
        rbs.call(
            "sbp/c2b/qr/status.do",
            &[("mdOrder", &id), ("qrId", &qr_id)]
        )
        .await["qrStatus"],
        "REJECTED_BY_USER"
    );
    // Another merchant cannot see the QR.
    let other = sb
        .post_form(
            sb.url("/payment/rest/sbp/c2b/qr/status.do"),
            form(&[
                ("userName", "sandbox-plain-api"),
                ("password", "sandbox-plain"),
                ("mdOrder", &id),
                ("qrId", &qr_id),
            ]),
        )
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(other["errorCode"], "6");
}

/// closeOfdReceipt.do of order `id` for its whole 1000.
async fn close_receipt(rbs: &Rbs<'_>, id: &str) -> Value {
    rbs.call("closeOfdReceipt.do", &[("mdOrder", id), ("amount", "1000")])
        .await
}

/// How many receipts a getReceiptStatus.do answer lists.
fn receipts(answer: &Value) -> usize {
    answer["receipt"].as_array().unwrap().len()
}

#[tokio::test]
async fn receipts_follow_the_order() {
    let sb = Sandbox::start(&[]);
    let rbs = Rbs::merchant(&sb, "hmac");
    let id = rbs.register("f-1", "1000", &[]).await;
    assert_eq!(close_receipt(&rbs, &id).await["errorCode"], "7", "not paid");
    let id = paid_order_with_client(&rbs, "f-2", "c").await;
    let r = rbs.call("getReceiptStatus.do", &[("orderId", &id)]).await;
    assert_eq!(receipts(&r), 1);
    assert_eq!(close_receipt(&rbs, &id).await, json!({"success": true}));
    let r = rbs.call("getReceiptStatus.do", &[("orderId", &id)]).await;
    assert_eq!(receipts(&r), 2);
    let uuid = r["receipt"][1]["uuid"].as_str().unwrap().to_string();
    assert_eq!(
        receipts(&rbs.call("getReceiptStatus.do", &[("uuid", &uuid)]).await),
        1
    );
    rbs.call("refund.do", &[("orderId", &id), ("amount", "1000")])
        .await;
    assert_eq!(
        close_receipt(&rbs, &id).await["errorCode"],
        "7",
        "fully refunded"
    );
    assert_eq!(
        rbs.call(
            "closeOfdReceipt.do",
            &[
                ("mdOrder", &id),
                ("amount", "1000"),
                ("orderBundle", "{broken")
            ]
        )
        .await["errorCode"],
        "5"
    );
}

#[tokio::test]
async fn templates_create_get_update_list() {
    let sb = Sandbox::start(&[]);
    let rbs = Rbs::merchant(&sb, "hmac");
    let sb = &sb;
    let tpl = |endpoint: &'static str, template: Value| {
        let body = json!({"username": rbs.user, "password": rbs.password, "template": template});
        let url = sb.url(&format!("/payment/rest/templates/{endpoint}"));
        async move { sb.post_json(url, &body).await }
    };
    let v = tpl("create.do", json!({"type": "ECOM", "name": "coffee", "currency": "RUB", "amount": 25000,
        "additionalParams": [{"name": "phone", "label": "Phone", "required": true}, {"name": "email", "label": "Email"}]})).await;
    assert_eq!(v["status"], "SUCCESS");
    let id = v["template"]["templateId"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 16);
    let got = tpl("get.do", json!({"templateId": id})).await;
    assert_eq!(
        (
            got["template"]["name"].as_str(),
            got["template"]["amount"].as_u64()
        ),
        (Some("coffee"), Some(25000))
    );
    assert!(got["template"].get("merchant").is_none());
    let v = tpl("update.do", json!({"templateId": id, "amount": 30000, "additionalParams": [{"name": "phone", "mode": "REMOVE"}]})).await;
    assert_eq!(v, json!({"status": "SUCCESS"}));
    let got = tpl("get.do", json!({"templateId": id})).await;
    assert_eq!(got["template"]["amount"], 30000);
    assert_eq!(
        got["template"]["additionalParams"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["email"]
    );
    let list: Value = sb
        .post_json(
            sb.url("/payment/rest/templates/getList.do"),
            &json!({"username": rbs.user, "password": rbs.password}),
        )
        .await;
    assert_eq!(
        list["templates"].as_array().unwrap().len(),
        1,
        "only this merchant's templates"
    );
    let missing = tpl("get.do", json!({"templateId": "umoPoMUCbGrsKRKT"})).await;
    assert_eq!(
        (
            missing["status"].as_str(),
            missing["error"]["code"].as_str()
        ),
        (Some("FAIL"), Some("6"))
    );
    let v: Value = sb
        .post_json(
            sb.url("/payment/rest/templates/get.do"),
            &json!({"username": "x", "password": "y"}),
        )
        .await;
    assert_eq!(v["status"], "FAIL");
}

#[tokio::test]
async fn binding_callbacks_created_and_activity_changed() {
    let sb = Sandbox::start(&[]);
    let rbs = Rbs::merchant(&sb, "hmac");
    sb.admin_post(
        "/rbs/merchants/hmac",
        json!({"callbackUrl": sb.url("/echo/bindings")}),
    )
    .await;
    let id = paid_order_with_client(&rbs, "bc-1", "client-9").await;
    let binding = rbs
        .call("getOrderStatusExtended.do", &[("orderId", &id)])
        .await["bindingInfo"]["bindingId"]
        .as_str()
        .unwrap()
        .to_string();
    rbs.call("unBindCard.do", &[("bindingId", &binding)]).await;
    let l = sb.wait_delivered(3).await;
    let verifier = common::rbs::hmac_verifier(&sb);
    let got: Vec<Vec<(String, String)>> = l
        .iter()
        .map(|n| {
            verifier
                .verify_input(n["url"].as_str().unwrap())
                .unwrap()
                .params
        })
        .collect();
    let get =
        |p: &Vec<(String, String)>, k: &str| p.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    assert_eq!(get(&got[0], "operation").as_deref(), Some("deposited"));
    assert_eq!(get(&got[1], "operation").as_deref(), Some("bindingCreated"));
    assert_eq!(get(&got[1], "bindingId"), Some(binding.clone()));
    assert_eq!(get(&got[1], "panMasked").as_deref(), Some("411111**1111"));
    assert_eq!(
        get(&got[2], "operation").as_deref(),
        Some("bindingActivityChanged")
    );
    assert_eq!(get(&got[2], "enabled").as_deref(), Some("false"));
}
