//! The fetch-based API clients for JavaScript: `RbsClient`, `CashierClient`, `KoshelekClient`.
//! Each method is a name in a [`methods!`] row: its JS arguments go to the core's
//! [`Client::start`], which reads each in the form it needs through [`Args`] and answers a call
//! machine (after the Koshelek `token()` when it asks for it), driven by [`transport::drive`].
//! The methods' TypeScript and docs are in `src/wasm/types/client-*.d.ts`.

mod transport;
mod webcrypto_sign;

use transport::{drive, fetch_fn, random};

use js_sys::{Function, JsString, Promise};
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use zeroize::Zeroizing;

use super::error::{to_js, IntoJs, JsResult};
use super::js_read::{self, Threw};
use super::read::read;
use crate::options::client::dispatch::Client;
use crate::options::client::{client_spec, order_status, Arguments, BodyError, Started};
use crate::options::client::{COMMON_OPTIONS, MAX_REQUEST_JSON_CHARS};
use crate::options::Plain;

/// A method's JS arguments, read as the core asks ([`Arguments`]).
struct Args<'a>(&'a [JsValue]);

impl Args<'_> {
    fn get(&self, i: usize) -> JsValue {
        self.0.get(i).cloned().unwrap_or(JsValue::UNDEFINED)
    }
}

/// A JS value as a tree, read with the clients' bounds (wiped when dropped: options hold secrets).
fn tree(value: &JsValue) -> Zeroizing<Plain> {
    read(value, &client_spec(None))
}

/// [`tree`] handed over to the core by value (an argument, a token): the core owns it from here.
fn owned_tree(value: &JsValue) -> Plain {
    std::mem::replace(&mut *tree(value), Plain::Undefined)
}

impl Arguments for Args<'_> {
    fn value(&mut self, i: usize) -> Plain {
        owned_tree(&self.get(i))
    }

    /// JSON through a `catch`-declared `JSON.stringify` (a cycle or a BigInt is an error).
    fn object(&mut self, i: usize) -> Result<Map<String, Value>, BodyError> {
        let value = self.get(i);
        if value.is_undefined() || value.is_null() {
            return Ok(Map::new());
        }
        if !value.is_object() || js_read::try_is_array(&value).map_err(|_| BodyError::Unreadable)? {
            return Err(BodyError::NotObject);
        }
        let text: JsValue = js_sys::JSON::stringify(&value)
            .map_err(|_| BodyError::NoJson)?
            .into();
        let text = text.dyn_ref::<JsString>().ok_or(BodyError::NotPlain)?;
        if text.length() as usize > MAX_REQUEST_JSON_CHARS {
            return Err(BodyError::TooLarge);
        }
        match serde_json::from_str(&String::from(text)) {
            Ok(Value::Object(m)) => Ok(m),
            Ok(_) => Err(BodyError::NotPlain),
            Err(_) => Err(BodyError::TooDeep),
        }
    }

    fn option(&mut self, i: usize, key: &str, date: bool) -> Plain {
        match js_read::prop(&self.get(i), key) {
            Err(Threw) => Plain::Threw,
            // `Date.prototype.getTime` applied through `Reflect`: an impostor is no number.
            Ok(d) if date && d.is_object() => js_read::prop(&js_sys::Date::new_0(), "getTime")
                .and_then(|get_time| js_read::call(&get_time, &d, &[]))
                .ok()
                .and_then(|ms| ms.as_f64())
                .map_or(Plain::Unread { array: false }, Plain::Number),
            Ok(v) => owned_tree(&v),
        }
    }
}

/// `value[key]` if it is a function.
fn function(value: &JsValue, key: &str) -> Option<Function> {
    js_read::prop(value, key).ok()?.dyn_into().ok()
}

/// True in a browser page (a `window` and a `document`), false in workers, Node, Deno, edge.
fn in_browser_window() -> bool {
    let has = |k| js_read::prop(&js_sys::global(), k).is_ok_and(|v| !v.is_undefined());
    has("window") && has("document")
}

