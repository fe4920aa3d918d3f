//! `RbsClient`: one async method per endpoint of the RBS reference.

use js_sys::{Function, Promise};

use wasm_bindgen::prelude::*;

use super::options::{common, deadline, id, object, tree};
use super::transport::seed;
use super::{promise_err, send};
use crate::http::{Jitter, PollSchedule};
use crate::options::client::{client_spec, order_status, rbs_config, RBS_CLIENT_OPTIONS};
use crate::rbs::api::acs_redirect_url;
use crate::rbs::call::{wait_for_final_status, RbsCall};
use crate::rbs::config::RbsConfig;
use crate::wasm::read::read;

use crate::wasm::error::{IntoJs, JsResult};

/// A client of the RBS payment gateway API (VTB and other banks on the same platform).
#[wasm_bindgen]
pub struct RbsClient {
    config: RbsConfig,
    fetch: Option<Function>,
}

impl RbsClient {
    fn call(&self, method: &'static str, request: JsValue) -> Promise {
        let params = match object(&request, &format!("RbsClient.{method}(request)")) {
            Ok(p) => p,
            Err(e) => return promise_err(e),
        };
        let call = RbsCall::new(self.config.clone(), method, params, Jitter::new(seed()));
        send(self.fetch.as_ref(), call)
    }
}

#[wasm_bindgen]
impl RbsClient {
    /// Creates a client. Throws `SECRETS_IN_BROWSER` in a browser page unless
    /// `dangerouslyAllowBrowser: true`, `INVALID_ARGUMENT` for missing credentials, and
    /// `MALFORMED_KEY`/`ENCRYPTED_KEY` for a bad signing key.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "RbsClientOptions")] options: JsValue,
    ) -> JsResult<RbsClient> {
        let c = common(&options, "RbsClient").js()?;
        let config = rbs_config(&tree(&options, RBS_CLIENT_OPTIONS), c.policy).js()?;
        Ok(RbsClient {
            config,
            fetch: c.fetch,
        })
    }

    /// The base URL requests go to (the environment's preset or `baseUrl`).
    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.config.base_url.clone()
    }

    /// The reference's `acsRedirect.do` URL for an order (a page the buyer's browser opens).
    #[wasm_bindgen(js_name = acsRedirectUrl)]
    pub fn acs_redirect_url(
        &self,
        #[wasm_bindgen(js_name = "orderId", unchecked_param_type = "string")] order_id: JsValue,
    ) -> JsResult<String> {
        let order_id = id(&order_id, "RbsClient.acsRedirectUrl(orderId)").js()?;
        acs_redirect_url(&self.config.base_url, &order_id).js()
    }

    /// Polls `getOrderStatusExtended` with backoff until the order's status is final (1, 2, 3, 4
    /// or 6); rejects with `TIMEOUT` at the deadline, carrying the last status in `details`.
    #[wasm_bindgen(js_name = waitForFinalStatus, unchecked_return_type = "Promise<RbsOrderStatusExtendedResponse>")]
    pub fn wait_for_final_status(
        &self,
        #[wasm_bindgen(js_name = "orderId", unchecked_param_type = "string")] order_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "WaitOptions")] options: JsValue,
    ) -> Promise {
        let args = id(&order_id, "RbsClient.waitForFinalStatus(orderId)")
            .and_then(|i| Ok((i, deadline(&options)?)));
        let (order_id, deadline_ms) = match args {
            Ok(a) => a,
            Err(e) => return promise_err(e),
        };
        let poll = wait_for_final_status(
            self.config.clone(),
            order_id,
            deadline_ms,
            PollSchedule::default(),
            Jitter::new(seed()),
        );
        send(self.fetch.as_ref(), Ok(poll))
    }
}

