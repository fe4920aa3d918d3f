//! RBS payment gateway redirects: the 3-D Secure 1 ACS form (`PaReq`, `MD`, `TermUrl`), the 3-D
//! Secure 2 challenge form (`creq`, `threeDSSessionData`), the 3DS Method form
//! (`threeDSMethodData`, posted into a hidden iframe) and the simplified `acsRedirect.do` URL
//! (rbs-payment-gateway-api.txt: paymentorder.do's answers and "Redirect to ACS (simplified)").
//!
//! The URL options are checked under their own names first (so errors say `termUrl`), and every
//! field then goes through the one field check of [`PaymentForm::new`]
//! ([`crate::form::fields`]): `TermUrl` as a URL field, and no value (`PaReq`, `MD`, `creq`, ...)
//! that reads as a `javascript:`, `data:` or `vbscript:` URL.

use crate::form::{short, PaymentForm, Quoted, UrlPolicy};
use crate::http::base_url::check_base_url_with;
use crate::http::encode::percent_encode_component;
use crate::http::url::{check_url, MAX_URL_BYTES};
use crate::options::{Max, Options, Plain};
use crate::{Error, ErrorCode, Result};

/// The test gateway's `acsRedirect.do` (reference: "API URLs", TEST `https://vtb.rbsuat.com/payment/rest/`).
pub const ACS_REDIRECT_TEST: &str = "https://vtb.rbsuat.com/payment/acsRedirect.do";
/// The production gateway's `acsRedirect.do` (reference: PROD `https://platezh.vtb24.ru/payment/rest/`).
pub const ACS_REDIRECT_PRODUCTION: &str = "https://platezh.vtb24.ru/payment/acsRedirect.do";

/// 3-D Secure 1: paymentorder.do answered `acsUrl`, `paReq` and `termUrl`; `md` is the order id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rbs3dsInput {
    /// The ACS page to post to (`acsUrl`).
    pub acs_url: String,
    /// The `paReq` (sent as `PaReq`).
    pub pa_req: String,
    /// Merchant data echoed back by the ACS (sent as `MD`), usually the gateway's order id.
    pub md: String,
    /// Where the ACS returns the buyer (`termUrl`, sent as `TermUrl`).
    pub term_url: String,
    /// Accept local `http://` URLs (tests against an emulator).
    pub allow_insecure_localhost: bool,
}

/// 3-D Secure 2 challenge: paymentorder.do's second answer gave `acsUrl` and `packedCReq`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rbs3ds2ChallengeInput {
    /// The ACS challenge page (`acsUrl`).
    pub acs_url: String,
    /// The packed challenge request (`packedCReq`, sent as `creq`).
    pub creq: String,
    /// Optional session data the ACS returns with the result (sent as `threeDSSessionData`).
    pub three_ds_session_data: Option<String>,
    /// Accept local `http://` URLs (tests against an emulator).
    pub allow_insecure_localhost: bool,
}

/// 3DS Method: paymentorder.do's first answer gave `threeDSMethodURL` and `threeDSMethodDataPacked`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rbs3dsMethodInput {
    /// The ACS 3DS Method URL (`threeDSMethodURL`).
    pub three_ds_method_url: String,
    /// The packed method data (`threeDSMethodDataPacked`, sent as `threeDSMethodData`).
    pub three_ds_method_data: String,
    /// Accept local `http://` URLs (tests against an emulator).
    pub allow_insecure_localhost: bool,
}

/// Where `acsRedirect.do` lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RbsGateway {
    /// The gateway at this base URL: the API URL (`https://host/payment/rest/`) or the payment
    /// root (`https://host/payment/`).
    BaseUrl(String),
    /// VTB's test gateway (`'test'`).
    Test,
    /// VTB's production gateway (`'production'`).
    Production,
}

impl RbsGateway {
    /// `'test'` or `'production'`; anything else is `INVALID_ARGUMENT`.
    pub fn from_environment(name: &str) -> Result<Self> {
        match name {
            "test" => Ok(Self::Test),
            "production" => Ok(Self::Production),
            other => Err(Error::new(
                ErrorCode::InvalidArgument,
                format!(
                    "environment {} must be 'test' or 'production' (or pass baseUrl)",
                    Quoted(short(other))
                ),
            )),
        }
    }
}

