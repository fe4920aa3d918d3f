//! RBS over real HTTP: the reference's samples, the order state machine (valid and invalid
//! transitions), the hosted page, 3-D Secure 1 and 2, callbacks signed and verified with kassa.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::rbs::{code, raw, Rbs};
use common::{form, form_owned, hidden_fields, Sandbox};
use serde_json::{json, Value};

#[tokio::test]
async fn reference_register_sample_then_status_sample_shape() {
    let sb = Sandbox::start(&[]);
    // The register.do request example of the reference, field for field.
    let body = "amount=123456&userName=test_user&password=test_user_password&orderNumber=1234567890ABCDEF\
&returnUrl=https://mybestmerchantreturnurl.com&failUrl=https://mybestmerchantfailurl.com&email=test@test.com\
&clientId=259753456&features=FORCE_SSL&features=FORCE_TDS&language=en\
&jsonParams=%7B%22param_1_name%22%3A%22param_1_value%22%2C%22param_2_name%22%3A%22param_2_value%22%7D";
    let v = raw(&sb, "register.do", body).await;
    let id = v["orderId"].as_str().unwrap().to_string();
    assert!(v["formUrl"].as_str().unwrap().contains(&id));
    // Its "fail" example: the same order number again.
    let v = raw(&sb, "register.do", body).await;
    assert_eq!(
        v,
        json!({"errorCode": "1", "errorMessage": "Order number is duplicated, order with given order number is processed already"})
    );
    // getOrderStatusExtended.do request example (with this order's id).
    let v = raw(
        &sb,
        "getOrderStatusExtended.do",
        &format!("userName=test_user&password=test_user_password&orderId={id}&language=en"),
    )
    .await;
    assert_eq!(code(&v), "0");
    assert_eq!(v["orderNumber"], "1234567890ABCDEF");
    assert_eq!(v["orderStatus"], 0);
    assert_eq!(v["amount"], 123456);
    assert_eq!(v["currency"], "643");
    assert_eq!(
        v["merchantOrderParams"],
        json!([{"name":"param_1_name","value":"param_1_value"},{"name":"param_2_name","value":"param_2_value"}])
    );
    assert_eq!(v["attributes"], json!([{"name":"mdOrder","value": id}]));
    assert_eq!(v["paymentAmountInfo"]["paymentState"], "CREATED");
    // An unknown order is errorCode 6 in a 200.
    let v = raw(&sb, "getOrderStatusExtended.do", "userName=test_user&password=test_user_password&orderId=00000000-0000-0000-0000-000000000000&language=en").await;
    assert_eq!(code(&v), "6");
}

