//! Building a [`PaymentForm`] as DOM nodes and submitting it, with web-sys (wasm32 only). Also
//! usable directly by Rust frontends (Leptos, Yew, ...); JavaScript reaches it through
//! `PaymentForm.toElement` / `submit`.

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, HtmlFormElement};

use super::{check_target, PaymentForm};

impl PaymentForm {
    /// A detached `<form>` of `document` with one hidden input per field, in order, and no button.
    /// Attributes are set with `setAttribute`, so no value is ever parsed as markup. A DOM
    /// exception becomes `DOM_ERROR` with the DOM's message.
    pub fn to_element(&self, document: &Document) -> crate::Result<HtmlFormElement> {
        build(self, document).map_err(dom_error("build the form"))
    }

    /// Builds the form in `document`, appends it (hidden) to the body and submits it: a real
    /// navigation of `target` (default the current page). A bad target is `INVALID_ARGUMENT`; a
    /// DOM exception (e.g. a document without a body) is `DOM_ERROR` with the DOM's message.
    pub fn submit_in(&self, document: &Document, target: Option<&str>) -> crate::Result<()> {
        if let Some(t) = target {
            check_target(t)?;
        }
        let element = self.to_element(document)?;
        submit(&element, document, target).map_err(dom_error("submit the form"))
    }
}

/// Maps a DOM exception to kassa's one error type, keeping the DOM's own message.
fn dom_error(what: &'static str) -> impl Fn(JsValue) -> crate::Error {
    move |exception| {
        let detail = exception
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| exception.as_string())
            .unwrap_or_else(|| "no message".to_owned());
        crate::Error::new(
            crate::ErrorCode::DomError,
            format!("the page's DOM refused to {what}: {detail}"),
        )
    }
}

fn build(form: &PaymentForm, document: &Document) -> Result<HtmlFormElement, JsValue> {
    let element = document.create_element("form")?;
    element.set_attribute("action", form.action())?;
    element.set_attribute("method", "post")?;
    element.set_attribute("enctype", form.enctype())?;
    element.set_attribute("accept-charset", "UTF-8")?;
    for (name, value) in form.fields() {
        let input = document.create_element("input")?;
        input.set_attribute("type", "hidden")?;
        input.set_attribute("name", name)?;
        input.set_attribute("value", value)?;
        element.append_child(&input)?;
    }
    Ok(element.unchecked_into())
}

/// Appends `element` (hidden) to the body and submits it. The submit method is taken from the
/// prototype, so a field named `submit` cannot shadow it.
fn submit(
    element: &HtmlFormElement,
    document: &Document,
    target: Option<&str>,
) -> Result<(), JsValue> {
    if let Some(t) = target {
        element.set_attribute("target", t)?;
        if t == "_blank" {
            element.set_attribute("rel", "noopener")?;
        }
    }
    element.set_attribute("hidden", "")?;
    let parent: web_sys::Node = match document.body() {
        Some(body) => body.into(),
        None => match document.document_element() {
            Some(root) => root.into(),
            None => document.clone().into(),
        },
    };
    parent.append_child(element)?;
    let proto = Reflect::get_prototype_of(element)?;
    let method: Function = Reflect::get(&proto, &JsValue::from_str("submit"))?.dyn_into()?;
    method.call0(element)?;
    Ok(())
}
