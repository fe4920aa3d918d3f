//! The Mobile Cashier payment form: a POST to `https://payment.{domain}/{externalOrderId}` with the
//! hidden `successUrl` and `failUrl` fields (mobile-cashier-api.txt, "Payment Form").

use crate::form::{fields, short, PaymentForm, Quoted, UrlPolicy};
use crate::http::base_url::check_base_url_with;
use crate::http::encode::percent_encode_component;
use crate::http::url::MAX_URL_BYTES;
use crate::http::url::{check_dns_name, check_port, check_url, is_canonical_ipv4, is_local_host};
use crate::options::{Max, Options, Plain};
use crate::text;
use crate::{Error, ErrorCode, Result};

/// What [`cashier_payment_form`] needs (JavaScript: `cashierPaymentForm({...})`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CashierFormInput {
    /// The Mobile Cashier domain, a bare hostname such as `example.com` (the form posts to
    /// `payment.{domain}`). With `allow_insecure_localhost`, also a loopback host with an optional
    /// port — `localhost[:PORT]`, `*.localhost[:PORT]` (posting to `payment.` that host) or
    /// `127.x.y.z[:PORT]` (posting to it directly) — which gives `http://` (an emulator).
    pub domain: String,
    /// The `externalOrderId` the order-creation call returned; sent as one path segment.
    pub external_order_id: String,
    /// Where the payment page sends the buyer after a successful payment.
    pub success_url: Option<String>,
    /// Where the payment page sends the buyer after a failed payment.
    pub fail_url: Option<String>,
    /// More hidden fields, sent after `successUrl` and `failUrl` in this order.
    pub fields: Vec<(String, String)>,
    /// Accept local `http://` for the domain and the return URLs (tests against an emulator).
    pub allow_insecure_localhost: bool,
}

impl CashierFormInput {
    /// The option names of `cashierPaymentForm`.
    pub const OPTIONS: &'static [&'static str] = &[
        "domain",
        "externalOrderId",
        "successUrl",
        "failUrl",
        "fields",
        "allowInsecureLocalhost",
    ];

    /// The input from the options of `cashierPaymentForm` (read with
    /// `options::spec(Self::OPTIONS)`).
    pub fn from_options(tree: &Plain) -> Result<Self> {
        let o = Options::strict(tree, "cashierPaymentForm", Self::OPTIONS)?;
        Ok(Self {
            domain: o.string("domain", Max::Domain)?,
            external_order_id: o.string("externalOrderId", Max::Url)?,
            success_url: o.opt_string("successUrl", Max::Url)?,
            fail_url: o.opt_string("failUrl", Max::Url)?,
            fields: o.fields("fields")?,
            allow_insecure_localhost: o.flag("allowInsecureLocalhost")?,
        })
    }
}

fn bad_domain(domain: &str, why: &str) -> Error {
    let domain = Quoted(short(domain));
    Error::new(
        ErrorCode::InvalidDomain,
        format!(
            "domain {domain} must be a bare hostname like \"example.com\" (the form posts to \
             https://payment.{{domain}}/...): {why}"
        ),
    )
}

/// The form's action for `domain` and the already-encoded order segment.
fn action_for(domain: &str, segment: &str, allow_local: bool) -> Result<String> {
    if domain.is_empty() {
        return Err(bad_domain(domain, "it is empty"));
    }
    if domain.len() > 253 + 6 {
        return Err(bad_domain(domain, "a hostname has at most 253 bytes"));
    }
    if text::find(domain, "://").is_some() || text::find_any(domain, b"/\\?#").is_some() {
        return Err(bad_domain(domain, "no scheme, path, query or fragment"));
    }
    if text::has_byte(domain, b'@') {
        return Err(bad_domain(domain, "no user name or password"));
    }
    if domain.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad_domain(domain, "no whitespace or control characters"));
    }
    let (host, port) = match text::split_once_byte(domain, b':') {
        Some((h, p)) => (h, Some(p)),
        None => (domain, None),
    };
    // Loopback by the one definition (IPv6 literals aside: a bare domain has no brackets).
    let local = is_local_host(host) && !host.starts_with('[');
    if allow_local && local {
        if let Some(p) = port {
            check_port(p).map_err(|why| bad_domain(domain, why))?;
        }
        // An IP address has no room for the `payment.` prefix: the emulator is reached directly.
        let prefix = if is_canonical_ipv4(host) {
            ""
        } else {
            "payment."
        };
        return with_base(format!("http://{prefix}{domain}/"), segment, allow_local);
    }
    if port.is_some() {
        let hint = if local {
            "; for a local emulator pass allowInsecureLocalhost: true"
        } else {
            ""
        };
        return Err(bad_domain(domain, &format!("no port{hint}")));
    }
    check_dns_name(domain).map_err(|why| bad_domain(domain, why))?;
    let last = text::after_last(domain, b'.');
    if last.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad_domain(
            domain,
            "an IP address cannot take the payment. prefix",
        ));
    }
    with_base(format!("https://payment.{domain}/"), segment, allow_local)
}

