//! "Now" and the study day. The only module that reads the system clock.
//!
//! `ECSDRILL_NOW` (RFC 3339) pins "now" for every command, so scripts and tests can replay
//! days; its UTC offset is taken as the local time zone. Without an offset
//! (`2026-01-31T09:00:00`, or a bare date) it is a local time. A study day starts at
//! `day_starts_at` (default 04:00) local time, like Anki's rollover: a review at 01:30 still
//! belongs to the previous day.

use crate::error::{Error, Result};
use chrono::{DateTime, FixedOffset, Local, NaiveDate, NaiveTime};
use std::sync::Arc;

pub const NOW_ENV: &str = "ECSDRILL_NOW";

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<FixedOffset>;
}

/// The machine's clock, in the local time zone.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<FixedOffset> {
        Local::now().fixed_offset()
    }
}

/// A clock stopped at one instant (`ECSDRILL_NOW`, tests).
pub struct FixedClock(pub DateTime<FixedOffset>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<FixedOffset> {
        self.0
    }
}

/// The clock every command uses: fixed when `ECSDRILL_NOW` holds a value, else the system's.
pub fn from_env_value(value: Option<&str>) -> Result<Arc<dyn Clock>> {
    match value {
        None => Ok(Arc::new(SystemClock)),
        Some(raw) => parse_now(raw.trim())
            .map(|t| Arc::new(FixedClock(t)) as Arc<dyn Clock>)
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "{NOW_ENV} is not a date and time, e.g. 2026-01-31T09:00:00+01:00 or 2026-01-31T09:00 (local): {raw:?}"
                ))
            }),
    }
}

/// An RFC 3339 instant, or a local date and time without an offset (seconds optional; a
/// bare date is its midnight).
fn parse_now(raw: &str) -> Option<DateTime<FixedOffset>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Some(t);
    }
    let local = [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| chrono::NaiveDateTime::parse_from_str(raw, f).ok())
    .or_else(|| {
        NaiveDate::parse_from_str(raw, "%Y-%m-%d")
            .ok()
            .map(|d| d.and_time(NaiveTime::MIN))
    })?;
    local
        .and_local_timezone(Local)
        .earliest()
        .map(|t| t.fixed_offset())
}

/// The study day an instant belongs to, given the local time the day starts at.
pub fn study_day(now: DateTime<FixedOffset>, day_starts_at: NaiveTime) -> NaiveDate {
    let since_midnight = day_starts_at - NaiveTime::MIN;
    (now.naive_local() - since_midnight).date()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn study_day_rolls_over_at_four_local() {
        let four = NaiveTime::from_hms_opt(4, 0, 0).unwrap();
        let d = |s: &str| study_day(at(s), four).to_string();
        assert_eq!(d("2026-01-10T03:59:59+01:00"), "2026-01-09");
        assert_eq!(d("2026-01-10T04:00:00+01:00"), "2026-01-10");
        assert_eq!(d("2026-01-10T23:30:00-08:00"), "2026-01-10");
        assert_eq!(
            study_day(at("2026-01-10T00:30:00Z"), NaiveTime::MIN).to_string(),
            "2026-01-10"
        );
    }

    #[test]
    fn env_value_must_be_rfc3339() {
        assert!(from_env_value(Some("yesterday")).is_err());
        let c = from_env_value(Some("2026-02-03T10:00:00Z")).unwrap();
        assert_eq!(c.now(), at("2026-02-03T10:00:00Z"));
        // Without an offset: that wall-clock time in the local zone.
        for (raw, wall) in [
            ("2026-02-03T10:00:00", "2026-02-03 10:00:00"),
            ("2026-02-03T10:00", "2026-02-03 10:00:00"),
            ("2026-02-03", "2026-02-03 00:00:00"),
        ] {
            let t = from_env_value(Some(raw)).unwrap().now();
            assert_eq!(t.naive_local().to_string(), wall, "{raw}");
            assert_eq!(
                t.offset(),
                Local
                    .from_local_datetime(&t.naive_local())
                    .earliest()
                    .unwrap()
                    .offset(),
                "{raw}"
            );
        }
        assert!(from_env_value(Some("2026-02-30T10:00")).is_err());
    }
}
