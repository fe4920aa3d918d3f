//! Starts the real binary on port 0 and reads its startup line.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

pub mod rbs;

/// A running emulator; killed on drop.
pub struct Sandbox {
    child: Child,
    /// The startup JSON line.
    pub info: Value,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// An HTTP client without proxies or redirects.
    pub http: reqwest::Client,
}

impl Sandbox {
    /// Starts with fast callbacks (3 attempts, 100 ms apart) and the given extra flags.
    pub fn start(extra: &[&str]) -> Sandbox {
        let mut args = vec![
            "--port",
            "0",
            "--callback-attempts",
            "3",
            "--callback-interval-ms",
            "100",
            "--quiet",
        ];
        args.extend_from_slice(extra);
        let mut child = Command::new(env!("CARGO_BIN_EXE_kassa-sandbox"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn kassa-sandbox");
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let info: Value = serde_json::from_str(&line).expect("startup JSON line");
        let base = info["baseUrl"].as_str().unwrap().to_string();
        let http = reqwest::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap();
        Sandbox {
            child,
            info,
            base,
            http,
        }
    }

    /// `baseUrl + path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// POST a JSON value to an admin endpoint.
    pub async fn admin_post(&self, path: &str, body: Value) -> Value {
        let r = self
            .http
            .post(self.url(&format!("/__admin{path}")))
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "admin {path}: {}", r.status());
        r.json().await.unwrap()
    }

    /// GET an admin endpoint.
    pub async fn admin_get(&self, path: &str) -> Value {
        json_of(self.http.get(self.url(&format!("/__admin{path}")))).await
    }

    /// GET `path` (below the base URL); the answer (panics if nothing answered).
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(self.url(path)).send().await.unwrap()
    }

    /// The status of GET `path` (below the base URL).
    pub async fn status_of(&self, path: &str) -> reqwest::StatusCode {
        self.get(path).await.status()
    }

    /// Arms one fault.
    pub async fn fault(&self, endpoint: &str, kind: &str, count: u32) {
        self.admin_post("/faults", serde_json::json!({"endpoint": endpoint, "kind": kind, "count": count, "delayMs": 300, "retryAfter": 7})).await;
    }

    /// Polls the notification log until `pred` holds (at most ~10 s: CI machines are slow).
    pub async fn wait_notifications(&self, pred: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        for _ in 0..200 {
            let list = self.admin_get("/notifications").await["notifications"]
                .as_array()
                .unwrap()
                .clone();
            if pred(&list) {
                return list;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("notifications never matched");
    }

    /// Waits until exactly `count` notifications are logged, all delivered.
    pub async fn wait_delivered(&self, count: usize) -> Vec<Value> {
        self.wait_notifications(|l| l.len() == count && l.iter().all(|n| n["delivered"] == true))
            .await
    }
}

impl Sandbox {
    /// POSTs a form-encoded body to `url` and returns the answer (panics if nothing answered).
    pub async fn post_form(
        &self,
        url: impl reqwest::IntoUrl,
        body: impl Into<reqwest::Body>,
    ) -> reqwest::Response {
        self.http
            .post(url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap()
    }
}

impl Sandbox {
    /// GET `url` and return the body text.
    pub async fn get_text(&self, url: impl reqwest::IntoUrl) -> String {
        let r = self.http.get(url).send().await.unwrap();
        r.text().await.unwrap()
    }

    /// POST a JSON `body` to `url` and return the answer's JSON.
    pub async fn post_json(&self, url: impl reqwest::IntoUrl, body: &Value) -> Value {
        json_of(self.http.post(url).json(body)).await
    }

    /// POST a JSON `body` to `path` (below the base URL); the answer.
    pub async fn post_json_response(&self, path: &str, body: &Value) -> reqwest::Response {
        self.http
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// A POST of a printed sample `s` (its `contentType`, `body` and `headers`) to `path`.
    pub fn sample_request(&self, path: &str, s: &Value) -> reqwest::RequestBuilder {
        let mut req = self
            .http
            .post(self.url(path))
            .header("content-type", s["contentType"].as_str().unwrap())
            .body(s["body"].as_str().unwrap().to_string());
        if let Some(h) = s["headers"].as_object() {
            for (k, v) in h {
                req = req.header(k, v.as_str().unwrap());
            }
        }
        req
    }

    /// POST a form-encoded body to `url` and return the answer's text.
    pub async fn post_form_text(
        &self,
        url: impl reqwest::IntoUrl,
        body: impl Into<reqwest::Body>,
    ) -> String {
        self.post_form(url, body).await.text().await.unwrap()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The HTTP statuses of a notification's delivery attempts, in order.
pub fn attempt_statuses(notification: &Value) -> Vec<Value> {
    notification["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["status"].clone())
        .collect()
}

/// Asserts an error answer: HTTP `status` with the gateway's `code` in the body's `code` field.
pub fn assert_error(answer: &(u16, Value), status: u16, code: &str) {
    assert_eq!(
        (answer.0, answer.1["code"].as_str()),
        (status, Some(code)),
        "{}",
        answer.1
    );
}

/// Sends `request` and reads the answer's JSON (panics on a transport error or no JSON).
pub async fn json_of(request: reqwest::RequestBuilder) -> Value {
    request.send().await.unwrap().json().await.unwrap()
}

/// Form-encodes owned pairs (e.g. the hidden fields of a page).
pub fn form_owned(pairs: &[(String, String)]) -> String {
    let borrowed: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    form(&borrowed)
}

/// Form-encodes pairs.
pub fn form(pairs: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish()
}

/// The hidden inputs of the first form in an emulator page, unescaped, in order.
pub fn hidden_fields(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for part in html.split("<input type=\"hidden\" ").skip(1) {
        let name = attr(part, "name");
        let value = attr(part, "value");
        out.push((name, value));
    }
    out
}

/// The action of the first form.
pub fn form_action(html: &str) -> String {
    let start = html.find("<form").expect("a form");
    attr(&html[start..], "action")
}

fn attr(text: &str, name: &str) -> String {
    let key = format!("{name}=\"");
    let start = text.find(&key).expect("attribute") + key.len();
    let end = text[start..].find('"').unwrap() + start;
    unescape(&text[start..end])
}

/// Undoes the emulator's HTML escaping (kassa's `escape_html`).
pub fn unescape(text: &str) -> String {
    text.replace("&#10;", "\n")
        .replace("&#13;", "\r")
        .replace("&#9;", "\t")
        .replace("&#96;", "`")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The JSON inside `<pre id="kassa-received">`.
pub fn received(html: &str) -> Value {
    let start = html
        .find("<pre id=\"kassa-received\">")
        .expect("kassa-received")
        + "<pre id=\"kassa-received\">".len();
    let end = html[start..].find("</pre>").unwrap() + start;
    serde_json::from_str(&unescape(&html[start..end])).unwrap()
}

/// Pairs from a list of `[name, value]` JSON arrays.
pub fn pairs(v: &Value) -> Vec<(String, String)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap().to_string(),
                p[1].as_str().unwrap().to_string(),
            )
        })
        .collect()
}
