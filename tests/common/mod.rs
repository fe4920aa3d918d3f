//! Helpers shared by the integration tests: reading the data files in tests/vectors/.
#![allow(dead_code, clippy::unwrap_used)]

use std::collections::HashMap;

/// The text of tests/vectors/<name>.
pub fn vector(name: &str) -> String {
    let path = format!("{}/tests/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A `.txt` vector: `# comments`, then `name: value` lines (format in tests/vectors/README.md).
pub fn fields(name: &str) -> HashMap<String, String> {
    vector(name)
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (k, v) = l.split_once(": ").unwrap();
            (k.to_owned(), v.to_owned())
        })
        .collect()
}

/// Ordered pairs from `(&str, &str)`.
pub fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

/// How many cases each property of the `tests/fuzz_*.rs` targets runs: `KASSA_FUZZ_CASES` from
/// the environment (`make fuzz` sets 1,000,000), else 10,000 (what `make test` runs).
pub fn fuzz_cases() -> u32 {
    std::env::var("KASSA_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}
