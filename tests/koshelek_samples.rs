//! Every sample koshelek-pay-api-v1.openapi.yaml prints (tests/samples/koshelek.json) through
//! kassa's Koshelek reader and request builder: responses are read as the reference means them,
//! printed requests are accepted by the typed endpoint they belong to and sent to its path.
#![allow(clippy::unwrap_used, clippy::panic)]

use kassa::http::{HttpResponse, RetryPolicy};
use kassa::koshelek::api::{build_endpoint, ENDPOINTS};
use kassa::koshelek::notification::KoshelekPostback;
use kassa::koshelek::response::{parse, rejected, KoshelekErrorCode};
use kassa::koshelek::KoshelekConfig;
use kassa::ErrorCode;
use serde_json::Value;

fn samples() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/samples/koshelek.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

fn endpoint(name: &str) -> &'static kassa::koshelek::api::EndpointInfo {
    let path = format!(
        "api/v1/merchant/{}",
        name.replace("{availabilityInfoId}", "{id}")
    );
    ENDPOINTS
        .iter()
        .find(|e| e.path == path)
        .unwrap_or_else(|| panic!("no endpoint {name}"))
}

/// The reference's examples print some amounts as digit strings; kassa sends numbers (the
/// schema's type).
fn numbers(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                if let Value::String(s) = x {
                    if (k.ends_with("Amount") || k == "price")
                        && s.bytes().all(|b| b.is_ascii_digit())
                    {
                        *x = Value::from(s.parse::<u64>().unwrap());
                        continue;
                    }
                }
                numbers(x);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(numbers),
        _ => {}
    }
}

#[test]
fn every_printed_sample_is_read_or_sent() {
    let all = samples();
    let list = all["samples"].as_array().unwrap();
    assert_eq!(list.len() as u64, all["total"].as_u64().unwrap());
    let (mut responses, mut requests, mut fragments) = (0, 0, 0);
    for s in list {
        let id = s["id"].as_str().unwrap();
        match s["kind"].as_str().unwrap() {
            "response" => {
                responses += 1;
                let status = s["status"].as_u64().unwrap() as u16;
                let r = HttpResponse::new(status, s["json"].to_string());
                match parse("sample", &r) {
                    Ok(v) => {
                        assert!((200..300).contains(&status), "{id}");
                        assert_eq!(v, s["json"], "{id}: read as printed");
                        assert!(
                            rejected("sample", &v, status).is_none(),
                            "{id}: no printed success is a refusal"
                        );
                        // Every status a sample prints is one of the typed values.
                        for k in ["status", "refStatus"] {
                            if let Some(st) = v.get(k).and_then(Value::as_str) {
                                assert!(
                                    kassa::koshelek::response::PAYMENT_STATUSES
                                        .iter()
                                        .any(|p| p.name == st),
                                    "{id}: {st}"
                                );
                            }
                        }
                        if s["endpoint"] == "transaction/status" {
                            // The postback is the same object.
                            let p =
                                KoshelekPostback::parse(s["json"].to_string().as_bytes()).unwrap();
                            assert_eq!(p.typed()["transactionId"], v["transactionId"], "{id}");
                        }
                    }
                    Err(e) => {
                        assert_eq!(status, 422, "{id}");
                        assert_eq!(e.code(), ErrorCode::GatewayError);
                        let code = e.gateway().unwrap().error_code.clone().unwrap();
                        assert!(
                            KoshelekErrorCode::parse(&code).description().is_some(),
                            "{id}: {code} is in the table"
                        );
                    }
                }
            }
            "request" => {
                requests += 1;
                let info = endpoint(s["endpoint"].as_str().unwrap());
                assert_eq!(s["path"].as_str().unwrap(), info.path, "{id}");
                assert_eq!(s["method"].as_str().unwrap(), info.method.as_str(), "{id}");
                let mut body = s["json"].clone();
                numbers(&mut body);
                let config = KoshelekConfig {
                    base_url: "https://api-test.koshelek.app/shop/".into(),
                    login: "l".into(),
                    password: "p".into(),
                    store_id: body["storeId"].as_str().unwrap_or("1001").into(),
                    terminal_id: body["terminalId"].as_str().unwrap_or("T-01").into(),
                    policy: RetryPolicy::default(),
                };
                let rid = body["requestId"].as_str().unwrap().to_string();
                let r = build_endpoint(
                    &config,
                    info.endpoint,
                    body.as_object().unwrap(),
                    &rid,
                    Some("totp"),
                )
                .unwrap_or_else(|e| panic!("{id}: {e}"));
                assert_eq!(
                    r.url,
                    format!("https://api-test.koshelek.app/shop/{}", info.path),
                    "{id}"
                );
                let sent: Value = serde_json::from_slice(&r.body).unwrap();
                assert_eq!(sent["requestId"], body["requestId"], "{id}");
                if let Some(q) = body.pointer("/invoice/QR") {
                    assert_eq!(sent.pointer("/invoice/qr"), Some(q), "{id}: QR sent as qr");
                }
            }
            "fragment" => {
                fragments += 1;
                assert!(s["json"].is_object(), "{id}");
            }
            other => panic!("{id}: kind {other}"),
        }
    }
    assert_eq!((requests, responses, fragments), (11, 15, 7));
    let counts = all["counts"].as_object().unwrap();
    assert_eq!(counts["checkout request"], 2);
    assert_eq!(counts["availability-info/task response"], 4);
    assert_eq!(counts["422 response"], 1);
}
