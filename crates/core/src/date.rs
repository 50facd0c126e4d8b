//! Civil dates and ISO-8601 periods (domain.md §3).
//!
//! A [`Date`] is a day number (days since 1970-01-01), so that working-day
//! arithmetic over a case's whole term is integer arithmetic. Only dates in
//! [`Date::MIN`]..=[`Date::MAX`] can be built from text: the register has no
//! business with earlier or later days, and the working-day table covers them.

use std::fmt;

/// A civil date in the Gregorian calendar.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("{0:?} is not a date in the form YYYY-MM-DD")]
    Format(String),
    #[error("{0} is not a date")]
    Impossible(String),
    #[error("{0} is outside the supported years 1900–2199")]
    OutOfRange(String),
}

/// Day of the week, Monday first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

pub(crate) const fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` (1–12) of `year`.
pub const fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            if is_leap(year) {
                29
            } else {
                28
            }
        }
    }
}

impl Date {
    /// 1900-01-01.
    pub const MIN: Date = Date::ymd(1900, 1, 1);
    /// 2199-12-31.
    pub const MAX: Date = Date::ymd(2199, 12, 31);

    /// The date of a valid `year`-`month`-`day`; `None` for a day that does not exist.
    pub const fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) {
            return None;
        }
        // Howard Hinnant's days_from_civil.
        let y = if month <= 2 { year - 1 } else { year };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = month as i32;
        let mp = if m > 2 { m - 3 } else { m + 9 };
        let doy = (153 * mp + 2) / 5 + day as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Date(era * 146_097 + doe - 719_468))
    }

    /// Like [`Date::from_ymd`], for dates known to exist (tables, tests).
    ///
    /// # Panics
    /// If the date does not exist: callers pass constants.
    #[track_caller]
    pub const fn ymd(year: i32, month: u32, day: u32) -> Date {
        match Date::from_ymd(year, month, day) {
            Some(d) => d,
            None => panic!("Date::ymd called with a date that does not exist"),
        }
    }

    /// Year, month (1–12) and day (1–31).
    pub const fn to_ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        (if m <= 2 { y + 1 } else { y }, m, d)
    }

    pub const fn year(self) -> i32 {
        self.to_ymd().0
    }

    pub const fn month(self) -> u32 {
        self.to_ymd().1
    }

    pub const fn day(self) -> u32 {
        self.to_ymd().2
    }

    /// Days since 1970-01-01.
    pub const fn day_number(self) -> i32 {
        self.0
    }

    pub const fn from_day_number(n: i32) -> Date {
        Date(n)
    }

    pub const fn weekday(self) -> Weekday {
        match (self.0 + 3).rem_euclid(7) {
            0 => Weekday::Monday,
            1 => Weekday::Tuesday,
            2 => Weekday::Wednesday,
            3 => Weekday::Thursday,
            4 => Weekday::Friday,
            5 => Weekday::Saturday,
            _ => Weekday::Sunday,
        }
    }

    pub const fn is_weekend(self) -> bool {
        matches!(self.weekday(), Weekday::Saturday | Weekday::Sunday)
    }

    /// `self + n` calendar days.
    pub const fn add_days(self, n: i32) -> Date {
        Date(self.0 + n)
    }

    /// Days from `earlier` to `self` (negative if `self` is earlier).
    pub const fn days_since(self, earlier: Date) -> i32 {
        self.0 - earlier.0
    }

    /// `self + n` months, the day clamped to the target month's last day
    /// (31 Jan + 1 month = 28/29 Feb; domain.md §3).
    pub const fn add_months(self, n: i32) -> Date {
        let (y, m, d) = self.to_ymd();
        let idx = y * 12 + (m as i32 - 1) + n;
        let ny = idx.div_euclid(12);
        let nm = (idx.rem_euclid(12) + 1) as u32;
        let dim = days_in_month(ny, nm);
        Date::ymd(ny, nm, if d > dim { dim } else { d })
    }

    /// The first day of this date's month.
    pub const fn month_start(self) -> Date {
        let (y, m, _) = self.to_ymd();
        Date::ymd(y, m, 1)
    }

    /// The last day of this date's month.
    pub const fn month_end(self) -> Date {
        let (y, m, _) = self.to_ymd();
        Date::ymd(y, m, days_in_month(y, m))
    }

    /// The first day of this date's calendar quarter.
    pub const fn quarter_start(self) -> Date {
        let (y, m, _) = self.to_ymd();
        Date::ymd(y, (m - 1) / 3 * 3 + 1, 1)
    }

    /// The last day of this date's calendar quarter.
    pub const fn quarter_end(self) -> Date {
        let (y, m, _) = self.to_ymd();
        let last = (m - 1) / 3 * 3 + 3;
        Date::ymd(y, last, days_in_month(y, last))
    }

    /// Parses exactly `YYYY-MM-DD` within the supported years.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let b = text.as_bytes();
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            b.get(r.clone())?.iter().try_fold(0u32, |acc, c| {
                c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
            })
        };
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(DateError::Format(text.to_owned()));
        }
        let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) else {
            return Err(DateError::Format(text.to_owned()));
        };
        let date =
            Date::from_ymd(y as i32, m, d).ok_or_else(|| DateError::Impossible(text.to_owned()))?;
        if date < Date::MIN || date > Date::MAX {
            return Err(DateError::OutOfRange(text.to_owned()));
        }
        Ok(date)
    }

    /// Full years from `birth` to `self`, counting a 29 February birthday on
    /// 28 February in common years (the same clamping as terms).
    pub fn years_since(self, birth: Date) -> i32 {
        let (by, _, _) = birth.to_ymd();
        let (y, _, _) = self.to_ymd();
        let mut age = y - by;
        if birth.add_months(age * 12) > self {
            age -= 1;
        }
        age.max(0)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.to_ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// An ISO-8601 period of years, months and days (weeks are read as 7 days).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Period {
    pub years: u32,
    pub months: u32,
    pub days: u32,
}

/// Why a text is not an acceptable term.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("{0:?} is not an ISO-8601 period such as P2Y6M or P180D")]
    Format(String),
    #[error("{0} is not a positive period")]
    NotPositive(String),
    #[error("{0} is longer than 30 years")]
    TooLong(String),
}

impl Period {
    /// Parses `PnYnMnWnD` (each part optional, at least one present, no time part)
    /// and checks it is positive and at most 30 years.
    ///
    /// "At most 30 years" with mixed units compares average lengths
    /// (a year = 365.25 days, a month = 1/12 of it), so P30Y, P360M and
    /// P10957D are accepted and P10958D is not.
    pub fn parse(text: &str) -> Result<Period, PeriodError> {
        let fmt_err = || PeriodError::Format(text.to_owned());
        let rest = text.strip_prefix('P').ok_or_else(fmt_err)?;
        if rest.is_empty() {
            return Err(fmt_err());
        }
        let (mut years, mut months, mut weeks, mut days) = (None, None, None, None);
        let mut number: Option<u64> = None;
        let mut order = 0;
        for c in rest.chars() {
            if let Some(d) = c.to_digit(10) {
                let n = number.unwrap_or(0) * 10 + u64::from(d);
                if n > 1_000_000 {
                    return Err(PeriodError::TooLong(text.to_owned()));
                }
                number = Some(n);
                continue;
            }
            let n = number.take().ok_or_else(fmt_err)?;
            let (slot, rank) = match c {
                'Y' => (&mut years, 1),
                'M' => (&mut months, 2),
                'W' => (&mut weeks, 3),
                'D' => (&mut days, 4),
                _ => return Err(fmt_err()),
            };
            if rank <= order {
                return Err(fmt_err());
            }
            order = rank;
            *slot = Some(n);
        }
        if number.is_some() {
            return Err(fmt_err());
        }
        let (y, m, w, d) = (
            years.unwrap_or(0),
            months.unwrap_or(0),
            weeks.unwrap_or(0),
            days.unwrap_or(0),
        );
        let total_days = w * 7 + d;
        // In 1/400 days: a year is 146,100, a month 12,175, a day 400.
        let weighted = y * 146_100 + m * 12_175 + total_days * 400;
        if weighted == 0 {
            return Err(PeriodError::NotPositive(text.to_owned()));
        }
        if weighted > 30 * 146_100 {
            return Err(PeriodError::TooLong(text.to_owned()));
        }
        Ok(Period {
            years: y as u32,
            months: m as u32,
            days: total_days as u32,
        })
    }

    /// Whole months in the period.
    pub const fn total_months(self) -> i32 {
        (self.years * 12 + self.months) as i32
    }

    /// `start + self`: years and months first (clamped to the month's end), then days.
    pub const fn after(self, start: Date) -> Date {
        start
            .add_months(self.total_months())
            .add_days(self.days as i32)
    }

    /// The same period with `months` more months.
    pub const fn plus_months(self, months: u32) -> Period {
        Period {
            years: self.years,
            months: self.months + months,
            days: self.days,
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("P")?;
        if self.years > 0 {
            write!(f, "{}Y", self.years)?;
        }
        if self.months > 0 {
            write!(f, "{}M", self.months)?;
        }
        if self.days > 0 || (self.years == 0 && self.months == 0) {
            write!(f, "{}D", self.days)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip_over_the_supported_range() {
        let mut d = Date::MIN;
        while d <= Date::MAX {
            let (y, m, day) = d.to_ymd();
            assert_eq!(Date::from_ymd(y, m, day), Some(d));
            d = d.add_days(1);
        }
        assert_eq!(Date::MIN.to_string(), "1900-01-01");
        assert_eq!(Date::MAX.to_string(), "2199-12-31");
    }

    #[test]
    fn weekday_of_known_dates() {
        assert_eq!(Date::ymd(1970, 1, 1).weekday(), Weekday::Thursday);
        assert_eq!(Date::ymd(2026, 3, 21).weekday(), Weekday::Saturday);
        assert_eq!(Date::ymd(2026, 11, 24).weekday(), Weekday::Tuesday);
    }

    #[test]
    fn parse_rejects_impossible_and_malformed_dates() {
        assert_eq!(
            Date::parse("2025-02-30"),
            Err(DateError::Impossible("2025-02-30".into()))
        );
        assert!(matches!(Date::parse("2025-2-3"), Err(DateError::Format(_))));
        assert!(matches!(
            Date::parse("2025-02-3x"),
            Err(DateError::Format(_))
        ));
        assert!(matches!(
            Date::parse("1899-12-31"),
            Err(DateError::OutOfRange(_))
        ));
        assert_eq!(Date::parse("2024-02-29"), Ok(Date::ymd(2024, 2, 29)));
    }

    #[test]
    fn section3_month_addition_clamps_to_the_months_last_day() {
        assert_eq!(Date::ymd(2025, 1, 31).add_months(1), Date::ymd(2025, 2, 28));
        assert_eq!(Date::ymd(2024, 1, 31).add_months(1), Date::ymd(2024, 2, 29));
        assert_eq!(
            Date::ymd(2024, 2, 29).add_months(12),
            Date::ymd(2025, 2, 28)
        );
        assert_eq!(
            Date::ymd(2025, 3, 31).add_months(-1),
            Date::ymd(2025, 2, 28)
        );
    }

    #[test]
    fn section3_term_adds_months_before_days() {
        let p = Period::parse("P1M1D").expect("valid");
        // 31 Jan + 1 month = 28 Feb, then + 1 day = 1 Mar.
        assert_eq!(p.after(Date::ymd(2025, 1, 31)), Date::ymd(2025, 3, 1));
        assert_eq!(
            Period::parse("P2Y6M")
                .expect("valid")
                .after(Date::ymd(2025, 1, 15)),
            Date::ymd(2027, 7, 15)
        );
        assert_eq!(Period::parse("P2W").expect("valid").days, 14);
    }

    #[test]
    fn term_must_be_a_positive_period_of_at_most_30_years() {
        for ok in ["P30Y", "P360M", "P10957D", "P1D", "P29Y11M30D"] {
            assert!(Period::parse(ok).is_ok(), "{ok}");
        }
        assert!(matches!(
            Period::parse("P0D"),
            Err(PeriodError::NotPositive(_))
        ));
        assert!(matches!(
            Period::parse("P30Y1D"),
            Err(PeriodError::TooLong(_))
        ));
        assert!(matches!(
            Period::parse("P10958D"),
            Err(PeriodError::TooLong(_))
        ));
        for bad in ["", "P", "2Y", "P2", "PT5H", "P1M2Y", "P-1Y", "P1Y1Y", "p1y"] {
            assert!(
                matches!(Period::parse(bad), Err(PeriodError::Format(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn age_in_full_years() {
        let birth = Date::ymd(1966, 4, 30);
        assert_eq!(Date::ymd(2024, 4, 29).years_since(birth), 57);
        assert_eq!(Date::ymd(2024, 4, 30).years_since(birth), 58);
        let leap = Date::ymd(2008, 2, 29);
        assert_eq!(Date::ymd(2011, 2, 27).years_since(leap), 2);
        assert_eq!(Date::ymd(2011, 2, 28).years_since(leap), 3);
    }

    #[test]
    fn quarter_bounds() {
        let d = Date::ymd(2026, 5, 17);
        assert_eq!(d.quarter_start(), Date::ymd(2026, 4, 1));
        assert_eq!(d.quarter_end(), Date::ymd(2026, 6, 30));
        assert_eq!(d.month_end(), Date::ymd(2026, 5, 31));
    }
}
