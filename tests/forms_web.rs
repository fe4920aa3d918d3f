//! Browser (wasm-bindgen-test) checks of the redirect forms as DOM: `to_element` builds exactly the
//! fields, and `to_html`, parsed by the browser's own HTML parser, gives back exactly the same
//! fields and nothing else, for hostile names and values. No form is submitted here (navigation
//! tests are in tests/forms/*.test.mjs).
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used)]

use kassa::cashier::forms::{cashier_payment_form, CashierFormInput};
use kassa::form::{PaymentForm, RenderOptions, UrlPolicy};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Document, Element, FormData, HtmlFormElement, HtmlTemplateElement};

wasm_bindgen_test_configure!(run_in_browser);

const HOSTILE: &[&str] = &[
    "\"><script>window.__kassa_xss=1</script>",
    "'><img src=x onerror=window.__kassa_xss=1>",
    "</form><svg onload=window.__kassa_xss=1>",
    // (A plain "javascript:" value is refused by the script-URL rule: tests/forms_url_bypass.rs.)
    "x-javascript:window.__kassa_xss=1",
    "&lt;b&gt; &amp; &#x3C;script&#x3E;",
    "line1\r\nline2\ttab\rcr",
    "Оплата заказа №42 💳👍🏽 \u{202e}RTL\u{202c} \u{200b}zero-width",
    "<!-- --!><noscript><p title=\"</noscript><img src=x onerror=window.__kassa_xss=1>\">",
    "`${alert(1)}`",
];

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

fn hostile_form() -> PaymentForm {
    let fields = HOSTILE
        .iter()
        .enumerate()
        .map(|(i, v)| (format!("{v}#{i}"), (*v).to_owned()))
        .collect();
    cashier_payment_form(&CashierFormInput {
        domain: "example.com".into(),
        external_order_id: "заказ 1/\"><x".into(),
        success_url: Some("https://shop.example/ok?a=1&b=<2>".into()),
        fail_url: Some("https://shop.example/fail".into()),
        fields,
        allow_insecure_localhost: false,
    })
    .unwrap()
}

fn inputs(form: &Element) -> Vec<(String, String)> {
    let list = form.query_selector_all("input").unwrap();
    (0..list.length())
        .map(|i| {
            // unchecked: the inputs may come from another realm (an iframe).
            let e: Element = list.item(i).unwrap().unchecked_into();
            assert_eq!(e.get_attribute("type").as_deref(), Some("hidden"));
            (
                e.get_attribute("name").unwrap(),
                e.get_attribute("value").unwrap(),
            )
        })
        .collect()
}

#[wasm_bindgen_test]
fn to_element_has_exactly_the_fields() {
    let form = hostile_form();
    let el = form.to_element(&document()).unwrap();
    assert_eq!(el.get_attribute("action").unwrap(), form.action());
    assert_eq!(el.method(), "post");
    assert_eq!(el.enctype(), "application/x-www-form-urlencoded");
    assert_eq!(el.accept_charset(), "UTF-8");
    assert!(!el.is_connected(), "to_element must not attach the form");
    assert_eq!(inputs(&el), form.fields());
    assert_eq!(el.child_element_count() as usize, form.fields().len());
    // What the browser would send: FormData of the element, in order (it normalises lone CR/LF
    // to CRLF only at serialisation time, so values are still exact here).
    let data = FormData::new_with_form(&el).unwrap();
    let sent: Vec<(String, String)> = js_sys::try_iter(&data)
        .unwrap()
        .unwrap()
        .map(|pair| {
            let pair = js_sys::Array::from(&pair.unwrap());
            (
                pair.get(0).as_string().unwrap(),
                pair.get(1).as_string().unwrap(),
            )
        })
        .collect();
    assert_eq!(sent, form.fields());
}

#[wasm_bindgen_test]
fn to_element_in_another_document() {
    let other = document()
        .implementation()
        .unwrap()
        .create_html_document()
        .unwrap();
    let form = PaymentForm::new(
        "http://127.0.0.1:9/acs",
        UrlPolicy {
            allow_insecure_localhost: true,
        },
        vec![("PaReq".into(), "eJx=".into())],
    )
    .unwrap();
    let el: HtmlFormElement = form.to_element(&other).unwrap();
    assert!(el.owner_document().unwrap() == other);
    assert_eq!(inputs(&el), vec![("PaReq".to_owned(), "eJx=".to_owned())]);
}

