//! Property tests of the form builders' core (issue 11), `common::fuzz_cases()` cases each:
//! - `check_url` on arbitrary strings and on mutations of valid URLs: what it accepts is https (or
//!   http to a loopback host with the opt-in), has no userinfo, no control, whitespace, invisible
//!   character or backslash, is returned unchanged, and parses with rust-url (the WHATWG parser)
//!   to the same scheme, host and port with no user name or password;
//! - the script-URL rule for field values: every value the WHATWG parser reads as a
//!   `javascript:`, `data:` or `vbscript:` URL is refused, and so is every spacing, case and
//!   encoding variation of `javascript:` a generator can make;
//! - HTML escaping: any form rendered and parsed back gives exactly its action, field names and
//!   values, and no `<`, `>`, `"`, `'`, `` ` `` or stray `&` of the input survives unescaped;
//! - the duplicate check agrees with a naive pairwise reference, naming the same field.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used)]

mod common;

use std::net::{Ipv4Addr, Ipv6Addr};

use kassa::form::fields::{is_url_field, script_scheme};
use kassa::form::{PaymentForm, RenderOptions, UrlPolicy};
use kassa::http::url::{check_url, is_local_host, CheckedUrl};
use kassa::ErrorCode;
use proptest::prelude::*;

const STRICT: UrlPolicy = UrlPolicy {
    allow_insecure_localhost: false,
};
const LOCAL: UrlPolicy = UrlPolicy {
    allow_insecure_localhost: true,
};

fn config() -> ProptestConfig {
    ProptestConfig::with_cases(common::fuzz_cases())
}

/// Everything that must hold of a URL `check_url` accepted.
fn assert_accepted_url(input: &str, c: &CheckedUrl<'_>, policy: UrlPolicy) {
    match c.scheme {
        "https" => {}
        "http" => assert!(
            policy.allow_insecure_localhost && is_local_host(c.host),
            "http accepted for {input:?}"
        ),
        other => panic!("scheme {other} accepted for {input:?}"),
    }
    assert!(
        !input
            .chars()
            .any(|ch| ch.is_control() || ch.is_whitespace() || ch == '\\'),
        "{input:?}"
    );
    // The result is the input: scheme (any case) :// host [:port] rest.
    let (scheme, after) = input.split_at(c.scheme.len());
    assert!(scheme.eq_ignore_ascii_case(c.scheme), "{input:?}");
    let after = after.strip_prefix("://").unwrap();
    let after = after.strip_prefix(c.host).unwrap();
    let port = after.strip_suffix(c.rest).unwrap();
    assert!(port.is_empty() || port.starts_with(':'), "{input:?}");
    assert!(
        !c.host.contains('@') && !port.contains('@'),
        "userinfo in {input:?}"
    );
    assert!(
        c.rest.is_empty() || c.rest.starts_with(['/', '?', '#']),
        "{input:?}"
    );

    // The WHATWG parser agrees: same scheme, host and port, no credentials.
    let parsed = match url::Url::parse(input) {
        Ok(p) => p,
        // kassa checks that xn-- labels are punycode but carries no IDNA tables to check each
        // decoded character (src/http/url.rs, is_punycode): the one allowed disagreement.
        Err(url::ParseError::IdnaError)
            if c.host
                .split('.')
                .any(|l| l.len() >= 4 && l[..4].eq_ignore_ascii_case("xn--")) =>
        {
            return
        }
        Err(e) => panic!("{input:?}: rust-url: {e}"),
    };
    assert_eq!(parsed.scheme(), c.scheme, "{input:?}");
    assert_eq!(parsed.username(), "", "{input:?}");
    assert_eq!(parsed.password(), None, "{input:?}");
    let host = parsed.host_str().unwrap();
    if let Some(v6) = c.host.strip_prefix('[') {
        let ours: Ipv6Addr = v6.trim_end_matches(']').parse().unwrap();
        let theirs: Ipv6Addr = host.trim_matches(['[', ']']).parse().unwrap();
        assert_eq!(ours, theirs, "{input:?}");
    } else {
        assert_eq!(host, c.host.to_ascii_lowercase(), "{input:?}");
    }
    let our_port: Option<u16> = port.strip_prefix(':').map(|p| p.parse().unwrap());
    let default = if c.scheme == "https" { 443 } else { 80 };
    assert_eq!(
        parsed.port_or_known_default(),
        Some(our_port.unwrap_or(default)),
        "{input:?}"
    );
}

