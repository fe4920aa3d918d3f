//! The Mobile Cashier endpoints and their requests.
//!
//! The reference (OpenAPI 1.1.7 rendered as text) names the operations and their parameters but
//! prints only two paths (`/public/login`, `POST /order`); the other paths below follow its
//! wording (`/order` + the order id + the operation) and are kept in this one table.

use serde_json::{Map, Value};

use crate::http::encode::{form_encode_component, join_url, percent_encode_component};
use crate::http::{HttpRequest, Method};
use crate::{Error, ErrorCode, Result};

/// Where an endpoint takes its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// No body; optional query parameters from the call's object.
    Query,
    /// A JSON body.
    Body,
    /// Nothing but path parameters.
    None,
}

/// One Mobile Cashier endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    /// The JavaScript method name.
    pub method: &'static str,
    /// The HTTP method.
    pub http: Method,
    /// The path under the base URL; `{id}` and `{tspCode}` are path parameters.
    pub path: &'static str,
    /// Where the call's object goes.
    pub input: Input,
    /// Whether the call needs the bearer token from `/public/login`.
    pub auth: bool,
}

const fn ep(
    method: &'static str,
    http: Method,
    path: &'static str,
    input: Input,
    auth: bool,
) -> Endpoint {
    Endpoint {
        method,
        http,
        path,
        input,
        auth,
    }
}

/// Every operation of the reference.
pub const ENDPOINTS: &[Endpoint] = &[
    ep("login", Method::Post, "public/login", Input::Body, false),
    ep("listOrders", Method::Get, "orders", Input::Query, true),
    ep("createOrder", Method::Post, "order", Input::Body, true),
    ep("getOrder", Method::Get, "order/{id}", Input::None, true),
    ep(
        "refund",
        Method::Post,
        "order/{id}/refund",
        Input::Body,
        true,
    ),
    ep(
        "orderStatus",
        Method::Get,
        "order/{id}/status",
        Input::None,
        true,
    ),
    ep(
        "qrcData",
        Method::Post,
        "order/{id}/qrcData",
        Input::None,
        true,
    ),
    ep(
        "payoutIps",
        Method::Post,
        "order/{id}/payout/ips",
        Input::Body,
        true,
    ),
    ep("banks", Method::Get, "banks", Input::None, true),
    ep(
        "sberPay",
        Method::Post,
        "order/{id}/sberPay",
        Input::Body,
        true,
    ),
    ep(
        "payoutCard",
        Method::Post,
        "order/{id}/payout/card",
        Input::Body,
        true,
    ),
    ep(
        "paymentFormOrder",
        Method::Post,
        "order/{id}/form/{tspCode}",
        Input::None,
        true,
    ),
    ep("authorize", Method::Post, "authorize", Input::Body, true),
    ep("charge", Method::Post, "charge", Input::Body, true),
    ep("void", Method::Post, "void", Input::Body, true),
];

/// The endpoint with this JavaScript method name.
pub fn endpoint(method: &str) -> Result<&'static Endpoint> {
    crate::http::endpoint::find(ENDPOINTS, |e| e.method, method, "Mobile Cashier")
}

/// The amount fields of Mobile Cashier bodies (kopecks).
const AMOUNT_KEYS: [&str; 3] = ["orderAmount", "paymentAmount", "amount"];

/// Checks amounts (non-negative integers) and, for `createOrder`, that `orderAmount` or
/// `paymentAmount` is given (the reference's "one of").
pub fn validate(method: &str, body: &Map<String, Value>) -> Result<()> {
    crate::http::amount::check_amounts(body, |k| AMOUNT_KEYS.contains(&k))?;
    if method == "createOrder"
        && !(body.contains_key("orderAmount") || body.contains_key("paymentAmount"))
    {
        return Err(Error::new(
            ErrorCode::InvalidAmount,
            "createOrder needs orderAmount (in the order currency, fees added) or paymentAmount (what the buyer pays, fees deducted), in kopecks",
        ));
    }
    Ok(())
}

