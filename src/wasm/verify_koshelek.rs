//! `KoshelekPostbackVerifier`: Koshelek Pay postbacks (HTTP Basic, constant-time), returned as
//! the typed `transaction/status` object the core builds (`KoshelekPostback::typed`).

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;

use super::error::{IntoJs, JsResult};
use super::js_read::{body_bytes, number_option, prop, string_capped};
use super::verify_input::{optional_string, read_request};
use super::verify_types::koshelek_postback as postback_fields;
use super::verify_types::{add_diagnosis, check_result};
use crate::koshelek::diagnose;
use crate::koshelek::notification::{KoshelekPostback, PostbackVerifier, MAX_AUTHORIZATION_HEADER};
use crate::rbs::callback::limits::payload_limit;
use crate::{Error, ErrorCode, Result};

/// The typed postback (`KoshelekPostback` of the core, as built by its `typed()`) as a JS value.
fn koshelek_postback(p: &KoshelekPostback) -> JsValue {
    let o: js_sys::Object = postback_fields(p).unchecked_into();
    if let Ok(typed) = js_sys::JSON::parse(&p.typed().to_string()) {
        js_sys::Object::assign(&o, typed.unchecked_ref());
    }
    o.into()
}

/// Verifies Koshelek Pay postbacks against partnerLogin/partnerPassword.
#[wasm_bindgen]
pub struct KoshelekPostbackVerifier {
    inner: Rc<PostbackVerifier>,
}

fn arguments(
    core: &PostbackVerifier,
    authorization: &JsValue,
    body: &JsValue,
) -> Result<(Option<String>, Vec<u8>)> {
    let authorization = optional_string(
        authorization,
        "authorizationHeader",
        MAX_AUTHORIZATION_HEADER,
    )?;
    let body = body_bytes(body, "the postback body", core.max_payload_bytes())?;
    Ok((authorization, body))
}

fn verify(
    core: &PostbackVerifier,
    authorization: &JsValue,
    body: &JsValue,
) -> Result<KoshelekPostback> {
    let (authorization, body) = arguments(core, authorization, body)?;
    core.verify(authorization.as_deref(), &body)
}

/// Longest login or password read (they are a few dozen characters).
const MAX_CREDENTIAL: usize = 4096;

fn options_error() -> Error {
    Error::new(
        ErrorCode::InvalidArgument,
        "new KoshelekPostbackVerifier({ login, password }) needs both as strings (the \
         partnerLogin and partnerPassword agreed with Koshelek)",
    )
}

/// Reads `{ login, password, maxPayloadBytes? }`; never echoes a value.
fn parse_options(options: &JsValue) -> Result<PostbackVerifier> {
    if !options.is_object() {
        return Err(options_error());
    }
    let field = |name: &str| {
        prop(options, name)
            .ok()
            .and_then(|v| string_capped(&v, MAX_CREDENTIAL))
            .filter(|v| v.len() <= MAX_CREDENTIAL)
            .ok_or_else(options_error)
    };
    let limit =
        payload_limit(number_option(options, "maxPayloadBytes").map_err(|_| options_error())?)?;
    PostbackVerifier::with_limit(
        &zeroize::Zeroizing::new(field("login")?),
        &zeroize::Zeroizing::new(field("password")?),
        limit,
    )
}

#[wasm_bindgen]
impl KoshelekPostbackVerifier {
    /// `new KoshelekPostbackVerifier({ login, password })`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "KoshelekPostbackVerifierOptions")] options: JsValue,
    ) -> JsResult<KoshelekPostbackVerifier> {
        let core = parse_options(&options).js()?;
        Ok(Self {
            inner: Rc::new(core),
        })
    }

    /// Checks `Authorization: Basic ...` and parses the JSON body; throws `KassaError`.
    #[wasm_bindgen(unchecked_return_type = "KoshelekPostback")]
    pub fn verify(
        &self,
        #[wasm_bindgen(js_name = authorizationHeader, unchecked_param_type = "string | null | undefined")]
        authorization: JsValue,
        #[wasm_bindgen(unchecked_param_type = "NotificationBody")] body: JsValue,
    ) -> JsResult<JsValue> {
        Ok(koshelek_postback(
            &verify(&self.inner, &authorization, &body).js()?,
        ))
    }

    /// Like `verify`, but never throws.
    #[wasm_bindgen(unchecked_return_type = "KoshelekPostbackCheck")]
    pub fn check(
        &self,
        #[wasm_bindgen(js_name = authorizationHeader, unchecked_param_type = "string | null | undefined")]
        authorization: JsValue,
        #[wasm_bindgen(unchecked_param_type = "NotificationBody")] body: JsValue,
    ) -> JsValue {
        let (outcome, hints) = match arguments(&self.inner, &authorization, &body) {
            Ok((authorization, body)) => {
                diagnose::check(&self.inner, authorization.as_deref(), &body)
            }
            Err(e) => (Err(e), Vec::new()),
        };
        let failed = outcome.is_err();
        let o = check_result(outcome.map(|p| koshelek_postback(&p)), "postback", None);
        add_diagnosis(&o, failed.then_some(&hints[..]), None);
        o.into()
    }

    /// Verifies a Fetch API `Request` (Authorization header + body of a clone).
    #[wasm_bindgen(js_name = verifyRequest, unchecked_return_type = "Promise<KoshelekPostback>")]
    pub fn verify_request(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Request")] request: JsValue,
    ) -> js_sys::Promise {
        let inner = self.inner.clone();
        future_to_promise(async move {
            let limit = inner.max_payload_bytes();
            let parts = read_request(
                &request,
                "authorization",
                MAX_AUTHORIZATION_HEADER,
                limit,
                "the postback body",
            )
            .await
            .js()?;
            let postback = inner.verify(parts.header.as_deref(), &parts.body).js()?;
            Ok(koshelek_postback(&postback))
        })
    }
}
