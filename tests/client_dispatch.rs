//! The clients' one call path (`kassa::options::client::Client`): which argument of each method
//! is an id, a body or an options object, in which order they are checked, the messages that name
//! them, `{ requestId }` and `{ deadline }`, and when the Koshelek `token()` is asked for. The
//! wasm layer only reads what the core asks for (`src/wasm/client/mod.rs`).
#![allow(clippy::unwrap_used, clippy::panic)]

use kassa::http::{Input, Step};
use kassa::options::client::dispatch::Client;
use kassa::options::client::{Arguments, BodyError, BoxedCall, Started};
use kassa::options::Plain;
use kassa::ErrorCode;
use serde_json::{json, Map, Value};

/// One argument as a test hands it over.
#[derive(Clone)]
enum Given {
    /// A value (an id, a string): also what `option` reads from (no options: `Undefined`).
    V(Plain),
    /// An object: its JSON, and its options.
    O(
        Result<Map<String, Value>, BodyError>,
        Vec<(&'static str, Plain)>,
    ),
}

struct Args(Vec<Given>);

impl Arguments for Args {
    fn value(&mut self, i: usize) -> Plain {
        match self.0.get(i) {
            Some(Given::V(p)) => p.clone(),
            Some(Given::O(..)) => Plain::Object {
                entries: vec![],
                more: false,
            },
            None => Plain::Undefined,
        }
    }
    fn object(&mut self, i: usize) -> Result<Map<String, Value>, BodyError> {
        match self.0.get(i) {
            Some(Given::O(m, _)) => m.clone(),
            Some(Given::V(p)) if !p.is_absent() => Err(BodyError::NotObject),
            _ => Ok(Map::new()),
        }
    }
    fn option(&mut self, i: usize, key: &str, _date: bool) -> Plain {
        match self.0.get(i) {
            Some(Given::O(_, o)) => o
                .iter()
                .find(|(k, _)| *k == key)
                .map_or(Plain::Undefined, |(_, v)| v.clone()),
            _ => Plain::Undefined,
        }
    }
}

fn t(s: &str) -> Plain {
    Plain::Text(s.into())
}

fn body(v: Value) -> Given {
    Given::O(Ok(v.as_object().unwrap().clone()), vec![])
}

fn avail() -> Given {
    body(
        json!({ "cardsession": "A1", "checkoutInvoice": {}, "user": {}, "paymentMethods": [{ "type": "SBP" }] }),
    )
}

fn opts(o: Vec<(&'static str, Plain)>) -> Given {
    Given::O(Ok(Map::new()), o)
}

fn client(class: &str, own: Vec<Plain>) -> Client {
    Client::new(class, &Plain::record(vec![]), &Plain::record(own), false).unwrap()
}

fn rbs() -> Client {
    client(
        "RbsClient",
        vec![
            Plain::Undefined,
            t("https://gw.example/payment/rest/"),
            Plain::Undefined,
            Plain::Undefined,
            t("tok"),
        ],
    )
}

fn cashier() -> Client {
    client(
        "CashierClient",
        vec![t("https://mc.example/api/"), t("l"), t("p")],
    )
}

fn koshelek(token: Plain) -> Client {
    let n = Plain::Number;
    client(
        "KoshelekClient",
        vec![
            Plain::Undefined,
            t("https://k.example/shop/"),
            Plain::Undefined,
            t("l"),
            t("p"),
            n(1001.0),
            t("T-1"),
            token,
        ],
    )
}

fn start(c: &Client, method: &str, args: Vec<Given>) -> kassa::Result<Started> {
    c.start(method, &mut Args(args), [7; 32])
}

fn call(c: &Client, method: &str, args: Vec<Given>) -> BoxedCall {
    match start(c, method, args) {
        Ok(Started::Call(m)) => m,
        Ok(Started::WithToken(_)) => panic!("{method}: asked for the token"),
        Err(e) => panic!("{method}: {}", e.message()),
    }
}

fn message(c: &Client, method: &str, args: Vec<Given>) -> String {
    let e = start(c, method, args)
        .err()
        .unwrap_or_else(|| panic!("{method}: started"));
    assert_eq!(e.code(), ErrorCode::InvalidArgument, "{}", e.message());
    e.message().to_string()
}

/// The first request a call sends.
fn first(mut m: BoxedCall) -> kassa::http::HttpRequest {
    match m.resume(Input::Start, 0) {
        Step::Send(r) => r,
        Step::Sleep(_) => match m.resume(Input::Slept, 1_000) {
            Step::Send(r) => r,
            _ => panic!("no request"),
        },
        Step::Done(r) => panic!(
            "done at once: {:?}",
            r.err().map(|e| e.message().to_string())
        ),
    }
}

#[test]
fn rbs_methods_take_a_request_object_and_wait_takes_an_id_and_a_deadline() {
    let c = rbs();
    let r = first(call(
        &c,
        "getOrderStatusExtended",
        vec![body(json!({ "orderId": "md-1" }))],
    ));
    assert!(r.url.contains("getOrderStatusExtended.do"), "{}", r.url);
    let m = message(
        &c,
        "register",
        vec![Given::O(Err(BodyError::NoJson), vec![])],
    );
    assert!(
        m.starts_with("RbsClient.register(request) cannot be turned into JSON"),
        "{m}"
    );
    assert_eq!(
        message(&c, "deposit", vec![Given::V(Plain::Number(1.0))]),
        "RbsClient.deposit(request) must be an object"
    );
    let m = message(&c, "waitForFinalStatus", vec![Given::V(t(""))]);
    assert!(
        m.starts_with("RbsClient.waitForFinalStatus(orderId) must be a non-empty string"),
        "{m}"
    );
    let m = message(
        &c,
        "waitForFinalStatus",
        vec![Given::V(t("md-1")), opts(vec![])],
    );
    assert!(
        m.starts_with("waitForFinalStatus needs { deadline }"),
        "{m}"
    );
    let m = message(
        &c,
        "waitForFinalStatus",
        vec![Given::V(t("md-1")), opts(vec![("deadline", Plain::Threw)])],
    );
    assert_eq!(
        m,
        "options.deadline could not be read (its getter or a Proxy threw)"
    );
    for bad in [
        Plain::Number(f64::NAN),
        Plain::Number(-1.0),
        t("1"),
        Plain::Unread { array: false },
    ] {
        assert!(start(
            &c,
            "waitForFinalStatus",
            vec![Given::V(t("md-1")), opts(vec![("deadline", bad)])]
        )
        .is_err());
    }
    let wait = call(
        &c,
        "waitForFinalStatus",
        vec![
            Given::V(t("md-1")),
            opts(vec![("deadline", Plain::Number(1e13))]),
        ],
    );
    assert!(first(wait).url.contains("getOrderStatusExtended.do"));
    assert_eq!(
        c.acs_redirect_url(&t("md 1")).unwrap(),
        "https://gw.example/payment/acsRedirect.do?orderId=md%201"
    );
    assert!(c
        .acs_redirect_url(&Plain::Null)
        .unwrap_err()
        .message()
        .contains("RbsClient.acsRedirectUrl(orderId)"));
}

#[test]
fn cashier_arguments_are_checked_in_order_and_request_ids_are_kept() {
    let c = cashier();
    // The id is checked before the body, the body before the options.
    let m = message(
        &c,
        "refund",
        vec![
            Given::V(Plain::Null),
            Given::O(Err(BodyError::NoJson), vec![]),
        ],
    );
    assert!(m.starts_with("CashierClient.refund(id) must be"), "{m}");
    let m = message(
        &c,
        "refund",
        vec![
            Given::V(t("7")),
            Given::O(Err(BodyError::TooDeep), vec![("requestId", Plain::Threw)]),
        ],
    );
    assert!(
        m.starts_with("CashierClient.refund(id, body) cannot be read as JSON"),
        "{m}"
    );
    let m = message(
        &c,
        "refund",
        vec![
            Given::V(t("7")),
            body(json!({})),
            opts(vec![("requestId", Plain::Threw)]),
        ],
    );
    assert_eq!(
        m,
        "options.requestId could not be read (its getter or a Proxy threw)"
    );
    assert_eq!(
        message(
            &c,
            "createOrder",
            vec![
                body(json!({})),
                opts(vec![("requestId", Plain::Bool(true))])
            ]
        ),
        "options.requestId must be a string"
    );
    let m = message(
        &c,
        "paymentFormOrder",
        vec![Given::V(t("7")), Given::V(Plain::Symbol)],
    );
    assert!(
        m.starts_with("CashierClient.paymentFormOrder(id, tspCode) must be"),
        "{m}"
    );
    let m = message(
        &c,
        "waitForFinalStatus",
        vec![Given::V(Plain::Number(-1.0))],
    );
    assert!(
        m.starts_with("CashierClient.waitForFinalStatus(id) must be"),
        "{m}"
    );
    let m = message(&c, "listOrders", vec![Given::V(t("x"))]);
    assert_eq!(m, "CashierClient.listOrders(body) must be an object");
    // A call logs in first; its own request carries the caller's requestId (an integer as digits).
    let mut m = call(
        &c,
        "refund",
        vec![
            Given::V(Plain::Number(7.0)),
            body(json!({ "amount": 1 })),
            opts(vec![("requestId", Plain::Number(5.0))]),
        ],
    );
    let Step::Send(login) = m.resume(Input::Start, 0) else {
        panic!("no login")
    };
    assert!(login.url.ends_with("/public/login"), "{}", login.url);
    let token =
        json!({ "success": true, "accessToken": "a", "expiresAccess": "2099-01-01T00:00:00Z" });
    let Step::Send(r) = m.resume(
        Input::Response(kassa::http::HttpResponse::new(200, token.to_string())),
        0,
    ) else {
        panic!("no call")
    };
    assert!(r.url.contains("/7/"), "{}", r.url);
    assert_eq!(r.header_value("x-req-id"), Some("5"));
    // No options (or an empty requestId): a fresh UUID from the call's random bytes.
    for o in [vec![], vec![("requestId", t(""))]] {
        let mut m = call(
            &c,
            "createOrder",
            vec![
                body(json!({ "orderCurrency": "RUB", "tspId": 1, "orderAmount": 100 })),
                opts(o),
            ],
        );
        let Step::Send(r) = m.resume(Input::Start, 0) else {
            panic!()
        };
        let Step::Send(r) = (if r.url.ends_with("/public/login") {
            m.resume(
                Input::Response(kassa::http::HttpResponse::new(200, token.to_string())),
                0,
            )
        } else {
            Step::Send(r)
        }) else {
            panic!()
        };
        assert_eq!(r.header_value("x-req-id").map(str::len), Some(36));
    }
}

#[test]
fn koshelek_options_token_and_methods() {
    // storeId may be an integer; a token must be a string or a function.
    let k = koshelek(Plain::Undefined);
    let r = first(call(
        &k,
        "transactionStatus",
        vec![body(json!({ "transactionId": "t-1" }))],
    ));
    assert!(
        r.url.ends_with("api/v1/merchant/transaction/status"),
        "{}",
        r.url
    );
    let e = Client::new(
        "KoshelekClient",
        &Plain::record(vec![]),
        &Plain::record(vec![
            Plain::Undefined,
            t("https://k.example/"),
            Plain::Undefined,
            t("l"),
            t("p"),
            t("1"),
            t("T"),
            Plain::Number(1.0),
        ]),
        false,
    );
    assert!(e
        .err()
        .unwrap()
        .message()
        .starts_with("options.token must be a string or a function"));
    let e = Client::new(
        "KoshelekClient",
        &Plain::record(vec![]),
        &Plain::record(vec![Plain::Undefined, t("https://k.example/")]),
        false,
    );
    assert_eq!(
        e.err().unwrap().message(),
        "new KoshelekClient({ login }): login is required"
    );
    // Without a token, a call that needs one is refused before sending.
    let m = message(&k, "availabilityInfo", vec![avail()]);
    assert!(m.contains("requires the token header"), "{m}");
    // A token function is asked for only where the reference requires the header.
    let f = koshelek(Plain::Function);
    assert!(matches!(
        start(
            &f,
            "transactionStatus",
            vec![body(json!({ "transactionId": "t" }))]
        ),
        Ok(Started::Call(_))
    ));
    let Ok(Started::WithToken(then)) = start(
        &f,
        "refund",
        vec![body(
            json!({ "transactionId": "t", "amount": 1, "items": [] }),
        )],
    ) else {
        panic!("refund")
    };
    assert_eq!(
        then(&Plain::Threw).err().unwrap().message(),
        "options.token() threw or its Promise rejected"
    );
    let Ok(Started::WithToken(then)) = start(&f, "availabilityInfo", vec![avail()]) else {
        panic!("availabilityInfo")
    };
    assert!(then(&Plain::Number(1.0))
        .err()
        .unwrap()
        .message()
        .starts_with("options.token must be a string or a function"));
    let Ok(Started::WithToken(then)) = start(&f, "availabilityInfo", vec![avail(), opts(vec![])])
    else {
        panic!()
    };
    let r = first(then(&t("fp123456")).unwrap());
    assert_eq!(r.header_value("token"), Some("fp123456"));
    // A fixed token is sent as it is.
    let s = koshelek(t("fixed-1"));
    assert_eq!(
        first(call(&s, "availabilityInfo", vec![avail()])).header_value("token"),
        Some("fixed-1")
    );
    // request(method, path, body?), waitForFinalStatus(transactionId, { deadline }).
    assert_eq!(
        message(&k, "request", vec![Given::V(t("FETCH"))]),
        "method must be GET, POST, PUT, PATCH or DELETE"
    );
    assert_eq!(
        message(&k, "request", vec![Given::V(t("POST"))]),
        "KoshelekClient.request(method, path): path must be a string"
    );
    let m = message(
        &k,
        "request",
        vec![
            Given::V(t("POST")),
            Given::V(t("x")),
            Given::V(Plain::Number(1.0)),
        ],
    );
    assert_eq!(
        m,
        "KoshelekClient.request(method, path, body) must be an object"
    );
    let r = first(call(
        &k,
        "request",
        vec![Given::V(t("GET")), Given::V(t("api/v1/x"))],
    ));
    assert!(
        r.url.starts_with("https://k.example/shop/api/v1/x"),
        "{}",
        r.url
    );
    let m = message(&k, "waitForFinalStatus", vec![Given::V(Plain::Undefined)]);
    assert!(
        m.starts_with("KoshelekClient.waitForFinalStatus(transactionId) must be"),
        "{m}"
    );
    let m = message(
        &k,
        "checkout",
        vec![Given::O(Err(BodyError::TooLarge), vec![])],
    );
    assert!(
        m.starts_with("KoshelekClient.checkout(req) is larger than"),
        "{m}"
    );
    let m = message(&k, "receipt", vec![body(json!({ "requestId": "" }))]);
    assert!(m.starts_with("requestId must be 1 to 36"), "{m}");
}
