//! The emulator refuses what the gateway would refuse, and no more: for a representative endpoint
//! of each gateway, a deliberately wrong request of each kind (GET for POST, JSON for a form, a
//! form for JSON, a missing Mandatory parameter, a wrong field name or an alias, an undocumented
//! path), and the reference's Optional parameters left out.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{form, Sandbox};
use serde_json::{json, Value};

const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";

async fn send(
    sb: &Sandbox,
    method: &str,
    path: &str,
    ctype: Option<&str>,
    body: String,
) -> (u16, Value, reqwest::header::HeaderMap) {
    let mut req = sb
        .http
        .request(method.parse().unwrap(), sb.url(path))
        .body(body);
    if let Some(c) = ctype {
        req = req.header("content-type", c);
    }
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let text = r.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::Null),
        headers,
    )
}

/// POST `/payment/rest/{endpoint}` as the reference's test_user with `params`; the answer's JSON.
async fn reference_call(sb: &Sandbox, endpoint: &str, params: &[(&str, &str)]) -> Value {
    let mut pairs = vec![
        ("userName", "test_user"),
        ("password", "test_user_password"),
    ];
    pairs.extend_from_slice(params);
    let path = format!("/payment/rest/{endpoint}");
    send(sb, "POST", &path, Some(FORM), form(&pairs)).await.1
}

fn register_form(extra: &[(&str, &str)], drop: &str) -> String {
    let mut pairs = vec![
        ("userName", "test_user"),
        ("password", "test_user_password"),
        ("orderNumber", "strict-1"),
        ("amount", "1000"),
        ("returnUrl", "https://shop.test/ok"),
    ];
    pairs.retain(|(k, _)| *k != drop);
    pairs.extend_from_slice(extra);
    form(&pairs)
}

