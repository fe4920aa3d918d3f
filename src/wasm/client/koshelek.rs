//! `KoshelekClient`: Koshelek Pay API v1 (`api/v1/merchant/...`), typed methods and the
//! `request(method, path, body)` escape hatch. Reads and converts only: the paths, bodies,
//! `requestId`, `token` rules and answers are `crate::koshelek`'s.

use js_sys::{Function, Promise};
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::options::{checked_string, common, deadline, id, object, prop, required, string};
use super::transport::{fetch_fn, random16, seed};
use super::{promise, promise_err};
use crate::http::{Jitter, Machine, Method};
use crate::koshelek::api::{call_request_id, check_token, Endpoint};
use crate::koshelek::call::{wait_for_final_status, AvailabilityInfo};
use crate::koshelek::config::base_url;
use crate::koshelek::{KoshelekCall, KoshelekConfig};
use crate::wasm::error::{IntoJs, JsResult};
use crate::wasm::js_read;
use crate::{Error, ErrorCode, Result};

/// Where the `token` header comes from.
#[derive(Clone)]
enum Token {
    /// No `token` option: calls that need one are refused before sending.
    Missing,
    /// A fixed value.
    Text(String),
    /// A function returning the value or a promise of it, called once per call.
    Function(Function),
}

fn token_error() -> Error {
    Error::new(
        ErrorCode::InvalidArgument,
        "options.token must be a string or a function returning a string (or a Promise of one): cashFingerPrint + TOTP",
    )
}

fn read_token(options: &JsValue) -> Result<Token> {
    let t = prop(options, "token")?;
    if t.is_undefined() || t.is_null() {
        return Ok(Token::Missing);
    }
    if t.is_function() {
        return Ok(Token::Function(t.unchecked_into()));
    }
    if !t.is_string() {
        return Err(token_error());
    }
    let s = checked_string(&t, "options.token")?;
    check_token(&s)?;
    Ok(Token::Text(s))
}

/// The token of one call (the function is called and awaited here; its value is checked by
/// the core when the request is built).
async fn resolve_token(token: &Token) -> Result<Option<String>> {
    let f = match token {
        Token::Missing => return Ok(None),
        Token::Text(s) => return Ok(Some(s.clone())),
        Token::Function(f) => f,
    };
    let threw = || {
        Error::new(
            ErrorCode::InvalidArgument,
            "options.token() threw or its Promise rejected",
        )
    };
    let value = js_read::call(f, &JsValue::UNDEFINED, &[]).map_err(|_| threw())?;
    let value = if value.is_string() {
        value
    } else {
        let p = js_read::promise(&value).map_err(|_| threw())?;
        wasm_bindgen_futures::JsFuture::from(p)
            .await
            .map_err(|_| threw())?
    };
    if !value.is_string() {
        return Err(token_error());
    }
    checked_string(&value, "options.token()").map(Some)
}

/// A call machine behind one pointer type, so that one `drive` serves every method (a
/// monomorphised `drive` per machine type costs kilobytes of wasm).
type Boxed = Box<dyn Machine<Output = Value>>;

/// Runs `machine` with the client's fetch.
async fn run(fetch: Result<Function>, machine: Result<Boxed>) -> Result<Value> {
    let fetch = fetch?;
    let mut machine = machine?;
    super::transport::drive(machine.as_mut(), &fetch).await
}

/// A client of the Koshelek Pay API.
#[wasm_bindgen]
pub struct KoshelekClient {
    config: KoshelekConfig,
    fetch: Option<Function>,
    token: Token,
}

impl KoshelekClient {
    /// The request object and its `requestId`.
    fn body(&self, req: &JsValue, what: &str) -> Result<(Map<String, Value>, String)> {
        let body = object(req, what)?;
        let request_id = call_request_id(&body, random16())?;
        Ok((body, request_id))
    }

