//! The RBS call state machine, driven by scripted answers: retries of reads, no blind repeat of
//! money-moving calls, the status probe after an unknown outcome, OUTCOME_UNKNOWN.
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

use kassa::http::{
    run_scripted, HttpRequest, HttpResponse, Input, Jitter, PollSchedule, RetryPolicy, Step,
};
use kassa::rbs::call::wait_for_final_status;
use kassa::rbs::config::{Auth, RbsConfig};
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

// ---------------------------------------------------------------------------------------------
// Money moves at most once: every money-moving method x every kind of lost answer x every kind of
// status answer. A second send of the method's request happens only when the status query by
// orderNumber proved the order absent (errorCode 6 "Order not found") for a call that creates it.

/// The money-moving methods with parameters as a merchant sends them.
fn money_moving() -> Vec<(&'static str, Value)> {
    vec![
        (
            "register",
            json!({"amount": 1000, "orderNumber": "A-1", "returnUrl": "https://shop/ok"}),
        ),
        (
            "registerPreAuth",
            json!({"amount": 1000, "orderNumber": "A-1", "returnUrl": "https://shop/ok"}),
        ),
        (
            "paymentOrder",
            json!({"MDORDER": "md-1", "$PAN": "4111111111111111", "$CVC": "123", "YYYY": 2030, "MM": 12, "TEXT": "CARD HOLDER", "language": "en"}),
        ),
        (
            "paymentOrderBinding",
            json!({"mdOrder": "md-1", "bindingId": "b-1", "tii": "F"}),
        ),
        ("deposit", json!({"orderId": "md-1", "amount": 0})),
        ("reverse", json!({"orderId": "md-1"})),
        ("refund", json!({"orderId": "md-1", "amount": 500})),
        ("decline", json!({"orderId": "md-1", "orderNumber": "A-1"})),
        (
            "processRawSumRefund",
            json!({"orderId": "md-1", "amount": 100}),
        ),
        (
            "processRawPositionRefund",
            json!({"orderId": "md-1", "amount": 100, "positionId": 1}),
        ),
        (
            "recurrentPayment",
            json!({"orderNumber": "A-1", "bindingId": "b-1", "amount": 700}),
        ),
        (
            "installmentPayment",
            json!({"orderNumber": "A-1", "bindingId": "b-1", "amount": 800, "preAuth": false}),
        ),
        (
            "createBindingNoPayment",
            json!({"clientId": "c-1", "pan": "4111111111111111", "expiryDate": "203012", "cardholderName": "CARD HOLDER"}),
        ),
    ]
}

const CREATES_ORDER: [&str; 4] = [
    "register",
    "registerPreAuth",
    "recurrentPayment",
    "installmentPayment",
];

