//! Every request and response sample printed in the RBS reference, through kassa's request
//! builder and response reader. Data: tests/samples/rbs.json (scripts/extract-samples.py; see
//! tests/samples/README.md): the count per endpoint is asserted, every request sample is rebuilt
//! byte for byte or refused for the Mandatory parameter it leaves out, every response sample is
//! read with the outcome its heading names.
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

use kassa::http::RetryPolicy;
use kassa::rbs::api::{build, endpoint, ENDPOINTS};
use kassa::rbs::config::{Auth, RbsConfig};
use kassa::rbs::response::parse;
use kassa::{http::HttpResponse, ErrorCode};
use serde_json::{Map, Value};

fn samples() -> Value {
    serde_json::from_str(include_str!("samples/rbs.json")).unwrap()
}

fn form_decode(s: &str) -> Vec<(String, String)> {
    fn dec(s: &str) -> String {
        let b = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'+' => out.push(b' '),
                b'%' if s
                    .get(i + 1..i + 3)
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .is_some() =>
                {
                    out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                    i += 2;
                }
                c => out.push(c),
            }
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (dec(k), dec(v))
        })
        .collect()
}

fn method_for(path: &str) -> Option<&'static str> {
    let path = if path == "processRawPositionOrderRefund.do" {
        "processRawPositionRefund.do"
    } else {
        path
    };
    ENDPOINTS
        .iter()
        .find(|e| e.path.trim_start_matches("../") == path)
        .map(|e| e.method)
}

fn config(auth: Auth) -> RbsConfig {
    RbsConfig {
        base_url: "https://vtb.rbsuat.com/payment/rest/".into(),
        auth,
        policy: RetryPolicy::default(),
        signer: None,
    }
}

/// Splits the auth parameters off a sample's parameters.
fn split_auth(params: Vec<(String, Value)>) -> (Auth, Map<String, Value>) {
    let mut user = None;
    let mut pass = None;
    let mut token = None;
    let mut rest = Map::new();
    for (k, v) in params {
        match k.as_str() {
            "userName" | "username" => user = v.as_str().map(str::to_string),
            "password" => pass = v.as_str().map(str::to_string),
            "token" => token = v.as_str().map(str::to_string),
            _ => {
                // Repeated form fields (features=...) become an array, as a caller passes them.
                match rest.get_mut(&k) {
                    Some(Value::Array(a)) => a.push(v),
                    Some(prev) => {
                        let p = prev.clone();
                        *prev = Value::Array(vec![p, v]);
                    }
                    None => {
                        rest.insert(k, v);
                    }
                }
            }
        }
    }
    (Auth::from_options(user, pass, token).unwrap(), rest)
}

fn of_kind<'a>(s: &'a Value, kind: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
    s["samples"]
        .as_array()
        .unwrap()
        .iter()
        .filter(move |x| x["kind"] == kind)
}

/// The count per endpoint and kind, as the reference prints them (tests/samples/README.md).
const COUNTS: &[(&str, u64, u64)] = &[
    // (endpoint, requests, responses)
    ("register.do", 2, 2),
    ("registerPreAuth.do", 1, 1),
    ("paymentorder.do", 3, 3),
    ("acsRedirect.do", 1, 0),
    ("getOrderStatusExtended.do", 2, 2),
    ("deposit.do", 1, 1),
    ("reverse.do", 1, 1),
    ("refund.do", 1, 1),
    ("decline.do", 1, 1),
    ("processRawSumRefund.do", 1, 1),
    ("processRawPositionRefund.do", 1, 1),
    ("paymentOrderBinding.do", 1, 4),
    ("getBindings.do", 1, 1),
    ("getBindingsByCardOrId.do", 1, 1),
    ("unBindCard.do", 1, 1),
    ("bindCard.do", 1, 1),
    ("extendBinding.do", 1, 1),
    ("recurrentPayment.do", 1, 2),
    ("installmentPayment.do", 1, 1),
    ("createBindingNoPayment.do", 1, 1),
    ("sbp/c2b/qr/dynamic/get.do", 1, 1),
    ("sbp/c2b/qr/status.do", 1, 1),
    ("sbp/c2b/qr/dynamic/reject.do", 1, 1),
    ("sbp/c2b/getBindings.do", 1, 2),
    ("sbp/c2b/unBind.do", 1, 2),
    ("finish3dsPayment.do", 1, 1),
    ("finish3dsVer2Payment.do", 1, 1),
    ("3ds/continue.do", 1, 4),
    ("verifyCard.do", 1, 1),
    ("closeOfdReceipt.do", 2, 1),
    ("getReceiptStatus.do", 1, 1),
    ("templates/create.do", 1, 1),
    ("templates/get.do", 1, 1),
    ("templates/update.do", 1, 1),
    ("templates/getList.do", 1, 1),
];

