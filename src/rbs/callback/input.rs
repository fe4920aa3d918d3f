//! Turning what a callback handler receives into a [`ParsedCallback`].
//!
//! RBS sends callbacks as GET (parameters in the query) or POST (the same parameters in a
//! form-encoded body); some deployments and proxies forward them as JSON. The handler may hold a
//! full URL, a query with or without `?`, a form body, or a JSON body: [`parse_input`] takes any of
//! them, and [`parse_request`] chooses from an HTTP request's parts (body or URL, content type).
//! Percent-encoding is decoded exactly once, `+` is a space in query and form input, UTF-8 is
//! kept; the limits ([`CallbackOptions`]) are checked first and while parsing, and the duplicate
//! check and sorting happen once, in [`ParsedCallback::new`].

use std::cell::Cell;

use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};

use super::canonical::{Params, ParsedCallback};
use super::limits::{check_payload_size, too_many_parameters, CallbackOptions};
use super::value::{param_text, PlainValue};
use crate::error::{Error, ErrorCode, Result};

/// Parses a full URL, a query string (with or without a leading `?`), a form body or a JSON
/// object body into pairs, in the order received, with the default limits. Duplicate names are
/// rejected.
pub fn parse_input(input: &str) -> Result<Params> {
    parse_callback(input, &CallbackOptions::default()).map(ParsedCallback::into_pairs)
}

/// [`parse_input`] with limits: `PAYLOAD_TOO_LARGE` for input over `max_payload_bytes` (checked
/// first), `TOO_MANY_PARAMETERS` as soon as a parameter beyond `max_parameters` is met.
pub fn parse_callback(input: &str, options: &CallbackOptions) -> Result<ParsedCallback> {
    check_payload_size(input.len(), options.max_payload_bytes, "the callback")?;
    let max = options.max_parameters;
    let text = input.trim();
    if text.starts_with('{') {
        return parse_json_limited(text, max);
    }
    if text.starts_with('[') || text.starts_with('"') {
        return Err(malformed(
            "a JSON callback body must be an object of parameters, like {\"mdOrder\": \"...\"}",
        ));
    }
    if let Some(query) = text.strip_prefix('?') {
        return parse_form_limited(query, max);
    }
    if !looks_like_url(text) {
        return parse_form_limited(text, max);
    }
    // A URL (`https://...`) or a path with a query (`/callback?...`, Node's `req.url`):
    // everything after the first '?', without a fragment.
    let Some((_, query)) = text.split_once('?') else {
        return Err(Error::new(
            ErrorCode::MissingSignature,
            "the callback URL has no query string: pass the full URL the gateway called, or \
             the POST body for POST callbacks",
        ));
    };
    let query = query.split('#').next().unwrap_or("");
    parse_form_limited(query, max)
}

/// A URL or an absolute path, as opposed to form text: starts with `/`, or with a scheme
/// (`https://`) before any `=` or `&`. A form body is never mistaken for one, even with a `?`
/// inside a value.
fn looks_like_url(text: &str) -> bool {
    if text.starts_with('/') {
        return true;
    }
    // The scheme is the run of scheme characters the text starts with (it stops at the first
    // `=`, `&` or `:`), so only that run is looked at, not the whole callback.
    let scheme = text
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        .count();
    scheme > 0
        && text
            .as_bytes()
            .get(scheme..)
            .is_some_and(|rest| rest.starts_with(b"://"))
}

/// Parses `application/x-www-form-urlencoded` text (a query without `?`, or a form body), with
/// the default parameter limit.
pub fn parse_form(text: &str) -> Result<Params> {
    parse_form_limited(text, CallbackOptions::default().max_parameters)
        .map(ParsedCallback::into_pairs)
}

/// Parses form text, stopping with `TOO_MANY_PARAMETERS` at the first parameter beyond `max`
/// (empty pieces, as in `a&&b`, are skipped and not counted; they allocate nothing).
pub fn parse_form_limited(text: &str, max: usize) -> Result<ParsedCallback> {
    let mut out = Params::new();
    for piece in text.split('&') {
        // Line breaks around pieces come from copied or wrapped text; they are never data
        // (inside data they are percent-encoded).
        let piece = piece.trim_matches(|c| c == '\r' || c == '\n');
        if piece.is_empty() {
            continue;
        }
        if out.len() >= max {
            return Err(too_many_parameters(max));
        }
        let (name, value) = piece.split_once('=').unwrap_or((piece, ""));
        out.push((decode_component(name)?, decode_component(value)?));
    }
    ParsedCallback::new(out, max)
}

