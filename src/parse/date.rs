//! The date forms of spec §4 as a claim writes them (`2025-11-26`,
//! `late November`, `Sunday`, `the last 30 days`), read into
//! `ast::DateForm`. Which days they mean is the calendar's business
//! (`crate::date`); a date that no calendar has (`31 November 2025`) is
//! refused here, where it is written.

use super::failure::{Expected, Failure, Res};
use super::lexeme::{at_boundary, blanks, consumed, keyword, phrase};
use super::number::plain_number;
use crate::ast::{DateForm, MonthPart};
use chrono::{NaiveDate, Weekday};
use nom::Parser;
use nom::branch::alt;
use nom::bytes::complete::{tag, tag_no_case, take_while_m_n, take_while1};
use nom::combinator::{opt, value};

/// What a time qualifier expects after its keyword.
pub const DATE: Expected = Expected {
    message: "expected a date such as `2025-11-26`, `November 2025`, `late November` or `Sunday`",
    help: None,
    vocabulary: DATE_WORDS,
};

/// The words a date may start with, for "did you mean …".
pub const DATE_WORDS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "today",
    "yesterday",
    "early",
    "mid",
    "late",
    "this",
    "last",
];

pub(super) const WEEKDAYS: [(&str, Weekday); 7] = [
    ("Monday", Weekday::Mon),
    ("Tuesday", Weekday::Tue),
    ("Wednesday", Weekday::Wed),
    ("Thursday", Weekday::Thu),
    ("Friday", Weekday::Fri),
    ("Saturday", Weekday::Sat),
    ("Sunday", Weekday::Sun),
];

/// `date = iso | day month_name [year] | relative | part month_name [year]
///       | month_name [ day [","] [year] | year ] | weekday`
pub fn date(i: &str) -> Res<'_, DateForm> {
    alt((
        iso,
        day_first,
        relative,
        part_of_month,
        month_first,
        weekday,
    ))
    .parse(blanks(i))
}

/// `iso = year [ "-" two_digits [ "-" two_digits ] ]` — a day, a month or a year.
fn iso(i: &str) -> Res<'_, DateForm> {
    let (rest, year) = year(i)?;
    let Some(after_year) = rest.strip_prefix('-') else {
        return boundary(rest, DateForm::Year(year));
    };
    let (rest, month) = two_digits(after_year)?;
    if !(1..=12).contains(&month) {
        return Err(impossible(consumed(i, rest), "months run from 01 to 12"));
    }
    let Some(after_month) = rest.strip_prefix('-') else {
        return boundary(rest, DateForm::Month { year, month });
    };
    let (rest, day) = two_digits(after_month)?;
    let (rest, ()) = boundary(rest, ())?;
    let form = calendar_day(consumed(i, rest), Some(year), month, day)?;
    Ok((rest, form))
}

/// `day month_name [year]`: `26 November 2025`, `26 November`.
fn day_first(i: &str) -> Res<'_, DateForm> {
    let (rest, day) = day(i)?;
    let (rest, month) = month_name(rest)?;
    let (rest, year) = opt(|i| year(blanks(i))).parse(rest)?;
    let form = calendar_day(consumed(i, rest), year, month, day)?;
    Ok((rest, form))
}

/// `month_name [ day [","] [year] | year ]`: `November 26, 2025`,
/// `Nov 26 2025`, `November 26`, `November 2025`, `November`.
fn month_first(i: &str) -> Res<'_, DateForm> {
    let (rest, month) = month_name(i)?;
    if let Ok((after_day, day)) = day(blanks(rest)) {
        let with_year = |i| {
            let (i, _) = opt(tag::<_, _, Failure>(",")).parse(blanks(i))?;
            year(blanks(i))
        };
        let (rest, year) = opt(with_year).parse(after_day)?;
        let form = calendar_day(consumed(i, rest), year, month, day)?;
        return Ok((rest, form));
    }
    match year(blanks(rest)) {
        Ok((rest, year)) => Ok((rest, DateForm::Month { year, month })),
        Err(_) => Ok((rest, DateForm::MonthNoYear(month))),
    }
}

/// `part = ("early" | "mid" | "late") month_name [year] | "mid-" month_name [year]`
fn part_of_month(i: &str) -> Res<'_, DateForm> {
    let (rest, part) = alt((
        value(MonthPart::Early, keyword("early")),
        value(MonthPart::Mid, tag_no_case("mid-")),
        value(MonthPart::Mid, keyword("mid")),
        value(MonthPart::Late, keyword("late")),
    ))
    .parse(i)?;
    let (rest, month) = month_name(rest)?;
    let (rest, year) = opt(|i| year(blanks(i))).parse(rest)?;
    Ok((rest, DateForm::PartOfMonth { part, month, year }))
}

