//! The `@` directives that set up a claim file: its as-of date, its
//! dataset and the default tolerance of `about`. Each comes before the
//! first claim and at most once, so a file reads the same from top to bottom.

use super::ParseError;
use super::date::date;
use super::failure::{Failure, Res, report};
use super::lexeme::{Line, blanks, consumed, is_word_char, located, quoted};
use super::number::amount;
use crate::ast::{DateForm, Directives, Spanned, Unit};
use crate::suggest::did_you_mean;
use chrono::NaiveDate;
use nom::Parser;
use nom::bytes::complete::{tag, take_while};

#[derive(Clone, Copy)]
enum Kind {
    AsOf,
    Data,
    Tolerance,
}

const KINDS: [(&str, Kind); 3] = [
    ("@as-of", Kind::AsOf),
    ("@data", Kind::Data),
    ("@tolerance", Kind::Tolerance),
];

/// `directive = "@as-of" day | "@data" (string | rest_of_line) | "@tolerance" number "%"`
///
/// `body` is the directive's text on `line`; `first_claim` the line of the
/// first claim, if one came before. The value is set in `directives`.
pub fn directive<'a>(
    line: &Line<'a>,
    body: &'a str,
    first_claim: Option<usize>,
    directives: &mut Directives,
) -> Result<(), ParseError> {
    let (value, written) = name(body).map_err(|e| report(e, line))?;
    let Some(&(known, kind)) = KINDS.iter().find(|(n, _)| n.eq_ignore_ascii_case(written)) else {
        let failure = Failure::on(written).message(format!("unknown directive `{written}`"));
        let failure = match did_you_mean(written, KINDS.iter().map(|(n, _)| *n)) {
            Some(help) => failure.help(help),
            None => failure.help("the directives are `@as-of`, `@data` and `@tolerance`"),
        };
        return Err(failure.into_error(line));
    };
    if let Some(claim_line) = first_claim {
        return Err(Failure::on(written)
            .message(format!(
                "`{known}` comes after the first claim (line {claim_line})"
            ))
            .help("directives come before every claim")
            .into_error(line));
    }
    let given = match kind {
        Kind::AsOf => directives.as_of.as_ref().map(|d| d.span.line),
        Kind::Data => directives.data.as_ref().map(|d| d.span.line),
        Kind::Tolerance => directives.tolerance.as_ref().map(|d| d.span.line),
    };
    if let Some(first) = given {
        return Err(Failure::on(written)
            .message(format!("`{known}` is already given on line {first}"))
            .into_error(line));
    }
    let set = match kind {
        Kind::AsOf => as_of(line, value).map(|(_, day)| directives.as_of = Some(day)),
        Kind::Data => data(line, value).map(|(_, path)| directives.data = Some(path)),
        Kind::Tolerance => tolerance(line, value).map(|(_, t)| directives.tolerance = Some(t)),
    };
    set.map_err(|e| report(e, line))
}

/// `"@" word` — the directive's name, matched case-insensitively.
fn name(body: &str) -> Res<'_, &str> {
    let (rest, _) = tag("@")(body)?;
    let (rest, _) = take_while(is_word_char)(rest)?;
    Ok((rest, consumed(body, rest)))
}

/// `"@as-of" day`: one day in any of the day forms (`2026-01-12`,
/// `12 January 2026`, `January 12, 2026`, `Jan 12 2026`).
fn as_of<'a>(line: &Line<'a>, i: &'a str) -> Res<'a, Spanned<NaiveDate>> {
    const MESSAGE: &str = "`@as-of` takes a day such as `2026-01-12` or `12 January 2026`";
    let (rest, (written, form)) = match located(date).parse(i) {
        Ok(found) => found,
        Err(nom::Err::Error(_)) => return Failure::at(i).message(MESSAGE).commit(),
        Err(e) => return Err(e),
    };
    match form {
        DateForm::Day(day) if blanks(rest).is_empty() => Ok((rest, line.spanned(written, day))),
        DateForm::Day(_) => ended(rest),
        _ => Failure::on(written).message(MESSAGE).commit(),
    }
}

/// `"@data" (string | rest_of_line)`: the rest of the line after comment
/// removal, so a path with `#` or with blanks at its ends is quoted.
fn data<'a>(line: &Line<'a>, i: &'a str) -> Res<'a, Spanned<String>> {
    let start = blanks(i);
    if start.starts_with('"') {
        let (rest, path) = quoted(start)?;
        if !blanks(rest).is_empty() {
            return ended(rest);
        }
        return Ok((rest, line.spanned(consumed(start, rest), path.to_string())));
    }
    if start.is_empty() {
        return Failure::at(start)
            .message("expected the path of a dataset after `@data`")
            .commit();
    }
    Ok((line.end(), line.spanned(start, start.to_string())))
}

