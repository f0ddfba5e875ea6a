//! UTC calendar time from `SystemTime`, without a date-time dependency.

use std::time::SystemTime;

use super::SignError;

/// A UTC instant with whole seconds (all three schemes drop sub-seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UtcTime {
    year: u64,
    month: u64,
    day: u64,
    hour: u64,
    minute: u64,
    second: u64,
}

impl UtcTime {
    pub(crate) fn from_system_time(now: SystemTime) -> Result<Self, SignError> {
        let secs = now
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_err(|_| SignError::TimeOutOfRange)?
            .as_secs();
        let (year, month, day) = civil_from_days(secs / 86_400);
        // The SDKs format with four-digit years (Python's datetime stops at 9999).
        if year > 9999 {
            return Err(SignError::TimeOutOfRange);
        }
        let rem = secs % 86_400;
        Ok(UtcTime {
            year,
            month,
            day,
            hour: rem / 3600,
            minute: rem % 3600 / 60,
            second: rem % 60,
        })
    }

    /// `2023-10-26T10:22:32Z` (Alibaba `x-acs-date`, Baidu `x-bce-date`).
    pub(crate) fn iso8601(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    /// `20191115T033655Z` (Huawei `X-Sdk-Date`).
    pub(crate) fn basic(&self) -> String {
        format!(
            "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian
/// calendar (H. Hinnant's `civil_from_days`, for non-negative days).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(secs: u64) -> UtcTime {
        UtcTime::from_system_time(SystemTime::UNIX_EPOCH + Duration::from_secs(secs)).unwrap()
    }

    #[test]
    fn formats_known_instants() {
        assert_eq!(at(0).iso8601(), "1970-01-01T00:00:00Z");
        assert_eq!(at(1_698_315_752).iso8601(), "2023-10-26T10:22:32Z");
        assert_eq!(at(1_573_789_015).basic(), "20191115T033655Z");
        assert_eq!(at(951_782_400).iso8601(), "2000-02-29T00:00:00Z");
        assert_eq!(at(253_402_300_799).iso8601(), "9999-12-31T23:59:59Z");
    }

    #[test]
    fn rejects_out_of_range() {
        let before = SystemTime::UNIX_EPOCH - Duration::from_secs(1);
        assert_eq!(
            UtcTime::from_system_time(before),
            Err(SignError::TimeOutOfRange)
        );
        let after = SystemTime::UNIX_EPOCH + Duration::from_secs(253_402_300_800);
        assert_eq!(
            UtcTime::from_system_time(after),
            Err(SignError::TimeOutOfRange)
        );
    }
}