/// `weekday = "Monday" | … | "Sunday"`
fn weekday(i: &str) -> Res<'_, DateForm> {
    let (rest, word) = take_while1(|c: char| c.is_ascii_alphabetic())(i)?;
    match weekday_named(word) {
        Some(day) => boundary(rest, DateForm::Weekday(day)),
        None => Failure::at(i).backtrack(),
    }
}

fn weekday_named(word: &str) -> Option<Weekday> {
    WEEKDAYS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(word))
        .map(|&(_, day)| day)
}

/// `relative = "today" | "yesterday" | ("this" | "last") ("month" | "year")
///           | ["the"] "last" number ("days" | "day")`
fn relative(i: &str) -> Res<'_, DateForm> {
    alt((
        value(DateForm::Today, keyword("today")),
        value(DateForm::Yesterday, keyword("yesterday")),
        value(DateForm::ThisMonth, phrase(&["this", "month"])),
        value(DateForm::LastMonth, phrase(&["last", "month"])),
        value(DateForm::ThisYear, phrase(&["this", "year"])),
        value(DateForm::LastYear, phrase(&["last", "year"])),
        last_days,
        last_weekday,
    ))
    .parse(i)
}

/// `["the"] "last" number ("days" | "day")`, the number whole and at least 1.
fn last_days(i: &str) -> Res<'_, DateForm> {
    let (rest, _) = opt(keyword("the")).parse(i)?;
    let (rest, _) = keyword("last")(rest)?;
    let count_start = blanks(rest);
    let (rest, count) = plain_number(count_start)?;
    let (rest, _) = alt((keyword("days"), keyword("day"))).parse(rest)?;
    if count < 1.0 || count.fract() != 0.0 || count > f64::from(u32::MAX) {
        let written = consumed(count_start, rest);
        return Failure::on(written)
            .message(format!(
                "`last {written}`: the number of days is a whole number, at least 1"
            ))
            .commit();
    }
    // Whole, positive and at most u32::MAX, as checked just above.
    Ok((rest, DateForm::LastDays(count as u32)))
}

/// `last Sunday` reads naturally but is ambiguous on a Sunday; the form
/// that means the latest Sunday is the weekday alone.
fn last_weekday(i: &str) -> Res<'_, DateForm> {
    let (rest, _) = keyword("last")(i)?;
    let (rest, DateForm::Weekday(day)) = weekday(blanks(rest))? else {
        return Failure::at(i).backtrack();
    };
    let name = WEEKDAYS
        .iter()
        .find(|&&(_, d)| d == day)
        .map_or("Sunday", |&(name, _)| name);
    Failure::on(consumed(i, rest))
        .message(format!("`{}` is not a date form", consumed(i, rest)))
        .help(format!(
            "write `{name}`: the latest {name} on or before the as-of date"
        ))
        .commit()
}

/// `month_name = full English name | three-letter abbreviation ["."] | "Sept" ["."]`
fn month_name(i: &str) -> Res<'_, u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let start = blanks(i);
    let (rest, word) = take_while1(|c: char| c.is_ascii_alphabetic())(start)?;
    let lower = word.to_ascii_lowercase();
    let full = MONTHS.iter().position(|m| *m == lower);
    let short = MONTHS
        .iter()
        .position(|m| m.get(..3) == Some(lower.as_str()))
        .or_else(|| (lower == "sept").then_some(8));
    let rest = match short {
        Some(_) if full.is_none() => rest.strip_prefix('.').unwrap_or(rest),
        _ => rest,
    };
    match full.or(short).and_then(|k| u32::try_from(k + 1).ok()) {
        Some(month) => boundary(rest, month),
        None => Failure::at(start).backtrack(),
    }
}

/// Exactly four digits.
fn year(i: &str) -> Res<'_, i32> {
    let (rest, digits) = take_while_m_n(4, 4, |c: char| c.is_ascii_digit())(i)?;
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return Failure::at(i).backtrack();
    }
    match digits.parse() {
        Ok(year) => Ok((rest, year)),
        Err(_) => Failure::at(i).backtrack(),
    }
}

/// Exactly two digits: ISO months and days are zero-padded.
fn two_digits(i: &str) -> Res<'_, u32> {
    let (rest, digits) = take_while_m_n(2, 2, |c: char| c.is_ascii_digit())(i)?;
    match digits.parse() {
        Ok(n) => Ok((rest, n)),
        Err(_) => Failure::at(i).backtrack(),
    }
}