#[tokio::test]
async fn auth_required_parameters_and_bad_input() {
    let sb = Sandbox::start(&[]);
    let rbs = Rbs::merchant(&sb, "plain");
    // Wrong password, no credentials, token auth.
    let v = raw(
        &sb,
        "register.do",
        "userName=sandbox-plain-api&password=nope&orderNumber=1&amount=1&returnUrl=x",
    )
    .await;
    assert_eq!(
        (code(&v).as_str(), v["errorMessage"].as_str()),
        ("5", Some("Access denied"))
    );
    assert_eq!(
        code(&raw(&sb, "register.do", "orderNumber=1&amount=1&returnUrl=x").await),
        "5"
    );
    let v = raw(
        &sb,
        "register.do",
        "token=sandbox-token-plain&orderNumber=t1&amount=1&returnUrl=https://x.test",
    )
    .await;
    assert!(v["orderId"].is_string());
    // Required parameters.
    assert_eq!(
        rbs.call("register.do", &[("amount", "1"), ("returnUrl", "x")])
            .await["errorMessage"],
        "[orderNumber] is missing: it is Mandatory (pass an empty value when there is none)"
    );
    let register: [(&[(&str, &str)], &str); 5] = [
        (&[("orderNumber", "2"), ("returnUrl", "x")], "4"),
        (&[("orderNumber", "2"), ("amount", "1")], "4"),
        (
            &[("orderNumber", "2"), ("amount", "-5"), ("returnUrl", "x")],
            "5",
        ),
        (
            &[
                ("orderNumber", "2"),
                ("amount", "1"),
                ("returnUrl", "x"),
                ("jsonParams", "{not json"),
            ],
            "5",
        ),
        (
            &[
                ("orderNumber", "2"),
                ("amount", "1"),
                ("returnUrl", "x"),
                ("currency", "RUB"),
            ],
            "3",
        ),
    ];
    for (params, expected) in register {
        assert_eq!(
            rbs.code("register.do", params).await,
            expected,
            "{params:?}"
        );
    }
    assert_eq!(
        rbs.code("deposit.do", &[("orderId", "nope"), ("amount", "0")])
            .await,
        "6"
    );
    assert_eq!(rbs.code("refund.do", &[("orderId", "nope")]).await, "4");
    // register.do takes a form (reference line 192): a JSON body is refused with 415; garbage
    // form bodies get an error in a 200, never a crash.
    let r = sb.http.post(sb.url("/payment/rest/register.do")).header("content-type", "application/json")
        .body(json!({"userName": rbs.user, "password": rbs.password, "orderNumber": "j1", "amount": 100, "returnUrl": "https://x.test"}).to_string())
        .send().await.unwrap();
    assert_eq!(r.status(), 415);
    assert_eq!(code(&r.json::<Value>().await.unwrap()), "5");
    for garbage in ["{", "\u{0}\u{1}%%%", "[1,2]", "amount=%ZZ&&&=", ""] {
        for endpoint in [
            "register.do",
            "deposit.do",
            "refund.do",
            "paymentorder.do",
            "getOrderStatusExtended.do",
        ] {
            let r = sb
                .http
                .post(sb.url(&format!("/payment/rest/{endpoint}")))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(garbage)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200);
            let v: Value = r.json().await.unwrap();
            assert_ne!(code(&v), "0", "{endpoint} {garbage:?}");
        }
    }
    // Order lookup by orderNumber.
    let id = rbs.register("by-number", "500", &[]).await;
    let v = rbs
        .call("getOrderStatusExtended.do", &[("orderNumber", "by-number")])
        .await;
    assert_eq!(v["attributes"][0]["value"], json!(id));
    // Another merchant cannot see it.
    assert_eq!(code(&Rbs::merchant(&sb, "hmac").status(&id).await), "6");
}

