//! Turning what a callback handler receives into ordered `(name, value)` pairs.
//!
//! RBS sends callbacks as GET (parameters in the query) or POST (the same parameters in a
//! form-encoded body); some deployments and proxies forward them as JSON. The handler may hold a
//! full URL, a query with or without `?`, a form body, or a JSON body: [`parse_input`] takes any of
//! them. Percent-encoding is decoded exactly once, `+` is a space in query and form input, UTF-8
//! is kept, and a name that occurs twice is rejected (`DUPLICATE_PARAMETER`): a forged extra
//! `status=1` must not be able to hide behind a genuine `status=0`.

use crate::error::{Error, ErrorCode, Result};

/// Ordered callback parameters.
pub type Params = Vec<(String, String)>;

/// Parses a full URL, a query string (with or without a leading `?`), a form body or a JSON
/// object body into pairs, in the order received. Duplicate names are rejected.
pub fn parse_input(input: &str) -> Result<Params> {
    let text = input.trim();
    if text.starts_with('{') {
        return parse_json(text);
    }
    if text.starts_with('[') || text.starts_with('"') {
        return Err(malformed(
            "a JSON callback body must be an object of parameters, like {\"mdOrder\": \"...\"}",
        ));
    }
    if let Some(query) = text.strip_prefix('?') {
        return parse_form(query);
    }
    if !looks_like_url(text) {
        return parse_form(text);
    }
    // A URL (`https://...`) or a path with a query (`/callback?...`, Node's `req.url`):
    // everything after the first '?', without a fragment.
    let Some(i) = text.find('?') else {
        return Err(Error::new(
            ErrorCode::MissingSignature,
            "the callback URL has no query string: pass the full URL the gateway called, or \
             the POST body for POST callbacks",
        ));
    };
    let query = text[i + 1..].split('#').next().unwrap_or("");
    parse_form(query)
}

/// A URL or an absolute path, as opposed to form text: starts with `/`, or with a scheme
/// (`https://`) before any `=` or `&`. A form body is never mistaken for one, even with a `?`
/// inside a value.
fn looks_like_url(text: &str) -> bool {
    if text.starts_with('/') {
        return true;
    }
    match text.find("://") {
        Some(i) => {
            i > 0
                && text[..i]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Parses `application/x-www-form-urlencoded` text (a query without `?`, or a form body).
pub fn parse_form(text: &str) -> Result<Params> {
    let mut out = Params::new();
    for piece in text.split('&') {
        // Line breaks around pieces come from copied or wrapped text; they are never data
        // (inside data they are percent-encoded).
        let piece = piece.trim_matches(|c| c == '\r' || c == '\n');
        if piece.is_empty() {
            continue;
        }
        let (name, value) = piece.split_once('=').unwrap_or((piece, ""));
        out.push((decode_component(name)?, decode_component(value)?));
    }
    check_unique(&out)?;
    Ok(out)
}

/// Parses a JSON object body, keeping the order of its members. String values are taken as they
/// are; numbers and booleans as their JSON text (`1`, `true`); `null` as the empty string. Nested
/// objects or arrays are rejected: RBS never sends them and they have no canonical form.
pub fn parse_json(text: &str) -> Result<Params> {
    let members: Members = serde_json::from_str(text).map_err(|e| {
        malformed(format!(
            "the callback body is not a valid JSON object of parameters ({e})"
        ))
    })?;
    let mut out = Params::new();
    for (name, v) in members.0 {
        let value = match v {
            serde_json::Value::String(s) => s,
            serde_json::Value::Null => String::new(),
            serde_json::Value::Bool(b) => b.to_string(),
            serde_json::Value::Number(n) => n.to_string(),
            _ => {
                return Err(malformed(format!(
                    "the JSON callback parameter `{name}` is an object or array; callback \
                     parameters are plain values"
                )))
            }
        };
        out.push((name, value));
    }
    check_unique(&out)?;
    Ok(out)
}

/// Rejects a list in which a name occurs twice.
pub fn check_unique(params: &[(String, String)]) -> Result<()> {
    let sorted = sorted_by_name(params);
    for pair in sorted.windows(2) {
        if pair[0].0 == pair[1].0 {
            return Err(Error::new(
                ErrorCode::DuplicateParameter,
                format!(
                    "the parameter `{}` occurs more than once; a genuine callback names each \
                     parameter once, so this one was tampered with",
                    pair[0].0
                ),
            ));
        }
    }
    Ok(())
}

/// The pairs sorted ascending by name (byte order), stable. The one sort of the crate: the
/// canonical string and the duplicate check share it (one copy of the sort in the .wasm).
pub fn sorted_by_name(params: &[(String, String)]) -> Vec<&(String, String)> {
    let mut sorted: Vec<&(String, String)> = params.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    sorted
}

/// Decodes one form component: `+` is a space, `%XX` is a byte, the bytes must be UTF-8.
pub fn decode_component(text: &str) -> Result<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).and_then(|h| {
                    let h = std::str::from_utf8(h).ok()?;
                    u8::from_str_radix(h, 16).ok()
                });
                let Some(byte) = hex else {
                    return Err(malformed(format!(
                        "`%` at byte {i} of `{}` is not followed by two hex digits",
                        truncate(text)
                    )));
                };
                out.push(byte);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| {
        malformed(format!(
            "`{}` does not decode to UTF-8 text (RBS sends UTF-8)",
            truncate(text)
        ))
    })
}

