//! Exported redirect builders (`cashierPaymentForm`, `rbs3dsForm`, `rbs3ds2ChallengeForm`,
//! `rbs3dsMethodForm`, `rbsAcsRedirectUrl`) and the `PaymentForm` class. Conversion only: the
//! checks and the HTML live in `crate::form`, `crate::cashier::forms` and `crate::rbs::forms`.

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::{Document, HtmlFormElement};

use super::error::{IntoJs, JsResult};
use super::forms_args as args;
use crate::cashier::forms::{cashier_payment_form, CashierFormInput};
use crate::form::{self, RenderOptions};
use crate::rbs::forms::{
    rbs_3ds2_challenge_form, rbs_3ds_form, rbs_3ds_method_form, rbs_acs_redirect_url,
    Rbs3ds2ChallengeInput, Rbs3dsInput, Rbs3dsMethodInput, RbsGateway,
};
use crate::{Error, ErrorCode};

#[wasm_bindgen(typescript_custom_section)]
const FORMS_TS: &'static str = r#"
/** Options of {@link cashierPaymentForm} (Mobile Cashier "Payment Form"). */
export interface CashierPaymentFormOptions {
  /** The Mobile Cashier domain as a bare hostname, e.g. `"example.com"`: the form posts to `https://payment.{domain}/{externalOrderId}`. */
  domain: string;
  /** The `externalOrderId` the order-creation call returned (sent as one percent-encoded path segment). */
  externalOrderId: string;
  /** Absolute https URL the buyer returns to after a successful payment (hidden field `successUrl`). */
  successUrl?: string;
  /** Absolute https URL the buyer returns to after a failed payment (hidden field `failUrl`). */
  failUrl?: string;
  /** More hidden fields, sent after successUrl and failUrl: pairs keep their order; an object uses its key order. */
  fields?: Array<[string, string]> | Record<string, string>;
  /** Accept `localhost[:PORT]` / `127.0.0.1:PORT` as the domain and local http URLs (a local emulator). Default false. */
  allowInsecureLocalhost?: boolean;
}

/** Options of {@link rbs3dsForm}: paymentorder.do's 3-D Secure 1 answer. */
export interface Rbs3dsFormOptions {
  /** `acsUrl` from paymentorder.do. */
  acsUrl: string;
  /** `paReq` from paymentorder.do (sent as `PaReq`). */
  paReq: string;
  /** Merchant data the ACS echoes back, usually the order id (sent as `MD`). */
  md: string;
  /** `termUrl` from paymentorder.do (sent as `TermUrl`). */
  termUrl: string;
  /** Accept http URLs to localhost / 127.0.0.1 (a local emulator). Default false. */
  allowInsecureLocalhost?: boolean;
}

/** Options of {@link rbs3ds2ChallengeForm}: paymentorder.do's 3-D Secure 2 challenge answer. */
export interface Rbs3ds2ChallengeFormOptions {
  /** `acsUrl` from paymentorder.do. */
  acsUrl: string;
  /** `packedCReq` from paymentorder.do (sent as `creq`). */
  creq: string;
  /** Optional session data the ACS returns with the result (sent as `threeDSSessionData`). */
  threeDSSessionData?: string;
  /** Accept http URLs to localhost / 127.0.0.1 (a local emulator). Default false. */
  allowInsecureLocalhost?: boolean;
}

/** Options of {@link rbs3dsMethodForm}: paymentorder.do's first 3-D Secure 2 answer. */
export interface Rbs3dsMethodFormOptions {
  /** `threeDSMethodURL` from paymentorder.do. */
  threeDSMethodURL: string;
  /** `threeDSMethodDataPacked` from paymentorder.do (sent as `threeDSMethodData`). */
  threeDSMethodData: string;
  /** Accept http URLs to localhost / 127.0.0.1 (a local emulator). Default false. */
  allowInsecureLocalhost?: boolean;
}

/** Options of {@link rbsAcsRedirectUrl}: a gateway (by base URL or environment) and the order id. */
export type RbsAcsRedirectUrlOptions =
  | {
      /** The gateway's API URL (`https://host/payment/rest/`) or payment root (`https://host/payment/`). */
      baseUrl: string;
      environment?: never;
      /** The orderId register.do returned. */
      orderId: string;
      /** Accept an http baseUrl to localhost / 127.0.0.1 (a local emulator). Default false. */
      allowInsecureLocalhost?: boolean;
    }
  | {
      /** VTB's test (`https://vtb.rbsuat.com`) or production (`https://platezh.vtb24.ru`) gateway. */
      environment: 'test' | 'production';
      baseUrl?: never;
      /** The orderId register.do returned. */
      orderId: string;
      allowInsecureLocalhost?: boolean;
    };

