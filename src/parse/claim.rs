//! A whole claim (spec §3): a query with its comparison or its `include`
//! list, or a `fact` with its sources and comparison — and nothing after
//! it, so that a stray word never passes unnoticed.

use super::comparison::comparison;
use super::failure::{Expected, Failure, Res, expect};
use super::lexeme::{Line, blanks, keyword, name, names};
use super::qualifier::{Qualifier, sources, starts_qualifier};
use super::query::{counts_incidents, query};
use crate::ast::{Claim, Comparison};
use nom::Parser;
use nom::combinator::{cut, opt};

/// The keywords that may follow the start of a claim, for "did you mean …".
const KEYWORDS: &[&str] = &[
    "since",
    "after",
    "until",
    "before",
    "between",
    "in",
    "on",
    "of",
    "where",
    "according to",
    "per",
    "include",
    "about",
    "roughly",
    "around",
    "exactly",
    "at least",
    "at most",
    "more than",
    "fewer than",
    "less than",
];

const COMPARISON: Expected = Expected {
    message: "expected a comparison such as `= 16`, `at least 5` or `about 1,350`",
    help: Some(
        "qualifiers such as `since November` or `in \"Khatlon\"` come before the comparison",
    ),
    vocabulary: KEYWORDS,
};

const FACT_NAME: Expected = Expected {
    message: "expected the name of a fact after `fact`, such as `fact border_length`",
    help: None,
    vocabulary: &[],
};

const FACT_COMPARISON: Expected = Expected {
    message: "expected a comparison such as `= 1,350 km` or `about 840 mi`",
    help: Some(
        "a fact takes only sources and a comparison: `fact border_length according to AFP = about 1,350 km`",
    ),
    vocabulary: KEYWORDS,
};

const GROUPS: Expected = Expected {
    message: "expected a group such as `\"militant\"`",
    help: None,
    vocabulary: &[],
};

/// `claim = "fact" name [("according" "to" | "per") names] comparison
///        | query ("include" names | comparison)`
pub fn claim<'a>(line: &Line<'a>, i: &'a str) -> Res<'a, Claim> {
    let (rest, claim) = match keyword("fact")(i) {
        Ok((rest, _)) => fact(line, rest)?,
        Err(_) => measured(line, i)?,
    };
    end(line, rest)?;
    Ok((rest, claim))
}

/// `fact_claim = "fact" name [("according" "to" | "per") names] comparison`,
/// after its keyword. Facts alone take units.
fn fact<'a>(line: &Line<'a>, i: &'a str) -> Res<'a, Claim> {
    let (rest, name) = cut(expect(&FACT_NAME, |i| name(line, i))).parse(i)?;
    let (rest, sources) = opt(|i| sources(line, i)).parse(rest)?;
    let sources = match sources {
        Some(Qualifier::Sources(list)) => list,
        _ => Vec::new(),
    };
    let (rest, comparison) = compared(line, true, &FACT_COMPARISON, rest)?;
    Ok((
        rest,
        Claim::Fact {
            name,
            sources,
            comparison,
        },
    ))
}

/// `query ("include" names | comparison)`
fn measured<'a>(line: &Line<'a>, i: &'a str) -> Res<'a, Claim> {
    let (rest, query) = query(line, i)?;
    if let Ok((after, word)) = keyword("include")(rest) {
        if counts_incidents(&query.aggregate.node) {
            return Failure::on(word)
                .message("`include` does not apply to a count of incidents")
                .help("`include` checks groups of a measure's breakdown, e.g. `deaths include \"militant\", \"civilians\"`")
                .commit();
        }
        let (after, groups) = names(line, &GROUPS, after)?;
        return Ok((after, Claim::Include { query, groups }));
    }
    let (rest, comparison) = compared(line, false, &COMPARISON, rest)?;
    Ok((rest, Claim::Compare { query, comparison }))
}

/// The comparison that must end the claim, `expected` if missing.
fn compared<'a>(
    line: &Line<'a>,
    units: bool,
    expected: &'static Expected,
    i: &'a str,
) -> Res<'a, Comparison> {
    cut(expect(expected, |i| comparison(line, units, i))).parse(i)
}

