//! The qualifiers that narrow a query to some incidents — a time window, a
//! place, a group, `where` conditions, sources — as written; how several of
//! them combine is the query's rule (`query.rs`).

use super::condition::condition;
use super::date::{DATE, date};
use super::failure::{Expected, Failure, Res, expect};
use super::lexeme::{Line, blanks, keyword, located, name, names, phrase, quoted_name};
use super::number::unit;
use crate::ast::{Condition, DateForm, Spanned, TimeQualifier};
use nom::Parser;
use nom::branch::alt;
use nom::combinator::{cut, opt, value};

/// One qualifier of a query.
#[derive(Debug, Clone, PartialEq)]
pub enum Qualifier {
    Time(TimeQualifier),
    Place(Spanned<String>),
    Group(Spanned<String>),
    Where(Condition),
    Sources(Vec<Spanned<String>>),
}

const IN: Expected = Expected {
    message: "expected a quoted place name such as `\"Khatlon\"`, or a date, after `in`",
    help: Some("a place name is written in double quotes: `in \"Khatlon\"`"),
    vocabulary: super::date::DATE_WORDS,
};

const GROUP: Expected = Expected {
    message: "expected a group after `of`, such as `of \"militant\"`",
    help: None,
    vocabulary: &[],
};

const SOURCE: Expected = Expected {
    message: "expected a source such as `AFP` or `\"UN Panel\"`",
    help: None,
    vocabulary: &[],
};

/// `qualifier = time | "in" string | "of" name | "where" condition
///            | ("according" "to" | "per") name { "," name } [[","] "and" name]`
pub fn qualifier<'a>(line: &Line<'a>, i: &'a str) -> Res<'a, Qualifier> {
    alt((
        bound,
        |i| within(line, i),
        on,
        between,
        |i| group(line, i),
        |i| restriction(line, i),
        |i| sources(line, i),
    ))
    .parse(i)
}

/// `("since" | "after" | "until" | "before") date`
fn bound(i: &str) -> Res<'_, Qualifier> {
    type Bound = fn(DateForm) -> TimeQualifier;
    let (rest, make) = alt((
        value(TimeQualifier::Since as Bound, keyword("since")),
        value(TimeQualifier::After as Bound, keyword("after")),
        value(TimeQualifier::Until as Bound, keyword("until")),
        value(TimeQualifier::Before as Bound, keyword("before")),
    ))
    .parse(i)?;
    let (rest, form) = cut(expect(&DATE, |i| window_date(i, Allow::YEAR))).parse(rest)?;
    Ok((rest, Qualifier::Time(make(form))))
}

/// `"in" (string | date)`: a quoted string is a place, a date a window.
fn within<'a>(line: &Line<'a>, i: &'a str) -> Res<'a, Qualifier> {
    let (rest, _) = keyword("in")(i)?;
    let place = |i| {
        let (rest, place) = quoted_name(line, i)?;
        Ok((rest, Qualifier::Place(place)))
    };
    let time = |i| {
        let (rest, form) = window_date(i, Allow::YEAR_AND_LAST_DAYS)?;
        Ok((rest, Qualifier::Time(TimeQualifier::In(form))))
    };
    cut(expect(&IN, alt((place, time)))).parse(rest)
}

/// `"on" date` — a day or a month, not a bare year.
fn on(i: &str) -> Res<'_, Qualifier> {
    let (rest, _) = keyword("on")(i)?;
    let (rest, form) = cut(expect(&DATE, |i| window_date(i, Allow::NONE))).parse(rest)?;
    Ok((rest, Qualifier::Time(TimeQualifier::On(form))))
}

/// `"between" date "and" date`, taken as a time window only when both are
/// dates and more of the claim follows; otherwise `between` starts the
/// comparison (`deaths between 2024 and 2025` compares with two numbers).
fn between(i: &str) -> Res<'_, Qualifier> {
    let (rest, _) = keyword("between")(i)?;
    let (rest, (from_text, from)) = located(date).parse(rest)?;
    let (rest, _) = keyword("and")(rest)?;
    let (rest, (to_text, to)) = located(date).parse(rest)?;
    let (after_unit, _) = opt(unit).parse(rest)?;
    if blanks(after_unit).is_empty() {
        return Failure::at(i).backtrack();
    }
    let from = allowed(from_text, from, Allow::YEAR)?;
    let to = allowed(to_text, to, Allow::YEAR)?;
    Ok((rest, Qualifier::Time(TimeQualifier::Between(from, to))))
}

