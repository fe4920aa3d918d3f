//! Small helpers shared by the gateways: ids, dates, JSON values.

use serde::Serialize;
use serde_json::Value;

/// A new random UUID (v4), lower-case with hyphens, like the RBS order ids.
#[cfg(not(target_arch = "wasm32"))]
pub fn uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A new random UUID (v4), lower-case with hyphens, like the RBS order ids: the random bytes come
/// from the host's Web Crypto (`crypto.getRandomValues`, in every runtime kassa-sandbox supports).
#[cfg(target_arch = "wasm32")]
pub fn uuid() -> String {
    let mut bytes = [0u8; 16];
    if get_random_values(&mut bytes).is_err() {
        // No Web Crypto (not a supported host): ids must stay unique, not secret.
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = (js_sys::Math::random() * 256.0) as u8 ^ i as u8;
        }
    }
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = crypto, js_name = getRandomValues)]
    fn get_random_values(buf: &mut [u8]) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>;
}

/// `YYYY-MM-DDTHH:MM:SS` (UTC) of a Unix time in milliseconds.
pub fn iso_datetime(ms: u64) -> String {
    let secs = ms / 1000;
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// ISO 8601 UTC with `Z`: `YYYY-MM-DDTHH:MM:SSZ`.
pub fn iso_datetime_z(ms: u64) -> String {
    format!("{}Z", iso_datetime(ms))
}

/// A JSON field as text: a non-empty string, or a number's digits.
pub fn json_text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Serializes a value for a log, falling back to `null`.
pub fn to_value<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// Parses `YYYY-MM-DDTHH:MM:SS` (optionally with fractional seconds and `Z`) as UTC milliseconds.
pub fn parse_iso_datetime(text: &str) -> Option<u64> {
    let text = text.trim().trim_end_matches('Z');
    let (date, time) = text.split_once('T').unwrap_or((text, "00:00:00"));
    let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let time = time.split(['.', '+']).next()?;
    let mut t = time.split(':').map(|p| p.parse::<u64>().ok());
    let (hh, mm) = (t.next()??, t.next()??);
    let ss = t.next().flatten().unwrap_or(0);
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    let days = days_from_civil(y, m, day);
    if days < 0 {
        return None;
    }
    Some(((days as u64) * 86_400 + hh * 3600 + mm * 60 + ss) * 1000)
}

// Howard Hinnant's civil-date algorithms.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        assert_eq!(iso_datetime(0), "1970-01-01T00:00:00");
        assert_eq!(iso_datetime(1_618_577_250_840), "2021-04-16T12:47:30");
        assert_eq!(
            parse_iso_datetime("2021-04-16T12:47:30"),
            Some(1_618_577_250_000)
        );
        assert_eq!(
            parse_iso_datetime("2024-02-29T00:00:00Z").map(iso_datetime),
            Some("2024-02-29T00:00:00".into())
        );
        assert_eq!(parse_iso_datetime("2024-13-01T00:00:00"), None);
        assert_eq!(parse_iso_datetime("garbage"), None);
    }
}