fn check_any(input: &str) {
    for policy in [STRICT, LOCAL] {
        match check_url(input, "u", policy) {
            Ok(c) => assert_accepted_url(input, &c, policy),
            Err(e) => assert!(
                matches!(
                    e.code(),
                    ErrorCode::InvalidUrl | ErrorCode::InsecureUrl | ErrorCode::PayloadTooLarge
                ),
                "{input:?}: {e}"
            ),
        }
    }
}

/// Characters that URL tricks are made of.
const TRICKY: &[char] = &[
    '@', ':', '/', '\\', '.', '%', '#', '?', '[', ']', ' ', '\t', '\n', '\r', '\0', '\u{1f}',
    '\u{7f}', '\u{a0}', '\u{200b}', '\u{202e}', '\u{feff}', '\u{3002}', '\u{ff0e}', '\u{ff1a}',
    '\u{2028}', 'x', '0', '1', '7', 'f', 'X', '-', '_', '~', '&', '+', ';', '=', 'а', 'é', '💳',
];

fn tricky_char() -> impl Strategy<Value = char> {
    prop::sample::select(TRICKY)
}

/// A DNS label that does not make the host read as a number.
fn dns_label() -> impl Strategy<Value = String> {
    "[a-zA-Z_][a-zA-Z0-9_-]{0,8}"
}

fn host() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(dns_label(), 1..4).prop_map(|l| l.join(".")),
        any::<[u8; 4]>().prop_map(|b| Ipv4Addr::from(b).to_string()),
        any::<[u8; 3]>().prop_map(|b| format!("127.{}.{}.{}", b[0], b[1], b[2])),
        any::<[u16; 8]>().prop_map(|g| format!("[{}]", Ipv6Addr::from(g))),
        Just("localhost".to_owned()),
        Just("xn--e1afmkfd.xn--p1ai".to_owned()),
        "xn--[a-z0-9]{1,8}(-[a-z0-9]{1,4})?\\.example",
        Just("[::1]".to_owned()),
        dns_label().prop_map(|l| format!("{l}.localhost")),
    ]
}

/// Valid http(s) URLs in many spellings.
fn valid_url() -> impl Strategy<Value = String> {
    (
        prop::sample::select(&["https", "HTTPS", "Https", "http", "HTTP"][..]),
        host(),
        prop::option::of(1u16..=65535),
        "(/[a-zA-Z0-9._~%!$&'()*+,;=:@-]{0,8}){0,3}",
        prop::option::of("[a-zA-Z0-9=&%-]{0,10}"),
        prop::option::of("[a-zA-Z0-9:/?#-]{0,10}"),
    )
        .prop_map(|(scheme, host, port, path, query, fragment)| {
            let mut u = format!("{scheme}://{host}");
            if let Some(p) = port {
                u.push_str(&format!(":{p}"));
            }
            u.push_str(&path);
            if let Some(q) = query {
                u.push('?');
                u.push_str(&q);
            }
            if let Some(f) = fragment {
                u.push('#');
                u.push_str(&f);
            }
            u
        })
}

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, char),
    Replace(usize, char),
    Delete(usize),
    FlipCase(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), tricky_char()).prop_map(|(i, c)| Edit::Insert(i, c)),
        (any::<usize>(), tricky_char()).prop_map(|(i, c)| Edit::Replace(i, c)),
        any::<usize>().prop_map(Edit::Delete),
        any::<usize>().prop_map(Edit::FlipCase),
    ]
}

fn apply(s: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    for e in edits {
        let n = chars.len();
        match *e {
            Edit::Insert(i, c) => chars.insert(i % (n + 1), c),
            Edit::Replace(i, c) if n > 0 => chars[i % n] = c,
            Edit::Delete(i) if n > 0 => {
                chars.remove(i % n);
            }
            Edit::FlipCase(i) if n > 0 => {
                let c = chars[i % n];
                chars[i % n] = if c.is_ascii_lowercase() {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                };
            }
            _ => {}
        }
    }
    chars.into_iter().collect()
}

