//! HTML helpers: escaping, the page frame, and the "what I received" report every form-receiving
//! page renders (`<pre id="kassa-received">JSON</pre>`, see contracts.md).

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;

/// Escapes text for element content and quoted attribute values: kassa's own escaper (the one
/// its payment forms use), so the emulator's pages escape exactly as the forms it receives.
pub use kassa::form::escape_html as escape;

/// A complete page with the emulator's small stylesheet.
pub fn page(title: &str, body: &str) -> Response {
    Html(format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{t}</title><style>{STYLE}</style></head>\n<body><main>\n<p class=\"badge\">kassa-sandbox · test environment · no real money</p>\n{body}\n</main></body></html>\n",
        t = escape(title)
    ))
    .into_response()
}

const STYLE: &str = "body{font:16px/1.45 system-ui,sans-serif;background:#f4f5f7;color:#1d2330;margin:0}\
main{max-width:34rem;margin:2rem auto;background:#fff;border-radius:12px;padding:1.5rem 1.75rem;box-shadow:0 2px 12px #0001}\
.badge{font-size:.75rem;color:#8a5a00;background:#fff4d6;display:inline-block;padding:.15rem .5rem;border-radius:6px}\
h1{font-size:1.35rem;margin:.5rem 0 1rem}label{display:block;margin:.6rem 0 .2rem;font-size:.9rem;color:#4b5563}\
input,select{width:100%;box-sizing:border-box;font:inherit;padding:.5rem;border:1px solid #cbd0d8;border-radius:8px}\
button{font:inherit;margin-top:1rem;padding:.6rem 1.2rem;border:0;border-radius:8px;background:#1f6feb;color:#fff;cursor:pointer}\
button.secondary{background:#6b7280}table{border-collapse:collapse;width:100%;font-size:.9rem}\
td{padding:.2rem .4rem;border-bottom:1px solid #eee}code,pre{font:13px ui-monospace,monospace;white-space:pre-wrap;word-break:break-all}\
.amount{font-size:1.6rem;font-weight:600}.muted{color:#6b7280;font-size:.85rem}.error{color:#b42318}";

/// Decodes `application/x-www-form-urlencoded` text into pairs, in order (UTF-8, lossy).
pub fn parse_pairs(text: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(text)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The fields of a received request: the form body of a POST (urlencoded), else the query.
pub fn received_fields(
    method: &Method,
    query: Option<&str>,
    headers: &HeaderMap,
    body: &[u8],
) -> Vec<(String, String)> {
    let content_type = content_type(headers);
    if *method != Method::GET && content_type.starts_with("application/x-www-form-urlencoded") {
        parse_pairs(body)
    } else if *method != Method::GET && content_type.starts_with("text/plain") {
        String::from_utf8_lossy(body)
            .lines()
            .filter(|l| !l.is_empty())
            .map(|l| match l.split_once('=') {
                Some((k, v)) => (k.to_string(), v.to_string()),
                None => (l.to_string(), String::new()),
            })
            .collect()
    } else {
        parse_pairs(query.unwrap_or("").as_bytes())
    }
}

/// The Content-Type header ("" when absent).
pub fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

/// The JSON object every form-receiving page reports.
pub fn received_json(
    method: &Method,
    path: &str,
    headers: &HeaderMap,
    fields: &[(String, String)],
) -> serde_json::Value {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    json!({
        "method": method.as_str(),
        "path": path,
        "host": host,
        "contentType": content_type(headers),
        "fields": fields.iter().map(|(k, v)| json!([k, v])).collect::<Vec<_>>(),
    })
}

/// What a form-receiving page received (an extractor: it takes the whole request): the fields
/// ([`received_fields`]), the report of them ([`received_json`]) and the request's headers.
pub struct Received {
    /// The form fields (POST body) or query pairs, in order.
    pub fields: Vec<(String, String)>,
    /// The JSON report the page shows in `kassa-received`.
    pub json: serde_json::Value,
    /// The request's headers.
    pub headers: HeaderMap,
}

impl Received {
    /// The report as the page's `<pre id="kassa-received">` block.
    pub fn block(&self) -> String {
        received_block(&self.json)
    }
}

impl<S: Send + Sync> FromRequest<S> for Received {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (method, uri, headers) = (
            req.method().clone(),
            req.uri().clone(),
            req.headers().clone(),
        );
        let body = Bytes::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let fields = received_fields(&method, uri.query(), &headers, &body);
        let json = received_json(&method, uri.path(), &headers, &fields);
        Ok(Received {
            fields,
            json,
            headers,
        })
    }
}

/// `<pre id="kassa-received">JSON</pre>`, HTML-escaped.
pub fn received_block(received: &serde_json::Value) -> String {
    let text = serde_json::to_string_pretty(received).unwrap_or_default();
    format!("<pre id=\"kassa-received\">{}</pre>", escape(&text))
}

/// An error page with `status`.
pub fn error_page(status: StatusCode, title: &str, message: &str) -> Response {
    let mut r = page(
        title,
        &format!(
            "<h1>{}</h1><p class=\"error\">{}</p>",
            escape(title),
            escape(message)
        ),
    );
    *r.status_mut() = status;
    r
}

/// A page that posts `fields` to `action` at once (script) or on a click (no script).
pub fn auto_post(title: &str, action: &str, fields: &[(&str, String)]) -> Response {
    let inputs: String = fields
        .iter()
        .map(|(k, v)| {
            format!(
                "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                escape(k),
                escape(v)
            )
        })
        .collect();
    page(
        title,
        &format!(
            "<h1>{t}</h1><form id=\"kassa-auto\" method=\"post\" action=\"{a}\" enctype=\"application/x-www-form-urlencoded\">{inputs}\
             <button type=\"submit\">Continue</button></form><script>document.getElementById('kassa-auto').submit()</script>",
            t = escape(title),
            a = escape(action)
        ),
    )
}

/// The `kassa-error` paragraph of a form page ("" without an error).
pub fn error_line(error: Option<&str>) -> String {
    error
        .map(|e| format!("<p class=\"error\" id=\"kassa-error\">{}</p>", escape(e)))
        .unwrap_or_default()
}

/// The first value of `name` among form `fields` ("" when absent).
pub fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn parses_utf8_form() {
        let pairs = parse_pairs("a=%D0%AF+1&b=&a=2".as_bytes());
        assert_eq!(
            pairs,
            vec![
                ("a".into(), "Я 1".into()),
                ("b".into(), "".into()),
                ("a".into(), "2".into())
            ]
        );
    }
}
