//! Calendar dates in the strict `YYYY-MM-DD` form of the spec (SPEC.md 9.6).

use std::fmt;

/// A proleptic Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Year, 0..=9999.
    pub year: u16,
    /// Month, 1..=12.
    pub month: u8,
    /// Day of month, 1..=31.
    pub day: u8,
}

impl Date {
    /// Parses exactly `YYYY-MM-DD` naming a real day; anything else is `None`.
    pub fn parse(value: &str) -> Option<Date> {
        let b = value.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u16> {
            b[range].iter().try_fold(0u16, |n, &d| d.is_ascii_digit().then(|| n * 10 + u16::from(d - b'0')))
        };
        let (year, month, day) = (number(0..4)?, number(5..7)? as u8, number(8..10)? as u8);
        let date = Date { year, month, day };
        ((1..=12).contains(&month) && day >= 1 && day <= date.days_in_month()).then_some(date)
    }

    /// Whether this date's year is a leap year.
    pub fn is_leap_year(self) -> bool {
        let y = self.year;
        (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
    }

    /// Days since 1970-01-01 (proleptic Gregorian; Howard Hinnant's `days_from_civil`).
    pub fn days_since_epoch(self) -> i64 {
        let (month, day) = (i64::from(self.month), i64::from(self.day));
        let year = i64::from(self.year) - i64::from(month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The date `days` after 1970-01-01, the inverse of [`Date::days_since_epoch`] (Hinnant's
    /// `civil_from_days`), for years 0..=9999.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let shifted_month = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
        let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Date { year: year as u16, month: month as u8, day: day as u8 }
    }

    fn days_in_month(self) -> u8 {
        match self.month {
            2 if self.is_leap_year() => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    #[test]
    fn days_since_the_epoch_round_trip() {
        assert_eq!(Date { year: 1970, month: 1, day: 1 }.days_since_epoch(), 0);
        assert_eq!(Date { year: 2007, month: 12, day: 31 }.days_since_epoch(), 13_878);
        assert_eq!(Date::from_days_since_epoch(11_016), Date { year: 2000, month: 2, day: 29 });
        assert_eq!(Date::from_days_since_epoch(-1), Date { year: 1969, month: 12, day: 31 });
        for days in (-700_000..2_900_000).step_by(997) {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
    }

    #[test]
    fn parses_only_strict_real_dates() {
        assert_eq!(Date::parse("1990-02-28"), Some(Date { year: 1990, month: 2, day: 28 }));
        assert!(Date::parse("2000-02-29").is_some(), "leap year");
        assert!(Date::parse("1900-02-29").is_none(), "1900 is not a leap year");
        assert!(Date::parse("1990-13-01").is_none());
        assert!(Date::parse("1990-04-31").is_none());
        assert!(Date::parse("1990-4-03").is_none());
        assert!(Date::parse("03/04/1990").is_none());
        assert!(Date::parse("1990-04-03T00:00").is_none());
        assert!(Date::parse("1990-00-10").is_none());
        assert_eq!(Date::parse("0990-01-02").unwrap().to_string(), "0990-01-02");
    }
}