/// Encodes one form component the way `URLSearchParams` does: letters, digits and `*-._` stay,
/// a space becomes `+`, every other byte becomes `%XX`.
pub fn encode_component(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in text.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 15) as usize] as char);
            }
        }
    }
}

/// Encodes pairs as a form/query string (no leading `?`).
pub fn encode_form(params: &[(String, String)]) -> String {
    let mut out = String::new();
    for (i, (name, value)) in params.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        encode_component(name, &mut out);
        out.push('=');
        encode_component(value, &mut out);
    }
    out
}

/// The members of a JSON object in document order, duplicates kept (serde_json's own map would
/// silently keep only the last of two equal keys, hiding parameter pollution).
struct Members(Vec<(String, serde_json::Value)>);

impl<'de> serde::Deserialize<'de> for Members {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Members;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Members, A::Error> {
                let mut members = Vec::new();
                while let Some(entry) = map.next_entry::<String, serde_json::Value>()? {
                    members.push(entry);
                }
                Ok(Members(members))
            }
        }
        d.deserialize_map(Visitor)
    }
}

fn truncate(text: &str) -> String {
    text.chars().take(40).collect()
}

fn malformed(message: impl Into<String>) -> Error {
    Error::new(ErrorCode::MalformedPayload, message)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Params {
        list.iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn every_input_form_gives_the_same_pairs() {
        let expected = pairs(&[
            ("mdOrder", "a-1"),
            ("orderNumber", "Заказ 7"),
            ("status", "1"),
        ]);
        for input in [
            "https://shop.example/cb?mdOrder=a-1&orderNumber=%D0%97%D0%B0%D0%BA%D0%B0%D0%B7+7&status=1#x",
            "?mdOrder=a-1&orderNumber=%D0%97%D0%B0%D0%BA%D0%B0%D0%B7%207&status=1",
            "mdOrder=a-1&orderNumber=Заказ+7&status=1",
            "mdOrder=a-1&\r\norderNumber=Заказ%207&status=1\r\n",
            r#"{"mdOrder":"a-1","orderNumber":"Заказ 7","status":1}"#,
            "/callback/?mdOrder=a-1&orderNumber=%D0%97%D0%B0%D0%BA%D0%B0%D0%B7+7&status=1",
        ] {
            assert_eq!(parse_input(input).unwrap(), expected, "{input}");
        }
    }

    #[test]
    fn a_question_mark_in_a_form_value_is_data() {
        let p = parse_input("a=why?&b=c://d").unwrap();
        assert_eq!(p, pairs(&[("a", "why?"), ("b", "c://d")]));
    }

    #[test]
    fn decoding_happens_exactly_once() {
        // %2541 is "%41" after one decoding, never "A".
        let p = parse_form("a=%2541&b=%2B&c=").unwrap();
        assert_eq!(p, pairs(&[("a", "%41"), ("b", "+"), ("c", "")]));
        // In JSON, '+' and '%' are data.
        let p = parse_json(r#"{"a":"x+y%20"}"#).unwrap();
        assert_eq!(p, pairs(&[("a", "x+y%20")]));
    }

    #[test]
    fn duplicates_are_rejected_in_every_form() {
        for input in [
            "status=0&status=1",
            "?a=1&b=2&a=1",
            r#"{"status":"0","status":"1"}"#,
        ] {
            let e = parse_input(input).err().unwrap();
            assert_eq!(e.code(), ErrorCode::DuplicateParameter, "{input}");
            assert!(e.message().contains('`'));
        }
        // Names are case-sensitive: RBS documents both mdOrder and mdorder.
        assert_eq!(parse_input("mdOrder=1&mdorder=1").unwrap().len(), 2);
    }

    #[test]
    fn malformed_inputs() {
        for input in [
            "a=%zz",
            "a=%4",
            "a=%FF%FE",
            "[1,2]",
            r#"{"a":{"b":1}}"#,
            "{not json",
        ] {
            let e = parse_input(input).err().unwrap();
            assert_eq!(e.code(), ErrorCode::MalformedPayload, "{input}");
        }
        let e = parse_input("https://shop.example/cb").err().unwrap();
        assert_eq!(e.code(), ErrorCode::MissingSignature);
    }

    #[test]
    fn encode_matches_url_search_params() {
        let p = pairs(&[("a b", "Заказ №1&x=y"), ("t", "*-._~!")]);
        let q = encode_form(&p);
        assert_eq!(
            q,
            "a+b=%D0%97%D0%B0%D0%BA%D0%B0%D0%B7+%E2%84%961%26x%3Dy&t=*-._%7E%21"
        );
        assert_eq!(parse_form(&q).unwrap(), p);
    }
}
