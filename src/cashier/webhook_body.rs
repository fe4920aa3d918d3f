//! What kassa reads from a verified Mobile Cashier webhook body: whether its last `order` member
//! is an object, that object's `id`, `status` and `orderStatus`, and the same three at the top
//! (for a bare order). Every other value is read by serde_json and dropped, not built into a
//! tree: the result's `body` is the received text, parsed once in JavaScript, and its `order` is
//! that parsed body or its `order` member (a [`crate::notification::Link`]).
//!
//! The body is accepted or refused exactly as `serde_json::from_slice::<Value>` would: the
//! values are read through the same `deserialize_any` path as a `Value` (nesting limited to 128,
//! numbers checked to be in range, strings and keys checked to be UTF-8, escapes decoded), only
//! nothing is kept. `tests::reads_what_the_value_tree_reads` and the property test in
//! tests/properties.rs hold the two equal. A repeated key's last value wins, as in a `Value` map
//! and in `JSON.parse`.
//!
//! Measured (Node, the bench's 380-byte bare order): building the `Value` tree and a copy of it
//! for `order` was most of the 6.5 µs `CashierNotification::parse` took, plus 1.6 µs dropping
//! them; see the rsa-async note in bench/notes.mjs for the whole call.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// The fields kassa reads from an order object (the last of each).
#[derive(Debug, Default, PartialEq)]
pub struct OrderFields {
    /// `id`.
    pub id: Option<Value>,
    /// `status`.
    pub status: Option<Value>,
    /// `orderStatus` (read when there is no `status`).
    pub order_status: Option<Value>,
}

/// The members of a webhook body kassa uses.
#[derive(Debug, Default, PartialEq)]
pub struct BodyFields {
    /// The fields of the last `order` member, when it is an object; `None` when there is none or
    /// it is not an object (then the body is a bare order).
    pub order: Option<OrderFields>,
    /// The same fields at the top, which are the order's for a bare order.
    pub top: OrderFields,
}

/// Reads `body`: `Ok(Some(_))` for a JSON object, `Ok(None)` for any other JSON value, the
/// parser's error for what is not JSON.
pub fn read(body: &[u8]) -> serde_json::Result<Option<BodyFields>> {
    serde_json::from_slice::<Top>(body).map(|t| t.0)
}

/// The top-level value: the fields of an object, nothing for another value.
struct Top(Option<BodyFields>);

/// An `order` member: its fields when it is an object, nothing for another value.
struct Order(Option<OrderFields>);

/// Any JSON value, checked as a `Value` would be and dropped.
struct Skip;

/// A member name, by what kassa does with its value.
enum Key {
    Order,
    Id,
    Status,
    OrderStatus,
    Other,
}

/// What a visited value is read for: only a map is looked into ([`Top`], [`Order`]); every other
/// kind of value, and everything under [`Skip`], is accepted and dropped.
#[derive(Clone, Copy, PartialEq)]
enum Role {
    Top,
    Order,
    Skip,
}

/// A visited value: the fields of a map read as `Top` or `Order` (an order's own `order` member
/// is not looked into: `order` stays `None` there), `None` for anything else.
type Seen = Option<BodyFields>;

struct Any(Role);

impl<'de> Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Any(Role::Skip)).map(|_| Skip)
    }
}

impl<'de> Deserialize<'de> for Order {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Any(Role::Order))
            .map(|seen| Order(seen.map(|fields| fields.top)))
    }
}

impl<'de> Deserialize<'de> for Top {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Any(Role::Top)).map(Top)
    }
}

