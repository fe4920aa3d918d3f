//! Property tests of the API clients' core (issue 11), `common::fuzz_cases()` cases each:
//! - the answer parsers of the three gateways on arbitrary bytes, arbitrary JSON values and
//!   near-valid answers (wrong types, huge numbers, missing fields): never a panic; an `Ok` is a
//!   JSON object; an error carries a code;
//! - the request builders with arbitrary parameters: never a panic; a request is built only when
//!   every amount is a non-negative integer and no credential is passed per call;
//! - `Retry-After` and expiry parsing of absurd values: never an overflow; a honoured pause is
//!   within the policy's limit;
//! - the base-URL policy on random strings and near-valid URLs: accepted means https, or http to
//!   a loopback host, with no userinfo, query, fragment, whitespace or backslash;
//! - the call machines driven by random scripts of inputs: they always finish, never panic, and a
//!   money-moving RBS request is sent a second time only after a 429 or after the status query
//!   answered exactly "order not found" for a call that creates the order; Mobile Cashier and
//!   Koshelek repeats carry the same bytes and key, and a Koshelek POST without `requestId` is
//!   repeated only after a 429.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use kassa::cashier::{CashierCall, CashierConfig, Session};
use kassa::http::base_url::{check_base_url, is_loopback_host};
use kassa::http::retry::parse_retry_after;
use kassa::http::time::parse_expiry_ms;
use kassa::http::{HttpRequest, HttpResponse, Input, Jitter, Machine, Method, RetryPolicy, Step};
use kassa::koshelek::{KoshelekCall, KoshelekConfig};
use kassa::rbs::api::{endpoint, Kind};
use kassa::rbs::call::{classify_probe, ProbeAnswer};
use kassa::rbs::config::{Auth, RbsConfig};
use kassa::rbs::RbsCall;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

fn config() -> ProptestConfig {
    ProptestConfig::with_cases(common::fuzz_cases())
}

/// Printable ASCII strings up to `max` long (cheaper to generate than a regex strategy).
fn ascii(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(0x20u8..0x7f, 0..=max).prop_map(|b| String::from_utf8(b).unwrap())
}

/// Arbitrary JSON values, with the numbers that break naive code (huge, negative, fractions).
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        Just(json!(1e308)),
        Just(json!(-0.0)),
        ascii(12).prop_map(Value::String),
        prop_oneof![
            Just("0"),
            Just("6"),
            Just(" 6 "),
            Just("1"),
            Just("10"),
            Just("5"),
            Just("")
        ]
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Keys the parsers and builders look at, and some others.
fn key() -> impl Strategy<Value = String> {
    prop::sample::select(KEYS.to_vec()).prop_map(String::from)
}

const KEYS: &[&str] = &[
    "errorCode",
    "errorMessage",
    "success",
    "succes",
    "status",
    "orderStatus",
    "error",
    "code",
    "message",
    "description",
    "details",
    "attributes",
    "name",
    "value",
    "mdOrder",
    "orderId",
    "orderNumber",
    "accessToken",
    "expiresAccess",
    "amount",
    "depositAmount",
    "orderAmount",
    "paymentAmount",
    "requestId",
    "storeId",
    "terminalId",
    "userName",
    "password",
    "token",
    "order",
    "x",
];

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        Just(200u16),
        Just(201),
        Just(204),
        Just(0),
        Just(302),
        Just(307),
        Just(400),
        Just(401),
        Just(404),
        Just(409),
        Just(422),
        Just(429),
        Just(500),
        Just(503),
        any::<u16>(),
    ]
}

