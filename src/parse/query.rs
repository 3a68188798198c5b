//! A query: what a claim aggregates (`incidents`, `deadly incidents`,
//! `deaths`, `max deaths`) and over which incidents. The rules on how its
//! qualifiers combine are enforced here, each error pointing at the
//! qualifier that breaks one, so the evaluator never sees a query that
//! asks two things at once.

use super::condition::joined;
use super::failure::{Expected, Failure, Res, expect};
use super::lexeme::{Line, keyword, located, name};
use super::qualifier::{Qualifier, qualifier};
use crate::ast::{Aggregate, Condition, Query, Spanned, TimeQualifier};
use nom::Parser;
use nom::branch::alt;
use nom::combinator::cut;

/// What a claim starts with.
pub const AGGREGATE: Expected = Expected {
    message: "expected what the claim counts: `incidents`, `deadly incidents`, a measure such as `deaths`, `max deaths`, or `fact` and a name",
    help: None,
    vocabulary: &["incidents", "deadly incidents", "max", "min", "fact"],
};

const DEADLY: Expected = Expected {
    message: "expected `incidents` after `deadly`",
    help: None,
    vocabulary: &["incidents"],
};

const MEASURE: Expected = Expected {
    message: "expected a measure such as `deaths`",
    help: None,
    vocabulary: &[],
};

/// `query = aggregate { qualifier }`
pub fn query<'a>(line: &Line<'a>, i: &'a str) -> Res<'a, Query> {
    let (mut rest, aggregate) = aggregate(line, i)?;
    let mut written = Written::default();
    loop {
        match located(|i| qualifier(line, i)).parse(rest) {
            Ok((after, (text, qualifier))) => {
                written.add(line, &aggregate.node, text, qualifier)?;
                rest = after;
            }
            Err(nom::Err::Error(_)) => return Ok((rest, written.into_query(aggregate))),
            Err(e) => return Err(e),
        }
    }
}

/// `aggregate = "incidents" | "deadly" "incidents" | ("max" | "min") name | name`
fn aggregate<'a>(line: &Line<'a>, i: &'a str) -> Res<'a, Spanned<Aggregate>> {
    let incidents = |i| keyword("incidents")(i).map(|(rest, _)| (rest, Aggregate::Incidents));
    let deadly = |i| {
        let (rest, _) = keyword("deadly")(i)?;
        let (rest, _) = cut(expect(&DEADLY, keyword("incidents"))).parse(rest)?;
        Ok((rest, Aggregate::DeadlyIncidents))
    };
    let extreme = |i| {
        let (rest, word) = alt((keyword("max"), keyword("min"))).parse(i)?;
        let (rest, measure) = cut(expect(&MEASURE, |i| name(line, i))).parse(rest)?;
        let node = if word.eq_ignore_ascii_case("max") {
            Aggregate::Max(measure)
        } else {
            Aggregate::Min(measure)
        };
        Ok((rest, node))
    };
    let sum = |i| name(line, i).map(|(rest, measure)| (rest, Aggregate::Sum(measure)));
    let (rest, (text, node)) =
        expect(&AGGREGATE, located(alt((incidents, deadly, extreme, sum))))(i)?;
    Ok((rest, line.spanned(text, node)))
}

