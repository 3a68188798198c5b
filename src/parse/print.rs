//! The canonical form of a claim: its syntax tree written back as claim
//! text that reads back to the same tree. Every name is quoted, numbers are
//! digits without separators, dates take their plainest form and a
//! condition has only the parentheses its structure needs, so the form is
//! one string per claim whoever wrote it and however. Tests generate
//! claims as trees and write them with it.
//!
//! `claimcheck fmt` (`crate::canonical`) does not use it: it lays out the
//! tokens as the editor wrote them, keeping their numbers, names and dates,
//! where this printer normalises them. The two agree on spacing and case,
//! so a printed claim is already in `fmt`'s layout (a property test holds
//! them to that).

use super::date::{month_title, weekday_title};
use crate::ast::{
    Aggregate, Claim, Comparison, ComparisonKind, Condition, DateForm, MonthPart, Query, Spanned,
    TimeQualifier, Tolerance, Value,
};
use chrono::Datelike;
use std::fmt::{self, Display, Formatter, Write};

impl Display for Claim {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Claim::Compare { query, comparison } => write!(f, "{query} {comparison}"),
            Claim::Include { query, groups } => write!(f, "{query} include {}", List(groups)),
            Claim::Fact {
                name,
                sources,
                comparison,
            } => {
                write!(f, "fact {}", Quoted(&name.node))?;
                if !sources.is_empty() {
                    write!(f, " according to {}", List(sources))?;
                }
                write!(f, " {comparison}")
            }
        }
    }
}

/// `aggregate time… place group where sources`: qualifiers in one order.
impl Display for Query {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.aggregate.node {
            Aggregate::Incidents => f.write_str("incidents")?,
            Aggregate::DeadlyIncidents => f.write_str("deadly incidents")?,
            Aggregate::Sum(m) => write!(f, "{}", Quoted(&m.node))?,
            Aggregate::Max(m) => write!(f, "max {}", Quoted(&m.node))?,
            Aggregate::Min(m) => write!(f, "min {}", Quoted(&m.node))?,
        }
        for time in &self.time {
            write!(f, " {}", time.node)?;
        }
        if let Some(place) = &self.place {
            write!(f, " in {}", Quoted(&place.node))?;
        }
        if let Some(group) = &self.group {
            write!(f, " of {}", Quoted(&group.node))?;
        }
        if let Some(condition) = &self.condition {
            write!(f, " where {condition}")?;
        }
        if !self.sources.is_empty() {
            write!(f, " according to {}", List(&self.sources))?;
        }
        Ok(())
    }
}

impl Display for TimeQualifier {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            TimeQualifier::Since(d) => write!(f, "since {d}"),
            TimeQualifier::After(d) => write!(f, "after {d}"),
            TimeQualifier::Until(d) => write!(f, "until {d}"),
            TimeQualifier::Before(d) => write!(f, "before {d}"),
            TimeQualifier::Between(a, b) => write!(f, "between {a} and {b}"),
            TimeQualifier::In(d) => write!(f, "in {d}"),
            TimeQualifier::On(d) => write!(f, "on {d}"),
        }
    }
}

/// ISO for days, months and years; words for the rest.
impl Display for DateForm {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            DateForm::Day(day) => {
                write!(f, "{:04}-{:02}-{:02}", day.year(), day.month(), day.day())
            }
            DateForm::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            DateForm::Year(year) => write!(f, "{year:04}"),
            DateForm::PartOfMonth { part, month, year } => {
                let part = match part {
                    MonthPart::Early => "early",
                    MonthPart::Mid => "mid",
                    MonthPart::Late => "late",
                };
                write!(f, "{part} {}", month_name(*month))?;
                match year {
                    Some(year) => write!(f, " {year:04}"),
                    None => Ok(()),
                }
            }
            DateForm::MonthNoYear(month) => f.write_str(month_name(*month)),
            DateForm::DayNoYear { month, day } => write!(f, "{day} {}", month_name(*month)),
            DateForm::Weekday(weekday) => f.write_str(weekday_title(*weekday)),
            DateForm::Today => f.write_str("today"),
            DateForm::Yesterday => f.write_str("yesterday"),
            DateForm::ThisMonth => f.write_str("this month"),
            DateForm::LastMonth => f.write_str("last month"),
            DateForm::ThisYear => f.write_str("this year"),
            DateForm::LastYear => f.write_str("last year"),
            DateForm::LastDays(days) => write!(f, "the last {days} days"),
        }
    }
}

