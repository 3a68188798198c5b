//! Reads the dates a dataset writes (spec §5.1): `YYYY-MM-DD`, `YYYY-MM`
//! and `YYYY`, strictly in those shapes, so that a typo in a dataset is
//! reported rather than read as some other day.

use super::{Period, day_period, month_period, year_period};
use chrono::NaiveDate;

/// Reads a dataset date: `YYYY-MM-DD` (that day), `YYYY-MM` (that month) or
/// `YYYY` (that year). `None` for anything else, or an impossible date.
///
/// The year has exactly four digits and the month and day exactly two: no
/// sign, no blanks, no `2025-1-5`. Year `0000` is read as chrono reads it,
/// the year before 1 AD.
pub fn parse_iso(s: &str) -> Option<Period> {
    // Told apart by length and dashes, with nothing allocated: a large
    // dataset has a date for each of a million incidents.
    let dash = |at| s.as_bytes().get(at) == Some(&b'-');
    match s.len() {
        4 => year_period(number(s, 0, 4)?),
        7 if dash(4) => month_period(number(s, 0, 4)?, number(s, 5, 2)?),
        10 if dash(4) && dash(7) => {
            NaiveDate::from_ymd_opt(number(s, 0, 4)?, number(s, 5, 2)?, number(s, 8, 2)?)
                .map(day_period)
        }
        _ => None,
    }
}

/// The field of exactly `digits` ASCII digits at byte `from` of `s`. The
/// check comes first because `str::parse` would also take a sign.
fn number<T: std::str::FromStr>(s: &str, from: usize, digits: usize) -> Option<T> {
    let field = s.get(from..from + digits)?;
    if field.bytes().all(|b| b.is_ascii_digit()) {
        field.parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::ymd;

    #[test]
    fn a_full_date_is_that_day() {
        assert_eq!(parse_iso("2025-11-26"), Some(day_period(ymd(2025, 11, 26))));
    }

    #[test]
    fn a_year_and_month_is_that_month() {
        assert_eq!(parse_iso("2025-11"), month_period(2025, 11));
        assert_eq!(
            parse_iso("2024-02").map(|p| (p.start, p.end)),
            Some((ymd(2024, 2, 1), ymd(2024, 2, 29)))
        );
    }

    #[test]
    fn a_year_is_that_year() {
        assert_eq!(
            parse_iso("2025").map(|p| (p.start, p.end)),
            Some((ymd(2025, 1, 1), ymd(2025, 12, 31)))
        );
    }

    #[test]
    fn leap_days_exist_only_in_leap_years() {
        assert!(parse_iso("2024-02-29").is_some());
        assert!(parse_iso("2000-02-29").is_some());
        assert_eq!(parse_iso("2025-02-29"), None);
        assert_eq!(parse_iso("1900-02-29"), None);
    }

    #[test]
    fn impossible_dates_are_rejected() {
        for s in [
            "2025-02-30",
            "2025-04-31",
            "2025-13-01",
            "2025-00-10",
            "2025-01-00",
            "2025-13",
            "2025-00",
        ] {
            assert_eq!(parse_iso(s), None, "{s}");
        }
    }

    #[test]
    fn other_shapes_are_rejected() {
        for s in [
            "",
            "-",
            "25",
            "02025",
            "2025-1",
            "2025-1-05",
            "2025-01-5",
            "2025-011-05",
            "2025/11/26",
            "2025x11",
            "2025-11x26",
            "2025x11-26",
            "2025-11-26-01",
            "2025-11-",
            "-2025",
            "+2025",
            "2025-+1",
            " 2025",
            "2025-11-26 ",
            "2025-11-26T00:00",
            "２０２５",
            "26-11-2025",
            "Nov 2025",
        ] {
            assert_eq!(parse_iso(s), None, "{s:?}");
        }
    }
}
