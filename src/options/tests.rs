//! The option readers on hand-made trees: keys, types, lengths, every shape of `fields`.
#![allow(clippy::unwrap_used)]
use super::*;

const NAMES: &[&str] = &["url", "flag", "fields", "n"];

fn record(keys: &[&str], props: Vec<Plain>) -> Plain {
    Plain::Record {
        keys: Box::new(Plain::Object {
            entries: keys
                .iter()
                .map(|k| (Plain::Text((*k).into()), Plain::Undefined))
                .collect(),
            more: false,
        }),
        props,
    }
}

fn t(s: &str) -> Plain {
    Plain::Text(s.into())
}

fn code<T: std::fmt::Debug>(r: Result<T>) -> ErrorCode {
    r.err().unwrap().code()
}

#[test]
fn keys_and_types() {
    let tree = record(&["url"], vec![t("https://a.example/"), Plain::Bool(true)]);
    let o = Options::strict(&tree, "f", NAMES).unwrap();
    assert_eq!(o.string("url", Max::Url).unwrap(), "https://a.example/");
    assert!(o.flag("flag").unwrap());
    assert_eq!(o.opt_string("fields", Max::Url).unwrap(), None);
    assert_eq!(o.number("n").unwrap(), None);
    let unknown = record(&["url", "successURL"], vec![]);
    let e = Options::strict(&unknown, "f", NAMES).err().unwrap();
    assert_eq!(e.code(), ErrorCode::InvalidArgument);
    assert!(e.message().contains("successURL"));
    assert!(Options::loose(&unknown, "f", NAMES).is_ok());
    let threw = Plain::Record {
        keys: Box::new(Plain::Threw),
        props: vec![],
    };
    assert_eq!(
        code(Options::strict(&threw, "f", NAMES)),
        ErrorCode::InvalidArgument
    );
    for not_options in [t("x"), Plain::Number(1.0), Plain::Symbol, Plain::Function] {
        assert_eq!(
            code(Options::loose(&not_options, "f", NAMES)),
            ErrorCode::InvalidArgument
        );
    }
    assert_eq!(
        code(Options::loose(&Plain::TooBig, "f", NAMES)),
        ErrorCode::PayloadTooLarge
    );
    assert!(Options::strict(&Plain::Undefined, "f", NAMES).is_ok());
}

#[test]
fn values_are_checked_without_echoing_them() {
    let secret = "s3cr3t";
    let tree = record(
        &[],
        vec![
            Plain::Number(1.0),
            t(secret),
            Plain::Threw,
            Plain::Bool(true),
        ],
    );
    let o = Options::strict(&tree, "f", NAMES).unwrap();
    let e = o.string("url", Max::Url).err().unwrap();
    assert_eq!(e.message(), "f: url must be a string");
    let e = o.flag("flag").err().unwrap();
    assert!(!e.message().contains(secret));
    assert_eq!(code(o.fields("fields")), ErrorCode::InvalidArgument);
    assert!(o.number("n").unwrap().unwrap().is_nan());
    let long = record(
        &[],
        vec![Plain::Long(1 << 26), Plain::Broken("\u{fffd}".into())],
    );
    let o = Options::strict(&long, "f", NAMES).unwrap();
    assert_eq!(code(o.string("url", Max::Url)), ErrorCode::PayloadTooLarge);
    assert_eq!(
        code(o.string("url", Max::Short(9))),
        ErrorCode::InvalidArgument
    );
    assert_eq!(code(o.string("flag", Max::Url)), ErrorCode::InvalidArgument);
    let o = Options::loose(&long, "f", NAMES).unwrap();
    assert_eq!(o.string("flag", Max::Url).unwrap(), "\u{fffd}");
}

#[test]
fn fields_of_every_shape() {
    let pair = |a: &str, b: &str| Plain::List {
        kind: ListKind::Array,
        items: vec![t(a), t(b)],
        more: false,
    };
    let list = |items: Vec<Plain>, more: bool| Plain::List {
        kind: ListKind::Iterable,
        items,
        more,
    };
    let fields = |v: Plain| {
        let tree = record(&[], vec![Plain::Undefined, Plain::Undefined, v]);
        Options::strict(&tree, "f", NAMES).unwrap().fields("fields")
    };
    assert_eq!(
        fields(list(vec![pair("a", "1"), pair("b", "2")], false)).unwrap(),
        vec![("a".into(), "1".into()), ("b".into(), "2".into())]
    );
    let object = Plain::Object {
        entries: vec![(t("k"), t("v"))],
        more: false,
    };
    assert_eq!(fields(object).unwrap(), vec![("k".into(), "v".into())]);
    assert!(fields(Plain::Null).unwrap().is_empty());
    assert_eq!(
        code(fields(list(vec![], true))),
        ErrorCode::TooManyParameters
    );
    assert_eq!(
        code(fields(list(vec![t("a")], false))),
        ErrorCode::InvalidArgument
    );
    assert_eq!(
        code(fields(list(vec![Plain::Threw], false))),
        ErrorCode::InvalidArgument
    );
    assert_eq!(code(fields(Plain::BadLength)), ErrorCode::InvalidArgument);
    assert_eq!(code(fields(t("a=b"))), ErrorCode::InvalidArgument);
    let numbers = Plain::Object {
        entries: vec![(t("a"), Plain::Number(1.0))],
        more: false,
    };
    assert_eq!(code(fields(numbers)), ErrorCode::InvalidArgument);
    let big = "x".repeat(600 * 1024);
    let two = list(vec![pair("a", &big), pair("b", &big)], false);
    assert_eq!(code(fields(two)), ErrorCode::PayloadTooLarge);
    let long = list(
        vec![Plain::List {
            kind: ListKind::Array,
            items: vec![t("a"), Plain::Long(1 << 26)],
            more: false,
        }],
        false,
    );
    assert_eq!(code(fields(long)), ErrorCode::PayloadTooLarge);
}
