//! Property-test inputs shared by the tests that hold a JSON reader of kassa's own equal to
//! serde_json (`options::plain`, `cashier::webhook_body`): the leaf values of random JSON trees.

use proptest::prelude::*;
use serde_json::Value;

/// null, booleans, any u64/i64, any finite float and any string.
pub fn leaf() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".*".prop_map(Value::String),
    ]
    .boxed()
}