#[tokio::test]
async fn one_stage_payment_refunds_never_exceed_and_hmac_callbacks_verify() {
    let sb = Sandbox::start(&[]);
    let rbs = Rbs::merchant(&sb, "hmac");
    let cb = sb.url("/echo/merchant-callback");
    let id = rbs
        .register(
            "o-1",
            "10000",
            &[("dynamicCallbackUrl", &cb), ("description", "Заказ №1")],
        )
        .await;
    // The hosted page renders the order.
    let page = sb
        .get_text(sb.url(&format!(
            "/payment/merchants/sandbox/payment_ru.html?mdOrder={id}"
        )))
        .await;
    assert!(
        page.contains("100.00 ₽") && page.contains("Заказ №1") && page.contains("name=\"pan\"")
    );
    rbs.assert_pays(&id, "4111111111111111", "ok").await;
    let s = rbs.status(&id).await;
    assert_eq!(
        (
            s["orderStatus"].as_u64(),
            s["paymentAmountInfo"]["depositedAmount"].as_u64()
        ),
        (Some(2), Some(10000))
    );
    assert_eq!(s["cardAuthInfo"]["maskedPan"], "411111**1111");
    // Paying again is not possible; decline of a paid order is refused.
    assert_eq!(
        rbs.code("decline.do", &[("orderId", &id), ("orderNumber", "")])
            .await,
        "7"
    );
    assert_eq!(rbs.amount_code("deposit.do", &id, "0").await, "7");
    // Partial refunds, never above what was paid.
    assert_eq!(rbs.amount_code("refund.do", &id, "3000").await, "0");
    assert_eq!(rbs.status(&id).await["orderStatus"], 4);
    assert_eq!(rbs.amount_code("refund.do", &id, "7001").await, "7");
    assert_eq!(rbs.amount_code("refund.do", &id, "7000").await, "0");
    assert_eq!(rbs.amount_code("refund.do", &id, "1").await, "7");
    assert_eq!(
        rbs.status(&id).await["paymentAmountInfo"]["refundedAmount"],
        10000
    );
    // Three callbacks (deposited, refunded, refunded), each delivered as GET with a checksum
    // that kassa's HMAC over kassa's canonical string reproduces from the URL as received.
    let key = common::rbs::hmac_key(&sb);
    let list = sb.wait_delivered(3).await;
    let ops: Vec<&str> = list
        .iter()
        .map(|n| {
            n["params"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p[0] == "operation")
                .unwrap()[1]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(ops, ["deposited", "refunded", "refunded"]);
    // kassa's own verifier accepts every callback as delivered, and refuses a forged one.
    let verifier = kassa::rbs::callback::CallbackVerifier::new(Some(key.clone()), vec![]).unwrap();
    for n in &list {
        let cb = verifier.verify_input(n["url"].as_str().unwrap()).unwrap();
        assert_eq!(cb.md_order.as_deref(), Some(id.as_str()));
        assert!(cb.success);
    }
    let forged = list[0]["url"]
        .as_str()
        .unwrap()
        .replace("operation=deposited", "operation=approved");
    assert!(verifier.verify_input(&forged).is_err());
    let received = sb.admin_get("/requests?path=/echo/merchant-callback").await;
    let received = received["requests"].as_array().unwrap();
    assert_eq!(received.len(), 3);
    for r in received {
        assert_eq!(r["method"], "GET");
        let params =
            kassa::rbs::callback::parse_input(&format!("?{}", r["query"].as_str().unwrap()))
                .unwrap();
        let checksum = params
            .iter()
            .find(|(k, _)| k == "checksum")
            .unwrap()
            .1
            .clone();
        let canonical = kassa::rbs::callback::canonical_string(&params);
        let expected =
            kassa::crypto::hex_upper(&kassa::crypto::hmac_sha256(&key, canonical.as_bytes()));
        assert!(kassa::crypto::ct_eq_hex_ignore_case(&expected, &checksum));
        assert!(params.iter().any(|(k, v)| k == "mdOrder" && v == &id));
        // A tampered parameter no longer verifies.
        let tampered: Vec<(String, String)> = params
            .iter()
            .map(|(k, v)| {
                if k == "status" {
                    (k.clone(), "0".into())
                } else {
                    (k.clone(), v.clone())
                }
            })
            .collect();
        let again = kassa::crypto::hex_upper(&kassa::crypto::hmac_sha256(
            &key,
            kassa::rbs::callback::canonical_string(&tampered).as_bytes(),
        ));
        assert_ne!(again, checksum);
    }
}

#[tokio::test]
async fn rsa_callbacks_are_posted_and_verify_with_the_published_key() {
    let sb = Sandbox::start(&[]);
    let rbs = Rbs::merchant(&sb, "rsa");
    let cb = sb.url("/echo/rsa-callback");
    let id = rbs
        .register("r-1", "2500", &[("dynamicCallbackUrl", &cb)])
        .await;
    let v = rbs
        .call(
            "paymentorder.do",
            &card_fields(&id, "4111111111111111", "TEST CARDHOLDER", 2),
        )
        .await;
    assert_eq!(v["errorCode"], 0);
    assert!(v["redirect"].as_str().unwrap().contains(&id));
    sb.wait_notifications(|l| l.len() == 1 && l[0]["delivered"] == true)
        .await;
    let req = &sb.admin_get("/requests?path=/echo/rsa-callback").await["requests"][0];
    assert_eq!(req["method"], "POST");
    let params = kassa::rbs::callback::parse_input(req["body"].as_str().unwrap()).unwrap();
    let get = |n: &str| {
        params
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    assert_eq!(get("sign_alias"), "sandbox-2024");
    assert_eq!(
        (get("operation").as_str(), get("status").as_str()),
        ("deposited", "1")
    );
    // kassa's own verifier, configured from the startup line, accepts the body as received.
    let published = &sb.info["rbs"]["publicKeys"][0];
    let verifier = kassa::rbs::callback::CallbackVerifier::new(
        None,
        vec![kassa::rbs::callback::CallbackPublicKey {
            key: kassa::crypto::PublicKey::parse(published["pem"].as_str().unwrap()).unwrap(),
            alias: Some("sandbox-2024".into()),
            hash: kassa::crypto::HashAlg::Sha512,
        }],
    )
    .unwrap();
    let cb = verifier
        .verify_input(req["body"].as_str().unwrap())
        .unwrap();
    assert_eq!(
        (cb.md_order.as_deref(), cb.amount),
        (Some(id.as_str()), Some(2500))
    );
    assert!(verifier
        .verify_input(
            &req["body"]
                .as_str()
                .unwrap()
                .replace("amount=2500", "amount=25")
        )
        .is_err());
    let key = &sb.info["rbs"]["publicKeys"][0];
    assert_eq!(key["alias"], "sandbox-2024");
    let public = kassa::crypto::PublicKey::parse(key["pem"].as_str().unwrap()).unwrap();
    assert_eq!(public.bits(), 2048);
    let sig = kassa::crypto::hex_decode(&get("checksum"), "checksum").unwrap();
    let canonical = kassa::rbs::callback::canonical_string(&params);
    kassa::crypto::verify_pkcs1v15(
        &public,
        kassa::crypto::HashAlg::Sha512,
        canonical.as_bytes(),
        &sig,
    )
    .unwrap();
    assert!(kassa::crypto::verify_pkcs1v15(
        &public,
        kassa::crypto::HashAlg::Sha512,
        canonical.replace("2500", "2501").as_bytes(),
        &sig
    )
    .is_err());
}

#[tokio::test]
async fn two_stage_deposit_and_reverse_transitions() {
    let sb = Sandbox::start(&[]);
    let rbs = Rbs::merchant(&sb, "plain");
    let id = rbs_pre(&rbs, "p-1").await;
    rbs.assert_pays(&id, "4111111111111111", "ok").await;
    let s = rbs.status(&id).await;
    assert_eq!(
        (
            s["orderStatus"].as_u64(),
            s["paymentAmountInfo"]["paymentState"].as_str()
        ),
        (Some(1), Some("APPROVED"))
    );
    assert_eq!(
        rbs.amount_code("refund.do", &id, "1").await,
        "7",
        "a hold cannot be refunded"
    );
    assert_eq!(
        rbs.amount_code("deposit.do", &id, "5001").await,
        "5",
        "more than approved"
    );
    assert_eq!(rbs.amount_code("deposit.do", &id, "4000").await, "0");
    let s = rbs.status(&id).await;
    assert_eq!(
        (
            s["orderStatus"].as_u64(),
            s["paymentAmountInfo"]["depositedAmount"].as_u64()
        ),
        (Some(2), Some(4000))
    );
    assert_eq!(
        rbs.amount_code("deposit.do", &id, "0").await,
        "7",
        "already deposited"
    );
    assert_eq!(
        rbs.amount_code("refund.do", &id, "4001").await,
        "7",
        "only what was deposited"
    );
    // Reverse a hold.
    let id = rbs_pre(&rbs, "p-2").await;
    assert_eq!(
        rbs.code("reverse.do", &[("orderId", &id)]).await,
        "7",
        "nothing to reverse before payment"
    );
    rbs.pay_hosted(&id, "4111111111111111").await;
    assert_eq!(rbs.code("reverse.do", &[("orderId", &id)]).await, "0");
    assert_eq!(rbs.status(&id).await["orderStatus"], 3);
    assert_eq!(rbs.code("reverse.do", &[("orderId", &id)]).await, "7");
    assert_eq!(rbs.amount_code("deposit.do", &id, "0").await, "7");
    // deposit with amount 0 takes the whole hold.
    let id = rbs_pre(&rbs, "p-3").await;
    rbs.pay_hosted(&id, "4111111111111111").await;
    assert_eq!(rbs.amount_code("deposit.do", &id, "0").await, "0");
    assert_eq!(
        rbs.status(&id).await["paymentAmountInfo"]["depositedAmount"],
        5000
    );
}

/// Registers order `number` with a dynamicCallbackUrl to `callback` (a path of the emulator) and
/// pays it on the hosted page; its id.
async fn paid_with_callback(rbs: &Rbs<'_>, number: &str, amount: &str, callback: &str) -> String {
    let url = rbs.sb.url(callback);
    let id = rbs
        .register(number, amount, &[("dynamicCallbackUrl", &url)])
        .await;
    rbs.pay_hosted(&id, "4111111111111111").await;
    id
}

/// paymentorder.do's card fields for order `id`: `pan`, CVC 123, expiry 12/2030, cardholder
/// `holder`, then `languages` times `language=en`.
fn card_fields<'a>(
    id: &'a str,
    pan: &'a str,
    holder: &'a str,
    languages: usize,
) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("MDORDER", id),
        ("$PAN", pan),
        ("$CVC", "123"),
        ("YYYY", "2030"),
        ("MM", "12"),
        ("TEXT", holder),
    ];
    fields.extend(std::iter::repeat_n(("language", "en"), languages));
    fields
}

