//! Exported redirect builders (`cashierPaymentForm`, `rbs3dsForm`, `rbs3ds2ChallengeForm`,
//! `rbs3dsMethodForm`, `rbsAcsRedirectUrl`) and the `PaymentForm` class. Conversion only: the
//! checks and the HTML live in `crate::form`, `crate::cashier::forms` and `crate::rbs::forms`.

use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::Document;

use super::error::{IntoJs, JsResult};
use super::forms_args::{self as args, Max};
use crate::cashier::forms::{cashier_payment_form, CashierFormInput};
use crate::form::{self, RenderOptions};
use crate::rbs::forms::{
    rbs_3ds2_challenge_form, rbs_3ds_form, rbs_3ds_method_form, rbs_acs_redirect_url,
    Rbs3ds2ChallengeInput, Rbs3dsInput, Rbs3dsMethodInput, RbsGateway,
};
use crate::{Error, ErrorCode};

/// A form POST to a hosted payment page or 3-D Secure ACS. Made by the builders; render it with
/// `toHtml`, build it in a DOM with `toElement`, or `submit` it.
#[wasm_bindgen(js_name = PaymentForm)]
pub struct JsPaymentForm {
    inner: form::PaymentForm,
}

fn wrap(result: crate::Result<form::PaymentForm>) -> JsResult<JsPaymentForm> {
    result.map(|inner| JsPaymentForm { inner }).js()
}

// Each export reads its options into the core's input type (errors as `crate::Error`), calls the
// core, and converts to JS once: one conversion site per export keeps the module small. Every
// parameter is a `JsValue` (wasm-bindgen's own conversions cannot fail on it) read through the
// checked readers of forms_args.rs.

/// The Mobile Cashier payment form: POST to `https://payment.{domain}/{externalOrderId}` with the
/// hidden `successUrl` and `failUrl` and the extra `fields`, in order.
#[wasm_bindgen(js_name = cashierPaymentForm)]
pub fn cashier_payment_form_js(
    #[wasm_bindgen(unchecked_param_type = "CashierPaymentFormOptions")] options: JsValue,
) -> JsResult<JsPaymentForm> {
    wrap(read_cashier(&options).and_then(|input| cashier_payment_form(&input)))
}

fn read_cashier(options: &JsValue) -> crate::Result<CashierFormInput> {
    const W: &str = "cashierPaymentForm";
    let keys = [
        "domain",
        "externalOrderId",
        "successUrl",
        "failUrl",
        "fields",
        "allowInsecureLocalhost",
    ];
    let o = args::options(options, W, &keys)?;
    Ok(CashierFormInput {
        domain: args::string(&o, "domain", W, Max::Url)?,
        external_order_id: args::string(&o, "externalOrderId", W, Max::Url)?,
        success_url: args::opt_string(&o, "successUrl", W, Max::Url)?,
        fail_url: args::opt_string(&o, "failUrl", W, Max::Url)?,
        fields: args::fields(&o, "fields", W)?,
        allow_insecure_localhost: args::flag(&o, "allowInsecureLocalhost", W)?,
    })
}

/// The RBS 3-D Secure 1 form: POST `PaReq`, `MD`, `TermUrl` to `acsUrl`.
#[wasm_bindgen(js_name = rbs3dsForm)]
pub fn rbs_3ds_form_js(
    #[wasm_bindgen(unchecked_param_type = "Rbs3dsFormOptions")] options: JsValue,
) -> JsResult<JsPaymentForm> {
    wrap(read_3ds(&options).and_then(|input| rbs_3ds_form(&input)))
}

fn read_3ds(options: &JsValue) -> crate::Result<Rbs3dsInput> {
    const W: &str = "rbs3dsForm";
    let keys = ["acsUrl", "paReq", "md", "termUrl", "allowInsecureLocalhost"];
    let o = args::options(options, W, &keys)?;
    Ok(Rbs3dsInput {
        acs_url: args::string(&o, "acsUrl", W, Max::Url)?,
        pa_req: args::string(&o, "paReq", W, Max::Data)?,
        md: args::string(&o, "md", W, Max::Data)?,
        term_url: args::string(&o, "termUrl", W, Max::Url)?,
        allow_insecure_localhost: args::flag(&o, "allowInsecureLocalhost", W)?,
    })
}