/// Parses a JSON object body, keeping the order of its members, with the default parameter
/// limit. String values are taken as they are; numbers and booleans as their JSON text (`1`,
/// `true`); `null` as the empty string. Nested objects or arrays are rejected: RBS never sends
/// them and they have no canonical form.
pub fn parse_json(text: &str) -> Result<Params> {
    parse_json_limited(text, CallbackOptions::default().max_parameters)
        .map(ParsedCallback::into_pairs)
}

/// [`parse_json`] stopping with `TOO_MANY_PARAMETERS` at the first member beyond `max`. Nested
/// values are skipped without being built, then named in the error.
pub fn parse_json_limited(text: &str, max: usize) -> Result<ParsedCallback> {
    let too_many = Cell::new(false);
    let mut de = serde_json::Deserializer::from_str(text);
    let outcome = MembersSeed {
        max,
        too_many: &too_many,
    }
    .deserialize(&mut de)
    .and_then(|members| de.end().map(|_| members));
    let members = match outcome {
        Ok(members) => members,
        Err(_) if too_many.get() => return Err(too_many_parameters(max)),
        Err(e) => {
            return Err(malformed(format!(
                "the callback body is not a valid JSON object of parameters ({e})"
            )))
        }
    };
    let mut out = Params::with_capacity(members.len());
    for (name, value) in members {
        let text = param_text(&name, value)?;
        out.push((name, text));
    }
    ParsedCallback::new(out, max)
}

/// Parses what `verifyRequest` read from an HTTP request: the body when there is one (JSON when
/// `content_type` says so, form when it says `x-www-form-urlencoded`, otherwise detected), else
/// the URL's query. The body must be UTF-8 (`MALFORMED_PAYLOAD`); it is size-checked first.
pub fn parse_request(
    url: &str,
    content_type: Option<&str>,
    body: &[u8],
    options: &CallbackOptions,
) -> Result<ParsedCallback> {
    check_payload_size(body.len(), options.max_payload_bytes, "the callback")?;
    let body =
        std::str::from_utf8(body).map_err(|_| malformed("the callback body is not UTF-8 text"))?;
    let content_type = content_type.unwrap_or("").to_ascii_lowercase();
    let max = options.max_parameters;
    if body.trim().is_empty() {
        parse_callback(url, options)
    } else if content_type.contains("json") {
        parse_json_limited(body, max)
    } else if content_type.contains("x-www-form-urlencoded") {
        parse_form_limited(body.trim(), max)
    } else {
        parse_callback(body.trim_start_matches('?'), options)
    }
}

