//! String slicing that cannot panic. `&s[..i]`, `split_at` and `split_once("..")` carry a panic
//! path for an index that is out of range or inside a character, and with it core's
//! `slice_error_fail`, the `Debug` formatting of characters and ranges it prints and (for string
//! patterns) the two-way searcher: 9.2 KB raw and 5.1 KB gzip -9 of the kassa/forms `.wasm`
//! (twiggy and `make pkg`, 2026-12-02), where every index comes from a search of the same string
//! and can never be wrong. These answer such an index with an empty part instead.

/// `s` up to byte `i`; empty when `i` is out of range or not at a character boundary.
pub fn before(s: &str, i: usize) -> &str {
    s.get(..i).unwrap_or_default()
}

/// `s` from byte `i`; empty when `i` is out of range or not at a character boundary.
pub fn from(s: &str, i: usize) -> &str {
    s.get(i..).unwrap_or_default()
}

/// `s` split at byte `i`; `(s, "")` when `i` is out of range or not at a character boundary.
pub fn split_at(s: &str, i: usize) -> (&str, &str) {
    s.split_at_checked(i).unwrap_or((s, ""))
}

/// The first byte index of `pattern` in `s` (`Some(0)` for an empty pattern). The index is a
/// character boundary: a UTF-8 pattern can only match where a character starts.
pub fn find(s: &str, pattern: &str) -> Option<usize> {
    let p = pattern.as_bytes();
    if p.is_empty() {
        return Some(0);
    }
    s.as_bytes().windows(p.len()).position(|w| w == p)
}

/// `s` around the first `pattern`, as `str::split_once` with a string pattern.
pub fn split_once<'a>(s: &'a str, pattern: &str) -> Option<(&'a str, &'a str)> {
    find(s, pattern).map(|i| (before(s, i), from(s, i + pattern.len())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_core_where_core_does_not_panic() {
        let texts = ["", "a", "https://h/p", "::1::", "été", "😀x😀", "a::b::c"];
        let patterns = ["", ":", "::", "://", "é", "😀", "x😀", "zz"];
        for s in texts {
            for p in patterns {
                assert_eq!(find(s, p), s.find(p), "{s:?} {p:?}");
                assert_eq!(split_once(s, p), s.split_once(p), "{s:?} {p:?}");
            }
            for i in 0..=s.len() + 1 {
                assert_eq!(before(s, i), s.get(..i).unwrap_or(""));
                assert_eq!(from(s, i), s.get(i..).unwrap_or(""));
                let expected = if s.is_char_boundary(i) {
                    s.split_at(i)
                } else {
                    (s, "")
                };
                assert_eq!(split_at(s, i), expected);
            }
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod property {
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn find_and_split_once_are_cores(s in "[a:/é😀]{0,12}", p in "[a:/é😀]{0,3}") {
                prop_assert_eq!(super::super::find(&s, &p), s.find(p.as_str()));
                prop_assert_eq!(super::super::split_once(&s, &p), s.split_once(p.as_str()));
            }
        }
    }
}
