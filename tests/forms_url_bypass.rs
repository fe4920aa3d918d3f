//! The URL bypass corpus (tests/fixtures/forms/url-bypass.json) through every place of the Rust API
//! where a URL or a field value is given: `check_url`, the action of `PaymentForm::new`, every named
//! URL option of the builders, the same names (and other `*Url` names) in free `fields`, and the
//! non-URL positions (free fields, `PaReq`, `MD`, `creq`, ...). The same file drives
//! tests/forms/url-bypass.test.mjs through the built package.
#![allow(clippy::unwrap_used)]

use kassa::cashier::forms::{cashier_payment_form, CashierFormInput};
use kassa::form::{PaymentForm, UrlPolicy};
use kassa::http::url::check_url;
use kassa::rbs::forms::{
    rbs_3ds2_challenge_form, rbs_3ds_form, rbs_3ds_method_form, rbs_acs_redirect_url,
    Rbs3ds2ChallengeInput, Rbs3dsInput, Rbs3dsMethodInput, RbsGateway,
};
use serde_json::Value;

struct Case {
    input: String,
    url: String,
    local: String,
    value: String,
    note: String,
}

fn corpus() -> Vec<Case> {
    let path = format!(
        "{}/tests/fixtures/forms/url-bypass.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let s = |c: &Value, k: &str| c[k].as_str().unwrap().to_owned();
    doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| Case {
            input: s(c, "input"),
            url: s(c, "url"),
            local: s(c, "local"),
            value: s(c, "value"),
            note: s(c, "note"),
        })
        .collect()
}

fn outcome<T>(r: kassa::Result<T>) -> String {
    match r {
        Ok(_) => "ok".into(),
        Err(e) => e.code().as_str().into(),
    }
}

fn policy(local: bool) -> UrlPolicy {
    UrlPolicy {
        allow_insecure_localhost: local,
    }
}

/// Every position where `input` is a URL, each with its outcome.
fn url_positions(input: &str, local: bool) -> Vec<(&'static str, String)> {
    let s = || input.to_owned();
    let cashier = |f: &dyn Fn(&mut CashierFormInput)| {
        let mut i = CashierFormInput {
            domain: "example.com".into(),
            external_order_id: "1".into(),
            allow_insecure_localhost: local,
            ..Default::default()
        };
        f(&mut i);
        outcome(cashier_payment_form(&i))
    };
    let three_ds = |acs: String, term: String| {
        outcome(rbs_3ds_form(&Rbs3dsInput {
            acs_url: acs,
            pa_req: "eJx=".into(),
            md: "1".into(),
            term_url: term,
            allow_insecure_localhost: local,
        }))
    };
    let field = |name: &str| {
        outcome(PaymentForm::new(
            "https://acs.example/",
            policy(local),
            vec![(name.to_owned(), s())],
        ))
    };
    let mut out = vec![
        ("check_url", outcome(check_url(input, "u", policy(local)))),
        (
            "PaymentForm action",
            outcome(PaymentForm::new(input, policy(local), vec![])),
        ),
        (
            "cashier successUrl",
            cashier(&|i| i.success_url = Some(s())),
        ),
        ("cashier failUrl", cashier(&|i| i.fail_url = Some(s()))),
        (
            "cashier fields successUrl",
            cashier(&|i| i.fields = vec![("successUrl".into(), s())]),
        ),
        (
            "cashier fields failUrl",
            cashier(&|i| i.fields = vec![("failUrl".into(), s())]),
        ),
        (
            "cashier fields returnUrl",
            cashier(&|i| i.fields = vec![("returnUrl".into(), s())]),
        ),
        (
            "rbs3ds acsUrl",
            three_ds(s(), "https://gw.example/term".into()),
        ),
        (
            "rbs3ds termUrl",
            three_ds("https://acs.example/a".into(), s()),
        ),
        (
            "rbs3ds2Challenge acsUrl",
            outcome(rbs_3ds2_challenge_form(&Rbs3ds2ChallengeInput {
                acs_url: s(),
                creq: "eyJ9".into(),
                three_ds_session_data: None,
                allow_insecure_localhost: local,
            })),
        ),
        (
            "rbs3dsMethod threeDSMethodURL",
            outcome(rbs_3ds_method_form(&Rbs3dsMethodInput {
                three_ds_method_url: s(),
                three_ds_method_data: "eyJ9".into(),
                allow_insecure_localhost: local,
            })),
        ),
    ];
    for name in [
        "TermUrl",
        "termUrl",
        "backUrl",
        "notificationUrl",
        "threeDSMethodNotificationURL",
        "dynamicCallbackUrl",
        "SUCCESSURL",
        "redirect_uri",
        "successUrl[]",
    ] {
        out.push((name, field(name)));
    }
    out
}