/** Options of {@link PaymentForm.toHtml}. */
export interface PaymentFormHtmlOptions {
  /** Add an inline script that submits the form at once; needs `nonce`. The button then sits in `<noscript>`. */
  autoSubmit?: boolean;
  /** The page's CSP nonce (`script-src 'nonce-...'`) for the autoSubmit script. */
  nonce?: string;
  /** The submit button's text. Default "Continue". */
  buttonLabel?: string;
  /** The form's target: `_self`, `_blank`, `_parent`, `_top` or a frame name. */
  target?: string;
}

/** Options of {@link PaymentForm.submit}. */
export interface PaymentFormSubmitOptions {
  /** Where to navigate: `_self` (default), `_blank`, `_parent`, `_top` or a frame name (e.g. a hidden 3DS Method iframe). */
  target?: string;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// `PaymentFormHtmlOptions` (an extern type so the parameter is optional in the .d.ts).
    #[wasm_bindgen(typescript_type = "PaymentFormHtmlOptions")]
    pub type HtmlOptions;
    /// `PaymentFormSubmitOptions`.
    #[wasm_bindgen(typescript_type = "PaymentFormSubmitOptions")]
    pub type SubmitOptions;
}

/// A form POST to a hosted payment page or 3-D Secure ACS. Made by the builders; render it with
/// `toHtml`, build it in a DOM with `toElement`, or `submit` it.
#[wasm_bindgen(js_name = PaymentForm)]
pub struct JsPaymentForm {
    inner: form::PaymentForm,
}

fn wrap(result: crate::Result<form::PaymentForm>) -> JsResult<JsPaymentForm> {
    result.map(|inner| JsPaymentForm { inner }).js()
}

/// The Mobile Cashier payment form: POST to `https://payment.{domain}/{externalOrderId}` with the
/// hidden `successUrl` and `failUrl` and the extra `fields`, in order.
#[wasm_bindgen(js_name = cashierPaymentForm)]
pub fn cashier_payment_form_js(
    #[wasm_bindgen(unchecked_param_type = "CashierPaymentFormOptions")] options: JsValue,
) -> JsResult<JsPaymentForm> {
    const W: &str = "cashierPaymentForm";
    let keys = [
        "domain",
        "externalOrderId",
        "successUrl",
        "failUrl",
        "fields",
        "allowInsecureLocalhost",
    ];
    let o = args::options(&options, W, &keys).js()?;
    let input = CashierFormInput {
        domain: args::string(&o, "domain", W).js()?,
        external_order_id: args::string(&o, "externalOrderId", W).js()?,
        success_url: args::opt_string(&o, "successUrl", W).js()?,
        fail_url: args::opt_string(&o, "failUrl", W).js()?,
        fields: args::fields(&o, "fields", W).js()?,
        allow_insecure_localhost: args::flag(&o, "allowInsecureLocalhost", W).js()?,
    };
    wrap(cashier_payment_form(&input))
}

/// The RBS 3-D Secure 1 form: POST `PaReq`, `MD`, `TermUrl` to `acsUrl`.
#[wasm_bindgen(js_name = rbs3dsForm)]
pub fn rbs_3ds_form_js(
    #[wasm_bindgen(unchecked_param_type = "Rbs3dsFormOptions")] options: JsValue,
) -> JsResult<JsPaymentForm> {
    const W: &str = "rbs3dsForm";
    let keys = ["acsUrl", "paReq", "md", "termUrl", "allowInsecureLocalhost"];
    let o = args::options(&options, W, &keys).js()?;
    let input = Rbs3dsInput {
        acs_url: args::string(&o, "acsUrl", W).js()?,
        pa_req: args::string(&o, "paReq", W).js()?,
        md: args::string(&o, "md", W).js()?,
        term_url: args::string(&o, "termUrl", W).js()?,
        allow_insecure_localhost: args::flag(&o, "allowInsecureLocalhost", W).js()?,
    };
    wrap(rbs_3ds_form(&input))
}

/// The RBS 3-D Secure 2 challenge form: POST `creq` (and `threeDSSessionData`) to `acsUrl`.
#[wasm_bindgen(js_name = rbs3ds2ChallengeForm)]
pub fn rbs_3ds2_challenge_form_js(
    #[wasm_bindgen(unchecked_param_type = "Rbs3ds2ChallengeFormOptions")] options: JsValue,
) -> JsResult<JsPaymentForm> {
    const W: &str = "rbs3ds2ChallengeForm";
    let keys = [
        "acsUrl",
        "creq",
        "threeDSSessionData",
        "allowInsecureLocalhost",
    ];
    let o = args::options(&options, W, &keys).js()?;
    let input = Rbs3ds2ChallengeInput {
        acs_url: args::string(&o, "acsUrl", W).js()?,
        creq: args::string(&o, "creq", W).js()?,
        three_ds_session_data: args::opt_string(&o, "threeDSSessionData", W).js()?,
        allow_insecure_localhost: args::flag(&o, "allowInsecureLocalhost", W).js()?,
    };
    wrap(rbs_3ds2_challenge_form(&input))
}

