//! Building a [`PaymentForm`] as DOM nodes and submitting it (wasm32 only). Also usable directly
//! by Rust frontends (Leptos, Yew, ...); JavaScript reaches it through `PaymentForm.toElement` /
//! `submit`.
//!
//! Every DOM call goes through `Reflect.get` and `Function.prototype.call` (`catch` imports), never
//! through web-sys's typed methods, some of which (getters like `document.body`) are not `catch`:
//! a hostile or broken `document` (throwing getters, Proxies, methods that return junk) then
//! gives `DOM_ERROR`, never an exception through wasm frames. Functions are recognised by `typeof`,
//! so a document of another realm (an iframe's) works.

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, HtmlFormElement};

use super::{check_target, PaymentForm};

impl PaymentForm {
    /// A detached `<form>` of `document` with one hidden input per field, in order, and no button.
    /// Attributes are set with `setAttribute`, so no value is ever parsed as markup. A DOM
    /// exception becomes `DOM_ERROR` with the DOM's message.
    pub fn to_element(&self, document: &Document) -> crate::Result<HtmlFormElement> {
        build(self, document)
            .map(JsCast::unchecked_into)
            .map_err(dom_error("build the form"))
    }

    /// Builds the form in `document`, appends it (hidden) to the body and submits it: a real
    /// navigation of `target` (default the current page). A bad target is `INVALID_ARGUMENT`; a
    /// DOM exception (e.g. a document without a body) is `DOM_ERROR` with the DOM's message.
    pub fn submit_in(&self, document: &Document, target: Option<&str>) -> crate::Result<()> {
        if let Some(t) = target {
            check_target(t)?;
        }
        let element = build(self, document).map_err(dom_error("build the form"))?;
        submit(&element, document, target).map_err(dom_error("submit the form"))
    }
}

/// The most characters of a DOM exception's message kept in the error.
const MESSAGE_CHARS: u32 = 300;

/// A string of at most [`MESSAGE_CHARS`] UTF-16 units, measured before it is copied.
fn short_string(v: &JsValue) -> Option<String> {
    if !v.is_string() {
        return None;
    }
    let js: &js_sys::JsString = v.unchecked_ref();
    (js.length() <= MESSAGE_CHARS)
        .then(|| v.as_string())
        .flatten()
}

/// Maps a DOM exception to kassa's one error type, keeping the DOM's own message when it is a
/// short string (read with `catch`; a hostile exception object cannot throw again).
fn dom_error(what: &'static str) -> impl Fn(JsValue) -> crate::Error {
    move |exception| {
        let message = if exception.is_object() {
            Reflect::get(&exception, &JsValue::from_str("message")).unwrap_or_default()
        } else {
            exception
        };
        let detail = short_string(&message).unwrap_or_else(|| "no message".to_owned());
        crate::Error::new(
            crate::ErrorCode::DomError,
            format!(
                "the page's DOM refused to {what}: {}",
                super::Quoted(&detail)
            ),
        )
    }
}

/// `target[method](...args)` through `catch` calls; a missing method is a `TypeError`-like value.
fn call(target: &JsValue, method: &str, args: &[&JsValue]) -> Result<JsValue, JsValue> {
    let f = Reflect::get(target, &JsValue::from_str(method))?;
    if !f.is_function() {
        return Err(JsValue::from_str(&format!("{method} is not a function")));
    }
    let f: &Function = f.unchecked_ref();
    match args {
        [] => f.call0(target),
        [a] => f.call1(target, a),
        [a, b] => f.call2(target, a, b),
        _ => Err(JsValue::from_str("internal: too many arguments")),
    }
}

fn set(element: &JsValue, name: &str, value: &str) -> Result<(), JsValue> {
    call(
        element,
        "setAttribute",
        &[&JsValue::from_str(name), &JsValue::from_str(value)],
    )
    .map(drop)
}

fn create(document: &JsValue, tag: &str) -> Result<JsValue, JsValue> {
    let el = call(document, "createElement", &[&JsValue::from_str(tag)])?;
    if el.is_object() {
        Ok(el)
    } else {
        Err(JsValue::from_str("createElement did not return an element"))
    }
}

fn build(form: &PaymentForm, document: &Document) -> Result<JsValue, JsValue> {
    let document: &JsValue = document.as_ref();
    let element = create(document, "form")?;
    set(&element, "action", form.action())?;
    set(&element, "method", "post")?;
    set(&element, "enctype", form.enctype())?;
    set(&element, "accept-charset", "UTF-8")?;
    for (name, value) in form.fields() {
        let input = create(document, "input")?;
        set(&input, "type", "hidden")?;
        set(&input, "name", name)?;
        set(&input, "value", value)?;
        call(&element, "appendChild", &[&input])?;
    }
    Ok(element)
}

/// Appends `element` (hidden) to the body (else the root element, else the document) and submits
/// it. The submit method is taken from the prototype, so a field named `submit` cannot shadow it.
fn submit(element: &JsValue, document: &Document, target: Option<&str>) -> Result<(), JsValue> {
    let document: &JsValue = document.as_ref();
    if let Some(t) = target {
        set(element, "target", t)?;
        if t == "_blank" {
            set(element, "rel", "noopener")?;
        }
    }
    set(element, "hidden", "")?;
    let mut parent = Reflect::get(document, &JsValue::from_str("body"))?;
    if !parent.is_object() {
        parent = Reflect::get(document, &JsValue::from_str("documentElement"))?;
    }
    if !parent.is_object() {
        parent = document.clone();
    }
    call(&parent, "appendChild", &[element])?;
    let proto = Reflect::get_prototype_of(element)?;
    let method = Reflect::get(&proto, &JsValue::from_str("submit"))?;
    if !method.is_function() {
        return Err(JsValue::from_str("the form has no submit method"));
    }
    method.unchecked_ref::<Function>().call0(element)?;
    Ok(())
}
