//! RBS stored credentials, recurrent payments, SBP QR (status changes when the payer pays),
//! receipts and templates over real HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{form, Sandbox};
use serde_json::{json, Value};

async fn call(sb: &Sandbox, endpoint: &str, params: &[(&str, &str)]) -> Value {
    let mut all = vec![
        ("userName", "sandbox-hmac-api"),
        ("password", "sandbox-hmac"),
    ];
    all.extend_from_slice(params);
    sb.post_form(sb.url(&format!("/payment/rest/{endpoint}")), form(&all))
        .await
        .json()
        .await
        .unwrap()
}

async fn json_call(sb: &Sandbox, endpoint: &str, mut body: Value) -> Value {
    body["userName"] = json!("sandbox-hmac-api");
    body["password"] = json!("sandbox-hmac");
    sb.http
        .post(sb.url(&format!("/payment/{endpoint}")))
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn paid_order_with_client(sb: &Sandbox, number: &str, client: &str) -> String {
    let v = call(
        sb,
        "register.do",
        &[
            ("orderNumber", number),
            ("amount", "1000"),
            ("returnUrl", "https://shop.test/ok"),
            ("clientId", client),
        ],
    )
    .await;
    let id = v["orderId"].as_str().unwrap().to_string();
    let r = sb
        .post_form(
            sb.url("/payment/merchants/sandbox/pay"),
            form(&[
                ("mdOrder", &id),
                ("pan", "4111111111111111"),
                ("expiry", "12/30"),
                ("cvc", "123"),
                ("action", "pay"),
            ]),
        )
        .await;
    assert_eq!(r.status(), 303);
    id
}

#[tokio::test]
async fn a_paid_order_with_a_client_creates_a_usable_binding() {
    let sb = Sandbox::start(&[]);
    let first = paid_order_with_client(&sb, "b-1", "client-7").await;
    let status = call(&sb, "getOrderStatusExtended.do", &[("orderId", &first)]).await;
    let binding = status["bindingInfo"]["bindingId"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(status["bindingInfo"]["clientId"], "client-7");
    let list = call(&sb, "getBindings.do", &[("clientId", "client-7")]).await;
    assert_eq!(list["bindings"][0]["bindingId"], json!(binding));
    // clientId is Mandatory (reference line 3419).
    assert_eq!(call(&sb, "getBindings.do", &[]).await["errorCode"], "4");
    // paymentOrderBinding on a new order of the same client.
    let v = call(
        &sb,
        "register.do",
        &[
            ("orderNumber", "b-2"),
            ("amount", "500"),
            ("returnUrl", "https://shop.test/ok"),
            ("clientId", "client-7"),
        ],
    )
    .await;
    let second = v["orderId"].as_str().unwrap().to_string();
    let v = call(
        &sb,
        "paymentOrderBinding.do",
        &[("mdOrder", &second), ("bindingId", &binding), ("tii", "F")],
    )
    .await;
    assert_eq!(v["errorCode"], 0, "{v}");
    assert_eq!(
        call(&sb, "getOrderStatusExtended.do", &[("orderId", &second)]).await["orderStatus"],
        2
    );
    // Another client's order cannot use it; an order without clientId gets the reference's error.
    let v = call(
        &sb,
        "register.do",
        &[
            ("orderNumber", "b-3"),
            ("amount", "500"),
            ("returnUrl", "https://shop.test/ok"),
        ],
    )
    .await;
    let third = v["orderId"].as_str().unwrap().to_string();
    let v = call(
        &sb,
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
        call(&sb, "unBindCard.do", &[("bindingId", &binding)]).await["errorCode"],
        "0"
    );
    assert_eq!(
        call(&sb, "unBindCard.do", &[("bindingId", &binding)]).await["errorMessage"],
        "Binging isn't active"
    );
    let v = json_call(
        &sb,
        "recurrentPayment.do",
        json!({"orderNumber": "r-1", "amount": 700, "bindingId": binding}),
    )
    .await;
    assert_eq!(v["success"], false);
    assert_eq!(
        call(&sb, "bindCard.do", &[("bindingId", &binding)]).await["errorCode"],
        "0"
    );
    assert_eq!(
        call(&sb, "bindCard.do", &[("bindingId", &binding)]).await["errorMessage"],
        "Binging is active"
    );
    // Recurrent and installment payments register and pay in one call.
    let v = json_call(&sb, "recurrentPayment.do", json!({"orderNumber": "r-1", "amount": 700, "bindingId": binding, "additionalParameters": {"a": "b"}})).await;
    assert_eq!(
        (
            v["success"].as_bool(),
            v["orderStatus"]["orderStatus"].as_u64()
        ),
        (Some(true), Some(2))
    );
    let v = json_call(
        &sb,
        "recurrentPayment.do",
        json!({"orderNumber": "r-1", "amount": 700, "bindingId": binding}),
    )
    .await;
    assert_eq!(v["error"]["code"], "10", "a duplicate order number");
    let v = json_call(
        &sb,
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
        call(
            &sb,
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
        call(
            &sb,
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
    let v = call(&sb, "getBindingsByCardOrId.do", &[("bindingId", &binding)]).await;
    assert_eq!(v["bindings"][0]["expiryDate"], "203501");
    let v = call(
        &sb,
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
        call(
            &sb,
            "getBindingsByCardOrId.do",
            &[("pan", "4111111111111111")]
        )
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
    let v = call(
        &sb,
        "register.do",
        &[
            ("orderNumber", "q-1"),
            ("amount", "1500"),
            ("returnUrl", "https://shop.test/ok"),
            ("dynamicCallbackUrl", &sb.url("/echo/sbp")),
        ],
    )
    .await;
    let id = v["orderId"].as_str().unwrap().to_string();
    let qr = call(
        &sb,
        "sbp/c2b/qr/dynamic/get.do",
        &[("mdOrder", &id), ("qrFormat", "matrix")],
    )
    .await;
    let qr_id = qr["qrId"].as_str().unwrap().to_string();
    assert!(qr["payload"].as_str().unwrap().contains("sum=1500"));
    let s = call(
        &sb,
        "sbp/c2b/qr/status.do",
        &[("mdOrder", &id), ("qrId", &qr_id)],
    )
    .await;
    assert_eq!(
        (s["qrStatus"].as_str(), s["transactionState"].as_str()),
        (Some("STARTED"), Some("CREATED"))
    );
    sb.admin_post("/rbs/sbp/pay", json!({"qrId": qr_id})).await;
    let s = call(
        &sb,
        "sbp/c2b/qr/status.do",
        &[("mdOrder", &id), ("qrId", &qr_id)],
    )
    .await;
    assert_eq!(
        (s["qrStatus"].as_str(), s["transactionState"].as_str()),
        (Some("ACCEPTED"), Some("DEPOSITED"))
    );
    assert_eq!(
        call(&sb, "getOrderStatusExtended.do", &[("orderId", &id)]).await["orderStatus"],
        2
    );
    assert_eq!(
        call(
            &sb,
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
    let v = call(
        &sb,
        "register.do",
        &[
            ("orderNumber", "q-2"),
            ("amount", "100"),
            ("returnUrl", "https://shop.test/ok"),
        ],
    )
    .await;
    let id = v["orderId"].as_str().unwrap().to_string();
    let qr = call(&sb, "sbp/c2b/qr/dynamic/get.do", &[("mdOrder", &id)]).await;
    let qr_id = qr["qrId"].as_str().unwrap().to_string();
    assert_eq!(
        call(
            &sb,
            "sbp/c2b/qr/dynamic/reject.do",
            &[("mdOrder", &id), ("qrId", &qr_id)]
        )
        .await["rejected"],
        true
    );
    let r = sb
        .http
        .post(sb.url("/__admin/rbs/sbp/pay"))
        .json(&json!({"qrId": qr_id}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(
        call(
            &sb,
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

#[tokio::test]
async fn receipts_follow_the_order() {
    let sb = Sandbox::start(&[]);
    let v = call(
        &sb,
        "register.do",
        &[
            ("orderNumber", "f-1"),
            ("amount", "1000"),
            ("returnUrl", "https://shop.test/ok"),
        ],
    )
    .await;
    let id = v["orderId"].as_str().unwrap().to_string();
    assert_eq!(
        call(
            &sb,
            "closeOfdReceipt.do",
            &[("mdOrder", &id), ("amount", "1000")]
        )
        .await["errorCode"],
        "7",
        "not paid"
    );
    let id = paid_order_with_client(&sb, "f-2", "c").await;
    let r = call(&sb, "getReceiptStatus.do", &[("orderId", &id)]).await;
    assert_eq!(r["receipt"].as_array().unwrap().len(), 1);
    assert_eq!(
        call(
            &sb,
            "closeOfdReceipt.do",
            &[("mdOrder", &id), ("amount", "1000")]
        )
        .await,
        json!({"success": true})
    );
    let r = call(&sb, "getReceiptStatus.do", &[("orderId", &id)]).await;
    assert_eq!(r["receipt"].as_array().unwrap().len(), 2);
    let uuid = r["receipt"][1]["uuid"].as_str().unwrap().to_string();
    assert_eq!(
        call(&sb, "getReceiptStatus.do", &[("uuid", &uuid)]).await["receipt"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    call(&sb, "refund.do", &[("orderId", &id), ("amount", "1000")]).await;
    assert_eq!(
        call(
            &sb,
            "closeOfdReceipt.do",
            &[("mdOrder", &id), ("amount", "1000")]
        )
        .await["errorCode"],
        "7",
        "fully refunded"
    );
    assert_eq!(
        call(
            &sb,
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
    let tpl = |endpoint: &'static str, template: Value| {
        let body = json!({"username": "sandbox-hmac-api", "password": "sandbox-hmac", "template": template});
        let req = sb
            .http
            .post(sb.url(&format!("/payment/rest/templates/{endpoint}")))
            .json(&body);
        async move { req.send().await.unwrap().json::<Value>().await.unwrap() }
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
        .http
        .post(sb.url("/payment/rest/templates/getList.do"))
        .json(&json!({"username": "sandbox-hmac-api", "password": "sandbox-hmac"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
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
        .http
        .post(sb.url("/payment/rest/templates/get.do"))
        .json(&json!({"username": "x", "password": "y"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["status"], "FAIL");
}

#[tokio::test]
async fn binding_callbacks_created_and_activity_changed() {
    let sb = Sandbox::start(&[]);
    sb.admin_post(
        "/rbs/merchants/hmac",
        json!({"callbackUrl": sb.url("/echo/bindings")}),
    )
    .await;
    let id = paid_order_with_client(&sb, "bc-1", "client-9").await;
    let binding = call(&sb, "getOrderStatusExtended.do", &[("orderId", &id)]).await["bindingInfo"]
        ["bindingId"]
        .as_str()
        .unwrap()
        .to_string();
    call(&sb, "unBindCard.do", &[("bindingId", &binding)]).await;
    let l = sb
        .wait_notifications(|l| l.len() == 3 && l.iter().all(|n| n["delivered"] == true))
        .await;
    let verifier = kassa::rbs::callback::CallbackVerifier::new(
        Some(
            sb.info["rbs"]["hmacKey"]
                .as_str()
                .unwrap()
                .as_bytes()
                .to_vec(),
        ),
        vec![],
    )
    .unwrap();
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
