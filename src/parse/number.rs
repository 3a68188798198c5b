//! Numbers as copy writes them — `1,350`, `12.5`, `twenty-five`, `a dozen`,
//! `two thirds` — and the units a fact's number may carry. Share words and
//! `%` are percentages: their value is in percent and their unit `Percent`.

use super::failure::{Failure, Res};
use super::lexeme::{Line, at_boundary, blanks, consumed, is_word_char, located, phrase};
use crate::ast::{Number, Unit};
use crate::limits;
use nom::Parser;
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while_m_n, take_while1};
use nom::character::complete::{char, digit1, satisfy};
use nom::combinator::{not, opt, recognize};
use nom::multi::{many0, many1};

/// A number with the unit written after it (or implied by share words),
/// and where that unit is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Amount<'a> {
    pub number: Number,
    pub unit: Option<(&'a str, Unit)>,
}

/// `amount = share | number [unit]`. The number's span is the number alone
/// (`25` in `25%`), so a report can rewrite it; for share words the unit's
/// span is the words themselves.
pub fn amount<'a>(line: &Line<'a>, i: &'a str) -> Res<'a, Amount<'a>> {
    if let Ok((rest, (text, value))) = located(share).parse(i) {
        let number = Number {
            value,
            span: line.span(text),
        };
        let unit = Some((text, Unit::Percent));
        return Ok((rest, Amount { number, unit }));
    }
    let (rest, number) = number(line, i)?;
    let (rest, unit) = opt(unit).parse(rest)?;
    Ok((rest, Amount { number, unit }))
}

/// `number = numeral | count_words`
pub fn number<'a>(line: &Line<'a>, i: &'a str) -> Res<'a, Number> {
    let (rest, (text, value)) = located(plain_number).parse(i)?;
    Ok((
        rest,
        Number {
            value,
            span: line.span(text),
        },
    ))
}

/// A number's value alone, where its place is not needed (`last 30 days`).
pub fn plain_number(i: &str) -> Res<'_, f64> {
    alt((numeral, count_words)).parse(blanks(i))
}

/// `numeral = digits ( "," three_digits { "," three_digits } | { "_" digits } ) [ "." digits ]`
/// where the digits before the first comma are one to three. A comma not
/// followed by exactly three digits is no part of the number, so lists
/// such as `(1,2)` still read as two numbers. A number run into letters
/// other than a unit (`1e999`, `5th`) is an error, not a number and a word;
/// so is one beyond `limits::MAX_NUMBER`.
fn numeral(i: &str) -> Res<'_, f64> {
    let is_digit = |c: char| c.is_ascii_digit();
    let comma_group = (
        char(','),
        take_while_m_n(3, 3, is_digit),
        not(satisfy(is_digit)),
    );
    let grouped = recognize((take_while_m_n(1, 3, is_digit), many1(comma_group)));
    let underscored = recognize((digit1, many0((char('_'), digit1))));
    let (rest, text) =
        recognize((alt((grouped, underscored)), opt((char('.'), digit1)))).parse(i)?;
    if !at_boundary(rest) && unit_word(rest).is_err() {
        let end = rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
        let written = consumed(i, rest.get(end..).unwrap_or(""));
        return Failure::on(written)
            .message(format!(
                "`{written}` is not a number: write numbers such as `16`, `1,350`, `1_350` or `12.5`"
            ))
            .commit();
    }
    let digits: String = text.chars().filter(|&c| c != ',' && c != '_').collect();
    match digits.parse::<f64>() {
        Ok(value) if limits::within(value) => Ok((rest, value)),
        _ => Failure::on(text)
            .message("this number is too large")
            .help(limits::HELP)
            .commit(),
    }
}

const SMALL: [&str; 21] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];

/// twenty, thirty, …: the value of entry k is 20 + 10k.
const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

fn position(words: &[&str], word: &str) -> Option<f64> {
    words
        .iter()
        .position(|w| w.eq_ignore_ascii_case(word))
        .and_then(|k| u32::try_from(k).ok())
        .map(f64::from)
}

fn small(word: &str) -> Option<f64> {
    position(&SMALL, word)
}

fn tens(word: &str) -> Option<f64> {
    position(&TENS, word).map(|k| 20.0 + 10.0 * k)
}

/// The value of one or two count words.
fn count(first: &str, second: Option<&str>) -> Option<f64> {
    let is = |word: &str, known: &str| word.eq_ignore_ascii_case(known);
    match second {
        None if is(first, "dozen") => Some(12.0),
        None if is(first, "hundred") => Some(100.0),
        None => small(first).or_else(|| tens(first)),
        Some(second) if is(first, "a") && is(second, "dozen") => Some(12.0),
        Some(second) if is(first, "a") && is(second, "hundred") => Some(100.0),
        Some(second) => {
            let unit = small(second).filter(|v| (1.0..=9.0).contains(v))?;
            Some(tens(first)? + unit)
        }
    }
}

