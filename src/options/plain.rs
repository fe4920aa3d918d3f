//! A JavaScript value read into plain data ([`Plain`]), and the parser of the reader's JSON text.
//!
//! The wasm layer's one reader (`src/wasm/read.js`) walks a foreign value under a [`Spec`] and
//! answers JSON text; [`Plain::parse`] turns it into a tree. The tree records what was found,
//! including where a getter, Proxy trap or iterator threw ([`Plain::Threw`]), strings too long to
//! copy ([`Plain::Long`]) and the bounds that stopped the walk (`more`, [`Plain::Unread`],
//! [`Plain::TooBig`]). Everything that decides what is accepted works on this tree, natively.

use serde_json::Value;

/// How far the reader walks a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    /// Read the top value as a record: its own enumerable keys, then `value[name]` for each name.
    pub props: Option<&'static [&'static str]>,
    /// With `props`: read the top value whole (keys with values, or its iterator) as well.
    pub values: bool,
    /// Objects this deep (the top is 0) are [`Plain::Unread`].
    pub depth: u32,
    /// Most items read from one array, iterable or object (then `more`).
    pub entries: usize,
    /// Longest string copied, in UTF-16 units (longer ones are [`Plain::Long`]).
    pub strings: usize,
    /// Most copied units plus nodes in all (above it the whole read is [`Plain::TooBig`]).
    pub total: usize,
}

/// Which kind of list a [`Plain::List`] came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    /// `Array.isArray` (read through `length` and indices).
    Array,
    /// Any other object with a `[Symbol.iterator]` method.
    Iterable,
}

/// A JavaScript value as plain data.
#[derive(Debug, Clone, PartialEq)]
pub enum Plain {
    /// `undefined`.
    Undefined,
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number (NaN and the infinities included).
    Number(f64),
    /// A well-formed string.
    Text(String),
    /// A string with lone surrogates, each replaced by U+FFFD.
    Broken(String),
    /// A string of this many UTF-16 units, longer than [`Spec::strings`]: not copied.
    Long(usize),
    /// A BigInt, as its decimal digits.
    BigInt(String),
    /// A Symbol.
    Symbol,
    /// A function.
    Function,
    /// An array or other iterable; `more` when it had more than [`Spec::entries`] items.
    List {
        /// Array or iterable.
        kind: ListKind,
        /// The items read.
        items: Vec<Plain>,
        /// More items followed (not read).
        more: bool,
    },
    /// Any other object: its own enumerable string keys with their values.
    Object {
        /// `(key, value)` in `Object.keys` order (a key is `Text`, `Broken` or `Long`).
        entries: Vec<(Plain, Plain)>,
        /// More keys followed (not read).
        more: bool,
    },
    /// The top value read as a record ([`Spec::props`]).
    Record {
        /// Its own enumerable string keys (no values), or the whole value with [`Spec::values`];
        /// [`Plain::Threw`] when they could not be listed.
        keys: Box<Plain>,
        /// `value[name]` for each name of [`Spec::props`], in order.
        props: Vec<Plain>,
    },
    /// An object at [`Spec::depth`], not read (`array`: `Array.isArray` said so).
    Unread {
        /// It is an array.
        array: bool,
    },
    /// An array whose `length` is not a count (negative, fractional, not a number).
    BadLength,
    /// Reading it threw (a getter, a Proxy trap, a revoked Proxy, the iteration protocol).
    Threw,
    /// The value is larger than [`Spec::total`].
    TooBig,
}

impl Plain {
    /// Parses the reader's JSON text (`src/wasm/read.js` describes the grammar). Text that is not
    /// a tree (which the reader never writes) is [`Plain::Threw`].
    pub fn parse(text: &str) -> Plain {
        serde_json::from_str::<Value>(text)
            .map(|v| Self::from_json(&v))
            .unwrap_or(Plain::Threw)
    }

    fn from_json(v: &Value) -> Plain {
        let list = match v {
            Value::Null => return Plain::Null,
            Value::Bool(b) => return Plain::Bool(*b),
            Value::Number(n) => return Plain::Number(n.as_f64().unwrap_or(f64::NAN)),
            Value::String(s) => return Plain::Text(s.clone()),
            Value::Object(_) => return Plain::Threw,
            Value::Array(list) => list,
        };
        let tag = list.first().and_then(Value::as_str).unwrap_or("");
        let text = |i: usize| list.get(i).and_then(Value::as_str).unwrap_or("").to_owned();
        let more = list.get(1).and_then(Value::as_u64) == Some(1);
        let rest = || list.iter().skip(2).map(Self::from_json);
        match tag {
            "u" => Plain::Undefined,
            "n" => Plain::Number(text(1).parse().unwrap_or(f64::NAN)),
            "w" => Plain::Broken(text(1)),
            "L" => Plain::Long(list.get(1).and_then(Value::as_u64).unwrap_or(u64::MAX) as usize),
            "b" => Plain::BigInt(text(1)),
            "s" => Plain::Symbol,
            "f" => Plain::Function,
            "a" | "i" => Plain::List {
                kind: if tag == "a" {
                    ListKind::Array
                } else {
                    ListKind::Iterable
                },
                items: rest().collect(),
                more,
            },
            "o" | "k" => {
                let items: Vec<Plain> = rest().collect();
                let entries = if tag == "o" {
                    items
                        .chunks(2)
                        .map(|c| (c[0].clone(), c.get(1).cloned().unwrap_or(Plain::Threw)))
                        .collect()
                } else {
                    items.into_iter().map(|k| (k, Plain::Undefined)).collect()
                };
                Plain::Object { entries, more }
            }
            "r" => Plain::Record {
                keys: Box::new(list.get(1).map(Self::from_json).unwrap_or(Plain::Threw)),
                props: list.iter().skip(2).map(Self::from_json).collect(),
            },
            "A" | "O" => Plain::Unread { array: tag == "A" },
            "len" => Plain::BadLength,
            "big" => Plain::TooBig,
            _ => Plain::Threw,
        }
    }

