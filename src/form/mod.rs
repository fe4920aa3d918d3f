//! The form-POST model `{action, method, enctype, fields}` the redirect builders produce, and its
//! safe HTML rendering.
//!
//! A [`PaymentForm`] can only be made through [`PaymentForm::new`], which checks the action URL
//! ([`url::check_url`]) and every field name and value; rendering ([`PaymentForm::to_html`]) escapes
//! every attribute and text. So a form that exists is safe to render or submit.

#[cfg(target_arch = "wasm32")]
mod dom;
mod escape;
mod render;
pub mod url;

#[cfg(target_arch = "wasm32")]
pub use escape::escape_html;
pub(crate) use escape::Quoted;
pub use render::{check_target, RenderOptions, DEFAULT_BUTTON_LABEL};
pub use url::UrlPolicy;

use crate::{Error, ErrorCode, Result};

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
    /// Errors: `INVALID_URL` / `INSECURE_URL` for the action (see [`url::check_url`]);
    /// `INVALID_ARGUMENT` for an empty field name or a control character in a name or value;
    /// `DUPLICATE_PARAMETER` when a name occurs twice.
    pub fn new(action: &str, policy: UrlPolicy, fields: Vec<(String, String)>) -> Result<Self> {
        url::check_url(action, "the form action", policy)?;
        for (i, (name, value)) in fields.iter().enumerate() {
            if name.is_empty() {
                return Err(Error::new(
                    ErrorCode::InvalidArgument,
                    format!("form field #{} has an empty name", i + 1),
                ));
            }
            escape::check_text(name, || format!("the name of form field {}", Quoted(name)))?;
            escape::check_text(value, || {
                format!("the value of form field {}", Quoted(name))
            })?;
            if fields[..i].iter().any(|(n, _)| n == name) {
                return Err(Error::new(
                    ErrorCode::DuplicateParameter,
                    format!(
                        "form field {} is given twice; pass each field once",
                        Quoted(name)
                    ),
                ));
            }
        }
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