/// The RBS 3-D Secure 2 challenge form: POST `creq` (and `threeDSSessionData`) to `acsUrl`.
#[wasm_bindgen(js_name = rbs3ds2ChallengeForm)]
pub fn rbs_3ds2_challenge_form_js(
    #[wasm_bindgen(unchecked_param_type = "Rbs3ds2ChallengeFormOptions")] options: JsValue,
) -> JsResult<JsPaymentForm> {
    wrap(read_challenge(&options).and_then(|input| rbs_3ds2_challenge_form(&input)))
}

fn read_challenge(options: &JsValue) -> crate::Result<Rbs3ds2ChallengeInput> {
    const W: &str = "rbs3ds2ChallengeForm";
    let keys = [
        "acsUrl",
        "creq",
        "threeDSSessionData",
        "allowInsecureLocalhost",
    ];
    let o = args::options(options, W, &keys)?;
    Ok(Rbs3ds2ChallengeInput {
        acs_url: args::string(&o, "acsUrl", W, Max::Url)?,
        creq: args::string(&o, "creq", W, Max::Data)?,
        three_ds_session_data: args::opt_string(&o, "threeDSSessionData", W, Max::Data)?,
        allow_insecure_localhost: args::flag(&o, "allowInsecureLocalhost", W)?,
    })
}

/// The RBS 3DS Method form: POST `threeDSMethodData` to `threeDSMethodURL`, meant for a hidden
/// iframe (`submit({ target: iframeName })`).
#[wasm_bindgen(js_name = rbs3dsMethodForm)]
pub fn rbs_3ds_method_form_js(
    #[wasm_bindgen(unchecked_param_type = "Rbs3dsMethodFormOptions")] options: JsValue,
) -> JsResult<JsPaymentForm> {
    wrap(read_method(&options).and_then(|input| rbs_3ds_method_form(&input)))
}

fn read_method(options: &JsValue) -> crate::Result<Rbs3dsMethodInput> {
    const W: &str = "rbs3dsMethodForm";
    let keys = [
        "threeDSMethodURL",
        "threeDSMethodData",
        "allowInsecureLocalhost",
    ];
    let o = args::options(options, W, &keys)?;
    Ok(Rbs3dsMethodInput {
        three_ds_method_url: args::string(&o, "threeDSMethodURL", W, Max::Url)?,
        three_ds_method_data: args::string(&o, "threeDSMethodData", W, Max::Data)?,
        allow_insecure_localhost: args::flag(&o, "allowInsecureLocalhost", W)?,
    })
}

/// The RBS `acsRedirect.do?orderId=...` URL (a plain navigation to the ACS).
#[wasm_bindgen(js_name = rbsAcsRedirectUrl)]
pub fn rbs_acs_redirect_url_js(
    #[wasm_bindgen(unchecked_param_type = "RbsAcsRedirectUrlOptions")] options: JsValue,
) -> JsResult<String> {
    acs_redirect(&options).js()
}

fn acs_redirect(options: &JsValue) -> crate::Result<String> {
    const W: &str = "rbsAcsRedirectUrl";
    let keys = [
        "baseUrl",
        "environment",
        "orderId",
        "allowInsecureLocalhost",
    ];
    let o = args::options(options, W, &keys)?;
    let base = args::opt_string(&o, "baseUrl", W, Max::Url)?;
    let env = args::opt_string(&o, "environment", W, Max::Short(64))?;
    let gateway = match (base, env) {
        (Some(b), None) => RbsGateway::BaseUrl(b),
        (None, Some(e)) => RbsGateway::from_environment(&e)?,
        _ => {
            return Err(Error::new(
                ErrorCode::InvalidArgument,
                "rbsAcsRedirectUrl: pass exactly one of baseUrl and environment ('test' | 'production')",
            ))
        }
    };
    let order_id = args::string(&o, "orderId", W, Max::Url)?;
    let allow = args::flag(&o, "allowInsecureLocalhost", W)?;
    rbs_acs_redirect_url(&gateway, &order_id, allow)
}

