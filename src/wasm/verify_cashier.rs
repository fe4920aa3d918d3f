//! `CashierWebhookVerifier`: Mobile Cashier `payment-sign` (RSA-SHA1 over the raw body).

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::error::{to_js, IntoJs, JsResult};
use super::verify_input::{body_bytes, optional_string, read_request};
use super::verify_types::{cashier_notification, check_result};
use super::verify_webcrypto::{subtle, KeyCache};
use crate::cashier::notification::{CashierNotification, WebhookVerifier};
use crate::cashier::webhook::{decode_signature, explain_mismatch, SIGNATURE_HEADER};
use crate::crypto::HashAlg;
use crate::{Error, ErrorCode, Result};

#[wasm_bindgen]
extern "C" {
    /// `CashierWebhookVerifierOptions` (an extern type, so that the argument may be omitted).
    #[wasm_bindgen(typescript_type = "CashierWebhookVerifierOptions")]
    pub type CashierOptions;
}

struct Inner {
    core: WebhookVerifier,
    cache: KeyCache,
}

/// Verifies Mobile Cashier webhooks. The key is parsed once, in the constructor.
#[wasm_bindgen]
pub struct CashierWebhookVerifier {
    inner: Rc<Inner>,
}

fn arguments(body: &JsValue, payment_sign: &JsValue) -> Result<(Vec<u8>, Option<String>)> {
    Ok((
        body_bytes(body, "the webhook body")?,
        optional_string(payment_sign, "paymentSign (the `payment-sign` header)")?,
    ))
}

async fn verify_async(inner: Rc<Inner>, body: Vec<u8>, sign: Option<String>) -> JsResult<JsValue> {
    let key = inner.core.key();
    let signature = decode_signature(sign.as_deref()).js()?;
    // Wrong sizes and every other early failure take the synchronous path's exact error.
    let platform = subtle().filter(|_| signature.len() == key.bits() / 8);
    let answer = match &platform {
        Some(s) => {
            inner
                .cache
                .verify(s, 0, key, HashAlg::Sha1, &signature, &body)
                .await
        }
        None => None,
    };
    let notification = match answer {
        Some(true) => CashierNotification::parse(&body),
        Some(false) => Err(explain_mismatch(&body)(Error::new(
            ErrorCode::SignatureMismatch,
            "",
        ))),
        None => inner.core.verify(&body, sign.as_deref()),
    };
    Ok(cashier_notification(&notification.js()?))
}

#[wasm_bindgen]
impl CashierWebhookVerifier {
    /// `new CashierWebhookVerifier({ publicKey? })`; the default key is `CASHIER_PUBLIC_KEY`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: Option<CashierOptions>) -> JsResult<CashierWebhookVerifier> {
        let key = match &options {
            Some(o) => js_sys::Reflect::get(o, &"publicKey".into()).unwrap_or(JsValue::UNDEFINED),
            None => JsValue::UNDEFINED,
        };
        let key = optional_string(&key, "publicKey").js()?;
        let core = WebhookVerifier::new(key.as_deref()).js()?;
        Ok(Self {
            inner: Rc::new(Inner {
                core,
                cache: KeyCache::default(),
            }),
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
        let (body, sign) = arguments(&body, &payment_sign).js()?;
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
        let outcome = arguments(&body, &payment_sign)
            .and_then(|(body, sign)| self.inner.core.verify(&body, sign.as_deref()))
            .map(|n| cashier_notification(&n));
        check_result(outcome, "notification", None).into()
    }

    /// Verifies with WebCrypto where the runtime has it (else the wasm path).
    #[wasm_bindgen(js_name = verifyAsync, unchecked_return_type = "Promise<CashierNotification>")]
    pub fn verify_async(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NotificationBody")] body: JsValue,
        #[wasm_bindgen(js_name = paymentSign, unchecked_param_type = "string | null | undefined")]
        payment_sign: JsValue,
    ) -> js_sys::Promise {
        match arguments(&body, &payment_sign) {
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
            let parts = read_request(&request, SIGNATURE_HEADER).await.js()?;
            verify_async(inner, parts.body, parts.header).await
        })
    }
}