async fn rbs_pre(rbs: &Rbs<'_>, number: &str) -> String {
    rbs.register_at("registerPreAuth.do", number, "5000", &[])
        .await
}

#[tokio::test]
async fn decline_expiry_declined_card_and_cancel() {
    let sb = Sandbox::start(&[]);
    let rbs = Rbs::merchant(&sb, "hmac");
    let cb = sb.url("/echo/cb");
    // decline.do on an unpaid order, then nothing else works.
    let id = rbs.register("d-1", "100", &[]).await;
    assert_eq!(
        rbs.code("decline.do", &[("orderId", &id), ("orderNumber", "d-1")])
            .await,
        "0"
    );
    assert_eq!(rbs.status(&id).await["orderStatus"], 6);
    assert_eq!(
        rbs.code("decline.do", &[("orderId", &id), ("orderNumber", "d-1")])
            .await,
        "7"
    );
    let v = rbs
        .call(
            "paymentorder.do",
            &card_fields(&id, "4111111111111111", "X", 1),
        )
        .await;
    assert_eq!(code(&v), "7");
    // Expiry: sessionTimeoutSecs=1, declined with actionCode -2007 and a declinedByTimeout callback.
    let id = rbs
        .register(
            "d-2",
            "100",
            &[("sessionTimeoutSecs", "1"), ("dynamicCallbackUrl", &cb)],
        )
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(1400)).await;
    let s = rbs.status(&id).await;
    assert_eq!(
        (s["orderStatus"].as_u64(), s["actionCode"].as_i64()),
        (Some(6), Some(-2007))
    );
    let l = sb
        .wait_notifications(|l| l.iter().any(|n| n["orderId"] == json!(id)))
        .await;
    assert!(l[0]["url"]
        .as_str()
        .unwrap()
        .contains("operation=declinedByTimeout"));
    // A declined card ends on failUrl with the order declined.
    let id = rbs.register("d-3", "100", &[]).await;
    assert_eq!(
        rbs.pay_hosted(&id, "4000000000000002").await,
        format!("https://shop.test/fail?orderId={id}&lang=ru")
    );
    let s = rbs.status(&id).await;
    assert_eq!(
        (s["orderStatus"].as_u64(), s["actionCode"].as_i64()),
        (Some(6), Some(116))
    );
    // Cancel on the page declines and goes to failUrl.
    let id = rbs.register("d-4", "100", &[]).await;
    let r = sb
        .post_form(
            sb.url("/payment/merchants/sandbox/pay"),
            form(&[("mdOrder", &id), ("action", "cancel")]),
        )
        .await;
    assert_eq!(
        r.headers()["location"],
        format!("https://shop.test/fail?orderId={id}&lang=ru").as_str()
    );
    // A bad card number re-renders the page with a message and changes nothing.
    let id = rbs.register("d-5", "100", &[]).await;
    let r = sb
        .post_form(
            sb.url("/payment/merchants/sandbox/pay"),
            form(&[
                ("mdOrder", &id),
                ("pan", "4111111111111112"),
                ("expiry", "12/30"),
                ("cvc", "123"),
                ("action", "pay"),
            ]),
        )
        .await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("id=\"kassa-error\""));
    assert_eq!(rbs.status(&id).await["orderStatus"], 0);
}

