//! The host and port rules of [`super::check_url`]: ports, ASCII DNS names (punycode labels must
//! decode), canonical dotted-quad IPv4 and bracketed IPv6 literals.

use crate::text::{after_last, before, find, from, has_byte, rfind_byte, split_byte};

/// A port: 1 to 5 decimal digits, 1..=65535.
pub fn check_port(port: &str) -> std::result::Result<(), &'static str> {
    if port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()) {
        return Err("the port must be a number from 1 to 65535");
    }
    match port.parse::<u32>() {
        Ok(1..=65535) => Ok(()),
        _ => Err("the port must be a number from 1 to 65535"),
    }
}

/// A host: an ASCII DNS name, a canonical dotted-quad IPv4 address or a bracketed IPv6 literal.
pub fn check_host(host: &str) -> std::result::Result<(), &'static str> {
    if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return if is_ipv6(v6) {
            Ok(())
        } else {
            Err("the IPv6 address is malformed (zone ids such as %eth0 are not allowed)")
        };
    }
    check_dns_name(host)?;
    let last = after_last(host, b'.');
    // Browsers read a host whose last label is numeric (or 0x...) as an IPv4 address, in forms like
    // 2130706433 or 0x7f.1: accept only the canonical a.b.c.d spelling.
    let numeric =
        last.bytes().all(|b| b.is_ascii_digit()) || last.to_ascii_lowercase().starts_with("0x");
    if numeric && !is_canonical_ipv4(host) {
        return Err("a numeric host must be a dotted-quad IPv4 address like 192.0.2.1");
    }
    Ok(())
}

/// Labels of `[A-Za-z0-9_-]`, 1..=63 long, at most 253 in all, no empty label.
pub fn check_dns_name(host: &str) -> std::result::Result<(), &'static str> {
    if host.is_empty() {
        return Err("the host is empty");
    }
    if !host.is_ascii() {
        return Err(
            "the host must be ASCII; write an internationalised domain in punycode (xn--...)",
        );
    }
    if host.len() > 253 {
        return Err("the host is longer than 253 characters");
    }
    for label in split_byte(host, b'.') {
        if label.is_empty() || label.len() > 63 {
            return Err("every label of the host must be 1 to 63 characters (no empty label, no trailing dot)");
        }
        if !label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err("the host may contain only letters, digits, '-', '_' and '.'");
        }
        if before(label, 4).eq_ignore_ascii_case("xn--") && !is_punycode(from(label, 4)) {
            return Err("an xn-- label of the host is not valid punycode for a non-ASCII name");
        }
    }
    Ok(())
}

/// Whether `s` (an `xn--` label without the prefix) decodes as RFC 3492 punycode to a name with
/// at least one non-ASCII character, as IDNA requires. (Whether each decoded character is one
/// IDNA allows needs Unicode tables kassa does not carry; a browser that refuses such a name
/// simply fails to navigate.)
pub fn is_punycode(s: &str) -> bool {
    const BASE: u32 = 36;
    const TMIN: u32 = 1;
    const TMAX: u32 = 26;
    fn adapt(delta: u32, points: u32, first: bool) -> u32 {
        let mut delta = if first { delta / 700 } else { delta / 2 };
        delta += delta / points;
        let mut k = 0;
        while delta > ((BASE - TMIN) * TMAX) / 2 {
            delta /= BASE - TMIN;
            k += BASE;
        }
        k + (BASE - TMIN + 1) * delta / (delta + 38)
    }
    let (basic, extended) = match rfind_byte(s, b'-') {
        Some(i) => (before(s, i), from(s, i + 1)),
        None => ("", s),
    };
    let mut len = basic.len() as u32;
    let (mut n, mut i, mut bias) = (128u32, 0u32, 72u32);
    let mut digits = extended.bytes();
    let mut non_ascii = false;
    let mut next = digits.next();
    while let Some(mut b) = next {
        let (old_i, mut w, mut k) = (i, 1u32, BASE);
        loop {
            let digit = match b {
                b'a'..=b'z' => u32::from(b - b'a'),
                b'A'..=b'Z' => u32::from(b - b'A'),
                b'0'..=b'9' => u32::from(b - b'0') + 26,
                _ => return false,
            };
            let Some(sum) = digit.checked_mul(w).and_then(|d| i.checked_add(d)) else {
                return false;
            };
            i = sum;
            let t = if k <= bias {
                TMIN
            } else if k >= bias + TMAX {
                TMAX
            } else {
                k - bias
            };
            if digit < t {
                break;
            }
            let Some(nw) = w.checked_mul(BASE - t) else {
                return false;
            };
            w = nw;
            k += BASE;
            match digits.next() {
                Some(nb) => b = nb,
                None => return false,
            }
        }
        len += 1;
        bias = adapt(i - old_i, len, old_i == 0);
        let Some(nn) = n.checked_add(i / len) else {
            return false;
        };
        n = nn;
        i %= len;
        if char::from_u32(n).is_none() {
            return false;
        }
        non_ascii = true;
        i += 1;
        next = digits.next();
    }
    non_ascii
}

/// An IPv6 address as RFC 4291 writes it: eight groups of 1 to 4 hex digits, or fewer around one
/// `::`, optionally ending in a canonical dotted-quad IPv4 address (two groups). No zone id.
pub fn is_ipv6(s: &str) -> bool {
    let (head, tail, compressed) = match find(s, "::") {
        Some(i) => (before(s, i), from(s, i + 2), true),
        None => (s, "", false),
    };
    if find(tail, "::").is_some() {
        return false;
    }
    // Groups of each side; an empty side is no groups.
    let groups = |part: &str, last: bool| -> Option<usize> {
        if part.is_empty() {
            return Some(0);
        }
        let pieces: Vec<&str> = split_byte(part, b':').collect();
        let mut n = 0;
        for (i, g) in pieces.iter().enumerate() {
            if last && i + 1 == pieces.len() && has_byte(g, b'.') {
                if !is_canonical_ipv4(g) {
                    return None;
                }
                n += 2;
            } else if (1..=4).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_hexdigit()) {
                n += 1;
            } else {
                return None;
            }
        }
        Some(n)
    };
    let (Some(a), Some(b)) = (
        groups(head, !compressed),
        groups(if compressed { tail } else { "" }, true),
    ) else {
        return false;
    };
    if compressed {
        a + b <= 7
    } else {
        a == 8
    }
}

/// `a.b.c.d`, each 0..=255 without leading zeros.
pub fn is_canonical_ipv4(host: &str) -> bool {
    let parts: Vec<&str> = split_byte(host, b'.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && p.bytes().all(|b| b.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
                && p.parse::<u16>().is_ok_and(|n| n <= 255)
        })
}
