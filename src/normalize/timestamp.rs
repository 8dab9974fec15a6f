//! Points in time: strict RFC 3339 date-times (Device Swap's `latestDeviceChange`, `--as-of`,
//! Parquet timestamps read as text), the clock, and ages in whole years on a date (KYC Age
//! Verification, SPEC.md 9.9). No time-zone database: RFC 3339 carries its offset.

use crate::normalize::Date;
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

const SECONDS_PER_DAY: i64 = 86_400;

/// An instant, as UTC seconds since 1970-01-01T00:00:00Z plus nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    seconds: i64,
    nanos: u32,
}

impl Timestamp {
    /// The instant `seconds` after the Unix epoch.
    pub fn from_unix(seconds: i64) -> Timestamp {
        Timestamp { seconds, nanos: 0 }
    }

    /// The instant `count` units after the Unix epoch, a unit being `1 / per_second` s.
    pub fn from_unix_units(count: i64, per_second: i64) -> Timestamp {
        let nanos = count.rem_euclid(per_second) * (1_000_000_000 / per_second);
        Timestamp { seconds: count.div_euclid(per_second), nanos: nanos as u32 }
    }

    /// Now, by the system clock.
    pub fn now() -> Timestamp {
        let elapsed = SystemTime::now().duration_since(UNIX_EPOCH).expect("the clock is after 1970");
        Timestamp { seconds: elapsed.as_secs() as i64, nanos: elapsed.subsec_nanos() }
    }

    /// Whole seconds since the Unix epoch (the fraction dropped towards the past).
    pub fn unix_seconds(self) -> i64 {
        self.seconds
    }

    /// This instant moved by `seconds` (negative: earlier).
    pub fn plus_seconds(self, seconds: i64) -> Timestamp {
        Timestamp { seconds: self.seconds + seconds, nanos: self.nanos }
    }

    /// The UTC calendar date of this instant.
    pub fn utc_date(self) -> Date {
        Date::from_days_since_epoch(self.seconds.div_euclid(SECONDS_PER_DAY))
    }

    /// Parses a strict RFC 3339 `date-time`: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+hh:mm|-hh:mm)`.
    /// `T` and `Z` may be lower case (RFC 3339 5.6); nothing else is accepted: no space for
    /// `T`, no missing seconds or offset, no `+hhmm`. A leap second (`:60`) counts as the
    /// next second's start. Fraction digits beyond nanoseconds are ignored.
    pub fn parse_rfc3339(value: &str) -> Option<Timestamp> {
        let b = value.as_bytes();
        if b.len() < 20 || !matches!(b[10], b'T' | b't') || b[13] != b':' || b[16] != b':' {
            return None;
        }
        let date = Date::parse(value.get(..10)?)?;
        let two = |at: usize| -> Option<i64> {
            let (high, low) = (b[at], b[at + 1]);
            (high.is_ascii_digit() && low.is_ascii_digit()).then(|| i64::from((high - b'0') * 10 + (low - b'0')))
        };
        let (hour, minute, second) = (two(11)?, two(14)?, two(17)?);
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        let mut rest = &b[19..];
        let mut nanos = 0u32;
        if let Some(fraction) = rest.strip_prefix(b".") {
            let digits = fraction.iter().take_while(|d| d.is_ascii_digit()).count();
            if digits == 0 {
                return None;
            }
            let mut scale = 100_000_000;
            for &digit in &fraction[..digits.min(9)] {
                nanos += u32::from(digit - b'0') * scale;
                scale /= 10;
            }
            rest = &fraction[digits..];
        }
        let offset = match rest {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let digits = [*h1, *h2, *m1, *m2];
                if !digits.iter().all(u8::is_ascii_digit) {
                    return None;
                }
                let [h1, h2, m1, m2] = digits.map(|d| i64::from(d - b'0'));
                let (hours, minutes) = (h1 * 10 + h2, m1 * 10 + m2);
                if hours > 23 || minutes > 59 {
                    return None;
                }
                let offset = hours * 3600 + minutes * 60;
                if *sign == b'-' { -offset } else { offset }
            }
            _ => return None,
        };
        let days = date.days_since_epoch();
        let local = days * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
        Some(Timestamp { seconds: local - offset, nanos })
    }
}

impl fmt::Display for Timestamp {
    /// RFC 3339 in UTC (`2024-09-18T07:37:53Z`), with the fraction, if any, without trailing
    /// zeros (`...53.47Z`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let date = self.utc_date();
        let second_of_day = self.seconds.rem_euclid(SECONDS_PER_DAY);
        let (hour, minute, second) = (second_of_day / 3600, second_of_day / 60 % 60, second_of_day % 60);
        write!(f, "{date}T{hour:02}:{minute:02}:{second:02}")?;
        if self.nanos > 0 {
            let fraction = format!("{:09}", self.nanos);
            write!(f, ".{}", fraction.trim_end_matches('0'))?;
        }
        f.write_str("Z")
    }
}

