//! Koshelek Pay v1 client machines, driven by scripts: the seven paths, the 201 polling of
//! availabilityInfo, requestId on retries, the token rule, 200 refusals, and waitForFinalStatus's
//! timing rules and TIMEOUT.
#![allow(clippy::unwrap_used, clippy::panic)]

use kassa::http::{run_scripted, HttpRequest, HttpResponse, Input, Jitter, RetryPolicy, Step};
use kassa::koshelek::api::{Endpoint, ENDPOINTS};
use kassa::koshelek::call::{wait_for_final_status, AvailabilityInfo};
use kassa::koshelek::{KoshelekCall, KoshelekConfig};
use kassa::ErrorCode;
use serde_json::{json, Map, Value};

fn config() -> KoshelekConfig {
    KoshelekConfig {
        base_url: "https://api-test.koshelek.app/shop/".into(),
        login: "l".into(),
        password: "p".into(),
        store_id: "1001".into(),
        terminal_id: "T-01".into(),
        policy: RetryPolicy::default(),
    }
}

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

fn ok(body: Value) -> Input {
    Input::Response(HttpResponse::new(200, body.to_string()))
}

fn sends(steps: &[Step<()>]) -> Vec<&HttpRequest> {
    steps
        .iter()
        .filter_map(|s| if let Step::Send(r) = s { Some(r) } else { None })
        .collect()
}

fn sleeps(steps: &[Step<()>]) -> Vec<u64> {
    steps
        .iter()
        .filter_map(|s| {
            if let Step::Sleep(ms) = s {
                Some(*ms)
            } else {
                None
            }
        })
        .collect()
}

fn call(e: Endpoint, body: &Map<String, Value>, rid: &str, token: Option<&str>) -> KoshelekCall {
    KoshelekCall::endpoint(&config(), e, body, rid.into(), token, Jitter::new(1)).unwrap()
}

fn task() -> Map<String, Value> {
    obj(json!({
        "cardSession": "A1G97N",
        "checkoutInvoice": {"orderId": "o-1", "totalAmount": 500, "items": [{"name": "n", "article": "a", "price": 500, "quantity": 1, "totalAmount": 500, "tax": "none"}]},
        "user": {"loyaltyId": "u-1"},
    }))
}

/// The availability-info task of [`task`] with the token `tok`, as request `request_id`.
fn availability(request_id: &str, deadline_ms: Option<u64>) -> AvailabilityInfo {
    let id = request_id.to_string();
    AvailabilityInfo::new(
        &config(),
        &task(),
        id,
        Some("tok"),
        deadline_ms,
        Jitter::new(1),
    )
    .unwrap()
}

#[test]
fn availability_200_is_the_answer_with_its_request_id() {
    let mut a = availability("rid-1", None);
    let (steps, r) = run_scripted(
        &mut a,
        [ok(
            json!({"koshelekPayIsDefault": true, "paymentTypeAvailabilityInfoList": []}),
        )],
    );
    let v = r.unwrap();
    assert_eq!(v["requestId"], "rid-1");
    assert_eq!(v["koshelekPayIsDefault"], true);
    let s = sends(&steps);
    assert_eq!(s.len(), 1);
    assert_eq!(
        s[0].url,
        "https://api-test.koshelek.app/shop/api/v1/merchant/availability-info/task"
    );
    assert_eq!(s[0].header_value("token"), Some("tok"));
    let body: Value = serde_json::from_slice(&s[0].body).unwrap();
    assert_eq!(body["cardsession"], "A1G97N", "the task's own spelling");
    assert_eq!(
        (body["storeId"].as_str(), body["terminalId"].as_str()),
        (Some("1001"), Some("T-01"))
    );
}

