//! Builds a claim's window from its time qualifiers (spec §4 "Windows"):
//! the whole days it speaks of, never past the as-of date, and an error for
//! a window that is empty or that starts after the as-of date.

use super::{DateError, Window, date_error, resolve, words};
use crate::ast::{Span, Spanned, TimeQualifier};
use chrono::NaiveDate;

/// One end of a window and the qualifier that set it, so that an error can
/// point back at the words that caused it.
#[derive(Clone, Copy)]
struct End<'a> {
    date: NaiveDate,
    qualifier: &'a Spanned<TimeQualifier>,
}

/// Builds a claim's window from its time qualifiers (none: unbounded, but
/// capped at the as-of date).
///
/// The parser allows one window or a lower bound with an upper bound; more
/// qualifiers would still be read as the days that all of them allow.
/// A window that is empty whatever the as-of date is reported as empty even
/// when it also starts after the as-of date: swapping its dates is the fix.
pub fn window(
    time: &[Spanned<TimeQualifier>],
    as_of: Option<NaiveDate>,
) -> Result<Window, DateError> {
    let mut from: Option<End> = None;
    let mut to: Option<End> = None;
    for qualifier in time {
        let (lower, upper) = bounds(qualifier, as_of)?;
        if let Some(date) = lower
            && from.is_none_or(|from| date > from.date)
        {
            from = Some(End { date, qualifier });
        }
        if let Some(date) = upper
            && to.is_none_or(|to| date < to.date)
        {
            to = Some(End { date, qualifier });
        }
    }
    if let (Some(from), Some(to)) = (from, to)
        && from.date > to.date
    {
        return Err(empty(time, from, to));
    }
    // Before capping: capped, such a window would only read as empty.
    if let (Some(from), Some(as_of)) = (from, as_of)
        && from.date > as_of
    {
        return Err(after_as_of(time, from, as_of));
    }
    let to = match (to, as_of) {
        (Some(to), Some(as_of)) => Some(to.date.min(as_of)),
        (Some(to), None) => Some(to.date),
        (None, as_of) => as_of,
    };
    Ok(Window {
        from: from.map(|from| from.date),
        to,
    })
}

/// The first and last day one qualifier allows, before the as-of date caps
/// them; `None` where it sets no bound.
fn bounds(
    qualifier: &Spanned<TimeQualifier>,
    as_of: Option<NaiveDate>,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>), DateError> {
    let span = qualifier.span;
    let beyond = || {
        date_error(
            span,
            format!(
                "the window `{}` reaches outside the calendar",
                words::qualifier(&qualifier.node)
            ),
            None,
        )
    };
    Ok(match &qualifier.node {
        TimeQualifier::Since(date) => (Some(resolve(date, as_of, span)?.start), None),
        TimeQualifier::After(date) => {
            let end = resolve(date, as_of, span)?.end;
            (Some(end.succ_opt().ok_or_else(beyond)?), None)
        }
        TimeQualifier::Until(date) => (None, Some(resolve(date, as_of, span)?.end)),
        TimeQualifier::Before(date) => {
            let start = resolve(date, as_of, span)?.start;
            (None, Some(start.pred_opt().ok_or_else(beyond)?))
        }
        TimeQualifier::In(date) | TimeQualifier::On(date) => {
            let period = resolve(date, as_of, span)?;
            (Some(period.start), Some(period.end))
        }
        TimeQualifier::Between(first, last) => (
            Some(resolve(first, as_of, span)?.start),
            Some(resolve(last, as_of, span)?.end),
        ),
    })
}

/// The window in words, as its qualifiers were written.
fn written(time: &[Spanned<TimeQualifier>]) -> String {
    time.iter()
        .map(|qualifier| words::qualifier(&qualifier.node))
        .collect::<Vec<_>>()
        .join(" ")
}

fn empty(time: &[Spanned<TimeQualifier>], from: End, to: End) -> DateError {
    let help = if std::ptr::eq(from.qualifier, to.qualifier) {
        "`between A and B` runs from the start of A to the end of B: write the earlier date first"
    } else {
        "the `since` or `after` date must come before the `until` or `before` date"
    };
    date_error(
        cover(from.qualifier.span, to.qualifier.span),
        format!(
            "the window `{}` is empty: it starts on {} and ends on {}",
            written(time),
            from.date,
            to.date
        ),
        Some(help.to_owned()),
    )
}