    /// An options record whose values are `props` (in the order of [`Spec::props`]) and that
    /// lists no own keys: what a native caller or a test hands to the option readers.
    pub fn record(props: Vec<Plain>) -> Plain {
        Plain::Record {
            keys: Box::new(Plain::Object {
                entries: Vec::new(),
                more: false,
            }),
            props,
        }
    }

    /// `undefined` or `null`: an option left out.
    pub fn is_absent(&self) -> bool {
        matches!(self, Plain::Undefined | Plain::Null)
    }

    /// An object of any kind (`typeof value === 'object'`, not null).
    pub fn is_object(&self) -> bool {
        matches!(
            self,
            Plain::List { .. } | Plain::Object { .. } | Plain::Record { .. } | Plain::Unread { .. }
        ) || matches!(self, Plain::BadLength)
    }

    /// The text of a string (a broken one with U+FFFD in place of its lone surrogates).
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Plain::Text(s) | Plain::Broken(s) => Some(s),
            _ => None,
        }
    }

    /// The value under `key` of an [`Plain::Object`] (`Undefined` when absent).
    pub fn entry(&self, key: &str) -> &Plain {
        match self {
            Plain::Object { entries, .. } => entries
                .iter()
                .find(|(k, _)| k.as_text() == Some(key))
                .map(|(_, v)| v)
                .unwrap_or(&Plain::Undefined),
            _ => &Plain::Undefined,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_tag_parses() {
        assert_eq!(Plain::parse("\"a\""), Plain::Text("a".into()));
        assert_eq!(Plain::parse("1.5"), Plain::Number(1.5));
        assert_eq!(Plain::parse("null"), Plain::Null);
        assert_eq!(Plain::parse("true"), Plain::Bool(true));
        assert_eq!(Plain::parse("[\"u\"]"), Plain::Undefined);
        assert!(matches!(Plain::parse("[\"n\",\"NaN\"]"), Plain::Number(n) if n.is_nan()));
        assert_eq!(
            Plain::parse("[\"n\",\"-Infinity\"]"),
            Plain::Number(f64::NEG_INFINITY)
        );
        assert_eq!(
            Plain::parse("[\"w\",\"a\u{fffd}\"]"),
            Plain::Broken("a\u{fffd}".into())
        );
        assert_eq!(Plain::parse("[\"L\",70000000]"), Plain::Long(70_000_000));
        assert_eq!(Plain::parse("[\"b\",\"12\"]"), Plain::BigInt("12".into()));
        assert_eq!(Plain::parse("[\"s\"]"), Plain::Symbol);
        assert_eq!(Plain::parse("[\"f\"]"), Plain::Function);
        assert_eq!(Plain::parse("[\"A\"]"), Plain::Unread { array: true });
        assert_eq!(Plain::parse("[\"len\"]"), Plain::BadLength);
        assert_eq!(Plain::parse("[\"x\"]"), Plain::Threw);
        assert_eq!(Plain::parse("[\"big\"]"), Plain::TooBig);
        assert_eq!(Plain::parse("not json"), Plain::Threw);
        assert_eq!(Plain::parse("{}"), Plain::Threw);
    }

    #[test]
    fn containers_parse() {
        let list = Plain::parse("[\"i\",1,\"a\",[\"x\"]]");
        assert_eq!(
            list,
            Plain::List {
                kind: ListKind::Iterable,
                items: vec![Plain::Text("a".into()), Plain::Threw],
                more: true
            }
        );
        let o = Plain::parse("[\"o\",0,\"k\",1,\"j\",[\"x\"]]");
        assert_eq!(o.entry("k"), &Plain::Number(1.0));
        assert_eq!(o.entry("j"), &Plain::Threw);
        assert_eq!(o.entry("missing"), &Plain::Undefined);
        let r = Plain::parse("[\"r\",[\"k\",0,\"a\"],\"v\",[\"u\"]]");
        let Plain::Record { keys, props } = r else {
            unreachable!("not a record")
        };
        assert_eq!(keys.entry("a"), &Plain::Undefined);
        assert!(matches!(*keys, Plain::Object { ref entries, more: false } if entries.len() == 1));
        assert_eq!(props, vec![Plain::Text("v".into()), Plain::Undefined]);
    }
}
