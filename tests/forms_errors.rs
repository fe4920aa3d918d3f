//! Every bad input of the redirect builders gives a KassaError code and a message that names the
//! problem.

use kassa::cashier::forms::{cashier_payment_form, CashierFormInput};
use kassa::form::{PaymentForm, RenderOptions, UrlPolicy, MAX_FIELDS, MAX_FORM_BYTES};
use kassa::http::encode::percent_encode_component;
use kassa::http::url::{check_url, is_local_host, MAX_URL_BYTES};
use kassa::rbs::forms::{
    rbs_3ds2_challenge_form, rbs_3ds_form, rbs_3ds_method_form, rbs_acs_redirect_url,
    Rbs3ds2ChallengeInput, Rbs3dsInput, Rbs3dsMethodInput, RbsGateway,
};
use kassa::ErrorCode::{self, *};

const STRICT: UrlPolicy = UrlPolicy {
    allow_insecure_localhost: false,
};
const LOCAL: UrlPolicy = UrlPolicy {
    allow_insecure_localhost: true,
};

fn code_of<T: std::fmt::Debug>(r: kassa::Result<T>) -> ErrorCode {
    r.unwrap_err().code()
}

#[test]
fn urls_rejected() {
    let cases: &[(&str, UrlPolicy, ErrorCode)] = &[
        ("", STRICT, InvalidUrl),
        ("/relative/path", STRICT, InvalidUrl),
        ("//acs.example/x", STRICT, InvalidUrl),
        ("acs.example/x", STRICT, InvalidUrl),
        ("javascript:alert(1)", STRICT, InvalidUrl),
        ("JaVaScRiPt://acs.example/%0aalert(1)", STRICT, InvalidUrl),
        (
            "data:text/html,<script>alert(1)</script>",
            STRICT,
            InvalidUrl,
        ),
        ("ftp://acs.example/x", STRICT, InvalidUrl),
        ("https:acs.example/x", STRICT, InvalidUrl),
        ("https://", STRICT, InvalidUrl),
        ("https:///x", STRICT, InvalidUrl),
        ("https://user:pw@acs.example/", STRICT, InvalidUrl),
        ("https://good.example@evil.example/", STRICT, InvalidUrl),
        ("https://good.example\\@evil.example/", STRICT, InvalidUrl),
        ("https://acs.example\\evil", STRICT, InvalidUrl),
        ("https://acs .example/", STRICT, InvalidUrl),
        ("https://acs.example/a b", STRICT, InvalidUrl),
        ("https://acs.example/\n", STRICT, InvalidUrl),
        ("https://acs.example/\u{0}", STRICT, InvalidUrl),
        ("https://acs.example/\u{a0}", STRICT, InvalidUrl),
        ("https://acs.example/\u{2028}", STRICT, InvalidUrl),
        ("https://acs.example:0/", STRICT, InvalidUrl),
        ("https://acs.example:65536/", STRICT, InvalidUrl),
        ("https://acs.example:/", STRICT, InvalidUrl),
        ("https://acs.example:443x/", STRICT, InvalidUrl),
        ("https://acs..example/", STRICT, InvalidUrl),
        ("https://acs.example./", STRICT, InvalidUrl),
        ("https://пример.рф/", STRICT, InvalidUrl),
        ("https://acs\"example/", STRICT, InvalidUrl),
        ("https://2130706433/", STRICT, InvalidUrl),
        ("https://0x7f.1/", STRICT, InvalidUrl),
        ("https://127.1/", STRICT, InvalidUrl),
        ("https://010.0.0.1/", STRICT, InvalidUrl),
        ("https://[::1/", STRICT, InvalidUrl),
        ("https://[zz::1]/", STRICT, InvalidUrl),
        ("https://[::1]x/", STRICT, InvalidUrl),
        ("http://acs.example/", STRICT, InsecureUrl),
        ("http://acs.example/", LOCAL, InsecureUrl),
        ("http://localhost:8080/", STRICT, InsecureUrl),
        ("http://127.1/", LOCAL, InvalidUrl),
        ("http://0.0.0.0/", LOCAL, InsecureUrl),
        ("http://128.0.0.1/", LOCAL, InsecureUrl),
        ("http://localhost.evil.example/", LOCAL, InsecureUrl),
        ("http://10.0.0.1/", LOCAL, InsecureUrl),
    ];
    for (url, policy, code) in cases {
        let err = check_url(url, "acsUrl", *policy).unwrap_err();
        assert_eq!(err.code(), *code, "{url:?}: {err}");
        assert!(err.message().starts_with("acsUrl "), "{err}");
    }
}