    fn typed(&self, endpoint: Endpoint, req: JsValue) -> Promise {
        let what = format!("KoshelekClient.{}(req)", endpoint.info().client_method);
        let (body, request_id) = match self.body(&req, &what) {
            Ok(b) => b,
            Err(e) => return promise_err(e),
        };
        let config = self.config.clone();
        let token = self.token.clone();
        let fetch = fetch_fn(self.fetch.as_ref());
        let needs_token = endpoint.info().token;
        promise(async move {
            let token = if needs_token {
                resolve_token(&token).await?
            } else {
                None
            };
            let call = KoshelekCall::endpoint(
                &config,
                endpoint,
                &body,
                request_id,
                token.as_deref(),
                Jitter::new(seed()),
            )
            .map(|c| Box::new(c) as Boxed);
            run(fetch, call).await
        })
    }
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
        let base_url = base_url(
            string(&options, "environment").js()?.as_deref(),
            string(&options, "baseUrl").js()?.as_deref(),
            string(&options, "partner").js()?.as_deref(),
        )
        .js()?;
        let config = KoshelekConfig {
            base_url,
            login: required(&options, "login", "KoshelekClient").js()?,
            password: required(&options, "password", "KoshelekClient").js()?,
            store_id: required(&options, "storeId", "KoshelekClient").js()?,
            terminal_id: required(&options, "terminalId", "KoshelekClient").js()?,
            policy: c.policy,
        };
        let token = read_token(&options).js()?;
        Ok(KoshelekClient {
            config,
            fetch: c.fetch,
            token,
        })
    }

    /// `POST api/v1/merchant/availability-info/task`; a 201 is polled until computed.
    #[wasm_bindgen(
        js_name = availabilityInfo,
        unchecked_return_type = "Promise<KoshelekAvailabilityInfoResponse>"
    )]
    pub fn availability_info(
        &self,
        #[wasm_bindgen(unchecked_param_type = "KoshelekAvailabilityInfoRequest")] req: JsValue,
        #[wasm_bindgen(unchecked_param_type = "KoshelekAvailabilityOptions | undefined")]
        options: Option<JsValue>,
    ) -> Promise {
        let args = self
            .body(&req, "KoshelekClient.availabilityInfo(req)")
            .and_then(|b| {
                let options = options.unwrap_or(JsValue::UNDEFINED);
                let given = prop(&options, "deadline")?;
                let deadline = if given.is_undefined() || given.is_null() {
                    None
                } else {
                    Some(deadline(&options)?)
                };
                Ok((b, deadline))
            });
        let ((body, request_id), deadline_ms) = match args {
            Ok(a) => a,
            Err(e) => return promise_err(e),
        };
        let config = self.config.clone();
        let token = self.token.clone();
        let fetch = fetch_fn(self.fetch.as_ref());
        promise(async move {
            let token = resolve_token(&token).await?;
            let call = AvailabilityInfo::new(
                &config,
                &body,
                request_id,
                token.as_deref(),
                deadline_ms,
                Jitter::new(seed()),
            )
            .map(|c| Box::new(c) as Boxed);
            run(fetch, call).await
        })
    }

    /// `POST api/v1/merchant/checkout`.
    #[wasm_bindgen(unchecked_return_type = "Promise<KoshelekCheckoutResponse>")]
    pub fn checkout(
        &self,
        #[wasm_bindgen(unchecked_param_type = "KoshelekCheckoutRequest")] req: JsValue,
    ) -> Promise {
        self.typed(Endpoint::Checkout, req)
    }

    /// `POST api/v1/merchant/transaction/status`.
    #[wasm_bindgen(
        js_name = transactionStatus,
        unchecked_return_type = "Promise<KoshelekTransactionStatus>"
    )]
    pub fn transaction_status(
        &self,
        #[wasm_bindgen(unchecked_param_type = "KoshelekTransactionStatusRequest")] req: JsValue,
    ) -> Promise {
        self.typed(Endpoint::TransactionStatus, req)
    }

    /// `POST api/v1/merchant/transaction/receipt`.
    #[wasm_bindgen(unchecked_return_type = "Promise<KoshelekReceiptResponse>")]
    pub fn receipt(
        &self,
        #[wasm_bindgen(unchecked_param_type = "KoshelekReceiptRequest")] req: JsValue,
    ) -> Promise {
        self.typed(Endpoint::Receipt, req)
    }

    /// `POST api/v1/merchant/transaction/cancel`.
    #[wasm_bindgen(unchecked_return_type = "Promise<KoshelekCancelResponse>")]
    pub fn cancel(
        &self,
        #[wasm_bindgen(unchecked_param_type = "KoshelekCancelRequest")] req: JsValue,
    ) -> Promise {
        self.typed(Endpoint::Cancel, req)
    }

    /// `POST api/v1/merchant/transaction/refund`.
    #[wasm_bindgen(unchecked_return_type = "Promise<KoshelekRefundResponse>")]
    pub fn refund(
        &self,
        #[wasm_bindgen(unchecked_param_type = "KoshelekRefundRequest")] req: JsValue,
    ) -> Promise {
        self.typed(Endpoint::Refund, req)
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
        let call = KoshelekCall::new(&self.config, m, &path, Some(&body), Jitter::new(seed()))
            .map(|c| Box::new(c) as Boxed);
        promise(run(fetch_fn(self.fetch.as_ref()), call))
    }

    /// Queries `transaction/status` by the reference's rules (first after 250–500 ms, then at
    /// most every 250 ms) until the status is final; `TIMEOUT` at the deadline.
    #[wasm_bindgen(js_name = waitForFinalStatus, unchecked_return_type = "Promise<KoshelekTransactionStatus>")]
    pub fn wait_for_final_status(
        &self,
        #[wasm_bindgen(js_name = "transactionId", unchecked_param_type = "string")]
        transaction_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "WaitOptions")] options: JsValue,
    ) -> Promise {
        let args = id(
            &transaction_id,
            "KoshelekClient.waitForFinalStatus(transactionId)",
        )
        .and_then(|t| Ok((t, deadline(&options)?)));
        let (transaction_id, deadline_ms) = match args {
            Ok(a) => a,
            Err(e) => return promise_err(e),
        };
        let wait = wait_for_final_status(
            &self.config,
            &transaction_id,
            deadline_ms,
            random16(),
            Jitter::new(seed()),
        );
        promise(run(fetch_fn(self.fetch.as_ref()), Ok(Box::new(wait))))
    }
}
