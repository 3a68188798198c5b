//! `where` conditions: comparisons, value lists and `contains` on incident
//! fields and measures, combined with `and`, `or`, `not` and parentheses.
//! Parentheses nest at most `MAX_DEPTH` deep, so no input can exhaust the
//! stack: a claim file is user input, and a CI job must get an error.

use super::comparison::op;
use super::failure::{Expected, Failure, Res, expect};
use super::lexeme::{Line, keyword, located, name, quoted, symbol};
use super::number::plain_number;
use crate::ast::{Condition, Spanned, Value};
use nom::Parser;
use nom::branch::alt;
use nom::combinator::{cut, opt, value};

/// How deeply parentheses may nest in one condition; far beyond what a
/// person writes.
pub const MAX_DEPTH: usize = 64;

/// What `where` expects.
pub const CONDITION: Expected = Expected {
    message: "expected a condition such as `type = \"armed clash\"` or `deaths >= 3`",
    help: None,
    vocabulary: &["not"],
};

const AFTER_FIELD: Expected = Expected {
    message: "expected an operator such as `=`, `!=` or `>=`, or `in (…)` or `contains`, after the field name",
    help: None,
    vocabulary: &[
        "contains",
        "in",
        "exactly",
        "at least",
        "at most",
        "more than",
        "fewer than",
        "less than",
    ],
};

const VALUE: Expected = Expected {
    message: "expected a value: a quoted string such as `\"armed clash\"`, a number, `true` or `false`",
    help: Some("text is written in double quotes"),
    vocabulary: &["true", "false"],
};

const CLOSE: Expected = Expected {
    message: "expected `and`, `or` or `)`",
    help: None,
    vocabulary: &["and", "or"],
};

const LIST_OPEN: Expected = Expected {
    message: "expected a list of values after `in`, as in `region in (\"Khatlon\", \"GBAO\")`",
    help: None,
    vocabulary: &[],
};

const LIST_NEXT: Expected = Expected {
    message: "expected `,` or `)` in the list of values",
    help: None,
    vocabulary: &[],
};

const CONTAINS: Expected = Expected {
    message: "expected a quoted string after `contains`, as in `actors contains \"Jamaat Ansarullah\"`",
    help: None,
    vocabulary: &[],
};

/// `condition = disjunct { "or" disjunct }`
pub fn condition<'a>(line: &Line<'a>, i: &'a str) -> Res<'a, Condition> {
    nested(line, 0, i)
}

/// `condition`, `depth` parentheses deep.
fn nested<'a>(line: &Line<'a>, depth: usize, i: &'a str) -> Res<'a, Condition> {
    let (mut rest, first) = disjunct(line, depth, i)?;
    let mut parts = vec![first];
    while let Ok((after, _)) = keyword("or")(rest) {
        let (after, next) = cut(|i| disjunct(line, depth, i)).parse(after)?;
        parts.push(next);
        rest = after;
    }
    Ok((rest, joined(parts, Condition::Or)))
}

/// `disjunct = term { "and" term }`
fn disjunct<'a>(line: &Line<'a>, depth: usize, i: &'a str) -> Res<'a, Condition> {
    let (mut rest, first) = term(line, depth, i)?;
    let mut parts = vec![first];
    while let Ok((after, _)) = keyword("and")(rest) {
        let (after, next) = cut(|i| term(line, depth, i)).parse(after)?;
        parts.push(next);
        rest = after;
    }
    Ok((rest, joined(parts, Condition::And)))
}

/// A single part stands for itself; several are joined.
pub fn joined(parts: Vec<Condition>, join: fn(Vec<Condition>) -> Condition) -> Condition {
    match <[Condition; 1]>::try_from(parts) {
        Ok([only]) => only,
        Err(parts) => join(parts),
    }
}

/// `term = ["not"] ( "(" condition ")" | field "in" "(" value { "," value } ")"
///        | field "contains" string | field op value )`
fn term<'a>(line: &Line<'a>, depth: usize, i: &'a str) -> Res<'a, Condition> {
    let (rest, negated) = opt(keyword("not")).parse(i)?;
    let positive = |i| positive(line, depth, i);
    match negated {
        Some(_) => {
            let (rest, inner) = cut(expect(&CONDITION, positive)).parse(rest)?;
            Ok((rest, Condition::Not(Box::new(inner))))
        }
        None => expect(&CONDITION, positive)(rest),
    }
}