/// Only blanks may follow a complete claim; the help guesses why there is
/// more (a decimal comma, a qualifier put last, a comment without `#`).
fn end<'a>(line: &Line<'a>, i: &'a str) -> Res<'a, ()> {
    let rest = blanks(i);
    if rest.is_empty() {
        return Ok((rest, ()));
    }
    let failure = Failure::at(rest).message("expected the end of the claim");
    let decimals = rest
        .strip_prefix(',')
        .map(|after| after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len())
        .filter(|&digits| digits > 0);
    let failure = if let Some(digits) = decimals {
        Failure::on(rest.get(..=digits).unwrap_or(rest))
            .message("expected the end of the claim")
            .help("commas group digits in threes (`1,350`); decimals take a point (`12.5`)")
    } else if starts_qualifier(line, rest) {
        failure.help(
            "qualifiers such as `since November` or `according to AFP` come before the comparison",
        )
    } else {
        failure.help("a comment starts with `#`")
    };
    failure.commit()
}

#[cfg(test)]
mod tests {
    use crate::ast::{Aggregate, Claim, ComparisonKind, DateForm, Op, TimeQualifier, Unit};
    use crate::parse::{ParseError, parse_claim};
    use std::time::{Duration, Instant};

    fn parse(text: &str) -> Claim {
        parse_claim(text)
            .unwrap_or_else(|e| panic!("{text}: {e:?}"))
            .1
    }

    fn error(text: &str) -> ParseError {
        match parse_claim(text) {
            Err(e) => e,
            Ok(claim) => panic!("{text}: expected an error, got {claim:?}"),
        }
    }

    #[test]
    fn the_claim_from_the_brief() {
        let Claim::Compare { query, comparison } = parse("deaths since November = 16") else {
            panic!("not a comparison");
        };
        assert!(matches!(query.aggregate.node, Aggregate::Sum(m) if m.node == "deaths"));
        assert_eq!(
            query
                .time
                .iter()
                .map(|t| t.node.clone())
                .collect::<Vec<_>>(),
            [TimeQualifier::Since(DateForm::MonthNoYear(11))]
        );
        let ComparisonKind::Op {
            op,
            number,
            tolerance,
        } = comparison.kind
        else {
            panic!("not an operator comparison");
        };
        assert_eq!((op, number.value, tolerance), (Op::Eq, 16.0, None));
        assert_eq!(
            (number.span.col, comparison.span.col, comparison.span.len),
            (25, 23, 4)
        );
    }

    #[test]
    fn keywords_in_any_case() {
        let lower = parse("deadly incidents since november according to afp at least five");
        let upper = parse("DEADLY INCIDENTS SINCE NOVEMBER ACCORDING TO afp AT LEAST FIVE");
        let Claim::Compare { comparison: a, .. } = lower else {
            panic!("not a comparison");
        };
        let Claim::Compare { comparison: b, .. } = upper else {
            panic!("not a comparison");
        };
        assert_eq!(a.kind, b.kind);
    }

    #[test]
    fn a_keyword_glued_to_a_word_is_a_name() {
        let e = error("deaths sinceNovember = 16");
        assert_eq!((e.span.col, e.span.len), (8, 13));
    }

    #[test]
    fn include_lists() {
        for text in [
            "deaths include \"border guard\"",
            "deaths include \"border guard\" and \"smuggler\"",
            "deaths include \"border guard\", \"Chinese national\" and \"smuggler\"",
            "deaths include \"border guard\", \"Chinese national\", and \"smuggler\"",
            "deaths since November INCLUDE \"border guard\", \"smuggler\"",
        ] {
            let Claim::Include { groups, .. } = parse(text) else {
                panic!("{text}: not an include");
            };
            assert_eq!(groups[0].node, "border guard", "{text}");
            assert!(groups.last().is_some_and(|g| !g.node.is_empty()));
        }
        let e = error("deadly incidents include \"militant\"");
        assert_eq!((e.span.col, e.span.len), (18, 7));
        assert_eq!(
            e.message,
            "`include` does not apply to a count of incidents"
        );
        let e = error("deaths include \"a\",");
        assert_eq!(
            (e.message.as_str(), e.span.col),
            ("expected a group such as `\"militant\"`", 20)
        );
    }

