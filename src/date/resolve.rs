//! Resolves one date form of spec §4 to its period of whole days. Forms
//! without a year (`November`, `26 November`, `Sunday`, `last 30 days`, …)
//! are read as the latest such period that does not start after the as-of
//! date, so a claim means the same thing whenever it is checked.

use super::{DateError, Period, date_error, day_period, month_period, words, year_period};
use crate::ast::{DateForm, MonthPart, Span};
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

/// A leap year: every day of the year exists in it, so a day-and-month
/// that is not a date here is not a date in any year.
const LEAP_YEAR: i32 = 2000;

/// Leap days can be eight years apart (1896 to 1904), so looking back that
/// far always finds the latest one.
const LONGEST_LEAP_GAP: i32 = 8;

/// Resolves one date form to its period.
///
/// A relative form without an as-of date is an error whose help says how
/// to give one. A form that names no real day (`31 April`, `last 0 days`)
/// or lies outside chrono's calendar is an error too, with or without an
/// as-of date; nothing here panics.
/// `early`/`mid`/`late` with no year pick the month as `November` alone
/// would, then the part of it; the window decides whether that part starts
/// after the as-of date.
pub fn resolve(form: &DateForm, as_of: Option<NaiveDate>, span: Span) -> Result<Period, DateError> {
    let as_of = || as_of.ok_or_else(|| missing_as_of(form, span));
    let period = match form {
        DateForm::Day(day) => Some(day_period(*day)),
        DateForm::Month { year, month } => month_period(*year, *month),
        DateForm::Year(year) => year_period(*year),
        DateForm::PartOfMonth { part, month, year } => {
            let whole = match year {
                Some(year) => month_period(*year, *month),
                None => latest_month(*month, as_of()?),
            };
            whole.and_then(|whole| part_of(whole, *part))
        }
        DateForm::MonthNoYear(month) => latest_month(*month, as_of()?),
        DateForm::DayNoYear { month, day } => {
            if NaiveDate::from_ymd_opt(LEAP_YEAR, *month, *day).is_none() {
                return Err(never_exists(form, *month, span));
            }
            latest_day(*month, *day, as_of()?).map(day_period)
        }
        DateForm::Weekday(day) => latest_weekday(*day, as_of()?).map(day_period),
        DateForm::Today => Some(day_period(as_of()?)),
        DateForm::Yesterday => as_of()?.pred_opt().map(day_period),
        DateForm::ThisMonth => {
            let as_of = as_of()?;
            month_period(as_of.year(), as_of.month())
        }
        DateForm::LastMonth => as_of()?
            .with_day(1)
            .and_then(|first| first.checked_sub_months(Months::new(1)))
            .and_then(|last| month_period(last.year(), last.month())),
        DateForm::ThisYear => year_period(as_of()?.year()),
        DateForm::LastYear => as_of()?.year().checked_sub(1).and_then(year_period),
        DateForm::LastDays(0) => {
            return Err(date_error(
                span,
                "`last 0 days` holds no day".to_owned(),
                Some(
                    "write `last N days` with N of 1 or more, or `today` for the as-of date alone"
                        .to_owned(),
                ),
            ));
        }
        DateForm::LastDays(days) => {
            let end = as_of()?;
            // `days` is at least 1: the arm above takes 0.
            end.checked_sub_days(Days::new(u64::from(days - 1)))
                .map(|start| Period { start, end })
        }
    };
    period.ok_or_else(|| outside_calendar(form, span))
}

/// The latest month `month` that starts on or before the as-of date.
fn latest_month(month: u32, as_of: NaiveDate) -> Option<Period> {
    let year = if month <= as_of.month() {
        as_of.year()
    } else {
        as_of.year().checked_sub(1)?
    };
    month_period(year, month)
}

/// The latest `day month` on or before the as-of date.
fn latest_day(month: u32, day: u32, as_of: NaiveDate) -> Option<NaiveDate> {
    (0..=LONGEST_LEAP_GAP)
        .filter_map(|back| as_of.year().checked_sub(back))
        .filter_map(|year| NaiveDate::from_ymd_opt(year, month, day))
        .find(|date| *date <= as_of)
}

