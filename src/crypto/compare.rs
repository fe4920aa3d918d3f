//! Constant-time comparison (the `subtle` crate). Secrets, MACs and credentials are only ever
//! compared through these functions.

use subtle::ConstantTimeEq;

/// `a == b` in time that depends only on the lengths, never on the contents.
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

/// Compares two hex strings ignoring ASCII case, in constant time for equal lengths.
///
/// RBS sends checksums in upper-case hex, but some integrations lower-case them on the way: both
/// are accepted. Each byte is folded to lower case with arithmetic, not branches on the content.
pub fn ct_eq_hex_ignore_case(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let fold = |c: u8| -> u8 {
        // Set bit 0x20 only for 'A'..='F' (and the other letters): for a hex digit this lower-cases.
        let is_upper = ((c.wrapping_sub(b'A') as i16 - 26) >> 8) as u8 & 1;
        c | (is_upper << 5)
    };
    let mut diff = subtle::Choice::from(1u8);
    for (x, y) in a.iter().zip(b) {
        diff &= fold(*x).ct_eq(&fold(*y));
    }
    diff.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_and_unequal() {
        assert!(ct_eq(b"abc", b"abc"));
        assert!(!ct_eq(b"abc", b"abd"));
        assert!(!ct_eq(b"abc", b"abcd"));
        assert!(ct_eq(b"", b""));
    }

    #[test]
    fn hex_case_is_ignored_but_nothing_else() {
        assert!(ct_eq_hex_ignore_case("0AF9", "0af9"));
        assert!(ct_eq_hex_ignore_case("DEADBEEF", "deadbeef"));
        assert!(!ct_eq_hex_ignore_case("0AF9", "0AF8"));
        assert!(!ct_eq_hex_ignore_case("0AF9", "0AF"));
        // Only letters fold: '@' (0x40) and '`' (0x60) must stay different.
        assert!(!ct_eq_hex_ignore_case("@", "`"));
        assert!(!ct_eq_hex_ignore_case("[", "{"));
    }
}