/// The RBS 3DS Method form: POST `threeDSMethodData` to `threeDSMethodURL`, meant for a hidden
/// iframe (`submit({ target: iframeName })`).
#[wasm_bindgen(js_name = rbs3dsMethodForm)]
pub fn rbs_3ds_method_form_js(
    #[wasm_bindgen(unchecked_param_type = "Rbs3dsMethodFormOptions")] options: JsValue,
) -> JsResult<JsPaymentForm> {
    const W: &str = "rbs3dsMethodForm";
    let keys = [
        "threeDSMethodURL",
        "threeDSMethodData",
        "allowInsecureLocalhost",
    ];
    let o = args::options(&options, W, &keys).js()?;
    let input = Rbs3dsMethodInput {
        three_ds_method_url: args::string(&o, "threeDSMethodURL", W).js()?,
        three_ds_method_data: args::string(&o, "threeDSMethodData", W).js()?,
        allow_insecure_localhost: args::flag(&o, "allowInsecureLocalhost", W).js()?,
    };
    wrap(rbs_3ds_method_form(&input))
}

/// The RBS `acsRedirect.do?orderId=...` URL (a plain navigation to the ACS).
#[wasm_bindgen(js_name = rbsAcsRedirectUrl)]
pub fn rbs_acs_redirect_url_js(
    #[wasm_bindgen(unchecked_param_type = "RbsAcsRedirectUrlOptions")] options: JsValue,
) -> JsResult<String> {
    const W: &str = "rbsAcsRedirectUrl";
    let keys = [
        "baseUrl",
        "environment",
        "orderId",
        "allowInsecureLocalhost",
    ];
    let o = args::options(&options, W, &keys).js()?;
    let base = args::opt_string(&o, "baseUrl", W).js()?;
    let env = args::opt_string(&o, "environment", W).js()?;
    let gateway = match (base, env) {
        (Some(b), None) => RbsGateway::BaseUrl(b),
        (None, Some(e)) => RbsGateway::from_environment(&e).js()?,
        _ => {
            return Err(super::error::to_js(Error::new(
                ErrorCode::InvalidArgument,
                "rbsAcsRedirectUrl: pass exactly one of baseUrl and environment ('test' | 'production')",
            )))
        }
    };
    let order_id = args::string(&o, "orderId", W).js()?;
    let allow = args::flag(&o, "allowInsecureLocalhost", W).js()?;
    rbs_acs_redirect_url(&gateway, &order_id, allow).js()
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
    #[wasm_bindgen(getter)]
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
    pub fn to_html(&self, options: Option<HtmlOptions>) -> JsResult<String> {
        const W: &str = "toHtml";
        let keys = ["autoSubmit", "nonce", "buttonLabel", "target"];
        let o = args::options(&options.into(), W, &keys).js()?;
        let opts = RenderOptions {
            auto_submit: args::flag(&o, "autoSubmit", W).js()?,
            nonce: args::opt_string(&o, "nonce", W).js()?,
            button_label: args::opt_string(&o, "buttonLabel", W).js()?,
            target: args::opt_string(&o, "target", W).js()?,
        };
        self.inner.to_html(&opts).js()
    }

    /// The form as an `HTMLFormElement` of `document` (default: the global `document`), with its
    /// hidden inputs and no button; not attached to the page.
    #[wasm_bindgen(js_name = toElement)]
    pub fn to_element(&self, document: Option<Document>) -> JsResult<HtmlFormElement> {
        let document = match document {
            Some(d) => d,
            None => global_document()?,
        };
        self.inner.to_element(&document)
    }

    /// Builds the form in the global `document`, appends it (hidden) to the body and submits it:
    /// a real navigation of `target` (default the current page).
    pub fn submit(&self, options: Option<SubmitOptions>) -> JsResult<()> {
        let o = args::options(&options.into(), "submit", &["target"]).js()?;
        let target = args::opt_string(&o, "target", "submit").js()?;
        if let Some(t) = &target {
            form::check_target(t).js()?;
        }
        let document = global_document()?;
        self.inner
            .submit_in(&document, target.as_deref())
            .map_err(|e| match e {
                form::SubmitError::Kassa(e) => super::error::to_js(e),
                form::SubmitError::Dom(v) => v,
            })
    }
}

fn global_document() -> JsResult<Document> {
    let doc = Reflect::get(&js_sys::global(), &JsValue::from_str("document")).unwrap_or_default();
    let usable = doc.is_object()
        && Reflect::get(&doc, &JsValue::from_str("createElement"))
            .is_ok_and(|f| f.is_instance_of::<Function>());
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