impl<'de> Visitor<'de> for Any {
    type Value = Seen;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Seen, E> {
        Ok(None)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Seen, E> {
        Ok(None)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Seen, E> {
        Ok(None)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Seen, E> {
        Ok(None)
    }

    fn visit_str<E>(self, _: &str) -> Result<Seen, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Seen, E> {
        Ok(None)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Seen, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Seen, A::Error> {
        if self.0 == Role::Skip {
            while map.next_entry::<Skip, Skip>()?.is_some() {}
            return Ok(None);
        }
        let mut fields = OrderFields::default();
        let mut order = None;
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Order if self.0 == Role::Top => order = map.next_value::<Order>()?.0,
                Key::Id => fields.id = Some(map.next_value()?),
                Key::Status => fields.status = Some(map.next_value()?),
                Key::OrderStatus => fields.order_status = Some(map.next_value()?),
                Key::Order | Key::Other => {
                    map.next_value::<Skip>()?;
                }
            }
        }
        Ok(Some(BodyFields { order, top: fields }))
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E>(self, name: &str) -> Result<Key, E> {
        Ok(match name {
            "order" => Key::Order,
            "id" => Key::Id,
            "status" => Key::Status,
            "orderStatus" => Key::OrderStatus,
            _ => Key::Other,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::Map;

    /// What the `Value` tree gives for the same body: `None` for a value that is not an object.
    fn by_value(body: &[u8]) -> serde_json::Result<Option<BodyFields>> {
        let fields = |o: &Map<String, Value>| OrderFields {
            id: o.get("id").cloned(),
            status: o.get("status").cloned(),
            order_status: o.get("orderStatus").cloned(),
        };
        Ok(match serde_json::from_slice::<Value>(body)? {
            Value::Object(top) => Some(BodyFields {
                order: match top.get("order") {
                    Some(Value::Object(o)) => Some(fields(o)),
                    _ => None,
                },
                top: fields(&top),
            }),
            _ => None,
        })
    }

    /// Both readers' answers for `body` as text (the same fields, or the same error message).
    fn answers(body: &[u8]) -> (String, String) {
        let show = |r: serde_json::Result<Option<BodyFields>>| match r {
            Ok(fields) => format!("{fields:?}"),
            Err(e) => format!("error: {e}"),
        };
        (show(read(body)), show(by_value(body)))
    }

    fn same(body: &[u8]) {
        let (a, b) = answers(body);
        assert_eq!(a, b, "{body:?}");
    }

    #[test]
    fn reads_what_the_value_tree_reads() {
        let deep = |n: usize| format!("{{\"a\":{}1{}}}", "[".repeat(n), "]".repeat(n));
        let cases = [
            r#"{"id":5,"status":"SBP_ACCEPTED","x":{}}"#.to_string(),
            r#"{"order":{"id":6,"status":"LATER"},"id":1}"#.into(),
            r#"{"order":{"id":6},"order":5,"id":9,"id":10}"#.into(),
            r#"{"order":{"order":{"id":1},"id":2,"status":3,"status":"PAID"}}"#.into(),
            r#"{"ord\u0065r":{"id":3},"order":null}"#.into(),
            r#"{"ord\u0065r":{"id":3}}"#.into(),
            r#"{"order":5,"order":{"id":1,"orderStatus":"PAID"}}"#.into(),
            r#"{"st\u0061tus":"PAID","orderStatus":null,"id":[1,{"b":2}]}"#.into(),
            r#"{"x":1e400}"#.into(),
            r#"{"x":-0,"y":12345678901234567890,"z":1.5e-7,"w":[true,false,null]}"#.into(),
            "{\"x\":\"\u{0}\"}".into(),
            "{\"x\":\"\\ud800\"}".into(),
            "{\"x\":\"a\\qb\"}".into(),
            "{\"x\":1,}".into(),
            "{\"x\":1} x".into(),
            " {\"x\" : \"Заказ\" } \n".into(),
            "[1,2".into(),
            "[1,{\"a\":2}]".into(),
            "\"x\"".into(),
            "12".into(),
            "null".into(),
            "".into(),
            deep(126),
            deep(127),
            deep(128),
            deep(5000),
        ];
        for c in &cases {
            same(c.as_bytes());
        }
        for bad in [&b"{\"x\":\"\xff\"}"[..], b"{\"\xc3\":1}", b"\xef\xbb\xbf{}"] {
            same(bad);
            assert!(read(bad).is_err());
        }
    }

    /// The reader against the `Value` tree on generated bodies: valid ones (with the member names
    /// kassa reads, repeated, at any depth) and damaged ones.
    // proptest runs natively only (it does not build for wasm32-unknown-unknown).
    #[cfg(not(target_arch = "wasm32"))]
    mod against_the_value_tree {
        use super::answers;
        use proptest::prelude::*;
        use serde_json::Value;

        fn tree() -> impl Strategy<Value = Value> {
            let leaf = crate::json_strategy::leaf();
            let names =
                prop::sample::select(vec!["order", "id", "status", "orderStatus", "x", "ordeR"]);
            leaf.prop_recursive(5, 48, 6, move |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                    prop::collection::vec((names.clone(), inner), 0..6).prop_map(|kv| {
                        Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
                    }),
                ]
            })
        }

        /// An object's text with its members written out as given, so that names can repeat.
        fn members() -> impl Strategy<Value = String> {
            let name = prop::sample::select(vec![
                "order",
                "id",
                "status",
                "orderStatus",
                "x",
                "st\\u0061tus",
            ]);
            prop::collection::vec((name, tree()), 0..6).prop_map(|kv| {
                let inner: Vec<String> = kv
                    .iter()
                    .map(|(k, v)| {
                        format!("\"{k}\":{}", serde_json::to_string(v).unwrap_or_default())
                    })
                    .collect();
                format!("{{{}}}", inner.join(","))
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]
            #[test]
            fn same_answer_for_valid_and_damaged_bodies(text in members(), v in tree(),
                                                         at in any::<prop::sample::Index>(),
                                                         with in prop::sample::select(vec!["", "\"", "\\", "]", "[", "}", "{", ",", ":", "-", "1e400", "\u{1}", "\u{ff}", "x"])) {
                let other = serde_json::to_string(&v).unwrap();
                for t in [&text, &other] {
                    let (a, b) = answers(t.as_bytes());
                    prop_assert_eq!(a, b, "{}", t);
                    let mut damaged = t.clone();
                    let mut i = at.index(damaged.len() + 1);
                    while !damaged.is_char_boundary(i) { i -= 1; }
                    damaged.insert_str(i, with);
                    let (a, b) = answers(damaged.as_bytes());
                    prop_assert_eq!(a, b, "{}", damaged);
                }
            }
        }
    }
}