/// `and` binds tighter than `or`, so only an `or` inside an `and`, a
/// condition nested in one of its own kind, and a `not` of more than one
/// term need parentheses.
impl Display for Condition {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let part = |f: &mut Formatter<'_>, c: &Condition, bare: fn(&Condition) -> bool| {
            if bare(c) {
                write!(f, "{c}")
            } else {
                write!(f, "({c})")
            }
        };
        let joined = |f: &mut Formatter<'_>, parts: &[Condition], word, bare| {
            for (i, c) in parts.iter().enumerate() {
                if i > 0 {
                    write!(f, " {word} ")?;
                }
                part(f, c, bare)?;
            }
            Ok(())
        };
        match self {
            Condition::Or(parts) => joined(f, parts, "or", |c| !matches!(c, Condition::Or(_))),
            Condition::And(parts) => joined(f, parts, "and", |c| {
                !matches!(c, Condition::Or(_) | Condition::And(_))
            }),
            Condition::Not(inner) => {
                f.write_str("not ")?;
                part(f, inner, |c| {
                    !matches!(c, Condition::Or(_) | Condition::And(_) | Condition::Not(_))
                })
            }
            Condition::Compare { field, op, value } => {
                write!(f, "{} {} {}", Quoted(&field.node), op.symbol(), value.node)
            }
            Condition::InList { field, values } => {
                write!(f, "{} in (", Quoted(&field.node))?;
                for (i, value) in values.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{}", value.node)?;
                }
                f.write_char(')')
            }
            Condition::Contains { field, value } => {
                write!(
                    f,
                    "{} contains {}",
                    Quoted(&field.node),
                    Quoted(&value.node)
                )
            }
        }
    }
}

impl Display for Value {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Value::Str(s) => write!(f, "{}", Quoted(s)),
            Value::Num(n) => write!(f, "{n}"),
            Value::Bool(b) => write!(f, "{b}"),
        }
    }
}

impl Display for Comparison {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let unit = self.unit.as_ref().map_or("", |u| u.node.symbol());
        // A symbol is written against its number (`25%`), a word apart.
        let space = if unit.is_empty() || unit == "%" {
            ""
        } else {
            " "
        };
        match &self.kind {
            ComparisonKind::Op {
                op,
                number,
                tolerance,
            } => {
                write!(f, "{} {}{space}{unit}", op.symbol(), number.value)?;
                tolerated(f, tolerance)
            }
            ComparisonKind::About { number, tolerance } => {
                write!(f, "about {}{space}{unit}", number.value)?;
                tolerated(f, tolerance)
            }
            ComparisonKind::Between { low, high } => {
                write!(f, "between {} and {}{space}{unit}", low.value, high.value)
            }
        }
    }
}

fn tolerated(f: &mut Formatter<'_>, tolerance: &Option<Tolerance>) -> fmt::Result {
    match tolerance {
        Some(t) => write!(f, " ± {}{}", t.value, if t.percent { "%" } else { "" }),
        None => Ok(()),
    }
}

/// A name in double quotes, so that no name reads as a keyword.
struct Quoted<'a>(&'a str);

impl Display for Quoted<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\"", self.0)
    }
}

/// Names separated by commas.
struct List<'a>(&'a [Spanned<String>]);

impl Display for List<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for (i, name) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{}", Quoted(&name.node))?;
        }
        Ok(())
    }
}

/// A month as a claim writes it; a parsed month is always one of twelve.
fn month_name(month: u32) -> &'static str {
    month_title(month).unwrap_or("that month")
}

#[cfg(test)]
mod tests {
    use crate::parse::parse_claim;

    /// The claim as parsed, written in canonical form.
    fn canonical(text: &str) -> String {
        match parse_claim(text) {
            Ok((_, claim)) => claim.to_string(),
            Err(e) => panic!("{text}: {e:?}"),
        }
    }

    #[test]
    fn claims_in_canonical_form() {
        for (written, canonical_form) in [
            (
                "afp-tally: deaths since November according to AFP = 16",
                "\"deaths\" since November according to \"AFP\" = 16",
            ),
            (
                "deadly incidents between late Nov 2025 and 3 december at least five",
                "deadly incidents between late November 2025 and 3 December >= 5",
            ),
            (
                "fact border_length per AFP, \"UN Panel\" = about 1,350 km ± 2%",
                "fact \"border_length\" according to \"AFP\", \"UN Panel\" about 1350 km ± 2%",
            ),
            (
                "deaths in \"Khatlon\" of militant in the last 30 days include \"a\" and \"b\"",
                "\"deaths\" in the last 30 days in \"Khatlon\" of \"militant\" include \"a\", \"b\"",
            ),
            ("fact share = a quarter", "fact \"share\" = 25%"),
            (
                "max deaths on Sunday between 1 and 2",
                "max \"deaths\" on Sunday between 1 and 2",
            ),
        ] {
            assert_eq!(canonical(written), canonical_form, "{written}");
            assert_eq!(canonical(canonical_form), canonical_form);
        }
    }

    #[test]
    fn conditions_keep_only_the_parentheses_they_need() {
        assert_eq!(
            canonical(
                "incidents where (a = 1 or b != \"x\") and not (c in (1, true) or d contains \"y\") and (e < 2 and f >= 3) = 1"
            ),
            "incidents where (\"a\" = 1 or \"b\" != \"x\") and not (\"c\" in (1, true) or \"d\" contains \"y\") and (\"e\" < 2 and \"f\" >= 3) = 1"
        );
        assert_eq!(
            canonical("incidents where a = 1 or b = 2 and c = 3 = 1"),
            "incidents where \"a\" = 1 or \"b\" = 2 and \"c\" = 3 = 1"
        );
    }
}