/// `javascript:` / `data:` / `vbscript:` dressed up the ways browsers and sloppy decoders see
/// through: case, ignorable characters anywhere before the colon, leading junk, and letters
/// written as `%XX` or `&#N;` / `&#xH;`.
fn script_variant() -> impl Strategy<Value = String> {
    let ignorable = prop::sample::select(
        &[
            "",
            "",
            "",
            "\t",
            "\n",
            "\r",
            " ",
            "\u{0}",
            "\u{1}",
            "\u{1f}",
            "\u{200b}",
            "\u{feff}",
            "\u{a0}",
            "&Tab;",
            "&#9;",
            "%09",
            "&NewLine;",
        ][..],
    );
    (
        prop::sample::select(&["javascript", "data", "vbscript"][..]),
        prop::collection::vec((ignorable, 0u8..8, any::<bool>()), 10),
        prop::sample::select(&[":", "&colon;", "%3A", "%3a", "&#58;", "&#x3A;", "\u{ff1a}"][..]),
        "[ -~]{0,8}",
    )
        .prop_map(|(scheme, dress, colon, tail)| {
            let mut out = String::new();
            for (c, (junk, enc, upper)) in scheme.chars().zip(dress) {
                out.push_str(junk);
                let c = if upper { c.to_ascii_uppercase() } else { c };
                match enc {
                    0 => out.push_str(&format!("%{:02X}", c as u32)),
                    // Decimal without ';' (a letter follows, never a digit), hex with it.
                    1 => out.push_str(&format!("&#{}", c as u32)),
                    2 => out.push_str(&format!("&#x{:x};", c as u32)),
                    3 => out.push_str(&format!("%25{:02x}", c as u32)),
                    4 => out.push(char::from_u32(c as u32 + 0xfee0).unwrap()),
                    _ => out.push(c),
                }
            }
            out.push_str(colon);
            out.push_str(&tail);
            out
        })
}

/// Renders `form` and parses it back with a strict reader of exactly the markup kassa writes.
/// Returns (action, fields, button label).
fn parse_back(html: &str) -> (String, Vec<(String, String)>, String) {
    fn attr<'a>(s: &'a str, prefix: &str) -> (&'a str, &'a str) {
        let rest = s
            .strip_prefix(prefix)
            .unwrap_or_else(|| panic!("{prefix} at {s:.60}"));
        let end = rest.find('"').unwrap();
        (&rest[..end], &rest[end + 1..])
    }
    fn unescape(s: &str) -> String {
        for bad in ['<', '>', '"', '\'', '`'] {
            assert!(!s.contains(bad), "raw {bad:?} in {s:?}");
        }
        let mut out = String::new();
        let mut rest = s;
        while let Some(i) = rest.find('&') {
            out.push_str(&rest[..i]);
            let tail = &rest[i..];
            let (ent, c) = [
                ("&amp;", '&'),
                ("&lt;", '<'),
                ("&gt;", '>'),
                ("&quot;", '"'),
                ("&#39;", '\''),
                ("&#96;", '`'),
                ("&#9;", '\t'),
                ("&#10;", '\n'),
                ("&#13;", '\r'),
            ]
            .into_iter()
            .find(|(e, _)| tail.starts_with(e))
            .unwrap_or_else(|| panic!("stray & in {s:?}"));
            out.push(c);
            rest = &tail[ent.len()..];
        }
        out.push_str(rest);
        out
    }
    let (action, rest) = attr(html, "<form action=\"");
    let rest = rest
        .strip_prefix(
            " method=\"POST\" enctype=\"application/x-www-form-urlencoded\" accept-charset=\"UTF-8\">\n",
        )
        .unwrap();
    let mut fields = Vec::new();
    let mut rest = rest;
    while rest.starts_with("<input") {
        let (name, r) = attr(rest, "<input type=\"hidden\" name=\"");
        let (value, r) = attr(r, " value=\"");
        rest = r.strip_prefix(">\n").unwrap();
        fields.push((unescape(name), unescape(value)));
    }
    let (label, tail) = rest
        .strip_prefix("<button type=\"submit\">")
        .unwrap()
        .split_once("</button>\n</form>\n")
        .unwrap();
    assert!(tail.is_empty());
    (unescape(action), fields, unescape(label))
}

/// Field names and values: any Unicode text and the markup characters, without the control
/// characters forms refuse (the generator keeps tab, CR and LF).
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[^\\p{Cc}]{0,16}",
        "[<>\"'`&;#a-z \t\r\n=/]{0,16}",
        "(&[a-z#0-9x]{0,6};?){0,3}",
    ]
}