#[tokio::test]
async fn rbs_refuses_what_the_reference_does_not_allow() {
    let sb = Sandbox::start(&[]);
    // The right request works.
    let (s, v, _) = send(
        &sb,
        "POST",
        "/payment/rest/register.do",
        Some(FORM),
        register_form(&[], ""),
    )
    .await;
    assert_eq!(s, 200);
    assert!(v["orderId"].is_string(), "{v}");
    // GET for POST (reference line 3): 405, Allow: POST.
    let q = register_form(&[("orderNumber", "strict-2")], "orderNumber");
    let (s, _, h) = send(
        &sb,
        "GET",
        &format!("/payment/rest/register.do?{q}"),
        None,
        String::new(),
    )
    .await;
    assert_eq!(s, 405);
    assert_eq!(h["allow"], "POST");
    // Parameters in the URL are not read (line 97): nothing authenticates.
    let (s, v, _) = send(
        &sb,
        "POST",
        &format!("/payment/rest/register.do?{q}"),
        Some(FORM),
        String::new(),
    )
    .await;
    assert_eq!((s, v["errorCode"].as_str()), (200, Some("5")));
    // JSON for a form endpoint (register.do: form, line 192): 415 in the endpoint's error shape.
    let body = json!({"userName": "test_user", "password": "test_user_password", "orderNumber": "strict-3", "amount": 1000, "returnUrl": "https://shop.test/ok"});
    let (s, v, _) = send(
        &sb,
        "POST",
        "/payment/rest/register.do",
        Some(JSON),
        body.to_string(),
    )
    .await;
    assert_eq!((s, v["errorCode"].as_str()), (415, Some("5")));
    assert!(v["errorMessage"].as_str().unwrap().contains(FORM));
    // No Content-Type at all.
    let (s, _, _) = send(
        &sb,
        "POST",
        "/payment/rest/register.do",
        None,
        register_form(&[("orderNumber", "strict-4")], "orderNumber"),
    )
    .await;
    assert_eq!(s, 415);
    // A form for a JSON endpoint (templates/getList.do: JSON, line 6027; recurrentPayment.do:
    // JSON, line 3664): 415 in their shapes.
    let (s, v, _) = send(
        &sb,
        "POST",
        "/payment/rest/templates/getList.do",
        Some(FORM),
        form(&[
            ("userName", "test_user"),
            ("password", "test_user_password"),
        ]),
    )
    .await;
    assert_eq!((s, v["status"].as_str()), (415, Some("FAIL")));
    let (s, v, _) = send(
        &sb,
        "POST",
        "/payment/recurrentPayment.do",
        Some(FORM),
        form(&[
            ("userName", "test_user"),
            ("password", "test_user_password"),
        ]),
    )
    .await;
    assert_eq!((s, v["success"].as_bool()), (415, Some(false)));
    // A missing Mandatory parameter (returnUrl, line 208): errorCode 4 naming it.
    let (s, v, _) = send(
        &sb,
        "POST",
        "/payment/rest/register.do",
        Some(FORM),
        register_form(&[], "returnUrl"),
    )
    .await;
    assert_eq!((s, v["errorCode"].as_str()), (200, Some("4")));
    assert!(
        v["errorMessage"].as_str().unwrap().contains("[returnUrl]"),
        "{v}"
    );
    // decline.do needs orderNumber too (line 2946); an empty value is what the reference asks
    // for when there is none (line 6).
    let id = v_order(&sb, "strict-5").await;
    let decline = |extra: Vec<(&'static str, String)>| {
        let mut pairs: Vec<(String, String)> = vec![
            ("userName".into(), "test_user".into()),
            ("password".into(), "test_user_password".into()),
            ("orderId".into(), id.clone()),
        ];
        pairs.extend(extra.into_iter().map(|(k, v)| (k.to_string(), v)));
        common::form_owned(&pairs)
    };
    let (_, v, _) = send(
        &sb,
        "POST",
        "/payment/rest/decline.do",
        Some(FORM),
        decline(vec![]),
    )
    .await;
    assert_eq!(v["errorCode"], "4", "{v}");
    let (_, v, _) = send(
        &sb,
        "POST",
        "/payment/rest/decline.do",
        Some(FORM),
        decline(vec![("orderNumber", String::new())]),
    )
    .await;
    assert_eq!(v["errorCode"], 0, "{v}");
    // Wrong names and aliases: `username` outside templates/*.do; `orderid`; closeOfdReceipt's
    // `orderId` (it takes mdOrder or orderNumber, line 4865); paymentorder's `mdOrder` (MDORDER,
    // line 1189); finish3dsPayment's `PaRes` (paRes, line 4549).
    let (_, v, _) = send(
        &sb,
        "POST",
        "/payment/rest/register.do",
        Some(FORM),
        register_form(
            &[("username", "test_user"), ("orderNumber", "strict-6")],
            "userName",
        )
        .replace("orderNumber=strict-1&", ""),
    )
    .await;
    assert_eq!(v["errorCode"], "5", "{v}");
    let v = reference_call(&sb, "getOrderStatusExtended.do", &[("orderid", &id)]).await;
    assert_eq!(v["errorCode"], "4", "{v}");
    let paid = "01491d0b-c848-7dd6-a20d-e96900a7d8c0";
    let v = reference_call(
        &sb,
        "closeOfdReceipt.do",
        &[("orderId", paid), ("amount", "100")],
    )
    .await;
    assert_eq!(v["errorCode"], "4", "{v}");
    let v = reference_call(
        &sb,
        "closeOfdReceipt.do",
        &[("mdOrder", paid), ("amount", "100")],
    )
    .await;
    assert_eq!(v["success"], true, "{v}");
    let card = [
        ("$PAN", "4111111111111111"),
        ("$CVC", "123"),
        ("YYYY", "2030"),
        ("MM", "12"),
        ("TEXT", "T"),
        ("language", "en"),
    ];
    let mut pairs = vec![
        ("userName", "test_user"),
        ("password", "test_user_password"),
        ("mdOrder", id.as_str()),
    ];
    pairs.extend_from_slice(&card);
    let (_, v, _) = send(
        &sb,
        "POST",
        "/payment/rest/paymentorder.do",
        Some(FORM),
        form(&pairs),
    )
    .await;
    assert_eq!(
        v["errorCode"], 4,
        "MDORDER is Mandatory, mdOrder is not its name: {v}"
    );
    let v = reference_call(
        &sb,
        "finish3dsPayment.do",
        &[("mdOrder", &id), ("PaRes", "x")],
    )
    .await;
    assert_eq!(v["errorCode"], "4", "{v}");
    // Undocumented paths: 404 (line 34).
    for path in [
        "/payment/register.do",
        "/payment/rest/recurrentPayment.do",
        "/payment/rest/installmentPayment.do",
        "/payment/rest/paymentOrder.do",
        "/payment/rest/getOrderStatus.do",
    ] {
        let (s, _, _) = send(&sb, "POST", path, Some(FORM), register_form(&[], "")).await;
        assert_eq!(s, 404, "{path}");
    }
    // Optional parameters are optional: processRawPositionRefund.do without positionId (line
    // 3120), verifyCard.do without cvc (line 4697).
    let v = reference_call(
        &sb,
        "processRawPositionRefund.do",
        &[("orderId", paid), ("amount", "100")],
    )
    .await;
    assert_eq!(v["errorCode"], 0, "{v}");
    let v = reference_call(
        &sb,
        "verifyCard.do",
        &[("pan", "4111111111111111"), ("expiry", "203012")],
    )
    .await;
    assert_eq!(v["errorCode"], "0", "{v}");
    // The reference's own contradictions are accepted both ways: the sample's URL of
    // processRawPositionRefund.do (line 3212), templates' `username`, a form declared JSON on
    // sbp/c2b/qr/dynamic/reject.do (line 4417).
    let (s, v, _) = send(
        &sb,
        "POST",
        "/payment/rest/processRawPositionOrderRefund.do",
        Some(FORM),
        form(&[
            ("userName", "test_user"),
            ("password", "test_user_password"),
            ("orderId", paid),
            ("amount", "100"),
        ]),
    )
    .await;
    assert_eq!((s, v["errorCode"].as_i64()), (200, Some(0)), "{v}");
    let (_, v, _) = send(
        &sb,
        "POST",
        "/payment/rest/templates/getList.do",
        Some(JSON),
        json!({"username": "test_user", "password": "test_user_password"}).to_string(),
    )
    .await;
    assert_eq!(v["status"], "SUCCESS", "{v}");
}