#[tokio::test]
async fn three_ds1_on_the_hosted_page_and_the_acs() {
    let sb = Sandbox::start(&[]);
    let rbs = Rbs::merchant(&sb, "plain");
    for (n, password, expected_status, back) in
        [("s-1", "12345678", 2, "ok"), ("s-2", "wrong", 6, "fail")]
    {
        let id = rbs.register(n, "700", &[]).await;
        let location = rbs.pay_hosted(&id, "5555555555555599").await;
        assert_eq!(location, format!("/payment/acsRedirect.do?orderId={id}"));
        assert_eq!(
            rbs.status(&id).await["orderStatus"],
            5,
            "ACS authentication started"
        );
        // acsRedirect.do posts PaReq, MD, TermUrl to the ACS.
        let html = sb.get_text(sb.url(&location)).await;
        let fields = hidden_fields(&html);
        assert_eq!(
            fields.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
            ["PaReq", "MD", "TermUrl"]
        );
        let acs = common::form_action(&html);
        let html = sb.post_form_text(&acs, form_owned(&fields)).await;
        // The ACS page reports exactly what it received.
        let got = common::received(&html);
        assert_eq!(common::pairs(&got["fields"]), fields);
        // Submit the password; the ACS posts PaRes and MD to TermUrl.
        let md = &fields[1].1;
        let term = &fields[2].1;
        let html = sb
            .post_form_text(
                sb.url("/acs/auth/finish.do"),
                form(&[("MD", md), ("TermUrl", term), ("password", password)]),
            )
            .await;
        assert_eq!(&common::form_action(&html), term);
        let back_fields = hidden_fields(&html);
        let r = sb.post_form(term, form_owned(&back_fields)).await;
        rbs.assert_returned(r, back, &id, expected_status).await;
    }
}