#[test]
fn the_count_per_endpoint_is_the_reference_s() {
    let s = samples();
    let counts = s["counts"].as_object().unwrap();
    let mut requests = 0;
    let mut responses = 0;
    for (ep, req, res) in COUNTS {
        let got = |kind: &str| {
            let n = of_kind(&s, kind).filter(|x| x["endpoint"] == *ep).count() as u64;
            assert_eq!(
                counts
                    .get(&format!("{ep} {kind}"))
                    .and_then(Value::as_u64)
                    .unwrap_or(0),
                n,
                "{ep} {kind}: the counts field"
            );
            n
        };
        assert_eq!((got("request"), got("response")), (*req, *res), "{ep}");
        requests += req;
        responses += res;
    }
    assert_eq!(
        (requests, responses),
        (40, 47),
        "every printed request and response sample"
    );
    assert_eq!(of_kind(&s, "request").count(), 40);
    assert_eq!(of_kind(&s, "response").count(), 47);
    // Every client endpoint has at least one printed request sample.
    for e in ENDPOINTS {
        let path = e.path.trim_start_matches("../");
        assert!(
            COUNTS.iter().any(|(ep, req, _)| *ep == path && *req > 0),
            "{}",
            e.method
        );
    }
}

/// The request samples that leave out a parameter their section's table marks Mandatory (or a
/// Conditional group's every member): (line, the parameter kassa names). kassa refuses to send
/// them; the emulator, which must accept the reference's own samples, makes them optional
/// (sandbox/src/rbs/routes.rs says so next to each).
const SAMPLES_WITHOUT_A_MANDATORY_PARAMETER: &[(u64, &str)] = &[
    // The request-signing example (register.do without orderNumber, table line 202).
    (96, "orderNumber"),
    // installmentPayment.do without preAuth (table line 3909).
    (4125, "preAuth"),
    // verifyCard.do without amount (table line 4693).
    (4838, "amount"),
];