    #[test]
    fn facts_with_sources_units_and_tolerance() {
        let Claim::Fact {
            name,
            sources,
            comparison,
        } = parse("fact border_length according to AFP, Khovar = about 840 mi ± 10")
        else {
            panic!("not a fact");
        };
        assert_eq!(name.node, "border_length");
        assert_eq!(sources.len(), 2);
        assert_eq!(comparison.unit.map(|u| u.node), Some(Unit::Mi));
        let Claim::Fact {
            sources,
            comparison,
            ..
        } = parse("fact \"Tajik share\" = two thirds")
        else {
            panic!("not a fact");
        };
        assert!(sources.is_empty());
        assert_eq!(comparison.unit.map(|u| u.node), Some(Unit::Percent));
        let e = error("fact = 3");
        assert!(e.message.starts_with("expected the name of a fact"));
    }

    #[test]
    fn units_are_for_facts_only() {
        for (text, col) in [
            ("deaths = 25%", 12),
            ("deaths about 840 mi", 18),
            ("deaths = half", 10),
        ] {
            let e = error(text);
            assert_eq!(
                (e.message.as_str(), e.span.col),
                ("units are for facts only", col),
                "{text}"
            );
        }
    }

    #[test]
    fn the_between_ambiguity() {
        let Claim::Compare { query, comparison } = parse("deaths between 2024 and 2025 = 3") else {
            panic!("not a comparison");
        };
        assert_eq!(query.time.len(), 1);
        assert!(matches!(comparison.kind, ComparisonKind::Op { .. }));
        for text in ["deaths between 3 and 5", "deaths between 2024 and 2025"] {
            let Claim::Compare { query, comparison } = parse(text) else {
                panic!("{text}: not a comparison");
            };
            assert!(query.time.is_empty(), "{text}");
            assert!(
                matches!(comparison.kind, ComparisonKind::Between { .. }),
                "{text}"
            );
        }
    }

    #[test]
    fn misspelt_keywords_get_a_suggestion() {
        for (text, word) in [
            ("deaths sinse November = 16", "since"),
            ("deaths acording to AFP = 16", "according to"),
            ("deaths atleast 5", "at least"),
            ("deaths inculde \"a\"", "include"),
        ] {
            let e = error(text);
            assert_eq!(e.span.col, 8, "{text}");
            assert_eq!(e.help, Some(format!("did you mean `{word}`?")), "{text}");
        }
        let e = error("deaths sinse November = 16");
        assert_eq!(
            e.message,
            "expected a comparison such as `= 16`, `at least 5` or `about 1,350`"
        );
    }

    #[test]
    fn trailing_text_is_an_error_at_the_text() {
        let e = error("deaths = 16 foo bar");
        assert_eq!(
            (e.message.as_str(), e.span.col, e.span.len),
            ("expected the end of the claim", 13, 3)
        );
        let e = error("deaths = 16 since November");
        assert!(e.help.unwrap().contains("come before the comparison"));
        let e = error("deaths = 1,35");
        assert_eq!((e.span.col, e.span.len), (11, 3));
        assert!(e.help.unwrap().contains("decimals take a point"));
        let e = error("deaths include \"a\" = 3");
        assert_eq!(e.span.col, 20);
    }

    #[test]
    fn a_two_megabyte_line_parses_in_linear_time() {
        let place = "x".repeat(2 << 20);
        let text = format!("deaths in \"{place}\" = 16");
        let started = Instant::now();
        assert!(matches!(parse(&text), Claim::Compare { .. }));
        let sources = vec!["AFP"; 300_000].join(", ");
        let text = format!("deaths per {sources} = 16 trailing");
        let e = error(&text);
        assert_eq!(e.span.col, text.len() - 7);
        let garbage = format!("deaths = 16 {}", "x".repeat(2 << 20));
        assert_eq!(error(&garbage).span.len, 2 << 20);
        assert!(started.elapsed() < Duration::from_secs(10));
    }
}
