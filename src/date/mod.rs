//! The calendar of spec §4: resolves the date forms a claim writes
//! (`November`, `late November 2025`, `Sunday`, `last 30 days`) into whole
//! days against the as-of date, and builds a claim's window from its time
//! qualifiers. chrono does the calendar arithmetic.

mod iso;
mod resolve;
mod window;
mod words;

pub use iso::parse_iso;
pub use resolve::resolve;
pub use window::window;

use crate::ast::Span;
use chrono::{Datelike, NaiveDate, TimeDelta};
use std::fmt;

/// A period of whole days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// The days a claim speaks of, both ends included; `None` is unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// A date form that cannot be resolved, or a window that cannot hold.
#[derive(Debug, Clone, PartialEq)]
pub struct DateError {
    pub span: Span,
    pub message: String,
    /// The remedy, e.g. how to give an as-of date.
    pub help: Option<String>,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DateError {}

impl Period {
    /// The middle day `start + floor((end − start) / 2)`: how an imprecise
    /// date is read at its best (spec §6.3).
    pub fn middle(&self) -> NaiveDate {
        if self.start == self.end {
            return self.start;
        }
        let half = self
            .end
            .signed_duration_since(self.start)
            .num_days()
            .div_euclid(2);
        // The middle lies between the two ends, both valid dates, so the
        // fallback is never taken; it only keeps this total.
        TimeDelta::try_days(half)
            .and_then(|half| self.start.checked_add_signed(half))
            .unwrap_or(self.start)
    }
}

fn date_error(span: Span, message: String, help: Option<String>) -> DateError {
    DateError {
        span,
        message,
        help,
    }
}

/// One day as a period.
fn day_period(day: NaiveDate) -> Period {
    Period {
        start: day,
        end: day,
    }
}

/// The whole of a month; `None` for a month outside 1–12 or a year outside
/// chrono's calendar.
pub(crate) fn month_period(year: i32, month: u32) -> Option<Period> {
    let start = NaiveDate::from_ymd_opt(year, month, 1)?;
    let end = start.with_day(u32::from(start.num_days_in_month()))?;
    Some(Period { start, end })
}

/// The whole of a year; `None` outside chrono's calendar.
fn year_period(year: i32) -> Option<Period> {
    Some(Period {
        start: NaiveDate::from_ymd_opt(year, 1, 1)?,
        end: NaiveDate::from_ymd_opt(year, 12, 31)?,
    })
}

#[cfg(test)]
fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("test dates are valid")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(start: NaiveDate, end: NaiveDate) -> Period {
        Period { start, end }
    }

    #[test]
    fn middle_of_one_day_is_that_day() {
        assert_eq!(day_period(ymd(2025, 11, 26)).middle(), ymd(2025, 11, 26));
    }

    #[test]
    fn middle_of_an_odd_length_period_is_its_centre() {
        // 1–31 December: 31 days, 30 apart, middle 15 days in.
        assert_eq!(
            period(ymd(2025, 12, 1), ymd(2025, 12, 31)).middle(),
            ymd(2025, 12, 16)
        );
    }

    #[test]
    fn middle_of_an_even_length_period_rounds_down() {
        // 1–30 November: 29 days apart, floor(29 / 2) = 14.
        assert_eq!(
            period(ymd(2025, 11, 1), ymd(2025, 11, 30)).middle(),
            ymd(2025, 11, 15)
        );
        assert_eq!(
            period(ymd(2025, 11, 1), ymd(2025, 11, 2)).middle(),
            ymd(2025, 11, 1)
        );
    }

    #[test]
    fn middle_of_a_year_crosses_months() {
        // 2024 is a leap year: 365 days apart, floor = 182 → 1 July.
        assert_eq!(year_period(2024).map(|p| p.middle()), Some(ymd(2024, 7, 1)));
        // 2025: 364 days apart, 182 → 2 July.
        assert_eq!(year_period(2025).map(|p| p.middle()), Some(ymd(2025, 7, 2)));
    }

    #[test]
    fn middle_at_the_ends_of_the_calendar_stays_in_range() {
        let whole = period(NaiveDate::MIN, NaiveDate::MAX);
        let middle = whole.middle();
        assert!(NaiveDate::MIN < middle && middle < NaiveDate::MAX);
    }

    #[test]
    fn months_end_on_their_last_day() {
        let end = |year, month| month_period(year, month).map(|p| p.end);
        assert_eq!(end(2025, 1), Some(ymd(2025, 1, 31)));
        assert_eq!(end(2025, 4), Some(ymd(2025, 4, 30)));
        assert_eq!(end(2025, 12), Some(ymd(2025, 12, 31)));
        assert_eq!(end(2025, 2), Some(ymd(2025, 2, 28)));
        assert_eq!(end(2024, 2), Some(ymd(2024, 2, 29)));
        assert_eq!(end(2000, 2), Some(ymd(2000, 2, 29)));
        assert_eq!(end(1900, 2), Some(ymd(1900, 2, 28)));
    }

    #[test]
    fn months_start_on_the_first() {
        assert_eq!(
            month_period(2025, 11).map(|p| p.start),
            Some(ymd(2025, 11, 1))
        );
    }

    #[test]
    fn impossible_months_and_years_have_no_period() {
        assert_eq!(month_period(2025, 0), None);
        assert_eq!(month_period(2025, 13), None);
        assert_eq!(month_period(i32::MAX, 1), None);
        assert_eq!(year_period(i32::MIN), None);
    }

    #[test]
    fn a_year_runs_from_new_year_to_new_year_eve() {
        assert_eq!(
            year_period(2025),
            Some(period(ymd(2025, 1, 1), ymd(2025, 12, 31)))
        );
    }

    #[test]
    fn the_error_displays_its_message() {
        let error = DateError {
            span: Span::default(),
            message: "the window is empty".into(),
            help: None,
        };
        assert_eq!(error.to_string(), "the window is empty");
    }
}