#[test]
fn every_request_sample_is_rebuilt_exactly() {
    let s = samples();
    let mut checked = 0;
    let mut refused = Vec::new();
    for r in of_kind(&s, "request") {
        let line = r["line"].as_u64().unwrap();
        let path = r["endpoint"].as_str().unwrap_or("");
        if path == "acsRedirect.do" {
            assert_eq!(
                kassa::rbs::api::acs_redirect_url(
                    "https://vtb.rbsuat.com/payment/rest/",
                    "85eb9a84-2a47-7cca-b0ae-662c000016d1"
                )
                .unwrap(),
                r["url"].as_str().unwrap()
            );
            checked += 1;
            continue;
        }
        let Some(method) = method_for(path) else {
            panic!("line {line}: no endpoint for {path}")
        };
        let ep = endpoint(method).unwrap();
        let (auth, params, expected) = if let Some(json) = r.get("json") {
            let obj = json.as_object().unwrap();
            let (auth, params) =
                split_auth(obj.iter().map(|(k, v)| (k.clone(), v.clone())).collect());
            (auth, params, None)
        } else {
            let expected = form_decode(r["body"].as_str().unwrap());
            let (auth, params) = split_auth(
                expected
                    .iter()
                    .map(|(k, v)| (k.clone(), typed(k, v)))
                    .collect(),
            );
            (auth, params, Some(expected))
        };
        let req = match build(&config(auth), ep, &params) {
            Ok(req) => req,
            Err(e) => {
                assert_eq!(e.code(), ErrorCode::InvalidArgument, "line {line}: {e}");
                let name = e.message().split('\'').nth(1).unwrap_or("").to_string();
                refused.push((line, name));
                continue;
            }
        };
        if let Some(expected) = expected {
            let got = form_decode(std::str::from_utf8(&req.body).unwrap());
            // Auth goes first; the other fields keep the sample's order.
            let mut want_sorted = expected.clone();
            let mut got_sorted = got.clone();
            want_sorted.sort();
            got_sorted.sort();
            assert_eq!(got_sorted, want_sorted, "line {line} ({method})");
            assert_eq!(
                req.header_value("content-type"),
                Some("application/x-www-form-urlencoded"),
                "line {line}"
            );
            let path = if path == "processRawPositionOrderRefund.do" {
                "processRawPositionRefund.do"
            } else {
                path
            };
            assert!(req.url.ends_with(path), "line {line}: {}", req.url);
        } else {
            let obj = r["json"].as_object().unwrap();
            let mut got: Map<String, Value> = serde_json::from_slice(&req.body).unwrap();
            assert_eq!(
                req.header_value("content-type"),
                Some("application/json"),
                "line {line}"
            );
            // The templates examples spell it "username"; the tables (and kassa) say userName.
            if obj.contains_key("username") {
                let u = got.remove("userName").unwrap();
                got.insert("username".into(), u);
            }
            assert_eq!(&got, obj, "line {line} ({method})");
            assert!(
                req.url.ends_with(ep.path.trim_start_matches("../")),
                "line {line}: {}",
                req.url
            );
        }
        checked += 1;
    }
    let want: Vec<(u64, String)> = SAMPLES_WITHOUT_A_MANDATORY_PARAMETER
        .iter()
        .map(|(l, n)| (*l, n.to_string()))
        .collect();
    assert_eq!(
        refused, want,
        "samples refused for a Mandatory parameter they leave out"
    );
    assert_eq!(checked + refused.len(), 40, "every request sample");
}

fn method_of_sample(r: &Value) -> &'static str {
    method_for(r["endpoint"].as_str().unwrap()).unwrap()
}

#[test]
fn every_response_sample_is_read_with_the_outcome_its_heading_names() {
    let s = samples();
    let mut outcomes = (0, 0);
    let mut non_zero_successes = Vec::new();
    for r in of_kind(&s, "response") {
        let line = r["line"].as_u64().unwrap();
        let method = method_of_sample(r);
        let body = serde_json::to_vec(&r["json"]).unwrap();
        let res = parse(method, &HttpResponse::new(200, body));
        match r["outcome"].as_str().unwrap() {
            "success" => {
                let v = res.unwrap_or_else(|e| panic!("line {line} ({method}): {e}"));
                // Every field arrives as printed (retyped only where the reference's table
                // types it otherwise), and nothing is removed.
                for (k, printed) in r["json"].as_object().unwrap() {
                    let got = &v[k.as_str()];
                    let same = got == printed
                        || (printed.is_i64()
                            && got.as_str().and_then(|g| g.parse::<i64>().ok())
                                == printed.as_i64())
                        || (got.is_i64()
                            && printed.as_str().and_then(|p| p.parse::<i64>().ok())
                                == got.as_i64());
                    assert!(same, "line {line}: {k}: {got} vs {printed}");
                }
                let code = r["json"]
                    .get("errorCode")
                    .map(|c| c.to_string().trim_matches('"').to_string());
                if code.as_deref().is_some_and(|c| c != "0") {
                    non_zero_successes.push((method, code.unwrap(), line as u32));
                }
                outcomes.0 += 1;
            }
            "error" => {
                let e = res.expect_err(&format!("line {line} ({method}) is a failure"));
                assert_eq!(e.code(), ErrorCode::GatewayError, "line {line}");
                let g = e.gateway().unwrap();
                assert!(
                    g.error_message.is_some(),
                    "line {line}: the gateway's message"
                );
                let printed = &r["json"];
                let code = printed
                    .get("errorCode")
                    .or_else(|| printed.pointer("/error/code"));
                assert_eq!(
                    g.error_code.as_deref(),
                    Some(
                        code.map(|c| c.to_string().trim_matches('"').to_string())
                            .unwrap_or("0".into())
                            .as_str()
                    ),
                    "line {line}"
                );
                if let Some(t) = printed.get("processingErrorType") {
                    let d: Value = serde_json::from_str(g.details.as_deref().unwrap()).unwrap();
                    assert_eq!(&d["processingErrorType"], t, "line {line}");
                    assert_eq!(d["errorTypeName"], printed["errorTypeName"], "line {line}");
                }
                outcomes.1 += 1;
            }
            other => panic!("line {line}: outcome {other}"),
        }
    }
    assert_eq!(
        outcomes,
        (38, 9),
        "47 response samples: successes, failures"
    );
    // The successes with a non-zero errorCode are exactly the documented ones.
    let documented: Vec<(&str, String, u32)> = kassa::rbs::response::SUCCESS_CODES
        .iter()
        .map(|(m, c, l)| (*m, c.to_string(), *l))
        .collect();
    assert_eq!(non_zero_successes, documented);
}