/// The latest `day` of the week on or before the as-of date: the as-of date
/// itself when it is that day.
fn latest_weekday(day: Weekday, as_of: NaiveDate) -> Option<NaiveDate> {
    let back = (as_of.weekday().num_days_from_monday() + 7 - day.num_days_from_monday()) % 7;
    as_of.checked_sub_days(Days::new(u64::from(back)))
}

/// Days 1–10, 11–20, or 21 to the end of the month.
fn part_of(month: Period, part: MonthPart) -> Option<Period> {
    let (first, last) = match part {
        MonthPart::Early => (1, Some(10)),
        MonthPart::Mid => (11, Some(20)),
        MonthPart::Late => (21, None),
    };
    Some(Period {
        start: month.start.with_day(first)?,
        end: match last {
            Some(last) => month.start.with_day(last)?,
            None => month.end,
        },
    })
}

fn missing_as_of(form: &DateForm, span: Span) -> DateError {
    date_error(
        span,
        format!(
            "`{}` is relative and needs an as-of date",
            words::form(form)
        ),
        Some("add `@as-of YYYY-MM-DD` to the claim file or pass `--as-of YYYY-MM-DD`".to_owned()),
    )
}

fn never_exists(form: &DateForm, month: u32, span: Span) -> DateError {
    let length = month_period(LEAP_YEAR, month).map(|whole| {
        format!(
            "{} has at most {} days",
            words::month(month),
            whole.end.day()
        )
    });
    date_error(
        span,
        format!("there is no `{}` in any year", words::form(form)),
        length,
    )
}