/// Parses `html` with a `<template>` (inert: nothing runs, nothing loads).
fn parse(html: &str) -> web_sys::DocumentFragment {
    let t: HtmlTemplateElement = document()
        .create_element("template")
        .unwrap()
        .dyn_into()
        .unwrap();
    t.set_inner_html(html);
    t.content()
}

fn tags(fragment: &web_sys::DocumentFragment) -> Vec<String> {
    let all = fragment.query_selector_all("*").unwrap();
    (0..all.length())
        .map(|i| {
            all.item(i)
                .unwrap()
                .dyn_into::<Element>()
                .unwrap()
                .tag_name()
                .to_lowercase()
        })
        .collect()
}

#[wasm_bindgen_test]
fn to_html_parses_back_to_the_same_fields() {
    let form = hostile_form();
    for (i, label) in HOSTILE.iter().enumerate() {
        let options = RenderOptions {
            button_label: Some((*label).to_owned()),
            target: Some(["_self", "_blank", "frame-1"][i % 3].into()),
            ..Default::default()
        };
        let fragment = parse(&form.to_html(&options).unwrap());
        let mut expected = vec!["form".to_owned()];
        expected.extend(std::iter::repeat_n("input".to_owned(), form.fields().len()));
        expected.push("button".into());
        assert_eq!(tags(&fragment), expected);
        let el = fragment.query_selector("form").unwrap().unwrap();
        assert_eq!(el.get_attribute("action").unwrap(), form.action());
        assert_eq!(inputs(&el), form.fields());
        let button = fragment.query_selector("button").unwrap().unwrap();
        assert_eq!(button.text_content().unwrap(), *label);
        // No attribute other than the ones kassa writes.
        let names = el.get_attribute_names();
        assert!(names.length() <= 6, "{:?}", names);
    }
}

#[wasm_bindgen_test]
fn auto_submit_adds_only_the_nonced_script() {
    let form = hostile_form();
    let html = form
        .to_html(&RenderOptions {
            auto_submit: true,
            nonce: Some("bm9uY2UtMTIz".into()),
            button_label: Some(HOSTILE[0].into()),
            target: None,
        })
        .unwrap();
    let fragment = parse(&html);
    let scripts = fragment.query_selector_all("script").unwrap();
    assert_eq!(scripts.length(), 1);
    let script: Element = scripts.item(0).unwrap().dyn_into().unwrap();
    assert_eq!(
        script.get_attribute("nonce").as_deref(),
        Some("bm9uY2UtMTIz")
    );
    let form_el = fragment.query_selector("form").unwrap().unwrap();
    assert!(script.previous_element_sibling().unwrap() == form_el);
    assert_eq!(inputs(&form_el), form.fields());
    assert!(
        fragment
            .query_selector("noscript > button")
            .unwrap()
            .is_some()
            || form_el.query_selector("noscript").unwrap().is_some()
    );
}

#[wasm_bindgen_test]
fn to_element_in_an_iframe_document() {
    // Another realm: its functions are not `instanceof Function` here, and still work.
    let frame = document().create_element("iframe").unwrap();
    document().body().unwrap().append_child(&frame).unwrap();
    let doc: Document = js_sys::Reflect::get(&frame, &"contentDocument".into())
        .unwrap()
        .unchecked_into();
    let form = hostile_form();
    let el = form.to_element(&doc).unwrap();
    assert!(el.owner_document().unwrap() == doc);
    assert_eq!(inputs(&el), form.fields());
    frame.remove();
}

#[wasm_bindgen_test]
fn hostile_documents_are_dom_errors() {
    let form = hostile_form();
    let throwing = js_sys::Function::new_with_args("", "throw new TypeError('nope')");
    let fake = js_sys::Object::new();
    js_sys::Reflect::set(&fake, &"createElement".into(), &throwing).unwrap();
    let e = form
        .to_element(fake.unchecked_ref::<Document>())
        .unwrap_err();
    assert_eq!(e.code(), kassa::ErrorCode::DomError);
    assert!(e.message().contains("\"nope\""), "{e}");
    let empty = js_sys::Object::new();
    let e = form.submit_in(empty.unchecked_ref(), None).unwrap_err();
    assert_eq!(e.code(), kassa::ErrorCode::DomError);
}
