//! Building a [`PaymentForm`] as DOM nodes and submitting it, with web-sys (wasm32 only). Also
//! usable directly by Rust frontends (Leptos, Yew, ...); JavaScript reaches it through
//! `PaymentForm.toElement` / `submit`.

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, HtmlFormElement};

use super::{check_target, PaymentForm};

impl PaymentForm {
    /// A detached `<form>` of `document` with one hidden input per field, in order, and no button.
    /// Attributes are set with `setAttribute`, so no value is ever parsed as markup. Errors are
    /// the DOM's own exceptions.
    pub fn to_element(&self, document: &Document) -> Result<HtmlFormElement, JsValue> {
        build(self, document)
    }

    /// Builds the form in `document`, appends it (hidden) to the body and submits it: a real
    /// navigation of `target` (default the current page). A bad target is
    /// [`SubmitError::Kassa`] (`INVALID_ARGUMENT`), a DOM exception [`SubmitError::Dom`].
    pub fn submit_in(&self, document: &Document, target: Option<&str>) -> Result<(), SubmitError> {
        if let Some(t) = target {
            check_target(t).map_err(SubmitError::Kassa)?;
        }
        let element = build(self, document).map_err(SubmitError::Dom)?;
        submit(&element, document, target).map_err(SubmitError::Dom)
    }
}

/// Why [`PaymentForm::submit_in`] failed.
#[derive(Debug)]
pub enum SubmitError {
    /// A bad argument (the target).
    Kassa(crate::Error),
    /// The DOM threw.
    Dom(JsValue),
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