/// The qualifiers seen so far, each with the text it was written as, so a
/// second one can be told apart from the first.
#[derive(Default)]
struct Written<'a> {
    time: Vec<(&'a str, Spanned<TimeQualifier>)>,
    place: Option<(&'a str, Spanned<String>)>,
    group: Option<(&'a str, Spanned<String>)>,
    sources: Option<(&'a str, Vec<Spanned<String>>)>,
    conditions: Vec<Condition>,
}

type Added<'a> = Result<(), nom::Err<Failure<'a>>>;

impl<'a> Written<'a> {
    fn add(
        &mut self,
        line: &Line<'a>,
        aggregate: &Aggregate,
        text: &'a str,
        qualifier: Qualifier,
    ) -> Added<'a> {
        match qualifier {
            Qualifier::Time(time) => self.add_time(line, text, time),
            Qualifier::Place(place) => once(
                &mut self.place,
                text,
                place,
                "place",
                "a claim checks one place; write one claim per place",
            ),
            Qualifier::Group(group) => {
                if counts_incidents(aggregate) {
                    let keyword = text.get(..2).unwrap_or(text);
                    return Err(Failure::on(keyword)
                        .message("`of` does not apply to a count of incidents")
                        .help("`of` picks a group of a measure's breakdown, e.g. `deaths of \"militant\"`; to filter incidents use `where`")
                        .cut());
                }
                once(
                    &mut self.group,
                    text,
                    group,
                    "group",
                    "a claim checks one group; to check several, use `include`",
                )
            }
            Qualifier::Sources(sources) => once(
                &mut self.sources,
                text,
                sources,
                "source list",
                "name every source in one list: `according to AFP, Khovar`",
            ),
            Qualifier::Where(condition) => {
                self.conditions.push(condition);
                Ok(())
            }
        }
    }

    /// One window, or one lower bound with one upper bound.
    fn add_time(&mut self, line: &Line<'a>, text: &'a str, time: TimeQualifier) -> Added<'a> {
        let combines = match self.time.as_slice() {
            [] => true,
            [(_, first)] => match (bound(&first.node), bound(&time)) {
                (Some(first_lower), Some(lower)) => first_lower != lower,
                _ => false,
            },
            _ => false,
        };
        if let (false, Some((first, _))) = (combines, self.time.first()) {
            return Err(Failure::on(text)
                .message(format!(
                    "a second time window: the claim already has `{first}`"
                ))
                .help("a claim has one time window; only a lower bound (`since`, `after`) and an upper bound (`until`, `before`) combine")
                .cut());
        }
        self.time.push((text, line.spanned(text, time)));
        Ok(())
    }

    /// The query, its `where` conditions joined with one `and` whose parts
    /// are the conjuncts of them all (`where a and b where c` is `a and b and c`).
    fn into_query(self, aggregate: Spanned<Aggregate>) -> Query {
        let parts: Vec<Condition> = self
            .conditions
            .into_iter()
            .flat_map(|c| match c {
                Condition::And(parts) => parts,
                other => vec![other],
            })
            .collect();
        Query {
            aggregate,
            time: self.time.into_iter().map(|(_, t)| t).collect(),
            place: self.place.map(|(_, p)| p),
            group: self.group.map(|(_, g)| g),
            condition: (!parts.is_empty()).then(|| joined(parts, Condition::And)),
            sources: self.sources.map(|(_, s)| s).unwrap_or_default(),
        }
    }
}

/// `Some(true)` for a lower bound, `Some(false)` for an upper one, `None`
/// for a window of its own.
fn bound(time: &TimeQualifier) -> Option<bool> {
    match time {
        TimeQualifier::Since(_) | TimeQualifier::After(_) => Some(true),
        TimeQualifier::Until(_) | TimeQualifier::Before(_) => Some(false),
        _ => None,
    }
}

/// Whether the aggregate counts incidents, which have no breakdown into
/// groups for `of` or `include` to pick from.
pub fn counts_incidents(aggregate: &Aggregate) -> bool {
    matches!(aggregate, Aggregate::Incidents | Aggregate::DeadlyIncidents)
}

/// Fills `slot`, or fails at `text` if the claim already said it.
fn once<'a, T>(
    slot: &mut Option<(&'a str, T)>,
    text: &'a str,
    node: T,
    what: &str,
    help: &'static str,
) -> Added<'a> {
    if let Some((first, _)) = slot {
        return Err(Failure::on(text)
            .message(format!("a second {what}: the claim already has `{first}`"))
            .help(help)
            .cut());
    }
    *slot = Some((text, node));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::{DateForm, Span};

    fn parse(text: &str) -> (Query, &str) {
        let line = Line::new(1, text);
        match query(&line, text) {
            Ok((rest, q)) => (q, rest),
            Err(e) => panic!("{text}: {e:?}"),
        }
    }

    fn error(text: &str) -> crate::parse::ParseError {
        let line = Line::new(1, text);
        match query(&line, text) {
            Err(nom::Err::Failure(f) | nom::Err::Error(f)) => f.into_error(&line),
            other => panic!("{text}: expected an error, got {other:?}"),
        }
    }

    #[test]
    fn every_aggregate() {
        assert_eq!(
            parse("incidents = 3").0.aggregate.node,
            Aggregate::Incidents
        );
        let deadly = parse("Deadly  Incidents = 3").0.aggregate;
        assert_eq!(deadly.node, Aggregate::DeadlyIncidents);
        assert_eq!(
            deadly.span,
            Span {
                line: 1,
                col: 1,
                len: 17
            }
        );
        let max = parse("max deaths = 3").0.aggregate.node;
        assert!(matches!(max, Aggregate::Max(m) if m.node == "deaths" && m.span.col == 5));
        let min = parse("MIN \"people displaced\" = 3").0.aggregate.node;
        assert!(matches!(min, Aggregate::Min(m) if m.node == "people displaced"));
        let sum = parse("Deaths = 3").0.aggregate.node;
        assert!(matches!(sum, Aggregate::Sum(m) if m.node == "Deaths"));
        let quoted = parse("\"incidents\" = 3").0.aggregate.node;
        assert!(matches!(quoted, Aggregate::Sum(m) if m.node == "incidents"));
    }

    #[test]
    fn qualifiers_in_any_order() {
        let (q, rest) = parse(
            "deaths per AFP where deaths > 0 of \"militant\" in \"Khatlon\" until December since November = 3",
        );
        assert_eq!(rest, " = 3");
        assert_eq!(q.sources.len(), 1);
        assert_eq!(q.group.map(|g| g.node), Some("militant".to_string()));
        assert_eq!(q.place.map(|p| p.node), Some("Khatlon".to_string()));
        let time: Vec<TimeQualifier> = q.time.into_iter().map(|t| t.node).collect();
        assert_eq!(
            time,
            [
                TimeQualifier::Until(DateForm::MonthNoYear(12)),
                TimeQualifier::Since(DateForm::MonthNoYear(11))
            ]
        );
        assert!(matches!(q.condition, Some(Condition::Compare { .. })));
    }

    #[test]
    fn several_wheres_are_joined_with_and() {
        let (q, _) = parse("deaths where a = 1 and b = 2 where c = 3 or d = 4 = 3");
        let Some(Condition::And(parts)) = q.condition else {
            panic!("{:?}", q.condition);
        };
        assert_eq!(parts.len(), 3);
        assert!(matches!(parts[2], Condition::Or(_)));
    }

    #[test]
    fn a_lower_and_an_upper_bound_combine_but_nothing_else() {
        assert_eq!(parse("deaths after 2024 before 2026 = 3").0.time.len(), 2);
        for (text, col) in [
            ("deaths since 2024 since 2025 = 3", 19),
            ("deaths until 2024 before 2025 = 3", 19),
            ("deaths in 2024 since 2025 = 3", 16),
            ("deaths since 2024 on Sunday = 3", 19),
            ("deaths since 2024 until 2025 before 2026 = 3", 30),
        ] {
            let e = error(text);
            assert!(e.message.starts_with("a second time window"), "{text}");
            assert_eq!(e.span.col, col, "{text}");
        }
    }

    #[test]
    fn one_place_one_group_one_source_list() {
        let e = error("deaths in \"A\" in \"B\" = 3");
        assert_eq!(
            (e.message.as_str(), e.span.col, e.span.len),
            ("a second place: the claim already has `in \"A\"`", 15, 6)
        );
        let e = error("deaths of a of b = 3");
        assert!(e.message.starts_with("a second group"));
        let e = error("deaths per AFP according to Khovar = 3");
        assert_eq!(
            e.message,
            "a second source list: the claim already has `per AFP`"
        );
        assert!(e.help.unwrap().contains("`according to AFP, Khovar`"));
    }

    #[test]
    fn of_needs_a_measure() {
        for text in [
            "incidents of \"militant\" = 3",
            "deadly incidents OF militant = 3",
        ] {
            let e = error(text);
            assert_eq!(e.message, "`of` does not apply to a count of incidents");
            assert_eq!(e.span.len, 2);
            assert!(e.help.unwrap().contains("to filter incidents use `where`"));
        }
    }

    #[test]
    fn aggregate_errors() {
        let e = error("deadly = 3");
        assert_eq!(
            (e.message.as_str(), e.span.col),
            ("expected `incidents` after `deadly`", 8)
        );
        let e = error("max = 3");
        assert_eq!(
            (e.message.as_str(), e.span.col),
            ("expected a measure such as `deaths`", 5)
        );
        let e = error("= 3");
        assert!(e.message.starts_with("expected what the claim counts"));
    }
}