/// A term without its `not`.
fn positive<'a>(line: &Line<'a>, depth: usize, i: &'a str) -> Res<'a, Condition> {
    if let Ok((rest, open)) = symbol("(")(i) {
        if depth >= MAX_DEPTH {
            return Failure::on(open)
                .message(format!(
                    "conditions nest too deeply: at most {MAX_DEPTH} levels of parentheses"
                ))
                .commit();
        }
        let (rest, inner) = cut(|i| nested(line, depth + 1, i)).parse(rest)?;
        let (rest, _) = cut(expect(&CLOSE, symbol(")"))).parse(rest)?;
        return Ok((rest, inner));
    }
    let (rest, field) = name(line, i)?;
    if let Ok((rest, _)) = keyword("in")(rest) {
        let (rest, values) = cut(expect(&LIST_OPEN, |i| value_list(line, i))).parse(rest)?;
        return Ok((rest, Condition::InList { field, values }));
    }
    if let Ok((rest, _)) = keyword("contains")(rest) {
        let (rest, (text, content)) = cut(expect(&CONTAINS, located(quoted))).parse(rest)?;
        let value = line.spanned(text, content.to_string());
        return Ok((rest, Condition::Contains { field, value }));
    }
    let (rest, op) = cut(expect(&AFTER_FIELD, op)).parse(rest)?;
    let (rest, value) = cut(|i| literal(line, i)).parse(rest)?;
    Ok((rest, Condition::Compare { field, op, value }))
}

/// `"(" value { "," value } ")"`
fn value_list<'a>(line: &Line<'a>, i: &'a str) -> Res<'a, Vec<Spanned<Value>>> {
    let (mut rest, _) = symbol("(")(i)?;
    let mut values = Vec::new();
    loop {
        let (after, next) = cut(|i| literal(line, i)).parse(rest)?;
        values.push(next);
        let (after, more) = cut(expect(
            &LIST_NEXT,
            alt((value(true, symbol(",")), value(false, symbol(")")))),
        ))
        .parse(after)?;
        rest = after;
        if !more {
            return Ok((rest, values));
        }
    }
}