#[test]
fn urls_accepted() {
    for (url, policy) in [
        ("https://acs.example", STRICT),
        ("HTTPS://ACS.Example:8443/a/b?c=d&e=%20#f", STRICT),
        ("https://192.0.2.1/acs", STRICT),
        ("https://[2001:db8::1]:443/acs", STRICT),
        ("https://xn--e1afmkfd.xn--p1ai/путь?q=значение", STRICT),
        ("http://localhost:8080/", LOCAL),
        ("http://payment.localhost:8080/x", LOCAL),
        ("http://127.0.0.1:1/", LOCAL),
        ("http://[::1]:9/", LOCAL),
        ("http://127.0.0.2/", LOCAL),
        ("http://127.255.255.254:8080/", LOCAL),
    ] {
        let checked = check_url(url, "u", policy).unwrap();
        assert!(matches!(checked.scheme, "https" | "http"), "{url}");
    }
    let c = check_url("https://acs.example:8443/p?q#f", "u", STRICT).unwrap();
    assert_eq!((c.host, c.rest), ("acs.example", "/p?q#f"));
}

fn cashier(domain: &str, id: &str) -> CashierFormInput {
    CashierFormInput {
        domain: domain.into(),
        external_order_id: id.into(),
        ..Default::default()
    }
}

#[test]
fn cashier_domains_rejected() {
    // A hostname has at most 253 bytes: longer is INVALID_DOMAIN (no longer PAYLOAD_TOO_LARGE).
    let long = format!("{}.example", "a".repeat(300));
    assert_eq!(
        cashier_payment_form(&cashier(&long, "1"))
            .unwrap_err()
            .code(),
        InvalidDomain
    );
    for domain in [
        "",
        "https://example.com",
        "example.com/path",
        "example.com:443",
        "user@example.com",
        "example .com",
        " example.com",
        "example.com\n",
        "example.com?x",
        "example.com#x",
        "example..com",
        "example.com.",
        "пример.рф",
        "exa<mple.com",
        "192.0.2.1",
        "localhost:8080",
        "127.0.0.1:8080",
        "exa\\mple.com",
    ] {
        let err = cashier_payment_form(&cashier(domain, "1")).unwrap_err();
        assert_eq!(err.code(), InvalidDomain, "{domain:?}: {err}");
    }
    let mut local = cashier("localhost:99999", "1");
    local.allow_insecure_localhost = true;
    assert_eq!(code_of(cashier_payment_form(&local)), InvalidDomain);
    local.domain = "evil.example:8080".into();
    assert_eq!(code_of(cashier_payment_form(&local)), InvalidDomain);
    let err = cashier_payment_form(&cashier("localhost:8080", "1")).unwrap_err();
    assert!(err.message().contains("allowInsecureLocalhost"), "{err}");
}

#[test]
fn cashier_other_inputs_rejected() {
    for id in ["", ".", ".."] {
        assert_eq!(
            code_of(cashier_payment_form(&cashier("example.com", id))),
            InvalidArgument
        );
    }
    let mut input = cashier("example.com", "1");
    input.success_url = Some("/relative".into());
    assert_eq!(code_of(cashier_payment_form(&input)), InvalidUrl);
    input.success_url = None;
    input.fail_url = Some("http://shop.example/fail".into());
    assert_eq!(code_of(cashier_payment_form(&input)), InsecureUrl);
    input.fail_url = Some("https://shop.example/fail".into());
    input.fields = vec![("failUrl".into(), "https://other.example/".into())];
    assert_eq!(code_of(cashier_payment_form(&input)), DuplicateParameter);
    input.fields = vec![("a".into(), "1".into()), ("a".into(), "2".into())];
    assert_eq!(code_of(cashier_payment_form(&input)), DuplicateParameter);
    input.fields = vec![("".into(), "1".into())];
    assert_eq!(code_of(cashier_payment_form(&input)), InvalidArgument);
    input.fields = vec![("a".into(), "x\u{0}y".into())];
    assert_eq!(code_of(cashier_payment_form(&input)), InvalidArgument);
    input.fields = vec![("a\u{1b}".into(), "1".into())];
    assert_eq!(code_of(cashier_payment_form(&input)), InvalidArgument);
}