/// Decodes one form component: `+` is a space, `%XX` is a byte, the bytes must be UTF-8.
pub fn decode_component(text: &str) -> Result<String> {
    let bytes = text.as_bytes();
    if !bytes.iter().any(|b| matches!(b, b'+' | b'%')) {
        // Nothing to decode (most names and values): the text is already UTF-8.
        return Ok(text.to_owned());
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                // Exactly two hex digits (`u8::from_str_radix` would also take `+1`).
                let hex = bytes.get(i + 1..i + 3).and_then(|h| {
                    let mut byte = [0u8; 1];
                    base16ct::mixed::decode(h, &mut byte)
                        .ok()
                        .and_then(|b| b.first().copied())
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

/// The members of a JSON object in document order, duplicates kept (serde_json's own map would
/// silently keep only the last of two equal keys, hiding parameter pollution), or the note that
/// there were more than the limit (reading stopped there).
type Members = Vec<(String, PlainValue)>;

/// Reads the members, at most `max` of them: at the next one it sets `too_many` and stops with
/// an error (serde cannot leave a map half read), so the rest of the body is never parsed.
struct MembersSeed<'a> {
    max: usize,
    too_many: &'a Cell<bool>,
}

impl<'de> DeserializeSeed<'de> for MembersSeed<'_> {
    type Value = Members;
    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        d: D,
    ) -> std::result::Result<Members, D::Error> {
        // `deserialize_any`, not `deserialize_map`: for a body that is not an object serde_json's
        // `deserialize_map` writes the value into its error through serde's `Unexpected`, whose
        // float formatting (core's `<f64 as Display>`, 13.9 KB of wasm) nothing else in
        // `kassa/verify` needs. Each other kind of value is refused below, by name only.
        d.deserialize_any(self)
    }
}

/// The error for a callback body that is valid JSON but not an object.
fn not_an_object<E: serde::de::Error>(kind: &str) -> E {
    E::custom(format_args!("the body is {kind}, not an object"))
}

impl<'de> Visitor<'de> for MembersSeed<'_> {
    type Value = Members;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> std::result::Result<Members, E> {
        Err(not_an_object("a boolean"))
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> std::result::Result<Members, E> {
        Err(not_an_object("a number"))
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> std::result::Result<Members, E> {
        Err(not_an_object("a number"))
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> std::result::Result<Members, E> {
        Err(not_an_object("a number"))
    }
    fn visit_str<E: serde::de::Error>(self, _: &str) -> std::result::Result<Members, E> {
        Err(not_an_object("a string"))
    }
    fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<Members, E> {
        Err(not_an_object("null"))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        _: A,
    ) -> std::result::Result<Members, A::Error> {
        Err(not_an_object("an array"))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Members, A::Error> {
        let mut members = Vec::new();
        while let Some(name) = map.next_key::<String>()? {
            if members.len() >= self.max {
                self.too_many.set(true);
                return Err(serde::de::Error::custom("too many parameters"));
            }
            let value = map.next_value::<JsonValue>()?;
            members.push((name, value.0));
        }
        Ok(members)
    }
}

/// One member value, read as a [`PlainValue`]; nested objects and arrays are skipped without
/// being built.
struct JsonValue(PlainValue);

impl<'de> serde::Deserialize<'de> for JsonValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(JsonValueVisitor)
    }
}

struct JsonValueVisitor;

impl<'de> Visitor<'de> for JsonValueVisitor {
    type Value = JsonValue;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_str<E>(self, v: &str) -> std::result::Result<JsonValue, E> {
        Ok(JsonValue(PlainValue::Text(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> std::result::Result<JsonValue, E> {
        Ok(JsonValue(PlainValue::Text(v)))
    }
    fn visit_bool<E>(self, v: bool) -> std::result::Result<JsonValue, E> {
        Ok(JsonValue(PlainValue::Bool(v)))
    }
    // Integers keep every digit (JSON text of an integer is its decimal); floats go through
    // serde_json's own number text, as `Value::Number` would print them.
    fn visit_i64<E>(self, v: i64) -> std::result::Result<JsonValue, E> {
        Ok(JsonValue(PlainValue::Text(v.to_string())))
    }
    fn visit_u64<E>(self, v: u64) -> std::result::Result<JsonValue, E> {
        Ok(JsonValue(PlainValue::Text(v.to_string())))
    }
    fn visit_f64<E>(self, v: f64) -> std::result::Result<JsonValue, E> {
        Ok(JsonValue(match serde_json::Number::from_f64(v) {
            Some(n) => PlainValue::Text(n.to_string()),
            None => PlainValue::Number(v),
        }))
    }
    fn visit_unit<E>(self) -> std::result::Result<JsonValue, E> {
        Ok(JsonValue(PlainValue::Null))
    }
    fn visit_none<E>(self) -> std::result::Result<JsonValue, E> {
        Ok(JsonValue(PlainValue::Null))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<JsonValue, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(JsonValue(PlainValue::Array))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<JsonValue, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(JsonValue(PlainValue::Object))
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

    use crate::rbs::callback::pairs;

    #[test]
    fn a_json_body_that_is_not_an_object_is_named_by_its_kind() {
        for (body, kind) in [
            ("5", "a number"),
            ("-7", "a number"),
            ("1.5e300", "a number"),
            ("\"mdOrder\"", "a string"),
            ("true", "a boolean"),
            ("null", "null"),
            ("[1, {\"a\": 2}]", "an array"),
        ] {
            let e = parse_json_limited(body, 8).err().unwrap();
            assert_eq!(e.code(), crate::ErrorCode::MalformedPayload, "{body}");
            assert!(
                e.message()
                    .contains("not a valid JSON object of parameters")
                    && e.message()
                        .contains(&format!("the body is {kind}, not an object")),
                "{body}: {e}"
            );
        }
        // Not JSON at all, and a number JSON cannot hold, are serde_json's own errors.
        for body in ["{", "1e999", "{\"a\": 1e999}"] {
            let e = parse_json_limited(body, 8).err().unwrap();
            assert_eq!(e.code(), crate::ErrorCode::MalformedPayload, "{body}");
        }
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

    /// The scheme test as it was written before (the first `://` anywhere, then its prefix
    /// checked), against which the prefix scan is held equal.
    fn looks_like_url_before(text: &str) -> bool {
        text.starts_with('/')
            || text.split_once("://").is_some_and(|(scheme, _)| {
                !scheme.is_empty()
                    && scheme
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            })
    }

    #[test]
    fn url_or_form_text_as_before() {
        let texts = [
            "",
            "/",
            "/cb?a=1",
            "https://x/cb?a=1",
            "a=1&u=https://x",
            "://x",
            "h://",
            "h:/x",
            "h:",
            "a+b.c-d://x",
            "a=b://c",
            "é://x",
            "https:/",
            "x?y://z",
            "ab&c://d",
            "a1://",
        ];
        for t in texts {
            assert_eq!(looks_like_url(t), looks_like_url_before(t), "{t:?}");
        }
    }

    // proptest runs natively only (it does not build for wasm32-unknown-unknown).
    #[cfg(not(target_arch = "wasm32"))]
    mod url_property {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(3000))]
            #[test]
            fn same_answer(text in "[a-z0-9+./:=&?é-]{0,12}", any_text in any::<String>()) {
                prop_assert_eq!(looks_like_url(&text), looks_like_url_before(&text));
                prop_assert_eq!(looks_like_url(&any_text), looks_like_url_before(&any_text));
            }
        }
    }

    #[test]
    fn every_percent_escape_decodes_as_its_byte() {
        for b in 0u8..=0x7f {
            for hex in [format!("%{b:02x}"), format!("%{b:02X}")] {
                assert_eq!(decode_component(&hex).unwrap().as_bytes(), [b], "{hex}");
            }
        }
        assert_eq!(decode_component("%D0%9E%d0%bf+x").unwrap(), "Оп x");
    }

    #[test]
    fn malformed_inputs() {
        for input in [
            "a=%zz",
            "a=%4",
            "a=%+1",
            "a=%-1",
            "a=% 1",
            "a=%1",
            "a=%",
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
    fn request_parts_choose_body_or_url() {
        let o = CallbackOptions::default();
        let url = "/cb?mdOrder=u";
        let form = |ct, body: &str| {
            parse_request(url, ct, body.as_bytes(), &o).map(ParsedCallback::into_pairs)
        };
        assert_eq!(form(None, "").unwrap(), pairs(&[("mdOrder", "u")]));
        assert_eq!(form(None, " \r\n").unwrap(), pairs(&[("mdOrder", "u")]));
        assert_eq!(
            form(Some("Application/JSON; charset=utf-8"), r#"{"a":1}"#).unwrap(),
            pairs(&[("a", "1")])
        );
        assert_eq!(
            form(Some("application/x-www-form-urlencoded"), " a=%7B \n").unwrap(),
            pairs(&[("a", "{")])
        );
        assert_eq!(
            form(Some("text/plain"), "?a=b").unwrap(),
            pairs(&[("a", "b")])
        );
        assert_eq!(form(None, r#"{"a":"b"}"#).unwrap(), pairs(&[("a", "b")]));
        let e = parse_request(url, None, &[0xff, 0xfe], &o).err().unwrap();
        assert_eq!(e.code(), ErrorCode::MalformedPayload);
        let small = CallbackOptions {
            max_payload_bytes: 3,
            ..o
        };
        let e = parse_request(url, None, b"a=bc", &small).err().unwrap();
        assert_eq!(e.code(), ErrorCode::PayloadTooLarge);
    }

    #[test]
    fn encode_matches_url_search_params() {
        let p = pairs(&[("a b", "Заказ №1&x=y"), ("t", "*-._~!")]);
        let q = crate::http::encode::form_encode(&p);
        assert_eq!(
            q,
            "a+b=%D0%97%D0%B0%D0%BA%D0%B0%D0%B7+%E2%84%961%26x%3Dy&t=*-._%7E%21"
        );
        assert_eq!(parse_form(&q).unwrap(), p);
    }
}