/// A day of the month: one or two digits, standing alone.
fn day(i: &str) -> Res<'_, u32> {
    let (rest, digits) = take_while_m_n(1, 2, |c: char| c.is_ascii_digit())(i)?;
    match digits.parse() {
        Ok(day) if at_boundary(rest) => Ok((rest, day)),
        _ => Failure::at(i).backtrack(),
    }
}

/// `node`, if a word ends at `rest`.
fn boundary<T>(rest: &str, node: T) -> Res<'_, T> {
    if at_boundary(rest) {
        Ok((rest, node))
    } else {
        Failure::at(rest).backtrack()
    }
}

/// A day with or without its year, checked against the calendar.
fn calendar_day<'a>(
    written: &'a str,
    year: Option<i32>,
    month: u32,
    day: u32,
) -> Result<DateForm, nom::Err<Failure<'a>>> {
    let Some(year) = year else {
        // 2000 is a leap year: 29 February exists in some year.
        let longest = days_in_month(2000, month);
        return if (1..=longest).contains(&day) {
            Ok(DateForm::DayNoYear { month, day })
        } else {
            Err(impossible(
                written,
                &format!(
                    "{} has at most {longest} days",
                    month_title(month).unwrap_or("that month")
                ),
            ))
        };
    };
    NaiveDate::from_ymd_opt(year, month, day)
        .map(DateForm::Day)
        .ok_or_else(|| {
            let days = days_in_month(year, month);
            impossible(
                written,
                &format!(
                    "{} {year} has {days} days",
                    month_title(month).unwrap_or("that month")
                ),
            )
        })
}

fn impossible<'a>(written: &'a str, why: &str) -> nom::Err<Failure<'a>> {
    Failure::on(written)
        .message(format!("`{written}` is not a date: {why}"))
        .cut()
}

fn days_in_month(year: i32, month: u32) -> u32 {
    (28..=31)
        .rev()
        .find(|&day| NaiveDate::from_ymd_opt(year, month, day).is_some())
        .unwrap_or(28)
}

/// A month's English name; `DATE_WORDS` starts with the months in order.
pub fn month_title(month: u32) -> Option<&'static str> {
    usize::try_from(month)
        .ok()
        .filter(|m| (1..=12).contains(m))
        .and_then(|m| DATE_WORDS.get(m - 1))
        .copied()
}