/// Every position where `input` is a free field value.
fn value_positions(input: &str) -> Vec<(&'static str, String)> {
    let s = || input.to_owned();
    let three_ds = |pa_req: String, md: String| {
        outcome(rbs_3ds_form(&Rbs3dsInput {
            acs_url: "https://acs.example/a".into(),
            pa_req,
            md,
            term_url: "https://gw.example/term".into(),
            allow_insecure_localhost: false,
        }))
    };
    let mut out = vec![
        (
            "cashier fields comment",
            outcome(cashier_payment_form(&CashierFormInput {
                domain: "example.com".into(),
                external_order_id: "1".into(),
                fields: vec![("comment".into(), s())],
                ..Default::default()
            })),
        ),
        ("rbs3ds paReq", three_ds(s(), "1".into())),
        ("rbs3ds md", three_ds("eJx=".into(), s())),
        (
            "rbs3ds2Challenge creq",
            outcome(rbs_3ds2_challenge_form(&Rbs3ds2ChallengeInput {
                acs_url: "https://acs.example/c".into(),
                creq: s(),
                three_ds_session_data: Some(s()),
                allow_insecure_localhost: false,
            })),
        ),
        (
            "rbs3dsMethod threeDSMethodData",
            outcome(rbs_3ds_method_form(&Rbs3dsMethodInput {
                three_ds_method_url: "https://acs.example/m".into(),
                three_ds_method_data: s(),
                allow_insecure_localhost: false,
            })),
        ),
    ];
    for name in ["comment", "description", "MD", "url2", "urlencoded"] {
        out.push((
            name,
            outcome(PaymentForm::new(
                "https://acs.example/",
                UrlPolicy::default(),
                vec![(name.to_owned(), s())],
            )),
        ));
    }
    out
}

#[test]
fn corpus_is_decided_the_same_everywhere() {
    let cases = corpus();
    assert_eq!(cases.len(), 100);
    let mut failures = Vec::new();
    let mut checked = 0;
    for c in &cases {
        for (local, expected) in [(false, &c.url), (true, &c.local)] {
            for (position, got) in url_positions(&c.input, local) {
                checked += 1;
                if &got != expected {
                    failures.push(format!(
                        "{:?} ({}) as {position} (local={local}): {got}, expected {expected}",
                        c.input, c.note
                    ));
                }
            }
        }
        for (position, got) in value_positions(&c.input) {
            checked += 1;
            if got != c.value {
                failures.push(format!(
                    "{:?} ({}) as {position}: {got}, expected {}",
                    c.input, c.note, c.value
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > 4000, "{checked}");
}

#[test]
fn corpus_as_acs_redirect_base_url() {
    for c in corpus() {
        for (local, expected) in [(false, &c.url), (true, &c.local)] {
            let got = outcome(rbs_acs_redirect_url(
                &RbsGateway::BaseUrl(c.input.clone()),
                "1",
                local,
            ));
            // A base URL may not carry a query or fragment of its own.
            let expected = if expected == "ok" && c.input.contains(['?', '#']) {
                "INVALID_URL"
            } else {
                expected
            };
            assert_eq!(got, expected, "{:?} ({}) local={local}", c.input, c.note);
        }
    }
}

#[test]
fn messages_never_show_userinfo() {
    for (input, secret) in [
        ("https://user:hunter2@shop.example/", "hunter2"),
        ("https://user:hunter2@shop.example\n/", "hunter2"),
        ("http://admin:hunter2@shop.example/", "hunter2"),
        ("ftp://admin:hunter2@shop.example/", "hunter2"),
        ("admin:hunter2@shop.example", "hunter2"),
        ("https://u:p/hunter2@shop.example/", "hunter2"),
        ("https://u:hunter2@@shop.example/", "hunter2"),
        ("javascript:hunter2@x", "hunter2"),
    ] {
        for local in [false, true] {
            let e = check_url(input, "baseUrl", policy(local)).unwrap_err();
            assert!(!e.message().contains(secret), "{input:?}: {e}");
            assert!(!e.message().contains("admin"), "{input:?}: {e}");
            let e = PaymentForm::new(
                "https://acs.example/",
                policy(local),
                vec![("successUrl".into(), input.into())],
            )
            .unwrap_err();
            assert!(!e.message().contains(secret), "{input:?}: {e}");
        }
    }
    let e = check_url(
        "https://user:hunter2@shop.example/x",
        "baseUrl",
        policy(false),
    )
    .unwrap_err();
    assert!(e.message().contains("shop.example"), "{e}");
    // Long URLs are cut in messages.
    let long = format!("ftp://shop.example/{}", "a".repeat(10_000));
    let e = check_url(&long, "u", policy(false)).unwrap_err();
    assert!(e.message().len() < 400, "{}", e.message().len());
}