#[test]
fn availability_201_waits_timeout_then_polls_every_polling_timeout() {
    let mut a = availability("rid-2", None);
    let created = Input::Response(
        HttpResponse::new(201, r#"{"availabilityInfoId":"ecda/679e","timeout":350}"#)
            .with_header("location", "https://evil.example/steal"),
    );
    let (steps, r) = run_scripted(
        &mut a,
        [
            created,
            ok(
                json!({"availabilityInfoId": "ecda/679e", "computationComplete": false, "pollingTimeout": 300}),
            ),
            ok(json!({"availabilityInfoId": "ecda/679e", "computationComplete": false})),
            ok(
                json!({"availabilityInfoId": "ecda/679e", "computationComplete": true, "koshelekPayIsDefault": false, "paymentTypeAvailabilityInfoList": [{"paymentType": "SBP", "available": true}]}),
            ),
        ],
    );
    let v = r.unwrap();
    assert_eq!(v["computationComplete"], true);
    assert_eq!(v["requestId"], "rid-2");
    assert_eq!(v["availabilityInfoId"], "ecda/679e");
    assert_eq!(
        sleeps(&steps),
        vec![350, 300, 250],
        "timeout, then pollingTimeout (default 250)"
    );
    let s = sends(&steps);
    assert_eq!(s.len(), 4);
    for poll in &s[1..] {
        assert_eq!(poll.method.as_str(), "GET");
        assert_eq!(
            poll.url,
            "https://api-test.koshelek.app/shop/api/v1/merchant/availability-info/ecda%2F679e",
            "built from the base URL, never the Location"
        );
        assert!(poll.header_value("token").is_none() && poll.body.is_empty());
    }
}

#[test]
fn availability_polling_stops_at_the_deadline_with_timeout() {
    let start = 1_000_000;
    let mut a = availability("rid-3", Some(start + 1_000));
    let pending = || ok(json!({"computationComplete": false, "pollingTimeout": 400}));
    let (steps, r) = run_scripted(
        &mut a,
        [
            Input::Response(HttpResponse::new(
                201,
                r#"{"availabilityInfoId":"x","timeout":350}"#,
            )),
            pending(),
            pending(),
            pending(),
        ],
    );
    let e = r.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Timeout);
    assert_eq!(
        sleeps(&steps).iter().sum::<u64>(),
        1_000,
        "never sleeps past the deadline"
    );
    let d: Value = serde_json::from_str(e.gateway().unwrap().details.as_deref().unwrap()).unwrap();
    assert_eq!(d["computationComplete"], false);
    // A 201 whose body lacks the id: the Location's last segment (the URL polled stays the base's).
    let mut a = availability("r", None);
    let created = Input::Response(
        HttpResponse::new(201, r#"{"timeout":10}"#)
            .with_header("location", "/api/v1/merchant/availability-info/abc-1"),
    );
    let (steps, r) = run_scripted(&mut a, [created, ok(json!({"computationComplete": true}))]);
    assert_eq!(r.unwrap()["availabilityInfoId"], "abc-1");
    assert_eq!(
        sends(&steps)[1].url,
        "https://api-test.koshelek.app/shop/api/v1/merchant/availability-info/abc-1"
    );
    // A 201 without an id to poll.
    let mut a = availability("r", None);
    let (_, r) = run_scripted(&mut a, [Input::Response(HttpResponse::new(201, "{}"))]);
    assert_eq!(r.unwrap_err().code(), ErrorCode::MalformedResponse);
}

#[test]
fn token_is_required_where_the_reference_requires_it() {
    for info in ENDPOINTS {
        let body = obj(
            json!({"cardSession": "s", "checkoutInvoice": {}, "user": {}, "paymentMethods": [{"type": "SBP"}], "transactionId": "t", "refundAmount": 1, "items": [{}], "invoice": {}, "availabilityInfoId": "a"}),
        );
        let r = KoshelekCall::endpoint(
            &config(),
            info.endpoint,
            &body,
            "r".into(),
            None,
            Jitter::new(1),
        );
        assert_eq!(r.is_err(), info.token, "{:?}", info.endpoint);
        if let Err(e) = r {
            assert_eq!(e.code(), ErrorCode::InvalidArgument);
            assert!(e.message().contains("token"));
        }
    }
    let e = KoshelekCall::endpoint(
        &config(),
        Endpoint::Checkout,
        &obj(json!({})),
        "r".into(),
        Some("t"),
        Jitter::new(1),
    )
    .err()
    .unwrap();
    assert!(
        e.message().contains("cardSession is required"),
        "{}",
        e.message()
    );
    // A bad token is refused without being shown.
    let body = obj(json!({"transactionId": "t", "refundAmount": 1, "items": [{}]}));
    for bad in ["SECRET token", "SECRET\r\nx: y", "SECRЕТ"] {
        let e = KoshelekCall::endpoint(
            &config(),
            Endpoint::Refund,
            &body,
            "r".into(),
            Some(bad),
            Jitter::new(1),
        )
        .err()
        .unwrap();
        assert_eq!(e.code(), ErrorCode::InvalidArgument);
        assert!(!e.message().contains("SECR"), "{}", e.message());
    }
}

#[test]
fn a_lost_checkout_is_retried_with_the_same_request_id_and_bytes() {
    let body = obj(
        json!({"cardSession": "s", "checkoutInvoice": {"orderId": "o", "totalAmount": 500, "items": []}, "user": {"loyaltyId": "u"}, "paymentMethods": [{"type": "SBP"}]}),
    );
    let mut c = call(Endpoint::Checkout, &body, "rid-9", Some("tok"));
    let (steps, r) = run_scripted(
        &mut c,
        [
            Input::Timeout,
            Input::NetworkError("reset".into()),
            ok(json!({"transactionId": "t", "status": "new"})),
        ],
    );
    let v = r.unwrap();
    assert_eq!(
        (v["transactionId"].as_str(), v["requestId"].as_str()),
        (Some("t"), Some("rid-9"))
    );
    let s = sends(&steps);
    assert_eq!(s.len(), 3);
    assert!(s
        .iter()
        .all(|r| r.body == s[0].body && r.header_value("token") == Some("tok")));
    let mut c = call(Endpoint::Checkout, &body, "rid-9", Some("tok"));
    let (_, r) = run_scripted(&mut c, std::iter::repeat_with(|| Input::Timeout).take(9));
    let e = r.unwrap_err();
    assert_eq!(e.code(), ErrorCode::OutcomeUnknown);
    assert!(e.message().contains("rid-9"));
}

#[test]
fn a_rejected_200_is_a_gateway_error_and_an_empty_receipt_returns_the_request_id() {
    let body = obj(json!({"transactionId": "t"}));
    let mut c = call(Endpoint::TransactionStatus, &body, "r", None);
    let (_, r) = run_scripted(
        &mut c,
        [ok(
            json!({"transactionId": "t", "status": "rejected", "errorCode": "NOT_ENOUGH_LIMIT_TO_PAY"}),
        )],
    );
    let e = r.unwrap_err();
    assert_eq!(e.code(), ErrorCode::GatewayError);
    assert_eq!(
        e.gateway().unwrap().error_code.as_deref(),
        Some("NOT_ENOUGH_LIMIT_TO_PAY")
    );
    let mut c = call(Endpoint::Cancel, &body, "r", None);
    let (_, r) = run_scripted(
        &mut c,
        [ok(json!({"refStatus": "rejected", "status": "accepted"}))],
    );
    assert_eq!(
        r.unwrap()["refStatus"],
        "rejected",
        "a declined cancel without errorCode resolves"
    );
    let receipt = obj(json!({"transactionId": "t", "invoice": {"QR": "q"}}));
    let mut c = call(Endpoint::Receipt, &receipt, "rid-r", None);
    let (steps, r) = run_scripted(&mut c, [Input::Response(HttpResponse::new(200, ""))]);
    assert_eq!(r.unwrap(), json!({"requestId": "rid-r"}));
    let sent: Value = serde_json::from_slice(&sends(&steps)[0].body).unwrap();
    assert_eq!(sent["invoice"], json!({"qr": "q"}));
    let mut c = call(Endpoint::Cancel, &body, "r", None);
    let (_, r) = run_scripted(
        &mut c,
        [Input::Response(HttpResponse::new(
            422,
            r#"{"code":"WRONG_TRANSACTION_STATE_CHANGE","details":"нет"}"#,
        ))],
    );
    let e = r.unwrap_err();
    assert_eq!(
        (e.code(), e.gateway().unwrap().error_code.as_deref()),
        (
            ErrorCode::GatewayError,
            Some("WRONG_TRANSACTION_STATE_CHANGE")
        )
    );
}

#[test]
fn wait_for_final_status_follows_the_reference_timing() {
    let pending = || ok(json!({"transactionId": "t", "status": "pending"}));
    for seed in 1..30u64 {
        let mut w = wait_for_final_status(
            &config(),
            "t",
            u64::MAX,
            [seed as u8; 16],
            Jitter::new(seed),
        );
        let mut script: Vec<Input> = (0..6).map(|_| pending()).collect();
        script.push(ok(json!({"transactionId": "t", "status": "accepted"})));
        let (steps, r) = run_scripted(&mut w, script);
        assert_eq!(r.unwrap()["status"], "accepted");
        let z = sleeps(&steps);
        assert!(matches!(steps[0], Step::Sleep(_)), "the first query waits");
        assert!((250..=500).contains(&z[0]), "first query after {} ms", z[0]);
        assert!(
            z[1..].iter().all(|ms| *ms >= 250),
            "at most one query per 250 ms: {z:?}"
        );
        let s = sends(&steps);
        assert_eq!(s.len(), 7);
        assert!(s
            .iter()
            .all(|r| r.url.ends_with("api/v1/merchant/transaction/status")));
        let body: Value = serde_json::from_slice(&s[0].body).unwrap();
        assert_eq!(body["transactionId"], "t");
        assert!(
            body.get("storeId").is_none(),
            "the status request has no storeId"
        );
    }
}

#[test]
fn wait_for_final_status_times_out_saying_cancel_and_ends_on_a_rejection() {
    let start = 1_000_000;
    let mut w = wait_for_final_status(&config(), "t-7", start + 3_000, [1; 16], Jitter::new(2));
    let (steps, r) = run_scripted(
        &mut w,
        std::iter::repeat_with(|| ok(json!({"status": "new"}))).take(50),
    );
    let e = r.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Timeout);
    assert!(e.message().contains("cancel"), "{}", e.message());
    assert!(e.message().contains("t-7"));
    assert!(sleeps(&steps).iter().sum::<u64>() <= 3_000);
    // A retried query (a 502) also waits at least 250 ms.
    let mut w = wait_for_final_status(&config(), "t", u64::MAX, [1; 16], Jitter::new(5));
    let (steps, r) = run_scripted(
        &mut w,
        [
            Input::Response(HttpResponse::new(502, "")),
            ok(json!({"status": "rejected", "errorCode": "EXTERNAL_PROVIDER_ERROR"})),
        ],
    );
    assert!(
        sleeps(&steps).iter().all(|ms| *ms >= 250),
        "{:?}",
        sleeps(&steps)
    );
    let e = r.unwrap_err();
    assert_eq!(
        (e.code(), e.gateway().unwrap().error_code.as_deref()),
        (ErrorCode::GatewayError, Some("EXTERNAL_PROVIDER_ERROR"))
    );
    let s = sends(&steps);
    assert_eq!(
        s[0].body, s[1].body,
        "a retry of one query keeps its requestId"
    );
}
