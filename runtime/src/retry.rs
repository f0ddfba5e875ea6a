//! When to try a request again, and how long to wait first.
//!
//! The transport retries only requests marked idempotent (every read the
//! generated clients make), and only on errors for which
//! [`Error::is_retryable`](crate::Error::is_retryable) is true.

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, SystemTime};

/// Bounded attempts with exponential backoff and full jitter.
///
/// Before retry `n` (1 for the first retry) the transport waits a random
/// delay in `[0, backoff_ceiling(n)]`, where the ceiling is
/// `initial_backoff * 2^(n-1)` capped at `max_backoff`. Full jitter spreads
/// out clients that failed together, which is what throttling needs. When
/// the failed response carried `Retry-After` (seconds or an HTTP date), that
/// delay is used instead, also capped at `max_backoff` so a server cannot
/// park the caller indefinitely.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    honor_retry_after: bool,
}

impl Default for RetryPolicy {
    /// 3 attempts in all, backoff from 200 ms up to 20 s, `Retry-After` honoured.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(20),
            honor_retry_after: true,
        }
    }
}

impl RetryPolicy {
    /// The default policy; see [`RetryPolicy::default`].
    pub fn new() -> Self {
        Self::default()
    }

    /// One attempt, never a retry.
    pub fn disabled() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Attempts in all, the first included. 0 is treated as 1.
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Ceiling of the delay before the first retry; doubles on each retry.
    pub fn with_initial_backoff(mut self, delay: Duration) -> Self {
        self.initial_backoff = delay;
        self
    }

    /// Cap of every delay, `Retry-After` included.
    pub fn with_max_backoff(mut self, delay: Duration) -> Self {
        self.max_backoff = delay;
        self
    }

    /// Whether a `Retry-After` header replaces the computed backoff.
    pub fn with_retry_after(mut self, honor: bool) -> Self {
        self.honor_retry_after = honor;
        self
    }

    /// Attempts in all, the first included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The ceiling of the delay before the first retry.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The cap of every delay.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// Upper bound of the jittered delay before retry `retry` (1-based).
    pub fn backoff_ceiling(&self, retry: u32) -> Duration {
        let doublings = retry.saturating_sub(1).min(31);
        self.initial_backoff
            .saturating_mul(1u32 << doublings)
            .min(self.max_backoff)
    }

    /// The delay before retry `retry` (1-based), given the server's
    /// `Retry-After` if any and a uniform random `unit` in `[0, 1)`.
    /// Pure, so tests can check bounds without a clock.
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>, unit: f64) -> Duration {
        match retry_after {
            Some(after) if self.honor_retry_after => after.min(self.max_backoff),
            _ => self.backoff_ceiling(retry).mul_f64(unit.clamp(0.0, 1.0)),
        }
    }
}

/// Parses a `Retry-After` value: delay in seconds, or an HTTP date (a date
/// in the past means "now"). `None` when it is neither.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The future a [`Sleep`] returns.
pub type SleepFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Waits between attempts. Replaceable so tests can record the delays the
/// policy chose instead of waiting them out.
pub trait Sleep: Send + Sync {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> SleepFuture;
}

/// Sleeps on the tokio timer (the default).
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleep;

impl Sleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        Box::pin(tokio::time::sleep(duration))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceiling_doubles_then_caps() {
        let policy = RetryPolicy::new()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(500));
        let ceilings: Vec<_> = (1..=5).map(|n| policy.backoff_ceiling(n)).collect();
        assert_eq!(
            ceilings,
            [100, 200, 400, 500, 500].map(Duration::from_millis)
        );
        // Huge retry numbers saturate instead of overflowing.
        assert_eq!(policy.backoff_ceiling(u32::MAX), Duration::from_millis(500));
    }

    #[test]
    fn jitter_stays_within_ceiling() {
        let policy = RetryPolicy::new().with_initial_backoff(Duration::from_secs(1));
        assert_eq!(policy.delay(2, None, 0.0), Duration::ZERO);
        assert_eq!(policy.delay(2, None, 0.5), Duration::from_secs(1));
        assert!(policy.delay(2, None, 0.999_999) <= Duration::from_secs(2));
        assert_eq!(policy.delay(2, None, 7.0), Duration::from_secs(2));
    }

    #[test]
    fn retry_after_replaces_backoff_and_is_capped() {
        let policy = RetryPolicy::new().with_max_backoff(Duration::from_secs(10));
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(3)), 0.0),
            Duration::from_secs(3)
        );
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(3600)), 0.0),
            Duration::from_secs(10)
        );
        let ignoring = policy.with_retry_after(false);
        assert_eq!(
            ignoring.delay(1, Some(Duration::from_secs(3)), 0.0),
            Duration::ZERO
        );
    }

    #[test]
    fn disabled_means_one_attempt() {
        assert_eq!(RetryPolicy::disabled().max_attempts(), 1);
        assert_eq!(RetryPolicy::new().with_max_attempts(0).max_attempts(), 1);
    }

    #[test]
    fn parses_retry_after_seconds_and_dates() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        assert_eq!(
            parse_retry_after(" 120 ", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("-1", now), None);
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
