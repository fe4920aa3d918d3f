//! Building a [`crate::form::PaymentForm`] as DOM nodes and submitting it (web-sys).

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, HtmlFormElement};

use super::error::JsResult;
use crate::form::PaymentForm;

/// A detached `<form>` of `document` with one hidden input per field, in order. Attributes are
/// set with `setAttribute`, so no value is ever parsed as markup.
pub fn build(form: &PaymentForm, document: &Document) -> JsResult<HtmlFormElement> {
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
pub fn submit(
    element: &HtmlFormElement,
    document: &Document,
    target: Option<&str>,
) -> JsResult<()> {
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