/// The value, in percent, of one or two share words.
fn share_of(first: &str, second: Option<&str>) -> Option<f64> {
    let is = |word: &str, known: &str| word.eq_ignore_ascii_case(known);
    let Some(second) = second else {
        return is(first, "half").then_some(50.0);
    };
    if is(first, "a") || is(first, "one") {
        if is(second, "half") {
            return Some(50.0);
        }
        if is(second, "third") {
            return Some(100.0 / 3.0);
        }
        if is(second, "quarter") {
            return Some(25.0);
        }
    }
    if is(first, "two") && is(second, "thirds") {
        return Some(200.0 / 3.0);
    }
    if is(first, "three") && is(second, "quarters") {
        return Some(75.0);
    }
    None
}

/// One or two words joined by `-` or blanks, read by `meaning`; two words
/// are tried first, so `twenty five` is not `twenty` followed by `five`.
fn worded(i: &str, meaning: fn(&str, Option<&str>) -> Option<f64>) -> Res<'_, f64> {
    let letters = |i| take_while1(|c: char| c.is_ascii_alphabetic())(i);
    let (after_first, first) = letters(i)?;
    let second_start = after_first.strip_prefix('-').or_else(|| {
        after_first
            .starts_with(char::is_whitespace)
            .then(|| blanks(after_first))
    });
    if let Some((after_second, second)) = second_start.and_then(|s| letters(s).ok())
        && let Some(value) = meaning(first, Some(second)).filter(|_| at_boundary(after_second))
    {
        return Ok((after_second, value));
    }
    match meaning(first, None).filter(|_| at_boundary(after_first)) {
        Some(value) => Ok((after_first, value)),
        None => Failure::at(i).backtrack(),
    }
}

/// `count_words = small | tens [("-" | blank) one_to_nine] | ["a"] "dozen" | ["a"] "hundred"`
/// with `small` zero … twenty and `tens` twenty … ninety, in any case.
fn count_words(i: &str) -> Res<'_, f64> {
    worded(i, count)
}

/// `share = ["a" | "one"] "half" | ("a" | "one") ("third" | "quarter")
///        | "two" ("-" | blank) "thirds" | "three" ("-" | blank) "quarters"`
/// — valued in percent.
fn share(i: &str) -> Res<'_, f64> {
    worded(i, share_of)
}

/// The unit words, longest spellings first within each unit.
const UNIT_WORDS: &[(&str, Unit)] = &[
    ("km", Unit::Km),
    ("kilometre", Unit::Km),
    ("kilometres", Unit::Km),
    ("kilometer", Unit::Km),
    ("kilometers", Unit::Km),
    ("m", Unit::M),
    ("metre", Unit::M),
    ("metres", Unit::M),
    ("meter", Unit::M),
    ("meters", Unit::M),
    ("mi", Unit::Mi),
    ("mile", Unit::Mi),
    ("miles", Unit::Mi),
    ("percent", Unit::Percent),
];

/// A unit written as a word, right where `i` starts.
fn unit_word(i: &str) -> Res<'_, Unit> {
    let (rest, word) = take_while1(|c: char| c.is_ascii_alphabetic())(i)?;
    let known = UNIT_WORDS
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(word))
        .filter(|_| at_boundary(rest));
    match known {
        Some(&(_, unit)) => Ok((rest, unit)),
        None => Failure::at(i).backtrack(),
    }
}