#[test]
fn order_id_is_one_path_segment() {
    let form = cashier_payment_form(&cashier("example.com", "../../admin?x=1#y")).unwrap();
    assert_eq!(
        form.action(),
        "https://payment.example.com/..%2F..%2Fadmin%3Fx%3D1%23y"
    );
    assert_eq!(
        percent_encode_component("a-b_c.d~e f/ё"),
        "a-b_c.d~e%20f%2F%D1%91"
    );
}

fn three_ds() -> Rbs3dsInput {
    Rbs3dsInput {
        acs_url: "https://acs.example/auth".into(),
        pa_req: "eJx=".into(),
        md: "order-1".into(),
        term_url: "https://gw.example/finish3ds.do".into(),
        allow_insecure_localhost: false,
    }
}

#[test]
fn rbs_forms_rejected() {
    let mut i = three_ds();
    i.acs_url = "javascript:alert(1)".into();
    assert_eq!(code_of(rbs_3ds_form(&i)), InvalidUrl);
    let mut i = three_ds();
    i.term_url = "http://gw.example/".into();
    assert_eq!(code_of(rbs_3ds_form(&i)), InsecureUrl);
    let mut i = three_ds();
    i.pa_req.clear();
    assert_eq!(code_of(rbs_3ds_form(&i)), InvalidArgument);
    let mut i = three_ds();
    i.md.clear();
    assert_eq!(code_of(rbs_3ds_form(&i)), InvalidArgument);
    let mut i = three_ds();
    i.md = "a\u{7}".into();
    assert_eq!(code_of(rbs_3ds_form(&i)), InvalidArgument);

    let mut c = Rbs3ds2ChallengeInput {
        acs_url: "https://acs.example/creq".into(),
        creq: "".into(),
        ..Default::default()
    };
    assert_eq!(code_of(rbs_3ds2_challenge_form(&c)), InvalidArgument);
    c.creq = "eyJ9".into();
    c.acs_url = "http://127.0.0.1:9/creq".into();
    assert_eq!(code_of(rbs_3ds2_challenge_form(&c)), InsecureUrl);
    c.allow_insecure_localhost = true;
    assert_eq!(rbs_3ds2_challenge_form(&c).unwrap().fields().len(), 1);

    let mut m = Rbs3dsMethodInput {
        three_ds_method_url: "data:text/html,x".into(),
        three_ds_method_data: "eyJ9".into(),
        ..Default::default()
    };
    assert_eq!(code_of(rbs_3ds_method_form(&m)), InvalidUrl);
    m.three_ds_method_url = "https://acs.example/3dsMethod".into();
    m.three_ds_method_data.clear();
    assert_eq!(code_of(rbs_3ds_method_form(&m)), InvalidArgument);
}

