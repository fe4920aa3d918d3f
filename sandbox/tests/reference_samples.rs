//! Every RBS request sample printed in the reference, sent as printed (see
//! samples/rbs-reference-samples.json), answered in the documented shape.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::Sandbox;
use serde_json::{json, Value};

fn at<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    let pointer = format!("/{}", path.trim_start_matches('/'));
    v.pointer(&pointer)
}

/// recurrentPayment.do and installmentPayment.do live below /payment/ (reference lines 3662,
/// 3883), the rest below /payment/rest/.
fn rbs_path(name: &str) -> String {
    if matches!(name, "recurrentPayment.do" | "installmentPayment.do") {
        format!("/payment/{name}")
    } else {
        format!("/payment/rest/{name}")
    }
}

#[tokio::test]
async fn every_rbs_reference_sample_is_answered_in_the_documented_shape() {
    let data: Value =
        serde_json::from_str(include_str!("samples/rbs-reference-samples.json")).unwrap();
    let sb = Sandbox::start(&[]);
    let mut failures = Vec::new();
    let samples = data["samples"].as_array().unwrap();
    for s in samples {
        // A fresh state (with the fixtures re-seeded) for each sample.
        sb.admin_post("/reset", json!({})).await;
        let mut req = sb
            .http
            .post(sb.url(&rbs_path(s["path"].as_str().unwrap())))
            .header("content-type", s["contentType"].as_str().unwrap())
            .body(s["body"].as_str().unwrap().to_string());
        if let Some(h) = s["headers"].as_object() {
            for (k, v) in h {
                req = req.header(k, v.as_str().unwrap());
            }
        }
        let r = req.send().await.unwrap();
        let name = s["name"].as_str().unwrap();
        if r.status() != 200 {
            failures.push(format!("{name}: HTTP {}", r.status()));
            continue;
        }
        let v: Value = match r.json().await {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{name}: not JSON: {e}"));
                continue;
            }
        };
        for path in s["has"].as_array().unwrap() {
            if at(&v, path.as_str().unwrap()).is_none() {
                failures.push(format!("{name}: missing {path} in {v}"));
            }
        }
        for (path, want) in s["equals"].as_object().unwrap() {
            if at(&v, path) != Some(want) {
                failures.push(format!(
                    "{name}: {path} = {:?}, expected {want} (answer {v})",
                    at(&v, path)
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} samples failed:\n{}",
        failures.len(),
        samples.len(),
        failures.join("\n")
    );
    assert!(samples.len() >= 37);
}

#[tokio::test]
async fn the_signed_sample_fails_when_the_body_changes() {
    let data: Value =
        serde_json::from_str(include_str!("samples/rbs-reference-samples.json")).unwrap();
    let signed = data["samples"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["headers"].is_object())
        .unwrap();
    let sb = Sandbox::start(&[]);
    let send = |body: String, hash: Option<&str>| {
        let mut req = sb
            .http
            .post(sb.url("/payment/rest/register.do"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        if let Some(h) = hash {
            req = req.header("X-Hash", h).header(
                "X-Signature",
                signed["headers"]["X-Signature"].as_str().unwrap(),
            );
        }
        async move { req.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let body = signed["body"].as_str().unwrap().to_string();
    let hash = signed["headers"]["X-Hash"].as_str().unwrap();
    // Body changed after hashing.
    let v = send(body.replace("10000", "10001"), Some(hash)).await;
    assert_eq!(v["errorCode"], "5");
    assert!(v["errorMessage"].as_str().unwrap().contains("X-Hash"));
    // The hash of the changed body, but the old signature.
    let new_hash = kassa::crypto::base64_encode(&kassa::crypto::sha256(
        body.replace("10000", "10001").as_bytes(),
    ));
    let v = send(body.replace("10000", "10001"), Some(&new_hash)).await;
    assert!(v["errorMessage"].as_str().unwrap().contains("X-Signature"));
    // No headers at all.
    assert_eq!(send(body, None).await["errorCode"], "5");
}

#[tokio::test]
async fn the_signed_test_merchant_accepts_requests_signed_with_its_published_key() {
    let sb = Sandbox::start(&[]);
    let m = sb.info["rbs"]["merchants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "signed")
        .unwrap()
        .clone();
    let key =
        kassa::crypto::PrivateKey::parse(m["requestSigningKey"].as_str().unwrap(), None).unwrap();
    let body = common::form(&[
        ("userName", m["userName"].as_str().unwrap()),
        ("password", m["password"].as_str().unwrap()),
        ("orderNumber", "sig-1"),
        ("amount", "100"),
        ("returnUrl", "https://shop.test/ok"),
    ]);
    let hash = kassa::crypto::sha256(body.as_bytes());
    let sig = kassa::crypto::sign_pkcs1v15(&key, kassa::crypto::HashAlg::Sha256, &hash).unwrap();
    let v = common::json_of(
        sb.http
            .post(sb.url("/payment/rest/register.do"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("X-Hash", kassa::crypto::base64_encode(&hash))
            .header("X-Signature", kassa::crypto::base64_encode(&sig))
            .body(body.clone()),
    )
    .await;
    assert!(v["orderId"].is_string(), "{v}");
    // Signed over the body, not over its hash: refused.
    let wrong = kassa::crypto::sign_pkcs1v15(&key, kassa::crypto::HashAlg::Sha256, body.as_bytes())
        .unwrap();
    let v = common::json_of(
        sb.http
            .post(sb.url("/payment/rest/register.do"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("X-Hash", kassa::crypto::base64_encode(&hash))
            .header("X-Signature", kassa::crypto::base64_encode(&wrong))
            .body(body.replace("sig-1", "sig-2")),
    )
    .await;
    assert_eq!(v["errorCode"], "5");
}
