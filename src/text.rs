//! String slicing that cannot panic. `&s[..i]`, `split_at` and `split_once("..")` carry a panic
//! path for an index that is out of range or inside a character, and with it core's
//! `slice_error_fail`, the `Debug` formatting of characters and ranges it prints and (for string
//! patterns) the two-way searcher: 9.2 KB raw and 5.1 KB gzip -9 of the kassa/forms `.wasm`
//! (twiggy and `make pkg`, 2026-12-02), where every index comes from a search of the same string
//! and can never be wrong. These answer such an index with an empty part instead.
//!
//! The searches for one ASCII byte (`find_byte`, `split_byte`, ...) stand for `str`'s searches
//! with a `char` pattern, whose searchers (forward and backward, with core's `memchr`) and the
//! `Split` iterator are otherwise linked for the URL, host and form rules alone: an ASCII byte
//! never occurs inside a multi-byte character, so every index they give is a character boundary
//! and every answer is core's (the tests below hold them equal). They took 1,979 B raw and 896 B
//! gzip -9 off the kassa/forms `.wasm` (`make pkg`, 2026-12-03: 38,682 → 37,786 B).

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

/// The first byte index of the ASCII byte `b` in `s`: `s.find(b as char)`.
pub fn find_byte(s: &str, b: u8) -> Option<usize> {
    s.bytes().position(|x| x == b)
}

/// The first byte index of any of the ASCII bytes `set`: `s.find([..])` with those characters.
// `set.contains(&x)` is `<[u8]>::contains`, which links core's `memchr`: not worth it for 3-4 bytes.
#[allow(clippy::manual_contains)]
pub fn find_any(s: &str, set: &[u8]) -> Option<usize> {
    s.bytes().position(|x| set.iter().any(|&b| b == x))
}

/// The last byte index of the ASCII byte `b` in `s`: `s.rfind(b as char)`.
pub fn rfind_byte(s: &str, b: u8) -> Option<usize> {
    s.bytes().rposition(|x| x == b)
}

/// Whether `s` holds the ASCII byte `b`: `s.contains(b as char)`.
pub fn has_byte(s: &str, b: u8) -> bool {
    find_byte(s, b).is_some()
}

/// `s` after its last ASCII byte `b` (all of `s` without one): `s.rsplit(b as char).next()`.
pub fn after_last(s: &str, b: u8) -> &str {
    rfind_byte(s, b).map_or(s, |i| from(s, i + 1))
}

/// `s` around its first ASCII byte `b`: `s.split_once(b as char)`.
pub fn split_once_byte(s: &str, b: u8) -> Option<(&str, &str)> {
    find_byte(s, b).map(|i| (before(s, i), from(s, i + 1)))
}

/// The parts of `s` between its ASCII bytes `b`: `s.split(b as char)`.
pub fn split_byte(s: &str, b: u8) -> SplitByte<'_> {
    SplitByte { rest: Some(s), b }
}

/// The iterator of [`split_byte`].
pub struct SplitByte<'a> {
    rest: Option<&'a str>,
    b: u8,
}

impl<'a> Iterator for SplitByte<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match split_once_byte(rest, self.b) {
            Some((part, tail)) => {
                self.rest = Some(tail);
                Some(part)
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

/// `s` without its trailing ASCII bytes `b`: `s.trim_end_matches(b as char)`.
pub fn trim_end_byte(s: &str, b: u8) -> &str {
    before(s, s.bytes().rposition(|x| x != b).map_or(0, |i| i + 1))
}

/// `s` without its leading ASCII bytes `b`: `s.trim_start_matches(b as char)`.
pub fn trim_start_byte(s: &str, b: u8) -> &str {
    from(s, s.bytes().position(|x| x != b).unwrap_or(s.len()))
}

/// The byte index where character `n` (from 0) of `s` starts: the index of `s.char_indices().nth(n)`.
pub fn char_start(s: &str, n: usize) -> Option<usize> {
    s.bytes()
        .enumerate()
        .filter(|&(_, b)| (b as i8) >= -0x40)
        .nth(n)
        .map(|(i, _)| i)
}

/// The number of characters of `s`: `s.chars().count()`, as the bytes that start a character.
pub fn char_count(s: &str) -> usize {
    s.bytes().filter(|&b| (b as i8) >= -0x40).count()
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

    /// Every byte search against core's search for the same character.
    fn byte_searches_are_cores(s: &str, b: u8) {
        let c = b as char;
        assert_eq!(find_byte(s, b), s.find(c), "{s:?} {c:?}");
        assert_eq!(rfind_byte(s, b), s.rfind(c), "{s:?} {c:?}");
        assert_eq!(has_byte(s, b), s.contains(c), "{s:?} {c:?}");
        assert_eq!(Some(after_last(s, b)), s.rsplit(c).next(), "{s:?} {c:?}");
        assert_eq!(split_once_byte(s, b), s.split_once(c), "{s:?} {c:?}");
        assert_eq!(
            split_byte(s, b).collect::<Vec<_>>(),
            s.split(c).collect::<Vec<_>>(),
            "{s:?} {c:?}"
        );
        assert_eq!(trim_end_byte(s, b), s.trim_end_matches(c), "{s:?} {c:?}");
        assert_eq!(
            trim_start_byte(s, b),
            s.trim_start_matches(c),
            "{s:?} {c:?}"
        );
        let set = [b, b'/', b'#'];
        assert_eq!(find_any(s, &set), s.find([c, '/', '#']), "{s:?} {c:?}");
        assert_eq!(char_count(s), s.chars().count(), "{s:?}");
        for n in 0..=s.len() {
            assert_eq!(
                char_start(s, n),
                s.char_indices().nth(n).map(|(i, _)| i),
                "{s:?} {n}"
            );
        }
    }

    #[test]
    fn byte_searches_as_core() {
        let texts = [
            "", ".", "..", "a.b", ".a.", "é.😀.", "@@x@", "a:b:c", "==", "x==", "//h", "//", "ü",
        ];
        for s in texts {
            for b in [b'.', b'@', b':', b'=', b'/', b'z'] {
                byte_searches_are_cores(s, b);
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

            #[test]
            fn byte_searches_are_cores(s in "[a.@:=/é😀\u{80}]{0,12}", b in prop::sample::select(b".@:=/a".to_vec())) {
                super::byte_searches_are_cores(&s, b);
            }
        }
    }
}
