//! Rendering a [`PaymentForm`] as HTML: every attribute and text escaped, no script unless asked
//! for with a CSP nonce, a submit button always there for browsers without script.

use super::escape::{check_text, escape_html};
use super::PaymentForm;
use crate::options::{Max, Options, Plain};
use crate::{Error, ErrorCode, Result};

/// The label of the submit button when none is given.
pub const DEFAULT_BUTTON_LABEL: &str = "Continue";

/// How [`PaymentForm::to_html`] renders.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// Add an inline script that submits the form at once. Requires [`RenderOptions::nonce`].
    pub auto_submit: bool,
    /// The page's CSP nonce for the auto-submit script (base64 / base64url characters).
    pub nonce: Option<String>,
    /// The submit button's text (default [`DEFAULT_BUTTON_LABEL`]).
    pub button_label: Option<String>,
    /// The form's `target`: `_self`, `_blank`, `_parent`, `_top` or a frame name.
    pub target: Option<String>,
}

impl RenderOptions {
    /// The option names of `toHtml`.
    pub const OPTIONS: &'static [&'static str] = &["autoSubmit", "nonce", "buttonLabel", "target"];

    /// The options of `toHtml` (read with `options::spec(Self::OPTIONS)`).
    pub fn from_options(tree: &Plain) -> Result<Self> {
        let o = Options::strict(tree, "toHtml", Self::OPTIONS)?;
        Ok(Self {
            auto_submit: o.flag("autoSubmit")?,
            nonce: o.opt_string("nonce", Max::Short(1024))?,
            button_label: o.opt_string("buttonLabel", Max::Short(4096))?,
            target: o.opt_string("target", Max::Short(1024))?,
        })
    }
}

/// The option names of `submit`.
pub const SUBMIT_OPTIONS: &[&str] = &["target"];

/// The checked `target` of `submit(options)`.
pub fn submit_target(tree: &Plain) -> Result<Option<String>> {
    let o = Options::strict(tree, "submit", SUBMIT_OPTIONS)?;
    let target = o.opt_string("target", Max::Short(1024))?;
    target.as_deref().map(check_target).transpose()?;
    Ok(target)
}

fn bad(msg: String) -> Error {
    Error::new(ErrorCode::InvalidArgument, msg)
}

/// A CSP nonce: 1..=256 characters of base64 or base64url, at most two trailing `=`.
fn check_nonce(nonce: &str) -> Result<()> {
    let body = crate::text::trim_end_byte(nonce, b'=');
    let ok = !body.is_empty()
        && nonce.len() <= 256
        && nonce.len() - body.len() <= 2
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_'));
    if ok {
        Ok(())
    } else {
        Err(bad(
            "nonce must be the page's CSP nonce: 1 to 256 base64 characters (A-Z a-z 0-9 + / - _, \
             up to two trailing =)"
                .into(),
        ))
    }
}

/// A browsing-context keyword or a frame name of `[A-Za-z0-9_-]` not starting with `_`.
pub fn check_target(target: &str) -> Result<()> {
    let keyword = matches!(target, "_self" | "_blank" | "_parent" | "_top");
    let name = !target.is_empty()
        && target.len() <= 64
        && !target.starts_with('_')
        && target
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'));
    if keyword || name {
        Ok(())
    } else {
        let target = super::Quoted(target);
        Err(bad(format!(
            "target {target} must be _self, _blank, _parent, _top or a frame name of 1 to 64 \
             letters, digits, '-' and '_' (not starting with '_')"
        )))
    }
}

fn check_label(label: &str) -> Result<()> {
    if label.trim().is_empty() || crate::text::char_count(label) > 200 {
        return Err(bad(
            "buttonLabel must be 1 to 200 characters and not only whitespace".into(),
        ));
    }
    check_text(label, || "buttonLabel".into())
}

impl PaymentForm {
    /// The form as an HTML fragment.
    ///
    /// Without `auto_submit` the submit button is visible. With `auto_submit` (which needs a
    /// `nonce`) the button moves into `<noscript>` and an inline script carrying the nonce submits
    /// the form right after it is parsed.
    ///
    /// Errors: `INVALID_ARGUMENT` for `auto_submit` without a nonce, or a malformed nonce, target
    /// or button label.
    pub fn to_html(&self, options: &RenderOptions) -> Result<String> {
        let label = options
            .button_label
            .as_deref()
            .unwrap_or(DEFAULT_BUTTON_LABEL);
        check_label(label)?;
        if let Some(t) = &options.target {
            check_target(t)?;
        }
        let nonce = match (&options.nonce, options.auto_submit) {
            (Some(n), _) => {
                check_nonce(n)?;
                Some(n.as_str())
            }
            (None, true) => {
                return Err(bad(
                    "autoSubmit needs the nonce of the page's Content-Security-Policy \
                     (script-src 'nonce-...'); kassa never emits an inline script without one"
                        .into(),
                ))
            }
            (None, false) => None,
        };
        let mut html = format!(
            "<form action=\"{}\" method=\"POST\" enctype=\"{}\" accept-charset=\"UTF-8\"",
            escape_html(self.action()),
            self.enctype()
        );
        if let Some(t) = &options.target {
            html.push_str(&format!(" target=\"{}\"", escape_html(t)));
            if t == "_blank" {
                html.push_str(" rel=\"noopener\"");
            }
        }
        html.push_str(">\n");
        for (name, value) in self.fields() {
            html.push_str(&format!(
                "<input type=\"hidden\" name=\"{}\" value=\"{}\">\n",
                escape_html(name),
                escape_html(value)
            ));
        }
        let button = format!("<button type=\"submit\">{}</button>", escape_html(label));
        match (options.auto_submit, nonce) {
            (true, Some(nonce)) => {
                html.push_str(&format!("<noscript>{button}</noscript>\n</form>\n"));
                // The script submits the form just before it through the prototype, so a field
                // named "submit" cannot shadow the method.
                html.push_str(&format!(
                    "<script nonce=\"{}\">HTMLFormElement.prototype.submit.call(\
                     document.currentScript.previousElementSibling);</script>\n",
                    escape_html(nonce)
                ));
            }
            _ => html.push_str(&format!("{button}\n</form>\n")),
        }
        Ok(html)
    }
}