/// The render options of `toHtml` (read before the form is looked at).
fn read_render(options: &JsValue) -> crate::Result<RenderOptions> {
    const W: &str = "toHtml";
    let keys = ["autoSubmit", "nonce", "buttonLabel", "target"];
    let o = args::options(options, W, &keys)?;
    Ok(RenderOptions {
        auto_submit: args::flag(&o, "autoSubmit", W)?,
        nonce: args::opt_string(&o, "nonce", W, Max::Short(1024))?,
        button_label: args::opt_string(&o, "buttonLabel", W, Max::Short(4096))?,
        target: args::opt_string(&o, "target", W, Max::Short(1024))?,
    })
}

/// The target of `submit`, checked before looking for a document, so a bad one is
/// `INVALID_ARGUMENT` in every runtime.
fn read_submit(options: &JsValue) -> crate::Result<Option<String>> {
    let o = args::options(options, "submit", &["target"])?;
    let target = args::opt_string(&o, "target", "submit", Max::Short(1024))?;
    target.as_deref().map(form::check_target).transpose()?;
    Ok(target)
}

#[wasm_bindgen(js_class = PaymentForm)]
impl JsPaymentForm {
    /// The absolute URL the form posts to.
    #[wasm_bindgen(getter)]
    pub fn action(&self) -> String {
        self.inner.action().to_owned()
    }

    /// Always `'POST'`.
    #[wasm_bindgen(getter, unchecked_return_type = "'POST'")]
    pub fn method(&self) -> String {
        self.inner.method().to_owned()
    }

    /// Always `application/x-www-form-urlencoded`.
    #[wasm_bindgen(getter, unchecked_return_type = "'application/x-www-form-urlencoded'")]
    pub fn enctype(&self) -> String {
        self.inner.enctype().to_owned()
    }

    /// The hidden fields in sending order, as a fresh array of `[name, value]` pairs.
    #[wasm_bindgen(getter, unchecked_return_type = "Array<[string, string]>")]
    pub fn fields(&self) -> Array {
        self.inner
            .fields()
            .iter()
            .map(|(n, v)| Array::of2(&JsValue::from_str(n), &JsValue::from_str(v)))
            .collect()
    }

    /// The form as an HTML fragment; every attribute and text escaped; no script unless
    /// `autoSubmit` with the page's CSP `nonce`.
    #[wasm_bindgen(js_name = toHtml)]
    pub fn to_html(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "PaymentFormHtmlOptions")] options: Option<
            JsValue,
        >,
    ) -> JsResult<String> {
        read_render(&options.unwrap_or_default())
            .and_then(|o| self.inner.to_html(&o))
            .js()
    }

    /// The form as an `HTMLFormElement` of `document` (default: the global `document`), with its
    /// hidden inputs and no button; not attached to the page.
    #[wasm_bindgen(js_name = toElement, unchecked_return_type = "HTMLFormElement")]
    pub fn to_element(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "Document")] document: Option<JsValue>,
    ) -> JsResult<JsValue> {
        let document = match document {
            Some(d) if !d.is_undefined() && !d.is_null() => {
                if !d.is_object() {
                    return Err(super::error::to_js(Error::new(
                        ErrorCode::InvalidArgument,
                        "toElement: document must be a Document (or left out for the page's own)",
                    )));
                }
                d.unchecked_into::<Document>()
            }
            _ => global_document()?,
        };
        self.inner.to_element(&document).map(JsValue::from).js()
    }

    /// Builds the form in the global `document`, appends it (hidden) to the body and submits it:
    /// a real navigation of `target` (default the current page).
    pub fn submit(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "PaymentFormSubmitOptions")] options: Option<
            JsValue,
        >,
    ) -> JsResult<()> {
        let target = read_submit(&options.unwrap_or_default()).js()?;
        let document = global_document()?;
        self.inner.submit_in(&document, target.as_deref()).js()
    }
}

fn global_document() -> JsResult<Document> {
    let doc = Reflect::get(&js_sys::global(), &JsValue::from_str("document")).unwrap_or_default();
    let usable = doc.is_object()
        && Reflect::get(&doc, &JsValue::from_str("createElement")).is_ok_and(|f| f.is_function());
    if usable {
        Ok(doc.unchecked_into())
    } else {
        Err(super::error::to_js(Error::new(
            ErrorCode::UnsupportedRuntime,
            "there is no global document here (not a browser page): pass a Document to toElement, \
             or use toHtml",
        )))
    }
}