/// A weekday's English name.
pub fn weekday_title(day: Weekday) -> &'static str {
    WEEKDAYS
        .iter()
        .find(|(_, d)| *d == day)
        .map_or("that day", |(name, _)| name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::lexeme::Line;

    #[test]
    fn month_and_weekday_names_come_from_the_vocabulary() {
        assert_eq!(month_title(1), Some("January"));
        assert_eq!(month_title(12), Some("December"));
        // The vocabulary goes on with weekdays: no month 13 among them.
        assert_eq!(month_title(13), None);
        assert_eq!(month_title(0), None);
        assert_eq!(weekday_title(Weekday::Sun), "Sunday");
    }

    fn form(text: &str) -> DateForm {
        match date(text) {
            Ok((rest, form)) if rest.trim().is_empty() => form,
            other => panic!("{text}: {other:?}"),
        }
    }

    fn day(y: i32, m: u32, d: u32) -> DateForm {
        DateForm::Day(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    fn error(text: &str) -> crate::parse::ParseError {
        match date(text) {
            Err(nom::Err::Failure(f) | nom::Err::Error(f)) => f.into_error(&Line::new(1, text)),
            other => panic!("{text}: expected an error, got {other:?}"),
        }
    }

    #[test]
    fn days() {
        assert_eq!(form("2025-11-26"), day(2025, 11, 26));
        assert_eq!(form("26 November 2025"), day(2025, 11, 26));
        assert_eq!(form("November 26, 2025"), day(2025, 11, 26));
        assert_eq!(form("Nov 26 2025"), day(2025, 11, 26));
        assert_eq!(form("nov. 26, 2025"), day(2025, 11, 26));
        assert_eq!(form("2024-02-29"), day(2024, 2, 29));
    }

    #[test]
    fn months_and_years() {
        let november = DateForm::Month {
            year: 2025,
            month: 11,
        };
        assert_eq!(form("2025-11"), november);
        assert_eq!(form("November 2025"), november);
        assert_eq!(form("NOV 2025"), november);
        assert_eq!(
            form("Sept 2025"),
            DateForm::Month {
                year: 2025,
                month: 9
            }
        );
        assert_eq!(form("2025"), DateForm::Year(2025));
    }

    #[test]
    fn forms_without_a_year() {
        assert_eq!(form("November"), DateForm::MonthNoYear(11));
        assert_eq!(form("sept"), DateForm::MonthNoYear(9));
        assert_eq!(form("Nov"), DateForm::MonthNoYear(11));
        let day_no_year = DateForm::DayNoYear { month: 11, day: 26 };
        assert_eq!(form("26 November"), day_no_year);
        assert_eq!(form("November 26"), day_no_year);
        assert_eq!(
            form("29 February"),
            DateForm::DayNoYear { month: 2, day: 29 }
        );
    }

    #[test]
    fn parts_of_months() {
        let part = |part, month, year| DateForm::PartOfMonth { part, month, year };
        assert_eq!(
            form("early November 2025"),
            part(MonthPart::Early, 11, Some(2025))
        );
        assert_eq!(form("mid November"), part(MonthPart::Mid, 11, None));
        assert_eq!(form("Mid-Nov"), part(MonthPart::Mid, 11, None));
        assert_eq!(
            form("mid-November 2025"),
            part(MonthPart::Mid, 11, Some(2025))
        );
        assert_eq!(form("LATE Dec"), part(MonthPart::Late, 12, None));
    }

    #[test]
    fn weekdays_and_relative_forms() {
        assert_eq!(form("Sunday"), DateForm::Weekday(Weekday::Sun));
        assert_eq!(form("wednesday"), DateForm::Weekday(Weekday::Wed));
        assert_eq!(form("today"), DateForm::Today);
        assert_eq!(form("Yesterday"), DateForm::Yesterday);
        assert_eq!(form("this month"), DateForm::ThisMonth);
        assert_eq!(form("last month"), DateForm::LastMonth);
        assert_eq!(form("this year"), DateForm::ThisYear);
        assert_eq!(form("last  year"), DateForm::LastYear);
        assert_eq!(form("last 30 days"), DateForm::LastDays(30));
        assert_eq!(form("the last thirty days"), DateForm::LastDays(30));
        assert_eq!(form("last 1 day"), DateForm::LastDays(1));
    }

    #[test]
    fn a_date_stops_where_the_claim_goes_on() {
        assert_eq!(
            date("November = 16"),
            Ok((" = 16", DateForm::MonthNoYear(11)))
        );
        assert_eq!(
            date("November 26, according to AFP"),
            Ok((
                ", according to AFP",
                DateForm::DayNoYear { month: 11, day: 26 }
            ))
        );
        assert_eq!(
            date("2024 and 2025"),
            Ok((" and 2025", DateForm::Year(2024)))
        );
    }

    #[test]
    fn what_is_not_a_date_backtracks() {
        for text in [
            "16",
            "20250",
            "Novembre",
            "sinceNovember",
            "Monday5",
            "mid 2025",
            "1,350",
        ] {
            assert!(matches!(date(text), Err(nom::Err::Error(_))), "{text}");
        }
    }

    #[test]
    fn impossible_dates_are_errors_at_the_date() {
        let e = error("2025-02-30 x");
        assert_eq!(
            e.message,
            "`2025-02-30` is not a date: February 2025 has 28 days"
        );
        assert_eq!((e.span.col, e.span.len), (1, 10));
        let e = error("31 November 2025");
        assert_eq!(
            e.message,
            "`31 November 2025` is not a date: November 2025 has 30 days"
        );
        assert_eq!(e.span.len, 16);
        let e = error("30 February");
        assert_eq!(
            e.message,
            "`30 February` is not a date: February has at most 29 days"
        );
        let e = error("2025-13");
        assert_eq!(
            e.message,
            "`2025-13` is not a date: months run from 01 to 12"
        );
        let e = error("November 31, 2025");
        assert!(e.message.contains("November 2025 has 30 days"));
    }

    #[test]
    fn a_day_count_must_be_whole_and_positive() {
        let e = error("last 0 days");
        assert_eq!(
            (e.message.as_str(), e.span.col, e.span.len),
            (
                "`last 0 days`: the number of days is a whole number, at least 1",
                6,
                6
            )
        );
        assert!(error("last 2.5 days").message.contains("whole number"));
    }

    #[test]
    fn last_with_a_weekday_says_how_to_write_it() {
        let e = error("last Sunday");
        assert_eq!(e.message, "`last Sunday` is not a date form");
        assert_eq!(
            e.help.as_deref(),
            Some("write `Sunday`: the latest Sunday on or before the as-of date")
        );
    }
}