/// The action: the form's base URL, held to the one base-URL rule
/// ([`check_base_url_with`]), and the order segment.
fn with_base(base: String, segment: &str, allow_local: bool) -> Result<String> {
    let policy = UrlPolicy {
        allow_insecure_localhost: allow_local,
    };
    check_base_url_with(&base, "the payment form's base URL", policy)?;
    Ok(base + segment)
}

/// The Mobile Cashier payment form for an order.
///
/// ```
/// use kassa::cashier::forms::{cashier_payment_form, CashierFormInput};
///
/// let form = cashier_payment_form(&CashierFormInput {
///     domain: "example.com".into(),
///     external_order_id: "ord 42".into(),
///     success_url: Some("https://shop.example/ok".into()),
///     fields: vec![("comment".into(), "Заказ №42".into())],
///     ..Default::default()
/// })?;
/// assert_eq!(form.action(), "https://payment.example.com/ord%2042");
/// assert_eq!(form.fields()[0], ("successUrl".into(), "https://shop.example/ok".into()));
/// let html = form.to_html(&Default::default())?;
/// assert!(html.contains(r#"<input type="hidden" name="comment" value="Заказ №42">"#));
/// # Ok::<(), kassa::Error>(())
/// ```
///
/// `successUrl`, `failUrl` and every extra field go through the one field check of
/// [`PaymentForm::new`] ([`crate::form::fields`]): the same URL rule applies to `successUrl` given
/// as an option and given in `fields`, and no field value may read as a `javascript:`, `data:`
/// or `vbscript:` URL.
///
/// Errors: `INVALID_DOMAIN` (domain not a bare hostname), `INVALID_ARGUMENT` (empty
/// `externalOrderId`, or `.`/`..`), `INVALID_URL`/`INSECURE_URL` (return URLs, URL fields, script
/// URLs in values), `DUPLICATE_PARAMETER` (an extra field repeats a name), `TOO_MANY_PARAMETERS`
/// / `PAYLOAD_TOO_LARGE` (the limits of [`crate::form::fields`]).
pub fn cashier_payment_form(input: &CashierFormInput) -> Result<PaymentForm> {
    let id = input.external_order_id.as_str();
    if id.len() > MAX_URL_BYTES {
        return Err(Error::new(
            ErrorCode::PayloadTooLarge,
            format!(
                "externalOrderId is {} bytes long; it must fit in a URL of at most \
                 {MAX_URL_BYTES} bytes",
                id.len()
            ),
        ));
    }
    if id.is_empty() || id == "." || id == ".." {
        let id = Quoted(short(id));
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            format!(
                "externalOrderId {id} is not usable as an order id: pass the externalOrderId \
                 the order-creation call returned"
            ),
        ));
    }
    let action = action_for(
        &input.domain,
        &percent_encode_component(id),
        input.allow_insecure_localhost,
    )?;
    let policy = UrlPolicy {
        allow_insecure_localhost: input.allow_insecure_localhost,
    };
    // The limits before anything is copied (PaymentForm::new checks them again with the named
    // fields included).
    fields::check_limits(input.fields.len(), fields::size_of(&input.fields))?;
    let mut fields = Vec::with_capacity(input.fields.len() + 2);
    for (name, value) in [
        ("successUrl", &input.success_url),
        ("failUrl", &input.fail_url),
    ] {
        if let Some(url) = value {
            check_url(url, name, policy)?;
            fields.push((name.to_owned(), url.clone()));
        }
    }
    fields.extend(input.fields.iter().cloned());
    PaymentForm::new(&action, policy, fields)
}
