//! The Mobile Cashier call machine with scripted answers: login before the first call and before
//! expiry, one re-login on 401, the same x-req-id on every retry, waitForFinalStatus.
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

use std::cell::RefCell;
use std::rc::Rc;

use kassa::cashier::call::wait_for_final_status;
use kassa::cashier::{CashierCall, CashierConfig, Session, SharedSession};
use kassa::http::{
    run_scripted, HttpRequest, HttpResponse, Input, Jitter, PollSchedule, RetryPolicy, Step,
};
use kassa::ErrorCode;
use serde_json::{json, Value};

fn config() -> CashierConfig {
    CashierConfig {
        base_url: "https://mc.test/api/".into(),
        login: "mail@email.com".into(),
        password: "Password123-SECRET".into(),
        policy: RetryPolicy::default(),
    }
}

fn session() -> SharedSession {
    Rc::new(RefCell::new(Session::default()))
}

/// A call of `method` with the test config, no `tspCode`, and `key` as its `x-req-id`.
fn call(
    s: &SharedSession,
    method: &str,
    id: Option<&str>,
    body: Value,
    key: &str,
) -> kassa::Result<CashierCall> {
    let body = body.as_object().cloned().unwrap_or_default();
    let jitter = Jitter::new(1);
    CashierCall::new(
        config(),
        s.clone(),
        method,
        id,
        None,
        &body,
        key.into(),
        jitter,
    )
}

fn create(s: &SharedSession) -> CashierCall {
    let body =
        json!({"merchantOrderId": "m-1", "orderAmount": 100, "orderCurrency": "RUB", "tspId": 1});
    call(s, "createOrder", None, body, "req-1").unwrap()
}

fn ok(v: Value) -> Input {
    Input::Response(HttpResponse::new(200, v.to_string()))
}

/// Login answer whose token expires at `expires` (epoch seconds as text).
fn login(token: &str, expires: &str) -> Input {
    ok(
        json!({"success": true, "description": "login success", "accessToken": token, "expiresAccess": expires,
              "refreshToken": "r", "expiresRefresh": expires}),
    )
}

fn created() -> Input {
    ok(json!({"success": true, "description": "", "order": {"id": 7, "status": "CREATED"}}))
}

fn sent(steps: &[Step<()>]) -> Vec<&HttpRequest> {
    steps
        .iter()
        .filter_map(|s| if let Step::Send(r) = s { Some(r) } else { None })
        .collect()
}

fn paths(steps: &[Step<()>]) -> Vec<String> {
    sent(steps)
        .iter()
        .map(|r| r.url.trim_start_matches("https://mc.test/api/").to_string())
        .collect()
}

const FAR: &str = "4102444800"; // 2100-01-01

#[test]
fn logs_in_once_then_calls_with_bearer_and_x_req_id() {
    let s = session();
    let mut c = create(&s);
    let (steps, r) = run_scripted(&mut c, [login("T1", FAR), created()]);
    assert_eq!(paths(&steps), ["public/login", "order"]);
    let reqs = sent(&steps);
    let login_body: Value = serde_json::from_slice(&reqs[0].body).unwrap();
    assert_eq!(
        login_body,
        json!({"login": "mail@email.com", "password": "Password123-SECRET"})
    );
    assert_eq!(reqs[1].header_value("authorization"), Some("Bearer T1"));
    assert_eq!(reqs[1].header_value("x-req-id"), Some("req-1"));
    assert_eq!(r.unwrap()["requestId"], "req-1");
    // The next call reuses the token.
    let mut c = create(&s);
    let (steps, _) = run_scripted(&mut c, [created()]);
    assert_eq!(paths(&steps), ["order"]);
}

#[test]
fn token_close_to_expiry_is_replaced_before_the_call() {
    let s = session();
    // run_scripted's clock starts at 1_000_000 ms; a token valid 30 s more is too close.
    s.borrow_mut()
        .update(
            &json!({"accessToken": "OLD", "expiresAccess": "30"}),
            1_000_000,
        )
        .unwrap();
    let mut c = create(&s);
    let (steps, r) = run_scripted(&mut c, [login("NEW", FAR), created()]);
    assert_eq!(paths(&steps), ["public/login", "order"]);
    assert_eq!(
        sent(&steps)[1].header_value("authorization"),
        Some("Bearer NEW")
    );
    assert!(r.is_ok());
}

