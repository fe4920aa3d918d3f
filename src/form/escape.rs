//! HTML escaping for text and double-quoted attribute values, and the check that keeps characters
//! out of forms that HTML cannot carry faithfully.

use std::fmt;

use crate::{Error, ErrorCode, Result};

/// Shows a string in double quotes for an error message, with `"`, `\` and control or
/// whitespace characters (other than the space) escaped. (Cheaper in wasm than `{:?}`, which pulls
/// in the standard library's Unicode printability tables.)
pub(crate) struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"")?;
        for c in self.0.chars() {
            match c {
                '"' => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                c if c.is_control() || (c.is_whitespace() && c != ' ') => {
                    write!(f, "\\u{{{:x}}}", c as u32)?
                }
                c => fmt::Write::write_char(f, c)?,
            }
        }
        f.write_str("\"")
    }
}

/// `s` cut to its first 60 characters, for naming a field in an error message.
pub(crate) fn short(s: &str) -> &str {
    match crate::text::char_start(s, 60) {
        Some(i) => crate::text::before(s, i),
        None => s,
    }
}

/// Escapes `s` for use as HTML text or inside a double-quoted attribute value.
///
/// Escapes `& < > " ' \``, and writes tab, line feed and carriage return as numeric character
/// references so that the HTML parser's newline normalisation cannot change a value.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '`' => out.push_str("&#96;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

/// Rejects control characters (C0 except tab, line feed and carriage return; DEL; C1): the HTML
/// parser replaces or reinterprets them, so a form could not carry them unchanged. `what` names
/// the value in the error (built only on failure).
pub fn check_text(value: &str, what: impl FnOnce() -> String) -> Result<()> {
    match value
        .chars()
        .find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        None => Ok(()),
        Some(c) => Err(Error::new(
            ErrorCode::InvalidArgument,
            format!(
                "{} contains the control character U+{:04X}; a form field cannot carry it \
                 unchanged: remove it",
                what(),
                c as u32
            ),
        )),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_markup_character() {
        assert_eq!(
            escape_html("<a href='x' title=\"y\">&`\t\n\r</a>"),
            "&lt;a href=&#39;x&#39; title=&quot;y&quot;&gt;&amp;&#96;&#9;&#10;&#13;&lt;/a&gt;"
        );
        assert_eq!(escape_html("Оплата 💳"), "Оплата 💳");
    }

    #[test]
    fn quoted_escapes_quotes_and_controls() {
        assert_eq!(
            Quoted("a \"b\"\\\n\u{0}\u{2028}я").to_string(),
            "\"a \\\"b\\\"\\\\\\u{a}\\u{0}\\u{2028}я\""
        );
    }

    #[test]
    fn control_characters_are_rejected() {
        assert!(check_text("ok\tok\r\n", || "v".into()).is_ok());
        for bad in ["a\u{0}b", "\u{1b}[31m", "x\u{7f}", "\u{85}"] {
            let e = check_text(bad, || "field value".into()).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidArgument);
            assert!(e.message().starts_with("field value contains"), "{e}");
        }
    }
}