/// Whole years from `birth` to `on` (negative when `on` is before `birth`). A birthday
/// falls on the same month and day each year, except 29 February, which in a common year
/// falls on 1 March (SPEC.md 9.9): the age grows on 1 March.
pub fn age_on(birth: Date, on: Date) -> i32 {
    let years = i32::from(on.year) - i32::from(birth.year);
    let leap_day = birth.month == 2 && birth.day == 29;
    let birthday = if leap_day && !on.is_leap_year() { (3, 1) } else { (birth.month, birth.day) };
    if (on.month, on.day) < birthday { years - 1 } else { years }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(value: &str) -> Option<i64> {
        Timestamp::parse_rfc3339(value).map(Timestamp::unix_seconds)
    }

    fn date(value: &str) -> Date {
        Date::parse(value).unwrap()
    }

    #[test]
    fn parses_utc_and_offsets_to_the_same_instant() {
        assert_eq!(ts("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(ts("2024-09-18T07:37:53Z"), Some(1_726_645_073));
        assert_eq!(ts("2024-09-18T09:37:53+02:00"), Some(1_726_645_073));
        assert_eq!(ts("2024-09-18T02:07:53-05:30"), Some(1_726_645_073));
        assert_eq!(ts("2024-09-18T07:37:53-00:00"), Some(1_726_645_073));
        assert_eq!(ts("2024-09-18t07:37:53z"), Some(1_726_645_073));
        assert_eq!(ts("2000-03-01T00:00:00Z"), Some(951_868_800), "after a leap day of a 400-year");
        assert_eq!(ts("1969-12-31T23:59:59Z"), Some(-1));
        assert_eq!(ts("2016-12-31T23:59:60Z"), ts("2017-01-01T00:00:00Z"), "a leap second");
    }

    #[test]
    fn keeps_fractions_for_ordering() {
        let early = Timestamp::parse_rfc3339("2024-09-18T07:37:53.1Z").unwrap();
        let late = Timestamp::parse_rfc3339("2024-09-18T07:37:53.471829447123Z").unwrap();
        assert!(early < late);
        assert_eq!(early.unix_seconds(), late.unix_seconds());
        assert_eq!(late.to_string(), "2024-09-18T07:37:53.471829447Z");
        assert_eq!(early.to_string(), "2024-09-18T07:37:53.1Z");
    }

    #[test]
    fn rejects_anything_not_strict_rfc_3339() {
        for bad in [
            "",
            "2024-09-18",
            "2024-09-18T07:37Z",
            "2024-09-18 07:37:53Z",
            "2024-09-18T07:37:53",
            "2024-09-18T07:37:53+0200",
            "2024-09-18T07:37:53+02",
            "2024-09-18T24:00:00Z",
            "2024-09-18T07:60:00Z",
            "2024-09-18T07:37:61Z",
            "2024-09-18T07:37:53.Z",
            "2024-09-18T07:37:53+24:00",
            "2024-09-18T07:37:53+02:60",
            "2024-02-30T07:37:53Z",
            "2024-9-18T07:37:53Z",
            "2024-09-18T7:37:53Z",
            "2024-09-18T07:37:53ZZ",
            "2024-09-18T07:37:53Z ",
            "２024-09-18T07:37:53Z",
            "2024-09-18T07:3７:53Z",
        ] {
            assert_eq!(ts(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn formats_in_utc() {
        let instant = Timestamp::parse_rfc3339("2024-03-01T01:30:00+02:00").unwrap();
        assert_eq!(instant.to_string(), "2024-02-29T23:30:00Z");
        assert_eq!(Timestamp::from_unix(-1).to_string(), "1969-12-31T23:59:59Z");
        assert_eq!(instant.plus_seconds(1800).to_string(), "2024-03-01T00:00:00Z");
    }

    #[test]
    fn utc_dates() {
        assert_eq!(Timestamp::from_unix(0).utc_date(), date("1970-01-01"));
        assert_eq!(Timestamp::from_unix(951_782_400).utc_date(), date("2000-02-29"));
        assert_eq!(Timestamp::from_unix(-1).utc_date(), date("1969-12-31"));
    }

    #[test]
    fn ages_count_whole_years() {
        let birth = date("2000-06-15");
        assert_eq!(age_on(birth, date("2018-06-14")), 17);
        assert_eq!(age_on(birth, date("2018-06-15")), 18);
        assert_eq!(age_on(birth, date("2018-12-31")), 18);
        assert_eq!(age_on(birth, date("2000-06-15")), 0);
        assert_eq!(age_on(birth, date("2000-06-14")), -1);
    }

    #[test]
    fn a_29_february_birthday_is_1_march_in_common_years() {
        let birth = date("2004-02-29");
        assert_eq!(age_on(birth, date("2022-02-28")), 17, "common year: not yet on 28 February");
        assert_eq!(age_on(birth, date("2022-03-01")), 18, "common year: on 1 March");
        assert_eq!(age_on(birth, date("2024-02-28")), 19, "leap year: not yet on 28 February");
        assert_eq!(age_on(birth, date("2024-02-29")), 20, "leap year: on 29 February");
        assert_eq!(age_on(date("2000-02-29"), date("2100-02-28")), 99, "2100 is a common year");
        assert_eq!(age_on(date("2000-02-29"), date("2100-03-01")), 100);
    }
}