#[test]
fn one_relogin_on_401() {
    let s = session();
    s.borrow_mut()
        .update(&json!({"accessToken": "STALE", "expiresAccess": FAR}), 0)
        .unwrap();
    let mut c = create(&s);
    let (steps, r) = run_scripted(
        &mut c,
        [
            Input::Response(HttpResponse::new(401, "")),
            login("T2", FAR),
            created(),
        ],
    );
    assert_eq!(paths(&steps), ["order", "public/login", "order"]);
    let reqs = sent(&steps);
    assert_eq!(reqs[2].header_value("authorization"), Some("Bearer T2"));
    assert_eq!(
        reqs[0].header_value("x-req-id"),
        reqs[2].header_value("x-req-id")
    );
    assert!(r.is_ok());

    let mut c = create(&s);
    let (steps, r) = run_scripted(
        &mut c,
        [
            Input::Response(HttpResponse::new(401, "")),
            login("T3", FAR),
            Input::Response(HttpResponse::new(401, "")),
        ],
    );
    assert_eq!(sent(&steps).len(), 3, "only one re-login");
    let e = r.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Unauthorized);
    assert!(!format!("{e} {e:?}").contains("SECRET"));
}

#[test]
fn posts_are_retried_with_the_same_x_req_id() {
    let s = session();
    let mut cfg = config();
    cfg.policy.max_retries = 4;
    let body =
        json!({"merchantOrderId": "m-1", "orderAmount": 100, "orderCurrency": "RUB", "tspId": 1});
    let mut c = CashierCall::new(
        cfg,
        s.clone(),
        "createOrder",
        None,
        None,
        body.as_object().unwrap(),
        "req-1".into(),
        Jitter::new(1),
    )
    .unwrap();
    let (steps, r) = run_scripted(
        &mut c,
        [
            login("T", FAR),
            Input::NetworkError("socket hang up".into()),
            Input::Response(HttpResponse::new(502, "")),
            Input::Response(HttpResponse::new(429, "").with_header("retry-after", "1")),
            Input::Response(HttpResponse::new(
                409,
                r#"{"success":false,"description":"in flight"}"#,
            )),
            created(),
        ],
    );
    let orders: Vec<&HttpRequest> = sent(&steps)
        .into_iter()
        .filter(|r| r.url.ends_with("/order"))
        .collect();
    assert_eq!(orders.len(), 5, "{r:?} {steps:?}");
    assert!(orders
        .iter()
        .all(|r| r.header_value("x-req-id") == Some("req-1") && r.body == orders[0].body));
    assert!(steps.contains(&Step::Sleep(1000)));
    assert_eq!(r.unwrap()["order"]["id"], 7);
}

#[test]
fn exhausted_retries_are_outcome_unknown_naming_the_request_id() {
    let s = session();
    let mut c = create(&s);
    let script =
        std::iter::once(login("T", FAR)).chain(std::iter::repeat_with(|| Input::Timeout).take(10));
    let (steps, r) = run_scripted(&mut c, script);
    assert_eq!(sent(&steps).len(), 5, "login + 4 attempts");
    let e = r.unwrap_err();
    assert_eq!(e.code(), ErrorCode::OutcomeUnknown);
    assert!(e.message().contains("req-1"), "{}", e.message());
    let d: Value = serde_json::from_str(e.gateway().unwrap().details.as_deref().unwrap()).unwrap();
    assert_eq!(d["requestId"], "req-1");
    assert_eq!(d["cause"], "TIMEOUT");
}

#[test]
fn gets_carry_no_x_req_id_and_bad_amounts_fail_early() {
    let s = session();
    let mut c = call(&s, "getOrder", Some("7"), json!({}), "k").unwrap();
    let (steps, _) = run_scripted(&mut c, [login("T", FAR), created()]);
    assert_eq!(sent(&steps)[1].header_value("x-req-id"), None);
    assert_eq!(sent(&steps)[1].url, "https://mc.test/api/order/7");
    let body = json!({"orderAmount": 10.5, "orderCurrency": "RUB", "tspId": 1});
    let e = call(&s, "createOrder", None, body, "k").err().unwrap();
    assert_eq!(e.code(), ErrorCode::InvalidAmount);
}

