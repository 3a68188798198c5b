//! The comparison that ends a claim (`= 16`, `at least five`,
//! `about 840 mi ± 5%`, `between 3 and 5`) and the operators it shares with
//! `where` conditions. It defines the values that make the claim true.

use super::failure::{Expected, Failure, Res, expect};
use super::lexeme::{Line, keyword, located, phrase, symbol};
use super::number::{Amount, amount};
use crate::ast::{Comparison, ComparisonKind, Op, Tolerance, Unit};
use nom::Parser;
use nom::branch::alt;
use nom::combinator::{cut, opt, value};

const NUMBER: Expected = Expected {
    message: "expected a number such as `16`, `1,350` or `twenty`",
    help: None,
    vocabulary: &[],
};

const BETWEEN_LOW: Expected = Expected {
    message: "expected a number such as `3` after `between`",
    help: Some(
        "a time window `between 2024 and 2025` comes before the comparison: `deaths between 2024 and 2025 = 3`",
    ),
    vocabulary: &[],
};

const BETWEEN_AND: Expected = Expected {
    message: "expected `and` and the upper bound, as in `between 3 and 5`",
    help: None,
    vocabulary: &["and"],
};

/// `op = "==" | "!=" | "<=" | ">=" | "=" | "<" | ">" | "≥" | "≤" | "≠"
///    | "exactly" | "at" "least" | "at" "most" | "more" "than"
///    | "fewer" "than" | "less" "than"`
pub fn op(i: &str) -> Res<'_, Op> {
    alt((
        value(Op::Eq, symbol("==")),
        value(Op::Ne, symbol("!=")),
        value(Op::Le, symbol("<=")),
        value(Op::Ge, symbol(">=")),
        value(Op::Eq, symbol("=")),
        value(Op::Lt, symbol("<")),
        value(Op::Gt, symbol(">")),
        value(Op::Ge, symbol("≥")),
        value(Op::Le, symbol("≤")),
        value(Op::Ne, symbol("≠")),
        value(Op::Eq, keyword("exactly")),
        value(Op::Ge, phrase(&["at", "least"])),
        value(Op::Le, phrase(&["at", "most"])),
        value(Op::Gt, phrase(&["more", "than"])),
        value(Op::Lt, phrase(&["fewer", "than"])),
        value(Op::Lt, phrase(&["less", "than"])),
    ))
    .parse(i)
}

/// `comparison = op amount [tolerance]
///             | ["="] ("about" | "~" | "roughly" | "around") amount [tolerance]
///             | "between" amount "and" amount`
///
/// A unit is refused unless `units` (facts only); `%` and share words are
/// units too, since they make the number a percentage.
pub fn comparison<'a>(line: &Line<'a>, units: bool, i: &'a str) -> Res<'a, Comparison> {
    let about = |i| {
        let (rest, _) = opt(symbol("=")).parse(i)?;
        let mut about_word = alt((
            keyword("about"),
            symbol("~"),
            keyword("roughly"),
            keyword("around"),
        ));
        let (rest, _) = about_word.parse(rest)?;
        let (rest, number) = cut(expect(&NUMBER, |i| amount(line, i))).parse(rest)?;
        let (rest, tolerance) = opt(|i| tolerance(line, i)).parse(rest)?;
        let kind = ComparisonKind::About {
            number: number.number,
            tolerance,
        };
        Ok((rest, (kind, number.unit)))
    };
    let with_op = |i| {
        let (rest, op) = op(i)?;
        let (rest, number) = cut(expect(&NUMBER, |i| amount(line, i))).parse(rest)?;
        let (rest, tolerance) = opt(|i| tolerance(line, i)).parse(rest)?;
        let kind = ComparisonKind::Op {
            op,
            number: number.number,
            tolerance,
        };
        Ok((rest, (kind, number.unit)))
    };
    let (rest, (text, (kind, unit))) =
        located(alt((about, |i| between(line, i), with_op))).parse(i)?;
    if let Some((written, _)) = unit.filter(|_| !units) {
        return Failure::on(written)
            .message("units are for facts only")
            .help("counts and sums of figures are plain numbers; `%` and shares such as `a quarter` compare a `fact`")
            .commit();
    }
    let comparison = Comparison {
        kind,
        unit: unit.map(|(written, unit)| line.spanned(written, unit)),
        span: line.span(text),
    };
    Ok((rest, comparison))
}