/// The value `token()` gave, awaited (`Threw` when it threw or its promise rejected).
async fn call_token(f: Option<Function>) -> Plain {
    let value = async {
        let v = js_read::call(f.as_ref().ok_or(Threw)?, &JsValue::UNDEFINED, &[])?;
        JsFuture::from(js_read::promise(&v)?)
            .await
            .map_err(|_| Threw)
    };
    value.await.map_or(Plain::Threw, |v| owned_tree(&v))
}

/// One client: the core's, with the caller's `fetch` and `token` functions.
struct Inner {
    core: Client,
    fetch: Option<Function>,
    token: Option<Function>,
}

impl Inner {
    fn new(class: &str, options: &JsValue) -> JsResult<Self> {
        let tree = |names| read(options, &client_spec(Some(names)));
        let own = tree(Client::options(class));
        let core = Client::new(class, &tree(COMMON_OPTIONS), &own, in_browser_window()).js()?;
        let (fetch, token) = (function(options, "fetch"), function(options, "token"));
        Ok(Self { core, fetch, token })
    }

    /// Every method: start the core's call, call `token()` if it asks, drive it.
    fn call(&self, method: &str, args: &[JsValue]) -> Promise {
        let started = self.core.start(method, &mut Args(args), random());
        let (fetch, token) = (fetch_fn(self.fetch.as_ref()), self.token.clone());
        future_to_promise(async move {
            let run = async {
                let machine = match started? {
                    Started::Call(m) => m,
                    Started::WithToken(then) => then(&call_token(token).await)?,
                };
                drive(machine, &fetch?).await
            };
            let json = |v: Value| js_sys::JSON::parse(&v.to_string()).unwrap_or(JsValue::NULL);
            run.await.map(json).map_err(to_js)
        })
    }
}

/// A client class and its constructor.
macro_rules! client {
    ($class:ident $options:literal $doc:literal $new:literal) => {
        #[doc = $doc]
        #[wasm_bindgen]
        pub struct $class(Inner);

        #[wasm_bindgen]
        impl $class {
            #[doc = $new]
            #[wasm_bindgen(constructor)]
            pub fn new(
                #[wasm_bindgen(unchecked_param_type = $options)] options: JsValue,
            ) -> JsResult<$class> {
                Inner::new(stringify!($class), &options).map(Self)
            }
        }
    };
}

/// Methods of a class that take the same arguments: `Class (args) jsName...` (one impl each).
macro_rules! methods {
    ($class:ident $args:tt) => {};
    ($class:ident ($($a:ident)*) $name:ident $($rest:ident)*) => {
        #[wasm_bindgen]
        #[allow(missing_docs, non_snake_case)]
        impl $class {
            #[wasm_bindgen(skip_typescript, js_name = $name)]
            pub fn $name(&self, $($a: JsValue),*) -> Promise { self.0.call(stringify!($name), &[$($a),*]) }
        }
        methods!($class ($($a)*) $($rest)*);
    };
}

client!(RbsClient "RbsClientOptions"
    "A client of the RBS payment gateway API (VTB and other banks on the same platform)."
    "Creates a client. Throws `SECRETS_IN_BROWSER` in a browser page unless `dangerouslyAllowBrowser: true`, `INVALID_ARGUMENT` for missing credentials, and `MALFORMED_KEY`/`ENCRYPTED_KEY` for a bad signing key.");
methods!(RbsClient (request) register registerPreAuth paymentOrder getOrderStatusExtended deposit reverse
    refund decline processRawSumRefund processRawPositionRefund paymentOrderBinding getBindings
    getBindingsByCardOrId unBindCard bindCard extendBinding recurrentPayment installmentPayment
    createBindingNoPayment sbpQrGet sbpQrStatus sbpQrReject sbpGetBindings sbpUnBind finish3dsPayment
    finish3dsVer2Payment continue3ds verifyCard closeOfdReceipt getReceiptStatus templatesCreate
    templatesGet templatesUpdate templatesGetList);
methods!(RbsClient (order_id options) waitForFinalStatus);

