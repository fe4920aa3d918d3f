//! The one check every hidden field of a [`super::PaymentForm`] goes through, whoever built it:
//! limits, names, duplicates, URL fields and script URLs in values.
//!
//! # The rules (and why)
//!
//! A gateway sends the buyer's browser to some field values: `successUrl`, `failUrl`, `TermUrl`,
//! `returnUrl`, `backUrl`, `threeDSMethodNotificationURL`, ... A named option and the same name in
//! free `fields` must be held to the same rule, so the rule is keyed on the field, not on the
//! option:
//!
//! 1. **Limits first.** At most [`MAX_FIELDS`] fields (`TOO_MANY_PARAMETERS`) and at most
//!    [`MAX_FORM_BYTES`] bytes of names and values together (`PAYLOAD_TOO_LARGE`), checked before
//!    anything else looks at a field.
//! 2. **Names** are non-empty, carry no control character (`INVALID_ARGUMENT`), and occur once
//!    (`DUPLICATE_PARAMETER`, found in one pass with a hash set).
//! 3. **URL fields.** A field whose name, after dropping trailing ASCII characters that are not
//!    letters or digits (`successUrl[]`, `back_url_`), ends in `url` or `uri` in any ASCII case
//!    (`TermUrl`, `backUrl`, `threeDSMethodNotificationURL`, `redirect_uri`) must pass
//!    [`check_url`] under the form's policy: `https://` (or local `http://` with
//!    `allowInsecureLocalhost`), no userinfo, no odd host. An empty value is refused too: leave
//!    the field out instead.
//! 4. **Script URLs in any value.** No value may read as a `javascript:`, `data:` or `vbscript:`
//!    URL ([`script_scheme`]), whatever its name: a gateway may echo any field into a link or a
//!    redirect. The test is deliberately wider than a browser's URL parser (which strips leading
//!    C0 controls and spaces and removes tabs and newlines anywhere): it also ignores every
//!    other control, whitespace and invisible character anywhere before the colon, folds
//!    full-width forms (`ｊａｖａｓｃｒｉｐｔ：`) and the small and vertical colons, and looks through up
//!    to four rounds of percent-decoding (`%6Aavascript:`) and HTML character references
//!    (`&#106;avascript:`, `&colon;`, `&Tab;`), in case a gateway decodes a value once more than
//!    it should before using it. The price: a free-text value that begins with `data:` (say
//!    `"Data: 42"`) is refused; reword it.
//!
//! All failures of rules 3 and 4 are `INVALID_URL` (or `INSECURE_URL` for plain http).

use super::escape::{check_text, short, Quoted};
use crate::http::url::{check_url, is_invisible, UrlPolicy};
use crate::{Error, ErrorCode, Result};

/// The most hidden fields a form may have (`TOO_MANY_PARAMETERS` above it). The gateways' forms
/// have one to a few dozen.
pub const MAX_FIELDS: usize = 1000;

/// The most bytes (UTF-8) of field names and values a form may carry together
/// (`PAYLOAD_TOO_LARGE` above it): 1 MiB. Large 3-D Secure `PaReq`/`creq` values are a few KiB.
pub const MAX_FORM_BYTES: usize = 1 << 20;

/// The schemes a browser runs or renders as a document of the referring origin's choosing.
const SCRIPT_SCHEMES: [&str; 3] = ["javascript", "data", "vbscript"];

/// How many rounds of percent-decoding and character-reference decoding [`script_scheme`] looks
/// through.
const DECODE_ROUNDS: usize = 4;

