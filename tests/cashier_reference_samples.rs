//! Every sample printed in the Mobile Cashier reference, through kassa's request builder and
//! response reader. Data: tests/samples/cashier.json (scripts/extract-samples.py): the count per
//! method is asserted, every response sample is read as the success its section prints, every
//! request sample's body is built unchanged at the method's path.
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

use kassa::cashier::api::{build, endpoint, ENDPOINTS};
use kassa::cashier::response::parse;
use kassa::http::HttpResponse;
use kassa::ErrorCode;
use serde_json::{json, Map, Value};

fn samples() -> Value {
    serde_json::from_str(include_str!("samples/cashier.json")).unwrap()
}

/// (kassa method, request samples, response samples), as the reference prints them.
const COUNTS: &[(&str, u64, u64)] = &[
    ("login", 1, 1),
    ("listOrders", 0, 1),
    ("createOrder", 1, 1),
    ("getOrder", 0, 1),
    ("refund", 1, 1),
    ("orderStatus", 0, 1),
    ("qrcData", 0, 1),
    ("payoutIps", 1, 1),
    ("banks", 0, 1),
    ("sberPay", 1, 1),
    ("payoutCard", 1, 1),
    ("paymentFormOrder", 0, 1),
    ("authorize", 1, 1),
    ("charge", 1, 1),
    ("void", 1, 1),
];

fn of_kind<'a>(s: &'a Value, kind: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
    s["samples"]
        .as_array()
        .unwrap()
        .iter()
        .filter(move |x| x["kind"] == kind)
}

#[test]
fn the_count_per_method_is_the_reference_s() {
    let s = samples();
    let counts = s["counts"].as_object().unwrap();
    for (m, req, res) in COUNTS {
        let n = |kind: &str| of_kind(&s, kind).filter(|x| x["endpoint"] == *m).count() as u64;
        assert_eq!((n("request"), n("response")), (*req, *res), "{m}");
        for (kind, want) in [("request", req), ("response", res)] {
            let c = counts.get(&format!("{m} {kind}")).and_then(Value::as_u64);
            assert_eq!(c.unwrap_or(0), *want, "{m} {kind}: the counts field");
        }
    }
    assert_eq!(of_kind(&s, "request").count(), 9);
    assert_eq!(of_kind(&s, "response").count(), 15);
    // Every kassa method has its section in the reference (a response sample each).
    assert_eq!(ENDPOINTS.len(), COUNTS.len());
    for e in ENDPOINTS {
        assert!(
            COUNTS.iter().any(|(m, _, res)| *m == e.method && *res > 0),
            "{}",
            e.method
        );
    }
}

#[test]
fn every_response_sample_is_read_as_a_success() {
    let s = samples();
    let mut read = 0;
    for r in of_kind(&s, "response") {
        let line = r["line"].as_u64().unwrap();
        let method = r["endpoint"].as_str().unwrap();
        assert_eq!(r["outcome"], "success", "line {line}");
        let body = serde_json::to_vec(&r["json"]).unwrap();
        let v = parse(method, &HttpResponse::new(200, body))
            .unwrap_or_else(|e| panic!("line {line} ({method}): {e}"));
        assert_eq!(v, r["json"], "line {line}: handed back unchanged");
        read += 1;
    }
    assert_eq!(read, 15);
}

#[test]
fn every_request_sample_is_sent_unchanged() {
    let s = samples();
    let mut sent = 0;
    for r in of_kind(&s, "request") {
        let line = r["line"].as_u64().unwrap();
        let method = r["endpoint"].as_str().unwrap();
        let ep = endpoint(method).unwrap();
        let body: Map<String, Value> = r["json"].as_object().unwrap().clone();
        let req = build(
            "https://mc.test/api/",
            ep,
            Some("7"),
            Some("tsp-1"),
            &body,
            10_000,
        )
        .unwrap_or_else(|e| panic!("line {line} ({method}): {e}"));
        let got: Value = serde_json::from_slice(&req.body).unwrap();
        assert_eq!(got, r["json"], "line {line} ({method})");
        let path = ep.path.replace("{id}", "7").replace("{tspCode}", "tsp-1");
        assert_eq!(
            req.url,
            format!("https://mc.test/api/{path}"),
            "line {line}"
        );
        sent += 1;
    }
    assert_eq!(sent, 9);
}

#[test]
fn a_declined_card_operation_is_a_gateway_error() {
    // The printed envelopes (collapsed objects) are successes; filled as the emulator fills them
    // on a decline, each card operation rejects.
    for (method, section, status) in [
        ("authorize", "Authorize", "DECLINED"),
        ("charge", "Charge", "CHARGE_DECLINED"),
        ("void", "Void", "VOID_DECLINED"),
    ] {
        let body = json!({"Response": {"Code": 2, "Message": "Declined by the issuer"},
                          "Order": {"Status": status}, section: {"Status": status}});
        let e = parse(method, &HttpResponse::new(200, body.to_string())).unwrap_err();
        assert_eq!(e.code(), ErrorCode::GatewayError, "{method}");
        assert_eq!(e.gateway().unwrap().error_code.as_deref(), Some("2"));
    }
    let body = json!({"success": true, "description": "", "order": {"status": "DECLINED"}});
    let e = parse("payoutCard", &HttpResponse::new(200, body.to_string())).unwrap_err();
    assert_eq!(e.gateway().unwrap().error_code.as_deref(), Some("DECLINED"));
}