#[test]
fn wait_for_final_status_skips_created_and_in_process() {
    let s = session();
    s.borrow_mut()
        .update(&json!({"accessToken": "T", "expiresAccess": FAR}), 0)
        .unwrap();
    let st = |status: &str| {
        ok(json!({"success": true, "description": "", "order": {"id": 7, "status": status}}))
    };
    let mut p = wait_for_final_status(
        config(),
        s,
        "7".into(),
        u64::MAX,
        PollSchedule::default(),
        Jitter::new(2),
    );
    let (steps, r) = run_scripted(&mut p, [st("CREATED"), st("IN_PROCESS"), st("CHARGED")]);
    assert_eq!(r.unwrap()["order"]["status"], "CHARGED");
    assert!(sent(&steps)
        .iter()
        .all(|r| r.url == "https://mc.test/api/order/7/status"));
}

/// Every money-moving POST of the reference, with its arguments.
fn money_posts() -> Vec<(
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Value,
)> {
    vec![
        (
            "createOrder",
            None,
            None,
            json!({"orderAmount": 100, "orderCurrency": "RUB", "tspId": 1}),
        ),
        ("refund", Some("7"), None, json!({"amount": 300})),
        ("qrcData", Some("7"), None, json!({})),
        (
            "payoutIps",
            Some("7"),
            None,
            json!({"accountNumber": "79011234567", "bankId": "1"}),
        ),
        ("sberPay", Some("7"), None, json!({"phoneNumber": "+7"})),
        ("payoutCard", Some("7"), None, json!({"pan": "4111"})),
        ("paymentFormOrder", Some("7"), Some("shop"), json!({})),
        ("authorize", None, None, json!({"OrderId": "e-1"})),
        ("charge", None, None, json!({"OrderId": "e-1"})),
        ("void", None, None, json!({"OrderId": "e-1"})),
    ]
}

fn money_call(
    s: &SharedSession,
    method: &str,
    id: Option<&str>,
    tsp: Option<&str>,
    body: &Value,
) -> CashierCall {
    CashierCall::new(
        config(),
        s.clone(),
        method,
        id,
        tsp,
        body.as_object().unwrap(),
        "key-1".into(),
        Jitter::new(3),
    )
    .unwrap()
}

#[test]
fn every_repeat_of_every_money_moving_post_carries_its_one_key() {
    for (method, id, tsp, body) in money_posts() {
        let s = session();
        let mut c = money_call(&s, method, id, tsp, &body);
        // Every retry path: a timeout, a dropped connection, a 5xx, a 409, a 429, a refused
        // token (re-login), then the answer.
        let (steps, r) = run_scripted(
            &mut c,
            [
                login("T1", FAR),
                Input::Timeout,
                Input::NetworkError("reset".into()),
                Input::Response(HttpResponse::new(503, "")),
                Input::Response(HttpResponse::new(401, "")),
                login("T2", FAR),
                Input::Response(HttpResponse::new(409, "")),
                Input::Response(HttpResponse::new(429, "").with_header("Retry-After", "1")),
                ok(json!({"success": true, "order": {"id": 7}})),
            ],
        );
        assert!(r.is_ok(), "{method}: {r:?}");
        let calls: Vec<&HttpRequest> = sent(&steps)
            .into_iter()
            .filter(|r| !r.url.ends_with("public/login"))
            .collect();
        assert!(calls.len() >= 5, "{method}: {}", calls.len());
        for r in &calls {
            assert_eq!(r.header_value("x-req-id"), Some("key-1"), "{method}");
            assert_eq!(r.body, calls[0].body, "{method}");
        }
    }
}

