//! The field checks: limits, URL fields, script URLs in any value, duplicates.
#![allow(clippy::unwrap_used)]
use super::*;

#[test]
fn url_field_names() {
    for n in [
        "successUrl",
        "failURL",
        "TermUrl",
        "url",
        "backUrl",
        "threeDSMethodNotificationURL",
        "redirect_uri",
        "successUrl[]",
        "back_url_",
        "returnUrl ",
    ] {
        assert!(is_url_field(n), "{n}");
    }
    for n in ["urlencoded", "comment", "ur", "", "UrlS", "successUrl2"] {
        assert!(!is_url_field(n), "{n}");
    }
}

#[test]
fn script_schemes() {
    for v in [
        "javascript:alert(1)",
        " \u{0}\u{1f}JaVaScRiPt:x",
        "java\tscr\nipt:x",
        "%6Aavascript:x",
        "%256Aavascript:x",
        "&#106;avascript:x",
        "&#x6A;avascript:x",
        "&#0000106avascript:x",
        "javascript&colon;x",
        "java&Tab;script:x",
        "&amp;#106;avascript:x",
        "ｊａｖａｓｃｒｉｐｔ：x",
        "javascript\u{fe55}x",
        "\u{200b}javascript:x",
        "data:text/html,x",
        "DATA:,",
        "vbscript:msgbox",
    ] {
        assert!(script_scheme(v).is_some(), "{v:?}");
    }
    for v in [
        "",
        "https://shop.example/ok",
        "x javascript:y",
        "javascriptx:y",
        "/javascript:x",
        "Заказ: 42",
        "100%",
        "a & b",
        "&#;",
        "%%%",
        "mailto:x@example.com",
        "1javascript:x",
    ] {
        assert!(script_scheme(v).is_none(), "{v:?}");
    }
    // Four rounds of decoding are looked through, not five.
    assert!(script_scheme("%2525256Aavascript:x").is_some());
    assert!(script_scheme("%252525256Aavascript:x").is_none());
}

#[test]
fn the_first_repeated_name_in_order_is_the_one_named() {
    let fields = |names: &[&str]| -> Vec<(String, String)> {
        names.iter().map(|n| (n.to_string(), "v".into())).collect()
    };
    let err = check_fields(&fields(&["b", "a", "c", "a", "b"]), UrlPolicy::default()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::DuplicateParameter);
    assert!(err.message().contains("\"a\""), "{}", err.message());
    // Names that sort apart, differ only in case, or are prefixes of each other are all distinct.
    let distinct = fields(&["z", "Z", "zz", "a", "A", "aa", "mid", "m"]);
    assert!(check_fields(&distinct, UrlPolicy::default()).is_ok());
    // The most a form may have, each name once, then the last repeated.
    let mut many: Vec<String> = (0..MAX_FIELDS)
        .map(|i| format!("f{}", (i * 7919) % MAX_FIELDS))
        .collect();
    let all: Vec<&str> = many.iter().map(String::as_str).collect();
    assert!(check_fields(&fields(&all), UrlPolicy::default()).is_ok());
    many[MAX_FIELDS - 1] = many[0].clone();
    let all: Vec<&str> = many.iter().map(String::as_str).collect();
    let err = check_fields(&fields(&all), UrlPolicy::default()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::DuplicateParameter);
}
