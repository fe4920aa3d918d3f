//! `KoshelekClient`: Koshelek Pay's API through one typed `request` method.

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;

use super::options::{checked_string, common, deadline, id, object, prop, required, string};
use super::transport::seed;
use super::{promise_err, send};
use crate::http::{Jitter, Method, PollSchedule};
use crate::koshelek::api::status_path;
use crate::koshelek::call::wait_for_final_status;
use crate::koshelek::config::base_url;
use crate::koshelek::{KoshelekCall, KoshelekConfig};
use crate::wasm::error::{IntoJs, JsResult};
use crate::{Error, ErrorCode};

/// A client of the Koshelek Pay API.
#[wasm_bindgen]
pub struct KoshelekClient {
    config: KoshelekConfig,
    fetch: Option<Function>,
}

#[wasm_bindgen]
impl KoshelekClient {
    /// Creates a client: `baseUrl`, or `partner` with `environment` (`'test'` default or
    /// `'production'`) for the reference's URLs. Throws `SECRETS_IN_BROWSER` in a browser page
    /// unless `dangerouslyAllowBrowser: true`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "KoshelekClientOptions")] options: JsValue,
    ) -> JsResult<KoshelekClient> {
        let c = common(&options, "KoshelekClient").js()?;
        let base_url = match base_url(
            string(&options, "environment").js()?.as_deref(),
            string(&options, "baseUrl").js()?.as_deref(),
            string(&options, "partner").js()?.as_deref(),
        )
        .js()?
        {
            Some(u) => u,
            None => required(&options, "baseUrl", "KoshelekClient").js()?,
        };
        let config = KoshelekConfig {
            base_url,
            login: required(&options, "login", "KoshelekClient").js()?,
            password: required(&options, "password", "KoshelekClient").js()?,
            store_id: required(&options, "storeId", "KoshelekClient").js()?,
            terminal_id: required(&options, "terminalId", "KoshelekClient").js()?,
            policy: c.policy,
        };
        Ok(KoshelekClient {
            config,
            fetch: c.fetch,
        })
    }

    /// Sends `method path` (relative to `baseUrl`) with a JSON body; `storeId` and `terminalId`
    /// are added. Rejects with `GATEWAY_ERROR` (`errorCode` = the reference's code, `details`)
    /// on HTTP 422; a non-GET whose outcome is unknown is `OUTCOME_UNKNOWN`, never repeated.
    #[wasm_bindgen(skip_typescript)]
    pub fn request(
        &self,
        #[wasm_bindgen(unchecked_param_type = "KoshelekHttpMethod")] method: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] path: JsValue,
        #[wasm_bindgen(unchecked_param_type = "KoshelekRequestBody")] body: Option<JsValue>,
    ) -> Promise {
        let m = method
            .as_string()
            .filter(|m| m.len() <= 10)
            .and_then(|m| Method::parse(&m));
        let Some(m) = m else {
            return promise_err(Error::new(
                ErrorCode::InvalidArgument,
                "method must be GET, POST, PUT, PATCH or DELETE",
            ));
        };
        let path = match checked_string(&path, "KoshelekClient.request(method, path): path") {
            Ok(p) => p,
            Err(e) => return promise_err(e),
        };
        let body = match object(
            &body.unwrap_or(JsValue::UNDEFINED),
            "KoshelekClient.request(method, path, body)",
        ) {
            Ok(b) => b,
            Err(e) => return promise_err(e),
        };
        let call = KoshelekCall::new(&self.config, m, &path, Some(&body), Jitter::new(seed()));
        send(self.fetch.as_ref(), call)
    }

    /// Polls `GET <path>` (default `transactions/<transactionId>`) with backoff until the answer's
    /// `status`/`state` is no longer pending (`TRANSACTION_IN_PROCESSING` counts as pending).
    #[wasm_bindgen(js_name = waitForFinalStatus, unchecked_return_type = "Promise<KoshelekResponse>")]
    pub fn wait_for_final_status(
        &self,
        #[wasm_bindgen(js_name = "transactionId", unchecked_param_type = "string")]
        transaction_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "KoshelekWaitOptions")] options: JsValue,
    ) -> Promise {
        let args = id(
            &transaction_id,
            "KoshelekClient.waitForFinalStatus(transactionId)",
        )
        .and_then(|t| {
            let d = deadline(&options)?;
            let p = prop(&options, "path")?;
            let path = if p.is_undefined() || p.is_null() {
                None
            } else {
                Some(checked_string(&p, "options.path")?)
            };
            Ok((d, status_path(&t, path.as_deref())?))
        });
        let (deadline_ms, path) = match args {
            Ok(a) => a,
            Err(e) => return promise_err(e),
        };
        let poll = wait_for_final_status(
            self.config.clone(),
            path,
            deadline_ms,
            PollSchedule::default(),
            Jitter::new(seed()),
        );
        send(self.fetch.as_ref(), Ok(poll))
    }
}