/// `"of" name`
fn group<'a>(line: &Line<'a>, i: &'a str) -> Res<'a, Qualifier> {
    let (rest, _) = keyword("of")(i)?;
    let (rest, group) = cut(expect(&GROUP, |i| name(line, i))).parse(rest)?;
    Ok((rest, Qualifier::Group(group)))
}

/// `"where" condition`
fn restriction<'a>(line: &Line<'a>, i: &'a str) -> Res<'a, Qualifier> {
    let (rest, _) = keyword("where")(i)?;
    let (rest, condition) = cut(|i| condition(line, i)).parse(rest)?;
    Ok((rest, Qualifier::Where(condition)))
}

/// `("according" "to" | "per") names`
pub fn sources<'a>(line: &Line<'a>, i: &'a str) -> Res<'a, Qualifier> {
    let (rest, _) = alt((phrase(&["according", "to"]), keyword("per"))).parse(i)?;
    // `per cent` is a unit, not a source called `cent`.
    if keyword("cent")(rest).is_ok() {
        return Failure::at(i).backtrack();
    }
    let (rest, sources) = names(line, &SOURCE, rest)?;
    Ok((rest, Qualifier::Sources(sources)))
}

/// Which date forms a time keyword takes besides days and months.
#[derive(Clone, Copy)]
struct Allow {
    year: bool,
    last_days: bool,
}

impl Allow {
    const NONE: Allow = Allow {
        year: false,
        last_days: false,
    };
    const YEAR: Allow = Allow {
        year: true,
        last_days: false,
    };
    const YEAR_AND_LAST_DAYS: Allow = Allow {
        year: true,
        last_days: true,
    };
}

/// A date after a time keyword, with the forms that keyword refuses
/// (`on 2025`, `since the last 30 days`) refused where they are written.
fn window_date(i: &str, allow: Allow) -> Res<'_, DateForm> {
    let (rest, (text, form)) = located(date).parse(i)?;
    let form = allowed(text, form, allow)?;
    Ok((rest, form))
}

fn allowed(written: &str, form: DateForm, allow: Allow) -> Result<DateForm, nom::Err<Failure<'_>>> {
    match form {
        DateForm::Year(year) if !allow.year => Err(Failure::on(written)
            .message(format!(
                "`on` takes a day or a month, not the year `{year}`"
            ))
            .help(format!("for the whole year write `in {year}`"))
            .cut()),
        DateForm::LastDays(days) if !allow.last_days => Err(Failure::on(written)
            .message("`last N days` is a window of its own and follows only `in`")
            .help(format!("write `in the last {days} days`"))
            .cut()),
        form => Ok(form),
    }
}

