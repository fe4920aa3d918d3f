//! An RBS callback handed over as a JavaScript value, read into a [`Plain`] tree, becomes its
//! parameters here (the rules for each value's text are in [`crate::rbs::callback::value`]):
//! - a string is a URL, query, form or JSON body (refused above `maxPayloadBytes` by its length,
//!   which the reader measured before copying);
//! - a URL object is its `href`; a Fetch `Request` or Node `IncomingMessage` is refused with a
//!   hint (`INVALID_ARGUMENT`);
//! - an iterable (URLSearchParams, Map, array of pairs) gives `[name, value]` pairs, at most
//!   `maxParameters` of them (`TOO_MANY_PARAMETERS` when more followed, however long the iterator
//!   would have gone on);
//! - any other object gives its own enumerable string keys (`Object.keys` order);
//! - a value whose getter threw is `MALFORMED_PAYLOAD` naming the parameter; names and string
//!   values count against `maxPayloadBytes` (`PAYLOAD_TOO_LARGE`);
//! - anything else (numbers, booleans, null, undefined, Symbols, BigInt, functions) and objects
//!   whose keys, probes or iterator threw (Proxies, revoked Proxies) are `INVALID_ARGUMENT`.

use super::{ListKind, Plain, Spec};
use crate::rbs::callback::limits::{check_payload_size, too_many_parameters, CallbackOptions};
use crate::rbs::callback::value::{param_text, PlainValue};
use crate::rbs::callback::{parse_callback, ParsedCallback};
use crate::{Error, ErrorCode, Result};

/// The properties looked at before the value's entries: `method` and `headers` (a request passed
/// by mistake), `href` and `searchParams` (a URL object).
pub const PROBES: &[&str] = &["method", "headers", "href", "searchParams"];

const WHAT: &str = "the callback";

/// Whether a notification request of this method carries a body to read: not `GET` or `HEAD` (any
/// case). `verifyRequest` reads the body of every other request.
pub fn request_has_body(method: &str) -> bool {
    !method.eq_ignore_ascii_case("GET") && !method.eq_ignore_ascii_case("HEAD")
}

/// How the reader walks a callback input under `options`.
pub fn callback_spec(options: &CallbackOptions) -> Spec {
    let limit = options.max_payload_bytes;
    Spec {
        props: Some(PROBES),
        values: true,
        depth: 2,
        entries: options.max_parameters,
        strings: limit,
        // Every accepted input fits: its strings (at most `limit`, the `href` too) and its nodes.
        total: limit
            .saturating_mul(2)
            .saturating_add(options.max_parameters.saturating_mul(8))
            .saturating_add(64),
    }
}

fn invalid(message: &str) -> Error {
    Error::new(ErrorCode::InvalidArgument, message)
}

fn unreadable() -> Error {
    invalid(
        "the callback object could not be read (a getter, Proxy trap or iterator threw); pass \
         the URL, the raw body, URLSearchParams or a plain object",
    )
}

fn too_large() -> Error {
    check_payload_size(usize::MAX, 0, WHAT)
        .err()
        .unwrap_or_else(unreadable)
}

/// A parameter value as [`PlainValue`] (what kind of JS value it was).
fn value_of(v: &Plain) -> Result<PlainValue> {
    Ok(match v {
        Plain::Text(s) | Plain::Broken(s) => PlainValue::Text(s.clone()),
        Plain::Long(_) => return Err(too_large()),
        Plain::Number(n) => PlainValue::Number(*n),
        Plain::Bool(b) => PlainValue::Bool(*b),
        Plain::Null => PlainValue::Null,
        Plain::Undefined => PlainValue::Undefined,
        Plain::BigInt(d) => PlainValue::BigInt(d.clone()),
        Plain::Symbol => PlainValue::Symbol,
        Plain::Function => PlainValue::Function,
        Plain::Threw => PlainValue::Unreadable,
        Plain::List {
            kind: ListKind::Array,
            ..
        }
        | Plain::Unread { array: true }
        | Plain::BadLength => PlainValue::Array,
        _ => PlainValue::Object,
    })
}