async fn v_order(sb: &Sandbox, number: &str) -> String {
    let (_, v, _) = send(
        sb,
        "POST",
        "/payment/rest/register.do",
        Some(FORM),
        register_form(&[("orderNumber", number)], "orderNumber"),
    )
    .await;
    v["orderId"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn cashier_refuses_what_the_reference_does_not_allow() {
    let sb = Sandbox::start(&[]);
    let c = &sb.info["cashier"];
    let (s, v, _) = send(
        &sb,
        "POST",
        "/cashier/public/login",
        Some(JSON),
        json!({"login": c["login"], "password": c["password"]}).to_string(),
    )
    .await;
    assert_eq!(s, 200);
    let token = v["accessToken"].as_str().unwrap().to_string();
    let call = |method: &'static str, path: String, ctype: Option<&'static str>, body: String| {
        let mut req = sb
            .http
            .request(method.parse().unwrap(), sb.url(&path))
            .bearer_auth(&token)
            .body(body);
        if let Some(c) = ctype {
            req = req.header("content-type", c);
        }
        async move {
            let r = req.send().await.unwrap();
            let s = r.status().as_u16();
            (s, r.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let order = json!({"paymentAmount": 1000, "orderCurrency": "RUB", "tspId": 1});
    let (s, v) = call(
        "POST",
        "/cashier/order".into(),
        Some(JSON),
        order.to_string(),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let id = v["order"]["id"].to_string();
    // GET for POST ("Requests are sent ... using the POST method", line 11).
    let (s, _) = call("GET", "/cashier/order".into(), None, String::new()).await;
    assert_eq!(s, 405);
    // A form for JSON ("Request Body schema: application/json", line 224): 415.
    let (s, v) = call(
        "POST",
        "/cashier/order".into(),
        Some(FORM),
        "paymentAmount=1000&orderCurrency=RUB&tspId=1".into(),
    )
    .await;
    assert_eq!((s, v["success"].as_bool()), (415, Some(false)));
    // A missing required field (tspId, line 252).
    let (s, v) = call(
        "POST",
        "/cashier/order".into(),
        Some(JSON),
        json!({"paymentAmount": 1000, "orderCurrency": "RUB"}).to_string(),
    )
    .await;
    assert_eq!((s, v["success"].as_bool()), (400, Some(false)));
    // Wrong names: `orderId` for the card operations' `OrderId` (line 615).
    let tsp = c["tspCode"].as_str().unwrap();
    let (_, f) = call(
        "POST",
        format!("/cashier/order/{id}/form/{tsp}"),
        Some(JSON),
        "{}".into(),
    )
    .await;
    let external = f["externalOrderId"].as_str().unwrap().to_string();
    let (s, _) = call(
        "POST",
        "/cashier/charge".into(),
        Some(JSON),
        json!({"orderId": external}).to_string(),
    )
    .await;
    assert_eq!(s, 400);
    // The tspCode as a query parameter instead of the path (an alias the emulator had): 404.
    let (s, _) = call(
        "POST",
        format!("/cashier/order/{id}/form?tspCode={tsp}"),
        Some(JSON),
        "{}".into(),
    )
    .await;
    assert_eq!(s, 404);
    // The reads: GET (kassa's choice) and POST (line 11) both work.
    let (s, _) = call("GET", format!("/cashier/order/{id}"), None, String::new()).await;
    assert_eq!(s, 200);
    let (s, _) = call(
        "POST",
        format!("/cashier/order/{id}"),
        Some(JSON),
        "{}".into(),
    )
    .await;
    assert_eq!(s, 200);
}

#[tokio::test]
async fn koshelek_v1_refuses_what_the_reference_does_not_allow() {
    let sb = Sandbox::start(&[]);
    let k = &sb.info["koshelek"];
    let auth = kassa::koshelek::notification::basic_auth_header(
        k["login"].as_str().unwrap(),
        k["password"].as_str().unwrap(),
    );
    let base = k["v1"]["baseUrl"]
        .as_str()
        .unwrap()
        .trim_start_matches(&sb.base)
        .to_string();
    let call = |method: &'static str,
                path: &str,
                ctype: Option<&'static str>,
                token: bool,
                body: String| {
        let mut req = sb
            .http
            .request(method.parse().unwrap(), sb.url(&format!("{base}{path}")))
            .header("authorization", &auth)
            .body(body);
        if let Some(c) = ctype {
            req = req.header("content-type", c);
        }
        if token {
            req = req.header("token", "t");
        }
        async move {
            let r = req.send().await.unwrap();
            let s = r.status().as_u16();
            (s, r.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let checkout = |request_id: &str| {
        json!({
            "requestId": request_id, "cardSession": "STRICT1", "storeId": k["storeId"], "terminalId": "T-01",
            "checkoutInvoice": {"orderId": "o-1", "totalAmount": 1000, "items": [{"name": "x", "article": "1", "price": 1000, "quantity": 1, "totalAmount": 1000, "tax": "none"}]},
            "user": {"loyaltyId": "1"}, "paymentMethods": [{"type": "SBP"}],
        })
    };
    // GET for POST.
    common::assert_error(
        &call("GET", "checkout", None, true, String::new()).await,
        405,
        "METHOD_NOT_ALLOWED",
    );
    // A form for JSON (yaml line 5: every method expects application/json).
    common::assert_error(
        &call("POST", "checkout", Some(FORM), true, "requestId=1".into()).await,
        415,
        "UNSUPPORTED_MEDIA_TYPE",
    );
    // No token on checkout (required, yaml line 355).
    let (s, _) = call(
        "POST",
        "checkout",
        Some(JSON),
        false,
        checkout("s-1").to_string(),
    )
    .await;
    assert_eq!(s, 400);
    // A missing required field (paymentMethods).
    let mut b = checkout("s-2");
    b.as_object_mut().unwrap().remove("paymentMethods");
    common::assert_error(
        &call("POST", "checkout", Some(JSON), true, b.to_string()).await,
        400,
        "VALIDATION_ERROR",
    );
    // The right one works.
    let (s, v) = call(
        "POST",
        "checkout",
        Some(JSON),
        true,
        checkout("s-3").to_string(),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let tx = v["transactionId"].as_str().unwrap().to_string();
    // A wrong field name: `refAmount` (an old page's name) for `refundAmount`.
    let refund = json!({"requestId": "s-4", "storeId": k["storeId"], "terminalId": "T-01", "transactionId": tx, "refAmount": 1000,
                        "items": [{"name": "x", "price": 1000, "quantity": 1, "totalAmount": 1000, "tax": "none"}]});
    let (s, v) = call(
        "POST",
        "transaction/refund",
        Some(JSON),
        true,
        refund.to_string(),
    )
    .await;
    assert_eq!(
        (s, v["code"].as_str()),
        (400, Some("VALIDATION_ERROR")),
        "{v}"
    );
    // Paths that are not the reference's.
    for path in [
        format!("transactions/{tx}"),
        "transaction/statuses".into(),
        "availability-info".into(),
    ] {
        let (s, _) = call("POST", &path, Some(JSON), true, "{}".into()).await;
        assert_eq!(s, 404, "{path}");
    }
    // The reference's two spellings are both accepted (cardsession / cardSession).
    let task = |field: &str, id: &str| {
        json!({
            "requestId": id, field: "STRICT2", "storeId": k["storeId"], "terminalId": "T-01",
            "checkoutInvoice": {"orderId": "o-2", "totalAmount": 1000, "items": [{"name": "x", "article": "1", "price": null, "quantity": 1, "totalAmount": 1000, "subtotalAmount": 1000, "tax": "none"}]},
            "user": {"loyaltyId": "1"},
        })
    };
    for (field, id) in [("cardsession", "s-5"), ("cardSession", "s-6")] {
        let (s, v) = call(
            "POST",
            "availability-info/task",
            Some(JSON),
            true,
            task(field, id).to_string(),
        )
        .await;
        assert_eq!(s, 200, "{field}: {v}");
    }
}
