//! What the RBS reference (`/work/shared/api-docs/rbs-payment-gateway-api.txt`, cited by line)
//! says of each endpoint: where it lives, the body it takes, its Mandatory parameters. The
//! emulator is as strict as that, and no stricter:
//!
//! - **Paths**: each endpoint only at the path the reference prints: below `/payment/rest/`, but
//!   recurrentPayment.do (line 3662) and installmentPayment.do (line 3883) below `/payment/`. Any
//!   other path is 404, the reference's answer for "URL is incorrect" (line 34). One exception,
//!   where the reference contradicts itself: the processRawPositionRefund.do section (line 3103)
//!   prints its sample with the URL `processRawPositionOrderRefund.do` (line 3212): both are served.
//! - **Method**: POST only ("Make sure to send requests as POST with attributes in the body",
//!   line 3; "All the request parameters are included into the request body (not into the URL)",
//!   line 97): another method is 405 with `Allow: POST` (the reference names no code for it: our
//!   choice), and parameters in the query string are not read.
//! - **Content-Type**: the one the section prints ("When sending the request, you should use the
//!   header: Content-Type: ..."): `application/x-www-form-urlencoded` or `application/json`; a
//!   request with another is 415, with the endpoint's error shape and errorCode 5 (the reference is
//!   silent: our choice). The exception, where the reference contradicts itself:
//!   sbp/c2b/qr/dynamic/reject.do says form (line 4390) but its sample sends
//!   `content-type: application/json` with form fields (line 4417): a form body is read whatever
//!   of the two types it is declared as.
//! - **Mandatory parameters**: "the parameter must always be included. If it is not provided, an
//!   empty value should be passed" (line 6): a Mandatory parameter that is absent is errorCode 4
//!   `[name] is missing`; one present but empty passes this check (the endpoint then reads the
//!   value as absent). userName/password are checked by authentication (line 12: login and
//!   password, or a token), not here. Conditional parameters are checked by each endpoint.
//!   Where the reference's own sample leaves out a parameter its table marks Mandatory, the sample
//!   wins (the parameter is optional here) and [`Spec::mandatory`] says so next to it.
//! - **Names**: the table's spelling only, except where the reference spells a name two ways
//!   (accepted both ways, named at each place in the code): templates/*.do `username` in every
//!   sample (lines 5661, 5835, 5989, 6100) and `userName` in the tables (line 5541);
//!   `threeDSServerTransID` (sample, line 1458) and `threeDSServerTransId` (tables, lines 4583,
//!   4718).

use axum::response::{IntoResponse, Json, Response};
use serde_json::json;

use super::merchants::Merchant;
pub use super::params::Body;
use super::params::{Params, RbsError, RbsResult};
use super::state::Rbs;

/// An RBS API operation: runs after parsing, expiry and authentication.
pub type Op = fn(&Rbs, &Merchant, &Params) -> RbsResult;

/// How an endpoint reports errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `{"errorCode": "N", "errorMessage"}` (most endpoints).
    Standard,
    /// recurrentPayment.do: `{"error": {"code", "description", "message"}, "success": false}`.
    Recurrent,
    /// templates/*.do: `{"status": "FAIL", "error": {"code", "description", "message"}}`.
    Template,
    /// paymentorder.do, paymentOrderBinding.do: `{"error", "errorCode": N, "is3DSVer2": false, "errorMessage"}`.
    Payment,
}

impl Style {
    /// The error answer in this style.
    pub fn error(self, e: RbsError) -> Response {
        match self {
            Style::Standard => e.into_response(),
            Style::Recurrent => Json(json!({
                "error": { "code": e.code.to_string(), "description": e.message, "message": e.message },
                "success": false,
            }))
            .into_response(),
            Style::Payment => Json(json!({
                "error": e.message,
                "errorCode": e.code,
                "is3DSVer2": false,
                "errorMessage": e.message,
            }))
            .into_response(),
            Style::Template => Json(json!({
                "status": "FAIL",
                "error": { "code": e.code.to_string(), "description": e.message, "message": e.message },
            }))
            .into_response(),
        }
    }
}

/// One endpoint of the reference.
#[derive(Clone, Copy)]
pub struct Spec {
    /// The path below `/payment/rest/` (or below `/payment/` when `rest` is false).
    pub name: &'static str,
    /// Below `/payment/rest/` (true) or `/payment/` (false).
    pub rest: bool,
    /// Its body.
    pub body: Body,
    /// Its Mandatory parameters besides userName/password (top-level table of its section).
    pub mandatory: &'static [&'static str],
    /// The line of its section in the reference.
    pub line: u32,
    /// What it does.
    pub op: Op,
    /// Its error shape.
    pub style: Style,
}

/// The full path of an endpoint.
pub fn path(spec: &Spec) -> String {
    if spec.rest {
        format!("/payment/rest/{}", spec.name)
    } else {
        format!("/payment/{}", spec.name)
    }
}

/// Whether the endpoint reads a form body declared as JSON (sbp/c2b/qr/dynamic/reject.do: the
/// reference's section says form, line 4390; its sample declares JSON, line 4417).
pub fn form_declared_json_ok(spec: &Spec) -> bool {
    spec.name == "sbp/c2b/qr/dynamic/reject.do"
}

/// Whether `username` (the templates samples' spelling) authenticates like `userName`.
pub fn lower_case_username_ok(spec: &Spec) -> bool {
    spec.name.starts_with("templates/")
}
