//! A JavaScript value read into plain data ([`Plain`]), and the parser of the reader's JSON text.
//!
//! The wasm layer's one reader (`src/wasm/read.js`) walks a foreign value under a [`Spec`] and
//! answers JSON text; [`Plain::parse`] turns it into a tree. The tree records what was found,
//! including where a getter, Proxy trap or iterator threw ([`Plain::Threw`]), strings too long to
//! copy ([`Plain::Long`]) and the bounds that stopped the walk (`more`, [`Plain::Unread`],
//! [`Plain::TooBig`]). Everything that decides what is accepted works on this tree, natively.
//!
//! Option objects carry secrets (an `hmacKey`, a password, a token, a key's passphrase), so every
//! copy this module makes of the reader's text is wiped when it is dropped: the intermediate JSON
//! trees inside [`Plain::parse`], and the [`Plain`] tree itself through its [`Zeroize`] impl (the
//! wasm reader hands it out as `Zeroizing<Plain>`). Not reached (best effort): a buffer freed while
//! it grew (serde_json's scratch buffer for a string with escapes, the small reader's string
//! buffer), and the JavaScript strings themselves (immutable, owned by the runtime).

use zeroize::Zeroize;

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
    ///
    /// Builds that deserialise serde_json `Value`s anyway (native, the root, `kassa/verify` and
    /// `kassa/client`) parse with it; `kassa/forms` and `kassa/testing` parse with [`own::tree`],
    /// a small reader that accepts the same texts as long as every number is an integer, as
    /// read.js writes them (`against_serde_json` holds the two equal, and the small reader
    /// refusing any other number), and is smaller there than serde_json's `Value` deserialiser
    /// (docs/ARCHITECTURE.md, Entries).
    pub fn parse(text: &str) -> Plain {
        #[cfg(any(
            not(target_arch = "wasm32"),
            feature = "entry-verify",
            feature = "entry-client"
        ))]
        let tree = serde_tree(text);
        #[cfg(not(any(
            not(target_arch = "wasm32"),
            feature = "entry-verify",
            feature = "entry-client"
        )))]
        let tree = own::tree(text);
        tree.map_or(Plain::Threw, |mut v| {
            let plain = Self::from_json(&v);
            v.zeroize();
            plain
        })
    }

    fn from_json(v: &J) -> Plain {
        let list = match v {
            J::Null => return Plain::Null,
            J::Bool(b) => return Plain::Bool(*b),
            J::Num(n) => return Plain::Number(n.as_f64()),
            J::Str(s) => return Plain::Text(s.clone()),
            J::Obj => return Plain::Threw,
            J::Arr(list) => list,
        };
        let tag = list.first().and_then(J::as_str).unwrap_or("");
        let text = |i: usize| list.get(i).and_then(J::as_str).unwrap_or("").to_owned();
        let more = list.get(1).and_then(J::as_u64) == Some(1);
        let rest = || list.iter().skip(2).map(Self::from_json);
        match tag {
            "u" => Plain::Undefined,
            "d" => Plain::Number(float_bits(list)),
            "n" => Plain::Number(match text(1).as_str() {
                "Infinity" => f64::INFINITY,
                "-Infinity" => f64::NEG_INFINITY,
                _ => f64::NAN,
            }),
            "w" => Plain::Broken(text(1)),
            "L" => Plain::Long(list.get(1).and_then(J::as_u64).unwrap_or(u64::MAX) as usize),
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

/// Wipes every string of the tree (numbers and shapes are no secrets).
impl Zeroize for Plain {
    fn zeroize(&mut self) {
        match self {
            Plain::Text(s) | Plain::Broken(s) | Plain::BigInt(s) => s.zeroize(),
            Plain::List { items, .. } => items.iter_mut().for_each(Zeroize::zeroize),
            Plain::Object { entries, .. } => entries.iter_mut().for_each(|(k, v)| {
                k.zeroize();
                v.zeroize();
            }),
            Plain::Record { keys, props } => {
                keys.zeroize();
                props.iter_mut().for_each(Zeroize::zeroize);
            }
            _ => {}
        }
    }
}

/// A JSON value as [`Plain::parse`] needs it: objects only as "an object" (the reader writes
/// none; one in the text is [`Plain::Threw`]), numbers with serde_json's integer/float split.
#[derive(Debug, Clone, PartialEq)]
enum J {
    Null,
    Bool(bool),
    Num(Num),
    Str(String),
    Arr(Vec<J>),
    Obj,
}

/// A JSON number as serde_json keeps it: a non-negative integer that fits `u64`, a negative one
/// that fits `i64`, or else a float (`-0` is the float −0; only serde_json reads floats, which
/// read.js never writes).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Num {
    Pos(u64),
    Neg(i64),
    #[cfg_attr(
        not(any(
            not(target_arch = "wasm32"),
            feature = "entry-verify",
            feature = "entry-client"
        )),
        allow(dead_code)
    )]
    Float(f64),
}

