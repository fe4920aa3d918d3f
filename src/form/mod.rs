//! The form-POST model `{action, method, enctype, fields}` the redirect builders produce, and its
//! safe HTML rendering.
//!
//! A [`PaymentForm`] can only be made through [`PaymentForm::new`], which checks the action URL
//! ([`crate::http::url::check_url`]) and every field name and value ([`fields`]: limits, duplicates, URL
//! fields, script URLs); rendering ([`PaymentForm::to_html`]) escapes
//! every attribute and text. So a form that exists is safe to render or submit.

#[cfg(target_arch = "wasm32")]
mod dom;
pub(crate) mod escape;
pub mod fields;
mod render;

pub use crate::http::url::UrlPolicy;
pub use escape::escape_html;
pub(crate) use escape::{short, Quoted};
pub use fields::{MAX_FIELDS, MAX_FORM_BYTES};
pub use render::{
    check_target, submit_target, RenderOptions, DEFAULT_BUTTON_LABEL, SUBMIT_OPTIONS,
};

use crate::Result;

/// The one encoding type the gateways' forms use.
pub const FORM_URLENCODED: &str = "application/x-www-form-urlencoded";

/// A form POST that sends the buyer's browser to a hosted page (payment form, 3-D Secure ACS).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentForm {
    action: String,
    fields: Vec<(String, String)>,
}

impl PaymentForm {
    /// A form posting `fields` (in this order) to `action`.
    ///
    /// Every field goes through [`fields::check_fields`] (limits, names, duplicates, URL fields,
    /// script URLs in values; see the rules in [`fields`]), and the action through
    /// [`crate::http::url::check_url`].
    ///
    /// Errors: `TOO_MANY_PARAMETERS` (more than [`MAX_FIELDS`] fields), `PAYLOAD_TOO_LARGE` (more
    /// than [`MAX_FORM_BYTES`] of names and values, or an over-long URL); `INVALID_URL` /
    /// `INSECURE_URL` for the action, a URL field or a script URL in a value; `INVALID_ARGUMENT`
    /// for an empty field name or a control character in a name or value; `DUPLICATE_PARAMETER`
    /// when a name occurs twice.
    pub fn new(action: &str, policy: UrlPolicy, fields: Vec<(String, String)>) -> Result<Self> {
        fields::check_limits(fields.len(), fields::size_of(&fields))?;
        crate::http::url::check_url(action, "the form action", policy)?;
        fields::check_fields(&fields, policy)?;
        Ok(Self {
            action: action.to_owned(),
            fields,
        })
    }

    /// The absolute URL the form posts to.
    pub fn action(&self) -> &str {
        &self.action
    }

    /// Always `"POST"`.
    pub fn method(&self) -> &'static str {
        "POST"
    }

    /// Always `application/x-www-form-urlencoded`.
    pub fn enctype(&self) -> &'static str {
        FORM_URLENCODED
    }

    /// The hidden fields, in the order they are sent.
    pub fn fields(&self) -> &[(String, String)] {
        &self.fields
    }
}