fn after_as_of(time: &[Spanned<TimeQualifier>], from: End, as_of: NaiveDate) -> DateError {
    date_error(
        from.qualifier.span,
        format!(
            "the window `{}` starts on {}, after the as-of date {}: the claim speaks of a time the article could not know",
            written(time),
            from.date,
            as_of
        ),
        Some("check the year of the date, or the as-of date".to_owned()),
    )
}

/// The span from the start of one to the end of the other, where both are
/// on one line (a claim always is); otherwise the first.
fn cover(first: Span, second: Span) -> Span {
    if first.line != second.line {
        return first;
    }
    let col = first.col.min(second.col);
    let end = (first.col.saturating_add(first.len)).max(second.col.saturating_add(second.len));
    Span {
        line: first.line,
        col,
        len: end - col,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::DateForm;
    use crate::date::ymd;

    /// 12 January 2026, the as-of date of the spec's example.
    fn as_of() -> Option<NaiveDate> {
        Some(ymd(2026, 1, 12))
    }

    /// A qualifier written on line 2 from column `col`, `len` characters long.
    fn at(node: TimeQualifier, col: usize, len: usize) -> Spanned<TimeQualifier> {
        Spanned {
            node,
            span: Span { line: 2, col, len },
        }
    }

    fn one(node: TimeQualifier) -> Vec<Spanned<TimeQualifier>> {
        vec![at(node, 8, 14)]
    }

    fn day(year: i32, month: u32, day: u32) -> DateForm {
        DateForm::Day(ymd(year, month, day))
    }

    fn month(year: i32, month: u32) -> DateForm {
        DateForm::Month { year, month }
    }

    fn bounds(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<Window, DateError> {
        Ok(Window { from, to })
    }

    #[test]
    fn no_qualifier_is_everything_up_to_as_of() {
        assert_eq!(window(&[], as_of()), bounds(None, as_of()));
        assert_eq!(window(&[], None), bounds(None, None));
    }

    #[test]
    fn since_runs_from_the_start_to_as_of() {
        let since = one(TimeQualifier::Since(DateForm::MonthNoYear(11)));
        assert_eq!(
            window(&since, as_of()),
            bounds(Some(ymd(2025, 11, 1)), as_of())
        );
        let since = one(TimeQualifier::Since(month(2025, 11)));
        assert_eq!(window(&since, None), bounds(Some(ymd(2025, 11, 1)), None));
    }

    #[test]
    fn since_the_as_of_date_is_that_day() {
        let since = one(TimeQualifier::Since(DateForm::Today));
        assert_eq!(window(&since, as_of()), bounds(as_of(), as_of()));
    }

    #[test]
    fn after_starts_the_day_after_the_end() {
        let after = one(TimeQualifier::After(month(2025, 11)));
        assert_eq!(
            window(&after, as_of()),
            bounds(Some(ymd(2025, 12, 1)), as_of())
        );
        let after = one(TimeQualifier::After(DateForm::Yesterday));
        assert_eq!(window(&after, as_of()), bounds(as_of(), as_of()));
        let after = one(TimeQualifier::After(month(2024, 2)));
        assert_eq!(window(&after, None), bounds(Some(ymd(2024, 3, 1)), None));
    }

    #[test]
    fn until_runs_to_the_end() {
        let until = one(TimeQualifier::Until(month(2025, 11)));
        assert_eq!(
            window(&until, as_of()),
            bounds(None, Some(ymd(2025, 11, 30)))
        );
        assert_eq!(window(&until, None), bounds(None, Some(ymd(2025, 11, 30))));
    }

    #[test]
    fn before_stops_the_day_before_the_start() {
        let before = one(TimeQualifier::Before(month(2025, 11)));
        assert_eq!(
            window(&before, as_of()),
            bounds(None, Some(ymd(2025, 10, 31)))
        );
        let before = one(TimeQualifier::Before(DateForm::Year(2025)));
        assert_eq!(window(&before, None), bounds(None, Some(ymd(2024, 12, 31))));
    }

    #[test]
    fn in_and_on_are_the_whole_period() {
        let in_november = one(TimeQualifier::In(DateForm::MonthNoYear(11)));
        assert_eq!(
            window(&in_november, as_of()),
            bounds(Some(ymd(2025, 11, 1)), Some(ymd(2025, 11, 30)))
        );
        let on_sunday = one(TimeQualifier::On(DateForm::Weekday(chrono::Weekday::Sun)));
        assert_eq!(
            window(&on_sunday, as_of()),
            bounds(Some(ymd(2026, 1, 11)), Some(ymd(2026, 1, 11)))
        );
        let in_last_days = one(TimeQualifier::In(DateForm::LastDays(30)));
        assert_eq!(
            window(&in_last_days, as_of()),
            bounds(Some(ymd(2025, 12, 14)), as_of())
        );
    }

    #[test]
    fn between_runs_from_the_first_start_to_the_last_end() {
        let between = one(TimeQualifier::Between(
            DateForm::MonthNoYear(11),
            DateForm::MonthNoYear(12),
        ));
        assert_eq!(
            window(&between, as_of()),
            bounds(Some(ymd(2025, 11, 1)), Some(ymd(2025, 12, 31)))
        );
        let one_month = one(TimeQualifier::Between(month(2025, 11), month(2025, 11)));
        assert_eq!(
            window(&one_month, None),
            bounds(Some(ymd(2025, 11, 1)), Some(ymd(2025, 11, 30)))
        );
    }

    #[test]
    fn a_lower_and_an_upper_bound_combine() {
        let time = vec![
            at(TimeQualifier::Since(month(2025, 11)), 8, 19),
            at(TimeQualifier::Before(month(2025, 12)), 28, 20),
        ];
        assert_eq!(
            window(&time, as_of()),
            bounds(Some(ymd(2025, 11, 1)), Some(ymd(2025, 11, 30)))
        );
        let time = vec![
            at(TimeQualifier::After(day(2025, 11, 26)), 8, 19),
            at(TimeQualifier::Until(DateForm::Yesterday), 28, 15),
        ];
        assert_eq!(
            window(&time, as_of()),
            bounds(Some(ymd(2025, 11, 27)), Some(ymd(2026, 1, 11)))
        );
    }

    #[test]
    fn the_order_of_the_bounds_does_not_matter() {
        let time = vec![
            at(TimeQualifier::Until(month(2025, 12)), 8, 19),
            at(TimeQualifier::Since(month(2025, 11)), 28, 20),
        ];
        assert_eq!(
            window(&time, None),
            bounds(Some(ymd(2025, 11, 1)), Some(ymd(2025, 12, 31)))
        );
    }

    #[test]
    fn no_window_reaches_past_as_of() {
        for node in [
            TimeQualifier::In(DateForm::ThisMonth),
            TimeQualifier::In(DateForm::ThisYear),
            TimeQualifier::Until(month(2026, 6)),
            TimeQualifier::Before(DateForm::Year(2027)),
            TimeQualifier::Between(DateForm::MonthNoYear(12), month(2026, 3)),
        ] {
            let window = window(&one(node.clone()), as_of());
            assert_eq!(window.map(|w| w.to), Ok(as_of()), "{node:?}");
        }
        let until = one(TimeQualifier::Until(month(2026, 6)));
        assert_eq!(window(&until, None), bounds(None, Some(ymd(2026, 6, 30))));
    }

    #[test]
    fn a_window_may_start_on_the_as_of_date() {
        let on = one(TimeQualifier::On(day(2026, 1, 12)));
        assert_eq!(window(&on, as_of()), bounds(as_of(), as_of()));
    }

    #[test]
    fn a_window_that_starts_after_as_of_is_an_error() {
        let in_february = one(TimeQualifier::In(month(2026, 2)));
        let error = window(&in_february, as_of()).expect_err("starts after as-of");
        assert_eq!(
            error.message,
            "the window `in February 2026` starts on 2026-02-01, after the as-of date 2026-01-12: \
             the claim speaks of a time the article could not know"
        );
        assert_eq!(
            error.span,
            Span {
                line: 2,
                col: 8,
                len: 14
            }
        );
        assert!(error.help.is_some());
    }

    #[test]
    fn after_the_as_of_date_starts_after_it() {
        let after = one(TimeQualifier::After(DateForm::Today));
        let error = window(&after, as_of()).expect_err("starts after as-of");
        assert!(
            error
                .message
                .contains("starts on 2026-01-13, after the as-of date 2026-01-12")
        );
    }

    #[test]
    fn a_late_part_of_the_current_month_not_yet_begun_starts_after_as_of() {
        let late = one(TimeQualifier::In(DateForm::PartOfMonth {
            part: crate::ast::MonthPart::Late,
            month: 1,
            year: None,
        }));
        let error = window(&late, as_of()).expect_err("starts after as-of");
        assert!(
            error
                .message
                .starts_with("the window `in late January` starts on 2026-01-21")
        );
    }

    #[test]
    fn the_error_points_at_the_bound_that_starts_too_late() {
        let time = vec![
            at(TimeQualifier::Until(month(2026, 6)), 8, 15),
            at(TimeQualifier::Since(month(2026, 3)), 24, 16),
        ];
        let error = window(&time, as_of()).expect_err("starts after as-of");
        assert_eq!(
            error.span,
            Span {
                line: 2,
                col: 24,
                len: 16
            }
        );
        assert!(
            error
                .message
                .starts_with("the window `until June 2026 since March 2026` starts on 2026-03-01")
        );
    }

    #[test]
    fn a_between_written_backwards_is_empty() {
        let between = one(TimeQualifier::Between(month(2025, 12), month(2025, 11)));
        let error = window(&between, as_of()).expect_err("empty");
        assert_eq!(
            error.message,
            "the window `between December 2025 and November 2025` is empty: \
             it starts on 2025-12-01 and ends on 2025-11-30"
        );
        assert_eq!(
            error.span,
            Span {
                line: 2,
                col: 8,
                len: 14
            }
        );
        assert!(
            error
                .help
                .is_some_and(|help| help.contains("earlier date first"))
        );
    }

    #[test]
    fn bounds_that_cross_are_empty_and_the_error_spans_both() {
        let time = vec![
            at(TimeQualifier::Since(day(2025, 12, 1)), 8, 16),
            at(TimeQualifier::Before(day(2025, 12, 1)), 25, 17),
        ];
        let error = window(&time, None).expect_err("empty");
        assert_eq!(
            error.message,
            "the window `since 1 December 2025 before 1 December 2025` is empty: \
             it starts on 2025-12-01 and ends on 2025-11-30"
        );
        assert_eq!(
            error.span,
            Span {
                line: 2,
                col: 8,
                len: 34
            }
        );
        assert!(
            error
                .help
                .is_some_and(|help| help.contains("must come before"))
        );
    }

    #[test]
    fn an_empty_window_is_reported_before_a_late_start() {
        let between = one(TimeQualifier::Between(month(2026, 3), month(2026, 2)));
        let error = window(&between, as_of()).expect_err("empty");
        assert!(error.message.contains("is empty"), "{}", error.message);
    }

    #[test]
    fn a_relative_date_without_as_of_is_an_error_at_the_qualifier() {
        let since = one(TimeQualifier::Since(DateForm::MonthNoYear(11)));
        let error = window(&since, None).expect_err("needs as-of");
        assert_eq!(
            error.message,
            "`November` is relative and needs an as-of date"
        );
        assert_eq!(
            error.help.as_deref(),
            Some("add `@as-of YYYY-MM-DD` to the claim file or pass `--as-of YYYY-MM-DD`")
        );
        assert_eq!(
            error.span,
            Span {
                line: 2,
                col: 8,
                len: 14
            }
        );
        let between = one(TimeQualifier::Between(month(2025, 11), DateForm::Today));
        assert!(window(&between, None).is_err());
    }

    #[test]
    fn bounds_beyond_the_calendar_are_errors() {
        let after = one(TimeQualifier::After(DateForm::Day(NaiveDate::MAX)));
        let error = window(&after, None).expect_err("past the calendar");
        assert!(error.message.contains("reaches outside the calendar"));
        let before = one(TimeQualifier::Before(DateForm::Day(NaiveDate::MIN)));
        assert!(window(&before, None).is_err());
    }

    #[test]
    fn cover_joins_spans_on_one_line() {
        let first = Span {
            line: 1,
            col: 5,
            len: 3,
        };
        let second = Span {
            line: 1,
            col: 10,
            len: 4,
        };
        assert_eq!(
            cover(first, second),
            Span {
                line: 1,
                col: 5,
                len: 9
            }
        );
        assert_eq!(
            cover(second, first),
            Span {
                line: 1,
                col: 5,
                len: 9
            }
        );
        assert_eq!(cover(first, first), first);
        let elsewhere = Span {
            line: 2,
            col: 1,
            len: 1,
        };
        assert_eq!(cover(first, elsewhere), first);
    }
}