#[test]
fn a_money_moving_post_whose_answer_cannot_be_read_is_outcome_unknown_not_repeated() {
    for (method, id, tsp, body) in money_posts() {
        for (answer, cause) in [
            (
                Input::Response(HttpResponse::new(200, "<html>proxy</html>")),
                "MALFORMED_RESPONSE",
            ),
            (Input::TooLarge { status: 200 }, "RESPONSE_TOO_LARGE"),
            (
                Input::Malformed("not a Response".into()),
                "MALFORMED_RESPONSE",
            ),
        ] {
            let s = session();
            let mut c = money_call(&s, method, id, tsp, &body);
            let script = [login("T", FAR), answer.clone()]
                .into_iter()
                .chain(std::iter::repeat_with(|| Input::Malformed("again".into())).take(4));
            let (steps, r) = run_scripted(&mut c, script);
            let e = r.unwrap_err();
            assert_eq!(e.code(), ErrorCode::OutcomeUnknown, "{method} {answer:?}");
            let d: Value =
                serde_json::from_str(e.gateway().unwrap().details.as_deref().unwrap()).unwrap();
            assert_eq!(d["requestId"], "key-1");
            if !matches!(answer, Input::Malformed(_)) {
                assert_eq!(d["cause"], cause, "{method}");
                let calls = sent(&steps)
                    .iter()
                    .filter(|r| !r.url.ends_with("public/login"))
                    .count();
                assert_eq!(
                    calls, 1,
                    "{method} {answer:?}: an answer arrived; not repeated"
                );
            }
            assert!(!e.message().contains("SECRET"));
        }
    }
}

#[test]
fn redirects_are_refused_and_login_credentials_are_never_sent_twice() {
    let s = session();
    let mut c = create(&s);
    let (steps, r) = run_scripted(
        &mut c,
        [Input::Response(
            HttpResponse::new(307, "").with_header("Location", "http://127.0.0.1:9/steal?x=1"),
        )],
    );
    assert_eq!(sent(&steps).len(), 1, "only the login was sent");
    let e = r.unwrap_err();
    assert_eq!(e.code(), ErrorCode::RedirectRefused);
    assert_eq!(e.gateway().unwrap().http_status, Some(307));
    assert!(e.message().contains("host 127.0.0.1:9"), "{}", e.message());
    assert!(!e.message().contains("steal") && !e.message().contains("SECRET"));
}

#[test]
fn request_ids_must_be_header_safe() {
    for bad in ["", "a\r\nx-evil: 1", "ключ", &"k".repeat(129)] {
        let body = json!({"orderAmount": 1, "tspId": 1});
        let e = call(&session(), "createOrder", None, body, bad)
            .err()
            .unwrap();
        assert_eq!(e.code(), ErrorCode::InvalidArgument, "{bad:?}");
    }
}

#[test]
fn a_declined_card_operation_is_a_gateway_error_sent_once_with_its_answer_and_request_id() {
    for (method, id, section, status) in [
        ("authorize", None, "Authorize", "DECLINED"),
        ("charge", None, "Charge", "CHARGE_DECLINED"),
        ("void", None, "Void", "VOID_DECLINED"),
        ("payoutCard", Some("7"), "order", "DECLINED"),
    ] {
        let s = session();
        let body = json!({"OrderId": "ext-1", "pan": "4111111111111111"});
        let mut c = money_call(&s, method, id, None, &body);
        let answer = json!({"Response": {"Code": 2, "Message": "Declined by the issuer"},
                            "Order": {"Status": status}, section: {"Status": status}});
        let (steps, r) = run_scripted(&mut c, [login("T", FAR), ok(answer)]);
        let e = r.unwrap_err();
        assert_eq!(e.code(), ErrorCode::GatewayError, "{method}");
        let g = e.gateway().unwrap();
        assert_eq!(g.error_code.as_deref(), Some("2"), "{method}");
        assert_eq!(g.error_message.as_deref(), Some("Declined by the issuer"));
        let d: Value = serde_json::from_str(g.details.as_deref().unwrap()).unwrap();
        assert_eq!(d["requestId"], "key-1", "{method}");
        assert_eq!(d["Order"]["Status"], status, "{method}");
        let calls = sent(&steps)
            .iter()
            .filter(|r| !r.url.ends_with("public/login"))
            .count();
        assert_eq!(calls, 1, "{method}: a decline is an answer, never repeated");
    }
}
