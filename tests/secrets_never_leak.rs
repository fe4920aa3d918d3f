//! Secrets (passwords, tokens, private keys, card data in bodies) never appear in Debug output or
//! in error messages, whatever the clients run into.
#![allow(clippy::unwrap_used, missing_docs)]

use std::cell::RefCell;
use std::rc::Rc;

use kassa::cashier::{CashierCall, CashierConfig, Session};
use kassa::http::{run_scripted, HttpResponse, Input, Jitter, Machine, Method, RetryPolicy};
use kassa::koshelek::{KoshelekCall, KoshelekConfig};
use kassa::rbs::config::{Auth, RbsConfig};
use kassa::rbs::signing::RequestSigner;
use kassa::rbs::RbsCall;
use serde_json::json;

const SECRETS: [&str; 5] = [
    "PW-s3cr3t",
    "TOKEN-s3cr3t",
    "4111111111111111",
    "ACCESS-s3cr3t",
    "KPW-s3cr3t",
];

fn assert_clean(text: &str) {
    for s in SECRETS {
        assert!(!text.contains(s), "secret {s} leaked into: {text}");
    }
    assert!(
        !text.contains("BEGIN PRIVATE KEY") && !text.contains("MIIEv"),
        "key leaked: {text}"
    );
}

fn answers() -> Vec<Vec<Input>> {
    vec![
        vec![Input::Timeout; 12],
        vec![Input::NetworkError("connection reset".into()); 12],
        vec![
            Input::Response(HttpResponse::new(
                500,
                "PW-s3cr3t echoed by a broken server"
            ));
            12
        ],
        vec![Input::Response(HttpResponse::new(401, r#"{"description":"bad"}"#)); 12],
        vec![Input::Response(HttpResponse::new(422, r#"{"code":"UNKNOWN_SESSION_ID"}"#)); 12],
        vec![
            Input::Response(HttpResponse::new(
                200,
                r#"{"errorCode":"5","errorMessage":"Access denied"}"#
            ));
            12
        ],
        vec![Input::Response(HttpResponse::new(200, "not json")); 12],
    ]
}

/// Runs a fresh call from `make` against every scripted answer: no secret in the steps it took or
/// in the error it ended with.
fn clean_against_every_answer<M: Machine>(mut make: impl FnMut() -> M) {
    for script in answers() {
        let (steps, r) = run_scripted(&mut make(), script);
        assert_clean(&format!("{steps:?}"));
        if let Err(e) = r {
            assert_clean(&format!("{e} {e:?}"));
        }
    }
}

#[test]
fn rbs_config_calls_and_errors() {
    let key = include_str!("vectors/rbs/signing/python-example-key.pkcs8.pem");
    for auth in [
        Auth::Password {
            user_name: "shop-api".into(),
            password: "PW-s3cr3t".into(),
        },
        Auth::Token("TOKEN-s3cr3t".into()),
    ] {
        let config = RbsConfig {
            base_url: "https://gw/payment/rest/".into(),
            auth,
            policy: RetryPolicy::default(),
            signer: Some(RequestSigner::from_pem(key, None).unwrap()),
        };
        assert_clean(&format!("{config:?}"));
        let params = json!({"MDORDER": "md", "$PAN": "4111111111111111", "$CVC": "123", "$EXPIRY": "203012",
            "TEXT": "CARD HOLDER", "language": "en", "orderNumber": "n"});
        let params = params.as_object().unwrap();
        clean_against_every_answer(|| {
            RbsCall::new(
                config.clone(),
                "paymentOrder",
                params.clone(),
                Jitter::new(1),
            )
            .unwrap()
        });
    }
}

#[test]
fn cashier_session_calls_and_errors() {
    let config = CashierConfig {
        base_url: "https://mc/".into(),
        login: "a@b".into(),
        password: "PW-s3cr3t".into(),
        policy: RetryPolicy::default(),
    };
    assert_clean(&format!("{config:?}"));
    let session = Rc::new(RefCell::new(Session::default()));
    session
        .borrow_mut()
        .update(
            &json!({"accessToken": "ACCESS-s3cr3t", "expiresAccess": "4102444800"}),
            0,
        )
        .unwrap();
    assert_clean(&format!("{:?}", session.borrow()));
    let body = json!({"pan": "4111111111111111"});
    let body = body.as_object().unwrap();
    clean_against_every_answer(|| {
        let (id, key) = (Some("1"), "k".to_string());
        let s = session.clone();
        CashierCall::new(
            config.clone(),
            s,
            "payoutCard",
            id,
            None,
            body,
            key,
            Jitter::new(1),
        )
        .unwrap()
    });
}

#[test]
fn koshelek_config_calls_and_errors() {
    let config = KoshelekConfig {
        base_url: "https://k/p/".into(),
        login: "l".into(),
        password: "KPW-s3cr3t".into(),
        store_id: "1".into(),
        terminal_id: "t".into(),
        policy: RetryPolicy::default(),
    };
    assert_clean(&format!("{config:?}"));
    for method in [Method::Get, Method::Post] {
        clean_against_every_answer(|| {
            KoshelekCall::new(&config, method, "checkout", None, Jitter::new(1)).unwrap()
        });
    }
}
