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