/// `"@tolerance" number "%"`: any way of writing a percentage
/// (`5%`, `5 percent`, `5 per cent`).
fn tolerance<'a>(line: &Line<'a>, i: &'a str) -> Res<'a, Spanned<f64>> {
    const MESSAGE: &str = "`@tolerance` takes a percentage such as `5%`";
    let (rest, (written, amount)) = match located(|i| amount(line, i)).parse(i) {
        Ok(found) => found,
        Err(nom::Err::Error(_)) => return Failure::at(i).message(MESSAGE).commit(),
        Err(e) => return Err(e),
    };
    if !matches!(amount.unit, Some((_, Unit::Percent))) {
        return Failure::on(written).message(MESSAGE).commit();
    }
    if !blanks(rest).is_empty() {
        return ended(rest);
    }
    Ok((rest, line.spanned(written, amount.number.value)))
}

fn ended<T>(rest: &str) -> Res<'_, T> {
    Failure::at(rest)
        .message("expected the end of the directive")
        .help("a comment starts with `#`")
        .commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, directives: &mut Directives) -> Result<(), ParseError> {
        let line = Line::new(3, text);
        directive(&line, blanks(line.text()), None, directives)
    }

    fn error(text: &str) -> ParseError {
        apply(text, &mut Directives::default()).unwrap_err()
    }

    #[test]
    fn each_directive_sets_its_value() {
        let mut d = Directives::default();
        apply("@as-of 12 January 2026", &mut d).unwrap();
        apply("@DATA ../sources/tajik border.json", &mut d).unwrap();
        apply("@tolerance 2.5%", &mut d).unwrap();
        let as_of = d.as_of.unwrap();
        assert_eq!(as_of.node, NaiveDate::from_ymd_opt(2026, 1, 12).unwrap());
        assert_eq!(
            (as_of.span.line, as_of.span.col, as_of.span.len),
            (3, 8, 15)
        );
        assert_eq!(d.data.unwrap().node, "../sources/tajik border.json");
        assert_eq!(d.tolerance.unwrap().node, 2.5);
    }

    #[test]
    fn as_of_takes_every_day_form() {
        for text in ["2026-01-12", "January 12, 2026", "Jan 12 2026"] {
            let mut d = Directives::default();
            apply(&format!("@as-of {text}"), &mut d).unwrap();
            assert_eq!(d.as_of.unwrap().node.to_string(), "2026-01-12");
        }
    }

    #[test]
    fn a_quoted_path_keeps_its_blanks() {
        let mut d = Directives::default();
        apply("@data \"my data.json\"", &mut d).unwrap();
        let data = d.data.unwrap();
        assert_eq!(
            (data.node.as_str(), data.span.col, data.span.len),
            ("my data.json", 7, 14)
        );
    }

    #[test]
    fn bad_values() {
        let e = error("@as-of November 2025");
        assert_eq!(
            (e.message.as_str(), e.span.col),
            (
                "`@as-of` takes a day such as `2026-01-12` or `12 January 2026`",
                8
            )
        );
        assert!(error("@as-of").message.starts_with("`@as-of` takes a day"));
        assert!(
            error("@as-of 2025-02-30")
                .message
                .contains("February 2025 has 28 days")
        );
        assert_eq!(
            error("@as-of 2026-01-12 x").message,
            "expected the end of the directive"
        );
        assert_eq!(
            error("@data").message,
            "expected the path of a dataset after `@data`"
        );
        let e = error("@tolerance 5");
        assert_eq!(
            (e.message.as_str(), e.span.col),
            ("`@tolerance` takes a percentage such as `5%`", 12)
        );
        assert!(error("@tolerance five").message.contains("percentage"));
        assert!(error("@tolerance").message.contains("percentage"));
    }

    #[test]
    fn unknown_directives_get_a_suggestion() {
        let e = error("@asof 2026-01-12");
        assert_eq!(e.message, "unknown directive `@asof`");
        assert_eq!(e.help.as_deref(), Some("did you mean `@as-of`?"));
        assert_eq!((e.span.col, e.span.len), (1, 5));
        assert!(error("@weather").help.unwrap().contains("`@tolerance`"));
    }

    #[test]
    fn a_directive_only_once_and_before_the_claims() {
        let mut d = Directives::default();
        apply("@tolerance 5%", &mut d).unwrap();
        let e = apply("@tolerance 10%", &mut d).unwrap_err();
        assert_eq!(e.message, "`@tolerance` is already given on line 3");
        let line = Line::new(9, "@data x.json");
        let e = directive(&line, line.text(), Some(4), &mut d).unwrap_err();
        assert_eq!(e.message, "`@data` comes after the first claim (line 4)");
        assert_eq!(d.data, None);
    }
}
