//! The RBS scenario steps: a merchant's API client (form calls with its credentials), register,
//! read the status, pay on the hosted page, read an answer's errorCode.

use serde_json::{json, Value};

use super::{form, Sandbox};

/// One merchant's RBS API, with its credentials from the startup line.
pub struct Rbs<'a> {
    /// The emulator.
    pub sb: &'a Sandbox,
    /// Its API user name.
    pub user: String,
    /// Its API password.
    pub password: String,
}

impl<'a> Rbs<'a> {
    /// The merchant `name` of the startup line (`plain`, `hmac`, `rsa`, …).
    pub fn merchant(sb: &'a Sandbox, name: &str) -> Rbs<'a> {
        let m = sb.info["rbs"]["merchants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["name"] == name)
            .unwrap();
        Rbs {
            sb,
            user: m["userName"].as_str().unwrap().into(),
            password: m["password"].as_str().unwrap().into(),
        }
    }

    /// POST `/payment/rest/{endpoint}` with the credentials and `params` (asserts a 200).
    pub async fn call(&self, endpoint: &str, params: &[(&str, &str)]) -> Value {
        let mut all = vec![
            ("userName", self.user.as_str()),
            ("password", self.password.as_str()),
        ];
        all.extend_from_slice(params);
        raw(self.sb, endpoint, &form(&all)).await
    }

    /// [`Rbs::call`] with owned pairs.
    pub async fn call_owned(&self, endpoint: &str, params: &[(String, String)]) -> Value {
        let borrowed: Vec<(&str, &str)> = params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        self.call(endpoint, &borrowed).await
    }

    /// The errorCode of [`Rbs::call`] (see [`code`]).
    pub async fn code(&self, endpoint: &str, params: &[(&str, &str)]) -> String {
        code(&self.call(endpoint, params).await)
    }

    /// The errorCode of `endpoint` on order `id` with `amount` (refund, deposit, …).
    pub async fn amount_code(&self, endpoint: &str, id: &str, amount: &str) -> String {
        self.code(endpoint, &[("orderId", id), ("amount", amount)])
            .await
    }

    /// POST `/payment/{endpoint}` with a JSON body and the credentials.
    pub async fn json_call(&self, endpoint: &str, mut body: Value) -> Value {
        body["userName"] = json!(self.user);
        body["password"] = json!(self.password);
        self.sb
            .post_json(self.sb.url(&format!("/payment/{endpoint}")), &body)
            .await
    }

    /// register.do (returnUrl `https://shop.test/ok`, failUrl `https://shop.test/fail`, and
    /// `extra`); the orderId.
    pub async fn register(&self, number: &str, amount: &str, extra: &[(&str, &str)]) -> String {
        self.register_at("register.do", number, amount, extra).await
    }

    /// [`Rbs::register`] through `endpoint` (register.do, registerPreAuth.do).
    pub async fn register_at(
        &self,
        endpoint: &str,
        number: &str,
        amount: &str,
        extra: &[(&str, &str)],
    ) -> String {
        let mut p = vec![
            ("orderNumber", number),
            ("amount", amount),
            ("returnUrl", "https://shop.test/ok"),
            ("failUrl", "https://shop.test/fail"),
        ];
        p.extend_from_slice(extra);
        let v = self.call(endpoint, &p).await;
        v["orderId"]
            .as_str()
            .unwrap_or_else(|| panic!("register failed: {v}"))
            .to_string()
    }

    /// getOrderStatusExtended.do of order `id`.
    pub async fn status(&self, id: &str) -> Value {
        self.call("getOrderStatusExtended.do", &[("orderId", id)])
            .await
    }

    /// Pays order `id` on the hosted page with `pan` and asserts the redirect to
    /// `https://shop.test/{back}?orderId={id}&lang=ru`.
    pub async fn assert_pays(&self, id: &str, pan: &str, back: &str) {
        assert_eq!(
            self.pay_hosted(id, pan).await,
            format!("https://shop.test/{back}?orderId={id}&lang=ru")
        );
    }

    /// Asserts the buyer's return to the store: `r` is a 303 to
    /// `https://shop.test/{back}?orderId={id}&lang=ru`, and the order is then in `status`.
    pub async fn assert_returned(&self, r: reqwest::Response, back: &str, id: &str, status: i64) {
        assert_eq!(r.status(), 303);
        assert_eq!(
            r.headers()["location"],
            format!("https://shop.test/{back}?orderId={id}&lang=ru").as_str()
        );
        assert_eq!(self.status(id).await["orderStatus"], status);
    }

    /// Pays on the hosted page with a card; returns the Location of the final redirect.
    pub async fn pay_hosted(&self, id: &str, pan: &str) -> String {
        let r = self
            .sb
            .post_form(
                self.sb.url("/payment/merchants/sandbox/pay"),
                form(&[
                    ("mdOrder", id),
                    ("pan", pan),
                    ("expiry", "12/30"),
                    ("cvc", "123"),
                    ("holder", "Test Holder"),
                    ("action", "pay"),
                ]),
            )
            .await;
        assert_eq!(r.status(), 303);
        r.headers()["location"].to_str().unwrap().to_string()
    }
}

/// The merchants' HMAC callback key of the startup line.
pub fn hmac_key(sb: &Sandbox) -> Vec<u8> {
    sb.info["rbs"]["hmacKey"]
        .as_str()
        .unwrap()
        .as_bytes()
        .to_vec()
}

/// kassa's callback verifier with the HMAC key of the startup line.
pub fn hmac_verifier(sb: &Sandbox) -> kassa::rbs::callback::CallbackVerifier {
    kassa::rbs::callback::CallbackVerifier::new(Some(hmac_key(sb)), vec![]).unwrap()
}

/// POST a raw form `body` to `/payment/rest/{endpoint}` (asserts a 200).
pub async fn raw(sb: &Sandbox, endpoint: &str, body: &str) -> Value {
    let r = sb
        .post_form(
            sb.url(&format!("/payment/rest/{endpoint}")),
            body.to_string(),
        )
        .await;
    assert_eq!(r.status(), 200, "{endpoint}");
    r.json().await.unwrap()
}

/// An answer's errorCode as text (string or number), "absent" without one.
pub fn code(v: &Value) -> String {
    match &v["errorCode"] {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => "absent".into(),
    }
}

/// The value of parameter `name` among callback `params`.
pub fn param(params: &[(String, String)], name: &str) -> Option<String> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}
