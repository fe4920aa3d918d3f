//! Exported redirect builders (`cashierPaymentForm`, `rbs3dsForm`, `rbs3ds2ChallengeForm`,
//! `rbs3dsMethodForm`, `rbsAcsRedirectUrl`) and the `PaymentForm` class. Conversion only: the
//! checks and the HTML live in `crate::form`, `crate::cashier::forms` and `crate::rbs::forms`.

use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::Document;

use super::error::{IntoJs, JsResult};
use super::read::read;
use crate::cashier::forms::{cashier_payment_form, CashierFormInput};
use crate::form::{self, RenderOptions};
use crate::options::spec;
use crate::rbs::forms::{
    rbs_3ds2_challenge_form, rbs_3ds_form, rbs_3ds_method_form, rbs_acs_redirect_url_from,
    Rbs3ds2ChallengeInput, Rbs3dsInput, Rbs3dsMethodInput, ACS_REDIRECT_OPTIONS,
};
use crate::{Error, ErrorCode};

/// A form POST to a hosted payment page or 3-D Secure ACS. Made by the builders; render it with
/// `toHtml`, build it in a DOM with `toElement`, or `submit` it.
#[wasm_bindgen(js_name = PaymentForm)]
pub struct JsPaymentForm {
    inner: form::PaymentForm,
}

/// Each builder: the options read into a plain tree, the core's reading of it (`from_options`),
/// the core's builder, one conversion to JS. (The docs are plain `doc` strings: wasm-bindgen
/// copies them into the TypeScript, which it cannot do for the raw strings `///` becomes here.)
macro_rules! builders {
    ($($js:ident $name:ident($ts:tt) => $input:ident, $build:ident $(, $doc:tt)*;)*) => {$(
        $(#[doc = $doc])*
        #[wasm_bindgen(js_name = $js)]
        pub fn $name(
            #[wasm_bindgen(unchecked_param_type = $ts)] options: JsValue,
        ) -> JsResult<JsPaymentForm> {
            $input::from_options(&read(&options, &spec($input::OPTIONS)))
                .and_then(|i| $build(&i))
                .map(|inner| JsPaymentForm { inner })
                .js()
        }
    )*};
}

builders! {
    cashierPaymentForm cashier_payment_form_js("CashierPaymentFormOptions")
        => CashierFormInput, cashier_payment_form,
        " The Mobile Cashier payment form: POST to `https://payment.{domain}/{externalOrderId}` with",
        " the hidden `successUrl` and `failUrl` and the extra `fields`, in order.";
    rbs3dsForm rbs_3ds_form_js("Rbs3dsFormOptions") => Rbs3dsInput, rbs_3ds_form,
        " The RBS 3-D Secure 1 form: POST `PaReq`, `MD`, `TermUrl` to `acsUrl`.";
    rbs3ds2ChallengeForm rbs_3ds2_challenge_form_js("Rbs3ds2ChallengeFormOptions")
        => Rbs3ds2ChallengeInput, rbs_3ds2_challenge_form,
        " The RBS 3-D Secure 2 challenge form: POST `creq` (and `threeDSSessionData`) to `acsUrl`.";
    rbs3dsMethodForm rbs_3ds_method_form_js("Rbs3dsMethodFormOptions")
        => Rbs3dsMethodInput, rbs_3ds_method_form,
        " The RBS 3DS Method form: POST `threeDSMethodData` to `threeDSMethodURL`, meant for a hidden",
        " iframe (`submit({ target: iframeName })`).";
}

/// The RBS `acsRedirect.do?orderId=...` URL (a plain navigation to the ACS).
#[wasm_bindgen(js_name = rbsAcsRedirectUrl)]
pub fn rbs_acs_redirect_url_js(
    #[wasm_bindgen(unchecked_param_type = "RbsAcsRedirectUrlOptions")] options: JsValue,
) -> JsResult<String> {
    rbs_acs_redirect_url_from(&read(&options, &spec(ACS_REDIRECT_OPTIONS))).js()
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

    /// `toHtml`: the form as an HTML fragment (typed in `types/forms.d.ts`, as the next two).
    #[wasm_bindgen(skip_typescript, js_name = toHtml)]
    pub fn to_html(&self, options: Option<JsValue>) -> JsResult<String> {
        let tree = read(&options.unwrap_or_default(), &spec(RenderOptions::OPTIONS));
        RenderOptions::from_options(&tree)
            .and_then(|o| self.inner.to_html(&o))
            .js()
    }

    /// `toElement`: the form as an `HTMLFormElement` of `document` or the page's.
    #[wasm_bindgen(skip_typescript, js_name = toElement)]
    pub fn to_element(&self, document: Option<JsValue>) -> JsResult<JsValue> {
        let document = match document.filter(|d| !d.is_undefined() && !d.is_null()) {
            Some(d) if d.is_object() => d.unchecked_into(),
            Some(_) => {
                return Err(error(
                    ErrorCode::InvalidArgument,
                    "toElement: document must be a Document (or left out for the page's own)",
                ))
            }
            None => global_document()?,
        };
        self.inner.to_element(&document).map(JsValue::from).js()
    }

    /// `submit`: builds the form in the page's `document` and submits it.
    #[wasm_bindgen(skip_typescript)]
    pub fn submit(&self, options: Option<JsValue>) -> JsResult<()> {
        let tree = read(&options.unwrap_or_default(), &spec(form::SUBMIT_OPTIONS));
        let target = form::submit_target(&tree).js()?;
        let document = global_document()?;
        self.inner.submit_in(&document, target.as_deref()).js()
    }
}

fn error(code: ErrorCode, message: &str) -> JsValue {
    super::error::to_js(Error::new(code, message))
}

/// The page's `document`: an object with `createElement`, else `UNSUPPORTED_RUNTIME`.
fn global_document() -> JsResult<Document> {
    let doc = Reflect::get(&js_sys::global(), &"document".into()).unwrap_or_default();
    if doc.is_object() && Reflect::get(&doc, &"createElement".into()).is_ok_and(|f| f.is_function())
    {
        return Ok(doc.unchecked_into());
    }
    Err(error(
        ErrorCode::UnsupportedRuntime,
        "there is no global document here (not a browser page): pass a Document to toElement, \
         or use toHtml",
    ))
}