#[test]
fn the_3ds_sample_fills_the_typed_fields() {
    let s = samples();
    let r = of_kind(&s, "response").find(|r| r["line"] == 1460).unwrap();
    let v = parse(
        "paymentOrder",
        &HttpResponse::new(200, serde_json::to_vec(&r["json"]).unwrap()),
    )
    .unwrap();
    assert_eq!(
        v["threeDSServerTransId"],
        "5802746e-3393-40c3-929a-dc966ebf08c6"
    );
    assert_eq!(
        v["threeDSMethodUrl"],
        "https://example.com/acs2/acs/3dsMethod"
    );
    assert_eq!(
        v["threeDSMethodUrlServer"],
        r["json"]["threeDSMethodURLServer"]
    );
}

/// A sample's form value as a caller passes it: amounts (`http::amount`: JSON integers only) as
/// numbers, everything else as the string the form carries.
fn typed(name: &str, value: &str) -> Value {
    match value.parse::<u64>() {
        Ok(n) if kassa::http::amount::is_amount_key(name) && n.to_string() == value => {
            Value::from(n)
        }
        _ => Value::String(value.to_owned()),
    }
}

/// The references' directory (`../shared/api-docs`, as scripts/extract-samples.py defaults to).
fn api_docs() -> Option<std::path::PathBuf> {
    let d = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/api-docs");
    d.join("rbs-payment-gateway-api.txt").exists().then_some(d)
}

fn extractor(args: &[&str]) -> Option<std::process::Output> {
    std::process::Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scripts/extract-samples.py"
        ))
        .args(args)
        .output()
        .ok()
}

#[test]
fn the_data_files_are_what_the_extractor_makes_and_it_fails_on_a_sample_it_cannot_parse() {
    let (Some(docs), Some(_)) = (api_docs(), extractor(&["--help"])) else {
        eprintln!("skipped: no ../shared/api-docs or no python3");
        return;
    };
    let out = extractor(&["--check", docs.to_str().unwrap()]).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A copy of the references with one response sample broken (a comma removed, line 4532).
    let tmp = std::env::temp_dir().join(format!("kassa-apidocs-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    for f in std::fs::read_dir(&docs).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), tmp.join(f.file_name())).unwrap();
    }
    let rbs = std::fs::read_to_string(tmp.join("rbs-payment-gateway-api.txt")).unwrap();
    let mut lines: Vec<&str> = rbs.lines().collect();
    assert_eq!(lines[4531], "\"errorCode\": 5,");
    lines[4531] = "\"errorCode\": 5";
    std::fs::write(
        tmp.join("rbs-payment-gateway-api.txt"),
        lines.join("\n") + "\n",
    )
    .unwrap();
    let out = extractor(&["--check", tmp.to_str().unwrap()]).unwrap();
    std::fs::remove_dir_all(&tmp).unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 4531: the sample does not parse as JSON"),
        "{err}"
    );
}
