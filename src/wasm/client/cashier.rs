//! `CashierClient`: the Mobile Cashier API, logged in on demand.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Promise};
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

use super::options::{common, deadline, id, object, string, tree};
use super::transport::{random16, seed};
use super::{promise_err, send};
use crate::cashier::call::wait_for_final_status;
use crate::cashier::{CashierCall, CashierConfig, Session, SharedSession};
use crate::http::{request_id, Jitter, PollSchedule};
use crate::wasm::error::{IntoJs, JsResult};
use crate::Result;

/// A client of the Mobile Cashier API.
#[wasm_bindgen]
pub struct CashierClient {
    config: CashierConfig,
    session: SharedSession,
    fetch: Option<Function>,
}

fn call_request_id(options: &JsValue) -> Result<String> {
    Ok(string(options, "requestId")?
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| request_id(random16())))
}

impl CashierClient {
    fn call(
        &self,
        method: &'static str,
        id: Option<String>,
        tsp_code: Option<String>,
        body: Map<String, Value>,
        options: &JsValue,
    ) -> Promise {
        let request_id = match call_request_id(options) {
            Ok(k) => k,
            Err(e) => return promise_err(e),
        };
        let call = CashierCall::new(
            self.config.clone(),
            self.session.clone(),
            method,
            id.as_deref(),
            tsp_code.as_deref(),
            &body,
            request_id,
            Jitter::new(seed()),
        );
        send(self.fetch.as_ref(), call)
    }

    fn with_id(
        &self,
        method: &'static str,
        order_id: &JsValue,
        body: &JsValue,
        options: &JsValue,
    ) -> Promise {
        let parsed = id(order_id, &format!("CashierClient.{method}(id)")).and_then(|i| {
            Ok((
                i,
                object(body, &format!("CashierClient.{method}(id, body)"))?,
            ))
        });
        match parsed {
            Ok((i, b)) => self.call(method, Some(i), None, b, options),
            Err(e) => promise_err(e),
        }
    }

    fn with_body(&self, method: &'static str, body: &JsValue, options: &JsValue) -> Promise {
        match object(body, &format!("CashierClient.{method}(body)")) {
            Ok(b) => self.call(method, None, None, b, options),
            Err(e) => promise_err(e),
        }
    }
}