impl Num {
    fn as_f64(self) -> f64 {
        match self {
            Num::Pos(n) => n as f64,
            Num::Neg(n) => n as f64,
            Num::Float(f) => f,
        }
    }
}

impl Zeroize for J {
    fn zeroize(&mut self) {
        match self {
            J::Str(s) => s.zeroize(),
            J::Arr(items) => items.iter_mut().for_each(Zeroize::zeroize),
            _ => {}
        }
    }
}

impl J {
    fn as_str(&self) -> Option<&str> {
        match self {
            J::Str(s) => Some(s),
            _ => None,
        }
    }

    fn as_u64(&self) -> Option<u64> {
        match self {
            J::Num(Num::Pos(n)) => Some(*n),
            _ => None,
        }
    }
}

/// A `["d", high, low]` node: the number whose IEEE-754 bits are `high << 32 | low` (NaN when
/// the halves are not two 32-bit counts, which the reader never writes). read.js sends every
/// finite number that is not a safe integer so, which is exact and needs no decimal-to-float
/// parser here: core's (`str::parse::<f64>`, with its table of powers of five) cost each entry
/// about 14 KB of gzipped wasm.
fn float_bits(list: &[J]) -> f64 {
    let half = |i: usize| {
        list.get(i)
            .and_then(J::as_u64)
            .filter(|&h| h <= u64::from(u32::MAX))
    };
    match (half(1), half(2)) {
        (Some(high), Some(low)) => f64::from_bits(high << 32 | low),
        _ => f64::NAN,
    }
}

/// The JSON tree of `text` through serde_json (`None`: not JSON).
#[cfg(any(
    not(target_arch = "wasm32"),
    feature = "entry-verify",
    feature = "entry-client"
))]
fn serde_tree(text: &str) -> Option<J> {
    use serde_json::Value;
    fn conv(v: &Value) -> J {
        match v {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Number(n) => J::Num(match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => Num::Pos(u),
                (None, Some(i)) => Num::Neg(i),
                (None, None) => Num::Float(n.as_f64().unwrap_or(f64::NAN)),
            }),
            Value::String(s) => J::Str(s.clone()),
            Value::Array(a) => J::Arr(a.iter().map(conv).collect()),
            Value::Object(_) => J::Obj,
        }
    }
    /// Wipes the strings of `v` (object keys are not reachable; the reader writes no objects).
    fn wipe(v: &mut Value) {
        match v {
            Value::String(s) => s.zeroize(),
            Value::Array(a) => a.iter_mut().for_each(wipe),
            Value::Object(m) => m.values_mut().for_each(wipe),
            _ => {}
        }
    }
    serde_json::from_str::<Value>(text).ok().map(|mut v| {
        let tree = conv(&v);
        wipe(&mut v);
        tree
    })
}

/// kassa's own JSON reader, for `kassa/forms` and `kassa/testing`; compiled natively too, where
/// `against_serde_json` tests it.
#[cfg_attr(
    any(
        not(target_arch = "wasm32"),
        feature = "entry-verify",
        feature = "entry-client"
    ),
    allow(dead_code)
)]
mod own {
    use super::{Num, J};

    /// The JSON tree of `text` (`None`: not JSON, as serde_json would refuse it).
    pub(super) fn tree(text: &str) -> Option<J> {
        let mut reader = Json {
            bytes: text.as_bytes(),
            at: 0,
        };
        reader.value(0).filter(|_| reader.at_end())
    }

