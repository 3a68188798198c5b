//! Writes date forms and time qualifiers back in words, so that an error
//! names a date the way an editor reads it (`late November`, `since
//! 26 November 2025`) rather than as a syntax tree.

use crate::ast::{DateForm, MonthPart, TimeQualifier};
use chrono::Datelike;

/// A month's English name; a number outside 1–12 (which no parsed claim
/// holds) is still written, as `month 13`, so a message never loses it.
pub(super) fn month(month: u32) -> String {
    crate::parse::month_title(month).map_or_else(|| format!("month {month}"), str::to_owned)
}

/// A date form in words: absolute days as `26 November 2025`, the rest as
/// the claim language spells them.
pub(super) fn form(form: &DateForm) -> String {
    match form {
        DateForm::Day(day) => format!("{} {} {}", day.day(), month(day.month()), day.year()),
        DateForm::Month { year, month: m } => format!("{} {year}", month(*m)),
        DateForm::Year(year) => year.to_string(),
        DateForm::PartOfMonth {
            part,
            month: m,
            year,
        } => {
            let part = match part {
                MonthPart::Early => "early ",
                MonthPart::Mid => "mid-",
                MonthPart::Late => "late ",
            };
            match year {
                Some(year) => format!("{part}{} {year}", month(*m)),
                None => format!("{part}{}", month(*m)),
            }
        }
        DateForm::MonthNoYear(m) => month(*m),
        DateForm::DayNoYear { month: m, day } => format!("{day} {}", month(*m)),
        DateForm::Weekday(day) => crate::parse::weekday_title(*day).to_owned(),
        DateForm::Today => "today".to_owned(),
        DateForm::Yesterday => "yesterday".to_owned(),
        DateForm::ThisMonth => "this month".to_owned(),
        DateForm::LastMonth => "last month".to_owned(),
        DateForm::ThisYear => "this year".to_owned(),
        DateForm::LastYear => "last year".to_owned(),
        DateForm::LastDays(days) => format!("last {days} days"),
    }
}

/// A time qualifier in words, keyword first: `since November`,
/// `between 1 March 2026 and February 2026`.
pub(super) fn qualifier(qualifier: &TimeQualifier) -> String {
    let (keyword, date) = match qualifier {
        TimeQualifier::Since(date) => ("since", date),
        TimeQualifier::After(date) => ("after", date),
        TimeQualifier::Until(date) => ("until", date),
        TimeQualifier::Before(date) => ("before", date),
        TimeQualifier::In(date) => ("in", date),
        TimeQualifier::On(date) => ("on", date),
        TimeQualifier::Between(first, last) => {
            return format!("between {} and {}", form(first), form(last));
        }
    };
    format!("{keyword} {}", form(date))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::ymd;
    use chrono::Weekday;

    #[test]
    fn months_are_named_in_english() {
        assert_eq!(month(1), "January");
        assert_eq!(month(12), "December");
    }

    #[test]
    fn impossible_months_are_still_written() {
        assert_eq!(month(0), "month 0");
        assert_eq!(month(13), "month 13");
    }

    #[test]
    fn absolute_forms_read_as_dates() {
        assert_eq!(form(&DateForm::Day(ymd(2025, 11, 26))), "26 November 2025");
        assert_eq!(
            form(&DateForm::Month {
                year: 2025,
                month: 11
            }),
            "November 2025"
        );
        assert_eq!(form(&DateForm::Year(2025)), "2025");
    }

    #[test]
    fn parts_of_months_read_as_written() {
        let part = |part, year| {
            form(&DateForm::PartOfMonth {
                part,
                month: 11,
                year,
            })
        };
        assert_eq!(part(MonthPart::Early, Some(2025)), "early November 2025");
        assert_eq!(part(MonthPart::Mid, None), "mid-November");
        assert_eq!(part(MonthPart::Late, None), "late November");
    }

    #[test]
    fn relative_forms_read_as_written() {
        assert_eq!(form(&DateForm::MonthNoYear(11)), "November");
        assert_eq!(
            form(&DateForm::DayNoYear { month: 2, day: 29 }),
            "29 February"
        );
        assert_eq!(form(&DateForm::Weekday(Weekday::Sun)), "Sunday");
        assert_eq!(form(&DateForm::Weekday(Weekday::Wed)), "Wednesday");
        assert_eq!(form(&DateForm::Today), "today");
        assert_eq!(form(&DateForm::Yesterday), "yesterday");
        assert_eq!(form(&DateForm::ThisMonth), "this month");
        assert_eq!(form(&DateForm::LastMonth), "last month");
        assert_eq!(form(&DateForm::ThisYear), "this year");
        assert_eq!(form(&DateForm::LastYear), "last year");
        assert_eq!(form(&DateForm::LastDays(30)), "last 30 days");
    }

    #[test]
    fn qualifiers_lead_with_their_keyword() {
        let november = DateForm::MonthNoYear(11);
        assert_eq!(
            qualifier(&TimeQualifier::Since(november.clone())),
            "since November"
        );
        assert_eq!(
            qualifier(&TimeQualifier::After(november.clone())),
            "after November"
        );
        assert_eq!(
            qualifier(&TimeQualifier::Until(november.clone())),
            "until November"
        );
        assert_eq!(
            qualifier(&TimeQualifier::Before(november.clone())),
            "before November"
        );
        assert_eq!(
            qualifier(&TimeQualifier::In(november.clone())),
            "in November"
        );
        assert_eq!(
            qualifier(&TimeQualifier::On(DateForm::Day(ymd(2026, 1, 11)))),
            "on 11 January 2026"
        );
        assert_eq!(
            qualifier(&TimeQualifier::Between(november, DateForm::Year(2026))),
            "between November and 2026"
        );
    }
}
