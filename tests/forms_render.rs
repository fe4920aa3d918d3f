//! The redirect builders rendered to HTML, compared byte for byte with hand-written expected files
//! (tests/fixtures/forms/README.md says where their values come from).

use kassa::cashier::forms::{cashier_payment_form, CashierFormInput};
use kassa::form::{PaymentForm, RenderOptions};
use kassa::rbs::forms::{
    rbs_3ds2_challenge_form, rbs_3ds_form, rbs_3ds_method_form, Rbs3ds2ChallengeInput, Rbs3dsInput,
    Rbs3dsMethodInput,
};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/forms/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn pair(n: &str, v: &str) -> (String, String) {
    (n.to_owned(), v.to_owned())
}

fn render(form: &PaymentForm, options: RenderOptions) -> String {
    form.to_html(&options).unwrap()
}

#[test]
fn cashier_basic() {
    let form = cashier_payment_form(&CashierFormInput {
        domain: "example.com".into(),
        external_order_id: "ord-42".into(),
        success_url: Some("https://shop.example/ord-42/success".into()),
        fail_url: Some("https://shop.example/ord-42/fail".into()),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(form.action(), "https://payment.example.com/ord-42");
    assert_eq!(form.method(), "POST");
    assert_eq!(form.enctype(), "application/x-www-form-urlencoded");
    assert_eq!(
        render(&form, RenderOptions::default()),
        fixture("cashier_basic.html")
    );
}

#[test]
fn cashier_escaped() {
    let form = cashier_payment_form(&CashierFormInput {
        domain: "pay.example.ru".into(),
        external_order_id: "заказ/1 #?".into(),
        success_url: Some("https://shop.example/done?a=1&b=\"2\"".into()),
        fail_url: None,
        fields: vec![
            pair("comment", "Оплата заказа 💳 <b>&'`"),
            pair("\"><img src=x onerror=alert(1)>", "line1\r\nline2\tend"),
        ],
        allow_insecure_localhost: false,
    })
    .unwrap();
    let options = RenderOptions {
        button_label: Some("Оплатить <сейчас>".into()),
        target: Some("_blank".into()),
        ..Default::default()
    };
    assert_eq!(render(&form, options), fixture("cashier_escaped.html"));
}

#[test]
fn rbs_3ds1_autosubmit() {
    let form = rbs_3ds_form(&Rbs3dsInput {
        acs_url: "https://theacsserver.com/acs/auth/start.do".into(),
        pa_req: "eJxVUu9vgjAQ/...4BaHYvAI=".into(),
        md: "01491d0b-c848-7dd6-a20d-e96900a7d8c0".into(),
        term_url: "https://vtb.rbsuat.com/payment/rest/finish3ds.do?lang=en".into(),
        allow_insecure_localhost: false,
    })
    .unwrap();
    let options = RenderOptions {
        auto_submit: true,
        nonce: Some("r4nd0m+N0nce/==".into()),
        ..Default::default()
    };
    assert_eq!(render(&form, options), fixture("rbs_3ds1_autosubmit.html"));
}

#[test]
fn rbs_3ds2_challenge() {
    let form = rbs_3ds2_challenge_form(&Rbs3ds2ChallengeInput {
        acs_url: "https://example.com/acs2/acs/creq".into(),
        creq: "eyJ0aHJlZURTU2VydmVyVHJhbnNJRCI6IjU4MDI3NDZlLTMzOTMtNDBjMy05MjlhLWRjOTY2ZWJmMDhjNiIsIm1lc3NhZ2VUeXBlIjoiQ1JlcSIsIm1lc3NhZ2VWZXJzaW9uIjoiMi4xLjAiLCJhY3NUcmFuc0lEIjoiODFmZTU1ODUtZmZhOS00Y2NkLTljMjAtY2QzYWFiZDQwNTllIiwiY2hhbGxlbmdlV2luZG93U2l6ZSI6IjA1In0".into(),
        three_ds_session_data: Some("MDE0OTFkMGItYzg0OC03ZGQ2".into()),
        allow_insecure_localhost: false,
    })
    .unwrap();
    let options = RenderOptions {
        button_label: Some("Продолжить".into()),
        ..Default::default()
    };
    assert_eq!(render(&form, options), fixture("rbs_3ds2_challenge.html"));
}

#[test]
fn rbs_3ds_method() {
    let form = rbs_3ds_method_form(&Rbs3dsMethodInput {
        three_ds_method_url: "https://example.com/acs2/acs/3dsMethod".into(),
        three_ds_method_data: "eyJ0aHJlZURTTWV0aG9kTm90aWZpY2F0aW9uVVJMIjoiaHR0cHM6Ly9hY3F1aXJlci5jb20vM2Rzc2VydmVyL2FwaS92MS9hY3Mvbm90aWZpY2F0aW9uP3RocmVlRFNTZXJ2ZXJUcmFuc0lEPTNhZmMxNjhhLTk0YjQtNGViMy04ZTJlLTgwZjZjMTg2NjY5ZCIsInRocmVlRFNTZXJ2ZXJUcmFuc0lEIjoiM2FmYzE2OGEtOTRiNC00ZWIzLThlMmUtODBmNmMxODY2NjlkIn0=".into(),
        allow_insecure_localhost: false,
    })
    .unwrap();
    let options = RenderOptions {
        target: Some("threeDSMethodFrame".into()),
        ..Default::default()
    };
    assert_eq!(render(&form, options), fixture("rbs_3ds_method.html"));
}

#[test]
fn no_script_without_auto_submit_even_with_a_nonce() {
    let form = PaymentForm::new(
        "https://acs.example/x",
        Default::default(),
        vec![pair("a", "b")],
    )
    .unwrap();
    let html = render(
        &form,
        RenderOptions {
            nonce: Some("abc".into()),
            ..Default::default()
        },
    );
    assert!(!html.contains("<script"), "{html}");
    assert!(
        html.contains("<button type=\"submit\">Continue</button>"),
        "{html}"
    );
}

#[test]
fn local_emulator_urls() {
    let form = cashier_payment_form(&CashierFormInput {
        domain: "localhost:8123".into(),
        external_order_id: "abc".into(),
        success_url: Some("http://127.0.0.1:8123/ok".into()),
        allow_insecure_localhost: true,
        ..Default::default()
    })
    .unwrap();
    assert_eq!(form.action(), "http://payment.localhost:8123/abc");
    let form = cashier_payment_form(&CashierFormInput {
        domain: "127.0.0.1:8123".into(),
        external_order_id: "abc".into(),
        allow_insecure_localhost: true,
        ..Default::default()
    })
    .unwrap();
    assert_eq!(form.action(), "http://127.0.0.1:8123/abc");
    assert!(form.fields().is_empty());
}