    /// serde_json's nesting limit: 127 arrays or objects inside each other parse, 128 do not.
    const MAX_DEPTH: u32 = 127;

    /// A JSON text reader (RFC 8259, as serde_json reads it): `None` is any syntax error.
    struct Json<'a> {
        bytes: &'a [u8],
        at: usize,
    }

    impl Json<'_> {
        fn peek(&self) -> Option<u8> {
            self.bytes.get(self.at).copied()
        }

        fn skip_ws(&mut self) {
            while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
                self.at += 1;
            }
        }

        fn at_end(&mut self) -> bool {
            self.skip_ws();
            self.at == self.bytes.len()
        }

        fn eat(&mut self, b: u8) -> bool {
            let hit = self.peek() == Some(b);
            self.at += usize::from(hit);
            hit
        }

        fn word(&mut self, w: &[u8], v: J) -> Option<J> {
            let hit = self.bytes.get(self.at..self.at + w.len()) == Some(w);
            self.at += w.len();
            hit.then_some(v)
        }

        fn value(&mut self, depth: u32) -> Option<J> {
            self.skip_ws();
            match self.peek()? {
                b'n' => self.word(b"null", J::Null),
                b't' => self.word(b"true", J::Bool(true)),
                b'f' => self.word(b"false", J::Bool(false)),
                b'"' => self.string().map(J::Str),
                b'[' if depth < MAX_DEPTH => {
                    self.at += 1;
                    let mut items = Vec::new();
                    self.skip_ws();
                    if !self.eat(b']') {
                        loop {
                            items.push(self.value(depth + 1)?);
                            self.skip_ws();
                            if self.eat(b']') {
                                break;
                            }
                            if !self.eat(b',') {
                                return None;
                            }
                        }
                    }
                    Some(J::Arr(items))
                }
                b'{' if depth < MAX_DEPTH => {
                    self.at += 1;
                    self.skip_ws();
                    if !self.eat(b'}') {
                        loop {
                            self.skip_ws();
                            if self.peek() != Some(b'"') {
                                return None;
                            }
                            self.string()?;
                            self.skip_ws();
                            if !self.eat(b':') {
                                return None;
                            }
                            self.value(depth + 1)?;
                            self.skip_ws();
                            if self.eat(b'}') {
                                break;
                            }
                            if !self.eat(b',') {
                                return None;
                            }
                        }
                    }
                    Some(J::Obj)
                }
                b'-' | b'0'..=b'9' => self.number().map(J::Num),
                _ => None,
            }
        }

        /// Runs of ASCII digits: how many.
        fn digits(&mut self) -> usize {
            let start = self.at;
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.at += 1;
            }
            self.at - start
        }

        /// An integer, as serde_json splits them (`u64`, else negative `i64`). read.js writes
        /// every other number as `["d", high, low]`, so a fraction, an exponent, `-0` or an
        /// integer beyond `u64`/`i64` (where serde_json would read a float) is refused.
        fn number(&mut self) -> Option<Num> {
            let negative = self.eat(b'-');
            let int_start = self.at;
            let int_digits = self.digits();
            if int_digits == 0 || (int_digits > 1 && self.bytes[int_start] == b'0') {
                return None;
            }
            if matches!(self.peek(), Some(b'.' | b'e' | b'E')) {
                return None;
            }
            let digits = self.bytes.get(int_start..self.at)?;
            let n: u64 = std::str::from_utf8(digits).ok()?.parse().ok()?;
            if !negative {
                return Some(Num::Pos(n));
            }
            let neg = (n as i64).wrapping_neg();
            (neg < 0).then_some(Num::Neg(neg))
        }

        fn hex4(&mut self) -> Option<u32> {
            let h = self.bytes.get(self.at..self.at + 4)?;
            self.at += 4;
            h.iter()
                .try_fold(0u32, |n, &b| Some(n * 16 + char::from(b).to_digit(16)?))
        }

        fn string(&mut self) -> Option<String> {
            self.at += 1;
            let mut out = Vec::new();
            loop {
                let start = self.at;
                while matches!(self.peek(), Some(b) if b != b'"' && b != b'\\' && b >= 0x20) {
                    self.at += 1;
                }
                out.extend_from_slice(&self.bytes[start..self.at]);
                match self.peek()? {
                    b'"' => {
                        self.at += 1;
                        return String::from_utf8(out).ok();
                    }
                    b'\\' => {
                        self.at += 1;
                        let e = self.peek()?;
                        self.at += 1;
                        let c = match e {
                            b'"' => '"',
                            b'\\' => '\\',
                            b'/' => '/',
                            b'b' => '\u{8}',
                            b'f' => '\u{c}',
                            b'n' => '\n',
                            b'r' => '\r',
                            b't' => '\t',
                            b'u' => {
                                let n = self.hex4()?;
                                let n = match n {
                                    0xD800..=0xDBFF => {
                                        if !(self.eat(b'\\') && self.eat(b'u')) {
                                            return None;
                                        }
                                        let low = self.hex4()?;
                                        if !(0xDC00..=0xDFFF).contains(&low) {
                                            return None;
                                        }
                                        0x1_0000 + ((n - 0xD800) << 10) + (low - 0xDC00)
                                    }
                                    n => n,
                                };
                                char::from_u32(n)?
                            }
                            _ => return None,
                        };
                        let mut buf = [0u8; 4];
                        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                    }
                    _ => return None,
                }
            }
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

/// The parser against serde_json (what `Plain::parse` was before the reader of its own): the same
/// tree for every text, valid or not, whose numbers are integers; any other number (which read.js
/// never writes: it sends `["d", high, low]`) makes the small reader refuse the text.
// proptest runs natively only (it does not build for wasm32-unknown-unknown).
#[cfg(all(test, not(target_arch = "wasm32")))]
#[allow(clippy::unwrap_used, clippy::panic)]
mod against_serde_json {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Value;

    fn old(text: &str) -> Option<J> {
        serde_tree(text)
    }

    fn new(text: &str) -> Option<J> {
        own::tree(text)
    }

    /// A number serde_json reads as a float anywhere in `v` (objects included).
    fn has_float(v: &Value) -> bool {
        match v {
            Value::Number(n) => n.is_f64(),
            Value::Array(items) => items.iter().any(has_float),
            Value::Object(map) => map.values().any(has_float),
            _ => false,
        }
    }

    /// What the small reader must answer for `text`: serde_json's tree, unless a number in it
    /// is a float.
    fn expected(text: &str) -> Option<J> {
        let floats = serde_json::from_str::<Value>(text).is_ok_and(|v| has_float(&v));
        old(text).filter(|_| !floats)
    }

    fn tree() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            crate::json_strategy::leaf(),
            (-1.0e6f64..1.0e6).prop_map(Value::from),
            prop::sample::select(vec!["u", "n", "w", "L", "o", "k", "r", "a", "i"])
                .prop_map(Value::from),
        ];
        leaf.prop_recursive(6, 64, 8, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
                prop::collection::vec(("[a-z]{0,3}", inner), 0..3)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn valid_trees_parse_the_same(v in tree(), pretty in any::<bool>()) {
            let text = if pretty { serde_json::to_string_pretty(&v) } else { serde_json::to_string(&v) }.unwrap();
            prop_assert!(old(&text).is_some(), "{text}");
            prop_assert_eq!(new(&text), expected(&text), "{}", text);
        }

        #[test]
        fn damaged_text_is_refused_alike(v in tree(), at in any::<prop::sample::Index>(),
                                         with in prop::sample::select(vec!["", "\"", "\\", "\\u", "\\ud800", "\\udc00", "]", "[", "}", ",", ":", "-", "0", "1e", ".", "e5", "\u{1}", "\t", "x", "nul", "1e400", "-0"])) {
            let mut text = serde_json::to_string(&v).unwrap();
            let mut i = at.index(text.len() + 1);
            while !text.is_char_boundary(i) { i -= 1; }
            let cut = at.index(3);
            let end = (i + cut).min(text.len());
            let end = (end..=text.len()).find(|&e| text.is_char_boundary(e)).unwrap();
            text.replace_range(i..end, with);
            prop_assert_eq!(new(&text), expected(&text), "{}", text);
        }

        #[test]
        fn float_bits_give_the_number_exactly(bits in any::<u64>()) {
            let text = format!("[\"d\",{},{}]", bits >> 32, bits & 0xffff_ffff);
            for tree in [old(&text), new(&text)] {
                let Plain::Number(n) = Plain::from_json(&tree.unwrap()) else { panic!("{text}") };
                prop_assert_eq!(n.to_bits(), bits);
            }
        }
    }

    #[test]
    fn edge_texts() {
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        for text in [
            deep(127),
            deep(128),
            "[1,]".into(),
            "[01]".into(),
            "-0".into(),
            "-9223372036854775808".into(),
            "-9223372036854775809".into(),
            "18446744073709551616".into(),
            "1E+2".into(),
            "\"\\ud83d\\ude00\"".into(),
            "\"\\uD83D\"".into(),
            "\"\\uDE00\"".into(),
            "\"\\ud83d\\u0041\"".into(),
            " [ \"u\" ] ".into(),
            "{\"a\":1,\"a\":2}".into(),
            "{\"a\" 1}".into(),
            "tru".into(),
            "".into(),
            "1e400".into(),
            "-1e400".into(),
            "1e-400".into(),
        ] {
            assert_eq!(new(&text), expected(&text), "{text}");
        }
        assert_eq!(new("-0"), None, "serde_json reads the float -0");
        assert_eq!(new("[1,2.5]"), None);
        assert_eq!(
            new("18446744073709551615"),
            Some(J::Num(Num::Pos(u64::MAX)))
        );
        assert_eq!(
            new("-9223372036854775808"),
            Some(J::Num(Num::Neg(i64::MIN)))
        );
    }

    #[test]
    fn nan_infinities_and_bad_halves() {
        let number = |text: &str| match Plain::from_json(&new(text).unwrap()) {
            Plain::Number(n) => n,
            other => panic!("{text}: {other:?}"),
        };
        assert_eq!(number(r#"["n","Infinity"]"#), f64::INFINITY);
        assert_eq!(number(r#"["n","-Infinity"]"#), f64::NEG_INFINITY);
        assert!(number(r#"["n","NaN"]"#).is_nan());
        assert!(
            number(r#"["n","inf"]"#).is_nan(),
            "only the reader's three spellings"
        );
        assert!(
            number(r#"["d",4294967296,0]"#).is_nan(),
            "a half above 32 bits"
        );
        assert!(number(r#"["d",1]"#).is_nan());
        assert_eq!(number(r#"["d",1072693248,0]"#), 1.0);
        assert_eq!(
            number(r#"["d",2147483648,0]"#).to_bits(),
            (-0.0f64).to_bits()
        );
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod wiping {
    use super::*;

    /// Every string of the tree, depth first.
    fn texts(p: &Plain, out: &mut Vec<String>) {
        match p {
            Plain::Text(s) | Plain::Broken(s) | Plain::BigInt(s) => out.push(s.clone()),
            Plain::List { items, .. } => items.iter().for_each(|i| texts(i, out)),
            Plain::Object { entries, .. } => entries.iter().for_each(|(k, v)| {
                texts(k, out);
                texts(v, out);
            }),
            Plain::Record { keys, props } => {
                texts(keys, out);
                props.iter().for_each(|p| texts(p, out));
            }
            _ => {}
        }
    }

    #[test]
    fn zeroize_empties_every_string_of_the_tree() {
        let text = r#"["r",["o",0,"hmacKey","secret-1","nested",["a",0,"secret-2",["b","123"]]],"secret-3",["w","secret-4"],5]"#;
        let mut tree = Plain::parse(text);
        let mut before = Vec::new();
        texts(&tree, &mut before);
        for s in [
            "secret-1", "secret-2", "secret-3", "secret-4", "123", "hmacKey",
        ] {
            assert!(before.iter().any(|t| t == s), "{s} in {before:?}");
        }
        tree.zeroize();
        let mut after = Vec::new();
        texts(&tree, &mut after);
        assert_eq!(after.len(), before.len(), "the shape stays");
        assert!(after.iter().all(String::is_empty), "{after:?}");
    }
}