/// Answer bodies that matter to the machines (no recursive generation: the machine properties
/// need many inputs per case).
fn machine_body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..8),
        Just(b"<html>proxy</html>".to_vec()),
        Just(br#"{"errorCode":"6","errorMessage":"Order not found"}"#.to_vec()),
        Just(br#"{"errorCode":6}"#.to_vec()),
        Just(br#"{"errorCode":"6","orderStatus":0}"#.to_vec()),
        Just(br#"{"errorCode":"5","errorMessage":"Access denied"}"#.to_vec()),
        Just(br#"{"errorCode":"7"}"#.to_vec()),
        Just(br#"{"errorCode":"1","errorMessage":"Order number is duplicated"}"#.to_vec()),
        Just(br#"{"success":false,"error":{"code":"10"}}"#.to_vec()),
        Just(br#"{"success":false,"errorCode":"6"}"#.to_vec()),
        Just(
            br#"{"errorCode":"0","orderStatus":2,"attributes":[{"name":"mdOrder","value":"md"}]}"#
                .to_vec()
        ),
        Just(br#"{"errorCode":"0","orderStatus":0,"orderId":"md"}"#.to_vec()),
        Just(br#"{"success":true,"accessToken":"T","expiresAccess":"4102444800"}"#.to_vec()),
        Just(br#"{"success":true,"order":{"id":7}}"#.to_vec()),
        Just(b"[1]".to_vec()),
        Just(b"".to_vec()),
    ]
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..64),
        json_value().prop_map(|v| v.to_string().into_bytes()),
        Just(b"<html>proxy</html>".to_vec()),
        Just(br#"{"errorCode":"6","errorMessage":"Order not found"}"#.to_vec()),
        Just(br#"{"errorCode":"1","errorMessage":"Order number is duplicated"}"#.to_vec()),
        Just(br#"{"success":false,"error":{"code":"10"}}"#.to_vec()),
        Just(
            br#"{"errorCode":"0","orderStatus":2,"attributes":[{"name":"mdOrder","value":"md"}]}"#
                .to_vec()
        ),
        Just(br#"{"errorCode":99999999999999999999999,"orderStatus":1e400}"#.to_vec()),
        Just(
            br#"{"success":true,"accessToken":"T","expiresAccess":"99999999999999999999"}"#
                .to_vec()
        ),
    ]
}

fn with_headers(s: u16, b: Vec<u8>, ra: Option<String>) -> HttpResponse {
    let mut r = HttpResponse::new(s, b);
    if let Some(v) = ra {
        r = r.with_header("Retry-After", &v).with_header("location", &v);
    }
    r
}

fn response() -> impl Strategy<Value = HttpResponse> {
    (status(), body(), proptest::option::of(ascii(40)))
        .prop_map(|(s, b, ra)| with_headers(s, b, ra))
}

fn machine_response() -> impl Strategy<Value = HttpResponse> {
    let ra = prop_oneof![
        Just(None),
        Just(Some("1".to_string())),
        Just(Some("99999999999999999999".to_string())),
        Just(Some("https://evil.example/x?y".to_string())),
    ];
    (status(), machine_body(), ra).prop_map(|(s, b, ra)| with_headers(s, b, ra))
}

fn rbs_config() -> RbsConfig {
    RbsConfig {
        base_url: "https://gw.test/payment/rest/".into(),
        auth: Auth::Password {
            user_name: "shop-api".into(),
            password: "pw".into(),
        },
        policy: RetryPolicy::default(),
        signer: None,
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn gateway_answer_parsers_never_panic(r in response(), method in ascii(12)) {
        for m in [method.as_str(), "register", "getOrderStatusExtended"] {
            if let Ok(v) = kassa::rbs::response::parse(m, &r) {
                prop_assert!(v.is_object());
                prop_assert!((200..300).contains(&r.status));
            }
            if let Ok(v) = kassa::cashier::response::parse(m, &r) {
                prop_assert!(v.is_object());
                prop_assert!((200..300).contains(&r.status));
            }
            if kassa::koshelek::response::parse(m, &r).is_ok() {
                prop_assert!((200..300).contains(&r.status));
            }
        }
        match classify_probe(&r) {
            ProbeAnswer::NotFound => {
                let v: Value = serde_json::from_slice(&r.body).unwrap();
                prop_assert!(v.get("orderStatus").is_none() && v.get("success").is_none());
                prop_assert!((200..300).contains(&r.status));
            }
            ProbeAnswer::Status(v) => prop_assert!(v.is_object()),
            ProbeAnswer::Other(e) => prop_assert!(!e.code().as_str().is_empty()),
        }
        if let Ok(v) = serde_json::from_slice::<Value>(&r.body) {
            let _ = kassa::rbs::response::md_order(&v);
            let _ = kassa::cashier::response::order_status(&v);
            let mut s = Session::default();
            let _ = s.update(&v, u64::MAX);
            let _ = s.token(u64::MAX);
        }
    }

    #[test]
    fn near_valid_answers_never_panic(v in json_value(), extra in prop::collection::vec((key(), json_value()), 0..4)) {
        let mut o = match v { Value::Object(o) => o, other => { let mut m = Map::new(); m.insert("errorCode".into(), other); m } };
        for (k, x) in extra { o.insert(k, x); }
        let r = HttpResponse::new(200, Value::Object(o.clone()).to_string());
        let _ = kassa::rbs::response::business_error("x", &o);
        let _ = kassa::rbs::response::parse("register", &r);
        let _ = kassa::cashier::response::parse("createOrder", &r);
        let _ = kassa::koshelek::response::parse("POST checkout", &HttpResponse::new(422, Value::Object(o).to_string()));
        let _ = classify_probe(&r);
    }

    #[test]
    fn request_builders_validate_amounts_and_never_panic(
        params in prop::collection::vec((key(), json_value()), 0..6),
        method in prop::sample::select(kassa::rbs::api::ENDPOINTS.iter().map(|e| e.method).collect::<Vec<_>>()),
        path in ascii(30),
    ) {
        let params: Map<String, Value> = params.into_iter().collect();
        // The one amount rule (http::amount): JSON integers >= 0 only; digit strings are refused.
        let amounts_ok = params.iter().filter(|(k, _)| kassa::rbs::api_params::is_amount_key(k)).all(|(_, v)| match v {
            Value::Number(n) => n.is_u64(),
            _ => false,
        });
        let auth = ["userName", "password", "token"].iter().any(|k| params.contains_key(*k));
        let mandatory_ok = kassa::rbs::api::check_mandatory(endpoint(method).unwrap(), &params).is_ok();
        let built = kassa::rbs::api::build(&rbs_config(), endpoint(method).unwrap(), &params);
        prop_assert_eq!(built.is_ok(), amounts_ok && !auth && mandatory_ok, "{:?}", built.err());
        let ck = CashierConfig { base_url: "https://mc.test/".into(), login: "l".into(), password: "p".into(), policy: RetryPolicy::default() };
        let ep = &kassa::cashier::api::ENDPOINTS[path.len() % kassa::cashier::api::ENDPOINTS.len()];
        {
            if let Ok(r) = kassa::cashier::api::build(&ck.base_url, ep, Some(&path), Some(&path), &params, 1) {
                for k in ["orderAmount", "paymentAmount", "amount"] {
                    prop_assert!(params.get(k).is_none_or(|v| v.as_u64().is_some()), "{} {}", k, r.url);
                }
            }
        }
        let kc = KoshelekConfig { base_url: "https://k.test/p/".into(), login: "l".into(), password: "p".into(),
            store_id: "1".into(), terminal_id: "t".into(), policy: RetryPolicy::default() };
        for m in [Method::Get, Method::Post] {
            if let Ok(r) = kassa::koshelek::api::build(&kc, m, &path, Some(&params)) {
                prop_assert!(amounts_ok);
                prop_assert!(r.url.starts_with("https://k.test/p/"));
                prop_assert!(!path.contains("..") || !path.split('/').any(|s| s == ".."));
            }
        }
    }

    #[test]
    fn retry_after_and_expiries_never_overflow(v in ascii(40), digits in prop::collection::vec(b'0'..=b'9', 1..40).prop_map(|d| String::from_utf8(d).unwrap()), now in any::<u64>(),
            day in any::<u32>(), year in any::<i64>(), h in any::<u32>()) {
        let p = RetryPolicy::default();
        let mut j = Jitter::new(now);
        for s in [v.clone(), digits.clone(), format!("Sun, {day:02} Nov {year} {h:02}:49:37 GMT"),
                  format!("{year}-{day:02}-01T{h:02}:00:00+{digits}")] {
            let _ = parse_retry_after(&s, now);
            let _ = parse_expiry_ms(&s, now);
            let r = HttpResponse::new(429, "").with_header("Retry-After", &s);
            if let Some(ms) = p.delay_after(Some(&r), 0, now, &mut j) {
                prop_assert!(ms <= p.max_retry_after_ms.max(p.max_delay_ms));
            }
        }
        let secs: u64 = digits.parse().unwrap_or(u64::MAX);
        prop_assert_eq!(parse_retry_after(&digits, now), Some(secs.saturating_mul(1000)));
    }

    #[test]
    fn base_url_policy(input in prop_oneof![
        ascii(40).boxed(),
        (prop::sample::select(vec!["https", "http", "HTTP", "ftp", "javascript", ""]),
         prop::option::of("[a-z:]{1,8}@"),
         prop::sample::select(vec!["localhost", "a.localhost", "127.0.0.1", "127.9.9.9", "127.0.0.01", "[::1]", "[::2]",
             "gw.example", "10.0.0.1", "0x7f.1", "2130706433", "localhost.evil", "127.0.0.1.evil", ""]),
         prop::option::of(0u32..70000),
         ascii(12))
            .prop_map(|(s, ui, h, port, rest)| format!("{s}://{}{h}{}/{rest}", ui.unwrap_or_default(),
                port.map(|p| format!(":{p}")).unwrap_or_default())).boxed(),
    ]) {
        if let Ok(u) = check_base_url(&input, "options.baseUrl") {
            prop_assert_eq!(&u, &input);
            let lower = u.to_ascii_lowercase();
            let after = lower.split_once("://").unwrap().1;
            let authority = after.split('/').next().unwrap();
            prop_assert!(!authority.contains('@'), "{}", u);
            prop_assert!(!u.contains('?') && !u.contains('#') && !u.contains('\\'), "{}", u);
            prop_assert!(!u.chars().any(|c| c.is_whitespace() || c.is_control()), "{:?}", u);
            let host = if authority.starts_with('[') { &authority[..=authority.find(']').unwrap()] } else { authority.split(':').next().unwrap() };
            if lower.starts_with("http://") {
                prop_assert!(is_loopback_host(host), "{}", u);
            } else {
                prop_assert!(lower.starts_with("https://"), "{}", u);
            }
        } else {
            let e = check_base_url(&input, "options.baseUrl").unwrap_err();
            prop_assert!(e.message().starts_with("options.baseUrl is not accepted"), "{}", e.message());
        }
    }
}

/// One input of a random script.
fn input() -> impl Strategy<Value = Input> {
    prop_oneof![
        3 => machine_response().prop_map(Input::Response),
        1 => Just(Input::Timeout),
        1 => Just(Input::NetworkError("reset".into())),
        1 => Just(Input::Malformed("junk".into())),
        1 => status().prop_map(|status| Input::TooLarge { status }),
    ]
}

/// Drives `m` with `script` (then timeouts), recording each request with the input answering it.
fn drive<M: Machine>(m: &mut M, script: &[Input]) -> (Vec<(HttpRequest, Input)>, bool) {
    let mut log = Vec::new();
    let mut next = script
        .iter()
        .cloned()
        .chain(std::iter::repeat(Input::Timeout));
    let mut input = Input::Start;
    let mut now = 1_000_000u64;
    for _ in 0..2_000 {
        match m.resume(input, now) {
            Step::Send(r) => {
                let i = next.next().unwrap();
                log.push((r, i.clone()));
                input = i;
            }
            Step::Sleep(ms) => {
                now = now.saturating_add(ms);
                input = Input::Slept;
            }
            Step::Done(_) => return (log, true),
        }
    }
    (log, false)
}

const MONEY: [&str; 13] = [
    "register",
    "registerPreAuth",
    "paymentOrder",
    "paymentOrderBinding",
    "deposit",
    "reverse",
    "refund",
    "decline",
    "processRawSumRefund",
    "processRawPositionRefund",
    "recurrentPayment",
    "installmentPayment",
    "createBindingNoPayment",
];

proptest! {
    #![proptest_config(config())]

    #[test]
    fn rbs_money_moves_at_most_once_under_any_script(
        method in prop::sample::select(MONEY.to_vec()),
        key in prop::sample::select(vec!["orderNumber", "orderId", "mdOrder", "none"]),
        script in prop::collection::vec(input(), 0..8),
    ) {
        prop_assert_eq!(endpoint(method).unwrap().kind, Kind::Mutation);
        let mut p = Map::new();
        p.insert("amount".into(), json!(100));
        if key != "none" { p.insert(key.into(), json!("A-1")); }
        // The endpoint's Mandatory parameters (an order key among them is always there).
        for m in endpoint(method).unwrap().mandatory {
            p.entry(m.to_string()).or_insert_with(|| if *m == "preAuth" { json!(false) } else { json!("A-1") });
        }
        for g in endpoint(method).unwrap().one_of {
            if !g.iter().any(|n| p.contains_key(*n)) { p.insert(g[0].to_string(), json!("A-1")); }
        }
        let by_number = p.contains_key("orderNumber");
        let mut c = RbsCall::new(rbs_config(), method, p, Jitter::new(7)).unwrap();
        let (log, finished) = drive(&mut c, &script);
        prop_assert!(finished, "the machine always finishes");
        let path = endpoint(method).unwrap().path.trim_start_matches("../");
        let mut allowed = 1;
        let mut sends = 0;
        for (req, answer) in &log {
            if req.url.ends_with(path) {
                sends += 1;
                prop_assert!(sends <= allowed, "{method}: send {sends} of the money-moving request");
                if matches!(answer, Input::Response(r) if r.status == 429) { allowed += 1; }
            } else if req.url.ends_with("getOrderStatusExtended.do") {
                if let Input::Response(r) = answer {
                    if matches!(classify_probe(r), ProbeAnswer::NotFound)
                        && by_number
                        && ["register", "registerPreAuth", "recurrentPayment", "installmentPayment"].contains(&method)
                    {
                        allowed += 1;
                    }
                }
            }
        }
    }

    #[test]
    fn cashier_and_koshelek_repeat_only_with_the_same_key(
        method in prop::sample::select(vec!["createOrder", "refund", "authorize", "charge", "void", "payoutCard", "getOrder"]),
        with_key in any::<bool>(),
        script in prop::collection::vec(input(), 0..8),
    ) {
        let cfg = CashierConfig { base_url: "https://mc.test/".into(), login: "l".into(), password: "p".into(), policy: RetryPolicy::default() };
        let body = json!({"orderAmount": 1, "tspId": 1, "OrderId": "e"});
        let mut c = CashierCall::new(cfg, Rc::new(RefCell::new(Session::default())), method, Some("7"), None,
            body.as_object().unwrap(), "key-1".into(), Jitter::new(3)).unwrap();
        let (log, finished) = drive(&mut c, &script);
        prop_assert!(finished);
        let calls: Vec<&HttpRequest> = log.iter().map(|(r, _)| r).filter(|r| !r.url.ends_with("public/login")).collect();
        for r in &calls {
            prop_assert_eq!(&r.body, &calls[0].body);
            prop_assert_eq!(r.header_value("x-req-id"), if method == "getOrder" { None } else { Some("key-1") });
        }

        let kc = KoshelekConfig { base_url: "https://k.test/p/".into(), login: "l".into(), password: "p".into(),
            store_id: "1".into(), terminal_id: "t".into(), policy: RetryPolicy::default() };
        let mut b = Map::new();
        b.insert("amount".into(), json!(5));
        if with_key { b.insert("requestId".into(), json!("ab182f20-9c5a-11ea-ab12-0800200c9a66")); }
        let mut k = KoshelekCall::new(&kc, Method::Post, "checkout", Some(&b), Jitter::new(5)).unwrap();
        let (log, finished) = drive(&mut k, &script);
        prop_assert!(finished);
        let mut allowed = 1;
        for (i, (r, answer)) in log.iter().enumerate() {
            prop_assert_eq!(&r.body, &log[0].0.body);
            if !with_key {
                prop_assert!(i < allowed, "a Koshelek POST without requestId was repeated");
                if matches!(answer, Input::Response(r) if r.status == 429) { allowed += 1; }
            }
        }
    }
}
