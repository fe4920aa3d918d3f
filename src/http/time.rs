//! Calendar arithmetic for the few timestamps the clients read (`Retry-After` dates, token
//! expiries). UTC only; no clock here: callers pass `now_ms`.

/// Seconds since 1970-01-01T00:00:00Z of a UTC calendar time, or `None` when out of range
/// (years outside -9999..=9999 included: no arithmetic here can overflow).
pub fn epoch_seconds(year: i64, month: u32, day: u32, h: u32, m: u32, s: u32) -> Option<i64> {
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || h > 23
        || m > 59
        || s > 60
        || !(-9999..=9999).contains(&year)
    {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(month) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(s))
}

/// Parses an expiry as gateways send it into epoch milliseconds: an RFC 3339 / ISO 8601 date-time
/// (`2026-11-22T19:00:00Z`, `...+03:00`, fractional seconds, or no zone = UTC), or a number:
/// epoch milliseconds (> 10^11), epoch seconds (> 10^9) or seconds from `now_ms`.
pub fn parse_expiry_ms(value: &str, now_ms: u64) -> Option<u64> {
    let v = value.trim();
    if let Ok(n) = v.parse::<u64>() {
        return Some(if n > 100_000_000_000 {
            n
        } else if n > 1_000_000_000 {
            n.saturating_mul(1000)
        } else {
            now_ms.saturating_add(n.saturating_mul(1000))
        });
    }
    parse_rfc3339_ms(v)
}

fn parse_rfc3339_ms(v: &str) -> Option<u64> {
    let b = v.as_bytes();
    if b.len() < 19 || b.len() > 64 || !(b[10] == b'T' || b[10] == b't' || b[10] == b' ') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| v.get(r)?.parse::<u32>().ok();
    let secs = epoch_seconds(
        i64::from(num(0..4)?),
        num(5..7)?,
        num(8..10)?,
        num(11..13)?,
        num(14..16)?,
        num(17..19)?,
    )?;
    let mut rest = v.get(19..)?;
    let mut millis = 0u64;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        let ms: String = frac
            .get(..digits)?
            .chars()
            .chain("000".chars())
            .take(3)
            .collect();
        millis = ms.parse().ok()?;
        rest = frac.get(digits..)?;
    }
    let offset = match rest {
        "" | "Z" | "z" => 0,
        _ => {
            // +hh:mm or +hhmm.
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let digits: String = rest.get(1..)?.chars().filter(|c| *c != ':').collect();
            if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let hh: i64 = digits.get(..2)?.parse().ok()?;
            let mm: i64 = digits.get(2..)?.parse().ok()?;
            sign * (hh * 3600 + mm * 60)
        }
    };
    let total = secs.checked_sub(offset)?;
    u64::try_from(total)
        .ok()?
        .checked_mul(1000)?
        .checked_add(millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_of_known_dates() {
        assert_eq!(epoch_seconds(1970, 1, 1, 0, 0, 0), Some(0));
        assert_eq!(epoch_seconds(2000, 3, 1, 0, 0, 0), Some(951_868_800));
        assert_eq!(epoch_seconds(2026, 13, 1, 0, 0, 0), None);
    }

    #[test]
    fn expiry_formats() {
        assert_eq!(
            parse_expiry_ms("2000-03-01T00:00:00Z", 0),
            Some(951_868_800_000)
        );
        assert_eq!(
            parse_expiry_ms("2000-03-01T03:00:00.250+03:00", 0),
            Some(951_868_800_250)
        );
        assert_eq!(
            parse_expiry_ms("2000-03-01T00:00:00", 0),
            Some(951_868_800_000)
        );
        assert_eq!(parse_expiry_ms("951868800", 0), Some(951_868_800_000));
        assert_eq!(parse_expiry_ms("951868800123", 0), Some(951_868_800_123));
        assert_eq!(parse_expiry_ms("300", 1_000), Some(301_000));
        assert_eq!(parse_expiry_ms("tomorrow", 0), None);
        // Truncated or absurd inputs: None, never a panic.
        assert_eq!(parse_expiry_ms("2000-03-01T00:00:00+", 0), None);
        assert_eq!(
            parse_expiry_ms("2000-03-01T00:00:00.", 0),
            Some(951_868_800_000)
        );
        assert_eq!(
            parse_expiry_ms("2000-03-01T00:00:00+0300", 0),
            Some(951_858_000_000)
        );
        assert_eq!(epoch_seconds(i64::MAX, 1, 1, 0, 0, 0), None);
    }
}