#[tokio::test]
async fn three_ds1_and_three_ds2_through_the_api() {
    let sb = Sandbox::start(&[]);
    let rbs = Rbs::merchant(&sb, "plain");
    let card = |id: &str, pan: &str| {
        card_fields(id, pan, "TEST CARDHOLDER", 2)
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<Vec<_>>()
    };
    let call = |params: Vec<(String, String)>, endpoint: &'static str| {
        let rbs = &rbs;
        async move {
            rbs.call(
                endpoint,
                &params
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect::<Vec<_>>(),
            )
            .await
        }
    };
    // 3-D Secure 1: acsUrl, paReq, termUrl; finish3dsPayment.do with the ACS's PaRes.
    let id = rbs.register("a-1", "900", &[]).await;
    let v = call(card(&id, "5555555555555599"), "paymentorder.do").await;
    assert_eq!(v["errorCode"], 0);
    let (acs, pa_req) = (
        v["acsUrl"].as_str().unwrap().to_string(),
        v["paReq"].as_str().unwrap().to_string(),
    );
    assert!(v["termUrl"].is_string());
    // The merchant's own TermUrl (here the echo) gets PaRes from the ACS.
    let _ = sb
        .http
        .post(&acs)
        .body(form(&[
            ("PaReq", &pa_req),
            ("MD", &id),
            ("TermUrl", &sb.url("/echo/term")),
        ]))
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    let html = sb
        .post_form_text(
            sb.url("/acs/auth/finish.do"),
            form(&[
                ("MD", &id),
                ("TermUrl", &sb.url("/echo/term")),
                ("password", "12345678"),
            ]),
        )
        .await;
    let pa_res = hidden_fields(&html)
        .into_iter()
        .find(|(k, _)| k == "PaRes")
        .unwrap()
        .1;
    assert_eq!(
        rbs.code(
            "finish3dsPayment.do",
            &[("mdOrder", &id), ("paRes", "eJzFV2uTokoS%")]
        )
        .await,
        "5"
    );
    let v = rbs
        .call(
            "finish3dsPayment.do",
            &[("mdOrder", &id), ("paRes", &pa_res)],
        )
        .await;
    assert_eq!(
        v,
        json!({"redirect": format!("https://shop.test/ok?orderId={id}&lang=ru"), "errorCode": 0})
    );
    assert_eq!(rbs.status(&id).await["orderStatus"], 2);
    // 3-D Secure 2: the 3DS Method, then 3ds/continue.do gives the challenge.
    let id = rbs.register("a-2", "900", &[]).await;
    let v = call(card(&id, "4000001111111118"), "paymentorder.do").await;
    assert_eq!(
        (v["errorCode"].as_i64(), v["is3DSVer2"].as_bool()),
        (Some(0), Some(true))
    );
    let trans = v["threeDSServerTransId"].as_str().unwrap().to_string();
    let method_html = sb
        .post_form_text(
            v["threeDSMethodURL"].as_str().unwrap(),
            form(&[(
                "threeDSMethodData",
                v["threeDSMethodDataPacked"].as_str().unwrap(),
            )]),
        )
        .await;
    assert_eq!(
        common::received(&method_html)["fields"][0][0],
        "threeDSMethodData"
    );
    assert_eq!(
        rbs.code(
            "finish3dsVer2Payment.do",
            &[("threeDSServerTransId", &trans)]
        )
        .await,
        "7",
        "challenge not done"
    );
    let v = rbs.call("3ds/continue.do", &[("mdOrder", &id)]).await;
    let (acs, creq) = (
        v["acsUrl"].as_str().unwrap().to_string(),
        v["packedCReq"].as_str().unwrap().to_string(),
    );
    // The second paymentorder.do request of the reference (with threeDSServerTransID) gives the same.
    let mut again = card(&id, "4000001111111118");
    again.push(("threeDSServerTransID".into(), trans.clone()));
    assert_eq!(
        call(again, "paymentorder.do").await["packedCReq"],
        json!(creq)
    );
    let html = sb
        .post_form_text(
            &acs,
            form(&[("creq", &creq), ("threeDSSessionData", "c2Vzc2lvbg")]),
        )
        .await;
    assert_eq!(
        common::pairs(&common::received(&html)["fields"]),
        vec![
            ("creq".to_string(), creq.clone()),
            ("threeDSSessionData".into(), "c2Vzc2lvbg".into())
        ]
    );
    sb.post_form(
        sb.url("/acs/3ds2/challenge"),
        form(&[
            ("creq", &creq),
            ("threeDSSessionData", "c2Vzc2lvbg"),
            ("code", "12345678"),
        ]),
    )
    .await;
    let v = rbs
        .call(
            "finish3dsVer2Payment.do",
            &[("threeDSServerTransId", &trans)],
        )
        .await;
    assert_eq!(
        v,
        json!({"redirect": format!("https://shop.test/ok?orderId={id}&lang=ru"), "errorCode": 0, "is3DSVer2": true})
    );
    assert_eq!(rbs.status(&id).await["orderStatus"], 2);
}

