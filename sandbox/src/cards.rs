//! Test cards, shared by every gateway that takes card data: what each test number does, the
//! Luhn check, masking, and the card-field checks of the payment pages.

use serde_json::{json, Value};

use crate::html::{escape, field};

/// What paying with a card does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardBehaviour {
    /// Approved without 3-D Secure.
    Success,
    /// Declined by the issuer.
    Decline,
    /// 3-D Secure 1 challenge on the emulated ACS (PaReq/MD/TermUrl).
    ThreeDs1,
    /// 3-D Secure 2: 3DS Method, then a challenge (creq).
    ThreeDs2,
}

/// (PAN, behaviour, what the docs call it).
pub const CARDS: &[(&str, CardBehaviour, &str)] = &[
    (
        "4111111111111111",
        CardBehaviour::Success,
        "success, no 3-D Secure",
    ),
    (
        "5555555555555599",
        CardBehaviour::ThreeDs1,
        "3-D Secure 1 challenge (ACS password 12345678)",
    ),
    (
        "4000001111111118",
        CardBehaviour::ThreeDs2,
        "3-D Secure 2 challenge (code 12345678)",
    ),
    (
        "4000000000000002",
        CardBehaviour::Decline,
        "declined by the issuer",
    ),
];

/// The ACS password/code that authenticates (anything else fails).
pub const ACS_PASSWORD: &str = "12345678";

/// What a card number does (unknown numbers with a valid Luhn checksum succeed, others decline).
pub fn behaviour(pan: &str) -> CardBehaviour {
    let digits: String = pan.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some((_, b, _)) = CARDS.iter().find(|(p, _, _)| *p == digits) {
        return *b;
    }
    if luhn_ok(&digits) {
        CardBehaviour::Success
    } else {
        CardBehaviour::Decline
    }
}

/// The Luhn checksum of a card number.
pub fn luhn_ok(digits: &str) -> bool {
    if digits.len() < 12 || digits.len() > 19 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let d2 = d * 2;
                if d2 > 9 {
                    d2 - 9
                } else {
                    d2
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// `411111**1111`.
pub fn mask(pan: &str) -> String {
    if pan.len() < 10 || !pan.is_ascii() {
        return "****".into();
    }
    format!("{}**{}", &pan[..6], &pan[pan.len() - 4..])
}

/// The cards, for the startup line.
pub fn cards_json() -> Value {
    Value::Array(
        CARDS
            .iter()
            .map(|(pan, _, what)| json!({ "pan": pan, "expiry": "12/30", "cvc": "123", "result": what }))
            .collect(),
    )
}

/// The card an order was paid with.
#[derive(Debug, Clone)]
pub struct Card {
    /// Full number (never shown; masked in every output).
    pub pan: String,
    /// `YYYYMM`.
    pub expiry: String,
    /// Cardholder name.
    pub holder: String,
}

/// Parses `YYYYMM`, `MM/YY`, `MM/YYYY` into `YYYYMM`.
pub fn parse_expiry(text: &str) -> Option<String> {
    let t = text.trim();
    if !t.is_ascii() {
        return None;
    }
    let (y, m) = if let Some((m, y)) = t.split_once('/') {
        let y = if y.trim().len() == 2 {
            format!("20{}", y.trim())
        } else {
            y.trim().to_string()
        };
        (y, m.trim().to_string())
    } else if t.len() == 6 {
        (t[..4].to_string(), t[4..].to_string())
    } else {
        return None;
    };
    let (yn, mn) = (y.parse::<u32>().ok()?, m.parse::<u32>().ok()?);
    if !(1..=12).contains(&mn) || !(2000..=2099).contains(&yn) {
        return None;
    }
    Some(format!("{yn:04}{mn:02}"))
}

/// Checks the card fields the way the payment page does. Returns the card or a message.
pub fn check_card(pan: &str, expiry: &str, cvc: &str, holder: &str) -> Result<Card, String> {
    let pan: String = pan.chars().filter(|c| !c.is_whitespace()).collect();
    if !luhn_ok(&pan) {
        return Err(
            "The card number is not valid (12-19 digits with a correct check digit).".into(),
        );
    }
    let expiry = parse_expiry(expiry).ok_or("The expiry date must be MM/YY.")?;
    if cvc.len() != 3 || !cvc.bytes().all(|b| b.is_ascii_digit()) {
        return Err("The CVC must be 3 digits.".into());
    }
    let holder = if holder.trim().is_empty() {
        "CARDHOLDER".to_string()
    } else {
        holder.trim().to_uppercase()
    };
    Ok(Card {
        pan,
        expiry,
        holder,
    })
}

/// The test-card table of the card forms (the PANs and what each does).
pub fn test_cards_table() -> String {
    let rows: String = CARDS
        .iter()
        .map(|(pan, _, what)| {
            format!(
                "<tr><td><code>{pan}</code></td><td>{}</td></tr>",
                escape(what)
            )
        })
        .collect();
    format!("<h2 class=\"muted\">Test cards (any future expiry, CVC 123)</h2><table>{rows}</table>")
}

/// [`check_card`] on the `pan`, `expiry`, `cvc` and `holder` fields of a card form.
pub fn check_card_form(fields: &[(String, String)]) -> Result<Card, String> {
    check_card(
        field(fields, "pan"),
        field(fields, "expiry"),
        field(fields, "cvc"),
        field(fields, "holder"),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn luhn() {
        for (pan, _, _) in CARDS {
            assert!(luhn_ok(pan), "{pan}");
        }
        assert!(!luhn_ok("4111111111111112"));
        assert_eq!(behaviour("4111 1111 1111 1111"), CardBehaviour::Success);
        assert_eq!(behaviour("1234"), CardBehaviour::Decline);
        assert_eq!(mask("4111111111111111"), "411111**1111");
        assert_eq!(mask("ЯЯЯЯЯЯЯЯЯЯ"), "****");
    }

    #[test]
    fn expiry_formats() {
        assert_eq!(parse_expiry("12/30").as_deref(), Some("203012"));
        assert_eq!(parse_expiry("203012").as_deref(), Some("203012"));
        assert_eq!(parse_expiry("13/30"), None);
        assert_eq!(parse_expiry("x"), None);
        assert_eq!(parse_expiry("ЯЯЯ"), None);
        assert_eq!(parse_expiry("Я/ЯЯ"), None);
    }
}
