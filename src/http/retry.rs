//! When to try again and how long to wait: exponential backoff with full jitter, capped, and the
//! server's `Retry-After` honoured (seconds or an HTTP date).

use super::message::HttpResponse;

/// Timeouts and retry limits, as data. The defaults suit a payment API called from a server or an
/// edge worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Per-request timeout in milliseconds (the transport aborts the request after it).
    pub timeout_ms: u64,
    /// How many times a request may be repeated after the first attempt (0 = never).
    pub max_retries: u32,
    /// The first backoff step in milliseconds; step *n* is `base_delay_ms * 2^n`, capped.
    pub base_delay_ms: u64,
    /// The largest backoff step in milliseconds.
    pub max_delay_ms: u64,
    /// The longest `Retry-After` honoured, in milliseconds; a longer one ends the retries.
    pub max_retry_after_ms: u64,
    /// The largest answer body read, in bytes (`maxResponseBytes`); see
    /// [`crate::http::HttpRequest::max_response_bytes`].
    pub max_response_bytes: u64,
}

pub use super::message::DEFAULT_MAX_RESPONSE_BYTES;

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            timeout_ms: 30_000,
            max_retries: 3,
            base_delay_ms: 250,
            max_delay_ms: 8_000,
            max_retry_after_ms: 60_000,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }
}

impl RetryPolicy {
    /// The pause before retry number `retry` (0-based), given a jitter source: a random value in
    /// `[cap/2, cap]` where `cap = min(max_delay, base * 2^retry)` ("equal jitter": spreads
    /// clients apart yet never retries immediately).
    pub fn backoff_ms(&self, retry: u32, rng: &mut Jitter) -> u64 {
        let cap = self
            .base_delay_ms
            .saturating_mul(1u64 << retry.min(20))
            .min(self.max_delay_ms);
        let half = cap / 2;
        half + rng.below(cap - half + 1)
    }

    /// The pause before the next attempt after `response`: its `Retry-After` when present and
    /// within [`RetryPolicy::max_retry_after_ms`] (`None` when longer: do not retry), else backoff.
    pub fn delay_after(
        &self,
        response: Option<&HttpResponse>,
        retry: u32,
        now_ms: u64,
        rng: &mut Jitter,
    ) -> Option<u64> {
        if let Some(ra) = response
            .and_then(|r| r.header("retry-after"))
            .and_then(|v| parse_retry_after(v, now_ms))
        {
            return (ra <= self.max_retry_after_ms).then_some(ra);
        }
        Some(self.backoff_ms(retry, rng))
    }
}

/// Parses a `Retry-After` value: delta-seconds or an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`),
/// into milliseconds from `now_ms` (0 when the date has passed). Absurd values never overflow:
/// more seconds than `u64` holds saturate (and are then beyond any limit), years outside
/// 1..=9999 are refused.
pub fn parse_retry_after(value: &str, now_ms: u64) -> Option<u64> {
    let v = value.trim();
    if v.len() > 64 {
        return None;
    }
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        return Some(v.parse::<u64>().unwrap_or(u64::MAX).saturating_mul(1000));
    }
    let at = parse_imf_fixdate(v)?;
    Some(at.saturating_sub(now_ms))
}

fn parse_imf_fixdate(v: &str) -> Option<u64> {
    // "Sun, 06 Nov 1994 08:49:37 GMT"
    let rest = v.split_once(", ")?.1;
    let mut it = rest.split(' ');
    let day: u32 = it.next()?.parse().ok()?;
    let mon = it.next()?;
    let year: i64 = it.next()?.parse().ok().filter(|y| (1..=9999).contains(y))?;
    let time = it.next()?;
    if it.next()? != "GMT" {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| *m == mon)? as u32 + 1;
    let mut t = time.split(':').map(|p| p.parse::<u32>().ok());
    let (h, m, s) = (t.next()??, t.next()??, t.next()??);
    let secs = super::time::epoch_seconds(year, month, day, h, m, s)?;
    u64::try_from(secs).ok().and_then(|s| s.checked_mul(1000))
}

/// A small deterministic pseudo-random source (xorshift64*) for jitter. Jitter needs spread, not
/// secrecy; the wasm layer seeds it from `crypto.getRandomValues`, tests from a constant.
#[derive(Debug, Clone)]
pub struct Jitter(u64);

impl Jitter {
    /// A source seeded with `seed` (0 is replaced by a fixed non-zero constant).
    pub fn new(seed: u64) -> Self {
        Self(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A value in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped_with_jitter() {
        let p = RetryPolicy::default();
        let mut j = Jitter::new(7);
        for retry in 0..10 {
            let cap = (250u64 << retry).min(8_000);
            for _ in 0..50 {
                let d = p.backoff_ms(retry, &mut j);
                assert!(
                    d >= cap / 2 && d <= cap,
                    "retry {retry}: {d} not in [{}, {cap}]",
                    cap / 2
                );
            }
        }
        // Jitter actually spreads values.
        let mut seen = std::collections::HashSet::new();
        for _ in 0..50 {
            seen.insert(p.backoff_ms(3, &mut j));
        }
        assert!(seen.len() > 10);
    }

    #[test]
    fn retry_after_seconds_and_http_date() {
        assert_eq!(parse_retry_after("2", 0), Some(2000));
        assert_eq!(parse_retry_after(" 0 ", 0), Some(0));
        // RFC 9110's example date: 1994-11-06T08:49:37Z = 784111777 s.
        let at = 784_111_777_000;
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", at - 1500),
            Some(1500)
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", at + 5),
            Some(0)
        );
        assert_eq!(parse_retry_after("soon", 0), None);
        // Absurd values saturate or are refused; they never overflow.
        assert_eq!(
            parse_retry_after("99999999999999999999999", 0),
            Some(u64::MAX)
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 99999999999999 08:49:37 GMT", 0),
            None
        );
        assert_eq!(parse_retry_after("-1", 0), None);
        assert_eq!(parse_retry_after("+5", 0), None);
    }

    #[test]
    fn retry_after_wins_over_backoff_unless_too_long() {
        let p = RetryPolicy::default();
        let mut j = Jitter::new(1);
        let r = HttpResponse::new(429, "").with_header("Retry-After", "3");
        assert_eq!(p.delay_after(Some(&r), 0, 0, &mut j), Some(3000));
        let r = HttpResponse::new(429, "").with_header("Retry-After", "3600");
        assert_eq!(p.delay_after(Some(&r), 0, 0, &mut j), None);
        let d = p.delay_after(None, 1, 0, &mut j).unwrap_or(0);
        assert!((250..=500).contains(&d));
    }
}