/// The parameters of a callback read with [`callback_spec`], under `options`' limits, parsed
/// once.
pub fn callback_params(tree: &Plain, options: &CallbackOptions) -> Result<ParsedCallback> {
    let limit = options.max_payload_bytes;
    let max = options.max_parameters;
    let (value, probes) = match tree {
        Plain::Text(s) | Plain::Broken(s) => return parse_callback(s, options),
        Plain::Long(n) => {
            check_payload_size(*n, limit, WHAT)?;
            return Err(too_large());
        }
        Plain::TooBig => return Err(too_large()),
        Plain::Record { keys, props } => (keys.as_ref(), props),
        _ => {
            return Err(invalid(
                "the callback must be a URL, a query string, a form or JSON body, \
                 URLSearchParams or an object of parameters",
            ))
        }
    };
    let probe = |i: usize| match probes.get(i).unwrap_or(&Plain::Undefined) {
        Plain::Threw => Err(unreadable()),
        v => Ok(v),
    };
    let (method, headers, href, search) = (probe(0)?, probe(1)?, probe(2)?, probe(3)?);
    if method.as_text().is_some() && headers.is_object() {
        return Err(invalid(
            "this is an HTTP request, not callback parameters: pass a Fetch Request to \
             verifyRequest(request), or pass the URL (GET) or the body text (POST) to verify",
        ));
    }
    let is_string = matches!(href, Plain::Text(_) | Plain::Broken(_) | Plain::Long(_));
    if is_string && !matches!(search, Plain::Undefined) {
        return callback_params(href, options);
    }
    let mut used = 0usize;
    let mut take = |s: &str| {
        used = used.saturating_add(s.len());
        check_payload_size(used, limit, WHAT)
    };
    let mut params = Vec::new();
    match value {
        Plain::List { more: true, .. } | Plain::Object { more: true, .. } => {
            return Err(too_many_parameters(max))
        }
        Plain::List { items, .. } => {
            for entry in items {
                let (name, value) = match entry {
                    Plain::List { items, .. } => (
                        items.first().unwrap_or(&Plain::Undefined),
                        items.get(1).unwrap_or(&Plain::Undefined),
                    ),
                    Plain::Object { .. } => (entry.entry("0"), entry.entry("1")),
                    Plain::Threw => return Err(unreadable()),
                    _ => (&Plain::Undefined, &Plain::Undefined),
                };
                let name = match name {
                    Plain::Threw => return Err(unreadable()),
                    Plain::Long(_) => return Err(too_large()),
                    n => n.as_text().ok_or_else(|| {
                        Error::new(
                            ErrorCode::MalformedPayload,
                            "each callback parameter must be a [name, value] pair with a string \
                             name",
                        )
                    })?,
                };
                take(name)?;
                let text = param_text(name, value_of(value)?)?;
                take(&text)?;
                params.push((name.to_owned(), text));
            }
        }
        Plain::Object { entries, .. } => {
            for (name, value) in entries {
                let name = match name {
                    Plain::Long(_) => return Err(too_large()),
                    n => n.as_text().unwrap_or_default(),
                };
                take(name)?;
                let text = param_text(name, value_of(value)?)?;
                take(&text)?;
                params.push((name.to_owned(), text));
            }
        }
        Plain::TooBig => return Err(too_large()),
        _ => return Err(unreadable()),
    }
    ParsedCallback::new(params, max)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn t(s: &str) -> Plain {
        Plain::Text(s.into())
    }

    fn record(value: Plain, probes: Vec<Plain>) -> Plain {
        Plain::Record {
            keys: Box::new(value),
            props: probes,
        }
    }

    fn object(entries: Vec<(&str, Plain)>) -> Plain {
        Plain::Object {
            entries: entries.into_iter().map(|(k, v)| (t(k), v)).collect(),
            more: false,
        }
    }

    fn code(tree: &Plain) -> ErrorCode {
        callback_params(tree, &CallbackOptions::default())
            .err()
            .unwrap()
            .code()
    }

    fn pairs(tree: &Plain) -> Vec<(String, String)> {
        callback_params(tree, &CallbackOptions::default())
            .unwrap()
            .into_pairs()
    }

    #[test]
    fn strings_objects_and_iterables() {
        assert_eq!(pairs(&t("a=1&b=2")).len(), 2);
        let o = record(object(vec![("amount", Plain::Number(1500.0))]), vec![]);
        assert_eq!(pairs(&o), vec![("amount".into(), "1500".into())]);
        let pair = Plain::List {
            kind: ListKind::Array,
            items: vec![t("a"), t("1")],
            more: false,
        };
        let list = Plain::List {
            kind: ListKind::Iterable,
            items: vec![pair],
            more: false,
        };
        assert_eq!(pairs(&record(list, vec![])), vec![("a".into(), "1".into())]);
        let url = record(
            object(vec![]),
            vec![
                Plain::Undefined,
                Plain::Undefined,
                t("https://s.example/?a=1"),
                Plain::Object {
                    entries: vec![],
                    more: false,
                },
            ],
        );
        assert_eq!(pairs(&url), vec![("a".into(), "1".into())]);
    }

    #[test]
    fn bodies_by_method() {
        assert!(!request_has_body("GET") && !request_has_body("head"));
        assert!(request_has_body("POST") && request_has_body("") && request_has_body("PUT"));
    }

    #[test]
    fn every_refusal_has_its_code() {
        let request = record(object(vec![]), vec![t("POST"), object(vec![])]);
        assert_eq!(code(&request), ErrorCode::InvalidArgument);
        assert_eq!(code(&Plain::Number(42.0)), ErrorCode::InvalidArgument);
        assert_eq!(
            code(&record(Plain::Threw, vec![])),
            ErrorCode::InvalidArgument
        );
        assert_eq!(
            code(&record(object(vec![]), vec![Plain::Threw])),
            ErrorCode::InvalidArgument
        );
        let getter = record(object(vec![("status", Plain::Threw)]), vec![]);
        let e = callback_params(&getter, &CallbackOptions::default())
            .err()
            .unwrap();
        assert_eq!(e.code(), ErrorCode::MalformedPayload);
        assert!(e.message().contains("`status`"));
        let many = Plain::List {
            kind: ListKind::Iterable,
            items: vec![],
            more: true,
        };
        assert_eq!(code(&record(many, vec![])), ErrorCode::TooManyParameters);
        assert_eq!(code(&Plain::Long(1 << 30)), ErrorCode::PayloadTooLarge);
        assert_eq!(code(&Plain::TooBig), ErrorCode::PayloadTooLarge);
        let big = "x".repeat(600 * 1024);
        let two = record(object(vec![("a", t(&big)), ("b", t(&big))]), vec![]);
        assert_eq!(code(&two), ErrorCode::PayloadTooLarge);
        let bad_name = Plain::List {
            kind: ListKind::Iterable,
            items: vec![Plain::List {
                kind: ListKind::Array,
                items: vec![Plain::Number(1.0), t("v")],
                more: false,
            }],
            more: false,
        };
        assert_eq!(code(&record(bad_name, vec![])), ErrorCode::MalformedPayload);
    }
}