/// Refuses `count` fields of `bytes` bytes of names and values in all when over [`MAX_FIELDS`] or
/// [`MAX_FORM_BYTES`]. Cheap, so callers run it before copying anything.
pub fn check_limits(count: usize, bytes: usize) -> Result<()> {
    if count > MAX_FIELDS {
        return Err(Error::new(
            ErrorCode::TooManyParameters,
            format!("the form has {count} fields; kassa builds forms of at most {MAX_FIELDS}"),
        ));
    }
    if bytes > MAX_FORM_BYTES {
        return Err(Error::new(
            ErrorCode::PayloadTooLarge,
            format!(
                "the form's field names and values are {bytes} bytes long; kassa builds forms of \
                 at most {MAX_FORM_BYTES} bytes"
            ),
        ));
    }
    Ok(())
}

/// The number of bytes [`check_limits`] counts for `fields`.
pub fn size_of(fields: &[(String, String)]) -> usize {
    fields.iter().fold(0usize, |n, (k, v)| {
        n.saturating_add(k.len()).saturating_add(v.len())
    })
}

/// Whether field `name` holds a URL the browser will follow (rule 3 of the module docs).
pub fn is_url_field(name: &str) -> bool {
    // The bytes of a character outside ASCII are none of them ASCII alphanumeric, so the cut is
    // after an ASCII byte: `name.trim_end_matches(|c: char| !c.is_ascii_alphanumeric())`.
    let end = name
        .bytes()
        .rposition(|b| b.is_ascii_alphanumeric())
        .map_or(0, |i| i + 1);
    let trimmed = crate::text::before(name, end);
    let n = trimmed.len();
    n >= 3
        && trimmed.is_char_boundary(n - 3)
        && (crate::text::from(trimmed, n - 3).eq_ignore_ascii_case("url")
            || crate::text::from(trimmed, n - 3).eq_ignore_ascii_case("uri"))
}

/// Every rule of the module docs, in order, over all of `fields` (named `#1`, `#2`... or by name
/// in errors). `policy` is the form's URL policy.
pub fn check_fields(fields: &[(String, String)], policy: UrlPolicy) -> Result<()> {
    check_limits(fields.len(), size_of(fields))?;
    // The names seen so far, sorted (a binary search per field; at most MAX_FIELDS of them). Not a
    // HashSet: hashbrown and SipHash were ≈ 1.9 KB raw of kassa/forms' .wasm.
    let mut seen: Vec<&str> = Vec::with_capacity(fields.len());
    for (i, (name, value)) in fields.iter().enumerate() {
        if name.is_empty() {
            return Err(Error::new(
                ErrorCode::InvalidArgument,
                format!("form field #{} has an empty name", i + 1),
            ));
        }
        check_text(name, || {
            format!("the name of form field {}", Quoted(short(name)))
        })?;
        let Err(at) = seen.binary_search(&name.as_str()) else {
            return Err(Error::new(
                ErrorCode::DuplicateParameter,
                format!(
                    "form field {} is given twice; pass each field once",
                    Quoted(short(name))
                ),
            ));
        };
        seen.insert(at, name.as_str());
        check_value(name, value, policy)?;
    }
    Ok(())
}

/// Rules 3 and 4 and the control-character check for one field.
pub fn check_value(name: &str, value: &str, policy: UrlPolicy) -> Result<()> {
    // A URL field first: its control characters are then INVALID_URL, as for a named option.
    if is_url_field(name) {
        check_url(
            value,
            &format!("form field {}", Quoted(short(name))),
            policy,
        )?;
    }
    check_text(value, || {
        format!("the value of form field {}", Quoted(short(name)))
    })?;
    if let Some(scheme) = script_scheme(value) {
        return Err(Error::new(
            ErrorCode::InvalidUrl,
            format!(
                "the value of form field {} reads as a {scheme}: URL, which a browser could run; \
                 kassa refuses javascript:, data: and vbscript: in every field (also when \
                 spaced, percent-encoded or written with character references)",
                Quoted(short(name))
            ),
        ));
    }
    Ok(())
}