/// Whether a qualifier starts at `i`, written well or not; used to tell a
/// qualifier placed after the comparison.
pub fn starts_qualifier<'a>(line: &Line<'a>, i: &'a str) -> bool {
    !matches!(qualifier(line, i), Err(nom::Err::Error(_)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn parse(text: &str) -> (Qualifier, &str) {
        let line = Line::new(1, text);
        match qualifier(&line, text) {
            Ok((rest, q)) => (q, rest),
            Err(e) => panic!("{text}: {e:?}"),
        }
    }

    fn time(text: &str) -> TimeQualifier {
        match parse(text).0 {
            Qualifier::Time(t) => t,
            other => panic!("{text}: {other:?}"),
        }
    }

    fn error(text: &str) -> crate::parse::ParseError {
        let line = Line::new(1, text);
        match qualifier(&line, text) {
            Err(nom::Err::Failure(f)) => f.into_error(&line),
            other => panic!("{text}: expected a committed error, got {other:?}"),
        }
    }

    #[test]
    fn every_time_keyword() {
        let nov = DateForm::MonthNoYear(11);
        assert_eq!(time("since November"), TimeQualifier::Since(nov.clone()));
        assert_eq!(time("After November"), TimeQualifier::After(nov.clone()));
        assert_eq!(time("until November"), TimeQualifier::Until(nov.clone()));
        assert_eq!(time("BEFORE November"), TimeQualifier::Before(nov.clone()));
        assert_eq!(time("in November"), TimeQualifier::In(nov));
        let day = DateForm::Day(NaiveDate::from_ymd_opt(2025, 11, 26).unwrap());
        assert_eq!(time("on 26 November 2025"), TimeQualifier::On(day));
        assert_eq!(
            time("since 2025"),
            TimeQualifier::Since(DateForm::Year(2025))
        );
        assert_eq!(time("in 2025"), TimeQualifier::In(DateForm::Year(2025)));
        assert_eq!(
            time("in the last 7 days"),
            TimeQualifier::In(DateForm::LastDays(7))
        );
    }

    #[test]
    fn in_a_quoted_string_is_a_place() {
        let text = "in \"Khatlon\" = 3";
        let (q, rest) = parse(text);
        let Qualifier::Place(place) = q else {
            panic!("{q:?}");
        };
        assert_eq!(
            (place.node.as_str(), place.span.col, place.span.len),
            ("Khatlon", 4, 9)
        );
        assert_eq!(rest, " = 3");
    }

    #[test]
    fn between_is_a_window_only_when_dates_and_more_follow() {
        assert_eq!(
            time("between 2024 and 2025 = 3"),
            TimeQualifier::Between(DateForm::Year(2024), DateForm::Year(2025))
        );
        assert_eq!(
            time("between November and mid-December where x = 1"),
            TimeQualifier::Between(
                DateForm::MonthNoYear(11),
                DateForm::PartOfMonth {
                    part: crate::ast::MonthPart::Mid,
                    month: 12,
                    year: None
                }
            )
        );
        for text in [
            "between 2024 and 2025",
            "between 2024 and 2025 km",
            "between 3 and 5 = 3",
        ] {
            let line = Line::new(1, text);
            assert!(
                matches!(qualifier(&line, text), Err(nom::Err::Error(_))),
                "{text}"
            );
        }
    }

    #[test]
    fn groups_sources_and_conditions() {
        let (q, _) = parse("of \"Chinese national\"");
        assert!(matches!(q, Qualifier::Group(g) if g.node == "Chinese national"));
        let (q, _) = parse("of militant = 3");
        assert!(matches!(q, Qualifier::Group(g) if g.node == "militant"));
        let (q, rest) = parse("according to AFP, \"UN Panel\" and Khovar = 3");
        let Qualifier::Sources(list) = q else {
            panic!("{q:?}");
        };
        let names: Vec<&str> = list.iter().map(|s| s.node.as_str()).collect();
        assert_eq!((names, rest), (vec!["AFP", "UN Panel", "Khovar"], " = 3"));
        let (q, _) = parse("PER afp");
        assert!(matches!(q, Qualifier::Sources(list) if list.len() == 1));
        let (q, _) = parse("where deaths >= 3");
        assert!(matches!(q, Qualifier::Where(Condition::Compare { .. })));
    }

    #[test]
    fn per_cent_is_not_a_source() {
        let line = Line::new(1, "per cent");
        assert!(matches!(
            qualifier(&line, "per cent"),
            Err(nom::Err::Error(_))
        ));
    }

    #[test]
    fn a_keyword_commits_to_its_qualifier() {
        let e = error("since Novembr");
        assert!(e.message.starts_with("expected a date"));
        assert_eq!(e.help.as_deref(), Some("did you mean `November`?"));
        let e = error("in Khatlon");
        assert_eq!((e.span.col, e.span.len), (4, 7));
        assert!(e.help.unwrap().contains("double quotes"));
        assert_eq!(error("in \"\"").message, "a name cannot be empty");
        let e = error("of = 3");
        assert!(e.message.starts_with("expected a group"));
        let e = error("according to = 3");
        assert_eq!(
            (e.message.as_str(), e.span.col),
            ("expected a source such as `AFP` or `\"UN Panel\"`", 14)
        );
        let e = error("where");
        assert!(e.message.starts_with("expected a condition"));
    }

    #[test]
    fn date_forms_a_keyword_refuses() {
        let e = error("on 2025");
        assert_eq!((e.span.col, e.span.len), (4, 4));
        assert_eq!(
            e.help.as_deref(),
            Some("for the whole year write `in 2025`")
        );
        let e = error("before last 30 days");
        assert_eq!((e.span.col, e.span.len), (8, 12));
        assert_eq!(e.help.as_deref(), Some("write `in the last 30 days`"));
        let e = error("between last 3 days and 2025 = 3");
        assert_eq!(e.span.col, 9);
    }
}