fn outside_calendar(form: &DateForm, span: Span) -> DateError {
    date_error(
        span,
        format!(
            "`{}` falls outside the calendar, which runs from {} to {}",
            words::form(form),
            NaiveDate::MIN,
            NaiveDate::MAX
        ),
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::ymd;

    const SPAN: Span = Span {
        line: 3,
        col: 14,
        len: 8,
    };

    /// 12 January 2026, a Monday: the as-of date of the spec's example.
    fn as_of() -> Option<NaiveDate> {
        Some(ymd(2026, 1, 12))
    }

    fn at(form: DateForm, as_of: NaiveDate) -> (NaiveDate, NaiveDate) {
        let period = resolve(&form, Some(as_of), SPAN).expect("the form resolves");
        (period.start, period.end)
    }

    fn error_for(form: DateForm, as_of: Option<NaiveDate>) -> DateError {
        resolve(&form, as_of, SPAN).expect_err("the form is an error")
    }

    #[test]
    fn a_day_is_that_day_with_or_without_as_of() {
        let day = ymd(2025, 11, 26);
        assert_eq!(
            resolve(&DateForm::Day(day), None, SPAN),
            Ok(day_period(day))
        );
    }

    #[test]
    fn a_month_runs_to_its_last_day() {
        let month = |year, month| {
            resolve(&DateForm::Month { year, month }, None, SPAN).map(|p| (p.start, p.end))
        };
        assert_eq!(month(2025, 11), Ok((ymd(2025, 11, 1), ymd(2025, 11, 30))));
        assert_eq!(month(2025, 12), Ok((ymd(2025, 12, 1), ymd(2025, 12, 31))));
        assert_eq!(month(2025, 2), Ok((ymd(2025, 2, 1), ymd(2025, 2, 28))));
        assert_eq!(month(2024, 2), Ok((ymd(2024, 2, 1), ymd(2024, 2, 29))));
        assert_eq!(month(2000, 2), Ok((ymd(2000, 2, 1), ymd(2000, 2, 29))));
        assert_eq!(month(1900, 2), Ok((ymd(1900, 2, 1), ymd(1900, 2, 28))));
    }

    #[test]
    fn a_year_runs_from_january_to_december() {
        assert_eq!(
            resolve(&DateForm::Year(2025), None, SPAN).map(|p| (p.start, p.end)),
            Ok((ymd(2025, 1, 1), ymd(2025, 12, 31)))
        );
    }

    #[test]
    fn forms_outside_the_calendar_are_errors() {
        for form in [
            DateForm::Year(i32::MAX),
            DateForm::Month {
                year: i32::MIN,
                month: 1,
            },
            DateForm::Month {
                year: 2025,
                month: 13,
            },
            DateForm::PartOfMonth {
                part: MonthPart::Late,
                month: 2,
                year: Some(i32::MAX),
            },
            DateForm::MonthNoYear(0),
        ] {
            let error = error_for(form.clone(), as_of());
            assert!(
                error.message.contains("falls outside the calendar"),
                "{form:?}: {}",
                error.message
            );
            assert_eq!(error.span, SPAN);
        }
    }

    #[test]
    fn the_outside_calendar_error_names_the_form() {
        assert!(
            error_for(DateForm::Year(300_000), None)
                .message
                .starts_with("`300000` falls outside the calendar")
        );
    }

    #[test]
    fn parts_of_a_month_split_at_the_10th_and_20th() {
        let part = |part, month, year| {
            at(
                DateForm::PartOfMonth {
                    part,
                    month,
                    year: Some(year),
                },
                ymd(2026, 1, 12),
            )
        };
        assert_eq!(
            part(MonthPart::Early, 11, 2025),
            (ymd(2025, 11, 1), ymd(2025, 11, 10))
        );
        assert_eq!(
            part(MonthPart::Mid, 11, 2025),
            (ymd(2025, 11, 11), ymd(2025, 11, 20))
        );
        assert_eq!(
            part(MonthPart::Late, 11, 2025),
            (ymd(2025, 11, 21), ymd(2025, 11, 30))
        );
        assert_eq!(
            part(MonthPart::Late, 12, 2025),
            (ymd(2025, 12, 21), ymd(2025, 12, 31))
        );
        assert_eq!(
            part(MonthPart::Late, 2, 2024),
            (ymd(2024, 2, 21), ymd(2024, 2, 29))
        );
        assert_eq!(
            part(MonthPart::Late, 2, 1900),
            (ymd(1900, 2, 21), ymd(1900, 2, 28))
        );
    }

    #[test]
    fn a_part_of_a_month_without_year_takes_the_month_as_alone() {
        let late_november = DateForm::PartOfMonth {
            part: MonthPart::Late,
            month: 11,
            year: None,
        };
        assert_eq!(
            at(late_november.clone(), ymd(2026, 1, 12)),
            (ymd(2025, 11, 21), ymd(2025, 11, 30))
        );
        // In November itself the month is this November, even before its
        // late part begins; the window reports that it starts too late.
        assert_eq!(
            at(late_november, ymd(2025, 11, 15)),
            (ymd(2025, 11, 21), ymd(2025, 11, 30))
        );
    }

    #[test]
    fn a_part_of_a_month_without_year_needs_as_of() {
        let error = error_for(
            DateForm::PartOfMonth {
                part: MonthPart::Mid,
                month: 11,
                year: None,
            },
            None,
        );
        assert_eq!(
            error.message,
            "`mid-November` is relative and needs an as-of date"
        );
    }

    #[test]
    fn a_part_of_a_month_with_year_needs_no_as_of() {
        let form = DateForm::PartOfMonth {
            part: MonthPart::Early,
            month: 11,
            year: Some(2025),
        };
        assert!(resolve(&form, None, SPAN).is_ok());
    }

    #[test]
    fn a_month_without_year_is_the_latest_that_has_started() {
        let november = DateForm::MonthNoYear(11);
        let expected = |year| (ymd(year, 11, 1), ymd(year, 11, 30));
        // as-of in January, December, November, and on 1 November itself.
        assert_eq!(at(november.clone(), ymd(2026, 1, 12)), expected(2025));
        assert_eq!(at(november.clone(), ymd(2025, 12, 31)), expected(2025));
        assert_eq!(at(november.clone(), ymd(2025, 11, 30)), expected(2025));
        assert_eq!(at(november.clone(), ymd(2025, 11, 1)), expected(2025));
        assert_eq!(at(november, ymd(2025, 10, 31)), expected(2024));
        assert_eq!(
            at(DateForm::MonthNoYear(1), ymd(2026, 1, 12)),
            (ymd(2026, 1, 1), ymd(2026, 1, 31))
        );
        assert_eq!(
            at(DateForm::MonthNoYear(2), ymd(2025, 1, 12)),
            (ymd(2024, 2, 1), ymd(2024, 2, 29))
        );
    }

    #[test]
    fn a_day_without_year_is_the_latest_on_or_before_as_of() {
        let day = |month, day| DateForm::DayNoYear { month, day };
        assert_eq!(at(day(11, 26), ymd(2026, 1, 12)).0, ymd(2025, 11, 26));
        assert_eq!(at(day(1, 12), ymd(2026, 1, 12)).0, ymd(2026, 1, 12));
        assert_eq!(at(day(1, 13), ymd(2026, 1, 12)).0, ymd(2025, 1, 13));
        assert_eq!(at(day(1, 11), ymd(2026, 1, 12)).0, ymd(2026, 1, 11));
        assert_eq!(at(day(12, 31), ymd(2026, 1, 1)).0, ymd(2025, 12, 31));
    }

    #[test]
    fn a_leap_day_without_year_is_the_latest_leap_day() {
        let leap_day = DateForm::DayNoYear { month: 2, day: 29 };
        assert_eq!(at(leap_day.clone(), ymd(2026, 1, 12)).0, ymd(2024, 2, 29));
        assert_eq!(at(leap_day.clone(), ymd(2024, 2, 29)).0, ymd(2024, 2, 29));
        assert_eq!(at(leap_day.clone(), ymd(2024, 2, 28)).0, ymd(2020, 2, 29));
        // 1900 is no leap year: eight years lie between 1896 and 1904.
        assert_eq!(at(leap_day.clone(), ymd(1904, 2, 28)).0, ymd(1896, 2, 29));
        assert_eq!(at(leap_day, ymd(2000, 3, 1)).0, ymd(2000, 2, 29));
    }

    #[test]
    fn a_day_that_never_exists_is_an_error() {
        let error = error_for(DateForm::DayNoYear { month: 4, day: 31 }, as_of());
        assert_eq!(error.message, "there is no `31 April` in any year");
        assert_eq!(error.help.as_deref(), Some("April has at most 30 days"));
        assert_eq!(error.span, SPAN);
        let error = error_for(DateForm::DayNoYear { month: 2, day: 30 }, None);
        assert_eq!(error.help.as_deref(), Some("February has at most 29 days"));
        let error = error_for(DateForm::DayNoYear { month: 13, day: 1 }, None);
        assert_eq!(error.message, "there is no `1 month 13` in any year");
        assert_eq!(error.help, None);
    }

    #[test]
    fn a_day_without_year_before_the_calendar_began_is_an_error() {
        let error = error_for(
            DateForm::DayNoYear { month: 12, day: 31 },
            Some(NaiveDate::MIN),
        );
        assert!(error.message.contains("falls outside the calendar"));
    }

    #[test]
    fn a_weekday_is_the_latest_on_or_before_as_of() {
        // 12 January 2026 is a Monday.
        let on = |day, as_of| at(DateForm::Weekday(day), as_of).0;
        assert_eq!(on(Weekday::Mon, ymd(2026, 1, 12)), ymd(2026, 1, 12));
        assert_eq!(on(Weekday::Sun, ymd(2026, 1, 12)), ymd(2026, 1, 11));
        assert_eq!(on(Weekday::Tue, ymd(2026, 1, 12)), ymd(2026, 1, 6));
        // 11 January 2026 is a Sunday: `Sunday` is that day.
        assert_eq!(on(Weekday::Sun, ymd(2026, 1, 11)), ymd(2026, 1, 11));
        assert_eq!(on(Weekday::Sat, ymd(2026, 1, 11)), ymd(2026, 1, 10));
        assert_eq!(on(Weekday::Mon, ymd(2026, 1, 11)), ymd(2026, 1, 5));
        // Across a month and a year.
        assert_eq!(on(Weekday::Fri, ymd(2026, 1, 1)), ymd(2025, 12, 26));
    }

    #[test]
    fn today_and_yesterday() {
        assert_eq!(
            at(DateForm::Today, ymd(2026, 1, 12)),
            (ymd(2026, 1, 12), ymd(2026, 1, 12))
        );
        assert_eq!(
            at(DateForm::Yesterday, ymd(2026, 1, 12)),
            (ymd(2026, 1, 11), ymd(2026, 1, 11))
        );
        assert_eq!(
            at(DateForm::Yesterday, ymd(2026, 1, 1)),
            (ymd(2025, 12, 31), ymd(2025, 12, 31))
        );
        assert_eq!(
            at(DateForm::Yesterday, ymd(2024, 3, 1)),
            (ymd(2024, 2, 29), ymd(2024, 2, 29))
        );
    }

    #[test]
    fn yesterday_before_the_calendar_began_is_an_error() {
        assert!(
            error_for(DateForm::Yesterday, Some(NaiveDate::MIN))
                .message
                .contains("falls outside the calendar")
        );
    }

    #[test]
    fn this_month_and_last_month() {
        assert_eq!(
            at(DateForm::ThisMonth, ymd(2026, 1, 12)),
            (ymd(2026, 1, 1), ymd(2026, 1, 31))
        );
        assert_eq!(
            at(DateForm::LastMonth, ymd(2026, 1, 12)),
            (ymd(2025, 12, 1), ymd(2025, 12, 31))
        );
        // On the 1st, this month is still the as-of date's month.
        assert_eq!(
            at(DateForm::ThisMonth, ymd(2026, 3, 1)),
            (ymd(2026, 3, 1), ymd(2026, 3, 31))
        );
        assert_eq!(
            at(DateForm::LastMonth, ymd(2024, 3, 31)),
            (ymd(2024, 2, 1), ymd(2024, 2, 29))
        );
    }

    #[test]
    fn this_year_and_last_year() {
        assert_eq!(
            at(DateForm::ThisYear, ymd(2026, 1, 1)),
            (ymd(2026, 1, 1), ymd(2026, 12, 31))
        );
        assert_eq!(
            at(DateForm::LastYear, ymd(2026, 1, 1)),
            (ymd(2025, 1, 1), ymd(2025, 12, 31))
        );
    }

    #[test]
    fn last_year_before_the_calendar_began_is_an_error() {
        assert!(
            error_for(DateForm::LastYear, Some(NaiveDate::MIN))
                .message
                .contains("outside")
        );
        assert!(
            error_for(DateForm::LastMonth, Some(NaiveDate::MIN))
                .message
                .contains("outside")
        );
    }

    #[test]
    fn last_n_days_end_on_as_of() {
        assert_eq!(
            at(DateForm::LastDays(30), ymd(2026, 1, 12)),
            (ymd(2025, 12, 14), ymd(2026, 1, 12))
        );
        assert_eq!(
            at(DateForm::LastDays(1), ymd(2026, 1, 12)),
            (ymd(2026, 1, 12), ymd(2026, 1, 12))
        );
        assert_eq!(
            at(DateForm::LastDays(7), ymd(2024, 3, 1)),
            (ymd(2024, 2, 24), ymd(2024, 3, 1))
        );
    }

    #[test]
    fn last_zero_days_is_an_error_with_or_without_as_of() {
        for as_of in [as_of(), None] {
            let error = error_for(DateForm::LastDays(0), as_of);
            assert_eq!(error.message, "`last 0 days` holds no day");
            assert!(
                error
                    .help
                    .is_some_and(|help| help.contains("N of 1 or more"))
            );
            assert_eq!(error.span, SPAN);
        }
    }

    #[test]
    fn last_days_reaching_before_the_calendar_is_an_error() {
        assert!(
            error_for(DateForm::LastDays(u32::MAX), Some(NaiveDate::MIN))
                .message
                .contains("`last 4294967295 days` falls outside the calendar")
        );
    }

    #[test]
    fn every_relative_form_needs_as_of() {
        let relative = [
            (DateForm::MonthNoYear(11), "November"),
            (DateForm::DayNoYear { month: 11, day: 26 }, "26 November"),
            (DateForm::Weekday(Weekday::Sun), "Sunday"),
            (DateForm::Today, "today"),
            (DateForm::Yesterday, "yesterday"),
            (DateForm::ThisMonth, "this month"),
            (DateForm::LastMonth, "last month"),
            (DateForm::ThisYear, "this year"),
            (DateForm::LastYear, "last year"),
            (DateForm::LastDays(30), "last 30 days"),
            (
                DateForm::PartOfMonth {
                    part: MonthPart::Late,
                    month: 11,
                    year: None,
                },
                "late November",
            ),
        ];
        for (form, words) in relative {
            let error = error_for(form, None);
            assert_eq!(
                error.message,
                format!("`{words}` is relative and needs an as-of date")
            );
            assert_eq!(
                error.help.as_deref(),
                Some("add `@as-of YYYY-MM-DD` to the claim file or pass `--as-of YYYY-MM-DD`")
            );
            assert_eq!(error.span, SPAN);
        }
    }
}