fn strip_empty(body: &Map<String, Value>) -> Map<String, Value> {
    body.iter()
        .filter(|(_, v)| !(v.is_null() || v.as_str() == Some("")))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn path_param(name: &str, value: Option<&str>) -> Result<String> {
    match value.filter(|v| !v.is_empty()) {
        Some(v) => Ok(percent_encode_component(v)),
        None => Err(Error::new(
            ErrorCode::InvalidArgument,
            format!("{name} is required"),
        )),
    }
}

/// Builds the request (without the `authorization` and `x-req-id` headers, added per attempt
/// by the call machine). `id` and `tsp_code` fill the path parameters.
pub fn build(
    base_url: &str,
    endpoint: &Endpoint,
    id: Option<&str>,
    tsp_code: Option<&str>,
    body: &Map<String, Value>,
    timeout_ms: u64,
) -> Result<HttpRequest> {
    let mut path = endpoint.path.to_string();
    if path.contains("{id}") {
        path = path.replace("{id}", &path_param("id", id)?);
    }
    if path.contains("{tspCode}") {
        path = path.replace("{tspCode}", &path_param("tspCode", tsp_code)?);
    }
    validate(endpoint.method, body)?;
    let body = strip_empty(body);
    let mut url = join_url(base_url, &path);
    if endpoint.input == Input::Query && !body.is_empty() {
        let mut q = String::new();
        for (k, v) in &body {
            q.push(if q.is_empty() { '?' } else { '&' });
            form_encode_component(k, &mut q);
            q.push('=');
            let s = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            form_encode_component(&s, &mut q);
        }
        url.push_str(&q);
    }
    let req = HttpRequest::new(endpoint.http, url, timeout_ms).header("accept", "application/json");
    Ok(match (endpoint.http, endpoint.input) {
        (Method::Get, _) => req,
        (_, Input::Body) => req.body(
            "application/json",
            Value::Object(body).to_string().into_bytes(),
        ),
        _ => req.body("application/json", b"{}".to_vec()),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn create_order_sample_of_the_reference() {
        // "Creating an order" request sample.
        let sample = json!({"merchantOrderId": "merchantOrderId", "orderAmount": 100, "orderCurrency": "EUR",
                            "tspId": 1, "description": "comment", "callbackUrl": "callback.com"});
        let r = build(
            "https://mc.test/api/",
            endpoint("createOrder").unwrap(),
            None,
            None,
            &obj(sample.clone()),
            1,
        )
        .unwrap();
        assert_eq!(r.url, "https://mc.test/api/order");
        assert_eq!(r.method, Method::Post);
        assert_eq!(serde_json::from_slice::<Value>(&r.body).unwrap(), sample);
    }

    #[test]
    fn list_orders_query_and_path_params() {
        let r = build(
            "https://mc.test/api",
            endpoint("listOrders").unwrap(),
            None,
            None,
            &obj(json!({"tspId": 1, "dateFrom": "2024-01-01T00:00:00Z", "status": "PAID", "limit": 30, "offset": null})),
            1,
        )
        .unwrap();
        assert_eq!(r.url, "https://mc.test/api/orders?tspId=1&dateFrom=2024-01-01T00%3A00%3A00Z&status=PAID&limit=30");
        assert!(r.body.is_empty());
        let r = build(
            "https://mc.test/api",
            endpoint("paymentFormOrder").unwrap(),
            Some("42"),
            Some("shop 1"),
            &Map::new(),
            1,
        )
        .unwrap();
        assert_eq!(r.url, "https://mc.test/api/order/42/form/shop%201");
        let e = build(
            "https://mc.test/api",
            endpoint("getOrder").unwrap(),
            None,
            None,
            &Map::new(),
            1,
        )
        .unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidArgument);
    }

    #[test]
    fn amounts_are_checked() {
        let ep = endpoint("createOrder").unwrap();
        for bad in [
            json!({"orderAmount": 1.5}),
            json!({"paymentAmount": -3}),
            json!({"tspId": 1}),
        ] {
            assert_eq!(
                build("https://x", ep, None, None, &obj(bad), 1)
                    .unwrap_err()
                    .code(),
                ErrorCode::InvalidAmount
            );
        }
        let refund = endpoint("refund").unwrap();
        // The refund sample: {"amount": 300}; no amount means a full refund.
        assert!(build(
            "https://x",
            refund,
            Some("1"),
            None,
            &obj(json!({"amount": 300})),
            1
        )
        .is_ok());
        assert!(build("https://x", refund, Some("1"), None, &Map::new(), 1).is_ok());
    }
}
