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
