//! The RBS call state machine, driven by scripted answers: retries of reads, no blind repeat of
//! money-moving calls, the status probe after an unknown outcome, OUTCOME_UNKNOWN.
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

use kassa::http::{
    run_scripted, HttpRequest, HttpResponse, Input, Jitter, PollSchedule, RetryPolicy, Step,
};
use kassa::rbs::api_call::wait_for_final_status;
use kassa::rbs::types::{Auth, RbsConfig};
use kassa::rbs::RbsCall;
use kassa::ErrorCode;
use serde_json::{json, Map, Value};

fn config() -> RbsConfig {
    RbsConfig {
        base_url: "https://gw.test/payment/rest/".into(),
        auth: Auth::Password {
            user_name: "shop-api".into(),
            password: "pw-SECRET".into(),
        },
        policy: RetryPolicy::default(),
        signer: None,
    }
}

fn params(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

fn call(method: &str, p: Value) -> RbsCall {
    RbsCall::new(config(), method, params(p), Jitter::new(42)).unwrap()
}

fn ok(body: Value) -> Input {
    Input::Response(HttpResponse::new(200, body.to_string()))
}

fn sent(steps: &[Step<()>]) -> Vec<&HttpRequest> {
    steps
        .iter()
        .filter_map(|s| if let Step::Send(r) = s { Some(r) } else { None })
        .collect()
}

fn path(r: &HttpRequest) -> &str {
    r.url.trim_start_matches("https://gw.test/payment/rest/")
}

fn body(r: &HttpRequest) -> String {
    String::from_utf8(r.body.clone()).unwrap()
}

const REGISTER: &str = r#"{"amount":1000,"orderNumber":"A-1","returnUrl":"https://shop/ok"}"#;

fn status_found(order_status: i64) -> Input {
    ok(json!({
        "errorCode": "0", "errorMessage": "Success", "orderNumber": "A-1", "orderStatus": order_status,
        "amount": 1000, "attributes": [{"name": "mdOrder", "value": "md-1"}]
    }))
}

#[test]
fn register_timeout_then_found_by_order_number_is_recovered_without_repeating() {
    let mut c = call("register", serde_json::from_str(REGISTER).unwrap());
    let (steps, r) = run_scripted(&mut c, [Input::Timeout, status_found(0)]);
    let s = sent(&steps);
    assert_eq!(
        s.iter().map(|r| path(r)).collect::<Vec<_>>(),
        ["register.do", "getOrderStatusExtended.do"]
    );
    assert_eq!(
        body(s[1]),
        "userName=shop-api&password=pw-SECRET&orderNumber=A-1"
    );
    assert_eq!(r.unwrap(), json!({"orderId": "md-1", "recovered": true}));
}

#[test]
fn register_dropped_and_absent_is_sent_once_more() {
    let mut c = call("register", serde_json::from_str(REGISTER).unwrap());
    let (steps, r) = run_scripted(
        &mut c,
        [
            Input::NetworkError("socket hang up".into()),
            ok(json!({"errorCode": "6", "errorMessage": "Order not found"})),
            ok(json!({"orderId": "md-2", "formUrl": "https://gw.test/pay?mdOrder=md-2"})),
        ],
    );
    let s = sent(&steps);
    assert_eq!(
        s.iter().map(|r| path(r)).collect::<Vec<_>>(),
        ["register.do", "getOrderStatusExtended.do", "register.do"]
    );
    assert_eq!(s[0].body, s[2].body, "the same request, byte for byte");
    assert_eq!(r.unwrap()["formUrl"], "https://gw.test/pay?mdOrder=md-2");
}

#[test]
fn register_5xx_twice_is_outcome_unknown_not_a_third_attempt() {
    let mut c = call("register", serde_json::from_str(REGISTER).unwrap());
    let (steps, r) = run_scripted(
        &mut c,
        [
            Input::Response(HttpResponse::new(502, "")),
            ok(json!({"errorCode": "6", "errorMessage": "Order not found"})),
            Input::Response(HttpResponse::new(500, "")),
        ],
    );
    assert_eq!(sent(&steps).len(), 3);
    let e = r.unwrap_err();
    assert_eq!(e.code(), ErrorCode::OutcomeUnknown);
    assert!(!e.message().contains("pw-SECRET"));
}

#[test]
fn deposit_unknown_then_deposited_is_recovered_but_held_is_unknown() {
    let mut c = call("deposit", json!({"orderId": "md-1", "amount": 0}));
    let (steps, r) = run_scripted(&mut c, [Input::Timeout, status_found(2)]);
    assert!(body(sent(&steps)[1]).ends_with("orderId=md-1"));
    assert_eq!(r.unwrap(), json!({"errorCode": "0", "recovered": true}));

    let mut c = call("deposit", json!({"orderId": "md-1", "amount": 0}));
    let (_, r) = run_scripted(&mut c, [Input::Timeout, status_found(1)]);
    let e = r.unwrap_err();
    assert_eq!(e.code(), ErrorCode::OutcomeUnknown);
    let d: Value = serde_json::from_str(e.gateway().unwrap().details.as_deref().unwrap()).unwrap();
    assert_eq!(d["cause"], "TIMEOUT");
    assert_eq!(d["orderStatus"]["orderStatus"], 1);
}

#[test]
fn refund_with_unknown_outcome_is_never_repeated() {
    let mut c = call("refund", json!({"orderId": "md-1", "amount": 500}));
    let (steps, r) = run_scripted(
        &mut c,
        [Input::NetworkError("reset".into()), status_found(4)],
    );
    assert_eq!(
        sent(&steps)
            .iter()
            .filter(|r| path(r) == "refund.do")
            .count(),
        1
    );
    assert_eq!(r.unwrap_err().code(), ErrorCode::OutcomeUnknown);
}

#[test]
fn probe_that_cannot_get_through_is_outcome_unknown() {
    let mut c = call("reverse", json!({"orderId": "md-1"}));
    let script =
        std::iter::once(Input::Timeout).chain(std::iter::repeat_with(|| Input::Timeout).take(10));
    let (steps, r) = run_scripted(&mut c, script);
    let s = sent(&steps);
    assert_eq!(s.iter().filter(|r| path(r) == "reverse.do").count(), 1);
    assert_eq!(
        s.iter()
            .filter(|r| path(r) == "getOrderStatusExtended.do")
            .count(),
        4,
        "the probe is a read: retried"
    );
    assert_eq!(r.unwrap_err().code(), ErrorCode::OutcomeUnknown);
}

#[test]
fn reads_retry_on_5xx_and_429_with_retry_after() {
    let mut c = call("getOrderStatusExtended", json!({"orderId": "md-1"}));
    let (steps, r) = run_scripted(
        &mut c,
        [
            Input::Response(HttpResponse::new(503, "")),
            Input::Response(HttpResponse::new(429, "").with_header("Retry-After", "2")),
            status_found(2),
        ],
    );
    assert!(
        matches!(steps[1], Step::Sleep(ms) if (125..=250).contains(&ms) || (250..=500).contains(&ms))
    );
    assert_eq!(steps[3], Step::Sleep(2000));
    assert_eq!(r.unwrap()["orderStatus"], 2);
}

#[test]
fn rate_limited_register_is_repeated_after_retry_after() {
    let mut c = call("register", serde_json::from_str(REGISTER).unwrap());
    let (steps, r) = run_scripted(
        &mut c,
        [
            Input::Response(HttpResponse::new(429, "").with_header("Retry-After", "1")),
            ok(json!({"orderId": "md-3", "formUrl": "f"})),
        ],
    );
    assert_eq!(steps[1], Step::Sleep(1000));
    assert_eq!(r.unwrap()["orderId"], "md-3");
}

#[test]
fn business_errors_in_http_200_are_gateway_errors() {
    let mut c = call("register", serde_json::from_str(REGISTER).unwrap());
    let (_, r) = run_scripted(
        &mut c,
        [ok(
            json!({"errorCode": 1, "errorMessage": "Order number is duplicated"}),
        )],
    );
    let e = r.unwrap_err();
    assert_eq!(e.code(), ErrorCode::GatewayError);
    assert_eq!(e.gateway().unwrap().error_code.as_deref(), Some("1"));
}

#[test]
fn invalid_amounts_fail_before_any_request() {
    for amount in [json!(10.5), json!(-1), json!("1e3"), Value::Null] {
        let e = RbsCall::new(
            config(),
            "register",
            params(json!({"amount": amount, "orderNumber": "x"})),
            Jitter::new(1),
        )
        .err()
        .unwrap();
        assert_eq!(e.code(), ErrorCode::InvalidAmount, "{amount}");
    }
}

#[test]
fn wait_for_final_status_polls_until_deposited() {
    let mut p = wait_for_final_status(
        config(),
        "md-1".into(),
        u64::MAX,
        PollSchedule::default(),
        Jitter::new(5),
    );
    let (steps, r) = run_scripted(
        &mut p,
        [
            status_found(0),
            status_found(5),
            Input::Timeout,
            status_found(2),
        ],
    );
    assert_eq!(r.unwrap()["orderStatus"], 2);
    let sleeps = steps.iter().filter(|s| matches!(s, Step::Sleep(_))).count();
    assert_eq!(sleeps, 3, "two polls and one retry of a timed-out query");
}