client!(CashierClient "CashierClientOptions" "A client of the Mobile Cashier API."
    "Creates a client. Throws `SECRETS_IN_BROWSER` in a browser page unless `dangerouslyAllowBrowser: true`.");
methods!(CashierClient () login banks);
methods!(CashierClient (query) listOrders);
methods!(CashierClient (id) getOrder orderStatus);
methods!(CashierClient (id options) qrcData waitForFinalStatus);
methods!(CashierClient (id tsp_code options) paymentFormOrder);
methods!(CashierClient (id body options) refund payoutIps sberPay payoutCard);
methods!(CashierClient (body options) createOrder authorize charge void);

client!(KoshelekClient "KoshelekClientOptions" "A client of the Koshelek Pay API."
    "Creates a client: `baseUrl`, or `partner` with `environment` (`'test'` default or `'production'`) for the reference's URLs. Throws `SECRETS_IN_BROWSER` in a browser page unless `dangerouslyAllowBrowser: true`.");
methods!(KoshelekClient (req) checkout transactionStatus receipt cancel refund);
methods!(KoshelekClient (req options) availabilityInfo);
methods!(KoshelekClient (method path body) request);
methods!(KoshelekClient (transaction_id options) waitForFinalStatus);

#[wasm_bindgen]
impl RbsClient {
    /// The base URL requests go to (the environment's preset or `baseUrl`).
    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.0.core.base_url().to_string()
    }

    /// The reference's `acsRedirect.do` URL for an order (a page the buyer's browser opens).
    #[wasm_bindgen(js_name = acsRedirectUrl)]
    pub fn acs_redirect_url(
        &self,
        #[wasm_bindgen(js_name = "orderId", unchecked_param_type = "string")] order_id: JsValue,
    ) -> JsResult<String> {
        self.0.core.acs_redirect_url(&tree(&order_id)).js()
    }
}

/// The RBS `orderStatus` helpers: what status a JS value means, then one fact of it.
macro_rules! status_fns {
    ($($doc:literal $name:ident $js:literal $ts:literal -> $ret:ty = $f:ident;)*) => {$(
        #[doc = $doc]
        #[wasm_bindgen(js_name = $js, unchecked_return_type = $ts)]
        pub fn $name(#[wasm_bindgen(unchecked_param_type = "number")] status: JsValue) -> JsResult<$ret> {
            Ok(order_status(&tree(&status)).js()?.$f().into())
        }
    )*};
}

status_fns! {
    "The name of an RBS `orderStatus` (0–6): `\"REGISTERED\"`, `\"APPROVED\"`, `\"DEPOSITED\"`, `\"REVERSED\"`, `\"REFUNDED\"`, `\"ACS_AUTH_INITIATED\"`, `\"DECLINED\"`, or `\"UNKNOWN\"`."
    rbs_order_status_name "rbsOrderStatusName" "RbsOrderStatusName" -> String = name;
    "Whether an RBS `orderStatus` means paid: 1 (held) or 2 (deposited), as the reference defines."
    rbs_order_status_is_paid "rbsOrderStatusIsPaid" "boolean" -> bool = is_paid;
    "Whether an RBS `orderStatus` is final for a payment attempt (1, 2, 3, 4, 6)."
    rbs_order_status_is_final "rbsOrderStatusIsFinal" "boolean" -> bool = is_final;
}

/// RBS `orderStatus` values by name (`RbsOrderStatus.Deposited === 2`).
#[wasm_bindgen]
#[derive(Clone, Copy)]
pub enum RbsOrderStatus {
    /// 0: registered, not paid.
    Registered = 0,
    /// 1: pre-authorized (amount held).
    Approved = 1,
    /// 2: deposited (paid).
    Deposited = 2,
    /// 3: authorization reversed.
    Reversed = 3,
    /// 4: refunded.
    Refunded = 4,
    /// 5: 3-D Secure authorization initiated.
    AcsAuthInitiated = 5,
    /// 6: declined.
    Declined = 6,
}