#[test]
fn acs_redirect_url() {
    let test = rbs_acs_redirect_url(
        &RbsGateway::Test,
        "85eb9a84-2a47-7cca-b0ae-662c000016d1",
        false,
    );
    // The reference's own example (rbs-payment-gateway-api.txt, "Redirect to ACS (simplified)").
    assert_eq!(
        test.unwrap(),
        "https://vtb.rbsuat.com/payment/acsRedirect.do?orderId=85eb9a84-2a47-7cca-b0ae-662c000016d1"
    );
    assert_eq!(
        rbs_acs_redirect_url(&RbsGateway::Production, "a&b=c", false).unwrap(),
        "https://platezh.vtb24.ru/payment/acsRedirect.do?orderId=a%26b%3Dc"
    );
    for base in [
        "https://gw.example/payment/rest/",
        "https://gw.example/payment/rest",
        "https://gw.example/payment/",
    ] {
        assert_eq!(
            rbs_acs_redirect_url(&RbsGateway::BaseUrl(base.into()), "1", false).unwrap(),
            "https://gw.example/payment/acsRedirect.do?orderId=1",
            "{base}"
        );
    }
    let local = RbsGateway::BaseUrl("http://127.0.0.1:5000/payment/rest/".into());
    assert_eq!(
        rbs_acs_redirect_url(&local, "1", true).unwrap(),
        "http://127.0.0.1:5000/payment/acsRedirect.do?orderId=1"
    );
    assert_eq!(
        code_of(rbs_acs_redirect_url(&local, "1", false)),
        InsecureUrl
    );
    assert_eq!(
        code_of(rbs_acs_redirect_url(&RbsGateway::Test, "", false)),
        InvalidArgument
    );
    let with_query = RbsGateway::BaseUrl("https://gw.example/payment/?x=1".into());
    assert_eq!(
        code_of(rbs_acs_redirect_url(&with_query, "1", false)),
        InvalidUrl
    );
    // One base-URL rule for the clients and the forms (http::base_url): at most 2,048 bytes.
    let long = format!("https://gw.example/{}/", "p".repeat(2048));
    assert_eq!(
        code_of(rbs_acs_redirect_url(&RbsGateway::BaseUrl(long), "1", false)),
        InvalidUrl
    );
    let userinfo = RbsGateway::BaseUrl("https://user@gw.example/payment/".into());
    assert_eq!(
        code_of(rbs_acs_redirect_url(&userinfo, "1", false)),
        InvalidUrl
    );
    let relative = RbsGateway::BaseUrl("/payment/rest/".into());
    assert_eq!(
        code_of(rbs_acs_redirect_url(&relative, "1", false)),
        InvalidUrl
    );
    assert_eq!(
        code_of(RbsGateway::from_environment("prod")),
        InvalidArgument
    );
    assert_eq!(
        RbsGateway::from_environment("test").unwrap(),
        RbsGateway::Test
    );
}

#[test]
fn render_options_rejected() {
    let form = PaymentForm::new("https://acs.example/", STRICT, vec![]).unwrap();
    let bad = |o: RenderOptions| form.to_html(&o).unwrap_err();
    let e = bad(RenderOptions {
        auto_submit: true,
        ..Default::default()
    });
    assert_eq!(e.code(), InvalidArgument);
    assert!(e.message().contains("nonce"), "{e}");
    for nonce in [
        "",
        "a b",
        "abc\"><script>",
        "a===",
        "'nonce-abc'",
        &"a".repeat(257),
    ] {
        let e = bad(RenderOptions {
            auto_submit: true,
            nonce: Some(nonce.into()),
            ..Default::default()
        });
        assert_eq!(e.code(), InvalidArgument, "{nonce:?}");
    }
    for target in [
        "",
        "_new",
        "a b",
        "x\"y",
        "javascript:alert(1)",
        &"t".repeat(65),
    ] {
        let e = bad(RenderOptions {
            target: Some(target.into()),
            ..Default::default()
        });
        assert_eq!(e.code(), InvalidArgument, "{target:?}");
    }
    for label in ["", "   ", "a\u{0}", &"x".repeat(201)] {
        let e = bad(RenderOptions {
            button_label: Some(label.into()),
            ..Default::default()
        });
        assert_eq!(e.code(), InvalidArgument, "{label:?}");
    }
}

#[test]
fn form_new_rejects_bad_actions() {
    assert_eq!(
        code_of(PaymentForm::new("http://acs.example/", STRICT, vec![])),
        InsecureUrl
    );
    assert_eq!(code_of(PaymentForm::new("acs", STRICT, vec![])), InvalidUrl);
}

#[test]
fn loopback_is_one_definition() {
    for host in [
        "localhost",
        "LocalHost",
        "shop.localhost",
        "a.b.localhost",
        "127.0.0.1",
        "127.1.2.3",
        "127.255.255.255",
        "127.0.0.0",
        "[::1]",
    ] {
        assert!(is_local_host(host), "{host}");
    }
    for host in [
        "127.1",
        "127.0.1",
        "0x7f.0.0.1",
        "2130706433",
        "127.0.0.01",
        "127.0.0.256",
        "128.0.0.1",
        "0.0.0.0",
        "localhost.evil.example",
        ".localhost",
        "a..localhost",
        "[0:0:0:0:0:0:0:1]",
        "[::ffff:127.0.0.1]",
        "::1",
        "",
    ] {
        assert!(!is_local_host(host), "{host}");
    }
}