/// `value = string | "true" | "false" | number` — a plain number: fields
/// carry no unit, so `%`, units and share words are not values.
fn literal<'a>(line: &Line<'a>, i: &'a str) -> Res<'a, Spanned<Value>> {
    let string = |i| quoted(i).map(|(rest, s)| (rest, Value::Str(s.to_string())));
    let number = |i| plain_number(i).map(|(rest, n)| (rest, Value::Num(n)));
    let (rest, (text, node)) = expect(
        &VALUE,
        located(alt((
            string,
            value(Value::Bool(true), keyword("true")),
            value(Value::Bool(false), keyword("false")),
            number,
        ))),
    )(i)?;
    Ok((rest, line.spanned(text, node)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::Op;
    use std::time::{Duration, Instant};

    fn parse(text: &str) -> (Condition, &str) {
        let line = Line::new(1, text);
        match condition(&line, text) {
            Ok((rest, c)) => (c, rest),
            Err(e) => panic!("{text}: {e:?}"),
        }
    }

    fn error(text: &str) -> crate::parse::ParseError {
        let line = Line::new(1, text);
        match condition(&line, text) {
            Err(nom::Err::Failure(f) | nom::Err::Error(f)) => f.into_error(&line),
            Ok(other) => panic!("{text}: expected an error, got {other:?}"),
            Err(nom::Err::Incomplete(_)) => panic!("{text}: incomplete"),
        }
    }

    /// The condition written back in a compact form, to compare shapes.
    fn shape(c: &Condition) -> String {
        let list = |parts: &[Condition], sep: &str| {
            let inner: Vec<String> = parts.iter().map(shape).collect();
            format!("({})", inner.join(sep))
        };
        let literal = |v: &Value| match v {
            Value::Str(s) => format!("{s:?}"),
            Value::Num(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
        };
        match c {
            Condition::Or(parts) => list(parts, " or "),
            Condition::And(parts) => list(parts, " and "),
            Condition::Not(inner) => format!("not {}", shape(inner)),
            Condition::Compare { field, op, value } => {
                format!("{}{op:?}{}", field.node, literal(&value.node))
            }
            Condition::InList { field, values } => {
                let values: Vec<String> = values.iter().map(|v| literal(&v.node)).collect();
                format!("{} in [{}]", field.node, values.join(","))
            }
            Condition::Contains { field, value } => format!("{} has {:?}", field.node, value.node),
        }
    }

    #[test]
    fn a_comparison_on_a_field_or_a_measure() {
        let (c, rest) = parse("type = \"armed clash\" = 16");
        assert_eq!(
            (shape(&c).as_str(), rest),
            ("typeEq\"armed clash\"", " = 16")
        );
        assert_eq!(shape(&parse("deaths at least three").0), "deathsGe3");
        assert_eq!(shape(&parse("\"Is Border\" != TRUE").0), "Is BorderNetrue");
        assert_eq!(shape(&parse("verified = false").0), "verifiedEqfalse");
    }

    #[test]
    fn lists_and_contains() {
        assert_eq!(
            shape(&parse("region in (\"Khatlon\", \"GBAO\",3)").0),
            "region in [\"Khatlon\",\"GBAO\",3]"
        );
        assert_eq!(
            shape(&parse("actors CONTAINS \"Jamaat Ansarullah\"").0),
            "actors has \"Jamaat Ansarullah\""
        );
    }

    #[test]
    fn and_binds_tighter_than_or_and_not_takes_one_term() {
        let (c, _) = parse("a = 1 or b = 2 and not c = 3");
        assert_eq!(shape(&c), "(aEq1 or (bEq2 and not cEq3))");
        let (c, _) = parse("not (a = 1 or b = 2) AND c = 3");
        assert_eq!(shape(&c), "(not (aEq1 or bEq2) and cEq3)");
    }

    #[test]
    fn a_condition_ends_where_the_claim_goes_on() {
        let (c, rest) = parse("deaths > 0 in \"Khatlon\" = 3");
        assert_eq!(
            (shape(&c).as_str(), rest),
            ("deathsGt0", " in \"Khatlon\" = 3")
        );
        let (_, rest) = parse("deaths > 0 >= 5");
        assert_eq!(rest, " >= 5");
    }

    #[test]
    fn spans_of_fields_and_values() {
        let text = "region != \"GBAO\"";
        let (c, _) = parse(text);
        let Condition::Compare { field, op, value } = c else {
            panic!("{c:?}");
        };
        assert_eq!(op, Op::Ne);
        assert_eq!((field.span.col, field.span.len), (1, 6));
        assert_eq!((value.span.col, value.span.len), (11, 6));
    }

    #[test]
    fn errors_say_what_was_expected() {
        let e = error("type \"armed clash\"");
        assert!(e.message.starts_with("expected an operator"), "{e:?}");
        assert_eq!(e.span.col, 6);
        let e = error("type = armed");
        assert!(e.message.starts_with("expected a value"));
        assert_eq!((e.span.col, e.span.len), (8, 5));
        let e = error("actors contians \"x\"");
        assert_eq!(e.help.as_deref(), Some("did you mean `contains`?"));
        let e = error("region in \"GBAO\"");
        assert!(e.message.contains("list of values"));
        let e = error("region in (\"GBAO\" \"x\")");
        assert_eq!(
            (e.message.as_str(), e.span.col),
            ("expected `,` or `)` in the list of values", 19)
        );
        let e = error("(a = 1 b = 2)");
        assert_eq!(
            (e.message.as_str(), e.span.col),
            ("expected `and`, `or` or `)`", 8)
        );
        let e = error("a = 1 and");
        assert_eq!(e.span.col, 10);
        let e = error("= 3");
        assert!(e.message.starts_with("expected a condition"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let depth = 200_000;
        let text = format!("{}a = 1{}", "(".repeat(depth), ")".repeat(depth));
        let started = Instant::now();
        let e = error(&text);
        assert!(started.elapsed() < Duration::from_secs(2));
        assert_eq!(e.span.col, MAX_DEPTH + 1);
        assert!(e.message.contains("nest too deeply"));
        let fine = format!("{}a = 1{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert_eq!(shape(&parse(&fine).0), "aEq1");
    }

    #[test]
    fn many_terms_parse_in_linear_time() {
        let text = vec!["deaths >= 3"; 100_000].join(" and ");
        let started = Instant::now();
        let (c, rest) = parse(&text);
        // Quadratic work on this 1.2 MB line would take far longer.
        assert!(started.elapsed() < Duration::from_secs(10));
        assert!(matches!(c, Condition::And(parts) if parts.len() == 100_000));
        assert_eq!(rest, "");
    }
}