macro_rules! rbs_methods {
    ($( $(#[doc = $doc:expr])* $name:ident => $js:literal ($req:literal) -> $res:literal; )*) => {
        #[wasm_bindgen]
        impl RbsClient {
            $(
                $(#[doc = $doc])*
                #[wasm_bindgen(js_name = $js, unchecked_return_type = $res)]
                pub fn $name(&self, #[wasm_bindgen(unchecked_param_type = $req)] request: JsValue) -> Promise {
                    self.call($js, request)
                }
            )*
        }
    };
}

rbs_methods! {
    /// `register.do`: registers an order; answers `orderId` and `formUrl`. With an unknown outcome
    /// the order is looked up by `orderNumber` (then `formUrl` is absent and `recovered: true`).
    register => "register" ("RbsRegisterRequest") -> "Promise<RbsRegisterResponse>";
    /// `registerPreAuth.do`: registers a two-stage (pre-authorized) order.
    register_pre_auth => "registerPreAuth" ("RbsRegisterRequest") -> "Promise<RbsRegisterResponse>";
    /// `paymentorder.do`: pays a registered order with card data.
    payment_order => "paymentOrder" ("RbsPaymentOrderRequest") -> "Promise<RbsPaymentResponse>";
    /// `getOrderStatusExtended.do`: the order's status and details.
    get_order_status_extended => "getOrderStatusExtended" ("RbsOrderRef") -> "Promise<RbsOrderStatusExtendedResponse>";
    /// `deposit.do`: completes a pre-authorized order (`amount: 0` = the full amount).
    deposit => "deposit" ("RbsAmountRequest") -> "Promise<RbsResultResponse>";
    /// `reverse.do`: reverses a payment.
    reverse => "reverse" ("RbsReverseRequest") -> "Promise<RbsResultResponse>";
    /// `refund.do`: refunds all or part of a paid order.
    refund => "refund" ("RbsAmountRequest") -> "Promise<RbsResultResponse>";
    /// `decline.do`: cancels an unpaid order.
    decline => "decline" ("RbsDeclineRequest") -> "Promise<RbsResultResponse>";
    /// `processRawSumRefund.do`: refunds a free amount without item reference.
    process_raw_sum_refund => "processRawSumRefund" ("RbsAmountRequest") -> "Promise<RbsResultResponse>";
    /// `processRawPositionRefund.do`: refunds an amount for one item.
    process_raw_position_refund => "processRawPositionRefund" ("RbsRawPositionRefundRequest") -> "Promise<RbsResultResponse>";
    /// `paymentOrderBinding.do`: pays with a stored credential.
    payment_order_binding => "paymentOrderBinding" ("RbsPaymentOrderBindingRequest") -> "Promise<RbsPaymentResponse>";
    /// `getBindings.do`: a client's stored credentials.
    get_bindings => "getBindings" ("RbsGetBindingsRequest") -> "Promise<RbsBindingsResponse>";
    /// `getBindingsByCardOrId.do`: the stored credentials of a card.
    get_bindings_by_card_or_id => "getBindingsByCardOrId" ("RbsGetBindingsByCardOrIdRequest") -> "Promise<RbsBindingsResponse>";
    /// `unBindCard.do`: deactivates a stored credential.
    un_bind_card => "unBindCard" ("RbsBindingRef") -> "Promise<RbsResultResponse>";
    /// `bindCard.do`: reactivates a stored credential.
    bind_card => "bindCard" ("RbsBindingRef") -> "Promise<RbsResultResponse>";
    /// `extendBinding.do`: extends a stored credential's expiry.
    extend_binding => "extendBinding" ("RbsExtendBindingRequest") -> "Promise<RbsResultResponse>";
    /// `recurrentPayment.do` (JSON): registers and pays an order with a stored credential.
    recurrent_payment => "recurrentPayment" ("RbsRecurrentPaymentRequest") -> "Promise<RbsRecurrentPaymentResponse>";
    /// `installmentPayment.do` (JSON): an installment payment.
    installment_payment => "installmentPayment" ("RbsInstallmentPaymentRequest") -> "Promise<RbsInstallmentPaymentResponse>";
    /// `createBindingNoPayment.do`: stores a credential without a payment.
    create_binding_no_payment => "createBindingNoPayment" ("RbsCreateBindingNoPaymentRequest") -> "Promise<RbsCreateBindingNoPaymentResponse>";
    /// `sbp/c2b/qr/dynamic/get.do`: a dynamic SBP QR code for an order.
    sbp_qr_get => "sbpQrGet" ("RbsSbpQrGetRequest") -> "Promise<RbsSbpQrGetResponse>";
    /// `sbp/c2b/qr/status.do`: the status of an SBP QR payment.
    sbp_qr_status => "sbpQrStatus" ("RbsSbpQrRef") -> "Promise<RbsSbpQrStatusResponse>";
    /// `sbp/c2b/qr/dynamic/reject.do`: rejects an SBP QR payment.
    sbp_qr_reject => "sbpQrReject" ("RbsSbpQrRef") -> "Promise<RbsSbpQrRejectResponse>";
    /// `sbp/c2b/getBindings.do`: a client's SBP stored credentials.
    sbp_get_bindings => "sbpGetBindings" ("RbsSbpGetBindingsRequest") -> "Promise<RbsSbpBindingsResponse>";
    /// `sbp/c2b/unBind.do`: deactivates an SBP stored credential.
    sbp_un_bind => "sbpUnBind" ("RbsSbpUnBindRequest") -> "Promise<RbsResultResponse>";
    /// `finish3dsPayment.do`: finishes a 3-D Secure 1 payment with the ACS's PaRes.
    finish3ds_payment => "finish3dsPayment" ("RbsFinish3dsPaymentRequest") -> "Promise<RbsPaymentResponse>";
    /// `finish3dsVer2Payment.do`: finishes a 3-D Secure 2 payment.
    finish3ds_ver2_payment => "finish3dsVer2Payment" ("RbsFinish3dsVer2PaymentRequest") -> "Promise<RbsPaymentResponse>";
    /// `3ds/continue.do`: continues a 3-D Secure 2 payment after the 3DS Method.
    continue3ds => "continue3ds" ("RbsContinue3dsRequest") -> "Promise<RbsPaymentResponse>";
    /// `verifyCard.do`: verifies a card (no payment; the order ends REVERSED).
    verify_card => "verifyCard" ("RbsVerifyCardRequest") -> "Promise<RbsVerifyCardResponse>";
    /// `closeOfdReceipt.do`: closes a fiscal (OFD) receipt.
    close_ofd_receipt => "closeOfdReceipt" ("RbsCloseOfdReceiptRequest") -> "Promise<RbsSuccessResponse>";
    /// `getReceiptStatus.do`: the fiscal receipts of an order.
    get_receipt_status => "getReceiptStatus" ("RbsGetReceiptStatusRequest") -> "Promise<RbsReceiptStatusResponse>";
    /// `templates/create.do` (JSON): creates a payment-link template.
    templates_create => "templatesCreate" ("RbsTemplateCreateRequest") -> "Promise<RbsTemplateResponse>";
    /// `templates/get.do` (JSON): a payment-link template.
    templates_get => "templatesGet" ("RbsTemplateGetRequest") -> "Promise<RbsTemplateResponse>";
    /// `templates/update.do` (JSON): updates a payment-link template.
    templates_update => "templatesUpdate" ("RbsTemplateUpdateRequest") -> "Promise<RbsTemplateResponse>";
    /// `templates/getList.do` (JSON): all payment-link templates.
    templates_get_list => "templatesGetList" ("RbsTemplateGetListRequest") -> "Promise<RbsTemplateListResponse>";
}

/// The name of an RBS `orderStatus` (0–6): `"REGISTERED"`, `"APPROVED"`, `"DEPOSITED"`,
/// `"REVERSED"`, `"REFUNDED"`, `"ACS_AUTH_INITIATED"`, `"DECLINED"`, or `"UNKNOWN"`.
#[wasm_bindgen(js_name = rbsOrderStatusName, unchecked_return_type = "RbsOrderStatusName")]
pub fn rbs_order_status_name(
    #[wasm_bindgen(unchecked_param_type = "number")] status: JsValue,
) -> JsResult<String> {
    Ok(order_status(&read(&status, &client_spec(None)))
        .js()?
        .name()
        .to_string())
}

/// Whether an RBS `orderStatus` means paid: 1 (held) or 2 (deposited), as the reference defines.
#[wasm_bindgen(js_name = rbsOrderStatusIsPaid)]
pub fn rbs_order_status_is_paid(
    #[wasm_bindgen(unchecked_param_type = "number")] status: JsValue,
) -> JsResult<bool> {
    Ok(order_status(&read(&status, &client_spec(None)))
        .js()?
        .is_paid())
}

/// Whether an RBS `orderStatus` is final for a payment attempt (1, 2, 3, 4, 6).
#[wasm_bindgen(js_name = rbsOrderStatusIsFinal)]
pub fn rbs_order_status_is_final(
    #[wasm_bindgen(unchecked_param_type = "number")] status: JsValue,
) -> JsResult<bool> {
    Ok(order_status(&read(&status, &client_spec(None)))
        .js()?
        .is_final())
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