#[tokio::test]
async fn callbacks_are_retried_three_times_then_given_up() {
    let sb = Sandbox::start(&[]);
    let rbs = Rbs::merchant(&sb, "hmac");
    // The merchant answers 500 twice, then 200: three attempts, delivered.
    sb.fault("/echo/flaky", "500", 2).await;
    paid_with_callback(&rbs, "c-1", "100", "/echo/flaky").await;
    let l = sb
        .wait_notifications(|l| l.len() == 1 && l[0]["attempts"].as_array().unwrap().len() == 3)
        .await;
    let statuses = common::attempt_statuses(&l[0]);
    assert_eq!(statuses, [json!(500), json!(500), json!(200)]);
    assert_eq!(l[0]["delivered"], true);
    // Always failing: exactly 3 attempts (--callback-attempts 3), not delivered.
    sb.fault("/echo/down", "502", 10).await;
    let id = paid_with_callback(&rbs, "c-2", "100", "/echo/down").await;
    let l = sb
        .wait_notifications(|l| {
            l.iter()
                .any(|n| n["orderId"] == json!(id) && n["attempts"].as_array().unwrap().len() == 3)
        })
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let l2 = sb.admin_get("/notifications").await;
    let n = l2["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["orderId"] == json!(id))
        .unwrap()
        .clone();
    assert_eq!(n["attempts"].as_array().unwrap().len(), 3);
    assert_eq!(n["delivered"], false);
    drop(l);
    // A non-loopback URL (like the reference's merchant URL) is never called.
    let id = rbs
        .register(
            "c-3",
            "100",
            &[(
                "dynamicCallbackUrl",
                "https://mybestmerchantreturnurl.com/callback/",
            )],
        )
        .await;
    rbs.pay_hosted(&id, "4111111111111111").await;
    let l = sb
        .wait_notifications(|l| {
            l.iter()
                .any(|n| n["orderId"] == json!(id) && !n["attempts"].as_array().unwrap().is_empty())
        })
        .await;
    let n = l.iter().find(|n| n["orderId"] == json!(id)).unwrap();
    assert!(n["attempts"][0]["error"]
        .as_str()
        .unwrap()
        .contains("loopback"));
}

#[tokio::test]
async fn a_register_whose_answer_is_lost_still_made_exactly_one_order() {
    let sb = Sandbox::start(&[]);
    let rbs = Rbs::merchant(&sb, "plain");
    sb.fault("register.do", "close_after", 1).await;
    let body = form(&[
        ("userName", &rbs.user),
        ("password", &rbs.password),
        ("orderNumber", "lost-1"),
        ("amount", "100"),
        ("returnUrl", "https://shop.test/ok"),
    ]);
    let r = sb
        .http
        .post(sb.url("/payment/rest/register.do"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.clone())
        .send()
        .await;
    assert!(
        r.is_err(),
        "the connection was dropped after the order was made"
    );
    // What a careful client does: ask by orderNumber instead of registering again.
    let s = rbs
        .call("getOrderStatusExtended.do", &[("orderNumber", "lost-1")])
        .await;
    assert_eq!(
        (code(&s).as_str(), s["orderStatus"].as_u64()),
        ("0", Some(0))
    );
    // Registering again blindly is refused as a duplicate.
    assert_eq!(code(&raw(&sb, "register.do", &body).await), "1");
    // close_before: nothing was made.
    sb.fault("register.do", "close_before", 1).await;
    let body2 = body.replace("lost-1", "lost-2");
    assert!(sb
        .http
        .post(sb.url("/payment/rest/register.do"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body2.clone())
        .send()
        .await
        .is_err());
    assert_eq!(
        rbs.code("getOrderStatusExtended.do", &[("orderNumber", "lost-2")])
            .await,
        "6"
    );
    assert!(raw(&sb, "register.do", &body2).await["orderId"].is_string());
}

#[tokio::test]
async fn three_ds2_on_the_hosted_page() {
    let sb = Sandbox::start(&[]);
    let rbs = Rbs::merchant(&sb, "plain");
    for (n, code_typed, status, back) in [("h-1", "12345678", 2, "ok"), ("h-2", "0000", 6, "fail")]
    {
        let id = rbs.register(n, "300", &[]).await;
        let location = rbs.pay_hosted(&id, "4000001111111118").await;
        let html = sb.get_text(sb.url(&location)).await;
        let fields = hidden_fields(&html);
        assert_eq!(
            fields.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
            ["creq", "threeDSSessionData"]
        );
        let html = sb
            .post_form_text(common::form_action(&html), form_owned(&fields))
            .await;
        assert_eq!(common::pairs(&common::received(&html)["fields"]), fields);
        let html = sb
            .post_form_text(
                sb.url("/acs/3ds2/challenge"),
                form(&[
                    ("creq", &fields[0].1),
                    ("threeDSSessionData", &fields[1].1),
                    ("code", code_typed),
                ]),
            )
            .await;
        let cres = hidden_fields(&html);
        assert_eq!(cres[0].0, "cres");
        let r = sb
            .post_form(common::form_action(&html), form_owned(&cres))
            .await;
        rbs.assert_returned(r, back, &id, status).await;
    }
}

#[tokio::test]
async fn the_merchant_callback_url_flag_is_used_without_dynamic_callback_url() {
    let sb0 = Sandbox::start(&[]);
    let url = sb0.url("/echo/default-callback");
    let sb = Sandbox::start(&["--merchant-callback-url", &url]);
    let rbs = Rbs::merchant(&sb, "rsa");
    let id = rbs.register("m-1", "100", &[]).await;
    rbs.pay_hosted(&id, "4111111111111111").await;
    let l = sb
        .wait_notifications(|l| l.len() == 1 && l[0]["delivered"] == true)
        .await;
    assert_eq!(l[0]["url"], json!(url));
    assert_eq!(l[0]["method"], "POST");
    // It arrived at the other emulator's echo, as a form POST.
    let got = sb0.admin_get("/requests?path=/echo/default-callback").await;
    let body = got["requests"][0]["body"].as_str().unwrap().to_string();
    assert!(body.contains(&format!("mdOrder={id}")) && body.contains("sign_alias=sandbox-2024"));
}

#[tokio::test]
async fn two_stage_callbacks_approved_deposited_reversed() {
    let sb = Sandbox::start(&[]);
    let rbs = Rbs::merchant(&sb, "hmac");
    let cb = sb.url("/echo/two-stage");
    let id = rbs
        .register_at(
            "registerPreAuth.do",
            "t-1",
            "800",
            &[("dynamicCallbackUrl", &cb)],
        )
        .await;
    rbs.pay_hosted(&id, "4111111111111111").await;
    rbs.call("deposit.do", &[("orderId", &id), ("amount", "500")])
        .await;
    let id2 = rbs
        .register_at(
            "registerPreAuth.do",
            "t-2",
            "800",
            &[("dynamicCallbackUrl", &cb)],
        )
        .await;
    rbs.pay_hosted(&id2, "4111111111111111").await;
    rbs.call("reverse.do", &[("orderId", &id2)]).await;
    let l = sb.wait_delivered(4).await;
    let verifier = common::rbs::hmac_verifier(&sb);
    let seen: Vec<(String, String)> = l
        .iter()
        .map(|n| {
            let cb = verifier.verify_input(n["url"].as_str().unwrap()).unwrap();
            let op = cb
                .params
                .iter()
                .find(|(k, _)| k == "operation")
                .unwrap()
                .1
                .clone();
            (cb.md_order.unwrap(), op)
        })
        .collect();
    assert_eq!(
        seen,
        [
            (id.clone(), "approved".to_string()),
            (id, "deposited".into()),
            (id2.clone(), "approved".into()),
            (id2, "reversed".into())
        ]
    );
}
