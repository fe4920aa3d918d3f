//! The emulator's plumbing over real HTTP: startup line, echo, faults, CORS, logs, static files.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Instant;

use common::Sandbox;
use serde_json::{json, Value};

#[tokio::test]
async fn startup_line_has_the_contract_fields() {
    let sb = Sandbox::start(&[]);
    let i = &sb.info;
    assert!(i["kassaSandbox"].is_string());
    assert!(sb.base.starts_with("http://127.0.0.1:"));
    assert_eq!(i["admin"], json!(format!("{}/__admin", sb.base)));
    assert_eq!(
        i["rbs"]["baseUrl"],
        json!(format!("{}/payment/rest/", sb.base))
    );
    let m = &i["rbs"]["merchants"][0];
    for k in ["name", "userName", "password", "token", "callbacks"] {
        assert!(m[k].is_string(), "{k}");
    }
    assert!(i["rbs"]["hmacKey"].is_string());
    assert!(i["rbs"]["publicKeys"][0]["pem"]
        .as_str()
        .unwrap()
        .contains("BEGIN PUBLIC KEY"));
    assert_eq!(i["rbs"]["publicKeys"][0]["alias"], "sandbox-2024");
    assert_eq!(
        i["cashier"]["baseUrl"],
        json!(format!("{}/cashier/", sb.base))
    );
    assert_eq!(
        i["cashier"]["paymentDomain"],
        json!(format!("localhost:{}", i["port"]))
    );
    for k in ["login", "password", "publicKey"] {
        assert!(i["cashier"][k].is_string(), "{k}");
    }
    for k in [
        "baseUrl",
        "login",
        "password",
        "storeId",
        "terminalId",
        "partnerLogin",
        "partnerPassword",
    ] {
        assert!(i["koshelek"][k].is_string(), "{k}");
    }
    // The same object at /__admin/config.
    assert_eq!(sb.admin_get("/config").await["baseUrl"], i["baseUrl"]);
}

#[tokio::test]
async fn echo_reports_fields_in_order_as_html_and_json() {
    let sb = Sandbox::start(&[]);
    let body = common::form(&[("b", "Привет 🙂"), ("a", "<script>x</script>"), ("b", "2")]);
    let r = sb.post_form(sb.url("/echo/form/path"), body.clone()).await;
    let html = r.text().await.unwrap();
    assert!(html.contains("<pre id=\"kassa-received\">"));
    assert!(!html.contains("<script>x"), "the value is escaped");
    assert!(html.contains("&lt;script&gt;x&lt;/script&gt;"));
    let r = sb
        .http
        .post(sb.url("/echo/form/path"))
        .header("accept", "application/json")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["method"], "POST");
    assert_eq!(v["path"], "/echo/form/path");
    assert_eq!(v["contentType"], "application/x-www-form-urlencoded");
    assert_eq!(
        v["fields"],
        json!([["b", "Привет 🙂"], ["a", "<script>x</script>"], ["b", "2"]])
    );
    let v = common::json_of(
        sb.http
            .get(sb.url("/echo/q?x=1&y=%20"))
            .header("accept", "application/json"),
    )
    .await;
    assert_eq!(v["method"], "GET");
    assert_eq!(v["fields"], json!([["x", "1"], ["y", " "]]));
}

#[tokio::test]
async fn cors_preflight_and_headers() {
    let sb = Sandbox::start(&[]);
    let r = sb
        .http
        .request(
            reqwest::Method::OPTIONS,
            sb.url("/payment/rest/register.do"),
        )
        .header("origin", "http://localhost:5173")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type,x-req-id")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(
        r.headers()["access-control-allow-origin"],
        "http://localhost:5173"
    );
    assert_eq!(
        r.headers()["access-control-allow-headers"],
        "content-type,x-req-id"
    );
    let r = sb
        .http
        .get(sb.url("/echo/x"))
        .header("origin", "http://a.test")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["access-control-allow-origin"], "http://a.test");
    assert_eq!(r.headers()["access-control-expose-headers"], "*");
    // A fault is for the request itself, never its preflight; the preflight is logged.
    sb.fault("/echo/pre", "500", 1).await;
    let r = sb
        .http
        .request(reqwest::Method::OPTIONS, sb.url("/echo/pre"))
        .header("origin", "http://a.test")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(sb.status_of("/echo/pre").await, 500);
    let log = sb.admin_get("/requests?path=/echo/pre").await;
    let methods: Vec<&str> = log["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["method"].as_str().unwrap())
        .collect();
    assert_eq!(methods, ["OPTIONS", "GET"]);
}