/// Ways the first answer gets lost, with the cause code they must leave in details.
fn lost_answers() -> Vec<(&'static str, Input, &'static str)> {
    vec![
        ("timeout", Input::Timeout, "TIMEOUT"),
        (
            "dropped",
            Input::NetworkError("socket hang up".into()),
            "NETWORK_ERROR",
        ),
        (
            "500",
            Input::Response(HttpResponse::new(500, "")),
            "HTTP_ERROR",
        ),
        (
            "502",
            Input::Response(HttpResponse::new(502, "<html>bad gateway</html>")),
            "HTTP_ERROR",
        ),
        (
            "200 non-JSON",
            Input::Response(HttpResponse::new(200, "<html>proxy</html>")),
            "MALFORMED_RESPONSE",
        ),
        (
            "200 JSON array",
            Input::Response(HttpResponse::new(200, "[1]")),
            "MALFORMED_RESPONSE",
        ),
        (
            "not a Response",
            Input::Malformed("the fetch function resolved to number".into()),
            "MALFORMED_RESPONSE",
        ),
    ]
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Probe {
    /// Proves absence.
    NotFound,
    /// Anything else.
    Other,
    /// The order's status.
    Found(i64),
}

/// Status answers: (name, inputs for the probe exchange incl. its retries, kind, the probe's
/// kassa code in details when it is not a status).
fn probe_answers() -> Vec<(&'static str, Vec<Input>, Probe, Option<&'static str>)> {
    let four = |i: Input| vec![i.clone(), i.clone(), i.clone(), i];
    vec![
        (
            "errorCode 6",
            vec![ok(
                json!({"errorCode": "6", "errorMessage": "Order not found"}),
            )],
            Probe::NotFound,
            None,
        ),
        (
            "errorCode 6 as a number",
            vec![ok(
                json!({"errorCode": 6, "errorMessage": "Order not found"}),
            )],
            Probe::NotFound,
            None,
        ),
        (
            "errorCode 6 in the legacy spelling (ErrorCode)",
            vec![ok(
                json!({"ErrorCode": "6", "ErrorMessage": "Order not found"}),
            )],
            Probe::NotFound,
            None,
        ),
        (
            "ErrorCode 6 with an OrderStatus (legacy spellings)",
            vec![ok(json!({"ErrorCode": "6", "OrderStatus": 2}))],
            Probe::Other,
            Some("GATEWAY_ERROR"),
        ),
        (
            "ErrorCode 6 with Success false (legacy spellings)",
            vec![ok(json!({"Success": false, "ErrorCode": "6"}))],
            Probe::Other,
            Some("GATEWAY_ERROR"),
        ),
        (
            "errorCode 5 access denied",
            vec![ok(
                json!({"errorCode": "5", "errorMessage": "Access denied"}),
            )],
            Probe::Other,
            Some("GATEWAY_ERROR"),
        ),
        (
            "errorCode 7 system error",
            vec![ok(
                json!({"errorCode": "7", "errorMessage": "System error"}),
            )],
            Probe::Other,
            Some("GATEWAY_ERROR"),
        ),
        (
            "success false",
            vec![ok(
                json!({"success": false, "error": {"code": "6", "message": "x"}}),
            )],
            Probe::Other,
            Some("GATEWAY_ERROR"),
        ),
        (
            "errorCode 6 with success false",
            vec![ok(json!({"success": false, "errorCode": "6"}))],
            Probe::Other,
            Some("GATEWAY_ERROR"),
        ),
        (
            "errorCode 6 with an orderStatus",
            vec![ok(json!({"errorCode": "6", "orderStatus": 2}))],
            Probe::Other,
            Some("GATEWAY_ERROR"),
        ),
        (
            "errorCode 60",
            vec![ok(json!({"errorCode": "60"}))],
            Probe::Other,
            Some("GATEWAY_ERROR"),
        ),
        (
            "network error",
            four(Input::NetworkError("refused".into())),
            Probe::Other,
            Some("NETWORK_ERROR"),
        ),
        (
            "timeout",
            four(Input::Timeout),
            Probe::Other,
            Some("TIMEOUT"),
        ),
        (
            "HTTP 500",
            four(Input::Response(HttpResponse::new(500, ""))),
            Probe::Other,
            Some("HTTP_ERROR"),
        ),
        (
            "HTTP 404",
            vec![Input::Response(HttpResponse::new(404, ""))],
            Probe::Other,
            Some("HTTP_ERROR"),
        ),
        (
            "200 non-JSON",
            vec![Input::Response(HttpResponse::new(200, "<html>"))],
            Probe::Other,
            Some("MALFORMED_RESPONSE"),
        ),
        (
            "too large",
            vec![Input::TooLarge { status: 200 }],
            Probe::Other,
            Some("RESPONSE_TOO_LARGE"),
        ),
        (
            "redirect",
            vec![Input::Response(
                HttpResponse::new(302, "").with_header("Location", "https://evil.example/x"),
            )],
            Probe::Other,
            Some("REDIRECT_REFUSED"),
        ),
        (
            "registered (0)",
            vec![status_found(0)],
            Probe::Found(0),
            None,
        ),
        (
            "deposited (2)",
            vec![status_found(2)],
            Probe::Found(2),
            None,
        ),
        ("reversed (3)", vec![status_found(3)], Probe::Found(3), None),
        ("declined (6)", vec![status_found(6)], Probe::Found(6), None),
    ]
}

/// Whether the status `s` shows the effect of `method` (the machine's recovery rule).
fn shows_effect(method: &str, s: i64) -> bool {
    match method {
        "register" | "registerPreAuth" => true,
        "recurrentPayment" | "installmentPayment" => [1, 2, 3, 4, 6].contains(&s),
        "deposit" => s == 2,
        "reverse" => s == 3,
        "decline" => s == 6,
        _ => false,
    }
}

fn order_key_is_number(p: &Value) -> bool {
    p.get("orderNumber").is_some()
}

fn details(e: &kassa::Error) -> Value {
    serde_json::from_str(e.gateway().unwrap().details.as_deref().unwrap()).unwrap()
}

#[test]
fn every_money_moving_method_is_a_mutation() {
    for (m, _) in money_moving() {
        assert_eq!(
            kassa::rbs::api::endpoint(m).unwrap().kind,
            kassa::rbs::api::Kind::Mutation,
            "{m}"
        );
    }
}

#[test]
fn money_moves_at_most_once_for_every_method_lost_answer_and_status_answer() {
    let mut cases = 0;
    for (method, p) in money_moving() {
        let endpoint_path = kassa::rbs::api::endpoint(method).unwrap().path;
        let is_main = |r: &HttpRequest| r.url.ends_with(endpoint_path.trim_start_matches("../"));
        for (lost_name, lost, cause) in lost_answers() {
            for (probe_name, probe, kind, probe_code) in probe_answers() {
                cases += 1;
                let label = format!("{method} / {lost_name} / {probe_name}");
                let mut c = call(method, p.clone());
                let resend_answer = ok(
                    json!({"orderId": "md-9", "formUrl": "f", "errorCode": "0", "success": true}),
                );
                let script = std::iter::once(lost.clone())
                    .chain(probe.clone())
                    .chain(std::iter::once(resend_answer));
                let (steps, r) = run_scripted(&mut c, script);
                let s = sent(&steps);
                let mains = s.iter().filter(|r| is_main(r)).count();
                let probes = s
                    .iter()
                    .filter(|r| r.url.ends_with("getOrderStatusExtended.do"))
                    .count();
                let has_key = p.get("orderNumber").is_some()
                    || p.get("orderId").is_some()
                    || p.get("mdOrder").is_some()
                    || p.get("MDORDER").is_some();
                let proven_absent = kind == Probe::NotFound
                    && CREATES_ORDER.contains(&method)
                    && order_key_is_number(&p);
                if proven_absent {
                    assert_eq!(mains, 2, "{label}: sent once more after absence was proven");
                    assert_eq!(s[0].body, s.last().unwrap().body, "{label}: the same bytes");
                    assert!(r.is_ok(), "{label}: {r:?}");
                    continue;
                }
                assert_eq!(mains, 1, "{label}: never sent twice");
                if !has_key {
                    assert_eq!(probes, 0, "{label}");
                    let e = r.unwrap_err();
                    assert_eq!(e.code(), ErrorCode::OutcomeUnknown, "{label}");
                    assert_eq!(details(&e)["cause"], cause, "{label}");
                    continue;
                }
                assert!(probes >= 1, "{label}: the status was asked");
                match (kind, r) {
                    (Probe::Found(st), Ok(v)) => {
                        assert!(shows_effect(method, st), "{label}: recovered {v}");
                        assert_eq!(v["recovered"], true, "{label}");
                    }
                    (_, Ok(v)) => panic!("{label}: unexpected success {v}"),
                    (kind, Err(e)) => {
                        assert_eq!(e.code(), ErrorCode::OutcomeUnknown, "{label}: {e}");
                        let d = details(&e);
                        assert_eq!(d["cause"], cause, "{label}");
                        assert!(
                            d["causeMessage"].as_str().is_some_and(|m| !m.is_empty()),
                            "{label}"
                        );
                        match kind {
                            Probe::Found(st) => {
                                assert!(!shows_effect(method, st), "{label}");
                                assert_eq!(d["orderStatus"]["orderStatus"], st, "{label}");
                            }
                            Probe::NotFound => assert_eq!(d["probe"]["notFound"], true, "{label}"),
                            Probe::Other => {
                                assert_eq!(d["probe"]["code"], probe_code.unwrap(), "{label}: {d}")
                            }
                        }
                        assert!(!e.message().contains("pw-SECRET"), "{label}");
                    }
                }
            }
        }
    }
    assert_eq!(cases, 13 * 7 * 22);
}

#[test]
fn a_repeat_answered_order_number_already_processed_is_recovered_or_unknown_never_gateway_error() {
    let dup_register = ok(
        json!({"errorCode": "1", "errorMessage": "Order number is duplicated, order with given order number is processed already"}),
    );
    let dup_recurrent = ok(
        json!({"success": false, "error": {"code": "10", "message": "Order with this number is already registered in the system."}}),
    );
    let not_found = || ok(json!({"errorCode": "6", "errorMessage": "Order not found"}));
    for (method, dup) in [
        ("register", dup_register.clone()),
        ("registerPreAuth", dup_register),
        ("recurrentPayment", dup_recurrent.clone()),
        ("installmentPayment", dup_recurrent),
    ] {
        let p = money_moving()
            .into_iter()
            .find(|(m, _)| *m == method)
            .unwrap()
            .1;
        // Confirmed by the second status query: recovered.
        let mut c = call(method, p.clone());
        let (steps, r) = run_scripted(
            &mut c,
            [Input::Timeout, not_found(), dup.clone(), status_found(2)],
        );
        assert_eq!(
            sent(&steps).len(),
            4,
            "{method}: main, probe, repeat, confirm"
        );
        let v = r.unwrap();
        assert_eq!(v["recovered"], true, "{method}");
        // The second query cannot show the order: OUTCOME_UNKNOWN, not GATEWAY_ERROR.
        for confirm in [
            vec![not_found()],
            vec![ok(
                json!({"errorCode": "5", "errorMessage": "Access denied"}),
            )],
            vec![
                Input::Timeout,
                Input::Timeout,
                Input::Timeout,
                Input::Timeout,
            ],
            vec![Input::Response(HttpResponse::new(200, "<html>"))],
        ] {
            let mut c = call(method, p.clone());
            let script = [Input::Timeout, not_found(), dup.clone()]
                .into_iter()
                .chain(confirm);
            let (steps, r) = run_scripted(&mut c, script);
            let e = r.unwrap_err();
            assert_eq!(e.code(), ErrorCode::OutcomeUnknown, "{method}: {e}");
            assert_eq!(details(&e)["cause"], "GATEWAY_ERROR", "{method}");
            let mains = sent(&steps)
                .iter()
                .filter(|r| !r.url.ends_with("getOrderStatusExtended.do"))
                .count();
            assert_eq!(mains, 2, "{method}: never a third send");
        }
    }
}

#[test]
fn an_oversized_answer_to_a_money_moving_call_is_outcome_unknown_without_probe_or_repeat() {
    for (method, p) in money_moving() {
        let mut c = call(method, p);
        let (steps, r) = run_scripted(&mut c, [Input::TooLarge { status: 200 }]);
        assert_eq!(sent(&steps).len(), 1, "{method}");
        let e = r.unwrap_err();
        assert_eq!(e.code(), ErrorCode::OutcomeUnknown, "{method}");
        assert_eq!(details(&e)["cause"], "RESPONSE_TOO_LARGE", "{method}");
    }
    // A read: RESPONSE_TOO_LARGE itself, not repeated.
    let mut c = call("getOrderStatusExtended", json!({"orderId": "md-1"}));
    let (steps, r) = run_scripted(&mut c, [Input::TooLarge { status: 200 }]);
    assert_eq!(sent(&steps).len(), 1);
    assert_eq!(r.unwrap_err().code(), ErrorCode::ResponseTooLarge);
}

#[test]
fn redirects_are_refused_naming_only_the_host_and_never_followed() {
    for status in [301, 302, 303, 307, 308] {
        for (method, p) in [
            ("register", serde_json::from_str(REGISTER).unwrap()),
            ("getOrderStatusExtended", json!({"orderId": "md-1"})),
        ] {
            let mut c = call(method, p);
            let answer = HttpResponse::new(status, "").with_header(
                "Location",
                "https://u:pw-SECRET@evil.example:8443/steal?password=pw-SECRET#frag",
            );
            let (steps, r) = run_scripted(&mut c, [Input::Response(answer)]);
            assert_eq!(sent(&steps).len(), 1, "{method} {status}");
            let e = r.unwrap_err();
            assert_eq!(e.code(), ErrorCode::RedirectRefused, "{method} {status}");
            assert_eq!(e.gateway().unwrap().http_status, Some(status));
            assert!(e.message().contains("evil.example:8443"), "{}", e.message());
            for leak in ["steal", "password", "pw-SECRET", "frag", "u:"] {
                assert!(!e.message().contains(leak), "{leak}: {}", e.message());
            }
        }
    }
    // A browser's opaque redirect: status 0, no Location.
    let mut c = call("register", serde_json::from_str(REGISTER).unwrap());
    let (_, r) = run_scripted(&mut c, [Input::Response(HttpResponse::new(0, ""))]);
    let e = r.unwrap_err();
    assert_eq!(e.code(), ErrorCode::RedirectRefused);
    assert!(
        e.message().contains("hidden by the runtime"),
        "{}",
        e.message()
    );
}