#[wasm_bindgen]
impl CashierClient {
    /// Creates a client. Throws `SECRETS_IN_BROWSER` in a browser page unless
    /// `dangerouslyAllowBrowser: true`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "CashierClientOptions")] options: JsValue,
    ) -> JsResult<CashierClient> {
        let c = common(&options, "CashierClient").js()?;
        let tree = tree(&options, CashierConfig::OPTIONS);
        let config = CashierConfig::from_options(&tree, c.policy).js()?;
        Ok(CashierClient {
            config,
            session: Rc::new(RefCell::new(Session::default())),
            fetch: c.fetch,
        })
    }

    /// `POST /public/login`: logs in now (other methods log in by themselves when needed).
    #[wasm_bindgen(unchecked_return_type = "Promise<CashierLoginResponse>")]
    pub fn login(&self) -> Promise {
        self.call("login", None, None, Map::new(), &JsValue::UNDEFINED)
    }

    /// The orders list, with the reference's filters and paging.
    #[wasm_bindgen(skip_typescript, js_name = listOrders, unchecked_return_type = "Promise<CashierOrdersResponse>")]
    pub fn list_orders(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CashierListOrdersQuery")] query: Option<JsValue>,
    ) -> Promise {
        self.with_body("listOrders", &opt(query), &JsValue::UNDEFINED)
    }

    /// The order's data.
    #[wasm_bindgen(js_name = getOrder, unchecked_return_type = "Promise<CashierOrderResponse>")]
    pub fn get_order(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number | string")] id: JsValue,
    ) -> Promise {
        self.with_id("getOrder", &id, &JsValue::UNDEFINED, &JsValue::UNDEFINED)
    }

    /// The order's current status.
    #[wasm_bindgen(js_name = orderStatus, unchecked_return_type = "Promise<CashierOrderResponse>")]
    pub fn order_status(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number | string")] id: JsValue,
    ) -> Promise {
        self.with_id("orderStatus", &id, &JsValue::UNDEFINED, &JsValue::UNDEFINED)
    }

    /// Registers an IPS (SBP) QR code for the order.
    #[wasm_bindgen(skip_typescript, js_name = qrcData, unchecked_return_type = "Promise<CashierOrderResponse>")]
    pub fn qrc_data(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number | string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CashierCallOptions")] options: Option<JsValue>,
    ) -> Promise {
        self.with_id("qrcData", &id, &JsValue::UNDEFINED, &opt(options))
    }

    /// The banks available for IPS payouts.
    #[wasm_bindgen(unchecked_return_type = "Promise<CashierBanksResponse>")]
    pub fn banks(&self) -> Promise {
        self.call("banks", None, None, Map::new(), &JsValue::UNDEFINED)
    }

    /// Creates the payment-form order; answers the `externalOrderId` the payment form is opened with.
    #[wasm_bindgen(skip_typescript, js_name = paymentFormOrder, unchecked_return_type = "Promise<CashierPaymentFormResponse>")]
    pub fn payment_form_order(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number | string")] id: JsValue,
        #[wasm_bindgen(js_name = "tspCode", unchecked_param_type = "string")] tsp_code: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CashierCallOptions")] options: Option<JsValue>,
    ) -> Promise {
        let args = id_of(&id, "paymentFormOrder").and_then(|i| {
            Ok((
                i,
                super::options::id(&tsp_code, "CashierClient.paymentFormOrder(id, tspCode)")?,
            ))
        });
        match args {
            Ok((i, tsp_code)) => self.call(
                "paymentFormOrder",
                Some(i),
                Some(tsp_code),
                Map::new(),
                &opt(options),
            ),
            Err(e) => promise_err(e),
        }
    }

    /// Polls `orderStatus` with backoff until the status is final (and not `CREATED`); rejects
    /// with `TIMEOUT` at the deadline, carrying the last answer in `details`.
    #[wasm_bindgen(js_name = waitForFinalStatus, unchecked_return_type = "Promise<CashierOrderResponse>")]
    pub fn wait_for_final_status(
        &self,
        #[wasm_bindgen(js_name = "orderId", unchecked_param_type = "number | string")]
        order_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "WaitOptions")] options: JsValue,
    ) -> Promise {
        let args =
            id_of(&order_id, "waitForFinalStatus").and_then(|i| Ok((i, deadline(&options)?)));
        let (order_id, deadline_ms) = match args {
            Ok(a) => a,
            Err(e) => return promise_err(e),
        };
        let poll = wait_for_final_status(
            self.config.clone(),
            self.session.clone(),
            order_id,
            deadline_ms,
            PollSchedule::default(),
            Jitter::new(seed()),
        );
        send(self.fetch.as_ref(), Ok(poll))
    }
}

/// An optional argument as a value (`undefined` when absent).
fn opt(v: impl Into<Option<JsValue>>) -> JsValue {
    v.into().unwrap_or(JsValue::UNDEFINED)
}

fn id_of(v: &JsValue, method: &str) -> Result<String> {
    id(v, &format!("CashierClient.{method}(id)"))
}

/// The calls of one shape (their TypeScript is in `types/client-cashier.d.ts`): `(id, body,
/// options?)` (`id id`) or `(body, options?)`.
macro_rules! cashier_calls {
    ($( $(#[doc = $doc:expr])* $name:ident => $js:literal ($(id $id:ident)?); )*) => {
        #[wasm_bindgen]
        impl CashierClient {
            $(
                $(#[doc = $doc])*
                #[wasm_bindgen(skip_typescript, js_name = $js)]
                pub fn $name(
                    &self,
                    $($id: JsValue,)?
                    body: Option<JsValue>,
                    options: Option<JsValue>,
                ) -> Promise {
                    cashier_calls!(@call self, $js, body, options $(, $id)?)
                }
            )*
        }
    };
    (@call $self:ident, $js:literal, $body:ident, $options:ident, $id:ident) => {
        $self.with_id($js, &$id, &opt($body), &opt($options))
    };
    (@call $self:ident, $js:literal, $body:ident, $options:ident) => {
        $self.with_body($js, &opt($body), &opt($options))
    };
}

cashier_calls! {
    /// Refunds an order: `{ amount }` in kopecks, or nothing for a full refund.
    refund => "refund" (id id);
    /// Pays out via IPS to a phone number.
    payout_ips => "payoutIps" (id id);
    /// Pays via SberPay.
    sber_pay => "sberPay" (id id);
    /// Pays out to a card (the order must have been created with `type: 'PayOut'`).
    payout_card => "payoutCard" (id id);
    /// Creates an order (PayIn by default; `type: 'PayOut'` for payouts). Retried safely with
    /// one `x-req-id`, returned as `requestId`.
    create_order => "createOrder" ();
    /// Holds funds on a card (`OrderId` = the externalOrderId).
    authorize => "authorize" ();
    /// Captures held funds.
    charge => "charge" ();
    /// Releases held funds.
    void_hold => "void" ();
}
