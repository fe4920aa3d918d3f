//! Turning what a callback handler receives into ordered `(name, value)` pairs.
//!
//! RBS sends callbacks as GET (parameters in the query) or POST (the same parameters in a
//! form-encoded body); some deployments and proxies forward them as JSON. The handler may hold a
//! full URL, a query with or without `?`, a form body, or a JSON body: [`parse_input`] takes any of
//! them. Percent-encoding is decoded exactly once, `+` is a space in query and form input, UTF-8
//! is kept, and a name that occurs twice is rejected (`DUPLICATE_PARAMETER`): a forged extra
//! `status=1` must not be able to hide behind a genuine `status=0`.

use std::cell::Cell;

use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};

use super::limits::{check_payload_size, too_many_parameters, CallbackOptions};
use super::sign::{CHECKSUM, SIGN_ALIAS};
use super::value::{display_name, param_text, PlainValue};
use crate::error::{Error, ErrorCode, Result};

/// Ordered callback parameters.
pub type Params = Vec<(String, String)>;

/// A callback parsed once: the pairs in the order received and one index of them sorted by name
/// (byte order, stable), built and checked for duplicate names once. The canonical string, the
/// checksum check, the typed callback and its dedupe key all read this one index: a callback is
/// sorted exactly once, however it arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedCallback {
    pairs: Params,
    sorted: Vec<usize>,
}

impl ParsedCallback {
    /// Checks the count (`TOO_MANY_PARAMETERS` above `max_parameters`), sorts once and rejects
    /// a name that occurs twice (`DUPLICATE_PARAMETER`).
    pub fn new(pairs: Params, max_parameters: usize) -> Result<Self> {
        if pairs.len() > max_parameters {
            return Err(too_many_parameters(max_parameters));
        }
        let parsed = Self::index(pairs);
        for w in parsed.sorted.windows(2) {
            if let [a, b] = w {
                if parsed.name(*a) == parsed.name(*b) {
                    return Err(duplicate(parsed.name(*a)));
                }
            }
        }
        Ok(parsed)
    }

    /// Indexes pairs without any check (for already verified parameters, e.g. built by hand).
    pub fn index(pairs: Params) -> Self {
        let mut sorted: Vec<usize> = (0..pairs.len()).collect();
        sorted.sort_by(|a, b| name_of(&pairs, *a).cmp(name_of(&pairs, *b)));
        Self { pairs, sorted }
    }

    fn name(&self, i: usize) -> &str {
        name_of(&self.pairs, i)
    }

    /// The pairs in the order received.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// The pairs in the order received, owned.
    pub fn into_pairs(self) -> Params {
        self.pairs
    }

    /// Number of parameters.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The pairs sorted by name.
    pub fn sorted(&self) -> impl Iterator<Item = &(String, String)> + '_ {
        self.sorted.iter().filter_map(|i| self.pairs.get(*i))
    }

    /// The value of `name` (binary search in the sorted index; the first of equal names).
    pub fn get(&self, name: &str) -> Option<&str> {
        let at = self.sorted.partition_point(|i| self.name(*i) < name);
        let i = *self.sorted.get(at)?;
        let (n, v) = self.pairs.get(i)?;
        (n == name).then_some(v.as_str())
    }

    /// The string an RBS checksum covers (see [`super::sign::canonical_string`]), from the index.
    pub fn canonical_string(&self) -> String {
        self.canonical_without(None)
    }

    /// The canonical string, also leaving out `skip` (the dedupe key leaves out
    /// `callbackCreationDate`, which changes between retries).
    pub fn canonical_without(&self, skip: Option<&str>) -> String {
        let mut out = String::new();
        for (name, value) in self.sorted() {
            if name == CHECKSUM || name == SIGN_ALIAS || Some(name.as_str()) == skip {
                continue;
            }
            out.push_str(name);
            out.push(';');
            out.push_str(value);
            out.push(';');
        }
        out
    }

    /// `AMBIGUOUS_PARAMETERS` when a parameter the checksum covers has `;` in its name or value:
    /// the canonical string `name;value;` could then be re-split into other parameters with the
    /// same checksum. The message names the parameter (escaped), never a value.
    pub fn check_unambiguous(&self) -> Result<()> {
        for (name, value) in &self.pairs {
            if name == CHECKSUM || name == SIGN_ALIAS {
                continue;
            }
            let place = if name.contains(';') {
                "its name"
            } else if value.contains(';') {
                "its value"
            } else {
                continue;
            };
            return Err(Error::new(
                ErrorCode::AmbiguousParameters,
                format!(
                    "the callback parameter {} has `;` in {place}; the checksum's canonical \
                     string `name;value;` cannot tell it from a separator, so the parameters \
                     could have been re-split. If your gateway really sends `;` in values, \
                     create the verifier with allowSemicolons: true",
                    display_name(name)
                ),
            ));
        }
        Ok(())
    }
}

fn name_of(pairs: &[(String, String)], i: usize) -> &str {
    pairs.get(i).map(|(n, _)| n.as_str()).unwrap_or("")
}

fn duplicate(name: &str) -> Error {
    Error::new(
        ErrorCode::DuplicateParameter,
        format!(
            "the parameter {} occurs more than once; a genuine callback names each parameter \
             once, so this one was tampered with",
            display_name(name)
        ),
    )
}

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
    match text.split_once("://") {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
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

/// Rejects a list in which a name occurs twice.
pub fn check_unique(params: &[(String, String)]) -> Result<()> {
    let sorted = sorted_by_name(params);
    for pair in sorted.windows(2) {
        if let [a, b] = pair {
            if a.0 == b.0 {
                return Err(duplicate(&a.0));
            }
        }
    }
    Ok(())
}

/// The pairs sorted ascending by name (byte order), stable.
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

/// The one form encoder (`URLSearchParams`'s), shared with the clients: [`crate::http::encode`].
pub use crate::http::encode::{
    form_encode as encode_form, form_encode_component as encode_component,
};

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
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for MembersSeed<'_> {
    type Value = Members;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
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