impl Rbs3dsInput {
    /// The option names of `rbs3dsForm`.
    pub const OPTIONS: &'static [&'static str] =
        &["acsUrl", "paReq", "md", "termUrl", "allowInsecureLocalhost"];

    /// The input from the options of `rbs3dsForm` (read with `options::spec(Self::OPTIONS)`).
    pub fn from_options(tree: &Plain) -> Result<Self> {
        let o = Options::strict(tree, "rbs3dsForm", Self::OPTIONS)?;
        Ok(Self {
            acs_url: o.string("acsUrl", Max::Url)?,
            pa_req: o.string("paReq", Max::Data)?,
            md: o.string("md", Max::Data)?,
            term_url: o.string("termUrl", Max::Url)?,
            allow_insecure_localhost: o.flag("allowInsecureLocalhost")?,
        })
    }
}

impl Rbs3ds2ChallengeInput {
    /// The option names of `rbs3ds2ChallengeForm`.
    pub const OPTIONS: &'static [&'static str] = &[
        "acsUrl",
        "creq",
        "threeDSSessionData",
        "allowInsecureLocalhost",
    ];

    /// The input from the options of `rbs3ds2ChallengeForm`.
    pub fn from_options(tree: &Plain) -> Result<Self> {
        let o = Options::strict(tree, "rbs3ds2ChallengeForm", Self::OPTIONS)?;
        Ok(Self {
            acs_url: o.string("acsUrl", Max::Url)?,
            creq: o.string("creq", Max::Data)?,
            three_ds_session_data: o.opt_string("threeDSSessionData", Max::Data)?,
            allow_insecure_localhost: o.flag("allowInsecureLocalhost")?,
        })
    }
}

impl Rbs3dsMethodInput {
    /// The option names of `rbs3dsMethodForm`.
    pub const OPTIONS: &'static [&'static str] = &[
        "threeDSMethodURL",
        "threeDSMethodData",
        "allowInsecureLocalhost",
    ];

    /// The input from the options of `rbs3dsMethodForm`.
    pub fn from_options(tree: &Plain) -> Result<Self> {
        let o = Options::strict(tree, "rbs3dsMethodForm", Self::OPTIONS)?;
        Ok(Self {
            three_ds_method_url: o.string("threeDSMethodURL", Max::Url)?,
            three_ds_method_data: o.string("threeDSMethodData", Max::Data)?,
            allow_insecure_localhost: o.flag("allowInsecureLocalhost")?,
        })
    }
}

/// The option names of `rbsAcsRedirectUrl`.
pub const ACS_REDIRECT_OPTIONS: &[&str] = &[
    "baseUrl",
    "environment",
    "orderId",
    "allowInsecureLocalhost",
];

/// `rbsAcsRedirectUrl` from its options: exactly one of `baseUrl` and `environment`, the
/// `orderId`, `allowInsecureLocalhost`.
pub fn rbs_acs_redirect_url_from(tree: &Plain) -> Result<String> {
    let o = Options::strict(tree, "rbsAcsRedirectUrl", ACS_REDIRECT_OPTIONS)?;
    let base = o.opt_string("baseUrl", Max::BaseUrl)?;
    let env = o.opt_string("environment", Max::Short(64))?;
    let gateway = match (base, env) {
        (Some(b), None) => RbsGateway::BaseUrl(b),
        (None, Some(e)) => RbsGateway::from_environment(&e)?,
        _ => {
            return Err(Error::new(
                ErrorCode::InvalidArgument,
                "rbsAcsRedirectUrl: pass exactly one of baseUrl and environment ('test' | 'production')",
            ))
        }
    };
    let order_id = o.string("orderId", Max::Url)?;
    rbs_acs_redirect_url(&gateway, &order_id, o.flag("allowInsecureLocalhost")?)
}

fn required(value: &str, name: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            format!("{name} is empty: pass the value paymentorder.do returned"),
        ));
    }
    Ok(())
}

fn policy(allow: bool) -> UrlPolicy {
    UrlPolicy {
        allow_insecure_localhost: allow,
    }
}