fn naive_first_duplicate(fields: &[(String, String)]) -> Option<&str> {
    for j in 0..fields.len() {
        for i in 0..j {
            if fields[i].0 == fields[j].0 {
                return Some(&fields[j].0);
            }
        }
    }
    None
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn check_url_on_arbitrary_strings(s in prop_oneof![
        any::<String>(),
        "[a-zA-Z]{0,6}:[/\\\\]{0,3}[a-z0-9.@:%\\[\\]\\\\-]{0,24}([/?#][ -~]{0,12})?",
        prop::collection::vec(tricky_char(), 0..24).prop_map(|v| format!("https://{}", v.into_iter().collect::<String>())),
    ]) {
        check_any(&s);
    }

    #[test]
    fn check_url_on_mutated_valid_urls(u in valid_url(), edits in prop::collection::vec(edit(), 0..4)) {
        if edits.is_empty() {
            // Unmutated: accepted (https always; http with the opt-in only to loopback).
            let c = check_url(&u, "u", LOCAL);
            let http_remote = u.to_ascii_lowercase().starts_with("http:")
                && !is_local_host(c.as_ref().map(|c| c.host).unwrap_or(""));
            // (Random xn-- labels are mostly not punycode, and refused.)
            prop_assert!(c.is_ok() || http_remote || u.contains("xn--"), "{u:?}: {:?}", c.err());
        }
        check_any(&apply(&u, &edits));
    }

    #[test]
    fn loopback_agrees_with_std(b in any::<[u8; 4]>()) {
        let host = Ipv4Addr::from(b).to_string();
        prop_assert_eq!(is_local_host(&host), Ipv4Addr::from(b).is_loopback());
        let short = format!("{}.{}", b[0], b[3]);
        prop_assert!(!is_local_host(&short));
    }

    #[test]
    fn script_rule_covers_what_browsers_run(s in prop_oneof![
        any::<String>(),
        "[ \t\n\r\u{0}-\u{1f}]{0,3}[jJaAvVsScCrRiIpPtTdDbB\t\n]{2,12}:[ -~]{0,6}",
    ]) {
        if let Ok(u) = url::Url::parse(&s) {
            if matches!(u.scheme(), "javascript" | "data" | "vbscript") {
                prop_assert!(script_scheme(&s).is_some(), "{s:?} parses as {}:", u.scheme());
            }
        }
        // A value that is refused is never accepted as a field, whatever its name.
        if script_scheme(&s).is_some() {
            let r = PaymentForm::new("https://acs.example/", STRICT, vec![("comment".into(), s.clone())]);
            prop_assert!(r.is_err());
        }
    }

    #[test]
    fn script_variants_are_refused(v in script_variant()) {
        prop_assert!(script_scheme(&v).is_some(), "{v:?}");
        for name in ["comment", "successUrl", "PaReq"] {
            let r = PaymentForm::new("https://acs.example/", LOCAL, vec![(name.into(), v.clone())]);
            prop_assert!(r.is_err(), "{name}={v:?}");
        }
    }

    #[test]
    fn rendering_parses_back_exactly(
        fields in prop::collection::vec((text(), text()), 0..6),
        label in "[^\\p{Cc}]{1,12}",
        path in "[a-zA-Z0-9<>\"'`&;=?/]{0,12}",
    ) {
        let action = format!("https://acs.example/{path}");
        // Give every field a unique, non-empty, non-URL name; drop values the script rule refuses.
        let fields: Vec<(String, String)> = fields
            .into_iter()
            .enumerate()
            .map(|(i, (n, v))| (format!("{n}#{i}"), v))
            .filter(|(n, v)| !is_url_field(n) && script_scheme(v).is_none())
            .collect();
        prop_assume!(!label.trim().is_empty());
        let form = PaymentForm::new(&action, STRICT, fields.clone()).unwrap();
        let html = form
            .to_html(&RenderOptions { button_label: Some(label.clone()), ..Default::default() })
            .unwrap();
        let (a, f, l) = parse_back(&html);
        prop_assert_eq!(a, action);
        prop_assert_eq!(f, fields);
        prop_assert_eq!(l, label);
    }

    #[test]
    fn duplicates_agree_with_a_naive_reference(
        names in prop::collection::vec("[ab]{1,2}|[a-c]", 0..12),
    ) {
        let fields: Vec<(String, String)> = names.into_iter().map(|n| (n, "v".to_owned())).collect();
        let got = PaymentForm::new("https://acs.example/", STRICT, fields.clone());
        match naive_first_duplicate(&fields) {
            None => prop_assert!(got.is_ok()),
            Some(name) => {
                let e = got.unwrap_err();
                prop_assert_eq!(e.code(), ErrorCode::DuplicateParameter);
                let expected = format!("form field \"{name}\" is given twice");
                prop_assert!(e.message().starts_with(&expected), "{}", e.message());
            }
        }
    }
}