#[tokio::test]
async fn every_fault_kind() {
    let sb = Sandbox::start(&[]);
    // 429 with Retry-After, for the next 2 requests only.
    sb.fault("/echo/f", "429", 2).await;
    for _ in 0..2 {
        let r = sb.get("/echo/f").await;
        assert_eq!(r.status(), 429);
        assert_eq!(r.headers()["retry-after"], "7");
    }
    assert_eq!(sb.status_of("/echo/f").await, 200);
    // 500 and 502.
    sb.fault("/echo/f", "500", 1).await;
    assert_eq!(sb.status_of("/echo/f").await, 500);
    sb.fault("/echo/f", "502", 1).await;
    assert_eq!(sb.status_of("/echo/f").await, 502);
    // Other endpoints are not affected.
    sb.fault("/echo/f", "500", 1).await;
    assert_eq!(sb.status_of("/echo/g").await, 200);
    assert_eq!(sb.status_of("/echo/f").await, 500);
    // Delay.
    sb.fault("/echo/f", "delay", 1).await;
    let t = Instant::now();
    assert_eq!(sb.status_of("/echo/f").await, 200);
    assert!(t.elapsed().as_millis() >= 300);
    // Close before and after: the client sees a transport error either way.
    for kind in ["close_before", "close_after"] {
        sb.fault("/echo/f", kind, 1).await;
        let e = sb.http.get(sb.url("/echo/f")).send().await;
        assert!(e.is_err(), "{kind} must drop the connection");
        assert_eq!(sb.status_of("/echo/f").await, 200);
    }
    // The request log shows each fault.
    let log = sb.admin_get("/requests?path=/echo/f").await;
    let faults: Vec<&str> = log["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["fault"].as_str())
        .collect();
    assert_eq!(
        faults,
        [
            "429",
            "429",
            "500",
            "502",
            "500",
            "delay",
            "close_before",
            "close_after"
        ]
    );
    // Malformed fault requests are refused.
    let r = sb
        .http
        .post(sb.url("/__admin/faults"))
        .body("{\"kind\":\"nope\"}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn request_log_has_headers_and_body_and_reset_clears() {
    let sb = Sandbox::start(&[]);
    sb.http
        .post(sb.url("/echo/log"))
        .header("x-req-id", "abc")
        .body("hello")
        .send()
        .await
        .unwrap();
    let log = sb.admin_get("/requests?path=/echo/log").await;
    let r = &log["requests"][0];
    assert_eq!(r["method"], "POST");
    assert_eq!(r["body"], "hello");
    assert_eq!(r["status"], 200);
    assert!(r["headers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h == &json!(["x-req-id", "abc"])));
    sb.admin_post("/reset", json!({})).await;
    let log = sb.admin_get("/requests?path=/echo/log").await;
    assert_eq!(log["requests"], json!([]));
}

#[tokio::test]
async fn serves_www_and_pkg_with_mime_types() {
    let dir = std::env::temp_dir().join(format!("kassa-sandbox-test-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("www")).unwrap();
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    std::fs::write(dir.join("www/index.html"), "<h1>demo</h1>").unwrap();
    std::fs::write(dir.join("pkg/kassa_bg.wasm"), [0u8, 97, 115, 109]).unwrap();
    std::fs::write(dir.join("pkg/browser.mjs"), "export {}").unwrap();
    let www = dir.join("www");
    let pkg = dir.join("pkg");
    let sb = Sandbox::start(&[
        "--www",
        www.to_str().unwrap(),
        "--pkg",
        pkg.to_str().unwrap(),
    ]);
    let r = sb.get("/").await;
    assert_eq!(r.headers()["content-type"], "text/html; charset=utf-8");
    assert_eq!(r.text().await.unwrap(), "<h1>demo</h1>");
    let r = sb.get("/pkg/kassa_bg.wasm").await;
    assert_eq!(r.headers()["content-type"], "application/wasm");
    assert_eq!(r.bytes().await.unwrap().as_ref(), &[0u8, 97, 115, 109]);
    let r = sb.get("/pkg/browser.mjs").await;
    assert_eq!(
        r.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    assert_eq!(sb.status_of("/pkg/missing.js").await, 404);
    assert_eq!(sb.status_of("/pkg/..%2f..%2fetc%2fpasswd").await, 400);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn garbage_to_every_route_never_kills_the_server() {
    let sb = Sandbox::start(&[]);
    let paths = [
        "/payment/rest/register.do",
        "/payment/rest/paymentorder.do",
        "/payment/rest/templates/create.do",
        "/payment/recurrentPayment.do",
        "/payment/merchants/sandbox/pay",
        "/payment/merchants/sandbox/payment_en.html?mdOrder=%FF",
        "/payment/acsRedirect.do?orderId=",
        "/payment/rest/finish3ds.do",
        "/payment/rest/finish3dsVer2.do",
        "/acs/auth/start.do",
        "/acs/auth/finish.do",
        "/acs/3ds2/method",
        "/acs/3ds2/creq",
        "/acs/3ds2/challenge",
        "/cashier/public/login",
        "/cashier/order",
        "/cashier/order/%00/refund",
        "/cashier/authorize",
        "/cashier/3ds/term",
        "/cashier/orders?limit=-1",
        "/koshelek/sandbox/api/v1/merchant/checkout",
        "/koshelek/sandbox/api/v1/merchant/transaction/refund",
        "/koshelek/sandbox/api/v1/merchant/availability-info/x",
        "/__admin/faults",
        "/__admin/rbs/sbp/pay",
        "/__admin/koshelek/config",
        "/echo/x?%zz=%",
        "/pkg/../../etc/passwd",
        "/%2e%2e/",
    ];
    let bodies: [&[u8]; 6] = [
        b"",
        b"{",
        b"\xff\xfe\x00garbage",
        b"a=%ZZ&&=&b",
        b"{\"amount\": -1e309, \"OrderId\": [1]}",
        b"PaRes=%%%&MD=\xd0",
    ];
    for path in paths {
        for body in bodies {
            for ct in [
                "application/json",
                "application/x-www-form-urlencoded",
                "text/plain",
            ] {
                let r = sb
                    .http
                    .post(sb.url(path))
                    .header("content-type", ct)
                    .header("authorization", "Basic !!!")
                    .body(body.to_vec())
                    .send()
                    .await;
                let r = r.unwrap_or_else(|e| panic!("{path}: {e}"));
                assert!(
                    r.status().as_u16() < 500,
                    "{path} {ct} {body:?}: {}",
                    r.status()
                );
            }
        }
        let r = sb.get(path).await;
        assert!(r.status().as_u16() < 500, "GET {path}: {}", r.status());
    }
    // A payment-host request with garbage too.
    let host = format!("payment.localhost:{}", sb.info["port"]);
    let r = sb
        .http
        .post(sb.url("/x%FF/pay"))
        .header("host", host)
        .body(b"\xff".to_vec())
        .send()
        .await
        .unwrap();
    assert!(r.status().as_u16() < 500);
    assert_eq!(sb.status_of("/__admin/config").await, 200);
}

#[tokio::test]
async fn admin_changes_a_merchants_callbacks() {
    let sb = Sandbox::start(&[]);
    let v = sb.admin_post("/rbs/merchants/plain", json!({"callbackUrl": sb.url("/echo/late"), "callbacks": "rsa", "callbackMethod": "post"})).await;
    assert_eq!(v["callbacks"], "rsa");
    assert_eq!(v["callbackMethod"], "POST");
    let config = sb.admin_get("/config").await;
    let plain = config["rbs"]["merchants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "plain")
        .unwrap()
        .clone();
    assert_eq!(plain["callbackUrl"], json!(sb.url("/echo/late")));
    let r = sb
        .http
        .post(sb.url("/__admin/rbs/merchants/plain"))
        .body("{\"callbacks\":\"md5\"}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = sb
        .http
        .post(sb.url("/__admin/rbs/merchants/nobody"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let v = sb
        .admin_post(
            "/koshelek/config",
            json!({"postbackUrl": sb.url("/echo/pb")}),
        )
        .await;
    assert_eq!(v["postbackUrl"], json!(sb.url("/echo/pb")));
}

#[tokio::test]
async fn admin_lists_orders_for_counting() {
    let sb = Sandbox::start(&[]);
    let body = common::form(&[
        ("userName", "sandbox-plain-api"),
        ("password", "sandbox-plain"),
        ("orderNumber", "count-1"),
        ("amount", "100"),
        ("returnUrl", "https://x.test"),
    ]);
    sb.post_form(sb.url("/payment/rest/register.do"), body)
        .await;
    let v = sb.admin_get("/rbs/orders?merchant=plain").await;
    assert_eq!(v["count"], 1);
    assert_eq!(v["orders"][0]["orderNumber"], "count-1");
    assert_eq!(v["orders"][0]["merchant"], "plain");
    assert_eq!(
        sb.admin_get("/rbs/orders?orderNumber=count-1").await["count"],
        1
    );
    assert!(
        sb.admin_get("/rbs/orders?merchant=reference").await["count"]
            .as_u64()
            .unwrap()
            >= 8,
        "the reference fixtures"
    );
    assert_eq!(sb.admin_get("/cashier/orders").await["count"], 0);
    // Koshelek: only the reference's sample payment.
    assert_eq!(
        sb.admin_get("/koshelek/v1/transactions").await["transactions"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}