#[test]
fn over_long_urls_are_payload_too_large() {
    let at_limit = format!("https://a.example/{}", "p".repeat(MAX_URL_BYTES - 18));
    assert_eq!(at_limit.len(), MAX_URL_BYTES);
    assert!(check_url(&at_limit, "u", STRICT).is_ok());
    let over = format!("{at_limit}p");
    let e = check_url(&over, "acsUrl", STRICT).unwrap_err();
    assert_eq!(e.code(), PayloadTooLarge);
    assert!(e.message().starts_with("acsUrl is 16385 bytes"), "{e}");
    assert_eq!(
        code_of(rbs_acs_redirect_url(
            &RbsGateway::Test,
            &"x".repeat(MAX_URL_BYTES + 1),
            false
        )),
        PayloadTooLarge
    );
    // The percent-encoded order id makes the URL too long: still refused by the final check.
    assert_eq!(
        code_of(rbs_acs_redirect_url(
            &RbsGateway::Test,
            &"/".repeat(6000),
            false
        )),
        PayloadTooLarge
    );
    assert_eq!(
        code_of(cashier_payment_form(&cashier(
            "example.com",
            &"x".repeat(MAX_URL_BYTES + 1)
        ))),
        PayloadTooLarge
    );
}

fn many(n: usize) -> Vec<(String, String)> {
    (0..n).map(|i| (format!("f{i}"), "v".to_owned())).collect()
}

#[test]
fn field_limits() {
    let form = |fields| PaymentForm::new("https://acs.example/", STRICT, fields);
    assert_eq!(form(many(MAX_FIELDS)).unwrap().fields().len(), MAX_FIELDS);
    let e = form(many(MAX_FIELDS + 1)).unwrap_err();
    assert_eq!(e.code(), TooManyParameters);
    assert!(e.message().contains("1001 fields"), "{e}");
    // The count is checked before anything else: a duplicate or a bad action comes second.
    let mut dup = many(MAX_FIELDS + 1);
    dup[1].0 = "f0".into();
    assert_eq!(code_of(form(dup)), TooManyParameters);
    assert_eq!(
        code_of(PaymentForm::new(
            "javascript:x",
            STRICT,
            many(MAX_FIELDS + 1)
        )),
        TooManyParameters
    );

    let big = |n: usize| vec![("PaReq".to_owned(), "x".repeat(n - 5))];
    assert!(form(big(MAX_FORM_BYTES)).is_ok());
    let e = form(big(MAX_FORM_BYTES + 1)).unwrap_err();
    assert_eq!(e.code(), PayloadTooLarge);
    // Names count too.
    let names = vec![("n".repeat(MAX_FORM_BYTES), String::new())];
    assert!(form(names).is_ok());
    let names = vec![("n".repeat(MAX_FORM_BYTES), "v".into())];
    assert_eq!(code_of(form(names)), PayloadTooLarge);

    // Through the builders: the extra fields count with successUrl/failUrl.
    let mut input = cashier("example.com", "1");
    input.fields = many(MAX_FIELDS);
    assert!(cashier_payment_form(&input).is_ok());
    input.success_url = Some("https://shop.example/ok".into());
    assert_eq!(code_of(cashier_payment_form(&input)), TooManyParameters);
    input.fields = many(MAX_FIELDS + 1);
    assert_eq!(code_of(cashier_payment_form(&input)), TooManyParameters);
    input.fields = vec![("comment".into(), "x".repeat(MAX_FORM_BYTES))];
    assert_eq!(code_of(cashier_payment_form(&input)), PayloadTooLarge);
    let mut i = three_ds();
    i.pa_req = "x".repeat(MAX_FORM_BYTES);
    assert_eq!(code_of(rbs_3ds_form(&i)), PayloadTooLarge);
}