/// The 3-D Secure 1 form: POST `PaReq`, `MD`, `TermUrl` to `acsUrl`.
///
/// ```
/// use kassa::form::RenderOptions;
/// use kassa::rbs::forms::{rbs_3ds_form, Rbs3dsInput};
///
/// let form = rbs_3ds_form(&Rbs3dsInput {
///     acs_url: "https://theacsserver.com/acs/auth/start.do".into(),
///     pa_req: "eJxVUu9vgjAQ/...4BaHYvAI=".into(),
///     md: "01491d0b-c848-7dd6-a20d-e96900a7d8c0".into(),
///     term_url: "https://vtb.rbsuat.com/payment/rest/finish3ds.do?lang=en".into(),
///     allow_insecure_localhost: false,
/// })?;
/// // An auto-submitting page needs the page's CSP nonce; without one it is an error.
/// let options = RenderOptions { auto_submit: true, ..Default::default() };
/// assert!(form.to_html(&options).is_err());
/// let options = RenderOptions { auto_submit: true, nonce: Some("cmFuZG9t".into()), ..Default::default() };
/// assert!(form.to_html(&options)?.contains(r#"<script nonce="cmFuZG9t">"#));
/// # Ok::<(), kassa::Error>(())
/// ```
pub fn rbs_3ds_form(input: &Rbs3dsInput) -> Result<PaymentForm> {
    let p = policy(input.allow_insecure_localhost);
    check_url(&input.acs_url, "acsUrl", p)?;
    required(&input.pa_req, "paReq")?;
    required(&input.md, "md")?;
    check_url(&input.term_url, "termUrl", p)?;
    let fields = vec![
        ("PaReq".to_owned(), input.pa_req.clone()),
        ("MD".to_owned(), input.md.clone()),
        ("TermUrl".to_owned(), input.term_url.clone()),
    ];
    PaymentForm::new(&input.acs_url, p, fields)
}

/// The 3-D Secure 2 challenge form: POST `creq` (and `threeDSSessionData`) to `acsUrl`.
pub fn rbs_3ds2_challenge_form(input: &Rbs3ds2ChallengeInput) -> Result<PaymentForm> {
    let p = policy(input.allow_insecure_localhost);
    check_url(&input.acs_url, "acsUrl", p)?;
    required(&input.creq, "creq")?;
    let mut fields = vec![("creq".to_owned(), input.creq.clone())];
    if let Some(data) = &input.three_ds_session_data {
        fields.push(("threeDSSessionData".to_owned(), data.clone()));
    }
    PaymentForm::new(&input.acs_url, p, fields)
}

/// The 3DS Method form: POST `threeDSMethodData` to `threeDSMethodURL` (into a hidden iframe).
pub fn rbs_3ds_method_form(input: &Rbs3dsMethodInput) -> Result<PaymentForm> {
    let p = policy(input.allow_insecure_localhost);
    check_url(&input.three_ds_method_url, "threeDSMethodURL", p)?;
    required(&input.three_ds_method_data, "threeDSMethodData")?;
    let fields = vec![(
        "threeDSMethodData".to_owned(),
        input.three_ds_method_data.clone(),
    )];
    PaymentForm::new(&input.three_ds_method_url, p, fields)
}

/// `acsRedirect.do?orderId=...`: the simplified redirect to the ACS (a plain GET navigation).
///
/// Errors: `INVALID_ARGUMENT` (empty `orderId`), `INVALID_URL`/`INSECURE_URL` (baseUrl, by the
/// one base-URL rule, [`check_base_url_with`]: at most 2,048 bytes, no query or fragment, `http:`
/// only to loopback with `allow_insecure_localhost`), `PAYLOAD_TOO_LARGE` (an `orderId` over
/// [`MAX_URL_BYTES`]). The URL returned passes [`check_url`] itself.
pub fn rbs_acs_redirect_url(
    gateway: &RbsGateway,
    order_id: &str,
    allow_insecure_localhost: bool,
) -> Result<String> {
    if order_id.is_empty() {
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            "orderId is empty: pass the orderId register.do returned",
        ));
    }
    if order_id.len() > MAX_URL_BYTES {
        return Err(Error::new(
            ErrorCode::PayloadTooLarge,
            format!(
                "orderId is {} bytes long; it must fit in a URL of at most {MAX_URL_BYTES} bytes",
                order_id.len()
            ),
        ));
    }
    let endpoint = match gateway {
        RbsGateway::Test => ACS_REDIRECT_TEST.to_owned(),
        RbsGateway::Production => ACS_REDIRECT_PRODUCTION.to_owned(),
        RbsGateway::BaseUrl(base) => {
            check_base_url_with(base, "baseUrl", policy(allow_insecure_localhost))?;
            let root = crate::text::trim_end_byte(base, b'/');
            let root = root.strip_suffix("/rest").unwrap_or(root);
            format!("{root}/acsRedirect.do")
        }
    };
    let url = format!("{endpoint}?orderId={}", percent_encode_component(order_id));
    // The result is a URL the browser follows: it passes the same check as every other one.
    check_url(
        &url,
        "the acsRedirect.do URL",
        policy(allow_insecure_localhost),
    )?;
    Ok(url)
}
