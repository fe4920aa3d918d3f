//! `CashierWebhookVerifier`: Mobile Cashier `payment-sign` (RSA-SHA1 over the raw body).

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::error::{to_js, IntoJs, JsResult};
use super::js_read::body_bytes;
use super::read::read;
use super::verify_input::{optional_string, read_request, Shared};
use super::verify_types::{add_diagnosis, cashier_notification, check_result};
use crate::cashier::diagnose;
use crate::cashier::notification::{
    CashierNotification, WebhookVerifier, MAX_SIGNATURE_HEADER, SIGNATURE_HEADER,
};
use crate::options::verifiers::{cashier_verifier, verifier_spec, CASHIER_VERIFIER_OPTIONS};
use crate::Result;

type Inner = Shared<WebhookVerifier>;

/// Verifies Mobile Cashier webhooks. The key is parsed once, in the constructor.
#[wasm_bindgen]
pub struct CashierWebhookVerifier {
    inner: Rc<Inner>,
}

fn arguments(
    core: &WebhookVerifier,
    body: &JsValue,
    payment_sign: &JsValue,
) -> Result<(Vec<u8>, Option<String>)> {
    Ok((
        body_bytes(body, "the webhook body", core.max_payload_bytes())?,
        optional_string(
            payment_sign,
            "paymentSign (the `payment-sign` header)",
            MAX_SIGNATURE_HEADER,
        )?,
    ))
}

/// Reads `{ publicKey?, maxPayloadBytes? }` (or nothing) and builds the core verifier.
fn parse_options(options: &JsValue) -> Result<WebhookVerifier> {
    cashier_verifier(&read(options, &verifier_spec(CASHIER_VERIFIER_OPTIONS)))
}

/// The async path: the core's checks, then its RSA job answered by WebCrypto where present.
async fn verify_async(inner: Rc<Inner>, body: Vec<u8>, sign: Option<String>) -> JsResult<JsValue> {
    let job = inner.core.prepare(&body, sign.as_deref()).js()?;
    // The notification is parsed while WebCrypto verifies; a signature error still comes first.
    let parse = || CashierNotification::parse(&body).map(|n| cashier_notification(&n));
    inner.cache.run_then(job, parse).await.js()?.js()
}

#[wasm_bindgen]
impl CashierWebhookVerifier {
    /// `new CashierWebhookVerifier({ publicKey?, maxPayloadBytes? })`; the default key is
    /// `CASHIER_PUBLIC_KEY`, the default limit 1 MiB.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "CashierWebhookVerifierOptions")]
        options: JsValue,
    ) -> JsResult<CashierWebhookVerifier> {
        let core = parse_options(&options).js()?;
        Ok(Self {
            inner: Shared::new(core),
        })
    }

    /// Verifies `payment-sign` over the raw body and returns the notification; throws `KassaError`.
    #[wasm_bindgen(unchecked_return_type = "CashierNotification")]
    pub fn verify(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NotificationBody")] body: JsValue,
        #[wasm_bindgen(js_name = paymentSign, unchecked_param_type = "string | null | undefined")]
        payment_sign: JsValue,
    ) -> JsResult<JsValue> {
        let (body, sign) = arguments(&self.inner.core, &body, &payment_sign).js()?;
        let n = self.inner.core.verify(&body, sign.as_deref()).js()?;
        Ok(cashier_notification(&n))
    }

    /// Like `verify`, but never throws.
    #[wasm_bindgen(unchecked_return_type = "CashierWebhookCheck")]
    pub fn check(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NotificationBody")] body: JsValue,
        #[wasm_bindgen(js_name = paymentSign, unchecked_param_type = "string | null | undefined")]
        payment_sign: JsValue,
    ) -> JsValue {
        let (outcome, hints) = match arguments(&self.inner.core, &body, &payment_sign) {
            Ok((body, sign)) => diagnose::check(&self.inner.core, &body, sign.as_deref()),
            Err(e) => (Err(e), Vec::new()),
        };
        let failed = outcome.is_err();
        let o = check_result(
            outcome.map(|n| cashier_notification(&n)),
            "notification",
            None,
        );
        add_diagnosis(&o, failed.then_some(&hints[..]), None);
        o.into()
    }

    /// Verifies with WebCrypto where the runtime has it (else the wasm path).
    #[wasm_bindgen(js_name = verifyAsync, unchecked_return_type = "Promise<CashierNotification>")]
    pub fn verify_async(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NotificationBody")] body: JsValue,
        #[wasm_bindgen(js_name = paymentSign, unchecked_param_type = "string | null | undefined")]
        payment_sign: JsValue,
    ) -> js_sys::Promise {
        match arguments(&self.inner.core, &body, &payment_sign) {
            Ok((body, sign)) => future_to_promise(verify_async(self.inner.clone(), body, sign)),
            Err(e) => js_sys::Promise::reject(&to_js(e)),
        }
    }

    /// Verifies a Fetch API `Request`: the `payment-sign` header and the raw body bytes of a
    /// clone (the handler can still read the body).
    #[wasm_bindgen(js_name = verifyRequest, unchecked_return_type = "Promise<CashierNotification>")]
    pub fn verify_request(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Request")] request: JsValue,
    ) -> js_sys::Promise {
        let inner = self.inner.clone();
        future_to_promise(async move {
            let limit = inner.core.max_payload_bytes();
            let parts = read_request(
                &request,
                SIGNATURE_HEADER,
                MAX_SIGNATURE_HEADER,
                limit,
                "the webhook body",
            )
            .await
            .js()?;
            verify_async(inner, parts.body, parts.header).await
        })
    }
}