#[test]
fn duplicate_check_is_linear() {
    // Distinct long names that share a 900-byte prefix: a pairwise check of n names compares
    // n²/2 pairs, the hash set does n inserts. Ten times the fields must cost about ten times the
    // time, not a hundred: the assertion is on the ratio of the fastest of several runs at 100 and
    // at 1,000 fields (the minimum ignores a loaded machine's bursts; no absolute time is assumed).
    let prefix = "p".repeat(900);
    let make = |n: usize| -> Vec<(String, String)> {
        (0..n)
            .map(|i| (format!("{prefix}{i:04}"), String::new()))
            .collect()
    };
    let fastest = |fields: &Vec<(String, String)>, rounds: u32| {
        (0..7)
            .map(|_| {
                let start = std::time::Instant::now();
                for _ in 0..rounds {
                    assert!(
                        PaymentForm::new("https://acs.example/", STRICT, fields.clone()).is_ok()
                    );
                }
                start.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min)
    };
    let (small, fields) = (make(MAX_FIELDS / 10), make(MAX_FIELDS));
    let ratio = fastest(&fields, 2) / fastest(&small, 20) * 10.0;
    assert!(
        ratio < 40.0,
        "10x the fields cost {ratio:.1}x the time (quadratic would be ~100x)"
    );
    let mut dup = fields;
    dup[MAX_FIELDS - 1].0 = dup[0].0.clone();
    let e = PaymentForm::new("https://acs.example/", STRICT, dup).unwrap_err();
    assert_eq!(e.code(), DuplicateParameter);
    // The message names the field, cut short.
    assert!(e.message().len() < 200, "{}", e.message().len());
}

#[test]
fn url_fields_are_checked_wherever_they_are_given() {
    // The reproducer: the named option was checked, the same name in `fields` was not.
    let mut input = cashier("example.com", "1");
    input.fields = vec![("successUrl".into(), "javascript:alert(1)".into())];
    let e = cashier_payment_form(&input).unwrap_err();
    assert_eq!(e.code(), InvalidUrl);
    assert!(e.message().starts_with("form field \"successUrl\""), "{e}");
    for (name, value, code) in [
        ("failUrl", "http://shop.example/", InsecureUrl),
        ("returnUrl", "//evil.example/", InvalidUrl),
        ("backUrl", "https://user:pw@shop.example/", InvalidUrl),
        ("TermUrl", "/finish", InvalidUrl),
        ("threeDSMethodNotificationURL", "data:,x", InvalidUrl),
        ("dynamicCallbackUrl", "", InvalidUrl),
        ("comment", "JAVA\tSCRIPT:alert(1)", InvalidUrl),
        ("comment", "vbscript:x", InvalidUrl),
    ] {
        input.fields = vec![(name.into(), value.into())];
        assert_eq!(
            code_of(cashier_payment_form(&input)),
            code,
            "{name}={value:?}"
        );
    }
    // Loopback http in a URL field follows the form's policy.
    input.fields = vec![("returnUrl".into(), "http://127.0.0.1:9/ok".into())];
    assert_eq!(code_of(cashier_payment_form(&input)), InsecureUrl);
    input.allow_insecure_localhost = true;
    assert!(cashier_payment_form(&input).is_ok());
    // Non-URL fields may hold any text that does not read as a script URL.
    input.fields = vec![
        (
            "comment".into(),
            "see https://shop.example/a?b=javascript:x".into(),
        ),
        ("note".into(), "Заказ: 42 / 100% & more".into()),
    ];
    assert!(cashier_payment_form(&input).is_ok());
}

#[test]
fn cashier_loopback_domains() {
    let mut input = cashier("127.1.2.3:8080", "o");
    input.allow_insecure_localhost = true;
    assert_eq!(
        cashier_payment_form(&input).unwrap().action(),
        "http://127.1.2.3:8080/o"
    );
    input.domain = "shop.localhost:9".into();
    assert_eq!(
        cashier_payment_form(&input).unwrap().action(),
        "http://payment.shop.localhost:9/o"
    );
    input.domain = "127.1:8080".into();
    assert_eq!(code_of(cashier_payment_form(&input)), InvalidDomain);
    input.allow_insecure_localhost = false;
    input.domain = "127.1.2.3:8080".into();
    let e = cashier_payment_form(&input).unwrap_err();
    assert_eq!(e.code(), InvalidDomain);
    assert!(e.message().contains("allowInsecureLocalhost"), "{e}");
}