enum Scan {
    Script(&'static str),
    NotScript,
    /// An encoding (`%` or `&`) comes before the answer: decode and look again.
    Encoded,
}

/// Characters the scheme test skips wherever they are (a superset of what browsers strip).
fn ignorable(c: char) -> bool {
    c.is_control() || c.is_whitespace() || is_invisible(c)
}

/// Full-width ASCII forms and the small/vertical colons, as NFKC would map them.
fn fold(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{fe13}' | '\u{fe55}' => ':',
        c => c,
    }
}

fn scan(s: &str) -> Scan {
    let mut name = String::new();
    for c in s.chars().map(fold) {
        if ignorable(c) {
            continue;
        }
        match c {
            '%' | '&' => return Scan::Encoded,
            ':' => {
                return match SCRIPT_SCHEMES.iter().find(|s| **s == name) {
                    Some(s) => Scan::Script(s),
                    None => Scan::NotScript,
                }
            }
            c if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') => {
                if name.len() >= 16 {
                    return Scan::NotScript;
                }
                name.push(c.to_ascii_lowercase());
            }
            _ => return Scan::NotScript,
        }
    }
    Scan::NotScript
}

/// `Some("javascript" | "data" | "vbscript")` when `value` could be taken for such a URL (rule 4
/// of the module docs), `None` otherwise.
pub fn script_scheme(value: &str) -> Option<&'static str> {
    let mut current = match scan(value) {
        Scan::Script(s) => return Some(s),
        Scan::NotScript => return None,
        Scan::Encoded => decode_once(value)?,
    };
    for round in 1..=DECODE_ROUNDS {
        match scan(&current) {
            Scan::Script(s) => return Some(s),
            Scan::NotScript => return None,
            Scan::Encoded if round < DECODE_ROUNDS => current = decode_once(&current)?,
            Scan::Encoded => return None,
        }
    }
    None
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// The named character references that matter to the test (any ASCII case, `;` optional).
const NAMED: [(&str, char); 8] = [
    ("colon", ':'),
    ("tab", '\t'),
    ("newline", '\n'),
    ("nbsp", '\u{a0}'),
    ("amp", '&'),
    ("percnt", '%'),
    ("num", '#'),
    ("semi", ';'),
];

/// One round of `%XX` and `&#N;` / `&#xH;` / `&name;` decoding; `None` when nothing changed.
fn decode_once(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut changed = false;
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'%' {
            if let (Some(h), Some(l)) = (
                b.get(i + 1).copied().and_then(hex),
                b.get(i + 2).copied().and_then(hex),
            ) {
                out.push(h << 4 | l);
                i += 3;
                changed = true;
                continue;
            }
        } else if c == b'&' {
            if let Some((ch, len)) = char_ref(&b[i + 1..]) {
                let mut buf = [0u8; 4];
                out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                i += 1 + len;
                changed = true;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    changed.then(|| String::from_utf8_lossy(&out).into_owned())
}

/// A character reference after `&`: the character and how many bytes it took.
fn char_ref(b: &[u8]) -> Option<(char, usize)> {
    let semi = |at: usize| usize::from(b.get(at) == Some(&b';'));
    if b.first() == Some(&b'#') {
        let (radix, start) = match b.get(1) {
            Some(b'x' | b'X') => (16, 2),
            _ => (10, 1),
        };
        let digits = b[start..]
            .iter()
            .take_while(|d| (*d).is_ascii_hexdigit() && (radix == 16 || d.is_ascii_digit()))
            .count();
        if digits == 0 {
            return None;
        }
        let mut n: u32 = 0;
        for &d in &b[start..start + digits] {
            n = n.saturating_mul(radix).saturating_add(u32::from(hex(d)?));
        }
        let ch = char::from_u32(n)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{fffd}');
        let end = start + digits;
        return Some((ch, end + semi(end)));
    }
    NAMED.iter().find_map(|(name, ch)| {
        let n = name.len();
        b.get(..n)
            .filter(|w| w.eq_ignore_ascii_case(name.as_bytes()))
            .map(|_| (*ch, n + semi(n)))
    })
}

#[cfg(test)]
mod tests;