type Bounded<'a> = (ComparisonKind, Option<(&'a str, Unit)>);

/// `"between" amount "and" amount`, both ends included. A unit may be
/// written on either bound or both (`between 30 and 40%`), but not two
/// different ones.
fn between<'a>(line: &Line<'a>, i: &'a str) -> Res<'a, Bounded<'a>> {
    let (rest, _) = keyword("between")(i)?;
    let (rest, low) = cut(expect(&BETWEEN_LOW, |i| amount(line, i))).parse(rest)?;
    let (rest, _) = cut(expect(&BETWEEN_AND, keyword("and"))).parse(rest)?;
    let (rest, high) = cut(expect(&NUMBER, |i| amount(line, i))).parse(rest)?;
    let unit = match (low.unit, high.unit) {
        (Some((_, a)), Some((written, b))) if a != b => {
            return Failure::on(written)
                .message(format!(
                    "the bounds have different units, `{}` and `{}`",
                    a.symbol(),
                    b.symbol()
                ))
                .commit();
        }
        (low_unit, high_unit) => high_unit.or(low_unit),
    };
    let kind = ComparisonKind::Between {
        low: low.number,
        high: high.number,
    };
    Ok((rest, (kind, unit)))
}

/// `tolerance = ("±" | "+/-" | "within") number ["%"]`. The tolerance is in
/// the claim's own unit, so writing a unit (`± 10 mi`) is an error.
fn tolerance<'a>(line: &Line<'a>, i: &'a str) -> Res<'a, Tolerance> {
    let (rest, _) = alt((symbol("±"), symbol("+/-"), keyword("within"))).parse(i)?;
    let (rest, Amount { number, unit }) = cut(expect(&NUMBER, |i| amount(line, i))).parse(rest)?;
    match unit {
        Some((written, unit)) if unit != Unit::Percent => Failure::on(written)
            .message("a tolerance takes no unit of its own")
            .help("`± 10` is in the claim's unit; `± 5%` is relative to the claimed number")
            .commit(),
        _ => Ok((
            rest,
            Tolerance {
                value: number.value,
                percent: unit.is_some(),
            },
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::{Number, Span};

    /// The numbers a comparison is about.
    fn numbers(comparison: &Comparison) -> Vec<&Number> {
        match &comparison.kind {
            ComparisonKind::Op { number, .. } | ComparisonKind::About { number, .. } => {
                vec![number]
            }
            ComparisonKind::Between { low, high } => vec![low, high],
        }
    }

    fn parse(text: &str, units: bool) -> Comparison {
        let line = Line::new(1, text);
        match comparison(&line, units, text) {
            Ok((rest, c)) if rest.trim().is_empty() => c,
            other => panic!("{text}: {other:?}"),
        }
    }

    fn error(text: &str, units: bool) -> crate::parse::ParseError {
        let line = Line::new(1, text);
        match comparison(&line, units, text) {
            Err(nom::Err::Failure(f) | nom::Err::Error(f)) => f.into_error(&line),
            other => panic!("{text}: expected an error, got {other:?}"),
        }
    }

    fn op_of(text: &str) -> Op {
        match parse(text, false).kind {
            ComparisonKind::Op { op, .. } => op,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn every_operator() {
        let cases = [
            ("= 16", Op::Eq),
            ("== 16", Op::Eq),
            ("!= 16", Op::Ne),
            ("< 16", Op::Lt),
            ("<= 16", Op::Le),
            ("> 16", Op::Gt),
            (">=16", Op::Ge),
            ("≥ 16", Op::Ge),
            ("≤ 16", Op::Le),
            ("≠ 16", Op::Ne),
            ("exactly 16", Op::Eq),
            ("At Least 16", Op::Ge),
            ("at most 16", Op::Le),
            ("more than 16", Op::Gt),
            ("fewer than 16", Op::Lt),
            ("less than 16", Op::Lt),
        ];
        for (text, op) in cases {
            assert_eq!(op_of(text), op, "{text}");
        }
    }

    #[test]
    fn about_in_every_spelling() {
        for text in [
            "about 1,350",
            "= about 1,350",
            "~1,350",
            "roughly 1350",
            "AROUND 1_350",
        ] {
            let c = parse(text, false);
            let ComparisonKind::About { number, tolerance } = c.kind else {
                panic!("{text}: {c:?}");
            };
            assert_eq!((number.value, tolerance), (1350.0, None), "{text}");
        }
    }

    #[test]
    fn tolerances() {
        let c = parse("about 840 mi ± 5%", true);
        let ComparisonKind::About { tolerance, .. } = c.kind else {
            panic!("{c:?}");
        };
        assert_eq!(
            tolerance,
            Some(Tolerance {
                value: 5.0,
                percent: true
            })
        );
        let c = parse("= 16 +/- 2", false);
        let ComparisonKind::Op { tolerance, .. } = c.kind else {
            panic!("{c:?}");
        };
        assert_eq!(
            tolerance,
            Some(Tolerance {
                value: 2.0,
                percent: false
            })
        );
        let c = parse("= 16 within three percent", false);
        let ComparisonKind::Op { tolerance, .. } = c.kind else {
            panic!("{c:?}");
        };
        assert_eq!(tolerance.map(|t| (t.value, t.percent)), Some((3.0, true)));
    }

    #[test]
    fn between_two_numbers() {
        let c = parse("between 3 and five", false);
        let values: Vec<f64> = numbers(&c).iter().map(|n| n.value).collect();
        assert_eq!(values, [3.0, 5.0]);
        let c = parse("between 30 and 40%", true);
        assert_eq!(c.unit.map(|u| u.node), Some(Unit::Percent));
        let e = error("between 30% and 40 km", true);
        assert_eq!((e.span.col, e.span.len), (20, 2));
    }

    #[test]
    fn spans_cover_the_comparison_and_its_number() {
        let text = "deaths = about 840 mi ± 5%";
        let line = Line::new(7, text);
        let (_, c) = comparison(&line, true, &text[6..]).unwrap();
        assert_eq!(
            c.span,
            Span {
                line: 7,
                col: 8,
                len: 19
            }
        );
        assert_eq!(numbers(&c)[0].span.col, 16);
        assert_eq!(c.unit.map(|u| (u.node, u.span.col)), Some((Unit::Mi, 20)));
    }

    #[test]
    fn shares_and_percent_are_units() {
        let c = parse("= a quarter", true);
        assert_eq!(numbers(&c)[0].value, 25.0);
        assert_eq!(
            c.unit.map(|u| (u.node, u.span.col, u.span.len)),
            Some((Unit::Percent, 3, 9))
        );
        assert_eq!(
            parse("= 25 %", true).unit.map(|u| u.node),
            Some(Unit::Percent)
        );
    }

    #[test]
    fn units_are_refused_where_they_do_not_belong() {
        let e = error("= 25%", false);
        assert_eq!(e.message, "units are for facts only");
        assert_eq!((e.span.col, e.span.len), (5, 1));
        let e = error("= half", false);
        assert_eq!((e.span.col, e.span.len), (3, 4));
    }

    #[test]
    fn a_tolerance_has_no_unit_of_its_own() {
        let e = error("= 840 mi ± 10 mi", true);
        assert_eq!(e.message, "a tolerance takes no unit of its own");
        assert_eq!(e.span.col, 15);
    }

    #[test]
    fn a_missing_number_is_an_error_where_it_should_be() {
        let e = error("at least five-ish", false);
        assert_eq!(e.span.col, 10);
        let e = error("=", false);
        assert_eq!(
            (e.message.as_str(), e.span.col),
            ("expected a number such as `16`, `1,350` or `twenty`", 2)
        );
        let e = error("between 3 or 5", false);
        assert!(e.message.starts_with("expected `and`"));
        assert_eq!(e.span.col, 11);
    }
}