/// `unit = "%" | "percent" | "per" "cent" | "km" | "kilometre[s]" | "kilometer[s]"
///       | "m" | "metre[s]" | "meter[s]" | "mi" | "mile[s]"`
pub fn unit(i: &str) -> Res<'_, (&str, Unit)> {
    let per_cent = |i| {
        let (rest, _) = phrase(&["per", "cent"])(i)?;
        Ok((rest, Unit::Percent))
    };
    let percent_sign = |i| tag("%")(i).map(|(rest, _)| (rest, Unit::Percent));
    let (rest, (text, unit)) = located(alt((percent_sign, per_cent, unit_word))).parse(i)?;
    Ok((rest, (text, unit)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value_of(text: &str) -> (f64, Option<Unit>, &str) {
        let line = Line::new(1, text);
        let (rest, amount) = amount(&line, text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
        (amount.number.value, amount.unit.map(|(_, unit)| unit), rest)
    }

    fn error_of(text: &str) -> crate::parse::ParseError {
        let line = Line::new(1, text);
        match amount(&line, text) {
            Err(nom::Err::Failure(f) | nom::Err::Error(f)) => f.into_error(&line),
            other => panic!("{text}: expected an error, got {other:?}"),
        }
    }

    #[test]
    fn numerals_with_separators_and_decimals() {
        assert_eq!(value_of("16"), (16.0, None, ""));
        assert_eq!(value_of("1,350"), (1350.0, None, ""));
        assert_eq!(value_of("1,350,000.5"), (1_350_000.5, None, ""));
        assert_eq!(value_of("1_350"), (1350.0, None, ""));
        assert_eq!(value_of("12.5 x"), (12.5, None, " x"));
    }

    #[test]
    fn a_comma_without_three_digits_is_not_part_of_the_number() {
        assert_eq!(value_of("1,35").2, ",35");
        assert_eq!(value_of("1,2,3").2, ",2,3");
        assert_eq!(value_of("1234,567").2, ",567");
        assert_eq!(value_of("1,2345").2, ",2345");
    }

    #[test]
    fn number_spans_cover_the_number_as_written() {
        let text = "= 1,350 km";
        let line = Line::new(4, text);
        let (_, amount) = amount(&line, &text[1..]).unwrap();
        assert_eq!(
            (
                amount.number.span.line,
                amount.number.span.col,
                amount.number.span.len
            ),
            (4, 3, 5)
        );
        let (text, unit) = amount.unit.unwrap();
        assert_eq!(
            (unit, line.span(text).col, line.span(text).len),
            (Unit::Km, 9, 2)
        );
    }

    #[test]
    fn count_words_in_any_case() {
        assert_eq!(value_of("zero").0, 0.0);
        assert_eq!(value_of("Sixteen").0, 16.0);
        assert_eq!(value_of("TWENTY").0, 20.0);
        assert_eq!(value_of("ninety").0, 90.0);
        assert_eq!(value_of("twenty-five").0, 25.0);
        assert_eq!(value_of("Twenty five").0, 25.0);
        assert_eq!(value_of("a dozen").0, 12.0);
        assert_eq!(value_of("dozen").0, 12.0);
        assert_eq!(value_of("a hundred").0, 100.0);
        assert_eq!(value_of("hundred").0, 100.0);
    }

    #[test]
    fn a_count_word_followed_by_another_word_stands_alone() {
        assert_eq!(value_of("two and"), (2.0, None, " and"));
        assert_eq!(value_of("twenty ten"), (20.0, None, " ten"));
    }

    #[test]
    fn shares_are_percentages() {
        let third = 100.0 / 3.0;
        assert_eq!(value_of("half"), (50.0, Some(Unit::Percent), ""));
        assert_eq!(value_of("a half").0, 50.0);
        assert_eq!(value_of("A third").0, third);
        assert_eq!(value_of("a quarter"), (25.0, Some(Unit::Percent), ""));
        assert_eq!(value_of("two thirds").0, 2.0 * third);
        assert_eq!(value_of("two-thirds").0, 2.0 * third);
        assert_eq!(value_of("three quarters"), (75.0, Some(Unit::Percent), ""));
    }

    #[test]
    fn units_attached_or_apart() {
        assert_eq!(value_of("25%"), (25.0, Some(Unit::Percent), ""));
        assert_eq!(value_of("25 percent").1, Some(Unit::Percent));
        assert_eq!(value_of("25 per cent").1, Some(Unit::Percent));
        assert_eq!(value_of("840mi").1, Some(Unit::Mi));
        assert_eq!(value_of("840 Miles").1, Some(Unit::Mi));
        assert_eq!(value_of("5 m").1, Some(Unit::M));
        assert_eq!(value_of("5 metres").1, Some(Unit::M));
        assert_eq!(value_of("5 kilometers").1, Some(Unit::Km));
        assert_eq!(value_of("5 minutes"), (5.0, None, " minutes"));
    }

    #[test]
    fn a_number_run_into_letters_is_an_error() {
        let error = error_of("1e999");
        assert_eq!((error.span.col, error.span.len), (1, 5));
        assert!(error.message.contains("`1e999` is not a number"));
    }

    #[test]
    fn a_number_too_large_for_a_float_is_an_error() {
        let huge = format!("1{}", "0".repeat(400));
        let error = error_of(&huge);
        assert_eq!(error.message, "this number is too large");
        assert_eq!(error.span.len, 401);
    }

    #[test]
    fn numbers_have_at_most_fifteen_digits_before_the_point() {
        assert_eq!(value_of("999,999,999,999,999.5").0, 999_999_999_999_999.5);
        let error = error_of("1,000,000,000,000,000");
        assert_eq!(error.message, "this number is too large");
        assert_eq!(error.help.as_deref(), Some(limits::HELP));
        assert_eq!(error.span.len, 21);
    }

    #[test]
    fn words_that_are_no_number_fail_without_consuming() {
        let line = Line::new(1, "a few");
        assert!(matches!(amount(&line, "a few"), Err(nom::Err::Error(_))));
        assert!(matches!(number(&line, "third"), Err(nom::Err::Error(_))));
    }
}
